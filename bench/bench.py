#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""beex against what a user would pick instead, in one run (issue "Speed I").

  /usr/bin/python3 bench/bench.py [--quick] [--iterations 10] [--build build]
                                  [--work /tmp/beex-bench] [--results bench/RESULTS.md]

Model: D=768 H=12 F=3072 L=12 V=30522 P=512 (bench/import_size.py), batch 1,
full depth, best of N runs, everything on one core (taskset -c 1). Measures

- beex's compiled model in each activation mode (W1A1, W1A8, W1A32) for
  S in 16, 32, 128, 512;
- the fp32 twin on OpenBLAS with its SkylakeX kernels (and, as an extra row,
  the core the environment picks), and the PyTorch twin in fp32 and int8;
- where the time goes per op class (perf), at S=128, and from it each
  linear shape's rate in G MAC/s, next to one PyTorch Linear (fp32, int8)
  and one OpenBLAS sgemm of that shape and the register peak of each
  kernel's instruction mix (bench/peak.c);
- attention scaling: dense against local (window 32) attention, S in 128,
  256, 512;
- threads: one inference at S=128 on 1 and 2 threads; and 16 inputs of
  S=16..48 as 16 single runs and as one beex_run_batch(), on 1 and 2 threads;
- the cost of beex-import and beexc on the W1A1 model;
- the reference interpreter, once (W1A1, S=128: its other modes are slow);

