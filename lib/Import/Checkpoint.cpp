//===- Checkpoint.cpp - Importing config.json + model.safetensors ---------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "beex/Import/Checkpoint.h"
#include "beex/Import/Config.h"
#include "beex/Import/Safetensors.h"
#include "beex/Import/Vocabulary.h"
#include "beex/Support/Binarize.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cmath>

using namespace beex;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;

namespace {
std::string formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string text = "[";
  for (auto [index, size] : llvm::enumerate(shape))
    text += (index ? ", " : "") + std::to_string(size);
  return text + "]";
}

/// Reads the tensors of one checkpoint, checking each as it is taken and,
/// at the end, that nothing was left over.
class TensorReader {
public:
  explicit TensorReader(const SafetensorsFile &file) : file(file) {}

  Error fail(StringRef name, const llvm::Twine &message) const {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   file.path() + ": tensor '" + name +
                                       "': " + message);
  }

  bool has(StringRef name) const { return file.tensors().count(name); }

  /// The shape of `name`, which must exist.
  llvm::ArrayRef<int64_t> shapeOf(StringRef name) const {
    return file.tensors().find(name)->second.shape;
  }

  /// The values of `name`, which must exist with `shape` and hold only
  /// finite numbers.
  Expected<std::vector<float>> take(StringRef name,
                                    llvm::ArrayRef<int64_t> shape) {
    auto found = file.tensors().find(name);
    if (found == file.tensors().end())
      return fail(name, "missing (expected shape " + formatShape(shape) + ")");
    taken.insert(name);
    const SafetensorsEntry &entry = found->second;
    if (llvm::ArrayRef<int64_t>(entry.shape) != shape)
      return fail(name, "expected shape " + formatShape(shape) + ", got " +
                            formatShape(entry.shape));
    std::vector<float> values = file.readFloats(entry);
    for (auto [index, value] : llvm::enumerate(values))
      if (!std::isfinite(value))
        return fail(name, llvm::formatv("non-finite value {0} at element {1}",
                                        value, index));
    return values;
  }

  /// Every tensor of the file must have been taken.
  Error checkNoExtras() const {
    std::vector<StringRef> extras;
    for (const auto &entry : file.tensors())
      if (!taken.contains(entry.first()))
        extras.push_back(entry.first());
    if (extras.empty())
      return Error::success();
    llvm::sort(extras);
    return fail(extras.front(),
                llvm::formatv("unexpected tensor ({0} unexpected in all); the "
                              "config does not use it",
                              extras.size()));
  }

private:
  const SafetensorsFile &file;
  llvm::StringSet<> taken;
};

/// Reads and binarizes the linear `name` of shape [out, in] (docs/math.md §2).
Expected<PackedLinear> importLinear(TensorReader &reader, Model &model,
                                    const std::string &name, int64_t out,
                                    int64_t in) {
  Expected<std::vector<float>> latent = reader.take(name + ".weight", {out, in});
  if (!latent)
    return latent.takeError();
  Expected<std::vector<float>> bias = reader.take(name + ".bias", {out});
  if (!bias)
    return bias.takeError();

  std::vector<float> alpha;
  std::string alphaName = name + ".weight.alpha";
  if (reader.has(alphaName)) {
    // An explicit scale, per row ([out]) or one for all rows ([1]).
    int64_t count = reader.shapeOf(alphaName) == llvm::ArrayRef<int64_t>{1} ? 1 : out;
    Expected<std::vector<float>> given = reader.take(alphaName, {count});
    if (!given)
      return given.takeError();
    alpha = count == 1 ? std::vector<float>(out, given->front())
                       : std::move(*given);
  } else {
    switch (model.config.weightScale) {
    case ScaleMode::PerChannel:
      alpha = rowMeanAbs(*latent, out, in);
      break;
    case ScaleMode::PerTensor:
      alpha.assign(out, meanAbs(*latent));
      break;
    case ScaleMode::None:
      alpha.assign(out, 1.0f);
      break;
    }
    for (float value : alpha)
      if (!std::isfinite(value))
        return reader.fail(name + ".weight", "its scale alpha is not finite");
  }

  PackedLinear linear;
  linear.outFeatures = out;
  linear.inFeatures = in;
  linear.signs = model.keep(packSigns(*latent, out, in, 64));
  linear.alpha = model.keep(std::move(alpha));
  linear.bias = model.keep(std::move(*bias));
  return linear;
}

Expected<LayerNormParams> importLayerNorm(TensorReader &reader, Model &model,
                                          const std::string &name,
                                          int64_t size) {
  Expected<std::vector<float>> gamma = reader.take(name + ".weight", {size});
  if (!gamma)
    return gamma.takeError();
  Expected<std::vector<float>> beta = reader.take(name + ".bias", {size});
  if (!beta)
    return beta.takeError();
  return LayerNormParams{model.keep(std::move(*gamma)),
                         model.keep(std::move(*beta))};
}

