
// expected-error @+1 {{block_sparse pattern block must be >= 1, got 0}}
func.func private @f() attributes {p = #beex.block_sparse<block = 0, band = 1>}
