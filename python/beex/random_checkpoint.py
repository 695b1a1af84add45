#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Random BEExformer checkpoints that cover the whole config space of docs/checkpoint.md.

Used to check the compiler against the PyTorch reference on models nobody
would write by hand: odd sizes, edge-case attention patterns, every exit
policy, shared blocks, half-precision files and scale overrides. Everything
is a deterministic function of the seed, so a failing seed can be rerun.
Seeds 0..49 together cover every item listed in tests/test_random_config.py.

    /usr/bin/python3 -m beex.random_checkpoint --seed 7 --out /tmp/ckpt   # from python/
"""

import argparse
import math
import os
import random
import sys

import torch

if __package__ in (None, ""):  # run as a script path: make `beex` importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from beex.checkpoint import binarized_weights, save_checkpoint  # noqa: E402
from beex.config import ACTIVATIONS, DEFAULTS, EXIT_POLICIES, PATTERNS, POOLINGS, WEIGHT_SCALES  # noqa: E402
from beex.model import BEExformer  # noqa: E402

WIDTHS = (8, 16, 24, 40, 64, 72, 100, 128)
HEAD_COUNTS = (1, 2, 3, 4, 5, 8)
INTERMEDIATE = (1, 7, 33, 64, 65, 127, 160)
MAX_POSITIONS = (1, 3, 8, 19, 33, 64)


def _rng(seed, stream):
    """An independent, reproducible random stream per (seed, purpose)."""
    return random.Random(f"beex-{stream}-{seed}")


def _pattern(rng, positions):
    kind = rng.choice(PATTERNS)
    if kind == "local":
        return {"type": kind, "window": rng.choice([0, 1, 2, 5, positions])}
    if kind == "strided":
        return {"type": kind, "stride": rng.choice([1, 2, 3, 5, positions + 1])}
    if kind == "block_sparse":
        block = rng.choice([1, 2, 4, 8, 16])
        pattern = {"type": kind, "block": block, "band": rng.choice([0, 0, 1, 2])}
        count = math.ceil(positions / block)
        choice = rng.random()
        if choice < 0.5:
            pattern["global"] = sorted(rng.sample(range(count), min(count, rng.randint(1, 2))))
        elif choice < 0.75:
            pattern["global"] = []
        return pattern
    return {"type": kind}


def _exit_policy(rng, layers, labels):
    """A policy whose threshold lands among the entropies random models produce,
    so that exits happen at various layers; sometimes the default policy."""
    if rng.random() < 0.15:
        return dict(DEFAULTS["exit_policy"])
    kind = rng.choice(EXIT_POLICIES)
    policy = {"type": kind}
    if layers > 1 and rng.random() < 0.3:
        policy["min_layer"] = rng.randint(2, layers)
    if kind == "entropy_drop":
        policy["threshold"] = round(rng.uniform(-0.3, 0.4), 4)
    elif kind == "entropy_below":
        policy["threshold"] = round(rng.uniform(0.5, 1.0) * math.log(labels), 4)
    elif kind == "patience":
        policy["patience"] = rng.randint(1, 3)
    return policy


def random_config(seed):
    """A config.json dict; optional keys are sometimes left to their defaults."""
    rng = _rng(seed, "config")
    width = rng.choice(WIDTHS)
    layers = rng.choice([1, 2, 3, 3, 4, 4, 4])
    labels = rng.randint(2, 5)
    positions = rng.choice(MAX_POSITIONS)
    config = {
        "model_type": "beexformer",
        "vocab_size": rng.randint(2, 300),
        "max_position_embeddings": positions,
        "hidden_size": width,
        "num_attention_heads": rng.choice([h for h in HEAD_COUNTS if width % h == 0]),
        "intermediate_size": rng.choice(INTERMEDIATE),
        "num_hidden_layers": layers,
        "num_labels": labels,
    }
    optional = {
        "share_block_weights": rng.random() < 0.3,
        "layer_norm_eps": rng.choice([1e-6, 1e-5, 1e-12]),
        "embedding_layer_norm": rng.random() < 0.7,
        "weight_scale": rng.choice(WEIGHT_SCALES),
        "activations": rng.choice(ACTIVATIONS),
        "attention_pattern": _pattern(rng, positions),
        "pooling": rng.choice(POOLINGS),
        "exit_policy": _exit_policy(rng, layers, labels),
    }
    for key, value in optional.items():
        if value != DEFAULTS[key] or rng.random() < 0.5:
            config[key] = value
    return config


def random_dtype(seed):
    """Mostly F32; F16 and BF16 sometimes, to exercise widening on import."""
    return _rng(seed, "dtype").choice(["F32", "F32", "F32", "F16", "BF16"])


def random_embedding_storage(seed):
    """How beex-import stores the embedding tables (--embeddings), for the
    compiled sweeps: every format on every target."""
    return _rng(seed, "embeddings").choice(["f32", "int8", "q4"])


def random_model(config, seed):
    """A BEExformer with weights that keep every activation non-degenerate
    and the model well conditioned (float32 and float64 runs agree to about
    1e-6): latent weights ~N(0, 1/in), LayerNorm gains near 1, exit heads of
    varied sharpness so entropies differ from layer to layer.

    With weight_scale "none" (alpha = 1) a linear multiplies the size of its
    input by about sqrt(in); the embeddings and LayerNorm outputs are then
    scaled by 1/sqrt(D), as training would make them, or the attention
    scores grow so large that rounding errors are amplified layer by layer.
    """
    model = BEExformer(config)
    generator = torch.Generator().manual_seed(seed)
    width = model.config["hidden_size"]
    size = 1 / math.sqrt(width) if model.config["weight_scale"] == "none" else 1.0
    shared_head = torch.randn(model.config["num_labels"], width, generator=generator)

    def normal(shape, std):
        return torch.randn(shape, generator=generator) * std

    with torch.no_grad():
        for name, parameter in model.named_parameters():
            shape = parameter.shape
            if name.endswith("LayerNorm.weight"):
                value = (1 + normal(shape, 0.1)) * size
            elif name.endswith("LayerNorm.bias"):
                value = normal(shape, 0.1) * size
            elif name.endswith("bias"):
                value = normal(shape, 0.1)
            elif name.startswith("embeddings."):
                value = normal(shape, size)
            elif name.startswith("exits."):
                gain = 0.5 + 3 * torch.rand(1, generator=generator).item()
                value = (shared_head + normal(shape, 0.7)) * gain / (math.sqrt(width) * size)
            else:  # binarized latent weight [out, in]
                value = normal(shape, 1 / math.sqrt(shape[1]))
            parameter.copy_(value)
    return model


def random_alpha_overrides(config, seed):
    """For about a third of the seeds, `.alpha` tensors ([out] or [1]) on
    some binarized weights; {} otherwise."""
    rng = _rng(seed, "alpha")
    if rng.random() > 0.35:
        return {}
    weights = binarized_weights(BEExformer(config).config)
    chosen = rng.sample(sorted(weights), rng.randint(1, min(4, len(weights))))
    overrides = {}
    for name in chosen:
        rows, columns = weights[name]
        count = rows if rng.random() < 0.5 else 1
        overrides[name] = torch.tensor([rng.uniform(0.3, 1.5) / math.sqrt(columns) for _ in range(count)])
    return overrides


def write_random_checkpoint(seed, out_dir):
    """Writes the checkpoint of `seed` to `out_dir`; returns its config dict."""
    config = random_config(seed)
    save_checkpoint(
        random_model(config, seed),
        config,
        out_dir,
        dtype=random_dtype(seed),
        alpha_overrides=random_alpha_overrides(config, seed),
    )
    return config


def random_tokens(config, seed, count=4):
    """`count` (>= 2) inputs: lengths 1 and P first, then random lengths."""
    rng = _rng(seed, "tokens")
    positions, vocab = config["max_position_embeddings"], config["vocab_size"]
    lengths = [1, positions] + [rng.randint(1, positions) for _ in range(count - 2)]
    return [[rng.randrange(vocab) for _ in range(length)] for length in lengths]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--out", required=True, help="folder to write config.json and model.safetensors to")
    args = parser.parse_args(argv)
    write_random_checkpoint(args.seed, args.out)
    print(f"wrote {args.out} (seed {args.seed}, {random_dtype(args.seed)})")


if __name__ == "__main__":
    main()
