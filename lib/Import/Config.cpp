//===- Config.cpp - Parsing and checking config.json ----------------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "beex/Import/Config.h"
#include "JsonLimits.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/WithColor.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

using namespace beex;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;
namespace json = llvm::json;

namespace {
Error keyError(StringRef file, StringRef key, const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 file + ": key '" + key + "': " + message);
}

/// Reads the keys of one JSON object, remembering which were seen so that
/// the rest can be reported.
class KeyReader {
public:
  KeyReader(const json::Object &object, StringRef file, std::string prefix)
      : object(object), file(file), prefix(std::move(prefix)) {}

  std::string name(StringRef key) const { return prefix + key.str(); }

  Error integer(StringRef key, int64_t &out, bool required) {
    const json::Value *value = find(key);
    if (!value)
      return required ? keyError(file, name(key), "required key is missing")
                      : Error::success();
    std::optional<int64_t> integer = value->getAsInteger();
    if (!integer)
      return keyError(file, name(key), "expected an integer");
    out = *integer;
    return Error::success();
  }

  Error number(StringRef key, double &out) {
    const json::Value *value = find(key);
    if (!value)
      return Error::success();
    std::optional<double> number = value->getAsNumber();
    if (!number)
      return keyError(file, name(key), "expected a number");
    out = *number;
    return Error::success();
  }

  Error boolean(StringRef key, bool &out) {
    const json::Value *value = find(key);
    if (!value)
      return Error::success();
    std::optional<bool> boolean = value->getAsBoolean();
    if (!boolean)
      return keyError(file, name(key), "expected true or false");
    out = *boolean;
    return Error::success();
  }

  /// A string key whose value must be one of `E`'s spellings.
  template <typename E>
  Error choice(StringRef key, E &out, std::initializer_list<E> options,
               bool required = false) {
    const json::Value *value = find(key);
    if (!value)
      return required ? keyError(file, name(key), "required key is missing")
                      : Error::success();
    std::string spellings;
    for (E option : options) {
      if (value->getAsString() == toString(option)) {
        out = option;
        return Error::success();
      }
      spellings += (spellings.empty() ? "\"" : ", \"") + toString(option).str() + "\"";
    }
    return keyError(file, name(key), "expected one of " + spellings);
  }

  const json::Value *find(StringRef key) {
    seen.insert(key);
    return object.get(key);
  }

  /// Warns about keys nobody read: a misspelt optional key would otherwise
  /// silently keep its default.
  void warnUnknown() const {
    for (const auto &entry : object)
      if (!seen.contains(StringRef(entry.first)))
        llvm::WithColor::warning()
            << file << ": ignoring unknown key '" << prefix
            << StringRef(entry.first) << "'\n";
  }

private:
  const json::Object &object;
  StringRef file;
  std::string prefix;
  llvm::StringSet<> seen;
};

Error parsePattern(const json::Value *value, StringRef file,
                   AttentionPattern &pattern) {
  if (!value)
    return Error::success();
  const json::Object *object = value->getAsObject();
  if (!object)
    return keyError(file, "attention_pattern", "expected an object");
  KeyReader keys(*object, file, "attention_pattern.");
  if (Error error = keys.choice(
          "type", pattern.type,
          {PatternType::Dense, PatternType::Local, PatternType::Strided,
           PatternType::BlockSparse},
          /*required=*/true))
    return error;
  switch (pattern.type) {
  case PatternType::Dense:
    break;
  case PatternType::Local:
    if (Error error = keys.integer("window", pattern.window, true))
      return error;
    break;
  case PatternType::Strided:
    if (Error error = keys.integer("stride", pattern.stride, true))
      return error;
    break;
  case PatternType::BlockSparse: {
    if (Error error = keys.integer("block", pattern.block, true))
      return error;
    if (Error error = keys.integer("band", pattern.band, true))
      return error;
    const json::Value *global = keys.find("global");
    if (!global)
      break;
    const json::Array *list = global->getAsArray();
    if (!list)
      return keyError(file, "attention_pattern.global",
                      "expected a list of block indices");
    for (const json::Value &entry : *list) {
      std::optional<int64_t> index = entry.getAsInteger();
      if (!index)
        return keyError(file, "attention_pattern.global",
                        "expected a list of block indices");
      pattern.globalBlocks.push_back(*index);
    }
    // Order and repetition carry no meaning; keep one sorted form.
    llvm::sort(pattern.globalBlocks);
    pattern.globalBlocks.erase(
        std::unique(pattern.globalBlocks.begin(), pattern.globalBlocks.end()),
        pattern.globalBlocks.end());
    break;
  }
  }
  keys.warnUnknown();
  return Error::success();
}

