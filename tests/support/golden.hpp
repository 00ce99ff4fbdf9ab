// Golden files and running the `regels` program from tests.
//
// Everything a person reads is pinned by a golden file. check_golden() compares actual
// output with the file; with REGELS_UPDATE_GOLDEN=1 in the environment it rewrites the file
// instead, so regenerating is a mode and a reviewer reads the change as a diff. On a
// mismatch the first differing line is shown, and the whole actual output is written beside
// the golden file as <name>.actual for inspection.
#pragma once

#include <string>
#include <vector>

namespace regels::testing {

bool update_golden();

// Returns an empty string when `actual` matches the golden file (or it was updated), and a
// description of the first difference otherwise. Line endings are normalised to LF.
std::string compare_golden(const std::string& golden_path, const std::string& actual);

struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs the regels binary (REGELS_BINARY) with `args` in the current directory.
RunResult run_regels(const std::vector<std::string>& args, const std::string& stdin_text = "");

std::string read_text(const std::string& path);
// Files directly in `dir` whose names end with `suffix`, sorted.
std::vector<std::string> list_files(const std::string& dir, const std::string& suffix);

}  // namespace regels::testing

// Catch2 helper: REQUIRE that output matches its golden file.
#define REGELS_CHECK_GOLDEN(path, actual)                                                    \
    do {                                                                                     \
        std::string regels_golden_diff_ = regels::testing::compare_golden((path), (actual)); \
        INFO(regels_golden_diff_);                                                           \
        CHECK(regels_golden_diff_.empty());                                                  \
    } while (false)
