//===- Vocabulary.h - The tokenizer tables of a compiled model --*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_LIB_TARGET_VOCABULARY_H
#define BEEX_LIB_TARGET_VOCABULARY_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/Constant.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace beex {

/// The pieces of the module's beex.vocabulary attribute, checked against the
/// model's vocab_size; empty when the model carries no vocabulary.
llvm::Expected<std::vector<std::string>>
readVocabularyAttr(mlir::ModuleOp module, int64_t vocabSize);

/// Emits `const beex_vocabulary <name>_vocabulary` and its tables (runtime.h)
/// and returns its address, for the model descriptor.
llvm::Constant *addVocabularyTables(llvm::Module &module, llvm::StringRef name,
                                    const std::vector<std::string> &pieces);

} // namespace beex

#endif // BEEX_LIB_TARGET_VOCABULARY_H
