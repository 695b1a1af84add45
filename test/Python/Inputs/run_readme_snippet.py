# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Runs the README's export snippet (the ```python block after the marker
line `<!-- export-snippet -->`) as a user's training script would, then
prints where `beex` was imported from and its installed version.

    run_readme_snippet.py README.md      (in the folder the snippet writes to)
"""
import importlib.metadata
import sys

MARKER = "<!-- export-snippet -->"

readme = open(sys.argv[1], encoding="utf-8").read()
after = readme[readme.index(MARKER):]
start = after.index("```python\n") + len("```python\n")
snippet = after[start:after.index("```", start)]
exec(compile(snippet, "README.md export snippet", "exec"), {"__name__": "__main__"})

import beex  # noqa: E402  (imported by the snippet already)

print("beex from", beex.__file__)
print("version", importlib.metadata.version("beex"))
