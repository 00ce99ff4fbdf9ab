// Allocation explanations (issue 24): an `allocate` step says what the recipient claimed and
// why it got its share. First come, first served: its moment of receipt, its place, every
// earlier claim with what it took, what was left for it (a long queue summed up before the
// last twenty); pro rata: the ratio, the share before rounding and the leftover cent; a subject
// outside the claimants: that it is none, and which condition it fails. All of it only with
// --explain: without it the output is byte for byte what the engine wrote before (goldens
// pinned from main's engine before the change).
#include "tests/support/golden.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace {

using nlohmann::json;
using regels::testing::run_regels;
using regels::testing::RunResult;

const std::vector<std::string> wie_eerst_komt = {"eval",    "examples/wie-eerst-komt",
                                                 "--facts", "examples/wie-eerst-komt/facts.json",
                                                 "--as-of", "2025-07-01"};
const std::vector<std::string> soo_budget_op = {
    "eval", "rules/soo", "--facts", "rules/soo/budget_op.json", "--as-of", "2025-07-01"};
const std::vector<std::string> national_pro_rata = {
    "eval",    "rules/nplv", "--facts", "examples/nplv-landelijk/facts.json",
    "--as-of", "2026-11-28", "--set",   "plafond.verdeling=naar_rato"};

RunResult run(std::vector<std::string> args, const std::vector<std::string>& extra) {
    args.insert(args.end(), extra.begin(), extra.end());
    return run_regels(args);
}

// The paragraphs (between blank lines) of a text output whose decision line starts with
// `heading`, in order.
std::string paragraphs(const std::string& text, const std::vector<std::string>& headings) {
    std::string out;
    for (const std::string& heading : headings) {
        std::size_t at = text.find("\n" + heading);
        if (at == std::string::npos) {
            out += "(not in the output: " + heading + ")\n\n";
            continue;
        }
        std::size_t begin = text.rfind("\n\n", at);
        begin = begin == std::string::npos ? 0 : begin + 2;
        std::size_t end = text.find("\n\n", at + 1);
        end = end == std::string::npos ? text.size() : end + 1;
        out += text.substr(begin, end - begin) + "\n";
    }
    return out;
}

// The `allocation` member of the first allocation step in the explanation of `decision` for
// the record with key `id` (searching the whole tree: under an exception it is a further
// ground).
const json* find_allocation(const json& node) {
    if (node.contains("steps")) {
        for (const json& s : node.at("steps")) {
            if (s.contains("allocation")) {
                return &s.at("allocation");
            }
        }
    }
    if (node.contains("children")) {
        for (const json& c : node.at("children")) {
            if (const json* found = find_allocation(c)) {
                return found;
            }
        }
    }
    return nullptr;
}

json allocation_of(const json& document, const std::string& decision, const std::string& id) {
    for (const json& d : document.at("decisions")) {
        if (d.at("decision") == decision && d.at("subject").begin().value() == id) {
            const json* a = find_allocation(d.at("explanation"));
            REQUIRE(a != nullptr);
            return *a;
        }
    }
    FAIL("no decision " << decision << " for " << id);
    return {};
}

}  // namespace

TEST_CASE("allocation: without --explain the output is what it was before", "[allocation]") {
    struct Case {
        const std::vector<std::string>* args;
        const char* golden;
    };
    for (const Case& c :
         {Case{&wie_eerst_komt, "tests/golden/allocation/off-wie-eerst-komt.json"},
          Case{&soo_budget_op, "tests/golden/allocation/off-soo-budget-op.json"},
          Case{&national_pro_rata, "tests/golden/allocation/off-nplv-naar-rato.json"}}) {
        INFO(c.golden);
        RunResult r = run(*c.args, {"--format", "json"});
        REQUIRE(r.exit_code == 0);
        REGELS_CHECK_GOLDEN(c.golden, r.out);
    }
}

TEST_CASE("allocation: first come, first served names the queue before the claim",
          "[allocation][golden]") {
    // Granted in full, granted in part, refused at the ceiling, and outside the claimants.
    RunResult nl = run(wie_eerst_komt, {"--explain", "--decision", "ontmoetingsruimte.subsidie"});
    REQUIRE(nl.exit_code == 0);
    const std::vector<std::string> subjects = {
        "● ontmoetingsruimte.subsidie [Aanvraag Z-2025-0002",
        "● ontmoetingsruimte.subsidie [Aanvraag Z-2025-0004",
        "● ontmoetingsruimte.subsidie [Aanvraag Z-2025-0005",
        "● ontmoetingsruimte.subsidie [Aanvraag Z-2025-0001"};
    REGELS_CHECK_GOLDEN("tests/golden/allocation/wie-eerst-komt.txt", paragraphs(nl.out, subjects));
    RunResult en = run(wie_eerst_komt,
                       {"--explain", "--lang", "en", "--decision", "ontmoetingsruimte.subsidie"});
    REQUIRE(en.exit_code == 0);
    REGELS_CHECK_GOLDEN("tests/golden/allocation/wie-eerst-komt.en.txt",
                        paragraphs(en.out, subjects));

    RunResult j = run(wie_eerst_komt, {"--explain", "--format", "json", "--decision",
                                       "ontmoetingsruimte.subsidie"});
    REQUIRE(j.exit_code == 0);
    json doc = json::parse(j.out);
    json refused = allocation_of(doc, "ontmoetingsruimte.subsidie", "Z-2025-0005");
    CHECK(refused.at("method") == "in_order");
    CHECK(refused.at("key") == "2025-06-30T23:30:00+02:00");
    CHECK(refused.at("position") == 4);
    CHECK(refused.at("before") == "100000.00");
    CHECK(refused.at("remaining") == "0.00");
    CHECK(refused.at("share") == "0.00");
    REQUIRE(refused.at("earlier").size() == 3);
    CHECK(refused.at("earlier")[2].at("subject") == "Z-2025-0004");
    CHECK(refused.at("earlier")[2].at("took") == "20000.00");
    json outside = allocation_of(doc, "ontmoetingsruimte.subsidie", "Z-2025-0001");
    CHECK(outside.at("claimant") == false);
    CHECK(outside.at("failed") == "komt_in_aanmerking(c)");
    CHECK_FALSE(outside.contains("share"));

    RunResult verslag =
        run(wie_eerst_komt, {"--format", "verslag", "--decision", "ontmoetingsruimte.subsidie"});
    REQUIRE(verslag.exit_code == 0);
    CHECK(verslag.out.find("<table class=\"queue\">") != std::string::npos);
    REGELS_CHECK_GOLDEN("tests/golden/allocation/wie-eerst-komt.verslag.html", verslag.out);
}

