# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""The early-exit rules of docs/math.md §4, one exit at a time.

Besides the decision, the policy records how close each decision came to
going the other way (`decision_margin`), so a comparison between two
implementations can tell a borderline case from a bug.
"""

import math

import torch


def top_two_gap(logits):
    """Distance between the two largest logits (where argmax could flip)."""
    top = torch.topk(logits, 2).values
    return (top[0] - top[1]).item()


class ExitPolicy:
    """Feed it each exit's entropy and logits in layer order; it says when to stop.

    `threshold` and `patience` override the config's values and `full_depth`
    disables early exits: the run-time knobs of docs/math.md §4.
    """

    def __init__(self, policy, num_layers, threshold=None, patience=None, full_depth=False):
        self.kind = policy["type"]
        self.min_layer = policy["min_layer"]
        self.threshold = policy["threshold"] if threshold is None else float(threshold)
        self.patience = policy["patience"] if patience is None else int(patience)
        if self.patience < 1:
            raise ValueError(f"patience must be >= 1, got {self.patience}")
        self.num_layers = num_layers
        self.full_depth = full_depth
        self.decision_margin = math.inf
        self._previous_entropy = None
        self._previous_argmax = None
        self._streak = 0

    def stop(self, layer, entropy, logits):
        """Whether to return at `layer` (1-based, >= min_layer)."""
        previous_entropy, self._previous_entropy = self._previous_entropy, entropy
        argmax = int(torch.argmax(logits))
        self._streak = self._streak + 1 if argmax == self._previous_argmax else 1
        self._previous_argmax = argmax
        if layer == self.num_layers:
            return True
        if self.full_depth or self.kind == "none":
            return False
        if self.kind == "entropy_below":
            return self._decide(entropy, self.threshold)
        if self.kind == "entropy_drop":
            if layer == self.min_layer:
                return False
            drop = 0.0 if previous_entropy == 0 else (previous_entropy - entropy) / previous_entropy
            return self._decide(drop, self.threshold)
        # patience: every argmax in the streak could flip the decision.
        self.decision_margin = min(self.decision_margin, top_two_gap(logits))
        return self._streak >= self.patience + 1

    def _decide(self, value, threshold):
        """value < threshold, noting how far from the boundary it was."""
        self.decision_margin = min(self.decision_margin, abs(value - threshold))
        return value < threshold
