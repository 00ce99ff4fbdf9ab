// The tests a reload must pass before the new rule version serves.
//
// The test runner is being moved out of the command-line front end into tooling/ (issue 13);
// until it is a library, a reload checks the rules (load_rules refuses any with errors) but
// cannot run their tests, and says so in its answer ("tests": "not available in this build").
#include "service/internal.hpp"

namespace regels::service {

std::string run_rule_tests(const interp::LoadedRules& /*rules*/) {
    return "";
}

bool tests_available() {
    return false;
}

}  // namespace regels::service
