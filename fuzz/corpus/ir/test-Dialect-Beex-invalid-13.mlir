
//===----------------------------------------------------------------------===//
// Embedding and layer norm
//===----------------------------------------------------------------------===//

func.func @f(%t: tensor<?xi32>, %w: tensor<16x8xf32>, %p: tensor<4x6xf32>) {
  // expected-error @+1 {{'beex.embed' op position table must have D = 8 columns like the word table, got 'tensor<4x6xf32>'}}
  %x = beex.embed %t, %w, %p : tensor<?xi32>, tensor<16x8xf32>, tensor<4x6xf32> -> tensor<?x8xf32>
  return
}
