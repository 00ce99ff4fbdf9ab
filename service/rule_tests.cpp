// The tests a rule version must pass before it serves: its `test` blocks (*_test.rules), run
// by the same runner as `regels test` (tooling/testing.hpp), at today's date as `regels test`
// runs them without --as-of.
#include <fmt/format.h>

#include "service/internal.hpp"
#include "tooling/testing.hpp"
#include <chrono>

namespace regels::service {

std::string run_rule_tests(interp::LoadedRules& rules) {
    tooling::TestOptions options;
    auto now = std::chrono::system_clock::now();
    options.as_of = static_cast<std::int32_t>(
        std::chrono::floor<std::chrono::days>(now).time_since_epoch().count());
    tooling::TestReport report = tooling::run_tests(rules, options);
    if (report.failed == 0) {
        return "";
    }
    std::string first;
    for (const tooling::TestCaseResult& c : report.cases) {
        if (!c.passed) {
            first = fmt::format("{} ({})", c.name, c.file);
            break;
        }
    }
    return fmt::format("{} of {} tests failed, the first: {}", report.failed,
                       report.passed + report.failed, first);
}

}  // namespace regels::service
