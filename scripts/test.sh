#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite: warnings as errors, every unit, golden and
# end-to-end test, the formatter check over the repository's rules, and (unless
# REGELS_QUICK=1) the whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
export REGELS_WITH_BROWSER=1
bash scripts/setup.sh ci
build/regels check rules
build/regels fmt --check rules examples
ctest --preset ci --output-on-failure -j2
if [ "${REGELS_QUICK:-0}" != 1 ]; then
    cmake --preset asan >/dev/null
    cmake --build --preset asan
    ctest --preset asan --output-on-failure -j2
fi
