//===- MappedPages.cpp - Paging a mapped file in and out ------------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "beex/Support/MappedPages.h"

#include "llvm/Support/MathExtras.h"
#include "llvm/Support/Process.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

using namespace llvm;

void beex::prefetchPages(const MemoryBuffer &buffer, StringRef bytes) {
#if defined(__linux__) && defined(MADV_POPULATE_READ)
  // Kernels before 5.14 refuse, which costs nothing.
  if (buffer.getBufferKind() != MemoryBuffer::MemoryBuffer_MMap || bytes.empty())
    return;
  uintptr_t page = sys::Process::getPageSizeEstimate();
  uintptr_t begin = alignDown(uintptr_t(bytes.begin()), page);
  uintptr_t end = alignTo(uintptr_t(bytes.end()), page);
  ::madvise(reinterpret_cast<void *>(begin), end - begin, MADV_POPULATE_READ);
#else
  (void)buffer;
  (void)bytes;
#endif
}

void beex::releasePages(const MemoryBuffer &buffer, StringRef bytes) {
#if defined(__linux__)
  if (buffer.getBufferKind() != MemoryBuffer::MemoryBuffer_MMap)
    return;
  uintptr_t page = sys::Process::getPageSizeEstimate();
  uintptr_t begin = alignTo(uintptr_t(bytes.begin()), page);
  uintptr_t end = alignDown(uintptr_t(bytes.end()), page);
  if (begin < end)
    ::madvise(reinterpret_cast<void *>(begin), end - begin, MADV_DONTNEED);
#else
  (void)buffer;
  (void)bytes;
#endif
}
