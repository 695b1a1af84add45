#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Trains a BEExformer on GLUE SST-2 with binarization by a sign whose gradient is
estimated (--sign-gradient: straight-through, or the paper's second-order one).

    /usr/bin/python3 -m beex.train_sst2 --data ../../shared/data --out runs/sst2   # from python/

The loss (--exit-loss, beex/exit_loss.py) is a weighted sum over the exits,
exit l weighted l / sum(l), optionally plus the soft-routing loss of the
entropy_drop rule. 5% of train is held out to choose the entropy-drop threshold; dev
is the evaluation set. Writes config.json + model.safetensors + vocab.txt.
"""

import argparse
import json
import math
import os
import random
import sys
import time

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import torch  # noqa: E402

from beex.binarize import SIGN_GRADIENTS  # noqa: E402
from beex.checkpoint import save_checkpoint  # noqa: E402
from beex.exit_loss import soft_routing_loss, weighted_exit_loss  # noqa: E402
from beex.model import BEExformer  # noqa: E402
from beex.tokenizer import WordPiece  # noqa: E402


def read_sst2(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            sentence, label = line.rstrip("\n").rsplit("\t", 1)
            rows.append((sentence.strip(), int(label)))
    return rows


def split_held_out(train, seed):
    """(held out, rest): 5% of train, the same for the same seed."""
    train = list(train)
    random.Random(seed).shuffle(train)
    held = len(train) // 20
    return train[:held], train[held:]


def batches(encoded, batch_size, shuffle, rng):
    order = list(range(len(encoded)))
    if shuffle:
        rng.shuffle(order)
    for start in range(0, len(order), batch_size):
        chunk = [encoded[i] for i in order[start:start + batch_size]]
        width = max(len(ids) for ids, _ in chunk)
        tokens = torch.zeros(len(chunk), width, dtype=torch.long)
        mask = torch.zeros(len(chunk), width, dtype=torch.long)
        for row, (ids, _) in enumerate(chunk):
            tokens[row, :len(ids)] = torch.tensor(ids)
            mask[row, :len(ids)] = 1
        labels = torch.tensor([label for _, label in chunk])
        yield tokens, mask, labels


@torch.no_grad()
def accuracy_per_exit(model, encoded):
    model.eval()
    correct = None
    for tokens, mask, labels in batches(encoded, 256, False, None):
        logits = model(tokens, mask)
        hits = (logits.argmax(-1) == labels).sum(-1)
        correct = hits if correct is None else correct + hits
    model.train()
    return (correct.double() / len(encoded)).tolist()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--activations", default="binary")
    parser.add_argument("--max-length", type=int, default=64)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dropout", type=float, default=0.1)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--sign-gradient", choices=sorted(SIGN_GRADIENTS), default="ste")
    parser.add_argument("--exit-loss", choices=["weighted", "soft-routing"], default="weighted")
    parser.add_argument("--full-precision", action="store_true",
                        help="train the full-precision twin (plain linears; not exportable)")
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    torch.set_num_threads(1)

    train = read_sst2(os.path.join(args.data, "glue", "SST-2", "train.tsv"))
    dev = read_sst2(os.path.join(args.data, "glue", "SST-2", "dev.tsv"))
    held_out, train = split_held_out(train, args.seed)
    full = WordPiece.from_file(os.path.join(args.data, "vocab", "bert-base-uncased", "vocab.txt"))
    vocab = full.trimmed(s for s, _ in train)
    encode = lambda rows: [(vocab.encode(s, args.max_length), y) for s, y in rows]  # noqa: E731
    train_ids, held_ids, dev_ids = encode(train), encode(held_out), encode(dev)
    print(f"vocabulary trimmed to {len(vocab.pieces)} pieces; {len(train_ids)} train, "
          f"{len(held_ids)} held out, {len(dev_ids)} dev", flush=True)

    config = {
        "model_type": "beexformer", "vocab_size": len(vocab.pieces),
        "max_position_embeddings": args.max_length, "hidden_size": args.hidden,
        "num_attention_heads": 4, "intermediate_size": 2 * args.hidden,
        "num_hidden_layers": args.layers, "num_labels": 2, "activations": args.activations,
        "weight_scale": "per_channel", "pooling": "mean",
        "exit_policy": {"type": "entropy_drop", "threshold": 0.1, "min_layer": 1},
    }
    model = BEExformer(config)
    model.dropout = args.dropout
    for linear in model.binarized_linears():
        linear.full_precision = args.full_precision
        linear.sign = SIGN_GRADIENTS[args.sign_gradient]
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    steps = args.epochs * math.ceil(len(train_ids) / 32)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr, total_steps=steps)
    layers = list(model.exit_layers)
    exit_loss = soft_routing_loss if args.exit_loss == "soft-routing" else weighted_exit_loss
    history = []
    start = time.time()
    for epoch in range(args.epochs):
        for step, (tokens, mask, labels) in enumerate(batches(train_ids, 32, True, rng)):
            logits = model(tokens, mask)
            loss = exit_loss(logits, labels, layers)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            if step % 200 == 0:
                print(f"epoch {epoch} step {step} loss {loss.item():.4f} "
                      f"({time.time() - start:.0f} s)", flush=True)
        history.append(accuracy_per_exit(model, dev_ids))
        print(f"epoch {epoch}: dev accuracy per exit {history[-1]}", flush=True)
    seconds = time.time() - start
    print(f"training took {seconds:.0f} s", flush=True)

    os.makedirs(args.out, exist_ok=True)
    if not args.full_precision:
        save_checkpoint(model, config, args.out)
        with open(os.path.join(args.out, "vocab.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(vocab.pieces) + "\n")
    with open(os.path.join(args.out, "training.json"), "w") as f:
        json.dump({"arguments": vars(args), "seconds": seconds,
                   "dev_accuracy_per_exit_by_epoch": history,
                   "held_out_accuracy_per_exit": accuracy_per_exit(model, held_ids)}, f, indent=2)


if __name__ == "__main__":
    main()
