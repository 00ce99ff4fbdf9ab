// Resource limits and arithmetic safety, from the outside.
//
// Every limit the engine has is hit here on a small generated input, through the `regels`
// program (run_regels), and each test checks three things: the exit code, the diagnostic
// code, and that the message says where (file:line[:column]) and which limit. The limits
// turn hostile or broken input into a diagnostic; none of these inputs may crash, hang or be
// silently accepted. Decision errors (E3xxx) are part of a run's output, so for those the
// code and location are checked in the output and the summary on standard error.
//
// The arithmetic tests pin what happens at the edges of the number types: whole numbers
// overflow to E3001 (never wrap), division by zero is E3002, money beyond int64 cents
// stays exact (the GMP path), and rounding negative amounts is exact in every mode.
#include "tests/support/golden.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
using regels::testing::run_regels;
using regels::testing::RunResult;

// A fresh folder under the system's temporary directory, removed with everything in it.
class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter{0};
        path_ = (fs::temp_directory_path() /
                 ("regels-limits-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
                    .generic_string();
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    // Writes `content` to `name` in this folder and returns the file's path.
    std::string write(const std::string& name, const std::string& content) const {
        std::string file = path_ + "/" + name;
        std::ofstream out(file, std::ios::binary);
        out << content;
        return file;
    }

private:
    std::string path_;
};

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string repeat(const std::string& s, std::size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t k = 0; k < n; ++k) {
        out += s;
    }
    return out;
}

std::string describe(const RunResult& r) {
    return "exit " + std::to_string(r.exit_code) + "\n--- stderr ---\n" + r.err.substr(0, 2000) +
           "\n--- stdout ---\n" + r.out.substr(0, 2000);
}

// One JSON Lines output line per decision name (module.name).
std::map<std::string, std::string> lines_by_decision(const std::string& jsonl) {
    std::map<std::string, std::string> out;
    std::istringstream in(jsonl);
    std::string line;
    while (std::getline(in, line)) {
        const std::string key = "\"decision\":\"";
        auto at = line.find(key);
        if (at == std::string::npos) {
            continue;
        }
        at += key.size();
        out[line.substr(at, line.find('"', at) - at)] = line;
    }
    return out;
}

// A Registratie as rules/nplv/nplv.rules declares it, as one JSON object.
std::string registratie(const std::string& id, const std::string& project = "P3") {
    return "{\"id\": \"" + id + "\", \"gebied\": \"vlaardingen-westwijk\", \"project\": \"" +
           project +
           "\", \"jaar\": 2025, \"segment\": \"sociale_huur\", \"huurprijs\": 850.00, "
           "\"woningen\": 40, \"eerdere_subsidies\": []}";
}

}  // namespace

// ---- rule text ------------------------------------------------------------------------------

TEST_CASE("limits: 200,000 nested parentheses are E1006, not a stack overflow", "[limits]") {
    TempDir dir;
    std::string file =
        dir.write("deep.rules", "module diep\ndecision d: integer = " + std::string(200'000, '(') +
                                    "1" + std::string(200'000, ')') + "\n");
    RunResult r = run_regels({"check", "--no-lint", file});
    INFO(describe(r));
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "error[E1006]"));
    CHECK(contains(r.err, "nesting is deeper than 128 levels"));
    CHECK(contains(r.err, file + ":2:"));
}

TEST_CASE("limits: 129 nested parentheses are E1006", "[limits]") {
    TempDir dir;
    std::string file =
        dir.write("deep129.rules", "module diep\ndecision d: integer = " + std::string(129, '(') +
                                       "1" + std::string(129, ')') + "\n");
    RunResult r = run_regels({"check", "--no-lint", file});
    INFO(describe(r));
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "error[E1006]"));
    CHECK(contains(r.err, "128"));
    CHECK(contains(r.err, file + ":2:"));
    // A dozen levels is ordinary and fine.
    std::string ok =
        dir.write("ok.rules", "module diep\ndecision d: integer = " + std::string(12, '(') + "1" +
                                  std::string(12, ')') + "\n");
    RunResult fine = run_regels({"check", "--no-lint", ok});
    INFO(describe(fine));
    CHECK(fine.exit_code == 0);
}

