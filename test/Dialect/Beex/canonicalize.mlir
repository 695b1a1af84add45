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

// -----

// Ten columns in 8-bit words: the last two signs go to the second word.
// CHECK-LABEL: func.func @pack_signs_i8_two_words
// CHECK: arith.constant dense<{{\[}}[-127, 2]]> : tensor<1x2xi8, #beex.sign_bits<10>>
func.func @pack_signs_i8_two_words() -> tensor<1x2xi8, #beex.sign_bits<10>> {
  %w = arith.constant dense<[[-1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, -1.0, 1.0, -2.0]]> : tensor<1x10xf32>
  %s = beex.pack_signs %w : tensor<1x10xf32> -> tensor<1x2xi8, #beex.sign_bits<10>>
  return %s : tensor<1x2xi8, #beex.sign_bits<10>>
}

// -----

// CHECK-LABEL: func.func @weight_scales
// CHECK-DAG: %[[ROW:.*]] = arith.constant dense<[1.500000e+00, 2.500000e-01]> : tensor<2xf32>
// CHECK-DAG: %[[ALL:.*]] = arith.constant dense<8.750000e-01> : tensor<2xf32>
// CHECK-DAG: %[[ONE:.*]] = arith.constant dense<1.000000e+00> : tensor<2xf32>
// CHECK: return %[[ROW]], %[[ALL]], %[[ONE]]
func.func @weight_scales() -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %w = arith.constant dense<[[1.0, -2.0], [-0.5, 0.0]]> : tensor<2x2xf32>
  %a = beex.weight_scale %w {mode = #beex.scale_mode<per_channel>} : tensor<2x2xf32> -> tensor<2xf32>
  %b = beex.weight_scale %w {mode = #beex.scale_mode<per_tensor>} : tensor<2x2xf32> -> tensor<2xf32>
  %c = beex.weight_scale %w {mode = #beex.scale_mode<none>} : tensor<2x2xf32> -> tensor<2xf32>
  return %a, %b, %c : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}

// -----

// Without a constant weight only the `none` scale folds.
// CHECK-LABEL: func.func @non_constant
// CHECK-DAG: %[[ONE:.*]] = arith.constant dense<1.000000e+00> : tensor<2xf32>
// CHECK-DAG: %[[S:.*]] = beex.pack_signs
// CHECK-DAG: %[[A:.*]] = beex.weight_scale %{{.*}} {mode = #beex.scale_mode<per_channel>}
// CHECK: return %[[S]], %[[A]], %[[ONE]]
func.func @non_constant(%w: tensor<2x2xf32>) -> (tensor<2x1xi64, #beex.sign_bits<2>>, tensor<2xf32>, tensor<2xf32>) {
  %s = beex.pack_signs %w : tensor<2x2xf32> -> tensor<2x1xi64, #beex.sign_bits<2>>
  %a = beex.weight_scale %w {mode = #beex.scale_mode<per_channel>} : tensor<2x2xf32> -> tensor<2xf32>
  %c = beex.weight_scale %w {mode = #beex.scale_mode<none>} : tensor<2x2xf32> -> tensor<2xf32>
  return %s, %a, %c : tensor<2x1xi64, #beex.sign_bits<2>>, tensor<2xf32>, tensor<2xf32>
}

// -----

// Latent weights stored as dense resources (how the importer writes large
// tensors) fold the same way. The blob is 4-byte aligned, then 1.0, -2.0, -0.5, 0.0.
// CHECK-LABEL: func.func @resource
// CHECK: arith.constant dense<{{\[}}[2], [1]]> : tensor<2x1xi64, #beex.sign_bits<2>>
func.func @resource() -> tensor<2x1xi64, #beex.sign_bits<2>> {
  %w = arith.constant dense_resource<latent> : tensor<2x2xf32>
  %s = beex.pack_signs %w : tensor<2x2xf32> -> tensor<2x1xi64, #beex.sign_bits<2>>
  return %s : tensor<2x1xi64, #beex.sign_bits<2>>
}

{-#
  dialect_resources: {
    builtin: {
      latent: "0x040000000000803F000000C0000000BF00000000"
    }
  }
#-}
