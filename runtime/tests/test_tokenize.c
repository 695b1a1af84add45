/*===- test_tokenize.c - beex_tokenize on the fake vocabulary -----*- C -*-===*\
|*                                                                            *|
|* Part of the beex project, under the Apache License v2.0 with LLVM          *|
|* Exceptions.                                                                *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*/

/* Each rule of the tokenizer on a case small enough to work out by hand, and
   every way beex_tokenize() can refuse. The expected ids were checked with
   python/beex/tokenizer.py over the same pieces; test/Python's
   tokenizer-c-vs-python.test compares the two on thousands of strings. */

#include "fixture.h"
#include "harness.h"

#include <string.h>

/* Ids arrays get this much room past the capacity, filled with a sentinel,
   to catch writes beyond it. */
#define GUARD 4
#define SENTINEL (-99)
#define MAX_IDS 128

static beex_model model_with_vocabulary(void) {
  beex_model model = fake_model_reset();
  model.vocabulary = fake_vocabulary();
  return model;
}

static void print_ids(const char *what, const int32_t *ids, size_t count) {
  printf("    %s:", what);
  for (size_t i = 0; i < count; ++i)
    printf(" %s", fake_piece_text(ids[i]));
  printf("\n");
}

/* Tokenizes `size` bytes of `text` into `capacity` ids and checks that the
   result is `want` and that nothing past the capacity was written. */
static void expect_tokens(const char *text, size_t size, size_t capacity,
                          const int32_t *want, size_t count, const char *file,
                          int line) {
  beex_model model = model_with_vocabulary();
  int32_t ids[MAX_IDS + GUARD];
  for (size_t i = 0; i < MAX_IDS + GUARD; ++i)
    ids[i] = SENTINEL;
  size_t length = 12345;
  beex_status status =
      beex_tokenize(&model, text, size, ids, capacity, &length);
  int ok = status == BEEX_OK && length == count;
  for (size_t i = 0; ok && i < count; ++i)
    ok = ids[i] == want[i];
  if (!ok) {
    ++beex_test_failures;
    printf("    %s:%d: beex_tokenize returned %d (%s), %zu ids\n", file, line,
           (int)status, beex_status_message(status), length);
    if (status == BEEX_OK)
      print_ids("got", ids, length < MAX_IDS ? length : MAX_IDS);
    print_ids("want", want, count);
  }
  for (size_t i = capacity; i < MAX_IDS + GUARD; ++i) {
    if (ids[i] != SENTINEL) {
      ++beex_test_failures;
      printf("    %s:%d: id %zu written past the capacity\n", file, line, i);
      break;
    }
  }
}

#define ID_LIST(...) ((const int32_t[]){__VA_ARGS__})
#define ID_COUNT(...) (sizeof(ID_LIST(__VA_ARGS__)) / sizeof(int32_t))
/* EXPECT_TOKENS("text", FAKE_HELLO, ...): [CLS] and [SEP] are implied. */
#define EXPECT_TOKENS(text, ...)                                               \
  expect_tokens((text), strlen(text), MAX_IDS,                                 \
                ID_LIST(FAKE_CLS, __VA_ARGS__, FAKE_SEP),                      \
                ID_COUNT(FAKE_CLS, __VA_ARGS__, FAKE_SEP), __FILE__, __LINE__)
/* With an explicit byte count and capacity, and the whole expected list. */
#define EXPECT_TOKENS_N(text, size, capacity, ...)                             \
  expect_tokens((text), (size), (capacity), ID_LIST(__VA_ARGS__),              \
                ID_COUNT(__VA_ARGS__), __FILE__, __LINE__)

void test_tokenize_sentence(void) {
  EXPECT_TOKENS("hello world", FAKE_HELLO, FAKE_WORLD);
  EXPECT_TOKENS("Hello worlds.", FAKE_HELLO, FAKE_WORLD, FAKE_S_CONT,
                FAKE_PERIOD);
  EXPECT_TOKENS("  hello   world  ", FAKE_HELLO, FAKE_WORLD);
}

