
func.func @f(%x: tensor<?x8xf32>) {
  // expected-error @+1 {{'beex.yield' op expects parent op 'beex.early_exit'}}
  beex.yield %x : tensor<?x8xf32>
}
