/*===- driver.c - Runs a compiled model the way beex-run runs the reference -===*
 *
 * Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 * driver [--threshold X] [--patience N] [--full-depth] [--all-entropies]
 *        [--threads N] [--batch] id,id,... [id,id,...]
 *
 * Prints one JSON line per token list, in beex-run's shape, so tests compare
 * the compiled model with the reference interpreter. --all-entropies prints
 * the whole entropies array instead, NaN (as null) for layers that computed
 * no exit head. --threads N runs each input on a thread pool of N threads
 * (beex/thread_pool.h); --batch runs all inputs in one beex_run_batch(), one
 * input per thread at once. Build with -DBEEX_MODEL=<name>_model.
 *===----------------------------------------------------------------------===*/

#include "beex/runtime.h"
#include "beex/thread_pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const beex_model BEEX_MODEL;

static int parse_tokens(const char *text, int32_t *tokens, size_t capacity,
                        size_t *length) {
  *length = 0;
  while (*text) {
    char *end;
    long value = strtol(text, &end, 10);
    if (end == text || *length == capacity)
      return 0;
    tokens[(*length)++] = (int32_t)value;
    text = *end == ',' ? end + 1 : end;
  }
  return 1;
}

/* Prints one result in beex-run's JSON shape. */
static void print_result(const beex_model *model, const beex_result *result,
                         int all_entropies) {
  printf("{\"logits\":[");
  for (int64_t c = 0; c < model->num_labels; ++c)
    printf("%s%.9g", c ? "," : "", result->logits[c]);
  printf("],\"exit_layer\":%d,\"entropies\":[", result->exit_layer);
  int64_t first = all_entropies ? 1 : model->min_layer;
  int64_t last = all_entropies ? model->num_layers : result->exit_layer;
  for (int64_t l = first; l <= last; ++l) {
    float h = result->entropies[l - 1];
    if (h != h)
      printf("%snull", l > first ? "," : "");
    else
      printf("%s%.9g", l > first ? "," : "", h);
  }
  printf("]}\n");
}

int main(int argc, char **argv) {
  const beex_model *model = &BEEX_MODEL;
  beex_run_options options;
  beex_run_options_init(&options);
  size_t labels = (size_t)model->num_labels, layers = (size_t)model->num_layers;
  size_t capacity = (size_t)model->max_positions + 1;
  /* Every argument could be a token list. */
  size_t inputs = 0;
  int32_t *tokens = malloc(sizeof(int32_t) * capacity * (size_t)argc);
  const int32_t **starts = malloc(sizeof(int32_t *) * (size_t)argc);
  size_t *lengths = malloc(sizeof(size_t) * (size_t)argc);
  float *logits = malloc(sizeof(float) * labels * (size_t)argc);
  float *entropies = malloc(sizeof(float) * layers * (size_t)argc);
  beex_result *results = malloc(sizeof(beex_result) * (size_t)argc);
  if (!tokens || !starts || !lengths || !logits || !entropies || !results)
    return 2;

  int all_entropies = 0, batch = 0;
  size_t threads = 1;
  beex_thread_pool *pool = NULL;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
      beex_thread_pool_destroy(pool);
      threads = strtoul(argv[++i], NULL, 10);
      pool = beex_thread_pool_create(threads);
      if (!pool) {
        fprintf(stderr, "error: cannot start a thread pool of %s threads\n", argv[i]);
        return 1;
      }
      beex_thread_pool_use(pool, &options);
      continue;
    }
    if (!strcmp(argv[i], "--batch")) {
      batch = 1;
      continue;
    }
    if (!strcmp(argv[i], "--all-entropies")) {
      all_entropies = 1;
      continue;
    }
    if (!strcmp(argv[i], "--threshold") && i + 1 < argc) {
      options.override_threshold = 1;
      options.threshold = strtof(argv[++i], NULL);
      continue;
    }
    if (!strcmp(argv[i], "--patience") && i + 1 < argc) {
      options.override_patience = 1;
      options.patience = strtoll(argv[++i], NULL, 10);
      continue;
    }
    if (!strcmp(argv[i], "--full-depth")) {
      options.full_depth = 1;
      continue;
    }
    int32_t *ids = tokens + inputs * capacity;
    if (!parse_tokens(argv[i], ids, capacity, &lengths[inputs])) {
      fprintf(stderr, "error: cannot parse token list '%s'\n", argv[i]);
      return 1;
    }
    starts[inputs] = ids;
    results[inputs] = (beex_result){logits + inputs * labels, entropies + inputs * layers, 0};
    ++inputs;
  }

  /* A batch has a scratch slot per thread; single runs share one. */
  size_t scratch_bytes = batch ? beex_batch_scratch_size(model, threads)
                               : beex_scratch_size(model);
  void *scratch = aligned_alloc(BEEX_SCRATCH_ALIGNMENT, scratch_bytes);
  if (!scratch)
    return 2;
  beex_status status = BEEX_OK;
  if (batch)
    status = beex_run_batch(model, inputs, starts, lengths, scratch, scratch_bytes,
                            &options, results, NULL);
  else
    for (size_t i = 0; i < inputs && status == BEEX_OK; ++i)
      status = beex_run(model, starts[i], lengths[i], scratch, scratch_bytes, &options,
                        &results[i]);
  if (status != BEEX_OK) {
    fprintf(stderr, "error: %s\n", beex_status_message(status));
    return 1;
  }
  for (size_t i = 0; i < inputs; ++i)
    print_result(model, &results[i], all_entropies);
  beex_thread_pool_destroy(pool);
  free(scratch);
  free(tokens);
  free(starts);
  free(lengths);
  free(logits);
  free(entropies);
  free(results);
  return 0;
}
