#!/usr/bin/env bash
# The main job: set up, build, and evaluate the Vlaardingen Westwijk agreement with
# explanations (text to the terminal, plus JSON and a self-contained HTML page in out/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh release
build/regels check rules
mkdir -p out
facts=examples/vlaardingen-westwijk/facts.json
build/regels eval rules/nplv --facts "$facts" --as-of 2026-11-28 --format json \
    --explain --output out/westwijk.json
build/regels eval rules/nplv --facts "$facts" --as-of 2026-11-28 --format html \
    --output out/westwijk.html
build/regels eval rules/nplv --facts "$facts" --as-of 2026-11-28 --explain \
    --decision samenvatting.tabel
echo
echo "Full explanations: out/westwijk.json (JSON) and out/westwijk.html (open in a browser)."
