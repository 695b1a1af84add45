//===- runtime.cpp - Fuzzing the C runtime's beex_run ---------------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Input: choices read by FuzzedDataProvider. Two kinds of calls:
//
// - Real models (compiled by beexc at build time from small checkpoints,
//   fuzz/CMakeLists.txt) run on random tokens, lengths, scratch sizes,
//   alignments, garbage scratch contents, run options and NULL pointers.
//   Tokens, scratch, logits and entropies end right before a PROT_NONE page,
//   so the generated code (which no sanitizer instruments) faults if it
//   touches a byte past the end of any of them. A successful run must
//   satisfy the runtime's contract (exit layer range, NaN entropies past the
//   exit), give bit-identical results with other garbage in the scratch, and
//   agree with the reference interpreter by docs/math.md §5 wherever the reference's
//   margins say the case is not borderline.
// - Fake descriptors with random fields and a stub forward pass check the
//   runtime's own logic: beex_check_model and beex_scratch_size agree, the
//   forward pass is called only when every argument passed every check, an
//   impossible exit layer is BEEX_ERROR_BAD_MODEL with the result untouched.
//   A quarter of them carry a small vocabulary with random counts, special
//   ids and NULL tables: beex_check_model must hold it to its contract, and
//   beex_tokenize must make its checks in the documented order (its
//   tokenizing itself is fuzz/tokenize.cpp's).
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "beex/Import/BeexFile.h"
#include "beex/runtime.h"
#include "vocabulary_tables.h"

#include "llvm/Support/FormatVariadic.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>
#include <string>

extern "C" const beex_model fuzz_f32_model, fuzz_binary_model, fuzz_int8_model,
    fuzz_padded_model;