TEST_CASE("limits: a chain of 100,000 operators is E1006, not a stack overflow", "[limits]") {
    // No parentheses, so only a limit on the length of an operator chain stops this from
    // recursing 100,000 levels deep in the checker (found by fuzzing, see tests/fuzz/README.md).
    TempDir dir;
    std::string file = dir.write(
        "chain.rules", "module keten\ndecision d: integer = 1" + repeat(" + 1", 100'000) + "\n");
    RunResult r = run_regels({"check", "--no-lint", file});
    INFO(describe(r).substr(0, 600));
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "error[E1006]"));
    CHECK(contains(r.err, file + ":2:"));
}

TEST_CASE("limits: a 17 MiB rule file is E1007", "[limits]") {
    TempDir dir;
    // Comment lines, so only the size is wrong.
    std::string line = "# " + std::string(1022, 'x') + "\n";  // 1 KiB
    std::string file = dir.write("huge.rules", "module groot\n" + repeat(line, 17U * 1024U));
    RunResult r = run_regels({"check", "--no-lint", file});
    INFO(describe(r));
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "error[E1007]"));
    CHECK(contains(r.err, "the limit is 16777216 bytes"));
    CHECK(contains(r.err, file + ":1:1"));
}

TEST_CASE("limits: a 129-byte identifier is E1008, 128 bytes is allowed", "[limits]") {
    TempDir dir;
    std::string file = dir.write(
        "long.rules", "module lang\ndecision " + std::string(129, 'x') + ": integer = 1\n");
    RunResult r = run_regels({"check", "--no-lint", file});
    INFO(describe(r));
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "error[E1008]"));
    CHECK(contains(r.err, "129 bytes long; the limit is 128"));
    CHECK(contains(r.err, file + ":2:10"));

    std::string ok =
        dir.write("ok.rules", "module lang\ndecision " + std::string(128, 'x') + ": integer = 1\n");
    RunResult fine = run_regels({"check", "--no-lint", ok});
    INFO(describe(fine));
    CHECK(fine.exit_code == 0);
}

// ---- facts ----------------------------------------------------------------------------------

TEST_CASE("limits: facts nested deeper than 32 levels are E4001", "[limits]") {
    TempDir dir;
    std::string file = dir.write(
        "deep.json", "{\"Registratie\": " + std::string(40, '[') + std::string(40, ']') + "}\n");
    RunResult r = run_regels({"eval", "rules/nplv", "--facts", file});
    INFO(describe(r));
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "error[E4001]"));
    CHECK(contains(r.err, "nesting deeper than 32 levels"));
    // Depth 33 is reached at the 33rd bracket: byte 16 + 32 = column 48.
    CHECK(contains(r.err, file + ":1:48"));
    CHECK(r.out.empty());

    // Deep arrays inside a record's field hit the same limit.
    std::string inner = dir.write(
        "inner.json", "{\"Registratie\": [{\"id\": \"a\", \"eerdere_subsidies\": " +
                          std::string(100'000, '[') + std::string(100'000, ']') + "}]}\n");
    RunResult r2 = run_regels({"eval", "rules/nplv", "--facts", inner});
    INFO(describe(r2));
    CHECK(r2.exit_code == 2);
    CHECK((contains(r2.err, "error[E4001]") || contains(r2.err, "error[E4004]")));
    CHECK(contains(r2.err, inner + ":1:"));
}

TEST_CASE("limits: a JSON Lines record over --max-record-bytes is E4011", "[limits]") {
    TempDir dir;
    std::string file = dir.write("big.jsonl", registratie("R1") + "\n" + registratie("R2") + "\n");
    std::string out = dir.write("out.jsonl", "");
    fs::remove(out);
    RunResult r = run_regels({"eval", "rules/nplv", "--facts", file, "--record", "Registratie",
                              "--format", "jsonl", "--decision", "realisatiestimulans.uitkering",
                              "--max-record-bytes", "100", "--output", out});
    INFO(describe(r));
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, file + ":1:1: error[E4011]"));
    CHECK(contains(r.err, "de grens is 100 (--max-record-bytes)"));
    CHECK_FALSE(fs::exists(out));  // a run that stops writes nothing

    // The same lines are fine with the default limit.
    RunResult fine =
        run_regels({"eval", "rules/nplv", "--facts", file, "--record", "Registratie", "--format",
                    "jsonl", "--decision", "realisatiestimulans.uitkering"});
    INFO(describe(fine));
    CHECK(fine.exit_code == 0);
    CHECK(std::count(fine.out.begin(), fine.out.end(), '\n') == 2);
}

