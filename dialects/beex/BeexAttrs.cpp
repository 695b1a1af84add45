//===- BeexAttrs.cpp - BEExformer attributes ------------------------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "dialects/beex/BeexAttrs.h"
#include "beex/Support/AttentionPatterns.h"
#include "dialects/beex/BeexDialect.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/TypeSwitch.h"

#include <limits>


using namespace mlir;
using namespace mlir::beex;

#include "dialects/beex/BeexEnums.cpp.inc"

#include "dialects/beex/BeexAttrInterfaces.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/beex/BeexAttrs.cpp.inc"

void BeexDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialects/beex/BeexAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// SignBitsAttr
//===----------------------------------------------------------------------===//

LogicalResult
SignBitsAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                     int64_t columns) {
  if (columns < 1)
    return emitError() << "sign_bits needs at least one column, got "
                       << columns;
  return success();
}

//===----------------------------------------------------------------------===//
// Attention patterns
//===----------------------------------------------------------------------===//

// The masks are docs/math.md §3.3's formulas in beex::AttentionPattern, which the
// reference interpreter uses too; the attributes only carry the parameters.

bool DensePatternAttr::allows(int64_t, int64_t) const { return true; }

LogicalResult
LocalPatternAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                         int64_t window) {
  if (window < 0)
    return emitError() << "local pattern window must be >= 0, got " << window;
  return success();
}

bool LocalPatternAttr::allows(int64_t query, int64_t key) const {
  return ::beex::localPatternAllows(getWindow(), query, key);
}

LogicalResult
StridedPatternAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                           int64_t stride) {
  if (stride < 1)
    return emitError() << "strided pattern stride must be >= 1, got "
                       << stride;
  return success();
}

bool StridedPatternAttr::allows(int64_t query, int64_t key) const {
  return ::beex::stridedPatternAllows(getStride(), query, key);
}

LogicalResult BlockSparsePatternAttr::verify(
    function_ref<InFlightDiagnostic()> emitError, int64_t block, int64_t band,
    ArrayRef<int64_t> global) {
  if (block < 1)
    return emitError() << "block_sparse pattern block must be >= 1, got "
                       << block;
  if (band < 0)
    return emitError() << "block_sparse pattern band must be >= 0, got "
                       << band;
  for (auto [index, blockIndex] : llvm::enumerate(global)) {
    if (blockIndex < 0)
      return emitError() << "block_sparse pattern global block index must be "
                            ">= 0, got "
                         << blockIndex;
    if (index > 0 && global[index - 1] >= blockIndex)
      return emitError() << "block_sparse pattern global block indices must "
                            "be sorted and unique";
  }
  return success();
}

bool BlockSparsePatternAttr::allows(int64_t query, int64_t key) const {
  return ::beex::blockSparsePatternAllows(getBlock(), getBand(), getGlobal(), query,
                                          key);
}

//===----------------------------------------------------------------------===//
// ExitPolicyAttr
//===----------------------------------------------------------------------===//

namespace {
constexpr double kDefaultThreshold = 0.1;
constexpr int64_t kDefaultMinLayer = 1;
constexpr int64_t kDefaultPatience = 1;
} // namespace

LogicalResult
ExitPolicyAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                       ExitPolicyKind kind, APFloat threshold, int64_t minLayer,
                       int64_t patience) {
  if (!threshold.isFinite())
    return emitError() << "exit_policy threshold must be finite";
  if (minLayer < 1)
    return emitError() << "exit_policy min_layer must be >= 1, got "
                       << minLayer;
  if (patience < 1)
    return emitError() << "exit_policy patience must be >= 1, got "
                       << patience;
  return success();
}

/// `value` rounded to the nearest f32.
static APFloat toF32(APFloat value) {
  bool losesInfo;
  value.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven, &losesInfo);
  return value;
}

/// The bounds runtime.h documents for beex_check_model: a descriptor made
/// from a verified attribute passes it.
LogicalResult
CompiledModelAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                          int64_t vocabSize, int64_t maxPositions, int64_t labels,
                          int64_t layers, ExitPolicyAttr policy, int64_t scratchBytes) {
  auto atLeast = [&](StringRef name, int64_t value, int64_t minimum) -> LogicalResult {
    if (value >= minimum)
      return success();
    return emitError() << "compiled_model " << name << " must be >= " << minimum
                       << ", got " << value;
  };
  if (failed(atLeast("vocab_size", vocabSize, 1)) ||
      failed(atLeast("max_positions", maxPositions, 1)) ||
      failed(atLeast("labels", labels, 2)) || failed(atLeast("layers", layers, 1)) ||
      failed(atLeast("scratch_bytes", scratchBytes, 1)))
    return failure();
  if (vocabSize > (int64_t(1) << 31))
    return emitError() << "compiled_model vocab_size must be <= 2^31 (token ids "
                          "are int32), got "
                       << vocabSize;
  if (layers > std::numeric_limits<int32_t>::max())
    return emitError() << "compiled_model layers must fit in int32, got " << layers;
  if (policy.getMinLayer() > layers)
    return emitError() << "compiled_model policy min_layer " << policy.getMinLayer()
                       << " exceeds layers " << layers;
  if (!toF32(policy.getThreshold()).isFinite())
    return emitError() << "compiled_model policy threshold "
                       << policy.getThreshold().convertToDouble()
                       << " is not finite in f32, which compiled code decides in";
  return success();
}

float CompiledModelAttr::getF32Threshold() const {
  return toF32(getPolicy().getThreshold()).convertToFloat();
}

/// `<kind (, key = value)*>` where the keys are those the kind uses.
Attribute ExitPolicyAttr::parse(AsmParser &parser, Type) {
  std::string kindName;
  SMLoc kindLoc = parser.getCurrentLocation();
  if (parser.parseLess() || parser.parseKeywordOrString(&kindName))
    return {};
  std::optional<ExitPolicyKind> kind = symbolizeExitPolicyKind(kindName);
  if (!kind) {
    parser.emitError(kindLoc) << "unknown exit_policy kind '" << kindName
                              << "'; expected entropy_drop, entropy_below, "
                                 "patience or none";
    return {};
  }
  double threshold = kDefaultThreshold;
  int64_t minLayer = kDefaultMinLayer, patience = kDefaultPatience;
  bool usesThreshold = *kind == ExitPolicyKind::entropy_drop ||
                       *kind == ExitPolicyKind::entropy_below;
  while (succeeded(parser.parseOptionalComma())) {
    std::string key;
    SMLoc keyLoc = parser.getCurrentLocation();
    if (parser.parseKeywordOrString(&key) || parser.parseEqual())
      return {};
    ParseResult parsed = failure();
    if (key == "threshold" && usesThreshold)
      parsed = parser.parseFloat(threshold);
    else if (key == "min_layer")
      parsed = parser.parseInteger(minLayer);
    else if (key == "patience" && *kind == ExitPolicyKind::patience)
      parsed = parser.parseInteger(patience);
    else
      parser.emitError(keyLoc) << "exit_policy '" << kindName
                               << "' has no parameter '" << key << "'";
    if (failed(parsed))
      return {};
  }
  if (parser.parseGreater())
    return {};
  return parser.getChecked<ExitPolicyAttr>(
      parser.getContext(), *kind, APFloat(threshold), minLayer, patience);
}

void ExitPolicyAttr::print(AsmPrinter &printer) const {
  printer << '<' << stringifyExitPolicyKind(getKind());
  if (usesThreshold())
    printer << ", threshold = " << getThreshold().convertToDouble();
  if (usesPatience())
    printer << ", patience = " << getPatience();
  printer << ", min_layer = " << getMinLayer() << '>';
}
