# Every command in README "Using it" runs as written (tests/readme_commands.sh).
add_test(NAME readme_commands_run
  COMMAND bash ${PROJECT_SOURCE_DIR}/tests/readme_commands.sh $<TARGET_FILE:regels>
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(readme_commands_run PROPERTIES LABELS readme TIMEOUT 600)
