//===- InterleavedSigns.cpp - Weight signs grouped by output lanes --------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The binary kernel for targets with a 64-bit lane popcount keeps one output
// per vector lane (see lowerBinaryLinear): word w of outputs g*G .. g*G + G-1
// must then be one contiguous vector. This regroups the [N][W] sign words
// into [ceil(N/G)][W][G], once, at compile time; the outputs past N are zero
// words whose results are never stored.
//
//===----------------------------------------------------------------------===//

#include "Lowering.h"

#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;
using namespace mlir::beex;

DenseResourceElementsAttr mlir::beex::interleaveSigns(ElementsAttr signs,
                                                      int64_t group) {
  auto type = cast<ShapedType>(signs.getType());
  int64_t outputs = type.getDimSize(0), words = type.getDimSize(1);
  int64_t groups = (outputs + group - 1) / group;
  std::vector<uint64_t> grouped(groups * words * group, 0);

  ArrayRef<uint64_t> rowMajor;
  std::vector<uint64_t> copy;
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(signs)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob || blob->getData().size() != size_t(outputs * words * 8))
      return nullptr;
    rowMajor = blob->getDataAs<uint64_t>();
  } else if (auto dense = dyn_cast<DenseElementsAttr>(signs)) {
    auto values = dense.getValues<uint64_t>();
    copy.assign(values.begin(), values.end());
    rowMajor = copy;
  } else {
    return nullptr;
  }
  for (int64_t output = 0; output < outputs; ++output)
    for (int64_t word = 0; word < words; ++word)
      grouped[((output / group) * words + word) * group + output % group] =
          rowMajor[output * words + word];

  auto groupedType = RankedTensorType::get({groups, words, group},
                                           type.getElementType());
  return DenseResourceElementsAttr::get(
      groupedType, "signs.interleaved",
      HeapAsmResourceBlob::allocateAndCopyInferAlign(ArrayRef(grouped)));
}
