// The test steps `refused CODE` and `as of DATE` (issue 23): a test can expect a record or a
// facts file to be refused (so a loosened field constraint is seen), and can choose its own
// as-of date (so a parameter version's first day is seen).
//
// Over the small rule set in tests/golden/test_steps: the steps parse, check (E2030 for
// misuse), format canonically, pass and fail as documented, and every output names a test's
// own as-of date. Regenerate the goldens with REGELS_UPDATE_GOLDEN=1 and read the diff.
#include "dsl/parser.hpp"
#include "interpreter/runner.hpp"
#include "stdlib/stdlib.hpp"
#include "tests/support/golden.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tooling/testing.hpp"
#include <string>
#include <variant>
#include <vector>

namespace {

using regels::testing::run_regels;

const std::string dir = "tests/golden/test_steps/";
const std::string rules = dir + "stappen.rules";

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("test steps: `refused` and `as of` parse into the test's steps", "[test_steps]") {
    using regels::dsl::TestStep;
    regels::dsl::SourceSet sources;
    regels::dsl::Ast ast;
    regels::dsl::DiagnosticBag bag;
    auto file = sources.add("t.rules", R"(module t
test "t" for (d) in [(2025-01-01)] {
    as of d
    given R { a: 1 } refused E4020
    given R { a: 2 }
    facts "f.json" refused E4006
    facts "f.csv" record R refused E4020
    facts "g.json"
}
)");
    regels::dsl::parse_file(sources, file, ast, bag);
    REQUIRE_FALSE(bag.has_errors());
    const auto& test = std::get<regels::dsl::TestDecl>(ast.files.front().decls.at(1));
    REQUIRE(test.steps.size() == 6);
    CHECK(test.steps[0].kind == TestStep::Kind::as_of);
    CHECK(test.steps[0].value != regels::dsl::no_expr);
    CHECK(test.steps[1].kind == TestStep::Kind::given);
    CHECK(test.steps[1].refused.text == "E4020");
    CHECK(test.steps[2].refused.text.empty());
    CHECK(test.steps[3].kind == TestStep::Kind::facts);
    CHECK(test.steps[3].refused.text == "E4006");
    CHECK(test.steps[4].record.text == "R");
    CHECK(test.steps[4].refused.text == "E4020");
    CHECK(test.steps[5].refused.text.empty());

    // `refused` needs its code, and `as` is only ever `as of`.
    for (const char* bad :
         {"module t\ntest \"t\" { given R { a: 1 } refused }\n",
          "module t\ntest \"t\" { as 2025-01-01 }\n", "module t\ntest \"t\" { as of }\n"}) {
        INFO(bad);
        regels::dsl::SourceSet s;
        regels::dsl::Ast a;
        regels::dsl::DiagnosticBag b;
        regels::dsl::parse_file(s, s.add("bad.rules", bad), a, b);
        CHECK(b.has_errors());
    }
}

TEST_CASE("test steps: tests that expect refusals and set their date pass",
          "[test_steps][golden][cli]") {
    auto r = run_regels({"test", rules, dir + "goed_test.rules", "--as-of", "2026-06-01"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    REGELS_CHECK_GOLDEN(dir + "test_goed.out", r.out);
    CHECK(contains(r.out, "[geval 1] (peildatum 2025-12-31)\n"));
    CHECK(contains(r.out, "(peildatum 2025-06-01; met parameter stappen.bijdrage = € 1,00)\n"));
}

TEST_CASE("test steps: an accepted record, another code, a refused record used, a wrong date",
          "[test_steps][golden][cli]") {
    const std::vector<std::string> base = {"test", rules, dir + "fout_test.rules", "--as-of",
                                           "2026-06-01"};
    auto text = run_regels(base);
    CHECK(text.exit_code == 1);
    REGELS_CHECK_GOLDEN(dir + "test_fout.out", text.out);
    CHECK(contains(text.out, "verwacht: geweigerd met E4020\n      uitkomst: aanvaard\n"));
    CHECK(
        contains(text.out, "verwacht: geweigerd met E4006\n      uitkomst: geweigerd met E4020:"));
    // A failing expectation shows the full trace, as --explain does: no step without its text
    // ("arithmetic: " with nothing after it, as before).
    CHECK(contains(text.out, "berekening: 1 × € 7.000,00 = € 7.000,00"));
    std::size_t at = 0;
    while ((at = text.out.find(": \n", at)) != std::string::npos) {
        std::size_t begin = text.out.rfind('\n', at);
        FAIL_CHECK(
            "a trace line without its text: " << text.out.substr(begin + 1, at + 2 - begin - 1));
        ++at;
    }

    auto with = [&](const char* format) {
        auto args = base;
        args.insert(args.end(), {"--format", format});
        return run_regels(args);
    };
    auto json = with("json");
    CHECK(json.exit_code == 1);
    REGELS_CHECK_GOLDEN(dir + "test_fout.json", json.out);
    auto parsed = nlohmann::json::parse(json.out);
    CHECK(parsed.at("failed") == 5);
    CHECK(parsed.at("tests").at(4).at("as_of") == "2025-12-31");
    CHECK_FALSE(parsed.at("tests").at(0).contains("as_of"));
    auto junit = with("junit");
    CHECK(junit.exit_code == 1);
    REGELS_CHECK_GOLDEN(dir + "test_fout.xml", junit.out);
    CHECK(contains(junit.out, "<system-out>peildatum 2025-12-31</system-out>"));
}

TEST_CASE("test steps: check refuses a wrong code and a wrong or second date (E2030)",
          "[test_steps][golden][cli]") {
    auto r = run_regels({"check", rules, dir + "misbruik_test.rules"});
    CHECK(r.exit_code == 1);
    REGELS_CHECK_GOLDEN(dir + "check_misbruik.err", r.err);
    CHECK(contains(r.err, "5 errors, 0 warnings"));
}

TEST_CASE("test steps: the files are in the canonical layout", "[test_steps][cli]") {
    auto r = run_regels({"fmt", "--check", rules, dir + "goed_test.rules", dir + "fout_test.rules",
                         dir + "misbruik_test.rules"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
}

TEST_CASE("test steps: the runner's report has each case's own date", "[test_steps]") {
    const auto& builtins = regels::stdlib::standard_library();
    regels::dsl::DiagnosticBag bag;
    auto loaded =
        regels::interp::load_rules({rules, dir + "goed_test.rules"}, builtins.signatures, bag);
    REQUIRE(loaded);
    REQUIRE_FALSE(bag.has_errors());
    regels::tooling::TestOptions options;
    options.as_of = regels::dsl::days_from_civil(2026, 6, 1);
    options.filter.emplace("jaarwisseling");
    auto report = regels::tooling::run_tests(*loaded, options);
    REQUIRE(report.cases.size() == 2);
    CHECK(report.failed == 0);
    CHECK(report.cases[0].as_of == "2025-12-31");
    CHECK(report.cases[1].as_of == "2026-01-01");
    // Without `as of`, a test runs on the run's date and says nothing about it.
    options.filter.emplace("dubbele sleutel");
    auto plain = regels::tooling::run_tests(*loaded, options);
    REQUIRE(plain.cases.size() == 1);
    CHECK(plain.passed == 1);
    CHECK(plain.cases[0].as_of.empty());
}
