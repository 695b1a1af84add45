//===- EmbeddingTable.h - Embedding tables stored as f32 or codes -*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The storage formats of the word and position tables (docs/math.md §2.4):
// f32 values, or integer codes with bf16 scales. This file holds the one
// definition of the value a code stands for (EmbeddingTable::at) and the one
// quantizer: beex-import quantizes with it, the reference interpreter reads
// values through it, and the compiled gather (BeexToLoops' lowerEmbed)
// computes the same f32 product from the same bytes.
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_SUPPORT_EMBEDDINGTABLE_H
#define BEEX_SUPPORT_EMBEDDINGTABLE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

namespace beex {

/// How an embedding table is stored. beex/Model/EnumAgreement.h ties the
/// .beex schema's spelling to these numbers.
enum class EmbeddingStorage {
  F32,  ///< f32 values.
  Int8, ///< One int8 code per value, one scale per row.
  Q4,   ///< One 4-bit code per value, one scale per kQ4GroupColumns columns.
};

/// The spellings of beex-import's --embeddings: "f32", "int8", "q4".
llvm::StringRef toString(EmbeddingStorage storage);

/// Columns of a row that share one scale in Q4.
constexpr int64_t kQ4GroupColumns = 32;
/// The largest code magnitude: codes are symmetric, in [-max, max].
constexpr int kInt8MaxCode = 127;
constexpr int kQ4MaxCode = 7;
/// A Q4 nibble holds code + kQ4Offset, in [1, 15].
constexpr int kQ4Offset = 8;

/// bf16 bits (the high half of an f32) as the f32 they stand for: exact.
inline float bf16ToFloat(uint16_t bits) {
  uint32_t word = uint32_t(bits) << 16;
  float value;
  std::memcpy(&value, &word, sizeof value);
  return value;
}

/// The bf16 nearest to the finite `value` (ties to even).
uint16_t floatToBf16(float value);

/// A [rows, columns] table in one of the storage formats, viewing memory the
/// model owns.
struct EmbeddingTable {
  EmbeddingStorage storage = EmbeddingStorage::F32;
  int64_t rows = 0, columns = 0;
  /// F32: the values, row-major.
  llvm::ArrayRef<float> values;
  /// Int8: one code per value, row-major. Q4: codesPerRow() bytes per row,
  /// 16 per group of 32 columns: byte k of group g holds column 32g + k in
  /// its low nibble and column 32g + 16 + k in its high nibble, each as
  /// code + kQ4Offset; columns past the row's end hold code 0.
  llvm::ArrayRef<int8_t> codes;
  /// bf16 bits, [rows, scalesPerRow()] row-major.
  llvm::ArrayRef<uint16_t> scales;

  /// Columns that share a scale.
  int64_t groupColumns() const {
    return storage == EmbeddingStorage::Q4 ? kQ4GroupColumns : columns;
  }
  int64_t scalesPerRow() const {
    return storage == EmbeddingStorage::Q4
               ? (columns + kQ4GroupColumns - 1) / kQ4GroupColumns
               : 1;
  }
  int64_t codesPerRow() const {
    return storage == EmbeddingStorage::Q4 ? scalesPerRow() * kQ4GroupColumns / 2
                                           : columns;
  }
  /// Where column `column` of a Q4 row lives: its byte in the row, and
  /// whether it is that byte's high nibble (the layout of `codes`).
  static std::pair<int64_t, bool> q4Nibble(int64_t column) {
    constexpr int64_t half = kQ4GroupColumns / 2;
    int64_t within = column % kQ4GroupColumns;
    return {column / kQ4GroupColumns * half + within % half, within >= half};
  }
  /// The integer code of [row][column] (not for F32).
  int code(int64_t row, int64_t column) const;
  /// The value of [row][column]: for codes, code * scale in f32.
  float at(int64_t row, int64_t column) const;
};

/// Codes and bf16 scales of a table in Int8 or Q4 (EmbeddingTable's layout).
struct QuantizedCodes {
  std::vector<int8_t> codes;
  std::vector<uint16_t> scales;
};

/// Quantizes the row-major `rows x columns` f32 `values`: per group (a row,
/// or 32 columns), a bf16 scale (max |x| / max code for Int8; for Q4 the one
/// with the least squared error among max |x| / d, d near the max code) and
/// each code round(x / scale), clamped to [-max code, max code]; a group of
/// zeros has scale 0.
QuantizedCodes quantizeTable(llvm::ArrayRef<float> values, int64_t rows,
                             int64_t columns, EmbeddingStorage storage);

} // namespace beex

#endif // BEEX_SUPPORT_EMBEDDINGTABLE_H
