
//===----------------------------------------------------------------------===//
// Early-exit cascade
//===----------------------------------------------------------------------===//

func.func @f(%x: tensor<?x8xf32>) {
  // expected-error @+1 {{'beex.early_exit' op needs at least one layer region}}
  %r:3 = "beex.early_exit"(%x) {policy = #beex.exit_policy<none>} : (tensor<?x8xf32>) -> (tensor<2xf32>, i32, tensor<0xf32>)
  return
}
