//===- VocabularyTables.cpp - A model's tokenizer tables as globals -------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "VocabularyTables.h"
#include "GlobalBuilder.h"
#include "RuntimeAbi.h"

#include "beex/Import/Vocabulary.h"
#include "dialects/beex/BeexDialect.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/STLExtras.h"

#include <numeric>

using namespace mlir;
using namespace mlir::beex;

namespace {
/// The attribute's bytes, whether a dense resource (what beex-translate
/// writes) or a dense literal (hand-written IR).
std::optional<std::string> bytesOf(ElementsAttr pieces) {
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(pieces)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return std::nullopt;
    ArrayRef<char> data = blob->getData();
    return std::string(data.begin(), data.end());
  }
  if (auto dense = dyn_cast<DenseIntElementsAttr>(pieces)) {
    std::string bytes;
    for (const APInt &value : dense.getValues<APInt>())
      bytes += static_cast<char>(value.getZExtValue());
    return bytes;
  }
  return std::nullopt;
}

/// An internal constant array of i32 values.
LLVM::GlobalOp int32Table(OpBuilder &builder, Location loc, const Twine &name,
                          ArrayRef<uint32_t> values) {
  auto type = RankedTensorType::get({int64_t(values.size())}, builder.getI32Type());
  SmallVector<int32_t> data(values.begin(), values.end());
  return internalConstant(
      builder, loc, LLVM::LLVMArrayType::get(builder.getI32Type(), values.size()), name,
      DenseIntElementsAttr::get(type, ArrayRef<int32_t>(data)));
}
} // namespace

FailureOr<std::vector<std::string>> mlir::beex::readVocabulary(ModuleOp module,
                                                               int64_t vocabSize) {
  StringRef attrName = BeexDialect::getVocabularyAttrName();
  Attribute attr = module->getAttr(attrName);
  if (!attr)
    return std::vector<std::string>();
  std::string where = ("module attribute '" + attrName + "'").str();
  auto elements = dyn_cast<ElementsAttr>(attr);
  std::optional<std::string> bytes = elements ? bytesOf(elements) : std::nullopt;
  if (!bytes)
    return module.emitError(where + ": not a tensor of i8 with its data");
  if (!bytes->empty() && bytes->back() != '\n')
    return module.emitError(where + ": the last piece is not ended by a line break");
  std::vector<std::string> pieces;
  for (StringRef rest = *bytes; !rest.empty();) {
    auto [piece, tail] = rest.split('\n');
    pieces.push_back(piece.str());
    rest = tail;
  }
  if (llvm::Error error = ::beex::checkVocabulary(pieces, vocabSize, where))
    return module.emitError(llvm::toString(std::move(error)));
  return pieces;
}

LLVM::GlobalOp mlir::beex::buildVocabularyTables(OpBuilder &builder, Location loc,
                                                 StringRef name,
                                                 const std::vector<std::string> &pieces) {
  std::string bytes;
  std::vector<uint32_t> offsets{0};
  for (const std::string &piece : pieces) {
    bytes += piece;
    offsets.push_back(bytes.size());
  }
  // beex_tokenize binary-searches this order: unsigned bytes, a prefix first,
  // which is StringRef's compare.
  std::vector<uint32_t> sorted(pieces.size());
  std::iota(sorted.begin(), sorted.end(), 0u);
  llvm::sort(sorted, [&](uint32_t a, uint32_t b) {
    return StringRef(pieces[a]).compare(pieces[b]) < 0;
  });
  auto idOf = [&](StringRef piece) {
    return int64_t(llvm::find(pieces, piece) - pieces.begin());
  };

  LLVM::GlobalOp offsetTable = int32Table(builder, loc, name + "_piece_offsets", offsets);
  LLVM::GlobalOp sortedTable = int32Table(builder, loc, name + "_pieces_sorted", sorted);
  LLVM::GlobalOp byteTable = internalConstant(
      builder, loc, LLVM::LLVMArrayType::get(builder.getI8Type(), bytes.size()),
      name + "_piece_bytes", builder.getStringAttr(bytes));

  using namespace ::beex::abi;
  StructBuilder vocabulary(builder, loc, "beex_vocabulary", kVocabularyFields);
  vocabulary.integer(kNumPieces, pieces.size());
  vocabulary.integer(kUnknownId, idOf(::beex::kUnknownPiece));
  vocabulary.integer(kClassId, idOf(::beex::kClassPiece));
  vocabulary.integer(kSeparatorId, idOf(::beex::kSeparatorPiece));
  vocabulary.address(kOffsets, offsetTable);
  vocabulary.address(kSorted, sortedTable);
  vocabulary.address(kBytes, byteTable);
  return vocabulary.define(name + "_vocabulary", LLVM::Linkage::Internal);
}
