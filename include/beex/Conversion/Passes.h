//===- Passes.h - beex lowerings --------------------------------*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_CONVERSION_PASSES_H
#define BEEX_CONVERSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::beex {

#define GEN_PASS_DECL
#include "beex/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "beex/Conversion/Passes.h.inc"

} // namespace mlir::beex

#endif // BEEX_CONVERSION_PASSES_H
