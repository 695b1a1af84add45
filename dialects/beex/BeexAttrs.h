//===- BeexAttrs.h - BEExformer attributes ----------------------*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_DIALECTS_BEEX_BEEXATTRS_H
#define BEEX_DIALECTS_BEEX_BEEXATTRS_H

#include "beex/Support/Binarize.h"
#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"

#include "dialects/beex/BeexEnums.h.inc"

#include "dialects/beex/BeexAttrInterfaces.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/beex/BeexAttrs.h.inc"

#endif // BEEX_DIALECTS_BEEX_BEEXATTRS_H
