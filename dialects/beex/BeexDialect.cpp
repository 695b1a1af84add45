//===- BeexDialect.cpp - BEExformer dialect registration ------------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "dialects/beex/BeexDialect.h"
#include "dialects/beex/BeexOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"

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
