# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""allowed_mask against the formulas of docs/math.md §3.3, entry by entry."""

import unittest

from beex.attention import allowed_mask

LENGTH = 11


def sees(pattern, i, j):
    """docs/math.md §3.3's table, literally."""
    if i == j:
        return True
    kind = pattern["type"]
    if kind == "dense":
        return True
    if kind == "local":
        return abs(i - j) <= pattern["window"]
    if kind == "strided":
        s = pattern["stride"]
        return abs(i - j) < s or (i - j) % s == 0
    b = pattern["block"]
    return abs(i // b - j // b) <= pattern["band"] or i // b in pattern["global"] or j // b in pattern["global"]


PATTERNS = [
    {"type": "dense"},
    {"type": "local", "window": 0},
    {"type": "local", "window": 2},
    {"type": "local", "window": 20},
    {"type": "strided", "stride": 1},
    {"type": "strided", "stride": 3},
    {"type": "strided", "stride": 12},
    {"type": "block_sparse", "block": 1, "band": 0, "global": []},
    {"type": "block_sparse", "block": 3, "band": 0, "global": []},
    {"type": "block_sparse", "block": 2, "band": 1, "global": [4]},
    {"type": "block_sparse", "block": 4, "band": 0, "global": [0, 2]},
]


class AttentionMaskTest(unittest.TestCase):
    def test_patterns_match_the_spec(self):
        for pattern in PATTERNS:
            for length in (1, 2, LENGTH):
                with self.subTest(pattern=pattern, length=length):
                    mask = allowed_mask(pattern, length).tolist()
                    expected = [[sees(pattern, i, j) for j in range(length)] for i in range(length)]
                    self.assertEqual(mask, expected)

    def test_a_few_entries_by_hand(self):
        strided = allowed_mask({"type": "strided", "stride": 3}, 8)
        self.assertEqual([j for j in range(8) if strided[6, j]], [0, 3, 4, 5, 6, 7])
        block = allowed_mask({"type": "block_sparse", "block": 2, "band": 0, "global": [3]}, 8)
        self.assertEqual([j for j in range(8) if block[0, j]], [0, 1, 6, 7])
        self.assertTrue(block[6, 2])  # query block 3 is global
        local = allowed_mask({"type": "local", "window": 0}, 4)
        self.assertEqual(local.int().tolist(), [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])


if __name__ == "__main__":
    unittest.main()
