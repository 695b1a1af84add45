//===- Vocabulary.cpp - The tokenizer tables of a compiled model ----------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Vocabulary.h"

#include "beex/Import/Vocabulary.h"
#include "dialects/beex/BeexDialect.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/GlobalVariable.h"

#include <numeric>

using namespace beex;
using llvm::StringRef;

namespace {
llvm::Error fail(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// The attribute's bytes, whether a dense resource (what beex-translate
/// writes) or a dense literal (hand-written IR).
std::optional<std::string> bytesOf(mlir::ElementsAttr pieces) {
  if (auto resource = mlir::dyn_cast<mlir::DenseResourceElementsAttr>(pieces)) {
    mlir::AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return std::nullopt;
    llvm::ArrayRef<char> data = blob->getData();
    return std::string(data.begin(), data.end());
  }
  if (auto dense = mlir::dyn_cast<mlir::DenseIntElementsAttr>(pieces)) {
    std::string bytes;
    for (const llvm::APInt &value : dense.getValues<llvm::APInt>())
      bytes += static_cast<char>(value.getZExtValue());
    return bytes;
  }
  return std::nullopt;
}

llvm::GlobalVariable *constantArray(llvm::Module &module, const llvm::Twine &name,
                                    llvm::Constant *value) {
  auto *global = new llvm::GlobalVariable(module, value->getType(), /*isConstant=*/true,
                                          llvm::GlobalValue::InternalLinkage, value, name);
  global->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
  return global;
}
} // namespace

llvm::Expected<std::vector<std::string>>
beex::readVocabularyAttr(mlir::ModuleOp module, int64_t vocabSize) {
  StringRef attrName = mlir::beex::BeexDialect::getVocabularyAttrName();
  mlir::Attribute attr = module->getAttr(attrName);
  if (!attr)
    return std::vector<std::string>();
  std::string where = ("module attribute '" + attrName + "'").str();
  auto elements = mlir::dyn_cast<mlir::ElementsAttr>(attr);
  std::optional<std::string> bytes = elements ? bytesOf(elements) : std::nullopt;
  if (!bytes)
    return fail(where + ": not a tensor of i8 with its data");
  if (!bytes->empty() && bytes->back() != '\n')
    return fail(where + ": the last piece is not ended by a line break");
  std::vector<std::string> pieces;
  for (StringRef rest = *bytes; !rest.empty();) {
    auto [piece, tail] = rest.split('\n');
    pieces.push_back(piece.str());
    rest = tail;
  }
  if (llvm::Error error = checkVocabulary(pieces, vocabSize, where))
    return std::move(error);
  return pieces;
}

llvm::Constant *beex::addVocabularyTables(llvm::Module &module, StringRef name,
                                          const std::vector<std::string> &pieces) {
  llvm::LLVMContext &context = module.getContext();
  llvm::Type *i32 = llvm::Type::getInt32Ty(context);
  llvm::Type *ptr = llvm::PointerType::get(context, 0);

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
    return int32_t(llvm::find(pieces, piece) - pieces.begin());
  };

  llvm::Constant *fields[] = {
      llvm::ConstantInt::get(i32, pieces.size()),
      llvm::ConstantInt::get(i32, idOf(kUnknownPiece)),
      llvm::ConstantInt::get(i32, idOf(kClassPiece)),
      llvm::ConstantInt::get(i32, idOf(kSeparatorPiece)),
      constantArray(module, name + "_piece_offsets",
                    llvm::ConstantDataArray::get(context, offsets)),
      constantArray(module, name + "_pieces_sorted",
                    llvm::ConstantDataArray::get(context, sorted)),
      constantArray(module, name + "_piece_bytes",
                    llvm::ConstantDataArray::getString(context, bytes,
                                                       /*AddNull=*/false)),
  };
  auto *type = llvm::StructType::create(context, {i32, i32, i32, i32, ptr, ptr, ptr},
                                        "struct.beex_vocabulary");
  return constantArray(module, name + "_vocabulary",
                       llvm::ConstantStruct::get(type, fields));
}
