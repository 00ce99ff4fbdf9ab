// Rule sets, test files and parameter overrides (issue 13, items 1-3).
//
// A folder of .rules files is one rule set, with its subfolders; a folder without rule files
// of its own holds the rule sets below it. Each rule set is its own program, so two may
// declare `record Aanvraag` with different fields; check and test report per rule set; eval
// and diff decide one rule set and never load *_test.rules. `given parameter` (tests) and
// `--set` (eval, diff) give a parameter one value, and every output says so.
// Goldens: tests/golden/rule_sets/ (the tree boom/ holds two small rule sets, dubbel/ the
// mistakes); regenerate with REGELS_UPDATE_GOLDEN=1 and read the diff.
#include "interpreter/runner.hpp"
#include "stdlib/stdlib.hpp"
#include "tests/support/golden.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tooling/testing.hpp"
#include <string>
#include <vector>

namespace {

using regels::testing::run_regels;

const std::string dir = "tests/golden/rule_sets/";
const std::string boom = "tests/golden/rule_sets/boom";
const std::string soo_facts = "rules/soo/voorbeeld.json";

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::vector<std::string> names(const std::vector<regels::interp::RuleSet>& sets) {
    std::vector<std::string> out;
    for (const auto& s : sets) {
        out.push_back(s.name);
    }
    return out;
}

}  // namespace

TEST_CASE("rule sets: a folder with rule files is one rule set, with its subfolders",
          "[rule_sets]") {
    using regels::interp::find_rule_sets;
    CHECK(names(find_rule_sets({boom})) == std::vector<std::string>{boom + "/a", boom + "/b"});
    CHECK(names(find_rule_sets({boom + "/"})) ==
          std::vector<std::string>{boom + "/a", boom + "/b"});
    // boom/a/gebieden/ belongs to boom/a: boom/a holds rule files of its own.
    auto a = find_rule_sets({boom + "/a"});
    REQUIRE(a.size() == 1);
    CHECK(a[0].paths == std::vector<std::string>{boom + "/a"});
    CHECK(regels::interp::rule_set_root(boom + "/a/gebieden/gebied.rules") == boom + "/a");
    CHECK(regels::interp::rule_set_root("rules/nplv/gebieden/vlaardingen-westwijk.rules") ==
          "rules/nplv");
    // The real tree: rules/ holds rules/nplv and rules/soo.
    CHECK(names(find_rule_sets({"rules"})) == std::vector<std::string>{"rules/nplv", "rules/soo"});
    // Files named one by one are one rule set; a folder named twice is one rule set.
    auto files = find_rule_sets({boom + "/b/b.rules", boom + "/b/b_test.rules"});
    REQUIRE(files.size() == 1);
    CHECK(files[0].paths.size() == 2);
    CHECK(find_rule_sets({boom + "/b", boom + "/b"}).size() == 1);
    // A missing path stays, so loading it reports E1014.
    CHECK(find_rule_sets({"bestaat/niet"}).size() == 1);
}

TEST_CASE("rule sets: check and test on several rule sets say per rule set what happened",
          "[rule_sets][golden][cli]") {
    auto check = run_regels({"check", boom});
    CHECK(check.exit_code == 0);
    CHECK(check.out.empty());
    REGELS_CHECK_GOLDEN(dir + "check_boom.err", check.err);
    auto check_json = run_regels({"check", "--diagnostics", "json", boom});
    CHECK(check_json.exit_code == 0);
    REGELS_CHECK_GOLDEN(dir + "check_boom.err.json", check_json.err);

    auto test = run_regels({"test", boom, "--coverage"});
    CHECK(test.exit_code == 0);
    REGELS_CHECK_GOLDEN(dir + "test_boom.out", test.out);
    auto json = run_regels({"test", boom, "--format", "json"});
    CHECK(json.exit_code == 0);
    REGELS_CHECK_GOLDEN(dir + "test_boom.json", json.out);
    auto parsed = nlohmann::json::parse(json.out);
    CHECK(parsed.at("passed") == 4);
    CHECK(parsed.at("rule_sets").size() == 2);
    auto junit = run_regels({"test", boom, "--format", "junit"});
    CHECK(junit.exit_code == 0);
    REGELS_CHECK_GOLDEN(dir + "test_boom.xml", junit.out);

    // One rule set named: the output is as it always was.
    auto one = run_regels({"test", boom + "/b"});
    CHECK(one.exit_code == 0);
    CHECK_FALSE(contains(one.out, "== rule set"));
    CHECK(contains(one.out, "\n3 geslaagd, 0 mislukt\n"));
}

