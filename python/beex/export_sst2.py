#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Turns a train_sst2 run into the bundled example checkpoint.

    /usr/bin/python3 -m beex.export_sst2 --run runs/sst2 --data ../../shared/data \\
        --out ../examples/sst2/model                                  # from python/

Two things happen. The checkpoint is made small: each binarized weight is
stored as its signs (+-1) with its scale as a `.alpha` tensor, and every
tensor as float16 (the embeddings, 11,556 x 128, are most of the file: the spec
keeps them real). Then the compiled default exit policy is chosen on the
held-out part of train (never on dev) by beex.choose_exit: the least FLOPs
within half a point of full depth, among policies whose exits spread over
several layers. Everything reported about the example is measured on the
checkpoint written here.
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
from beex.choose_exit import choose_default_exit, write_exit_policy  # noqa: E402



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

    _, model = load_checkpoint(args.run)
    with open(os.path.join(args.run, "config.json")) as f:
        raw_config = json.load(f)
    compact(model)
    save_checkpoint(model, raw_config, args.out, dtype="F16")
    _, model = load_checkpoint(args.out)

    name, policy, _, count = choose_default_exit(model, args.run, args.data)
    write_exit_policy(args.out, policy)
    for file in ("vocab.txt", "training.json"):
        shutil.copy(os.path.join(args.run, file), os.path.join(args.out, file))
    print(f"wrote {args.out}: exit_policy {name} (chosen on {count} held-out training "
          "sentences)")


if __name__ == "__main__":
    main()
