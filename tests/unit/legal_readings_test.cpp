// The legal readings of the NPLV rules (issue 23), each pinned on the real rules and the
// example facts through the command line, as a reviewer would run them: payments within the
// area's share of the national ceiling and within the period, affordability from the
// dwelling's own facts (a contradicting label is reported, not decisive), the published
// table amounts as the norm whatever the btw rate, `--strict` holding back exactly what rests
// on an assumption, and the mid-term review not judged before 2027 has ended.
#include "tests/support/golden.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace {

using nlohmann::json;
using regels::testing::run_regels;
using regels::testing::RunResult;

const std::string westwijk_facts = "examples/vlaardingen-westwijk/facts.json";

RunResult eval_json(std::vector<std::string> facts, std::vector<std::string> extra,
                    const std::string& as_of = "2026-11-28") {
    std::vector<std::string> args = {"eval", "rules/nplv"};
    args.insert(args.end(), facts.begin(), facts.end());
    args.insert(args.end(), {"--as-of", as_of, "--format", "json"});
    args.insert(args.end(), extra.begin(), extra.end());
    return run_regels(args);
}

// The decision (or error) entry of `name` for the record or group whose subject has `key`.
const json* find(const json& list, const std::string& name, const std::string& key) {
    for (const json& d : list) {
        if (d.value("decision", "") != name) {
            continue;
        }
        for (const auto& [field, value] : d["subject"].items()) {
            if (value.is_string() && value.get<std::string>() == key) {
                return &d;
            }
        }
    }
    return nullptr;
}

bool rests_on(const json& entry, const std::string& kind, const std::string& name) {
    for (const json& m : entry.value("assumptions", json::array())) {
        if (m.value("kind", "") == kind && m.value("name", "") == name) {
            return true;
        }
    }
    return false;
}

}  // namespace

TEST_CASE("legal: --strict holds back the estimate on the grondslag, not the published rows",
          "[legal]") {
    RunResult r = eval_json({"--facts", westwijk_facts}, {"--strict"});
    json out = json::parse(r.out);
    for (const char* name :
         {"realisatiestimulans.inschatting_laag", "realisatiestimulans.inschatting_hoog",
          "rijksbijdrage.totaal_laag", "rijksbijdrage.totaal_hoog"}) {
        INFO(name);
        const json* e = find(out["errors"], name, "vlaardingen-westwijk");
        REQUIRE(e != nullptr);
        CHECK((*e)["code"] == "E3014");
        CHECK(rests_on(*e, "assumption", "realisatiestimulans.grondslag"));
    }
    struct Row {
        const char* decision;
        const char* key;
        const char* value;
    };
    for (const Row& row :
         {Row{"orv.maximale_bijdrage_maatregel", "zuidbuurt-openbare-ruimte", "6091274.00"},
          Row{"capaciteit.maximale_bijdrage_activiteit", "projectleiding-uitvoering", "1300000.00"},
          Row{"orv.maximale_bijdrage", "vlaardingen-westwijk", "7323111.00"},
          Row{"capaciteit.maximale_bijdrage", "vlaardingen-westwijk", "2400000.00"}}) {
        INFO(row.decision << " " << row.key);
        const json* d = find(out["decisions"], row.decision, row.key);
        REQUIRE(d != nullptr);
        CHECK((*d)["value"] == row.value);
        CHECK_FALSE(rests_on(*d, "assumption", "btw.tarief"));
    }
}

TEST_CASE("legal: another btw rate never raises a row above the published amount", "[legal]") {
    RunResult r = eval_json({"--facts", westwijk_facts}, {"--set", "btw.tarief=22%"});
    CHECK(r.exit_code == 1);  // the table check fails, and says so
    json out = json::parse(r.out);
    const json* row =
        find(out["decisions"], "orv.maximale_bijdrage_maatregel", "zuidbuurt-openbare-ruimte");
    REQUIRE(row != nullptr);
    CHECK((*row)["value"] == "6091274.00");
    const json* total = find(out["decisions"], "orv.maximale_bijdrage", "vlaardingen-westwijk");
    REQUIRE(total != nullptr);
    CHECK((*total)["value"] == "7323111.00");
    const json* check = find(out["errors"], "orv.tabelregel_klopt", "zuidbuurt-openbare-ruimte");
    REQUIRE(check != nullptr);
    CHECK((*check)["code"] == "E3007");
    // The rows without btw stay true under any rate.
    CHECK(find(out["errors"], "orv.tabelregel_klopt", "jongeren-talent-ontwikkelcentrum") ==
          nullptr);
}

