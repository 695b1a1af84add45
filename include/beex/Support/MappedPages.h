//===- MappedPages.h - Paging a mapped file in and out --------*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Weight files are read once, front to back. For a mapped file these keep
// what a tool holds in memory near what it is working on, not the whole
// file: pages are mapped in per tensor and handed back once read (the file
// stays readable: a later read maps them in again). Both do nothing for a
// buffer that is not mapped, or off Linux.
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_SUPPORT_MAPPEDPAGES_H
#define BEEX_SUPPORT_MAPPEDPAGES_H

#include "llvm/Support/MemoryBuffer.h"

namespace beex {

/// Maps in the pages of `buffer` that `bytes` covers, in one call.
void prefetchPages(const llvm::MemoryBuffer &buffer, llvm::StringRef bytes);

/// Gives back the memory of the whole pages of `buffer` inside `bytes`.
void releasePages(const llvm::MemoryBuffer &buffer, llvm::StringRef bytes);

} // namespace beex

#endif // BEEX_SUPPORT_MAPPEDPAGES_H
