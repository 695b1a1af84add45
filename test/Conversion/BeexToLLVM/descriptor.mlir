// RUN: beex-opt %s -convert-beex-to-llvm -split-input-file -verify-diagnostics | FileCheck %s

// A forward function with its facts, its task function and a module vocabulary of 6 pieces
// ([PAD] [UNK] [CLS] [SEP] ab ##c) become the descriptor and the tables
// runtime.h declares; the vocabulary attribute is gone.

// CHECK: module {
// CHECK-DAG: llvm.mlir.global internal unnamed_addr constant @tiny_name("tiny\00")
// CHECK-DAG: llvm.mlir.global internal unnamed_addr constant @tiny_piece_offsets(dense<[0, 5, 10, 15, 20, 22, 25]> : tensor<7xi32>) {{.*}} : !llvm.array<7 x i32>
// The ids in byte order: "##c" < "[CLS]" < "[PAD]" < "[SEP]" < "[UNK]" < "ab".
// CHECK-DAG: llvm.mlir.global internal unnamed_addr constant @tiny_pieces_sorted(dense<[5, 2, 0, 3, 1, 4]> : tensor<6xi32>)
// CHECK-DAG: llvm.mlir.global internal unnamed_addr constant @tiny_piece_bytes("[PAD][UNK][CLS][SEP]ab##c")
// CHECK-LABEL: llvm.mlir.global internal constant @tiny_vocabulary() {{.*}} : !llvm.struct<"beex_vocabulary", (i32, i32, i32, i32, ptr, ptr, ptr)> {
// CHECK: llvm.mlir.constant(6 : i32)
// CHECK: llvm.mlir.constant(1 : i32)
// CHECK: llvm.mlir.constant(2 : i32)
// CHECK: llvm.mlir.constant(3 : i32)
// CHECK: llvm.mlir.addressof @tiny_piece_offsets
// CHECK: llvm.mlir.addressof @tiny_pieces_sorted
// CHECK: llvm.mlir.addressof @tiny_piece_bytes
// CHECK-LABEL: llvm.mlir.global external constant @tiny_model() {{.*}} : !llvm.struct<"beex_model", (i32, i32, ptr, i64, i64, i64, i64, i64, i32, f32, i64, i64, ptr, ptr, ptr)> {
// CHECK: %[[ABI:.*]] = llvm.mlir.constant(3 : i32) : i32
// CHECK: llvm.insertvalue %[[ABI]], %{{.*}}[0]
// CHECK: llvm.mlir.addressof @tiny_name
// CHECK: %[[V:.*]] = llvm.mlir.constant(6 : i64) : i64
// CHECK: llvm.insertvalue %[[V]], %{{.*}}[3]
// CHECK: %[[P:.*]] = llvm.mlir.constant(8 : i64) : i64
// CHECK: llvm.insertvalue %[[P]], %{{.*}}[4]
// CHECK: %[[POLICY:.*]] = llvm.mlir.constant(1 : i32) : i32
// CHECK: llvm.insertvalue %[[POLICY]], %{{.*}}[8]
// CHECK: %[[T:.*]] = llvm.mlir.constant(6.000000e-01 : f32) : f32
// CHECK: llvm.insertvalue %[[T]], %{{.*}}[9]
// CHECK: %[[S:.*]] = llvm.mlir.constant(4096 : i64) : i64
// CHECK: llvm.insertvalue %[[S]], %{{.*}}[11]
// CHECK: %[[F:.*]] = llvm.mlir.addressof @tiny_forward : !llvm.ptr
// CHECK: llvm.insertvalue %[[F]], %{{.*}}[12]
// CHECK: %[[VOCAB:.*]] = llvm.mlir.addressof @tiny_vocabulary : !llvm.ptr
// CHECK: llvm.insertvalue %[[VOCAB]], %{{.*}}[13]
// CHECK: %[[TASK:.*]] = llvm.mlir.addressof @tiny_task : !llvm.ptr
// CHECK: llvm.insertvalue %[[TASK]], %{{.*}}[14]
module attributes {beex.vocabulary = dense<[91, 80, 65, 68, 93, 10, 91, 85, 78, 75, 93, 10, 91, 67, 76, 83, 93, 10, 91, 83, 69, 80, 93, 10, 97, 98, 10, 35, 35, 99, 10]> : tensor<31xi8>} {
  llvm.func @tiny_forward() -> i32 attributes {beex.compiled_model = #beex.compiled_model<vocab_size = 6, max_positions = 8, labels = 2, layers = 2, policy = <entropy_below, threshold = 0.6, min_layer = 1>, scratch_bytes = 4096>} {
    %one = llvm.mlir.constant(1 : i32) : i32
    llvm.return %one : i32
  }
  llvm.func @tiny_task() {
    llvm.return
  }
}

// -----

// Without a vocabulary the descriptor's pointer is null.
// CHECK-LABEL: llvm.mlir.global external constant @plain_model()
// CHECK: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK: llvm.insertvalue %[[NULL]], %{{.*}}[13]
llvm.func @plain_forward() -> i32 attributes {beex.compiled_model = #beex.compiled_model<vocab_size = 6, max_positions = 8, labels = 2, layers = 2, policy = <none, min_layer = 1>, scratch_bytes = 64>} {
  %one = llvm.mlir.constant(1 : i32) : i32
  llvm.return %one : i32
}
llvm.func @plain_task() {
  llvm.return
}

// -----

// The descriptor points to <name>_task, which convert-beex-to-loops defines.
// expected-error @+1 {{'llvm.func' op has no task function @lone_task}}
llvm.func @lone_forward() -> i32 attributes {beex.compiled_model = #beex.compiled_model<vocab_size = 6, max_positions = 8, labels = 2, layers = 2, policy = <none, min_layer = 1>, scratch_bytes = 64>} {
  %one = llvm.mlir.constant(1 : i32) : i32
  llvm.return %one : i32
}

// -----

// expected-error @+1 {{'llvm.func' op carries a #beex.compiled_model but is not named <name>_forward}}
llvm.func @tiny() -> i32 attributes {beex.compiled_model = #beex.compiled_model<vocab_size = 6, max_positions = 8, labels = 2, layers = 2, policy = <none, min_layer = 1>, scratch_bytes = 64>} {
  %one = llvm.mlir.constant(1 : i32) : i32
  llvm.return %one : i32
}

// -----

// expected-error @+1 {{module attribute 'beex.vocabulary': 1 pieces, but the model's vocab_size is 6}}
module attributes {beex.vocabulary = dense<[65, 10]> : tensor<2xi8>} {
  llvm.func @tiny_forward() -> i32 attributes {beex.compiled_model = #beex.compiled_model<vocab_size = 6, max_positions = 8, labels = 2, layers = 2, policy = <none, min_layer = 1>, scratch_bytes = 64>} {
    %one = llvm.mlir.constant(1 : i32) : i32
    llvm.return %one : i32
  }
}
