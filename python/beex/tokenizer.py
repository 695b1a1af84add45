# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""WordPiece tokenization as bert-base-uncased does it, over a (trimmed) vocabulary.

Basic tokenization: drop control characters, turn whitespace into spaces,
lower-case, strip accents (NFD, drop combining marks), split on whitespace and
punctuation, put CJK characters apart. Then each word is split greedily into
the longest pieces of the vocabulary, continuation pieces prefixed "##"; a
word that cannot be covered, or is longer than 100 characters, becomes
[UNK]. A sequence is [CLS] pieces [SEP].

Trimming keeps the special tokens and the pieces the training data uses, in
the vocabulary's order. Tokenizing with the trimmed vocabulary is the
definition from then on: a word of new text is split greedily over the kept
pieces, and maps to [UNK] when they cannot cover it.
"""

import unicodedata

SPECIALS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]")
MAX_WORD_CHARS = 100


def _is_punctuation(ch):
    code = ord(ch)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(code):
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2A6DF
            or 0x2A700 <= code <= 0x2B73F or 0x2B740 <= code <= 0x2B81F or 0x2B820 <= code <= 0x2CEAF
            or 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F)


def basic_words(text):
    """The words of `text` after cleaning, lower-casing and accent stripping."""
    cleaned = []
    for ch in text:
        code = ord(ch)
        if code == 0 or code == 0xFFFD:
            continue
        if ch in " \t\n\r" or unicodedata.category(ch) == "Zs":
            cleaned.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf"):
            continue
        elif _is_cjk(code):
            cleaned.append(f" {ch} ")
        else:
            cleaned.append(ch)
    words = []
    for word in "".join(cleaned).split():
        word = unicodedata.normalize("NFD", word.lower())
        word = "".join(ch for ch in word if unicodedata.category(ch) != "Mn")
        current = ""
        for ch in word:
            if _is_punctuation(ch):
                if current:
                    words.append(current)
                words.append(ch)
                current = ""
            else:
                current += ch
        if current:
            words.append(current)
    return words


class WordPiece:
    def __init__(self, pieces):
        self.pieces = list(pieces)
        self.ids = {piece: i for i, piece in enumerate(self.pieces)}
        self.unk = self.ids["[UNK]"]

    @classmethod
    def from_file(cls, path):
        with open(path, encoding="utf-8") as f:
            return cls(line.rstrip("\n") for line in f)

    def word_pieces(self, word):
        """Greedy longest-match-first pieces of one word, or [UNK]."""
        if len(word) > MAX_WORD_CHARS:
            return [self.unk]
        ids, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    ids.append(self.ids[piece])
                    break
                end -= 1
            if end == start:
                return [self.unk]
            start = end
        return ids

    def encode(self, text, max_length=None):
        """[CLS] pieces [SEP], truncated to max_length ids."""
        ids = [self.ids["[CLS]"]]
        for word in basic_words(text):
            ids.extend(self.word_pieces(word))
        ids.append(self.ids["[SEP]"])
        if max_length and len(ids) > max_length:
            ids = ids[: max_length - 1] + [self.ids["[SEP]"]]
        return ids

    def trimmed(self, texts):
        """The vocabulary cut to the specials and the pieces `texts` use."""
        used = set()
        for text in texts:
            used.update(self.encode(text))
        keep = [p for p in SPECIALS] + [p for i, p in enumerate(self.pieces)
                                        if i in used and p not in SPECIALS]
        return WordPiece(keep)