TEST_CASE("rule sets: rules/nplv and rules/soo both declare record Aanvraag, and both pass",
          "[rule_sets][cli]") {
    auto check = run_regels({"check", "rules"});
    INFO(check.err);
    CHECK(check.exit_code == 0);
    CHECK(contains(check.err, "rules/nplv: "));
    CHECK(contains(check.err,
                   "rules/soo: 4 bestanden gecontroleerd: geen fouten, 0 waarschuwingen\n"));
    auto test = run_regels({"test", "rules"});
    INFO(test.out);
    CHECK(test.exit_code == 0);
    CHECK(contains(test.out, "\nrules/soo: 36 geslaagd, 0 mislukt\n"));
    CHECK(contains(test.out, " 0 mislukt\n\nalle 2 regelsets: "));
    CHECK_FALSE(contains(test.out, "MISLUKT "));
}

TEST_CASE("rule sets: eval decides one rule set and never loads test files",
          "[rule_sets][golden][cli]") {
    auto several = run_regels({"eval", boom, "--facts", boom + "/b/facts.json"});
    CHECK(several.exit_code == 2);
    CHECK(several.out.empty());
    REGELS_CHECK_GOLDEN(dir + "eval_boom.err", several.err);

    auto b = run_regels(
        {"eval", boom + "/b", "--facts", boom + "/b/facts.json", "--as-of", "2025-06-01"});
    CHECK(b.exit_code == 0);
    REGELS_CHECK_GOLDEN(dir + "eval_b.out", b.out);
    CHECK_FALSE(contains(b.out, "alleen_in_test"));

    auto json = run_regels(
        {"eval", "rules/soo", "--facts", soo_facts, "--as-of", "2025-06-01", "--format", "json"});
    CHECK(json.exit_code == 0);
    auto j = nlohmann::json::parse(json.out);
    CHECK(j.at("rules").at("files") == nlohmann::json::array({"rules/soo/soo.rules"}));
    CHECK(j.at("rules").contains("tests_hash"));  // the receipt still names the tests
    CHECK_FALSE(j.contains("overrides"));
    auto nplv =
        run_regels({"eval", "rules/nplv", "--facts", "examples/vlaardingen-westwijk/facts.json",
                    "--as-of", "2026-11-28", "--format", "json"});
    CHECK(nplv.exit_code == 0);
    const auto nplv_json = nlohmann::json::parse(nplv.out);  // outlives the loop over its files
    for (const auto& f : nplv_json.at("rules").at("files")) {
        CHECK_FALSE(contains(f.get<std::string>(), "_test.rules"));
    }
    // A test file named on its own is not loaded either.
    auto only_tests =
        run_regels({"eval", boom + "/b/b_test.rules", "--facts", boom + "/b/facts.json"});
    CHECK(only_tests.exit_code == 2);
    REGELS_CHECK_GOLDEN(dir + "eval_only_tests.err", only_tests.err);
}

TEST_CASE("overrides: given parameter in a test replaces every version and is reported",
          "[rule_sets][golden][cli]") {
    auto soo = run_regels({"test", "rules/soo"});
    CHECK(soo.exit_code == 0);
    REGELS_CHECK_GOLDEN(dir + "test_soo.out", soo.out);
    // The published budget gives A-02 its whole claim; the test with a budget of € 200.000
    // expects € 100.000 and passes, so the override changed the outcome.
    auto published = run_regels({"eval", "rules/soo", "--facts", soo_facts, "--as-of", "2025-06-01",
                                 "--decision", "toekenning"});
    CHECK(contains(published.out,
                   "soo.toekenning [Aanvraag A-02 (cluster De Linde)] = € 150.000,00"));
    CHECK(contains(soo.out, "[geval 2] (met parameter soo.budget = € 200.000,00)"));

    // The runner's report, as `regels serve` reads it.
    const auto& builtins = regels::stdlib::standard_library();
    regels::dsl::DiagnosticBag bag;
    auto rules = regels::interp::load_rules({boom + "/b"}, builtins.signatures, bag);
    REQUIRE_FALSE(bag.has_errors());
    regels::tooling::TestOptions options;
    options.as_of = regels::dsl::days_from_civil(2025, 6, 1);
    auto report = regels::tooling::run_tests(*rules, options);
    CHECK(report.passed == 3);
    CHECK(report.failed == 0);
    REQUIRE(report.cases.size() == 3);
    CHECK(report.cases[0].overrides.empty());
    CHECK(report.cases[1].overrides == std::vector<std::string>{"b.per_m2 = € 3,00"});
    options.filter.emplace("wat als");
    CHECK(regels::tooling::run_tests(*rules, options).cases.size() == 2);
}

