/*===- tokenize.c - UTF-8 text to WordPiece token ids -------------*- C -*-===*\
|*                                                                            *|
|* Part of the beex project, under the Apache License v2.0 with LLVM          *|
|* Exceptions.                                                                *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*/

/*
 * beex_tokenize() computes exactly what python/beex/tokenizer.py computes
 * (basic_words, then WordPiece.encode with max_length = capacity), in one
 * pass over the text, with no heap and no libc: a word is gathered in a
 * buffer on the stack, then split into pieces by binary search over the
 * vocabulary's sorted table and its ids written straight to the caller's
 * array.
 *
 * Python folds a whole word at once (lower(), NFD, combining marks dropped);
 * this file folds one code point at a time through the tables of
 * unicode_data.h, which its generator proves equivalent except for Greek
 * final sigma (see the generator's docstring). It is a translation unit of
 * its own so that a program that never tokenizes does not link those tables.
 */

#include "beex/runtime.h"
#include "unicode_data.h"

/* BERT's max_input_chars_per_word: a longer word is [UNK] whatever it is. */
#define BEEX_MAX_WORD_CHARS 100u
/* A code point is at most 4 bytes of UTF-8. */
#define BEEX_MAX_WORD_BYTES (BEEX_MAX_WORD_CHARS * 4u)

/* Hangul syllables (Unicode §3.12): each is L V or L V T jamo. */
#define BEEX_HANGUL_FIRST 0xAC00u
#define BEEX_HANGUL_LAST 0xD7A3u
#define BEEX_HANGUL_L 0x1100u
#define BEEX_HANGUL_V 0x1161u
#define BEEX_HANGUL_T 0x11A7u
#define BEEX_HANGUL_V_COUNT 21u
#define BEEX_HANGUL_T_COUNT 28u

/*===-- UTF-8 -------------------------------------------------------------===*/

/* Decodes the code point at the start of `s` (n > 0 bytes available) as
   strict UTF-8 (Unicode Table 3-7): no overlong forms, no surrogates, nothing
   past U+10FFFF, no sequence cut short. Returns its length in bytes, or 0 if
   the bytes are not valid UTF-8. */
static size_t beex_utf8_decode(const unsigned char *s, size_t n,
                               uint32_t *code) {
  unsigned char lead = s[0];
  if (lead < 0x80u) {
    *code = lead;
    return 1;
  }
  size_t size;
  uint32_t value, min;
  if (lead < 0xC2u) /* a continuation byte, or an overlong 2-byte form */
    return 0;
  if (lead < 0xE0u) {
    size = 2;
    value = lead & 0x1Fu;
    min = 0x80u;
  } else if (lead < 0xF0u) {
    size = 3;
    value = lead & 0x0Fu;
    min = 0x800u;
  } else if (lead < 0xF5u) {
    size = 4;
    value = lead & 0x07u;
    min = 0x10000u;
  } else {
    return 0;
  }
  if (n < size)
    return 0;
  for (size_t i = 1; i < size; ++i) {
    if ((s[i] & 0xC0u) != 0x80u)
      return 0;
    value = (value << 6) | (s[i] & 0x3Fu);
  }
  if (value < min || value > 0x10FFFFu ||
      (value >= 0xD800u && value <= 0xDFFFu))
    return 0;
  *code = value;
  return size;
}

/* The length of `code` (a valid code point) in UTF-8. */
static size_t beex_utf8_size(uint32_t code) {
  return code < 0x80u ? 1 : code < 0x800u ? 2 : code < 0x10000u ? 3 : 4;
}

/* Writes `code` (a valid code point) as UTF-8 and returns its length. */
static size_t beex_utf8_encode(uint32_t code, unsigned char *out) {
  if (code < 0x80u) {
    out[0] = (unsigned char)code;
    return 1;
  }
  if (code < 0x800u) {
    out[0] = (unsigned char)(0xC0u | (code >> 6));
    out[1] = (unsigned char)(0x80u | (code & 0x3Fu));
    return 2;
  }
  if (code < 0x10000u) {
    out[0] = (unsigned char)(0xE0u | (code >> 12));
    out[1] = (unsigned char)(0x80u | ((code >> 6) & 0x3Fu));
    out[2] = (unsigned char)(0x80u | (code & 0x3Fu));
    return 3;
  }
  out[0] = (unsigned char)(0xF0u | (code >> 18));
  out[1] = (unsigned char)(0x80u | ((code >> 12) & 0x3Fu));
  out[2] = (unsigned char)(0x80u | ((code >> 6) & 0x3Fu));
  out[3] = (unsigned char)(0x80u | (code & 0x3Fu));
  return 4;
}

