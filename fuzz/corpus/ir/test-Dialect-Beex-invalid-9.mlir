
// expected-error @+1 {{exit_policy patience must be >= 1, got 0}}
func.func private @f() attributes {p = #beex.exit_policy<patience, patience = 0>}