TEST_CASE("allocation: a long queue lists the last twenty claims and sums up the rest",
          "[allocation][golden]") {
    // 131 claims on 1 February (a tie, broken by key), W on 1 March gets the rest, X nothing.
    RunResult r = run(soo_budget_op, {"--explain", "--decision", "soo.toekenning"});
    REQUIRE(r.exit_code == 0);
    REGELS_CHECK_GOLDEN(
        "tests/golden/allocation/soo-budget-op.txt",
        paragraphs(r.out, {"● soo.toekenning [Aanvraag V002 ", "● soo.toekenning [Aanvraag W ",
                           "● soo.toekenning [Aanvraag X "}));
    RunResult j =
        run(soo_budget_op, {"--explain", "--format", "json", "--decision", "soo.toekenning"});
    REQUIRE(j.exit_code == 0);
    json x = allocation_of(json::parse(j.out), "soo.toekenning", "X");
    CHECK(x.at("position") == 133);
    REQUIRE(x.at("earlier").size() == 20);
    CHECK(x.at("omitted").at("count") == 112);
    CHECK(x.at("omitted").at("took") == "19600000.00");
    CHECK(x.at("earlier")[0].at("tie") == true);
    CHECK(x.at("earlier")[19].at("subject") == "W");
    CHECK(x.at("earlier")[19].at("after") == "23000000.00");
    CHECK(x.at("before") == "23000000.00");
}

TEST_CASE("allocation: pro rata shows the ratio, the rounding and the leftover cent",
          "[allocation][golden]") {
    RunResult r = run(national_pro_rata, {"--explain", "--decision", "plafond.toewijzing"});
    REQUIRE(r.exit_code == 0);
    // Westwijk's ORV claim gets no leftover cent, its capacity claim one; Eindhoven is no
    // claimant (it cannot claim the supplements), nor is Lelystad (not in the agreements).
    REGELS_CHECK_GOLDEN(
        "tests/golden/allocation/nplv-naar-rato.txt",
        paragraphs(r.out, {"● plafond.toewijzing [Aanvraag vlaardingen-westwijk-orv]",
                           "● plafond.toewijzing [Aanvraag vlaardingen-westwijk-capaciteit]",
                           "● plafond.toewijzing [Aanvraag eindhoven-orv]"}));

    RunResult j = run(national_pro_rata, {"--explain", "--format", "json", "--decision",
                                          "plafond.toewijzing_naar_rato"});
    REQUIRE(j.exit_code == 0);
    json doc = json::parse(j.out);
    json orv = allocation_of(doc, "plafond.toewijzing_naar_rato", "vlaardingen-westwijk-orv");
    CHECK(orv.at("method") == "pro_rata");
    CHECK(orv.at("ratio") == "22500000/25104571");
    CHECK(orv.at("floored") == "6563346.47");
    CHECK(orv.at("extra_cent") == false);
    CHECK(orv.at("share") == "6563346.47");
    json cap =
        allocation_of(doc, "plafond.toewijzing_naar_rato", "vlaardingen-westwijk-capaciteit");
    CHECK(cap.at("extra_cent") == true);
    CHECK(cap.at("floored") == "1992987.63");
    CHECK(cap.at("share") == "1992987.64");
    // The leftover cents went to as many claimants as there were cents.
    int given = 0;
    std::string cents;
    for (const json& d : doc.at("decisions")) {
        const json* a = find_allocation(d.at("explanation"));
        if (a != nullptr && a->at("claimant") == true && a->at("total") == "200836568.00") {
            given += a->at("extra_cent") == true ? 1 : 0;
            cents = a->at("cents").dump();
        }
    }
    CHECK(std::to_string(given) == cents);
    json eindhoven = allocation_of(doc, "plafond.toewijzing_naar_rato", "eindhoven-orv");
    CHECK(eindhoven.at("claimant") == false);
    CHECK(eindhoven.at("filter") == "c.opslag == a.opslag and aanspraak(c)");
    CHECK(eindhoven.at("failed") == "aanspraak(c)");
}
