// Membership constraints: a value that must name a known record or list element
// (`gebied: text in Gebied.gebied`, `regeling: optional text in toegestane_regelingen`).
//
// A wrong area name used to match nothing and decide € 0 with exit 0 (issue 23). Over the small
// rule set in tests/golden/members: a value in the wrong case is refused with the closest known
// value, in every input format and by both JSON readers; a valid value passes; an area whose
// record comes later in the facts is found; one bad JSON Lines record does not cost the good
// ones; `given` rows in tests are checked too; and `check` refuses a constraint that names no
// column or parameter, or one of another type.
#include "interpreter/runner.hpp"
#include "stdlib/stdlib.hpp"
#include "tests/support/golden.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using regels::testing::run_regels;
using regels::testing::RunResult;

const std::string dir = "tests/golden/members";

RunResult eval(std::vector<std::string> facts, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"eval", dir + "/gebieden.rules", "--as-of", "2026-01-01"};
    for (const std::string& f : facts) {
        args.push_back("--facts");
        args.push_back(f);
    }
    args.insert(args.end(), extra.begin(), extra.end());
    return run_regels(args);
}

regels::interp::LoadedRules& rules() {
    static std::unique_ptr<regels::interp::LoadedRules> loaded = [] {
        regels::dsl::DiagnosticBag bag;
        auto r = regels::interp::load_rules({dir + "/gebieden.rules"},
                                            regels::stdlib::standard_library().signatures, bag);
        REQUIRE(r);
        REQUIRE_FALSE(bag.has_errors());
        return r;
    }();
    return *loaded;
}

// The facts of a JSON document read by one reader (fast: simdjson first), with what it said.
struct Loaded {
    bool ok;
    std::string said;
    std::size_t registraties;
};

Loaded load(const std::string& json, bool fast) {
    regels::interp::LoadedRules& r = rules();
    const regels::interp::Builtins& builtins = regels::stdlib::standard_library();
    regels::dsl::DiagnosticBag bag;
    regels::interp::Facts facts;
    facts.tables.resize(r.program.records.size());
    bool ok = regels::interp::add_table_rows(r.program, builtins, facts,
                                             *regels::interp::parse_iso_date("2026-01-01"), bag);
    regels::interp::FactsDecoder decoder(r.program);
    decoder.set_fast(fast);
    ok = decoder.load_document(json, regels::dsl::no_file, facts, bag) && ok;
    ok = regels::interp::finish_facts(r.program, facts, bag) && ok;
    std::string said;
    for (const auto& d : bag.sorted()) {
        said += d.message + "\n";
    }
    auto reg = r.program.find_record("Registratie");
    return Loaded{ok, said, facts.tables[*reg].rows.size()};
}

}  // namespace

TEST_CASE("members: an area name in the wrong case is refused with the closest known one",
          "[golden][members]") {
    RunResult r = eval({dir + "/hoofdletters.json"});
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("bedoelt u \"utrecht-overvecht\"?") != std::string::npos);
    REGELS_CHECK_GOLDEN(dir + "/hoofdletters.err", r.err);
}

TEST_CASE("members: known values pass and are decided", "[members]") {
    RunResult r = eval({dir + "/goed.json"}, {"--format", "json"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    CHECK(r.out.find("\"R2\"") != std::string::npos);
}

TEST_CASE("members: a record named before its own record comes is found; one never given is not",
          "[golden][members]") {
    RunResult r = eval({dir + "/gebied_later.json"});
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("/Registratie/0/") == std::string::npos);
    CHECK(r.err.find("\"lelystad\" is hier niet toegestaan") != std::string::npos);
    REGELS_CHECK_GOLDEN(dir + "/gebied_later.err", r.err);
}

TEST_CASE("members: an area from another facts file counts, in either order", "[members]") {
    fs::path tmp = fs::temp_directory_path() / "regels_members_test";
    fs::create_directories(tmp);
    std::string gebied = (tmp / "gebied.json").string();
    std::string registratie = (tmp / "registratie.json").string();
    std::ofstream(gebied) << R"({"Gebied": [{"gebied": "lelystad", "gemeente": "Lelystad"}]})";
    std::ofstream(registratie)
        << R"({"Registratie": [{"id": "R1", "gebied": "lelystad", "woningen": 3}]})";
    RunResult before = eval({gebied, registratie});
    RunResult after = eval({registratie, gebied});
    INFO(before.err << after.err);
    CHECK(before.exit_code == 0);
    CHECK(after.exit_code == 0);
    RunResult without = eval({registratie});
    CHECK(without.exit_code == 2);
    CHECK(without.err.find("[E4020]") != std::string::npos);
    fs::remove_all(tmp);
}

TEST_CASE("members: an element of a declared list, on the as-of date", "[golden][members]") {
    RunResult r = eval({dir + "/regeling_onbekend.json"});
    INFO(r.err);
    CHECK(r.exit_code == 2);
    REGELS_CHECK_GOLDEN(dir + "/regeling_onbekend.err", r.err);
    // Before the list's first version there is nothing to check against.
    RunResult early = run_regels(
        {"eval", dir + "/gebieden.rules", "--as-of", "2024-06-01", "--facts", dir + "/goed.json"});
    CHECK(early.exit_code == 2);
    CHECK(early.err.find("[E3005]") != std::string::npos);
    // A what-if list is the list.
    RunResult set =
        eval({dir + "/regeling_onbekend.json"}, {"--set", "toegestane_regelingen={\"XYZ\"}"});
    INFO(set.err);
    CHECK(set.exit_code == 0);
}

TEST_CASE("members: JSON Lines keep the good records beside a bad one", "[golden][members]") {
    RunResult r = eval({dir + "/gemengd.jsonl"},
                       {"--record", "Registratie", "--format", "jsonl", "--keep-going"});
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("3 records gelezen: 2 beslist, 1 geweigerd") != std::string::npos);
    CHECK(r.out.find("\"R1\"") != std::string::npos);
    CHECK(r.out.find("\"R3\"") != std::string::npos);
    CHECK(r.out.find("\"R2\"") == std::string::npos);
    REGELS_CHECK_GOLDEN(dir + "/gemengd.err", r.err);
    // Without --keep-going the run stops at that line.
    RunResult stop = eval({dir + "/gemengd.jsonl"},
                          {"--record", "Registratie", "--format", "jsonl", "--threads", "1"});
    CHECK(stop.exit_code == 2);
    CHECK(stop.err.find("gemengd.jsonl:2:") != std::string::npos);
}

