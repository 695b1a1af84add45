
func.func @f(%x: tensor<?x8xf32>, %g: tensor<7xf32>) {
  // expected-error @+1 {{'beex.layer_norm' op gamma must have D = 8 elements, got 'tensor<7xf32>'}}
  %y = beex.layer_norm %x, %g, %g eps(1.0e-6) : tensor<?x8xf32>, tensor<7xf32>
  return
}
