//===- BeexEnums.td - BEExformer enumerations ---------------*- tablegen -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_ENUMS_TD
#define BEEX_ENUMS_TD

include "mlir/IR/EnumAttr.td"

def Beex_ActivationMode : I32EnumAttr<"ActivationMode",
    "what a binarized linear multiplies its packed signs with", [
      I32EnumAttrCase<"f32", 0>,
      I32EnumAttrCase<"int8", 1>,
      I32EnumAttrCase<"binary", 2>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::beex";
}

def Beex_ScaleMode : I32EnumAttr<"ScaleMode",
    "how the scale alpha of a binarized weight is computed", [
      I32EnumAttrCase<"per_channel", 0>,
      I32EnumAttrCase<"per_tensor", 1>,
      I32EnumAttrCase<"none", 2>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::beex";
}

def Beex_PoolingKind : I32EnumAttr<"PoolingKind",
    "which rows an exit head sees", [
      I32EnumAttrCase<"mean", 0>,
      I32EnumAttrCase<"cls", 1>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::beex";
}

def Beex_ExitPolicyKind : I32EnumAttr<"ExitPolicyKind",
    "the rule that decides whether to stop after a block", [
      I32EnumAttrCase<"entropy_drop", 0>,
      I32EnumAttrCase<"entropy_below", 1>,
      I32EnumAttrCase<"patience", 2>,
      I32EnumAttrCase<"none", 3>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::beex";
}

#endif // BEEX_ENUMS_TD
