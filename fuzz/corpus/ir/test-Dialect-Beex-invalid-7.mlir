
// expected-error @+1 {{exit_policy threshold must be finite}}
func.func private @f() attributes {p = #beex.exit_policy<entropy_below, threshold = 0x7FF0000000000000>}
