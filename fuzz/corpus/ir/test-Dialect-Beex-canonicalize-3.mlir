
// Without a constant weight only the `none` scale folds.
// CHECK-LABEL: func.func @non_constant
// CHECK-DAG: %[[ONE:.*]] = arith.constant dense<1.000000e+00> : tensor<2xf32>
// CHECK-DAG: %[[S:.*]] = beex.pack_signs
// CHECK-DAG: %[[A:.*]] = beex.weight_scale %{{.*}} {mode = #beex.scale_mode<per_channel>}
// CHECK: return %[[S]], %[[A]], %[[ONE]]
func.func @non_constant(%w: tensor<2x2xf32>) -> (tensor<2x1xi64, #beex.sign_bits<2>>, tensor<2xf32>, tensor<2xf32>) {
  %s = beex.pack_signs %w : tensor<2x2xf32> -> tensor<2x1xi64, #beex.sign_bits<2>>
  %a = beex.weight_scale %w {mode = #beex.scale_mode<per_channel>} : tensor<2x2xf32> -> tensor<2xf32>
  %c = beex.weight_scale %w {mode = #beex.scale_mode<none>} : tensor<2x2xf32> -> tensor<2xf32>
  return %s, %a, %c : tensor<2x1xi64, #beex.sign_bits<2>>, tensor<2xf32>, tensor<2xf32>
}
