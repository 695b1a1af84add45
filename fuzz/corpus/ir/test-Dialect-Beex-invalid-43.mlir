
func.func @f(%x: tensor<?x8xf32>) {
  // expected-error @+1 {{'beex.early_exit' op layer 1 must end in beex.yield}}
  %r:3 = beex.early_exit %x policy(<none>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<1xf32>) {
  ^bb0(%a: tensor<?x8xf32>):
    llvm.unreachable
  }
  return
}
