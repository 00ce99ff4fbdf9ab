// Every ground of a refusal (issue 23), and explanations that never go missing (issue 24).
//
// With --explain, the operands an `and`/`or` no longer needed and the general rule beside an
// exception that decided are evaluated too, as further grounds. That is for the reader only:
// the values, the marks (assumptions and interpretation choices) and --strict must be exactly
// what they are without explanations, and what is explained must not depend on the order the
// decisions are asked for. A decision first evaluated inside an allocation's claims (where
// nothing is recorded) must still come out explained.
#include "interpreter/runner.hpp"
#include "stdlib/stdlib.hpp"
#include "tests/support/golden.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace {

using nlohmann::json;
using regels::testing::run_regels;
using regels::testing::RunResult;
namespace interp = regels::interp;

struct Example {
    const char* name;   // the golden's name
    const char* facts;  // examples/…/facts.json
};
constexpr Example examples[] = {
    {"vlaardingen-westwijk", "examples/vlaardingen-westwijk/facts.json"},
    {"nplv-landelijk", "examples/nplv-landelijk/facts.json"}};

RunResult eval_nplv(const std::string& facts, std::vector<std::string> extra) {
    std::vector<std::string> args = {"eval",    "rules/nplv", "--facts",  facts,
                                     "--as-of", "2026-11-28", "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_regels(args);
}

// Each decision and error by decision and subject: its value (or error code) and its marks.
std::map<std::string, std::string> outcomes(const std::string& output) {
    json j = json::parse(output);
    std::map<std::string, std::string> out;
    for (const json& d : j.at("decisions")) {
        out[d.at("decision").dump() + d.at("subject").dump()] =
            d.at("value").dump() + " " + d.at("assumptions").dump();
    }
    for (const json& e : j.at("errors")) {
        out[e.at("decision").dump() + e.at("subject").dump()] =
            e.at("code").dump() + " " + e.at("assumptions").dump();
    }
    return out;
}

// A rule set with its facts, loaded once, decided with a fresh evaluator for each question.
class Loaded {
public:
    Loaded(const std::vector<std::string>& rules, const std::string& facts, const char* as_of)
        : builtins_(regels::stdlib::standard_library()) {
        regels::dsl::DiagnosticBag bag;
        interp::LoadOptions load;
        load.tests = false;
        load.receipt = false;
        rules_ = interp::load_rules(rules, builtins_.signatures, bag, {}, load);
        REQUIRE(rules_ != nullptr);
        REQUIRE_FALSE(bag.has_errors());
        options_.as_of = *interp::parse_iso_date(as_of);
        options_.explain = true;
        facts_.tables.resize(rules_->program.records.size());
        REQUIRE(interp::add_table_rows(rules_->program, builtins_, facts_, options_.as_of, bag));
        REQUIRE(interp::load_facts_file(*rules_, facts, facts_, {}, bag));
        REQUIRE_FALSE(bag.has_errors());
    }
    const regels::dsl::Program& program() const {
        return rules_->program;
    }
    // The decisions and assertions of the rule set (what `eval` decides by default).
    std::vector<std::uint32_t> decisions() const {
        regels::dsl::DiagnosticBag bag;
        return interp::select_rules(program(), {}, bag);
    }
    // Decides `rules` in this order; for each decision and subject, its explanation as text
    // ("" when it has none).
    std::map<std::string, std::string> explained(const std::vector<std::uint32_t>& rules) {
        interp::Facts facts = facts_;
        interp::Evaluator evaluator(program(), builtins_, facts, options_);
        std::map<std::string, std::string> out;
        for (const interp::DecisionResult& r : interp::decide(evaluator, rules)) {
            std::string text;
            if (r.outcome.node != interp::no_node) {
                interp::explanation_text(text, program(), evaluator.explanation(), r.outcome.node,
                                         0, interp::Lang::nl);
            }
            out[program().rules[r.rule].name + " " + r.subject_json] = text;
        }
        return out;
    }

private:
    const interp::Builtins& builtins_;
    std::unique_ptr<interp::LoadedRules> rules_;
    interp::EvalOptions options_;
    interp::Facts facts_;
};

// Every ordered pair of decisions of `loaded`, each pair asked for in both orders: every
// decision is explained, and explained the same way.
void every_pair_explained(Loaded& loaded) {
    const std::vector<std::uint32_t> all = loaded.decisions();
    REQUIRE(all.size() > 2);
    for (std::size_t a = 0; a < all.size(); ++a) {
        for (std::size_t b = a + 1; b < all.size(); ++b) {
            auto forward = loaded.explained({all[a], all[b]});
            auto backward = loaded.explained({all[b], all[a]});
            INFO(loaded.program().rules[all[a]].name << " and "
                                                     << loaded.program().rules[all[b]].name);
            REQUIRE(forward.size() == backward.size());
            for (const auto& [key, text] : forward) {
                INFO(key);
                CHECK_FALSE(text.empty());
                CHECK(backward.at(key) == text);
            }
        }
    }
}

}  // namespace

