//===- BeexFileReader.cpp - Reading and checking .beex model files --------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "beex/Import/BeexFile.h"
#include "beex/Import/Config.h"
#include "beex/Import/BeexModel_generated.h"
#include "beex/Import/Vocabulary.h"

#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <cstring>

using namespace beex;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;

namespace {
/// The FlatBuffers verifier aligns a vector only to its 4-byte length field,
/// so a corrupt file can place 8-byte elements (shapes, sign words, block
/// indices) where reading them would be a misaligned access. (FlatBuffers
/// aligns the elements it writes, but leaves empty vectors 4-aligned.)
template <typename T>
bool isAligned(const flatbuffers::Vector<T> *vector) {
  return vector->size() == 0 ||
         reinterpret_cast<uintptr_t>(vector->data()) % alignof(T) == 0;
}

/// Checks one part of a verified FlatBuffer against the config, turning its
/// vectors into views of the file. Errors name the file and the part.
class ModelChecker {
public:
  ModelChecker(StringRef path, Model &model) : path(path), model(model) {}

  Error fail(const llvm::Twine &part, const llvm::Twine &message) const {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   path + ": " + part + ": " + message);
  }

  /// `count` finite floats.
  Expected<llvm::ArrayRef<float>>
  floats(const flatbuffers::Vector<float> *vector, const llvm::Twine &part,
         int64_t count) const {
    if (!vector)
      return fail(part, "missing");
    if (int64_t(vector->size()) != count)
      return fail(part, llvm::formatv("expected {0} values, got {1}", count,
                                      vector->size()));
    llvm::ArrayRef<float> values(vector->data(), vector->size());
    for (auto [index, value] : llvm::enumerate(values))
      if (!std::isfinite(value))
        return fail(part, llvm::formatv("non-finite value at element {0}", index));
    return values;
  }

  Expected<llvm::ArrayRef<float>> tensor(const fb::Tensor *tensor,
                                         const llvm::Twine &part,
                                         int64_t rows, int64_t columns) const {
    if (!tensor || !tensor->shape())
      return fail(part, "missing");
    auto shape = tensor->shape();
    if (!isAligned(shape))
      return fail(part, "shape is not 8-byte aligned");
    if (shape->size() != 2 || shape->Get(0) != rows || shape->Get(1) != columns)
      return fail(part, llvm::formatv("expected shape [{0}, {1}]", rows, columns));
    return floats(tensor->data(), part + " data", rows * columns);
  }

  /// An embedding table, stored as f32 `values` or as `quantized` codes
  /// (exactly one of the two).
  Expected<EmbeddingTable> embeddingTable(const fb::Tensor *values,
                                          const fb::QuantizedTable *quantized,
                                          const std::string &part, int64_t rows,
                                          int64_t columns) const {
    if (values && quantized)
      return fail(part, "stored both as f32 values and as codes");
    if (!quantized) {
      Expected<llvm::ArrayRef<float>> data = tensor(values, part, rows, columns);
      if (!data)
        return data.takeError();
      return EmbeddingTable{EmbeddingStorage::F32, rows, columns, *data, {}, {}};
    }
    std::string name = "quantized_" + part;
    auto storage = static_cast<EmbeddingStorage>(quantized->storage());
    if (storage != EmbeddingStorage::Int8 && storage != EmbeddingStorage::Q4)
      return fail(name, "storage must be Int8 or Q4");
    if (quantized->rows() != rows || quantized->columns() != columns)
      return fail(name, llvm::formatv("expected shape [{0}, {1}], got [{2}, {3}]",
                                      rows, columns, quantized->rows(),
                                      quantized->columns()));
    EmbeddingTable table{storage, rows, columns, {}, {}, {}};
    const auto *codes = quantized->codes();
    if (!codes || int64_t(codes->size()) != rows * table.codesPerRow())
      return fail(name + ".codes",
                  llvm::formatv("expected {0} bytes", rows * table.codesPerRow()));
    const auto *scales = quantized->scales();
    if (!scales || int64_t(scales->size()) != rows * table.scalesPerRow())
      return fail(name + ".scales",
                  llvm::formatv("expected {0} values", rows * table.scalesPerRow()));
    if (!isAligned(scales))
      return fail(name + ".scales", "not 2-byte aligned");
    table.codes = llvm::ArrayRef<int8_t>(codes->data(), codes->size());
    table.scales = llvm::ArrayRef<uint16_t>(scales->data(), scales->size());
    for (auto [index, scale] : llvm::enumerate(table.scales))
      if (!std::isfinite(bf16ToFloat(scale)))
        return fail(name + ".scales", llvm::formatv("non-finite value at element {0}", index));
    return table;
  }

