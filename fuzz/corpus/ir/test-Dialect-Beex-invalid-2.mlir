
// expected-error @+1 {{strided pattern stride must be >= 1, got 0}}
func.func private @f() attributes {p = #beex.strided<stride = 0>}
