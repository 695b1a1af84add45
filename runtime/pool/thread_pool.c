/*===- thread_pool.c - A pthreads parallel-for for beex_run -------*- C -*-===*\
|*                                                                            *|
|* Part of the beex project, under the Apache License v2.0 with LLVM          *|
|* Exceptions.                                                                *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*/

/*
 * One job at a time: the caller publishes the job and bumps `generation`;
 * every worker runs parts of it (a shared counter hands them out) and then
 * checks in by decrementing `pending`. The caller returns only when all
 * workers have checked in, so that no worker can still be reading a job's
 * fields when the next job writes them. A forward pass issues a dozen jobs
 * per layer a few microseconds apart: waiting parties spin a while before
 * they sleep on a condition variable.
 */

#include "beex/thread_pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

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

typedef void (*beex_task_range)(void *arg, size_t begin, size_t end);

struct beex_thread_pool {
  size_t threads;
  pthread_t *workers; /* threads - 1 */
  pthread_mutex_t turn; /* held by the caller whose job runs */
  pthread_mutex_t lock; /* guards the sleeps on `wake` and `done` */
  pthread_cond_t wake, done;
  /* The job: written before `generation` is bumped. */
  beex_task_range task;
  void *arg;
  size_t n, parts;
  atomic_size_t next_part;
  atomic_size_t pending; /* workers that have not finished the job */
  atomic_uint generation;
  atomic_int stopping;
};

/* Runs parts of the current job until none is left. */
static void beex_pool_work(beex_thread_pool *pool) {
  for (;;) {
    size_t part = atomic_fetch_add(&pool->next_part, 1);
    if (part >= pool->parts)
      return;
    size_t begin = pool->n * part / pool->parts;
    size_t end = pool->n * (part + 1) / pool->parts;
    pool->task(pool->arg, begin, end);
  }
}

static void *beex_pool_worker(void *pointer) {
  beex_thread_pool *pool = (beex_thread_pool *)pointer;
  /* Not loaded: a job may already have started when this thread does. */
  unsigned seen = 0;
  for (;;) {
    for (int spin = 0; spin < BEEX_SPIN_ROUNDS &&
                       atomic_load(&pool->generation) == seen &&
                       !atomic_load(&pool->stopping);
         ++spin)
      BEEX_CPU_RELAX();
    pthread_mutex_lock(&pool->lock);
    while (atomic_load(&pool->generation) == seen && !atomic_load(&pool->stopping))
      pthread_cond_wait(&pool->wake, &pool->lock);
    pthread_mutex_unlock(&pool->lock);
    if (atomic_load(&pool->stopping))
      return NULL;
    seen = atomic_load(&pool->generation);
    beex_pool_work(pool);
    if (atomic_fetch_sub(&pool->pending, 1) == 1) {
      pthread_mutex_lock(&pool->lock);
      pthread_cond_signal(&pool->done);
      pthread_mutex_unlock(&pool->lock);
    }
  }
}

static void beex_pool_stop(beex_thread_pool *pool, size_t started) {
  pthread_mutex_lock(&pool->lock);
  atomic_store(&pool->stopping, 1);
  pthread_cond_broadcast(&pool->wake);
  pthread_mutex_unlock(&pool->lock);
  for (size_t i = 0; i < started; ++i)
    pthread_join(pool->workers[i], NULL);
  pthread_cond_destroy(&pool->done);
  pthread_cond_destroy(&pool->wake);
  pthread_mutex_destroy(&pool->lock);
  pthread_mutex_destroy(&pool->turn);
  free(pool->workers);
  free(pool);
}

beex_thread_pool *beex_thread_pool_create(size_t threads) {
  if (threads == 0)
    return NULL;
  beex_thread_pool *pool = (beex_thread_pool *)calloc(1, sizeof *pool);
  if (!pool)
    return NULL;
  pool->threads = threads;
  pool->workers = (pthread_t *)calloc(threads, sizeof(pthread_t));
  if (!pool->workers) {
    free(pool);
    return NULL;
  }
  pthread_mutex_init(&pool->turn, NULL);
  pthread_mutex_init(&pool->lock, NULL);
  pthread_cond_init(&pool->wake, NULL);
  pthread_cond_init(&pool->done, NULL);
  atomic_init(&pool->next_part, 0);
  atomic_init(&pool->pending, 0);
  atomic_init(&pool->generation, 0);
  atomic_init(&pool->stopping, 0);
  for (size_t i = 0; i + 1 < threads; ++i)
    if (pthread_create(&pool->workers[i], NULL, beex_pool_worker, pool) != 0) {
      beex_pool_stop(pool, i);
      return NULL;
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
  pool->n = n;
  pool->parts = parts;
  atomic_store(&pool->next_part, 0);
  atomic_store(&pool->pending, pool->threads - 1);
  pthread_mutex_lock(&pool->lock);
  atomic_fetch_add(&pool->generation, 1);
  pthread_cond_broadcast(&pool->wake);
  pthread_mutex_unlock(&pool->lock);

  beex_pool_work(pool);
  for (int spin = 0; spin < BEEX_SPIN_ROUNDS && atomic_load(&pool->pending) != 0; ++spin)
    BEEX_CPU_RELAX();
  pthread_mutex_lock(&pool->lock);
  while (atomic_load(&pool->pending) != 0)
    pthread_cond_wait(&pool->done, &pool->lock);
  pthread_mutex_unlock(&pool->lock);
  pthread_mutex_unlock(&pool->turn);
}

void beex_thread_pool_use(beex_thread_pool *pool, beex_run_options *options) {
  options->parallel_for = beex_thread_pool_parallel_for;
  options->parallel_context = pool;
}
