#!/usr/bin/env bash
# Installs what Regels needs on a fresh Debian 12 machine (as root) and builds it.
#   scripts/setup.sh [PRESET [TARGET...]]   PRESET: release (default), ci, asan, dev
# Builds every target, or only the TARGETs named (the main job builds just `regels`).
# Afterwards the program is at build/regels (a link to the preset's build).
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
targets=("${@:2}")

packages=(g++ cmake ninja-build pkg-config tao-pegtl-dev libfmt-dev nlohmann-json3-dev catch2
          libgmp-dev python3 libsimdjson-dev libssl-dev libsqlite3-dev libcpp-httplib-dev)
if [ "${REGELS_WITH_BROWSER:-0}" = 1 ]; then
    packages+=(chromium poppler-utils)   # poppler-utils: the printed beslisverslag (pdfinfo, pdftotext)
fi
if [ "${REGELS_WITH_TESTS:-0}" = 1 ]; then
    packages+=(python3-jsonschema curl)
fi
if [ "${REGELS_WITH_NODE:-0}" = 1 ] && ! command -v npm >/dev/null 2>&1; then
    packages+=(nodejs npm)   # Debian's Node.js for the editor extension and browser tests
fi
if [ "${REGELS_WITH_FUZZ:-0}" = 1 ]; then
    packages+=(clang libclang-rt-14-dev)
fi
missing=()
for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup: need root to install: ${missing[*]}" >&2
        exit 2
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake --preset "$preset" >/dev/null
if [ "${#targets[@]}" -gt 0 ]; then
    cmake --build --preset "$preset" --target "${targets[@]}"
else
    cmake --build --preset "$preset"
fi
ln -sfn "$preset/regels" build/regels
