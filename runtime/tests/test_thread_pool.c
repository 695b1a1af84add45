/*===- test_thread_pool.c - The thread pool's parallel-for --------*- C -*-===*\
|*                                                                            *|
|* Part of the beex project, under the Apache License v2.0 with LLVM          *|
|* Exceptions.                                                                *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*/

/* clock_gettime under -std=c11. */
#define _POSIX_C_SOURCE 200809L

#include "beex/thread_pool.h"
#include "harness.h"

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

enum { MAX_ITEMS = 64 };

typedef struct item_counts {
  atomic_int counts[MAX_ITEMS];
  atomic_int calls;
  atomic_int off_tile; /* calls that start inside a tile of 4 items */
} item_counts;

static void count_items(void *arg, size_t begin, size_t end) {
  item_counts *items = (item_counts *)arg;
  atomic_fetch_add(&items->calls, 1);
  atomic_fetch_add(&items->off_tile, begin % 4 != 0);
  for (size_t i = begin; i < end && i < MAX_ITEMS; ++i)
    atomic_fetch_add(&items->counts[i], 1);
}

/* Every item of every job is done exactly once, over many jobs in a row
   (the workers' generations) and every small n; a call covers at least one
   item, and with 16 or more items per thread every call starts on a tile of
   4 (the pool's chunks are whole tiles). */
static void check_pool(size_t threads) {
  beex_thread_pool *pool = beex_thread_pool_create(threads);
  CHECK(pool != NULL);
  if (!pool)
    return;
  CHECK(beex_thread_pool_threads(pool) == threads);
  for (int round = 0; round < 20; ++round)
    for (size_t n = 0; n <= MAX_ITEMS; ++n) {
      item_counts items;
      for (size_t i = 0; i < MAX_ITEMS; ++i)
        atomic_init(&items.counts[i], 0);
      atomic_init(&items.calls, 0);
      atomic_init(&items.off_tile, 0);
      beex_thread_pool_parallel_for(pool, n, count_items, &items);
      int wrong = 0;
      for (size_t i = 0; i < MAX_ITEMS; ++i)
        wrong += atomic_load(&items.counts[i]) != (i < n ? 1 : 0);
      CHECK(wrong == 0);
      size_t calls = (size_t)atomic_load(&items.calls);
      CHECK(calls <= n);
      if (n >= 16 * threads)
        CHECK(atomic_load(&items.off_tile) == 0);
    }
  beex_thread_pool_destroy(pool);
}

void test_thread_pool_one_thread(void) { check_pool(1); }

void test_thread_pool_several_threads(void) {
  check_pool(2);
  check_pool(5);
}

void test_thread_pool_errors(void) {
  CHECK(beex_thread_pool_create(0) == NULL);
  beex_thread_pool_destroy(NULL); /* documented as a no-op */
}

void test_thread_pool_use(void) {
  beex_thread_pool *pool = beex_thread_pool_create(2);
  CHECK(pool != NULL);
  if (!pool)
    return;
  beex_run_options options;
  beex_run_options_init(&options);
  beex_thread_pool_use(pool, &options);
  CHECK(options.parallel_for == beex_thread_pool_parallel_for);
  CHECK(options.parallel_context == pool);
  beex_thread_pool_destroy(pool);
}

/* A job whose items cost 4 times as long on the worker as on the caller,
   as on a big.LITTLE board. */
typedef struct uneven_job {
  pthread_t caller;
  /* The items [0, caller_items) the caller ran, chunk after chunk, in the
     last job: its own part, which it claims from the front. */
  size_t caller_items;
} uneven_job;

static double seconds_now(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)now.tv_sec + 1e-9 * (double)now.tv_nsec;
}

static void uneven_items(void *arg, size_t begin, size_t end) {
  uneven_job *job = (uneven_job *)arg;
  int on_caller = pthread_equal(pthread_self(), job->caller);
  if (on_caller && (begin == 0 || begin == job->caller_items))
    job->caller_items = end;
  double until = seconds_now() + (double)(end - begin) * (on_caller ? 50e-6 : 200e-6);
  while (seconds_now() < until) {
  }
}

/* The pool gives the faster thread the larger part: the caller's share
   rises well above half (its speed is 80% of the total), within a few
   dozen jobs on an idle machine; up to 400 allow for a loaded one, where
   threads are descheduled in the middle of their parts. Five jobs in a
   row: in one job alone, the caller also runs past half when the worker
   wakes late and the caller claims the worker's first chunk. The parts stay
   whole tiles of 4 items. */
void test_thread_pool_balances_uneven_threads(void) {
  beex_thread_pool *pool = beex_thread_pool_create(2);
  CHECK(pool != NULL);
  if (!pool)
    return;
  uneven_job job = {pthread_self(), 0};
  int in_a_row = 0, off_tile = 0;
  for (int round = 0; round < 400 && in_a_row < 5; ++round) {
    beex_thread_pool_parallel_for(pool, 64, uneven_items, &job);
    in_a_row = job.caller_items > 40 ? in_a_row + 1 : 0;
    off_tile += job.caller_items % 4 != 0;
  }
  CHECK(in_a_row == 5);
  CHECK(off_tile == 0);
  beex_thread_pool_destroy(pool);
}
