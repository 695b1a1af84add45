//===- BeexOps.cpp - BEExformer operations and their verifiers ------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "dialects/beex/BeexOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/Verifier.h"

using namespace mlir;
using namespace mlir::beex;

#define GET_OP_CLASSES
#include "dialects/beex/BeexOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Shape helpers
//===----------------------------------------------------------------------===//

namespace {
/// Whether two dimensions can be equal: they are, or one is unknown.
bool compatible(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
}

/// Checks that `type` is the vector of `size` elements that `what` must be.
LogicalResult verifyVector(Operation *op, StringRef what, ShapedType type,
                           int64_t size, StringRef sizeName) {
  if (type.getDimSize(0) == size)
    return success();
  return op->emitOpError() << what << " must have " << sizeName << " = " << size
                           << " elements, got " << type;
}

/// Checks that `signs` packs an `rows x columns` sign matrix in the
/// `#beex.sign_bits` layout.
LogicalResult verifySigns(Operation *op, StringRef what, RankedTensorType signs,
                          int64_t rows, int64_t columns) {
  auto encoding = dyn_cast_or_null<SignBitsAttr>(signs.getEncoding());
  if (!encoding)
    return op->emitOpError() << what
                             << " must be encoded with #beex.sign_bits, got "
                             << signs;
  if (encoding.getColumns() != columns)
    return op->emitOpError() << what << " packs " << encoding.getColumns()
                             << " columns but the input has K = " << columns;
  if (signs.getDimSize(0) != rows)
    return op->emitOpError() << what << " must have N = " << rows
                             << " rows, got " << signs;
  unsigned wordBits = signs.getElementTypeBitWidth();
  int64_t words = SignBitsAttr::wordsPerRow(columns, wordBits);
  if (signs.getDimSize(1) != words)
    return op->emitOpError()
           << what << " must have ceil(" << columns << " / " << wordBits
           << ") = " << words << " words per row, got " << signs;
  return success();
}
} // namespace

//===----------------------------------------------------------------------===//
// EmbedOp
//===----------------------------------------------------------------------===//

LogicalResult EmbedOp::verify() {
  ShapedType word = getWord().getType(), position = getPosition().getType();
  ShapedType tokens = getTokens().getType(), result = getType();
  int64_t hidden = word.getDimSize(1);
  if (position.getDimSize(1) != hidden)
    return emitOpError() << "position table must have D = " << hidden
                         << " columns like the word table, got " << position;
  if (result.getDimSize(1) != hidden)
    return emitOpError() << "result must have D = " << hidden
                         << " columns, got " << result;
  if (!compatible(result.getDimSize(0), tokens.getDimSize(0)))
    return emitOpError() << "result must have one row per token ("
                         << tokens.getDimSize(0) << "), got " << result;
  int64_t maxPositions = position.getDimSize(0);
  if (!tokens.isDynamicDim(0) && tokens.getDimSize(0) > maxPositions)
    return emitOpError() << "tokens has " << tokens.getDimSize(0)
                         << " entries but the position table only P = "
                         << maxPositions << " rows";
  return success();
}

//===----------------------------------------------------------------------===//
// DequantizeOp
//===----------------------------------------------------------------------===//

LogicalResult DequantizeOp::verify() {
  if (getBits() != 8 && getBits() != 4)
    return emitOpError() << "bits must be 8 or 4, got " << getBits();
  ShapedType codes = getCodes().getType(), scales = getScales().getType();
  ShapedType result = getType();
  ::beex::EmbeddingTable layout{getStorage(), result.getDimSize(0),
                                result.getDimSize(1), {}, {}, {}};
  if (codes.getDimSize(0) != layout.rows || scales.getDimSize(0) != layout.rows)
    return emitOpError() << "codes and scales must have the result's "
                         << layout.rows << " rows";
  if (codes.getDimSize(1) != layout.codesPerRow())
    return emitOpError() << "codes must have " << layout.codesPerRow()
                         << " bytes per row for " << layout.columns
                         << " columns of " << getBits() << " bits, got " << codes;
  if (scales.getDimSize(1) != layout.scalesPerRow())
    return emitOpError() << "scales must have " << layout.scalesPerRow()
                         << " per row, got " << scales;
  return success();
}

//===----------------------------------------------------------------------===//
// LayerNormOp
//===----------------------------------------------------------------------===//

LogicalResult LayerNormOp::verify() {
  if (failed(verifyVector(*this, "gamma", getGamma().getType(),
                          getInput().getType().getDimSize(1), "D")))
    return failure();
  if (!(getEpsilon().convertToFloat() > 0.0f))
    return emitOpError() << "epsilon must be > 0, got "
                         << getEpsilon().convertToFloat();
  return success();
}

//===----------------------------------------------------------------------===//
// Binarized linears
//===----------------------------------------------------------------------===//

LogicalResult PackSignsOp::verify() {
  ShapedType latent = getLatent().getType();
  return verifySigns(*this, "result", getType(), latent.getDimSize(0),
                     latent.getDimSize(1));
}

LogicalResult WeightScaleOp::verify() {
  return verifyVector(*this, "result", getType(),
                      getLatent().getType().getDimSize(0), "N");
}

LogicalResult BinaryLinearOp::verify() {
  ShapedType input = getInput().getType(), result = getType();
  int64_t outputs = getSigns().getType().getDimSize(0);
  if (failed(verifySigns(*this, "signs", getSigns().getType(), outputs,
                         input.getDimSize(1))) ||
      failed(verifyVector(*this, "alpha", getAlpha().getType(), outputs, "N")) ||
      failed(verifyVector(*this, "bias", getBias().getType(), outputs, "N")))
    return failure();
  if (result.getDimSize(1) != outputs ||
      !compatible(result.getDimSize(0), input.getDimSize(0)))
    return emitOpError() << "result must have the input's rows and N = "
                         << outputs << " columns, got " << result;
  return success();
}

