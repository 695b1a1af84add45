
// expected-error @+1 {{exit_policy 'none' has no parameter 'threshold'}}
func.func private @f() attributes {p = #beex.exit_policy<none, threshold = 0.5>}
