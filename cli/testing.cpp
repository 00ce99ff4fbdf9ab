// `regels test`: the test blocks in rule files, with coverage. The runner is
// tooling::run_tests; this only reads the options and prints its report.
#include "tooling/testing.hpp"

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "interpreter/runner.hpp"
#include "stdlib/stdlib.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <regex>

namespace regels::cli {

using dsl::DiagnosticBag;

int run_test(const Args& args) {
    Parsed p = parse_args(
        args, joined({"--run", "--threshold", "--format", "--as-of"}, rule_limit_flags()),
        {"--coverage", "--help"});
    if (p.flag("--help")) {
        std::printf(
            "usage: regels test PATH... [--run REGEX] [--coverage [--threshold PCT]]\n"
            "                   [--format text|json|junit] [--as-of DATE] [limits]\n"
            "Runs the `test` blocks in the rule files (and *_test.rules beside them).\n"
            "Exit 1 when a test fails, when no test matched, or below the threshold.\n"
            "\n"
            "%s",
            rule_limit_help);
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
        std::fputs("regels: no test matched\n", stderr);
        return 1;
    }
    if (report.failed > 0) {
        return 1;
    }
    double percent = report.coverage.percent;
    if (auto t = p.value("--threshold"); t && with_coverage) {
        double threshold = std::strtod(t->c_str(), nullptr);
        if (percent + 1e-9 < threshold) {
            std::fprintf(stderr, "regels: coverage %.1f%% is below the threshold %s%%\n", percent,
                         t->c_str());
            return 1;
        }
    }
    return 0;
}

}  // namespace regels::cli
