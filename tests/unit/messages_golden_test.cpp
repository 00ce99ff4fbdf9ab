// Every command speaks Dutch by default and English with `--lang en`, from one message
// catalogue (interpreter/messages.hpp): the impact diff, a failing test, a run-time error,
// errors in facts and check's summary, each pinned in both languages. Goldens:
// tests/golden/messages/ (regenerate with REGELS_UPDATE_GOLDEN=1 and read the diff).
#include "tests/support/golden.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

using regels::testing::run_regels;

const std::string dir = "tests/golden/messages/";

// Runs `args` as they are (Dutch) and with `--lang en`, and pins both outputs.
void both_languages(std::vector<std::string> args, const std::string& name, int exit_code, bool out,
                    bool err) {
    for (const std::string lang : {"nl", "en"}) {
        std::vector<std::string> with = args;
        if (lang == "en") {
            with.insert(with.end(), {"--lang", "en"});
        }
        auto r = run_regels(with);
        INFO(lang << ": " << r.err);
        CHECK(r.exit_code == exit_code);
        if (out) {
            REGELS_CHECK_GOLDEN(dir + name + "." + lang + ".out", r.out);
        }
        if (err) {
            REGELS_CHECK_GOLDEN(dir + name + "." + lang + ".err", r.err);
        }
    }
}

}  // namespace

TEST_CASE("messages: regels diff in Dutch and in English", "[golden][cli][messages]") {
    both_languages({"diff", "--old", "examples/rule-change/v1", "--new", "examples/rule-change/v3",
                    "--facts", "examples/rule-change/facts.json", "--as-of", "2026-01-01"},
                   "diff", 1, true, false);
}

TEST_CASE("messages: a failing test in Dutch and in English", "[golden][cli][messages]") {
    both_languages(
        {"test", "tests/golden/test_steps/stappen.rules", "tests/golden/test_steps/fout_test.rules",
         "--as-of", "2026-06-01", "--coverage"},
        "test_fout", 1, true, false);
}

TEST_CASE("messages: run-time errors in Dutch and in English", "[golden][cli][messages]") {
    both_languages({"eval", "examples/rule-change/v3", "--facts", "examples/rule-change/facts.json",
                    "--as-of", "2026-01-01", "--decision", "fonds.per_woning_gedeeld", "--decision",
                    "fonds.onder_plafond"},
                   "eval_fout", 1, true, true);
}

TEST_CASE("messages: errors in facts in Dutch and in English", "[golden][cli][messages]") {
    both_languages({"eval", "examples/rule-change/v1", "--facts", dir + "feiten_fout.json",
                    "--as-of", "2026-01-01"},
                   "feiten_fout", 2, false, true);
}

TEST_CASE("messages: check's summary in Dutch and in English", "[golden][cli][messages]") {
    both_languages({"check", "examples/rule-change/v1"}, "check", 0, false, true);
    both_languages({"check", "examples/rule-change/v1", "examples/rule-change/v2"}, "check_sets", 0,
                   false, true);
}

TEST_CASE("messages: the clause map in Dutch and in English", "[golden][cli][messages]") {
    both_languages({"clauses", "rules/soo"}, "clauses", 0, true, false);
    both_languages({"clauses", "rules/soo", "--format", "html"}, "clauses_html", 0, true, false);
}
