# The mutation test of rules/nplv (scripts/mutate.sh): every listed change to a number, a
# comparison or a set in the rules must make `regels test` fail. It runs the whole rule test
# suite once per mutation (under a minute in a Debug build, longer under sanitizers), so it
# has its own label: `ctest -L mutation` runs only it, `ctest -LE mutation` skips it.
add_test(NAME rules_mutation
  COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/mutate.sh $<TARGET_FILE:regels>
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(rules_mutation PROPERTIES LABELS mutation TIMEOUT 1200)
