
func.func @f(%p: tensor<8xf32>, %w: tensor<2x7xf32>, %b: tensor<2xf32>) {
  // expected-error @+1 {{'beex.exit_classifier' op weight must be [C, D] with D = 8, got 'tensor<2x7xf32>'}}
  %z = beex.exit_classifier %p, %w, %b : tensor<8xf32>, tensor<2x7xf32>, tensor<2xf32> -> tensor<2xf32>
  return
}
