#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""exit_status.py N COMMAND [ARGS...]: runs COMMAND with its output passed
through, and succeeds only if it exits with status N. A command killed by a
signal never matches (`not` accepts any non-zero status, and lit's `not
--crash` any crash); the tools promise exactly 1 for bad input."""
import subprocess
import sys

expected = int(sys.argv[1])
status = subprocess.run(sys.argv[2:]).returncode
if status != expected:
    how = f"signal {-status}" if status < 0 else f"exit status {status}"
    print(f"exit_status.py: {sys.argv[2]} ended with {how}, expected exit status {expected}",
          file=sys.stderr)
    sys.exit(1)
