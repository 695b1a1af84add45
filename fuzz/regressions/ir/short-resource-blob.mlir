
// Latent weights stored as dense resources (how the importer writes large
// tensors) fold the same way. The blob is 4-byte aligned, then 1.0, -2.0, -0.5, 0.0.
// CHECK-LABEL: func.func @resource
// CHECK: arith.constant dense<{{\[}}[2], [1]]> : tensor<2x1xi64, #beex.sign_bits<2>>
func.func @resource() -> tensor<2x1xi64, #beex.sign_bits<2>> {
  %w = arith.constant dense_resource<latent> : tensor<2x2xf32>
  %s = beex.pack_signs %w : tensor<2x2xf32> -> tensor<2x1xi64, #beex.sign_bits<2>>
  return %s : tensor<2x1xi64, #beex.sign_bits<2>>
}

{-#
  dialect_resources: {
    builtin: {
      latent: "0x040000000000803F0000BF00000000"
    }
  }
#-}