namespace {
using beex::fuzz::fail;
using beex::fuzz::GuardedArena;

struct CompiledModel {
  const beex_model *descriptor;
  const char *beexFile;
  std::unique_ptr<beex::Model> reference;
};

std::vector<CompiledModel> &models() {
  static std::vector<CompiledModel> *all = [] {
    auto *all = new std::vector<CompiledModel>();
    for (auto [descriptor, name] :
         std::initializer_list<std::pair<const beex_model *, const char *>>{
             {&fuzz_f32_model, "f32"},
             {&fuzz_binary_model, "binary"},
             {&fuzz_int8_model, "int8"},
             {&fuzz_padded_model, "padded"}}) {
      std::string path = std::string(BEEX_FUZZ_MODEL_DIR "/") + name + ".beex";
      llvm::Expected<std::unique_ptr<beex::Model>> model = beex::readBeexFile(path);
      if (!model)
        fail("cannot load " + path + ": " + llvm::toString(model.takeError()));
      if (beex_check_model(descriptor) != BEEX_OK)
        fail(llvm::Twine("beex_check_model rejects the compiled ") + name);
      all->push_back({descriptor, name, std::move(*model)});
    }
    return all;
  }();
  return *all;
}

constexpr size_t kMaxTokens = 64;
constexpr size_t kMaxOutputs = 64;

GuardedArena &scratchArena() {
  static GuardedArena *arena = [] {
    size_t largest = 0;
    for (const CompiledModel &model : models())
      largest = std::max(largest, beex_scratch_size(model.descriptor));
    return new GuardedArena(largest + 4096);
  }();
  return *arena;
}
GuardedArena &tokenArena() {
  static GuardedArena arena(kMaxTokens * sizeof(int32_t));
  return arena;
}
GuardedArena &logitArena() {
  static GuardedArena arena(kMaxOutputs * sizeof(float));
  return arena;
}
GuardedArena &entropyArena() {
  static GuardedArena arena(kMaxOutputs * sizeof(float));
  return arena;
}

/// A float from raw bits (any NaN, infinity, subnormal) or a plausible value.
float consumeFloat(FuzzedDataProvider &input) {
  if (input.ConsumeBool()) {
    uint32_t bits = input.ConsumeIntegral<uint32_t>();
    float value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
  }
  return input.ConsumeFloatingPointInRange<float>(-0.5f, 1.5f);
}

/// An int64 near the interesting range or anywhere.
int64_t consumeSize(FuzzedDataProvider &input, int64_t low, int64_t high) {
  return input.ConsumeBool() ? input.ConsumeIntegralInRange<int64_t>(low, high)
                             : input.ConsumeIntegral<int64_t>();
}

bool isFinite(float value) { return std::isfinite(value); }

void fillOptions(FuzzedDataProvider &input, beex_run_options &options) {
  beex_run_options_init(&options);
  options.override_threshold = input.ConsumeIntegralInRange<int>(0, 2) == 0;
  options.threshold = consumeFloat(input);
  options.override_patience = input.ConsumeIntegralInRange<int>(0, 2) == 0;
  options.patience = consumeSize(input, -1, 4);
  options.full_depth = input.ConsumeIntegralInRange<int>(0, 3) == 0
                           ? input.ConsumeIntegral<int>()
                           : 0;
}

/// The docs/math.md §5 comparison of one compiled run with the reference.
void compareWithReference(const CompiledModel &model, const int32_t *tokens,
                          size_t length, const beex_run_options *options,
                          const beex_result &result) {
  beex::RunOptions reference;
  if (options) {
    if (options->override_threshold)
      reference.threshold = double(options->threshold);
    if (options->override_patience)
      reference.patience = options->patience;
    reference.fullDepth = options->full_depth != 0;
  }
  std::vector<int64_t> ids(tokens, tokens + length);
  llvm::Expected<beex::RunResult> expected =
      beex::runReference(*model.reference, ids, reference);
  if (!expected)
    fail("the reference rejects a run the runtime accepted: " +
         llvm::toString(expected.takeError()));
  // f32 against double: closer than this to a boundary may go either way.
  // The fuzzer seeks such edges out, so the quantisation border is wider than
  // the sweeps' 1e-6 (python/beex/compiled_sweep.py): the fuzzer found an int8
  // rounding flipped at a margin of 1.1e-6
  // (fuzz/regressions/runtime/int8-quantization-margin-1.1e-6). Gross errors
  // (a wrong kernel, exit or mask) still show everywhere else.
  if (expected->margins.quantization < 1e-4 ||
      expected->margins.decision < 1e-4 || expected->margins.argmax < 1e-4)
    return;
  const beex_model *m = model.descriptor;
  // The whole case, to reproduce it with beex-run and a linked driver.
  auto describe = [&] {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << model.beexFile << " model, tokens ";
    for (size_t i = 0; i < length; ++i)
      os << (i ? "," : "") << tokens[i];
    os << llvm::formatv(", options threshold {0} patience {1} full_depth {2}",
                        reference.threshold ? std::to_string(*reference.threshold) : "-",
                        reference.patience ? std::to_string(*reference.patience) : "-",
                        reference.fullDepth);
    os << "\n  compiled exit " << result.exit_layer << " logits";
    for (int64_t c = 0; c < m->num_labels; ++c)
      os << llvm::formatv(" {0:e}", double(result.logits[c]));
    os << "\n  reference exit " << expected->exitLayer << " logits";
    for (double z : expected->logits)
      os << llvm::formatv(" {0:e}", z);
    os << llvm::formatv("\n  reference margins: quantization {0:e} decision "
                        "{1:e} argmax {2:e}",
                        expected->margins.quantization,
                        expected->margins.decision, expected->margins.argmax);
    return text;
  };
  if (result.exit_layer != expected->exitLayer)
    fail("compiled and reference exit layers differ: " + describe());
  for (int64_t c = 0; c < m->num_labels; ++c) {
    double want = expected->logits[c], got = result.logits[c];
    if (!(std::fabs(got - want) <= 1e-4 * std::max(1.0, std::fabs(want))))
      fail("compiled and reference logits differ: " + describe());
  }
  for (int64_t l = m->min_layer; l <= result.exit_layer; ++l) {
    double want = expected->entropies[l - m->min_layer];
    double got = result.entropies[l - 1];
    if (!(std::fabs(got - want) <= 1e-4))
      fail(llvm::formatv("compiled and reference entropies of layer {0} "
                         "differ ({1:e}, {2:e}): ",
                         l, got, want) +
           describe());
  }
}

void fuzzCompiledModel(FuzzedDataProvider &input) {
  const CompiledModel &model =
      models()[input.ConsumeIntegralInRange<size_t>(0, models().size() - 1)];
  const beex_model *m = model.descriptor;

  // Tokens: mostly valid, some just outside [0, V), some anything.
  size_t length = input.ConsumeIntegralInRange<size_t>(0, size_t(m->max_positions) + 2);
  bool hugeLength = input.ConsumeIntegralInRange<int>(0, 15) == 0;
  int32_t *tokens = reinterpret_cast<int32_t *>(
      tokenArena().tail(length * sizeof(int32_t), alignof(int32_t)));
  for (size_t i = 0; i < length; ++i) {
    switch (input.ConsumeIntegralInRange<int>(0, 7)) {
    case 0:
      tokens[i] = input.ConsumeIntegral<int32_t>();
      break;
    case 1:
      tokens[i] = input.ConsumeBool() ? -1 : int32_t(m->vocab_size);
      break;
    default:
      tokens[i] = input.ConsumeIntegralInRange<int32_t>(0, int32_t(m->vocab_size) - 1);
    }
  }
  if (hugeLength) // The runtime must reject it before reading any token.
    length = input.ConsumeIntegralInRange<size_t>(size_t(m->max_positions) + 1, SIZE_MAX);

  // Scratch: the exact size, a little more or less, misaligned, or NULL.
  size_t required = size_t(m->scratch_size);
  int64_t delta = input.ConsumeIntegralInRange<int64_t>(-130, 130);
  size_t scratchBytes = delta < 0 && size_t(-delta) > required ? 0 : required + delta;
  size_t misalign = input.ConsumeIntegralInRange<int>(0, 7) == 0
                        ? input.ConsumeIntegralInRange<size_t>(1, 63)
                        : 0;
  size_t placed = std::min(scratchBytes, scratchArena().capacity() - 64);
  char *scratch = scratchArena().tail(placed, BEEX_SCRATCH_ALIGNMENT);
  if (misalign) // Down into the 64 spare bytes the clamp above leaves.
    scratch = scratch - 64 + misalign;
  uint8_t garbage = input.ConsumeIntegral<uint8_t>();
  std::memset(scratch, garbage, std::min(placed, scratchBytes));

  beex_run_options options;
  fillOptions(input, options);
  const beex_run_options *optionsArg = input.ConsumeBool() ? &options : nullptr;

  float *logits = reinterpret_cast<float *>(
      logitArena().tail(size_t(m->num_labels) * sizeof(float), alignof(float)));
  float *entropies = reinterpret_cast<float *>(
      entropyArena().tail(size_t(m->num_layers) * sizeof(float), alignof(float)));
  beex_result result = {logits, entropies, -12345};
  int nulls = input.ConsumeIntegralInRange<int>(0, 31);
  const beex_model *modelArg = nulls == 1 ? nullptr : m;
  const int32_t *tokensArg = nulls == 2 ? nullptr : tokens;
  void *scratchArg = nulls == 3 ? nullptr : scratch;
  beex_result *resultArg = nulls == 4 ? nullptr : &result;
  if (nulls == 5)
    result.logits = nullptr;
  if (nulls == 6)
    result.entropies = nullptr;

  beex_status status = beex_run(modelArg, tokensArg, length, scratchArg,
                                scratchBytes, optionsArg, resultArg);

  // The checks, in the documented order.
  beex_status expected = BEEX_OK;
  bool optionsOk = !optionsArg ||
                   ((!options.override_threshold || isFinite(options.threshold)) &&
                    (!options.override_patience || options.patience >= 1));
  bool tokensOk = true;
  if (length >= 1 && length <= size_t(m->max_positions))
    for (size_t i = 0; i < length; ++i)
      tokensOk &= tokens[i] >= 0 && tokens[i] < m->vocab_size;
  if (nulls >= 1 && nulls <= 6)
    expected = BEEX_ERROR_NULL_ARGUMENT;
  else if (!optionsOk)
    expected = BEEX_ERROR_INVALID_OPTION;
  else if (length == 0)
    expected = BEEX_ERROR_EMPTY_INPUT;
  else if (length > size_t(m->max_positions))
    expected = BEEX_ERROR_INPUT_TOO_LONG;
  else if (!tokensOk)
    expected = BEEX_ERROR_TOKEN_OUT_OF_RANGE;
  else if (scratchBytes < required)
    expected = BEEX_ERROR_SCRATCH_TOO_SMALL;
  else if (uintptr_t(scratch) % BEEX_SCRATCH_ALIGNMENT)
    expected = BEEX_ERROR_SCRATCH_MISALIGNED;
  if (status != expected)
    fail(llvm::Twine("beex_run returned ") + beex_status_message(status) +
         ", expected " + beex_status_message(expected));
  if (status != BEEX_OK) {
    if (result.exit_layer != -12345)
      fail("a failed beex_run wrote the result");
    return;
  }

  bool fullDepth = optionsArg && options.full_depth;
  if (result.exit_layer < m->min_layer || result.exit_layer > m->num_layers ||
      ((fullDepth || m->exit_policy == BEEX_EXIT_NONE) &&
       result.exit_layer != m->num_layers))
    fail("exit layer " + llvm::Twine(result.exit_layer) + " out of range");
  for (int64_t l = 1; l <= m->num_layers; ++l) {
    bool computed = l >= m->min_layer && l <= result.exit_layer;
    if (computed != !std::isnan(entropies[l - 1]))
      fail("entropy of layer " + llvm::Twine(l) +
           (computed ? " is NaN" : " is not NaN"));
  }

  // The forward pass must not depend on what the scratch held before.
  std::vector<float> firstLogits(logits, logits + m->num_labels);
  std::vector<float> firstEntropies(entropies, entropies + m->num_layers);
  int32_t firstExit = result.exit_layer;
  std::memset(scratch, uint8_t(~garbage), scratchBytes);
  if (beex_run(m, tokens, length, scratch, scratchBytes, optionsArg, &result) !=
      BEEX_OK)
    fail("the second run failed");
  if (result.exit_layer != firstExit ||
      std::memcmp(firstLogits.data(), logits, firstLogits.size() * sizeof(float)) ||
      std::memcmp(firstEntropies.data(), entropies,
                  firstEntropies.size() * sizeof(float)))
    fail("the result depends on the scratch's previous contents");

  compareWithReference(model, tokens, length, optionsArg, result);
}

// The stub forward pass of fake descriptors.
bool stubCalled;
int32_t stubExitLayer;
int64_t stubPatience;
int32_t stubForward(const int32_t *, int64_t, void *, float, int64_t patience,
                    int32_t, float *, float *, void *) {
  stubCalled = true;
  stubPatience = patience;
  return stubExitLayer;
}

void stubTask(const int32_t *, int64_t, void *, int64_t, int64_t, int64_t) {}

/// A vocabulary for fake descriptors: the first `count` of a few pieces,
/// with tables that are right for them, and random counts, special ids and
/// NULL tables around them. beex_check_model checks the counts and ids (in
/// constant time); the tables it trusts.
struct FakeVocabulary {
  static constexpr const char *kPieces[] = {
      "[UNK]", "[CLS]", "[SEP]", "a", "##a", "b", "\xC3\xA9", "\xE6\x97\xA5"};
  static constexpr uint32_t kMaxPieces = std::size(kPieces);
  beex_vocabulary vocabulary;
  uint32_t count = 0; // pieces that the tables describe
  uint32_t offsets[kMaxPieces + 1];
  uint32_t sorted[kMaxPieces];
  std::string bytes;

