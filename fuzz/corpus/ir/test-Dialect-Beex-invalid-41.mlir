
func.func @f(%x: tensor<?x8xf32>, %z: tensor<2xf32>, %h: f32) {
  // expected-error @+1 {{'beex.early_exit' op entropies must have L = 1 elements, got 'tensor<2xf32>'}}
  %r:3 = beex.early_exit %x policy(<none>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<2xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    beex.yield %a exit(%z, %h) : tensor<?x8xf32>, tensor<2xf32>, f32
  }
  return
}
