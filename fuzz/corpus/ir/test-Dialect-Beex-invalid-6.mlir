
// expected-error @+1 {{block_sparse pattern global block indices must be sorted and unique}}
func.func private @f() attributes {p = #beex.block_sparse<block = 4, band = 0, global = [2, 2]>}
