# The HTML report opened in a real headless browser (Debian's chromium): the rendered page
# must show the decision tree and the citations, and a screenshot must show a page with
# content. Without chromium the test fails rather than skips; scripts/setup.sh installs it
# when REGELS_WITH_BROWSER=1 (scripts/test.sh sets that).
add_test(NAME html_report_in_browser
  COMMAND bash ${PROJECT_SOURCE_DIR}/tests/browser/html_report_test.sh $<TARGET_FILE:regels>
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(html_report_in_browser PROPERTIES TIMEOUT 600 LABELS browser)
