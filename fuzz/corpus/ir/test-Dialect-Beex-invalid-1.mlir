
// expected-error @+1 {{local pattern window must be >= 0, got -1}}
func.func private @f() attributes {p = #beex.local<window = -1>}