/* Whether `byte` continues a UTF-8 sequence rather than starting one. */
static int beex_utf8_is_continuation(unsigned char byte) {
  return (byte & 0xC0u) == 0x80u;
}

/*===-- Character properties ----------------------------------------------===*/

static int beex_in_ranges(const beex_unicode_range *ranges, size_t count,
                          uint32_t code) {
  size_t low = 0, high = count;
  while (low < high) {
    size_t mid = low + (high - low) / 2;
    if (code < ranges[mid].first)
      high = mid;
    else if (code > ranges[mid].last)
      low = mid + 1;
    else
      return 1;
  }
  return 0;
}

#define BEEX_IN_TABLE(table, code)                                             \
  beex_in_ranges((table), sizeof(table) / sizeof((table)[0]), (code))

static int beex_is_punctuation(uint32_t code) {
  /* ASCII, the common case, without the search (the same ranges as the
     table's first four). */
  if (code < 0x80u)
    return (code >= 33u && code <= 47u) || (code >= 58u && code <= 64u) ||
           (code >= 91u && code <= 96u) || (code >= 123u && code <= 126u);
  return BEEX_IN_TABLE(beex_unicode_punct, code);
}

/* The canonical combining class of `code` if it is one of the combining
   marks that survive the fold, else 0. */
static unsigned beex_mark_class(uint32_t code) {
  if (code < beex_unicode_mark_codes[0])
    return 0;
  size_t low = 0, high = BEEX_UNICODE_MARK_COUNT;
  while (low < high) {
    size_t mid = low + (high - low) / 2;
    if (code < beex_unicode_mark_codes[mid])
      high = mid;
    else if (code > beex_unicode_mark_codes[mid])
      low = mid + 1;
    else
      return beex_unicode_mark_classes[mid];
  }
  return 0;
}

/* Finds the fold of `code` in the table: sets [*begin, *end) to its UTF-8
   bytes and returns 1, or returns 0 when `code` is not in the table. */
static int beex_find_fold(uint32_t code, const unsigned char **begin,
                          const unsigned char **end) {
  size_t low = 0, high = BEEX_UNICODE_FOLD_COUNT;
  while (low < high) {
    size_t mid = low + (high - low) / 2;
    if (code < beex_unicode_fold_codes[mid]) {
      high = mid;
    } else if (code > beex_unicode_fold_codes[mid]) {
      low = mid + 1;
    } else {
      *begin = beex_unicode_fold_bytes + beex_unicode_fold_offsets[mid];
      *end = beex_unicode_fold_bytes + beex_unicode_fold_offsets[mid + 1];
      return 1;
    }
  }
  return 0;
}

/*===-- Pieces and output -------------------------------------------------===*/

/* Where the ids go. `limit` is capacity - 1: the last slot is kept for
   [SEP], and ids past the limit are dropped, as BERT truncates. */
typedef struct beex_output {
  int32_t *ids;
  size_t count;
  size_t limit;
} beex_output;

static void beex_push(beex_output *out, int32_t id) {
  if (out->count < out->limit)
    out->ids[out->count++] = id;
}

/* Compares piece `id` with the key ("##" when `continuation`, then
   key[0, size)) in memcmp order, without building the key: < 0 when the
   piece sorts first. */
static int beex_compare_piece(const beex_vocabulary *vocab, uint32_t id,
                              int continuation, const unsigned char *key,
                              size_t size) {
  const unsigned char *piece =
      (const unsigned char *)vocab->bytes + vocab->offsets[id];
  size_t piece_size = vocab->offsets[id + 1] - vocab->offsets[id];
  size_t prefix = continuation ? 2 : 0;
  size_t key_size = prefix + size;
  size_t common = piece_size < key_size ? piece_size : key_size;
  for (size_t i = 0; i < common; ++i) {
    unsigned char k = i < prefix ? (unsigned char)'#' : key[i - prefix];
    if (piece[i] != k)
      return piece[i] < k ? -1 : 1;
  }
  return piece_size < key_size ? -1 : piece_size > key_size;
}

/* The id of the piece equal to the key, or -1. The tables come from beexc,
   which sorts them from the same vocabulary; like the forward pass they are
   trusted (beex_check_model checks what it can in constant time). */
static int32_t beex_find_piece(const beex_vocabulary *vocab, int continuation,
                               const unsigned char *key, size_t size) {
  size_t low = 0, high = vocab->num_pieces;
  while (low < high) {
    size_t mid = low + (high - low) / 2;
    uint32_t id = vocab->sorted[mid];
    int order = beex_compare_piece(vocab, id, continuation, key, size);
    if (order < 0)
      low = mid + 1;
    else if (order > 0)
      high = mid;
    else
      return (int32_t)id;
  }
  return -1;
}

