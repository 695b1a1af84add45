//===- AttentionPatterns.h - Which keys a query row may see -----*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The masks of the sparse attention patterns (docs/math.md §3.3), written once: the
// Model's AttentionPattern (reference interpreter, import) and the dialect's
// pattern attributes both ask these functions.
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_SUPPORT_ATTENTIONPATTERNS_H
#define BEEX_SUPPORT_ATTENTIONPATTERNS_H

#include "llvm/ADT/ArrayRef.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>

namespace beex {

/// Local: keys within `window` rows of the query, on either side.
inline bool localPatternAllows(int64_t window, int64_t query, int64_t key) {
  return std::abs(query - key) <= window;
}

/// Strided: the `stride - 1` nearest rows on either side, and every key a
/// multiple of `stride` rows away.
inline bool stridedPatternAllows(int64_t stride, int64_t query, int64_t key) {
  int64_t distance = query - key;
  return std::abs(distance) < stride || distance % stride == 0;
}

/// Block sparse: rows in blocks of `block`; a query sees the keys of the
/// blocks within `band` blocks of its own, and any row of a global block
/// (`globalBlocks` sorted, unique) sees and is seen by every row.
inline bool blockSparsePatternAllows(int64_t block, int64_t band,
                                     llvm::ArrayRef<int64_t> globalBlocks,
                                     int64_t query, int64_t key) {
  int64_t queryBlock = query / block, keyBlock = key / block;
  auto isGlobal = [&](int64_t b) {
    return std::binary_search(globalBlocks.begin(), globalBlocks.end(), b);
  };
  return std::abs(queryBlock - keyBlock) <= band || isGlobal(queryBlock) ||
         isGlobal(keyBlock);
}

} // namespace beex

#endif // BEEX_SUPPORT_ATTENTIONPATTERNS_H
