// RUN: beex-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

// expected-error @+1 {{sign_bits needs at least one column, got 0}}
func.func private @f(tensor<1x1xi64, #beex.sign_bits<0>>)
