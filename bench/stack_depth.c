/*===- stack_depth.c - The stack one inference uses, measured -------------===*
 *
 * Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 * stack_depth
 *
 * Runs BEEX_MODEL (-DBEEX_MODEL=<name>_model) once at its maximum length and
 * full depth on a thread whose stack is painted with a pattern, and prints as
 * JSON the scratch it needs and the bytes of stack beex_run used: the painted
 * bytes overwritten, minus those of a thread that calls nothing (the thread's
 * own start-up frames and bookkeeping). Runs natively or under qemu-user, so
 * that each target's code is measured.
 *===----------------------------------------------------------------------===*/

#include "beex/runtime.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const beex_model BEEX_MODEL;

enum { STACK_BYTES = 1 << 20, PAINT = 0xA5 };
static _Alignas(64) unsigned char stack[STACK_BYTES];

static void *nothing(void *arg) { return arg; }

/* What the inference thread runs on, allocated before it starts: the
   thread itself calls only beex_run. */
static struct {
  int32_t *tokens;
  size_t length, bytes;
  void *scratch;
  beex_run_options options;
  beex_result result;
} job;

static void *inference(void *arg) {
  beex_status status = beex_run(&BEEX_MODEL, job.tokens, job.length, job.scratch, job.bytes,
                                &job.options, &job.result);
  return status == BEEX_OK ? arg : (void *)1;
}

/* Bytes of the painted stack that `body` overwrote (stacks grow down). */
static long used_by(void *(*body)(void *)) {
  memset(stack, PAINT, sizeof stack);
  pthread_attr_t attributes;
  pthread_t thread;
  void *failed = NULL;
  if (pthread_attr_init(&attributes) ||
      pthread_attr_setstack(&attributes, stack, sizeof stack) ||
      pthread_create(&thread, &attributes, body, NULL) || pthread_join(thread, &failed) ||
      failed)
    return -1;
  size_t untouched = 0;
  while (untouched < sizeof stack && stack[untouched] == PAINT)
    ++untouched;
  return (long)(sizeof stack - untouched);
}

int main(void) {
  const beex_model *model = &BEEX_MODEL;
  job.length = (size_t)model->max_positions;
  job.tokens = malloc(job.length * sizeof *job.tokens);
  job.bytes = beex_scratch_size(model);
  job.scratch = aligned_alloc(BEEX_SCRATCH_ALIGNMENT, job.bytes);
  job.result.logits = malloc((size_t)model->num_labels * sizeof(float));
  job.result.entropies = malloc((size_t)model->num_layers * sizeof(float));
  if (!job.tokens || !job.scratch || !job.result.logits || !job.result.entropies)
    return 1;
  for (size_t i = 0; i < job.length; ++i)
    job.tokens[i] = (int32_t)(i % (size_t)model->vocab_size);
  beex_run_options_init(&job.options);
  job.options.full_depth = 1;

  long baseline = used_by(nothing), total = used_by(inference);
  if (baseline < 0 || total < 0)
    return 1;
  printf("{\"scratch\": %zu, \"stack\": %ld}\n", job.bytes, total - baseline);
  return 0;
}
