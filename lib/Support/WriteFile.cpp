//===- WriteFile.cpp - Writing output files all or nothing ----------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "beex/Support/WriteFile.h"

#include "llvm/Support/FileUtilities.h"

using namespace llvm;

Error beex::writeFileAtomically(StringRef path,
                                function_ref<Error(raw_ostream &)> write) {
  bool writeFailed = false;
  Error error = writeToOutput(path, [&](raw_ostream &os) -> Error {
    Error written = write(os);
    if (written)
      writeFailed = true;
    return written;
  });
  if (!error || writeFailed)
    return error;
  // writeToOutput names the file when it cannot create the temporary one,
  // but not when the rename fails.
  std::string message;
  handleAllErrors(
      std::move(error),
      [&](const FileError &fileError) {
        message = fileError.messageWithoutFileInfo();
      },
      [&](const ErrorInfoBase &other) { message = other.message(); });
  return createStringError(inconvertibleErrorCode(), path + ": " + message);
}
