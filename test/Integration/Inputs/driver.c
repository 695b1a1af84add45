/*===- driver.c - Runs a compiled model the way beex-run runs the reference -===*
 *
 * Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 * driver [--threshold X] [--patience N] [--full-depth] [--all-entropies]
 *        [--threads N] id,id,... [id,id,...]
 *
 * Prints one JSON line per token list, in beex-run's shape, so tests compare
 * the compiled model with the reference interpreter. --all-entropies prints
 * the whole entropies array instead, NaN (as null) for layers that computed
 * no exit head. --threads N runs each input on a thread pool of N threads
 * (beex/thread_pool.h). Build with -DBEEX_MODEL=<name>_model.
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

int main(int argc, char **argv) {
  const beex_model *model = &BEEX_MODEL;
  beex_run_options options;
  beex_run_options_init(&options);
  size_t scratch_bytes = beex_scratch_size(model);
  void *scratch = aligned_alloc(BEEX_SCRATCH_ALIGNMENT, scratch_bytes);
  float *logits = malloc(sizeof(float) * (size_t)model->num_labels);
  float *entropies = malloc(sizeof(float) * (size_t)model->num_layers);
  int32_t *tokens = malloc(sizeof(int32_t) * (size_t)(model->max_positions + 1));
  if (!scratch || !logits || !entropies || !tokens)
    return 2;

  int all_entropies = 0;
  beex_thread_pool *pool = NULL;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
      beex_thread_pool_destroy(pool);
      pool = beex_thread_pool_create(strtoul(argv[++i], NULL, 10));
      if (!pool) {
        fprintf(stderr, "error: cannot start a thread pool of %s threads\n", argv[i]);
        return 1;
      }
      beex_thread_pool_use(pool, &options);
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
    size_t length;
    if (!parse_tokens(argv[i], tokens, (size_t)model->max_positions + 1, &length)) {
      fprintf(stderr, "error: cannot parse token list '%s'\n", argv[i]);
      return 1;
    }
    beex_result result = {logits, entropies, 0};
    beex_status status =
        beex_run(model, tokens, length, scratch, scratch_bytes, &options, &result);
    if (status != BEEX_OK) {
      fprintf(stderr, "error: %s\n", beex_status_message(status));
      return 1;
    }
    printf("{\"logits\":[");
    for (int64_t c = 0; c < model->num_labels; ++c)
      printf("%s%.9g", c ? "," : "", logits[c]);
    printf("],\"exit_layer\":%d,\"entropies\":[", result.exit_layer);
    int64_t first = all_entropies ? 1 : model->min_layer;
    int64_t last = all_entropies ? model->num_layers : result.exit_layer;
    for (int64_t l = first; l <= last; ++l) {
      float h = entropies[l - 1];
      if (h != h)
        printf("%snull", l > first ? "," : "");
      else
        printf("%s%.9g", l > first ? "," : "", h);
    }
    printf("]}\n");
  }
  beex_thread_pool_destroy(pool);
  free(scratch);
  free(logits);
  free(entropies);
  free(tokens);
  return 0;
}
