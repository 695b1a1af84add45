/*===- fixture.c - Buffers and checks for one beex_run call -------*- C -*-===*\
|*                                                                            *|
|* Part of the beex project, under the Apache License v2.0 with LLVM          *|
|* Exceptions.                                                                *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*/

#include "fixture.h"
#include "harness.h"

#include <string.h>

void fixture_init(fixture *f) {
  memset(f, 0, sizeof(*f));
  f->model = fake_model_reset();
  for (int i = 0; i < FAKE_MAX_POSITIONS + 1; ++i)
    f->tokens[i] = i;
  f->tokens[0] = FIXTURE_FIRST_TOKEN;
  f->length = FIXTURE_LENGTH;
  memset(f->storage, FIXTURE_SCRATCH_FILL, sizeof(f->storage));
  f->scratch = f->storage;
  f->scratch_bytes = FAKE_SCRATCH_SIZE;
  for (int i = 0; i < FAKE_NUM_LABELS; ++i)
    f->logits[i] = FIXTURE_SENTINEL;
  for (int i = 0; i < FAKE_NUM_LAYERS; ++i)
    f->entropies[i] = FIXTURE_SENTINEL;
  f->result.logits = f->logits;
  f->result.entropies = f->entropies;
  f->result.exit_layer = FIXTURE_EXIT_SENTINEL;
  beex_run_options_init(&f->options);
  f->options_arg = NULL;
}

beex_status fixture_run(fixture *f) {
  return beex_run(&f->model, f->tokens, f->length, f->scratch, f->scratch_bytes,
                  f->options_arg, &f->result);
}

int fixture_outputs_untouched(const fixture *f) {
  for (int i = 0; i < FAKE_NUM_LABELS; ++i)
    if (f->logits[i] != FIXTURE_SENTINEL)
      return 0;
  for (int i = 0; i < FAKE_NUM_LAYERS; ++i)
    if (f->entropies[i] != FIXTURE_SENTINEL)
      return 0;
  return 1;
}

void fixture_expect_error(fixture *f, beex_status expected, const char *file,
                          int line) {
  int calls_before = fake_last_call.count;
  beex_status status = fixture_run(f);
  int scratch_untouched = 1;
  for (size_t i = 0; i < sizeof(f->storage); ++i)
    if (f->storage[i] != FIXTURE_SCRATCH_FILL)
      scratch_untouched = 0;
  if (status != expected) {
    ++beex_test_failures;
    printf("    %s:%d: beex_run returned %d (%s), expected %d (%s)\n", file,
           line, (int)status, beex_status_message(status), (int)expected,
           beex_status_message(expected));
  }
  if (fake_last_call.count != calls_before) {
    ++beex_test_failures;
    printf("    %s:%d: the forward pass was called on error\n", file, line);
  }
  if (!fixture_outputs_untouched(f) ||
      f->result.exit_layer != FIXTURE_EXIT_SENTINEL) {
    ++beex_test_failures;
    printf("    %s:%d: the result was written on error\n", file, line);
  }
  if (!scratch_untouched) {
    ++beex_test_failures;
    printf("    %s:%d: the scratch was written on error\n", file, line);
  }
}
