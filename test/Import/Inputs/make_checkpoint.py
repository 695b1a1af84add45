#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Writes a small BEExformer checkpoint (config.json + model.safetensors), valid
by default, with options that break it in exactly one way for the importer's
error tests. Standard library only, so the tests need no PyTorch.

  make_checkpoint.py DIR [--set KEY=JSON] [--unset KEY] [--drop TENSOR]
      [--extra TENSOR] [--shape TENSOR=2,3] [--dtype TENSOR=I32] [--nan TENSOR]
      [--alpha TENSOR=N] [--storage F16|BF16] [--truncate BYTES]
      [--config-text TEXT] [--header-text TEXT] [--header-length N]

KEY may be dotted for nested objects (exit_policy.min_layer).
"""
import argparse
import json
import os
import random
import struct

BASE_CONFIG = {
    "model_type": "beexformer", "vocab_size": 20, "max_position_embeddings": 8,
    "hidden_size": 8, "num_attention_heads": 2, "intermediate_size": 12,
    "num_hidden_layers": 2, "num_labels": 2,
}


def tensor_shapes(config):
    """Names and shapes of docs/checkpoint.md for `config` (sizes that are not small
    positive integers, as in the bad configs, fall back on the base config)."""
    def size(key):
        value = config.get(key)
        return value if isinstance(value, int) and 0 < value < 1000 else BASE_CONFIG[key]
    v, p, d = size("vocab_size"), size("max_position_embeddings"), size("hidden_size")
    f, layers, c = size("intermediate_size"), size("num_hidden_layers"), size("num_labels")
    shapes = {"embeddings.word_embeddings.weight": [v, d],
              "embeddings.position_embeddings.weight": [p, d]}
    if config.get("embedding_layer_norm", True) is not False:
        shapes["embeddings.LayerNorm.weight"] = [d]
        shapes["embeddings.LayerNorm.bias"] = [d]
    blocks = 1 if config.get("share_block_weights") is True else layers
    for b in range(blocks):
        pre = f"blocks.{b}."
        for name in ("query", "key", "value", "output"):
            shapes[pre + f"attention.{name}.weight"] = [d, d]
            shapes[pre + f"attention.{name}.bias"] = [d]
        for norm in ("attention.LayerNorm", "output.LayerNorm"):
            shapes[pre + norm + ".weight"] = [d]
            shapes[pre + norm + ".bias"] = [d]
        for part in ("gate", "cand"):
            shapes[pre + f"slfn.{part}.fc1.weight"] = [f, d]
            shapes[pre + f"slfn.{part}.fc1.bias"] = [f]
            shapes[pre + f"slfn.{part}.fc2.weight"] = [d, f]
            shapes[pre + f"slfn.{part}.fc2.bias"] = [d]
    policy = config.get("exit_policy")
    min_layer = policy.get("min_layer", 1) if isinstance(policy, dict) else 1
    min_layer = min_layer if isinstance(min_layer, int) and min_layer >= 1 else 1
    for e in range(min_layer, layers + 1):
        shapes[f"exits.{e}.classifier.weight"] = [c, d]
        shapes[f"exits.{e}.classifier.bias"] = [c]
    return shapes


def set_key(config, dotted, value):
    *parents, last = dotted.split(".")
    for key in parents:
        config = config.setdefault(key, {})
    config[last] = value


def unset_key(config, dotted):
    *parents, last = dotted.split(".")
    for key in parents:
        config = config[key]
    del config[last]


def encode(values, dtype):
    if dtype == "F32":
        return struct.pack(f"<{len(values)}f", *values)
    if dtype == "F16":
        return struct.pack(f"<{len(values)}e", *values)
    if dtype == "BF16":  # The top half of the f32 bits (truncation is fine here).
        return b"".join(struct.pack("<I", struct.unpack("<I", struct.pack("<f", v))[0])[2:]
                        for v in values)
    return bytes(4 * len(values))  # An unsupported dtype: content does not matter.


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--set", action="append", default=[])
    parser.add_argument("--unset", action="append", default=[])
    parser.add_argument("--drop", action="append", default=[])
    parser.add_argument("--extra", action="append", default=[])
    parser.add_argument("--shape", action="append", default=[])
    parser.add_argument("--dtype", action="append", default=[])
    parser.add_argument("--nan", action="append", default=[])
    parser.add_argument("--alpha", action="append", default=[])
    parser.add_argument("--storage", default="F32")
    parser.add_argument("--truncate", type=int)
    parser.add_argument("--config-text")
    parser.add_argument("--header-text")
    parser.add_argument("--header-length", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    config = dict(BASE_CONFIG)
    for item in args.set:
        key, value = item.split("=", 1)
        set_key(config, key, json.loads(value))
    shapes = tensor_shapes(config)  # From the config before keys are removed.
    for key in args.unset:
        unset_key(config, key)

    for name in args.drop:
        del shapes[name]
    for name in args.extra:
        shapes[name] = [2]
    for item in args.shape:
        name, dims = item.split("=")
        shapes[name] = [int(x) for x in dims.split(",") if x]
    for item in args.alpha:
        name, count = item.split("=")
        shapes[name + ".alpha"] = [int(count)]
    dtypes = {name: args.storage for name in shapes}
    for item in args.dtype:
        name, dtype = item.split("=")
        dtypes[name] = dtype

    rng = random.Random(args.seed)
    header, data = {}, b""
    for name in sorted(shapes):
        count = 1
        for dim in shapes[name]:
            count *= dim
        if name.endswith(".alpha"):
            values = [rng.uniform(0.5, 1.5) for _ in range(count)]
        elif "LayerNorm.weight" in name:
            values = [rng.uniform(0.8, 1.2) for _ in range(count)]
        else:
            values = [rng.gauss(0.0, 0.5) for _ in range(count)]
        if name in args.nan:
            values[count // 2] = float("nan")
        blob = encode(values, dtypes[name])
        header[name] = {"dtype": dtypes[name], "shape": shapes[name],
                        "data_offsets": [len(data), len(data) + len(blob)]}
        data += blob

    header_text = args.header_text if args.header_text is not None else json.dumps(header)
    header_bytes = header_text.encode()
    header_bytes += b" " * (-len(header_bytes) % 8)
    length = args.header_length if args.header_length is not None else len(header_bytes)
    contents = struct.pack("<Q", length) + header_bytes + data
    if args.truncate is not None:
        contents = contents[:args.truncate]

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "config.json"), "w") as f:
        f.write(args.config_text if args.config_text is not None else json.dumps(config, indent=2))
    with open(os.path.join(args.out, "model.safetensors"), "wb") as f:
        f.write(contents)


if __name__ == "__main__":
    main()
