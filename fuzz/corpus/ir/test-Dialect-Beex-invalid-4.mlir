
// expected-error @+1 {{block_sparse pattern band must be >= 0, got -2}}
func.func private @f() attributes {p = #beex.block_sparse<block = 4, band = -2>}
