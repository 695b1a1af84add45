//===- Binarize.cpp - Sign packing and weight scales ----------------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "beex/Support/Binarize.h"

#include <algorithm>
#include <cmath>

using namespace beex;

std::vector<uint64_t> beex::packSigns(llvm::ArrayRef<float> latent,
                                      int64_t rows, int64_t columns,
                                      unsigned wordBits) {
  int64_t words = signWordsPerRow(columns, wordBits);
  std::vector<uint64_t> packed(rows * words, 0);
  // A word at a time, from its wordBits values: a loop the compiler turns
  // into vector compares (a bit at a time was most of the import).
  for (int64_t j = 0; j < rows; ++j) {
    const float *row = latent.data() + j * columns;
    for (int64_t w = 0; w < words; ++w) {
      int64_t first = w * wordBits;
      int64_t count = std::min<int64_t>(wordBits, columns - first);
      uint64_t word = 0;
      for (int64_t b = 0; b < count; ++b) // sgn(v) = +1 iff v >= 0
        word |= uint64_t(!(row[first + b] >= 0.0f)) << b;
      packed[j * words + w] = word;
    }
  }
  return packed;
}

// Sums run in double so that the scale does not depend on summation order;
// every implementation then agrees to float rounding.
std::vector<float> beex::rowMeanAbs(llvm::ArrayRef<float> latent, int64_t rows,
                                    int64_t columns) {
  std::vector<float> scales(rows);
  for (int64_t j = 0; j < rows; ++j) {
    double sum = 0;
    for (int64_t k = 0; k < columns; ++k)
      sum += std::fabs(latent[j * columns + k]);
    scales[j] = static_cast<float>(sum / columns);
  }
  return scales;
}

float beex::meanAbs(llvm::ArrayRef<float> latent) {
  double sum = 0;
  for (float v : latent)
    sum += std::fabs(v);
  return static_cast<float>(sum / latent.size());
}
