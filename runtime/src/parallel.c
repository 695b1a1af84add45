/*===- parallel.c - Running the forward pass's tasks ---------------*- C -*-===*\
|*                                                                            *|
|* Part of the beex project, under the Apache License v2.0 with LLVM          *|
|* Exceptions.                                                                *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*/

#include "beex/runtime.h"
#include "internal.h"

/* The parallel-for's task: items [begin, end) of the run's current task. */
static void beex_run_items(void *arg, size_t begin, size_t end) {
  const beex_run_state *run = (const beex_run_state *)arg;
  if (begin < end)
    run->model->task(run->tokens, run->length, run->scratch, run->task,
                     (int64_t)begin, (int64_t)end);
}

void beex_parallel_task(void *run_pointer, int64_t task, int64_t items) {
  beex_run_state *run = (beex_run_state *)run_pointer;
  if (items <= 0)
    return;
  /* The forward pass calls one task at a time, and the parallel-for returns
     only when all its calls have: the field is stable while they read it. */
  run->task = task;
  if (run->parallel_for && items > 1)
    run->parallel_for(run->parallel_context, (size_t)items, beex_run_items, run);
  else
    beex_run_items(run, 0, (size_t)items);
}
