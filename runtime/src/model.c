/*===- model.c - Checking compiled model descriptors --------------*- C -*-===*\
|*                                                                            *|
|* Part of the beex project, under the Apache License v2.0 with LLVM          *|
|* Exceptions.                                                                *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*/

#include "beex/runtime.h"
#include "internal.h"

/* beexc emits the descriptor as an LLVM global whose layout must match this
   struct. Pin the layout on the 64-bit targets of docs/targets.md so that a change to
   the header that would silently break every compiled model fails here. */
#if UINTPTR_MAX == UINT64_MAX
_Static_assert(offsetof(beex_model, abi_version) == 0, "beex_model layout");
_Static_assert(offsetof(beex_model, flags) == 4, "beex_model layout");
_Static_assert(offsetof(beex_model, name) == 8, "beex_model layout");
_Static_assert(offsetof(beex_model, vocab_size) == 16, "beex_model layout");
_Static_assert(offsetof(beex_model, max_positions) == 24, "beex_model layout");
_Static_assert(offsetof(beex_model, num_labels) == 32, "beex_model layout");
_Static_assert(offsetof(beex_model, num_layers) == 40, "beex_model layout");
_Static_assert(offsetof(beex_model, min_layer) == 48, "beex_model layout");
_Static_assert(offsetof(beex_model, exit_policy) == 56, "beex_model layout");
_Static_assert(offsetof(beex_model, threshold) == 60, "beex_model layout");
_Static_assert(offsetof(beex_model, patience) == 64, "beex_model layout");
_Static_assert(offsetof(beex_model, scratch_size) == 72, "beex_model layout");
_Static_assert(offsetof(beex_model, forward) == 80, "beex_model layout");
_Static_assert(offsetof(beex_model, vocabulary) == 88, "beex_model layout");
_Static_assert(offsetof(beex_model, task) == 96, "beex_model layout");
_Static_assert(sizeof(beex_model) == 104, "beex_model layout");
/* beexc emits the vocabulary the same way, as a constant it points to. */
_Static_assert(offsetof(beex_vocabulary, num_pieces) == 0, "vocabulary layout");
_Static_assert(offsetof(beex_vocabulary, unk_id) == 4, "vocabulary layout");
_Static_assert(offsetof(beex_vocabulary, cls_id) == 8, "vocabulary layout");
_Static_assert(offsetof(beex_vocabulary, sep_id) == 12, "vocabulary layout");
_Static_assert(offsetof(beex_vocabulary, offsets) == 16, "vocabulary layout");
_Static_assert(offsetof(beex_vocabulary, sorted) == 24, "vocabulary layout");
_Static_assert(offsetof(beex_vocabulary, bytes) == 32, "vocabulary layout");
_Static_assert(sizeof(beex_vocabulary) == 40, "vocabulary layout");
#endif
_Static_assert(sizeof(float) == 4, "beex_forward_fn passes IEEE binary32");
_Static_assert((BEEX_SCRATCH_ALIGNMENT & (BEEX_SCRATCH_ALIGNMENT - 1)) == 0,
               "BEEX_SCRATCH_ALIGNMENT must be a power of two");

/* The largest scratch_size beex_scratch_size() can round up without
   overflowing size_t. */
#define BEEX_MAX_SCRATCH_SIZE                                                  \
  ((uint64_t)(SIZE_MAX - (BEEX_SCRATCH_ALIGNMENT - 1)))

/* Whether `id` names a piece of `vocabulary`. */
static int beex_is_piece(const beex_vocabulary *vocabulary, int32_t id) {
  return id >= 0 && (uint32_t)id < vocabulary->num_pieces;
}

/* The checks of a vocabulary that take constant time. The tables themselves
   (offsets increasing, `sorted` a sorted permutation) are trusted like the
   forward pass: beexc derives all of them from one vocab.txt, and checking
   them here would cost time proportional to the vocabulary on every run. */
