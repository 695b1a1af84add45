
func.func @f(%x: tensor<?x8xf32>, %z: tensor<3xf32>, %h: f32) {
  %r:3 = beex.early_exit %x policy(<none>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<1xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    // expected-error @+1 {{'beex.yield' op of layer 1 yields logits of type 'tensor<3xf32>' but the cascade returns 'tensor<2xf32>'}}
    beex.yield %a exit(%z, %h) : tensor<?x8xf32>, tensor<3xf32>, f32
  }
  return
}
