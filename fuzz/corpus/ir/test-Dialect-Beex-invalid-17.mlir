
func.func @f(%t: tensor<?xi64>, %w: tensor<16x8xf32>, %p: tensor<4x8xf32>) {
  // expected-error @+1 {{'beex.embed' op operand #0 must be 1-D tensor of i32, but got 'tensor<?xi64>'}}
  %x = beex.embed %t, %w, %p : tensor<?xi64>, tensor<16x8xf32>, tensor<4x8xf32> -> tensor<?x8xf32>
  return
}