TEST_CASE("members: CSV reports the bad cell and keeps reading", "[golden][members]") {
    RunResult r = eval({dir + "/registraties.csv"}, {"--record", "Registratie"});
    INFO(r.err);
    CHECK(r.exit_code == 2);
    REGELS_CHECK_GOLDEN(dir + "/registraties.err", r.err);
}

TEST_CASE("members: the simdjson and the strict reader say the same", "[members]") {
    for (const char* file :
         {"goed.json", "hoofdletters.json", "gebied_later.json", "regeling_onbekend.json"}) {
        INFO(file);
        std::string json = regels::testing::read_text(dir + "/" + file);
        Loaded fast = load(json, true);
        Loaded strict = load(json, false);
        CHECK(fast.ok == strict.ok);
        CHECK(fast.said == strict.said);
        CHECK(fast.registraties == strict.registraties);
    }
    CHECK(load(regels::testing::read_text(dir + "/goed.json"), true).ok);
}

TEST_CASE("members: `given` rows in tests name known records too", "[members]") {
    fs::path tmp = fs::temp_directory_path() / "regels_members_given";
    fs::remove_all(tmp);
    fs::create_directories(tmp);
    fs::copy_file(dir + "/gebieden.rules", tmp / "gebieden.rules");
    std::ofstream(tmp / "gebieden_test.rules") << R"(module gebieden_test
import gebieden

test "een bekend gebied" {
    given Registratie { id: "R1", gebied: "utrecht-overvecht", woningen: 5 }
    expect gebieden.woningen(Registratie "R1") = 5
}

test "een gebied dat de test zelf geeft, na de registratie" {
    given Registratie { id: "R1", gebied: "g", woningen: 5 }
    given Gebied { gebied: "g", gemeente: "G" }
    expect gebieden.woningen(Registratie "R1") = 5
}

test "een verschreven gebied" {
    given Registratie { id: "R1", gebied: "Utrecht-Overvecht", woningen: 5 }
    expect gebieden.woningen(Registratie "R1") = 5
}
)";
    RunResult r = run_regels({"test", tmp.string(), "--as-of", "2026-01-01"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("2 geslaagd") != std::string::npos);
    CHECK(r.out.find("given Registratie/gebied: \"Utrecht-Overvecht\" is hier niet toegestaan") !=
          std::string::npos);
    CHECK(r.out.find("bedoelt u \"utrecht-overvecht\"?") != std::string::npos);
    fs::remove_all(tmp);
}

TEST_CASE("members: fmt keeps `in`, and check knows the rule set", "[members]") {
    RunResult f = run_regels({"fmt", "--check", dir + "/gebieden.rules"});
    INFO(f.out << f.err);
    CHECK(f.exit_code == 0);
    RunResult c = run_regels({"check", dir + "/gebieden.rules"});
    INFO(c.out << c.err);
    CHECK(c.exit_code == 0);
}

TEST_CASE("members: the schema lists a declared list as an enum", "[members]") {
    RunResult r = run_regels({"schema", dir + "/gebieden.rules", "--record", "Registratie"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find(R"("enum": [)") != std::string::npos);
    CHECK(r.out.find(R"("WBI")") != std::string::npos);
    CHECK(r.out.find("the `gebied` of a `Gebied` record") != std::string::npos);
}
