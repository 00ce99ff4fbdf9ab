#!/usr/bin/env bash
# A small mutation test for rules/nplv: is there a test that notices when a number, a
# comparison or a set in the rules is changed?
#
#   scripts/mutate.sh [path/to/regels]        (default: build/regels)
#   MUTATE_VERBOSE=1 scripts/mutate.sh ...    also lists the test cases that killed each one
#
# For each mutation below: copy rules/ (and the example facts the tests read) to a
# temporary folder, change the text with sed (each pattern must occur exactly once; a swap
# is two patterns applied together), and run
# `regels test <tmp>/rules --as-of 2026-11-28`. The tests must then FAIL (exit 1): the
# mutation is KILLED. If they still pass, it SURVIVED. Prints one line per mutation and
# exits 1 if any survived, 2 if the script itself could not do its work (no binary, the
# unchanged rules do not pass, a pattern is not found exactly once, a mutant does not
# even check).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
root=$(pwd)

regels="${1:-build/regels}"
if [ ! -x "$regels" ]; then
    echo "mutate: no regels binary at \`$regels\` (build first, or pass its path)" >&2
    exit 2
fi
case "$regels" in
    /*) ;;
    *) regels="$root/$regels" ;;
esac
as_of=2026-11-28

work=$(mktemp -d "${TMPDIR:-/tmp}/regels-mutate.XXXXXX")
trap 'rm -rf "$work"' EXIT

# A fresh copy of the rules, and the facts files the tests load by relative path
# (rules/nplv/*_test.rules use ../../examples/...).
fresh_copy() {
    rm -rf "$work/rules" "$work/examples"
    cp -R "$root/rules" "$work/rules"
    mkdir -p "$work/examples"
    for d in vlaardingen-westwijk nplv-landelijk; do
        cp -R "$root/examples/$d" "$work/examples/$d"
    done
}

# Escape a literal string for the left and the right side of a sed `s` command.
sed_pattern() { printf '%s' "$1" | sed -e 's/[]\/$*.^[]/\\&/g'; }
sed_replacement() { printf '%s' "$1" | sed -e 's/[\/&]/\\&/g'; }

run_tests() {
    "$regels" test "$work/rules" --as-of "$as_of" >"$work/out.txt" 2>&1
}

fresh_copy
if ! run_tests; then
    echo "mutate: the tests do not pass on the unchanged rules; fix that first:" >&2
    cat "$work/out.txt" >&2
    exit 2
fi

killed=0
survived=0
broken=0

# mutate NAME FILE FROM TO [FROM TO ...]
# FILE is relative to rules/nplv. Each FROM must occur exactly once in the unchanged file;
# all pairs are applied together (one sed run, in order).
mutate() {
    local name=$1 file=$2
    shift 2
    fresh_copy
    local path="$work/rules/nplv/$file"
    if [ ! -f "$path" ]; then
        echo "mutate: $name: no file rules/nplv/$file" >&2
        exit 2
    fi
    local args=()
    while [ $# -gt 0 ]; do
        local from=$1 to=$2
        shift 2
        local n
        n=$({ grep -F -o -- "$from" "$path" || true; } | wc -l)
        if [ "$n" -ne 1 ]; then
            echo "mutate: $name: \`$from\` occurs $n times in rules/nplv/$file (must be exactly once)" >&2
            exit 2
        fi
        args+=(-e "s/$(sed_pattern "$from")/$(sed_replacement "$to")/")
    done
    sed -i "${args[@]}" "$path"
    if cmp -s "$path" "$root/rules/nplv/$file"; then
        echo "mutate: $name: sed did not change rules/nplv/$file" >&2
        exit 2
    fi
    local rc=0
    run_tests || rc=$?
    case $rc in
        1)
            printf 'KILLED    %s\n' "$name"
            if [ "${MUTATE_VERBOSE:-0}" = 1 ]; then
                grep '^FAIL' "$work/out.txt" | sed 's/^/          /'
            fi
            killed=$((killed + 1))
            ;;
        0)
            printf 'SURVIVED  %s\n' "$name"
            survived=$((survived + 1))
            ;;
        *)
            printf 'BROKEN    %s (regels test exited %d: the mutant is not valid rules)\n' "$name" "$rc"
            sed -n '1,5p' "$work/out.txt" | sed 's/^/          /'
            broken=$((broken + 1))
            ;;
    esac
}

# ---- numbers -----------------------------------------------------------------------------
mutate "bijdrage per woning € 7.000 -> € 7.001" realisatiestimulans.rules \
    "= € 7.000,00" "= € 7.001,00"
mutate "huurtoeslaggrens 2025 € 900,07 -> € 900,08" betaalbaarheid.rules \
    "= € 900,07" "= € 900,08"
mutate "huurtoeslaggrens 2026 € 932,93 -> € 932,94" betaalbaarheid.rules \
    "= € 932,93" "= € 932,94"
mutate "middenhuurgrens 2025 € 1.184,82 -> € 1.184,83" betaalbaarheid.rules \
    "= € 1.184,82" "= € 1.184,83"
mutate "middenhuurgrens 2026 € 1.228,07 -> € 1.228,08" betaalbaarheid.rules \
    "= € 1.228,07" "= € 1.228,08"
mutate "koopgrens 2025 € 405.000 -> € 405.001" betaalbaarheid.rules \
    "= € 405.000,00" "= € 405.001,00"
mutate "btw-tarief 21% -> 22%" btw.rules \
    "= 21%" "= 22%"
mutate "bandbreedte onder 70% -> 71%" realisatiestimulans.rules \
    "= 70%" "= 71%"
mutate "bandbreedte boven 105% -> 104%" realisatiestimulans.rules \
    "= 105%" "= 104%"
mutate "standaardcorrectie 100 / 130 -> 100 / 131" realisatiestimulans.rules \
    "= 100 / 130" "= 100 / 131"
mutate "plafond ORV € 180 mln -> € 179 mln" plafond.rules \
    "= € 180.000.000,00" "= € 179.000.000,00"
mutate "plafond capaciteit € 50 mln -> € 49 mln" plafond.rules \
    "= € 50.000.000,00" "= € 49.000.000,00"
mutate "zorg meerkosten € 21.000 -> € 21.001" gebieden/vlaardingen-westwijk.rules \
    "meerkosten_per_woning: € 21.000,00" "meerkosten_per_woning: € 21.001,00"
mutate "mid-term drempel 60% -> 61%" midterm.rules \
    "= 60%" "= 61%"
mutate "mid-term peiljaar 2027 -> 2026" midterm.rules \
    "from 2025-01-01 = 2027" "from 2025-01-01 = 2026"
mutate "registratieperiode eindigt in 2028" realisatiestimulans.rules \
    "= 2025..2029" "= 2025..2028"
mutate "registratieperiode begint in 2024" realisatiestimulans.rules \
    "= 2025..2029" "= 2024..2029"

# ---- comparisons -------------------------------------------------------------------------
mutate "sociale huur: < -> <=" betaalbaarheid.rules \
    "required(r.huurprijs) < huurtoeslaggrens" "required(r.huurprijs) <= huurtoeslaggrens"
mutate "middenhuur ondergrens: >= -> >" betaalbaarheid.rules \
    "required(r.huurprijs) >= huurtoeslaggrens" "required(r.huurprijs) > huurtoeslaggrens"
mutate "middenhuur bovengrens: <= -> <" betaalbaarheid.rules \
    "required(r.huurprijs) <= middenhuurgrens" "required(r.huurprijs) < middenhuurgrens"
mutate "koop: <= -> <" betaalbaarheid.rules \
    "required(r.koopprijs) <= koopgrens" "required(r.koopprijs) < koopgrens"
mutate "kosten tot en met dit jaar: <= -> <" uitbetaling.rules \
    "x.jaar <= d.jaar" "x.jaar < d.jaar"
mutate "kosten eerder: < -> <=" uitbetaling.rules \
    "x.jaar < d.jaar" "x.jaar <= d.jaar"
mutate "mid-term: jaar <= peiljaar -> <" midterm.rules \
    "r.jaar <= peiljaar" "r.jaar < peiljaar"

# ---- sets --------------------------------------------------------------------------------
mutate "WBI sluit niet meer uit" realisatiestimulans.rules \
    "= {WBI, SBI, RHA, SFT}" "= {SBI, RHA, SFT}"
mutate "SBI sluit niet meer uit" realisatiestimulans.rules \
    "= {WBI, SBI, RHA, SFT}" "= {WBI, RHA, SFT}"
mutate "RHA sluit niet meer uit" realisatiestimulans.rules \
    "= {WBI, SBI, RHA, SFT}" "= {WBI, SBI, SFT}"
mutate "SFT sluit niet meer uit" realisatiestimulans.rules \
    "= {WBI, SBI, RHA, SFT}" "= {WBI, SBI, RHA}"
mutate "PROV sluit ook uit" realisatiestimulans.rules \
    "= {WBI, SBI, RHA, SFT}" "= {WBI, SBI, RHA, SFT, PROV}"
mutate "Lelystad doet mee" deelname.rules \
    '= {"lelystad"}' '= {"almere"}'
mutate "Eindhoven krijgt opslagen" deelname.rules \
    '= {"eindhoven"}' '= {"helmond"}'
mutate "opslagen_mogelijk vergeet doet_mee" deelname.rules \
    "doet_mee(gebied) and not" "not"

# ---- formulas ----------------------------------------------------------------------------
mutate "uitkeringsjaar: r.jaar + 1 -> r.jaar" realisatiestimulans.rules \
    "r.jaar + 1" "r.jaar"
mutate "inschatting laag: half_up -> down" realisatiestimulans.rules \
    "bandbreedte_onder, € 100.000,00, half_up" "bandbreedte_onder, € 100.000,00, down"
mutate "inschatting hoog: half_up -> down" realisatiestimulans.rules \
    "bandbreedte_boven, € 100.000,00, half_up" "bandbreedte_boven, € 100.000,00, down"
mutate "btw: half_up -> down" btw.rules \
    "€ 1,00, half_up" "€ 1,00, down"
mutate "grondslag schoont niet voor eerdere subsidies" realisatiestimulans.rules \
    " where not (p.eerdere_subsidies overlaps uitsluitende_regelingen)" ""
mutate "reden noemt SBI waar WBI staat" realisatiestimulans.rules \
    "        WBI" "        SBI"
mutate "uitkering zonder btw-aftrek" uitbetaling.rules \
    "erkende_kosten(d) - btw_aftrek(d)" "erkende_kosten(d)"
mutate "totaal laag telt de hoge inschatting" rijksbijdrage.rules \
    "realisatiestimulans.inschatting_laag(g) + orv_maximum(g)" "realisatiestimulans.inschatting_hoog(g) + orv_maximum(g)"

# ---- the ceiling -------------------------------------------------------------------------
mutate "toewijzing: pro rata en in order of verwisseld" plafond.rules \
    "naar_rato => toewijzing_naar_rato(a)" "naar_rato => toewijzing_op_volgorde(a)" \
    "volgorde_van_indiening => toewijzing_op_volgorde(a)" "volgorde_van_indiening => toewijzing_naar_rato(a)"
mutate "toewijzing_naar_rato verdeelt in volgorde" plafond.rules \
    "claiming c.bedrag pro rata" "claiming c.bedrag in order of c.ingediend_op"
mutate "toewijzing_op_volgorde verdeelt naar rato" plafond.rules \
    "in order of c.ingediend_op" "pro rata"
mutate "verdeling: volgorde_van_indiening -> naar_rato" plafond.rules \
    "= volgorde_van_indiening" "= naar_rato"

total=$((killed + survived + broken))
echo
echo "$total mutations: $killed killed, $survived survived, $broken broken"
if [ "$broken" -gt 0 ]; then
    exit 2
fi
if [ "$survived" -gt 0 ]; then
    exit 1
fi
exit 0
