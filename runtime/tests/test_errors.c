/*===- test_errors.c - One test per beex_status error -------------*- C -*-===*\
|*                                                                            *|
|* Part of the beex project, under the Apache License v2.0 with LLVM          *|
|* Exceptions.                                                                *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*/

/* Every way beex_run() and beex_check_model() can refuse, each checked to
   fail with the right status and without touching any output. */

#include "fixture.h"
#include "harness.h"

#include <math.h>
#include <string.h>

/* Runs the fixture with one of beex_run()'s pointer arguments NULL. */
typedef enum null_argument {
  NULL_MODEL,
  NULL_TOKENS,
  NULL_SCRATCH,
  NULL_RESULT
} null_argument;

static void expect_null_argument(null_argument which, const char *file,
                                 int line) {
  fixture f;
  fixture_init(&f);
  beex_status status =
      beex_run(which == NULL_MODEL ? NULL : &f.model,
               which == NULL_TOKENS ? NULL : f.tokens, f.length,
               which == NULL_SCRATCH ? NULL : f.scratch, f.scratch_bytes, NULL,
               which == NULL_RESULT ? NULL : &f.result);
  if (status != BEEX_ERROR_NULL_ARGUMENT) {
    ++beex_test_failures;
    printf("    %s:%d: beex_run returned %d (%s)\n", file, line, (int)status,
           beex_status_message(status));
  }
  CHECK(fake_last_call.count == 0);
  CHECK(fixture_outputs_untouched(&f));
  CHECK(f.result.exit_layer == FIXTURE_EXIT_SENTINEL);
}

void test_error_null_model(void) {
  expect_null_argument(NULL_MODEL, __FILE__, __LINE__);
  CHECK_STATUS(beex_check_model(NULL), BEEX_ERROR_NULL_ARGUMENT);
  CHECK(beex_scratch_size(NULL) == 0);
}

void test_error_null_tokens(void) {
  expect_null_argument(NULL_TOKENS, __FILE__, __LINE__);
  /* A null pointer wins over every other problem, even an empty input. */
  fixture f;
  fixture_init(&f);
  CHECK_STATUS(
      beex_run(&f.model, NULL, 0, f.scratch, f.scratch_bytes, NULL, &f.result),
      BEEX_ERROR_NULL_ARGUMENT);
}

void test_error_null_scratch(void) {
  expect_null_argument(NULL_SCRATCH, __FILE__, __LINE__);
  /* Even for a model that needs no scratch: beex_scratch_size() never
     returns 0 for a usable model, so there is always something to pass. */
  fixture f;
  fixture_init(&f);
  f.model.scratch_size = 0;
  f.scratch = NULL;
  EXPECT_RUN_ERROR(&f, BEEX_ERROR_NULL_ARGUMENT);
}

void test_error_null_result(void) {
  expect_null_argument(NULL_RESULT, __FILE__, __LINE__);
}

void test_error_null_result_logits(void) {
  fixture f;
  fixture_init(&f);
  f.result.logits = NULL;
  EXPECT_RUN_ERROR(&f, BEEX_ERROR_NULL_ARGUMENT);
}

void test_error_null_result_entropies(void) {
  fixture f;
  fixture_init(&f);
  f.result.entropies = NULL;
  EXPECT_RUN_ERROR(&f, BEEX_ERROR_NULL_ARGUMENT);
}

void test_error_abi_mismatch(void) {
  const uint32_t versions[] = {0u, BEEX_ABI_VERSION + 1u, 0xFFFFFFFFu};
  for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); ++i) {
    fixture f;
    fixture_init(&f);
    f.model.abi_version = versions[i];
    CHECK_STATUS(beex_check_model(&f.model), BEEX_ERROR_ABI_MISMATCH);
    EXPECT_RUN_ERROR(&f, BEEX_ERROR_ABI_MISMATCH);
  }
  /* The version is checked before any other field, whose layout it governs. */
  fixture f;
  fixture_init(&f);
  f.model.abi_version = BEEX_ABI_VERSION - 1u; /* the previous layout */
  f.model.forward = NULL;
  f.model.num_layers = -1;
  CHECK_STATUS(beex_check_model(&f.model), BEEX_ERROR_ABI_MISMATCH);
  EXPECT_RUN_ERROR(&f, BEEX_ERROR_ABI_MISMATCH);
}

/* Applies one corruption to a valid descriptor. */
typedef void (*model_mutation)(beex_model *model);