Error parsePolicy(const json::Value *value, StringRef file, ExitPolicy &policy) {
  if (!value)
    return Error::success();
  const json::Object *object = value->getAsObject();
  if (!object)
    return keyError(file, "exit_policy", "expected an object");
  KeyReader keys(*object, file, "exit_policy.");
  if (Error error = keys.choice(
          "type", policy.type,
          {ExitPolicyType::EntropyDrop, ExitPolicyType::EntropyBelow,
           ExitPolicyType::Patience, ExitPolicyType::None},
          /*required=*/true))
    return error;
  if (Error error = keys.number("threshold", policy.threshold))
    return error;
  if (Error error = keys.integer("min_layer", policy.minLayer, false))
    return error;
  if (Error error = keys.integer("patience", policy.patience, false))
    return error;
  keys.warnUnknown();
  return Error::success();
}

Error rangeError(StringRef file, StringRef key, const llvm::Twine &message) {
  return keyError(file, key, message);
}
} // namespace

Expected<ModelConfig> beex::parseConfig(StringRef text, StringRef file) {
  Expected<json::Value> parsed = parseJsonLimited(text);
  if (!parsed)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   file + ": not valid JSON: " +
                                       llvm::toString(parsed.takeError()));
  const json::Object *object = parsed->getAsObject();
  if (!object)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   file + ": expected a JSON object");

  ModelConfig config;
  KeyReader keys(*object, file, "");
  const json::Value *modelType = keys.find("model_type");
  if (!modelType)
    return keyError(file, "model_type", "required key is missing");
  if (modelType->getAsString() != StringRef("beexformer"))
    return keyError(file, "model_type", "expected \"beexformer\"");

  for (auto [key, field] : std::initializer_list<std::pair<StringRef, int64_t *>>{
           {"vocab_size", &config.vocabSize},
           {"max_position_embeddings", &config.maxPositions},
           {"hidden_size", &config.hidden},
           {"num_attention_heads", &config.heads},
           {"intermediate_size", &config.intermediate},
           {"num_hidden_layers", &config.layers},
           {"num_labels", &config.labels}})
    if (Error error = keys.integer(key, *field, /*required=*/true))
      return std::move(error);

  if (Error error = keys.boolean("share_block_weights", config.shareBlockWeights))
    return std::move(error);
  if (Error error = keys.number("layer_norm_eps", config.layerNormEps))
    return std::move(error);
  if (Error error = keys.boolean("embedding_layer_norm", config.embeddingLayerNorm))
    return std::move(error);
  if (Error error = keys.choice("weight_scale", config.weightScale,
                                {ScaleMode::PerChannel, ScaleMode::PerTensor,
                                 ScaleMode::None}))
    return std::move(error);
  if (Error error = keys.choice("activations", config.activations,
                                {Activations::F32, Activations::Int8,
                                 Activations::Binary}))
    return std::move(error);
  if (Error error = keys.choice("pooling", config.pooling,
                                {Pooling::Mean, Pooling::Cls}))
    return std::move(error);
  if (Error error = parsePattern(keys.find("attention_pattern"), file,
                                 config.pattern))
    return std::move(error);
  if (Error error = parsePolicy(keys.find("exit_policy"), file,
                                config.exitPolicy))
    return std::move(error);
  keys.warnUnknown();

  if (Error error = validateConfig(config, file))
    return std::move(error);
  return config;
}

