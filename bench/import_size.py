#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Imports a BERT-base-sized BEExformer (D=768, L=12, F=3072, V=30522, P=512)
and reports the import time and the .beex size against the safetensors size
(the fp32 twin: every tensor as f32), overall for each embedding storage
(beex-import --embeddings, docs/math.md §2.4) and for the block weights alone.

  /usr/bin/python3 bench/import_size.py [--bin build/bin] [--work /tmp/beex-import-size]
"""
import argparse
import json
import os
import struct
import subprocess
import time

import numpy as np

CONFIG = {"model_type": "beexformer", "vocab_size": 30522, "max_position_embeddings": 512,
          "hidden_size": 768, "num_attention_heads": 12, "intermediate_size": 3072,
          "num_hidden_layers": 12, "num_labels": 2}


def shapes(config):
    d, f = config["hidden_size"], config["intermediate_size"]
    yield "embeddings.word_embeddings.weight", (config["vocab_size"], d)
    yield "embeddings.position_embeddings.weight", (config["max_position_embeddings"], d)
    yield "embeddings.LayerNorm.weight", (d,)
    yield "embeddings.LayerNorm.bias", (d,)
    for b in range(config["num_hidden_layers"]):
        for name in ("query", "key", "value", "output"):
            yield f"blocks.{b}.attention.{name}.weight", (d, d)
            yield f"blocks.{b}.attention.{name}.bias", (d,)
        for norm in ("attention", "output"):
            yield f"blocks.{b}.{norm}.LayerNorm.weight", (d,)
            yield f"blocks.{b}.{norm}.LayerNorm.bias", (d,)
        for part in ("gate", "cand"):
            yield f"blocks.{b}.slfn.{part}.fc1.weight", (f, d)
            yield f"blocks.{b}.slfn.{part}.fc1.bias", (f,)
            yield f"blocks.{b}.slfn.{part}.fc2.weight", (d, f)
            yield f"blocks.{b}.slfn.{part}.fc2.bias", (d,)
    for e in range(1, config["num_hidden_layers"] + 1):
        yield f"exits.{e}.classifier.weight", (config["num_labels"], d)
        yield f"exits.{e}.classifier.bias", (config["num_labels"],)


def write_checkpoint(directory):
    os.makedirs(directory, exist_ok=True)
    rng = np.random.default_rng(0)
    header, offset, arrays = {}, 0, []
    for name, shape in shapes(CONFIG):
        array = rng.standard_normal(shape, dtype=np.float32) * 0.05
        header[name] = {"dtype": "F32", "shape": list(shape),
                        "data_offsets": [offset, offset + array.nbytes]}
        offset += array.nbytes
        arrays.append(array)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(os.path.join(directory, "model.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)
        for array in arrays:
            f.write(array.tobytes())
    with open(os.path.join(directory, "config.json"), "w") as f:
        json.dump(CONFIG, f)


def block_bytes_safetensors():
    return sum(4 * int(np.prod(shape)) for name, shape in shapes(CONFIG)
               if name.startswith("blocks.") and name.endswith(".weight")
               and "LayerNorm" not in name)


def block_bytes_beex():
    """Packed signs plus alpha (the compiled form of the same weights)."""
    total = 0
    for name, shape in shapes(CONFIG):
        if name.startswith("blocks.") and name.endswith(".weight") and "LayerNorm" not in name:
            rows, columns = shape
            total += rows * ((columns + 63) // 64) * 8 + rows * 4
    return total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "build", "bin"))
    parser.add_argument("--work", default="/tmp/beex-import-size")
    args = parser.parse_args()
    checkpoint = os.path.join(args.work, "checkpoint")
    if not os.path.exists(os.path.join(checkpoint, "model.safetensors")):
        write_checkpoint(checkpoint)
    safetensors = os.path.getsize(os.path.join(checkpoint, "model.safetensors"))
    for storage in ("f32", "int8", "q4"):
        output = os.path.join(args.work, f"model-{storage}.beex")
        start = time.perf_counter()
        subprocess.run([os.path.join(args.bin, "beex-import"), checkpoint, "-o", output,
                        f"--embeddings={storage}"], check=True)
        seconds = time.perf_counter() - start
        beex = os.path.getsize(output)
        print(f"{storage:>4} embeddings: import {seconds:.2f} s; whole model: safetensors "
              f"{safetensors / 2**20:.1f} MiB, .beex {beex / 2**20:.1f} MiB, "
              f"ratio {safetensors / beex:.2f}x")
    st_blocks, bx_blocks = block_bytes_safetensors(), block_bytes_beex()
    print(f"block linear weights: safetensors {st_blocks / 2**20:.1f} MiB, .beex {bx_blocks / 2**20:.1f} MiB "
          f"(signs + alpha), ratio {st_blocks / bx_blocks:.1f}x")


if __name__ == "__main__":
    main()
