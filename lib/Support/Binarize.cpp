//===- Binarize.cpp - Sign packing and weight scales ----------------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "beex/Support/Binarize.h"

#include <cmath>

using namespace beex;

std::vector<uint64_t> beex::packSigns(llvm::ArrayRef<float> latent,
                                      int64_t rows, int64_t columns,
                                      unsigned wordBits) {
  int64_t words = signWordsPerRow(columns, wordBits);
  std::vector<uint64_t> packed(rows * words, 0);
  for (int64_t j = 0; j < rows; ++j)
    for (int64_t k = 0; k < columns; ++k)
      if (!(latent[j * columns + k] >= 0.0f)) // sgn(v) = +1 iff v >= 0
        packed[j * words + k / wordBits] |= uint64_t(1) << (k % wordBits);
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
