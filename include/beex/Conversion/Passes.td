//===- Passes.td - beex lowerings --------------------------*- tablegen -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_CONVERSION_PASSES_TD
#define BEEX_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertBeexToLoops : Pass<"convert-beex-to-loops", "::mlir::ModuleOp"> {
  let summary = "Lowers a beex model function to vector loops over a scratch buffer";
  let description = [{
    Turns each model function `@f(tensor<?xi32>) -> (logits, i32, entropies)`
    into the compiled forward pass with the C ABI the runtime calls:

    ```mlir
    func.func @f_forward(%tokens: memref<Pxi32>, %length: i64,
                         %scratch: memref<Bxi8>, %threshold: f32, %patience: i64,
                         %full_depth: i32, %logits: memref<Cxf32>,
                         %entropies: memref<Lxf32>) -> i32
    ```

    - Every intermediate tensor lives in the caller's scratch buffer at an
      offset planned at compile time for the longest input (P rows), reusing
      memory whose value is dead (linear scan over the op order). The plan's
      size, the model's sizes and its exit policy are recorded on the
      function as `beex.compiled_model = #beex.compiled_model<...>`.
    - Weights become read-only `memref.global`s (64-byte aligned).
    - Binarized linears become the kernel of their activation mode, tiled to
      the vector registers (`vector-bits`) and blocked over output rows:
      xor + popcount over 64-bit words (`binary`), sign-select with the packed
      bits as lane masks (`f32`), exact i32 accumulation of signed int8 values
      (`int8`), or with `int8-dot` 4-byte dot products of int8 rows and 0/1
      sign bytes into 32-bit lanes of outputs (vpdpbusd, sdot), or with
      `f32-lookup` lookups of 4 signs at a time in tables of the row's 16
      signed sums of 4 columns (vpermps).
    - Attention is sparsity-aware: for each query row only the keys its
      pattern allows are visited (loop bounds computed from the pattern and the
      run-time length), so masked keys cost no iterations.
    - The early-exit cascade becomes nested `scf.if`s: the blocks after an
      exit are inside the branch that is not taken.
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "unsigned", /*default=*/"128",
           "Width of the target's vector registers in bits">,
    Option<"widePopcount", "wide-popcount", "bool", /*default=*/"false",
           "The target counts bits of 64-bit lanes in one instruction "
           "(AVX-512 VPOPCNTDQ, RVV Zvbb); otherwise bytes are counted and "
           "accumulated in byte lanes, widened once per dot product">,
    Option<"scalableVectors", "scalable-vectors", "bool", /*default=*/"false",
           "Vector-length-agnostic binarized linears (RVV): scalable vectors "
           "of words, stepped by vscale with masked tails, so one object uses "
           "the whole register at any VLEN >= vector-bits">,
    Option<"int8Dot", "int8-dot", "bool", /*default=*/"false",
           "int8-activation linears on 4-byte dot-product instructions "
           "(vector-bits=512: vpdpbusd, AVX-512 VNNI; 256: vpdpbusd, "
           "AVX-VNNI; 128: sdot, AArch64 dotprod)">,
    Option<"f32Lookup", "f32-lookup", "bool", /*default=*/"false",
           "f32-activation linears on lookup tables of the 16 signed sums "
           "of 4 columns (vpermps: x86 AVX-512, needs vector-bits=512)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect",
    "::mlir::LLVM::LLVMDialect", "::mlir::math::MathDialect", "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect"
  ];
}

def ConvertBeexToLLVM : Pass<"convert-beex-to-llvm", "::mlir::ModuleOp"> {
  let summary = "Defines the model descriptor and vocabulary tables as LLVM globals";
  let description = [{
    The last step of --beex-compile-pipeline, on the LLVM dialect. Each
    `llvm.func @<name>_forward` with a `#beex.compiled_model` (what
    convert-beex-to-loops recorded) gets the descriptor the runtime reads,
    `llvm.mlir.global external constant @<name>_model`, a
    `!llvm.struct<"beex_model", ...>` laid out as runtime.h's beex_model
    (checked at build time against runtime.h itself). When the module
    carries a `beex.vocabulary`, it becomes `@<name>_vocabulary` (a
    beex_vocabulary) and its three tables, and the module attribute is
    removed.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // BEEX_CONVERSION_PASSES_TD
