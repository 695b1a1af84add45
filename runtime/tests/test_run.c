/*===- test_run.c - beex_run on valid input -----------------------*- C -*-===*\
|*                                                                            *|
|* Part of the beex project, under the Apache License v2.0 with LLVM          *|
|* Exceptions.                                                                *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*/

/* What a successful run hands to the forward pass and gives back, and the
   helper functions around it. */

#include "fixture.h"
#include "harness.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Checks the outputs of a successful run that exited at `exit`. */
static void check_outputs(const fixture *f, int32_t exit) {
  CHECK(f->result.exit_layer == exit);
  for (int c = 0; c < FAKE_NUM_LABELS; ++c)
    CHECK(f->logits[c] == fake_expected_logit(exit, c, FIXTURE_FIRST_TOKEN));
  for (int32_t l = 1; l <= FAKE_NUM_LAYERS; ++l) {
    float h = f->entropies[l - 1];
    if (l >= FAKE_MIN_LAYER && l <= exit)
      CHECK(h == 1.0f / (float)l);
    else
      CHECK(isnan(h));
  }
}

void test_runtime_abi_version(void) {
  CHECK(beex_runtime_abi_version() == BEEX_ABI_VERSION);
  char version[32];
  snprintf(version, sizeof version, "%d.%d.%d", BEEX_VERSION_MAJOR, BEEX_VERSION_MINOR,
           BEEX_VERSION_PATCH);
  CHECK(strcmp(beex_runtime_version(), version) == 0);
  CHECK(BEEX_ABI_VERSION == 3u);
  CHECK(BEEX_SCRATCH_ALIGNMENT == 64u);
}

void test_run_options_init(void) {
  beex_run_options options;
  options.override_threshold = 3;
  options.threshold = NAN;
  options.override_patience = 4;
  options.patience = -5;
  options.full_depth = 6;
  options.parallel_for = (beex_parallel_for_fn)1;
  options.parallel_context = &options;
  beex_run_options_init(&options);
  CHECK(options.parallel_for == NULL);
  CHECK(options.parallel_context == NULL);
  CHECK(options.override_threshold == 0);
  CHECK(options.override_patience == 0);
  CHECK(options.full_depth == 0);
  CHECK(options.threshold == 0.0f);
  CHECK(options.patience == 1);
  beex_run_options_init(NULL); /* documented as a no-op */
}

void test_check_model_accepts_valid(void) {
  beex_model model = fake_model_reset();
  CHECK_STATUS(beex_check_model(&model), BEEX_OK);
  /* Every policy, and the boundary values of each field. */
  for (int32_t policy = BEEX_EXIT_ENTROPY_DROP; policy <= BEEX_EXIT_NONE;
       ++policy) {
    model.exit_policy = policy;
    CHECK_STATUS(beex_check_model(&model), BEEX_OK);
  }
  model = fake_model_reset();
  model.vocab_size = 1;
  model.max_positions = 1;
  model.num_labels = 2;
  model.num_layers = 1;
  model.min_layer = 1;
  model.threshold = -FLT_MAX;
  model.patience = 1;
  model.scratch_size = 0;
  CHECK_STATUS(beex_check_model(&model), BEEX_OK);
  model.vocab_size = (int64_t)INT32_MAX + 1;
  model.num_layers = INT32_MAX;
  model.min_layer = INT32_MAX;
  model.threshold = FLT_MAX;
  model.patience = INT64_MAX;
  CHECK_STATUS(beex_check_model(&model), BEEX_OK);
  model.name = ""; /* empty but present */
  CHECK_STATUS(beex_check_model(&model), BEEX_OK);
}

