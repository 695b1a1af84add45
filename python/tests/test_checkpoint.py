# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Checkpoint names, shapes and validation against docs/checkpoint.md."""

import json
import math
import os
import tempfile
import unittest

import torch

from beex.checkpoint import expected_shapes, load_checkpoint, save_checkpoint
from beex.config import normalize_config
from beex.model import BEExformer
from beex.safetensors_io import load_file, save_file

TINY = {
    "model_type": "beexformer", "vocab_size": 11, "max_position_embeddings": 6, "hidden_size": 8,
    "num_attention_heads": 2, "intermediate_size": 5, "num_hidden_layers": 2, "num_labels": 3,
}


def block_names(block):
    """docs/checkpoint.md's rows for one block, written out."""
    p = f"blocks.{block}."
    names = {}
    for part in ("query", "key", "value", "output"):
        names[p + f"attention.{part}.weight"] = (8, 8)
        names[p + f"attention.{part}.bias"] = (8,)
    for part in ("attention.LayerNorm", "output.LayerNorm"):
        names[p + part + ".weight"] = (8,)
        names[p + part + ".bias"] = (8,)
    for branch in ("gate", "cand"):
        names[p + f"slfn.{branch}.fc1.weight"] = (5, 8)
        names[p + f"slfn.{branch}.fc1.bias"] = (5,)
        names[p + f"slfn.{branch}.fc2.weight"] = (8, 5)
        names[p + f"slfn.{branch}.fc2.bias"] = (8,)
    return names


class CheckpointTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.dir = self.folder.name

    def tearDown(self):
        self.folder.cleanup()

    def test_names_and_shapes_unshared(self):
        want = {
            "embeddings.word_embeddings.weight": (11, 8),
            "embeddings.position_embeddings.weight": (6, 8),
            "embeddings.LayerNorm.weight": (8,),
            "embeddings.LayerNorm.bias": (8,),
            **block_names(0),
            **block_names(1),
            "exits.1.classifier.weight": (3, 8), "exits.1.classifier.bias": (3,),
            "exits.2.classifier.weight": (3, 8), "exits.2.classifier.bias": (3,),
        }
        self.assertEqual(expected_shapes(TINY), want)
        save_checkpoint(BEExformer(TINY), TINY, self.dir)
        saved = load_file(os.path.join(self.dir, "model.safetensors"))
        self.assertEqual({n: tuple(t.shape) for n, t in saved.items()}, want)

    def test_names_and_shapes_shared_without_embedding_norm(self):
        config = dict(TINY, share_block_weights=True, embedding_layer_norm=False,
                      exit_policy={"type": "none", "min_layer": 2})
        want = {
            "embeddings.word_embeddings.weight": (11, 8),
            "embeddings.position_embeddings.weight": (6, 8),
            **block_names(0),
            "exits.2.classifier.weight": (3, 8), "exits.2.classifier.bias": (3,),
        }
        self.assertEqual(expected_shapes(config), want)
        save_checkpoint(BEExformer(config), config, self.dir)
        self.assertEqual(set(load_file(os.path.join(self.dir, "model.safetensors"))), set(want))

    def test_round_trip_with_alpha_overrides(self):
        config = dict(TINY, activations="int8")
        model = BEExformer(config).double()
        overrides = {
            "blocks.1.attention.key.weight": torch.tensor([0.5]),
            "blocks.0.slfn.cand.fc1.weight": torch.arange(1.0, 6.0),
        }
        save_checkpoint(model, config, self.dir, alpha_overrides=overrides)
        with open(os.path.join(self.dir, "config.json")) as source:
            self.assertEqual(json.load(source), config)
        saved = load_file(os.path.join(self.dir, "model.safetensors"))
        self.assertEqual(saved["blocks.1.attention.key.weight.alpha"].tolist(), [0.5])
        loaded_config, loaded = load_checkpoint(self.dir)
        self.assertEqual(loaded_config, normalize_config(config))
        self.assertEqual(loaded.blocks[0].slfn.cand.fc1.scale().tolist(), [1.0, 2.0, 3.0, 4.0, 5.0])
        self.assertEqual(loaded.blocks[1].attention.key.scale().tolist(), [0.5])
        for name, tensor in model.state_dict().items():
            self.assertTrue(torch.equal(loaded.state_dict()[name].double(), tensor.float().double()), name)
        # Saving the loaded model keeps the overrides (now alpha buffers).
        save_checkpoint(loaded, config, self.dir)
        self.assertIn("blocks.1.attention.key.weight.alpha", load_file(os.path.join(self.dir, "model.safetensors")))
        reloaded = load_checkpoint(self.dir)[1].double()
        self.assertEqual(loaded.double().forward_tokens([1, 2, 3]), reloaded.forward_tokens([1, 2, 3]))

    def _write_with(self, name, tensor):
        """A TINY checkpoint with tensor `name` replaced, added or (None) removed."""
        save_checkpoint(BEExformer(TINY), TINY, self.dir)
        path = os.path.join(self.dir, "model.safetensors")
        tensors = load_file(path)
        if tensor is None:
            del tensors[name]
        else:
            tensors[name] = tensor
        save_file(tensors, path)

    def test_errors_name_the_tensor(self):
        alpha = "blocks.0.attention.key.weight.alpha"
        cases = [
            ("blocks.1.attention.query.bias", None, "missing tensor"),
            ("exits.3.classifier.weight", torch.ones(3, 8), "unexpected tensor"),
            ("blocks.0.slfn.gate.fc2.weight", torch.ones(5, 8), "shape"),
            (alpha, torch.tensor([math.inf]), "non-finite"),
            (alpha, torch.ones(2), "shape"),
            ("exits.1.classifier.weight.alpha", torch.ones(1), "unexpected tensor"),
        ]
        for name, tensor, message in cases:
            with self.subTest(name=name, message=message):
                self._write_with(name, tensor)
                with self.assertRaisesRegex(ValueError, message) as raised:
                    load_checkpoint(self.dir)
                self.assertIn(name, str(raised.exception))

    def test_config_errors_name_the_key(self):
        cases = [
            ({"num_labels": 1}, "num_labels"),
            ({"num_attention_heads": 3}, "num_attention_heads"),
            ({"activations": "int4"}, "activations"),
            ({"attention_pattern": {"type": "local"}}, "attention_pattern.window"),
            ({"attention_pattern": {"type": "strided", "stride": 0}}, "attention_pattern.stride"),
            ({"exit_policy": {"type": "entropy_drop", "min_layer": 3}}, "exit_policy.min_layer"),
            ({"exit_policy": {"type": "patience", "patience": 0}}, "exit_policy.patience"),
        ]
        for change, key in cases:
            with self.subTest(key=key):
                with self.assertRaisesRegex(ValueError, key.replace(".", r"\.")):
                    normalize_config(dict(TINY, **change))
        without = dict(TINY)
        del without["hidden_size"]
        with self.assertRaisesRegex(ValueError, "hidden_size"):
            normalize_config(without)

    def test_config_defaults(self):
        config = normalize_config(TINY)
        self.assertEqual(config["layer_norm_eps"], 1e-6)
        self.assertEqual(config["weight_scale"], "per_channel")
        self.assertEqual(config["activations"], "f32")
        self.assertEqual(config["attention_pattern"], {"type": "dense"})
        self.assertEqual(config["pooling"], "mean")
        self.assertTrue(config["embedding_layer_norm"])
        self.assertFalse(config["share_block_weights"])
        self.assertEqual(
            config["exit_policy"], {"type": "entropy_drop", "threshold": 0.1, "min_layer": 1, "patience": 1}
        )
        block_sparse = {"type": "block_sparse", "block": 2, "band": 0}
        pattern = normalize_config(dict(TINY, attention_pattern=block_sparse))
        self.assertEqual(pattern["attention_pattern"]["global"], [])


if __name__ == "__main__":
    unittest.main()
