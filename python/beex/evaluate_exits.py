#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Dev accuracy and average exit layer of a trained checkpoint, per exit policy
and threshold (what early exit buys).

    /usr/bin/python3 -m beex.evaluate_exits --checkpoint runs/sst2 --data ../../shared/data
"""

import argparse
import json
import os
import sys

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import torch  # noqa: E402

from beex.checkpoint import load_checkpoint  # noqa: E402
from beex.tokenizer import WordPiece  # noqa: E402
from beex.train_sst2 import read_sst2  # noqa: E402


def evaluate(model, encoded, **options):
    correct, layers = 0, 0
    for ids, label in encoded:
        result = model.forward_tokens(ids, **options)
        correct += max(range(len(result["logits"])), key=result["logits"].__getitem__) == label
        layers += result["exit_layer"]
    return correct / len(encoded), layers / len(encoded)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--data", required=True)
    args = parser.parse_args()
    torch.set_num_threads(1)
    config, model = load_checkpoint(args.checkpoint)
    vocab = WordPiece.from_file(os.path.join(args.checkpoint, "vocab.txt"))
    dev = read_sst2(os.path.join(args.data, "glue", "SST-2", "dev.tsv"))
    encoded = [(vocab.encode(s, config["max_position_embeddings"]), y) for s, y in dev]
    rows = [{"policy": "full depth", **dict(zip(("accuracy", "mean_exit_layer"),
                                                 evaluate(model, encoded, full_depth=True)))}]
    for threshold in (-0.2, -0.1, 0.0, 0.05, 0.1, 0.2, 0.4):
        accuracy, layer = evaluate(model, encoded, threshold=threshold)
        rows.append({"policy": f"entropy_drop {threshold}", "accuracy": accuracy, "mean_exit_layer": layer})
    for row in rows:
        print(json.dumps(row))


if __name__ == "__main__":
    main()
