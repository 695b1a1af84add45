
// expected-error @+1 {{block_sparse pattern global block index must be >= 0, got -1}}
func.func private @f() attributes {p = #beex.block_sparse<block = 4, band = 0, global = [-1]>}
