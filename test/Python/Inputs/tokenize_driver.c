/*===- tokenize_driver.c - beex_tokenize over a vocab.txt, for diffing -----===*
 *
 * Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 * tokenize_driver VOCAB.txt RECORDS
 *
 * Builds a beex_vocabulary from VOCAB.txt at run time (one piece a line, as
 * WordPiece.from_file reads it) and a stand-in model that carries it, then
 * tokenizes each record of RECORDS and prints its ids, space-separated, one
 * line per record. A record is "CAPACITY SIZE\n", SIZE bytes of text, "\n";
 * CAPACITY 0 means "large enough for any result". A failing call prints
 * "error N" instead, N the beex_status.
 *===----------------------------------------------------------------------===*/

#include "beex/runtime.h"
#include "vocabulary_tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_file(const char *path, size_t *size) {
  FILE *file = fopen(path, "rb");
  if (!file)
    return NULL;
  size_t capacity = 1 << 16, used = 0;
  char *data = malloc(capacity);
  size_t got;
  while (data && (got = fread(data + used, 1, capacity - used, file)) > 0) {
    used += got;
    if (used == capacity) {
      char *bigger = realloc(data, capacity *= 2);
      if (!bigger)
        free(data);
      data = bigger;
    }
  }
  fclose(file);
  *size = used;
  return data;
}

/* Splits `text` into lines as Python's text mode does (universal newlines:
   "\n", "\r\n" and "\r" all end a line, and a last line needs no end) and
   fills a vocabulary whose pieces are those lines, in order. */
static int build_vocabulary(char *text, size_t size, beex_vocabulary *vocab) {
  size_t lines = 0;
  for (size_t i = 0; i < size; ++i)
    if (text[i] == '\n' || text[i] == '\r')
      ++lines;
  lines += 1;
  uint32_t *offsets = malloc(sizeof(uint32_t) * (lines + 1));
  uint32_t *sorted = malloc(sizeof(uint32_t) * lines);
  char *bytes = malloc(size + 1);
  if (!offsets || !sorted || !bytes)
    return 0;
  uint32_t count = 0;
  size_t used = 0, i = 0;
  while (i < size) {
    offsets[count++] = (uint32_t)used;
    while (i < size && text[i] != '\n' && text[i] != '\r')
      bytes[used++] = text[i++];
    if (i < size && text[i] == '\r' && i + 1 < size && text[i + 1] == '\n')
      ++i;
    if (i < size)
      ++i;
  }
  offsets[count] = (uint32_t)used;
  vocabulary_tables_fill(bytes, offsets, count, sorted, vocab);
  return 1;
}

/* Never called: beex_check_model only wants a forward pass to exist. */
static int32_t no_forward(const int32_t *tokens, int64_t length, void *scratch,
                          float threshold, int64_t patience, int32_t full_depth,
                          float *logits, float *entropies, void *run) {
  (void)tokens, (void)length, (void)scratch, (void)threshold, (void)patience,
      (void)full_depth, (void)logits, (void)entropies, (void)run;
  return 1;
}

static void no_task(const int32_t *tokens, int64_t length, void *scratch, int64_t task,
                    int64_t begin, int64_t end) {
  (void)tokens, (void)length, (void)scratch, (void)task, (void)begin, (void)end;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s VOCAB.txt RECORDS\n", argv[0]);
    return 2;
  }
  size_t vocab_size, records_size;
  char *vocab_text = read_file(argv[1], &vocab_size);
  char *records = read_file(argv[2], &records_size);
  beex_vocabulary vocab;
  if (!vocab_text || !records ||
      !build_vocabulary(vocab_text, vocab_size, &vocab)) {
    fprintf(stderr, "cannot read %s or %s\n", argv[1], argv[2]);
    return 2;
  }
  beex_model model = {
      .abi_version = BEEX_ABI_VERSION,
      .name = "tokenize_driver",
      .vocab_size = vocab.num_pieces,
      .max_positions = 1,
      .num_labels = 2,
      .num_layers = 1,
      .min_layer = 1,
      .exit_policy = BEEX_EXIT_NONE,
      .threshold = 0.0f,
      .patience = 1,
      .scratch_size = 0,
      .forward = no_forward,
      .task = no_task,
      .vocabulary = &vocab,
  };
  beex_status status = beex_check_model(&model);
  if (status != BEEX_OK) {
    fprintf(stderr, "bad vocabulary: %s\n", beex_status_message(status));
    return 2;
  }

  size_t at = 0;
  while (at < records_size) {
    char *end;
    unsigned long capacity = strtoul(records + at, &end, 10);
    unsigned long size = strtoul(end, &end, 10);
    if (*end != '\n' || (size_t)(end + 1 - records) + size + 1 > records_size) {
      fprintf(stderr, "malformed record at byte %zu\n", at);
      return 2;
    }
    const char *text = end + 1;
    /* Each source code point folds to at most 3 code points, each at most
       one id, and each takes at least one byte. */
    size_t room = capacity ? capacity : 3 * size + 2;
    int32_t *ids = malloc(sizeof(int32_t) * room);
    size_t length = 0;
    if (!ids)
      return 2;
    status = beex_tokenize(&model, text, size, ids, room, &length);
    if (status != BEEX_OK) {
      printf("error %d\n", (int)status);
    } else {
      for (size_t i = 0; i < length; ++i)
        printf(i ? " %d" : "%d", (int)ids[i]);
      printf("\n");
    }
    free(ids);
    at = (size_t)(text - records) + size + 1;
  }
  /* Freed so that a sanitizer build of the driver reports no leaks. */
  free((void *)vocab.offsets);
  free((void *)vocab.sorted);
  free((void *)vocab.bytes);
  free(records);
  free(vocab_text);
  return 0;
}
