# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Seeds 0..49 of random_checkpoint cover the whole config space, deterministically."""

import filecmp
import os
import tempfile
import unittest

from beex.config import ACTIVATIONS, EXIT_POLICIES, PATTERNS, POOLINGS, WEIGHT_SCALES, normalize_config
from beex.random_checkpoint import (
    random_alpha_overrides,
    random_config,
    random_dtype,
    random_tokens,
    write_random_checkpoint,
)

SEEDS = range(50)


class RandomConfigTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.raw = [random_config(seed) for seed in SEEDS]
        cls.configs = [normalize_config(raw) for raw in cls.raw]

    def values(self, get):
        return {get(config) for config in self.configs}

    def assertCovers(self, get, wanted):
        missing = set(wanted) - self.values(get)
        self.assertFalse(missing, f"never generated: {sorted(map(str, missing))}")

    def test_categories(self):
        self.assertCovers(lambda c: c["activations"], ACTIVATIONS)
        self.assertCovers(lambda c: c["weight_scale"], WEIGHT_SCALES)
        self.assertCovers(lambda c: c["attention_pattern"]["type"], PATTERNS)
        self.assertCovers(lambda c: c["pooling"], POOLINGS)
        self.assertCovers(lambda c: c["exit_policy"]["type"], EXIT_POLICIES)
        self.assertCovers(lambda c: c["share_block_weights"], (True, False))
        self.assertCovers(lambda c: c["embedding_layer_norm"], (True, False))

    def test_pattern_edges(self):
        pattern = lambda c: c["attention_pattern"]  # noqa: E731
        self.assertIn(0, self.values(lambda c: pattern(c).get("window")))
        self.assertIn(1, self.values(lambda c: pattern(c).get("stride")))
        self.assertIn(1, self.values(lambda c: pattern(c).get("block")))
        self.assertIn(0, self.values(lambda c: pattern(c).get("band")))
        blocks = self.values(lambda c: tuple(pattern(c).get("global", ("n/a",))))
        self.assertIn((), blocks)
        self.assertTrue(any(b and b != ("n/a",) for b in blocks), "no non-empty global list")
        raw_patterns = [raw.get("attention_pattern", {}) for raw in self.raw]
        self.assertTrue(any(p.get("type") == "block_sparse" and "global" not in p for p in raw_patterns))

    def test_sizes(self):
        self.assertCovers(lambda c: c["hidden_size"], (24, 40, 72, 100))
        self.assertTrue(any(c["intermediate_size"] % 2 for c in self.configs), "no odd F")
        self.assertIn(1, self.values(lambda c: c["num_attention_heads"]))
        self.assertIn(1, self.values(lambda c: c["num_hidden_layers"]))
        self.assertCovers(lambda c: c["num_labels"], range(2, 6))
        for c in self.configs:
            self.assertLessEqual(c["vocab_size"], 300)
            self.assertLessEqual(c["max_position_embeddings"], 64)
            self.assertLessEqual(c["hidden_size"], 128)
            self.assertLessEqual(c["intermediate_size"], 160)
            self.assertLessEqual(c["num_hidden_layers"], 4)

    def test_exit_policies(self):
        self.assertTrue(any(c["exit_policy"]["min_layer"] > 1 for c in self.configs))
        for kind in ("entropy_drop", "entropy_below"):
            thresholds = {c["exit_policy"]["threshold"] for c in self.configs if c["exit_policy"]["type"] == kind}
            self.assertGreater(len(thresholds), 3, kind)
        self.assertGreater(len(self.values(lambda c: c["exit_policy"]["patience"])), 1)
        self.assertTrue(any("exit_policy" not in raw for raw in self.raw), "default policy never used")

    def test_storage(self):
        self.assertEqual({random_dtype(seed) for seed in SEEDS}, {"F32", "F16", "BF16"})
        shapes = set()
        for seed, raw in zip(SEEDS, self.raw):
            for name, alpha in random_alpha_overrides(raw, seed).items():
                shapes.add("[1]" if alpha.shape == (1,) else "[out]")
        self.assertEqual(shapes, {"[1]", "[out]"})

    def test_tokens(self):
        for seed, config in zip(SEEDS, self.configs):
            inputs = random_tokens(config, seed, 4)
            lengths = [len(tokens) for tokens in inputs]
            self.assertEqual(len(inputs), 4)
            self.assertIn(1, lengths)
            self.assertIn(config["max_position_embeddings"], lengths)
            self.assertTrue(all(0 <= t < config["vocab_size"] for tokens in inputs for t in tokens))

    def test_deterministic(self):
        with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
            for seed in (3, 4):
                write_random_checkpoint(seed, first)
                write_random_checkpoint(seed, second)
                for name in ("config.json", "model.safetensors"):
                    self.assertTrue(filecmp.cmp(os.path.join(first, name), os.path.join(second, name), shallow=False))
        self.assertEqual(random_tokens(self.configs[5], 5, 3), random_tokens(self.configs[5], 5, 3))


if __name__ == "__main__":
    unittest.main()