TEST_CASE("limits: more records than --max-records is E4012", "[limits]") {
    TempDir dir;
    std::string records;
    for (int k = 0; k < 4; ++k) {
        records += (k > 0 ? ",\n  " : "\n  ") + registratie("R" + std::to_string(k));
    }
    std::string file = dir.write("four.json", "{\"Registratie\": [" + records + "\n]}\n");
    RunResult r = run_regels({"eval", "rules/nplv", "--facts", file, "--max-records", "3"});
    INFO(describe(r));
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "error[E4012]"));
    CHECK(contains(r.err, "meer dan 3 records `Registratie`"));
    CHECK(contains(r.err, "--max-records"));
    CHECK(contains(r.err, file + ":5:"));  // the fourth record, on line 5
    CHECK(r.out.empty());

    RunResult fine =
        run_regels({"eval", "rules/nplv", "--facts", file, "--max-records", "4", "--decision",
                    "realisatiestimulans.uitkering", "--format", "jsonl"});
    INFO(describe(fine));
    CHECK(fine.exit_code == 0);
}

// ---- evaluation -----------------------------------------------------------------------------

namespace {

constexpr const char* chain_rules =
    "module keten\n"
    "\n"
    "definition a: integer = b + 1\n"
    "definition b: integer = c + 1\n"
    "definition c: integer = d + 1\n"
    "definition d: integer = 1\n"
    "\n"
    "decision top: integer = a + a + a + a\n";

}  // namespace

TEST_CASE("limits: rule evaluation nested deeper than --max-depth is E3010", "[limits]") {
    TempDir dir;
    std::string rules = dir.write("keten.rules", chain_rules);
    std::string facts = dir.write("leeg.json", "{}\n");
    RunResult r = run_regels({"eval", rules, "--facts", facts, "--max-depth", "2"});
    INFO(describe(r));
    CHECK(r.exit_code == 1);
    CHECK(contains(r.out, "keten.top: error[E3010]"));
    CHECK(contains(r.out, "dieper genest dan 2 regels (--max-depth)"));
    CHECK(contains(r.out, "(" + rules + ":3)"));  // where b is called from a
    CHECK(contains(r.err, "1 van de 1 beslissingen zijn mislukt"));

    RunResult fine = run_regels({"eval", rules, "--facts", facts, "--max-depth", "5"});
    INFO(describe(fine));
    CHECK(fine.exit_code == 0);
    CHECK(contains(fine.out, "keten.top = 16"));
}

TEST_CASE("limits: evaluation beyond --max-steps is E3011", "[limits]") {
    TempDir dir;
    std::string rules = dir.write("keten.rules", chain_rules);
    std::string facts = dir.write("leeg.json", "{}\n");
    RunResult r = run_regels({"eval", rules, "--facts", facts, "--max-steps", "10"});
    INFO(describe(r));
    CHECK(r.exit_code == 1);
    CHECK(contains(r.out, "keten.top: error[E3011]"));
    CHECK(contains(r.out, "meer dan 10 stappen (--max-steps)"));
    CHECK(contains(r.out, "(" + rules + ":"));
    CHECK(contains(r.err, "1 van de 1 beslissingen zijn mislukt"));

    RunResult json =
        run_regels({"eval", rules, "--facts", facts, "--max-steps", "10", "--format", "jsonl"});
    INFO(describe(json));
    CHECK(json.exit_code == 1);
    CHECK(contains(json.out, "\"code\":\"E3011\""));
    CHECK(contains(json.out, "\"location\":\"" + rules + ":"));

    RunResult fine = run_regels({"eval", rules, "--facts", facts, "--max-steps", "1000"});
    INFO(describe(fine));
    CHECK(fine.exit_code == 0);
}

