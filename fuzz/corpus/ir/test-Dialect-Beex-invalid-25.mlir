
func.func @f(%w: tensor<4x100xf32>) {
  // expected-error @+1 {{'beex.weight_scale' op result must have N = 4 elements, got 'tensor<1xf32>'}}
  %a = beex.weight_scale %w {mode = #beex.scale_mode<per_tensor>} : tensor<4x100xf32> -> tensor<1xf32>
  return
}
