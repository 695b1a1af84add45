
func.func @f(%x: tensor<3x100xf32>, %s: tensor<4x2xi64, #beex.sign_bits<100>>, %a: tensor<4xf32>) {
  // expected-error @+1 {{'beex.binary_linear' op result must have the input's rows and N = 4 columns, got 'tensor<2x4xf32>'}}
  %y = beex.binary_linear %x, %s, %a, %a {activations = #beex.activations<binary>}
      : (tensor<3x100xf32>, tensor<4x2xi64, #beex.sign_bits<100>>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}
