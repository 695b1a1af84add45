
// expected-error @+1 {{unknown exit_policy kind 'sometimes'; expected entropy_drop, entropy_below, patience or none}}
func.func private @f() attributes {p = #beex.exit_policy<sometimes>}
