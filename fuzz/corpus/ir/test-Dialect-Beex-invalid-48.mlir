
func.func @f(%x: tensor<?x8xf32>, %z: tensor<2xf32>) {
  %r:3 = beex.early_exit %x policy(<none>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<1xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    // expected-error @+1 {{'beex.yield' op exit needs both logits and entropy}}
    "beex.yield"(%a, %z) {operandSegmentSizes = array<i32: 1, 1, 0>} : (tensor<?x8xf32>, tensor<2xf32>) -> ()
  }
  return
}
