//===- ExpandMath.cpp - Polynomial exp, tanh and log, no libm -------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "beex/Transforms/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::beex {
#define GEN_PASS_DEF_BEEXEXPANDMATH
#include "beex/Transforms/Passes.h.inc"
} // namespace mlir::beex

using namespace mlir;

namespace {
struct BeexExpandMath : mlir::beex::impl::BeexExpandMathBase<BeexExpandMath> {
  using BeexExpandMathBase::BeexExpandMathBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(patterns);
    if (!keepFma)
      populateExpandFmaFPattern(patterns);
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
