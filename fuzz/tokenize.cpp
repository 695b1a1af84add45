//===- tokenize.cpp - Fuzzing the C runtime's beex_tokenize ---------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Input: one byte that picks the capacity of the id array (its value modulo
// 81: 0 to 80), one byte that picks the vocabulary (modulo 3), then the text.
// Inputs shorter than two bytes are text alone, with capacity 80 and the main
// vocabulary. The seeds (fuzz/corpus/tokenize/, written by make_corpus.py)
// start with "P0", "P1" or "P2": capacity 80, vocabulary 0, 1 or 2.
//
// The vocabularies are built at startup, as beexc would emit them (pieces in
// id order, their offsets, the ids sorted by the pieces' unsigned bytes):
//
//   0. the specials first, then a few hundred pieces: ASCII letters, digits
//      and punctuation with their "##" forms, words and word endings, long
//      runs of "a", and non-ASCII pieces (Greek, Cyrillic, CJK, Hangul jamo,
//      a surviving combining mark, emoji, and pieces mixing ASCII with bytes
//      >= 0x80, whose place in the sorted table depends on comparing bytes
//      unsigned);
//   1. the same pieces in another order, the specials last;
//   2. seven pieces, so that most words are [UNK].
//
// The text and the id array end right before a PROT_NONE page, so reading
// past text_bytes or writing past capacity faults even where no sanitizer
// looks. The checks:
//
// - the status is BEEX_ERROR_BUFFER_TOO_SMALL iff the capacity is below 2,
//   else BEEX_ERROR_INVALID_TEXT iff the text is not strict UTF-8 (by a
//   validator of its own here), else BEEX_OK; on error nothing is written
//   (neither the ids nor the length);
// - a result is [CLS], ids in [0, num_pieces) that are neither [CLS] nor
//   [SEP] (their pieces contain brackets, which are punctuation, and upper
//   case letters, which are folded: no text can spell them), then [SEP]; at
//   most two ids more than the text has bytes (no code point folds to more
//   code points than it has UTF-8 bytes, and each id takes at least one);
// - a smaller capacity c cuts the full result to its first c - 1 ids and
//   [SEP], as BERT's max_length does; a second call gives the same ids;
// - on ASCII text, the result is what a plain WordPiece tokenizer written
//   here from python/beex/tokenizer.py's rules computes;
// - vocabularies 0 and 1 give the same pieces (ids are only names);
// - the first k bytes of the text, for any k, tokenize the same in place as
//   copied to the end of a buffer (nothing past text_bytes is read), and a
//   text split at a code point with a space inserted tokenizes as its two
//   halves one after the other.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "beex/runtime.h"
#include "vocabulary_tables.h"

#include "llvm/ADT/StringMap.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <random>
#include <string>
#include <vector>

namespace {
using beex::fuzz::fail;
using beex::fuzz::GuardedArena;

/// The longest text an input may carry; longer ones are skipped (libFuzzer
/// runs with -max_len=65536 in scripts/fuzz.sh).
constexpr size_t kMaxText = size_t(1) << 18;
constexpr size_t kMaxCapacity = 80;
constexpr int32_t kSentinel = -0x5EE;
constexpr size_t kLengthSentinel = 0xDEADBEEF;

int32_t stubForward(const int32_t *, int64_t, void *, float, int64_t, int32_t,
                    float *, float *, void *) {
  return 1;
}
void stubTask(const int32_t *, int64_t, void *, int64_t, int64_t, int64_t) {}

/// A vocabulary as beexc emits it, and a descriptor that points to it.
struct Vocabulary {
  std::vector<std::string> pieces;
  llvm::StringMap<int32_t> ids;
  std::vector<uint32_t> offsets, sorted;
  std::string bytes;
  beex_vocabulary tables;
  beex_model model;

  // The tables and the descriptor point into the object itself.
  Vocabulary(const Vocabulary &) = delete;
  Vocabulary &operator=(const Vocabulary &) = delete;

