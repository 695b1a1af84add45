
func.func @f(%t: tensor<?xi32>, %w: tensor<16x8xf32>, %p: tensor<4x8xf32>) {
  // expected-error @+1 {{'beex.embed' op result must have D = 8 columns, got 'tensor<?x9xf32>'}}
  %x = beex.embed %t, %w, %p : tensor<?xi32>, tensor<16x8xf32>, tensor<4x8xf32> -> tensor<?x9xf32>
  return
}
