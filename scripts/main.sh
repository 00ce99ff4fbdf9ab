#!/usr/bin/env bash
# The main job: set up, build, and evaluate the Vlaardingen Westwijk agreement with
# explanations. Prints the agreement's summary table ("Samenvatting financiële afspraken")
# as the engine computed it, each figure with its full explanation; writes every decision
# with explanations as JSON and as a self-contained HTML page to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh release regels   # only the program: tests and benchmarks are not needed here
regels=build/regels
facts=examples/vlaardingen-westwijk/facts.json
common=(rules/nplv --facts "$facts" --as-of 2026-11-28)
# Beside ../shared the agreement's text is there: every quote is then checked against it and
# the receipts name its SHA-256 (without it they say the quotes are unverified).
if [ -d ../shared/domain ]; then
    common+=(--texts ../shared/domain)
fi

if [ -d ../shared/domain ]; then "$regels" check rules --texts ../shared/domain; else "$regels" check rules; fi
mkdir -p out
"$regels" eval "${common[@]}" --format json --explain --output out/westwijk.json
"$regels" eval "${common[@]}" --format html --output out/westwijk.html
"$regels" eval "${common[@]}" --format verslag --decision realisatiestimulans.uitkering \
    --decision realisatiestimulans.inschatting_laag --output out/westwijk-beslisverslag.html

echo
echo "Samenvatting financiële afspraken — Vlaardingen Westwijk, zoals berekend"
echo "========================================================================="
"$regels" eval "${common[@]}" \
    --decision realisatiestimulans.inschatting_laag --decision realisatiestimulans.inschatting_hoog \
    --decision orv.maximale_bijdrage --decision capaciteit.maximale_bijdrage \
    --decision rijksbijdrage.totaal_laag --decision rijksbijdrage.totaal_hoog
echo
echo "Toelichting bij elk bedrag"
echo "=========================="
"$regels" eval "${common[@]}" --explain \
    --decision realisatiestimulans.inschatting_laag --decision realisatiestimulans.inschatting_hoog \
    --decision orv.maximale_bijdrage_maatregel --decision orv.maximale_bijdrage \
    --decision capaciteit.maximale_bijdrage_activiteit --decision capaciteit.maximale_bijdrage \
    --decision rijksbijdrage.totaal_laag --decision rijksbijdrage.totaal_hoog
echo
echo "Every decision with its explanation: out/westwijk.json and out/westwijk.html;"
echo "a beslisverslag (one page per payment and the estimate): out/westwijk-beslisverslag.html"
