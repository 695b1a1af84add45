//===- GlobalBuilder.h - Constant globals of runtime.h's structs -*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_LIB_CONVERSION_BEEXTOLLVM_GLOBALBUILDER_H
#define BEEX_LIB_CONVERSION_BEEXTOLLVM_GLOBALBUILDER_H

#include "RuntimeAbi.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"

#include <optional>
#include <string>

namespace mlir::beex {

/// An internal, unnamed_addr constant global with `value` as its data.
LLVM::GlobalOp internalConstant(OpBuilder &builder, Location loc, Type type,
                                const Twine &name, Attribute value);

/// A constant global of one of runtime.h's structs, filled field by field
/// (indices of a RuntimeAbi.h field table) and then defined with an
/// initializer region of insertvalues, which LLVM folds into one constant.
class StructBuilder {
public:
  template <std::size_t N>
  StructBuilder(OpBuilder &builder, Location loc, StringRef typeName,
                const ::beex::abi::Field (&fields)[N])
      : builder(builder), loc(loc), typeName(typeName), fields(fields), values(N) {}

  /// An i32 or i64 field.
  void integer(unsigned field, int64_t value);
  void f32(unsigned field, float value);
  /// A pointer field: the address of a global or function, or null.
  void address(unsigned field, StringRef symbol);
  void address(unsigned field, LLVM::GlobalOp global) {
    address(field, global.getSymName());
  }
  void null(unsigned field);

  /// Defines the global at the builder's insertion point; every field must
  /// have been given a value.
  LLVM::GlobalOp define(const Twine &name, LLVM::Linkage linkage);

private:
  struct FieldValue {
    enum { Integer, Float, Symbol, Null } kind;
    int64_t integer = 0;
    float real = 0;
    std::string symbol;
  };
  Type llvmType(::beex::abi::FieldType type);

  OpBuilder &builder;
  Location loc;
  std::string typeName;
  ArrayRef<::beex::abi::Field> fields;
  SmallVector<std::optional<FieldValue>> values;
};

} // namespace mlir::beex

#endif // BEEX_LIB_CONVERSION_BEEXTOLLVM_GLOBALBUILDER_H
