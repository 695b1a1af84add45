/*===- thread_pool.c - A pthreads parallel-for for beex_run -------*- C -*-===*\
|*                                                                            *|
|* Part of the beex project, under the Apache License v2.0 with LLVM          *|
|* Exceptions.                                                                *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*/

/*
 * One job at a time: the caller publishes the job and bumps `generation`;
 * every worker runs parts of it and then checks in by decrementing
 * `pending`. The caller returns only when all workers have checked in, so
 * that no worker can still be reading a job's fields when the next job
 * writes them. A forward pass issues a dozen jobs per layer a few
 * microseconds apart: waiting parties spin a while before they sleep on a
 * condition variable.
 *
 * Part p of a job belongs to thread p (the caller is thread 0). Parts are
 * sized by each thread's share, which follows the speeds the threads showed
 * on their own parts: cores are not equally fast (big.LITTLE boards; a
 * virtual machine's cores that share their host with others), and an even
 * split makes the fast ones wait. Speeds still drift from job to job, so a
 * part is claimed in chunks, half of what is left each time (whole tiles):
 * its owner takes them first, timed, and a thread whose part is done takes
 * the chunks left of the others. The wait at the end of a job is then at
 * most one tile of the slower thread, and an owner keeps most of its items
 * (the rows it wrote in the job before stay in its cache). A kernel
 * computes each item alike whichever chunk holds it, so the results do not
 * depend on the split.
 */

/* clock_gettime under -std=c11. */
#define _POSIX_C_SOURCE 200809L

#include "beex/thread_pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
#define BEEX_CPU_RELAX() __builtin_ia32_pause()
#elif defined(__aarch64__)
#define BEEX_CPU_RELAX() __asm__ __volatile__("yield")
#else
#define BEEX_CPU_RELAX() ((void)0)
#endif

/* Spins before sleeping: about 0.1-1 ms, longer than the gap between two
   kernels of a run, far shorter than a scheduler's time slice. */
enum { BEEX_SPIN_ROUNDS = 1 << 13 };

/* A job's parts are rebalanced only when each has this many items: below
   it, a part's time is mostly the cost of starting it. Part boundaries then
   fall on multiples of BEEX_ITEM_TILE, the rows (or groups of outputs) a
   linear kernel computes at once, so that no part ends in a partial tile. */
enum { BEEX_BALANCED_ITEMS = 16, BEEX_ITEM_TILE = 4 };

typedef void (*beex_task_range)(void *arg, size_t begin, size_t end);

typedef struct beex_pool_thread {
  struct beex_thread_pool *pool;
  size_t index; /* 0 is the caller; workers are 1 .. threads - 1 */
  pthread_t thread;
} beex_pool_thread;

struct beex_thread_pool {
  size_t threads;
  beex_pool_thread *workers; /* threads entries, [0] unused */
  pthread_mutex_t turn; /* held by the caller whose job runs */
  pthread_mutex_t lock; /* guards the sleeps on `wake` and `done` */
  pthread_cond_t wake, done;
  /* The job: written before `generation` is bumped. */
  beex_task_range task;
  void *arg;
  size_t parts;
  size_t *bounds;     /* parts + 1: part p is [bounds[p], bounds[p + 1]) */
  atomic_size_t *next; /* per part: its first item nobody has claimed */
  size_t tile;          /* chunks are whole multiples of it (but the last) */
  double *seconds;      /* per part: its owner's time on the chunks it ran */
  size_t *owned;        /* per part: the items its owner ran */
  double *share;      /* per thread: the fraction of a job it gets, sum 1 */
  atomic_size_t pending; /* workers that have not finished the job */
  atomic_uint generation;
  atomic_int stopping;
};

static double beex_pool_now(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)now.tv_sec + 1e-9 * (double)now.tv_nsec;
}

/* Claims the next chunk of `part`: half of its unclaimed items, rounded up
   to whole tiles. Returns the chunk's size (0 once the part is all claimed)
   and its first item in `begin`. */
static size_t beex_pool_claim(beex_thread_pool *pool, size_t part, size_t *begin) {
  size_t end = pool->bounds[part + 1], tile = pool->tile, chunk;
  size_t first = atomic_load(&pool->next[part]);
  do {
    if (first >= end)
      return 0;
    size_t left = end - first;
    chunk = (left / 2 + tile - 1) / tile * tile;
    chunk = chunk < tile ? tile : chunk;
    chunk = chunk > left ? left : chunk;
  } while (!atomic_compare_exchange_weak(&pool->next[part], &first, first + chunk));
  *begin = first;
  return chunk;
}

/* Runs every chunk of `part` that nobody else has claimed; returns how many
   items that was. */