Error beex::validateConfig(const ModelConfig &config, StringRef file) {
  for (auto [key, value] : std::initializer_list<std::pair<StringRef, int64_t>>{
           {"vocab_size", config.vocabSize},
           {"max_position_embeddings", config.maxPositions},
           {"hidden_size", config.hidden},
           {"num_attention_heads", config.heads},
           {"intermediate_size", config.intermediate},
           {"num_hidden_layers", config.layers}})
    if (value < 1)
      return rangeError(file, key, llvm::formatv("must be >= 1, got {0}", value));
  // Keep every tensor's element count far from overflow.
  constexpr int64_t kMaxDim = int64_t(1) << 24;
  for (auto [key, value] : std::initializer_list<std::pair<StringRef, int64_t>>{
           {"vocab_size", config.vocabSize},
           {"max_position_embeddings", config.maxPositions},
           {"hidden_size", config.hidden},
           {"intermediate_size", config.intermediate},
           {"num_hidden_layers", config.layers},
           {"num_labels", config.labels}})
    if (value > kMaxDim)
      return rangeError(file, key,
                        llvm::formatv("{0} is larger than beex supports ({1})",
                                      value, kMaxDim));
  // Layers are the one size a file need not pay for: with shared block
  // weights a 4 KiB checkpoint can ask for 2^24 of them, and the reference's
  // time, the IR's size and beexc's compile time (3.5 minutes for 2,000)
  // grow with the count. Real models have a few dozen.
  constexpr int64_t kMaxLayers = 1024;
  if (config.layers > kMaxLayers)
    return rangeError(file, "num_hidden_layers",
                      llvm::formatv("{0} is larger than beex supports ({1})",
                                    config.layers, kMaxLayers));
  if (config.labels < 2)
    return rangeError(file, "num_labels",
                      llvm::formatv("must be >= 2, got {0}", config.labels));
  if (config.hidden % config.heads != 0)
    return rangeError(file, "num_attention_heads",
                      llvm::formatv("hidden_size {0} is not divisible by {1} "
                                    "heads",
                                    config.hidden, config.heads));
  // Compiled code computes in f32: eps must stay > 0 and finite there, or the
  // compiled model would divide by zero where the reference does not.
  if (!(config.layerNormEps > 0 && config.layerNormEps <= FLT_MAX &&
        float(config.layerNormEps) > 0))
    return rangeError(file, "layer_norm_eps",
                      llvm::formatv("must be a finite number > 0 that f32 "
                                    "represents (about 1.4e-45 to 3.4e38), "
                                    "got {0:e}",
                                    config.layerNormEps));

  const AttentionPattern &pattern = config.pattern;
  if (pattern.type == PatternType::Local && pattern.window < 0)
    return rangeError(file, "attention_pattern.window",
                      llvm::formatv("must be >= 0, got {0}", pattern.window));
  if (pattern.type == PatternType::Strided && pattern.stride < 1)
    return rangeError(file, "attention_pattern.stride",
                      llvm::formatv("must be >= 1, got {0}", pattern.stride));
  if (pattern.type == PatternType::BlockSparse) {
    if (pattern.block < 1)
      return rangeError(file, "attention_pattern.block",
                        llvm::formatv("must be >= 1, got {0}", pattern.block));
    if (pattern.band < 0)
      return rangeError(file, "attention_pattern.band",
                        llvm::formatv("must be >= 0, got {0}", pattern.band));
    int64_t blocks = (config.maxPositions + pattern.block - 1) / pattern.block;
    for (int64_t index : pattern.globalBlocks)
      if (index < 0 || index >= blocks)
        return rangeError(
            file, "attention_pattern.global",
            llvm::formatv("block index {0} is out of range: {1} positions in "
                          "blocks of {2} make {3} blocks",
                          index, config.maxPositions, pattern.block, blocks));
  }

  const ExitPolicy &policy = config.exitPolicy;
  // The runtime takes the threshold as a finite f32 (beex_check_model).
  if (!(std::fabs(policy.threshold) <= FLT_MAX))
    return rangeError(file, "exit_policy.threshold",
                      llvm::formatv("must be a finite number that f32 "
                                    "represents (|threshold| <= 3.4e38), got {0:e}",
                                    policy.threshold));
  if (policy.minLayer < 1 || policy.minLayer > config.layers)
    return rangeError(file, "exit_policy.min_layer",
                      llvm::formatv("must be in [1, num_hidden_layers = {0}], "
                                    "got {1}",
                                    config.layers, policy.minLayer));
  if (policy.patience < 1)
    return rangeError(file, "exit_policy.patience",
                      llvm::formatv("must be >= 1, got {0}", policy.patience));
  return Error::success();
}
