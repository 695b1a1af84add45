/*===- status.c - Status codes and their messages -----------------*- C -*-===*\
|*                                                                            *|
|* Part of the beex project, under the Apache License v2.0 with LLVM          *|
|* Exceptions.                                                                *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*/

#include "beex/runtime.h"

uint32_t beex_runtime_abi_version(void) { return BEEX_ABI_VERSION; }

#define BEEX_STRINGIFY_(x) #x
#define BEEX_STRINGIFY(x) BEEX_STRINGIFY_(x)

const char *beex_runtime_version(void) {
  return BEEX_STRINGIFY(BEEX_VERSION_MAJOR) "." BEEX_STRINGIFY(
      BEEX_VERSION_MINOR) "." BEEX_STRINGIFY(BEEX_VERSION_PATCH);
}

const char *beex_status_message(beex_status status) {
  /* A switch rather than a table indexed by `status`: callers may pass any
     integer (a value from a newer header, or garbage), and a switch has no
     bounds to get wrong. */
  switch (status) {
  case BEEX_OK:
    return "success";
  case BEEX_ERROR_NULL_ARGUMENT:
    return "a required pointer argument is NULL";
  case BEEX_ERROR_ABI_MISMATCH:
    return "the model was compiled for a different beex runtime ABI version";
  case BEEX_ERROR_EMPTY_INPUT:
    return "the input has no tokens";
  case BEEX_ERROR_INPUT_TOO_LONG:
    return "the input has more tokens than the model's max_positions";
  case BEEX_ERROR_TOKEN_OUT_OF_RANGE:
    return "a token id is negative or not below the model's vocab_size";
  case BEEX_ERROR_SCRATCH_TOO_SMALL:
    return "the scratch buffer is smaller than the model's scratch_size";
  case BEEX_ERROR_SCRATCH_MISALIGNED:
    return "the scratch buffer is not aligned to BEEX_SCRATCH_ALIGNMENT bytes";
  case BEEX_ERROR_INVALID_OPTION:
    return "invalid run option: the threshold must be finite and the "
           "patience at least 1";
  case BEEX_ERROR_BAD_MODEL:
    return "the model descriptor is malformed or its forward pass misbehaved";
  case BEEX_ERROR_NO_TOKENIZER:
    return "the model was compiled without a vocabulary, so it cannot "
           "tokenize text";
  case BEEX_ERROR_INVALID_TEXT:
    return "the text is not valid UTF-8";
  case BEEX_ERROR_BUFFER_TOO_SMALL:
    return "the id buffer cannot hold [CLS] and [SEP] (capacity below 2)";
  }
  return "unknown beex_status value";
}
