// RUN: beex-opt %s | beex-opt | FileCheck %s
// RUN: beex-opt %s --mlir-print-op-generic | beex-opt | FileCheck %s

// CHECK-LABEL: func.func @embed_and_norm
// CHECK-SAME: (%[[T:.*]]: tensor<?xi32>, %[[W:.*]]: tensor<16x8xf32>, %[[P:.*]]: tensor<4x8xf32>, %[[G:.*]]: tensor<8xf32>, %[[B:.*]]: tensor<8xf32>)
func.func @embed_and_norm(%t: tensor<?xi32>, %w: tensor<16x8xf32>, %p: tensor<4x8xf32>,
                          %g: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<?x8xf32> {
  // CHECK: %[[X:.*]] = beex.embed %[[T]], %[[W]], %[[P]] : tensor<?xi32>, tensor<16x8xf32>, tensor<4x8xf32> -> tensor<?x8xf32>
  %x = beex.embed %t, %w, %p : tensor<?xi32>, tensor<16x8xf32>, tensor<4x8xf32> -> tensor<?x8xf32>
  // CHECK: beex.layer_norm %[[X]], %[[G]], %[[B]] eps(9.99999997E-7) : tensor<?x8xf32>, tensor<8xf32>
  %y = beex.layer_norm %x, %g, %b eps(1.0e-6) : tensor<?x8xf32>, tensor<8xf32>
  return %y : tensor<?x8xf32>
}

// CHECK-LABEL: func.func @quantized_tables
func.func @quantized_tables(%t: tensor<?xi32>, %wc: tensor<16x32xi8>, %ws: tensor<16x2xbf16>,
                            %pc: tensor<4x40xi8>, %ps: tensor<4x1xbf16>) -> tensor<?x40xf32> {
  // CHECK: %[[W:.*]] = beex.dequantize %{{.*}}, %{{.*}} bits(4) : tensor<16x32xi8>, tensor<16x2xbf16> -> tensor<16x40xf32>
  %w = beex.dequantize %wc, %ws bits(4) : tensor<16x32xi8>, tensor<16x2xbf16> -> tensor<16x40xf32>
  // CHECK: %[[P:.*]] = beex.dequantize %{{.*}}, %{{.*}} bits(8) : tensor<4x40xi8>, tensor<4x1xbf16> -> tensor<4x40xf32>
  %p = beex.dequantize %pc, %ps bits(8) : tensor<4x40xi8>, tensor<4x1xbf16> -> tensor<4x40xf32>
  // CHECK: beex.embed %{{.*}}, %[[W]], %[[P]]
  %x = beex.embed %t, %w, %p : tensor<?xi32>, tensor<16x40xf32>, tensor<4x40xf32> -> tensor<?x40xf32>
  return %x : tensor<?x40xf32>
}

// CHECK-LABEL: func.func @static_rows
func.func @static_rows(%t: tensor<3xi32>, %w: tensor<16x8xf32>, %p: tensor<4x8xf32>) -> tensor<3x8xf32> {
  // CHECK: beex.embed {{.*}} : tensor<3xi32>, tensor<16x8xf32>, tensor<4x8xf32> -> tensor<3x8xf32>
  %x = beex.embed %t, %w, %p : tensor<3xi32>, tensor<16x8xf32>, tensor<4x8xf32> -> tensor<3x8xf32>
  return %x : tensor<3x8xf32>
}

// CHECK-LABEL: func.func @packing
func.func @packing(%w: tensor<4x100xf32>) {
  // CHECK: beex.pack_signs %{{.*}} : tensor<4x100xf32> -> tensor<4x2xi64, #beex.sign_bits<100>>
  %s64 = beex.pack_signs %w : tensor<4x100xf32> -> tensor<4x2xi64, #beex.sign_bits<100>>
  // CHECK: beex.pack_signs %{{.*}} : tensor<4x100xf32> -> tensor<4x4xi32, #beex.sign_bits<100>>
  %s32 = beex.pack_signs %w : tensor<4x100xf32> -> tensor<4x4xi32, #beex.sign_bits<100>>
  // CHECK: beex.pack_signs %{{.*}} : tensor<4x100xf32> -> tensor<4x7xi16, #beex.sign_bits<100>>
  %s16 = beex.pack_signs %w : tensor<4x100xf32> -> tensor<4x7xi16, #beex.sign_bits<100>>
  // CHECK: beex.pack_signs %{{.*}} : tensor<4x100xf32> -> tensor<4x13xi8, #beex.sign_bits<100>>
  %s8 = beex.pack_signs %w : tensor<4x100xf32> -> tensor<4x13xi8, #beex.sign_bits<100>>
  // CHECK: beex.weight_scale %{{.*}} {mode = #beex.scale_mode<per_channel>}
  %a = beex.weight_scale %w {mode = #beex.scale_mode<per_channel>} : tensor<4x100xf32> -> tensor<4xf32>
  // CHECK: beex.weight_scale %{{.*}} {mode = #beex.scale_mode<per_tensor>}
  %b = beex.weight_scale %w {mode = #beex.scale_mode<per_tensor>} : tensor<4x100xf32> -> tensor<4xf32>
  // CHECK: beex.weight_scale %{{.*}} {mode = #beex.scale_mode<none>}
  %c = beex.weight_scale %w {mode = #beex.scale_mode<none>} : tensor<4x100xf32> -> tensor<4xf32>
  return
}

// CHECK-LABEL: func.func @linears
func.func @linears(%x: tensor<?x100xf32>, %s: tensor<4x2xi64, #beex.sign_bits<100>>,
                   %s8: tensor<4x13xi8, #beex.sign_bits<100>>, %a: tensor<4xf32>, %b: tensor<4xf32>) {
  // CHECK: beex.binary_linear {{.*}} {activations = #beex.activations<f32>} : (tensor<?x100xf32>, tensor<4x2xi64, #beex.sign_bits<100>>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  %0 = beex.binary_linear %x, %s, %a, %b {activations = #beex.activations<f32>}
      : (tensor<?x100xf32>, tensor<4x2xi64, #beex.sign_bits<100>>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  // CHECK: {activations = #beex.activations<int8>}
  %1 = beex.binary_linear %x, %s, %a, %b {activations = #beex.activations<int8>}
      : (tensor<?x100xf32>, tensor<4x2xi64, #beex.sign_bits<100>>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  // CHECK: {activations = #beex.activations<binary>} : (tensor<?x100xf32>, tensor<4x13xi8, #beex.sign_bits<100>>
  %2 = beex.binary_linear %x, %s8, %a, %b {activations = #beex.activations<binary>}
      : (tensor<?x100xf32>, tensor<4x13xi8, #beex.sign_bits<100>>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return
}

// CHECK-LABEL: func.func @attention_patterns
func.func @attention_patterns(%q: tensor<?x8xf32>) {
  // CHECK: beex.attention %{{.*}}, %{{.*}}, %{{.*}} heads(2) pattern(#beex.dense) : tensor<?x8xf32>
  %0 = beex.attention %q, %q, %q heads(2) pattern(#beex.dense) : tensor<?x8xf32>
  // CHECK: heads(1) pattern(#beex.local<window = 0>)
  %1 = beex.attention %q, %q, %q heads(1) pattern(#beex.local<window = 0>) : tensor<?x8xf32>
  // CHECK: heads(8) pattern(#beex.strided<stride = 1>)
  %2 = beex.attention %q, %q, %q heads(8) pattern(#beex.strided<stride = 1>) : tensor<?x8xf32>
  // CHECK: heads(4) pattern(#beex.block_sparse<block = 16, band = 0>)
  %3 = beex.attention %q, %q, %q heads(4) pattern(#beex.block_sparse<block = 16, band = 0>) : tensor<?x8xf32>
  // CHECK: heads(4) pattern(#beex.block_sparse<block = 1, band = 2, global = [0, 3]>)
  %4 = beex.attention %q, %q, %q heads(4) pattern(#beex.block_sparse<block = 1, band = 2, global = [0, 3]>) : tensor<?x8xf32>
  return
}

// CHECK-LABEL: func.func @slfn_and_head
func.func @slfn_and_head(%x: tensor<?x8xf32>, %w: tensor<3x8xf32>, %b: tensor<3xf32>) -> f32 {
  // CHECK: beex.sigmoid %{{.*}} : tensor<?x8xf32>
  %g = beex.sigmoid %x : tensor<?x8xf32>
  // CHECK: beex.pool %{{.*}} {kind = #beex.pooling<mean>} : tensor<?x8xf32> -> tensor<8xf32>
  %m = beex.pool %g {kind = #beex.pooling<mean>} : tensor<?x8xf32> -> tensor<8xf32>
  // CHECK: beex.pool %{{.*}} {kind = #beex.pooling<cls>}
  %c = beex.pool %g {kind = #beex.pooling<cls>} : tensor<?x8xf32> -> tensor<8xf32>
  // CHECK: %[[Z:.*]] = beex.exit_classifier %{{.*}} : tensor<8xf32>, tensor<3x8xf32>, tensor<3xf32> -> tensor<3xf32>
  %z = beex.exit_classifier %m, %w, %b : tensor<8xf32>, tensor<3x8xf32>, tensor<3xf32> -> tensor<3xf32>
  // CHECK: beex.entropy %[[Z]] : tensor<3xf32>
  %h = beex.entropy %z : tensor<3xf32>
  return %h : f32
}

// Layer 1 is below min_layer = 2 and yields no exit; layer 2 has an exit head.
// CHECK-LABEL: func.func @cascade
func.func @cascade(%x: tensor<?x8xf32>, %z: tensor<2xf32>, %h: f32) -> (tensor<2xf32>, i32, tensor<2xf32>) {
  // CHECK: beex.early_exit %{{.*}} policy(<entropy_below, threshold = 2.500000e-01, min_layer = 2>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<2xf32>) {
  // CHECK: ^bb0(%[[A:.*]]: tensor<?x8xf32>):
  // CHECK:   beex.yield %[[A]] : tensor<?x8xf32>
  // CHECK: }, {
  // CHECK:   beex.yield %{{.*}} exit(%{{.*}}, %{{.*}}) : tensor<?x8xf32>, tensor<2xf32>, f32
  %r:3 = beex.early_exit %x policy(<entropy_below, threshold = 0.25, min_layer = 2>)
      : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<2xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    beex.yield %a : tensor<?x8xf32>
  }, {
  ^bb0(%a: tensor<?x8xf32>):
    beex.yield %a exit(%z, %h) : tensor<?x8xf32>, tensor<2xf32>, f32
  }
  return %r#0, %r#1, %r#2 : tensor<2xf32>, i32, tensor<2xf32>
}

// CHECK-LABEL: func.func @policies
func.func @policies(%x: tensor<?x8xf32>, %z: tensor<2xf32>, %h: f32) {
  // CHECK: policy(<entropy_drop, threshold = 1.000000e-01, min_layer = 1>)
  %0:3 = beex.early_exit %x policy(<entropy_drop>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<1xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    beex.yield %a exit(%z, %h) : tensor<?x8xf32>, tensor<2xf32>, f32
  }
  // CHECK: policy(<patience, patience = 3, min_layer = 1>)
  %1:3 = beex.early_exit %x policy(<patience, patience = 3>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<1xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    beex.yield %a exit(%z, %h) : tensor<?x8xf32>, tensor<2xf32>, f32
  }
  // CHECK: policy(<none, min_layer = 1>)
  %2:3 = beex.early_exit %x policy(<none>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<1xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    beex.yield %a exit(%z, %h) : tensor<?x8xf32>, tensor<2xf32>, f32
  }
  // CHECK: policy(<entropy_drop, threshold = -5.000000e-01, min_layer = 1>)
  %3:3 = beex.early_exit %x policy(<entropy_drop, min_layer = 1, threshold = -0.5>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<1xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    beex.yield %a exit(%z, %h) : tensor<?x8xf32>, tensor<2xf32>, f32
  }
  return
}

// Packed constants keep their encoding.
// CHECK-LABEL: func.func @packed_constant
func.func @packed_constant() -> tensor<2x1xi64, #beex.sign_bits<3>> {
  // CHECK: arith.constant dense<{{\[}}[5], [0]]> : tensor<2x1xi64, #beex.sign_bits<3>>
  %c = arith.constant dense<[[5], [0]]> : tensor<2x1xi64, #beex.sign_bits<3>>
  return %c : tensor<2x1xi64, #beex.sign_bits<3>>
}

// The facts convert-beex-to-loops records on a forward function.
// CHECK-LABEL: func.func private @m_forward
// CHECK-SAME: beex.compiled_model = #beex.compiled_model<vocab_size = 30522, max_positions = 128, labels = 2, layers = 12, policy = <entropy_below, threshold = 6.000000e-01, min_layer = 2>, scratch_bytes = 1048576>
func.func private @m_forward() attributes {beex.compiled_model = #beex.compiled_model<vocab_size = 30522, max_positions = 128, labels = 2, layers = 12, policy = #beex.exit_policy<entropy_below, threshold = 0.6, min_layer = 2>, scratch_bytes = 1048576>}
