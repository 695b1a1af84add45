
func.func @f(%x: tensor<?x100xf32>, %s: tensor<4x2xf32>, %a: tensor<4xf32>) {
  // expected-error @+1 {{'beex.binary_linear' op operand #1 must be statically shaped 2-D tensor of i8, i16, i32 or i64 words, but got 'tensor<4x2xf32>'}}
  %y = beex.binary_linear %x, %s, %a, %a {activations = #beex.activations<binary>}
      : (tensor<?x100xf32>, tensor<4x2xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return
}
