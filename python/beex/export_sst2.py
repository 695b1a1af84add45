#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Turns a train_sst2 run into the bundled example checkpoint.

    /usr/bin/python3 -m beex.export_sst2 --run runs/sst2 --data ../../shared/data \\
        --out ../examples/sst2/model                                  # from python/

Two things happen. The checkpoint is made small: each binarized weight is
stored as its signs (+-1) with its scale as a `.alpha` tensor, and every
tensor as float16 (the embeddings, 11,556 x 128, are most of the file: the spec
keeps them real). Then the entropy-drop threshold is chosen on the held-out
part of train (never on dev): the one with the least FLOPs whose held-out
accuracy stays within half a point of full depth; it becomes the config's
exit_policy.threshold, the compiled default. Everything reported about the
example is measured on the checkpoint written here.
"""

import argparse
import json
import os
import shutil
import sys

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import torch  # noqa: E402

from beex.binarize import sgn  # noqa: E402
from beex.checkpoint import load_checkpoint, save_checkpoint  # noqa: E402
from beex.exit_sweep import choose_threshold, exit_outputs  # noqa: E402
from beex.tokenizer import WordPiece  # noqa: E402
from beex.train_sst2 import read_sst2, split_held_out  # noqa: E402

# Entropy-drop thresholds tried: a relative drop is at most 1.
THRESHOLDS = [round(-0.5 + 0.05 * i, 2) for i in range(32)]


def compact(model):
    """Signs and scales in place of the latent weights (same forward pass)."""
    with torch.no_grad():
        for linear in model.binarized_linears():
            alpha = linear.scale().detach().clone()
            linear.weight.copy_(sgn(linear.weight))
            linear.alpha = alpha


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--run", required=True, help="a train_sst2 output folder")
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    torch.set_num_threads(1)

    config, model = load_checkpoint(args.run)
    with open(os.path.join(args.run, "config.json")) as f:
        raw_config = json.load(f)
    compact(model)
    save_checkpoint(model, raw_config, args.out, dtype="F16")
    config, model = load_checkpoint(args.out)

    with open(os.path.join(args.run, "training.json")) as f:
        seed = json.load(f)["arguments"]["seed"]
    vocab = WordPiece.from_file(os.path.join(args.run, "vocab.txt"))
    train = read_sst2(os.path.join(args.data, "glue", "SST-2", "train.tsv"))
    held_out, _ = split_held_out(train, seed)
    encoded = [(vocab.encode(s, config["max_position_embeddings"]), y) for s, y in held_out]
    threshold = choose_threshold(model, exit_outputs(model, encoded), THRESHOLDS)
    if threshold is None:
        raise SystemExit("no threshold keeps held-out accuracy within 0.5 points of full depth")
    raw_config["exit_policy"]["threshold"] = model.config["exit_policy"]["threshold"] = threshold
    save_checkpoint(model, raw_config, args.out, dtype="F16")
    for name in ("vocab.txt", "training.json"):
        shutil.copy(os.path.join(args.run, name), os.path.join(args.out, name))
    print(f"wrote {args.out}: entropy_drop threshold {threshold} (chosen on "
          f"{len(held_out)} held-out training sentences)")


if __name__ == "__main__":
    main()
