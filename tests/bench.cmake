# The benchmark's answer at small N: the engine (over examples/benchmark/registraties.rules),
# the hand-written baseline and the plain-Python oracle (bench/workload/reference.py) must
# print the same checksum. Speed is measured by bench_registraties itself, never here.
# bench/ is added before tests/ (see CMakeLists.txt), so the target exists when this runs; the
# label check below fails if it ever does not.
if(TARGET bench_registraties)
  add_test(NAME benchmark_checksum_matches_reference
    COMMAND $<TARGET_FILE:bench_registraties> --regels $<TARGET_FILE:regels>
            --rules ${PROJECT_SOURCE_DIR}/examples/benchmark/registraties.rules
            --gen ${PROJECT_SOURCE_DIR}/bench/workload/gen.py
            --reference ${PROJECT_SOURCE_DIR}/bench/workload/reference.py
            --sizes 3000 --runs 1 --verify-reference
            --workdir ${CMAKE_CURRENT_BINARY_DIR}/bench_checksum
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(benchmark_checksum_matches_reference PROPERTIES
    LABELS bench TIMEOUT 300 FAIL_REGULAR_EXPRESSION "MISMATCH;INCOMPLETE")
endif()

# Every label the scripts name has a test. Only in builds with the benchmarks, the ones whose
# suite the scripts run with every label (the asan build leaves the benchmarks out and
# excludes their label).
if(REGELS_BUILD_BENCH)
  add_test(NAME ctest_labels_named_by_scripts_have_tests
    COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DBUILD_DIR=${PROJECT_BINARY_DIR}
            -DCTEST=${CMAKE_CTEST_COMMAND} -P ${PROJECT_SOURCE_DIR}/tests/support/check_labels.cmake)
endif()

# The scaling benchmark (bench/scaling.py) at tiny sizes: every workload's facts are accepted,
# `--plan naive` and `--plan indexed` write byte-identical outputs, and the hand-written SOO
# allocation (limit_soo) grants the same total as the engine. Speed is not checked here.
if(TARGET limit_soo)
  find_program(REGELS_BENCH_PYTHON3 python3 REQUIRED)
  add_test(NAME scaling_plans_agree
    COMMAND ${REGELS_BENCH_PYTHON3} ${PROJECT_SOURCE_DIR}/bench/scaling.py
            --regels $<TARGET_FILE:regels> --limit $<TARGET_FILE:limit_soo>
            --sizes 200,400 --plan both --timeout 60
            --workdir ${CMAKE_CURRENT_BINARY_DIR}/bench_scaling
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(scaling_plans_agree PROPERTIES
    LABELS bench TIMEOUT 120 FAIL_REGULAR_EXPRESSION "MISMATCH;FAILURE")
endif()
