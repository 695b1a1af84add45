//===- beex-translate.cpp - Translations into and out of beex IR ----------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// beex-translate --import-beex model.beex [-o model.mlir]
//
//===----------------------------------------------------------------------===//

#include "beex/Translate/ModelToIR.h"

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  mlir::beex::registerImportBeexTranslation();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "beex translation tool"));
}
