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

#endif // BEEX_TRANSFORMS_PASSES_TD
