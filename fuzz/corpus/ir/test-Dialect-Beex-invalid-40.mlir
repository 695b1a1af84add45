
func.func @f(%x: tensor<?x8xf32>) {
  // expected-error @+1 {{'beex.early_exit' op policy min_layer = 2 exceeds the 1 layers}}
  %r:3 = beex.early_exit %x policy(<none, min_layer = 2>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<1xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    beex.yield %a : tensor<?x8xf32>
  }
  return
}
