/*===- run.c - Validating and running one forward pass ------------*- C -*-===*\
|*                                                                            *|
|* Part of the beex project, under the Apache License v2.0 with LLVM          *|
|* Exceptions.                                                                *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*/

#include "beex/runtime.h"
#include "internal.h"

void beex_run_options_init(beex_run_options *options) {
  if (!options)
    return;
  /* Field by field rather than memset, so that the runtime needs no libc. */
  options->override_threshold = 0;
  options->threshold = 0.0f;
  options->override_patience = 0;
  options->patience = 1;
  options->full_depth = 0;
  options->parallel_for = NULL;
  options->parallel_context = NULL;
}

/* Checks `options` (NULL = none) and merges them with the defaults of a model
   that beex_check_model() has accepted. Fields whose override flag is off are
   ignored, not checked: an uninitialized threshold must not fail a run that
   does not use it. */
static beex_status beex_resolve_options(const beex_model *model,
                                        const beex_run_options *options,
                                        beex_effective_options *effective) {
  effective->threshold = model->threshold;
  effective->patience = model->patience;
  effective->full_depth = 0;
  if (!options)
    return BEEX_OK;
  if (options->override_threshold) {
    if (!beex_is_finite_float(options->threshold))
      return BEEX_ERROR_INVALID_OPTION;
    effective->threshold = options->threshold;
  }
  if (options->override_patience) {
    if (options->patience < 1)
      return BEEX_ERROR_INVALID_OPTION;
    effective->patience = options->patience;
  }
  /* Normalized to 0/1: the generated code may test it as a boolean i32. */
  effective->full_depth = options->full_depth ? 1 : 0;
  return BEEX_OK;
}

/* Clamps the patience to num_layers. There are at most num_layers exits, so
   any patience >= num_layers means "never stop by patience" (docs/math.md §4 needs
   patience + 1 equal argmaxes in a row); the generated code compares with
   patience + 1 in int64_t, which INT64_MAX would overflow. */
static void beex_clamp_patience(const beex_model *model,
                                beex_effective_options *effective) {
  if (effective->patience > model->num_layers)
    effective->patience = model->num_layers;
}

beex_status beex_check_model_and_options(const beex_model *model,
                                         const beex_run_options *options,
                                         beex_effective_options *effective) {
  beex_status status = beex_check_model(model);
  if (status != BEEX_OK)
    return status;
  status = beex_resolve_options(model, options, effective);
  if (status == BEEX_OK)
    beex_clamp_patience(model, effective);
  return status;
}

beex_status beex_check_input(const beex_model *model, const int32_t *tokens,
                             size_t length) {
  /* The generated code indexes the position embeddings with the row number
     and sizes its buffers for max_positions rows: both bounds are memory
     safety, not politeness. beex_check_model() guarantees that
     max_positions >= 1, so the cast is exact. */
  if (length == 0)
    return BEEX_ERROR_EMPTY_INPUT;
  if ((uint64_t)length > (uint64_t)model->max_positions)
    return BEEX_ERROR_INPUT_TOO_LONG;

  /* Token ids index the word embeddings directly. */
  for (size_t i = 0; i < length; ++i)
    if (tokens[i] < 0 || (int64_t)tokens[i] >= model->vocab_size)
      return BEEX_ERROR_TOKEN_OUT_OF_RANGE;
  return BEEX_OK;
}

beex_status beex_check_scratch(const beex_model *model, const void *scratch,
                               size_t scratch_bytes) {
  if ((uint64_t)scratch_bytes < model->scratch_size)
    return BEEX_ERROR_SCRATCH_TOO_SMALL;
  if (((uintptr_t)scratch & (uintptr_t)(BEEX_SCRATCH_ALIGNMENT - 1)) != 0)
    return BEEX_ERROR_SCRATCH_MISALIGNED;
  return BEEX_OK;
}

beex_status beex_run(const beex_model *model, const int32_t *tokens,
                     size_t length, void *scratch, size_t scratch_bytes,
                     const beex_run_options *options, beex_result *result) {
  if (!model || !tokens || !scratch || !result || !result->logits ||
      !result->entropies)
    return BEEX_ERROR_NULL_ARGUMENT;

  beex_effective_options effective;
  beex_status status = beex_check_model_and_options(model, options, &effective);
  if (status != BEEX_OK)
    return status;
  status = beex_check_input(model, tokens, length);
  if (status != BEEX_OK)
    return status;
  status = beex_check_scratch(model, scratch, scratch_bytes);
  if (status != BEEX_OK)
    return status;

  beex_run_state run = {model, tokens, (int64_t)length, scratch,
                        options ? options->parallel_for : NULL,
                        options ? options->parallel_context : NULL, 0};
  int32_t exit_layer = model->forward(
      tokens, (int64_t)length, scratch, effective.threshold, effective.patience,
      effective.full_depth, result->logits, result->entropies, &run);

  /* A cheap sanity check on generated code: an exit layer outside the range
     means the object and its descriptor disagree, and the caller would index
     its own tables with the value. */
  if (exit_layer < model->min_layer || exit_layer > model->num_layers)
    return BEEX_ERROR_BAD_MODEL;
  if ((effective.full_depth || model->exit_policy == BEEX_EXIT_NONE) &&
      exit_layer != model->num_layers)
    return BEEX_ERROR_BAD_MODEL;
  result->exit_layer = exit_layer;
  return BEEX_OK;
}
