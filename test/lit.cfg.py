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
# CPU features that compiled code may use only where the machine has them.
try:
    with open("/proc/cpuinfo") as cpuinfo:
        flags = next((line.split(":", 1)[1].split() for line in cpuinfo
                      if line.startswith("flags")), [])
except OSError:
    flags = []
if "avx_vnni" in flags:
    config.available_features.add("avx-vnni")
# The GLUE data and the BERT vocabulary beside the repository (../shared/data,
# as CI has it): tests on real sentences need it; a bare clone skips them.
shared_data = os.path.join(os.path.dirname(config.beex_src_root), "shared", "data")
config.substitutions.append(("%shared_data", shared_data))
if os.path.isfile(os.path.join(shared_data, "glue", "SST-2", "dev.tsv")):
    config.available_features.add("shared-data")

# A sanitizer build (scripts/sanitize.sh, build-asan/): every ASan, UBSan or
# LeakSanitizer report aborts the tool with SIGABRT, which fails the test even
# under `not` (which accepts a non-zero exit status but not a signal).
# allow_user_poisoning=0: LLVM's allocators poison memory in beex's
# instrumented copies of their inline code but not in Debian's uninstrumented
# LLVM, which gives false use-after-poison reports (fuzz/SanitizerOptions.cpp).
if getattr(config, "beex_sanitized", False):
    config.available_features.add("sanitizers")
    sanitizer_options = "abort_on_error=1:print_stacktrace=1:halt_on_error=1"
    config.environment["ASAN_OPTIONS"] = (sanitizer_options +
                                          ":detect_leaks=1:allow_user_poisoning=0")
    config.environment["UBSAN_OPTIONS"] = sanitizer_options
    config.environment["ASAN_SYMBOLIZER_PATH"] = os.path.join(
        config.llvm_tools_dir, "llvm-symbolizer")

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.beex_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(
    ["beex-import", "beex-lsp-server", "beex-opt", "beex-run", "beex-translate", "beexc", "FileCheck", "count", "not", "llvm-nm", "llvm-readelf",
     "beex-fuzz-checkpoint", "beex-fuzz-beex-file", "beex-fuzz-ir", "beex-fuzz-runtime"],
    [config.beex_tools_dir, config.llvm_tools_dir],
)
