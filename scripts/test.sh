#!/usr/bin/env bash
# Sets up the machine, builds beex and runs the whole test suite (lit's check-beex).
# Any failing test makes this script fail.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh" check-beex