static size_t beex_pool_drain(beex_thread_pool *pool, size_t part) {
  size_t begin, count, ran = 0;
  while ((count = beex_pool_claim(pool, part, &begin)) != 0) {
    pool->task(pool->arg, begin, begin + count);
    ran += count;
  }
  return ran;
}

/* Runs the thread's own part, timed, then what is left of the others. */
static void beex_pool_work(beex_thread_pool *pool, size_t thread) {
  if (thread < pool->parts) {
    double start = beex_pool_now();
    pool->owned[thread] = beex_pool_drain(pool, thread);
    pool->seconds[thread] = beex_pool_now() - start;
  }
  for (size_t part = 0; part < pool->parts; ++part)
    beex_pool_drain(pool, part);
}

/* Whether a job of n items is split by the shares (and times them). */
static int beex_pool_balances(const beex_thread_pool *pool, size_t n) {
  return pool->parts == pool->threads && n >= BEEX_BALANCED_ITEMS * pool->parts;
}

/* Cuts [0, n) into the job's parts: by the threads' shares when the parts
   are large enough to time, else evenly. */
static void beex_pool_split(beex_thread_pool *pool, size_t n) {
  size_t parts = pool->parts;
  int balanced = beex_pool_balances(pool, n);
  double before = 0;
  pool->bounds[0] = 0;
  for (size_t p = 1; p < parts; ++p) {
    size_t bound = n * p / parts;
    if (balanced) {
      before += pool->share[p - 1];
      /* The nearest tile boundary: rounding down would shift a few rows to
         the last thread whenever a share is a hair below even. */
      bound = (size_t)(before * (double)n / BEEX_ITEM_TILE + 0.5) * BEEX_ITEM_TILE;
    }
    bound = bound > n ? n : bound;
    pool->bounds[p] = bound < pool->bounds[p - 1] ? pool->bounds[p - 1] : bound;
  }
  pool->bounds[parts] = n;
  pool->tile = balanced ? BEEX_ITEM_TILE : 1;
  for (size_t p = 0; p < parts; ++p) {
    atomic_store(&pool->next[p], pool->bounds[p]);
    pool->seconds[p] = 0;
    pool->owned[p] = 0;
  }
}

/* Items per second that thread p showed on its own part of the last job. */
static double beex_pool_speed(const beex_thread_pool *pool, size_t p) {
  return (double)pool->owned[p] / pool->seconds[p];
}

/* Moves the shares an eighth of the way towards the speeds (items per
   second) that every thread showed on its own part of the last job: a
   forward pass has over a hundred jobs, and one job's times are noisy. A
   share stays at least a quarter of an even one, so that a thread that was
   descheduled once still gets work to be timed on. */
static void beex_pool_rebalance(beex_thread_pool *pool, size_t n) {
  size_t parts = pool->parts;
  if (!beex_pool_balances(pool, n))
    return;
  double total = 0;
  for (size_t p = 0; p < parts; ++p) {
    if (pool->seconds[p] <= 0 || pool->owned[p] == 0)
      return;
    total += beex_pool_speed(pool, p);
  }
  double least = 0.25 / (double)parts, sum = 0;
  for (size_t p = 0; p < parts; ++p) {
    double share = 0.875 * pool->share[p] + 0.125 * beex_pool_speed(pool, p) / total;
    pool->share[p] = share < least ? least : share;
    sum += pool->share[p];
  }
  for (size_t p = 0; p < parts; ++p)
    pool->share[p] /= sum;
}

static void *beex_pool_worker(void *pointer) {
  beex_pool_thread *self = (beex_pool_thread *)pointer;
  beex_thread_pool *pool = self->pool;
  /* Not loaded: a job may already have started when this thread does. */
  unsigned seen = 0;
  for (;;) {
    for (int spin = 0; spin < BEEX_SPIN_ROUNDS &&
                       atomic_load(&pool->generation) == seen &&
                       !atomic_load(&pool->stopping);
         ++spin)
      BEEX_CPU_RELAX();
    /* A job seen while spinning starts at once: the caller holds `lock`
       while it publishes, and waiting for it there could put this thread
       to sleep in the mutex. */
    if (atomic_load(&pool->generation) == seen && !atomic_load(&pool->stopping)) {
      pthread_mutex_lock(&pool->lock);
      while (atomic_load(&pool->generation) == seen && !atomic_load(&pool->stopping))
        pthread_cond_wait(&pool->wake, &pool->lock);
      pthread_mutex_unlock(&pool->lock);
    }
    if (atomic_load(&pool->stopping))
      return NULL;
    seen = atomic_load(&pool->generation);
    beex_pool_work(pool, self->index);
    if (atomic_fetch_sub(&pool->pending, 1) == 1) {
      pthread_mutex_lock(&pool->lock);
      pthread_cond_signal(&pool->done);
      pthread_mutex_unlock(&pool->lock);
    }
  }
}

