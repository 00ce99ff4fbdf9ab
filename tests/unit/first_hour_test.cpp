// Golden tests of what a newcomer meets in the first hour (issue "The first hour with
// Regels"): every I/O error names the path as given and the system's reason; a misspelt
// option, command, decision or code gets the closest few; `regels codes CODE` explains a code;
// `regels diff` exits 1 only for regressions unless asked; `--progress` into a log writes whole
// lines; one typo in a rule gives one error. Goldens: tests/golden/first_hour/ (regenerate with
// REGELS_UPDATE_GOLDEN=1 and read the diff).
#include "tests/support/golden.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using regels::testing::run_regels;

const std::string dir = "tests/golden/first_hour/";
const std::string westwijk = "examples/vlaardingen-westwijk/facts.json";

std::size_t count(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
        ++n;
    }
    return n;
}

}  // namespace

TEST_CASE("first hour: an unreadable facts file gives the system's reason", "[golden][cli]") {
    auto folder =
        run_regels({"eval", "rules/nplv", "--facts", "examples", "--as-of", "2026-11-28"});
    CHECK(folder.exit_code == 2);
    CHECK(folder.out.empty());
    REGELS_CHECK_GOLDEN(dir + "eval_facts_folder.err", folder.err);
    // JSON Lines facts are opened elsewhere (streamed): the same message.
    auto jsonl = run_regels({"eval", "examples/benchmark/registraties.rules", "--facts",
                             "examples/geen.jsonl", "--format", "jsonl"});
    CHECK(jsonl.exit_code == 2);
    REGELS_CHECK_GOLDEN(dir + "eval_jsonl_missing.err", jsonl.err);
}

TEST_CASE("first hour: an output that cannot be written names the user's path, not a temporary",
          "[golden][cli]") {
    const std::string out = "tests/golden/first_hour/geen-map/o.json";
    auto r = run_regels(
        {"eval", "rules/nplv", "--facts", westwijk, "--as-of", "2026-11-28", "--output", out});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(".tmp.") == std::string::npos);
    REGELS_CHECK_GOLDEN(dir + "eval_output_missing_folder.err", r.err);
    auto into_folder = run_regels({"eval", "rules/nplv", "--facts", westwijk, "--as-of",
                                   "2026-11-28", "--output", "examples"});
    CHECK(into_folder.exit_code == 2);
    REGELS_CHECK_GOLDEN(dir + "eval_output_is_folder.err", into_folder.err);
    auto into_folder_en = run_regels({"eval", "rules/nplv", "--facts", westwijk, "--as-of",
                                      "2026-11-28", "--output", "examples", "--lang", "en"});
    CHECK(into_folder_en.exit_code == 2);
    REGELS_CHECK_GOLDEN(dir + "eval_output_is_folder.en.err", into_folder_en.err);
}

TEST_CASE("first hour: misspelt options, commands, decisions and codes get the closest few",
          "[golden][cli]") {
    auto option = run_regels({"eval", "rules/nplv", "--factz", westwijk});
    CHECK(option.exit_code == 2);
    auto unknown_option = run_regels({"check", "--zzzzzz", "rules"});
    CHECK(unknown_option.exit_code == 2);
    auto command = run_regels({"evl", "rules/nplv"});
    CHECK(command.exit_code == 2);
    auto decision = run_regels({"eval", "rules/nplv", "--facts", westwijk, "--as-of", "2026-11-28",
                                "--decision", "rijksbijdrage.totaal"});
    CHECK(decision.exit_code == 2);
    CHECK(decision.out.empty());
    auto short_name = run_regels({"eval", "rules/nplv", "--facts", westwijk, "--as-of",
                                  "2026-11-28", "--decision", "inschating_laag"});
    CHECK(short_name.exit_code == 2);
    auto code = run_regels({"codes", "E402"});
    CHECK(code.exit_code == 2);
    REGELS_CHECK_GOLDEN(dir + "suggestions.err", option.err + unknown_option.err + command.err +
                                                     decision.err + short_name.err + code.err);
}