static void set_flags(beex_model *m) { m->flags = 1u; }
static void null_name(beex_model *m) { m->name = NULL; }
static void null_forward(beex_model *m) { m->forward = NULL; }
static void null_task(beex_model *m) { m->task = NULL; }
static void zero_vocab(beex_model *m) { m->vocab_size = 0; }
static void negative_vocab(beex_model *m) { m->vocab_size = -5; }
static void huge_vocab(beex_model *m) {
  m->vocab_size = (int64_t)INT32_MAX + 2;
}
static void zero_positions(beex_model *m) { m->max_positions = 0; }
static void negative_positions(beex_model *m) { m->max_positions = -1; }
static void one_label(beex_model *m) { m->num_labels = 1; }
static void zero_layers(beex_model *m) { m->num_layers = 0; }
static void huge_layers(beex_model *m) {
  m->num_layers = (int64_t)INT32_MAX + 1;
  m->min_layer = 1;
}
static void zero_min_layer(beex_model *m) { m->min_layer = 0; }
static void min_layer_past_end(beex_model *m) {
  m->min_layer = m->num_layers + 1;
}
static void policy_too_big(beex_model *m) { m->exit_policy = 4; }
static void policy_negative(beex_model *m) { m->exit_policy = -1; }
static void nan_threshold(beex_model *m) { m->threshold = NAN; }
static void inf_threshold(beex_model *m) { m->threshold = INFINITY; }
static void zero_patience(beex_model *m) { m->patience = 0; }
static void negative_patience(beex_model *m) { m->patience = INT64_MIN; }
static void huge_scratch(beex_model *m) { m->scratch_size = UINT64_MAX; }

void test_error_bad_model(void) {
  static const struct {
    const char *what;
    model_mutation mutate;
  } cases[] = {
      {"flags", set_flags},
      {"name", null_name},
      {"forward", null_forward},
      {"task", null_task},
      {"vocab_size 0", zero_vocab},
      {"vocab_size < 0", negative_vocab},
      {"vocab_size > 2^31", huge_vocab},
      {"max_positions 0", zero_positions},
      {"max_positions < 0", negative_positions},
      {"num_labels 1", one_label},
      {"num_layers 0", zero_layers},
      {"num_layers > INT32_MAX", huge_layers},
      {"min_layer 0", zero_min_layer},
      {"min_layer > num_layers", min_layer_past_end},
      {"exit_policy 4", policy_too_big},
      {"exit_policy -1", policy_negative},
      {"threshold NaN", nan_threshold},
      {"threshold inf", inf_threshold},
      {"patience 0", zero_patience},
      {"patience < 0", negative_patience},
      {"scratch_size overflows", huge_scratch},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    fixture f;
    fixture_init(&f);
    cases[i].mutate(&f.model);
    if (beex_check_model(&f.model) != BEEX_ERROR_BAD_MODEL) {
      ++beex_test_failures;
      printf("    case '%s': beex_check_model accepted it\n", cases[i].what);
    }
    EXPECT_RUN_ERROR(&f, BEEX_ERROR_BAD_MODEL);
  }
}

void test_error_bad_exit_layer(void) {
  /* A forward pass that returns an impossible exit layer is a bad model; the
     exit layer is not stored (the arrays were written by the forward pass). */
  const int32_t bogus[] = {FAKE_MIN_LAYER - 1, FAKE_NUM_LAYERS + 1, -1,
                           INT32_MAX};
  for (size_t i = 0; i < sizeof(bogus) / sizeof(bogus[0]); ++i) {
    fixture f;
    fixture_init(&f);
    fake_forced_exit_layer = bogus[i];
    CHECK_STATUS(fixture_run(&f), BEEX_ERROR_BAD_MODEL);
    CHECK(fake_last_call.count == 1);
    CHECK(f.result.exit_layer == FIXTURE_EXIT_SENTINEL);
  }
  /* Full depth must reach the last layer. */
  fixture f;
  fixture_init(&f);
  fake_forced_exit_layer = FAKE_NUM_LAYERS - 1;
  f.options.full_depth = 1;
  f.options_arg = &f.options;
  CHECK_STATUS(fixture_run(&f), BEEX_ERROR_BAD_MODEL);
  CHECK(f.result.exit_layer == FIXTURE_EXIT_SENTINEL);
  /* So must a model whose policy never exits early. */
  fixture_init(&f);
  f.model.exit_policy = BEEX_EXIT_NONE;
  CHECK_STATUS(fixture_run(&f), BEEX_ERROR_BAD_MODEL); /* the fake exits at 4 */
  CHECK(f.result.exit_layer == FIXTURE_EXIT_SENTINEL);
}

void test_error_empty_input(void) {
  fixture f;
  fixture_init(&f);
  f.length = 0;
  EXPECT_RUN_ERROR(&f, BEEX_ERROR_EMPTY_INPUT);
}

void test_error_input_too_long(void) {
  fixture f;
  fixture_init(&f);
  f.length = FAKE_MAX_POSITIONS + 1;
  EXPECT_RUN_ERROR(&f, BEEX_ERROR_INPUT_TOO_LONG);
  /* The tokens are not read when the length is wrong, so a huge length with
     a short array is safe. */
  fixture_init(&f);
  f.length = SIZE_MAX;
  EXPECT_RUN_ERROR(&f, BEEX_ERROR_INPUT_TOO_LONG);
}