  explicit Vocabulary(std::vector<std::string> list) : pieces(std::move(list)) {
    offsets.push_back(0);
    for (const std::string &piece : pieces) {
      if (piece.empty() || !ids.try_emplace(piece, int32_t(ids.size())).second)
        fail("fuzz vocabulary: empty or repeated piece '" + piece + "'");
      bytes += piece;
      offsets.push_back(uint32_t(bytes.size()));
    }
    sorted.resize(pieces.size());
    vocabulary_tables_fill(bytes.data(), offsets.data(), uint32_t(pieces.size()),
                           sorted.data(), &tables);

    model.abi_version = BEEX_ABI_VERSION;
    model.flags = 0;
    model.name = "fuzz_tokenize";
    model.vocab_size = int64_t(pieces.size());
    model.max_positions = int64_t(kMaxCapacity);
    model.num_labels = 2;
    model.num_layers = 1;
    model.min_layer = 1;
    model.exit_policy = BEEX_EXIT_NONE;
    model.threshold = 0.0f;
    model.patience = 1;
    model.scratch_size = 0;
    model.forward = stubForward;
    model.vocabulary = &tables;
    model.task = stubTask;
    if (beex_check_model(&model) != BEEX_OK)
      fail("beex_check_model rejects a fuzz vocabulary");
  }
};

std::vector<std::string> mainPieces() {
  std::vector<std::string> pieces = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
  for (char c = 'a'; c <= 'z'; ++c) {
    pieces.push_back(std::string(1, c));
    pieces.push_back("##" + std::string(1, c));
  }
  for (char c = '0'; c <= '9'; ++c) {
    pieces.push_back(std::string(1, c));
    pieces.push_back("##" + std::string(1, c));
  }
  // Not all punctuation: "$", "@", "%", "^", "|", "~" and "`" are [UNK].
  for (const char *p : {".", ",", "!", "?", "'", "\"", "(", ")", "-", ":", ";",
                        "/", "&", "*", "#", "[", "]", "{", "}", "<", ">", "=",
                        "+", "_", "\\"})
    pieces.push_back(p);
  for (const char *p :
       {"the", "a", "an", "movie", "film", "is", "was", "it", "its", "this",
        "that", "and", "but", "not", "no", "of", "to", "in", "with", "for",
        "on", "as", "good", "bad", "great", "best", "worst", "fun", "funny",
        "boring", "dull", "love", "hate", "story", "plot", "acting", "actor",
        "director", "character", "one", "all", "too", "very", "more", "most",
        "so", "just", "be", "by", "hello", "world", "cafe", "naive", "resume",
        "un", "re", "th", "he", "in", "er", "an", "on", "at", "en", "nd", "st",
        "##want", "##ed", "##ing", "##s", "##ly", "##er", "##est", "##ness",
        "##able", "##th", "##he", "##in", "##er", "##an", "##re", "##on",
        "##at", "##en", "##nd", "##st", "##es", "##or", "##te", "##ti", "##ion",
        "##tion", "##ment", "##ful", "##less", "##y", "##ie", "##ies",
        "aaaaaaaaaa", "##aaaaaaaaaa", "##aa", "##", "###", "##-", "##.",
        // Non-ASCII. Accents are stripped before the search, so "é" and
        // "caf\xC3\xA9" can never match, but they sit in the sorted table.
        "\xC3\xA9", "##\xC3\xA9", "caf\xC3\xA9",
        // "aø", "ø" and "##øa" match only if the search compares bytes as
        // the table is sorted: unsigned, 0xC3 after 'z'.
        "a\xC3\xB8", "\xC3\xB8", "##\xC3\xB8", "##\xC3\xB8" "a", "z\xC3\xB8",
        "\xC3\x9F", "##\xC3\x9F", "\xC3\xA6", "\xC4\xB1", "\xC7\x86",
        "\xCF\x83", "##\xCF\x83", "\xCF\x82", "\xCE\xB1", "##\xCE\xB1",
        "\xCE\xBB", "##\xCE\xBB", "\xCF\x89", "\xCE\xBA\xCE\xB1\xCE\xBB\xCE\xB7",
        "\xD0\xB6", "##\xD0\xB6", "\xD0\xBA", "##\xD0\xB8", "##\xD0\xBD",
        "##\xD0\xBE", "\xD0\xBA\xD0\xB8\xD0\xBD\xD0\xBE",
        // CJK ideographs (words of their own), Hangul jamo (syllables fold
        // to them), fullwidth letters (no canonical decomposition).
        "\xE6\x97\xA5", "\xE6\x9C\xAC", "\xE8\xAA\x9E", "\xE6\x98\xA0",
        "\xE7\x94\xBB", "\xE1\x84\x80", "##\xE1\x85\xA1", "##\xE1\x86\xA8",
        "\xE1\x84\x82", "##\xE1\x85\xB5", "\xEF\xBD\x88", "##\xEF\xBD\x89",
        // U+1D165 (class 216) and U+1D16D (class 226) survive the fold; NFD
        // puts 216 first whatever the text's order.
        "\xF0\x9D\x85\xA5", "##\xF0\x9D\x85\xA5",
        "##\xF0\x9D\x85\xA5\xF0\x9D\x85\xAD",
        // Punctuation and symbols beyond ASCII, an emoji.
        "\xE2\x80\xA6", "\xE2\x80\x94", "\xC2\xAB", "\xC2\xBB", "\xC2\xBF",
        "\xC2\xA1", "\xE2\x82\xAC", "##\xE2\x82\xAC", "\xF0\x9F\x98\x80",
        "##\xF0\x9F\x98\x80", "\xF0\x9F\x8E\xAC"})
    pieces.push_back(p);
  // Dedupe: the bigram list repeats some words above.
  std::vector<std::string> unique;
  llvm::StringMap<bool> seen;
  for (std::string &piece : pieces)
    if (seen.try_emplace(piece, true).second)
      unique.push_back(std::move(piece));
  return unique;
}

std::deque<Vocabulary> &vocabularies() {
  static std::deque<Vocabulary> *all = [] {
    auto *all = new std::deque<Vocabulary>(); // never moves its elements
    std::vector<std::string> pieces = mainPieces();
    all->emplace_back(pieces);
    // The same pieces shuffled (a fixed seed), the specials last.
    std::vector<std::string> others(pieces.begin() + 5, pieces.end());
    std::mt19937 random(20240607);
    std::shuffle(others.begin(), others.end(), random);
    for (const char *special : {"[SEP]", "[MASK]", "[CLS]", "[UNK]", "[PAD]"})
      others.push_back(special);
    all->emplace_back(others);
    all->emplace_back(std::vector<std::string>{"##a", "[SEP]", "a", "[UNK]",
                                               "b", "[CLS]", "ab"});
    return all;
  }();
  return *all;
}

GuardedArena &textArena() {
  static GuardedArena arena(kMaxText);
  return arena;
}
GuardedArena &copyArena() {
  static GuardedArena arena(2 * kMaxText + 1);
  return arena;
}
GuardedArena &idArena() {
  static GuardedArena arena((kMaxText * 2 + 3) * sizeof(int32_t));
  return arena;
}

/// Strict UTF-8 by Unicode's Table 3-7 (well-formed byte sequences), byte
/// ranges rather than decoding: no overlong forms, no surrogates, nothing
/// past U+10FFFF, no sequence cut short.
bool isStrictUtf8(const uint8_t *s, size_t n) {
  size_t i = 0;
  auto in = [&](size_t at, uint8_t low, uint8_t high) {
    return at < n && s[at] >= low && s[at] <= high;
  };
  while (i < n) {
    uint8_t b = s[i];
    if (b <= 0x7F) {
      i += 1;
    } else if (b >= 0xC2 && b <= 0xDF) {
      if (!in(i + 1, 0x80, 0xBF))
        return false;
      i += 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      uint8_t low = b == 0xE0 ? 0xA0 : 0x80, high = b == 0xED ? 0x9F : 0xBF;
      if (!in(i + 1, low, high) || !in(i + 2, 0x80, 0xBF))
        return false;
      i += 3;
    } else if (b >= 0xF0 && b <= 0xF4) {
      uint8_t low = b == 0xF0 ? 0x90 : 0x80, high = b == 0xF4 ? 0x8F : 0xBF;
      if (!in(i + 1, low, high) || !in(i + 2, 0x80, 0xBF) ||
          !in(i + 3, 0x80, 0xBF))
        return false;
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

struct Result {
  beex_status status;
  std::vector<int32_t> ids;
  bool operator==(const Result &other) const {
    return status == other.status && ids == other.ids;
  }
};

std::string describe(const Vocabulary &vocabulary, const std::vector<int32_t> &ids) {
  std::string text;
  for (int32_t id : ids) {
    text += text.empty() ? "" : " ";
    text += id >= 0 && size_t(id) < vocabulary.pieces.size()
                ? vocabulary.pieces[id]
                : "<" + std::to_string(id) + ">";
  }
  return text;
}

/// Tokenizes `size` bytes at `text` into `capacity` ids that end at the
/// guard page, filled with `sentinel` first. Checks that an error writes
/// nothing; returns the ids written.
Result tokenize(const Vocabulary &vocabulary, const char *text, size_t size,
                size_t capacity, int32_t sentinel = kSentinel) {
  int32_t *ids = reinterpret_cast<int32_t *>(
      idArena().tail(capacity * sizeof(int32_t), alignof(int32_t)));
  std::fill(ids, ids + capacity, sentinel);
  size_t length = kLengthSentinel;
  beex_status status =
      beex_tokenize(&vocabulary.model, text, size, ids, capacity, &length);
  Result result{status, {}};
  if (status != BEEX_OK) {
    if (length != kLengthSentinel ||
        std::any_of(ids, ids + capacity, [&](int32_t id) { return id != sentinel; }))
      fail(llvm::Twine("beex_tokenize failed (") + beex_status_message(status) +
           ") but wrote its outputs");
    return result;
  }
  // Success may leave anything past the length: a word that turns out to be
  // [UNK] takes back the pieces it had written there.
  if (length > capacity)
    fail("beex_tokenize returned a length past the capacity");
  result.ids.assign(ids, ids + length);
  return result;
}

/// The same, with the text copied to end at a guard page of its own.
Result tokenizeCopy(const Vocabulary &vocabulary, const std::string &text,
                    size_t capacity) {
  char *copy = copyArena().tail(text.size());
  std::memcpy(copy, text.data(), text.size());
  return tokenize(vocabulary, copy, text.size(), capacity);
}

/// [CLS], pieces that are neither [CLS] nor [SEP], [SEP].
void checkShape(const Vocabulary &vocabulary, const Result &result,
                size_t capacity) {
  const beex_vocabulary &v = vocabulary.tables;
  const std::vector<int32_t> &ids = result.ids;
  if (ids.size() < 2 || ids.size() > capacity)
    fail("beex_tokenize returned " + llvm::Twine(ids.size()) +
         " ids for a capacity of " + llvm::Twine(capacity));
  if (ids.front() != v.cls_id || ids.back() != v.sep_id)
    fail("the ids do not start with [CLS] and end with [SEP]: " +
         describe(vocabulary, ids));
  for (size_t i = 1; i + 1 < ids.size(); ++i)
    if (ids[i] < 0 || uint32_t(ids[i]) >= v.num_pieces || ids[i] == v.cls_id ||
        ids[i] == v.sep_id)
      fail("id " + llvm::Twine(i) + " is out of range or a [CLS] or [SEP]: " +
           describe(vocabulary, ids));
}

/// python/beex/tokenizer.py on ASCII text: drop control characters, split
/// at whitespace and punctuation, lower-case, then WordPiece.
std::vector<int32_t> referenceAscii(const Vocabulary &vocabulary,
                                    llvm::StringRef text) {
  const beex_vocabulary &v = vocabulary.tables;
  std::vector<int32_t> ids = {v.cls_id};
  auto wordPieces = [&](const std::string &word) {
    if (word.empty())
      return;
    if (word.size() > 100) {
      ids.push_back(v.unk_id);
      return;
    }
    std::vector<int32_t> pieces;
    for (size_t start = 0; start < word.size();) {
      size_t end = word.size();
      int32_t id = -1;
      for (; end > start; --end) {
        std::string piece = (start ? "##" : "") + word.substr(start, end - start);
        auto found = vocabulary.ids.find(piece);
        if (found != vocabulary.ids.end()) {
          id = found->second;
          break;
        }
      }
      if (id < 0) {
        ids.push_back(v.unk_id);
        return;
      }
      pieces.push_back(id);
      start = end;
    }
    ids.insert(ids.end(), pieces.begin(), pieces.end());
  };
  std::string word;
  for (unsigned char c : text) {
    bool punctuation = (c >= 33 && c <= 47) || (c >= 58 && c <= 64) ||
                       (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      wordPieces(word);
      word.clear();
    } else if (c < 0x20 || c == 0x7F) {
      continue;
    } else if (punctuation) {
      wordPieces(word);
      word.clear();
      wordPieces(std::string(1, char(c)));
    } else {
      word += char(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
  }
  wordPieces(word);
  ids.push_back(v.sep_id);
  return ids;
}

/// The ids between [CLS] and [SEP].
std::vector<int32_t> middle(const Result &result) {
  return std::vector<int32_t>(result.ids.begin() + 1, result.ids.end() - 1);
}

void fuzzText(size_t capacity, size_t variant, const uint8_t *data, size_t size) {
  const std::deque<Vocabulary> &all = vocabularies();
  const Vocabulary &vocabulary = all[variant];
  char *text = textArena().tail(size);
  std::memcpy(text, data, size);
  bool valid = isStrictUtf8(data, size);
  std::string what = "(text of " + std::to_string(size) + " bytes, capacity " +
                     std::to_string(capacity) + ", vocabulary " +
                     std::to_string(variant) + ")";

  // The fuzzed capacity, the ids right before the guard page.
  Result small = tokenize(vocabulary, text, size, capacity);
  beex_status expected = capacity < 2 ? BEEX_ERROR_BUFFER_TOO_SMALL
                         : !valid     ? BEEX_ERROR_INVALID_TEXT
                                      : BEEX_OK;
  if (small.status != expected)
    fail(llvm::Twine("beex_tokenize returned ") +
         beex_status_message(small.status) + ", expected " +
         beex_status_message(expected) + " " + what);

  // Room for every id: no code point folds to more code points than its
  // UTF-8 bytes, and every id but [CLS] and [SEP] takes at least one.
  size_t room = size + 3;
  Result full = tokenize(vocabulary, text, size, room);
  if (full.status != (valid ? BEEX_OK : BEEX_ERROR_INVALID_TEXT))
    fail(llvm::Twine("with room for every id, beex_tokenize returned ") +
         beex_status_message(full.status) + " " + what);

  // A prefix of the text: the bytes past it must not count.
  size_t cut = size_t(beex::fuzz::hashBytes(data, size) % (size + 1));
  std::string head(text, cut), tail(text + cut, size - cut);
  Result inPlace = tokenize(vocabulary, text, cut, room);
  Result copied = tokenizeCopy(vocabulary, head, room);
  if (!(inPlace == copied))
    fail("the first " + llvm::Twine(cut) +
         " bytes tokenize differently in place and copied " + what);
  if (!valid)
    return;

  checkShape(vocabulary, full, room);
  if (full.ids.size() > size + 2)
    fail("more ids than the text has bytes, plus 2 " + what);
  if (small.status == BEEX_OK) {
    checkShape(vocabulary, small, capacity);
    std::vector<int32_t> want = full.ids;
    if (want.size() > capacity) {
      want.resize(capacity - 1);
      want.push_back(vocabulary.tables.sep_id);
    }
    if (small.ids != want)
      fail("capacity " + llvm::Twine(capacity) + " gives " +
           describe(vocabulary, small.ids) + ", not the full result cut: " +
           describe(vocabulary, want));
    if (!(tokenize(vocabulary, text, size, capacity, ~kSentinel) == small))
      fail("a second call gives other ids " + what);
  }

  if (std::all_of(data, data + size, [](uint8_t c) { return c < 0x80; })) {
    std::vector<int32_t> want =
        referenceAscii(vocabulary, llvm::StringRef(text, size));
    if (full.ids != want)
      fail("on ASCII text beex_tokenize gives " + describe(vocabulary, full.ids) +
           ", the reference " + describe(vocabulary, want));
  }

  if (variant < 2) {
    const Vocabulary &other = all[1 - variant];
    Result renamed = tokenize(other, text, size, room);
    if (renamed.status != BEEX_OK ||
        describe(other, renamed.ids) != describe(vocabulary, full.ids))
      fail("the same pieces in another order give other pieces: " +
           describe(vocabulary, full.ids) + " and " +
           describe(other, renamed.ids));
  }

  // Split at a code point boundary, a space between: two texts in a row.
  while (cut < size && (uint8_t(text[cut]) & 0xC0) == 0x80)
    ++cut;
  head.assign(text, cut);
  tail.assign(text + cut, size - cut);
  Result first = tokenizeCopy(vocabulary, head, head.size() + 3);
  Result second = tokenizeCopy(vocabulary, tail, tail.size() + 3);
  Result joined = tokenizeCopy(vocabulary, head + " " + tail, size + 4);
  if (first.status != BEEX_OK || second.status != BEEX_OK ||
      joined.status != BEEX_OK)
    fail("a valid text split at a code point is not valid " + what);
  std::vector<int32_t> want = middle(first), rest = middle(second);
  want.insert(want.end(), rest.begin(), rest.end());
  if (middle(joined) != want)
    fail("split at byte " + llvm::Twine(cut) + " with a space, the text gives " +
         describe(vocabulary, middle(joined)) + ", its halves " +
         describe(vocabulary, want));
}

/// The checks beex_tokenize makes before it reads the text, once.
void checkArguments() {
  const Vocabulary &vocabulary = vocabularies()[0];
  const beex_model *model = &vocabulary.model;
  int32_t ids[4];
  size_t length = kLengthSentinel;
  struct Case {
    const beex_model *model;
    const char *text;
    size_t size;
    int32_t *ids;
    size_t capacity;
    size_t *length;
    beex_status expected;
  } cases[] = {
      {nullptr, "a", 1, ids, 4, &length, BEEX_ERROR_NULL_ARGUMENT},
      {model, nullptr, 1, ids, 4, &length, BEEX_ERROR_NULL_ARGUMENT},
      {model, "a", 1, nullptr, 4, &length, BEEX_ERROR_NULL_ARGUMENT},
      {model, "a", 1, ids, 4, nullptr, BEEX_ERROR_NULL_ARGUMENT},
      {model, nullptr, 0, ids, 1, &length, BEEX_ERROR_BUFFER_TOO_SMALL},
      {model, "\xC3", 1, ids, 1, &length, BEEX_ERROR_BUFFER_TOO_SMALL},
      {model, "\xC3", 1, ids, 2, &length, BEEX_ERROR_INVALID_TEXT},
  };
  for (const Case &c : cases) {
    beex_status status =
        beex_tokenize(c.model, c.text, c.size, c.ids, c.capacity, c.length);
    if (status != c.expected)
      fail(llvm::Twine("beex_tokenize returned ") + beex_status_message(status) +
           ", expected " + beex_status_message(c.expected));
  }
  if (length != kLengthSentinel)
    fail("a failed beex_tokenize wrote the length");
  // No text at all is [CLS] [SEP].
  if (beex_tokenize(model, nullptr, 0, ids, 2, &length) != BEEX_OK ||
      length != 2 || ids[0] != vocabulary.tables.cls_id ||
      ids[1] != vocabulary.tables.sep_id)
    fail("a NULL text of 0 bytes is not [CLS] [SEP]");
  // A model without a vocabulary, or with one the checks reject.
  beex_model bare = *model;
  bare.vocabulary = nullptr;
  if (beex_tokenize(&bare, "a", 1, ids, 4, &length) != BEEX_ERROR_NO_TOKENIZER)
    fail("a model without a vocabulary tokenizes");
  beex_vocabulary shorter = vocabulary.tables;
  shorter.num_pieces -= 1;
  beex_model bad = *model;
  bad.vocabulary = &shorter;
  if (beex_tokenize(&bad, "a", 1, ids, 4, &length) != BEEX_ERROR_BAD_MODEL)
    fail("a vocabulary of the wrong size tokenizes");
  bad.abi_version = 1;
  if (beex_tokenize(&bad, "a", 1, ids, 4, &length) != BEEX_ERROR_ABI_MISMATCH)
    fail("a model of another ABI version tokenizes");
}
} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  (void)vocabularies();
  checkArguments();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  size_t capacity = kMaxCapacity, variant = 0;
  if (size >= 2) {
    capacity = data[0] % (kMaxCapacity + 1);
    variant = data[1] % 3;
    data += 2;
    size -= 2;
  }
  if (size > kMaxText)
    return 0;
  fuzzText(capacity, variant, data, size);
  return 0;
}
