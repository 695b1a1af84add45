
func.func @f(%x: tensor<?x100xf32>, %s: tensor<4x2xi64, #beex.sign_bits<100>>, %a: tensor<3xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'beex.binary_linear' op alpha must have N = 4 elements, got 'tensor<3xf32>'}}
  %y = beex.binary_linear %x, %s, %a, %b {activations = #beex.activations<f32>}
      : (tensor<?x100xf32>, tensor<4x2xi64, #beex.sign_bits<100>>, tensor<3xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return
}
