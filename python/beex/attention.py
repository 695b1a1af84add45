# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Multi-head self-attention with the sparse patterns of docs/math.md §3.3.

The pattern is applied as a dense mask (−inf where a query may not see a
key): that is the spec's definition of the result, which the compiler's
tiled, work-skipping kernels must reproduce.
"""

import math

import torch
from torch import nn

from beex.binarize import BinarizedLinear


def allowed_mask(pattern, length):
    """Bool [length, length]: entry [i, j] says whether query i sees key j."""
    i = torch.arange(length).unsqueeze(1)
    j = torch.arange(length).unsqueeze(0)
    distance = i - j
    kind = pattern["type"]
    if kind == "dense":
        allowed = torch.ones(length, length, dtype=torch.bool)
    elif kind == "local":
        allowed = distance.abs() <= pattern["window"]
    elif kind == "strided":
        stride = pattern["stride"]
        allowed = (distance.abs() < stride) | (distance % stride == 0)
    else:  # block_sparse
        qb, kb = i // pattern["block"], j // pattern["block"]
        blocks = torch.tensor(pattern.get("global", []), dtype=torch.long)
        allowed = ((qb - kb).abs() <= pattern["band"]) | torch.isin(qb, blocks) | torch.isin(kb, blocks)
    return allowed | torch.eye(length, dtype=torch.bool)


class SelfAttention(nn.Module):
    """h = LN(x + BL_output(concat_h softmax(Q_h K_hᵀ / √d + M) V_h))."""

    def __init__(self, config):
        super().__init__()
        width = config["hidden_size"]
        self.heads = config["num_attention_heads"]
        self.pattern = config["attention_pattern"]

        def linear():
            return BinarizedLinear(width, width, config["weight_scale"], config["activations"])

        self.query, self.key, self.value, self.output = linear(), linear(), linear(), linear()
        self.LayerNorm = nn.LayerNorm(width, eps=config["layer_norm_eps"])

    def forward(self, x, key_valid=None):
        """x: [B, S, D]. key_valid: optional bool [B, S], False on padding."""
        batch, length, width = x.shape
        size = width // self.heads

        def split(t):
            return t.view(batch, length, self.heads, size).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(size)
        allowed = allowed_mask(self.pattern, length).to(x.device)
        if key_valid is not None:
            # Padding rows still see themselves, so no softmax row is empty.
            allowed = (allowed & key_valid[:, None, None, :]) | torch.eye(
                length, dtype=torch.bool, device=x.device
            )
        scores = scores.masked_fill(~allowed, -math.inf)
        heads = torch.softmax(scores, dim=-1) @ v
        concat = heads.transpose(1, 2).reshape(batch, length, width)
        return self.LayerNorm(x + self.output(concat))
