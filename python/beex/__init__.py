# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""beex's Python side: the PyTorch BEExformer of docs/math.md, its checkpoint format,
and the tools that check the compiler's reference interpreter against it.

The PyTorch model is written from the spec (docs/) alone, independently of the C++
code, so that agreement between the two means something.
"""

from beex.checkpoint import load_checkpoint, save_checkpoint
from beex.config import normalize_config
from beex.model import BEExformer

__all__ = ["BEExformer", "load_checkpoint", "normalize_config", "save_checkpoint"]