  Expected<PackedLinear> linear(const fb::PackedLinear *packed,
                                const std::string &part, int64_t out,
                                int64_t in) const {
    if (!packed)
      return fail(part, "missing");
    if (packed->out_features() != out || packed->in_features() != in)
      return fail(part, llvm::formatv("expected [{0}, {1}], got [{2}, {3}]",
                                      out, in, packed->out_features(),
                                      packed->in_features()));
    PackedLinear linear;
    linear.outFeatures = out;
    linear.inFeatures = in;
    const flatbuffers::Vector<uint64_t> *signs = packed->signs();
    if (!signs || int64_t(signs->size()) != out * linear.wordsPerRow())
      return fail(part + ".signs",
                  llvm::formatv("expected {0} words", out * linear.wordsPerRow()));
    if (!isAligned(signs))
      return fail(part + ".signs", "not 8-byte aligned");
    linear.signs = llvm::ArrayRef<uint64_t>(signs->data(), signs->size());
    // Padding bits must be zero: the binary kernel's popcount counts them.
    if (int64_t tail = in % 64) {
      uint64_t padding = ~uint64_t(0) << tail;
      for (int64_t row = 0; row < out; ++row)
        if (linear.signs[(row + 1) * linear.wordsPerRow() - 1] & padding)
          return fail(part + ".signs",
                      llvm::formatv("row {0} has padding bits set", row));
    }
    Expected<llvm::ArrayRef<float>> alpha = floats(packed->alpha(), part + ".alpha", out);
    if (!alpha)
      return alpha.takeError();
    Expected<llvm::ArrayRef<float>> bias = floats(packed->bias(), part + ".bias", out);
    if (!bias)
      return bias.takeError();
    linear.alpha = *alpha;
    linear.bias = *bias;
    return linear;
  }

  Expected<LayerNormParams> layerNorm(const fb::LayerNorm *norm,
                                      const std::string &part) const {
    if (!norm)
      return fail(part, "missing");
    Expected<llvm::ArrayRef<float>> gamma =
        floats(norm->weight(), part + ".weight", model.config.hidden);
    if (!gamma)
      return gamma.takeError();
    Expected<llvm::ArrayRef<float>> beta =
        floats(norm->bias(), part + ".bias", model.config.hidden);
    if (!beta)
      return beta.takeError();
    return LayerNormParams{*gamma, *beta};
  }

  Expected<BlockWeights> block(const fb::Block *stored, int64_t index) const {
    std::string part = "blocks[" + std::to_string(index) + "]";
    if (!stored)
      return fail(part, "missing");
    int64_t hidden = model.config.hidden, inner = model.config.intermediate;
    BlockWeights block;
    struct LinearSlot {
      const fb::PackedLinear *stored;
      const char *name;
      PackedLinear *slot;
      int64_t out, in;
    };
    for (LinearSlot linear : std::initializer_list<LinearSlot>{
             {stored->query(), "query", &block.query, hidden, hidden},
             {stored->key(), "key", &block.key, hidden, hidden},
             {stored->value(), "value", &block.value, hidden, hidden},
             {stored->output(), "output", &block.output, hidden, hidden},
             {stored->gate_fc1(), "gate_fc1", &block.gateFc1, inner, hidden},
             {stored->gate_fc2(), "gate_fc2", &block.gateFc2, hidden, inner},
             {stored->cand_fc1(), "cand_fc1", &block.candFc1, inner, hidden},
             {stored->cand_fc2(), "cand_fc2", &block.candFc2, hidden, inner}}) {
      Expected<PackedLinear> checked =
          this->linear(linear.stored, part + "." + linear.name, linear.out, linear.in);
      if (!checked)
        return checked.takeError();
      *linear.slot = *checked;
    }
    Expected<LayerNormParams> attentionNorm =
        layerNorm(stored->attention_norm(), part + ".attention_norm");
    if (!attentionNorm)
      return attentionNorm.takeError();
    Expected<LayerNormParams> outputNorm =
        layerNorm(stored->output_norm(), part + ".output_norm");
    if (!outputNorm)
      return outputNorm.takeError();
    block.attentionNorm = *attentionNorm;
    block.outputNorm = *outputNorm;
    return block;
  }

private:
  StringRef path;
  Model &model;
};

