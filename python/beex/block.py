# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""One BEExformer block (docs/math.md §3 step 2): attention, then the SLFN.

The Selective Learn-Forget Network replaces the transformer's feed-forward
layer: a sigmoid gate branch decides how much of a tanh candidate branch to
let through, both built from binarized linears. Module names match the
checkpoint's tensor names (docs/checkpoint.md).
"""

import torch
from torch import nn

from beex.attention import SelfAttention
from beex.binarize import BinarizedLinear


class _Branch(nn.Module):
    """fc2(act(fc1(h))): D -> F -> D through binarized linears."""

    def __init__(self, config, activation):
        super().__init__()
        width, inner = config["hidden_size"], config["intermediate_size"]
        scale, acts = config["weight_scale"], config["activations"]
        self.fc1 = BinarizedLinear(width, inner, scale, acts)
        # σ outputs are positive: their signs cannot flip (binarize.quantization_margin).
        self.fc2 = BinarizedLinear(inner, width, scale, acts, positive_input=activation is torch.sigmoid)
        self.activation = activation

    def forward(self, h):
        return self.fc2(self.activation(self.fc1(h)))


class SLFN(nn.Module):
    """gate.fc2(σ(gate.fc1(h))) ⊙ cand.fc2(tanh(cand.fc1(h)))."""

    def __init__(self, config):
        super().__init__()
        self.gate = _Branch(config, torch.sigmoid)
        self.cand = _Branch(config, torch.tanh)

    def forward(self, h):
        return self.gate(h) * self.cand(h)


class Block(nn.Module):
    """x -> LN_out(h + SLFN(h)) with h = attention(x)."""

    def __init__(self, config):
        super().__init__()
        self.attention = SelfAttention(config)
        self.slfn = SLFN(config)
        self.output = nn.ModuleDict(
            {"LayerNorm": nn.LayerNorm(config["hidden_size"], eps=config["layer_norm_eps"])}
        )

    def forward(self, x, key_valid=None):
        h = self.attention(x, key_valid)
        return self.output.LayerNorm(h + self.slfn(h))
