# The mutation test of every rule file (scripts/mutate.sh, scripts/mutate.py): each change
# to a comparison, bound, amount, date, set, table value or branch of the rules must make
# `regels test` fail; the score (killed / counted) must be at least 90%. Every mutant runs
# the rule set's tests once (about a minute in all with a release build and 2 workers,
# longer in a Debug build or under sanitizers), so it has its own label: `ctest -L mutation`
# runs only it, `ctest -LE mutation` skips it. The last line of its output is
# `mutation score: K/N = P%`; scripts/test.sh prints it.
# The report is also written to mutation-report.txt in the build folder (CTest's own log is
# rewritten by any later ctest run, such as the label check's).
add_test(NAME rules_mutation
  COMMAND bash -c "set -o pipefail; bash scripts/mutate.sh \"$0\" --all | tee \"$1\""
          $<TARGET_FILE:regels> ${PROJECT_BINARY_DIR}/mutation-report.txt
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(rules_mutation PROPERTIES LABELS mutation TIMEOUT 1200)