/// Enum values outside the schema's range come from a newer or corrupt file.
template <typename E>
bool inRange(E value, E last) {
  return static_cast<int>(value) >= 0 && static_cast<int>(value) <= static_cast<int>(last);
}

Expected<ModelConfig> readConfig(const fb::Config *stored, StringRef path) {
  auto fail = [&](const llvm::Twine &message) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   path + ": config: " + message);
  };
  if (!stored)
    return fail("missing");
  const fb::AttentionPattern *pattern = stored->attention_pattern();
  const fb::ExitPolicy *policy = stored->exit_policy();
  if (!pattern || !policy)
    return fail("attention pattern or exit policy missing");
  if (!inRange(stored->weight_scale(), fb::ScaleMode::None) ||
      !inRange(stored->activations(), fb::Activations::Binary) ||
      !inRange(stored->pooling(), fb::Pooling::Cls) ||
      !inRange(pattern->type(), fb::PatternType::BlockSparse) ||
      !inRange(policy->type(), fb::ExitPolicyType::None))
    return fail("unknown enumeration value");

  ModelConfig config;
  config.vocabSize = stored->vocab_size();
  config.maxPositions = stored->max_position_embeddings();
  config.hidden = stored->hidden_size();
  config.heads = stored->num_attention_heads();
  config.intermediate = stored->intermediate_size();
  config.layers = stored->num_hidden_layers();
  config.labels = stored->num_labels();
  config.shareBlockWeights = stored->share_block_weights();
  config.layerNormEps = stored->layer_norm_eps();
  config.embeddingLayerNorm = stored->embedding_layer_norm();
  config.weightScale = static_cast<ScaleMode>(stored->weight_scale());
  config.activations = static_cast<Activations>(stored->activations());
  config.pooling = static_cast<Pooling>(stored->pooling());
  config.pattern.type = static_cast<PatternType>(pattern->type());
  config.pattern.window = pattern->window();
  config.pattern.stride = pattern->stride();
  config.pattern.block = pattern->block();
  config.pattern.band = pattern->band();
  if (const auto *global = pattern->global_blocks()) {
    if (!isAligned(global))
      return fail("attention pattern global blocks are not 8-byte aligned");
    config.pattern.globalBlocks.assign(global->begin(), global->end());
  }
  if (!std::is_sorted(config.pattern.globalBlocks.begin(),
                      config.pattern.globalBlocks.end()) ||
      std::adjacent_find(config.pattern.globalBlocks.begin(),
                         config.pattern.globalBlocks.end()) !=
          config.pattern.globalBlocks.end())
    return fail("attention pattern global blocks must be sorted and unique");
  config.exitPolicy.type = static_cast<ExitPolicyType>(policy->type());
  config.exitPolicy.threshold = policy->threshold();
  config.exitPolicy.minLayer = policy->min_layer();
  config.exitPolicy.patience = policy->patience();
  if (Error error = validateConfig(config, (path + ": config").str()))
    return std::move(error);
  return config;
}
} // namespace

