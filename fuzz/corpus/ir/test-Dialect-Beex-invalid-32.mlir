
func.func @f(%q: tensor<?x8xf32>) {
  // expected-error @+1 {{'beex.attention' op attribute 'num_heads' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %o = beex.attention %q, %q, %q heads(0) pattern(#beex.dense) : tensor<?x8xf32>
  return
}
