#!/usr/bin/env bash
# Installs what beex needs on Debian 12 (bookworm). Idempotent: packages
# already present are skipped, so the README commands and CI call it every time.
#
#   scripts/setup.sh          building beex and running the main job
#                             (scripts/run-example.sh): LLVM/MLIR 19, clang, lld,
#                             CMake, Ninja, ccache, FlatBuffers
#   scripts/setup.sh --dev    also what the tests, benchmarks and training need
#                             (scripts/test.sh): sanitizer runtimes, qemu-user and
#                             the cross toolchains, OpenBLAS, valgrind, pkg-config,
#                             Debian's Python with PyTorch, NumPy and pip
set -euo pipefail

build_packages=(
  # Compiler toolchain: LLVM/MLIR 19 (mlir-19-tools is required by find_package(MLIR)).
  llvm-19-dev libmlir-19-dev mlir-19-tools clang-19 lld-19
  cmake ninja-build ccache
  # The .beex model format.
  libflatbuffers-dev flatbuffers-compiler
)
dev_packages=(
  # libFuzzer and the ASan/UBSan runtimes for clang-19 (scripts/fuzz.sh, scripts/sanitize.sh).
  libclang-rt-19-dev
  # Benchmarks: the fp32 baseline (OpenBLAS) and instruction counts (valgrind).
  libopenblas-dev valgrind
  # Cross targets and running them.
  qemu-user gcc-aarch64-linux-gnu gcc-riscv64-linux-gnu
  libc6-dev-arm64-cross libc6-dev-riscv64-cross
  # The installed package's pkg-config file (test/Integration/cmake-consumer.test).
  pkg-config
  # Python side (Debian's interpreter only; PyPI is not used). pip, setuptools
  # and venv install python/ as a package (test/Python/pip-install.test).
  python3 python3-numpy python3-torch python3-flatbuffers python3-matplotlib
  python3-pip python3-setuptools python3-venv
)

packages=("${build_packages[@]}")
case ${1:-} in
  "") ;;
  --dev) packages+=("${dev_packages[@]}") ;;
  *) echo "usage: scripts/setup.sh [--dev]" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
