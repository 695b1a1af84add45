#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""What the bundled SST-2 model costs on each target (the edge-targets issue):
code and data size of the compiled object and of the freestanding runtime per
target, the deployable total against the model's fp32 twin (its parameters as
f32), the RAM one inference needs (scratch at the maximum length plus the
stack beex_run uses, measured on a painted stack by bench/stack_depth.c,
under qemu-user for AArch64 and RISC-V), and x86 instructions per inference
counted by callgrind. It is a benchmark, not a test; qemu wall time is not a
performance figure, so none is printed. Each target is built with the
embeddings stored as f32, int8 and q4 (beex-import --embeddings, docs/math.md
§2.4).

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
EMULATORS = {"x86_64-linux-gnu": [],
             "aarch64-linux-gnu": ["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu"],
             "riscv64-linux-gnu": ["qemu-riscv64", "-L", "/usr/riscv64-linux-gnu",
                                   "-cpu", "rv64,v=true,vlen=128"]}

STORAGES = ("f32", "int8", "q4")


def run(command):
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def sizes(path):
    """(.text, .rodata) bytes of an object, summed over their subsections
    (.data.rel.ro, the descriptor, counts as read-only data)."""
    text = rodata = 0
    for line in run(["llvm-size-19", "-A", path]).splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[0].startswith(".text"):
            text += int(fields[1])
        elif len(fields) >= 2 and fields[0].startswith((".rodata", ".data.rel.ro")):
            rodata += int(fields[1])
    return text, rodata


def fp32_twin_bytes(checkpoint):
    """The model's parameters stored as f32: 4 bytes per element of every
    tensor in model.safetensors (the header is JSON after an 8-byte length)."""
    with open(os.path.join(checkpoint, "model.safetensors"), "rb") as f:
        header = json.loads(f.read(int.from_bytes(f.read(8), "little")))
    elements = 0
    for name, tensor in header.items():
        if name != "__metadata__" and not name.endswith(".alpha"):
            count = 1
            for dim in tensor["shape"]:
                count *= dim
            elements += count
    return 4 * elements


def ram(target, triple, model, work):
    """(scratch, stack) bytes of one inference at the maximum length."""
    program = os.path.join(work, f"stack-{target}")
    run(["clang-19", f"--target={triple}", "-O2", "-fuse-ld=lld", "-DBEEX_MODEL=example_model",
         "-I", os.path.join(ROOT, "runtime", "include"), os.path.join(ROOT, "bench", "stack_depth.c"),
         *[os.path.join(ROOT, "runtime", "src", s)
           for s in sorted(os.listdir(os.path.join(ROOT, "runtime", "src"))) if s.endswith(".c")],
         model, "-lpthread", "-o", program])
    measured = json.loads(run([*EMULATORS[triple], program]))
    return measured["scratch"], measured["stack"]


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
    checkpoint = os.path.join(ROOT, "examples", "sst2", "model")
    twin = fp32_twin_bytes(checkpoint)
    print(f"the bundled SST-2 model (D=128, L=4, F=256, V=11,556), beexc -O3; "
          f"its fp32 twin: {twin:,} bytes")
    print(f"{'target':<12} {'embeddings':<10} {'model .text':>12} {'model .rodata':>14} "
          f"{'runtime .text':>14} {'runtime .rodata':>16} {'deployable':>11} {'fp32 / it':>10} "
          f"{'scratch':>9} {'stack':>7} {'peak RAM':>9}")
    runtime_sizes = {}
    for storage in STORAGES:
        beex = os.path.join(args.work, f"sst2-{storage}.beex")
        run([os.path.join(args.build, "bin", "beex-import"), checkpoint, "-o", beex,
             f"--embeddings={storage}"])
        for target, triple in TARGETS.items():
            model = os.path.join(args.work, f"{target}-{storage}.o")
            run([os.path.join(args.build, "bin", "beexc"), beex, f"--target={target}",
                 "--name=example", "-o", model])
            (model_text, model_rodata) = sizes(model)
            if triple not in runtime_sizes:  # the x86 presets share one runtime
                runtime_sizes[triple] = sizes(freestanding_runtime(triple, args.work))
            (runtime_text, runtime_rodata) = runtime_sizes[triple]
            deployable = model_text + model_rodata + runtime_text + runtime_rodata
            if target == "x86-avx512" and "avx512f" not in open("/proc/cpuinfo").read():
                scratch = stack = None
            else:
                scratch, stack = ram(target, triple, model, args.work)
            ram_columns = (f"{scratch:>9,} {stack:>7,} {scratch + stack:>9,}" if scratch is not None
                           else f"{'-':>9} {'-':>7} {'-':>9}")
            print(f"{target:<12} {storage:<10} {model_text:>12,} {model_rodata:>14,} "
                  f"{runtime_text:>14,} {runtime_rodata:>16,} {deployable:>11,} "
                  f"{twin / deployable:>9.1f}x {ram_columns}")
    print("(runtime: -ffreestanding -nostdlib -O2, tokenizer and its Unicode tables included; "
          "peak RAM = scratch at P tokens + the stack beex_run used, full depth)")

    program = os.path.join(args.work, "run-avx2")
    run(["clang-19", "-O2", "-fuse-ld=lld", "-DBEEX_MODEL=example_model",
         "-I", os.path.join(ROOT, "runtime", "include"),
         os.path.join(ROOT, "bench", "run_compiled.c"),
         *[os.path.join(ROOT, "runtime", "src", s)
           for s in sorted(os.listdir(os.path.join(ROOT, "runtime", "src"))) if s.endswith(".c")],
         os.path.join(ROOT, "runtime", "pool", "thread_pool.c"), "-pthread",
         os.path.join(args.work, "x86-avx2-f32.o"), "-lm", "-o", program])
    print("\nx86-avx2 instructions per inference, f32 embeddings (callgrind, fixed token ids):")
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
