/*===- static_scratch.c - A compiled model run with no heap ----------------===*
 *
 * Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 * What a bare-metal program does: the scratch, the logits and the entropies
 * are static arrays sized by the generated header's constants, and nothing
 * is allocated. Prints the scratch size against the descriptor's and the
 * run's status and exit layer.
 *===----------------------------------------------------------------------===*/

#include "tiny.h"

#include <stdio.h>

static _Alignas(BEEX_SCRATCH_ALIGNMENT) unsigned char scratch[TINY_SCRATCH_BYTES];
static float logits[TINY_NUM_LABELS];
static float entropies[TINY_NUM_LAYERS];

int main(void) {
  int32_t tokens[TINY_MAX_POSITIONS];
  for (int i = 0; i < TINY_MAX_POSITIONS; ++i)
    tokens[i] = (i * 7 + 3) % TINY_VOCAB_SIZE;
  beex_result result = {logits, entropies, 0};
  beex_status status = beex_run(&tiny_model, tokens, TINY_MAX_POSITIONS, scratch,
                                sizeof scratch, NULL, &result);
  printf("scratch %u bytes, descriptor %llu, status %d, exit layer %d\n",
         (unsigned)sizeof scratch, (unsigned long long)tiny_model.scratch_size,
         (int)status, (int)result.exit_layer);
  return status != BEEX_OK;
}
