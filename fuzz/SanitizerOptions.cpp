//===- SanitizerOptions.cpp - Default sanitizer options of the fuzzers ----===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// LLVM's BumpPtrAllocator and Recycler poison the memory they hand out when
// the code including them is built with ASan. beex is, Debian's LLVM and MLIR
// are not, and the linker keeps one copy of each inline function: memory that
// an instrumented copy poisoned is handed out by an uninstrumented one that
// never unpoisons it, and the next instrumented read is a false
// "use-after-poison". allow_user_poisoning=0 turns that poisoning off (real
// heap, stack and global errors are still found). lit (test/lit.cfg.py) and
// scripts/fuzz.sh set the same in ASAN_OPTIONS; an explicit ASAN_OPTIONS
// takes precedence over these defaults.
//
//===----------------------------------------------------------------------===//

extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0:detect_leaks=1";
}
