#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Writes REPORT.md and report.png for the bundled SST-2 model: what early
exit buys, measured on dev.

    /usr/bin/python3 -m beex.sst2_report --checkpoint ../examples/sst2/model \\
        --data ../../shared/data --classify ../build/sst2-classify \\
        --twin ../examples/sst2/twin/training.json --build ../build \\
        --out ../examples/sst2                                                     # from python/

--classify is the example program linked with the compiled model (what
scripts/run-example.sh builds): the report runs it on every dev sentence,
tokenized by the C runtime, and compares ids, labels and exit layers with the
Python tokenizer and PyTorch. With --build (the build folder), it also
compiles the example with the embeddings stored as f32, int8 and q4
(beex-import --embeddings, docs/math.md §2.4) and reports each object's size
and dev accuracy.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import torch  # noqa: E402

from beex.checkpoint import load_checkpoint  # noqa: E402
from beex.choose_exit import held_out_outputs  # noqa: E402
from beex.exit_sweep import candidate_policies, evaluate, exit_outputs, policy_name, replay  # noqa: E402
from beex.tokenizer import WordPiece  # noqa: E402
from beex.train_sst2 import read_sst2  # noqa: E402

SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PAPER = "BEExformer (arXiv 2412.05225): 54.85% fewer FLOPs and +5.98% accuracy from early exit"


def sweeps(model, outputs):
    """Rows of (name, result): full depth, then every policy of the sweep."""
    rows = [("full depth", evaluate(model, outputs, full_depth=True))]
    for name, policy in candidate_policies(model.config):
        rows.append((name, evaluate(model, outputs, policy=policy)))
    return rows


def wall_time_ms(classify, dev, *flags, repeats=3):
    """Best wall time per dev sentence of the compiled example over `repeats`
    runs of all of dev (tokenizing included; one process, one thread)."""
    text = "".join(sentence + "\n" for sentence, _ in dev).encode()
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([classify, "--batch", *flags], input=text, capture_output=True, check=True)
        best = min(best, time.perf_counter() - start)
    return 1e3 * best / len(dev)


def compiled_agreement(model, vocab, classify, dev, outputs):
    """Runs the compiled example on every dev sentence; counts agreements."""
    text = "".join(sentence + "\n" for sentence, _ in dev)
    run = subprocess.run([classify, "--batch"], input=text.encode(), capture_output=True, check=True)
    lines = run.stdout.decode().splitlines()
    if len(lines) != len(dev):
        raise SystemExit(f"{classify}: {len(lines)} results for {len(dev)} sentences")
    same_ids = same_answer = 0
    differences = []
    for (sentence, _), line, (logits, entropies, _, _) in zip(dev, lines, outputs):
        label, layer, ids = line.split("\t")
        python_ids = vocab.encode(sentence, model.config["max_position_embeddings"])
        same_ids += [int(i) for i in ids.split(",")] == python_ids
        expected = replay(model, logits, entropies)
        if (int(layer), int(label)) == expected:
            same_answer += 1
        else:
            differences.append((sentence, (int(layer), int(label)), expected))
    return same_ids, same_answer, differences


def embedding_storage_rows(build_dir, checkpoint, dev):
    """(storage, object bytes, dev accuracy under the compiled default, at full
    depth) of the example compiled for this machine with each embedding storage."""
    text = "".join(sentence + "\n" for sentence, _ in dev).encode()
    environment = dict(os.environ, BEEX_BUILD_DIR=build_dir, BEEX_NAME="example")
    rows = []
    with tempfile.TemporaryDirectory(prefix="beex-sst2-storage-") as work:
        for storage in ("f32", "int8", "q4"):
            beex = os.path.join(work, f"{storage}.beex")
            subprocess.run([os.path.join(build_dir, "bin", "beex-import"), checkpoint, "-o", beex,
                            f"--embeddings={storage}"], check=True)
            folder = os.path.join(work, storage)
            os.makedirs(folder)
            program = os.path.join(folder, "model")  # link-model.sh writes model.h beside it
            subprocess.run([os.path.join(SOURCE_ROOT, "scripts", "link-model.sh"), beex, "host", program,
                            os.path.join(SOURCE_ROOT, "examples", "classify", "classify.c")],
                           check=True, env=environment)
            accuracies = []
            for flags in ((), ("--full-depth",)):
                lines = subprocess.run([program, "--batch", *flags], input=text, capture_output=True,
                                       check=True).stdout.decode().splitlines()
                accuracies.append(sum(int(line.split("\t")[0]) == label
                                      for line, (_, label) in zip(lines, dev)) / len(dev))
            rows.append((storage, os.path.getsize(program + ".o"), *accuracies))
    return rows