/*===-- Words -------------------------------------------------------------===*/

/* The word being gathered, folded, as UTF-8. Code points past the limit are
   counted but not stored: the word is [UNK] then anyway. */
typedef struct beex_word {
  unsigned char bytes[BEEX_MAX_WORD_BYTES];
  size_t size;  /* bytes stored */
  size_t chars; /* code points seen, may exceed BEEX_MAX_WORD_CHARS */
  /* Where the trailing run of surviving combining marks starts: the bytes
     [run_start, size) are all such marks. NFD orders a run by combining
     class, so a mark that comes later may have to go before them. */
  size_t run_start;
} beex_word;

typedef struct beex_tokenizer {
  const beex_vocabulary *vocab;
  beex_output out;
  beex_word word;
} beex_tokenizer;

static void beex_word_clear(beex_word *word) {
  word->size = 0;
  word->chars = 0;
  word->run_start = 0;
}

/* Appends `code` to the word. A mark (class != 0) stays in the current run,
   anything else ends it. */
static void beex_word_append(beex_word *word, uint32_t code, unsigned cls) {
  if (++word->chars > BEEX_MAX_WORD_CHARS)
    return;
  word->size += beex_utf8_encode(code, word->bytes + word->size);
  if (!cls)
    word->run_start = word->size;
}

/* Inserts the mark `code` of class `cls` into the trailing run, after the
   marks of a class <= cls and before the others: the stable sort by class
   that NFD's canonical ordering makes. A run is at most a word long, so
   shifting its bytes costs little. */
static void beex_word_insert_mark(beex_word *word, uint32_t code,
                                  unsigned cls) {
  if (++word->chars > BEEX_MAX_WORD_CHARS)
    return;
  size_t at = word->size;
  while (at > word->run_start) {
    size_t previous = at - 1;
    while (beex_utf8_is_continuation(word->bytes[previous]))
      --previous;
    uint32_t before;
    beex_utf8_decode(word->bytes + previous, at - previous, &before);
    if (beex_mark_class(before) <= cls)
      break;
    at = previous;
  }
  /* Open a gap at `at`, moving the tail from its end, and encode the mark
     straight into it: copying it from a local array would have the compiler
     call memcpy for the variable length. */
  size_t size = beex_utf8_size(code);
  for (size_t i = word->size; i > at; --i)
    word->bytes[i - 1 + size] = word->bytes[i - 1];
  beex_utf8_encode(code, word->bytes + at);
  word->size += size;
}

/* Ends the current word: writes its pieces (WordPiece.word_pieces) and
   clears it. Greedy longest match first, shortening the candidate one code
   point at a time; a word the pieces cannot cover is a single [UNK], so the
   pieces already written for it are taken back. */
static void beex_end_word(beex_tokenizer *tk) {
  beex_word *word = &tk->word;
  beex_output *out = &tk->out;
  const beex_vocabulary *vocab = tk->vocab;
  if (word->chars > BEEX_MAX_WORD_CHARS) {
    beex_push(out, vocab->unk_id);
  } else if (word->chars) {
    size_t first = out->count;
    size_t start = 0;
    while (start < word->size) {
      size_t end = word->size;
      int32_t id = -1;
      while (end > start) {
        id =
            beex_find_piece(vocab, start > 0, word->bytes + start, end - start);
        if (id >= 0)
          break;
        do
          --end;
        while (beex_utf8_is_continuation(word->bytes[end]));
      }
      if (id < 0) {
        out->count = first;
        beex_push(out, vocab->unk_id);
        break;
      }
      beex_push(out, id);
      start = end;
    }
  }
  beex_word_clear(word);
}

/* Takes one code point of folded text: punctuation is a word of its own,
   anything else extends the current word. */
static void beex_take_folded(beex_tokenizer *tk, uint32_t code) {
  if (beex_is_punctuation(code)) {
    beex_end_word(tk);
    beex_word_append(&tk->word, code, 0);
    beex_end_word(tk);
    return;
  }
  /* A mark inside a fold follows a class-0 character of the same fold, in
     canonical order already (the generator checks it): it starts a run. */
  beex_word_append(&tk->word, code, beex_mark_class(code));
}

/* Takes one code point of the text: basic_words' cleaning and splitting,
   then the fold. */
