//===- ToolOptions.h - The command line every beex tool shares --*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_SUPPORT_TOOLOPTIONS_H
#define BEEX_SUPPORT_TOOLOPTIONS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/CommandLine.h"

namespace beex {

/// Parses the command line of the beex tool `tool`, as clang does: --help
/// lists only the options in `categories` (and --help, --version), while
/// the hundreds that LLVM and MLIR register (code generation, debugging,
/// --mlir-timing, --mlir-print-ir-after-all) stay usable and are listed by
/// --help-hidden. --version prints beex's version and the LLVM it uses.
void parseToolOptions(int argc, char **argv, llvm::StringRef tool,
                      llvm::StringRef overview,
                      llvm::ArrayRef<const llvm::cl::OptionCategory *> categories);

/// The first half of parseToolOptions, for tools whose command line an MLIR
/// main function parses (beex-opt, beex-lsp-server): sets the --version
/// printer and hides every option registered so far that is not in
/// `categories`. The options MLIR registers afterwards, the tool's own, stay
/// listed by --help.
void hideForeignOptions(llvm::StringRef tool,
                        llvm::ArrayRef<const llvm::cl::OptionCategory *> categories);

} // namespace beex

#endif // BEEX_SUPPORT_TOOLOPTIONS_H
