//===- ReplayMain.cpp - Running a fuzz target without libFuzzer -----------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// beex-fuzz-<target> FILE|DIR...: calls the target once per file (a folder's
// files in name order), as a libFuzzer binary does when given files. Builds
// without BEEX_BUILD_FUZZERS link this instead of libFuzzer, so that the
// committed corpora and regression inputs run in every test suite.
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

int main(int argc, char **argv) {
  if (LLVMFuzzerInitialize)
    LLVMFuzzerInitialize(&argc, &argv);
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    if (!llvm::sys::fs::is_directory(argv[i])) {
      files.push_back(argv[i]);
      continue;
    }
    std::vector<std::string> entries;
    std::error_code error;
    for (llvm::sys::fs::directory_iterator entry(argv[i], error), end;
         entry != end && !error; entry.increment(error))
      if (llvm::sys::fs::is_regular_file(entry->path()))
        entries.push_back(entry->path());
    if (error) {
      llvm::errs() << argv[i] << ": " << error.message() << "\n";
      return 1;
    }
    llvm::sort(entries);
    llvm::append_range(files, entries);
  }
  for (const std::string &file : files) {
    auto buffer = llvm::MemoryBuffer::getFile(file, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!buffer) {
      llvm::errs() << file << ": " << buffer.getError().message() << "\n";
      return 1;
    }
    // A copy of exactly the file's size, so ASan sees any read past the end.
    std::vector<uint8_t> bytes((*buffer)->getBufferStart(),
                               (*buffer)->getBufferEnd());
    static uint8_t empty;
    LLVMFuzzerTestOneInput(bytes.empty() ? &empty : bytes.data(), bytes.size());
  }
  llvm::outs() << "replayed " << files.size() << " inputs\n";
  return 0;
}
