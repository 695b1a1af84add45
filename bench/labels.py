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

# The instruction mix of each kernel's inner loop on this machine's AVX-512,
# as bench/peak.c measures it: (peak.c's key, what the mix is). The
# baselines' linears use the same instructions as the mode they match.
PEAK_MIX = {
    "binary": ("binary_bit_macs", "vpxorq+vpopcntq+vpaddq"),
    "int8": ("int8_macs", "vpdpbusd"),
    "f32": ("lookup_macs", "vpermps+vaddps"),
    "torch_int8": ("int8_macs", "vpdpbusd"),
    "torch_fp32": ("fma_macs", "vfmadd231ps"),
    "openblas_skylakex": ("fma_macs", "vfmadd231ps"),
}
