/*===- run_compiled.c - Times a compiled model on one core ----------------===*
 *
 * Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 * run_compiled ITERATIONS LENGTH [--full-depth] [--threads N]
 *
 * Runs BEEX_MODEL (-DBEEX_MODEL=<name>_model) on one fixed input of LENGTH
 * tokens and prints the best and median time per run in milliseconds, and the
 * exit layer, as JSON. --threads N runs on a thread pool of N threads.
 *===----------------------------------------------------------------------===*/

#include "beex/runtime.h"
#include "beex/thread_pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

extern const beex_model BEEX_MODEL;

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc < 3)
    return 2;
  int iterations = atoi(argv[1]);
  size_t length = (size_t)atol(argv[2]);
  const beex_model *model = &BEEX_MODEL;
  beex_run_options options;
  beex_run_options_init(&options);
  beex_thread_pool *pool = NULL;
  for (int i = 3; i < argc; ++i) {
    if (!strcmp(argv[i], "--full-depth"))
      options.full_depth = 1;
    else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
      pool = beex_thread_pool_create(strtoul(argv[++i], NULL, 10));
  }
  if (pool)
    beex_thread_pool_use(pool, &options);

  size_t bytes = beex_scratch_size(model);
  void *scratch = aligned_alloc(BEEX_SCRATCH_ALIGNMENT, bytes);
  float *logits = malloc(sizeof(float) * (size_t)model->num_labels);
  float *entropies = malloc(sizeof(float) * (size_t)model->num_layers);
  int32_t *tokens = malloc(sizeof(int32_t) * length);
  double *times = malloc(sizeof(double) * (size_t)iterations);
  for (size_t i = 0; i < length; ++i)
    tokens[i] = (int32_t)((i * 7919 + 101) % (size_t)model->vocab_size);

  beex_result result = {logits, entropies, 0};
  for (int i = 0; i < iterations; ++i) {
    double start = now_ms();
    beex_status status =
        beex_run(model, tokens, length, scratch, bytes, &options, &result);
    times[i] = now_ms() - start;
    if (status != BEEX_OK) {
      fprintf(stderr, "error: %s\n", beex_status_message(status));
      return 1;
    }
  }
  beex_thread_pool_destroy(pool);
  qsort(times, (size_t)iterations, sizeof(double), compare);
  printf("{\"best_ms\": %.4f, \"median_ms\": %.4f, \"exit_layer\": %d}\n", times[0],
         times[iterations / 2], result.exit_layer);
  return 0;
}
