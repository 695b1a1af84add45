# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""WordPiece tokenization: basic splitting, greedy pieces, [UNK], trimming."""

import os
import unittest

from beex.tokenizer import WordPiece, basic_words

SHARED_VOCAB = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data",
                            "vocab", "bert-base-uncased", "vocab.txt")


class BasicWordsTest(unittest.TestCase):
    def test_lowercase_accents_punctuation(self):
        self.assertEqual(basic_words("Café, NAÏVE!\tit's"),
                         ["cafe", ",", "naive", "!", "it", "'", "s"])

    def test_control_characters_and_cjk(self):
        self.assertEqual(basic_words("a\x00b\u200bc 中文"), ["abc", "中", "文"])


class WordPieceTest(unittest.TestCase):
    def setUp(self):
        self.vocab = WordPiece(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##fl", "##inch",
                                "##ing", "##ly", "fun", "!", "x"])

    def test_greedy_longest_match(self):
        self.assertEqual(self.vocab.encode("Unflinchingly fun!"), [2, 4, 5, 6, 7, 8, 9, 10, 3])

    def test_uncovered_word_is_unk(self):
        self.assertEqual(self.vocab.encode("funny"), [2, 1, 3])
        self.assertEqual(self.vocab.encode("x" * 101), [2, 1, 3])

    def test_truncation_keeps_sep(self):
        self.assertEqual(self.vocab.encode("fun fun fun", max_length=3), [2, 9, 3])

    def test_trimmed_keeps_specials_then_used_pieces_in_order(self):
        trimmed = self.vocab.trimmed(["fun !"])
        self.assertEqual(trimmed.pieces, ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "fun", "!"])


@unittest.skipUnless(os.path.exists(SHARED_VOCAB), "bert-base-uncased vocabulary not present")
class BertVocabularyTest(unittest.TestCase):
    def test_matches_bert_base_uncased(self):
        vocab = WordPiece.from_file(SHARED_VOCAB)
        pieces = [vocab.pieces[i] for i in vocab.encode("unflinchingly bleak and desperate")]
        self.assertEqual(pieces, ["[CLS]", "un", "##fl", "##in", "##ching", "##ly", "bleak",
                                  "and", "desperate", "[SEP]"])


if __name__ == "__main__":
    unittest.main()
