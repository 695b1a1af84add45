# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""What early exit buys on a labelled set: every exit's logits once, then each
policy and threshold of docs/math.md §4 replayed over them.

`exit_outputs` runs the model once per batch at full depth (float64, as the
reference) and keeps every exit's logits and entropy; `replay` applies an
ExitPolicy to one sentence's exits, exactly as `BEExformer.forward_tokens`
would have stopped; `flops` counts the work up to an exit from the model's
structure, so accuracy can be set against cost.
"""

import torch

from beex.attention import allowed_mask
from beex.exit_policy import ExitPolicy
from beex.model import entropy
from beex.train_sst2 import batches


@torch.no_grad()
def exit_outputs(model, encoded, batch_size=128):
    """[(logits [E, C], entropies [E], length, label)] for each (ids, label)."""
    model = model.double().eval()
    rows = []
    for tokens, mask, labels in batches(encoded, batch_size, shuffle=False, rng=None):
        logits = model(tokens, mask)  # [E, B, C]
        entropies = entropy(logits)   # [E, B]
        for row, (length, label) in enumerate(zip(mask.sum(-1).tolist(), labels.tolist())):
            rows.append((logits[:, row], entropies[:, row], length, label))
    return rows


def replay(model, logits, entropies, policy=None, **options):
    """(exit layer, predicted label) of one sentence under `policy` (default:
    the model's own) with ExitPolicy's overrides `options`."""
    config = model.config
    policy = ExitPolicy(policy or config["exit_policy"], config["num_hidden_layers"], **options)
    for index, layer in enumerate(model.exit_layers):
        if policy.stop(layer, entropies[index].item(), logits[index]):
            return layer, int(torch.argmax(logits[index]))
    raise AssertionError("the last layer always stops")


def flops(config, length, exit_layer):
    """FLOPs (2 per multiply-add; a binarized multiply-add counts as one) of
    one sentence of `length` tokens run up to `exit_layer`: the blocks'
    linears and attention, and every exit head computed on the way. The
    embeddings and layer norms (O(S D)) are left out."""
    d, f, c = config["hidden_size"], config["intermediate_size"], config["num_labels"]
    keys = int(allowed_mask(config["attention_pattern"], length).sum())
    block = 4 * length * d * d + 2 * keys * d + 4 * length * d * f
    heads = exit_layer - config["exit_policy"]["min_layer"] + 1
    return 2 * (exit_layer * block + heads * (d + d * c))


def evaluate(model, outputs, policy=None, **options):
    """Accuracy, mean exit layer, mean FLOPs and exit-layer histogram."""
    correct, layers, work = 0, 0, 0
    histogram = [0] * model.config["num_hidden_layers"]
    for logits, entropies, length, label in outputs:
        layer, predicted = replay(model, logits, entropies, policy, **options)
        correct += predicted == label
        layers += layer
        work += flops(model.config, length, layer)
        histogram[layer - 1] += 1
    n = len(outputs)
    return {"accuracy": correct / n, "mean_exit_layer": layers / n,
            "mean_flops": work / n, "exit_histogram": histogram}


def choose_threshold(model, outputs, thresholds, max_accuracy_loss=0.005):
    """The entropy-drop threshold with the least FLOPs whose accuracy on
    `outputs` (held-out training data, never dev) stays within
    `max_accuracy_loss` of full depth."""
    floor = evaluate(model, outputs, full_depth=True)["accuracy"] - max_accuracy_loss
    best = None
    for threshold in thresholds:
        result = evaluate(model, outputs, threshold=threshold)
        if result["accuracy"] >= floor and (best is None or result["mean_flops"] < best[1]):
            best = (threshold, result["mean_flops"])
    return best[0] if best else None