  /// Fills the tables and the fields from `input`; may set model.vocab_size
  /// to the count, so that the descriptor is often consistent.
  const beex_vocabulary *fill(FuzzedDataProvider &input, beex_model &model) {
    count = input.ConsumeIntegralInRange<uint32_t>(1, kMaxPieces);
    offsets[0] = 0;
    for (uint32_t i = 0; i < count; ++i) {
      bytes += kPieces[i];
      offsets[i + 1] = uint32_t(bytes.size());
    }
    vocabulary_tables_sort(bytes.data(), offsets, count, sorted);
    if (input.ConsumeBool())
      model.vocab_size = count;
    switch (input.ConsumeIntegralInRange<int>(0, 3)) {
    case 0:
      vocabulary.num_pieces = input.ConsumeIntegral<uint32_t>();
      break;
    case 1:
      vocabulary.num_pieces = uint32_t(model.vocab_size);
      break;
    default:
      vocabulary.num_pieces = count;
    }
    auto specialId = [&](int32_t id) {
      switch (input.ConsumeIntegralInRange<int>(0, 7)) {
      case 0:
        return input.ConsumeIntegral<int32_t>();
      case 1:
        return input.ConsumeIntegralInRange<int32_t>(-2, int32_t(count) + 1);
      default:
        return id;
      }
    };
    vocabulary.unk_id = specialId(0);
    vocabulary.cls_id = specialId(1);
    vocabulary.sep_id = specialId(2);
    vocabulary.offsets = input.ConsumeIntegralInRange<int>(0, 15) ? offsets : nullptr;
    vocabulary.sorted = input.ConsumeIntegralInRange<int>(0, 15) ? sorted : nullptr;
    vocabulary.bytes =
        input.ConsumeIntegralInRange<int>(0, 15) ? bytes.c_str() : nullptr;
    return &vocabulary;
  }
  /// Whether the tables describe exactly num_pieces pieces, which
  /// beex_tokenize trusts once beex_check_model has accepted the descriptor.
  bool consistent() const { return vocabulary.num_pieces == count; }
};

/// beex_tokenize on a fake descriptor: its checks, in the documented order.
void checkFakeTokenize(FuzzedDataProvider &input, const beex_model &model,
                       beex_status check, const FakeVocabulary &vocabulary) {
  static constexpr std::pair<const char *, bool> kTexts[] = {
      {"", true}, {"a", true}, {"A b, \xC3\xA9 \xE6\x97\xA5" "aa", true},
      {"a\xC3", false}, {"\xED\xA0\x80", false}};
  auto [text, valid] = kTexts[input.ConsumeIntegralInRange<size_t>(0, std::size(kTexts) - 1)];
  size_t textBytes = std::strlen(text);
  constexpr int32_t kSentinel = -7;
  int32_t ids[5] = {kSentinel, kSentinel, kSentinel, kSentinel, kSentinel};
  size_t capacity = input.ConsumeIntegralInRange<size_t>(0, 4);
  size_t length = 12345;
  int nulls = input.ConsumeIntegralInRange<int>(0, 15);
  const beex_model *modelArg = nulls == 1 ? nullptr : &model;
  const char *textArg = nulls == 2 ? nullptr : text;
  int32_t *idsArg = nulls == 3 ? nullptr : ids;
  size_t *lengthArg = nulls == 4 ? nullptr : &length;

  beex_status expected = BEEX_OK;
  if (nulls == 1 || nulls == 3 || nulls == 4 || (nulls == 2 && textBytes > 0))
    expected = BEEX_ERROR_NULL_ARGUMENT;
  else if (check != BEEX_OK)
    expected = check;
  else if (!model.vocabulary)
    expected = BEEX_ERROR_NO_TOKENIZER;
  else if (capacity < 2)
    expected = BEEX_ERROR_BUFFER_TOO_SMALL;
  else if (!valid)
    expected = BEEX_ERROR_INVALID_TEXT;
  else if (!vocabulary.consistent())
    return; // The tables are trusted: wrong ones are the compiler's bug.
  beex_status status =
      beex_tokenize(modelArg, textArg, textBytes, idsArg, capacity, lengthArg);
  if (status != expected)
    fail(llvm::Twine("beex_tokenize returned ") + beex_status_message(status) +
         ", expected " + beex_status_message(expected));
  if (status != BEEX_OK) {
    if (length != 12345 ||
        std::any_of(std::begin(ids), std::end(ids),
                    [](int32_t id) { return id != kSentinel; }))
      fail("a failed beex_tokenize wrote its outputs");
    return;
  }
  const beex_vocabulary &v = *model.vocabulary;
  if (length < 2 || length > capacity || ids[0] != v.cls_id ||
      ids[length - 1] != v.sep_id)
    fail("beex_tokenize returned a malformed sequence");
  for (size_t i = 0; i < std::size(ids); ++i)
    if (i < length ? ids[i] < 0 || uint32_t(ids[i]) >= v.num_pieces
                   : ids[i] != kSentinel)
      fail("beex_tokenize wrote an id out of range or past the length");
}

void fuzzFakeModel(FuzzedDataProvider &input) {
  beex_model model;
  model.abi_version = input.ConsumeIntegralInRange<int>(0, 15) == 0
                          ? input.ConsumeIntegral<uint32_t>()
                          : BEEX_ABI_VERSION;
  model.flags = input.ConsumeIntegralInRange<int>(0, 15) == 0
                    ? input.ConsumeIntegral<uint32_t>()
                    : 0;
  model.name = input.ConsumeIntegralInRange<int>(0, 15) == 0 ? nullptr : "fake";
  model.vocab_size = consumeSize(input, -1, int64_t(INT32_MAX) + 2);
  model.max_positions = consumeSize(input, -1, 8);
  model.num_labels = consumeSize(input, 0, 4);
  model.num_layers = consumeSize(input, -1, 6);
  model.min_layer = consumeSize(input, -1, 7);
  model.exit_policy = input.ConsumeBool() ? input.ConsumeIntegralInRange<int32_t>(-1, 4)
                                          : input.ConsumeIntegral<int32_t>();
  model.threshold = consumeFloat(input);
  model.patience = consumeSize(input, -1, 3);
  model.scratch_size = input.ConsumeBool()
                           ? input.ConsumeIntegralInRange<uint64_t>(0, 256)
                           : input.ConsumeIntegral<uint64_t>();
  model.forward = input.ConsumeIntegralInRange<int>(0, 15) == 0 ? nullptr : stubForward;
  model.task = input.ConsumeIntegralInRange<int>(0, 15) == 0 ? nullptr : stubTask;
  FakeVocabulary vocabulary;
  model.vocabulary = nullptr;
  if (input.ConsumeIntegralInRange<int>(0, 3) == 0)
    model.vocabulary = vocabulary.fill(input, model);

  beex_status check = beex_check_model(&model);
  size_t scratchSize = beex_scratch_size(&model);
  if ((check == BEEX_OK) != (scratchSize != 0))
    fail("beex_scratch_size and beex_check_model disagree");
  if (check == BEEX_OK &&
      (scratchSize % BEEX_SCRATCH_ALIGNMENT || scratchSize < model.scratch_size))
    fail("beex_scratch_size is not a rounded-up scratch_size");
  if (check == BEEX_OK &&
      (model.abi_version != BEEX_ABI_VERSION || model.flags || !model.name ||
       !model.forward || !model.task || model.vocab_size < 1 ||
       model.vocab_size > int64_t(INT32_MAX) + 1 || model.max_positions < 1 ||
       model.num_labels < 2 || model.num_layers < 1 ||
       model.num_layers > INT32_MAX || model.min_layer < 1 ||
       model.min_layer > model.num_layers || model.exit_policy < 0 ||
       model.exit_policy > BEEX_EXIT_NONE || !isFinite(model.threshold) ||
       model.patience < 1))
    fail("beex_check_model accepted a descriptor its contract rejects");
  if (check == BEEX_OK && model.vocabulary) {
    const beex_vocabulary &v = *model.vocabulary;
    auto isPiece = [&](int32_t id) { return id >= 0 && uint32_t(id) < v.num_pieces; };
    if (int64_t(v.num_pieces) != model.vocab_size || !isPiece(v.unk_id) ||
        !isPiece(v.cls_id) || !isPiece(v.sep_id) || !v.offsets || !v.sorted ||
        !v.bytes)
      fail("beex_check_model accepted a vocabulary its contract rejects");
  }
  (void)beex_status_message(check);
  checkFakeTokenize(input, model, check, vocabulary);

  // A run: the stub writes nothing, so small arrays do.
  alignas(BEEX_SCRATCH_ALIGNMENT) static char scratch[BEEX_SCRATCH_ALIGNMENT];
  int32_t tokens[4];
  size_t length = input.ConsumeIntegralInRange<size_t>(0, 4);
  for (size_t i = 0; i < length; ++i)
    tokens[i] = input.ConsumeIntegralInRange<int32_t>(-1, 3);
  uint64_t scratchBytes = input.ConsumeBool() ? model.scratch_size
                                              : input.ConsumeIntegral<uint64_t>();
  beex_run_options options;
  fillOptions(input, options);
  float logits[4], entropies[4];
  beex_result result = {logits, entropies, -12345};
  stubExitLayer = input.ConsumeBool() ? input.ConsumeIntegralInRange<int32_t>(-1, 8)
                                      : input.ConsumeIntegral<int32_t>();
  stubCalled = false;
  beex_status status =
      beex_run(&model, tokens, length, scratch, size_t(scratchBytes), &options, &result);
  if (check != BEEX_OK) {
    if (status != check || stubCalled)
      fail("beex_run ran a descriptor beex_check_model rejects");
    return;
  }
  if (stubCalled) {
    bool valid = length >= 1 && int64_t(length) <= model.max_positions &&
                 scratchBytes >= model.scratch_size &&
                 (!options.override_threshold || isFinite(options.threshold)) &&
                 (!options.override_patience || options.patience >= 1);
    for (size_t i = 0; i < length && valid; ++i)
      valid = tokens[i] >= 0 && tokens[i] < model.vocab_size;
    if (!valid)
      fail("beex_run called the forward pass with invalid arguments");
    if (stubPatience < 1 || stubPatience > model.num_layers)
      fail("beex_run passed a patience outside [1, num_layers]");
    bool possible = stubExitLayer >= model.min_layer &&
                    stubExitLayer <= model.num_layers &&
                    ((!options.full_depth && model.exit_policy != BEEX_EXIT_NONE) ||
                     stubExitLayer == model.num_layers);
    if (possible != (status == BEEX_OK) ||
        (!possible && status != BEEX_ERROR_BAD_MODEL))
      fail("beex_run misjudged the forward pass's exit layer");
    if (possible != (result.exit_layer == stubExitLayer) ||
        (!possible && result.exit_layer != -12345))
      fail("beex_run stored a wrong exit layer");
  } else if (status == BEEX_OK) {
    fail("beex_run succeeded without running the forward pass");
  }
}
} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  (void)models();
  (void)scratchArena();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FuzzedDataProvider input(data, size);
  if (input.ConsumeIntegralInRange<int>(0, 3) == 0)
    fuzzFakeModel(input);
  else
    fuzzCompiledModel(input);
  const char *message = beex_status_message(
      static_cast<beex_status>(input.ConsumeIntegral<int32_t>()));
  if (!message || !*message)
    fail("beex_status_message returned no text");
  return 0;
}