void test_tokenize_punctuation(void) {
  EXPECT_TOKENS("hello,world!", FAKE_HELLO, FAKE_COMMA, FAKE_WORLD, FAKE_BANG);
  EXPECT_TOKENS("it's", FAKE_IT, FAKE_APOSTROPHE, FAKE_S);
  EXPECT_TOKENS(",,.", FAKE_COMMA, FAKE_COMMA, FAKE_PERIOD);
  /* Punctuation missing from the vocabulary is [UNK], still a word apart;
     symbols such as $ count as punctuation in ASCII, as in BERT. */
  EXPECT_TOKENS("hello?", FAKE_HELLO, FAKE_UNK);
  EXPECT_TOKENS("(hello)", FAKE_UNK, FAKE_HELLO, FAKE_UNK);
  EXPECT_TOKENS("$hello", FAKE_UNK, FAKE_HELLO);
  /* Unicode punctuation: an em dash (Pd), guillemets (Pi, Pf). */
  EXPECT_TOKENS("hello\xE2\x80\x94world", FAKE_HELLO, FAKE_UNK, FAKE_WORLD);
  EXPECT_TOKENS("\xC2\xABhello\xC2\xBB", FAKE_UNK, FAKE_HELLO, FAKE_UNK);
}

void test_tokenize_case_and_accents(void) {
  /* É precomposed, and E followed by a combining acute accent. */
  EXPECT_TOKENS("H\xC3\x89LLO", FAKE_HELLO);
  EXPECT_TOKENS("HE\xCC\x81LLO", FAKE_HELLO);
  EXPECT_TOKENS("Caf\xC3\xA9, NA\xC3\x8FVE!", FAKE_CAFE, FAKE_COMMA, FAKE_NAIVE,
                FAKE_BANG);
  /* U+0130 lower-cases to i + U+0307, and the dot goes with the accents. */
  EXPECT_TOKENS("\xC4\xB0T", FAKE_IT);
  /* Combining marks do not count towards a word's length: 200 of them. */
  char text[5 + 200 * 2 + 1];
  memcpy(text, "hello", 5);
  for (int i = 0; i < 200; ++i)
    memcpy(text + 5 + 2 * i, "\xCC\x81", 2);
  text[sizeof(text) - 1] = '\0';
  EXPECT_TOKENS(text, FAKE_HELLO);
  /* Fullwidth letters have only a compatibility decomposition, which NFD
     does not apply: lower-cased, they stay fullwidth. */
  EXPECT_TOKENS("\xEF\xBC\xA8\xEF\xBC\xA5\xEF\xBC\xAC\xEF\xBC\xAC\xEF\xBC\xAF",
                FAKE_UNK);
}

void test_tokenize_continuation_pieces(void) {
  EXPECT_TOKENS("unwanted", FAKE_UN, FAKE_WANT_CONT, FAKE_ED_CONT);
  EXPECT_TOKENS("UNWANTED worlds", FAKE_UN, FAKE_WANT_CONT, FAKE_ED_CONT,
                FAKE_WORLD, FAKE_S_CONT);
  /* Greedy: the longest piece first, "##aaaaaaaaaa" before "##a". */
  EXPECT_TOKENS("aaaaaaaaaaaa", FAKE_A, FAKE_A10_CONT, FAKE_A_CONT);
  /* A piece is matched by its bytes, not as "##" plus something else. */
  EXPECT_TOKENS("s", FAKE_S);
  EXPECT_TOKENS("hellos", FAKE_HELLO, FAKE_S_CONT);
}

void test_tokenize_unknown_word(void) {
  /* "un ##want ##ed" covers only the start: the whole word is one [UNK]. */
  EXPECT_TOKENS("unwantedly", FAKE_UNK);
  EXPECT_TOKENS("unwantedly hello", FAKE_UNK, FAKE_HELLO);
  EXPECT_TOKENS("hello xyz world", FAKE_HELLO, FAKE_UNK, FAKE_WORLD);
  EXPECT_TOKENS("unwantedworlds", FAKE_UNK);
  /* The special tokens are not words: brackets are punctuation. */
  EXPECT_TOKENS("[CLS]", FAKE_UNK, FAKE_UNK, FAKE_UNK);
}

