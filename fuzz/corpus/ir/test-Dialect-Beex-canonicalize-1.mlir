
// Ten columns in 8-bit words: the last two signs go to the second word.
// CHECK-LABEL: func.func @pack_signs_i8_two_words
// CHECK: arith.constant dense<{{\[}}[-127, 2]]> : tensor<1x2xi8, #beex.sign_bits<10>>
func.func @pack_signs_i8_two_words() -> tensor<1x2xi8, #beex.sign_bits<10>> {
  %w = arith.constant dense<[[-1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, -1.0, 1.0, -2.0]]> : tensor<1x10xf32>
  %s = beex.pack_signs %w : tensor<1x10xf32> -> tensor<1x2xi8, #beex.sign_bits<10>>
  return %s : tensor<1x2xi8, #beex.sign_bits<10>>
}