TEST_CASE("further grounds: without --explain every output is as it was before them", "[grounds]") {
    // The goldens were made by the engine before further grounds existed.
    for (const Example& e : examples) {
        for (bool strict : {false, true}) {
            INFO(e.name << (strict ? " --strict" : ""));
            RunResult r = eval_nplv(e.facts, strict ? std::vector<std::string>{"--strict"}
                                                    : std::vector<std::string>{});
            REQUIRE(r.exit_code <= 1);
            REGELS_CHECK_GOLDEN(std::string("tests/golden/explain_off/") + e.name +
                                    (strict ? ".strict.json" : ".json"),
                                r.out);
        }
    }
}

TEST_CASE("further grounds: --explain changes no value, no mark and nothing --strict holds back",
          "[grounds]") {
    for (const Example& e : examples) {
        for (bool strict : {false, true}) {
            INFO(e.name << (strict ? " --strict" : ""));
            std::vector<std::string> extra;
            if (strict) {
                extra.emplace_back("--strict");
            }
            RunResult plain = eval_nplv(e.facts, extra);
            extra.emplace_back("--explain");
            RunResult explained = eval_nplv(e.facts, extra);
            REQUIRE(plain.exit_code == explained.exit_code);
            auto without = outcomes(plain.out);
            auto with = outcomes(explained.out);
            REQUIRE(without.size() == with.size());
            for (const auto& [key, outcome] : without) {
                INFO(key);
                CHECK(with.at(key) == outcome);
            }
        }
    }
}

TEST_CASE("further grounds: R4 and R8 show every ground of their refusal", "[grounds]") {
    RunResult r = eval_nplv("examples/vlaardingen-westwijk/facts.json",
                            {"--explain", "--decision", "realisatiestimulans.telt_mee"});
    REQUIRE(r.exit_code == 0);
    json j = json::parse(r.out);
    std::map<std::string, json> by_id;  // every node written in full, by id
    auto index = [&](auto& self, const json& n) -> void {
        if (n.contains("id")) {
            by_id[n.at("id").dump()] = n;
            for (const json& c : n.at("children")) {
                self(self, c);
            }
        }
    };
    std::map<std::string, json> telt_mee;
    for (const json& d : j.at("decisions")) {
        index(index, d.at("explanation"));
        telt_mee[d.at("subject").at("Registratie").get<std::string>()] = d;
    }
    auto ground_children = [&](const json& node) {
        std::vector<json> out;
        for (const json& id : node.value("grounds", json::array())) {
            out.push_back(by_id.at(id.dump()));
        }
        return out;
    };
    auto has_step = [](const json& node, const std::string& kind, const std::string& text,
                       int ground) {
        for (const json& s : node.at("steps")) {
            if (s.at("kind") == kind && s.value("ground", 0) == ground &&
                s.at("text").get<std::string>().find(text) != std::string::npos) {
                return true;
            }
        }
        return false;
    };

    SECTION("R8: refused for the period; affordability tested too, and not to be assessed") {
        const json& d = telt_mee.at("R8");
        CHECK(d.at("value") == false);
        const json& node = d.at("explanation");
        CHECK(has_step(node, "comparison", "2024 ligt niet in", 0));
        CHECK(has_step(node, "ground",
                       "is niet te beoordelen: de huurtoeslaggrens: er is geen "
                       "versie die geldt op 1 januari 2024",
                       0));
        auto grounds = ground_children(node);
        REQUIRE(grounds.size() == 1);
        CHECK(grounds[0].at("rule") == "betaalbaarheid.betaalbaar");
        CHECK(grounds[0].at("value").is_null());  // it failed, the decision did not
        // The why names what decided only.
        CHECK(d.at("why").get<std::string>().find("betaalbaar") == std::string::npos);
    }
    SECTION("R4: refused by the exception; the period and the rent tested too") {
        const json& d = telt_mee.at("R4");
        CHECK(d.at("value") == false);
        const json& node = d.at("explanation");
        CHECK(has_step(node, "alternative",
                       "zonder de uitzondering ‘eerder gesubsidieerd’ had de hoofdregel waar "
                       "gegeven",
                       0));
        CHECK(has_step(node, "comparison", "2025 ligt in", 1));
        auto grounds = ground_children(node);
        REQUIRE(grounds.size() == 2);
        CHECK(grounds[0].at("rule") == "realisatiestimulans.registratieperiode");
        CHECK(grounds[1].at("rule") == "betaalbaarheid.betaalbaar");
        CHECK(grounds[1].at("value") == true);
        // Its full derivation: the rent against the huurtoeslaggrens, wherever below it.
        auto below = [&](auto& self, const json& n) -> bool {
            const json& full = n.contains("ref") ? by_id.at(n.at("ref").dump()) : n;
            if (has_step(full, "comparison", "€ 880,00 is lager dan", 0)) {
                return true;
            }
            for (const json& c : full.at("children")) {
                if (self(self, c)) {
                    return true;
                }
            }
            return false;
        };
        CHECK(below(below, grounds[1]));
        // The refusal rests on the exception, not on the reading of affordability.
        for (const json& m : d.at("assumptions")) {
            CHECK(m.at("name") != "betaalbaarheid.betaalbaar");
        }
    }
}

