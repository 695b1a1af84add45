//===- BeexDialect.cpp - BEExformer dialect registration ------------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "dialects/beex/BeexDialect.h"
#include "dialects/beex/BeexOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace mlir::beex;

#include "dialects/beex/BeexDialect.cpp.inc"

void BeexDialect::initialize() {
  registerAttributes();
  addOperations<
#define GET_OP_LIST
#include "dialects/beex/BeexOps.cpp.inc"
      >();
}

/// Folded weights (packed signs, scales) become `arith.constant`s, which keep
/// the `#beex.sign_bits` encoding of their tensor type.
Operation *BeexDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                            Type type, Location loc) {
  auto typed = dyn_cast<TypedAttr>(value);
  if (!typed || typed.getType() != type)
    return nullptr;
  return builder.create<arith::ConstantOp>(loc, type, typed);
}

/// The module's vocabulary and a compiled function's model facts.
LogicalResult BeexDialect::verifyOperationAttribute(Operation *op,
                                                    NamedAttribute attribute) {
  if (attribute.getName() == getCompiledModelAttrName()) {
    if (!isa<FunctionOpInterface>(op))
      return op->emitOpError() << "'" << getCompiledModelAttrName()
                               << "' belongs on a function";
    if (!isa<CompiledModelAttr>(attribute.getValue()))
      return op->emitOpError() << "'" << getCompiledModelAttrName()
                               << "' must be a #beex.compiled_model";
    return success();
  }
  if (attribute.getName() != getVocabularyAttrName())
    return success();
  if (!isa<ModuleOp>(op))
    return op->emitOpError() << "'" << getVocabularyAttrName()
                             << "' belongs on the module";
  auto pieces = dyn_cast<ElementsAttr>(attribute.getValue());
  auto type = pieces ? dyn_cast<RankedTensorType>(pieces.getType()) : nullptr;
  if (!type || type.getRank() != 1 || !type.getElementType().isInteger(8))
    return op->emitOpError() << "'" << getVocabularyAttrName()
                             << "' must be a tensor<N x i8> of pieces, each "
                                "ended by a line break";
  return success();
}
