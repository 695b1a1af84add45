/*===- vocabulary_tables.c - beex_vocabulary tables for tests ----*- C -*-===*\
|*                                                                            *|
|* Part of the beex project, under the Apache License v2.0 with LLVM          *|
|* Exceptions.                                                                *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*/

#include "vocabulary_tables.h"

#include <stdlib.h>
#include <string.h>

/* The pieces qsort's comparison reads. */
static const char *sort_bytes;
static const uint32_t *sort_offsets;

static int compare_ids(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  size_t size_x = sort_offsets[x + 1] - sort_offsets[x];
  size_t size_y = sort_offsets[y + 1] - sort_offsets[y];
  int order = memcmp(sort_bytes + sort_offsets[x], sort_bytes + sort_offsets[y],
                     size_x < size_y ? size_x : size_y);
  if (order)
    return order;
  if (size_x != size_y)
    return size_x < size_y ? -1 : 1;
  return x < y ? -1 : x > y; /* equal pieces: qsort is not stable */
}

void vocabulary_tables_sort(const char *bytes, const uint32_t *offsets, uint32_t count,
                            uint32_t *sorted) {
  for (uint32_t id = 0; id < count; ++id)
    sorted[id] = id;
  sort_bytes = bytes;
  sort_offsets = offsets;
  qsort(sorted, count, sizeof(uint32_t), compare_ids);
}

static int is_piece(const char *bytes, const uint32_t *offsets, uint32_t id,
                    const char *text) {
  size_t size = offsets[id + 1] - offsets[id];
  return size == strlen(text) && !memcmp(bytes + offsets[id], text, size);
}

void vocabulary_tables_fill(const char *bytes, const uint32_t *offsets, uint32_t count,
                            uint32_t *sorted, beex_vocabulary *vocabulary) {
  vocabulary_tables_sort(bytes, offsets, count, sorted);
  vocabulary->num_pieces = count;
  vocabulary->unk_id = vocabulary->cls_id = vocabulary->sep_id = -1;
  for (uint32_t id = 0; id < count; ++id) {
    if (is_piece(bytes, offsets, id, "[UNK]"))
      vocabulary->unk_id = (int32_t)id;
    if (is_piece(bytes, offsets, id, "[CLS]"))
      vocabulary->cls_id = (int32_t)id;
    if (is_piece(bytes, offsets, id, "[SEP]"))
      vocabulary->sep_id = (int32_t)id;
  }
  vocabulary->offsets = offsets;
  vocabulary->sorted = sorted;
  vocabulary->bytes = bytes;
}
