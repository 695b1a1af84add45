
func.func @f(%q: tensor<?x8xf32>) {
  // expected-error @+1 {{'beex.attention' op attribute 'pattern' failed to satisfy constraint}}
  %o = "beex.attention"(%q, %q, %q) {num_heads = 2 : i64, pattern = #beex.pooling<mean>} : (tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>) -> tensor<?x8xf32>
  return
}