static void beex_take(beex_tokenizer *tk, uint32_t code) {
  if (code < 0x80u) {
    /* ASCII without the tables: the same answers, sooner. */
    if (code == ' ' || code == '\t' || code == '\n' || code == '\r')
      beex_end_word(tk);
    else if (code < 0x20u || code == 0x7Fu)
      return; /* dropped control characters */
    else
      beex_take_folded(tk, code >= 'A' && code <= 'Z' ? code + 32u : code);
    return;
  }
  /* Cleaning: the order of basic_words' tests. */
  if (BEEX_IN_TABLE(beex_unicode_dropped, code))
    return;
  if (BEEX_IN_TABLE(beex_unicode_space, code)) {
    beex_end_word(tk);
    return;
  }
  const unsigned char *begin, *end;
  if (BEEX_IN_TABLE(beex_unicode_cjk, code)) {
    /* A word of its own; compatibility ideographs fold to one unified
       ideograph, the others to themselves. */
    uint32_t folded = code;
    if (beex_find_fold(code, &begin, &end))
      beex_utf8_decode(begin, (size_t)(end - begin), &folded);
    beex_end_word(tk);
    beex_word_append(&tk->word, folded, 0);
    beex_end_word(tk);
    return;
  }
  unsigned cls = beex_mark_class(code);
  if (cls) {
    beex_word_insert_mark(&tk->word, code, cls);
    return;
  }
  /* Marks that fold to nothing. Those whose decomposition has only
     combining marks (class != 0) leave the run open; the others, such as
     U+034F (class 0), end it in Python's NFD before the fold drops them. */
  if (BEEX_IN_TABLE(beex_unicode_strip_continue, code))
    return;
  if (BEEX_IN_TABLE(beex_unicode_strip_break, code)) {
    tk->word.run_start = tk->word.size;
    return;
  }
  if (code >= BEEX_HANGUL_FIRST && code <= BEEX_HANGUL_LAST) {
    uint32_t index = code - BEEX_HANGUL_FIRST;
    uint32_t per_l = BEEX_HANGUL_V_COUNT * BEEX_HANGUL_T_COUNT;
    beex_take_folded(tk, BEEX_HANGUL_L + index / per_l);
    beex_take_folded(tk, BEEX_HANGUL_V + index % per_l / BEEX_HANGUL_T_COUNT);
    if (index % BEEX_HANGUL_T_COUNT)
      beex_take_folded(tk, BEEX_HANGUL_T + index % BEEX_HANGUL_T_COUNT);
    return;
  }
  if (!beex_find_fold(code, &begin, &end)) {
    beex_take_folded(tk, code);
    return;
  }
  while (begin < end) {
    uint32_t folded;
    begin += beex_utf8_decode(begin, (size_t)(end - begin), &folded);
    beex_take_folded(tk, folded);
  }
}

/*===-- The entry point ---------------------------------------------------===*/

beex_status beex_tokenize(const beex_model *model, const char *text,
                          size_t text_bytes, int32_t *ids, size_t capacity,
                          size_t *length) {
  if (!model || !ids || !length || (!text && text_bytes > 0))
    return BEEX_ERROR_NULL_ARGUMENT;
  beex_status status = beex_check_model(model);
  if (status != BEEX_OK)
    return status;
  if (!model->vocabulary)
    return BEEX_ERROR_NO_TOKENIZER;
  if (capacity < 2)
    return BEEX_ERROR_BUFFER_TOO_SMALL;
  /* Validate all of the text first: the ids are written as words end, and
     an error must leave them untouched. */
  const unsigned char *bytes = (const unsigned char *)text;
  for (size_t i = 0; i < text_bytes;) {
    uint32_t code;
    size_t size = beex_utf8_decode(bytes + i, text_bytes - i, &code);
    if (!size)
      return BEEX_ERROR_INVALID_TEXT;
    i += size;
  }

  /* Field by field: zeroing the whole struct would make the compiler call
     memset for the word buffer, which need not be cleared anyway. */
  beex_tokenizer tk;
  tk.vocab = model->vocabulary;
  tk.out.ids = ids;
  tk.out.count = 0;
  tk.out.limit = capacity - 1;
  beex_word_clear(&tk.word);
  beex_push(&tk.out, tk.vocab->cls_id);
  /* Once the ids are full no later word can change them (a word taken back
     for [UNK] only rewrites its own slots), so the rest need not be read. */
  for (size_t i = 0; i < text_bytes && tk.out.count < tk.out.limit;) {
    uint32_t code;
    i += beex_utf8_decode(bytes + i, text_bytes - i, &code);
    beex_take(&tk, code);
  }
  beex_end_word(&tk);
  ids[tk.out.count] = tk.vocab->sep_id;
  *length = tk.out.count + 1;
  return BEEX_OK;
}
