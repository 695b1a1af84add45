//===- Interpreter.cpp - The reference interpreter ------------------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "beex/Reference/Interpreter.h"

#include "llvm/ADT/bit.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace beex;

namespace {
constexpr double kInfinity = std::numeric_limits<double>::infinity();

/// Rows are tokens, row-major.
struct Matrix {
  int64_t rows = 0, columns = 0;
  std::vector<double> values;

  Matrix(int64_t rows, int64_t columns)
      : rows(rows), columns(columns), values(rows * columns, 0.0) {}
  double &at(int64_t row, int64_t column) { return values[row * columns + column]; }
  double at(int64_t row, int64_t column) const {
    return values[row * columns + column];
  }
};

class Interpreter {
public:
  Interpreter(const Model &model, const RunOptions &options)
      : model(model), config(model.config), options(options) {}

  RunResult run(llvm::ArrayRef<int64_t> tokens);

private:
  Matrix embed(llvm::ArrayRef<int64_t> tokens) const;
  Matrix layerNorm(const Matrix &x, const LayerNormParams &norm) const;
  /// `signsCanFlip` is false for inputs known positive (sigmoid outputs),
  /// whose binary quantisation cannot be borderline.
  Matrix linear(const Matrix &x, const PackedLinear &weights,
                bool signsCanFlip = true);
  Matrix attention(const Matrix &q, const Matrix &k, const Matrix &v) const;
  Matrix block(const Matrix &x, const BlockWeights &weights);
  std::vector<double> exitLogits(const Matrix &x, const ExitHeadWeights &head) const;
  bool shouldStop(int64_t layer, double entropy, double previousEntropy,
                  const std::vector<double> &logits);

