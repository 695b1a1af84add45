/*===- internal.h - Helpers shared by the runtime sources ---------*- C -*-===*\
|*                                                                            *|
|* Part of the beex project, under the Apache License v2.0 with LLVM          *|
|* Exceptions.                                                                *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*/

#ifndef BEEX_RUNTIME_SRC_INTERNAL_H
#define BEEX_RUNTIME_SRC_INTERNAL_H

#include "beex/runtime.h"

#include <float.h>

/* The finiteness checks below, and the NaN entropies of spec-conforming
   models, mean nothing when the compiler may assume that no value is NaN or
   infinite. */
#if defined(__FINITE_MATH_ONLY__) && __FINITE_MATH_ONLY__
#error "build the beex runtime without -ffast-math or -ffinite-math-only"
#endif

/* Whether `value` is neither NaN nor infinite. Written with comparisons
   rather than isfinite() so that the runtime needs neither libm nor a hosted
   <math.h>: every comparison with NaN is false, and every infinity lies
   beyond FLT_MAX. */
static inline int beex_is_finite_float(float value) {
  return value >= -FLT_MAX && value <= FLT_MAX;
}

/* What beex_parallel_task() needs of one run: the forward pass's `run`
   argument points to it. */
typedef struct beex_run_state {
  const beex_model *model;
  const int32_t *tokens;
  int64_t length;
  void *scratch;
  beex_parallel_for_fn parallel_for; /* NULL: serial */
  void *parallel_context;
  int64_t task; /* the task being run, for the parallel-for's calls */
} beex_run_state;

/* The values handed to the forward pass: the model's defaults with the
   caller's overrides applied. */
typedef struct beex_effective_options {
  float threshold;
  int64_t patience;
  int32_t full_depth;
} beex_effective_options;

/* beex_run()'s checks, in its order (beex_run_batch() makes them for all its
   inputs before it runs any): the model, then the options merged with its
   defaults into `effective`; then, for a model that passed, one input, and
   the scratch. */
beex_status beex_check_model_and_options(const beex_model *model,
                                         const beex_run_options *options,
                                         beex_effective_options *effective);
beex_status beex_check_input(const beex_model *model, const int32_t *tokens,
                             size_t length);
beex_status beex_check_scratch(const beex_model *model, const void *scratch,
                               size_t scratch_bytes);

#endif /* BEEX_RUNTIME_SRC_INTERNAL_H */
