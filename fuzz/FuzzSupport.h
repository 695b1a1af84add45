//===- FuzzSupport.h - Shared checks of the beex fuzzers --------*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What every fuzzer that gets a valid Model does with it: write it as a .beex
// file and read it back, run the reference interpreter on a few tokens (when
// the model is small enough to run in milliseconds) and check the result's
// invariants. An accepted model that crashes or misbehaves here means the
// importer's checks are not enough. Also what the runtime fuzzers share: a
// buffer that ends at an inaccessible page.
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_FUZZ_FUZZSUPPORT_H
#define BEEX_FUZZ_FUZZSUPPORT_H

#include "beex/Import/BeexFile.h"
#include "beex/Model/Model.h"
#include "beex/Reference/Interpreter.h"

#include "llvm/Support/raw_ostream.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>

/// Provided by the sanitizer runtimes; it prints where their reports go,
/// which stays open under libFuzzer's -close_fd_mask=2.
extern "C" __attribute__((weak)) void
__sanitizer_report_error_summary(const char *summary);

namespace beex::fuzz {

/// Stops the fuzzer with a message: a broken invariant is a finding.
[[noreturn]] inline void fail(const llvm::Twine &message) {
  std::string text = "beex fuzz invariant violated: " + message.str();
  llvm::errs() << text << "\n";
  llvm::errs().flush();
  if (__sanitizer_report_error_summary)
    __sanitizer_report_error_summary(text.c_str());
  std::abort();
}

/// A buffer whose usable bytes end right before an inaccessible page, so
/// that code no sanitizer instruments (generated code, or any code reading
/// past a length it was given) faults on the first byte past what it got.
class GuardedArena {
public:
  explicit GuardedArena(size_t capacity) {
    size_t page = size_t(sysconf(_SC_PAGESIZE));
    size_t bytes = (capacity + page - 1) / page * page;
    void *memory = mmap(nullptr, bytes + page, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED)
      fail("mmap failed");
    begin = static_cast<char *>(memory);
    end = begin + bytes;
    if (mprotect(end, page, PROT_NONE) != 0)
      fail("mprotect failed");
  }
  /// `bytes` bytes ending at the guard page, moved down to `align`.
  char *tail(size_t bytes, size_t align = 1) {
    if (bytes > size_t(end - begin))
      fail("arena too small");
    uintptr_t start = uintptr_t(end - bytes) & ~uintptr_t(align - 1);
    return reinterpret_cast<char *>(start);
  }
  size_t capacity() const { return size_t(end - begin); }

private:
  char *begin, *end;
};

/// Multiply-adds of one reference run on `length` tokens, in double so that
/// absurd configs cannot overflow the estimate.
inline double referenceWork(const ModelConfig &c, int64_t length) {
  double s = double(length), d = double(c.hidden), f = double(c.intermediate);
  return double(c.layers) * s * (4 * d * d + 4 * d * f + 2 * s * d) +
         s * d + double(c.layers) * double(c.labels) * d;
}

/// Runs the reference on up to 8 tokens chosen from `seed` with the default
/// policy and with overrides, when that costs at most `maxWork`; checks the
/// shape of each result (docs/math.md §3-4).
inline void runReferenceBounded(const Model &model, uint64_t seed,
                                double maxWork = 2e6) {
  const ModelConfig &c = model.config;
  int64_t length = std::min<int64_t>(c.maxPositions, 1 + int64_t(seed % 8));
  if (referenceWork(c, length) > maxWork)
    return;
  std::vector<int64_t> tokens;
  for (int64_t i = 0; i < length; ++i)
    tokens.push_back(int64_t((seed >> 3) + uint64_t(i) * 7919u) % c.vocabSize);

  RunOptions overrides;
  overrides.threshold = double(seed % 5) / 4.0;
  overrides.patience = 1 + int64_t(seed % 3);
  RunOptions fullDepth;
  fullDepth.fullDepth = true;
  for (const RunOptions &options : {RunOptions(), overrides, fullDepth}) {
    llvm::Expected<RunResult> result = runReference(model, tokens, options);
    if (!result)
      fail("the reference rejected valid tokens: " +
           llvm::toString(result.takeError()));
    int64_t exit = result->exitLayer;
    if (exit < c.exitPolicy.minLayer || exit > c.layers)
      fail("exit layer " + llvm::Twine(exit) + " out of range");
    if ((options.fullDepth || c.exitPolicy.type == ExitPolicyType::None) &&
        exit != c.layers)
      fail("full depth did not run every layer");
    if (int64_t(result->logits.size()) != c.labels)
      fail("wrong number of logits");
    if (int64_t(result->entropies.size()) != exit - c.exitPolicy.minLayer + 1)
      fail("wrong number of entropies");
  }
}

/// Whatever a reader accepted must write as a .beex file that the reader
/// accepts again (`what` names the model in the message).
inline void checkRewrites(const Model &model, llvm::StringRef what) {
  llvm::Expected<std::string> bytes = serializeBeexModel(model);
  if (!bytes)
    fail(what + " does not serialize: " + llvm::toString(bytes.takeError()));
  llvm::Expected<std::unique_ptr<Model>> reread = readBeexBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(*bytes, "rewritten.beex"));
  if (!reread)
    fail("the .beex reader rejects " + what + " once written: " +
         llvm::toString(reread.takeError()));
}

/// A cheap deterministic hash of the input, to pick tokens from.
inline uint64_t hashBytes(const uint8_t *data, size_t size) {
  uint64_t hash = 1469598103934665603u;
  for (size_t i = 0; i < size; ++i)
    hash = (hash ^ data[i]) * 1099511628211u;
  return hash;
}

} // namespace beex::fuzz

#endif // BEEX_FUZZ_FUZZSUPPORT_H
