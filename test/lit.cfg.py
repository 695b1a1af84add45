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

config.substitutions.append(("%beex_obj_root", config.beex_obj_root))

# Features the integration tests need; setup.sh installs all of them, so CI
# runs every test, while a machine without them skips rather than fails.
import shutil
import subprocess

if subprocess.run(["/usr/bin/python3", "-c", "import torch"],
                  capture_output=True).returncode == 0:
    config.available_features.add("torch")
for emulator, sysroot in (("qemu-aarch64", "/usr/aarch64-linux-gnu"),
                          ("qemu-riscv64", "/usr/riscv64-linux-gnu")):
    if shutil.which(emulator) and os.path.isdir(os.path.join(sysroot, "lib")):
        config.available_features.add(emulator)
if shutil.which("clang-19"):
    config.available_features.add("clang")

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.beex_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(
    ["beex-import", "beex-opt", "beex-run", "beex-translate", "beexc", "FileCheck", "count", "not", "llvm-nm"],
    [config.beex_tools_dir, config.llvm_tools_dir],
)
