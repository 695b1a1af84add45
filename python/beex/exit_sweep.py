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


# The parameters swept per policy family; entropy_drop's relative drop is at
# most 1, entropy_below's entropy at most ln 2 for two labels.
ENTROPY_DROP_THRESHOLDS = [round(-0.5 + 0.05 * i, 2) for i in range(32)]
ENTROPY_BELOW_THRESHOLDS = [round(0.05 * i, 2) for i in range(1, 15)]


def candidate_policies(config):
    """(name, exit_policy) of every policy of docs/math.md §4 swept: each
    family's parameters, from the config's min_layer."""
    min_layer = config["exit_policy"]["min_layer"]
    for t in ENTROPY_DROP_THRESHOLDS:
        yield f"entropy_drop {t}", {"type": "entropy_drop", "threshold": t,
                                    "min_layer": min_layer, "patience": 1}
    for t in ENTROPY_BELOW_THRESHOLDS:
        yield f"entropy_below {t}", {"type": "entropy_below", "threshold": t,
                                     "min_layer": min_layer, "patience": 1}
    for p in range(1, config["num_hidden_layers"]):
        yield f"patience {p}", {"type": "patience", "threshold": 0.1,
                                "min_layer": min_layer, "patience": p}


def policy_name(policy):
    """"entropy_drop 0.9", "patience 2", "none": how the report names it."""
    if policy["type"] == "patience":
        return f"patience {policy['patience']}"
    if policy["type"] == "none":
        return "none"
    return f"{policy['type']} {policy['threshold']}"


def exits_spread(histogram, share=0.1):
    """Whether at least two exit layers each take `share` of the sentences:
    the policy decides per sentence instead of cutting the model at one
    depth."""
    return sum(count >= share * sum(histogram) for count in histogram) >= 2


def choose_policy(model, outputs, max_accuracy_loss=0.005):
    """(name, exit_policy, result) of the candidate with the least FLOPs on
    `outputs` (held-out training data, never dev) among those whose exits
    spread and whose accuracy stays within `max_accuracy_loss` of full
    depth; None when no candidate qualifies."""
    floor = evaluate(model, outputs, full_depth=True)["accuracy"] - max_accuracy_loss
    best = None
    for name, policy in candidate_policies(model.config):
        result = evaluate(model, outputs, policy=policy)
        if (result["accuracy"] >= floor and exits_spread(result["exit_histogram"])
                and (best is None or result["mean_flops"] < best[2]["mean_flops"])):
            best = (name, policy, result)
    return best
