
func.func @f(%x: tensor<?x64xf32>, %s: tensor<4x2xi64, #beex.sign_bits<100>>, %a: tensor<4xf32>) {
  // expected-error @+1 {{'beex.binary_linear' op signs packs 100 columns but the input has K = 64}}
  %y = beex.binary_linear %x, %s, %a, %a {activations = #beex.activations<f32>}
      : (tensor<?x64xf32>, tensor<4x2xi64, #beex.sign_bits<100>>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return
}
