//===- GlobalBuilder.cpp - Constant globals of runtime.h's structs --------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "GlobalBuilder.h"

using namespace mlir;
using namespace mlir::beex;
using ::beex::abi::FieldType;

LLVM::GlobalOp mlir::beex::internalConstant(OpBuilder &builder, Location loc, Type type,
                                            const Twine &name, Attribute value) {
  auto global = builder.create<LLVM::GlobalOp>(loc, type, /*isConstant=*/true,
                                               LLVM::Linkage::Internal, name.str(), value);
  global.setUnnamedAddr(LLVM::UnnamedAddr::Global);
  return global;
}

void StructBuilder::integer(unsigned field, int64_t value) {
  assert(fields[field].type == FieldType::i32 || fields[field].type == FieldType::i64);
  values[field] = FieldValue{FieldValue::Integer, value, 0, {}};
}

void StructBuilder::f32(unsigned field, float value) {
  assert(fields[field].type == FieldType::f32);
  values[field] = FieldValue{FieldValue::Float, 0, value, {}};
}

void StructBuilder::address(unsigned field, StringRef symbol) {
  assert(fields[field].type == FieldType::ptr);
  values[field] = FieldValue{FieldValue::Symbol, 0, 0, symbol.str()};
}

void StructBuilder::null(unsigned field) {
  assert(fields[field].type == FieldType::ptr);
  values[field] = FieldValue{FieldValue::Null, 0, 0, {}};
}

Type StructBuilder::llvmType(FieldType type) {
  switch (type) {
  case FieldType::i32:
    return builder.getI32Type();
  case FieldType::i64:
    return builder.getI64Type();
  case FieldType::f32:
    return builder.getF32Type();
  case FieldType::ptr:
    return LLVM::LLVMPointerType::get(builder.getContext());
  }
  llvm_unreachable("unknown field type");
}

LLVM::GlobalOp StructBuilder::define(const Twine &name, LLVM::Linkage linkage) {
  SmallVector<Type> types;
  for (const ::beex::abi::Field &field : fields)
    types.push_back(llvmType(field.type));
  auto type = LLVM::LLVMStructType::getIdentified(builder.getContext(), typeName);
  if (!type.isInitialized())
    (void)type.setBody(types, /*isPacked=*/false);
  assert(type.getBody() == ArrayRef<Type>(types) && "one layout per struct name");

  auto global = builder.create<LLVM::GlobalOp>(loc, type, /*isConstant=*/true, linkage,
                                               name.str(), Attribute());
  OpBuilder::InsertionGuard guard(builder);
  builder.createBlock(&global.getInitializerRegion());
  Value result = builder.create<LLVM::UndefOp>(loc, type);
  for (auto [index, value] : llvm::enumerate(values)) {
    assert(value && "every field of the struct needs a value");
    Type fieldType = types[index];
    Value field;
    switch (value->kind) {
    case FieldValue::Integer:
      field = builder.create<LLVM::ConstantOp>(
          loc, fieldType, builder.getIntegerAttr(fieldType, value->integer));
      break;
    case FieldValue::Float:
      field = builder.create<LLVM::ConstantOp>(loc, fieldType,
                                               builder.getF32FloatAttr(value->real));
      break;
    case FieldValue::Symbol:
      field = builder.create<LLVM::AddressOfOp>(loc, fieldType, value->symbol);
      break;
    case FieldValue::Null:
      field = builder.create<LLVM::ZeroOp>(loc, fieldType);
      break;
    }
    result = builder.create<LLVM::InsertValueOp>(loc, result, field, index);
  }
  builder.create<LLVM::ReturnOp>(loc, result);
  return global;
}
