# `regels diff --facts F.csv --record NAME`: the same report over the Westwijk facts as CSV
# files as over the JSON document (tests/diff_csv.sh).
add_test(NAME diff_csv_equals_json
  COMMAND bash ${PROJECT_SOURCE_DIR}/tests/diff_csv.sh $<TARGET_FILE:regels>
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(diff_csv_equals_json PROPERTIES LABELS impact)