TEST_CASE("limits: a run beyond --max-time is E3013 and stops", "[limits][golden]") {
    // traag.rules would run for days: 2^40 rule calls per decision.
    const std::string rules = "tests/golden/cli/traag.rules";
    RunResult r = run_regels({"eval", rules, "--facts", "tests/golden/cli/traag.json", "--max-time",
                              "200", "--as-of", "2026-11-28"});
    INFO(describe(r));
    CHECK(r.exit_code == 1);
    // The budget is for the whole run, so the decisions after the slow one fail too, each
    // at its own rule.
    REGELS_CHECK_GOLDEN("tests/golden/cli/eval_max_time.out", r.out);
    CHECK(contains(r.err, "4 van de 4 beslissingen zijn mislukt"));

    // JSON Lines: the budget is per record, so every record gets its own and is reported.
    RunResult s = run_regels({"eval", rules, "--facts", "tests/golden/cli/traag.jsonl", "--format",
                              "jsonl", "--decision", "per_rij", "--max-time", "100"});
    INFO(describe(s));
    CHECK(s.exit_code == 1);
    CHECK(std::count(s.out.begin(), s.out.end(), '\n') == 2);
    CHECK(contains(s.out, "{\"Rij\":\"a\"}"));
    CHECK(contains(s.out, "{\"Rij\":\"b\"}"));
    std::size_t e3013 = 0;
    for (std::size_t at = s.out.find("\"E3013\""); at != std::string::npos;
         at = s.out.find("\"E3013\"", at + 1)) {
        ++e3013;
    }
    CHECK(e3013 == 2);

    // The time can run out while groups are formed (before any decision is evaluated, or
    // while streaming): every group decision of that kind fails, at the key's rule.
    for (const char* facts : {"tests/golden/cli/traag.json", "tests/golden/cli/traag.jsonl"}) {
        INFO(facts);
        RunResult g = run_regels({"eval", rules, "--facts", facts, "--format", "jsonl",
                                  "--decision", "per_gebied", "--max-time", "100"});
        INFO(describe(g));
        CHECK(g.exit_code == 1);
        CHECK(contains(g.out, "\"code\":\"E3013\""));
        CHECK(contains(g.out,
                       "de groepen per traag_gebied zijn niet te vormen: ‘traag_gebied’ van "
                       "Rij a is mislukt: de berekening duurde langer dan 100 ms (--max-time)"));
        CHECK(contains(g.out, "\"location\":\"" + rules + ":98\""));
    }

    // A run that fits its budget is not affected.
    RunResult fine = run_regels({"eval", rules, "--facts", "tests/golden/cli/traag.json",
                                 "--decision", "snel", "--max-time", "60000"});
    INFO(describe(fine));
    CHECK(fine.exit_code == 0);
    CHECK(contains(fine.out, "traag.snel [Rij a] = 7"));
}

TEST_CASE("limits: a budget that runs out inside an allocation leaves later explanations",
          "[limits]") {
    // `deel` shares among 30 claims and runs out of --max-steps while computing them, with
    // recording switched off for the claims. The decisions after it must still carry their
    // explanations: every decision starts with recording as asked.
    TempDir dir;
    std::string rules = dir.write("na.rules",
                                  "module na\n\nrecord C key id {\n    id: text\n    bedrag: "
                                  "money\n}\n\ndecision deel(c: C): money = allocate € 10,00 "
                                  "among x in C claiming x.bedrag pro rata to c\n\ndecision "
                                  "daarna(c: C): money = c.bedrag\n");
    std::string records;
    for (int k = 0; k < 30; ++k) {
        records += (k > 0 ? ", " : "") + std::string("{\"id\": \"c") + std::to_string(k) +
                   "\", \"bedrag\": " + std::to_string(k + 1) + ".00}";
    }
    std::string facts = dir.write("c.json", "{\"C\": [" + records + "]}\n");
    RunResult r = run_regels(
        {"eval", rules, "--facts", facts, "--max-steps", "20", "--explain", "--format", "jsonl"});
    INFO(describe(r));
    CHECK(r.exit_code == 1);
    std::istringstream lines(r.out);
    std::size_t failed = 0;
    std::size_t explained = 0;
    for (std::string line; std::getline(lines, line);) {
        if (contains(line, "\"error\":{\"code\":\"E3011\"") &&
            contains(line, "\"decision\":\"na.deel\"")) {
            ++failed;
        }
        if (contains(line, "\"decision\":\"na.daarna\"") && contains(line, "\"explanation\":[")) {
            ++explained;
        }
    }
    CHECK(failed == 30);
    CHECK(explained == 30);
}

