#!/usr/bin/env bash
# What sharing the national ceilings pro rata (instead of in order of submission) does to
# the allocation of every NPLV area. See README.md in this folder.
#
#   examples/impact/run.sh [path/to/regels]            print the text report
#   examples/impact/run.sh --check [path/to/regels]    compare with diff.txt and diff.json;
#                                                      exit 1 on any difference
#   REGELS_UPDATE_GOLDEN=1 examples/impact/run.sh [--check] [path/to/regels]
#                                                      rewrite diff.txt and diff.json
#
# The regels binary defaults to build/regels.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=examples/impact

check=0
if [ "${1:-}" = --check ]; then
    check=1
    shift
fi
regels="${1:-build/regels}"
if [ ! -x "$regels" ]; then
    echo "impact: no regels binary at \`$regels\` (build first, or pass its path)" >&2
    exit 2
fi

# The changed copy must be today's rules/nplv/plafond.rules with only the `verdeling`
# parameter changed; otherwise the report would also show whatever else changed since.
if ! diff -u rules/nplv/plafond.rules \
    <(sed 's/^\(    from 2025-01-01 = \)naar_rato$/\1volgorde_van_indiening/' "$here/plafond.rules") >/dev/null; then
    echo "impact: $here/plafond.rules is not rules/nplv/plafond.rules with only \`verdeling\` changed:" >&2
    diff -u rules/nplv/plafond.rules \
        <(sed 's/^\(    from 2025-01-01 = \)naar_rato$/\1volgorde_van_indiening/' "$here/plafond.rules") >&2 || true
    echo "impact: copy rules/nplv/plafond.rules again and set \`verdeling\` to naar_rato" >&2
    exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/regels-impact.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp -R rules "$tmp/rules"
cp "$here/plafond.rules" "$tmp/rules/nplv/plafond.rules"

args=(diff --old rules/nplv --new "$tmp/rules/nplv"
      --facts examples/nplv-landelijk/facts.json --as-of 2026-11-28)

# Two things in the output depend on where and when the report is made, not on the rule
# change: the temporary folder of the new rules (in the `because:` locations), and the
# hashes and file counts of both rule sets (which cover every file under rules/nplv,
# tests included). They are replaced by placeholders so that the golden files only change
# when a decision, an amount or a cause changes.
normalise() {
    sed -E -e "s|$tmp/|<tmp>/|g" \
        -e 's/sha256:[0-9a-f]{64} \([0-9]+ files\)/sha256:<hash> (<n> files)/g' \
        -e 's/sha256:[0-9a-f]{64} \(bestanden: [0-9]+\)/sha256:<hash> (bestanden: <n>)/g' \
        -e 's/"hash":"sha256:[0-9a-f]{64}"/"hash":"sha256:<hash>"/g'
}

"$regels" "${args[@]}" --format text >"$tmp/raw.txt"
"$regels" "${args[@]}" --format json >"$tmp/raw.json"
normalise <"$tmp/raw.txt" >"$tmp/diff.txt"
normalise <"$tmp/raw.json" >"$tmp/diff.json"

if [ "${REGELS_UPDATE_GOLDEN:-0}" = 1 ]; then
    cp "$tmp/diff.txt" "$here/diff.txt"
    cp "$tmp/diff.json" "$here/diff.json"
    echo "impact: rewrote $here/diff.txt and $here/diff.json" >&2
    exit 0
fi

if [ "$check" = 0 ]; then
    cat "$tmp/diff.txt"
    exit 0
fi

status=0
for f in diff.txt diff.json; do
    if [ ! -f "$here/$f" ]; then
        echo "impact: $here/$f is missing (REGELS_UPDATE_GOLDEN=1 $here/run.sh writes it)" >&2
        status=1
    elif ! diff -u "$here/$f" "$tmp/$f" >"$tmp/delta"; then
        echo "impact: $here/$f differs from what regels reports now:" >&2
        cat "$tmp/delta" >&2
        status=1
    fi
done
if [ "$status" = 0 ]; then
    echo "impact: diff.txt and diff.json match"
else
    echo "impact: if the change is intended: REGELS_UPDATE_GOLDEN=1 $here/run.sh --check $regels" >&2
fi
exit "$status"
