
// expected-error @+1 {{exit_policy min_layer must be >= 1, got 0}}
func.func private @f() attributes {p = #beex.exit_policy<entropy_drop, min_layer = 0>}
