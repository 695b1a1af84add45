#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Writes the seed corpora of fuzz/corpus/ from the test inputs:

- checkpoint/: config.json, a NUL byte, model.safetensors, for checkpoints of
  test/Import/Inputs/make_checkpoint.py covering every config choice and
  storage type (fuzz/checkpoint.cpp's input format);
- beex-file/: the same checkpoints imported by beex-import;
- ir/: the beex IR of the dialect and transform tests, split at `// -----`,
  the hand-written example model, and one translated model.

The runtime fuzzer's seeds are inputs it found itself (FuzzedDataProvider
choices have no readable form), kept by scripts/fuzz.sh --merge.

    /usr/bin/python3 fuzz/make_corpus.py [--build build]
"""
import argparse
import os
import shutil
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAKE_CHECKPOINT = os.path.join(ROOT, "test", "Import", "Inputs", "make_checkpoint.py")

VARIANTS = {
    "base": [],
    "f16": ["--storage", "F16"],
    "bf16": ["--storage", "BF16"],
    "shared": ["--set", "share_block_weights=true", "--set", "num_hidden_layers=3"],
    "alpha": ["--alpha", "blocks.0.attention.query.weight=8",
              "--alpha", "blocks.1.slfn.gate.fc2.weight=1"],
    "int8-local": ["--set", 'activations="int8"',
                   "--set", 'attention_pattern={"type": "local", "window": 1}'],
    "binary-strided": ["--set", 'activations="binary"', "--set", 'pooling="cls"',
                       "--set", 'attention_pattern={"type": "strided", "stride": 2}'],
    "block-sparse": ["--set", 'attention_pattern={"type": "block_sparse", "block": 2, '
                              '"band": 0, "global": [0, 3]}'],
    "entropy-below": ["--set", 'exit_policy={"type": "entropy_below", "threshold": 0.3, '
                               '"min_layer": 2}'],
    "patience": ["--set", 'exit_policy={"type": "patience", "patience": 2}',
                 "--set", "num_hidden_layers=3"],
    "no-exit": ["--set", 'exit_policy={"type": "none"}', "--set", "embedding_layer_norm=false",
                "--set", 'weight_scale="none"'],
    "per-tensor": ["--set", 'weight_scale="per_tensor"', "--set", "num_labels=3",
                   "--set", "hidden_size=6", "--set", "num_attention_heads=3",
                   "--set", "intermediate_size=5"],
    "wide": ["--set", "hidden_size=66", "--set", "num_attention_heads=2",
             "--set", "intermediate_size=3", "--set", "num_hidden_layers=1",
             "--set", "vocab_size=3", "--set", "max_position_embeddings=2"],
    "truncated": ["--truncate", "300"],
    "bad-header": ["--header-text", '{"a": {"dtype": "F32", "shape": [1], '
                                    '"data_offsets": [0, 4]}}'],
}


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def checkpoint_seeds(build, out):
    with tempfile.TemporaryDirectory() as work:
        for name, options in VARIANTS.items():
            folder = os.path.join(work, name)
            subprocess.run(["/usr/bin/python3", MAKE_CHECKPOINT, folder] + options, check=True)
            with open(os.path.join(folder, "config.json"), "rb") as f:
                config = f.read()
            with open(os.path.join(folder, "model.safetensors"), "rb") as f:
                weights = f.read()
            write(os.path.join(out, "checkpoint", name), config + b"\0" + weights)
            beex = os.path.join(work, name + ".beex")
            imported = subprocess.run([os.path.join(build, "bin", "beex-import"), folder,
                                       "-o", beex], capture_output=True)
            if imported.returncode == 0:
                shutil.copy(beex, os.path.join(out, "beex-file", name + ".beex"))
                if name == "wide":
                    mlir = subprocess.run(
                        [os.path.join(build, "bin", "beex-translate"), "--import-beex", beex],
                        check=True, capture_output=True).stdout
                    write(os.path.join(out, "ir", "translated-wide.mlir"), mlir)


def ir_seeds(out):
    sources = [os.path.join("test", "Dialect", "Beex", name)
               for name in ("ops.mlir", "invalid.mlir", "canonicalize.mlir", "model.mlir")]
    sources += [os.path.join("test", "Transforms", name)
                for name in ("pack-weights.mlir", "expand-math.mlir")]
    sources.append(os.path.join("examples", "tiny", "model.mlir"))
    for source in sources:
        with open(os.path.join(ROOT, source), "rb") as f:
            pieces = f.read().split(b"\n// -----\n")
        stem = source.replace(os.sep, "-")[:-len(".mlir")]
        for index, piece in enumerate(pieces):
            suffix = f"-{index}" if len(pieces) > 1 else ""
            write(os.path.join(out, "ir", f"{stem}{suffix}.mlir"), piece)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--out", default=os.path.join(ROOT, "fuzz", "corpus"))
    args = parser.parse_args()
    for target in ("checkpoint", "beex-file", "ir"):
        shutil.rmtree(os.path.join(args.out, target), ignore_errors=True)
        os.makedirs(os.path.join(args.out, target))
    checkpoint_seeds(os.path.abspath(args.build), args.out)
    ir_seeds(args.out)


if __name__ == "__main__":
    main()
