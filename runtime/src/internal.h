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

#endif /* BEEX_RUNTIME_SRC_INTERNAL_H */
