/*===- test_batch.c - beex_run_batch and its scratch size ---------*- C -*-===*\
|*                                                                            *|
|* Part of the beex project, under the Apache License v2.0 with LLVM          *|
|* Exceptions.                                                                *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*/

/* A batch writes what one beex_run per input writes, checks every input
   before it runs any, and gives each slot of its scratch to one thread.
   (Threads and a real model: test/Target/concurrent-runs.test.) */

#include "fake_model.h"
#include "harness.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

enum { INPUTS = 3, SLOT_BYTES = 256 }; /* FAKE_SCRATCH_SIZE rounded up */

typedef struct batch {
  beex_model model;
  int32_t tokens[INPUTS][FAKE_MAX_POSITIONS];
  const int32_t *pointers[INPUTS];
  size_t lengths[INPUTS];
  float logits[INPUTS][FAKE_NUM_LABELS];
  float entropies[INPUTS][FAKE_NUM_LAYERS];
  beex_result results[INPUTS];
  _Alignas(BEEX_SCRATCH_ALIGNMENT) unsigned char scratch[2 * SLOT_BYTES];
} batch;

/* Inputs of lengths 1, 4, 7 whose first tokens are 10, 11, 12. */
static void batch_init(batch *b) {
  memset(b, 0, sizeof *b);
  b->model = fake_model_reset();
  for (int i = 0; i < INPUTS; ++i) {
    b->lengths[i] = (size_t)(1 + 3 * i);
    for (int t = 0; t < FAKE_MAX_POSITIONS; ++t)
      b->tokens[i][t] = 10 + i + t;
    b->pointers[i] = b->tokens[i];
    for (int c = 0; c < FAKE_NUM_LABELS; ++c)
      b->logits[i][c] = -1.0f;
    b->results[i] = (beex_result){b->logits[i], b->entropies[i], -7};
  }
}

static beex_status batch_run(batch *b, size_t scratch_bytes,
                             const beex_run_options *options, size_t *failed) {
  return beex_run_batch(&b->model, INPUTS, b->pointers, b->lengths, b->scratch,
                        scratch_bytes, options, b->results, failed);
}

static void check_input(const batch *b, int i, int32_t exit) {
  CHECK(b->results[i].exit_layer == exit);
  for (int c = 0; c < FAKE_NUM_LABELS; ++c)
    CHECK(b->logits[i][c] == fake_expected_logit(exit, c, 10 + i));
  for (int32_t l = 1; l <= FAKE_NUM_LAYERS; ++l)
    CHECK(l >= FAKE_MIN_LAYER && l <= exit ? b->entropies[i][l - 1] == 1.0f / (float)l
                                           : isnan(b->entropies[i][l - 1]));
}

static int nothing_written(const batch *b) {
  for (int i = 0; i < INPUTS; ++i)
    if (b->results[i].exit_layer != -7 || b->logits[i][0] != -1.0f)
      return 0;
  return 1;
}

void test_batch_scratch_size(void) {
  beex_model model = fake_model_reset();
  CHECK(beex_batch_scratch_size(&model, 1) == beex_scratch_size(&model));
  CHECK(beex_batch_scratch_size(&model, 3) == 3 * SLOT_BYTES);
  CHECK(beex_batch_scratch_size(&model, 0) == 0);
  CHECK(beex_batch_scratch_size(&model, SIZE_MAX / 2) == 0); /* overflows */
  CHECK(beex_batch_scratch_size(NULL, 2) == 0);
  model.abi_version = 0;
  CHECK(beex_batch_scratch_size(&model, 2) == 0);
}

void test_batch_runs_each_input(void) {
  batch b;
  batch_init(&b);
  CHECK_STATUS(batch_run(&b, sizeof b.scratch, NULL, NULL), BEEX_OK);
  CHECK(fake_last_call.count == INPUTS);
  for (int i = 0; i < INPUTS; ++i)
    check_input(&b, i, fake_expected_exit(FAKE_THRESHOLD));
  /* The options reach every input's run. */
  batch_init(&b);
  beex_run_options options;
  beex_run_options_init(&options);
  options.full_depth = 1;
  CHECK_STATUS(batch_run(&b, FAKE_SCRATCH_SIZE, &options, NULL), BEEX_OK);
  for (int i = 0; i < INPUTS; ++i)
    check_input(&b, i, FAKE_NUM_LAYERS);
  /* No input: nothing to do. */
  batch_init(&b);
  CHECK_STATUS(beex_run_batch(&b.model, 0, NULL, NULL, b.scratch, FAKE_SCRATCH_SIZE,
                              NULL, NULL, NULL),
               BEEX_OK);
  CHECK(fake_last_call.count == 0);
}

/* A parallel-for that runs the last part first, so that the last slot takes
   every input. */
typedef struct reversed_for {
  int calls;
  size_t last_n;
} reversed_for;

static void run_reversed(void *context, size_t n,
                         void (*task)(void *arg, size_t begin, size_t end), void *arg) {
  reversed_for *record = (reversed_for *)context;
  ++record->calls;
  record->last_n = n;
  for (size_t part = n; part-- > 0;)
    task(arg, part, part + 1);
}

