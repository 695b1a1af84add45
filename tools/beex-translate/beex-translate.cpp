//===- beex-translate.cpp - Translations into and out of beex IR ----------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// beex-translate --import-beex model.beex [-o model.mlir]
//
// mlir-translate's driver reduced to what beex needs, except that -o FILE is
// written through a temporary file renamed into place on success: an error
// leaves FILE as it was (absent or old), never empty or half written.
//
//===----------------------------------------------------------------------===//

#include "beex/Support/ToolOptions.h"
#include "beex/Support/WriteFile.h"
#include "beex/Translate/ModelToIR.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  mlir::registerTranslationCLOptions();
  mlir::beex::registerImportBeexTranslation();

  static cl::OptionCategory translateOptions("beex-translate options");
  static cl::opt<std::string> inputFilename(cl::Positional, cl::desc("<input file>"),
                                            cl::init("-"), cl::cat(translateOptions));
  static cl::opt<std::string> outputFilename("o", cl::desc("Output filename"),
                                             cl::value_desc("filename"),
                                             cl::init("-"), cl::cat(translateOptions));
  static cl::opt<const mlir::Translation *, false, mlir::TranslationParser>
      translation("", cl::desc("Translation to perform"), cl::Required,
                  cl::cat(translateOptions));
  beex::parseToolOptions(argc, argv, "beex-translate", "beex translation tool\n",
                         {&translateOptions});

  auto fail = [](const Twine &message) {
    WithColor::error(errs(), "beex-translate") << message << "\n";
    return 1;
  };
  std::string message;
  std::optional<Align> alignment = translation->getInputAlignment();
  std::unique_ptr<MemoryBuffer> input =
      alignment ? mlir::openInputFile(inputFilename, *alignment, &message)
                : mlir::openInputFile(inputFilename, &message);
  if (!input)
    return fail(message);
  auto sourceMgr = std::make_shared<SourceMgr>();
  sourceMgr->AddNewSourceBuffer(std::move(input), SMLoc());

  mlir::MLIRContext context;
  mlir::SourceMgrDiagnosticHandler handler(*sourceMgr, &context);
  // The diagnostics are already printed when the translation fails.
  bool failed = false;
  Error error = beex::writeFileAtomically(outputFilename, [&](raw_ostream &os) {
    failed = mlir::failed((*translation)(sourceMgr, os, &context));
    return failed ? createStringError(inconvertibleErrorCode(), "")
                  : Error::success();
  });
  if (failed) {
    consumeError(std::move(error));
    return 1;
  }
  if (error)
    return fail(toString(std::move(error)));
  return 0;
}
