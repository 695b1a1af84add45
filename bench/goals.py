# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""The goals of the issues "Speed I" and "Speed II", checked against one
bench run. A goal whose numbers this run did not measure (a --quick run, an
object without per-op symbols) says n/a rather than PASS or MISS.
"""

from labels import MODES, PEAK_MIX


def speedup(results, mode, length, baseline):
    """baseline ms / beex ms at `length`, or None if either is missing."""
    ours = results["beex"][mode].get(str(length))
    theirs = results["baselines"].get(baseline, {}).get(str(length))
    return theirs / ours if ours and theirs else None


def _line(value, target, text, unit="x"):
    if value is None:
        return f"n/a   {text}: not measured in this run (goal >= {target:g}{unit})"
    status = "PASS" if value >= target else "MISS"
    return f"{status}  {text}: {value:.1f}{unit} (goal >= {target:g}{unit})"


def _speedups(results, mode, lengths, baseline, label, target):
    return [_line(speedup(results, mode, s, baseline), target,
                  f"{MODES[mode]} S={s} vs {label}") for s in lengths]


def attention_rate(results, pattern, length):
    """(attention G MAC/s, sgemm G MAC/s) or None without per-op symbols."""
    entry = results["attention"].get(pattern, {}).get(str(length))
    if not entry or entry.get("attention_ms") is None:
        return None
    return entry["attention_gmacs"], results["sgemm_gmacs"]


def thread_speedup(results, mode):
    """One thread's ms, on the faster of the two cores, over two threads' ms,
    or None if not measured. Against the faster core: the cores of this VM
    differ from run to run by up to 20%, and the slower one would flatter
    the pool."""
    times = results.get("threads", {}).get(mode)
    if not times or not times.get("2"):
        return None
    one = min(times["1"], times.get("1@0") or times["1"])
    return one / times["2"]


def thread_lines(results):
    """The parallel goals: 2 threads against 1 on one inference."""
    length = results.get("thread_length")
    return [_line(thread_speedup(results, mode), target,
                  f"{MODES[mode]} S={length}, 2 threads vs 1")
            for mode, target in (("binary", 1.8), ("int8", 1.7), ("f32", 1.7))]


def batch_speedup(results, mode, key):
    """Throughput of `key` ("batch_1", "single_2", "batch_2") over single
    runs on one core, or None if not measured: a batch on one core against
    single runs on the same core; two threads against the faster core (see
    thread_speedup)."""
    times = results.get("batches", {}).get(mode)
    if not times or not times.get(key):
        return None
    one = times["single_1"]
    if key.endswith("_2"):
        one = min(one, times.get("single_1@0") or one)
    return one / times[key]


def batch_lines(results):
    """The batch goal: one batch against as many single runs, on one core."""
    inputs = results.get("batch_inputs")
    return [_line(batch_speedup(results, mode, "batch_1"), 1.5,
                  f"{MODES[mode]} batch of {inputs} (S~{results.get('batch_length')}) vs "
                  f"{inputs} single runs, one core")
            for mode in ("binary", "int8", "f32")]


def goal_lines(results):
    """(Speed I lines, Speed II lines), each 'PASS|MISS|n/a  text'."""
    fp32, int8 = "openblas_skylakex", "torch_int8"
    speed1 = _speedups(results, "binary", [128], fp32, "fp32 OpenBLAS (SkylakeX)", 12)
    speed1 += _speedups(results, "binary", [32], fp32, "fp32 OpenBLAS (SkylakeX)", 20)
    speed1 += _speedups(results, "binary", [32, 128], int8, "PyTorch int8", 4)
    rate = attention_rate(results, "dense", 512)
    speed1.append(_line(None if rate is None else 100 * rate[0] / rate[1], 50,
                        "dense attention S=512, attention G MAC/s as a share of OpenBLAS sgemm's"
                        + ("" if rate is None else f" ({rate[0]:.1f} of {rate[1]:.1f})"), "%"))
    cost = results["compile"]
    seconds = cost["import"][0] + cost["beexc"][0]
    peak = max(cost["import"][1], cost["beexc"][1])
    status = "PASS" if seconds < 5 and peak < 500 else "MISS"
    speed1.append(f"{status}  compile D=768 L=12 W1A1 (beex-import + beexc): {seconds:.1f} s, "
                  f"peak {peak:.0f} MB (goal < 5 s and < 500 MB)")
    speed2 = _speedups(results, "int8", [32, 128], int8, "PyTorch int8", 1.5)
    speed2 += _speedups(results, "f32", [32, 128], fp32, "fp32 OpenBLAS (SkylakeX)", 1.5)
    speed2 += alone_lines(results)
    return speed1, speed2


def alone_lines(results, target=85):
    """The W1A1 kernels timed alone, each as a share of the register peak
    measured in turns with it (bench/linear_alone.c)."""
    _, mix = PEAK_MIX["binary"]
    lines = []
    for shape, alone in results.get("linear_alone", {}).items():
        share = 100 * alone["gbitmacs"] / alone["peak_gbitmacs"]
        fused = "" if alone["activation"] == "none" else f" with the SLFN's {alone['activation']} fused"
        if alone.get("encodes", "none") != "none":
            fused += f" (and its fc2's input {alone['encodes']})"
        lines.append(_line(share, target,
                           f"W1A1 linear {shape.replace('x', '->')}{fused}, timed alone: "
                           f"{alone['gbitmacs']:.0f} of {alone['peak_gbitmacs']:.0f} G/s, as a "
                           f"share of the {mix} register peak", "%"))
    return lines or [_line(None, target, "W1A1 linear as a share of its register peak", "%")]
