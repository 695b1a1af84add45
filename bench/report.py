# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""One bench run as Markdown: the same text is printed and, with a header
and the commands run, written to RESULTS.md, so the file never says more or
less than the terminal did."""

from goals import batch_lines, batch_speedup, goal_lines, speedup, thread_lines, thread_speedup
from labels import BASELINES, MODES, PEAK_MIX
from perf_breakdown import CLASSES, GROUPS


def _table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def _ms(value):
    return "" if value is None else f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def _timing(r):
    baselines = [b for b in BASELINES if r["baselines"].get(b)]
    header = ["S"] + [f"beex {MODES[m]}" for m in MODES] + [r["labels"][b] for b in baselines]
    rows = [[s] + [_ms(r["beex"][m].get(str(s))) for m in MODES]
            + [_ms(r["baselines"][b].get(str(s))) for b in baselines] for s in r["lengths"]]
    return _table(header, rows)


def _speedups(r):
    baselines = [b for b in ("openblas_skylakex", "torch_int8", "torch_fp32") if r["baselines"].get(b)]
    header = ["mode", "S"] + [f"vs {r['labels'][b]}" for b in baselines]
    rows = []
    for mode, label in MODES.items():
        for s in r["lengths"]:
            ratios = [speedup(r, mode, s, b) for b in baselines]
            rows.append([label, s] + ["" if x is None else f"{x:.2f}x" for x in ratios])
    return _table(header, rows)


def _breakdown(r):
    parts = r["breakdown"]
    if not parts:
        return ["(not measured)"]
    modes = [m for m in MODES if m in parts]
    used = [g for g in GROUPS if g in ("other", "runtime") or any(parts[m]["shares"][g] for m in modes)]
    rows = []
    for group in used:
        row = [group]
        for mode in modes:
            share, ms = parts[mode]["shares"][group], r["beex"][mode][str(r["breakdown_length"])]
            row.append(f"{share * ms:.2f} ({100 * share:.1f}%)")
        rows.append(row)
    rates = [parts[m].get("linear_gmacs") for m in modes]
    if any(rates):
        rows.append(["linear G MAC/s"] + ["" if x is None else f"{x:.0f}" for x in rates])
    lines = _table(["op class"] + [f"{MODES[m]} ms (share)" for m in modes], rows)
    kernel = max(parts[m]["kernel"] for m in modes)
    lines.append("")
    lines.append(f"Shares of user-space perf samples (cpu-clock) times the best ms per "
                 f"inference; kernel samples (at most {100 * kernel:.1f}% of all: page faults "
                 f"at start-up) are left out. The linear rate counts bit-MACs for W1A1.")
    if not any(parts[m]["per_op"] for m in modes):
        lines.append(f"No symbol of this object matched a class ({', '.join(CLASSES)}): the "
                     "compiler does not yet emit one function per op, so the model's whole "
                     "time is under `other`.")
    return lines


def _rate(value):
    return "" if value is None else f"{value:.0f}"


def _linears(r):
    """Each linear shape's G MAC/s in beex's kernels and in the baselines'
    own linears, against the register peak of the instructions each uses."""
    parts = r["breakdown"]
    shapes = next((list(p["shape_gmacs"]) for p in parts.values() if p.get("shape_gmacs")), [])
    if not shapes:
        return ["(not measured)"]
    peak = r.get("peak") or {}
    rows = []

    def row(label, key, rates, overall):
        key_name, mix = PEAK_MIX[key]
        limit = peak.get(key_name)
        share = "" if not (limit and rates.get(shapes[0])) else \
            f"{100 * rates[shapes[0]] / limit:.0f}%"
        rows.append([label] + [_rate(rates.get(s)) for s in shapes] +
                    [_rate(overall), f"{_rate(limit)} ({mix})", share])

    for mode in MODES:
        if mode in parts:
            row(f"beex {MODES[mode]}", mode, parts[mode]["shape_gmacs"],
                parts[mode].get("linear_gmacs"))
    for baseline, rates in r["linear_baselines"].items():
        row(r["labels"][baseline], baseline, rates, None)
    header = ["linear, S=" + str(r["breakdown_length"])] + [s.replace("x", "→") for s in shapes]
    header += ["all linears", "register peak of its mix", f"{shapes[0].replace('x', '→')} / peak"]
    lines = _table(header, rows)
    lines += ["", "G MAC/s (bit-MACs for W1A1). beex's rates are each shape's share of the "
              "model's perf samples at this length, times the best ms, against its MACs per "
              "inference; the baselines time one Linear (PyTorch) or one sgemm (OpenBLAS) of "
              "that shape alone. The register peak (bench/peak.c) runs the kernel's inner-loop "
              "instructions on registers only, 16 independent chains. W1A1's 3072→768 and "
              "all-linears rates count the gate's fc2 at its full MACs, though its dot products "
              "are per-output constants that beexc computes at compile time (sigmoid inputs: "
              "lib/Target/README.md)."]
    return lines + [""] + _alone(r)


def _alone(r):
    """The W1A1 kernels timed alone, the Speed II goal's measure."""
    alone = r.get("linear_alone") or {}
    if not alone:
        return ["W1A1 kernels timed alone: not measured (no AVX-512 VPOPCNTDQ and VNNI)."]
    rows = [[shape.replace("x", "→"), a["activation"], a.get("encodes", "none"),
             f"{a['gbitmacs']:.0f}", f"{a['peak_gbitmacs']:.0f}",
             f"{100 * a['gbitmacs'] / a['peak_gbitmacs']:.1f}%"]
            for shape, a in alone.items()]
    lines = _table(["W1A1 kernel alone, S=" + str(r["breakdown_length"]), "fused activation",
                    "encodes for the next linear", "G bit-MAC/s",
                    "register peak, same process", "share"], rows)
    return lines + ["", "Each kernel is beexc's machine code for the bench model, called on "
                    "random weights and rows with its output checked against SPEC §2 first "
                    "(bench/linear_alone.c), best of the calls, in turns with the register peak, "
                    "as the baselines' linears are timed. The rates above, from the model's "
                    "perf samples, are lower: there the weights come cold from memory and every "
                    "call counts, not the best."]


