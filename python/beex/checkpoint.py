# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""The checkpoint a user brings to the compiler: config.json + model.safetensors.

`expected_shapes` is docs/checkpoint.md's tensor table written as code; saving and
loading both check against it, so a checkpoint this module writes is exactly
what the importer expects, and one it reads is validated as the importer
would (errors name the tensor). A binarized weight `W` may come with a
`W.alpha` tensor ([out] or [1]) that overrides its computed scale; it lives
in the model as the linear's `alpha` buffer.
"""

import json
import os

import torch

from beex.config import normalize_config
from beex.model import BEExformer
from beex.safetensors_io import load_file, save_file

CONFIG_FILE = "config.json"
WEIGHTS_FILE = "model.safetensors"
ALPHA_SUFFIX = ".alpha"


def _linear_shapes(prefix, out_features, in_features):
    return {f"{prefix}.weight": (out_features, in_features), f"{prefix}.bias": (out_features,)}


def _norm_shapes(prefix, width):
    return {f"{prefix}.weight": (width,), f"{prefix}.bias": (width,)}


def binarized_weights(config):
    """Name -> [out, in] of every binarized linear weight of `config`."""
    width, inner = config["hidden_size"], config["intermediate_size"]
    stored = 1 if config["share_block_weights"] else config["num_hidden_layers"]
    names = {}
    for block in range(stored):
        for part in ("query", "key", "value", "output"):
            names[f"blocks.{block}.attention.{part}.weight"] = (width, width)
        for branch in ("gate", "cand"):
            names[f"blocks.{block}.slfn.{branch}.fc1.weight"] = (inner, width)
            names[f"blocks.{block}.slfn.{branch}.fc2.weight"] = (width, inner)
    return names


def expected_shapes(config):
    """Name -> shape of every tensor a checkpoint of `config` must hold, no more."""
    config = normalize_config(config)
    width = config["hidden_size"]
    shapes = {
        "embeddings.word_embeddings.weight": (config["vocab_size"], width),
        "embeddings.position_embeddings.weight": (config["max_position_embeddings"], width),
    }
    if config["embedding_layer_norm"]:
        shapes.update(_norm_shapes("embeddings.LayerNorm", width))
    for name, (rows, columns) in binarized_weights(config).items():
        shapes.update(_linear_shapes(name[: -len(".weight")], rows, columns))
    stored = 1 if config["share_block_weights"] else config["num_hidden_layers"]
    for block in range(stored):
        shapes.update(_norm_shapes(f"blocks.{block}.attention.LayerNorm", width))
        shapes.update(_norm_shapes(f"blocks.{block}.output.LayerNorm", width))
    for layer in range(config["exit_policy"]["min_layer"], config["num_hidden_layers"] + 1):
        shapes.update(_linear_shapes(f"exits.{layer}.classifier", config["num_labels"], width))
    return shapes


def _check_alpha(name, alpha, rows):
    if tuple(alpha.shape) not in ((rows,), (1,)):
        raise ValueError(f"tensor {name}: shape {list(alpha.shape)}, expected [{rows}] or [1]")
    if not torch.isfinite(alpha).all():
        raise ValueError(f"tensor {name}: non-finite scale")


def save_checkpoint(model, config, out_dir, dtype="F32", alpha_overrides=None):
    """Writes `config` (as given, defaults may be omitted) and the model's tensors.

    alpha_overrides: optional {weight name: [out] or [1] tensor}, written as
    `<weight name>.alpha` next to any alpha buffers the model already holds.
    """
    if normalize_config(config) != model.config:
        raise ValueError("save_checkpoint: config does not describe this model")
    binarized = binarized_weights(model.config)
    tensors = {}
    for name, tensor in model.state_dict().items():
        if name.endswith(ALPHA_SUFFIX):  # module "x" buffer "alpha" -> "x.weight.alpha"
            name = name[: -len(ALPHA_SUFFIX)] + ".weight" + ALPHA_SUFFIX
        tensors[name] = tensor
    for weight, alpha in (alpha_overrides or {}).items():
        if weight not in binarized:
            raise ValueError(f"alpha override for {weight}, which is not a binarized weight")
        _check_alpha(weight + ALPHA_SUFFIX, alpha, binarized[weight][0])
        tensors[weight + ALPHA_SUFFIX] = alpha
    plain = {name for name in tensors if not name.endswith(ALPHA_SUFFIX)}
    differences = sorted(plain ^ set(expected_shapes(config)))
    if differences:
        raise ValueError(f"save_checkpoint: model tensors differ from docs/checkpoint.md: {differences}")
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, CONFIG_FILE), "w") as out:
        json.dump(config, out, indent=2)
        out.write("\n")
    save_file(tensors, os.path.join(out_dir, WEIGHTS_FILE), dtype)


def load_checkpoint(directory):
    """(normalized config, float32 BEExformer in eval mode) from a checkpoint folder.

    Raises ValueError naming the tensor or key for anything docs/checkpoint.md forbids:
    missing or extra tensors, wrong shapes, non-finite scales, bad config.
    """
    with open(os.path.join(directory, CONFIG_FILE)) as source:
        config = normalize_config(json.load(source))
    tensors = load_file(os.path.join(directory, WEIGHTS_FILE))
    expected = expected_shapes(config)
    binarized = binarized_weights(config)
    for name, shape in expected.items():
        if name not in tensors:
            raise ValueError(f"missing tensor {name}")
        if tuple(tensors[name].shape) != shape:
            raise ValueError(f"tensor {name}: shape {list(tensors[name].shape)}, expected {list(shape)}")
    alphas = {}
    for name, tensor in tensors.items():
        if name in expected:
            continue
        weight = name[: -len(ALPHA_SUFFIX)]
        if not name.endswith(ALPHA_SUFFIX) or weight not in binarized:
            raise ValueError(f"unexpected tensor {name}")
        _check_alpha(name, tensor, binarized[weight][0])
        alphas[weight] = tensor
    model = BEExformer(config)
    model.load_state_dict({name: tensors[name] for name in expected}, strict=True)
    for weight, alpha in alphas.items():
        model.get_submodule(weight[: -len(".weight")]).alpha = alpha
    return config, model.eval()