void test_tokenize_long_words(void) {
  char text[4 * 102 + 1];
  /* 100 code points is the longest word split into pieces. */
  memset(text, 'a', 100);
  int32_t want[MAX_IDS];
  size_t count = 0;
  want[count++] = FAKE_CLS;
  want[count++] = FAKE_A;
  for (int i = 0; i < 9; ++i)
    want[count++] = FAKE_A10_CONT;
  for (int i = 0; i < 9; ++i)
    want[count++] = FAKE_A_CONT;
  want[count++] = FAKE_SEP;
  expect_tokens(text, 100, MAX_IDS, want, count, __FILE__, __LINE__);
  /* One more is [UNK], though the pieces would cover it. */
  memset(text, 'a', 101);
  EXPECT_TOKENS_N(text, 101, MAX_IDS, FAKE_CLS, FAKE_UNK, FAKE_SEP);
  memset(text, 'a', 400);
  EXPECT_TOKENS_N(text, 400, MAX_IDS, FAKE_CLS, FAKE_UNK, FAKE_SEP);
  /* The length counts folded code points: 100 Hangul syllables of two jamo
     each would be 200, 50 of them are 100 (U+AC00 is 3 bytes). */
  for (int i = 0; i < 50; ++i)
    memcpy(text + 3 * i, "\xEA\xB0\x80", 3);
  count = 0;
  want[count++] = FAKE_CLS;
  want[count++] = FAKE_GA;
  for (int i = 1; i < 50; ++i)
    want[count++] = FAKE_GA_CONT;
  want[count++] = FAKE_SEP;
  expect_tokens(text, 150, MAX_IDS, want, count, __FILE__, __LINE__);
  for (int i = 0; i < 51; ++i)
    memcpy(text + 3 * i, "\xEA\xB0\x80", 3);
  EXPECT_TOKENS_N(text, 153, MAX_IDS, FAKE_CLS, FAKE_UNK, FAKE_SEP);
  /* 100 times e + a combining acute accent: 200 code points, 100 folded. */
  for (int i = 0; i < 100; ++i)
    memcpy(text + 3 * i, "e\xCC\x81", 3);
  count = 0;
  want[count++] = FAKE_CLS;
  want[count++] = FAKE_E;
  for (int i = 1; i < 100; ++i)
    want[count++] = FAKE_E_CONT;
  want[count++] = FAKE_SEP;
  expect_tokens(text, 300, MAX_IDS, want, count, __FILE__, __LINE__);
  /* Punctuation splits first: 150 a's cut in two by a comma are two words
     of 75, each within the limit. */
  memset(text, 'a', 151);
  text[75] = ',';
  count = 0;
  want[count++] = FAKE_CLS;
  for (int half = 0; half < 2; ++half) {
    want[count++] = FAKE_A;
    for (int i = 0; i < 7; ++i)
      want[count++] = FAKE_A10_CONT;
    for (int i = 0; i < 4; ++i)
      want[count++] = FAKE_A_CONT;
    if (!half)
      want[count++] = FAKE_COMMA;
  }
  want[count++] = FAKE_SEP;
  expect_tokens(text, 151, MAX_IDS, want, count, __FILE__, __LINE__);
}