def _attention(r):
    rows = []
    for pattern, by_length in r["attention"].items():
        for s, e in by_length.items():
            attention = "" if e.get("attention_ms") is None else \
                f"{e['attention_ms']:.2f} ({100 * e['attention_ms'] / e['ms']:.0f}%)"
            rate = "" if e.get("attention_gmacs") is None else f"{e['attention_gmacs']:.1f}"
            rows.append([r["patterns"][pattern], s, _ms(e["ms"]), attention,
                         f"{e['attention_macs'] / 1e9:.2f}", rate])
    lines = _table(["pattern (W1A1)", "S", "ms per inference", "attention ms (share)",
                    "attention G MAC", "attention G MAC/s"], rows)
    lines += ["", f"Attention MACs: 2·S·keys·D·L (QKᵀ and AV), keys = S for dense and about "
              f"2w+1 for local. OpenBLAS sgemm (SkylakeX, {r['sgemm_shape']}): "
              f"{r['sgemm_gmacs']:.1f} G MAC/s."]
    return lines


def _threads(r):
    # Two cores together do at best the sum of their speeds: 1 + (the
    # faster core's ms) / (the slower core's ms) times the faster one's
    # speed alone. The pool sizes the threads' parts to approach it (an even
    # split would reach only 2 x the faster core's ms / the slower core's ms).
    rows = [[MODES[mode], _ms(times["1"]), _ms(times.get("1@0")), _ms(times["2"]),
             f"{thread_speedup(r, mode):.2f}x",
             f"{1 + min(times['1'], times['1@0']) / max(times['1'], times['1@0']):.2f}x"
             if times.get("1@0") else ""]
            for mode, times in r.get("threads", {}).items()]
    return _table(["mode", "1 thread ms (core 1)", "1 thread ms (core 0)", "2 threads ms",
                   "speed-up (vs the faster core)", "both cores' bound"], rows)


