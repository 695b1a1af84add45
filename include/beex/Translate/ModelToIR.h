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

/// Where the IR's weight resources keep their bytes.
enum class WeightStorage {
  /// A copy: the module stands alone.
  Copy,
  /// The model's own data (e.g. a mapped .beex file): no copy, and the model
  /// must outlive the module.
  Borrow,
};

/// Builds `func.func @<name>(%tokens: tensor<?xi32>) -> (logits, exit layer,
/// entropies)` computing `model` with beex ops. Weights become constants
/// holding dense resources named after their tensors (so the IR prints
/// readably with --mlir-elide-resource-strings-if-larger); shared block
/// weights are one set of constants used by every layer.
OwningOpRef<ModuleOp> translateModelToIR(const ::beex::Model &model,
                                         MLIRContext *context,
                                         llvm::StringRef name = "model",
                                         WeightStorage storage = WeightStorage::Copy);

/// Registers `--import-beex` with mlir-translate's registry.
void registerImportBeexTranslation();

} // namespace mlir::beex

#endif // BEEX_TRANSLATE_MODELTOIR_H
