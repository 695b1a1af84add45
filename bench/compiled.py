# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""beex's side of the bench: checkpoint variants, import and compile (timed,
with their peak memory), link with bench/run_compiled.c, and time a run.

Every timed command runs on one core (`taskset -c 1`) and is appended to
COMMANDS, which RESULTS.md lists, so each number can be reproduced by hand.
"""
import json
import os
import resource
import shlex
import subprocess
import time

import import_size

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ONE_CORE = ["taskset", "-c", "1"]
TIME = "/usr/bin/time"
COMMANDS = []


def run(command, env=None, log=True):
    if log:
        COMMANDS.append(" ".join(shlex.quote(c) for c in command))
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode:
        raise SystemExit(f"bench: {' '.join(command)} failed ({result.returncode}):\n"
                         f"{result.stdout}{result.stderr}")
    return result.stdout


def measured(command):
    """(seconds, peak MB) of one pinned command. /usr/bin/time gives the
    command's own peak RSS; without it, RUSAGE_CHILDREN's is the largest of
    every child so far, an upper bound."""
    if os.path.exists(TIME):
        report = os.path.join("/tmp", f"beex-bench-time-{os.getpid()}")
        run([TIME, "-f", "%e %M", "-o", report] + ONE_CORE + command)
        with open(report) as f:
            seconds, kilobytes = f.read().split()[-2:]
        os.unlink(report)
        return float(seconds), int(kilobytes) / 1024
    start = time.perf_counter()
    run(ONE_CORE + command)
    seconds = time.perf_counter() - start
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def source_root(build):
    """The checkout `build` was configured from (its runtime is the one the
    object's ABI matches), from CMakeCache.txt; else the build's parent."""
    try:
        with open(os.path.join(build, "CMakeCache.txt")) as f:
            for line in f:
                if line.startswith("CMAKE_HOME_DIRECTORY:"):
                    return line.split("=", 1)[1].strip()
    except OSError:
        pass
    return os.path.dirname(os.path.abspath(build))


def base_checkpoint(work):
    """The BERT-base-sized checkpoint of bench/import_size.py (632 MiB), kept
    in `work` between runs."""
    directory = os.path.join(work, "checkpoint")
    if not os.path.exists(os.path.join(directory, "model.safetensors")):
        import_size.write_checkpoint(directory)
    return directory


def checkpoint_variant(base, directory, **overrides):
    """A checkpoint folder sharing `base`'s weights with a different config."""
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "config.json"), "w") as f:
        json.dump(dict(import_size.CONFIG, **overrides), f)
    link = os.path.join(directory, "model.safetensors")
    if not os.path.exists(link):
        os.symlink(os.path.join(base, "model.safetensors"), link)
    return directory


class Model:
    """One checkpoint variant imported, compiled as `name` and linked with
    run_compiled.c; `cost` holds the import and beexc (seconds, peak MB)."""

    def __init__(self, build, checkpoint, name, work, repeats=1):
        self.name = name
        self.build = build
        beex_file = os.path.join(work, f"{name}.beex")
        obj = os.path.join(work, f"{name}.o")
        self.beex_file = beex_file

        def best(command):
            # The fastest of `repeats` runs, as for every other time here, and
            # the largest peak memory of them.
            runs = [measured(command) for _ in range(repeats)]
            return min(seconds for seconds, _ in runs), max(peak for _, peak in runs)

        self.cost = {
            "import": best([os.path.join(build, "bin", "beex-import"), checkpoint,
                            "-o", beex_file]),
            "beexc": best([os.path.join(build, "bin", "beexc"), beex_file, "-o", obj,
                           f"--name={name}"]),
        }
        source = source_root(build)
        runtime = os.path.join(source, "runtime")
        self.exe = os.path.join(work, f"{name}.bench")
        run(["clang-19", "-O2", "-fuse-ld=lld", f"-DBEEX_MODEL={name}_model",
             "-I", os.path.join(runtime, "include"), os.path.join(ROOT, "bench", "run_compiled.c"),
             *[os.path.join(runtime, "src", f)
               for f in ("batch.c", "model.c", "parallel.c", "run.c", "status.c")],
             os.path.join(runtime, "pool", "thread_pool.c"), "-pthread",
             obj, "-o", self.exe], log=False)

    def best_ms(self, length, iterations, threads=1, core=None, inputs=1, batch=False):
        """Best of `iterations` full-depth runs on `length` tokens, on one core
        (ONE_CORE's, or `core`), or on a pool of `threads` threads pinned to as
        many cores; with `inputs`, passes over that many inputs of lengths
        around `length`, as single runs or one batch (run_compiled.c)."""
        extra = ["--inputs", str(inputs)] + (["--batch"] if batch else [])
        if threads == 1:
            pin = ONE_CORE if core is None else ["taskset", "-c", str(core)]
            out = run(pin + [self.exe, str(iterations), str(length), "--full-depth"] + extra)
        else:
            out = run(["taskset", "-c", f"0-{threads - 1}", self.exe, str(iterations),
                       str(length), "--full-depth", "--threads", str(threads)] + extra)
        return json.loads(out)["best_ms"]
