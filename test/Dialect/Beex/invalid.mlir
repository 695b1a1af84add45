// RUN: beex-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

// expected-error @+1 {{sign_bits needs at least one column, got 0}}
func.func private @f(tensor<1x1xi64, #beex.sign_bits<0>>)

// -----

// expected-error @+1 {{local pattern window must be >= 0, got -1}}
func.func private @f() attributes {p = #beex.local<window = -1>}

// -----

// expected-error @+1 {{strided pattern stride must be >= 1, got 0}}
func.func private @f() attributes {p = #beex.strided<stride = 0>}

// -----

// expected-error @+1 {{block_sparse pattern block must be >= 1, got 0}}
func.func private @f() attributes {p = #beex.block_sparse<block = 0, band = 1>}

// -----

// expected-error @+1 {{block_sparse pattern band must be >= 0, got -2}}
func.func private @f() attributes {p = #beex.block_sparse<block = 4, band = -2>}

// -----

// expected-error @+1 {{block_sparse pattern global block index must be >= 0, got -1}}
func.func private @f() attributes {p = #beex.block_sparse<block = 4, band = 0, global = [-1]>}

// -----

// expected-error @+1 {{block_sparse pattern global block indices must be sorted and unique}}
func.func private @f() attributes {p = #beex.block_sparse<block = 4, band = 0, global = [2, 2]>}

// -----

// expected-error @+1 {{exit_policy threshold must be finite}}
func.func private @f() attributes {p = #beex.exit_policy<entropy_below, threshold = 0x7FF0000000000000>}

// -----

// expected-error @+1 {{exit_policy min_layer must be >= 1, got 0}}
func.func private @f() attributes {p = #beex.exit_policy<entropy_drop, min_layer = 0>}

// -----

// expected-error @+1 {{exit_policy patience must be >= 1, got 0}}
func.func private @f() attributes {p = #beex.exit_policy<patience, patience = 0>}

// -----

// expected-error @+1 {{unknown exit_policy kind 'sometimes'; expected entropy_drop, entropy_below, patience or none}}
func.func private @f() attributes {p = #beex.exit_policy<sometimes>}

// -----

// expected-error @+1 {{exit_policy 'entropy_below' has no parameter 'patience'}}
func.func private @f() attributes {p = #beex.exit_policy<entropy_below, patience = 2>}

// -----

// expected-error @+1 {{exit_policy 'none' has no parameter 'threshold'}}
func.func private @f() attributes {p = #beex.exit_policy<none, threshold = 0.5>}

// -----

//===----------------------------------------------------------------------===//
// Embedding and layer norm
//===----------------------------------------------------------------------===//

func.func @f(%c: tensor<16x8xi8>, %s: tensor<16x1xbf16>) {
  // expected-error @+1 {{'beex.dequantize' op bits must be 8 or 4, got 2}}
  %w = beex.dequantize %c, %s bits(2) : tensor<16x8xi8>, tensor<16x1xbf16> -> tensor<16x8xf32>
  return
}

// -----

func.func @f(%c: tensor<16x8xi8>, %s: tensor<16x1xbf16>) {
  // expected-error @+1 {{'beex.dequantize' op codes must have 32 bytes per row for 40 columns of 4 bits, got 'tensor<16x8xi8>'}}
  %w = beex.dequantize %c, %s bits(4) : tensor<16x8xi8>, tensor<16x1xbf16> -> tensor<16x40xf32>
  return
}

// -----

func.func @f(%c: tensor<16x32xi8>, %s: tensor<16x1xbf16>) {
  // expected-error @+1 {{'beex.dequantize' op scales must have 2 per row, got 'tensor<16x1xbf16>'}}
  %w = beex.dequantize %c, %s bits(4) : tensor<16x32xi8>, tensor<16x1xbf16> -> tensor<16x40xf32>
  return
}

// -----

func.func @f(%c: tensor<15x8xi8>, %s: tensor<16x1xbf16>) {
  // expected-error @+1 {{'beex.dequantize' op codes and scales must have the result's 16 rows}}
  %w = beex.dequantize %c, %s bits(8) : tensor<15x8xi8>, tensor<16x1xbf16> -> tensor<16x8xf32>
  return
}

// -----

func.func @f(%t: tensor<?xi32>, %w: tensor<16x8xf32>, %p: tensor<4x6xf32>) {
  // expected-error @+1 {{'beex.embed' op position table must have D = 8 columns like the word table, got 'tensor<4x6xf32>'}}
  %x = beex.embed %t, %w, %p : tensor<?xi32>, tensor<16x8xf32>, tensor<4x6xf32> -> tensor<?x8xf32>
  return
}

// -----

func.func @f(%t: tensor<?xi32>, %w: tensor<16x8xf32>, %p: tensor<4x8xf32>) {
  // expected-error @+1 {{'beex.embed' op result must have D = 8 columns, got 'tensor<?x9xf32>'}}
  %x = beex.embed %t, %w, %p : tensor<?xi32>, tensor<16x8xf32>, tensor<4x8xf32> -> tensor<?x9xf32>
  return
}

// -----

func.func @f(%t: tensor<3xi32>, %w: tensor<16x8xf32>, %p: tensor<4x8xf32>) {
  // expected-error @+1 {{'beex.embed' op result must have one row per token (3), got 'tensor<2x8xf32>'}}
  %x = beex.embed %t, %w, %p : tensor<3xi32>, tensor<16x8xf32>, tensor<4x8xf32> -> tensor<2x8xf32>
  return
}

// -----

func.func @f(%t: tensor<5xi32>, %w: tensor<16x8xf32>, %p: tensor<4x8xf32>) {
  // expected-error @+1 {{'beex.embed' op tokens has 5 entries but the position table only P = 4 rows}}
  %x = beex.embed %t, %w, %p : tensor<5xi32>, tensor<16x8xf32>, tensor<4x8xf32> -> tensor<?x8xf32>
  return
}

// -----

func.func @f(%t: tensor<?xi64>, %w: tensor<16x8xf32>, %p: tensor<4x8xf32>) {
  // expected-error @+1 {{'beex.embed' op operand #0 must be 1-D tensor of i32, but got 'tensor<?xi64>'}}
  %x = beex.embed %t, %w, %p : tensor<?xi64>, tensor<16x8xf32>, tensor<4x8xf32> -> tensor<?x8xf32>
  return
}

// -----

func.func @f(%x: tensor<?x8xf32>, %g: tensor<7xf32>) {
  // expected-error @+1 {{'beex.layer_norm' op gamma must have D = 8 elements, got 'tensor<7xf32>'}}
  %y = beex.layer_norm %x, %g, %g eps(1.0e-6) : tensor<?x8xf32>, tensor<7xf32>
  return
}

// -----

func.func @f(%x: tensor<?x8xf32>, %g: tensor<8xf32>) {
  // expected-error @+1 {{'beex.layer_norm' op epsilon must be > 0, got 0}}
  %y = beex.layer_norm %x, %g, %g eps(0.0) : tensor<?x8xf32>, tensor<8xf32>
  return
}

// -----

func.func @f(%x: tensor<?x?xf32>, %g: tensor<8xf32>) {
  // expected-error @+1 {{'beex.layer_norm' op operand #0 must be 2-D tensor of f32 with static columns, but got 'tensor<?x?xf32>'}}
  %y = beex.layer_norm %x, %g, %g eps(1.0e-6) : tensor<?x?xf32>, tensor<8xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Packing and binarized linears
//===----------------------------------------------------------------------===//

func.func @f(%w: tensor<4x100xf32>) {
  // expected-error @+1 {{'beex.pack_signs' op result must be encoded with #beex.sign_bits, got 'tensor<4x2xi64>'}}
  %s = beex.pack_signs %w : tensor<4x100xf32> -> tensor<4x2xi64>
  return
}

// -----

func.func @f(%w: tensor<4x100xf32>) {
  // expected-error @+1 {{'beex.pack_signs' op result packs 64 columns but the input has K = 100}}
  %s = beex.pack_signs %w : tensor<4x100xf32> -> tensor<4x2xi64, #beex.sign_bits<64>>
  return
}

// -----

func.func @f(%w: tensor<4x100xf32>) {
  // expected-error @+1 {{'beex.pack_signs' op result must have N = 4 rows, got 'tensor<5x2xi64, #beex.sign_bits<100>>'}}
  %s = beex.pack_signs %w : tensor<4x100xf32> -> tensor<5x2xi64, #beex.sign_bits<100>>
  return
}

// -----

func.func @f(%w: tensor<4x100xf32>) {
  // expected-error @+1 {{'beex.pack_signs' op result must have ceil(100 / 32) = 4 words per row, got 'tensor<4x3xi32, #beex.sign_bits<100>>'}}
  %s = beex.pack_signs %w : tensor<4x100xf32> -> tensor<4x3xi32, #beex.sign_bits<100>>
  return
}

// -----

func.func @f(%w: tensor<4x100xf32>) {
  // expected-error @+1 {{'beex.weight_scale' op result must have N = 4 elements, got 'tensor<1xf32>'}}
  %a = beex.weight_scale %w {mode = #beex.scale_mode<per_tensor>} : tensor<4x100xf32> -> tensor<1xf32>
  return
}

// -----

func.func @f(%x: tensor<?x64xf32>, %s: tensor<4x2xi64, #beex.sign_bits<100>>, %a: tensor<4xf32>) {
  // expected-error @+1 {{'beex.binary_linear' op signs packs 100 columns but the input has K = 64}}
  %y = beex.binary_linear %x, %s, %a, %a {activations = #beex.activations<f32>}
      : (tensor<?x64xf32>, tensor<4x2xi64, #beex.sign_bits<100>>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return
}

// -----

func.func @f(%x: tensor<?x100xf32>, %s: tensor<4x2xi64, #beex.sign_bits<100>>, %a: tensor<3xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'beex.binary_linear' op alpha must have N = 4 elements, got 'tensor<3xf32>'}}
  %y = beex.binary_linear %x, %s, %a, %b {activations = #beex.activations<f32>}
      : (tensor<?x100xf32>, tensor<4x2xi64, #beex.sign_bits<100>>, tensor<3xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return
}

// -----

func.func @f(%x: tensor<?x100xf32>, %s: tensor<4x2xi64, #beex.sign_bits<100>>, %a: tensor<4xf32>, %b: tensor<5xf32>) {
  // expected-error @+1 {{'beex.binary_linear' op bias must have N = 4 elements, got 'tensor<5xf32>'}}
  %y = beex.binary_linear %x, %s, %a, %b {activations = #beex.activations<f32>}
      : (tensor<?x100xf32>, tensor<4x2xi64, #beex.sign_bits<100>>, tensor<4xf32>, tensor<5xf32>) -> tensor<?x4xf32>
  return
}

// -----

func.func @f(%x: tensor<3x100xf32>, %s: tensor<4x2xi64, #beex.sign_bits<100>>, %a: tensor<4xf32>) {
  // expected-error @+1 {{'beex.binary_linear' op result must have the input's rows and N = 4 columns, got 'tensor<2x4xf32>'}}
  %y = beex.binary_linear %x, %s, %a, %a {activations = #beex.activations<binary>}
      : (tensor<3x100xf32>, tensor<4x2xi64, #beex.sign_bits<100>>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @f(%x: tensor<?x100xf32>, %s: tensor<4x2xf32>, %a: tensor<4xf32>) {
  // expected-error @+1 {{'beex.binary_linear' op operand #1 must be statically shaped 2-D tensor of i8, i16, i32 or i64 words, but got 'tensor<4x2xf32>'}}
  %y = beex.binary_linear %x, %s, %a, %a {activations = #beex.activations<binary>}
      : (tensor<?x100xf32>, tensor<4x2xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Attention and exit heads
//===----------------------------------------------------------------------===//

func.func @f(%q: tensor<?x10xf32>) {
  // expected-error @+1 {{'beex.attention' op hidden size D = 10 must be divisible by heads(4)}}
  %o = beex.attention %q, %q, %q heads(4) pattern(#beex.dense) : tensor<?x10xf32>
  return
}

// -----

func.func @f(%q: tensor<?x8xf32>) {
  // expected-error @+1 {{'beex.attention' op attribute 'num_heads' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %o = beex.attention %q, %q, %q heads(0) pattern(#beex.dense) : tensor<?x8xf32>
  return
}

// -----

func.func @f(%q: tensor<?x8xf32>) {
  // expected-error @+1 {{'beex.attention' op attribute 'pattern' failed to satisfy constraint}}
  %o = "beex.attention"(%q, %q, %q) {num_heads = 2 : i64, pattern = #beex.pooling<mean>} : (tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>) -> tensor<?x8xf32>
  return
}

// -----

func.func @f(%x: tensor<?x8xf32>) {
  // expected-error @+1 {{'beex.pool' op result must have D = 8 elements, got 'tensor<4xf32>'}}
  %p = beex.pool %x {kind = #beex.pooling<cls>} : tensor<?x8xf32> -> tensor<4xf32>
  return
}

// -----

func.func @f(%p: tensor<8xf32>, %w: tensor<2x7xf32>, %b: tensor<2xf32>) {
  // expected-error @+1 {{'beex.exit_classifier' op weight must be [C, D] with D = 8, got 'tensor<2x7xf32>'}}
  %z = beex.exit_classifier %p, %w, %b : tensor<8xf32>, tensor<2x7xf32>, tensor<2xf32> -> tensor<2xf32>
  return
}

// -----

func.func @f(%p: tensor<8xf32>, %w: tensor<1x8xf32>, %b: tensor<1xf32>) {
  // expected-error @+1 {{'beex.exit_classifier' op weight must have C >= 2 classes, got 'tensor<1x8xf32>'}}
  %z = beex.exit_classifier %p, %w, %b : tensor<8xf32>, tensor<1x8xf32>, tensor<1xf32> -> tensor<1xf32>
  return
}

// -----

func.func @f(%p: tensor<8xf32>, %w: tensor<2x8xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'beex.exit_classifier' op bias must have C = 2 elements, got 'tensor<3xf32>'}}
  %z = beex.exit_classifier %p, %w, %b : tensor<8xf32>, tensor<2x8xf32>, tensor<3xf32> -> tensor<2xf32>
  return
}

// -----

func.func @f(%p: tensor<8xf32>, %w: tensor<2x8xf32>, %b: tensor<2xf32>) {
  // expected-error @+1 {{'beex.exit_classifier' op logits must have C = 2 elements, got 'tensor<3xf32>'}}
  %z = beex.exit_classifier %p, %w, %b : tensor<8xf32>, tensor<2x8xf32>, tensor<2xf32> -> tensor<3xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Early-exit cascade
//===----------------------------------------------------------------------===//

func.func @f(%x: tensor<?x8xf32>) {
  // expected-error @+1 {{'beex.early_exit' op needs at least one layer region}}
  %r:3 = "beex.early_exit"(%x) {policy = #beex.exit_policy<none>} : (tensor<?x8xf32>) -> (tensor<2xf32>, i32, tensor<0xf32>)
  return
}

// -----

func.func @f(%x: tensor<?x8xf32>) {
  // expected-error @+1 {{'beex.early_exit' op policy min_layer = 2 exceeds the 1 layers}}
  %r:3 = beex.early_exit %x policy(<none, min_layer = 2>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<1xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    beex.yield %a : tensor<?x8xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<?x8xf32>, %z: tensor<2xf32>, %h: f32) {
  // expected-error @+1 {{'beex.early_exit' op entropies must have L = 1 elements, got 'tensor<2xf32>'}}
  %r:3 = beex.early_exit %x policy(<none>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<2xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    beex.yield %a exit(%z, %h) : tensor<?x8xf32>, tensor<2xf32>, f32
  }
  return
}

// -----

func.func @f(%x: tensor<?x8xf32>, %y: tensor<?x4xf32>, %z: tensor<2xf32>, %h: f32) {
  // expected-error @+1 {{'beex.early_exit' op layer 1 must take one argument of type 'tensor<?x8xf32>'}}
  %r:3 = beex.early_exit %x policy(<none>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<1xf32>) {
  ^bb0(%a: tensor<?x4xf32>):
    beex.yield %x exit(%z, %h) : tensor<?x8xf32>, tensor<2xf32>, f32
  }
  return
}

// -----

func.func @f(%x: tensor<?x8xf32>) {
  // expected-error @+1 {{'beex.early_exit' op layer 1 must end in beex.yield}}
  %r:3 = beex.early_exit %x policy(<none>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<1xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    llvm.unreachable
  }
  return
}

// -----

func.func @f(%x: tensor<?x8xf32>, %y: tensor<?x4xf32>, %z: tensor<2xf32>, %h: f32) {
  %r:3 = beex.early_exit %x policy(<none>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<1xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    // expected-error @+1 {{'beex.yield' op of layer 1 yields rows of type 'tensor<?x4xf32>', expected 'tensor<?x8xf32>'}}
    beex.yield %y exit(%z, %h) : tensor<?x4xf32>, tensor<2xf32>, f32
  }
  return
}

// -----

func.func @f(%x: tensor<?x8xf32>, %z: tensor<2xf32>, %h: f32) {
  %r:3 = beex.early_exit %x policy(<entropy_drop>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<2xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    // expected-error @+1 {{'beex.yield' op of layer 1 must yield exit(logits, entropy): every layer from min_layer = 1 on has an exit head}}
    beex.yield %a : tensor<?x8xf32>
  }, {
  ^bb0(%a: tensor<?x8xf32>):
    beex.yield %a exit(%z, %h) : tensor<?x8xf32>, tensor<2xf32>, f32
  }
  return
}

// -----

func.func @f(%x: tensor<?x8xf32>, %z: tensor<2xf32>, %h: f32) {
  %r:3 = beex.early_exit %x policy(<entropy_drop, min_layer = 2>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<2xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    // expected-error @+1 {{'beex.yield' op of layer 1 is below min_layer = 2 and must not yield an exit}}
    beex.yield %a exit(%z, %h) : tensor<?x8xf32>, tensor<2xf32>, f32
  }, {
  ^bb0(%a: tensor<?x8xf32>):
    beex.yield %a exit(%z, %h) : tensor<?x8xf32>, tensor<2xf32>, f32
  }
  return
}

// -----

func.func @f(%x: tensor<?x8xf32>, %z: tensor<3xf32>, %h: f32) {
  %r:3 = beex.early_exit %x policy(<none>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<1xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    // expected-error @+1 {{'beex.yield' op of layer 1 yields logits of type 'tensor<3xf32>' but the cascade returns 'tensor<2xf32>'}}
    beex.yield %a exit(%z, %h) : tensor<?x8xf32>, tensor<3xf32>, f32
  }
  return
}

// -----

func.func @f(%x: tensor<?x8xf32>, %z: tensor<2xf32>) {
  %r:3 = beex.early_exit %x policy(<none>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<1xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    // expected-error @+1 {{'beex.yield' op exit needs both logits and entropy}}
    "beex.yield"(%a, %z) {operandSegmentSizes = array<i32: 1, 1, 0>} : (tensor<?x8xf32>, tensor<2xf32>) -> ()
  }
  return
}

// -----

// The cascade's verifier looks into its yields before the verifier reaches
// them, so it verifies them first: segment sizes beyond the operands made it
// read past them (found by fuzz/ir.cpp; fuzz/regressions/ir/).
func.func @f(%x: tensor<?x8xf32>, %z: tensor<2xf32>) {
  %r:3 = beex.early_exit %x policy(<none>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<1xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    // expected-error @+1 {{'beex.yield' op operand count (2) does not match with the total size (3) specified in attribute 'operandSegmentSizes'}}
    "beex.yield"(%a, %z) {operandSegmentSizes = array<i32: 2, 1, 0>} : (tensor<?x8xf32>, tensor<2xf32>) -> ()
  }
  return
}

// -----

func.func @f(%x: tensor<?x8xf32>) {
  // expected-error @+1 {{'beex.yield' op expects parent op 'beex.early_exit'}}
  beex.yield %x : tensor<?x8xf32>
}

//===----------------------------------------------------------------------===//
// The compiled model's facts
//===----------------------------------------------------------------------===//

// -----

// expected-error @+1 {{compiled_model labels must be >= 2, got 1}}
func.func private @m_forward() attributes {beex.compiled_model = #beex.compiled_model<vocab_size = 10, max_positions = 8, labels = 1, layers = 2, policy = <none, min_layer = 1>, scratch_bytes = 64>}

// -----

// expected-error @+1 {{compiled_model policy min_layer 3 exceeds layers 2}}
func.func private @m_forward() attributes {beex.compiled_model = #beex.compiled_model<vocab_size = 10, max_positions = 8, labels = 2, layers = 2, policy = <none, min_layer = 3>, scratch_bytes = 64>}

// -----

// expected-error @+1 {{compiled_model vocab_size must be <= 2^31 (token ids are int32), got 4294967296}}
func.func private @m_forward() attributes {beex.compiled_model = #beex.compiled_model<vocab_size = 4294967296, max_positions = 8, labels = 2, layers = 2, policy = <none, min_layer = 1>, scratch_bytes = 64>}

// -----

// expected-error @+1 {{compiled_model scratch_bytes must be >= 1, got 0}}
func.func private @m_forward() attributes {beex.compiled_model = #beex.compiled_model<vocab_size = 10, max_positions = 8, labels = 2, layers = 2, policy = <none, min_layer = 1>, scratch_bytes = 0>}

// -----

// expected-error @+1 {{'builtin.module' op 'beex.compiled_model' belongs on a function}}
module attributes {beex.compiled_model = #beex.compiled_model<vocab_size = 10, max_positions = 8, labels = 2, layers = 2, policy = <none, min_layer = 1>, scratch_bytes = 64>} {
}

// -----

// expected-error @+1 {{'func.func' op 'beex.compiled_model' must be a #beex.compiled_model}}
func.func private @m_forward() attributes {beex.compiled_model = 3 : i64}

// -----

// expected-error @+1 {{compiled_model policy threshold 1.000000e+39 is not finite in f32, which compiled code decides in}}
func.func private @m_forward() attributes {beex.compiled_model = #beex.compiled_model<vocab_size = 10, max_positions = 8, labels = 2, layers = 2, policy = <entropy_below, threshold = 1.0e39, min_layer = 1>, scratch_bytes = 64>}
