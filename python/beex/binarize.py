# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""The binarized linear layer BL(x; W, b) of docs/math.md §2, trainable.

The layer keeps latent real weights (nn.Linear layout [out, in]) and uses
straight-through estimators so it can be trained: the forward pass is exactly
the spec's arithmetic, the backward pass lets gradients through sign and
rounding (clipped to |v| <= 1 for signs, as in BNNs). Run in float64 it is the
independent reference the compiler's interpreter is checked against, so every
detail that can move a result across a discontinuity follows the spec to the
letter: sgn(0) = +1, round half to even, alpha rounded to float32.
"""

import math

import torch
from torch import nn


def sgn(v):
    """+1 where v >= 0, else -1 (docs/math.md §2; torch.sign(0) would give 0)."""
    return torch.where(v >= 0, torch.ones_like(v), -torch.ones_like(v))


class _Sign(torch.autograd.Function):
    """sgn forward; each subclass estimates the gradient its own way."""

    @staticmethod
    def forward(ctx, v):
        ctx.save_for_backward(v)
        return sgn(v)


class _SignSTE(_Sign):
    """Straight through where |v| <= 1, zero elsewhere."""

    @staticmethod
    def backward(ctx, grad):
        (v,) = ctx.saved_tensors
        return grad * (v.abs() <= 1).to(grad.dtype)


def sign_ste(v):
    return _SignSTE.apply(v)


class _SignSecondOrder(_Sign):
    """The derivative of the second-order polynomial that approximates sgn on
    [-1, 1] (2v + v^2 below 0, 2v - v^2 above; the BEExformer paper's
    approximation of the impulse, after Bi-Real Net): 2 - 2|v| there, zero
    elsewhere. Near 0 it passes twice the STE's gradient, near +-1 almost none."""

    @staticmethod
    def backward(ctx, grad):
        (v,) = ctx.saved_tensors
        return grad * torch.clamp(2 - 2 * v.abs(), min=0)


SIGN_GRADIENTS = {"ste": _SignSTE.apply, "second-order": _SignSecondOrder.apply}


def round_ste(v):
    """Round half to even forward (torch.round does), identity gradient."""
    return v + (torch.round(v) - v).detach()


def int8_beta(x):
    """Per-row scale max|x| / 127, or 1 for an all-zero row."""
    beta = x.abs().amax(dim=-1, keepdim=True) / 127
    return torch.where(beta == 0, torch.ones_like(beta), beta)


def binary_beta(x):
    """Per-row scale mean|x|."""
    return x.abs().mean(dim=-1, keepdim=True)


def quantization_margin(x, activations, positive_input=False):
    """How close the rows x came to changing their quantized form.

    int8: distance of v = x/beta to the nearest half-integer (a rounding
    boundary) relative to max(1, |v|), as rounding errors in v are relative.
    binary: |x| relative to its row's max |x| (a sign boundary). There,
    exact zeros do not count: they come from exact arithmetic (half-precision
    embeddings that cancel) and every implementation gives them sgn = +1;
    nor do inputs known to be positive (σ outputs), whose signs cannot flip.
    +inf when nothing counts (f32, for one).
    """
    if activations == "int8":
        v = x / int8_beta(x)
        distances = (v - torch.floor(v) - 0.5).abs() / v.abs().clamp(min=1)
    elif activations == "binary" and not positive_input:
        peak = x.abs().amax(dim=-1, keepdim=True)
        distances = torch.where(x != 0, x.abs() / peak, torch.full_like(x, math.inf))
    else:
        return math.inf
    return distances.min().item() if distances.numel() else math.inf


class BinarizedLinear(nn.Module):
    """y = alpha * beta * sum_k sgn(W_jk) a_k + b, per docs/math.md §2.

    `alpha` is an optional buffer ([out] or [1]) holding the checkpoint's
    `.alpha` override; when it is None the scale comes from `weight_scale`.
    In eval mode the layer records in `min_margin` the smallest
    quantization margin it has seen since the caller last reset it;
    `positive_input` says its inputs are σ outputs (see quantization_margin).
    """

    def __init__(self, in_features, out_features, weight_scale, activations, positive_input=False):
        super().__init__()
        self.in_features, self.out_features = in_features, out_features
        self.weight_scale, self.activations = weight_scale, activations
        self.positive_input = positive_input
        self.weight = nn.Parameter(torch.empty(out_features, in_features))
        self.bias = nn.Parameter(torch.zeros(out_features))
        self.register_buffer("alpha", None)
        self.min_margin = math.inf
        # Training-only switch for the full-precision twin (issue 7): a plain
        # linear with the same latent weights; such a model cannot be exported.
        self.full_precision = False
        # Training-only: how the sign's gradient is estimated (SIGN_GRADIENTS).
        self.sign = sign_ste
        nn.init.normal_(self.weight, std=in_features**-0.5)

    def scale(self):
        """alpha in the weight's dtype.

        The mean runs in float64 and is rounded to float32, as the C++
        importer computes it, so a float64 run uses the very same scale.
        """
        w = self.weight
        if self.alpha is not None:
            return self.alpha.to(w.dtype)
        if self.weight_scale == "per_channel":
            return w.double().abs().mean(dim=1).float().to(w.dtype)
        if self.weight_scale == "per_tensor":
            return w.double().abs().mean().float().to(w.dtype).reshape(1)
        return torch.ones(1, dtype=w.dtype, device=w.device)

    def forward(self, x):
        if self.full_precision:
            return x @ self.weight.t() + self.bias
        signs = self.sign(self.weight).t()
        if not self.training:
            with torch.no_grad():
                margin = quantization_margin(x, self.activations, self.positive_input)
            self.min_margin = min(self.min_margin, margin)
        if self.activations == "f32":
            return self.scale() * (x @ signs) + self.bias
        if self.activations == "int8":
            beta = int8_beta(x)
            q = torch.clamp(round_ste(x / beta), -127, 127)
            return self.scale() * beta * (q @ signs) + self.bias
        beta = binary_beta(x)
        return self.scale() * beta * (self.sign(x) @ signs) + self.bias

    def extra_repr(self):
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"weight_scale={self.weight_scale}, activations={self.activations}"
        )