static void beex_pool_free(beex_thread_pool *pool) {
  free(pool->workers);
  free(pool->bounds);
  free(pool->next);
  free(pool->seconds);
  free(pool->owned);
  free(pool->share);
  free(pool);
}

/* Stops and joins workers 1 .. started. */
static void beex_pool_stop(beex_thread_pool *pool, size_t started) {
  pthread_mutex_lock(&pool->lock);
  atomic_store(&pool->stopping, 1);
  pthread_cond_broadcast(&pool->wake);
  pthread_mutex_unlock(&pool->lock);
  for (size_t i = 1; i <= started; ++i)
    pthread_join(pool->workers[i].thread, NULL);
  pthread_cond_destroy(&pool->done);
  pthread_cond_destroy(&pool->wake);
  pthread_mutex_destroy(&pool->lock);
  pthread_mutex_destroy(&pool->turn);
  beex_pool_free(pool);
}

beex_thread_pool *beex_thread_pool_create(size_t threads) {
  if (threads == 0)
    return NULL;
  beex_thread_pool *pool = (beex_thread_pool *)calloc(1, sizeof *pool);
  if (!pool)
    return NULL;
  pool->threads = threads;
  pool->workers = (beex_pool_thread *)calloc(threads, sizeof *pool->workers);
  pool->bounds = (size_t *)calloc(threads + 1, sizeof *pool->bounds);
  pool->next = (atomic_size_t *)calloc(threads, sizeof *pool->next);
  pool->seconds = (double *)calloc(threads, sizeof *pool->seconds);
  pool->owned = (size_t *)calloc(threads, sizeof *pool->owned);
  pool->share = (double *)calloc(threads, sizeof *pool->share);
  if (!pool->workers || !pool->bounds || !pool->next || !pool->seconds ||
      !pool->owned || !pool->share) {
    beex_pool_free(pool);
    return NULL;
  }
  for (size_t i = 0; i < threads; ++i) {
    atomic_init(&pool->next[i], 0);
    pool->share[i] = 1.0 / (double)threads;
  }
  pthread_mutex_init(&pool->turn, NULL);
  pthread_mutex_init(&pool->lock, NULL);
  pthread_cond_init(&pool->wake, NULL);
  pthread_cond_init(&pool->done, NULL);
  atomic_init(&pool->pending, 0);
  atomic_init(&pool->generation, 0);
  atomic_init(&pool->stopping, 0);
  for (size_t i = 1; i < threads; ++i) {
    pool->workers[i].pool = pool;
    pool->workers[i].index = i;
    if (pthread_create(&pool->workers[i].thread, NULL, beex_pool_worker,
                       &pool->workers[i]) != 0) {
      beex_pool_stop(pool, i - 1);
      return NULL;
    }
  }
  return pool;
}

void beex_thread_pool_destroy(beex_thread_pool *pool) {
  if (pool)
    beex_pool_stop(pool, pool->threads - 1);
}

size_t beex_thread_pool_threads(const beex_thread_pool *pool) {
  return pool->threads;
}

void beex_thread_pool_parallel_for(void *context, size_t n,
                                   beex_task_range task, void *arg) {
  beex_thread_pool *pool = (beex_thread_pool *)context;
  size_t parts = n < pool->threads ? n : pool->threads;
  if (parts <= 1) {
    if (n > 0)
      task(arg, 0, n);
    return;
  }
  pthread_mutex_lock(&pool->turn);
  pool->task = task;
  pool->arg = arg;
  pool->parts = parts;
  beex_pool_split(pool, n);
  atomic_store(&pool->pending, pool->threads - 1);
  pthread_mutex_lock(&pool->lock);
  atomic_fetch_add(&pool->generation, 1);
  pthread_cond_broadcast(&pool->wake);
  pthread_mutex_unlock(&pool->lock);

  beex_pool_work(pool, 0);
  for (int spin = 0; spin < BEEX_SPIN_ROUNDS && atomic_load(&pool->pending) != 0; ++spin)
    BEEX_CPU_RELAX();
  pthread_mutex_lock(&pool->lock);
  while (atomic_load(&pool->pending) != 0)
    pthread_cond_wait(&pool->done, &pool->lock);
  pthread_mutex_unlock(&pool->lock);
  beex_pool_rebalance(pool, n);
  pthread_mutex_unlock(&pool->turn);
}

void beex_thread_pool_use(beex_thread_pool *pool, beex_run_options *options) {
  options->parallel_for = beex_thread_pool_parallel_for;
  options->parallel_context = pool;
}
