
func.func @f(%w: tensor<4x100xf32>) {
  // expected-error @+1 {{'beex.pack_signs' op result packs 64 columns but the input has K = 100}}
  %s = beex.pack_signs %w : tensor<4x100xf32> -> tensor<4x2xi64, #beex.sign_bits<64>>
  return
}