TEST_CASE("limits: each rule-text limit has a flag that moves it", "[limits]") {
    TempDir dir;
    struct Case {
        const char* flag;
        const char* low;   // the limit hit
        const char* high;  // the same text passes
        std::string text;
        const char* code;
        const char* message;
    };
    const std::vector<Case> cases = {
        // The body is one level and each pair of parentheses one more: six.
        {"--max-nesting", "5", "6", "module m\ndecision d: integer = (((((1)))))\n", "E1006",
         "nesting is deeper than 5 levels (--max-nesting)"},
        {"--max-operators", "3", "4", "module m\ndecision d: integer = 1 + 1 + 1 + 1 + 1\n",
         "E1006", "more than 3 operators in one expression (--max-operators)"},
        {"--max-identifier", "7", "8", "module m\ndecision lengte_8: integer = 1\n", "E1008",
         "name is 8 bytes long; the limit is 7 (--max-identifier)"},
        {"--max-file-bytes", "41", "42", "module m\ndecision d: integer = 1 + 2\n#...\n", "E1007",
         "file is 42 bytes; the limit is 41 bytes (--max-file-bytes)"},
    };
    for (const Case& c : cases) {
        INFO(c.flag);
        std::string file = dir.write("m.rules", c.text);
        std::string facts = dir.write("leeg.json", "{}\n");
        for (const char* command : {"check", "eval", "fmt", "test"}) {
            INFO(command);
            std::vector<std::string> args = {command, c.flag, c.low, file};
            if (std::string(command) == "eval") {
                args.insert(args.end(), {"--facts", facts});
            }
            RunResult r = run_regels(args);
            INFO(describe(r));
            CHECK((r.exit_code == 1 || r.exit_code == 2));
            CHECK(contains(r.err, std::string("error[") + c.code + "]"));
            CHECK(contains(r.err, c.message));
            CHECK(contains(r.err, file + ":"));
        }
        RunResult fine = run_regels({"check", "--no-lint", c.flag, c.high, file});
        INFO(describe(fine));
        CHECK(fine.exit_code == 0);
    }
}

TEST_CASE("limits: --max-facts-depth moves the facts nesting limit", "[limits]") {
    TempDir dir;
    // {"Registratie": [{"eerdere_subsidies": []}]} nests four levels.
    std::string file = dir.write("drie.json", "{\"Registratie\": [" + registratie("R1") + "]}\n");
    RunResult r = run_regels({"eval", "rules/nplv", "--facts", file, "--max-facts-depth", "3"});
    INFO(describe(r));
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "error[E4001]"));
    CHECK(contains(r.err, "nesting deeper than 3 levels (--max-facts-depth)"));
    CHECK(contains(r.err, file + ":1:"));
    CHECK(r.out.empty());

    RunResult fine = run_regels({"eval", "rules/nplv", "--facts", file, "--max-facts-depth", "4",
                                 "--decision", "realisatiestimulans.uitkering"});
    INFO(describe(fine));
    CHECK(fine.exit_code == 0);
}

TEST_CASE("limits: limit flags outside their range are usage errors", "[limits]") {
    struct Case {
        std::vector<std::string> args;
        const char* message;
    };
    const std::vector<Case> cases = {
        {{"check", "--max-nesting", "1001", "rules"},
         "`--max-nesting` needs a whole number from 1 to 1000, not `1001`"},
        {{"check", "--max-operators", "0", "rules"},
         "`--max-operators` needs a whole number from 1 to 1000, not `0`"},
        {{"fmt", "--max-identifier", "many", "rules"},
         "`--max-identifier` needs a whole number from 1 to 65536, not `many`"},
        {{"test", "--max-file-bytes", "-5", "rules"},
         "`--max-file-bytes` needs a whole number from 1 to 1073741824, not `-5`"},
        {{"eval", "rules", "--facts", "x.json", "--max-depth", "5000"},
         "`--max-depth` needs a whole number from 1 to 1000, not `5000`"},
        {{"eval", "rules", "--facts", "x.json", "--max-time", "1.5"},
         "`--max-time` needs a whole number of at least 0, not `1.5`"},
        {{"eval", "rules", "--facts", "x.json", "--max-facts-depth", "0"},
         "`--max-facts-depth` needs a whole number of at least 1, not `0`"},
        {{"eval", "rules/nplv", "--facts", "x.jsonl", "--format", "jsonl", "--threads", "65"},
         "`--threads` needs a whole number from 1 to 64, not `65`"},
    };
    for (const Case& c : cases) {
        RunResult r = run_regels(c.args);
        INFO(describe(r));
        CHECK(r.exit_code == 2);
        CHECK(contains(r.err, std::string("error[E5001]: ") + c.message));
    }
}

