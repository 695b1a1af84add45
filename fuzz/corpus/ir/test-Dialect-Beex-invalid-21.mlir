
//===----------------------------------------------------------------------===//
// Packing and binarized linears
//===----------------------------------------------------------------------===//

func.func @f(%w: tensor<4x100xf32>) {
  // expected-error @+1 {{'beex.pack_signs' op result must be encoded with #beex.sign_bits, got 'tensor<4x2xi64>'}}
  %s = beex.pack_signs %w : tensor<4x100xf32> -> tensor<4x2xi64>
  return
}
