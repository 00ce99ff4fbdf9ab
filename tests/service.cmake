# The decision service (`regels serve`), its register, replay and verify, from the outside:
# Python clients (standard library only) start servers on free loopback ports with temporary
# registers (tests/service/). Every test is bounded in requests and time.
#   service_end_to_end  every route and error status, equal to `regels eval`, replay, verify,
#                       tampering detected, hot reload (tests/golden/service/errors.txt)
#   service_crash       kill -9 under 8 clients; every 200 is in the register afterwards
#   service_robustness  malformed HTTP, oversized headers, slow clients, fuzzed bodies
#   service_load        8 clients, register on: requests/s and p50/p99 (label bench)
#   serve_page_in_browser  the reviewer page in headless chromium (label browser)
find_program(REGELS_PYTHON3 python3 REQUIRED)
foreach(test end_to_end crash robustness)
  if(test STREQUAL "end_to_end")
    set(script e2e_test.py)
  else()
    set(script ${test}_test.py)
  endif()
  add_test(NAME service_${test}
    COMMAND ${REGELS_PYTHON3} -u ${PROJECT_SOURCE_DIR}/tests/service/${script}
            $<TARGET_FILE:regels>
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(service_${test} PROPERTIES LABELS service TIMEOUT 600
    ENVIRONMENT "PYTHONPATH=${PROJECT_SOURCE_DIR}/tests/service")
endforeach()
add_test(NAME service_load
  COMMAND ${REGELS_PYTHON3} -u ${PROJECT_SOURCE_DIR}/tests/service/load_bench.py
          $<TARGET_FILE:regels> 10 20000
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(service_load PROPERTIES LABELS bench TIMEOUT 300
  ENVIRONMENT "PYTHONPATH=${PROJECT_SOURCE_DIR}/tests/service")

# `regels serve|register|replay` run the program regels-service from regels's own folder; a
# regels copied without it says so (exit 2) instead of failing obscurely.
add_test(NAME service_program_missing
  COMMAND bash -c "d=$(mktemp -d) && trap 'rm -rf $d' EXIT && cp \"$0\" \"$d/regels\" && { \"$d/regels\" register verify x.db 2> \"$d/err\"; rc=$?; } ; cat \"$d/err\"; [ $rc = 2 ] && grep -q 'runs the program .*regels-service., which could not be started' \"$d/err\""
          $<TARGET_FILE:regels>
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(service_program_missing PROPERTIES LABELS service)
