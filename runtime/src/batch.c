/*===- batch.c - Running many inputs, whole inputs per thread -----*- C -*-===*\
|*                                                                            *|
|* Part of the beex project, under the Apache License v2.0 with LLVM          *|
|* Exceptions.                                                                *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*/
/*
 * beex_run_batch() hands the parallel-for one item per scratch slot; each
 * slot then takes inputs from a shared counter until none is left, and runs
 * each with beex_run() on its own thread, serially. An input's result does
 * not depend on the slot or the thread that ran it, and inputs of different
 * lengths and exit layers balance themselves over the slots.
 */

#include "beex/runtime.h"
#include "internal.h"

#include <stdatomic.h>

size_t beex_batch_scratch_size(const beex_model *model, size_t slots) {
  size_t slot = beex_scratch_size(model);
  if (slot == 0 || slots == 0 || slots > SIZE_MAX / slot)
    return 0;
  return slot * slots;
}

typedef struct beex_batch {
  const beex_model *model;
  const int32_t *const *tokens;
  const size_t *lengths;
  size_t count;
  unsigned char *scratch;
  size_t slot_bytes; /* slot s starts at scratch + s * slot_bytes */
  size_t run_bytes;  /* what each run may use of its slot */
  beex_run_options serial; /* the caller's options, without parallel-for */
  beex_result *results;
  atomic_size_t next;      /* the next input no slot has taken */
  atomic_size_t failed;    /* an input whose run failed; SIZE_MAX: none */
} beex_batch;

static void beex_batch_slots(void *arg, size_t begin, size_t end) {
  beex_batch *batch = (beex_batch *)arg;
  for (size_t slot = begin; slot < end; ++slot) {
    void *scratch = batch->scratch + slot * batch->slot_bytes;
    for (;;) {
      size_t input = atomic_fetch_add(&batch->next, 1);
      if (input >= batch->count)
        break;
      if (beex_run(batch->model, batch->tokens[input], batch->lengths[input],
                   scratch, batch->run_bytes, &batch->serial,
                   &batch->results[input]) != BEEX_OK) {
        size_t none = SIZE_MAX;
        atomic_compare_exchange_strong(&batch->failed, &none, input);
      }
    }
  }
}

beex_status beex_run_batch(const beex_model *model, size_t count,
                           const int32_t *const *tokens, const size_t *lengths,
                           void *scratch, size_t scratch_bytes,
                           const beex_run_options *options,
                           beex_result *results, size_t *failed) {
  if (!model || !scratch || (count && (!tokens || !lengths || !results)))
    return BEEX_ERROR_NULL_ARGUMENT;
  beex_effective_options effective;
  beex_status status = beex_check_model_and_options(model, options, &effective);
  if (status != BEEX_OK)
    return status;
  for (size_t i = 0; i < count; ++i) {
    status = !tokens[i] || !results[i].logits || !results[i].entropies
                 ? BEEX_ERROR_NULL_ARGUMENT
                 : beex_check_input(model, tokens[i], lengths[i]);
    if (status != BEEX_OK) {
      if (failed)
        *failed = i;
      return status;
    }
  }
  status = beex_check_scratch(model, scratch, scratch_bytes);
  if (status != BEEX_OK || count == 0)
    return status;

  beex_batch batch;
  batch.model = model;
  batch.tokens = tokens;
  batch.lengths = lengths;
  batch.count = count;
  batch.scratch = (unsigned char *)scratch;
  /* beex_check_model() accepted the model, so this is not 0. */
  batch.slot_bytes = beex_scratch_size(model);
  if (options)
    batch.serial = *options;
  else
    beex_run_options_init(&batch.serial);
  batch.serial.parallel_for = NULL;
  batch.results = results;
  atomic_init(&batch.next, 0);
  atomic_init(&batch.failed, SIZE_MAX);

  /* A scratch of model->scratch_size bytes, less than beex_scratch_size()'s
     rounding, is one slot. */
  size_t slots = scratch_bytes / batch.slot_bytes;
  batch.run_bytes = slots > 1 ? batch.slot_bytes : scratch_bytes;
  if (slots == 0)
    slots = 1;
  if (slots > count)
    slots = count;
  if (options && options->parallel_for && slots > 1)
    options->parallel_for(options->parallel_context, slots, beex_batch_slots, &batch);
  else
    beex_batch_slots(&batch, 0, 1);

  size_t failed_input = atomic_load(&batch.failed);
  if (failed_input != SIZE_MAX) {
    if (failed)
      *failed = failed_input;
    /* Every input passed beex_run()'s checks above: only the forward
       pass's exit layer can have failed. */
    return BEEX_ERROR_BAD_MODEL;
  }
  return BEEX_OK;
}
