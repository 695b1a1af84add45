//===- Passes.h - beex to beex transformations ------------------*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_TRANSFORMS_PASSES_H
#define BEEX_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::beex {

#define GEN_PASS_DECL
#include "beex/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "beex/Transforms/Passes.h.inc"

} // namespace mlir::beex

#endif // BEEX_TRANSFORMS_PASSES_H
