# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""What the bench calls each thing it times, in tables, goals and the plot."""

# beex's activation modes: the config's `activations` value -> weight/activation bits.
MODES = {"binary": "W1A1", "int8": "W1A8", "f32": "W1A32"}

# What a user would run instead; results["baselines"] keys.
BASELINES = {
    "openblas_skylakex": "fp32 OpenBLAS (SkylakeX)",
    "openblas_env": "fp32 OpenBLAS (env default core)",
    "torch_fp32": "PyTorch fp32",
    "torch_int8": "PyTorch int8",
}
