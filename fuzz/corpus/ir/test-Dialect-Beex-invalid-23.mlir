
func.func @f(%w: tensor<4x100xf32>) {
  // expected-error @+1 {{'beex.pack_signs' op result must have N = 4 rows, got 'tensor<5x2xi64, #beex.sign_bits<100>>'}}
  %s = beex.pack_signs %w : tensor<4x100xf32> -> tensor<5x2xi64, #beex.sign_bits<100>>
  return
}
