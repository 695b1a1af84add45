//===- Model.cpp - Names and attention masks of the model -----------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "beex/Model/Model.h"
#include "beex/Support/AttentionPatterns.h"

#include <algorithm>
#include <cassert>
#include <cstdlib>

using namespace beex;
using llvm::StringRef;

StringRef beex::toString(Activations value) {
  switch (value) {
  case Activations::F32:
    return "f32";
  case Activations::Int8:
    return "int8";
  case Activations::Binary:
    return "binary";
  }
  return "?";
}

StringRef beex::toString(ScaleMode value) {
  switch (value) {
  case ScaleMode::PerChannel:
    return "per_channel";
  case ScaleMode::PerTensor:
    return "per_tensor";
  case ScaleMode::None:
    return "none";
  }
  return "?";
}

StringRef beex::toString(PatternType value) {
  switch (value) {
  case PatternType::Dense:
    return "dense";
  case PatternType::Local:
    return "local";
  case PatternType::Strided:
    return "strided";
  case PatternType::BlockSparse:
    return "block_sparse";
  }
  return "?";
}

StringRef beex::toString(Pooling value) {
  return value == Pooling::Mean ? "mean" : "cls";
}

StringRef beex::toString(ExitPolicyType value) {
  switch (value) {
  case ExitPolicyType::EntropyDrop:
    return "entropy_drop";
  case ExitPolicyType::EntropyBelow:
    return "entropy_below";
  case ExitPolicyType::Patience:
    return "patience";
  case ExitPolicyType::None:
    return "none";
  }
  return "?";
}

bool AttentionPattern::allows(int64_t query, int64_t key) const {
  switch (type) {
  case PatternType::Dense:
    return true;
  case PatternType::Local:
    return localPatternAllows(window, query, key);
  case PatternType::Strided:
    return stridedPatternAllows(stride, query, key);
  case PatternType::BlockSparse:
    return blockSparsePatternAllows(block, band, globalBlocks, query, key);
  }
  return false;
}

void Model::quantizeEmbeddings(EmbeddingStorage storage) {
  for (EmbeddingTable *table : {&wordEmbeddings, &positionEmbeddings}) {
    assert(table->storage == EmbeddingStorage::F32 && "quantizes f32 tables");
    if (storage == EmbeddingStorage::F32)
      continue;
    QuantizedCodes quantized =
        quantizeTable(table->values, table->rows, table->columns, storage);
    table->storage = storage;
    table->values = {};
    table->codes = keep(std::move(quantized.codes));
    table->scales = keep(std::move(quantized.scales));
  }
}