TEST_CASE("limits: a chain of 100,000 definitions is checked without deep recursion", "[limits]") {
    // Cycle detection walks the dependency graph; on a long chain a recursive walk would
    // overflow the stack. Evaluation stops at --max-depth instead.
    TempDir dir;
    std::string text = "module keten\n";
    for (int k = 0; k < 100'000; ++k) {
        text +=
            "definition d" + std::to_string(k) + ": integer = d" + std::to_string(k + 1) + " + 1\n";
    }
    text += "definition d100000: integer = 1\ndecision top: integer = d0\n";
    std::string rules = dir.write("keten.rules", text);
    RunResult r = run_regels({"check", "--no-lint", rules});
    INFO(describe(r));
    CHECK(r.exit_code == 0);

    std::string facts = dir.write("leeg.json", "{}\n");
    RunResult e = run_regels({"eval", rules, "--facts", facts});
    INFO(describe(e));
    CHECK(e.exit_code == 1);
    CHECK(contains(e.out, "keten.top: error[E3010]"));
    CHECK(contains(e.out, "dieper genest dan 200 regels (--max-depth)"));
}

// ---- arithmetic safety ----------------------------------------------------------------------

namespace {

struct Expected {
    const char* name;
    const char* expression;
    const char* type;
    const char* outcome;  // "E3001"... for an error, else the JSON value text
};

// Evaluates `cases` as decisions without subjects; returns their output lines by name.
std::map<std::string, std::string> evaluate_cases(const std::vector<Expected>& cases,
                                                  RunResult& run) {
    TempDir dir;
    std::string text =
        "module reken\n\nparameter registratiejaar: year\n    from 2025-01-01 = 2025\n\n";
    for (const Expected& c : cases) {
        text += std::string("decision ") + c.name + ": " + c.type + " = " + c.expression + "\n";
    }
    std::string rules = dir.write("reken.rules", text);
    std::string facts = dir.write("leeg.json", "{}\n");
    run =
        run_regels({"eval", rules, "--facts", facts, "--format", "jsonl", "--as-of", "2025-06-01"});
    return lines_by_decision(run.out);
}

void check_cases(const std::vector<Expected>& cases) {
    RunResult run;
    auto lines = evaluate_cases(cases, run);
    INFO(describe(run));
    REQUIRE((run.exit_code == 0 || run.exit_code == 1));  // 2 would be a mistake in the rules
    for (const Expected& c : cases) {
        std::string line = lines["reken." + std::string(c.name)];
        INFO(c.name << " = " << c.expression << "\n  got: " << line);
        std::string outcome = c.outcome;
        if (outcome.size() == 5 && outcome[0] == 'E') {
            CHECK(contains(line, "\"error\":{\"code\":\"" + outcome + "\""));
            CHECK(contains(line, "\"location\":\""));
        } else {
            CHECK(contains(line, "\"value\":" + outcome + ",\"assumptions\":[]"));
        }
    }
}

}  // namespace

TEST_CASE("limits: arithmetic: whole numbers overflow to E3001 at the int64 edges", "[limits]") {
    check_cases({
        {"plus_max", "9223372036854775807 + 1", "integer", "E3001"},
        {"minus_min", "-9223372036854775807 - 2", "integer", "E3001"},
        {"at_max", "9223372036854775806 + 1", "integer", "9223372036854775807"},
        {"at_min", "-9223372036854775807 - 1", "integer", "-9223372036854775808"},
        {"times", "3037000500 * 3037000500", "integer", "E3001"},
        {"times_fits", "3037000499 * 3037000499", "integer", "9223372030926249001"},
        {"times_negative", "-4611686018427387904 * 3", "integer", "E3001"},
        {"negate_min", "-(-9223372036854775807 - 1)", "integer", "E3001"},
        {"sum_overflow", "sum(x for x in [9223372036854775807, 1])", "integer", "E3001"},
        {"year", "registratiejaar + 9223372036854775807", "year", "E3001"},
        {"year_range", "registratiejaar + 8000", "year", "E3001"},
        {"date", "2025-01-01 + 9223372036854775807", "date", "E3001"},
        {"date_range", "9999-12-31 + 1", "date", "E3001"},
        {"date_span", "9999-12-31 - 0001-01-01", "integer", "3652058"},
        // Integer division is exact (a decimal): the one quotient that overflows int64 is fine.
        {"min_over_minus_one", "(-9223372036854775807 - 1) / -1", "decimal",
         "\"9223372036854775808\""},
    });
}

