/*===- vocabulary_tables.h - beex_vocabulary tables for tests ----*- C -*-===*\
|*                                                                            *|
|* Part of the beex project, under the Apache License v2.0 with LLVM          *|
|* Exceptions.                                                                *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*/

/* The tables of a beex_vocabulary (runtime.h) built at run time, as beexc
   builds them at compile time (lib/Conversion/BeexToLLVM/VocabularyTables.cpp):
   for the runtime's tests, the tokenizer driver of test/Python and the
   fuzzers, which all make vocabularies of their own. */

#ifndef BEEX_RUNTIME_TESTS_VOCABULARY_TABLES_H
#define BEEX_RUNTIME_TESTS_VOCABULARY_TABLES_H

#include "beex/runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Writes into `sorted` the ids 0..count-1 ordered by their pieces (piece i is
   bytes[offsets[i], offsets[i + 1])) as unsigned bytes, a prefix before any
   longer piece (memcmp order), equal pieces by id: the order beex_tokenize
   binary-searches. Not reentrant (qsort has no context argument in C11). */
void vocabulary_tables_sort(const char *bytes, const uint32_t *offsets, uint32_t count,
                            uint32_t *sorted);

/* Fills `vocabulary` with the `count` pieces of `bytes` and `offsets`
   (count + 1 entries), sorting their ids into `sorted` (count entries); the
   special ids are those of the last "[UNK]", "[CLS]" and "[SEP]" (as a
   Python dict of the pieces keeps them), -1 where a piece is absent. The
   vocabulary points to the three arrays, which the caller keeps. */
void vocabulary_tables_fill(const char *bytes, const uint32_t *offsets, uint32_t count,
                            uint32_t *sorted, beex_vocabulary *vocabulary);

#ifdef __cplusplus
}
#endif

#endif /* BEEX_RUNTIME_TESTS_VOCABULARY_TABLES_H */
