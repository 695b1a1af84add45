# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""What a user would run instead of beex, timed in the same run: the fp32
twin on OpenBLAS (bench/fp32_openblas.c) and the PyTorch twin in fp32 and
int8 (bench/torch_twin.py), each one subprocess on one core; and the
machine's limit, the register peak of each kernel's instruction mix
(bench/peak.c)."""
import json
import os
import sys

import import_size
from compiled import ONE_CORE, ROOT, run


def build_openblas(work):
    program = os.path.join(work, "fp32_openblas")
    run(["gcc", "-O2", "-march=native", os.path.join(ROOT, "bench", "fp32_openblas.c"),
         "-lopenblas", "-lm", "-o", program], log=False)
    return program


def openblas(program, lengths, iterations, coretype=None):
    """fp32_openblas's JSON for every length. `coretype` overrides the
    environment's OPENBLAS_CORETYPE for this process only (and drops
    OPENBLAS_L2_SIZE, which would otherwise size its blocking for another
    core); None keeps what the environment chose, as a user's program would."""
    env = ["env"]
    if coretype:
        env += ["-u", "OPENBLAS_L2_SIZE", f"OPENBLAS_CORETYPE={coretype}"]
    env.append("OPENBLAS_NUM_THREADS=1")
    c = import_size.CONFIG
    shape = [c["hidden_size"], c["num_attention_heads"], c["intermediate_size"],
             c["num_hidden_layers"]]
    out = run(env + ONE_CORE + [program] + [str(v) for v in shape] +
              [",".join(map(str, lengths)), str(c["num_hidden_layers"]), str(iterations)])
    return json.loads(out)


def build_peak(work):
    program = os.path.join(work, "peak")
    run(["clang-19", "-O2", "-mavx512f", "-mavx512vpopcntdq", "-mavx512vnni",
         os.path.join(ROOT, "bench", "peak.c"), "-o", program], log=False)
    return program


def peak(program):
    """peak.c's JSON: G MAC/s of each kernel's mix on registers alone."""
    return json.loads(run(ONE_CORE + [program, "20000000"]))


def torch_twin(lengths, iterations, linear_shapes=(), linear_length=128):
    """torch_twin.py's JSON: best ms per mode and length, torch's version and
    quantized engine, and G MAC/s of one Linear of each of `linear_shapes`
    ("KxN") on `linear_length` rows.

    torch allocates each temporary afresh, and glibc hands the large ones
    back to the kernel on free, so every run faults their pages in again:
    on this VM that took most of the time at S=512 (int8: 2.0 s instead of
    0.56 s). A 32 MiB mmap threshold (glibc's largest) and no trimming keep
    them in the heap, as a caching allocator would."""
    malloc = ["MALLOC_MMAP_THRESHOLD_=33554432", "MALLOC_TRIM_THRESHOLD_=68719476736"]
    out = run(["env", "OMP_NUM_THREADS=1"] + malloc + ONE_CORE +
              [sys.executable, os.path.join(ROOT, "bench", "torch_twin.py"),
               "--lengths", ",".join(map(str, lengths)), "--iterations", str(iterations),
               "--linear-shapes", ",".join(linear_shapes), "--linear-length", str(linear_length)])
    return json.loads(out)
