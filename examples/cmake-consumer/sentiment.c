/*===- sentiment.c - A CMake project's program using a compiled model -----===*
 *
 * Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 * sentiment SENTENCE...   prints "positive" or "negative" and the exit layer
 *
 * The model comes from beex_add_model() in CMakeLists.txt: its header and
 * library are all this file needs. The scratch is a static array sized by the
 * header's constant, so nothing is allocated.
 *===----------------------------------------------------------------------===*/

#include "sst2_model.h"

#include <stdio.h>
#include <string.h>

static _Alignas(BEEX_SCRATCH_ALIGNMENT) unsigned char scratch[SST2_SCRATCH_BYTES];

int main(int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    int32_t ids[SST2_MAX_POSITIONS];
    size_t length = 0;
    float logits[SST2_NUM_LABELS], entropies[SST2_NUM_LAYERS];
    beex_result result = {logits, entropies, 0};
    beex_status status = beex_tokenize(&sst2_model, argv[i], strlen(argv[i]), ids,
                                       SST2_MAX_POSITIONS, &length);
    if (status == BEEX_OK)
      status = beex_run(&sst2_model, ids, length, scratch, sizeof scratch, NULL, &result);
    if (status != BEEX_OK) {
      fprintf(stderr, "sentiment: %s\n", beex_status_message(status));
      return 1;
    }
    printf("%s (exit layer %d) \"%s\"\n", logits[1] > logits[0] ? "positive" : "negative",
           (int)result.exit_layer, argv[i]);
  }
  return 0;
}
