// The test runner: runs the `test` blocks of rules that are already loaded and checked, and
// measures what the tests reached (coverage). `regels test` renders its report; `regels
// serve` runs it again after every reload.
//
// Reads: LoadedRules (its Program's tests, and facts files the tests name, relative to the
// test's own file). Produces: a TestReport, data only; test_report_text/json/junit render it.
//
// Each case runs on fresh facts and a fresh evaluator, so no test sees another's rows. The
// runner takes the rules by non-const reference only because a facts file a test reads
// joins the rules' SourceSet, so diagnostics in it can be shown with their line and column.
#pragma once

#include "interpreter/runner.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace regels::tooling {

struct TestOptions {
    std::int32_t as_of = 0;  // the date for parameters used without `at`
    // Runs only the tests whose name this matches (std::regex_search); all when absent.
    std::optional<std::regex> filter;
    interp::Lang lang = interp::Lang::nl;  // of the failures, the coverage and the report
};

// One test, or one row of a test's case table.
struct TestCaseResult {
    std::string file;  // the test's rule file, as shown
    std::string name;  // the test's name; "name [case N]" for a row of a case table
    bool passed = true;
    std::vector<std::string> failures;  // each a located message, possibly several lines
    // `given parameter`: "module.name = value", in the order given. A test that sets a
    // parameter says so wherever it is reported.
    std::vector<std::string> overrides{};
    // `as of`: the test's own as-of date ("2025-01-01"); empty when it runs on the run's.
    std::string as_of{};
};

// Something the tests never reached: a rule, an exception, a way of an `if` or `match`.
struct Uncovered {
    std::string where;  // file:line:col
    std::string what;
};

struct TestCoverage {
    std::size_t covered = 0;
    std::size_t total = 0;
    double percent = 100.0;  // of rules, exceptions and branches reached
    std::vector<Uncovered> uncovered;
};

struct TestReport {
    std::vector<TestCaseResult> cases;  // in declaration order
    std::size_t passed = 0;
    std::size_t failed = 0;
    TestCoverage coverage;
    interp::Lang lang = interp::Lang::nl;  // the options' language: the renderings use it too
};

// Runs every test (matching the filter) of `rules`.
TestReport run_tests(interp::LoadedRules& rules, const TestOptions& options);

// Renderings: plain text (PASS/FAIL lines, the coverage when asked, the totals, after
// "`label`: " when one is given), JSON, and JUnit XML (for CI systems: one <testsuite> named
// `name`, with the XML declaration when `whole_document`).
std::string test_report_text(const TestReport& report, bool with_coverage,
                             const std::string& label = "");
// "87,5" (nl) or "87.5" (en): a coverage percentage to one decimal.
std::string coverage_percent(double percent, interp::Lang lang);

std::string test_report_json(const TestReport& report, bool with_coverage);
std::string test_report_junit(const TestReport& report, const std::string& name = "regels",
                              bool whole_document = true);

}  // namespace regels::tooling
