# -*- Python -*-
# The beex lit suite: FileCheck tests of the dialect, passes and tools.

import os

import lit.formats
from lit.llvm import llvm_config

config.name = "BEEX"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.beex_obj_root, "test")
# Inputs/ folders hold data that tests read, not tests.
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]

config.substitutions.append(("%beex_src_root", config.beex_src_root))
# Debian's interpreter: the one with python3-torch and python3-numpy.
config.substitutions.append(("%python", "/usr/bin/python3"))

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.beex_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(
    ["beex-import", "beex-opt", "beex-run", "beex-translate", "beexc", "FileCheck", "count", "not", "llvm-nm"],
    [config.beex_tools_dir, config.llvm_tools_dir],
)
