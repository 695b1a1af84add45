
func.func @f(%t: tensor<5xi32>, %w: tensor<16x8xf32>, %p: tensor<4x8xf32>) {
  // expected-error @+1 {{'beex.embed' op tokens has 5 entries but the position table only P = 4 rows}}
  %x = beex.embed %t, %w, %p : tensor<5xi32>, tensor<16x8xf32>, tensor<4x8xf32> -> tensor<?x8xf32>
  return
}
