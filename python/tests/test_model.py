# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""The PyTorch model against a naive, loop-by-loop reading of docs/math.md §3.

The naive version shares no code with beex.model (only the checkpoint
reader), so the two agreeing on random checkpoints of every kind is evidence
that the module computes what the spec (docs/math.md) says.
"""

import math
import tempfile
import unittest

import numpy as np
import torch

from beex.checkpoint import load_checkpoint
from beex.random_checkpoint import random_tokens, write_random_checkpoint
from tests.test_attention_masks import sees

SEEDS = range(50)


def naive_forward(config, tensors, alphas, tokens):
    """Entropies and logits of every exit, full depth, in float64 numpy."""
    width, heads = config["hidden_size"], config["num_attention_heads"]
    size, eps = width // heads, config["layer_norm_eps"]
    t = {name: value.double().numpy() for name, value in tensors.items()}

    def layer_norm(x, prefix):
        mean = x.mean(axis=-1, keepdims=True)
        var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        return (x - mean) / np.sqrt(var + eps) * t[prefix + ".weight"] + t[prefix + ".bias"]

    def binarized(x, prefix):
        w = t[prefix + ".weight"]
        signs = np.where(w >= 0, 1.0, -1.0)
        if prefix + ".weight" in alphas:
            alpha = alphas[prefix + ".weight"].double().numpy()
        elif config["weight_scale"] == "per_channel":
            alpha = np.abs(w).mean(axis=1).astype(np.float32).astype(np.float64)
        elif config["weight_scale"] == "per_tensor":
            alpha = np.float64(np.float32(np.abs(w).mean()))
        else:
            alpha = 1.0
        rows = []
        for row in x:
            if config["activations"] == "f32":
                beta, a = 1.0, row
            elif config["activations"] == "int8":
                beta = np.abs(row).max() / 127 or 1.0
                a = np.clip(np.round(row / beta), -127, 127)  # numpy rounds half to even
            else:
                beta, a = np.abs(row).mean(), np.where(row >= 0, 1.0, -1.0)
            rows.append(alpha * beta * (signs @ a) + t[prefix + ".bias"])
        return np.array(rows)

    length = len(tokens)
    x = t["embeddings.word_embeddings.weight"][tokens] + t["embeddings.position_embeddings.weight"][:length]
    if config["embedding_layer_norm"]:
        x = layer_norm(x, "embeddings.LayerNorm")
    results = []
    for layer in range(1, config["num_hidden_layers"] + 1):
        p = f"blocks.{0 if config['share_block_weights'] else layer - 1}."
        q, k, v = (binarized(x, p + "attention." + n) for n in ("query", "key", "value"))
        concat = np.zeros_like(x)
        for h in range(heads):
            cols = slice(h * size, (h + 1) * size)
            for i in range(length):
                seen = [j for j in range(length) if sees(config["attention_pattern"], i, j)]
                scores = np.array([q[i, cols] @ k[j, cols] / math.sqrt(size) for j in seen])
                weights = np.exp(scores - scores.max())
                weights /= weights.sum()
                concat[i, cols] = sum(wj * v[j, cols] for wj, j in zip(weights, seen))
        h_ = layer_norm(x + binarized(concat, p + "attention.output"), p + "attention.LayerNorm")
        gate = binarized(1 / (1 + np.exp(-binarized(h_, p + "slfn.gate.fc1"))), p + "slfn.gate.fc2")
        cand = binarized(np.tanh(binarized(h_, p + "slfn.cand.fc1")), p + "slfn.cand.fc2")
        x = layer_norm(h_ + gate * cand, p + "output.LayerNorm")
        if layer >= config["exit_policy"]["min_layer"]:
            pooled = x.mean(axis=0) if config["pooling"] == "mean" else x[0]
            z = t[f"exits.{layer}.classifier.weight"] @ pooled + t[f"exits.{layer}.classifier.bias"]
            p_ = np.exp(z - z.max())
            p_ /= p_.sum()
            results.append((float(-(p_ * np.log(p_)).sum()), z.tolist()))
    return results


class ModelTest(unittest.TestCase):
    def test_matches_naive_spec_reading(self):
        with tempfile.TemporaryDirectory() as folder:
            for seed in SEEDS:
                write_random_checkpoint(seed, folder)
                config, model = load_checkpoint(folder)
                model.double()
                tensors = model.state_dict()
                alphas = {
                    name + ".weight": module.alpha
                    for name, module in model.named_modules()
                    if getattr(module, "alpha", None) is not None
                }
                for tokens in random_tokens(config, seed, 2):
                    result = model.forward_tokens(tokens, full_depth=True)
                    if result["margins"]["quantization"] < 1e-9:
                        continue
                    naive = naive_forward(config, tensors, alphas, tokens)
                    with self.subTest(seed=seed, length=len(tokens)):
                        np.testing.assert_allclose(result["entropies"], [h for h, _ in naive], rtol=0, atol=1e-9)
                        np.testing.assert_allclose(result["logits"], naive[-1][1], rtol=1e-9, atol=1e-9)

    def test_batch_forward_matches_single_sequences(self):
        with tempfile.TemporaryDirectory() as folder:
            for seed in (0, 1, 2, 5):
                write_random_checkpoint(seed, folder)
                config, model = load_checkpoint(folder)
                model.double()
                inputs = random_tokens(config, seed, 3)
                longest = max(map(len, inputs))
                ids = torch.tensor([s + [0] * (longest - len(s)) for s in inputs])
                mask = torch.tensor([[1] * len(s) + [0] * (longest - len(s)) for s in inputs])
                logits = model(ids, mask)
                self.assertEqual(tuple(logits.shape), (len(model.exit_layers), len(inputs), config["num_labels"]))
                for b, tokens in enumerate(inputs):
                    single = model.forward_tokens(tokens, full_depth=True)
                    with self.subTest(seed=seed, input=b):
                        np.testing.assert_allclose(logits[-1, b].tolist(), single["logits"], rtol=1e-9, atol=1e-9)

    def test_training_step_reduces_loss(self):
        with tempfile.TemporaryDirectory() as folder:
            write_random_checkpoint(1, folder)
            config, model = load_checkpoint(folder)
        model.train()
        generator = torch.Generator().manual_seed(0)
        ids = torch.randint(config["vocab_size"], (4, config["max_position_embeddings"]), generator=generator)
        labels = torch.tensor([0, 1, 0, 1])
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
        losses = []
        for _ in range(5):
            logits = model(ids)
            loss = sum(torch.nn.functional.cross_entropy(z, labels) for z in logits)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        self.assertLess(losses[-1], losses[0])


if __name__ == "__main__":
    unittest.main()
