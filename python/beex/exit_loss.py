# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Training losses over the exits of a BEExformer (python/beex/train_sst2.py).

`weighted`: cross-entropy at every exit, exit l weighted l / sum(l); a fixed
summary of the paper's soft routing that gives the heads no reason to make
entropy mean anything.

`soft_routing`: the weighted loss plus the loss the entropy_drop rule
(docs/math.md §4.2) would incur if its decisions were soft, in the spirit of
the paper's soft-routing loss estimation. At exit l > first the relative drop
r_l = (H_(l-1) - H_l) / H_(l-1) stops with probability
g_l = sigmoid((threshold - r_l) / temperature); the last exit takes what is
left. With p_l = g_l * prod_(m<l) (1 - g_m), the routed loss is
sum_l p_l * (CE_l + cost * l / L): its gradient through the entropies makes
entropy keep falling while a deeper exit would classify better, and stop
falling once it would not, so that entropy_drop makes real decisions; `cost`
prices depth.
"""

import torch

from beex.model import entropy


def weighted_exit_loss(logits, labels, layers):
    weights = torch.tensor([float(l) for l in layers]) / sum(layers)
    losses = torch.stack([torch.nn.functional.cross_entropy(z, labels) for z in logits])
    return (weights * losses).sum()


def exit_probabilities(logits, threshold, temperature):
    """p_l of the soft entropy_drop rule: [exits, batch], each column sums to 1."""
    entropies = [entropy(z) for z in logits]
    left = torch.ones_like(entropies[0])
    probabilities = []
    for index in range(len(logits)):
        if index == 0:  # entropy_drop decides nothing at min_layer
            stop = torch.zeros_like(left)
        elif index == len(logits) - 1:
            stop = torch.ones_like(left)
        else:
            previous = entropies[index - 1].clamp(min=1e-6)
            drop = (previous - entropies[index]) / previous
            stop = torch.sigmoid((threshold - drop) / temperature)
        probabilities.append(left * stop)
        left = left * (1 - stop)
    return torch.stack(probabilities)


def soft_routing_loss(logits, labels, layers, threshold=0.1, temperature=0.05, cost=0.1):
    routing = exit_probabilities(logits, threshold, temperature)
    depth = torch.tensor([float(l) for l in layers]) / layers[-1]
    per_exit = torch.stack([torch.nn.functional.cross_entropy(z, labels, reduction="none")
                            for z in logits])
    routed = (routing * (per_exit + cost * depth[:, None])).sum(dim=0).mean()
    return weighted_exit_loss(logits, labels, layers) + routed
