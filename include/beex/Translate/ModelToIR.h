//===- ModelToIR.h - A model as beex-dialect IR -----------------*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_TRANSLATE_MODELTOIR_H
#define BEEX_TRANSLATE_MODELTOIR_H

#include "beex/Model/Model.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace mlir::beex {

/// Builds `func.func @<name>(%tokens: tensor<?xi32>) -> (logits, exit layer,
/// entropies)` computing `model` with beex ops. Weights become constants
/// holding dense resources named after their tensors (so the IR prints
/// readably with --mlir-elide-resource-strings-if-larger); shared block
/// weights are one set of constants used by every layer.
OwningOpRef<ModuleOp> translateModelToIR(const ::beex::Model &model,
                                         MLIRContext *context,
                                         llvm::StringRef name = "model");

/// Registers `--import-beex` with mlir-translate's registry.
void registerImportBeexTranslation();

} // namespace mlir::beex

#endif // BEEX_TRANSLATE_MODELTOIR_H