void test_scratch_size(void) {
  beex_model model = fake_model_reset();
  CHECK(beex_scratch_size(&model) == 256); /* 200 rounded up to 64 */
  model.scratch_size = 0;
  CHECK(beex_scratch_size(&model) == 64); /* never 0 for a usable model */
  model.scratch_size = 1;
  CHECK(beex_scratch_size(&model) == 64);
  model.scratch_size = 64;
  CHECK(beex_scratch_size(&model) == 64);
  model.scratch_size = 65;
  CHECK(beex_scratch_size(&model) == 128);
  model.scratch_size = (uint64_t)SIZE_MAX - 63; /* the largest that rounds */
  CHECK(beex_scratch_size(&model) == SIZE_MAX - 63);
  CHECK(beex_scratch_size(NULL) == 0);
  model.scratch_size = (uint64_t)SIZE_MAX - 62; /* would overflow */
  CHECK(beex_scratch_size(&model) == 0);
  model = fake_model_reset();
  model.forward = NULL;
  CHECK(beex_scratch_size(&model) == 0);
  model = fake_model_reset();
  model.abi_version = BEEX_ABI_VERSION + 1u;
  CHECK(beex_scratch_size(&model) == 0);
}

void test_run_defaults(void) {
  fixture f;
  fixture_init(&f);
  CHECK_STATUS(fixture_run(&f), BEEX_OK);
  CHECK(fake_last_call.count == 1);
  /* Every pointer reaches the forward pass unchanged (no copies). */
  CHECK(fake_last_call.tokens == f.tokens);
  CHECK(fake_last_call.length == FIXTURE_LENGTH);
  CHECK(fake_last_call.scratch == f.storage);
  CHECK(fake_last_call.logits == f.logits);
  CHECK(fake_last_call.entropies == f.entropies);
  /* The compiled defaults. */
  CHECK(fake_last_call.threshold == FAKE_THRESHOLD);
  CHECK(fake_last_call.patience == FAKE_PATIENCE);
  CHECK(fake_last_call.full_depth == 0);
  CHECK(fake_expected_exit(FAKE_THRESHOLD) == 4);
  check_outputs(&f, 4);
  /* The forward pass used its scratch_size bytes and nothing beyond. */
  CHECK(f.storage[FAKE_SCRATCH_SIZE - 1] == 0xAB);
  CHECK(f.storage[FAKE_SCRATCH_SIZE] == FIXTURE_SCRATCH_FILL);
}

void test_run_options_without_overrides(void) {
  /* Initialized options mean the same as NULL options. */
  fixture f;
  fixture_init(&f);
  f.options_arg = &f.options;
  CHECK_STATUS(fixture_run(&f), BEEX_OK);
  CHECK(fake_last_call.threshold == FAKE_THRESHOLD);
  CHECK(fake_last_call.patience == FAKE_PATIENCE);
  CHECK(fake_last_call.full_depth == 0);
  check_outputs(&f, 4);

  /* Values whose override flag is off are ignored, not checked. */
  fixture_init(&f);
  f.options.threshold = NAN;
  f.options.patience = 0;
  f.options_arg = &f.options;
  CHECK_STATUS(fixture_run(&f), BEEX_OK);
  CHECK(fake_last_call.threshold == FAKE_THRESHOLD);
  CHECK(fake_last_call.patience == FAKE_PATIENCE);
}

void test_run_override_threshold(void) {
  fixture f;
  fixture_init(&f);
  f.options.override_threshold = 1;
  f.options.threshold = 0.6f; /* H_2 = 0.5 is below it: exit 2 */
  f.options_arg = &f.options;
  CHECK_STATUS(fixture_run(&f), BEEX_OK);
  CHECK(fake_last_call.threshold == 0.6f);
  CHECK(fake_last_call.patience == FAKE_PATIENCE);
  check_outputs(&f, 2);

  fixture_init(&f);
  f.options.override_threshold = 1;
  f.options.threshold = 0.1f; /* no H_l below it: the last layer */
  f.options_arg = &f.options;
  CHECK_STATUS(fixture_run(&f), BEEX_OK);
  check_outputs(&f, FAKE_NUM_LAYERS);

  /* Any finite value is a valid threshold, whatever the policy makes of it. */
  const float finite[] = {0.0f, -0.0f, -1.0f, FLT_MAX, -FLT_MAX, FLT_MIN};
  for (size_t i = 0; i < sizeof(finite) / sizeof(finite[0]); ++i) {
    fixture_init(&f);
    f.options.override_threshold = 1;
    f.options.threshold = finite[i];
    f.options_arg = &f.options;
    CHECK_STATUS(fixture_run(&f), BEEX_OK);
    CHECK(fake_last_call.threshold == finite[i]);
  }
}

