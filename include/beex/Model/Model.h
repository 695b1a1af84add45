//===- Model.h - A BEExformer in compiled form ------------------*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The in-memory model every tool works on: the configuration of
// docs/checkpoint.md and the weights in compiled form (packed signs, scales,
// real tensors). The importer builds it from a checkpoint, the .beex reader
// from a file (viewing the file's memory in place), and the reference
// interpreter and the IR translation read it. Plain C++: no MLIR, so the
// reference stays independent of the compiler.
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_MODEL_MODEL_H
#define BEEX_MODEL_MODEL_H

#include "beex/Support/Binarize.h"
#include "beex/Support/EmbeddingTable.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace beex {

// Each enum's one definition (EmbeddingStorage's is in EmbeddingTable.h);
// beex/Model/EnumAgreement.h ties the .beex schema's, the dialect's and the C
// runtime's spellings to these numbers.
enum class Activations { F32, Int8, Binary };
enum class ScaleMode { PerChannel, PerTensor, None };
enum class PatternType { Dense, Local, Strided, BlockSparse };
enum class Pooling { Mean, Cls };
enum class ExitPolicyType { EntropyDrop, EntropyBelow, Patience, None };

/// The spellings of config.json, used for parsing and printing.
llvm::StringRef toString(Activations value);
llvm::StringRef toString(ScaleMode value);
llvm::StringRef toString(PatternType value);
llvm::StringRef toString(Pooling value);
llvm::StringRef toString(ExitPolicyType value);

struct AttentionPattern {
  PatternType type = PatternType::Dense;
  int64_t window = 0, stride = 1, block = 1, band = 0;
  std::vector<int64_t> globalBlocks; ///< Sorted, unique.

  /// Whether query row `query` may attend to key row `key` (docs/math.md §3.3).
  bool allows(int64_t query, int64_t key) const;
};

struct ExitPolicy {
  ExitPolicyType type = ExitPolicyType::EntropyDrop;
  double threshold = 0.1;
  int64_t minLayer = 1;
  int64_t patience = 1;
};

/// The keys of config.json with the defaults of docs/checkpoint.md.
struct ModelConfig {
  int64_t vocabSize = 0, maxPositions = 0, hidden = 0, heads = 0,
          intermediate = 0, layers = 0, labels = 0;
  bool shareBlockWeights = false;
  double layerNormEps = 1e-6;
  bool embeddingLayerNorm = true;
  ScaleMode weightScale = ScaleMode::PerChannel;
  Activations activations = Activations::F32;
  AttentionPattern pattern;
  Pooling pooling = Pooling::Mean;
  ExitPolicy exitPolicy;

  int64_t headSize() const { return hidden / heads; }
  /// Blocks with their own weights: 1 when shared, else L.
  int64_t storedBlocks() const { return shareBlockWeights ? 1 : layers; }
  /// Exit heads: one per layer from min_layer to L.
  int64_t exitHeads() const { return layers - exitPolicy.minLayer + 1; }
};

/// A binarized linear in compiled form (docs/math.md §2).
struct PackedLinear {
  int64_t outFeatures = 0, inFeatures = 0;
  /// outFeatures rows of wordsPerRow() 64-bit words; bit k%64 of word k/64 set
  /// when the latent weight is negative; padding bits zero.
  llvm::ArrayRef<uint64_t> signs;
  llvm::ArrayRef<float> alpha, bias;

  int64_t wordsPerRow() const { return signWordsPerRow(inFeatures, 64); }
  /// The sign (+1 or -1) of weight [row][column].
  int sign(int64_t row, int64_t column) const {
    return (signs[row * wordsPerRow() + column / 64] >> (column % 64)) & 1 ? -1
                                                                          : 1;
  }
};

struct LayerNormParams {
  llvm::ArrayRef<float> gamma, beta;
};

struct BlockWeights {
  PackedLinear query, key, value, output;
  LayerNormParams attentionNorm;
  PackedLinear gateFc1, gateFc2, candFc1, candFc2;
  LayerNormParams outputNorm;
};

struct ExitHeadWeights {
  int64_t layer = 0;            ///< 1-based.
  llvm::ArrayRef<float> weight; ///< [labels, hidden].
  llvm::ArrayRef<float> bias;   ///< [labels].
};

struct Model {
  ModelConfig config;
  EmbeddingTable wordEmbeddings;     ///< [V, D].
  EmbeddingTable positionEmbeddings; ///< [P, D].
  std::optional<LayerNormParams> embeddingNorm;
  std::vector<BlockWeights> blocks; ///< config.storedBlocks() entries.
  std::vector<ExitHeadWeights> exits; ///< Layers min_layer .. L in order.
  std::vector<std::string> vocabulary; ///< Optional tokenizer pieces.

  /// The weights of block `layer` (1-based), shared or not.
  const BlockWeights &block(int64_t layer) const {
    return blocks[config.shareBlockWeights ? 0 : layer - 1];
  }
  /// The exit head of `layer` (1-based, >= min_layer).
  const ExitHeadWeights &exitHead(int64_t layer) const {
    return exits[layer - config.exitPolicy.minLayer];
  }

  /// Owns the memory the views above point into: arrays the importer made,
  /// or the mapped .beex file.
  std::vector<std::vector<float>> floatStorage;
  std::vector<std::vector<uint64_t>> wordStorage;
  std::vector<std::vector<int8_t>> codeStorage;
  std::vector<std::vector<uint16_t>> scaleStorage;
  std::unique_ptr<llvm::MemoryBuffer> file;

  llvm::ArrayRef<float> keep(std::vector<float> values) {
    floatStorage.push_back(std::move(values));
    return floatStorage.back();
  }
  llvm::ArrayRef<uint64_t> keep(std::vector<uint64_t> values) {
    wordStorage.push_back(std::move(values));
    return wordStorage.back();
  }
  llvm::ArrayRef<int8_t> keep(std::vector<int8_t> values) {
    codeStorage.push_back(std::move(values));
    return codeStorage.back();
  }
  llvm::ArrayRef<uint16_t> keep(std::vector<uint16_t> values) {
    scaleStorage.push_back(std::move(values));
    return scaleStorage.back();
  }

  /// Stores both embedding tables in `storage` (from f32 tables).
  void quantizeEmbeddings(EmbeddingStorage storage);
};

} // namespace beex

#endif // BEEX_MODEL_MODEL_H
