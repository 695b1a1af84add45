//===- BeexFolds.cpp - Folding latent weights into packed constants -------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "beex/Support/Binarize.h"
#include "dialects/beex/BeexOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <optional>

using namespace mlir;
using namespace mlir::beex;

namespace {
/// The values of a constant f32 tensor, from a dense literal or a dense
/// resource, or nothing when `attr` is not such a constant.
std::optional<std::vector<float>> getFloats(Attribute attr) {
  if (auto dense = dyn_cast_or_null<DenseFPElementsAttr>(attr)) {
    std::vector<float> values;
    values.reserve(dense.getNumElements());
    for (const APFloat &value : dense.getValues<APFloat>())
      values.push_back(value.convertToFloat());
    return values;
  }
  if (auto resource = dyn_cast_or_null<DenseF32ResourceElementsAttr>(attr))
    // A blob shorter or longer than its type (hand-written or corrupt IR) is
    // not a value of that type: nothing to fold.
    if (std::optional<ArrayRef<float>> data = resource.tryGetAsArrayRef();
        data && int64_t(data->size()) == resource.getNumElements())
      return std::vector<float>(data->begin(), data->end());
  return std::nullopt;
}
} // namespace

OpFoldResult PackSignsOp::fold(FoldAdaptor adaptor) {
  std::optional<std::vector<float>> latent = getFloats(adaptor.getLatent());
  if (!latent)
    return {};
  RankedTensorType type = getType();
  unsigned wordBits = type.getElementTypeBitWidth();
  std::vector<uint64_t> words =
      ::beex::packSigns(*latent, getLatent().getType().getDimSize(0),
                        getLatent().getType().getDimSize(1), wordBits);
  SmallVector<APInt> values;
  values.reserve(words.size());
  for (uint64_t word : words)
    values.emplace_back(wordBits, word);
  return DenseElementsAttr::get(type, values);
}

OpFoldResult WeightScaleOp::fold(FoldAdaptor adaptor) {
  RankedTensorType type = getType();
  if (getMode() == ScaleMode::none)
    return DenseElementsAttr::get(type, 1.0f);
  std::optional<std::vector<float>> latent = getFloats(adaptor.getLatent());
  if (!latent)
    return {};
  if (getMode() == ScaleMode::per_tensor)
    return DenseElementsAttr::get(type, ::beex::meanAbs(*latent));
  std::vector<float> scales =
      ::beex::rowMeanAbs(*latent, getLatent().getType().getDimSize(0),
                         getLatent().getType().getDimSize(1));
  return DenseElementsAttr::get(type, ArrayRef<float>(scales));
}
