# The benchmark's answer at small N: the engine (over examples/benchmark/registraties.rules),
# the hand-written baseline and the plain-Python oracle (shared/bench/reference.py) must print
# the same checksum. Speed is measured by bench_registraties itself, never here.
if(TARGET bench_registraties)
  add_test(NAME benchmark_checksum_matches_reference
    COMMAND $<TARGET_FILE:bench_registraties> --regels $<TARGET_FILE:regels>
            --rules ${PROJECT_SOURCE_DIR}/examples/benchmark/registraties.rules
            --sizes 3000 --runs 1 --verify-reference
            --workdir ${CMAKE_CURRENT_BINARY_DIR}/bench_checksum
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(benchmark_checksum_matches_reference PROPERTIES
    LABELS bench TIMEOUT 300 FAIL_REGULAR_EXPRESSION "MISMATCH;INCOMPLETE")
endif()
