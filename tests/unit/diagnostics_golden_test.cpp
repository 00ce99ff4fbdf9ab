// Golden tests of the diagnostics people read: every tests/golden/errors/fail_<name>.rules is
// a small, realistic rule file with mistakes in it. `regels check` must fail on it, and what
// it prints on standard error must match fail_<name>.err byte for byte (and, where a
// fail_<name>.err.json exists, the `--diagnostics json` output must match that too).
//
// A golden file pins wording, locations, notes and hints at once, so a change to any of them
// shows up in review as a diff of what users will see. Regenerate with
// REGELS_UPDATE_GOLDEN=1 and read the diff before committing it.
#include "tests/support/golden.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace {

const std::string errors_dir = "tests/golden/errors";

std::string without_suffix(const std::string& s, const std::string& suffix) {
    return s.substr(0, s.size() - suffix.size());
}

bool is_failing_input(const std::string& path) {
    std::string name = path.substr(path.rfind('/') + 1);
    return name.rfind("fail_", 0) == 0;
}

std::vector<std::string> failing_inputs() {
    std::vector<std::string> out;
    for (const std::string& f : regels::testing::list_files(errors_dir, ".rules")) {
        if (is_failing_input(f)) {
            out.push_back(f);
        }
    }
    return out;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::binary_search(list.begin(), list.end(), item);
}

// `regels check` exits 2 when it could not read its input (E1014) and 1 for errors in rules
// it did read; the pinned output says which of the two applies.
int expected_exit_code(const std::string& diagnostics) {
    bool unreadable = diagnostics.find("[E1014]") != std::string::npos ||
                      diagnostics.find("\"code\": \"E1014\"") != std::string::npos;
    return unreadable ? 2 : 1;
}

}  // namespace

TEST_CASE("diagnostics golden: every failing rule file reports its pinned diagnostics",
          "[golden][diagnostics]") {
    const std::vector<std::string> inputs = failing_inputs();
    // Guards against the directory silently disappearing (e.g. a wrong working directory),
    // which would make every section below vacuously pass.
    REQUIRE(inputs.size() >= 45);

    for (const std::string& input : inputs) {
        DYNAMIC_SECTION(input) {
            const std::string base = without_suffix(input, ".rules");

            regels::testing::RunResult text = regels::testing::run_regels({"check", input});
            INFO("stderr:\n" << text.err);
            CHECK(text.out.empty());
            REGELS_CHECK_GOLDEN(base + ".err", text.err);
            // After the golden comparison, so a failure still shows the diff first.
            REQUIRE(text.exit_code == expected_exit_code(text.err));

            const std::string json_golden = base + ".err.json";
            if (contains(regels::testing::list_files(errors_dir, ".err.json"), json_golden)) {
                regels::testing::RunResult json =
                    regels::testing::run_regels({"check", "--diagnostics", "json", input});
                INFO("json stderr:\n" << json.err);
                CHECK(json.out.empty());
                REGELS_CHECK_GOLDEN(json_golden, json.err);
                REQUIRE(json.exit_code == expected_exit_code(json.err));
            }
        }
    }
}

TEST_CASE("diagnostics golden: every golden file has its input and every input its golden",
          "[golden][diagnostics]") {
    const std::vector<std::string> inputs = failing_inputs();
    const std::vector<std::string> all_rules = regels::testing::list_files(errors_dir, ".rules");
    const std::vector<std::string> texts = regels::testing::list_files(errors_dir, ".err");
    const std::vector<std::string> jsons = regels::testing::list_files(errors_dir, ".err.json");

    std::vector<std::string> problems;
    for (const std::string& rules : all_rules) {
        if (!is_failing_input(rules)) {
            problems.push_back(rules + ": inputs here are named fail_<name>.rules");
        }
    }
    for (const std::string& rules : inputs) {
        std::string err = without_suffix(rules, ".rules") + ".err";
        if (!contains(texts, err)) {
            problems.push_back(rules + ": no " + err + " (run with REGELS_UPDATE_GOLDEN=1)");
        }
    }
    for (const std::string& err : texts) {
        std::string rules = without_suffix(err, ".err") + ".rules";
        if (!contains(all_rules, rules)) {
            problems.push_back(err + ": orphan golden, " + rules + " does not exist");
        }
    }
    for (const std::string& json : jsons) {
        std::string rules = without_suffix(json, ".err.json") + ".rules";
        if (!contains(all_rules, rules)) {
            problems.push_back(json + ": orphan golden, " + rules + " does not exist");
        }
    }

    std::string report;
    for (const std::string& p : problems) {
        report += p + "\n";
    }
    INFO(report);
    CHECK(problems.empty());
    // Several files carry a JSON golden too, so the tool-facing renderer is pinned as well.
    CHECK(jsons.size() >= 8);
}