void test_batch_slots(void) {
  batch b;
  batch_init(&b);
  reversed_for record = {0, 0};
  beex_run_options options;
  beex_run_options_init(&options);
  options.parallel_for = run_reversed;
  options.parallel_context = &record;
  CHECK_STATUS(batch_run(&b, sizeof b.scratch, &options, NULL), BEEX_OK);
  /* Two slots fit; the inputs' own runs get no parallel-for. */
  CHECK(record.calls == 1);
  CHECK(record.last_n == 2);
  CHECK(fake_last_call.task_calls == INPUTS); /* one serial call per run */
  CHECK(fake_last_call.scratch == b.scratch + SLOT_BYTES);
  for (int i = 0; i < INPUTS; ++i)
    check_input(&b, i, fake_expected_exit(FAKE_THRESHOLD));
  /* One slot: no parallel-for. */
  batch_init(&b);
  record.calls = 0;
  CHECK_STATUS(batch_run(&b, SLOT_BYTES + 63, &options, NULL), BEEX_OK);
  CHECK(record.calls == 0);
  CHECK(fake_last_call.scratch == b.scratch);
}

/* Runs a batch expected to fail on input `input` (SIZE_MAX: on no input)
   without running or writing anything. */
static void expect_batch_error(batch *b, size_t bytes, beex_status expected, size_t input,
                               int line) {
  size_t failed = SIZE_MAX;
  beex_status status = batch_run(b, bytes, NULL, &failed);
  if (status != expected || failed != input || fake_last_call.count != 0 ||
      !nothing_written(b)) {
    ++beex_test_failures;
    printf("    %s:%d: beex_run_batch returned %d (%s) for input %zu, ran %d times\n",
           __FILE__, line, (int)status, beex_status_message(status), failed,
           fake_last_call.count);
  }
}
#define EXPECT_BATCH_ERROR(b, bytes, expected, input)                          \
  expect_batch_error((b), (bytes), (expected), (input), __LINE__)

void test_batch_errors(void) {
  batch b;
  batch_init(&b);
  CHECK_STATUS(beex_run_batch(NULL, INPUTS, b.pointers, b.lengths, b.scratch,
                              sizeof b.scratch, NULL, b.results, NULL),
               BEEX_ERROR_NULL_ARGUMENT);
  CHECK_STATUS(beex_run_batch(&b.model, INPUTS, NULL, b.lengths, b.scratch,
                              sizeof b.scratch, NULL, b.results, NULL),
               BEEX_ERROR_NULL_ARGUMENT);
  CHECK_STATUS(beex_run_batch(&b.model, INPUTS, b.pointers, NULL, b.scratch,
                              sizeof b.scratch, NULL, b.results, NULL),
               BEEX_ERROR_NULL_ARGUMENT);
  CHECK_STATUS(beex_run_batch(&b.model, INPUTS, b.pointers, b.lengths, NULL,
                              sizeof b.scratch, NULL, b.results, NULL),
               BEEX_ERROR_NULL_ARGUMENT);
  CHECK_STATUS(beex_run_batch(&b.model, INPUTS, b.pointers, b.lengths, b.scratch,
                              sizeof b.scratch, NULL, NULL, NULL),
               BEEX_ERROR_NULL_ARGUMENT);
  CHECK(fake_last_call.count == 0 && nothing_written(&b));

  b.pointers[1] = NULL;
  EXPECT_BATCH_ERROR(&b, sizeof b.scratch, BEEX_ERROR_NULL_ARGUMENT, 1);
  batch_init(&b);
  b.results[2].entropies = NULL;
  EXPECT_BATCH_ERROR(&b, sizeof b.scratch, BEEX_ERROR_NULL_ARGUMENT, 2);
  batch_init(&b);
  b.lengths[2] = 0;
  EXPECT_BATCH_ERROR(&b, sizeof b.scratch, BEEX_ERROR_EMPTY_INPUT, 2);
  batch_init(&b);
  b.lengths[1] = FAKE_MAX_POSITIONS + 1;
  EXPECT_BATCH_ERROR(&b, sizeof b.scratch, BEEX_ERROR_INPUT_TOO_LONG, 1);
  batch_init(&b);
  b.tokens[2][3] = FAKE_VOCAB_SIZE;
  EXPECT_BATCH_ERROR(&b, sizeof b.scratch, BEEX_ERROR_TOKEN_OUT_OF_RANGE, 2);
  batch_init(&b);
  EXPECT_BATCH_ERROR(&b, FAKE_SCRATCH_SIZE - 1, BEEX_ERROR_SCRATCH_TOO_SMALL, SIZE_MAX);
  batch_init(&b);
  b.model.abi_version = 2;
  EXPECT_BATCH_ERROR(&b, sizeof b.scratch, BEEX_ERROR_ABI_MISMATCH, SIZE_MAX);
  batch_init(&b);
  beex_run_options options;
  beex_run_options_init(&options);
  options.override_threshold = 1;
  options.threshold = NAN;
  size_t failed = SIZE_MAX;
  CHECK_STATUS(batch_run(&b, sizeof b.scratch, &options, &failed), BEEX_ERROR_INVALID_OPTION);
  CHECK(failed == SIZE_MAX && fake_last_call.count == 0);
  CHECK_STATUS(beex_run_batch(&b.model, INPUTS, b.pointers, b.lengths, b.scratch + 8,
                              sizeof b.scratch - 8, NULL, b.results, NULL),
               BEEX_ERROR_SCRATCH_MISALIGNED);

  /* A forward pass that returns an impossible exit layer: every input still
     runs, and the batch names one that failed. */
  batch_init(&b);
  fake_forced_exit_layer = FAKE_NUM_LAYERS + 1;
  CHECK_STATUS(batch_run(&b, sizeof b.scratch, NULL, &failed), BEEX_ERROR_BAD_MODEL);
  CHECK(failed < INPUTS);
  CHECK(fake_last_call.count == INPUTS);
}
