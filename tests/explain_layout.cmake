# The shared layout of explained JSON Lines (docs/output-json.md): scripts/regels_expand.py
# restores exactly the bytes of `--explain-layout full`; the output does not depend on the
# number of threads.
add_test(NAME explain_layout_round_trip
  COMMAND python3 ${PROJECT_SOURCE_DIR}/tests/explain_layout_test.py $<TARGET_FILE:regels>
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(explain_layout_round_trip PROPERTIES LABELS explain)
