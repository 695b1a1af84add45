
func.func @f(%x: tensor<?x8xf32>, %g: tensor<8xf32>) {
  // expected-error @+1 {{'beex.layer_norm' op epsilon must be > 0, got 0}}
  %y = beex.layer_norm %x, %g, %g eps(0.0) : tensor<?x8xf32>, tensor<8xf32>
  return
}
