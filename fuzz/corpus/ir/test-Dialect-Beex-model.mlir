// The complete 2-block example model round-trips through the custom and the
// generic syntax, and packing leaves only packed weights.
// RUN: beex-opt %beex_src_root/examples/tiny/model.mlir > %t.custom.mlir
// RUN: beex-opt %t.custom.mlir | diff %t.custom.mlir -
// RUN: beex-opt %t.custom.mlir --mlir-print-op-generic | beex-opt | diff %t.custom.mlir -
// RUN: FileCheck %s < %t.custom.mlir
// RUN: beex-opt %t.custom.mlir --beex-pack-weights | FileCheck %s --check-prefix=PACKED

// CHECK-LABEL: func.func @tiny(%{{.*}}: tensor<?xi32>) -> (tensor<2xf32>, i32, tensor<2xf32>)
// CHECK: beex.embed
// CHECK: beex.layer_norm
// CHECK: beex.early_exit %{{.*}} policy(<entropy_drop, threshold = 1.000000e-01, min_layer = 1>)
// CHECK-COUNT-3: beex.binary_linear
// CHECK: beex.attention {{.*}} heads(2) pattern(#beex.local<window = 2>)
// CHECK: beex.sigmoid
// CHECK: math.tanh
// CHECK: beex.pool
// CHECK: beex.exit_classifier
// CHECK: beex.entropy
// CHECK: beex.yield {{.*}} exit(
// CHECK: }, {
// CHECK: beex.yield {{.*}} exit(
// CHECK: return

// PACKED-NOT: beex.pack_signs
// PACKED-NOT: beex.weight_scale
// PACKED: beex.early_exit
