# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""One W1A1 linear kernel of the compiled bench model, timed alone
(bench/linear_alone.c), as the baselines' linears are.

beexc's kernels are internal functions of the model's object. This module
takes the model's LLVM IR (`beexc --emit=llvm`), adds an external function
`beex_bench_linear` that calls the chosen kernel, and compiles it with the
optimisations beexc already ran switched off, so that the kernel's machine
code is beexc's own."""
import json
import os
import re

from compiled import ONE_CORE, ROOT, run

# lowerGroupedBinary's kernels take (rows, group_begin, group_end, then six
# pointers: weights, alpha, bias, out, bits, beta), and two more where the
# kernel writes its output's encoding for the next linear (the SLFN's first
# linears: sign words, beta); linear_alone.c checks what they mean by
# comparing the outputs with SPEC §2.
_DEFINE = re.compile(r"^define internal fastcc void @(\S+_linear_binary_(\d+)x(\d+)_\d+)\((.*)\)")


def kernels(ll_text):
    """{"KxN": [(symbol, pointers), ...]} of the grouped binary kernels in
    the module (3 i64 and 6 or 8 pointers), in order of definition."""
    found = {}
    for line in ll_text.splitlines():
        match = _DEFINE.match(line)
        if not match:
            continue
        params, pointers = match.group(4), match.group(4).count("ptr")
        if params.count("i64") == 3 and pointers in (6, 8) and \
                len(re.findall(r"%\d+", params)) == 3 + pointers:
            found.setdefault(f"{match.group(2)}x{match.group(3)}", []).append(
                (match.group(1), pointers))
    return found


def _row_share_rows():
    """kRowShareRows, where the compiler defines it: from that many rows on,
    a kernel's share is of rows, below it of output groups."""
    header = os.path.join(ROOT, "lib", "Conversion", "BeexToLoops", "Lowering.h")
    with open(header) as f:
        return int(re.search(r"kRowShareRows = (\d+);", f.read()).group(1))


def _wrapper(symbol, pointers):
    """beex_bench_linear, which takes all 8 pointers and passes the kernel
    its own."""
    params = ", ".join(["i64 %0", "i64 %1", "i64 %2"] + [f"ptr %{3 + i}" for i in range(8)])
    passed = ", ".join(params.split(", ")[:3 + pointers])
    return (f"\ndefine void @beex_bench_linear({params}) {{\n"
            f"  tail call fastcc void @{symbol}({passed})\n  ret void\n}}\n")


def build(model, shape, work):
    """The linear_alone program for the first kernel of `shape` ("KxN") in
    `model` (a compiled.Model), or None if the model has none (a non-W1A1
    mode)."""
    ll_file = os.path.join(work, f"{model.name}.ll")
    run([os.path.join(model.build, "bin", "beexc"), model.beex_file, "--emit=llvm",
         f"--name={model.name}", "-o", ll_file], log=False)
    with open(ll_file) as f:
        text = f.read()
    symbols = kernels(text).get(shape)
    if not symbols:
        return None
    wrapped = os.path.join(work, f"{model.name}-{shape}-alone.ll")
    with open(wrapped, "w") as f:
        f.write(text + _wrapper(*symbols[0]))
    program = os.path.join(work, f"{model.name}-{shape}-alone")
    flags = ["-mavx512f", "-mavx512vpopcntdq", "-mavx512vnni"]
    run(["clang-19", "-O3", "-c", "-Xclang", "-disable-llvm-optzns", wrapped,
         "-o", program + ".o"], log=False)
    run(["clang-19", "-O2", "-DPEAK_NO_MAIN", f"-DBEEX_ROW_SHARE_ROWS={_row_share_rows()}"] +
        flags +
        [os.path.join(ROOT, "bench", "peak.c"), os.path.join(ROOT, "bench", "linear_alone.c"),
         os.path.join(ROOT, "runtime", "src", "parallel.c"), program + ".o",
         "-I", os.path.join(ROOT, "runtime", "include"), "-I", os.path.join(ROOT, "runtime", "src"),
         "-lm", "-o", program], log=False)
    return program


def measure(program, shape, rows, calls):
    """linear_alone.c's JSON for `shape` on `rows` rows, best of `calls`."""
    k, n = shape.split("x")
    return json.loads(run(ONE_CORE + [program, k, n, str(rows), str(calls)]))