TEST_CASE("further grounds: a ground's assumption is not the decision's", "[grounds]") {
    // grond.grens carries an assumption; for r1 it is only tested as a further ground.
    const std::vector<std::string> base = {
        "eval",     "tests/golden/explain/ground_not_decisive/grond.rules",
        "--facts",  "tests/golden/explain/ground_not_decisive/facts.json",
        "--as-of",  "2026-01-01",
        "--format", "json"};
    auto run = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = base;
        args.insert(args.end(), extra.begin(), extra.end());
        return run_regels(args);
    };
    auto rests_on_grens = [](const json& d) {
        for (const json& m : d.at("assumptions")) {
            if (m.at("name").get<std::string>().starts_with("grond.grens")) {
                return true;
            }
        }
        return false;
    };
    RunResult explained = run({"--explain"});
    REQUIRE(explained.exit_code == 0);
    json j = json::parse(explained.out);
    std::size_t grounds = 0;
    for (const json& d : j.at("decisions")) {
        const std::string subject = d.at("subject").at("R").get<std::string>();
        INFO(d.at("decision") << " " << subject);
        CHECK(rests_on_grens(d) == (subject == "r2"));
        grounds += d.at("explanation").value("grounds", json::array()).size();
    }
    CHECK(grounds >= 3);  // r1: the rest of the `and`, of the `or`, and the general rule

    // --strict holds back r2's decisions only, with or without explanations.
    for (bool explain : {false, true}) {
        RunResult strict = run(explain ? std::vector<std::string>{"--strict", "--explain"}
                                       : std::vector<std::string>{"--strict"});
        REQUIRE(strict.exit_code == 1);
        json s = json::parse(strict.out);
        for (const json& d : s.at("decisions")) {
            CHECK(d.at("subject").at("R") == "r1");
        }
        REQUIRE(s.at("errors").size() == 4);
        for (const json& e : s.at("errors")) {
            CHECK(e.at("subject").at("R") == "r2");
            CHECK(e.at("code") == "E3014");
        }
    }
}

TEST_CASE("further grounds: a failure in a ground is not kept for a later decision", "[grounds]") {
    // diep.eerst reaches diep.d3 too deep through its further ground (--max-depth 5);
    // diep.later needs it one rule less deep and must get its value, as without --explain.
    const std::string dir = "tests/golden/explain/ground_too_deep/";
    for (const char* rules : {"ground_too_deep/diep.rules", "ground_not_decisive/grond.rules"}) {
        INFO(rules);
        std::vector<std::string> args = {
            "eval",
            std::string("tests/golden/explain/") + rules,
            "--facts",
            std::string("tests/golden/explain/") +
                std::string(rules).substr(0, std::string(rules).find('/')) + "/facts.json",
            "--as-of",
            "2026-01-01",
            "--max-depth",
            "5",
            "--format",
            "json"};
        RunResult plain = run_regels(args);
        args.emplace_back("--explain");
        RunResult explained = run_regels(args);
        REQUIRE(plain.exit_code == 0);
        REQUIRE(explained.exit_code == 0);
        CHECK(outcomes(explained.out) == outcomes(plain.out));
    }
    RunResult r = run_regels({"eval", dir + "diep.rules", "--facts", dir + "facts.json", "--as-of",
                              "2026-01-01", "--max-depth", "5", "--explain"});
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("is niet te beoordelen: de berekening is dieper genest dan 5 regels") !=
          std::string::npos);
}

TEST_CASE("issue 24: with an allocation, every decision is explained in either order",
          "[grounds][issue24]") {
    SECTION("wie-eerst-komt: the claims call another decision") {
        Loaded loaded({"examples/wie-eerst-komt/ontmoetingsruimte.rules"},
                      "examples/wie-eerst-komt/facts.json", "2025-07-01");
        every_pair_explained(loaded);
    }
    SECTION("rules/nplv with the national claims: the ceiling and the payments") {
        Loaded loaded({"rules/nplv"}, "examples/nplv-landelijk/facts.json", "2026-11-28");
        every_pair_explained(loaded);
    }
    SECTION("the command line: every decision in the JSON has an explanation") {
        for (const auto& order : {std::vector<std::string>{"subsidie", "gevraagd"},
                                  std::vector<std::string>{"gevraagd", "subsidie"}}) {
            RunResult r = run_regels({"eval", "examples/wie-eerst-komt", "--facts",
                                      "examples/wie-eerst-komt/facts.json", "--as-of", "2025-07-01",
                                      "--decision", order[0], "--decision", order[1], "--explain",
                                      "--format", "json"});
            REQUIRE(r.exit_code == 0);
            json j = json::parse(r.out);
            REQUIRE(j.at("decisions").size() == 12);
            for (const json& d : j.at("decisions")) {
                INFO(order[0] << " first: " << d.at("decision") << " " << d.at("subject"));
                CHECK(d.contains("explanation"));
            }
        }
    }
}
