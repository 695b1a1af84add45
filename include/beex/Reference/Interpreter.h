//===- Interpreter.h - The reference interpreter ----------------*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Runs a model exactly as docs/math.md §3-4 say, one scalar at a time, in double
// precision. It is the oracle every compiled target is compared with, so it
// favours being obviously right over being fast, and shares nothing with the
// lowering but the Model it reads.
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_REFERENCE_INTERPRETER_H
#define BEEX_REFERENCE_INTERPRETER_H

#include "beex/Model/Model.h"

#include "llvm/Support/Error.h"

#include <optional>
#include <vector>

namespace beex {

/// Run-time overrides of the compiled exit policy (docs/math.md §4).
struct RunOptions {
  std::optional<double> threshold;
  std::optional<int64_t> patience;
  bool fullDepth = false;
};

/// How close the run came to a discontinuity, so that a comparison with
/// another implementation can tell a real disagreement from a borderline case
/// (docs/math.md §5). Each is +infinity when nothing of its kind happened.
struct Margins {
  /// Smallest distance of a binarized-linear input to where its quantised
  /// value changes, relative to its scale: |x| / max|x| of the row (binary),
  /// distance of x/β to the nearest half-integer over max(1, |x/β|) (int8).
  double quantization;
  /// Smallest |r_l - threshold| (entropy_drop), |H_l - threshold|
  /// (entropy_below) or top-two logit gap of an exit (patience).
  double decision;
  /// Gap between the two largest logits of the exit taken.
  double argmax;
};

struct RunResult {
  std::vector<double> logits; ///< Of the exit taken.
  int64_t exitLayer = 0;      ///< 1-based.
  /// H_l for l = min_layer .. exitLayer.
  std::vector<double> entropies;
  Margins margins;
};

/// Runs `model` on `tokens`. Fails, naming the problem, for an empty or too
/// long sequence or a token id outside [0, V).
llvm::Expected<RunResult> runReference(const Model &model,
                                       llvm::ArrayRef<int64_t> tokens,
                                       const RunOptions &options = {});

} // namespace beex

#endif // BEEX_REFERENCE_INTERPRETER_H
