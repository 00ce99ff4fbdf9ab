# What a rule change does, end to end (examples/impact): the report of `regels diff` for
# sharing the national ceilings pro rata must match the pinned diff.txt and diff.json
# (REGELS_UPDATE_GOLDEN=1 examples/impact/run.sh --check build/regels rewrites them), and
# `regels diff` of the rules against themselves must change nothing.
add_test(NAME impact_diff_golden
  COMMAND bash ${PROJECT_SOURCE_DIR}/examples/impact/run.sh --check $<TARGET_FILE:regels>
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(impact_diff_golden PROPERTIES LABELS impact)

# Exit 0 with --fail-on-change, and the report says so (both are checked: a pass regular
# expression alone would ignore the exit code).
add_test(NAME impact_diff_unchanged
  COMMAND bash -c "out=$(\"$0\" diff --old rules/nplv --new rules/nplv --facts examples/vlaardingen-westwijk/facts.json --as-of 2026-11-28 --fail-on-change) || { rc=$?; printf '%s\\n' \"$out\"; echo \"regels diff exited $rc\"; exit 1; }; printf '%s\\n' \"$out\"; printf '%s\\n' \"$out\" | grep -q 'alle beslissingen zijn gelijk gebleven'"
          $<TARGET_FILE:regels>
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(impact_diff_unchanged PROPERTIES LABELS impact)
