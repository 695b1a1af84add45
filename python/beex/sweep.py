#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Agreement sweep: the compiler's reference interpreter against PyTorch.

For each seed, writes a random checkpoint (beex.random_checkpoint), imports
it with `beex-import`, runs `beex-run --reference` on several inputs with the
default exit policy and with run-time overrides (thresholds, patience, full
depth), and compares every result with the PyTorch model run in float64, by
the tolerances of docs/math.md §5. A case that either side saw within a hair of a
discontinuity (margins below the BORDER_* constants) is reported and left
out; more than MAX_BORDERLINE of them fails the sweep, so it cannot pass by
skipping.

    /usr/bin/python3 -m beex.sweep --bin ../build/bin --seeds 0:50   # from python/
"""

import argparse
import collections
import json
import math
import os
import random
import subprocess
import sys
import tempfile

if __package__ in (None, ""):  # run as a script path: make `beex` importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from beex.checkpoint import load_checkpoint  # noqa: E402
from beex.random_checkpoint import random_tokens, write_random_checkpoint  # noqa: E402

LOGIT_TOLERANCE = 1e-4  # relative to max(1, |z|), docs/math.md §5
ENTROPY_TOLERANCE = 1e-4  # docs/math.md §5
BORDER_QUANTIZATION = 1e-7
BORDER_DECISION = 1e-4  # docs/math.md §5: "a decision within 1e-4 of its threshold"
BORDER_ARGMAX = 1e-4  # docs/math.md §5: "two logits within 1e-4 of each other"
MAX_BORDERLINE = 0.10
INPUTS_PER_CHECKPOINT = 4
TOOL_TIMEOUT_S = 300


class ToolError(Exception):
    """A beex tool failed or printed something that is not the contract."""


def run_options(config, seed):
    """The run-time options to try on a checkpoint: the defaults, overrides
    of the policy's knob that move exits around, and full depth."""
    rng = random.Random(f"beex-sweep-{seed}")
    policy = config["exit_policy"]
    options = [{}]
    if policy["type"] == "entropy_drop":
        options += [{"threshold": round(rng.uniform(-0.3, 0.5), 4)} for _ in range(2)]
    elif policy["type"] == "entropy_below":
        ceiling = math.log(config["num_labels"])
        options += [{"threshold": round(rng.uniform(0.2, 1.0) * ceiling, 4)} for _ in range(2)]
    elif policy["type"] == "patience":
        options += [{"patience": n} for n in (1, 2) if n != policy["patience"]]
    options.append({"full_depth": True})
    return options


def tool_arguments(options):
    """beex-run flags for `options` (a dict as made by run_options)."""
    arguments = []
    if "threshold" in options:
        arguments += ["--threshold", repr(options["threshold"])]
    if "patience" in options:
        arguments += ["--patience", str(options["patience"])]
    if options.get("full_depth"):
        arguments.append("--full-depth")
    return arguments


def _run(command):
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TOOL_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ToolError(f"{' '.join(command)}: {error}") from None
    if done.returncode != 0:
        raise ToolError(f"{' '.join(command)} exited with {done.returncode}:\n{done.stderr}")
    return done.stdout


def import_checkpoint(bin_dir, checkpoint_dir, embeddings="f32"):
    """Runs beex-import; returns the path of the .beex file."""
    output = os.path.join(checkpoint_dir, "model.beex")
    storage = [] if embeddings == "f32" else [f"--embeddings={embeddings}"]  # the default
    _run([os.path.join(bin_dir, "beex-import"), checkpoint_dir, "-o", output, *storage])
    return output


def run_reference(bin_dir, beex_file, inputs, options):
    """Runs beex-run --reference once on all `inputs`; one dict per input."""
    command = [os.path.join(bin_dir, "beex-run"), "--reference", beex_file]
    for tokens in inputs:
        command += ["--tokens", ",".join(map(str, tokens))]
    lines = _run(command + tool_arguments(options)).splitlines()
    if len(lines) != len(inputs):
        raise ToolError(f"beex-run printed {len(lines)} lines for {len(inputs)} inputs:\n" + "\n".join(lines))
    results = []
    for line in lines:
        try:
            result = json.loads(line)
            margins = result["margins"]
            results.append(
                {
                    "logits": [float(v) for v in result["logits"]],
                    "exit_layer": int(result["exit_layer"]),
                    "entropies": [float(v) for v in result["entropies"]],
                    "margins": {key: float(margins[key]) for key in ("quantization", "decision", "argmax")},
                }
            )
        except (ValueError, KeyError, TypeError) as error:
            raise ToolError(f"beex-run printed a line outside the contract ({error!r}): {line}") from None
    return results


def _argmax(values):
    return max(range(len(values)), key=lambda i: (values[i], -i))


def mismatches(expected, actual):
    """What differs between two results beyond docs/math.md §5's tolerances."""
    problems = []
    if actual["exit_layer"] != expected["exit_layer"]:
        problems.append(f"exit layer {actual['exit_layer']}, expected {expected['exit_layer']}")
    if len(actual["logits"]) != len(expected["logits"]):
        return problems + [f"{len(actual['logits'])} logits, expected {len(expected['logits'])}"]
    for c, (z, want) in enumerate(zip(actual["logits"], expected["logits"])):
        if not abs(z - want) <= LOGIT_TOLERANCE * max(1.0, abs(want)):
            problems.append(f"logit {c}: {z!r}, expected {want!r}")
    if _argmax(actual["logits"]) != _argmax(expected["logits"]):
        problems.append("argmax differs")
    if len(actual["entropies"]) != len(expected["entropies"]):
        return problems + [f"{len(actual['entropies'])} entropies, expected {len(expected['entropies'])}"]
    for i, (h, want) in enumerate(zip(actual["entropies"], expected["entropies"])):
        if not abs(h - want) <= ENTROPY_TOLERANCE:
            problems.append(f"entropy {i}: {h!r}, expected {want!r}")
    return problems