//===----------------------------------------------------------------------===//
// AttentionOp
//===----------------------------------------------------------------------===//

LogicalResult AttentionOp::verify() {
  int64_t hidden = getType().getDimSize(1);
  if (hidden % getNumHeads() != 0)
    return emitOpError() << "hidden size D = " << hidden
                         << " must be divisible by heads(" << getNumHeads()
                         << ")";
  return success();
}

//===----------------------------------------------------------------------===//
// Exit heads
//===----------------------------------------------------------------------===//

LogicalResult PoolOp::verify() {
  return verifyVector(*this, "result", getType(),
                      getInput().getType().getDimSize(1), "D");
}

LogicalResult ExitClassifierOp::verify() {
  ShapedType weight = getWeight().getType();
  int64_t classes = weight.getDimSize(0);
  if (weight.getDimSize(1) != getPooled().getType().getDimSize(0))
    return emitOpError() << "weight must be [C, D] with D = "
                         << getPooled().getType().getDimSize(0) << ", got "
                         << weight;
  if (classes < 2)
    return emitOpError() << "weight must have C >= 2 classes, got " << weight;
  if (failed(verifyVector(*this, "bias", getBias().getType(), classes, "C")))
    return failure();
  return verifyVector(*this, "logits", getType(), classes, "C");
}

//===----------------------------------------------------------------------===//
// EarlyExitOp
//===----------------------------------------------------------------------===//

LogicalResult EarlyExitOp::verify() {
  int64_t layers = getNumLayers();
  if (layers == 0)
    return emitOpError() << "needs at least one layer region";
  int64_t minLayer = getPolicy().getMinLayer();
  if (minLayer > layers)
    return emitOpError() << "policy min_layer = " << minLayer
                         << " exceeds the " << layers << " layers";
  if (failed(verifyVector(*this, "entropies", getEntropies().getType(), layers,
                          "L")))
    return failure();

  Type rows = getInput().getType();
  for (auto [index, region] : llvm::enumerate(getLayers())) {
    int64_t layer = index + 1;
    Block &body = region.front();
    if (body.getNumArguments() != 1 || body.getArgument(0).getType() != rows)
      return emitOpError() << "layer " << layer
                           << " must take one argument of type " << rows;
    auto yield = body.empty() ? YieldOp() : dyn_cast<YieldOp>(body.back());
    if (!yield)
      return emitOpError() << "layer " << layer
                           << " must end in beex.yield";
    // This verifier runs before the ops nested in the layers are verified,
    // and the yield's accessors trust its operandSegmentSizes: verify the
    // yield first (a generic yield with segments larger than its operands
    // made getLogits() read past them; found by fuzz/ir.cpp).
    if (failed(mlir::verify(yield, /*verifyRecursively=*/false)))
      return failure();
    if (yield.getNext().getType() != rows)
      return yield.emitOpError() << "of layer " << layer << " yields rows of type "
                                 << yield.getNext().getType() << ", expected "
                                 << rows;
    bool yieldsExit = static_cast<bool>(yield.getLogits());
    if (hasExitHead(layer) && !yieldsExit)
      return yield.emitOpError()
             << "of layer " << layer << " must yield exit(logits, entropy): "
             << "every layer from min_layer = " << minLayer
             << " on has an exit head";
    if (!hasExitHead(layer) && yieldsExit)
      return yield.emitOpError() << "of layer " << layer
                                 << " is below min_layer = " << minLayer
                                 << " and must not yield an exit";
    if (yieldsExit && yield.getLogits().getType() != getLogits().getType())
      return yield.emitOpError()
             << "of layer " << layer << " yields logits of type "
             << yield.getLogits().getType() << " but the cascade returns "
             << getLogits().getType();
  }
  return success();
}

/// Control enters layer 1; layer l flows into layer l + 1 and, where the
/// policy may stop there, back to the parent with its logits.
void EarlyExitOp::getSuccessorRegions(
    RegionBranchPoint point, SmallVectorImpl<RegionSuccessor> &regions) {
  if (getLayers().empty())
    return;
  if (point.isParent()) {
    Region &first = getLayers().front();
    regions.emplace_back(&first, first.getArguments());
    return;
  }
  unsigned index = point.getRegionOrNull()->getRegionNumber();
  int64_t layer = index + 1;
  if (layer < getNumLayers()) {
    Region &next = getLayers()[index + 1];
    regions.emplace_back(&next, next.getArguments());
  }
  bool mayStop = hasExitHead(layer) &&
                 getPolicy().getKind() != ExitPolicyKind::none;
  if (layer == getNumLayers() || mayStop)
    regions.emplace_back(getOperation()->getResults().take_front(1));
}

OperandRange EarlyExitOp::getEntrySuccessorOperands(RegionBranchPoint) {
  return getOperation()->getOperands();
}

//===----------------------------------------------------------------------===//
// YieldOp
//===----------------------------------------------------------------------===//

LogicalResult YieldOp::verify() {
  if (static_cast<bool>(getLogits()) != static_cast<bool>(getEntropy()))
    return emitOpError() << "exit needs both logits and entropy";
  return success();
}

MutableOperandRange YieldOp::getMutableSuccessorOperands(RegionBranchPoint point) {
  return point.isParent() ? getLogitsMutable() : getNextMutable();
}