TEST_CASE("legal: the mid-term review is not judged before 2027 has ended", "[legal]") {
    struct Case {
        const char* as_of;
        const char* koers;
    };
    for (const Case& c :
         {Case{"2026-11-28", "nog_niet_te_beoordelen"},
          Case{"2027-12-31", "nog_niet_te_beoordelen"}, Case{"2028-01-01", "niet_op_koers"}}) {
        INFO(c.as_of);
        RunResult r =
            eval_json({"--facts", westwijk_facts}, {"--decision", "midterm.koers"}, c.as_of);
        REQUIRE(r.exit_code == 0);
        json out = json::parse(r.out);
        const json* d = find(out["decisions"], "midterm.koers", "vlaardingen-westwijk");
        REQUIRE(d != nullptr);
        CHECK((*d)["value"] == c.koers);
    }
}

TEST_CASE("legal: with every area's claims, Westwijk's capacity costs are not paid", "[legal]") {
    RunResult r =
        eval_json({"--facts", "examples/nplv-landelijk/facts.json", "--facts",
                   "examples/vlaardingen-westwijk/declaraties.csv", "--record", "Declaratie"},
                  {"--decision", "uitbetaling.uitkering", "--decision",
                   "uitbetaling.erkende_kosten", "--decision", "plafond.toewijzing"});
    REQUIRE(r.exit_code == 0);
    json out = json::parse(r.out);
    const json* share =
        find(out["decisions"], "plafond.toewijzing", "vlaardingen-westwijk-capaciteit");
    REQUIRE(share != nullptr);
    CHECK((*share)["value"] == "0.00");
    for (const char* id : {"D5", "D6"}) {
        INFO(id);
        const json* paid = find(out["decisions"], "uitbetaling.uitkering", id);
        REQUIRE(paid != nullptr);
        CHECK((*paid)["value"] == "0.00");
        const json* recognised = find(out["decisions"], "uitbetaling.erkende_kosten", id);
        REQUIRE(recognised != nullptr);
        CHECK((*recognised)["value"] == "0.00");
        // The payment rests on the premise that the facts hold every area's claims.
        CHECK(rests_on(*recognised, "assumption", "plafond.toewijzing_op_volgorde"));
    }
    // ORV: Westwijk's share (€ 7.200.000) covers what the rows allow (€ 6.953.261).
    const json* d1 = find(out["decisions"], "uitbetaling.erkende_kosten", "D1");
    REQUIRE(d1 != nullptr);
    CHECK((*d1)["value"] == "2500000.00");
}

TEST_CASE("legal: the dwelling's rent decides, a contradicting label is reported", "[legal]") {
    RunResult r =
        eval_json({"--facts", westwijk_facts}, {"--decision", "realisatiestimulans.uitkering",
                                                "--decision", "realisatiestimulans.segment_klopt"});
    json out = json::parse(r.out);
    // R5 is labelled sociale_huur with a rent equal to the huurtoeslaggrens 2026 (€ 932,93):
    // middenhuur under onderdeel b, so affordable and paid; the label is reported as wrong.
    const json* paid = find(out["decisions"], "realisatiestimulans.uitkering", "R5");
    REQUIRE(paid != nullptr);
    CHECK((*paid)["value"] == "70000.00");
    const json* label = find(out["decisions"], "realisatiestimulans.segment_klopt", "R5");
    REQUIRE(label != nullptr);
    CHECK((*label)["value"] == false);
    const json* r6 = find(out["decisions"], "realisatiestimulans.segment_klopt", "R6");
    REQUIRE(r6 != nullptr);
    CHECK((*r6)["value"] == true);
}

TEST_CASE("legal: the earlier-subsidies exclusion is an assumption, held back by --strict",
          "[legal]") {
    RunResult r = eval_json({"--facts", westwijk_facts},
                            {"--strict", "--decision", "realisatiestimulans.uitkering"});
    json out = json::parse(r.out);
    // R4 (WBI) is refused on the exclusion, which the agreement does not contain.
    const json* r4 = find(out["errors"], "realisatiestimulans.uitkering", "R4");
    REQUIRE(r4 != nullptr);
    CHECK((*r4)["code"] == "E3014");
    CHECK(rests_on(*r4, "assumption",
                   "realisatiestimulans.telt_mee, uitzondering eerder_gesubsidieerd"));
    // R1 has no earlier subsidy: its payment does not rest on the exclusion.
    const json* r1 = find(out["decisions"], "realisatiestimulans.uitkering", "R1");
    REQUIRE(r1 != nullptr);
    CHECK((*r1)["value"] == "280000.00");
    CHECK((*r1)["assumptions"].size() > 0);  // its interpretations are listed
    for (const json& m : (*r1)["assumptions"]) {
        CHECK(m["kind"] == "interpretation");
    }
}

TEST_CASE("legal: an area name that no area or list knows is an error in the facts",
          "[legal][golden]") {
    // "Utrecht-Overvecht" in capitals used to miss every table row and give € 0,00 with exit 0.
    RunResult r = run_regels({"eval", "rules/nplv", "--facts",
                              "tests/golden/legal/hoofdletters.json", "--as-of", "2026-11-28"});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    REGELS_CHECK_GOLDEN("tests/golden/legal/hoofdletters.err", r.err);
}
