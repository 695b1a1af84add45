#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""The compiled example program against the Python tokenizer and PyTorch on
every SST-2 dev sentence; prints the counts and every difference."""

import argparse
import os
import sys

sys.path.insert(0, os.getcwd())  # run from python/

from beex.checkpoint import load_checkpoint  # noqa: E402
from beex.exit_sweep import exit_outputs  # noqa: E402
from beex.sst2_report import compiled_agreement  # noqa: E402
from beex.tokenizer import WordPiece  # noqa: E402
from beex.train_sst2 import read_sst2  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--checkpoint", required=True)
parser.add_argument("--data", required=True)
parser.add_argument("--classify", required=True)
args = parser.parse_args()

config, model = load_checkpoint(args.checkpoint)
vocab = WordPiece.from_file(os.path.join(args.checkpoint, "vocab.txt"))
dev = read_sst2(os.path.join(args.data, "glue", "SST-2", "dev.tsv"))
outputs = exit_outputs(model, [(vocab.encode(s, config["max_position_embeddings"]), y) for s, y in dev])
same_ids, same_answer, differences = compiled_agreement(model, vocab, args.classify, dev, outputs)
for sentence, got, expected in differences:
    print(f"differs: {sentence!r}: compiled (exit, label) {got}, PyTorch {expected}")
print(f"sst2 dev: {len(dev)} sentences, {same_ids} same ids, {same_answer} same label and exit layer")