def plot(rows, chosen, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    full = rows[0][1]
    figure, axes = plt.subplots(1, 3, figsize=(15, 4.2))
    for family, marker in (("entropy_drop", "o"), ("entropy_below", "s"), ("patience", "^")):
        points = [r for name, r in rows if name.split()[0] == family]
        axes[0].plot([r["mean_exit_layer"] for r in points], [100 * r["accuracy"] for r in points],
                     marker, label=family, alpha=0.8)
        axes[1].plot([100 * r["mean_flops"] / full["mean_flops"] for r in points],
                     [100 * r["accuracy"] for r in points], marker, label=family, alpha=0.8)
    for axis in axes[:2]:
        axis.axhline(100 * full["accuracy"], color="gray", linestyle="--", label="full depth")
        axis.set_ylabel("dev accuracy (%)")
        axis.legend()
    axes[0].set_xlabel("mean exit layer")
    axes[1].set_xlabel("FLOPs per sentence (% of full depth)")
    histogram = chosen["exit_histogram"]
    axes[2].bar(range(1, len(histogram) + 1), histogram)
    axes[2].set_xlabel("exit layer")
    axes[2].set_ylabel("dev sentences")
    axes[2].set_title("exit layers under the compiled default")
    axes[0].set_title("accuracy vs depth")
    axes[1].set_title("accuracy vs FLOPs")
    figure.tight_layout()
    figure.savefig(path, dpi=100)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--classify", help="the compiled example program")
    parser.add_argument("--twin", help="training.json of the full-precision twin")
    parser.add_argument("--build", help="the build folder, to compile each embedding storage")
    args = parser.parse_args()
    torch.set_num_threads(1)

    config, model = load_checkpoint(args.checkpoint)
    vocab = WordPiece.from_file(os.path.join(args.checkpoint, "vocab.txt"))
    with open(os.path.join(args.checkpoint, "training.json")) as f:
        training = json.load(f)
    positions = config["max_position_embeddings"]
    dev = read_sst2(os.path.join(args.data, "glue", "SST-2", "dev.tsv"))
    outputs = exit_outputs(model, [(vocab.encode(s, positions), y) for s, y in dev])
    held_outputs = held_out_outputs(model, args.checkpoint, args.data)

    rows = sweeps(model, outputs)
    full = rows[0][1]
    default = policy_name(config["exit_policy"])
    chosen = evaluate(model, outputs)
    held_full = evaluate(model, held_outputs, full_depth=True)
    held_chosen = evaluate(model, held_outputs)
    plot(rows, chosen, os.path.join(args.out, "report.png"))

    saving = 1 - chosen["mean_flops"] / full["mean_flops"]
    blocks = config["num_hidden_layers"] * (4 * config["hidden_size"] ** 2
                                            + 4 * config["hidden_size"] * config["intermediate_size"])
    lines = [
        "# SST-2: what early exit buys",
        "",
        f"Generated by `python/beex/sst2_report.py` from `{os.path.basename(args.checkpoint)}/` "
        "(the bundled checkpoint; every figure is of that file). Do not edit.",
        "",
        "## The model",
        "",
        f"- D={config['hidden_size']}, H={config['num_attention_heads']}, "
        f"F={config['intermediate_size']}, L={config['num_hidden_layers']}, "
        f"P={positions}, {config['activations']} activations, {config['weight_scale']} scales, "
        f"{config['pooling']} pooling, exits at layers {config['exit_policy']['min_layer']}.."
        f"{config['num_hidden_layers']}.",
        f"- Binarized blocks: {blocks:,} sign bits = {blocks / 8 / 1024:.0f} KiB packed "
        "(+ one f32 scale and bias per output). Embeddings: "
        f"{config['vocab_size']:,} x {config['hidden_size']} real values "
        f"({config['vocab_size'] * config['hidden_size'] * 4 / 2**20:.1f} MiB as f32 in the .beex): "
        "The spec keeps them real, and the vocabulary is trimmed to the pieces SST-2 train uses.",
        f"- Training: {training['seconds'] / 60:.0f} min on one CPU thread, "
        f"{training['arguments']['epochs']} epochs, dropout {training['arguments'].get('dropout', 0)}; "
        "loss = sum over exits with weight l / sum(l)"
        + (" plus the soft-routing loss of entropy_drop (beex/exit_loss.py)"
           if training["arguments"].get("exit_loss") == "soft-routing" else "")
        + f"; sign gradient {training['arguments'].get('sign_gradient', 'ste')}.",
        "",
        "## Dev accuracy (872 sentences)",
        "",
        "| policy | dev accuracy | mean exit layer | FLOPs / sentence | FLOPs saved |",
        "| --- | --- | --- | --- | --- |",
    ]
    def row(name, r):
        return (f"| {name} | {100 * r['accuracy']:.2f}% | {r['mean_exit_layer']:.2f} | "
                f"{r['mean_flops'] / 1e6:.2f} M | {100 * (1 - r['mean_flops'] / full['mean_flops']):.1f}% |")
    lines.append(row("full depth", full))
    lines.append(row(f"**{default} (compiled default)**", chosen))
    for name, r in rows[1:]:
        lines.append(row(name, r))
    lines += [
        "",
        f"The compiled default, {default}, was chosen by `beex.choose_exit` on "
        f"{len(held_outputs):,} held-out training sentences: the least FLOPs within 0.5 points "
        "of full depth there, among the policies whose exits spread over at least two layers "
        "(each taking 10% of the sentences; one layer for all is a truncated model, not an "
        f"early exit). Held-out accuracy {100 * held_full['accuracy']:.2f}% at full depth, "
        f"{100 * held_chosen['accuracy']:.2f}% with it. On dev it saves "
        f"**{100 * saving:.1f}% of the FLOPs** for "
        f"**{100 * (chosen['accuracy'] - full['accuracy']):+.2f} points** of accuracy.",
        "",
        f"Exit layers on dev under it: {chosen['exit_histogram']} (layers 1..L).",
        "",
        "FLOPs are counted from the structure: per block 4 S D^2 (attention linears) + "
        "2 S^2 D (scores and context) + 4 S D F (SLFN) multiply-adds, plus each exit head "
        "computed, 2 FLOPs per multiply-add, a binarized one counting as one; S is the "
        "sentence's length with [CLS] and [SEP].",
        "",
        "![accuracy vs depth and FLOPs, exit histogram](report.png)",
        "",
        "## Against the paper",
        "",
        f"{PAPER}. Here: {100 * saving:.1f}% fewer FLOPs at "
        f"{100 * (chosen['accuracy'] - full['accuracy']):+.2f} points. The best dev accuracy of "
        f"any policy in the sweep is {100 * max(r['accuracy'] for _, r in rows):.2f}% vs "
        f"{100 * full['accuracy']:.2f}% at full depth: overthinking exists but is small at 4 layers.",
    ]
    if args.twin:
        with open(args.twin) as f:
            twin = json.load(f)
        final = twin["dev_accuracy_per_exit_by_epoch"][-1]
        lines += ["", "## Full-precision twin", "",
                  "The same model, data, schedule and loss with plain linears (no binarization): "
                  "dev accuracy per exit " + ", ".join(f"{100 * a:.2f}%" for a in final) +
                  f" after {twin['arguments']['epochs']} epochs ({twin['seconds'] / 60:.0f} min); "
                  "binarized: " + ", ".join(
                      f"{100 * a:.2f}%" for a in training["dev_accuracy_per_exit_by_epoch"][-1]) +
                  " (float32 training run, before export)."]
    if args.classify:
        same_ids, same_answer, differences = compiled_agreement(model, vocab, args.classify, dev, outputs)
        lines += ["", "## The compiled model", "",
                  f"`{os.path.basename(args.classify)} --batch` (beexc for this machine, the C runtime's "
                  "tokenizer) on every dev sentence: token ids equal the Python tokenizer's on "
                  f"**{same_ids}/{len(dev)}**; label and exit layer equal PyTorch's (float64) on "
                  f"**{same_answer}/{len(dev)}**."]
        for sentence, got, expected in differences[:5]:
            lines.append(f"- differs: {sentence!r}: compiled (exit, label) {got}, PyTorch {expected}")
        early, full_depth = wall_time_ms(args.classify, dev), wall_time_ms(args.classify, dev,
                                                                            "--full-depth")
        lines += ["", f"Wall time per dev sentence, compiled, one thread, tokenizing included "
                      f"(best of 3 passes over dev): **{early:.3f} ms** under the compiled default, "
                      f"{full_depth:.3f} ms at full depth ({full_depth / early:.2f}x)."]
    if args.build:
        storage_rows = embedding_storage_rows(args.build, args.checkpoint, dev)
        lines += ["", "## Compressed embeddings", "",
                  "The example compiled for this machine with its embedding tables stored as "
                  "`beex-import --embeddings` says (docs/math.md §2.4), run on every dev sentence:",
                  "", "| embeddings | model object | dev accuracy, compiled default | at full depth |",
                  "| --- | --- | --- | --- |"]
        for storage, size, early_accuracy, full_accuracy in storage_rows:
            lines.append(f"| {storage} | {size / 1e6:.2f} MB | {100 * early_accuracy:.2f}% | "
                         f"{100 * full_accuracy:.2f}% |")
    with open(os.path.join(args.out, "REPORT.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