def borderline_reasons(expected, actual):
    """Why a case is too close to a discontinuity to compare, by either side's margins."""
    reasons = []
    for side, result in (("pytorch", expected), ("reference", actual)):
        margins = result["margins"]
        for key, border in (
            ("quantization", BORDER_QUANTIZATION),
            ("decision", BORDER_DECISION),
            ("argmax", BORDER_ARGMAX),
        ):
            if margins[key] < border:
                reasons.append(f"{side} {key} margin {margins[key]:.3g} < {border:g}")
    return reasons


class Tally:
    """Counts for the summary line, and where exits happened."""

    def __init__(self):
        self.checkpoints = self.cases = self.compared = self.borderline = self.failed = 0
        self.exits = collections.Counter()

    def note_exit(self, config, layer):
        first, last = config["exit_policy"]["min_layer"], config["num_hidden_layers"]
        self.exits["at L" if layer == last else "at min_layer" if layer == first else "in between"] += 1

    def judge(self, case, expected, actual, reasons, names=("pytorch", "reference"), verbose=False):
        """Counts one case: left out when `reasons` says it is borderline,
        otherwise compared, with any mismatch printed in full.
        `case` is (seed, config, options, tokens)."""
        seed, config, options, tokens = case
        where = f"seed {seed}, options {json.dumps(options)}, S={len(tokens)}"
        if reasons:
            self.borderline += 1
            print(f"borderline {where}: {'; '.join(reasons)}")
            return
        self.compared += 1
        self.note_exit(config, expected["exit_layer"])
        problems = mismatches(expected, actual)
        if problems:
            self.failed += 1
            print(f"MISMATCH {where}, tokens {tokens}")
            print(f"  config: {json.dumps(config, sort_keys=True)}")
            print(f"  {names[0]}: {json.dumps(expected)}")
            print(f"  {names[1]}: {json.dumps(actual)}")
            for problem in problems:
                print(f"  - {problem}")
        elif verbose:
            print(f"ok {where}, exit {actual['exit_layer']}")

    def fail(self, where, error, cases):
        """Counts `cases` cases as failed by a tool error at `where`."""
        print(f"FAILED {where}: {error}")
        self.failed += cases

    def summary(self, label):
        exits = ", ".join(f"{count} {where}" for where, count in sorted(self.exits.items()))
        return (
            f"{label}: {self.checkpoints} checkpoints, {self.cases} cases, {self.compared} compared, "
            f"{self.borderline} borderline, {self.failed} failed (exits: {exits})"
        )

    def verdict(self, label, max_borderline):
        """Prints the summary; the exit status: 1 on any failure, on more than
        `max_borderline` of the cases borderline, or when nothing was compared."""
        print(self.summary(label))
        too_many = self.borderline > max_borderline * max(1, self.cases)
        if too_many:
            print(f"{label}: more than {max_borderline:.0%} of the cases are borderline")
        return 1 if self.failed or too_many or not self.compared else 0


def compare_under_options(case, inputs, tally, run, borderline, names, verbose=False):
    """The driver both sweeps share: for each run option of the checkpoint
    (`case` is (seed, config)), `run(options)` gives the (expected, actual)
    result of every input, and each pair is judged; a tool error fails the
    option's cases."""
    seed, config = case
    for options in run_options(config, seed):
        tally.cases += len(inputs)
        try:
            pairs = run(options)
        except ToolError as error:
            tally.fail(f"seed {seed}, options {json.dumps(options)}", error, len(inputs))
            continue
        for tokens, (expected, actual) in zip(inputs, pairs):
            tally.judge((seed, config, options, tokens), expected, actual,
                        borderline(expected, actual), names=names, verbose=verbose)


def sweep_seed(seed, bin_dir, checkpoint_dir, tally, verbose=False):
    """Checks one random checkpoint under every run option; updates `tally`."""
    write_random_checkpoint(seed, checkpoint_dir)
    config, model = load_checkpoint(checkpoint_dir)
    model.double()
    inputs = random_tokens(config, seed, INPUTS_PER_CHECKPOINT)
    tally.checkpoints += 1
    try:
        beex_file = import_checkpoint(bin_dir, checkpoint_dir)
    except ToolError as error:
        tally.cases += len(inputs)
        tally.fail(f"seed {seed}", error, len(inputs))
        return

    def run(options):
        results = run_reference(bin_dir, beex_file, inputs, options)
        return [(model.forward_tokens(tokens, **options), actual)
                for tokens, actual in zip(inputs, results)]

    compare_under_options((seed, config), inputs, tally, run, borderline_reasons,
                          ("pytorch", "reference"), verbose)


def parse_seeds(text):
    """"A:B" -> range(A, B); "N" -> [N]."""
    if ":" in text:
        first, last = text.split(":")
        return range(int(first), int(last))
    return [int(text)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, help="folder with beex-import and beex-run")
    parser.add_argument("--seeds", default="0:50", help="A:B for seeds A..B-1, or one seed (default 0:50)")
    parser.add_argument("--keep", help="write checkpoints to KEEP/seed-N and keep them")
    parser.add_argument("--verbose", action="store_true", help="also print the cases that agree")
    args = parser.parse_args(argv)
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="beex-sweep-") as scratch:
        for seed in parse_seeds(args.seeds):
            folder = os.path.join(args.keep or scratch, f"seed-{seed}")
            sweep_seed(seed, os.path.abspath(args.bin), folder, tally, args.verbose)
    return tally.verdict("sweep", MAX_BORDERLINE)


if __name__ == "__main__":
    sys.exit(main())
