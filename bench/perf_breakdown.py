# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Where a compiled model's time goes, per kind of op, from perf samples.

beexc gives each op's kernel its own internal function named
`<model>_<class>_<n>` (a linear's `<model>_<class>_<K>x<N>_<n>`), so a flat
profile by symbol is a profile by op, and by linear shape. The
class is found by searching the symbol (less the model's prefix) for one of
CLASSES rather than by parsing the whole name, so suffixes LLVM adds
(`.loop`, `.cold`) or a changed numbering do not break it. The model's other
code (its forward function) counts as `other`, everything else (the runtime,
libc, the loader) as `runtime`. An object without per-op functions, from a
compiler before that change, gives everything under `other`.

Kernel samples are left out of the shares: they are start-up page faults and
the VM's interrupt accounting, not the model's work.
"""
import os
import re
import subprocess

from compiled import ONE_CORE, run

CLASSES = ("linear_binary", "linear_int8", "linear_f32", "attention", "layer_norm", "embed",
           "rows", "exit")
CLASS = re.compile("|".join(CLASSES))
LINEAR_SHAPE = re.compile(r"linear_[a-z0-9]+_(\d+x\d+)_")
GROUPS = CLASSES + ("other", "runtime")


def classify(symbol, model_name):
    prefix = model_name + "_"
    if not symbol.startswith(prefix):
        return "runtime"
    match = CLASS.search(symbol[len(prefix):])
    return match.group(0) if match else "other"


def parse_report(text):
    """[(percent, kind, symbol)] from `perf report --stdio --sort symbol`,
    kind being '.' for user space and 'k' for the kernel."""
    rows = []
    for line in text.splitlines():
        fields = re.split(r"\s{2,}", line.strip())
        if len(fields) >= 2 and fields[0].endswith("%") and fields[1][:1] == "[":
            rows.append((float(fields[0][:-1]), fields[1][1], fields[1][4:].strip()))
    return rows


def breakdown(model, length, iterations, work):
    """{"shares": {group: fraction of user-space samples}, "linear_shapes":
    {"KxN": fraction of user-space samples}, "kernel": fraction of all
    samples, "per_op": whether any symbol matched a class}."""
    data = os.path.join(work, f"{model.name}-{length}.perf.data")
    run(["perf", "record", "-q", "-e", "cpu-clock", "-o", data, "--"] + ONE_CORE +
        [model.exe, str(iterations), str(length), "--full-depth"])
    report = subprocess.run(["perf", "report", "-i", data, "--stdio", "--sort", "symbol"],
                            check=True, capture_output=True, text=True).stdout
    shares = dict.fromkeys(GROUPS, 0.0)
    shapes = {}
    kernel = 0.0
    for percent, kind, symbol in parse_report(report):
        if kind == "k":
            kernel += percent
        else:
            shares[classify(symbol, model.name)] += percent
            shape = LINEAR_SHAPE.search(symbol)
            if shape and symbol.startswith(model.name + "_"):
                shapes[shape.group(1)] = shapes.get(shape.group(1), 0.0) + percent
    user = sum(shares.values()) or 1.0
    return {"shares": {group: value / user for group, value in shares.items()},
            "linear_shapes": {shape: value / user for shape, value in shapes.items()},
            "kernel": kernel / 100,
            "per_op": any(shares[c] for c in CLASSES)}