void test_tokenize_truncation(void) {
  const char *text = "hello world hello";
  size_t size = strlen(text);
  /* As BERT's max_length: the first capacity - 1 ids, then [SEP]. */
  EXPECT_TOKENS_N(text, size, 2, FAKE_CLS, FAKE_SEP);
  EXPECT_TOKENS_N(text, size, 3, FAKE_CLS, FAKE_HELLO, FAKE_SEP);
  EXPECT_TOKENS_N(text, size, 4, FAKE_CLS, FAKE_HELLO, FAKE_WORLD, FAKE_SEP);
  EXPECT_TOKENS_N(text, size, 5, FAKE_CLS, FAKE_HELLO, FAKE_WORLD, FAKE_HELLO,
                  FAKE_SEP);
  EXPECT_TOKENS_N(text, size, 6, FAKE_CLS, FAKE_HELLO, FAKE_WORLD, FAKE_HELLO,
                  FAKE_SEP);
  /* The cut may fall inside a word's pieces. */
  EXPECT_TOKENS_N("unwanted", 8, 3, FAKE_CLS, FAKE_UN, FAKE_SEP);
  EXPECT_TOKENS_N("unwanted", 8, 4, FAKE_CLS, FAKE_UN, FAKE_WANT_CONT,
                  FAKE_SEP);
  /* A word that turns out to be [UNK] after filling the ids with pieces
     takes them back. */
  EXPECT_TOKENS_N("unwantedly", 10, 3, FAKE_CLS, FAKE_UNK, FAKE_SEP);
  EXPECT_TOKENS_N("hello unwantedly", 16, 4, FAKE_CLS, FAKE_HELLO, FAKE_UNK,
                  FAKE_SEP);
  /* Invalid text past the cut is still an error: the text is checked
     whole before anything is written. */
  beex_model model = model_with_vocabulary();
  int32_t ids[2] = {SENTINEL, SENTINEL};
  size_t length = 77;
  CHECK_STATUS(beex_tokenize(&model, "hello \xFF", 7, ids, 2, &length),
               BEEX_ERROR_INVALID_TEXT);
  CHECK(ids[0] == SENTINEL && ids[1] == SENTINEL && length == 77);
}

void test_tokenize_empty_text(void) {
  EXPECT_TOKENS_N("", 0, MAX_IDS, FAKE_CLS, FAKE_SEP);
  EXPECT_TOKENS_N(NULL, 0, MAX_IDS, FAKE_CLS, FAKE_SEP);
  EXPECT_TOKENS_N(NULL, 0, 2, FAKE_CLS, FAKE_SEP);
  EXPECT_TOKENS_N(" \t\r\n ", 5, MAX_IDS, FAKE_CLS, FAKE_SEP);
  /* Only characters that vanish: a combining mark, control characters. */
  EXPECT_TOKENS_N("\xCC\x81", 2, MAX_IDS, FAKE_CLS, FAKE_SEP);
  EXPECT_TOKENS_N("\x01\x02\x7F", 3, MAX_IDS, FAKE_CLS, FAKE_SEP);
  /* `text_bytes` counts, not a NUL terminator. */
  EXPECT_TOKENS_N("hello", 0, MAX_IDS, FAKE_CLS, FAKE_SEP);
  EXPECT_TOKENS_N("hello world", 5, MAX_IDS, FAKE_CLS, FAKE_HELLO, FAKE_SEP);
}

void test_tokenize_whitespace_and_controls(void) {
  EXPECT_TOKENS("hello\tworld\r\nhello", FAKE_HELLO, FAKE_WORLD, FAKE_HELLO);
  /* Control and format characters are dropped, not word breaks. */
  EXPECT_TOKENS("hel\x01lo", FAKE_HELLO);
  EXPECT_TOKENS_N("hel\0lo", 6, MAX_IDS, FAKE_CLS, FAKE_HELLO, FAKE_SEP);
  EXPECT_TOKENS("hel\xE2\x80\x8Blo", FAKE_HELLO); /* U+200B, Cf */
  EXPECT_TOKENS("hel\xEF\xBB\xBFlo", FAKE_HELLO); /* U+FEFF, Cf */
  EXPECT_TOKENS("hel\xEF\xBF\xBDlo", FAKE_HELLO); /* U+FFFD */
  EXPECT_TOKENS("hel\xC2\x85lo", FAKE_HELLO);     /* U+0085, Cc */
  EXPECT_TOKENS("hello\x0Bworld", FAKE_UNK);      /* VT is Cc: dropped */
  /* Unicode spaces (Zs) and the line and paragraph separators. */
  EXPECT_TOKENS("hello\xC2\xA0world", FAKE_HELLO, FAKE_WORLD);     /* U+00A0 */
  EXPECT_TOKENS("hello\xE3\x80\x80world", FAKE_HELLO, FAKE_WORLD); /* U+3000 */
  EXPECT_TOKENS("hello\xE2\x80\xA8world", FAKE_HELLO, FAKE_WORLD); /* U+2028 */
  EXPECT_TOKENS("hello\xE2\x80\xA9world", FAKE_HELLO, FAKE_WORLD); /* U+2029 */
}