def _batches(r):
    inputs = r.get("batch_inputs")
    rows = []
    for mode, times in r.get("batches", {}).items():
        rate = {key: inputs / (ms / 1e3) for key, ms in times.items()}
        rows.append([MODES[mode]] + [f"{rate[key]:.0f}" if key in rate else "" for key in
                                     ("single_1", "single_1@0", "batch_1", "single_2", "batch_2")] +
                    [f"{batch_speedup(r, mode, key):.2f}x" for key in
                     ("batch_1", "single_2", "batch_2")])
    lines = _table(["mode", "single runs, 1 thread (core 1)", "single runs, 1 thread (core 0)",
                    "batch, 1 thread (core 1)", "single runs, 2 threads", "batch, 2 threads",
                    "batch, 1 thread / single", "single runs, 2 threads / 1 (faster core)",
                    "batch, 2 threads / single, 1 (faster core)"], rows)
    return lines + ["", f"Sentences per second, full depth. One pass: {inputs} inputs of "
                    f"S = {r.get('batch_length') // 2} ... {3 * r.get('batch_length') // 2} "
                    "(mean " f"{r.get('batch_length')}), as {inputs} `beex_run` calls or one "
                    "`beex_run_batch` (a scratch slot per thread: on 2 threads each thread runs "
                    "whole inputs, where single runs split each input's kernels); best of "
                    f"{r['iterations']} passes, 1 thread on core 1 (single runs also on core 0: two threads "
                    "are compared with the faster core, as in \"Threads\"), 2 threads pinned to "
                    "cores 0-1."]


def _compile(r):
    cost = r["compile"]
    rows = [[step, f"{cost[step][0]:.2f}", f"{cost[step][1]:.0f}"] for step in ("import", "beexc")]
    rows.append(["total", f"{cost['import'][0] + cost['beexc'][0]:.2f}",
                 f"{max(cost['import'][1], cost['beexc'][1]):.0f} (peak)"])
    return _table(["step (D=768 L=12 W1A1)", "seconds", "peak RSS MB"], rows)


def body(r):
    """The Markdown of everything measured, without the file's header."""
    speed1, speed2 = goal_lines(r)
    lines = [f"## ms per inference (batch 1, full depth, one core, best of {r['iterations']})", ""]
    lines += _timing(r)
    lines += ["", "## Speed-ups of beex (baseline ms / beex ms)", ""] + _speedups(r)
    lines += ["", "## Goals", "", "Speed I:", "", "```"] + speed1 + ["```", "",
              "Speed II (informational):", "", "```"] + speed2 + ["```", "",
              "Parallel:", "", "```"] + thread_lines(r) + batch_lines(r) + ["```"]
    lines += ["", f"## Per-op breakdown at S={r['breakdown_length']}", ""] + _breakdown(r)
    lines += ["", "## Linear kernels", ""] + _linears(r)
    lines += ["", "## Attention scaling", ""] + _attention(r)
    lines += ["", f"## Threads (one inference, S={r.get('thread_length')}, full depth; "
              "2 threads: a thread pool pinned to cores 0-1)", ""] + _threads(r)
    if r.get("batches"):
        lines += ["", f"## Batches ({r['batch_inputs']} short inputs per pass)", ""] + _batches(r)
    lines += ["", "## Compile cost (best of 3, largest peak)", ""] + _compile(r)
    if r.get("reference_ms"):
        lines += ["", f"Reference interpreter (`beex-run --reference`, W1A1, S=128, full depth, "
                  f"one run, wall time with loading): {r['reference_ms']:.0f} ms, "
                  f"{r['reference_ms'] / r['beex']['binary']['128']:.1f}x the compiled model."]
    lines += ["", "## Notes", ""] + [f"- {note}" for note in r["notes"]]
    return "\n".join(lines) + "\n"


def write(r, path, plot_name, commands):
    header = [
        "# beex benchmark results",
        "",
        "Generated by `/usr/bin/python3 bench/bench.py`; do not edit (rerun it).",
        "",
        f"- Machine: {r['machine']}",
        f"- Date: {r['date']}",
        f"- Measured: {r['build']} (source {r['source']})",
        "- Model: D=768 H=12 F=3072 L=12 V=30522 P=512, random weights, token ids "
        "(i·7919 + 101) mod V",
        "",
        f"![ms per inference against S]({plot_name})",
        "",
    ]
    footer = ["", "## Commands", "", "Each timed command, as run (`taskset -c 1`: one core):",
              "", "```sh"] + commands + ["```", ""]
    with open(path, "w") as f:
        f.write("\n".join(header) + "\n" + body(r) + "\n".join(footer))
