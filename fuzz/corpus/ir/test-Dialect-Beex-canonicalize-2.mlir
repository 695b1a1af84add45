
// CHECK-LABEL: func.func @weight_scales
// CHECK-DAG: %[[ROW:.*]] = arith.constant dense<[1.500000e+00, 2.500000e-01]> : tensor<2xf32>
// CHECK-DAG: %[[ALL:.*]] = arith.constant dense<8.750000e-01> : tensor<2xf32>
// CHECK-DAG: %[[ONE:.*]] = arith.constant dense<1.000000e+00> : tensor<2xf32>
// CHECK: return %[[ROW]], %[[ALL]], %[[ONE]]
func.func @weight_scales() -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %w = arith.constant dense<[[1.0, -2.0], [-0.5, 0.0]]> : tensor<2x2xf32>
  %a = beex.weight_scale %w {mode = #beex.scale_mode<per_channel>} : tensor<2x2xf32> -> tensor<2xf32>
  %b = beex.weight_scale %w {mode = #beex.scale_mode<per_tensor>} : tensor<2x2xf32> -> tensor<2xf32>
  %c = beex.weight_scale %w {mode = #beex.scale_mode<none>} : tensor<2x2xf32> -> tensor<2xf32>
  return %a, %b, %c : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}