/* Puts `token` at the first, then at the last position of a valid input. */
static void expect_bad_token(int32_t token, const char *file, int line) {
  for (int at_end = 0; at_end <= 1; ++at_end) {
    fixture f;
    fixture_init(&f);
    f.tokens[at_end ? FIXTURE_LENGTH - 1 : 0] = token;
    fixture_expect_error(&f, BEEX_ERROR_TOKEN_OUT_OF_RANGE, file, line);
  }
}

void test_error_token_negative(void) {
  expect_bad_token(-1, __FILE__, __LINE__);
  expect_bad_token(INT32_MIN, __FILE__, __LINE__);
}

void test_error_token_equal_to_vocab_size(void) {
  expect_bad_token(FAKE_VOCAB_SIZE, __FILE__, __LINE__);
  expect_bad_token(INT32_MAX, __FILE__, __LINE__);
}

void test_error_scratch_too_small(void) {
  fixture f;
  fixture_init(&f);
  f.scratch_bytes = FAKE_SCRATCH_SIZE - 1;
  EXPECT_RUN_ERROR(&f, BEEX_ERROR_SCRATCH_TOO_SMALL);
  fixture_init(&f);
  f.scratch_bytes = 0;
  EXPECT_RUN_ERROR(&f, BEEX_ERROR_SCRATCH_TOO_SMALL);
  /* Exactly enough is fine. */
  fixture_init(&f);
  f.scratch_bytes = FAKE_SCRATCH_SIZE;
  CHECK_STATUS(fixture_run(&f), BEEX_OK);
}

void test_error_scratch_misaligned(void) {
  const size_t offsets[] = {1, 4, 8, 16, 32, 63};
  for (size_t i = 0; i < sizeof(offsets) / sizeof(offsets[0]); ++i) {
    fixture f;
    fixture_init(&f);
    f.scratch = f.storage + offsets[i];
    EXPECT_RUN_ERROR(&f, BEEX_ERROR_SCRATCH_MISALIGNED);
  }
}

/* Runs with `threshold` as an override. */
static void expect_bad_threshold(float threshold, const char *file, int line) {
  fixture f;
  fixture_init(&f);
  f.options.override_threshold = 1;
  f.options.threshold = threshold;
  f.options_arg = &f.options;
  fixture_expect_error(&f, BEEX_ERROR_INVALID_OPTION, file, line);
}

void test_error_threshold_nan(void) {
  expect_bad_threshold(NAN, __FILE__, __LINE__);
  expect_bad_threshold(-NAN, __FILE__, __LINE__);
}

void test_error_threshold_infinite(void) {
  expect_bad_threshold(INFINITY, __FILE__, __LINE__);
  expect_bad_threshold(-INFINITY, __FILE__, __LINE__);
}

void test_error_patience_below_one(void) {
  const int64_t bad[] = {0, -1, INT64_MIN};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); ++i) {
    fixture f;
    fixture_init(&f);
    f.options.override_patience = 1;
    f.options.patience = bad[i];
    f.options_arg = &f.options;
    EXPECT_RUN_ERROR(&f, BEEX_ERROR_INVALID_OPTION);
  }
  /* Invalid even with full depth, where the patience would go unused. */
  fixture f;
  fixture_init(&f);
  f.options.override_patience = 1;
  f.options.patience = 0;
  f.options.full_depth = 1;
  f.options_arg = &f.options;
  EXPECT_RUN_ERROR(&f, BEEX_ERROR_INVALID_OPTION);
}

void test_status_messages(void) {
  const beex_status codes[] = {
      BEEX_OK,
      BEEX_ERROR_NULL_ARGUMENT,
      BEEX_ERROR_ABI_MISMATCH,
      BEEX_ERROR_EMPTY_INPUT,
      BEEX_ERROR_INPUT_TOO_LONG,
      BEEX_ERROR_TOKEN_OUT_OF_RANGE,
      BEEX_ERROR_SCRATCH_TOO_SMALL,
      BEEX_ERROR_SCRATCH_MISALIGNED,
      BEEX_ERROR_INVALID_OPTION,
      BEEX_ERROR_BAD_MODEL,
      BEEX_ERROR_NO_TOKENIZER,
      BEEX_ERROR_INVALID_TEXT,
      BEEX_ERROR_BUFFER_TOO_SMALL,
  };
  const size_t count = sizeof(codes) / sizeof(codes[0]);
  /* The values are part of the ABI: 0 to 12 in declaration order. */
  for (size_t i = 0; i < count; ++i)
    CHECK((size_t)codes[i] == i);
  const char *unknown = beex_status_message((beex_status)count);
  CHECK(unknown && strstr(unknown, "unknown"));
  CHECK(beex_status_message((beex_status)-1) == unknown);
  CHECK(beex_status_message((beex_status)999) == unknown);
  for (size_t i = 0; i < count; ++i) {
    const char *message = beex_status_message(codes[i]);
    CHECK(message && message[0] != '\0');
    CHECK(message != unknown && strcmp(message, unknown) != 0);
    for (size_t j = 0; j < i; ++j)
      CHECK(strcmp(message, beex_status_message(codes[j])) != 0);
    printf("    %d: %s\n", (int)codes[i], message);
  }
}
