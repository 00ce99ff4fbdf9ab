# `regels schema` against a standard validator (python3-jsonschema, installed by
# scripts/setup.sh with REGELS_WITH_TESTS): the examples' facts validate, a broken facts file
# is refused by the schema and by the engine, and the example's schema is pinned.
add_test(NAME schema_validates_example_facts
  COMMAND python3 ${PROJECT_SOURCE_DIR}/tests/schema_test.py $<TARGET_FILE:regels>
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(schema_validates_example_facts PROPERTIES LABELS schema)

# The datetime example (examples/wie-eerst-komt): its rules check and its tests pass.
add_test(NAME example_wie_eerst_komt_tests
  COMMAND $<TARGET_FILE:regels> test examples/wie-eerst-komt
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(example_wie_eerst_komt_tests PROPERTIES LABELS examples)
add_test(NAME example_wie_eerst_komt_check
  COMMAND $<TARGET_FILE:regels> check examples/wie-eerst-komt
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(example_wie_eerst_komt_check PROPERTIES LABELS examples
  FAIL_REGULAR_EXPRESSION "warning\\[|error\\[")
