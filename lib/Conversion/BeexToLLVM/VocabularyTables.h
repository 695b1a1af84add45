//===- VocabularyTables.h - A model's tokenizer tables as globals -*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_LIB_CONVERSION_BEEXTOLLVM_VOCABULARYTABLES_H
#define BEEX_LIB_CONVERSION_BEEXTOLLVM_VOCABULARYTABLES_H

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace mlir::beex {

/// The pieces of the module's beex.vocabulary attribute, checked against the
/// model's vocab_size; empty when the module carries none. Failure has been
/// reported on the module.
FailureOr<std::vector<std::string>> readVocabulary(ModuleOp module, int64_t vocabSize);

/// Defines `<name>_vocabulary`, the beex_vocabulary of runtime.h, and the
/// three tables it points to (piece offsets, the ids in byte order, the
/// pieces' bytes), all internal constants at the builder's insertion point.
LLVM::GlobalOp buildVocabularyTables(OpBuilder &builder, Location loc, StringRef name,
                                     const std::vector<std::string> &pieces);

} // namespace mlir::beex

#endif // BEEX_LIB_CONVERSION_BEEXTOLLVM_VOCABULARYTABLES_H
