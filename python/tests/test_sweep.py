# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""The sweep's comparison rules, and a whole run against stand-in tools."""

import contextlib
import io
import math
import os
import unittest

from beex import sweep

STAND_IN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "stand_in_tools")
FAR = {"quantization": math.inf, "decision": 0.5, "argmax": 1.0}


def result(logits=(1.0, 2.0), exit_layer=2, entropies=(0.6, 0.5), margins=FAR):
    return {"logits": list(logits), "exit_layer": exit_layer, "entropies": list(entropies), "margins": dict(margins)}


class SweepRulesTest(unittest.TestCase):
    def test_agreement_within_tolerance(self):
        self.assertEqual(sweep.mismatches(result(), result(logits=(1.00009, 2.0), entropies=(0.60009, 0.5))), [])
        # relative to |z| above 1
        self.assertEqual(sweep.mismatches(result(logits=(1.0, 100.0)), result(logits=(1.0, 100.009))), [])

    def test_disagreements(self):
        self.assertEqual(len(sweep.mismatches(result(), result(logits=(1.0002, 2.0)))), 1)
        self.assertEqual(len(sweep.mismatches(result(), result(entropies=(0.6, 0.5002)))), 1)
        self.assertIn("exit layer 1, expected 2", sweep.mismatches(result(), result(exit_layer=1, entropies=(0.6,))))
        self.assertIn("argmax differs", sweep.mismatches(result(logits=(1.0, 1.00001)), result(logits=(1.00001, 1.0))))
        self.assertTrue(sweep.mismatches(result(), result(logits=(1.0, math.nan))))

    def test_borderline(self):
        self.assertEqual(sweep.borderline_reasons(result(), result()), [])
        close = dict(FAR, quantization=5e-8)
        self.assertEqual(len(sweep.borderline_reasons(result(), result(margins=close))), 1)
        close = dict(FAR, decision=5e-5, argmax=5e-5)
        self.assertEqual(len(sweep.borderline_reasons(result(margins=close), result())), 2)

    def test_run_options_cover_the_overrides(self):
        config = {"exit_policy": {"type": "patience", "patience": 1}, "num_labels": 3}
        self.assertEqual(sweep.run_options(config, 0), [{}, {"patience": 2}, {"full_depth": True}])
        config["exit_policy"] = {"type": "entropy_drop", "threshold": 0.1}
        options = sweep.run_options(config, 0)
        self.assertEqual(len([o for o in options if "threshold" in o]), 2)
        arguments = sweep.tool_arguments({"threshold": 0.25, "full_depth": True})
        self.assertEqual(arguments, ["--threshold", "0.25", "--full-depth"])


class SweepRunTest(unittest.TestCase):
    def run_sweep(self, *arguments):
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            status = sweep.main(list(arguments))
        return status, output.getvalue()

    def test_stand_in_tools_agree(self):
        status, output = self.run_sweep("--bin", STAND_IN, "--seeds", "0:2")
        self.assertEqual(status, 0, output)
        self.assertRegex(output, r"sweep: 2 checkpoints, (\d+) cases, \1 compared, 0 borderline, 0 failed")

    def test_missing_tools_fail(self):
        status, output = self.run_sweep("--bin", os.path.join(STAND_IN, "absent"), "--seeds", "3")
        self.assertEqual(status, 1)
        self.assertIn("FAILED seed 3", output)


if __name__ == "__main__":
    unittest.main()
