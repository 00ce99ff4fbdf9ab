# The HTML report opened in a real headless browser (Debian's chromium): the rendered page
# must show the decision tree and the citations, and a screenshot must show a page with
# content. Without chromium the test fails rather than skips; scripts/setup.sh installs it
# when REGELS_WITH_BROWSER=1 (scripts/test.sh sets that).
add_test(NAME html_report_in_browser
  COMMAND bash ${PROJECT_SOURCE_DIR}/tests/browser/html_report_test.sh $<TARGET_FILE:regels>
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(html_report_in_browser PROPERTIES TIMEOUT 600 LABELS browser)

# The reviewer's pages in a real browser (tests/browser/report_test.mjs, issue 12): the HTML
# report and a beslisverslag in headless Debian chromium through playwright-core, checked for
# what a reviewer needs and by axe-core for accessibility (no serious or critical
# violations). `npm ci` installs the two npm packages from the committed lockfile first (a
# CTest fixture); after that the test needs no network. Screenshots of both pages are kept in
# the build folder (browser/report.png, report-print.png, verslag.png).
add_test(NAME browser_npm_ci
  COMMAND npm ci --no-audit --no-fund --prefer-offline
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}/tests/browser)
set_tests_properties(browser_npm_ci PROPERTIES FIXTURES_SETUP browser_npm TIMEOUT 600
  LABELS browser)
add_test(NAME reviewer_pages_in_browser
  COMMAND node ${PROJECT_SOURCE_DIR}/tests/browser/report_test.mjs $<TARGET_FILE:regels>
          ${CMAKE_BINARY_DIR}/browser
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(reviewer_pages_in_browser PROPERTIES FIXTURES_REQUIRED browser_npm
  TIMEOUT 300 LABELS browser)

# The reviewer page of `regels serve` (tests/browser/serve_test.mjs, issue 15): upload the
# Westwijk facts, see € 11.523.111,00, open the explanation, look the decision up by id;
# screenshots kept in the build folder (browser/serve-values.png, serve-explanation.png).
add_test(NAME serve_page_in_browser
  COMMAND node ${PROJECT_SOURCE_DIR}/tests/browser/serve_test.mjs $<TARGET_FILE:regels>
          ${CMAKE_BINARY_DIR}/browser
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(serve_page_in_browser PROPERTIES FIXTURES_REQUIRED browser_npm
  TIMEOUT 300 LABELS browser)

# The beslisverslag on paper (tests/browser/verslag_print_test.py, issue 24): the Westwijk
# verslag printed to PDF by headless chromium and read back with poppler-utils: R1-R9 on at
# most 12 A4 pages, "pagina N van M" and the document id on every page, the outcome and the
# signature on one page, no code in the signed part, totaal_laag's Grondslag printed in full.
# Skipped (exit 77) only when chromium or poppler-utils are missing. The HTML and PDFs are kept
# in the build folder (browser/verslag-uitkering.pdf, verslag-alles.pdf).
add_test(NAME verslag_print_in_browser
  COMMAND python3 ${PROJECT_SOURCE_DIR}/tests/browser/verslag_print_test.py $<TARGET_FILE:regels>
          ${CMAKE_BINARY_DIR}/browser
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(verslag_print_in_browser PROPERTIES TIMEOUT 600 LABELS browser
  SKIP_RETURN_CODE 77)
