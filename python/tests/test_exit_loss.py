# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""The training losses over exits and the sign's gradient estimators."""

import math
import unittest

import torch

from beex.binarize import SIGN_GRADIENTS
from beex.exit_loss import exit_probabilities, soft_routing_loss, weighted_exit_loss


def logits_with_entropies(entropies):
    """One two-class logit row per entropy (nats): z = [t, 0] with H(t) as asked."""
    rows = []
    for h in entropies:
        low, high = 0.0, 50.0  # entropy falls as t grows
        for _ in range(200):
            t = (low + high) / 2
            p = 1 / (1 + math.exp(-t))
            entropy = -p * math.log(p) - (1 - p) * math.log(1 - p)
            low, high = (t, high) if entropy > h else (low, t)
        rows.append(torch.tensor([[t, 0.0]], requires_grad=True))
    return rows


class ExitProbabilitiesTest(unittest.TestCase):
    def test_entropy_drop_routing(self):
        # Drops: layer 2 falls by half (go on), layer 3 by 1% (stop), layer 4 takes the rest.
        logits = logits_with_entropies([0.6, 0.3, 0.297, 0.1])
        p = exit_probabilities(logits, threshold=0.1, temperature=0.01)[:, 0].tolist()
        self.assertEqual(p[0], 0.0)  # no decision at min_layer
        self.assertLess(p[1], 1e-6)
        self.assertGreater(p[2], 0.99)
        self.assertAlmostEqual(sum(p), 1.0, places=6)

    def test_routed_loss_reaches_the_entropies(self):
        logits = logits_with_entropies([0.6, 0.3, 0.297, 0.1])
        labels = torch.tensor([1])
        loss = soft_routing_loss(logits, labels, [1, 2, 3, 4], temperature=0.01, cost=0.1)
        # Routing sends the sentence to layer 3: its loss and 3/4 of the cost.
        routed = torch.nn.functional.cross_entropy(logits[2], labels) + 0.1 * 3 / 4
        weighted = weighted_exit_loss(logits, labels, [1, 2, 3, 4])
        self.assertAlmostEqual(loss.item(), (weighted + routed).item(), places=3)
        loss.backward()
        self.assertNotEqual(logits[2].grad[0, 0].item(), 0.0)


class SignGradientTest(unittest.TestCase):
    def test_forward_is_sgn_and_backward_the_estimator(self):
        v = torch.tensor([-1.5, -0.5, 0.0, 0.25, 1.0], requires_grad=True)
        expected = {"ste": [0, 1, 1, 1, 1], "second-order": [0, 1, 2, 1.5, 0]}
        for name, sign in SIGN_GRADIENTS.items():
            v.grad = None
            out = sign(v)
            self.assertEqual(out.tolist(), [-1, -1, 1, 1, 1])
            out.sum().backward()
            self.assertEqual(v.grad.tolist(), expected[name], name)


if __name__ == "__main__":
    unittest.main()