TEST_CASE("overrides: eval --set marks every output as a what-if", "[rule_sets][golden][cli]") {
    const std::vector<std::string> base = {
        "eval",    boom + "/b",  "--facts", boom + "/b/facts.json",
        "--as-of", "2025-06-01", "--set",   "per_m2=€ 3,00"};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = base;
        args.insert(args.end(), extra.begin(), extra.end());
        return run_regels(args);
    };
    auto text = with({});
    CHECK(text.exit_code == 0);
    REGELS_CHECK_GOLDEN(dir + "eval_b_set.out", text.out);
    auto explain = with({"--explain", "--lang", "en"});
    CHECK(explain.exit_code == 0);
    REGELS_CHECK_GOLDEN(dir + "eval_b_set_explain.out", explain.out);
    auto json = with({"--format", "json"});
    CHECK(json.exit_code == 0);
    REGELS_CHECK_GOLDEN(dir + "eval_b_set.json", json.out);
    auto j = nlohmann::json::parse(json.out);
    CHECK(j.at("overrides").at(0).at("parameter") == "b.per_m2");
    CHECK(j.at("overrides").at(0).at("value") == "3.00");
    // The report names the parameter; the beslisverslag, to be signed, says it in words.
    for (const char* format : {"html", "verslag"}) {
        auto html = with({"--format", format});
        CHECK(html.exit_code == 0);
        CHECK(contains(html.out, "<p class=\"what-if\" role=\"alert\""));
        CHECK(contains(html.out, std::string("WAT-ALS: berekend met parameterwaarden die niet uit "
                                             "de regels komen (--set). Dit is geen "
                                             "besluit.</strong><br>") +
                                     (format == std::string("html") ? "b.per_m2" : "per m2") +
                                     " = € 3,00</p>"));
    }
    // JSON Lines has no place for the mark, so it is refused.
    auto jsonl = with({"--format", "jsonl"});
    CHECK(jsonl.exit_code == 2);
    CHECK(jsonl.out.empty());
    REGELS_CHECK_GOLDEN(dir + "eval_b_set_jsonl.err", jsonl.err);
}

TEST_CASE("overrides: diff --set compares the rules without and with the override",
          "[rule_sets][golden][cli]") {
    const std::vector<std::string> args = {"diff",       "--old",   "rules/soo",
                                           "--facts",    soo_facts, "--as-of",
                                           "2025-06-01", "--set",   "soo.budget=€ 120.000,00"};
    auto text = run_regels(args);
    CHECK(text.exit_code == 0);
    REGELS_CHECK_GOLDEN(dir + "diff_soo_set.out", text.out);
    std::vector<std::string> json_args = args;
    json_args.insert(json_args.end(), {"--format", "json"});
    auto json = run_regels(json_args);
    CHECK(json.exit_code == 0);
    REGELS_CHECK_GOLDEN(dir + "diff_soo_set.json", json.out);
    CHECK(nlohmann::json::parse(json.out).at("new").at("overrides") ==
          nlohmann::json::array({"soo.budget = € 120.000,00"}));
}

TEST_CASE("rule sets: a name twice in one rule set, and bad overrides, are located errors",
          "[rule_sets][golden][cli]") {
    auto dubbel = run_regels({"check", dir + "dubbel"});
    CHECK(dubbel.exit_code == 1);
    REGELS_CHECK_GOLDEN(dir + "check_dubbel.err", dubbel.err);
    // Among other rule sets, the one with errors is reported and the others still run.
    auto whole = run_regels({"check", dir});
    CHECK(whole.exit_code == 1);
    CHECK(contains(whole.err, "tests/golden/rule_sets/dubbel: 8 fouten, 0 waarschuwingen\n"));
    CHECK(contains(whole.err,
                   "tests/golden/rule_sets/boom/b: 2 bestanden gecontroleerd: geen fouten"));
    auto tested = run_regels({"test", dir});
    CHECK(tested.exit_code == 2);
    REGELS_CHECK_GOLDEN(dir + "test_with_errors.out", tested.out);
    CHECK(contains(tested.err,
                   "regels: tests/golden/rule_sets/dubbel: niet getest: de regels bevatten "
                   "fouten\n"));

    const std::vector<std::vector<std::string>> sets = {
        {"--set", "budgt=€ 1,00"},
        {"--set", "budget=12"},
        {"--set", "budget=€ 1,00", "--set", "soo.budget=€ 2,00"},
        {"--set", "budget=€ 1,00 +"},
        {"--set", "budget=toekenning"},
        {"--set", "budget"},
    };
    std::string all;
    for (const auto& set : sets) {
        std::vector<std::string> args = {"eval", "rules/soo", "--facts", soo_facts};
        args.insert(args.end(), set.begin(), set.end());
        auto r = run_regels(args);
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        all += r.err + "\n";
    }
    REGELS_CHECK_GOLDEN(dir + "set_errors.err", all);
}
