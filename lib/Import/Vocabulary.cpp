//===- Vocabulary.cpp - Reading and checking WordPiece vocabularies -------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "beex/Import/Vocabulary.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace beex;
using llvm::StringRef;

namespace {
llvm::Error fail(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

bool isValidUtf8(StringRef text) {
  const auto *begin = reinterpret_cast<const llvm::UTF8 *>(text.begin());
  const auto *end = reinterpret_cast<const llvm::UTF8 *>(text.end());
  return llvm::isLegalUTF8String(&begin, end);
}
} // namespace

llvm::Expected<std::vector<std::string>>
beex::readVocabularyFile(StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return fail(path + ": cannot read: " + buffer.getError().message());
  std::vector<std::string> pieces;
  StringRef rest = (*buffer)->getBuffer();
  while (!rest.empty()) {
    auto [line, tail] = rest.split('\n');
    // vocab.txt written on Windows: the "\r" belongs to the line break.
    pieces.push_back(line.ends_with("\r") ? line.drop_back().str() : line.str());
    rest = tail;
  }
  return pieces;
}

llvm::Error beex::checkVocabulary(llvm::ArrayRef<std::string> pieces,
                                  int64_t vocabSize, StringRef where) {
  if (int64_t(pieces.size()) != vocabSize)
    return fail(llvm::formatv("{0}: {1} pieces, but the model's vocab_size is "
                              "{2} (one piece per token id)",
                              where, pieces.size(), vocabSize));
  llvm::StringMap<size_t> ids;
  for (auto [id, piece] : llvm::enumerate(pieces)) {
    auto problem = [&, id = id](const llvm::Twine &what) {
      return fail(llvm::formatv("{0}: piece {1} (line {2}) ", where, id, id + 1) +
                  what);
    };
    if (piece.empty())
      return problem("is empty");
    if (!isValidUtf8(piece))
      return problem("is not valid UTF-8");
    if (StringRef(piece).find_first_of("\r\n") != StringRef::npos)
      return problem("contains a line break");
    auto [slot, inserted] = ids.try_emplace(piece, id);
    if (!inserted)
      return problem(llvm::formatv("repeats piece {0} '{1}'", slot->second, piece)
                         .str());
  }
  for (StringRef special : {kUnknownPiece, kClassPiece, kSeparatorPiece})
    if (!ids.count(special))
      return fail(where + ": no " + special + " piece (the tokenizer emits it)");
  return llvm::Error::success();
}
