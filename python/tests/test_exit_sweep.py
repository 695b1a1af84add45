# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Replaying exit policies over batched full-depth outputs must stop where
running the model one sequence at a time with early exit stops."""

import unittest

import torch

from beex.exit_sweep import choose_policy, evaluate, exit_outputs, exits_spread, flops, replay
from beex.random_checkpoint import random_config, random_model, random_tokens

SEEDS = range(12)


class ExitSweepTest(unittest.TestCase):
    def test_replay_matches_forward_tokens(self):
        compared = 0
        for seed in SEEDS:
            config = random_config(seed)
            model = random_model(config, seed).double()
            sequences = random_tokens(model.config, seed, count=6)
            outputs = exit_outputs(model, [(ids, 0) for ids in sequences], batch_size=4)
            for ids, (logits, entropies, length, _) in zip(sequences, outputs):
                self.assertEqual(length, len(ids))
                for options in ({}, {"full_depth": True}, {"threshold": 0.3}, {"threshold": -0.1}):
                    expected = model.forward_tokens(ids, **options)
                    # Padding in the batch may move logits by rounding; a
                    # decision this close to its boundary is not a bug.
                    if expected["margins"]["decision"] < 1e-9 or expected["margins"]["argmax"] < 1e-9:
                        continue
                    layer, label = replay(model, logits, entropies, **options)
                    compared += 1
                    with self.subTest(seed=seed, ids=ids, options=options):
                        self.assertEqual(layer, expected["exit_layer"])
                        self.assertEqual(label, int(torch.tensor(expected["logits"]).argmax()))
        self.assertGreater(compared, 0.9 * len(SEEDS) * 6 * 4)

    def test_flops_grow_with_depth_and_length(self):
        config = random_model(random_config(0), 0).config
        last = config["num_hidden_layers"]
        first = config["exit_policy"]["min_layer"]
        self.assertLess(flops(config, 5, first), flops(config, 5, last))
        self.assertLess(flops(config, 2, last), flops(config, 5, last))

    def test_evaluate_counts_every_sentence(self):
        config = random_config(3)
        model = random_model(config, 3).double()
        sequences = random_tokens(model.config, 3, count=5)
        outputs = exit_outputs(model, [(ids, i % 2) for i, ids in enumerate(sequences)])
        result = evaluate(model, outputs, full_depth=True)
        self.assertEqual(sum(result["exit_histogram"]), 5)
        self.assertEqual(result["mean_exit_layer"], model.config["num_hidden_layers"])

    def test_exits_spread_needs_two_layers_of_a_tenth(self):
        self.assertFalse(exits_spread([0, 10, 0, 0]))
        self.assertFalse(exits_spread([95, 5, 0, 0]))
        self.assertTrue(exits_spread([90, 0, 0, 10]))

    def test_chosen_policy_meets_its_constraints(self):
        chosen_count = 0
        for seed in range(4):
            config = random_config(seed)
            model = random_model(config, seed).double()
            sequences = random_tokens(model.config, seed, count=40)
            outputs = exit_outputs(model, [(ids, i % 2) for i, ids in enumerate(sequences)])
            chosen = choose_policy(model, outputs)
            if chosen is None:
                continue
            chosen_count += 1
            _, policy, result = chosen
            full = evaluate(model, outputs, full_depth=True)
            with self.subTest(seed=seed, policy=policy):
                self.assertTrue(exits_spread(result["exit_histogram"]))
                self.assertGreaterEqual(result["accuracy"], full["accuracy"] - 0.005)
                self.assertEqual(result, evaluate(model, outputs, policy=policy))
        self.assertGreater(chosen_count, 0)


if __name__ == "__main__":
    unittest.main()
