// Pieces of the service that the HTTP layer serves or calls but that live in their own files:
// the reviewer page, the OpenAPI description, and the rule tests a reload must pass.
#pragma once

#include "interpreter/runner.hpp"

#include <string>

namespace regels::service {

// GET /: the reviewer page (one self-contained HTML file, no network).
const std::string& reviewer_page();
// GET /v1/openapi.json: OpenAPI 3.1 of every route.
const std::string& openapi_json();

// Runs the tests of a rule set (its *_test.rules); "" when they pass, else what failed.
// Before the rules are shared: a facts file a test reads joins their SourceSet.
std::string run_rule_tests(interp::LoadedRules& rules);

}  // namespace regels::service