TEST_CASE("first hour: regels codes CODE explains a code with an example and the fix",
          "[golden][cli]") {
    auto one = run_regels({"codes", "E4002"});
    CHECK(one.exit_code == 0);
    CHECK(one.err.empty());
    REGELS_CHECK_GOLDEN(dir + "codes_E4002.out", one.out);
    auto lower = run_regels({"codes", "e1012", "W2101"});
    CHECK(lower.exit_code == 0);
    REGELS_CHECK_GOLDEN(dir + "codes_E1012_W2101.out", lower.out);
}

TEST_CASE("first hour: regels diff exits 1 for regressions, 0 for other changes unless asked",
          "[golden][cli]") {
    const std::vector<std::string> base = {"diff",
                                           "--old",
                                           "examples/rule-change/v1",
                                           "--facts",
                                           "examples/rule-change/facts.json",
                                           "--as-of",
                                           "2026-01-01"};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = base;
        args.insert(args.end(), extra.begin(), extra.end());
        return run_regels(args);
    };
    auto changed = with({"--new", "examples/rule-change/v2"});
    CHECK(changed.exit_code == 0);
    REGELS_CHECK_GOLDEN(dir + "diff_changed.out", changed.out);
    auto asked = with({"--new", "examples/rule-change/v2", "--fail-on-change"});
    CHECK(asked.exit_code == 1);
    CHECK(asked.out == changed.out);
    auto regressed = with({"--new", "examples/rule-change/v3"});
    CHECK(regressed.exit_code == 1);
    REGELS_CHECK_GOLDEN(dir + "diff_regressed.out", regressed.out);
    auto json = with({"--new", "examples/rule-change/v3", "--format", "json"});
    CHECK(json.exit_code == 1);
    REGELS_CHECK_GOLDEN(dir + "diff_regressed.json", json.out);
    auto same = with({"--new", "examples/rule-change/v1", "--fail-on-change"});
    CHECK(same.exit_code == 0);
}

TEST_CASE("first hour: --progress into a log writes whole lines, no carriage returns",
          "[golden][cli]") {
    // Standard error is a pipe here, as in a log file.
    REQUIRE(::isatty(2) == 0);
    auto r = run_regels({"eval", "examples/benchmark/registraties.rules", "--facts",
                         "tests/golden/first_hour/registraties.jsonl", "--format", "jsonl",
                         "--progress"});
    CHECK(r.exit_code == 0);
    CHECK(r.err.find('\r') == std::string::npos);
    CHECK(!r.err.empty());
    CHECK(r.err.back() == '\n');
    // The figures depend on the machine; the shape of the lines is pinned.
    std::string shape = std::regex_replace(r.err, std::regex("[0-9]+(\\.[0-9]+)?"), "N");
    REGELS_CHECK_GOLDEN(dir + "progress.err", shape);
}

TEST_CASE("first hour: JSON Lines errors give file:line:col", "[golden][cli]") {
    auto r = run_regels({"eval", "examples/benchmark/registraties.rules", "--facts",
                         "tests/golden/first_hour/registraties_bad.jsonl", "--format", "jsonl",
                         "--keep-going"});
    CHECK(r.exit_code == 2);
    REGELS_CHECK_GOLDEN(dir + "jsonl_columns.err", r.err);
}

TEST_CASE("first hour: `thn` for `then` in rules/nplv is one error, not fourteen",
          "[golden][diagnostics]") {
    fs::path tmp = fs::temp_directory_path() / ("regels_first_hour_" + std::to_string(::getpid()));
    fs::remove_all(tmp);
    fs::create_directories(tmp);
    fs::copy("rules/nplv", tmp / "nplv", fs::copy_options::recursive);
    fs::path file = tmp / "nplv" / "realisatiestimulans.rules";
    std::string text = regels::testing::read_text(file.string());
    auto at = text.find(" then r.woningen");
    REQUIRE(at != std::string::npos);
    text.replace(at, 5, " thn");
    std::ofstream(file, std::ios::binary) << text;
    auto r = run_regels({"check", (tmp / "nplv").string()});
    fs::remove_all(tmp);
    CHECK(r.exit_code == 1);
    CHECK(count(r.err, "error[") == 1);
    CHECK(count(r.err, "E2001") == 0);
    std::string err = r.err;
    for (auto p = err.find(tmp.string()); p != std::string::npos; p = err.find(tmp.string())) {
        err.replace(p, tmp.string().size(), "<tmp>");
    }
    REGELS_CHECK_GOLDEN(dir + "thn_in_nplv.err", err);
}