void test_tokenize_cjk_and_hangul(void) {
  EXPECT_TOKENS("\xE4\xB8\xAD\xE6\x96\x87", FAKE_ZHONG, FAKE_WEN);
  EXPECT_TOKENS("hello\xE4\xB8\xADworld", FAKE_HELLO, FAKE_ZHONG, FAKE_WORLD);
  /* A compatibility ideograph (U+F900) is a word of its own too. */
  EXPECT_TOKENS("hello\xEF\xA4\x80world", FAKE_HELLO, FAKE_UNK, FAKE_WORLD);
  /* Hangul is not split per character: it decomposes into jamo. */
  EXPECT_TOKENS("\xEA\xB0\x80", FAKE_GA);
  EXPECT_TOKENS("\xEA\xB0\x80\xEA\xB0\x80", FAKE_GA, FAKE_GA_CONT);
  EXPECT_TOKENS("\xEA\xB0\x81", FAKE_UNK); /* U+AC01: a final jamo too */
}

void test_tokenize_mark_order(void) {
  /* U+1D165 (class 216) and U+1D16D (226) are spacing marks: they stay in
     the word, in NFD's order whichever order the text has. */
  EXPECT_TOKENS("x\xF0\x9D\x85\xA5\xF0\x9D\x85\xAD", FAKE_MARKS);
  EXPECT_TOKENS("x\xF0\x9D\x85\xAD\xF0\x9D\x85\xA5", FAKE_MARKS);
  /* A dropped mark of class 230 between them is part of the same run... */
  EXPECT_TOKENS("x\xF0\x9D\x85\xAD\xCC\x81\xF0\x9D\x85\xA5", FAKE_MARKS);
  /* ...but U+034F, of class 0, ends it: no reordering then. */
  EXPECT_TOKENS("x\xF0\x9D\x85\xAD\xCD\x8F\xF0\x9D\x85\xA5", FAKE_UNK);
}

void test_tokenize_output_runs(void) {
  /* With the model's max_positions as capacity, the ids are valid input. */
  fixture f;
  fixture_init(&f);
  f.model.vocabulary = fake_vocabulary();
  const char *text = "Hello, unwanted worlds! hello hello hello hello hello "
                     "hello hello hello";
  size_t length = 0;
  CHECK_STATUS(beex_tokenize(&f.model, text, strlen(text), f.tokens,
                             FAKE_MAX_POSITIONS, &length),
               BEEX_OK);
  CHECK(length == FAKE_MAX_POSITIONS);
  CHECK(f.tokens[0] == FAKE_CLS && f.tokens[length - 1] == FAKE_SEP);
  f.length = length;
  CHECK_STATUS(fixture_run(&f), BEEX_OK);
}

/* Calls beex_tokenize() with sentinel-filled outputs and checks that it
   fails with `expected` and leaves them alone. */
static void expect_tokenize_error(const beex_model *model, const char *text,
                                  size_t size, size_t capacity,
                                  beex_status expected, const char *file,
                                  int line) {
  int32_t ids[MAX_IDS];
  for (size_t i = 0; i < MAX_IDS; ++i)
    ids[i] = SENTINEL;
  size_t length = 12345;
  beex_status status = beex_tokenize(
      model, text, size, ids, capacity < MAX_IDS ? capacity : MAX_IDS, &length);
  if (status != expected) {
    ++beex_test_failures;
    printf("    %s:%d: beex_tokenize returned %d (%s), expected %d (%s)\n",
           file, line, (int)status, beex_status_message(status), (int)expected,
           beex_status_message(expected));
  }
  int untouched = length == 12345;
  for (size_t i = 0; i < MAX_IDS; ++i)
    untouched = untouched && ids[i] == SENTINEL;
  if (!untouched) {
    ++beex_test_failures;
    printf("    %s:%d: beex_tokenize wrote its outputs on error\n", file, line);
  }
}

