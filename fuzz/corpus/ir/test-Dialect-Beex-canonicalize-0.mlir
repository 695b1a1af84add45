// RUN: beex-opt %s -canonicalize -split-input-file | FileCheck %s

// Bit k of a row is set when column k is negative; zero and -0.0 are positive;
// padding bits stay clear.
// CHECK-LABEL: func.func @pack_signs_i64
// CHECK: %[[S:.*]] = arith.constant dense<{{\[}}[3], [5]]> : tensor<2x1xi64, #beex.sign_bits<3>>
// CHECK-NOT: beex.pack_signs
// CHECK: return %[[S]]
func.func @pack_signs_i64() -> tensor<2x1xi64, #beex.sign_bits<3>> {
  %w = arith.constant dense<[[-1.0, -2.0, -0.0], [-0.5, 0.0, -3.0]]> : tensor<2x3xf32>
  %s = beex.pack_signs %w : tensor<2x3xf32> -> tensor<2x1xi64, #beex.sign_bits<3>>
  return %s : tensor<2x1xi64, #beex.sign_bits<3>>
}
