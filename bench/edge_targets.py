#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""What the bundled SST-2 model costs on each target (the edge-targets issue):
code and data size of the compiled object and of the freestanding runtime per
target, and x86 instructions per inference counted by callgrind. It is a
benchmark, not a test; qemu wall time is not a performance figure, so none is
printed.

  /usr/bin/python3 bench/edge_targets.py [--build build] [--work /tmp/beex-edge]

Callgrind runs the x86-avx2 object: valgrind 3.19 cannot execute AVX-512. An
inference's count is (count of 11 runs - count of 1 run) / 10, so start-up,
loading and the first run's page faults cancel out.
"""
import argparse
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGETS = {"x86-avx512": "x86_64-linux-gnu", "x86-avx2": "x86_64-linux-gnu",
           "arm-neon": "aarch64-linux-gnu", "riscv-rvv": "riscv64-linux-gnu"}


def run(command):
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def sizes(path):
    """(.text, .rodata) bytes of an object, summed over their subsections."""
    text = rodata = 0
    for line in run(["llvm-size-19", "-A", path]).splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[0].startswith(".text"):
            text += int(fields[1])
        elif len(fields) >= 2 and fields[0].startswith(".rodata"):
            rodata += int(fields[1])
    return text, rodata


def freestanding_runtime(triple, work):
    """The runtime built as bare-metal code would build it, one relocatable."""
    objects = []
    source_dir = os.path.join(ROOT, "runtime", "src")
    for source in sorted(os.listdir(source_dir)):
        if source.endswith(".c"):
            out = os.path.join(work, f"{triple}-{source[:-2]}.o")
            run(["clang-19", "-std=c11", "-O2", "-ffreestanding", "-nostdlib", f"--target={triple}",
                 "-I", os.path.join(ROOT, "runtime", "include"), "-I", source_dir,
                 "-c", os.path.join(source_dir, source), "-o", out])
            objects.append(out)
    combined = os.path.join(work, f"{triple}-runtime.o")
    run(["ld.lld-19", "-r", *objects, "-o", combined])
    return combined


def instructions(program, runs, *flags):
    out = os.path.join(os.path.dirname(program), "callgrind.out")
    log = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", program,
                          str(runs), *flags], check=True, capture_output=True, text=True).stderr
    return int(re.search(r"Collected : (\d+)", log).group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--work", default="/tmp/beex-edge")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    beex = os.path.join(args.work, "sst2.beex")
    run([os.path.join(args.build, "bin", "beex-import"),
         os.path.join(ROOT, "examples", "sst2", "model"), "-o", beex])

    print("the bundled SST-2 model (D=128, L=4, F=256, V=11,556), beexc -O3:")
    print(f"{'target':<12} {'model .text':>12} {'model .rodata':>14} "
          f"{'runtime .text':>14} {'runtime .rodata':>16}")
    runtime_sizes = {}
    for target, triple in TARGETS.items():
        model = os.path.join(args.work, f"{target}.o")
        run([os.path.join(args.build, "bin", "beexc"), beex, f"--target={target}",
             "--name=example", "-o", model])
        (model_text, model_rodata) = sizes(model)
        if triple not in runtime_sizes:  # the x86 presets share one runtime
            runtime_sizes[triple] = sizes(freestanding_runtime(triple, args.work))
        (runtime_text, runtime_rodata) = runtime_sizes[triple]
        print(f"{target:<12} {model_text:>12,} {model_rodata:>14,} "
              f"{runtime_text:>14,} {runtime_rodata:>16,}")
    print("(runtime: -ffreestanding -nostdlib -O2, tokenizer and its Unicode tables included)")

    program = os.path.join(args.work, "run-avx2")
    run(["clang-19", "-O2", "-fuse-ld=lld", "-DBEEX_MODEL=example_model",
         "-I", os.path.join(ROOT, "runtime", "include"),
         os.path.join(ROOT, "bench", "run_compiled.c"),
         *[os.path.join(ROOT, "runtime", "src", s)
           for s in sorted(os.listdir(os.path.join(ROOT, "runtime", "src"))) if s.endswith(".c")],
         os.path.join(args.work, "x86-avx2.o"), "-lm", "-o", program])
    print("\nx86-avx2 instructions per inference (callgrind, fixed token ids):")
    for length in (16, 64):
        counts = {}
        for mode, flags in (("early exit", ()), ("full depth", ("--full-depth",))):
            one = instructions(program, 1, str(length), *flags)
            eleven = instructions(program, 11, str(length), *flags)
            counts[mode] = (eleven - one) / 10
        layer = json.loads(run([program, "1", str(length)]))["exit_layer"]
        print(f"  S={length}: early exit {counts['early exit']:,.0f}, full depth "
              f"{counts['full depth']:,.0f}: {counts['full depth'] / counts['early exit']:.2f}x "
              f"fewer with early exit (exit layer {layer} of 4)")


if __name__ == "__main__":
    sys.exit(main())