TEST_CASE("limits: arithmetic: division by zero is E3002", "[limits]") {
    check_cases({
        {"integer", "1 / 0", "decimal", "E3002"},
        {"decimal", "1,5% / (2 - 2)", "decimal", "E3002"},
        {"money_by_integer", "€ 1,00 / 0", "money", "E3002"},
        {"money_by_money", "€ 1,00 / € 0,00", "decimal", "E3002"},
        {"zero_over", "0 / 5", "decimal", "\"0\""},
    });
}

TEST_CASE("limits: arithmetic: money beyond int64 cents stays exact", "[limits]") {
    check_cases({
        {"next_cent", "€ 92.233.720.368.547.758,07 + € 0,01", "money", "\"92233720368547758.08\""},
        {"negative", "-€ 92.233.720.368.547.758,07 - € 0,02", "money", "\"-92233720368547758.09\""},
        {"negate", "-(-€ 92.233.720.368.547.758,07 - € 0,01)", "money", "\"92233720368547758.08\""},
        {"times", "€ 92.233.720.368.547.758,07 * 9223372036854775807", "money",
         "\"850705917302346158473969077842325012.49\""},
        {"and_back", "(€ 92.233.720.368.547.758,07 + € 0,01) - € 0,01", "money",
         "\"92233720368547758.07\""},
        {"not_whole_cents", "€ 1,00 / 3", "money", "E3008"},
    });
}

TEST_CASE("limits: arithmetic: rounding negative amounts is exact in every mode", "[limits]") {
    // Amount, then the result in each mode: half_up, half_even, half_down, down, up, floor,
    // ceiling. The last two amounts are beyond int64 cents (-92.233.720.368.547.758,50 and
    // ...759,50), so the GMP path rounds them.
    struct Row {
        const char* amount;
        const char* results[7];
    };
    const Row rows[] = {
        {"-€ 2,50", {"-3.00", "-2.00", "-2.00", "-2.00", "-3.00", "-3.00", "-2.00"}},
        {"-€ 2,51", {"-3.00", "-3.00", "-3.00", "-2.00", "-3.00", "-3.00", "-2.00"}},
        {"-€ 2,49", {"-2.00", "-2.00", "-2.00", "-2.00", "-3.00", "-3.00", "-2.00"}},
        {"-€ 3,50", {"-4.00", "-4.00", "-3.00", "-3.00", "-4.00", "-4.00", "-3.00"}},
        {"-€ 0,50", {"-1.00", "0.00", "0.00", "0.00", "-1.00", "-1.00", "0.00"}},
        {"(-€ 92.233.720.368.547.758,07 - € 0,43)",
         {"-92233720368547759.00", "-92233720368547758.00", "-92233720368547758.00",
          "-92233720368547758.00", "-92233720368547759.00", "-92233720368547759.00",
          "-92233720368547758.00"}},
        {"(-€ 92.233.720.368.547.758,07 - € 1,43)",
         {"-92233720368547760.00", "-92233720368547760.00", "-92233720368547759.00",
          "-92233720368547759.00", "-92233720368547760.00", "-92233720368547760.00",
          "-92233720368547759.00"}},
    };
    const char* modes[] = {"half_up", "half_even", "half_down", "down", "up", "floor", "ceiling"};
    std::vector<std::string> names;
    std::vector<std::string> expressions;
    std::vector<std::string> results;
    for (std::size_t row = 0; row < std::size(rows); ++row) {
        for (std::size_t m = 0; m < std::size(modes); ++m) {
            names.push_back(std::string(modes[m]) + "_" + std::to_string(row));
            expressions.push_back(std::string("round(") + rows[row].amount + ", € 1,00, " +
                                  modes[m] + ")");
            results.push_back(std::string("\"") + rows[row].results[m] + "\"");
        }
    }
    // Rounding to cents and to € 100.000 goes through the same code.
    names.emplace_back("cents_half_even");
    expressions.emplace_back("round(-€ 0,05 / 2, € 0,01, half_even)");  // -0,025 -> -0,02
    results.emplace_back("\"-0.02\"");
    names.emplace_back("ton_half_up");
    expressions.emplace_back("round(-€ 150.000,00, € 100.000,00, half_up)");
    results.emplace_back("\"-200000.00\"");

    std::vector<Expected> cases;
    for (std::size_t k = 0; k < names.size(); ++k) {
        cases.push_back({names[k].c_str(), expressions[k].c_str(), "money", results[k].c_str()});
    }
    check_cases(cases);
}