void test_run_override_patience(void) {
  fixture f;
  fixture_init(&f);
  f.options.override_patience = 1;
  f.options.patience = 5;
  f.options_arg = &f.options;
  CHECK_STATUS(fixture_run(&f), BEEX_OK);
  CHECK(fake_last_call.patience == 5);
  CHECK(fake_last_call.threshold == FAKE_THRESHOLD);
  CHECK(fake_last_call.full_depth == 0);

  /* Passed through even when the policy does not use it, up to num_layers:
     larger values mean the same (never stop by patience) and are clamped, so
     that generated code never computes INT64_MAX + 1 (found by
     fuzz/runtime.cpp: the compiled cascade then stopped at the first exit). */
  const int64_t large[] = {FAKE_NUM_LAYERS, FAKE_NUM_LAYERS + 1, INT64_MAX};
  for (size_t i = 0; i < sizeof large / sizeof large[0]; ++i) {
    fixture_init(&f);
    f.options.override_patience = 1;
    f.options.patience = large[i];
    f.options_arg = &f.options;
    CHECK_STATUS(fixture_run(&f), BEEX_OK);
    CHECK(fake_last_call.patience == FAKE_NUM_LAYERS);
  }

  /* Both overrides at once. */
  fixture_init(&f);
  f.options.override_patience = 1;
  f.options.patience = 1;
  f.options.override_threshold = 1;
  f.options.threshold = 0.4f; /* H_3 = 1/3: exit 3 */
  f.options_arg = &f.options;
  CHECK_STATUS(fixture_run(&f), BEEX_OK);
  CHECK(fake_last_call.patience == 1);
  CHECK(fake_last_call.threshold == 0.4f);
  check_outputs(&f, 3);
}

void test_run_full_depth(void) {
  fixture f;
  fixture_init(&f);
  f.options.full_depth = 1;
  f.options_arg = &f.options;
  CHECK_STATUS(fixture_run(&f), BEEX_OK);
  CHECK(fake_last_call.full_depth == 1);
  CHECK(fake_last_call.threshold == FAKE_THRESHOLD);
  CHECK(fake_last_call.patience == FAKE_PATIENCE);
  check_outputs(&f, FAKE_NUM_LAYERS);

  /* Any nonzero value reaches the forward pass as 1. */
  fixture_init(&f);
  f.options.full_depth = -42;
  f.options_arg = &f.options;
  CHECK_STATUS(fixture_run(&f), BEEX_OK);
  CHECK(fake_last_call.full_depth == 1);
  check_outputs(&f, FAKE_NUM_LAYERS);
}

void test_run_policy_none(void) {
  /* With BEEX_EXIT_NONE, the only valid answer is the last layer. */
  fixture f;
  fixture_init(&f);
  f.model.exit_policy = BEEX_EXIT_NONE;
  f.options.full_depth = 1;
  f.options_arg = &f.options;
  CHECK_STATUS(fixture_run(&f), BEEX_OK);
  check_outputs(&f, FAKE_NUM_LAYERS);
}

void test_run_boundary_inputs(void) {
  fixture f;
  /* One token, and the longest input. */
  fixture_init(&f);
  f.length = 1;
  CHECK_STATUS(fixture_run(&f), BEEX_OK);
  CHECK(fake_last_call.length == 1);
  fixture_init(&f);
  f.length = FAKE_MAX_POSITIONS;
  CHECK_STATUS(fixture_run(&f), BEEX_OK);
  CHECK(fake_last_call.length == FAKE_MAX_POSITIONS);
  /* The smallest and the largest token id. */
  fixture_init(&f);
  f.tokens[0] = 0;
  f.tokens[FIXTURE_LENGTH - 1] = FAKE_VOCAB_SIZE - 1;
  CHECK_STATUS(fixture_run(&f), BEEX_OK);
  /* Only the first `length` tokens are read: an invalid one after them is
     fine. */
  fixture_init(&f);
  f.tokens[FIXTURE_LENGTH] = -1;
  CHECK_STATUS(fixture_run(&f), BEEX_OK);
}

