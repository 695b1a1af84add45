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
      float largest = 0;
      for (int64_t column = first; column < last; ++column)
        largest = std::max(largest, std::fabs(values[row * columns + column]));
      uint16_t scaleBits = floatToBf16(largest / float(maxCode));
      result.scales.push_back(scaleBits);
      float scale = bf16ToFloat(scaleBits);
      for (int64_t column = first; column < last; ++column) {
        float x = values[row * columns + column];
        int code = scale == 0 ? 0
                              : int(std::clamp(std::nearbyint(x / scale),
                                               float(-maxCode), float(maxCode)));
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
