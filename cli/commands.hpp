// The commands of the `regels` program. Each takes its arguments (after the command name)
// and returns the exit code: 0 success, 1 failed checks/tests/decisions, 2 unusable input.
#pragma once

#include <string>
#include <vector>

namespace regels::cli {

using Args = std::vector<std::string>;

int run_check(const Args& args);
int run_eval(const Args& args);
int run_fmt(const Args& args);
int run_test(const Args& args);
int run_diff(const Args& args);
int run_codes(const Args& args);
int run_lsp(const Args& args);
int run_clauses(const Args& args);
int run_schema(const Args& args);
int run_serve(const Args& args);
int run_register(const Args& args);
int run_replay(const Args& args);

}  // namespace regels::cli
