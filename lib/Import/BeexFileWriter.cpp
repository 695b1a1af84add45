//===- BeexFileWriter.cpp - Writing .beex model files ---------------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "beex/Import/BeexFile.h"
#include "beex/Import/BeexModel_generated.h"
#include "beex/Support/WriteFile.h"

#include "llvm/Support/raw_ostream.h"

using namespace beex;
using flatbuffers::FlatBufferBuilder;
using flatbuffers::Offset;

namespace {
/// Tensor data starts on this boundary of the file (a cache line, and the
/// widest vector load of any target).
constexpr size_t kTensorAlignment = 64;

template <typename T>
Offset<flatbuffers::Vector<T>> alignedVector(FlatBufferBuilder &builder,
                                             llvm::ArrayRef<T> values) {
  builder.ForceVectorAlignment(values.size(), sizeof(T), kTensorAlignment);
  return builder.CreateVector(values.data(), values.size());
}

Offset<fb::Tensor> writeTensor(FlatBufferBuilder &builder,
                               llvm::ArrayRef<int64_t> shape,
                               llvm::ArrayRef<float> data) {
  auto dataOffset = alignedVector(builder, data);
  auto shapeOffset = builder.CreateVector(shape.data(), shape.size());
  return fb::CreateTensor(builder, shapeOffset, dataOffset);
}

/// A table in its storage: a Tensor (f32) or a QuantizedTable.
struct TableOffsets {
  Offset<fb::Tensor> values;
  Offset<fb::QuantizedTable> quantized;
};

TableOffsets writeTable(FlatBufferBuilder &builder, const EmbeddingTable &table) {
  if (table.storage == EmbeddingStorage::F32)
    return {writeTensor(builder, {table.rows, table.columns}, table.values), {}};
  auto codes = alignedVector(builder, table.codes);
  auto scales = alignedVector(builder, table.scales);
  return {{},
          fb::CreateQuantizedTable(builder,
                                   static_cast<fb::EmbeddingStorage>(table.storage),
                                   table.rows, table.columns, codes, scales)};
}

Offset<fb::PackedLinear> writeLinear(FlatBufferBuilder &builder,
                                     const PackedLinear &linear) {
  auto signs = alignedVector(builder, linear.signs);
  auto alpha = alignedVector(builder, linear.alpha);
  auto bias = alignedVector(builder, linear.bias);
  return fb::CreatePackedLinear(builder, linear.outFeatures, linear.inFeatures,
                                signs, alpha, bias);
}

Offset<fb::LayerNorm> writeLayerNorm(FlatBufferBuilder &builder,
                                     const LayerNormParams &norm) {
  auto gamma = alignedVector(builder, norm.gamma);
  auto beta = alignedVector(builder, norm.beta);
  return fb::CreateLayerNorm(builder, gamma, beta);
}

Offset<fb::Config> writeConfig(FlatBufferBuilder &builder,
                               const ModelConfig &config) {
  const AttentionPattern &pattern = config.pattern;
  auto global = builder.CreateVector(pattern.globalBlocks);
  auto patternOffset = fb::CreateAttentionPattern(
      builder, static_cast<fb::PatternType>(pattern.type), pattern.window,
      pattern.stride, pattern.block, pattern.band, global);
  const ExitPolicy &policy = config.exitPolicy;
  auto policyOffset = fb::CreateExitPolicy(
      builder, static_cast<fb::ExitPolicyType>(policy.type), policy.threshold,
      policy.minLayer, policy.patience);
  return fb::CreateConfig(
      builder, config.vocabSize, config.maxPositions, config.hidden,
      config.heads, config.intermediate, config.layers, config.labels,
      config.shareBlockWeights, config.layerNormEps, config.embeddingLayerNorm,
      static_cast<fb::ScaleMode>(config.weightScale),
      static_cast<fb::Activations>(config.activations), patternOffset,
      static_cast<fb::Pooling>(config.pooling), policyOffset);
}
} // namespace

/// Bytes of tensor data in `model`, with the alignment padding of each array.
static uint64_t payloadBytes(const Model &model) {
  uint64_t bytes = 0;
  auto add = [&](size_t size) { bytes += size + kTensorAlignment + 8; };
  auto addLinear = [&](const PackedLinear &linear) {
    add(linear.signs.size() * 8);
    add(linear.alpha.size() * 4);
    add(linear.bias.size() * 4);
  };
  for (const EmbeddingTable *table : {&model.wordEmbeddings, &model.positionEmbeddings}) {
    add(table->values.size() * 4);
    add(table->codes.size());
    add(table->scales.size() * 2);
  }
  for (const BlockWeights &block : model.blocks) {
    for (const PackedLinear *linear :
         {&block.query, &block.key, &block.value, &block.output, &block.gateFc1,
          &block.gateFc2, &block.candFc1, &block.candFc2})
      addLinear(*linear);
    add(8 * block.attentionNorm.gamma.size() + 8 * block.outputNorm.gamma.size());
  }
  for (const ExitHeadWeights &head : model.exits)
    add(4 * (head.weight.size() + head.bias.size()));
  for (const std::string &piece : model.vocabulary)
    add(piece.size());
  return bytes;
}

