/*===- fake_model.c - A stand-in for a compiled model -------------*- C -*-===*\
|*                                                                            *|
|* Part of the beex project, under the Apache License v2.0 with LLVM          *|
|* Exceptions.                                                                *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*/

#include "fake_model.h"
#include "vocabulary_tables.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

fake_call fake_last_call;
int32_t fake_forced_exit_layer;

static float fake_entropy(int64_t layer) { return 1.0f / (float)layer; }

int32_t fake_expected_exit(float threshold) {
  for (int32_t l = FAKE_MIN_LAYER; l <= FAKE_NUM_LAYERS; ++l)
    if (fake_entropy(l) < threshold)
      return l;
  return FAKE_NUM_LAYERS;
}

float fake_expected_logit(int32_t exit, int label, int32_t first_token) {
  return 10.0f * (float)exit + (float)label + (float)first_token / 2.0f;
}

static void fake_task(const int32_t *tokens, int64_t length, void *scratch,
                      int64_t task, int64_t begin, int64_t end) {
  fake_call *call = &fake_last_call;
  if (tokens != call->tokens || length != call->length ||
      scratch != call->scratch || task != FAKE_TASK || begin < 0 ||
      end > length)
    return; /* leaves item_counts short: the tests see it */
  ++call->task_calls;
  for (int64_t i = begin; i < end; ++i)
    ++call->item_counts[i];
}

static int32_t fake_forward(const int32_t *tokens, int64_t length,
                            void *scratch, float threshold, int64_t patience,
                            int32_t full_depth, float *logits,
                            float *entropies, void *run) {
  fake_call *call = &fake_last_call;
  ++call->count;
  call->tokens = tokens;
  call->length = length;
  call->scratch = scratch;
  call->threshold = threshold;
  call->patience = patience;
  call->full_depth = full_depth;
  call->logits = logits;
  call->entropies = entropies;

  /* Like generated code, use all of the scratch: sanitizers and the tests'
     guard bytes then catch a runtime that hands over less than it promises. */
  memset(scratch, 0xAB, FAKE_SCRATCH_SIZE);
  beex_parallel_task(run, FAKE_TASK, length);

  int32_t exit = full_depth ? FAKE_NUM_LAYERS : fake_expected_exit(threshold);
  for (int32_t l = 1; l <= FAKE_NUM_LAYERS; ++l)
    entropies[l - 1] = l >= FAKE_MIN_LAYER && l <= exit ? fake_entropy(l) : NAN;
  for (int c = 0; c < FAKE_NUM_LABELS; ++c)
    logits[c] = fake_expected_logit(exit, c, tokens[0]);
  return fake_forced_exit_layer ? fake_forced_exit_layer : exit;
}

beex_model fake_model_reset(void) {
  memset(&fake_last_call, 0, sizeof(fake_last_call));
  fake_forced_exit_layer = 0;
  beex_model model = {
      .abi_version = BEEX_ABI_VERSION,
      .flags = 0,
      .name = "fake",
      .vocab_size = FAKE_VOCAB_SIZE,
      .max_positions = FAKE_MAX_POSITIONS,
      .num_labels = FAKE_NUM_LABELS,
      .num_layers = FAKE_NUM_LAYERS,
      .min_layer = FAKE_MIN_LAYER,
      .exit_policy = BEEX_EXIT_ENTROPY_BELOW,
      .threshold = FAKE_THRESHOLD,
      .patience = FAKE_PATIENCE,
      .scratch_size = FAKE_SCRATCH_SIZE,
      .forward = fake_forward,
      .task = fake_task,
      .vocabulary = NULL, /* fake_vocabulary() for the tokenizer tests */
  };
  return model;
}

static const char *const fake_named_pieces[FAKE_PIECE_COUNT] = {
    [FAKE_PAD] = "[PAD]",
    [FAKE_HELLO] = "hello",
    [FAKE_WORLD] = "world",
    [FAKE_S_CONT] = "##s",
    [FAKE_UN] = "un",
    [FAKE_WANT_CONT] = "##want",
    [FAKE_ED_CONT] = "##ed",
    [FAKE_COMMA] = ",",
    [FAKE_PERIOD] = ".",
    [FAKE_BANG] = "!",
    [FAKE_CAFE] = "cafe",
    [FAKE_NAIVE] = "naive",
    [FAKE_IT] = "it",
    [FAKE_APOSTROPHE] = "'",
    [FAKE_S] = "s",
    [FAKE_ZHONG] = "\xE4\xB8\xAD",
    [FAKE_WEN] = "\xE6\x96\x87",
    [FAKE_A] = "a",
    [FAKE_A_CONT] = "##a",
    [FAKE_A10_CONT] = "##aaaaaaaaaa",
    [FAKE_E] = "e",
    [FAKE_E_CONT] = "##e",
    [FAKE_GA] = "\xE1\x84\x80\xE1\x85\xA1",
    [FAKE_GA_CONT] = "##\xE1\x84\x80\xE1\x85\xA1",
    [FAKE_MARKS] = "x\xF0\x9D\x85\xA5\xF0\x9D\x85\xAD",
    [FAKE_UNK] = "[UNK]",
    [FAKE_CLS] = "[CLS]",
    [FAKE_SEP] = "[SEP]",
};

/* Room for the named pieces and "[unused<n>]" for every other id. */
static char fake_filler_text[FAKE_VOCAB_SIZE][24];
static char fake_vocabulary_bytes[1024];
static uint32_t fake_vocabulary_offsets[FAKE_VOCAB_SIZE + 1];
static uint32_t fake_vocabulary_sorted[FAKE_VOCAB_SIZE];
static beex_vocabulary fake_vocabulary_storage;

const char *fake_piece_text(int32_t id) {
  if (id < 0 || id >= FAKE_VOCAB_SIZE)
    return "?";
  if (id < FAKE_PIECE_COUNT)
    return fake_named_pieces[id];
  snprintf(fake_filler_text[id], sizeof(fake_filler_text[id]), "[unused%d]",
           (int)id);
  return fake_filler_text[id];
}

const beex_vocabulary *fake_vocabulary(void) {
  beex_vocabulary *vocab = &fake_vocabulary_storage;
  if (vocab->num_pieces)
    return vocab;
  size_t used = 0;
  for (int32_t id = 0; id < FAKE_VOCAB_SIZE; ++id) {
    const char *text = fake_piece_text(id);
    size_t size = strlen(text);
    fake_vocabulary_offsets[id] = (uint32_t)used;
    memcpy(fake_vocabulary_bytes + used, text, size);
    used += size;
  }
  fake_vocabulary_offsets[FAKE_VOCAB_SIZE] = (uint32_t)used;
  vocabulary_tables_fill(fake_vocabulary_bytes, fake_vocabulary_offsets, FAKE_VOCAB_SIZE,
                         fake_vocabulary_sorted, vocab);
  return vocab;
}
