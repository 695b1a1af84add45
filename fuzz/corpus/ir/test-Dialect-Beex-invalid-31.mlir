
//===----------------------------------------------------------------------===//
// Attention and exit heads
//===----------------------------------------------------------------------===//

func.func @f(%q: tensor<?x10xf32>) {
  // expected-error @+1 {{'beex.attention' op hidden size D = 10 must be divisible by heads(4)}}
  %o = beex.attention %q, %q, %q heads(4) pattern(#beex.dense) : tensor<?x10xf32>
  return
}
