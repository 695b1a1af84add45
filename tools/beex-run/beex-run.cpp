//===- beex-run.cpp - Run a .beex model -----------------------------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// beex-run --reference model.beex --tokens 5,17,9 [--tokens ...]
//          [--threshold X] [--patience N] [--full-depth]
//
// Prints one JSON object per --tokens, one per line:
//   {"logits": [...], "exit_layer": e, "entropies": [H_min_layer .. H_e],
//    "margins": {"quantization": q, "decision": d, "argmax": a}}
// (margins: how close the run came to a discontinuity; 1e308 for none).
//
//===----------------------------------------------------------------------===//

#include "beex/Import/BeexFile.h"
#include "beex/Reference/Interpreter.h"
#include "beex/Support/ToolOptions.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/WithColor.h"

#include <cmath>

using namespace llvm;

static cl::OptionCategory runOptions("beex-run options");
static cl::opt<std::string> modelPath(cl::Positional, cl::Required,
                                      cl::desc("<model.beex>"), cl::cat(runOptions));
static cl::opt<bool> useReference(
    "reference", cl::desc("Run the scalar reference interpreter (required: it "
                          "is the only engine of beex-run)"),
    cl::cat(runOptions));
static cl::list<std::string>
    tokenLists("tokens", cl::desc("Comma-separated token ids, one run each"),
               cl::value_desc("id,id,..."), cl::cat(runOptions));
static cl::opt<double> threshold("threshold",
                                 cl::desc("Override the exit threshold"),
                                 cl::cat(runOptions));
static cl::opt<int64_t> patience("patience",
                                 cl::desc("Override the exit patience"),
                                 cl::cat(runOptions));
static cl::opt<bool> fullDepth("full-depth",
                               cl::desc("Run every block, never exit early"),
                               cl::cat(runOptions));

namespace {
Expected<std::vector<int64_t>> parseTokens(StringRef text) {
  std::vector<int64_t> tokens;
  SmallVector<StringRef> pieces;
  text.split(pieces, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/true);
  for (StringRef piece : pieces) {
    int64_t token;
    if (piece.trim().getAsInteger(10, token))
      return createStringError(inconvertibleErrorCode(),
                               "--tokens '" + text + "': '" + piece +
                                   "' is not an integer token id");
    tokens.push_back(token);
  }
  return tokens;
}

/// JSON has no infinity; 1e308 stands for "nothing of this kind happened".
double finite(double value) { return std::isfinite(value) ? value : 1e308; }

json::Value toJson(const beex::RunResult &result) {
  json::Array logits, entropies;
  for (double z : result.logits)
    logits.push_back(z);
  for (double h : result.entropies)
    entropies.push_back(h);
  return json::Object{
      {"logits", std::move(logits)},
      {"exit_layer", result.exitLayer},
      {"entropies", std::move(entropies)},
      {"margins", json::Object{{"quantization", finite(result.margins.quantization)},
                               {"decision", finite(result.margins.decision)},
                               {"argmax", finite(result.margins.argmax)}}}};
}
} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  beex::parseToolOptions(argc, argv, "beex-run",
                         "beex-run: runs a .beex model on token ids\n", {&runOptions});
  auto fail = [&](const Twine &message) {
    WithColor::error(errs(), "beex-run") << message << "\n";
    return 1;
  };
  if (!useReference)
    return fail("only the reference interpreter exists yet: pass --reference");
  if (tokenLists.empty())
    return fail("no input: pass --tokens id,id,...");

  Expected<std::unique_ptr<beex::Model>> model = beex::readBeexFile(modelPath);
  if (!model)
    return fail(toString(model.takeError()));
  beex::RunOptions options;
  if (threshold.getNumOccurrences())
    options.threshold = threshold;
  if (patience.getNumOccurrences())
    options.patience = patience;
  options.fullDepth = fullDepth;

  for (const std::string &list : tokenLists) {
    Expected<std::vector<int64_t>> tokens = parseTokens(list);
    if (!tokens)
      return fail(toString(tokens.takeError()));
    Expected<beex::RunResult> result = beex::runReference(**model, *tokens, options);
    if (!result)
      return fail(modelPath + ": " + toString(result.takeError()));
    outs() << toJson(*result) << "\n";
  }
  return 0;
}
