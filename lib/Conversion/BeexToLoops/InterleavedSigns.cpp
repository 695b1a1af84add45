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
// The int8 kernel on dot-product instructions (Int8DotKernel.cpp) reads one
// word per 16 outputs x 4 columns instead: interleaveSignsForDot. The f32
// lookup kernel (LookupKernel.cpp) reads one 32-bit lane per output:
// interleaveSignsForLookup.
//
// A linear whose input signs are all +1 needs only each output's sum of
// signs, which signSums computes here instead of every call counting them.
//
//===----------------------------------------------------------------------===//

#include "Lowering.h"

#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;
using namespace mlir::beex;

namespace {
/// The [N][W] words of `signs` in row-major order, or nothing if it holds no
/// readable data.
std::optional<std::vector<uint64_t>> rowMajorWords(ElementsAttr signs) {
  auto type = cast<ShapedType>(signs.getType());
  int64_t count = type.getNumElements();
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(signs)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob || blob->getData().size() != size_t(count * 8))
      return std::nullopt;
    ArrayRef<uint64_t> words = blob->getDataAs<uint64_t>();
    return std::vector<uint64_t>(words.begin(), words.end());
  }
  if (auto dense = dyn_cast<DenseElementsAttr>(signs)) {
    auto values = dense.getValues<uint64_t>();
    return std::vector<uint64_t>(values.begin(), values.end());
  }
  return std::nullopt;
}

template <typename Word>
DenseResourceElementsAttr resourceOf(ArrayRef<Word> words, ArrayRef<int64_t> shape,
                                     Type element, StringRef name = "signs.interleaved") {
  return DenseResourceElementsAttr::get(
      RankedTensorType::get(shape, element), name,
      HeapAsmResourceBlob::allocateAndCopyInferAlign(words));
}
} // namespace

SignLayout mlir::beex::signLayout(ActivationMode mode, const KernelTarget &target) {
  switch (mode) {
  case ActivationMode::binary:
    return signGroup(target) ? SignLayout::Grouped : SignLayout::RowMajor;
  case ActivationMode::int8:
    return target.int8Dot ? SignLayout::Dot : SignLayout::RowMajor;
  case ActivationMode::f32:
    return target.f32Lookup ? SignLayout::Lookup : SignLayout::RowMajor;
  }
  llvm_unreachable("unknown activation mode");
}

DenseResourceElementsAttr mlir::beex::interleaveSigns(ElementsAttr signs,
                                                      int64_t group) {
  auto type = cast<ShapedType>(signs.getType());
  int64_t outputs = type.getDimSize(0), words = type.getDimSize(1);
  int64_t groups = (outputs + group - 1) / group;
  std::optional<std::vector<uint64_t>> rowMajor = rowMajorWords(signs);
  if (!rowMajor)
    return nullptr;
  std::vector<uint64_t> grouped(groups * words * group, 0);
  for (int64_t output = 0; output < outputs; ++output)
    for (int64_t word = 0; word < words; ++word)
      grouped[((output / group) * words + word) * group + output % group] =
          (*rowMajor)[output * words + word];
  return resourceOf<uint64_t>(grouped, {groups, words, group}, type.getElementType());
}

DenseResourceElementsAttr mlir::beex::signSums(ElementsAttr signs, int64_t inputs) {
  auto type = cast<ShapedType>(signs.getType());
  int64_t outputs = type.getDimSize(0), words = type.getDimSize(1);
  std::optional<std::vector<uint64_t>> rowMajor = rowMajorWords(signs);
  if (!rowMajor)
    return nullptr;
  std::vector<float> sums(outputs);
  for (int64_t output = 0; output < outputs; ++output) {
    int64_t negative = 0;
    for (int64_t word = 0; word < words; ++word)
      negative += llvm::popcount((*rowMajor)[output * words + word]);
    sums[output] = float(inputs - 2 * negative);
  }
  return resourceOf<float>(sums, {outputs}, Float32Type::get(signs.getContext()),
                           "signs.sums");
}

DenseResourceElementsAttr mlir::beex::interleaveSignsForDot(ElementsAttr signs) {
  constexpr int64_t kLanes = kDotLanes;
  auto type = cast<ShapedType>(signs.getType());
  int64_t outputs = type.getDimSize(0), words = type.getDimSize(1);
  int64_t groups = (outputs + kLanes - 1) / kLanes, steps = words * kLanes;
  std::optional<std::vector<uint64_t>> rowMajor = rowMajorWords(signs);
  if (!rowMajor)
    return nullptr;
  // Step t covers columns 4t .. 4t + 3: bits 4(t mod 16) .. +3 of word t / 16.
  std::vector<uint64_t> grouped(groups * steps, 0);
  for (int64_t output = 0; output < outputs; ++output)
    for (int64_t step = 0; step < steps; ++step) {
      uint64_t nibble =
          ((*rowMajor)[output * words + step / kLanes] >> (4 * (step % kLanes))) & 0xF;
      grouped[(output / kLanes) * steps + step] |= nibble << (4 * (output % kLanes));
    }
  return resourceOf<uint64_t>(grouped, {groups, steps}, type.getElementType());
}

DenseResourceElementsAttr mlir::beex::interleaveSignsForLookup(ElementsAttr signs) {
  constexpr int64_t kLanes = kLookupLanes;
  auto type = cast<ShapedType>(signs.getType());
  int64_t outputs = type.getDimSize(0), words = type.getDimSize(1);
  int64_t groups = (outputs + kLanes - 1) / kLanes, blocks = 2 * words;
  std::optional<std::vector<uint64_t>> rowMajor = rowMajorWords(signs);
  if (!rowMajor)
    return nullptr;
  std::vector<uint32_t> grouped(groups * blocks * kLanes, 0);
  for (int64_t output = 0; output < outputs; ++output)
    for (int64_t block = 0; block < blocks; ++block)
      grouped[((output / kLanes) * blocks + block) * kLanes + output % kLanes] =
          uint32_t((*rowMajor)[output * words + block / 2] >> (32 * (block % 2)));
  return resourceOf<uint32_t>(grouped, {groups, blocks, kLanes},
                              IntegerType::get(signs.getContext(), 32));
}
