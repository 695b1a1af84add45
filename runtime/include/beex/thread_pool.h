/*===- beex/thread_pool.h - A thread pool for beex_run ------------*- C -*-===*\
|*                                                                            *|
|* Part of the beex project, under the Apache License v2.0 with LLVM          *|
|* Exceptions.                                                                *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*/

/*
 * libbeex_thread_pool: a small pthreads library, separate from the runtime
 * (which needs no threads and no libc), that gives beex_run() a parallel-for
 * (beex_run_options::parallel_for). Its threads are created once, by
 * beex_thread_pool_create(), and nothing is allocated per run:
 *
 *   beex_thread_pool *pool = beex_thread_pool_create(4);  // 4 threads in all
 *   beex_run_options options;
 *   beex_run_options_init(&options);
 *   beex_thread_pool_use(pool, &options);
 *   ... beex_run(model, tokens, length, scratch, bytes, &options, &result);
 *   beex_thread_pool_destroy(pool);
 *
 * The thread that calls beex_run() works too: a pool of N threads starts
 * N - 1. Between the kernels of a run the workers spin briefly, then sleep.
 * Several threads may run models through one pool at once; their
 * parallel-fors then take turns.
 */

#ifndef BEEX_THREAD_POOL_H
#define BEEX_THREAD_POOL_H

#include "beex/runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct beex_thread_pool beex_thread_pool;

/**
 * Starts a pool of `threads` threads in all, the caller of each run
 * included: threads - 1 new ones.
 *
 * @return The pool, or NULL when `threads` is 0 or a thread or the pool's
 *         memory cannot be had (nothing is left running then).
 */
beex_thread_pool *beex_thread_pool_create(size_t threads);

/** Stops and joins the pool's threads and frees it; NULL is a no-op. The
    pool must not be running a parallel-for. */
void beex_thread_pool_destroy(beex_thread_pool *pool);

/** The `threads` the pool was created with. */
size_t beex_thread_pool_threads(const beex_thread_pool *pool);

/**
 * The pool's parallel-for, a beex_parallel_for_fn with the pool as its
 * context: splits [0, n) into up to `threads` contiguous ranges, one per
 * thread (the calling thread's included), and runs them at once. The ranges
 * start equal; from job to job, for n of at least 16 per thread, they follow
 * the speed each thread showed on its own range (cores differ: big.LITTLE
 * boards, virtual machines with busy neighbours). A thread runs its range in
 * chunks, half of what is left each time, and when its range is done takes
 * the chunks left of the others, so no thread waits for more than one
 * chunk of 4 items. `task` may therefore be called several times per
 * thread. A kernel computes each item alike in any chunk, so results do not
 * depend on the split.
 */
void beex_thread_pool_parallel_for(void *pool, size_t n,
                                   void (*task)(void *arg, size_t begin,
                                                size_t end),
                                   void *arg);

/** Sets `options` to run through `pool` (both must not be NULL). */
void beex_thread_pool_use(beex_thread_pool *pool, beex_run_options *options);

#ifdef __cplusplus
}
#endif

#endif /* BEEX_THREAD_POOL_H */
