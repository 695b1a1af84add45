#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""The model in PyTorch, as a user without beex would run it: a plain fp32
twin of docs/math.md §3 built from nn.Linear layers of the same shapes, and the same
twin with its linears quantized to int8 by quantize_dynamic. One thread,
batch 1, full depth, random weights (only the time matters). Prints JSON:

  {"torch": version, "engine": quantized engine, "results":
   {"fp32": {"S": best ms, ...}, "int8": {...}},
   "linear_gmacs": {"fp32": {"KxN": G MAC/s, ...}, "int8": {...}}}

  taskset -c 1 /usr/bin/python3 bench/torch_twin.py --lengths 32,128 [--iterations 10]
      [--linear-shapes 768x3072,768x768,3072x768] [--linear-length 128]

linear_gmacs times one nn.Linear(K, N) alone on S x K (S = --linear-length),
fp32 and int8 as in the twin, next to which the bench puts beex's kernels.

bench.py runs it as a subprocess so that torch's threads and memory stay out
of the other measurements, with glibc's malloc told to keep freed memory
(baselines.torch_twin says why); without that, S=512 runs slower here.
"""
import argparse
import json
import math
import time

import torch
from torch import nn


class Block(nn.Module):
    """Attention (Q, K, V, O linears, softmax, residual, LN), then the SLFN
    fc2_gate(σ(fc1_gate(h))) ⊙ fc2_cand(tanh(fc1_cand(h))), residual, LN."""

    def __init__(self, width, heads, inner, eps):
        super().__init__()
        self.heads = heads
        self.query, self.key = nn.Linear(width, width), nn.Linear(width, width)
        self.value, self.output = nn.Linear(width, width), nn.Linear(width, width)
        self.attention_norm = nn.LayerNorm(width, eps=eps)
        self.gate_fc1, self.gate_fc2 = nn.Linear(width, inner), nn.Linear(inner, width)
        self.cand_fc1, self.cand_fc2 = nn.Linear(width, inner), nn.Linear(inner, width)
        self.output_norm = nn.LayerNorm(width, eps=eps)

    def forward(self, x):
        """x: [S, D], one sequence."""
        length, width = x.shape
        size = width // self.heads

        def split(t):
            return t.view(length, self.heads, size).transpose(0, 1)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(size)
        concat = (torch.softmax(scores, dim=-1) @ v).transpose(0, 1).reshape(length, width)
        h = self.attention_norm(x + self.output(concat))
        gate = self.gate_fc2(torch.sigmoid(self.gate_fc1(h)))
        cand = self.cand_fc2(torch.tanh(self.cand_fc1(h)))
        return self.output_norm(h + gate * cand)


class Twin(nn.Module):
    """Embeddings + LN, L blocks, an exit head on the mean-pooled rows after
    each block (its logits and entropy computed, as beex does at full depth)."""

    def __init__(self, config):
        super().__init__()
        width, eps = config["hidden_size"], 1e-6
        self.word = nn.Embedding(config["vocab_size"], width)
        self.position = nn.Embedding(config["max_position_embeddings"], width)
        self.norm = nn.LayerNorm(width, eps=eps)
        self.blocks = nn.ModuleList(
            Block(width, config["num_attention_heads"], config["intermediate_size"], eps)
            for _ in range(config["num_hidden_layers"]))
        self.exits = nn.ModuleList(nn.Linear(width, config["num_labels"])
                                   for _ in range(config["num_hidden_layers"]))

    def forward(self, tokens):
        x = self.norm(self.word(tokens) + self.position(torch.arange(len(tokens))))
        entropies = []
        for block, exit_head in zip(self.blocks, self.exits):
            x = block(x)
            logits = exit_head(x.mean(dim=0, keepdim=True))[0]  # int8 linears want 2-D
            entropies.append(torch.special.entr(torch.softmax(logits, dim=-1)).sum())
        return logits, torch.stack(entropies)


def best_ms(model, tokens, iterations):
    """Best of `iterations` runs after two warm-up runs."""
    with torch.no_grad():
        for _ in range(2):
            model(tokens)
        best = math.inf
        for _ in range(iterations):
            start = time.perf_counter()
            model(tokens)
            best = min(best, time.perf_counter() - start)
    return best * 1e3


def linear_gmacs(shape, length, quantized, iterations):
    """G MAC/s of one nn.Linear of `shape` ("KxN") on `length` rows."""
    k, n = (int(v) for v in shape.split("x"))
    # quantize_dynamic swaps a model's children, never the model itself.
    linear = nn.Sequential(nn.Linear(k, n)).eval()
    if quantized:
        linear = torch.ao.quantization.quantize_dynamic(linear, {nn.Linear}, dtype=torch.qint8)
    ms = best_ms(linear, torch.randn(length, k), iterations)
    return length * k * n / (ms * 1e6)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", default="16,32,128,512")
    parser.add_argument("--iterations", type=int, default=10)
    parser.add_argument("--modes", default="fp32,int8")
    parser.add_argument("--config", help="config.json (default: bench/import_size.py's CONFIG)")
    parser.add_argument("--linear-shapes", default="", help="KxN,... to time alone")
    parser.add_argument("--linear-length", type=int, default=128)
    args = parser.parse_args()
    if args.config:
        with open(args.config) as f:
            config = json.load(f)
    else:
        import import_size  # the same folder when run as bench/torch_twin.py
        config = import_size.CONFIG
    torch.set_num_threads(1)
    torch.manual_seed(0)
    fp32 = Twin(config).eval()
    models = {"fp32": fp32}
    if "int8" in args.modes.split(","):
        # On x86 the engine is fbgemm, or onednn in builds without fbgemm (Debian's).
        models["int8"] = torch.ao.quantization.quantize_dynamic(fp32, {nn.Linear}, dtype=torch.qint8)
    lengths = [int(s) for s in args.lengths.split(",")]
    results = {}
    for mode in args.modes.split(","):
        results[mode] = {}
        for length in lengths:
            tokens = torch.tensor([(i * 7919 + 101) % config["vocab_size"] for i in range(length)])
            results[mode][str(length)] = best_ms(models[mode], tokens, args.iterations)
    shapes = [shape for shape in args.linear_shapes.split(",") if shape]
    linears = {mode: {shape: linear_gmacs(shape, args.linear_length, mode == "int8",
                                          args.iterations) for shape in shapes}
               for mode in args.modes.split(",")}
    print(json.dumps({"torch": torch.__version__, "engine": torch.backends.quantized.engine,
                      "threads": torch.get_num_threads(), "results": results,
                      "linear_gmacs": linears}))


if __name__ == "__main__":
    main()
