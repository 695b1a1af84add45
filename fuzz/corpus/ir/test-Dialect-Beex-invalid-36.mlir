
func.func @f(%p: tensor<8xf32>, %w: tensor<1x8xf32>, %b: tensor<1xf32>) {
  // expected-error @+1 {{'beex.exit_classifier' op weight must have C >= 2 classes, got 'tensor<1x8xf32>'}}
  %z = beex.exit_classifier %p, %w, %b : tensor<8xf32>, tensor<1x8xf32>, tensor<1xf32> -> tensor<1xf32>
  return
}
