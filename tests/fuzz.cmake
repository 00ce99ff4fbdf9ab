# Fuzzing smoke test: builds the libFuzzer targets of tests/fuzz/ with clang (ASan + UBSan,
# into build/fuzz/) and runs each for 20 seconds on a copy of its seed corpus. Labelled
# `fuzz` so it can be selected (-L fuzz) or left out (-LE fuzz); see tests/fuzz/README.md.
find_program(REGELS_BASH bash)
if(REGELS_BASH)
  add_test(NAME fuzz_smoke
    COMMAND ${REGELS_BASH} ${CMAKE_CURRENT_LIST_DIR}/fuzz/run.sh 20
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(fuzz_smoke PROPERTIES LABELS fuzz TIMEOUT 600)
endif()
