//===- BeexOps.h - BEExformer operations ------------------------*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_DIALECTS_BEEX_BEEXOPS_H
#define BEEX_DIALECTS_BEEX_BEEXOPS_H

#include "beex/Support/EmbeddingTable.h"
#include "dialects/beex/BeexAttrs.h"
#include "dialects/beex/BeexDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dialects/beex/BeexOps.h.inc"

namespace mlir::beex {
/// A model function: one whose body ends in a beex.early_exit cascade, what
/// convert-beex-to-loops compiles and beexc names with --name.
inline bool isModelFunction(Operation *function) {
  return function->getNumRegions() == 1 &&
         !function->getRegion(0).getOps<EarlyExitOp>().empty();
}
} // namespace mlir::beex

#endif // BEEX_DIALECTS_BEEX_BEEXOPS_H
