//===- Passes.td - beex to beex transformations ------------*- tablegen -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_TRANSFORMS_PASSES_TD
#define BEEX_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def BeexPackWeights : Pass<"beex-pack-weights"> {
  let summary = "Packs the constant latent weights left in the IR";
  let description = [{
    Folds every `beex.pack_signs` and `beex.weight_scale` of a constant latent
    weight into constants of packed sign bits and scales, and erases the latent
    constants nothing else uses, so that only the compiled form of each weight
    remains. Unlike `-canonicalize`, it changes nothing else.

    Before:
    ```mlir
    %w = arith.constant dense<[[1.0, -2.0], [-0.5, 0.0]]> : tensor<2x2xf32>
    %s = beex.pack_signs %w : tensor<2x2xf32> -> tensor<2x1xi64, #beex.sign_bits<2>>
    %a = beex.weight_scale %w {mode = #beex.scale_mode<per_channel>}
        : tensor<2x2xf32> -> tensor<2xf32>
    ```
    After:
    ```mlir
    %s = arith.constant dense<[[2], [1]]> : tensor<2x1xi64, #beex.sign_bits<2>>
    %a = arith.constant dense<[1.5, 0.25]> : tensor<2xf32>
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def BeexExpandMath : Pass<"beex-expand-math"> {
  let summary = "Expands exp, tanh and log into polynomials so objects need no libm";
  let description = [{
    Replaces `math.exp`, `math.tanh`, `math.log` (and the other functions
    upstream approximates) by polynomial or rational approximations, whose
    error is far below docs/math.md §5's 1e-4: beex's own exp (no float to
    int conversion) and tanh (upstream's rational without its small-|x|
    select), a sigmoid in the form fma(tanh(x * 0.5), 0.5, 0.5) as one
    rational with the halves in its coefficients, and
    `populateMathPolynomialApproximationPatterns` for the rest. Unless
    `keep-fma` is set, `math.fma` becomes a multiply and an add, because
    without a hardware FMA LLVM would call `fmaf` from libm. `sqrt` stays:
    every target has an instruction for it.

    Before:
    ```mlir
    %e = math.exp %x : vector<16xf32>
    ```
    After: a sequence of `arith` ops (range reduction, a polynomial,
    exponent reconstruction) and no `math.exp`.
  }];
  let options = [
    Option<"keepFma", "keep-fma", "bool", /*default=*/"false",
           "Keep math.fma (the target has a fused multiply-add instruction)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
    "::mlir::vector::VectorDialect"
  ];
}

#endif // BEEX_TRANSFORMS_PASSES_TD