static beex_status beex_check_vocabulary(const beex_model *model) {
  const beex_vocabulary *vocabulary = model->vocabulary;
  /* Every id the tokenizer produces must be a valid input of the model. */
  if ((int64_t)vocabulary->num_pieces != model->vocab_size)
    return BEEX_ERROR_BAD_MODEL;
  if (!beex_is_piece(vocabulary, vocabulary->unk_id) ||
      !beex_is_piece(vocabulary, vocabulary->cls_id) ||
      !beex_is_piece(vocabulary, vocabulary->sep_id))
    return BEEX_ERROR_BAD_MODEL;
  if (!vocabulary->offsets || !vocabulary->sorted || !vocabulary->bytes)
    return BEEX_ERROR_BAD_MODEL;
  return BEEX_OK;
}

beex_status beex_check_model(const beex_model *model) {
  if (!model)
    return BEEX_ERROR_NULL_ARGUMENT;
  /* Read nothing else before the version matches: in another ABI version the
     other fields may lie elsewhere, or not exist. */
  if (model->abi_version != BEEX_ABI_VERSION)
    return BEEX_ERROR_ABI_MISMATCH;
  /* A flag this runtime does not know could change what the forward pass
     expects, so running the model anyway would be a guess. */
  if (model->flags != 0u)
    return BEEX_ERROR_BAD_MODEL;
  if (!model->name || !model->forward || !model->task)
    return BEEX_ERROR_BAD_MODEL;
  /* Token ids are int32_t, so ids past 2^31 - 1 could never be given. */
  if (model->vocab_size < 1 || model->vocab_size > (int64_t)INT32_MAX + 1)
    return BEEX_ERROR_BAD_MODEL;
  if (model->max_positions < 1)
    return BEEX_ERROR_BAD_MODEL;
  if (model->num_labels < 2) /* docs/checkpoint.md: num_labels >= 2 */
    return BEEX_ERROR_BAD_MODEL;
  /* The exit layer comes back as int32_t. */
  if (model->num_layers < 1 || model->num_layers > INT32_MAX)
    return BEEX_ERROR_BAD_MODEL;
  if (model->min_layer < 1 || model->min_layer > model->num_layers)
    return BEEX_ERROR_BAD_MODEL;
  switch (model->exit_policy) {
  case BEEX_EXIT_ENTROPY_DROP:
  case BEEX_EXIT_ENTROPY_BELOW:
  case BEEX_EXIT_PATIENCE:
  case BEEX_EXIT_NONE:
    break;
  default:
    return BEEX_ERROR_BAD_MODEL;
  }
  /* The defaults must pass the checks that run-time overrides pass, whatever
     the policy, so that the forward pass sees the same kind of values either
     way. */
  if (!beex_is_finite_float(model->threshold) || model->patience < 1)
    return BEEX_ERROR_BAD_MODEL;
  if (model->scratch_size > BEEX_MAX_SCRATCH_SIZE)
    return BEEX_ERROR_BAD_MODEL;
#if SIZE_MAX < UINT64_MAX
  /* On targets with a narrower size_t the caller could not even size the
     arrays or express the length. */
  if ((uint64_t)model->max_positions > SIZE_MAX ||
      (uint64_t)model->num_labels > SIZE_MAX / sizeof(float) ||
      (uint64_t)model->num_layers > SIZE_MAX / sizeof(float))
    return BEEX_ERROR_BAD_MODEL;
#endif
  /* A model compiled without a vocabulary runs all the same; only
     beex_tokenize() needs one. */
  if (model->vocabulary)
    return beex_check_vocabulary(model);
  return BEEX_OK;
}

size_t beex_scratch_size(const beex_model *model) {
  if (beex_check_model(model) != BEEX_OK)
    return 0;
  /* Round up, and give at least one alignment unit even when the model needs
     none, so that the result is a valid aligned_alloc() size and 0 can only
     mean "bad model". */
  size_t bytes = (size_t)model->scratch_size;
  bytes = (bytes + (BEEX_SCRATCH_ALIGNMENT - 1)) &
          ~(size_t)(BEEX_SCRATCH_ALIGNMENT - 1);
  return bytes ? bytes : BEEX_SCRATCH_ALIGNMENT;
}
