// `regels test`: the test blocks in rule files, with coverage. The runner is
// tooling::run_tests; this only reads the options and prints its report.
#include "tooling/testing.hpp"

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "interpreter/messages.hpp"
#include "interpreter/runner.hpp"
#include "stdlib/stdlib.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <regex>

namespace regels::cli {

using dsl::DiagnosticBag;

namespace {

// With --coverage --threshold PCT: whether the coverage is below it (after saying so).
bool below_threshold(const Parsed& p, const tooling::TestReport& report,
                     const std::string& rule_set) {
    auto t = p.value("--threshold");
    if (!t || !p.flag("--coverage")) {
        return false;
    }
    double threshold = std::strtod(t->c_str(), nullptr);
    double percent = report.coverage.percent;
    if (percent + 1e-9 >= threshold) {
        return false;
    }
    std::string line = interp::message(report.lang, interp::Msg::test_below_threshold,
                                       rule_set.empty() ? rule_set : rule_set + ": ",
                                       tooling::coverage_percent(percent, report.lang), *t);
    std::fputs(line.c_str(), stderr);
    return true;
}

// `regels test` on several rule sets: each is loaded and tested as its own program, its
// results reported under its name, then the totals. A rule set with errors is reported and
// skipped; the others still run (exit 2 at the end).
int test_rule_sets(const std::vector<interp::RuleSet>& sets, const dsl::CheckOptions& check_options,
                   const tooling::TestOptions& options, const std::string& format,
                   const Parsed& p) {
    bool with_coverage = p.flag("--coverage");
    int status = 0;
    std::size_t cases = 0;
    std::size_t passed = 0;
    std::size_t failed = 0;
    std::string out = format == "json" ? "{\"rule_sets\":["
                      : format == "junit"
                          ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
                          : "";
    bool first = true;
    std::size_t untested = 0;
    for (const interp::RuleSet& set : sets) {
        DiagnosticBag bag;
        auto rules = interp::load_rules(set.paths, stdlib::standard_library().signatures, bag,
                                        check_options);
        if (bag.has_errors()) {
            print_diagnostics(rules->sources, bag, false);
            std::fputs(
                interp::message(options.lang, interp::Msg::test_set_not_tested, set.name).c_str(),
                stderr);
            status = 2;
            ++untested;
            continue;
        }
        tooling::TestReport report = tooling::run_tests(*rules, options);
        cases += report.cases.size();
        passed += report.passed;
        failed += report.failed;
        if (format == "text") {
            out += interp::message(options.lang, interp::Msg::test_rule_set, first ? "" : "\n",
                                   set.name);
            out += tooling::test_report_text(report, with_coverage, set.name);
        } else if (format == "json") {
            std::string one = tooling::test_report_json(report, with_coverage);
            out += first ? "\n{\"rule_set\":" : ",\n{\"rule_set\":";
            interp::json_string(out, set.name);
            // Its own fields, after this object's opening brace: "{…}\n" less "{" and "\n".
            out += "," + one.substr(1, one.size() - 2);
        } else {
            out += tooling::test_report_junit(report, set.name, false);
        }
        first = false;
        if (report.failed == 0 && below_threshold(p, report, set.name)) {
            status = std::max(status, 1);
        }
    }
    if (format == "text") {
        out += interp::message(
            options.lang, interp::Msg::test_all_sets, sets.size(), passed, failed,
            untested == 0
                ? std::string()
                : interp::message(options.lang, interp::Msg::test_not_tested_sets, untested));
    } else if (format == "json") {
        out += fmt::format("],\"passed\":{},\"failed\":{}}}\n", passed, failed);
    } else {
        out += "</testsuites>\n";
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    if (cases == 0 && status == 0) {
        std::fputs(interp::message(options.lang, interp::Msg::test_none_matched).c_str(), stderr);
        return 1;
    }
    return std::max(status, failed > 0 ? 1 : 0);
}

}  // namespace

int run_test(const Args& args) {
    Parsed p = parse_args(
        args, joined({"--run", "--threshold", "--format", "--as-of", "--lang"}, rule_limit_flags()),
        {"--coverage", "--help"});
    if (p.flag("--help")) {
        std::printf(
            "usage: regels test PATH... [--run REGEX] [--coverage [--threshold PCT]]\n"
            "                   [--format text|json|junit] [--as-of DATE] [--lang nl|en]\n"
            "                   [limits]\n"
            "Runs the `test` blocks in the rule files (and *_test.rules beside them).\n"
            "Exit 1 when a test fails, when no test matched, or below the threshold.\n"
            "\n"
            "%s%s",
            lang_help, rule_limit_help);
        return 0;
    }
    if (!p.error.empty()) {
        return usage_error(p.error);
    }
    dsl::CheckOptions check_options;
    check_options.lint_unused = check_options.lint_citations = false;
    check_options.check_sources = false;
    if (!read_rule_limits(p, check_options.limits)) {
        return 2;
    }
    if (p.positional.empty()) {
        return usage_error("`test` needs rule files or folders");
    }
    std::string format = p.value("--format").value_or("text");
    if (format != "text" && format != "json" && format != "junit") {
        return usage_error(fmt::format("unknown format `{}`; use text, json or junit", format));
    }
    tooling::TestOptions options;
    if (auto r = p.value("--run")) {
        try {
            options.filter.emplace(*r);
        } catch (const std::regex_error&) {
            return usage_error(fmt::format("`--run {}` is not a valid regular expression", *r));
        }
    }
    auto as_of = as_of_date(p);
    if (!as_of) {
        return 2;
    }
    options.as_of = *as_of;
    auto lang = lang_of(p);
    if (!lang) {
        return 2;
    }
    options.lang = *lang;
    auto sets = interp::find_rule_sets(p.positional);
    if (sets.size() > 1) {
        return test_rule_sets(sets, check_options, options, format, p);
    }
    DiagnosticBag bag;
    auto rules =
        interp::load_rules(p.positional, stdlib::standard_library().signatures, bag, check_options);
    if (bag.has_errors()) {
        print_diagnostics(rules->sources, bag, false);
        return 2;
    }
    tooling::TestReport report = tooling::run_tests(*rules, options);
    bool with_coverage = p.flag("--coverage");
    std::string out = format == "text"   ? tooling::test_report_text(report, with_coverage)
                      : format == "json" ? tooling::test_report_json(report, with_coverage)
                                         : tooling::test_report_junit(report);
    std::fwrite(out.data(), 1, out.size(), stdout);
    if (report.cases.empty()) {
        std::fputs(interp::message(options.lang, interp::Msg::test_none_matched).c_str(), stderr);
        return 1;
    }
    if (report.failed > 0) {
        return 1;
    }
    return below_threshold(p, report, "") ? 1 : 0;
}

}  // namespace regels::cli