namespace {
/// `model` serialized into `builder`, which is sized for it once (growing
/// would copy the whole buffer each time it doubles).
llvm::Error buildBeexModel(const Model &model,
                           std::unique_ptr<FlatBufferBuilder> &result) {
  // FlatBuffers addresses its buffer with 32-bit offsets.
  constexpr uint64_t kReserve = 1 << 20;
  if (payloadBytes(model) + kReserve > FLATBUFFERS_MAX_BUFFER_SIZE)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "the model needs %llu bytes, more than a .beex file can hold (2 GiB)",
        static_cast<unsigned long long>(payloadBytes(model)));
  const ModelConfig &config = model.config;
  result = std::make_unique<FlatBufferBuilder>(payloadBytes(model) + kReserve);
  FlatBufferBuilder &builder = *result;

  std::vector<Offset<fb::Block>> blocks;
  for (const BlockWeights &block : model.blocks) {
    auto query = writeLinear(builder, block.query);
    auto key = writeLinear(builder, block.key);
    auto value = writeLinear(builder, block.value);
    auto output = writeLinear(builder, block.output);
    auto attentionNorm = writeLayerNorm(builder, block.attentionNorm);
    auto gateFc1 = writeLinear(builder, block.gateFc1);
    auto gateFc2 = writeLinear(builder, block.gateFc2);
    auto candFc1 = writeLinear(builder, block.candFc1);
    auto candFc2 = writeLinear(builder, block.candFc2);
    auto outputNorm = writeLayerNorm(builder, block.outputNorm);
    blocks.push_back(fb::CreateBlock(builder, query, key, value, output,
                                     attentionNorm, gateFc1, gateFc2, candFc1,
                                     candFc2, outputNorm));
  }
  std::vector<Offset<fb::ExitHead>> exits;
  for (const ExitHeadWeights &head : model.exits) {
    auto weight = writeTensor(builder, {config.labels, config.hidden}, head.weight);
    auto bias = alignedVector(builder, head.bias);
    exits.push_back(fb::CreateExitHead(builder, head.layer, weight, bias));
  }
  TableOffsets word = writeTable(builder, model.wordEmbeddings);
  TableOffsets position = writeTable(builder, model.positionEmbeddings);
  Offset<fb::LayerNorm> embeddingNorm;
  if (model.embeddingNorm)
    embeddingNorm = writeLayerNorm(builder, *model.embeddingNorm);
  Offset<fb::Tokenizer> tokenizer;
  if (!model.vocabulary.empty())
    tokenizer = fb::CreateTokenizer(builder, builder.CreateString("wordpiece"),
                                    /*lowercase=*/true,
                                    builder.CreateVectorOfStrings(model.vocabulary));
  auto blocksOffset = builder.CreateVector(blocks);
  auto exitsOffset = builder.CreateVector(exits);
  auto configOffset = writeConfig(builder, config);
  auto producer = builder.CreateString("beex-import");
  auto root = fb::CreateModel(builder, kBeexFormatVersion, producer,
                              configOffset, word.values, position.values,
                              embeddingNorm, blocksOffset, exitsOffset, tokenizer,
                              word.quantized, position.quantized);
  fb::FinishModelBuffer(builder, root);
  return llvm::Error::success();
}

llvm::StringRef bytesOf(const FlatBufferBuilder &builder) {
  return {reinterpret_cast<const char *>(builder.GetBufferPointer()), builder.GetSize()};
}
} // namespace

llvm::Expected<std::string> beex::serializeBeexModel(const Model &model) {
  std::unique_ptr<FlatBufferBuilder> builder;
  if (llvm::Error error = buildBeexModel(model, builder))
    return std::move(error);
  return bytesOf(*builder).str();
}

llvm::Error beex::writeBeexFile(const Model &model, llvm::StringRef path) {
  std::unique_ptr<FlatBufferBuilder> builder;
  if (llvm::Error error = buildBeexModel(model, builder))
    return error;
  return writeFileAtomically(path, [&](llvm::raw_ostream &os) {
    os << bytesOf(*builder);
    return llvm::Error::success();
  });
}