prints Markdown tables, the speed-ups and the issue's goals (PASS/MISS), and
writes them to RESULTS.md beside a plot, results.png, and the raw numbers
to WORK/results.json. --quick measures S in 32, 128 (attention 128, 512),
best of 3, without the extra OpenBLAS row: for checking the bench, not for
numbers. --build measures another build tree (before/after comparisons),
linking its own runtime.
"""
import argparse
import datetime
import json
import math
import os
import subprocess
import sys
import time

import baselines
import compiled
import import_size
import linear_alone
import perf_breakdown
import plot
import report
from labels import BASELINES, MODES

LENGTHS, QUICK_LENGTHS = [16, 32, 128, 512], [32, 128]
ATTENTION_LENGTHS, QUICK_ATTENTION_LENGTHS = [128, 256, 512], [128, 512]
BREAKDOWN_LENGTH = 128
THREAD_LENGTH = 128
# SST-2's sentences are about 32 tokens long: 16 of them, S = 16 ... 48.
BATCH_INPUTS, BATCH_LENGTH = 16, 32
WINDOW = 32
PATTERNS = {"dense": "dense", "local": f"local (w={WINDOW})"}


def progress(text):
    print(f"bench: {text}", file=sys.stderr, flush=True)


def cpu_flags():
    """The feature flags /proc/cpuinfo lists for the first core."""
    with open("/proc/cpuinfo") as f:
        return next((line.split(":", 1)[1].split() for line in f if line.startswith("flags")), [])


def machine():
    """lscpu's model name and the vector features beex's kernels care about."""
    name = "unknown CPU"
    for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
        if line.startswith("Model name:"):
            name = line.split(":", 1)[1].strip()
    flags = cpu_flags()
    wanted = ("avx2", "avx512f", "avx512bw", "avx512_vnni", "avx512_vpopcntdq", "avx512_bf16")
    return f"{name}, {os.cpu_count()} cores ({' '.join(f for f in wanted if f in flags)})"


def revision(source):
    def git(*args):
        return subprocess.run(["git", "-C", source, *args], capture_output=True, text=True).stdout.strip()
    commit = git("rev-parse", "--short", "HEAD") or "unknown commit"
    return commit + (" + uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else "")


def busy_cores(seconds=1.0):
    """Cores' worth of CPU time other programs used over `seconds`, from
    /proc/stat: a build next to the bench shares the caches and memory."""
    def sample():
        with open("/proc/stat") as f:
            fields = [int(v) for v in f.readline().split()[1:]]
        return sum(fields), fields[3] + fields[4]  # total, idle + iowait
    (total0, idle0), _ = sample(), time.sleep(seconds)
    total1, idle1 = sample()
    return (1 - (idle1 - idle0) / max(1, total1 - total0)) * os.cpu_count()


def perf_iterations(ms):
    """About a second of samples (4000 at perf's default rate)."""
    return max(3, math.ceil(1000 / ms))


def attention_macs(pattern, length):
    c = import_size.CONFIG
    keys = length if pattern == "dense" else min(length, 2 * WINDOW + 1)
    return 2 * length * keys * c["hidden_size"] * c["num_hidden_layers"]


def linear_calls():
    """{"KxN": linears of that shape per inference}: per block Q, K, V, O
    (D x D) and the SLFN's gate and candidate fc1 (D x F) and fc2 (F x D)."""
    c = import_size.CONFIG
    d, f, layers = c["hidden_size"], c["intermediate_size"], c["num_hidden_layers"]
    return {f"{d}x{f}": 2 * layers, f"{d}x{d}": 4 * layers, f"{f}x{d}": 2 * layers}


def shape_macs(shape, length):
    k, n = (int(v) for v in shape.split("x"))
    return linear_calls()[shape] * length * k * n


def linear_macs(length):
    return sum(shape_macs(shape, length) for shape in linear_calls())


def gmacs(macs, ms):
    return macs / (ms * 1e6) if ms else None


def compile_models(build, work):
    """The W1A1, W1A8 and W1A32 models, and W1A1 with local attention."""
    base = compiled.base_checkpoint(work)
    models = {}
    for mode in MODES:
        progress(f"import and compile {MODES[mode]}")
        folder = compiled.checkpoint_variant(base, os.path.join(work, mode), activations=mode)
        # The W1A1 model's import and compile are the compile-cost goal:
        # best of 3, like every time in the bench.
        models[mode] = compiled.Model(build, folder, f"bx_{mode}", work,
                                      repeats=3 if mode == "binary" else 1)
    progress(f"import and compile W1A1 with local attention (window {WINDOW})")
    folder = compiled.checkpoint_variant(base, os.path.join(work, "local"), activations="binary",
                                         attention_pattern={"type": "local", "window": WINDOW})
    return models, compiled.Model(build, folder, "bx_local", work)


def time_beex(r, models, iterations, work):
    for mode, model in models.items():
        progress(f"time beex {MODES[mode]} at S={r['lengths']}")
        r["beex"][mode] = {str(s): model.best_ms(s, iterations) for s in r["lengths"]}
        if BREAKDOWN_LENGTH not in r["lengths"]:
            continue
        ms = r["beex"][mode][str(BREAKDOWN_LENGTH)]
        parts = perf_breakdown.breakdown(model, BREAKDOWN_LENGTH, perf_iterations(ms), work)
        parts["linear_gmacs"] = gmacs(linear_macs(BREAKDOWN_LENGTH),
                                      parts["shares"][f"linear_{mode}"] * ms)
        parts["shape_gmacs"] = {
            shape: gmacs(shape_macs(shape, BREAKDOWN_LENGTH),
                         parts["linear_shapes"].get(shape, 0.0) * ms)
            for shape in linear_calls()}
        r["breakdown"][mode] = parts


def time_threads(r, models, iterations):
    """One inference at S=THREAD_LENGTH on one core, and on a pool of two
    threads pinned to two cores, measured back to back; and on the other core
    alone ("1@0"): two cores do at best the sum of their speeds."""
    for mode, model in models.items():
        progress(f"time beex {MODES[mode]} at S={THREAD_LENGTH} on 1 and 2 threads")
        r["threads"][mode] = {str(n): model.best_ms(THREAD_LENGTH, iterations, threads=n)
                              for n in (1, 2)}
        r["threads"][mode]["1@0"] = model.best_ms(THREAD_LENGTH, iterations, core=0)


def time_batches(r, models, iterations):
    """BATCH_INPUTS inputs of about BATCH_LENGTH tokens: single runs and one
    batch, on one core and on a pool of two threads pinned to two cores; and
    single runs on the other core ("single_1@0"), as for time_threads."""
    for mode, model in models.items():
        progress(f"time beex {MODES[mode]}, {BATCH_INPUTS} inputs of S~{BATCH_LENGTH}, "
                 "single runs and batches, 1 and 2 threads")
        r["batches"][mode] = {
            f"{'batch' if batch else 'single'}_{threads}": model.best_ms(
                BATCH_LENGTH, iterations, threads=threads, inputs=BATCH_INPUTS, batch=batch)
            for threads in (1, 2) for batch in (False, True)}
        r["batches"][mode]["single_1@0"] = model.best_ms(
            BATCH_LENGTH, iterations, core=0, inputs=BATCH_INPUTS)


def time_openblas(r, iterations, work, with_env_core):
    progress("OpenBLAS fp32 twin")
    program = baselines.build_openblas(work)
    blas = baselines.openblas(program, r["lengths"], iterations, coretype="SkylakeX")
    if blas["core"] != "SkylakeX":
        r["notes"].append(f"WARNING: OpenBLAS ran its {blas['core']} kernels, not SkylakeX's.")
    r["baselines"]["openblas_skylakex"] = {str(x["s"]): x["model_ms"] for x in blas["runs"]}
    at_breakdown = [x for x in blas["runs"] if x["s"] == BREAKDOWN_LENGTH]
    if at_breakdown:
        c = import_size.CONFIG
        r["linear_baselines"]["openblas_skylakex"] = {
            f"{c['hidden_size']}x{c['intermediate_size']}": at_breakdown[0]["sgemm_gmacs"]}
    largest = blas["runs"][-1]
    r["sgemm_gmacs"] = largest["sgemm_gmacs"]
    r["sgemm_shape"] = f"{largest['s']}x768 -> 3072"
    checks = [f"{blas['core']} {blas['sgemm_check_error']:.1e}"]
    if with_env_core:
        env = baselines.openblas(program, r["lengths"], iterations)
        r["labels"]["openblas_env"] = f"fp32 OpenBLAS ({env['core']}, env default)"
        r["baselines"]["openblas_env"] = {str(x["s"]): x["model_ms"] for x in env["runs"]}
        checks.append(f"{env['core']} {env['sgemm_check_error']:.1e}")
    r["notes"].append("OpenBLAS sgemm checked against a naive loop before timing (64x96x80 and "
                      "192x256x160, both layouts); worst relative error: " + ", ".join(checks) + ".")


def time_torch(r, iterations):
    progress("PyTorch twin, fp32 and int8")
    twin = baselines.torch_twin(r["lengths"], iterations, linear_calls(), BREAKDOWN_LENGTH)
    for mode in ("fp32", "int8"):
        r["baselines"][f"torch_{mode}"] = twin["results"][mode]
        r["linear_baselines"][f"torch_{mode}"] = twin["linear_gmacs"][mode]
    r["notes"].append(
        f"PyTorch {twin['torch']}, {twin['threads']} thread, int8 = quantize_dynamic(nn.Linear, "
        f"qint8) on the quantized engine `{twin['engine']}`"
        + ("" if twin["engine"] == "fbgemm" else " (this build has no fbgemm)")
        + f"; its fp32 matmuls use the environment's OpenBLAS core "
          f"(OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', 'unset')}). glibc malloc "
          f"keeps torch's freed temporaries (MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_), "
          f"as a caching allocator would: otherwise page faults, slow on this VM, dominate at "
          f"S=512.")
    ratios = [r["baselines"]["torch_fp32"][str(s)] / r["baselines"]["openblas_skylakex"][str(s)]
              for s in r["lengths"]]
    sane = all(0.5 <= x <= 2 for x in ratios)
    r["notes"].append(f"{'' if sane else 'WARNING: '}PyTorch fp32 / OpenBLAS SkylakeX: "
                      f"{min(ratios):.2f}x to {max(ratios):.2f}x across S (two fp32 twins of one "
                      f"model: expected within 2x).")


def runs_peak():
    """Whether this CPU runs peak.c's AVX-512 instructions (the kernels it
    rates are AVX-512's)."""
    return {"avx512f", "avx512_vpopcntdq", "avx512_vnni"} <= set(cpu_flags())


def time_peak(r, work):
    """The register peak of each kernel's mix."""
    if not runs_peak():
        r["notes"].append("No register peak: this CPU lacks AVX-512 F, VPOPCNTDQ or VNNI.")
        return
    progress("register peak of each kernel's instruction mix")
    r["peak"] = baselines.peak(baselines.build_peak(work))


def time_linear_alone(r, model, calls, work):
    """The W1A1 model's first D x D kernel (a plain linear: Q, K, V) and
    first D x F kernel (the gate's fc1, with the SLFN's sigmoid fused), each
    timed alone against the peak in the same process."""
    if not runs_peak():
        return
    c = import_size.CONFIG
    for shape in (f"{c['hidden_size']}x{c['hidden_size']}",
                  f"{c['hidden_size']}x{c['intermediate_size']}"):
        progress(f"time the W1A1 {shape} kernel alone")
        program = linear_alone.build(model, shape, work)
        if program is None:
            r["notes"].append(f"No W1A1 {shape} kernel in {model.name}'s LLVM IR: "
                              "its linear was not timed alone.")
            continue
        r["linear_alone"][shape] = linear_alone.measure(program, shape, BREAKDOWN_LENGTH, calls)


def time_attention(r, by_pattern, lengths, iterations, work):
    for pattern, model in by_pattern.items():
        progress(f"attention {PATTERNS[pattern]} at S={lengths}")
        r["attention"][pattern] = {}
        for s in lengths:
            known = pattern == "dense" and str(s) in r["beex"]["binary"]
            ms = r["beex"]["binary"][str(s)] if known else model.best_ms(s, iterations)
            parts = r["breakdown"].get("binary") if known and s == BREAKDOWN_LENGTH else None
            if parts is None:  # the W1A1 breakdown at S=128 is dense attention's too
                parts = perf_breakdown.breakdown(model, s, perf_iterations(ms), work)
            attention = parts["shares"]["attention"] * ms if parts["per_op"] else None
            macs = attention_macs(pattern, s)
            r["attention"][pattern][str(s)] = {
                "ms": ms, "attention_ms": attention, "attention_macs": macs,
                "attention_gmacs": macs / (attention * 1e6) if attention else None}


def time_reference(r, build, model):
    """One wall-clock run of the reference interpreter (W1A1 only: in the
    other modes it takes many seconds)."""
    progress("reference interpreter, W1A1 S=128")
    tokens = ",".join(str((i * 7919 + 101) % import_size.CONFIG["vocab_size"]) for i in range(128))
    begin = time.perf_counter()
    compiled.run(compiled.ONE_CORE + [os.path.join(build, "bin", "beex-run"), "--reference",
                                      model.beex_file, "--tokens", tokens, "--full-depth"])
    r["reference_ms"] = (time.perf_counter() - begin) * 1e3


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(compiled.ROOT, "build"))
    parser.add_argument("--work", default="/tmp/beex-bench")
    parser.add_argument("--iterations", type=int, help="best of N (default 10, 3 with --quick)")
    parser.add_argument("--quick", action="store_true", help="a fast subset, to check the bench")
    parser.add_argument("--results", default=os.path.join(compiled.ROOT, "bench", "RESULTS.md"),
                        help="where to write RESULTS.md (results.png goes beside it)")
    args = parser.parse_args()
    start = time.perf_counter()
    busy = [busy_cores()]  # before the bench adds its own load
    build = os.path.abspath(args.build)
    for tool in ("beex-import", "beexc"):
        if not os.access(os.path.join(build, "bin", tool), os.X_OK):
            sys.exit(f"bench: {build}/bin/{tool} is missing: build first (scripts/build.sh)")
    iterations = args.iterations or (3 if args.quick else 10)
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    source = compiled.source_root(build)
    r = {"machine": machine(), "build": build, "source": f"{source} at {revision(source)}",
         "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
         "iterations": iterations, "lengths": QUICK_LENGTHS if args.quick else LENGTHS,
         "breakdown_length": BREAKDOWN_LENGTH, "patterns": PATTERNS, "labels": dict(BASELINES),
         "beex": {}, "baselines": {}, "linear_baselines": {}, "linear_alone": {}, "peak": None, "breakdown": {},
         "attention": {}, "threads": {}, "thread_length": THREAD_LENGTH, "batches": {},
         "batch_inputs": BATCH_INPUTS, "batch_length": BATCH_LENGTH, "notes": []}

    progress(f"checkpoint in {work} (written once, 632 MiB)")
    models, local = compile_models(build, work)
    r["compile"] = models["binary"].cost
    time_beex(r, models, iterations, work)
    time_threads(r, models, iterations)
    time_batches(r, models, iterations)
    time_openblas(r, iterations, work, with_env_core=not args.quick)
    time_torch(r, iterations)
    time_peak(r, work)
    time_linear_alone(r, models["binary"], 10 if args.quick else 40, work)
    time_attention(r, {"dense": models["binary"], "local": local},
                   QUICK_ATTENTION_LENGTHS if args.quick else ATTENTION_LENGTHS, iterations, work)
    if "128" in r["beex"]["binary"]:
        time_reference(r, build, models["binary"])

    r["notes"].append("The OpenBLAS twin starts from random activations (no embedding lookup); "
                      "beex and PyTorch embed the tokens: a negligible difference.")
    busy.append(busy_cores())
    r["notes"].append(f"{'WARNING: ' if max(busy) > 0.3 else ''}Other programs kept "
                      f"{busy[0]:.2f} and {busy[1]:.2f} cores busy in the second before and after "
                      f"the bench (more than about 0.3, e.g. a build, shares the caches and memory "
                      f"with it: numbers may be low).")
    r["notes"].append(f"Whole bench: {time.perf_counter() - start:.0f} s.")
    print(report.body(r))
    results = os.path.abspath(args.results)
    os.makedirs(os.path.dirname(results), exist_ok=True)
    png = os.path.join(os.path.dirname(results), "results.png")
    plot.plot(r, png)
    report.write(r, results, os.path.basename(png), compiled.COMMANDS)
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump(dict(r, commands=compiled.COMMANDS), f, indent=1)
    progress(f"wrote {results}, {png} and {work}/results.json")


if __name__ == "__main__":
    main()
