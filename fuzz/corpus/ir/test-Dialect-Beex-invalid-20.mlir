
func.func @f(%x: tensor<?x?xf32>, %g: tensor<8xf32>) {
  // expected-error @+1 {{'beex.layer_norm' op operand #0 must be 2-D tensor of f32 with static columns, but got 'tensor<?x?xf32>'}}
  %y = beex.layer_norm %x, %g, %g eps(1.0e-6) : tensor<?x?xf32>, tensor<8xf32>
  return
}
