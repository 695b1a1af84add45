
func.func @f(%x: tensor<?x8xf32>) {
  // expected-error @+1 {{'beex.pool' op result must have D = 8 elements, got 'tensor<4xf32>'}}
  %p = beex.pool %x {kind = #beex.pooling<cls>} : tensor<?x8xf32> -> tensor<4xf32>
  return
}
