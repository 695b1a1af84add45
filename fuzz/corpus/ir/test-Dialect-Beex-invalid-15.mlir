
func.func @f(%t: tensor<3xi32>, %w: tensor<16x8xf32>, %p: tensor<4x8xf32>) {
  // expected-error @+1 {{'beex.embed' op result must have one row per token (3), got 'tensor<2x8xf32>'}}
  %x = beex.embed %t, %w, %p : tensor<3xi32>, tensor<16x8xf32>, tensor<4x8xf32> -> tensor<2x8xf32>
  return
}
