// RUN: beex-opt %s --beex-pack-weights | FileCheck %s

// Packing replaces pack_signs / weight_scale of constants by constants, erases
// the latent weights nothing else uses, and leaves everything else alone.
// CHECK-LABEL: func.func @pack
// CHECK-DAG: %[[S:.*]] = arith.constant dense<{{\[}}[2], [1]]> : tensor<2x1xi64, #beex.sign_bits<2>>
// CHECK-DAG: %[[A:.*]] = arith.constant dense<[1.500000e+00, 2.500000e-01]> : tensor<2xf32>
// CHECK-NOT: tensor<2x2xf32>
// CHECK-NOT: beex.pack_signs
// CHECK-NOT: beex.weight_scale
// CHECK: %[[Y:.*]] = beex.binary_linear %{{.*}}, %[[S]], %[[A]], %{{.*}} {activations = #beex.activations<binary>}
// CHECK: %[[Z:.*]] = arith.addf %[[Y]], %[[Y]]
// CHECK: return %[[Z]]
func.func @pack(%x: tensor<?x2xf32>, %b: tensor<2xf32>) -> tensor<?x2xf32> {
  %w = arith.constant dense<[[1.0, -2.0], [-0.5, 0.0]]> : tensor<2x2xf32>
  %s = beex.pack_signs %w : tensor<2x2xf32> -> tensor<2x1xi64, #beex.sign_bits<2>>
  %a = beex.weight_scale %w {mode = #beex.scale_mode<per_channel>} : tensor<2x2xf32> -> tensor<2xf32>
  %y = beex.binary_linear %x, %s, %a, %b {activations = #beex.activations<binary>}
      : (tensor<?x2xf32>, tensor<2x1xi64, #beex.sign_bits<2>>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %z = arith.addf %y, %y : tensor<?x2xf32>
  return %z : tensor<?x2xf32>
}

// A latent weight that something else still reads stays.
// CHECK-LABEL: func.func @shared_latent
// CHECK: %[[W:.*]] = arith.constant dense<{{.*}}> : tensor<2x2xf32>
// CHECK-NOT: beex.pack_signs
// CHECK: return %{{.*}}, %[[W]]
func.func @shared_latent() -> (tensor<2x1xi64, #beex.sign_bits<2>>, tensor<2x2xf32>) {
  %w = arith.constant dense<[[1.0, -2.0], [-0.5, 0.0]]> : tensor<2x2xf32>
  %s = beex.pack_signs %w : tensor<2x2xf32> -> tensor<2x1xi64, #beex.sign_bits<2>>
  return %s, %w : tensor<2x1xi64, #beex.sign_bits<2>>, tensor<2x2xf32>
}

// Weights that are not constants stay in latent form.
// CHECK-LABEL: func.func @argument
// CHECK: beex.pack_signs %arg0
func.func @argument(%w: tensor<2x2xf32>) -> tensor<2x1xi64, #beex.sign_bits<2>> {
  %s = beex.pack_signs %w : tensor<2x2xf32> -> tensor<2x1xi64, #beex.sign_bits<2>>
  return %s : tensor<2x1xi64, #beex.sign_bits<2>>
}

// A resource blob shorter than its type holds no value of that type: nothing
// folds (found by fuzz/ir.cpp: packSigns read past the blob).
// CHECK-LABEL: func.func @short_blob
// CHECK: beex.pack_signs
func.func @short_blob() -> tensor<2x1xi64, #beex.sign_bits<2>> {
  %w = arith.constant dense_resource<short_latent> : tensor<2x2xf32>
  %s = beex.pack_signs %w : tensor<2x2xf32> -> tensor<2x1xi64, #beex.sign_bits<2>>
  return %s : tensor<2x1xi64, #beex.sign_bits<2>>
}

{-#
  dialect_resources: {
    builtin: {
      short_latent: "0x040000000000803F0000BF00000000"
    }
  }
#-}
