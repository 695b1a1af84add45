//===- beex-lsp-server.cpp - MLIR language server for beex IR -------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// mlir-lsp-server with every dialect of beex IR registered (the beex ops down
// to the llvm dialect), so an editor's MLIR extension shows diagnostics,
// hover and go-to-definition on .mlir files with beex ops. It speaks the
// Language Server Protocol over stdin/stdout; point the editor's
// "mlir.server_path" setting at it (README.md, "Editor support").
//
//===----------------------------------------------------------------------===//

#include "beex/Pipeline/CompilePipeline.h"
#include "beex/Support/ToolOptions.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-lsp-server/MlirLspServerMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::beex::registerPipelineDialects(registry);
  // MlirLspServerMain registers and parses its own options after this.
  beex::hideForeignOptions("beex-lsp-server", {});
  return mlir::failed(mlir::MlirLspServerMain(argc, argv, registry)) ? 1 : 0;
}
