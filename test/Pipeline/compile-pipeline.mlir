// --beex-compile-pipeline, what beexc compiles with, on the hand-written
// model of examples/tiny: beex IR in, an LLVM dialect module out that is the
// whole object (kernels, forward pass, weights, descriptor); with
// stop-at-loops it stops after convert-beex-to-loops and its cleanups.
// RUN: beex-opt %beex_src_root/examples/tiny/model.mlir --beex-compile-pipeline | FileCheck %s --implicit-check-not=beex.early_exit --implicit-check-not=func.func
// RUN: beex-opt %beex_src_root/examples/tiny/model.mlir --beex-compile-pipeline="stop-at-loops=1" | FileCheck %s --check-prefix=LOOPS --implicit-check-not=llvm.func

// CHECK: llvm.mlir.global private constant @tiny_weight{{[0-9]+}}({{.*}}) {addr_space = 0 : i32, alignment = 64 : i64}
// CHECK: llvm.func @tiny_forward(%{{.*}}: !llvm.ptr, %{{.*}}: i64, %{{.*}}: !llvm.ptr, %{{.*}}: f32, %{{.*}}: i64, %{{.*}}: i32, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) -> i32
// CHECK-SAME: beex.compiled_model = #beex.compiled_model<vocab_size = 16, max_positions = 8, labels = 2, layers = 2, policy = <entropy_drop, threshold = 1.000000e-01, min_layer = 1>, scratch_bytes = {{[1-9][0-9]*}}>
// CHECK: llvm.call @beex_parallel_task(
// CHECK: llvm.call @tiny_linear_binary_8x8_0(
// CHECK: llvm.func @tiny_linear_binary_8x8_0(
// CHECK: llvm.mlir.global internal unnamed_addr constant @tiny_name("tiny\00")
// CHECK: llvm.mlir.global external constant @tiny_model() {{.*}} : !llvm.struct<"beex_model",
// CHECK: llvm.mlir.addressof @tiny_forward
// CHECK: llvm.mlir.addressof @tiny_task

// LOOPS: memref.global "private" constant @tiny_weight{{[0-9]+}}
// LOOPS: func.func @tiny_forward(%{{.*}}: memref<8xi32>, %{{.*}}: i64, %[[SCRATCH:.*]]: memref<{{[0-9]+}}xi8>, %{{.*}}: f32, %{{.*}}: i64, %{{.*}}: i32, %{{.*}}: memref<2xf32>, %{{.*}}: memref<2xf32>, %{{.*}}: memref<1xi8>) -> i32
// LOOPS-SAME: beex.compiled_model = #beex.compiled_model<vocab_size = 16,
// LOOPS: call @beex_parallel_task(
// LOOPS: memref.view %[[SCRATCH]]
// LOOPS: func.func private @tiny_task_1(
// LOOPS: call @tiny_linear_binary_8x8_0(
// LOOPS: func.func private @tiny_linear_binary_8x8_0(
// LOOPS: scf.for
// LOOPS: vector.load
// LOOPS-NOT: _model()
