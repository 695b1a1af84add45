// RUN: beex-opt %s -split-input-file -verify-diagnostics --convert-beex-to-loops

// A model function that is not in the form the compiler lowers gets an error
// naming the function and what is wrong; ops the kernels do not cover name
// themselves.

// expected-error @+1 {{cannot compile @two_args: a model function takes one tensor<?xi32> of token ids}}
func.func @two_args(%t: tensor<?xi32>, %u: tensor<?xi32>) -> (tensor<2xf32>, i32, tensor<1xf32>) {
  %w = arith.constant dense<0.5> : tensor<4x8xf32>
  %p = arith.constant dense<0.1> : tensor<3x8xf32>
  %cw = arith.constant dense<0.2> : tensor<2x8xf32>
  %cb = arith.constant dense<0.0> : tensor<2xf32>
  %x = beex.embed %t, %w, %p : tensor<?xi32>, tensor<4x8xf32>, tensor<3x8xf32> -> tensor<?x8xf32>
  %r:3 = beex.early_exit %x policy(<none>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<1xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    %pool = beex.pool %a {kind = #beex.pooling<mean>} : tensor<?x8xf32> -> tensor<8xf32>
    %z = beex.exit_classifier %pool, %cw, %cb : tensor<8xf32>, tensor<2x8xf32>, tensor<2xf32> -> tensor<2xf32>
    %h = beex.entropy %z : tensor<2xf32>
    beex.yield %a exit(%z, %h) : tensor<?x8xf32>, tensor<2xf32>, f32
  }
  return %r#0, %r#1, %r#2 : tensor<2xf32>, i32, tensor<1xf32>
}

// -----

// expected-error @+1 {{cannot compile @partial: it must return the three results of its beex.early_exit}}
func.func @partial(%t: tensor<?xi32>) -> (tensor<2xf32>, i32) {
  %w = arith.constant dense<0.5> : tensor<4x8xf32>
  %p = arith.constant dense<0.1> : tensor<3x8xf32>
  %cw = arith.constant dense<0.2> : tensor<2x8xf32>
  %cb = arith.constant dense<0.0> : tensor<2xf32>
  %x = beex.embed %t, %w, %p : tensor<?xi32>, tensor<4x8xf32>, tensor<3x8xf32> -> tensor<?x8xf32>
  %r:3 = beex.early_exit %x policy(<none>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<1xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    %pool = beex.pool %a {kind = #beex.pooling<mean>} : tensor<?x8xf32> -> tensor<8xf32>
    %z = beex.exit_classifier %pool, %cw, %cb : tensor<8xf32>, tensor<2x8xf32>, tensor<2xf32> -> tensor<2xf32>
    %h = beex.entropy %z : tensor<2xf32>
    beex.yield %a exit(%z, %h) : tensor<?x8xf32>, tensor<2xf32>, f32
  }
  return %r#0, %r#1 : tensor<2xf32>, i32
}

// -----

// expected-error @+1 {{cannot compile @constant_tokens: the token ids must go through one beex.embed}}
func.func @constant_tokens(%t: tensor<?xi32>) -> (tensor<2xf32>, i32, tensor<1xf32>) {
  %ids = arith.constant dense<1> : tensor<2xi32>
  %w = arith.constant dense<0.5> : tensor<4x8xf32>
  %p = arith.constant dense<0.1> : tensor<3x8xf32>
  %cw = arith.constant dense<0.2> : tensor<2x8xf32>
  %cb = arith.constant dense<0.0> : tensor<2xf32>
  %e = beex.embed %ids, %w, %p : tensor<2xi32>, tensor<4x8xf32>, tensor<3x8xf32> -> tensor<2x8xf32>
  %x = tensor.cast %e : tensor<2x8xf32> to tensor<?x8xf32>
  %r:3 = beex.early_exit %x policy(<none>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<1xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    %pool = beex.pool %a {kind = #beex.pooling<mean>} : tensor<?x8xf32> -> tensor<8xf32>
    %z = beex.exit_classifier %pool, %cw, %cb : tensor<8xf32>, tensor<2x8xf32>, tensor<2xf32> -> tensor<2xf32>
    %h = beex.entropy %z : tensor<2xf32>
    beex.yield %a exit(%z, %h) : tensor<?x8xf32>, tensor<2xf32>, f32
  }
  return %r#0, %r#1, %r#2 : tensor<2xf32>, i32, tensor<1xf32>
}

// -----

func.func @narrow_words(%t: tensor<?xi32>) -> (tensor<2xf32>, i32, tensor<1xf32>) {
  %w = arith.constant dense<0.5> : tensor<4x8xf32>
  %p = arith.constant dense<0.1> : tensor<3x8xf32>
  %s = arith.constant dense<0> : tensor<8x1xi32, #beex.sign_bits<8>>
  %b = arith.constant dense<0.0> : tensor<8xf32>
  %cw = arith.constant dense<0.2> : tensor<2x8xf32>
  %cb = arith.constant dense<0.0> : tensor<2xf32>
  %x = beex.embed %t, %w, %p : tensor<?xi32>, tensor<4x8xf32>, tensor<3x8xf32> -> tensor<?x8xf32>
  %r:3 = beex.early_exit %x policy(<none>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<1xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    // expected-error @+1 {{'beex.binary_linear' op cannot be compiled: signs must be packed in i64 words}}
    %y = beex.binary_linear %a, %s, %b, %b {activations = #beex.activations<binary>}
        : (tensor<?x8xf32>, tensor<8x1xi32, #beex.sign_bits<8>>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
    %pool = beex.pool %y {kind = #beex.pooling<mean>} : tensor<?x8xf32> -> tensor<8xf32>
    %z = beex.exit_classifier %pool, %cw, %cb : tensor<8xf32>, tensor<2x8xf32>, tensor<2xf32> -> tensor<2xf32>
    %h = beex.entropy %z : tensor<2xf32>
    beex.yield %a exit(%z, %h) : tensor<?x8xf32>, tensor<2xf32>, f32
  }
  return %r#0, %r#1, %r#2 : tensor<2xf32>, i32, tensor<1xf32>
}

// -----

func.func @unsupported_op(%t: tensor<?xi32>) -> (tensor<2xf32>, i32, tensor<1xf32>) {
  %w = arith.constant dense<0.5> : tensor<4x8xf32>
  %p = arith.constant dense<0.1> : tensor<3x8xf32>
  %cw = arith.constant dense<0.2> : tensor<2x8xf32>
  %cb = arith.constant dense<0.0> : tensor<2xf32>
  %x = beex.embed %t, %w, %p : tensor<?xi32>, tensor<4x8xf32>, tensor<3x8xf32> -> tensor<?x8xf32>
  %r:3 = beex.early_exit %x policy(<none>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<1xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    // expected-error @+1 {{'arith.subf' op cannot be compiled by convert-beex-to-loops}}
    %d = arith.subf %a, %a : tensor<?x8xf32>
    %pool = beex.pool %d {kind = #beex.pooling<mean>} : tensor<?x8xf32> -> tensor<8xf32>
    %z = beex.exit_classifier %pool, %cw, %cb : tensor<8xf32>, tensor<2x8xf32>, tensor<2xf32> -> tensor<2xf32>
    %h = beex.entropy %z : tensor<2xf32>
    beex.yield %a exit(%z, %h) : tensor<?x8xf32>, tensor<2xf32>, f32
  }
  return %r#0, %r#1, %r#2 : tensor<2xf32>, i32, tensor<1xf32>
}

// -----

func.func @scalar_constant(%t: tensor<?xi32>) -> (tensor<2xf32>, i32, tensor<1xf32>) {
  // expected-error @+1 {{'arith.constant' op cannot be compiled: only tensor constants are}}
  %one = arith.constant 1.0 : f32
  %w = arith.constant dense<0.5> : tensor<4x8xf32>
  %p = arith.constant dense<0.1> : tensor<3x8xf32>
  %cw = arith.constant dense<0.2> : tensor<2x8xf32>
  %cb = arith.constant dense<0.0> : tensor<2xf32>
  %x = beex.embed %t, %w, %p : tensor<?xi32>, tensor<4x8xf32>, tensor<3x8xf32> -> tensor<?x8xf32>
  %r:3 = beex.early_exit %x policy(<none>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<1xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    %pool = beex.pool %a {kind = #beex.pooling<mean>} : tensor<?x8xf32> -> tensor<8xf32>
    %z = beex.exit_classifier %pool, %cw, %cb : tensor<8xf32>, tensor<2x8xf32>, tensor<2xf32> -> tensor<2xf32>
    %h = beex.entropy %z : tensor<2xf32>
    beex.yield %a exit(%z, %h) : tensor<?x8xf32>, tensor<2xf32>, f32
  }
  return %r#0, %r#1, %r#2 : tensor<2xf32>, i32, tensor<1xf32>
}

// -----

func.func @dequantized_elsewhere(%t: tensor<?xi32>) -> (tensor<2xf32>, i32, tensor<1xf32>) {
  %c = arith.constant dense<1> : tensor<2x8xi8>
  %s = arith.constant dense<1.0> : tensor<2x1xbf16>
  // expected-error @+1 {{'beex.dequantize' op cannot be compiled: it must dequantize constants for beex.embed only}}
  %cw = beex.dequantize %c, %s bits(8) : tensor<2x8xi8>, tensor<2x1xbf16> -> tensor<2x8xf32>
  %w = arith.constant dense<0.5> : tensor<4x8xf32>
  %p = arith.constant dense<0.1> : tensor<3x8xf32>
  %cb = arith.constant dense<0.0> : tensor<2xf32>
  %x = beex.embed %t, %w, %p : tensor<?xi32>, tensor<4x8xf32>, tensor<3x8xf32> -> tensor<?x8xf32>
  %r:3 = beex.early_exit %x policy(<none>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<1xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    %pool = beex.pool %a {kind = #beex.pooling<mean>} : tensor<?x8xf32> -> tensor<8xf32>
    %z = beex.exit_classifier %pool, %cw, %cb : tensor<8xf32>, tensor<2x8xf32>, tensor<2xf32> -> tensor<2xf32>
    %h = beex.entropy %z : tensor<2xf32>
    beex.yield %a exit(%z, %h) : tensor<?x8xf32>, tensor<2xf32>, f32
  }
  return %r#0, %r#1, %r#2 : tensor<2xf32>, i32, tensor<1xf32>
}
