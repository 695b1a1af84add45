//===- BeexDialect.h - BEExformer dialect -----------------------*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_DIALECTS_BEEX_BEEXDIALECT_H
#define BEEX_DIALECTS_BEEX_BEEXDIALECT_H

#include "mlir/IR/Dialect.h"

#include "dialects/beex/BeexDialect.h.inc"

#endif // BEEX_DIALECTS_BEEX_BEEXDIALECT_H