Expected<std::unique_ptr<Model>>
beex::readBeexBuffer(std::unique_ptr<llvm::MemoryBuffer> buffer) {
  // The model views the tensors in place, so they must be aligned in memory
  // as they are in the file.
  if (!llvm::isAddrAligned(llvm::Align(64), buffer->getBufferStart())) {
    auto aligned = llvm::WritableMemoryBuffer::getNewUninitMemBuffer(
        buffer->getBufferSize(), buffer->getBufferIdentifier(), llvm::Align(64));
    std::memcpy(aligned->getBufferStart(), buffer->getBufferStart(),
                buffer->getBufferSize());
    buffer = std::move(aligned);
  }
  StringRef path = buffer->getBufferIdentifier();
  auto fail = [&](const llvm::Twine &message) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   path + ": " + message);
  };
  const auto *bytes = reinterpret_cast<const uint8_t *>(buffer->getBufferStart());
  size_t size = buffer->getBufferSize();
  if (size < 8 || !fb::ModelBufferHasIdentifier(bytes))
    return fail("not a .beex model file (no \"BEEX\" identifier)");
  flatbuffers::Verifier verifier(bytes, size);
  if (!fb::VerifyModelBuffer(verifier))
    return fail("corrupt .beex file: the FlatBuffers verifier rejected it");
  const fb::Model *stored = fb::GetModel(bytes);
  if (stored->format_version() != kBeexFormatVersion)
    return fail(llvm::formatv("format version {0} is not supported (this beex "
                              "reads version {1})",
                              stored->format_version(), kBeexFormatVersion));

  auto model = std::make_unique<Model>();
  Expected<ModelConfig> config = readConfig(stored->config(), path);
  if (!config)
    return config.takeError();
  model->config = *config;
  const ModelConfig &c = model->config;
  ModelChecker check(path, *model);

  Expected<EmbeddingTable> word =
      check.embeddingTable(stored->word_embeddings(), stored->quantized_word_embeddings(),
                           "word_embeddings", c.vocabSize, c.hidden);
  if (!word)
    return word.takeError();
  model->wordEmbeddings = *word;
  Expected<EmbeddingTable> position = check.embeddingTable(
      stored->position_embeddings(), stored->quantized_position_embeddings(),
      "position_embeddings", c.maxPositions, c.hidden);
  if (!position)
    return position.takeError();
  model->positionEmbeddings = *position;
  if (c.embeddingLayerNorm) {
    Expected<LayerNormParams> norm =
        check.layerNorm(stored->embedding_norm(), "embedding_norm");
    if (!norm)
      return norm.takeError();
    model->embeddingNorm = *norm;
  } else if (stored->embedding_norm()) {
    return fail("embedding_norm: present although the config disables it");
  }

  const auto *blocks = stored->blocks();
  if (!blocks || int64_t(blocks->size()) != c.storedBlocks())
    return fail(llvm::formatv("blocks: expected {0}, got {1}", c.storedBlocks(),
                              blocks ? blocks->size() : 0));
  for (auto [index, block] : llvm::enumerate(*blocks)) {
    Expected<BlockWeights> checked = check.block(block, index);
    if (!checked)
      return checked.takeError();
    model->blocks.push_back(*checked);
  }

  const auto *exits = stored->exits();
  if (!exits || int64_t(exits->size()) != c.exitHeads())
    return fail(llvm::formatv("exits: expected {0} heads (layers {1} to {2}), "
                              "got {3}",
                              c.exitHeads(), c.exitPolicy.minLayer, c.layers,
                              exits ? exits->size() : 0));
  for (auto [index, head] : llvm::enumerate(*exits)) {
    int64_t layer = c.exitPolicy.minLayer + index;
    std::string part = "exits[" + std::to_string(index) + "]";
    if (!head || head->layer() != layer)
      return fail(part + ": expected the head of layer " + std::to_string(layer));
    Expected<llvm::ArrayRef<float>> weight =
        check.tensor(head->weight(), part + ".weight", c.labels, c.hidden);
    if (!weight)
      return weight.takeError();
    Expected<llvm::ArrayRef<float>> bias =
        check.floats(head->bias(), part + ".bias", c.labels);
    if (!bias)
      return bias.takeError();
    model->exits.push_back({layer, *weight, *bias});
  }

  if (const fb::Tokenizer *tokenizer = stored->tokenizer()) {
    // The runtime implements one tokenizer: uncased WordPiece.
    if (!tokenizer->kind() || tokenizer->kind()->str() != "wordpiece")
      return fail("tokenizer: kind must be \"wordpiece\"");
    if (!tokenizer->lowercase())
      return fail("tokenizer: cased WordPiece is not supported (lowercase is "
                  "false)");
    if (const auto *tokens = tokenizer->tokens())
      for (const flatbuffers::String *token : *tokens)
        model->vocabulary.push_back(token ? token->str() : std::string());
    if (Error error = checkVocabulary(model->vocabulary, c.vocabSize,
                                      (path + ": tokenizer").str()))
      return std::move(error);
  }

  model->file = std::move(buffer);
  return model;
}

Expected<std::unique_ptr<Model>> beex::readBeexFile(StringRef path) {
  // 64-byte alignment keeps the tensors aligned in memory as in the file;
  // large files are mapped, which aligns them to a page.
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false,
                                            /*IsVolatile=*/false, llvm::Align(64));
  if (!buffer)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   path + ": cannot read: " +
                                       buffer.getError().message());
  return readBeexBuffer(std::move(*buffer));
}
