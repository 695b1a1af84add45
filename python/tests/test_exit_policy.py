# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""ExitPolicy on hand-made entropy and argmax sequences (docs/math.md §4)."""

import math
import unittest

import torch

from beex.config import normalize_config
from beex.exit_policy import ExitPolicy


def policy(kind, **values):
    """The normalized exit_policy of a 4-layer model."""
    config = {
        "model_type": "beexformer", "vocab_size": 2, "max_position_embeddings": 2, "hidden_size": 2,
        "num_attention_heads": 1, "intermediate_size": 2, "num_hidden_layers": 4, "num_labels": 3,
        "exit_policy": dict(type=kind, **values),
    }
    return normalize_config(config)["exit_policy"]


def run(exit_policy, entropies, argmaxes=None, **overrides):
    """(exit layer, decision margin) feeding layers min_layer, min_layer + 1, ..."""
    decider = ExitPolicy(exit_policy, 4, **overrides)
    argmaxes = argmaxes or [0] * len(entropies)
    for layer, (h, best) in enumerate(zip(entropies, argmaxes), start=exit_policy["min_layer"]):
        logits = torch.zeros(3, dtype=torch.float64)
        logits[best] = 1.0
        if decider.stop(layer, h, logits):
            return layer, decider.decision_margin
    raise AssertionError("layer 4 must always return")


class ExitPolicyTest(unittest.TestCase):
    def test_entropy_drop(self):
        drop = policy("entropy_drop", threshold=0.1)
        # r_2 = 0.5 (keep going), r_3 = 0.04 < 0.1 (stop).
        layer, margin = run(drop, [1.0, 0.5, 0.48, 0.1])
        self.assertEqual(layer, 3)
        self.assertAlmostEqual(margin, 0.06)
        self.assertEqual(run(drop, [1.0, 0.5, 0.3, 0.1])[0], 4)  # r = 0.5, 0.4, 0.67
        self.assertEqual(run(drop, [1.0, 1.2, 0.0, 0.0])[0], 2)  # rising entropy: r < 0
        self.assertEqual(run(drop, [1.0, 0.0, 0.0, 0.0])[0], 3)  # r_3 = 0 when H_2 = 0
        self.assertEqual(run(drop, [0.0, 0.0, 0.0, 0.0], threshold=0.0)[0], 4)  # 0 < 0 is false

    def test_entropy_drop_makes_no_decision_at_min_layer(self):
        late = policy("entropy_drop", threshold=0.1, min_layer=2)
        self.assertEqual(run(late, [0.0, 0.0, 0.0])[0], 3)
        layer, margin = run(late, [1.0, 0.95, 0.9])  # r_3 = 0.05
        self.assertEqual(layer, 3)
        self.assertAlmostEqual(margin, 0.05)

    def test_entropy_below(self):
        below = policy("entropy_below", threshold=0.5, min_layer=2)
        self.assertEqual(run(below, [0.4, 0.1, 0.0])[0], 2)  # may stop at min_layer
        self.assertEqual(run(below, [0.6, 0.5, 0.49])[0], 4)  # strict inequality
        layer, margin = run(below, [0.6, 0.7, 0.1])
        self.assertEqual(layer, 4)
        self.assertAlmostEqual(margin, 0.1)  # no decision at L

    def test_patience(self):
        patient = policy("patience", patience=2)
        self.assertEqual(run(patient, [1.0] * 4, [0, 1, 1, 1])[0], 4)
        self.assertEqual(run(patient, [1.0] * 4, [1, 1, 1, 2])[0], 3)
        self.assertEqual(run(patient, [1.0] * 4, [1, 1, 1, 2], patience=1)[0], 2)
        layer, margin = run(patient, [1.0] * 4, [2, 2, 2, 2])
        self.assertEqual((layer, margin), (3, 1.0))  # the gap of the logits seen

    def test_none_and_full_depth(self):
        self.assertEqual(run(policy("none"), [1.0, 0.0, 0.0, 0.0]), (4, math.inf))
        drop = policy("entropy_drop", threshold=0.1)
        self.assertEqual(run(drop, [1.0, 1.0, 1.0, 1.0], full_depth=True), (4, math.inf))
        below = policy("entropy_below", threshold=0.5)
        self.assertEqual(run(below, [0.4, 0.4, 0.4, 0.4], full_depth=True)[0], 4)

    def test_threshold_override(self):
        below = policy("entropy_below", threshold=0.5)
        self.assertEqual(run(below, [0.4, 0.3, 0.2, 0.1])[0], 1)
        self.assertEqual(run(below, [0.4, 0.3, 0.2, 0.1], threshold=0.25)[0], 3)

    def test_defaults(self):
        defaults = {"type": "entropy_drop", "threshold": 0.1, "min_layer": 1, "patience": 1}
        self.assertEqual(policy("entropy_drop"), defaults)


if __name__ == "__main__":
    unittest.main()
