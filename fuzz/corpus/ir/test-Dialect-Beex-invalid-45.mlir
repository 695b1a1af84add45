
func.func @f(%x: tensor<?x8xf32>, %z: tensor<2xf32>, %h: f32) {
  %r:3 = beex.early_exit %x policy(<entropy_drop>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<2xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    // expected-error @+1 {{'beex.yield' op of layer 1 must yield exit(logits, entropy): every layer from min_layer = 1 on has an exit head}}
    beex.yield %a : tensor<?x8xf32>
  }, {
  ^bb0(%a: tensor<?x8xf32>):
    beex.yield %a exit(%z, %h) : tensor<?x8xf32>, tensor<2xf32>, f32
  }
  return
}
