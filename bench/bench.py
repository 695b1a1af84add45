#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""The compiled model against the reference interpreter and the same model in
plain fp32 with OpenBLAS, on one core, in one run (issue: compile to a native
object). Prints times and ratios; it is a benchmark, not a test.

  /usr/bin/python3 bench/bench.py [--iterations 10] [--work /tmp/beex-bench] [--skip-reference]

Model: D=768, H=12, F=3072, L=12, V=30522, P=512, S=128, batch 1, per
activation mode, at full depth and with the compiled early-exit policy
(entropy_drop, threshold 0.1). The binarized linear alone is measured as the
difference between one-block models with F=3072 and F=64, whose only
difference is the SLFN's four linears, and set beside OpenBLAS sgemm on the
same shape (S x D -> F).
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import import_size  # noqa: E402  (writes the BERT-base-sized checkpoint)

ONE_CORE = ["taskset", "-c", "0"]
S = 128


def run(command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs).stdout


def checkpoint_variant(base, directory, **overrides):
    """A checkpoint folder sharing `base`'s weights with a different config."""
    os.makedirs(directory, exist_ok=True)
    config = dict(import_size.CONFIG, **overrides)
    with open(os.path.join(directory, "config.json"), "w") as f:
        json.dump(config, f)
    link = os.path.join(directory, "model.safetensors")
    if base and not os.path.exists(link):
        os.symlink(os.path.join(base, "model.safetensors"), link)
    return directory


def compile_and_link(build, beex_file, name, work):
    obj = os.path.join(work, f"{name}.o")
    run([os.path.join(build, "bin", "beexc"), beex_file, "-o", obj, f"--name={name}"])
    exe = os.path.join(work, f"{name}.bench")
    run(["clang-19", "-O2", "-fuse-ld=lld", f"-DBEEX_MODEL={name}_model",
         "-I", os.path.join(ROOT, "runtime", "include"),
         os.path.join(ROOT, "bench", "run_compiled.c"),
         *[os.path.join(ROOT, "runtime", "src", f) for f in ("model.c", "run.c", "status.c")],
         obj, "-o", exe])
    return exe


def time_compiled(exe, iterations, full_depth):
    out = run(ONE_CORE + [exe, str(iterations), str(S)] + (["--full-depth"] if full_depth else []))
    return json.loads(out)


def time_reference(build, beex_file, full_depth):
    tokens = ",".join(str((i * 7919 + 101) % import_size.CONFIG["vocab_size"]) for i in range(S))
    start = time.perf_counter()
    out = run(ONE_CORE + [os.path.join(build, "bin", "beex-run"), "--reference", beex_file,
                          "--tokens", tokens] + (["--full-depth"] if full_depth else []))
    return (time.perf_counter() - start) * 1e3, json.loads(out)["exit_layer"]


def small_checkpoint(directory, inner):
    """One block, small vocabulary: the SLFN width is the only thing that varies."""
    config = dict(import_size.CONFIG, vocab_size=1000, num_hidden_layers=1,
                  intermediate_size=inner, activations="binary")
    saved = dict(import_size.CONFIG)
    import_size.CONFIG.clear()
    import_size.CONFIG.update(config)
    try:
        if not os.path.exists(os.path.join(directory, "model.safetensors")):
            import_size.write_checkpoint(directory)
    finally:
        import_size.CONFIG.clear()
        import_size.CONFIG.update(saved)
    return directory


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--work", default="/tmp/beex-bench")
    parser.add_argument("--iterations", type=int, default=10)
    parser.add_argument("--skip-reference", action="store_true",
                        help="skip the (slow) reference runs of the f32 and int8 modes")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")

    baseline = os.path.join(args.work, "fp32_openblas")
    run(["gcc", "-O2", "-march=native", os.path.join(ROOT, "bench", "fp32_openblas.c"),
         "-lopenblas", "-lm", "-o", baseline])
    base = os.path.join(args.work, "checkpoint")
    if not os.path.exists(os.path.join(base, "model.safetensors")):
        import_size.write_checkpoint(base)

    print(f"one core, D=768 H=12 F=3072 L=12 V=30522, S={S}, batch 1; best of {args.iterations}")
    print(f"{'mode':8} {'depth':6} {'exit':>4} {'compiled ms':>12} {'reference ms':>13} "
          f"{'fp32 BLAS ms':>13} {'vs ref':>8} {'vs BLAS':>8}")
    for mode in ("binary", "int8", "f32"):
        folder = checkpoint_variant(base, os.path.join(args.work, mode), activations=mode)
        beex_file = os.path.join(args.work, f"{mode}.beex")
        run([os.path.join(args.build, "bin", "beex-import"), folder, "-o", beex_file])
        exe = compile_and_link(args.build, beex_file, f"bench_{mode}", args.work)
        for full_depth in (True, False):
            compiled = time_compiled(exe, args.iterations, full_depth)
            layers = compiled["exit_layer"]
            blas = json.loads(run(ONE_CORE + [baseline, "768", "12", "3072", "12", str(S),
                                              str(layers), str(max(3, args.iterations // 2))],
                                  env=env))
            if args.skip_reference and mode != "binary":
                reference_ms = float("nan")
            else:
                reference_ms, _ = time_reference(args.build, beex_file, full_depth)
            print(f"{mode:8} {'full' if full_depth else 'exit':6} {layers:>4} "
                  f"{compiled['best_ms']:>12.2f} {reference_ms:>13.1f} {blas['model_ms']:>13.2f} "
                  f"{reference_ms / compiled['best_ms']:>7.1f}x {blas['model_ms'] / compiled['best_ms']:>7.1f}x")

    # The binarized linear alone: SLFN linears of F=3072 minus those of F=64.
    times = {}
    for inner in (3072, 64):
        folder = small_checkpoint(os.path.join(args.work, f"one-block-f{inner}"), inner)
        beex_file = os.path.join(args.work, f"one-block-f{inner}.beex")
        run([os.path.join(args.build, "bin", "beex-import"), folder, "-o", beex_file])
        exe = compile_and_link(args.build, beex_file, f"bench_f{inner}", args.work)
        times[inner] = time_compiled(exe, 5 * args.iterations, True)["best_ms"]
    macs = 4 * S * 768 * (3072 - 64)
    linear_gmacs = macs / (times[3072] - times[64]) / 1e6
    blas = json.loads(run(ONE_CORE + [baseline, "768", "12", "3072", "1", str(S), "1",
                                      str(args.iterations)], env=env))
    print(f"binarized linear (binary activations), S x 768 -> 3072: {linear_gmacs:.0f} G bit-MAC/s; "
          f"OpenBLAS sgemm on that shape: {blas['sgemm_gmacs']:.1f} GMAC/s; "
          f"ratio {linear_gmacs / blas['sgemm_gmacs']:.1f}x")


if __name__ == "__main__":
    main()