  const Model &model;
  const ModelConfig &config;
  RunOptions options;
  Margins margins{kInfinity, kInfinity, kInfinity};
  /// Exits in a row (ending at the current one) with the same argmax.
  int64_t sameArgmaxRun = 0;
  int64_t previousArgmax = -1;
};

/// The two largest values: their indices' gap and the first argmax.
std::pair<int64_t, double> argmaxAndGap(const std::vector<double> &values) {
  int64_t best = 0;
  for (int64_t i = 1; i < int64_t(values.size()); ++i)
    if (values[i] > values[best])
      best = i;
  double gap = kInfinity;
  for (int64_t i = 0; i < int64_t(values.size()); ++i)
    if (i != best)
      gap = std::min(gap, values[best] - values[i]);
  return {best, gap};
}

double softmaxEntropy(const std::vector<double> &logits) {
  double largest = *std::max_element(logits.begin(), logits.end());
  double sum = 0;
  for (double z : logits)
    sum += std::exp(z - largest);
  double entropy = 0;
  for (double z : logits) {
    double p = std::exp(z - largest) / sum;
    if (p > 0)
      entropy -= p * std::log(p);
  }
  return entropy;
}

double sigmoid(double v) { return 1.0 / (1.0 + std::exp(-v)); }

Matrix Interpreter::embed(llvm::ArrayRef<int64_t> tokens) const {
  int64_t hidden = config.hidden;
  Matrix x(tokens.size(), hidden);
  for (int64_t i = 0; i < x.rows; ++i)
    for (int64_t d = 0; d < hidden; ++d)
      x.at(i, d) = double(model.wordEmbeddings.at(tokens[i], d)) +
                   double(model.positionEmbeddings.at(i, d));
  return x;
}

Matrix Interpreter::layerNorm(const Matrix &x, const LayerNormParams &norm) const {
  Matrix y(x.rows, x.columns);
  for (int64_t i = 0; i < x.rows; ++i) {
    double mean = 0, variance = 0;
    for (int64_t d = 0; d < x.columns; ++d)
      mean += x.at(i, d);
    mean /= x.columns;
    for (int64_t d = 0; d < x.columns; ++d)
      variance += (x.at(i, d) - mean) * (x.at(i, d) - mean);
    variance /= x.columns; // Population variance.
    double scale = 1.0 / std::sqrt(variance + config.layerNormEps);
    for (int64_t d = 0; d < x.columns; ++d)
      y.at(i, d) = (x.at(i, d) - mean) * scale * norm.gamma[d] + norm.beta[d];
  }
  return y;
}

/// docs/math.md §2: y_j = α_j · β · Σ_k s_jk a_k + b_j with a and β per mode.
Matrix Interpreter::linear(const Matrix &x, const PackedLinear &weights,
                           bool signsCanFlip) {
  int64_t inputs = weights.inFeatures, outputs = weights.outFeatures;
  Matrix y(x.rows, outputs);
  std::vector<double> activation(inputs);
  std::vector<uint64_t> activationBits(weights.wordsPerRow());
  for (int64_t i = 0; i < x.rows; ++i) {
    double beta = 1.0, largest = 0, sumAbs = 0;
    for (int64_t k = 0; k < inputs; ++k) {
      largest = std::max(largest, std::fabs(x.at(i, k)));
      sumAbs += std::fabs(x.at(i, k));
    }
    switch (config.activations) {
    case Activations::F32:
      for (int64_t k = 0; k < inputs; ++k)
        activation[k] = x.at(i, k);
      break;
    case Activations::Int8:
      beta = largest > 0 ? largest / 127.0 : 1.0;
      for (int64_t k = 0; k < inputs; ++k) {
        double scaled = x.at(i, k) / beta;
        // nearbyint rounds half to even in the default rounding mode.
        activation[k] = std::clamp(std::nearbyint(scaled), -127.0, 127.0);
        double fromHalf = std::fabs(std::fabs(scaled - std::floor(scaled)) - 0.5);
        margins.quantization = std::min(
            margins.quantization, fromHalf / std::max(1.0, std::fabs(scaled)));
      }
      break;
    case Activations::Binary:
      beta = sumAbs / inputs;
      std::fill(activationBits.begin(), activationBits.end(), 0);
      for (int64_t k = 0; k < inputs; ++k) {
        if (!(x.at(i, k) >= 0)) // sgn(v) = +1 iff v >= 0: the bit means -1.
          activationBits[k / 64] |= uint64_t(1) << (k % 64);
        if (largest > 0 && signsCanFlip)
          margins.quantization =
              std::min(margins.quantization, std::fabs(x.at(i, k)) / largest);
      }
      break;
    }
    for (int64_t j = 0; j < outputs; ++j) {
      double sum = 0;
      if (config.activations == Activations::Binary) {
        // K - 2·popcount(w xor a) over the K real bits; padding bits are zero
        // on both sides.
        int64_t differing = 0;
        for (int64_t w = 0; w < weights.wordsPerRow(); ++w)
          differing += llvm::popcount(weights.signs[j * weights.wordsPerRow() + w] ^
                                      activationBits[w]);
        sum = double(inputs - 2 * differing);
      } else {
        for (int64_t k = 0; k < inputs; ++k)
          sum += weights.sign(j, k) * activation[k];
      }
      y.at(i, j) = double(weights.alpha[j]) * beta * sum + double(weights.bias[j]);
    }
  }
  return y;
}

Matrix Interpreter::attention(const Matrix &q, const Matrix &k,
                              const Matrix &v) const {
  int64_t rows = q.rows, headSize = config.headSize();
  double scale = 1.0 / std::sqrt(double(headSize));
  Matrix out(rows, config.hidden);
  std::vector<double> scores(rows);
  for (int64_t head = 0; head < config.heads; ++head) {
    int64_t first = head * headSize;
    for (int64_t i = 0; i < rows; ++i) {
      double largest = -kInfinity;
      for (int64_t j = 0; j < rows; ++j) {
        if (!config.pattern.allows(i, j)) {
          scores[j] = -kInfinity; // exp(-inf) = 0: the key is masked.
          continue;
        }
        double dot = 0;
        for (int64_t c = first; c < first + headSize; ++c)
          dot += q.at(i, c) * k.at(j, c);
        scores[j] = dot * scale;
        largest = std::max(largest, scores[j]);
      }
      double sum = 0;
      for (int64_t j = 0; j < rows; ++j) {
        scores[j] = std::exp(scores[j] - largest);
        sum += scores[j];
      }
      for (int64_t j = 0; j < rows; ++j)
        for (int64_t c = first; c < first + headSize; ++c)
          out.at(i, c) += scores[j] / sum * v.at(j, c);
    }
  }
  return out;
}

Matrix Interpreter::block(const Matrix &x, const BlockWeights &weights) {
  Matrix attended = attention(linear(x, weights.query), linear(x, weights.key),
                              linear(x, weights.value));
  Matrix projected = linear(attended, weights.output);
  for (size_t i = 0; i < projected.values.size(); ++i)
    projected.values[i] += x.values[i];
  Matrix h = layerNorm(projected, weights.attentionNorm);

  Matrix gate = linear(h, weights.gateFc1);
  for (double &value : gate.values)
    value = sigmoid(value);
  Matrix candidate = linear(h, weights.candFc1);
  for (double &value : candidate.values)
    value = std::tanh(value);
  Matrix gated = linear(gate, weights.gateFc2, /*signsCanFlip=*/false);
  Matrix proposed = linear(candidate, weights.candFc2);
  for (size_t i = 0; i < gated.values.size(); ++i)
    gated.values[i] = h.values[i] + gated.values[i] * proposed.values[i];
  return layerNorm(gated, weights.outputNorm);
}

std::vector<double> Interpreter::exitLogits(const Matrix &x,
                                            const ExitHeadWeights &head) const {
  std::vector<double> pooled(config.hidden, 0.0);
  if (config.pooling == Pooling::Cls) {
    for (int64_t d = 0; d < config.hidden; ++d)
      pooled[d] = x.at(0, d);
  } else {
    for (int64_t i = 0; i < x.rows; ++i)
      for (int64_t d = 0; d < config.hidden; ++d)
        pooled[d] += x.at(i, d);
    for (double &value : pooled)
      value /= x.rows;
  }
  std::vector<double> logits(config.labels);
  for (int64_t c = 0; c < config.labels; ++c) {
    double sum = head.bias[c];
    for (int64_t d = 0; d < config.hidden; ++d)
      sum += double(head.weight[c * config.hidden + d]) * pooled[d];
    logits[c] = sum;
  }
  return logits;
}

/// docs/math.md §4, with the run-time overrides.
bool Interpreter::shouldStop(int64_t layer, double entropy,
                             double previousEntropy,
                             const std::vector<double> &logits) {
  const ExitPolicy &policy = config.exitPolicy;
  double threshold = options.threshold.value_or(policy.threshold);
  auto [argmax, gap] = argmaxAndGap(logits);
  sameArgmaxRun = argmax == previousArgmax ? sameArgmaxRun + 1 : 1;
  previousArgmax = argmax;

  bool stop = false;
  switch (policy.type) {
  case ExitPolicyType::EntropyDrop: {
    if (layer == policy.minLayer)
      return false; // No decision at min_layer: nothing to compare with.
    double drop = previousEntropy == 0
                      ? 0.0
                      : (previousEntropy - entropy) / previousEntropy;
    margins.decision = std::min(margins.decision, std::fabs(drop - threshold));
    stop = drop < threshold;
    break;
  }
  case ExitPolicyType::EntropyBelow:
    margins.decision = std::min(margins.decision, std::fabs(entropy - threshold));
    stop = entropy < threshold;
    break;
  case ExitPolicyType::Patience:
    margins.decision = std::min(margins.decision, gap);
    // n + 1 exits in a row, written so that patience = INT64_MAX cannot
    // overflow.
    stop = sameArgmaxRun > options.patience.value_or(policy.patience);
    break;
  case ExitPolicyType::None:
    break;
  }
  return stop && !options.fullDepth;
}

RunResult Interpreter::run(llvm::ArrayRef<int64_t> tokens) {
  Matrix x = embed(tokens);
  if (model.embeddingNorm)
    x = layerNorm(x, *model.embeddingNorm);

  RunResult result;
  double previousEntropy = 0;
  for (int64_t layer = 1; layer <= config.layers; ++layer) {
    x = block(x, model.block(layer));
    if (layer < config.exitPolicy.minLayer)
      continue;
    std::vector<double> logits = exitLogits(x, model.exitHead(layer));
    double entropy = softmaxEntropy(logits);
    result.entropies.push_back(entropy);
    bool stop = shouldStop(layer, entropy, previousEntropy, logits);
    previousEntropy = entropy;
    if (stop || layer == config.layers) {
      result.logits = std::move(logits);
      result.exitLayer = layer;
      break;
    }
  }
  margins.argmax = argmaxAndGap(result.logits).second;
  result.margins = margins;
  return result;
}
} // namespace

llvm::Expected<RunResult> beex::runReference(const Model &model,
                                             llvm::ArrayRef<int64_t> tokens,
                                             const RunOptions &options) {
  const ModelConfig &config = model.config;
  auto fail = [](const llvm::Twine &message) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
  };
  if (tokens.empty())
    return fail("empty token sequence: at least one token is needed");
  if (int64_t(tokens.size()) > config.maxPositions)
    return fail(llvm::formatv("{0} tokens is longer than the model's "
                              "max_position_embeddings = {1}",
                              tokens.size(), config.maxPositions));
  for (auto [index, token] : llvm::enumerate(tokens))
    if (token < 0 || token >= config.vocabSize)
      return fail(llvm::formatv("token {0} at position {1} is outside the "
                                "vocabulary [0, {2})",
                                token, index, config.vocabSize));
  if (options.patience && *options.patience < 1)
    return fail("patience must be >= 1");
  if (options.threshold && !std::isfinite(*options.threshold))
    return fail("threshold must be a finite number");
  return Interpreter(model, options).run(tokens);
}
