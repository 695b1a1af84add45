#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Chooses the compiled default exit policy of an SST-2 checkpoint on
held-out training data and writes it into the checkpoint's config.json.

    /usr/bin/python3 -m beex.choose_exit --checkpoint ../examples/sst2/model \\
        --data ../../shared/data                                      # from python/

Among every policy of the sweep (beex.exit_sweep.candidate_policies), it
takes the one with the least FLOPs on the held-out 5% of train (the split
train_sst2 kept out of training, by its seed in training.json; never dev)
whose accuracy there stays within half a point of full depth and whose exits
spread over at least two layers, each taking 10% of the sentences: a policy
that sends every sentence to one layer is a truncated model, not an early
exit. The weights are not touched.
"""

import argparse
import json
import os
import sys

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import torch  # noqa: E402

from beex.checkpoint import load_checkpoint  # noqa: E402
from beex.exit_sweep import choose_policy, exit_outputs  # noqa: E402
from beex.tokenizer import WordPiece  # noqa: E402
from beex.train_sst2 import read_sst2, split_held_out  # noqa: E402


def held_out_outputs(model, folder, data):
    """Every exit's outputs on the held-out training sentences of the run in
    `folder` (its training.json and vocab.txt)."""
    with open(os.path.join(folder, "training.json")) as f:
        seed = json.load(f)["arguments"]["seed"]
    vocab = WordPiece.from_file(os.path.join(folder, "vocab.txt"))
    held_out, _ = split_held_out(read_sst2(os.path.join(data, "glue", "SST-2", "train.tsv")), seed)
    positions = model.config["max_position_embeddings"]
    return exit_outputs(model, [(vocab.encode(s, positions), y) for s, y in held_out])


def compiled_policy(policy):
    """The config.json form of `policy`: the keys its type uses."""
    kept = {"type": policy["type"], "min_layer": policy["min_layer"]}
    if policy["type"] in ("entropy_drop", "entropy_below"):
        kept["threshold"] = policy["threshold"]
    if policy["type"] == "patience":
        kept["patience"] = policy["patience"]
    return kept


def choose_default_exit(model, folder, data):
    """(name, config.json exit_policy, held-out result, held-out count)."""
    outputs = held_out_outputs(model, folder, data)
    chosen = choose_policy(model, outputs)
    if chosen is None:
        raise SystemExit("no policy keeps held-out accuracy within 0.5 points of full depth "
                         "with exits spread over two layers")
    name, policy, result = chosen
    return name, compiled_policy(policy), result, len(outputs)


def write_exit_policy(folder, policy):
    """Replaces exit_policy in the config.json of `folder`, nothing else."""
    path = os.path.join(folder, "config.json")
    with open(path) as f:
        config = json.load(f)
    config["exit_policy"] = policy
    with open(path, "w") as out:
        json.dump(config, out, indent=2)
        out.write("\n")
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkpoint", required=True, help="an exported checkpoint folder")
    parser.add_argument("--data", required=True, help="the GLUE data folder (glue/SST-2)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    _, model = load_checkpoint(args.checkpoint)
    name, policy, result, count = choose_default_exit(model, args.checkpoint, args.data)
    path = write_exit_policy(args.checkpoint, policy)
    print(f"{path}: exit_policy {name} (chosen on {count} held-out training sentences: "
          f"accuracy {100 * result['accuracy']:.2f}%, exits {result['exit_histogram']})")


if __name__ == "__main__":
    main()
