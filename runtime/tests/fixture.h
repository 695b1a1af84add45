/*===- fixture.h - Buffers and checks for one beex_run call -------*- C -*-===*\
|*                                                                            *|
|* Part of the beex project, under the Apache License v2.0 with LLVM          *|
|* Exceptions.                                                                *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*/

/*
 * Everything one beex_run() call needs, valid by default, so that each test
 * changes only the one thing it is about. Output buffers start filled with
 * sentinels so that the error tests can check nothing was written.
 */

#ifndef BEEX_RUNTIME_TESTS_FIXTURE_H
#define BEEX_RUNTIME_TESTS_FIXTURE_H

#include "fake_model.h"

#define FIXTURE_LENGTH 5
#define FIXTURE_FIRST_TOKEN 7
#define FIXTURE_SCRATCH_FILL 0x5A
#define FIXTURE_SENTINEL 12345.0f
#define FIXTURE_EXIT_SENTINEL (-7)

typedef struct fixture {
  beex_model model;
  int32_t tokens[FAKE_MAX_POSITIONS + 1];
  size_t length;
  /* What is passed to beex_run is `scratch` and `scratch_bytes`: by default
     the start of `storage` and FAKE_SCRATCH_SIZE, unless a test moves them. */
  _Alignas(BEEX_SCRATCH_ALIGNMENT) unsigned char storage[512];
  void *scratch;
  size_t scratch_bytes;
  float logits[FAKE_NUM_LABELS];
  float entropies[FAKE_NUM_LAYERS];
  beex_result result;
  beex_run_options options;
  const beex_run_options *options_arg; /* NULL by default, else &options */
} fixture;

/* Fills `f` with a valid call: the fake model, FIXTURE_LENGTH tokens
   (FIXTURE_FIRST_TOKEN, then 1, 2, ...), exactly FAKE_SCRATCH_SIZE bytes of
   aligned scratch, sentinel-filled outputs, no options. */
void fixture_init(fixture *f);

/* Calls beex_run() with the fixture's arguments. */
beex_status fixture_run(fixture *f);

/* Runs and checks that the call fails with `expected` without calling the
   forward pass or writing the result, its arrays or the scratch. */
void fixture_expect_error(fixture *f, beex_status expected, const char *file,
                          int line);
#define EXPECT_RUN_ERROR(f, expected)                                          \
  fixture_expect_error((f), (expected), __FILE__, __LINE__)

/* Whether every output array entry still holds FIXTURE_SENTINEL. */
int fixture_outputs_untouched(const fixture *f);

#endif /* BEEX_RUNTIME_TESTS_FIXTURE_H */