#define EXPECT_TOKENIZE_ERROR(model, text, size, capacity, expected)           \
  expect_tokenize_error((model), (text), (size), (capacity), (expected),       \
                        __FILE__, __LINE__)

void test_tokenize_error_arguments(void) {
  beex_model model = model_with_vocabulary();
  int32_t ids[4];
  size_t length;
  CHECK_STATUS(beex_tokenize(NULL, "a", 1, ids, 4, &length),
               BEEX_ERROR_NULL_ARGUMENT);
  CHECK_STATUS(beex_tokenize(&model, "a", 1, NULL, 4, &length),
               BEEX_ERROR_NULL_ARGUMENT);
  CHECK_STATUS(beex_tokenize(&model, "a", 1, ids, 4, NULL),
               BEEX_ERROR_NULL_ARGUMENT);
  EXPECT_TOKENIZE_ERROR(&model, NULL, 1, 4, BEEX_ERROR_NULL_ARGUMENT);
  /* A null pointer wins over every other problem. */
  beex_model bad = model;
  bad.abi_version = 0;
  CHECK_STATUS(beex_tokenize(&bad, NULL, 1, ids, 0, NULL),
               BEEX_ERROR_NULL_ARGUMENT);
  EXPECT_TOKENIZE_ERROR(&bad, "a", 1, 4, BEEX_ERROR_ABI_MISMATCH);
  bad = model;
  bad.num_labels = 1;
  EXPECT_TOKENIZE_ERROR(&bad, "a", 1, 4, BEEX_ERROR_BAD_MODEL);
  /* Then the vocabulary, the capacity, the text, in that order. */
  bad = model;
  bad.vocabulary = NULL;
  EXPECT_TOKENIZE_ERROR(&bad, "a", 1, 4, BEEX_ERROR_NO_TOKENIZER);
  EXPECT_TOKENIZE_ERROR(&bad, "\xFF", 1, 0, BEEX_ERROR_NO_TOKENIZER);
  EXPECT_TOKENIZE_ERROR(&model, "a", 1, 0, BEEX_ERROR_BUFFER_TOO_SMALL);
  EXPECT_TOKENIZE_ERROR(&model, "a", 1, 1, BEEX_ERROR_BUFFER_TOO_SMALL);
  EXPECT_TOKENIZE_ERROR(&model, "", 0, 1, BEEX_ERROR_BUFFER_TOO_SMALL);
  EXPECT_TOKENIZE_ERROR(&model, "\xFF", 1, 1, BEEX_ERROR_BUFFER_TOO_SMALL);
}

void test_tokenize_error_invalid_text(void) {
  beex_model model = model_with_vocabulary();
  static const struct {
    const char *what;
    const char *bytes;
    size_t size;
  } cases[] = {
      {"overlong NUL", "\xC0\x80", 2},
      {"overlong C1", "\xC1\xBF", 2},
      {"overlong 3 bytes", "\xE0\x80\x80", 3},
      {"overlong 3 bytes, top", "\xE0\x9F\xBF", 3},
      {"overlong 4 bytes", "\xF0\x80\x80\x80", 4},
      {"overlong 4 bytes, top", "\xF0\x8F\xBF\xBF", 4},
      {"surrogate D800", "\xED\xA0\x80", 3},
      {"surrogate DFFF", "\xED\xBF\xBF", 3},
      {"past U+10FFFF", "\xF4\x90\x80\x80", 4},
      {"lead F5", "\xF5\x80\x80\x80", 4},
      {"lead FF", "\xFF", 1},
      {"lone continuation", "\x80", 1},
      {"truncated 3 bytes", "\xE2\x82", 2},
      {"truncated 2 bytes", "\xC3", 1},
      {"truncated 4 bytes", "\xF0\x9F\x98", 3},
      {"ASCII instead of a continuation", "\xC3\x41", 2},
      {"lead instead of a continuation", "\xE2\xC3\xA9", 3},
      {"bad byte after valid text", "hello w\xC3\xA9rld \xE2\x82", 15},
      {"cut short by text_bytes", "\xC3\xA9", 1},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    int failures = beex_test_failures;
    EXPECT_TOKENIZE_ERROR(&model, cases[i].bytes, cases[i].size, MAX_IDS,
                          BEEX_ERROR_INVALID_TEXT);
    if (beex_test_failures != failures)
      printf("    (case '%s')\n", cases[i].what);
  }
  /* The edges of what is valid. */
  static const struct {
    const char *bytes;
    size_t size;
  } valid[] = {
      {"\x7F", 1},         {"\xC2\x80", 2},         {"\xDF\xBF", 2},
      {"\xE0\xA0\x80", 3}, {"\xED\x9F\xBF", 3},     {"\xEE\x80\x80", 3},
      {"\xEF\xBF\xBF", 3}, {"\xF0\x90\x80\x80", 4}, {"\xF4\x8F\xBF\xBF", 4},
  };
  for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); ++i) {
    int32_t ids[4];
    size_t length;
    CHECK_STATUS(
        beex_tokenize(&model, valid[i].bytes, valid[i].size, ids, 4, &length),
        BEEX_OK);
  }
}

