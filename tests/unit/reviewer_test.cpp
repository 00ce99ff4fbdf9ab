// What a legal reviewer needs from an explanation (issue 12), checked on the real Westwijk
// rules and facts: Dutch by default and English on request; every norm, calculation and
// ground of a refusal spelled out with its figures; receipts that can be filed (engine
// version, a rules fingerprint that does not depend on how the path is typed or on test
// files, the facts' SHA-256, an as-of date that says when it was not given); and the
// beslisverslag, pinned by a golden file.
#include "interpreter/sha256.hpp"
#include "tests/support/golden.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
using regels::testing::read_text;
using regels::testing::run_regels;
using regels::testing::RunResult;

const std::string facts = "examples/vlaardingen-westwijk/facts.json";

RunResult westwijk(std::vector<std::string> extra, const std::string& rules = "rules/nplv") {
    std::vector<std::string> args = {"eval", rules, "--facts", facts, "--as-of", "2026-11-28"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_regels(args);
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The line of `text` that contains `part` ("" when none does).
std::string line_with(const std::string& text, const std::string& part) {
    std::size_t at = text.find(part);
    if (at == std::string::npos) {
        return "";
    }
    std::size_t begin = text.rfind('\n', at);
    begin = begin == std::string::npos ? 0 : begin + 1;
    return text.substr(begin, text.find('\n', at) - begin);
}

}  // namespace

TEST_CASE("reviewer: Westwijk explanations are Dutch, with every step spelled out", "[reviewer]") {
    RunResult r = westwijk({"--explain"});
    REQUIRE(r.exit_code == 0);
    for (const char* english : {"branch:", "exception:", "input:", "outcome:", "explained above",
                                "chosen by", "source:"}) {
        INFO(english);
        CHECK_FALSE(has(r.out, english));
    }
    // R1: the calculation with its operands.
    CHECK(has(r.out, "40 × € 7.000,00 = € 280.000,00"));
    // The estimate: 481, the correction and € 7.000,00 on one line; the rounding from
    // € 1.813.000,00.
    std::string estimate = line_with(r.out, "berekening: 481 ");
    CHECK(has(estimate, "× € 7.000,00 = € 2.590.000,00"));
    CHECK(has(r.out, "€ 2.590.000,00 × 70% = € 1.813.000,00"));
    CHECK(has(r.out,
              "€ 1.813.000,00 rekenkundig afgerond (de helft naar boven) op veelvouden van "
              "€ 100.000,00: € 1.800.000,00"));
    // The grondslag names the plans counted and left out.
    CHECK(has(r.out, "meegeteld: P3: 90, P4: 141, P5: 250"));
    // R5: the rent against the limit, with the comparison.
    CHECK(line_with(r.out, "€ 932,93 is niet lager dan ").ends_with("€ 932,93"));
    // R4: refused for WBI; what the general rule would have given and what is at stake.
    CHECK(has(r.out, "zonder de uitzondering ‘eerder gesubsidieerd’ had de hoofdregel waar"));
    CHECK(has(line_with(r.out, "€ 840.000,00 geweest"), "niet beslissend: als "));
    // A plain line per decision, and subjects described beside their key.
    CHECK(has(r.out, "Waarom niet: € 0,00, omdat "));
    // The reader's text: labels, values and quotes; the rule text only in the technical part.
    CHECK_FALSE(has(r.out, "`"));
    CHECK_FALSE(has(r.out, "realisatiestimulans.uitkering"));
    for (std::size_t at = 0, end = 0; at < r.out.size(); at = end + 1) {
        end = r.out.find('\n', at);
        end = end == std::string::npos ? r.out.size() : end;
        const std::string line = r.out.substr(at, end - at);
        const std::size_t niet = line.find("niet ");
        INFO(line);
        CHECK_FALSE((niet != std::string::npos && line.find(": nee", niet) != std::string::npos));
    }
    RunResult technical = westwijk({"--explain", "--technisch", "--decision", "uitkering"});
    CHECK(has(technical.out, "technisch: r.woningen * bijdrage_per_woning at r.jaar"));
    CHECK(has(technical.out, "technisch: realisatiestimulans.uitkering, rules/nplv/"));
    CHECK(has(r.out, "[Registratie R1 (project "));
    // Every input read, also for decisions made inside an aggregate.
    RunResult per_year = westwijk({"--explain", "--decision", "uitkering_per_jaar"});
    CHECK(has(line_with(per_year.out, "woningen = 40"), "gegeven: "));
    CHECK_FALSE(has(r.out, " #"));  // records by key, never by row number

    // A condition `not X` gives X's words and the answer the other way round.
    RunResult koers = westwijk({"--explain", "--decision", "midterm.koers"});
    CHECK(has(koers.out,
              "Waarom: nog niet te beoordelen, omdat de beoordeelbaarheid van de "
              "mid-term review onwaar is"));

    RunResult html = westwijk({"--format", "html"});
    CHECK(has(html.out, "<html lang=\"nl\">"));
}

TEST_CASE("reviewer: --lang en gives English", "[reviewer]") {
    RunResult r = westwijk({"--explain", "--lang", "en", "--decision", "uitkering"});
    REQUIRE(r.exit_code == 0);
    CHECK(has(r.out, "Why not: € 0,00, because "));
    CHECK(has(r.out, "source: Bestuurlijke afspraak uitwerking Woontop NPLV-gebied Vlaardingen"));
    CHECK_FALSE(has(r.out, "Waarom"));
    RunResult html = westwijk({"--format", "html", "--lang", "en"});
    CHECK(has(html.out, "<html lang=\"en\">"));
    RunResult bad = westwijk({"--lang", "fr"});
    CHECK(bad.exit_code == 2);
    CHECK(has(bad.err, "unknown language `fr`"));
}

TEST_CASE("reviewer: receipts that can be filed", "[reviewer]") {
    RunResult version = run_regels({"--version"});
    CHECK(version.exit_code == 0);
    REGELS_CHECK_GOLDEN("tests/golden/cli/version.out", version.out);

    auto json_of = [](const RunResult& r) { return nlohmann::json::parse(r.out); };
    auto hash_of = [&](const std::string& rules) {
        return json_of(westwijk({"--format", "json", "--decision", "uitkering"}, rules))
            .at("rules");
    };
    nlohmann::json relative = hash_of("rules/nplv");
    nlohmann::json absolute = hash_of((fs::current_path() / "rules/nplv").string());
    CHECK(relative.at("hash") == absolute.at("hash"));
    CHECK(relative.at("tests_hash") == absolute.at("tests_hash"));

    // A copy of the rules where only a test file changes: the same rules fingerprint, another
    // tests fingerprint. A change to a rule file changes the rules fingerprint.
    fs::path tmp = fs::temp_directory_path() / ("regels-receipts-" + std::to_string(::getpid()));
    fs::remove_all(tmp);
    fs::create_directories(tmp);
    fs::copy("rules/nplv", tmp / "nplv", fs::copy_options::recursive);
    std::ofstream(tmp / "nplv" / "westwijk_test.rules", std::ios::app) << "\n# een opmerking\n";
    nlohmann::json test_changed = hash_of((tmp / "nplv").string());
    CHECK(test_changed.at("hash") == relative.at("hash"));
    CHECK(test_changed.at("tests_hash") != relative.at("tests_hash"));
    std::ofstream(tmp / "nplv" / "btw.rules", std::ios::app) << "\n# een opmerking\n";
    nlohmann::json rule_changed = hash_of((tmp / "nplv").string());
    fs::remove_all(tmp);
    CHECK(rule_changed.at("hash") != relative.at("hash"));

    nlohmann::json j = json_of(westwijk({"--format", "json"}));
    CHECK(j.at("engine").at("version") == "0.1");
    CHECK(j.at("facts").at("files") == nlohmann::json::array({facts}));
    CHECK(j.at("facts").at("sha256") == "sha256:" + regels::interp::sha256_hex(read_text(facts)));
    CHECK(j.at("run_time") == "2026-11-28T12:00:00Z");  // REGELS_FIXED_TIME in the tests
    CHECK(j.at("as_of_given") == true);

    RunResult today =
        run_regels({"eval", "rules/nplv", "--facts", facts, "--decision", "inschatting_laag"});
    CHECK(has(today.out, "peildatum: vandaag (niet opgegeven)"));
}

TEST_CASE("reviewer: the beslisverslag is pinned", "[reviewer][golden]") {
    RunResult r = westwijk(
        {"--format", "verslag", "--decision", "uitkering", "--decision", "inschatting_laag"});
    REQUIRE(r.exit_code == 0);
    CHECK(has(r.out, "<html lang=\"nl\">"));
    CHECK(has(r.out,
              "<th scope=\"col\">Toets</th><th scope=\"col\">Feit</th>"
              "<th scope=\"col\">Norm</th><th scope=\"col\">Uitkomst</th>"
              "<th scope=\"col\">Grondslag</th>"));
    CHECK(has(r.out, "Aannames en interpretatiekeuzes"));
    CHECK(has(r.out, "Handtekening beoordelaar"));
    CHECK(has(r.out, "@page { size: A4;"));
    CHECK_FALSE(has(r.out, "http"));  // self-contained
    REGELS_CHECK_GOLDEN("tests/golden/verslag/westwijk.html", r.out);
}