void test_run_scratch_sizes(void) {
  fixture f;
  /* Exactly scratch_size bytes is enough (the fixture's default); so is the
     rounded size of beex_scratch_size, and more. */
  fixture_init(&f);
  f.scratch_bytes = FAKE_SCRATCH_SIZE;
  CHECK_STATUS(fixture_run(&f), BEEX_OK);
  fixture_init(&f);
  f.scratch_bytes = beex_scratch_size(&f.model);
  CHECK_STATUS(fixture_run(&f), BEEX_OK);
  fixture_init(&f);
  f.scratch_bytes = SIZE_MAX;
  CHECK_STATUS(fixture_run(&f), BEEX_OK);
  /* Any 64-byte boundary will do, not just the start of an allocation. */
  fixture_init(&f);
  f.scratch = f.storage + BEEX_SCRATCH_ALIGNMENT;
  CHECK_STATUS(fixture_run(&f), BEEX_OK);
  CHECK(fake_last_call.scratch == f.storage + BEEX_SCRATCH_ALIGNMENT);
}

void test_run_repeatable(void) {
  /* No hidden state: the same call twice gives the same answer, and a run
     with overrides does not leak into the next one without. */
  fixture f;
  fixture_init(&f);
  f.options.override_threshold = 1;
  f.options.threshold = 0.6f;
  f.options.full_depth = 0;
  f.options_arg = &f.options;
  CHECK_STATUS(fixture_run(&f), BEEX_OK);
  check_outputs(&f, 2);
  f.options_arg = NULL;
  CHECK_STATUS(fixture_run(&f), BEEX_OK);
  check_outputs(&f, 4);
  CHECK_STATUS(fixture_run(&f), BEEX_OK);
  check_outputs(&f, 4);
  CHECK(fake_last_call.count == 3);
}

/* A parallel-for that splits [0, n) into three parts and runs them last
   first, on the calling thread: beex must not depend on the order. */
typedef struct split_for {
  int calls;
  size_t last_n;
} split_for;

static void split_in_three(void *context, size_t n,
                           void (*task)(void *arg, size_t begin, size_t end),
                           void *arg) {
  split_for *split = (split_for *)context;
  ++split->calls;
  split->last_n = n;
  for (size_t part = 3; part-- > 0;)
    task(arg, n * part / 3, n * (part + 1) / 3);
}

static void check_each_item_once(size_t length) {
  for (size_t i = 0; i < FAKE_MAX_POSITIONS; ++i)
    CHECK(fake_last_call.item_counts[i] == (i < length ? 1 : 0));
}

void test_run_serial_tasks(void) {
  /* Without a parallel-for, each task runs once over all its items. */
  fixture f;
  fixture_init(&f);
  CHECK_STATUS(fixture_run(&f), BEEX_OK);
  CHECK(fake_last_call.task_calls == 1);
  check_each_item_once(FIXTURE_LENGTH);
}

void test_run_parallel_for(void) {
  fixture f;
  fixture_init(&f);
  split_for split = {0, 0};
  f.options.parallel_for = split_in_three;
  f.options.parallel_context = &split;
  f.options_arg = &f.options;
  CHECK_STATUS(fixture_run(&f), BEEX_OK);
  CHECK(split.calls == 1);
  CHECK(split.last_n == FIXTURE_LENGTH);
  /* 5 items in three parts: [0,1) [1,3) [3,5), each a call. */
  CHECK(fake_last_call.task_calls == 3);
  check_each_item_once(FIXTURE_LENGTH);
  check_outputs(&f, 4);

  /* One item is not worth a parallel-for. */
  fixture_init(&f);
  split.calls = 0;
  f.options.parallel_for = split_in_three;
  f.options.parallel_context = &split;
  f.options_arg = &f.options;
  f.length = 1;
  CHECK_STATUS(fixture_run(&f), BEEX_OK);
  CHECK(split.calls == 0);
  check_each_item_once(1);
}
