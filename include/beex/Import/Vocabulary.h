//===- Vocabulary.h - The WordPiece vocabulary a model carries --*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A model trained on text carries the vocabulary of its tokenizer (vocab.txt
// beside the checkpoint, one piece per line, line n = id n) so that the
// compiled object can tokenize sentences itself (beex_tokenize in the
// runtime). The importer, the .beex reader and beexc check it the same way.
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_IMPORT_VOCABULARY_H
#define BEEX_IMPORT_VOCABULARY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace beex {

/// The special pieces every vocabulary must hold: beex_tokenize emits them.
inline constexpr llvm::StringLiteral kUnknownPiece = "[UNK]";
inline constexpr llvm::StringLiteral kClassPiece = "[CLS]";
inline constexpr llvm::StringLiteral kSeparatorPiece = "[SEP]";

/// Reads vocab.txt: one piece per line ("\n" or "\r\n"), in id order.
llvm::Expected<std::vector<std::string>>
readVocabularyFile(llvm::StringRef path);

/// Checks that `pieces` can be a model's tokenizer: exactly `vocabSize`
/// pieces, each non-empty valid UTF-8 without line breaks, no piece twice,
/// and the special pieces present. Errors name `where` and the id.
llvm::Error checkVocabulary(llvm::ArrayRef<std::string> pieces,
                            int64_t vocabSize, llvm::StringRef where);

} // namespace beex

#endif // BEEX_IMPORT_VOCABULARY_H
