
// expected-error @+1 {{exit_policy 'entropy_below' has no parameter 'patience'}}
func.func private @f() attributes {p = #beex.exit_policy<entropy_below, patience = 2>}
