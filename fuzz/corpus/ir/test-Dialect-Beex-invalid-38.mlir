
func.func @f(%p: tensor<8xf32>, %w: tensor<2x8xf32>, %b: tensor<2xf32>) {
  // expected-error @+1 {{'beex.exit_classifier' op logits must have C = 2 elements, got 'tensor<3xf32>'}}
  %z = beex.exit_classifier %p, %w, %b : tensor<8xf32>, tensor<2x8xf32>, tensor<2xf32> -> tensor<3xf32>
  return
}
