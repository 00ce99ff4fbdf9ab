#!/usr/bin/env bash
# `regels diff` over spreadsheet facts: the Westwijk facts as four CSV files (one per record
# type, each with --record) must give the same report, byte for byte, as the JSON document
# they were exported from, for a what-if that changes decisions. Both runs must exit 1 (the
# what-if makes an assertion fail) and the report must list changed decisions.
#   tests/diff_csv.sh REGELS
set -euo pipefail
regels="$1"
w=examples/vlaardingen-westwijk
what_if=(diff --old rules/nplv --set "realisatiestimulans.bijdrage_per_woning=€ 8.000,00"
         --as-of 2026-11-28 --format json)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/regels-diff-csv.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

set +e
"$regels" "${what_if[@]}" --facts "$w/facts.json" > "$tmp/json.out"
json_rc=$?
"$regels" "${what_if[@]}" --facts "$w/plannen.csv" --record Plan \
    --facts "$w/registraties.csv" --record Registratie --facts "$w/aanvragen.csv" --record Aanvraag \
    --facts "$w/declaraties.csv" --record Declaratie > "$tmp/csv.out"
csv_rc=$?
set -e
if [ "$json_rc" != 1 ] || [ "$csv_rc" != 1 ]; then
    echo "diff_csv: expected exit 1 from both runs, got $json_rc (JSON) and $csv_rc (CSV)" >&2
    exit 1
fi
if ! grep -q '"realisatiestimulans.uitkering","changed":6' "$tmp/json.out"; then
    echo "diff_csv: the what-if did not change the six payments it should:" >&2
    cat "$tmp/json.out" >&2
    exit 1
fi
if ! cmp -s "$tmp/json.out" "$tmp/csv.out"; then
    echo "diff_csv: the report over the CSV files differs from the one over facts.json:" >&2
    diff <(tr ',' '\n' < "$tmp/json.out") <(tr ',' '\n' < "$tmp/csv.out") >&2 || true
    exit 1
fi
# A --record that follows no --facts is a usage error (exit 2), as for eval.
set +e
"$regels" diff --old rules/nplv --new rules/nplv --record Plan --facts "$w/plannen.csv" \
    --facts "$w/registraties.csv" --record Registratie \
    2> "$tmp/usage.err" > /dev/null
usage_rc=$?
set -e
if [ "$usage_rc" != 2 ] || ! grep -q 'must come right after the `--facts FILE`' "$tmp/usage.err"; then
    echo "diff_csv: a misplaced --record gave exit $usage_rc and:" >&2
    cat "$tmp/usage.err" >&2
    exit 1
fi
echo "diff_csv: the CSV report equals the JSON one ($(wc -c < "$tmp/json.out") bytes)"
