/*===- fake_model.c - A stand-in for a compiled model -------------*- C -*-===*\
|*                                                                            *|
|* Part of the beex project, under the Apache License v2.0 with LLVM          *|
|* Exceptions.                                                                *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*/

#include "fake_model.h"

#include <math.h>
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

static int32_t fake_forward(const int32_t *tokens, int64_t length,
                            void *scratch, float threshold, int64_t patience,
                            int32_t full_depth, float *logits,
                            float *entropies) {
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
  };
  return model;
}
