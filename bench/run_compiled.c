/*===- run_compiled.c - Times a compiled model on one core ----------------===*
 *
 * Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 * run_compiled ITERATIONS LENGTH [--full-depth] [--threads N] [--inputs N [--batch]]
 *
 * Runs BEEX_MODEL (-DBEEX_MODEL=<name>_model) on one fixed input of LENGTH
 * tokens and prints the best and median time per run in milliseconds, and the
 * exit layer, as JSON. --threads N runs on a thread pool of N threads.
 * --inputs N times passes over N inputs instead, of lengths spread over
 * [LENGTH / 2, 3 LENGTH / 2] (mean LENGTH): N beex_run() calls, or with
 * --batch one beex_run_batch() with a scratch slot per thread.
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
  size_t threads = 1, inputs = 1;
  int batch = 0;
  for (int i = 3; i < argc; ++i) {
    if (!strcmp(argv[i], "--full-depth"))
      options.full_depth = 1;
    else if (!strcmp(argv[i], "--batch"))
      batch = 1;
    else if (!strcmp(argv[i], "--inputs") && i + 1 < argc)
      inputs = strtoul(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
      pool = beex_thread_pool_create(threads = strtoul(argv[++i], NULL, 10));
  }
  if (inputs == 0 || length == 0)
    return 2;
  if (pool)
    beex_thread_pool_use(pool, &options);

  size_t bytes = batch ? beex_batch_scratch_size(model, threads) : beex_scratch_size(model);
  void *scratch = aligned_alloc(BEEX_SCRATCH_ALIGNMENT, bytes);
  size_t labels = (size_t)model->num_labels, layers = (size_t)model->num_layers;
  float *logits = malloc(sizeof(float) * labels * inputs);
  float *entropies = malloc(sizeof(float) * layers * inputs);
  beex_result *results = malloc(sizeof(beex_result) * inputs);
  int32_t *tokens = malloc(sizeof(int32_t) * (3 * length / 2 + 1) * inputs);
  const int32_t **starts = malloc(sizeof(int32_t *) * inputs);
  size_t *lengths = malloc(sizeof(size_t) * inputs);
  double *times = malloc(sizeof(double) * (size_t)iterations);
  if (!scratch || !logits || !entropies || !results || !tokens || !starts || !lengths ||
      !times)
    return 2;
  int32_t *next = tokens;
  for (size_t n = 0; n < inputs; ++n) {
    /* One input: LENGTH; several: spread evenly around LENGTH. */
    lengths[n] = inputs == 1 ? length : length / 2 + (n * 13) % (length + 1);
    if (lengths[n] > (size_t)model->max_positions)
      lengths[n] = (size_t)model->max_positions;
    for (size_t i = 0; i < lengths[n]; ++i)
      next[i] = (int32_t)((i * 7919 + n * 31 + 101) % (size_t)model->vocab_size);
    starts[n] = next;
    next += lengths[n];
    results[n] = (beex_result){logits + n * labels, entropies + n * layers, 0};
  }

  for (int i = 0; i < iterations; ++i) {
    double start = now_ms();
    beex_status status = BEEX_OK;
    if (batch)
      status = beex_run_batch(model, inputs, starts, lengths, scratch, bytes, &options,
                              results, NULL);
    else
      for (size_t n = 0; n < inputs && status == BEEX_OK; ++n)
        status = beex_run(model, starts[n], lengths[n], scratch, bytes, &options, &results[n]);
    times[i] = now_ms() - start;
    if (status != BEEX_OK) {
      fprintf(stderr, "error: %s\n", beex_status_message(status));
      return 1;
    }
  }
  beex_thread_pool_destroy(pool);
  qsort(times, (size_t)iterations, sizeof(double), compare);
  printf("{\"best_ms\": %.4f, \"median_ms\": %.4f, \"exit_layer\": %d}\n", times[0],
         times[iterations / 2], results[0].exit_layer);
  return 0;
}