Error importBlock(TensorReader &reader, Model &model, int64_t index) {
  const ModelConfig &config = model.config;
  int64_t hidden = config.hidden, inner = config.intermediate;
  std::string prefix = "blocks." + std::to_string(index) + ".";
  BlockWeights block;
  struct LinearSlot {
    const char *name;
    PackedLinear *slot;
    int64_t out, in;
  };
  for (LinearSlot linear : std::initializer_list<LinearSlot>{
           {"attention.query", &block.query, hidden, hidden},
           {"attention.key", &block.key, hidden, hidden},
           {"attention.value", &block.value, hidden, hidden},
           {"attention.output", &block.output, hidden, hidden},
           {"slfn.gate.fc1", &block.gateFc1, inner, hidden},
           {"slfn.gate.fc2", &block.gateFc2, hidden, inner},
           {"slfn.cand.fc1", &block.candFc1, inner, hidden},
           {"slfn.cand.fc2", &block.candFc2, hidden, inner}}) {
    Expected<PackedLinear> packed =
        importLinear(reader, model, prefix + linear.name, linear.out, linear.in);
    if (!packed)
      return packed.takeError();
    *linear.slot = *packed;
  }
  Expected<LayerNormParams> attentionNorm =
      importLayerNorm(reader, model, prefix + "attention.LayerNorm", hidden);
  if (!attentionNorm)
    return attentionNorm.takeError();
  Expected<LayerNormParams> outputNorm =
      importLayerNorm(reader, model, prefix + "output.LayerNorm", hidden);
  if (!outputNorm)
    return outputNorm.takeError();
  block.attentionNorm = *attentionNorm;
  block.outputNorm = *outputNorm;
  model.blocks.push_back(block);
  return Error::success();
}
} // namespace

namespace {
/// Reads every tensor of `weights` for the parsed `config`.
Expected<std::unique_ptr<Model>>
importWeights(const ModelConfig &config, const SafetensorsFile &weights) {
  auto model = std::make_unique<Model>();
  model->config = config;
  TensorReader reader(weights);
  const ModelConfig &c = model->config;

  Expected<std::vector<float>> word =
      reader.take("embeddings.word_embeddings.weight", {c.vocabSize, c.hidden});
  if (!word)
    return word.takeError();
  model->wordEmbeddings = {EmbeddingStorage::F32, c.vocabSize, c.hidden,
                           model->keep(std::move(*word)), {}, {}};
  Expected<std::vector<float>> position = reader.take(
      "embeddings.position_embeddings.weight", {c.maxPositions, c.hidden});
  if (!position)
    return position.takeError();
  model->positionEmbeddings = {EmbeddingStorage::F32, c.maxPositions, c.hidden,
                               model->keep(std::move(*position)), {}, {}};
  if (c.embeddingLayerNorm) {
    Expected<LayerNormParams> norm =
        importLayerNorm(reader, *model, "embeddings.LayerNorm", c.hidden);
    if (!norm)
      return norm.takeError();
    model->embeddingNorm = *norm;
  }

  for (int64_t index = 0; index < c.storedBlocks(); ++index)
    if (Error error = importBlock(reader, *model, index))
      return std::move(error);

  for (int64_t layer = c.exitPolicy.minLayer; layer <= c.layers; ++layer) {
    std::string prefix = "exits." + std::to_string(layer) + ".classifier.";
    Expected<std::vector<float>> weight =
        reader.take(prefix + "weight", {c.labels, c.hidden});
    if (!weight)
      return weight.takeError();
    Expected<std::vector<float>> bias = reader.take(prefix + "bias", {c.labels});
    if (!bias)
      return bias.takeError();
    model->exits.push_back({layer, model->keep(std::move(*weight)),
                            model->keep(std::move(*bias))});
  }

  if (Error error = reader.checkNoExtras())
    return std::move(error);
  return model;
}

/// importWeights, keeping the safetensors buffer alive: the model's tensors
/// are copies, so only the error messages refer to it.
Expected<std::unique_ptr<Model>>
importWithConfig(const ModelConfig &config,
                 std::unique_ptr<llvm::MemoryBuffer> weightsBuffer) {
  Expected<std::unique_ptr<SafetensorsFile>> weights =
      SafetensorsFile::fromBuffer(std::move(weightsBuffer));
  if (!weights)
    return weights.takeError();
  return importWeights(config, **weights);
}
} // namespace

Expected<std::unique_ptr<Model>> beex::importCheckpoint(StringRef directory) {
  llvm::SmallString<256> configPath(directory), weightsPath(directory);
  llvm::sys::path::append(configPath, "config.json");
  llvm::sys::path::append(weightsPath, "model.safetensors");

  auto configText = llvm::MemoryBuffer::getFile(configPath, /*IsText=*/true);
  if (!configText)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   configPath + ": cannot read: " +
                                       configText.getError().message());
  // The config is checked before the weights are read, so that a broken
  // config is reported even when model.safetensors is missing too.
  Expected<ModelConfig> config =
      parseConfig((*configText)->getBuffer(), configPath);
  if (!config)
    return config.takeError();
  auto weights = llvm::MemoryBuffer::getFile(weightsPath, /*IsText=*/false,
                                             /*RequiresNullTerminator=*/false);
  if (!weights)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   weightsPath + ": cannot read: " +
                                       weights.getError().message());
  Expected<std::unique_ptr<Model>> model =
      importWithConfig(*config, std::move(*weights));
  if (!model)
    return model.takeError();

  // The tokenizer is optional: a model of token ids needs none.
  llvm::SmallString<256> vocabularyPath(directory);
  llvm::sys::path::append(vocabularyPath, "vocab.txt");
  if (!llvm::sys::fs::exists(vocabularyPath))
    return model;
  Expected<std::vector<std::string>> pieces = readVocabularyFile(vocabularyPath);
  if (!pieces)
    return pieces.takeError();
  if (Error error = checkVocabulary(*pieces, config->vocabSize, vocabularyPath))
    return std::move(error);
  (*model)->vocabulary = std::move(*pieces);
  return model;
}

Expected<std::unique_ptr<Model>>
beex::importCheckpointFromBuffers(StringRef configText, StringRef configName,
                                  std::unique_ptr<llvm::MemoryBuffer> weights) {
  Expected<ModelConfig> config = parseConfig(configText, configName);
  if (!config)
    return config.takeError();
  return importWithConfig(*config, std::move(weights));
}
