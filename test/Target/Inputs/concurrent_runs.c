/*===- concurrent_runs.c - One model, several threads, one answer ---------===*
 *
 * Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 * runtime.h promises that several threads may run one model at once, each
 * with its own scratch and result arrays, and that a run spread over a
 * thread pool gives the serial result. This program runs a set of inputs
 * serially, then from THREADS threads at once, each with its own scratch and
 * its own order of the inputs, ROUNDS times: the even threads on their own,
 * the odd ones each spreading its runs over one shared pool of POOL_THREADS
 * threads. It counts every result that is not bit for bit the serial one.
 * Built with ThreadSanitizer, which also reports any data race in the runtime
 * and the pool.
 *===----------------------------------------------------------------------===*/

#define _POSIX_C_SOURCE 200809L /* pthread barriers */

#include "tiny.h"

#include "beex/thread_pool.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { THREADS = 4, POOL_THREADS = 3, ROUNDS = 40, INPUTS = 6 };

typedef struct outcome {
  beex_status status;
  int32_t exit_layer;
  float logits[TINY_NUM_LABELS];
  float entropies[TINY_NUM_LAYERS];
} outcome;

static int32_t tokens[INPUTS][TINY_MAX_POSITIONS];
static size_t lengths[INPUTS];
static outcome serial[INPUTS];
static int mismatches[THREADS];
/* All threads start their runs together, so that the runs overlap. */
static pthread_barrier_t start;
static beex_thread_pool *pool;

static outcome run(const int32_t *ids, size_t length, void *scratch, size_t bytes,
                   const beex_run_options *options) {
  outcome o;
  memset(&o, 0, sizeof o);
  beex_result result = {o.logits, o.entropies, 0};
  o.status = beex_run(&tiny_model, ids, length, scratch, bytes, options, &result);
  o.exit_layer = result.exit_layer;
  return o;
}

/* One beex_run_batch() of every input, in an order that changes with the
   round; returns how many results differ from the serial ones. */
static int run_batch(int round, void *scratch, size_t bytes,
                     const beex_run_options *options) {
  const int32_t *ids[INPUTS];
  size_t sizes[INPUTS];
  outcome o[INPUTS];
  beex_result results[INPUTS];
  memset(o, 0, sizeof o);
  for (int i = 0; i < INPUTS; ++i) {
    int input = (i + round) % INPUTS;
    ids[i] = tokens[input];
    sizes[i] = lengths[input];
    results[i] = (beex_result){o[i].logits, o[i].entropies, 0};
  }
  beex_status status =
      beex_run_batch(&tiny_model, INPUTS, ids, sizes, scratch, bytes, options, results, NULL);
  int differ = 0;
  for (int i = 0; i < INPUTS; ++i) {
    o[i].status = status;
    o[i].exit_layer = results[i].exit_layer;
    differ += memcmp(&o[i], &serial[(i + round) % INPUTS], sizeof o[i]) != 0;
  }
  return differ;
}

static void *worker(void *arg) {
  int thread = (int)(size_t)arg;
  beex_run_options pooled;
  beex_run_options_init(&pooled);
  beex_thread_pool_use(pool, &pooled);
  const beex_run_options *options = thread % 2 ? &pooled : NULL;
  /* The last thread runs batches, one slot per pool thread. */
  int batches = thread == THREADS - 1;
  size_t bytes = batches ? beex_batch_scratch_size(&tiny_model, POOL_THREADS)
                         : beex_scratch_size(&tiny_model);
  void *scratch = aligned_alloc(BEEX_SCRATCH_ALIGNMENT, bytes);
  if (!scratch) {
    mismatches[thread] = -1;
    pthread_barrier_wait(&start);
    return NULL;
  }
  pthread_barrier_wait(&start);
  for (int round = 0; round < ROUNDS; ++round) {
    if (batches) {
      mismatches[thread] += run_batch(round, scratch, bytes, options);
      continue;
    }
    for (int i = 0; i < INPUTS; ++i) {
      int input = (i * (thread + 1) + round) % INPUTS; /* each thread its order */
      outcome o = run(tokens[input], lengths[input], scratch, bytes, options);
      /* NaN entropies (layers without an exit head) compare as bytes. */
      if (memcmp(&o, &serial[input], sizeof o) != 0)
        ++mismatches[thread];
    }
  }
  free(scratch);
  return NULL;
}

int main(void) {
  for (int i = 0; i < INPUTS; ++i) {
    lengths[i] = 1 + (size_t)(i * 37) % TINY_MAX_POSITIONS;
    for (size_t t = 0; t < lengths[i]; ++t)
      tokens[i][t] = (int32_t)((t * 7 + (size_t)i * 3 + 1) % TINY_VOCAB_SIZE);
  }
  size_t bytes = beex_scratch_size(&tiny_model);
  void *scratch = aligned_alloc(BEEX_SCRATCH_ALIGNMENT, bytes);
  if (!scratch)
    return 2;
  for (int i = 0; i < INPUTS; ++i) {
    serial[i] = run(tokens[i], lengths[i], scratch, bytes, NULL);
    if (serial[i].status != BEEX_OK)
      return 3;
  }
  free(scratch);

  pool = beex_thread_pool_create(POOL_THREADS);
  if (!pool)
    return 5;
  pthread_barrier_init(&start, NULL, THREADS);
  pthread_t threads[THREADS];
  for (int t = 0; t < THREADS; ++t)
    if (pthread_create(&threads[t], NULL, worker, (void *)(size_t)t))
      return 4;
  int total = 0;
  for (int t = 0; t < THREADS; ++t) {
    pthread_join(threads[t], NULL);
    total += mismatches[t];
  }
  beex_thread_pool_destroy(pool);
  printf("%d threads (%d through a pool of %d, one of them in batches) x %d runs, %d "
         "results differ from the serial ones\n",
         THREADS, THREADS / 2, POOL_THREADS, ROUNDS * INPUTS, total);
  return total != 0;
}
