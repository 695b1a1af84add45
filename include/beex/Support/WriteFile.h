//===- WriteFile.h - Writing output files all or nothing --------*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Every beex tool writes its -o file this way, so that an error (or a crash)
// never leaves a partial file and never clobbers the previous one.
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_SUPPORT_WRITEFILE_H
#define BEEX_SUPPORT_WRITEFILE_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace beex {

/// Calls `write` on a temporary file beside `path` and renames it to `path`
/// when `write` succeeds ("-" writes to stdout). When `write` fails its error
/// is returned as is and the temporary file removed; errors of creating,
/// writing or renaming the file name `path` ("out.beex: Is a directory").
llvm::Error
writeFileAtomically(llvm::StringRef path,
                    llvm::function_ref<llvm::Error(llvm::raw_ostream &)> write);

} // namespace beex

#endif // BEEX_SUPPORT_WRITEFILE_H
