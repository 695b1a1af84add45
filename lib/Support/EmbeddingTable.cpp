//===- EmbeddingTable.cpp - Embedding codes, scales and values ------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "beex/Support/EmbeddingTable.h"

#include <algorithm>
#include <cmath>

using namespace beex;

llvm::StringRef beex::toString(EmbeddingStorage storage) {
  switch (storage) {
  case EmbeddingStorage::F32:
    return "f32";
  case EmbeddingStorage::Int8:
    return "int8";
  case EmbeddingStorage::Q4:
    return "q4";
  }
  return "?";
}

uint16_t beex::floatToBf16(float value) {
  uint32_t word;
  std::memcpy(&word, &value, sizeof word);
  // Adding 0x7fff plus the lowest kept bit rounds to nearest, ties to even.
  word += 0x7fff + ((word >> 16) & 1);
  return uint16_t(word >> 16);
}

int EmbeddingTable::code(int64_t row, int64_t column) const {
  if (storage == EmbeddingStorage::Int8)
    return codes[row * columns + column];
  auto [offset, high] = q4Nibble(column);
  auto byte = uint8_t(codes[row * codesPerRow() + offset]);
  return int(high ? byte >> 4 : byte & 15) - kQ4Offset;
}

float EmbeddingTable::at(int64_t row, int64_t column) const {
  if (storage == EmbeddingStorage::F32)
    return values[row * columns + column];
  float scale = bf16ToFloat(scales[row * scalesPerRow() + column / groupColumns()]);
  return float(code(row, column)) * scale;
}

namespace {
/// round(x / scale) clamped to [-maxCode, maxCode]; 0 when the scale is 0.
int codeOf(float x, float scale, int maxCode) {
  if (scale == 0)
    return 0;
  return int(std::clamp(std::nearbyint(x / scale), float(-maxCode), float(maxCode)));
}

/// The bf16 scale of one group (docs/math.md §2.4): of the candidates
/// bf16(max |x| / d), the one whose codes have the least squared error,
/// summed in f64 column after column (python/beex/embedding_storage.py sums
/// in the same order, so both pick the same scale); d = m alone for Int8, and
/// for Q4 m first, then m + k/10 for k = -9 ... 9 (ggml's search for its
/// k-quants): with 15 levels, max |x| / m wastes levels on a lone outlier.
uint16_t groupScale(llvm::ArrayRef<float> group, int maxCode, bool search) {
  float largest = 0;
  for (float x : group)
    largest = std::max(largest, std::fabs(x));
  auto errorOf = [&](uint16_t bits) {
    float scale = bf16ToFloat(bits);
    double error = 0;
    for (float x : group) {
      double difference = double(float(codeOf(x, scale, maxCode)) * scale) - double(x);
      error += difference * difference;
    }
    return error;
  };
  uint16_t best = floatToBf16(largest / float(maxCode));
  if (!search)
    return best;
  double bestError = errorOf(best);
  for (int k = -9; k <= 9; ++k) {
    if (k == 0)
      continue;
    uint16_t bits = floatToBf16(largest / (float(10 * maxCode + k) / 10.0f));
    if (double error = errorOf(bits); error < bestError)
      best = bits, bestError = error;
  }
  return best;
}
} // namespace

QuantizedCodes beex::quantizeTable(llvm::ArrayRef<float> values, int64_t rows,
                                   int64_t columns, EmbeddingStorage storage) {
  EmbeddingTable layout{storage, rows, columns, {}, {}, {}};
  bool q4 = storage == EmbeddingStorage::Q4;
  int maxCode = q4 ? kQ4MaxCode : kInt8MaxCode;
  int64_t group = layout.groupColumns();
  QuantizedCodes result;
  result.codes.assign(rows * layout.codesPerRow(), q4 ? int8_t(kQ4Offset | kQ4Offset << 4) : 0);
  result.scales.reserve(rows * layout.scalesPerRow());
  for (int64_t row = 0; row < rows; ++row)
    for (int64_t first = 0; first < columns; first += group) {
      int64_t last = std::min(columns, first + group);
      uint16_t scaleBits =
          groupScale(values.slice(row * columns + first, last - first), maxCode, q4);
      result.scales.push_back(scaleBits);
      float scale = bf16ToFloat(scaleBits);
      for (int64_t column = first; column < last; ++column) {
        int code = codeOf(values[row * columns + column], scale, maxCode);
        if (!q4) {
          result.codes[row * columns + column] = int8_t(code);
          continue;
        }
        auto [offset, high] = EmbeddingTable::q4Nibble(column);
        auto &byte = reinterpret_cast<uint8_t &>(
            result.codes[row * layout.codesPerRow() + offset]);
        uint8_t nibble = uint8_t(code + kQ4Offset);
        byte = high ? uint8_t((byte & 0x0f) | nibble << 4)
                    : uint8_t((byte & 0xf0) | nibble);
      }
    }
  return result;
}
