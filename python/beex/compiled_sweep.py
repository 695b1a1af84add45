#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Agreement sweep: compiled models against the reference interpreter.

For each seed, writes a random checkpoint (beex.random_checkpoint), imports it
with its embeddings stored as f32, int8 or q4, compiles it with
`beexc --target=TARGET`, links it with the runtime and a small C driver (test/Integration/Inputs/driver.c), runs it (under qemu-user for
AArch64 and RISC-V) on several inputs with the default exit policy and with
run-time overrides, and compares every result with `beex-run --reference` by
docs/math.md §5. At full depth the inputs also run on a pool of THREADS
threads, one at a time and as one beex_run_batch(), which must give the
serial results bit for bit (docs/runtime-abi.md). The compiled code computes
in f32 and the reference in double, so a
case the reference saw close to a sign, rounding, exit or argmax boundary is
borderline and left out (counted); more than MAX_BORDERLINE of them fails.

    /usr/bin/python3 -m beex.compiled_sweep --build ../build --target host   # from python/
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

if __package__ in (None, ""):  # run as a script path: make `beex` importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from beex.config import normalize_config  # noqa: E402
from beex.random_checkpoint import (  # noqa: E402
    random_config, random_embedding_storage, random_tokens, write_random_checkpoint)
from beex.sweep import (  # noqa: E402
    Tally, ToolError, _run, compare_under_options, import_checkpoint, parse_seeds,
    run_reference, tool_arguments)

# f32 against double: values drift by ~1e-6 relative through the blocks, so
# quantisation closer than this to a boundary may round either way.
BORDER_QUANTIZATION = 1e-6
BORDER_DECISION = 1e-4  # docs/math.md §5
BORDER_ARGMAX = 1e-4  # docs/math.md §5
MAX_BORDERLINE = 0.15
INPUTS_PER_CHECKPOINT = 4
# Three, so that the rows and heads split unevenly and no part starts at 0
# or ends at S by luck.
THREADS = 3
SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# How to run each target's executables (link-model.sh builds them).
PLATFORMS = {
    "host": [],
    "x86-avx512": [],
    "x86-avx2": [],
    "x86-avx2-vnni": [],
    "arm-neon": ["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu"],
    "arm-neon-dotprod": ["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu"],
    "riscv-rvv": ["qemu-riscv64", "-L", "/usr/riscv64-linux-gnu", "-cpu", "rv64,v=true,vlen=128"],
    "riscv-rvv-vlen256": ["qemu-riscv64", "-L", "/usr/riscv64-linux-gnu", "-cpu", "rv64,v=true,vlen=256"],
}

# Sweep targets that are a preset with features added (--mattr).
PRESET_FEATURES = {
    "x86-avx2-vnni": ("x86-avx2", "+avxvnni"),
    "arm-neon-dotprod": ("arm-neon", "+dotprod"),
    "riscv-rvv-vlen256": ("riscv-rvv", ""),
}


def build_executable(build_dir, beex_file, target, work_dir):
    """scripts/link-model.sh (beexc + the runtime + the driver); returns the command to run it."""
    emulator = PLATFORMS[target]
    preset, features = PRESET_FEATURES.get(target, (target, ""))
    executable = os.path.join(work_dir, "driver")
    environment = dict(os.environ, BEEX_BUILD_DIR=build_dir, BEEX_NAME="model_under_test",
                       BEEX_MATTR=features)
    try:
        subprocess.run([os.path.join(SOURCE_ROOT, "scripts", "link-model.sh"), beex_file, preset,
                        executable, os.path.join(SOURCE_ROOT, "test", "Integration", "Inputs", "driver.c"),
                        "-DBEEX_MODEL=model_under_test_model"],
                       check=True, capture_output=True, text=True, env=environment)
    except subprocess.CalledProcessError as error:
        raise ToolError(f"link-model.sh failed:\n{error.stderr}") from None
    return emulator + [executable]


def run_compiled(executable, inputs, options):
    lines = _run(executable + tool_arguments(options) + [",".join(map(str, t)) for t in inputs]).splitlines()
    if len(lines) != len(inputs):
        raise ToolError(f"driver printed {len(lines)} lines for {len(inputs)} inputs")
    return [json.loads(line) for line in lines]


def borderline_reasons(reference):
    margins = reference["margins"]
    return [f"reference {key} margin {margins[key]:.3g} < {border:g}"
            for key, border in (("quantization", BORDER_QUANTIZATION),
                                ("decision", BORDER_DECISION), ("argmax", BORDER_ARGMAX))
            if margins[key] < border]


def sweep_seed(seed, build_dir, target, work_dir, tally, verbose=False):
    write_random_checkpoint(seed, work_dir)
    config = normalize_config(random_config(seed))
    inputs = random_tokens(config, seed, INPUTS_PER_CHECKPOINT)
    tally.checkpoints += 1
    bin_dir = os.path.join(build_dir, "bin")
    try:
        beex_file = import_checkpoint(bin_dir, work_dir, random_embedding_storage(seed))
        executable = build_executable(build_dir, beex_file, target, work_dir)
    except ToolError as error:
        tally.cases += len(inputs)
        tally.fail(f"seed {seed}", error, len(inputs))
        return

    def run(options):
        compiled = run_compiled(executable, inputs, options)
        # Full depth runs every task of every layer: the other options would
        # run the same kernels again (and double the sweep's time under qemu).
        if options.get("full_depth"):
            for flags in (["--threads", str(THREADS)], ["--batch", "--threads", str(THREADS)]):
                other = run_compiled(executable + flags, inputs, options)
                for tokens, serial, parallel in zip(inputs, compiled, other):
                    if parallel != serial:
                        raise ToolError(f"{' '.join(flags)} differs from the serial run on "
                                        f"S={len(tokens)}: {parallel} != {serial}")
        return list(zip(run_reference(bin_dir, beex_file, inputs, options), compiled))

    compare_under_options((seed, config), inputs, tally, run,
                          lambda reference, _: borderline_reasons(reference),
                          ("reference", f"compiled ({target})"), verbose)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", required=True, help="the build folder (bin/beexc, bin/beex-run, ...)")
    parser.add_argument("--target", default="host", choices=sorted(PLATFORMS))
    parser.add_argument("--seeds", default="0:50", help="A:B for seeds A..B-1, or one seed")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    tally = Tally()
    for seed in parse_seeds(args.seeds):
        with tempfile.TemporaryDirectory(prefix=f"beex-compiled-{seed}-") as work_dir:
            sweep_seed(seed, args.build, args.target, work_dir, tally, args.verbose)
    return tally.verdict(f"compiled sweep ({args.target})", MAX_BORDERLINE)


if __name__ == "__main__":
    sys.exit(main())
