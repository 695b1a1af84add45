
func.func @f(%w: tensor<4x100xf32>) {
  // expected-error @+1 {{'beex.pack_signs' op result must have ceil(100 / 32) = 4 words per row, got 'tensor<4x3xi32, #beex.sign_bits<100>>'}}
  %s = beex.pack_signs %w : tensor<4x100xf32> -> tensor<4x3xi32, #beex.sign_bits<100>>
  return
}
