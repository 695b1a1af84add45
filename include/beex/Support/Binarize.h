//===- Binarize.h - Sign packing and weight scales --------------*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The arithmetic of docs/math.md §2 that turns a latent weight into what compiled code
// uses, shared by the dialect's folders and the checkpoint importer so the two
// cannot disagree.
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_SUPPORT_BINARIZE_H
#define BEEX_SUPPORT_BINARIZE_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <vector>

namespace beex {

/// Words of `wordBits` bits needed for one row of `columns` signs.
inline int64_t signWordsPerRow(int64_t columns, unsigned wordBits) {
  return (columns + wordBits - 1) / wordBits;
}

/// Packs the signs of the row-major `rows x columns` matrix `latent`: bit
/// `k % wordBits` of word `k / wordBits` of a row is set when element k is
/// not >= 0 (so sgn(0) = sgn(-0) = +1). Padding bits are zero. Each returned word holds
/// `wordBits` (8, 16, 32 or 64) significant bits.
std::vector<uint64_t> packSigns(llvm::ArrayRef<float> latent, int64_t rows,
                                int64_t columns, unsigned wordBits);

/// Mean absolute value of each row (the `per_channel` scale).
std::vector<float> rowMeanAbs(llvm::ArrayRef<float> latent, int64_t rows,
                              int64_t columns);

/// Mean absolute value of the whole matrix (the `per_tensor` scale).
float meanAbs(llvm::ArrayRef<float> latent);

} // namespace beex

#endif // BEEX_SUPPORT_BINARIZE_H