/* Applies one corruption to the vocabulary of a valid descriptor. */
typedef void (*vocabulary_mutation)(beex_vocabulary *vocabulary);

static void fewer_pieces(beex_vocabulary *v) { --v->num_pieces; }
static void more_pieces(beex_vocabulary *v) { ++v->num_pieces; }
static void negative_unk(beex_vocabulary *v) { v->unk_id = -1; }
static void unk_past_end(beex_vocabulary *v) { v->unk_id = FAKE_VOCAB_SIZE; }
static void negative_cls(beex_vocabulary *v) { v->cls_id = INT32_MIN; }
static void cls_past_end(beex_vocabulary *v) { v->cls_id = FAKE_VOCAB_SIZE; }
static void negative_sep(beex_vocabulary *v) { v->sep_id = -1; }
static void sep_past_end(beex_vocabulary *v) { v->sep_id = INT32_MAX; }
static void null_offsets(beex_vocabulary *v) { v->offsets = NULL; }
static void null_sorted(beex_vocabulary *v) { v->sorted = NULL; }
static void null_bytes(beex_vocabulary *v) { v->bytes = NULL; }

void test_tokenize_error_bad_vocabulary(void) {
  static const struct {
    const char *what;
    vocabulary_mutation mutate;
  } cases[] = {
      {"num_pieces < vocab_size", fewer_pieces},
      {"num_pieces > vocab_size", more_pieces},
      {"unk_id < 0", negative_unk},
      {"unk_id = num_pieces", unk_past_end},
      {"cls_id < 0", negative_cls},
      {"cls_id = num_pieces", cls_past_end},
      {"sep_id < 0", negative_sep},
      {"sep_id > num_pieces", sep_past_end},
      {"offsets NULL", null_offsets},
      {"sorted NULL", null_sorted},
      {"bytes NULL", null_bytes},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    int failures = beex_test_failures;
    beex_vocabulary vocabulary = *fake_vocabulary();
    cases[i].mutate(&vocabulary);
    fixture f;
    fixture_init(&f);
    f.model.vocabulary = &vocabulary;
    CHECK_STATUS(beex_check_model(&f.model), BEEX_ERROR_BAD_MODEL);
    CHECK(beex_scratch_size(&f.model) == 0);
    EXPECT_TOKENIZE_ERROR(&f.model, "hello", 5, MAX_IDS, BEEX_ERROR_BAD_MODEL);
    /* A model with a broken vocabulary is broken for beex_run() too. */
    EXPECT_RUN_ERROR(&f, BEEX_ERROR_BAD_MODEL);
    if (beex_test_failures != failures)
      printf("    (case '%s')\n", cases[i].what);
  }
  /* The boundary values are fine. */
  beex_vocabulary vocabulary = *fake_vocabulary();
  vocabulary.unk_id = 0;
  vocabulary.cls_id = FAKE_VOCAB_SIZE - 1;
  beex_model model = fake_model_reset();
  model.vocabulary = &vocabulary;
  CHECK_STATUS(beex_check_model(&model), BEEX_OK);
}
