#!/usr/bin/env bash
# Mutation testing of every rule file under rules/: is there a test that notices when a
# comparison, a bound, an amount, a date, a set, a table value or a branch of the rules is
# changed? scripts/mutate.py generates the mutants (by operator, in rules, field constraints,
# parameter versions and table rows), runs the tests of each in a temporary copy and prints
# the score per file and per operator, every survivor, and `mutation score: K/N = P%`.
#
#   scripts/mutate.sh [path/to/regels] [options]   (default: build/release/regels)
#   scripts/mutate.sh build/release/regels --all  every mutant, not the CI sample
#   scripts/mutate.sh ... --list                   the mutants, without running them
#   MUTATE_THRESHOLD=95 scripts/mutate.sh ...      exit 1 below 95% (default 90)
#
# Exit 0 at or above the threshold, 1 below it, 2 when it cannot do its work (no binary, the
# unchanged rules do not pass their tests). See scripts/mutate.py for the operators and
# rules/nplv/COVERAGE.md for the measured figures and the equivalent mutants.
set -euo pipefail
export LC_ALL=C.UTF-8
cd "$(dirname "$0")/.."
regels=build/release/regels
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
    regels=$1
    shift
fi
exec python3 scripts/mutate.py "$regels" "$@"
