# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""config.json of a BEExformer checkpoint: defaults and range checks (docs/checkpoint.md).

`normalize_config` turns what a user wrote into a complete dict (every key,
every pattern and policy parameter present) so the rest of the code never has
to know a default. Errors are ValueErrors that name the offending key.
"""

import copy
import math

REQUIRED_INTS = (
    "vocab_size",
    "max_position_embeddings",
    "hidden_size",
    "num_attention_heads",
    "intermediate_size",
    "num_hidden_layers",
    "num_labels",
)

DEFAULTS = {
    "share_block_weights": False,
    "layer_norm_eps": 1e-6,
    "embedding_layer_norm": True,
    "weight_scale": "per_channel",
    "activations": "f32",
    "attention_pattern": {"type": "dense"},
    "pooling": "mean",
    "exit_policy": {"type": "entropy_drop", "threshold": 0.1, "min_layer": 1},
}

WEIGHT_SCALES = ("per_channel", "per_tensor", "none")
ACTIVATIONS = ("f32", "int8", "binary")
POOLINGS = ("mean", "cls")
PATTERNS = ("dense", "local", "strided", "block_sparse")
EXIT_POLICIES = ("entropy_drop", "entropy_below", "patience", "none")

# docs/math.md §4 gives no default patience; 1 (stop when two exits in a row agree)
# is the smallest legal value and what the C++ side assumes too.
DEFAULT_PATIENCE = 1
DEFAULT_THRESHOLD = 0.1


def _int(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"config: {name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"config: {name} must be >= {minimum}, got {value}")
    return value


def _number(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"config: {name} must be a finite number, got {value!r}")
    return float(value)


def _choice(value, name, options):
    if value not in options:
        raise ValueError(f"config: {name} must be one of {list(options)}, got {value!r}")
    return value


def _bool(value, name):
    if not isinstance(value, bool):
        raise ValueError(f"config: {name} must be true or false, got {value!r}")
    return value


def _object(value, name):
    if not isinstance(value, dict):
        raise ValueError(f"config: {name} must be an object, got {value!r}")
    return value


def _pattern(raw):
    raw = _object(raw, "attention_pattern")
    kind = _choice(raw.get("type"), "attention_pattern.type", PATTERNS)
    pattern = {"type": kind}
    if kind == "local":
        pattern["window"] = _int(raw.get("window"), "attention_pattern.window", 0)
    elif kind == "strided":
        pattern["stride"] = _int(raw.get("stride"), "attention_pattern.stride", 1)
    elif kind == "block_sparse":
        pattern["block"] = _int(raw.get("block"), "attention_pattern.block", 1)
        pattern["band"] = _int(raw.get("band"), "attention_pattern.band", 0)
        blocks = raw.get("global", [])
        if not isinstance(blocks, list):
            raise ValueError("config: attention_pattern.global must be a list of block indices")
        pattern["global"] = sorted({_int(b, "attention_pattern.global[]", 0) for b in blocks})
    return pattern


def _exit_policy(raw, layers):
    raw = _object(raw, "exit_policy")
    policy = {
        "type": _choice(raw.get("type"), "exit_policy.type", EXIT_POLICIES),
        "threshold": _number(raw.get("threshold", DEFAULT_THRESHOLD), "exit_policy.threshold"),
        "min_layer": _int(raw.get("min_layer", 1), "exit_policy.min_layer", 1),
        "patience": _int(raw.get("patience", DEFAULT_PATIENCE), "exit_policy.patience", 1),
    }
    if policy["min_layer"] > layers:
        raise ValueError(f"config: exit_policy.min_layer must be <= num_hidden_layers ({layers})")
    return policy


def normalize_config(raw):
    """A complete, checked copy of the config dict `raw`."""
    if raw.get("model_type") != "beexformer":
        raise ValueError(f"config: model_type must be \"beexformer\", got {raw.get('model_type')!r}")
    for key in REQUIRED_INTS:
        if key not in raw:
            raise ValueError(f"config: missing required key {key}")
        _int(raw[key], key, 2 if key == "num_labels" else 1)
    config = copy.deepcopy(DEFAULTS)
    config.update(copy.deepcopy(raw))
    if config["hidden_size"] % config["num_attention_heads"]:
        raise ValueError("config: hidden_size must be a multiple of num_attention_heads")
    for key in ("share_block_weights", "embedding_layer_norm"):
        _bool(config[key], key)
    if _number(config["layer_norm_eps"], "layer_norm_eps") < 0:
        raise ValueError("config: layer_norm_eps must be >= 0")
    _choice(config["weight_scale"], "weight_scale", WEIGHT_SCALES)
    _choice(config["activations"], "activations", ACTIVATIONS)
    _choice(config["pooling"], "pooling", POOLINGS)
    config["attention_pattern"] = _pattern(config["attention_pattern"])
    config["exit_policy"] = _exit_policy(config["exit_policy"], config["num_hidden_layers"])
    return config
