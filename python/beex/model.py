# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""BEExformer (docs/math.md §3) as a PyTorch module, for training and as the reference.

Two entry points: `forward` runs a padded batch through every block and
returns the logits of every exit (for a loss over all exits while training);
`forward_tokens` runs one sequence exactly as docs/math.md §3 and §4 describe, with
early exit, and is what the compiler's results are compared against. Call
`model.double()` first for a reference run: the float32-rounded weight
scales are kept, everything else is computed in float64.
"""

import math

import torch
from torch import nn

from beex.binarize import BinarizedLinear
from beex.block import Block
from beex.config import normalize_config
from beex.exit_policy import ExitPolicy, top_two_gap


def entropy(logits):
    """Softmax entropy in nats, with 0 ln 0 = 0."""
    return torch.special.entr(torch.softmax(logits, dim=-1)).sum(dim=-1)


class BEExformer(nn.Module):
    """The model of docs/math.md §3; parameter names are the checkpoint's (docs/checkpoint.md)."""

    def __init__(self, config):
        super().__init__()
        self.config = config = normalize_config(config)
        width, eps = config["hidden_size"], config["layer_norm_eps"]
        embeddings = {
            "word_embeddings": nn.Embedding(config["vocab_size"], width),
            "position_embeddings": nn.Embedding(config["max_position_embeddings"], width),
        }
        if config["embedding_layer_norm"]:
            embeddings["LayerNorm"] = nn.LayerNorm(width, eps=eps)
        self.embeddings = nn.ModuleDict(embeddings)
        stored = 1 if config["share_block_weights"] else config["num_hidden_layers"]
        self.blocks = nn.ModuleList(Block(config) for _ in range(stored))
        # Training-only regularisation (not part of docs/math.md §3): dropout on the
        # embeddings and on each block's output, used by `forward` in train mode.
        self.dropout = 0.0
        self.exits = nn.ModuleDict(
            {
                str(layer): nn.ModuleDict({"classifier": nn.Linear(width, config["num_labels"])})
                for layer in self.exit_layers
            }
        )

    @property
    def exit_layers(self):
        """The 1-based layers that have an exit head: min_layer .. L."""
        return range(self.config["exit_policy"]["min_layer"], self.config["num_hidden_layers"] + 1)

    def block(self, layer):
        """The block applied at 1-based `layer` (blocks.0 when shared)."""
        return self.blocks[0 if self.config["share_block_weights"] else layer - 1]

    def embed(self, token_ids):
        """token_ids [B, S] -> x [B, S, D] (docs/math.md §3 step 1)."""
        positions = torch.arange(token_ids.shape[1], device=token_ids.device)
        x = self.embeddings.word_embeddings(token_ids) + self.embeddings.position_embeddings(positions)
        if self.config["embedding_layer_norm"]:
            x = self.embeddings.LayerNorm(x)
        return x

    def pool(self, x, valid=None):
        """[B, S, D] -> [B, D]: row 0 ("cls") or the mean of the valid rows."""
        if self.config["pooling"] == "cls":
            return x[:, 0]
        if valid is None:
            return x.mean(dim=1)
        weights = valid.to(x.dtype).unsqueeze(-1)
        return (x * weights).sum(dim=1) / weights.sum(dim=1)

    def exit_logits(self, layer, pooled):
        return self.exits[str(layer)].classifier(pooled)

    def forward(self, token_ids, attention_mask=None):
        """Logits of every exit, [len(exit_layers), B, C], for training.

        token_ids: [B, S] long; attention_mask: optional [B, S], nonzero on
        real tokens, with padding on the right of each row.
        """
        valid = None if attention_mask is None else attention_mask.bool()
        drop = lambda v: nn.functional.dropout(v, self.dropout, self.training)  # noqa: E731
        x = drop(self.embed(token_ids))
        logits = []
        for layer in range(1, self.config["num_hidden_layers"] + 1):
            x = drop(self.block(layer)(x, valid))
            if layer in self.exit_layers:
                logits.append(self.exit_logits(layer, self.pool(x, valid)))
        return torch.stack(logits)

    def binarized_linears(self):
        return [m for m in self.modules() if isinstance(m, BinarizedLinear)]

    @torch.no_grad()
    def forward_tokens(self, token_ids, threshold=None, patience=None, full_depth=False):
        """One sequence through docs/math.md §3 with early exit (§4).

        Returns {"logits": [C], "exit_layer": e, "entropies": [H_min_layer ..
        H_e], "margins": {"quantization", "decision", "argmax"}}, the margins
        being the smallest distances seen to a discontinuity (+inf if none).
        """
        config = self.config
        if not 1 <= len(token_ids) <= config["max_position_embeddings"]:
            raise ValueError(f"sequence length {len(token_ids)} outside [1, {config['max_position_embeddings']}]")
        if not all(0 <= t < config["vocab_size"] for t in token_ids):
            raise ValueError(f"token id outside [0, {config['vocab_size']})")
        was_training = self.training
        self.eval()
        for linear in self.binarized_linears():
            linear.min_margin = math.inf
        policy = ExitPolicy(config["exit_policy"], config["num_hidden_layers"], threshold, patience, full_depth)
        x = self.embed(torch.tensor([token_ids], device=self.embeddings.word_embeddings.weight.device))
        entropies = []
        for layer in range(1, config["num_hidden_layers"] + 1):
            x = self.block(layer)(x)
            if layer not in self.exit_layers:
                continue
            logits = self.exit_logits(layer, self.pool(x))[0]
            entropies.append(entropy(logits).item())
            if policy.stop(layer, entropies[-1], logits):
                break
        self.train(was_training)
        return {
            "logits": logits.tolist(),
            "exit_layer": layer,
            "entropies": entropies,
            "margins": {
                "quantization": min(m.min_margin for m in self.binarized_linears()),
                "decision": policy.decision_margin,
                "argmax": top_two_gap(logits),
            },
        }
