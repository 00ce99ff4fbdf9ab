// Golden explanations: for every scenario folder under tests/golden/explain (in sorted order)
// `regels eval` runs three times — `--explain --format text`, `--explain --format json` and
// `--format html` — and each output is compared with its golden file.
//
// A scenario folder holds:
//   rules.txt     optional: rule files or folders from the repository (rules/nplv/...), one
//                 per line; together with the folder's own *.rules files they are the rules
//   facts.json    the facts
//   args          the other `regels eval` arguments (--decision, --as-of, limits); words are
//                 separated by white space, lines starting with '#' are comments. Every
//                 scenario names its --as-of date, so no output depends on the day it runs.
//   exit          the expected exit code (0: every decision made; 1: some failed)
//   explain.txt, explain.json, explain.html   the goldens (REGELS_UPDATE_GOLDEN=1 rewrites
//                 them, but never from a run that crashed)
//
// Besides the goldens the test checks what a golden cannot: the three formats agree on the
// exit code and the rules hash, the JSON is valid and its explanations carry the decisions'
// values, the HTML is the same on a second run and has nothing from this machine in it (no
// absolute path, not today's date), and the scenarios together reach every evaluation error
// code E3001..E3012 (E3013, the time budget, is pinned in limits_test.cpp: how far a slow
// run gets before its time is up is not repeatable, so it has no explanation golden).
#include "tests/support/golden.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
using regels::testing::read_text;
using regels::testing::run_regels;
using regels::testing::RunResult;

const std::string scenarios_dir = "tests/golden/explain";

std::vector<std::string> scenario_dirs() {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(scenarios_dir)) {
        if (entry.is_directory()) {
            out.push_back(entry.path().generic_string());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

// Words of a file, without '#' comment lines.
std::vector<std::string> words(const std::string& path) {
    std::vector<std::string> out;
    if (!fs::exists(path)) {
        return out;
    }
    std::istringstream lines(read_text(path));
    for (std::string line; std::getline(lines, line);) {
        std::size_t first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line[first] == '#') {
            continue;
        }
        std::istringstream ws(line);
        for (std::string w; ws >> w;) {
            out.push_back(w);
        }
    }
    return out;
}

struct Scenario {
    std::string dir;
    std::string name;
    std::vector<std::string> base;  // eval arguments without --explain / --format
    std::string as_of;
    int expected_exit = -1;
};

Scenario load(const std::string& dir) {
    Scenario s;
    s.dir = dir;
    s.name = fs::path(dir).filename().string();
    s.base = {"eval"};
    for (const std::string& r : words(dir + "/rules.txt")) {
        s.base.push_back(r);
    }
    for (const std::string& r : regels::testing::list_files(dir, ".rules")) {
        s.base.push_back(r);
    }
    s.base.insert(s.base.end(), {"--facts", dir + "/facts.json"});
    std::vector<std::string> args = words(dir + "/args");
    for (std::size_t k = 0; k < args.size(); ++k) {
        if (args[k] == "--as-of" && k + 1 < args.size()) {
            s.as_of = args[k + 1];
        }
        s.base.push_back(args[k]);
    }
    std::string exit_text = read_text(dir + "/exit");
    if (!exit_text.empty()) {
        s.expected_exit = std::stoi(exit_text);
    }
    return s;
}

std::vector<std::string> with(std::vector<std::string> base,
                              std::initializer_list<const char*> more) {
    for (const char* m : more) {
        base.emplace_back(m);
    }
    return base;
}

bool crashed(const RunResult& r) {
    return r.exit_code < 0 || r.exit_code >= 128;
}

std::string today_iso() {
    auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    std::chrono::year_month_day ymd{days};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

// "rules sha256:… (N files), as of …" — the first line of the text output.
std::string text_hash(const std::string& text) {
    std::size_t at = text.find("sha256:");
    return at == std::string::npos ? "" : text.substr(at, text.find(' ', at) - at);
}

// The error codes in a JSON run's "errors".
std::set<std::string> error_codes(const nlohmann::json& j) {
    std::set<std::string> out;
    for (const auto& e : j.at("errors")) {
        out.insert(e.at("code").get<std::string>());
    }
    return out;
}

}  // namespace

TEST_CASE("explanation goldens: text JSON and HTML of every scenario", "[golden][explain]") {
    std::vector<std::string> dirs = scenario_dirs();
    REQUIRE(dirs.size() >= 12);
    std::set<std::string> codes_seen;
    std::string cwd = fs::current_path().generic_string();
    std::string today = today_iso();
    for (const std::string& dir : dirs) {
        Scenario s = load(dir);
        INFO("scenario " << s.dir << ": regels " << [&] {
            std::string cmd;
            for (const auto& a : s.base) {
                cmd += a + " ";
            }
            return cmd;
        }());
        // Every scenario pins its date: nothing may depend on the day the test runs.
        REQUIRE_FALSE(s.as_of.empty());
        REQUIRE(fs::exists(s.dir + "/facts.json"));
        REQUIRE((s.expected_exit == 0 || s.expected_exit == 1));

        RunResult text = run_regels(with(s.base, {"--explain", "--format", "text"}));
        RunResult json = run_regels(with(s.base, {"--explain", "--format", "json"}));
        RunResult html = run_regels(with(s.base, {"--format", "html"}));
        INFO("stderr (text run): " << text.err);
        CHECK(text.exit_code == s.expected_exit);
        CHECK(json.exit_code == s.expected_exit);
        CHECK(html.exit_code == s.expected_exit);
        for (const RunResult* r : {&text, &json, &html}) {
            if (r->exit_code == 0) {
                CHECK(r->err.empty());
            } else if (r->exit_code == 1) {
                CHECK(r->err.find("beslissingen zijn mislukt") != std::string::npos);
            }
        }
        // Goldens are compared (or rewritten) only from runs that did not crash.
        if (!crashed(text)) {
            REGELS_CHECK_GOLDEN(s.dir + "/explain.txt", text.out);
        }
        if (!crashed(json)) {
            REGELS_CHECK_GOLDEN(s.dir + "/explain.json", json.out);
        }
        if (!crashed(html)) {
            REGELS_CHECK_GOLDEN(s.dir + "/explain.html", html.out);
        }
        if (crashed(text) || crashed(json) || crashed(html)) {
            FAIL_CHECK("regels crashed (exit " << text.exit_code << "/" << json.exit_code << "/"
                                               << html.exit_code << ")");
            continue;
        }

        // The JSON is valid, dated as asked, and every decision's explanation starts with a
        // node for that decision and carries its value.
        nlohmann::json j;
        REQUIRE_NOTHROW(j = nlohmann::json::parse(json.out));
        CHECK(j.at("as_of") == s.as_of);
        std::string hash = j.at("rules").at("hash").get<std::string>();
        CHECK(hash.starts_with("sha256:"));
        CHECK(text_hash(text.out) == hash);
        CHECK(html.out.find(hash) != std::string::npos);
        // Each node is written in full once in the document, and every {"ref": id} points
        // to a node written before it (docs/output-json.md, "Ids and references").
        std::map<std::int64_t, const nlohmann::json*> written;
        std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& n) {
            if (n.contains("ref")) {
                CHECK(written.count(n.at("ref").get<std::int64_t>()) == 1);
                return;
            }
            auto id = n.at("id").get<std::int64_t>();
            CHECK(written.count(id) == 0);
            written[id] = &n;
            for (const auto& c : n.at("children")) {
                walk(c);
            }
        };
        for (const auto& d : j.at("decisions")) {
            INFO("decision " << d.dump().substr(0, 300));
            REQUIRE(d.contains("explanation"));
            walk(d.at("explanation"));
            const auto& root = d.at("explanation");
            REQUIRE((!root.contains("ref") || written.count(root.at("ref")) == 1));
            const auto& e = root.contains("ref") ? *written.at(root.at("ref")) : root;
            CHECK(e.at("rule") == d.at("decision"));
            CHECK(e.at("value") == d.at("value"));
            CHECK(e.at("location").get<std::string>().find(".rules:") != std::string::npos);
        }
        CHECK(j.at("errors").empty() == (s.expected_exit == 0));
        for (const std::string& code : error_codes(j)) {
            codes_seen.insert(code);
            // The text report names the same errors.
            CHECK(text.out.find("error[" + code + "]") != std::string::npos);
        }

        // The HTML page is the same every time and has nothing from this machine or this day.
        RunResult again = run_regels(with(s.base, {"--format", "html"}));
        CHECK(again.out == html.out);
        CHECK(html.out.find(cwd) == std::string::npos);
        CHECK(html.out.find("/tmp/") == std::string::npos);
        CHECK(html.out.find("/home/") == std::string::npos);
        if (today != s.as_of) {
            CHECK(html.out.find(today) == std::string::npos);
        }
        CHECK(html.out.starts_with("<!DOCTYPE html>"));
        CHECK(html.out.find("<details") != std::string::npos);
    }
    // Together the scenarios reach every evaluation error.
    for (const char* code : {"E3001", "E3002", "E3003", "E3004", "E3005", "E3006", "E3007", "E3008",
                             "E3009", "E3010", "E3011", "E3012"}) {
        INFO("no scenario produces " << code);
        CHECK(codes_seen.count(code) == 1);
    }
}

// The rules hash is content-based: the same rule files give the same hash wherever the
// repository is and whenever the test runs, and a change to the rules changes it.
TEST_CASE("explanation goldens: the rules hash depends on the rule files only",
          "[golden][explain]") {
    const std::string dir = scenarios_dir + "/exception_conflict";
    auto run_hash = [&](const std::vector<std::string>& rules) {
        std::vector<std::string> args = {"eval"};
        args.insert(args.end(), rules.begin(), rules.end());
        args.insert(args.end(),
                    {"--facts", dir + "/facts.json", "--as-of", "2026-11-28", "--format", "json"});
        RunResult r = run_regels(args);
        auto j = nlohmann::json::parse(r.out, nullptr, false);
        return j.is_discarded() ? std::string() : j.at("rules").at("hash").get<std::string>();
    };
    std::string first = run_hash({dir + "/tarief.rules"});
    REQUIRE(first.size() == std::string("sha256:").size() + 64);
    CHECK(run_hash({dir + "/tarief.rules"}) == first);
    // The same file named differently (./…) is the same file.
    CHECK(run_hash({"./" + dir + "/tarief.rules"}) == first);
    // Changed content: a different hash.
    fs::path tmp = fs::temp_directory_path() / ("regels-hash-" + std::to_string(::getpid()));
    fs::create_directories(tmp / dir);
    std::string changed = read_text(dir + "/tarief.rules") + "\n# een opmerking\n";
    std::ofstream(tmp / dir / "tarief.rules", std::ios::binary) << changed;
    fs::copy_file(dir + "/facts.json", tmp / dir / "facts.json");
    std::string other;
    {
        // Run from the copy (same relative names, other content), then come back.
        struct Chdir {
            fs::path back = fs::current_path();
            explicit Chdir(const fs::path& to) {
                fs::current_path(to);
            }
            ~Chdir() {
                fs::current_path(back);
            }
            Chdir(const Chdir&) = delete;
            Chdir& operator=(const Chdir&) = delete;
        } in_copy(tmp);
        other = run_hash({dir + "/tarief.rules"});
    }
    fs::remove_all(tmp);
    CHECK_FALSE(other.empty());
    CHECK(other != first);
}

// Known engine bug: with explanations on, a rule that an `allocate` filter or claim called
// for another record (evaluated with recording off, so memoised without an explanation
// node) is later reached again with recording on; the evaluator then adds `no_node` as a
// child and the renderer indexes past the end of the graph (SIGSEGV). The real
// plafond.toewijzing hits this with two or more requests for the same opslag, unless
// plafond.aangevraagd is decided first (which is why ceiling_in_order and negative_claim
// list it first). [!mayfail]: reported, not failing the suite, until the fix.
TEST_CASE("explanation of an allocation whose filter calls a rule does not crash",
          "[golden][explain][!mayfail]") {
    fs::path tmp = fs::temp_directory_path() / ("regels-alloc-" + std::to_string(::getpid()));
    fs::create_directories(tmp);
    std::ofstream(tmp / "verdeling.rules") << R"(module verdeling

document d "Testgeval"

record Aanvraag key id {
    id: text
    bedrag: money
}

definition telt(a: Aanvraag): boolean = a.bedrag >= € 0,00
    source d, "Telt"

decision deel(a: Aanvraag): money = allocate € 10,00 among c in Aanvraag where telt(c) claiming c.bedrag pro rata to a
    source d, "Deel"

decision telt_mee(a: Aanvraag): boolean = telt(a)
    source d, "Telt mee"
)";
    std::ofstream(tmp / "facts.json") << R"({"Aanvraag": [{"id": "A", "bedrag": 10.00}]})";
    for (const char* format : {"text", "json", "html"}) {
        INFO("--format " << format);
        RunResult r = run_regels({"eval", (tmp / "verdeling.rules").string(), "--facts",
                                  (tmp / "facts.json").string(), "--as-of", "2026-11-28",
                                  "--explain", "--format", format});
        CHECK(r.exit_code == 0);
    }
    fs::remove_all(tmp);
}

// Streaming with explanations: the lines of one record share their ids, so a node written on
// an earlier line of the record is a reference on later lines and never points into another
// record. The six records cover every reason of the benchmark rules.
TEST_CASE("explanation goldens: JSON Lines explanations are scoped per record",
          "[golden][explain]") {
    const std::string dir = "tests/golden/explain_jsonl";
    RunResult r = run_regels({"eval", "examples/benchmark/registraties.rules", "--facts",
                              dir + "/registraties.jsonl", "--format", "jsonl", "--explain",
                              "--explain-layout", "full", "--as-of", "2026-11-28"});
    INFO("stderr: " << r.err);
    CHECK(r.exit_code == 0);
    REGELS_CHECK_GOLDEN(dir + "/registraties.out.jsonl", r.out);

    std::istringstream lines(r.out);
    std::string line;
    std::string scope;
    std::map<std::int64_t, std::string> written;  // id -> rule, in the current scope
    std::size_t refs = 0;
    std::size_t records = 0;
    std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& n) {
        if (n.contains("ref")) {
            ++refs;
            CHECK(written.count(n.at("ref").get<std::int64_t>()) == 1);
            return;
        }
        auto id = n.at("id").get<std::int64_t>();
        CHECK(written.count(id) == 0);
        written[id] = n.at("rule").get<std::string>();
        for (const auto& c : n.at("children")) {
            walk(c);
        }
    };
    while (std::getline(lines, line)) {
        nlohmann::json d;
        REQUIRE_NOTHROW(d = nlohmann::json::parse(line));
        // A record's lines share a scope; each group total added up while streaming stands
        // alone.
        bool per_record = d.at("subject").contains("Registratie");
        std::string this_scope = per_record ? d.at("subject").dump() : line;
        if (this_scope != scope) {
            scope = this_scope;
            written.clear();
            records += per_record ? 1 : 0;
        }
        walk(d.at("explanation"));
        const auto& root = d.at("explanation");
        std::string rule = root.contains("ref") ? written.at(root.at("ref").get<std::int64_t>())
                                                : root.at("rule").get<std::string>();
        CHECK(rule == d.at("decision"));
    }
    CHECK(records == 6);
    CHECK(refs >= 12);  // bedrag and uitkeringsjaar refer to reden, for every record
}

// The shared layout (the default with --explain): what repeats is written once on
// {"shared": …} lines; tests/explain_layout_test.py proves it expands to the full layout.
TEST_CASE("explanation goldens: JSON Lines shared layout", "[golden][explain]") {
    const std::string dir = "tests/golden/explain_jsonl";
    std::vector<std::string> base{"eval",     "examples/benchmark/registraties.rules",
                                  "--facts",  dir + "/registraties.jsonl",
                                  "--format", "jsonl",
                                  "--as-of",  "2026-11-28"};
    RunResult r = run_regels(with(base, {"--explain"}));
    INFO("stderr: " << r.err);
    CHECK(r.exit_code == 0);
    REGELS_CHECK_GOLDEN(dir + "/registraties.shared.jsonl", r.out);
    CHECK(run_regels(with(base, {"--explain", "--explain-layout", "shared"})).out == r.out);

    RunResult typo = run_regels(with(base, {"--explain", "--explain-layout", "shard"}));
    CHECK(typo.exit_code == 2);
    CHECK(typo.err.find("unknown explanation layout `shard`; did you mean `shared`?") !=
          std::string::npos);
    RunResult plain = run_regels(with(base, {"--explain-layout", "full"}));
    CHECK(plain.exit_code == 2);
    CHECK(plain.err.find("`--explain-layout` is for `--format jsonl --explain`") !=
          std::string::npos);
}

// What repeats is written once: in one scope no two definitions are the same (the Westwijk
// agreement has parameters used at several places, whose nodes must still be shared).
TEST_CASE("explanation goldens: the shared layout defines each thing once", "[golden][explain]") {
    RunResult r =
        run_regels({"eval", "rules/nplv", "--facts", "examples/vlaardingen-westwijk/facts.json",
                    "--as-of", "2026-11-28", "--format", "jsonl", "--explain"});
    INFO("stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    std::istringstream lines(r.out);
    std::string line;
    std::map<std::string, std::int64_t> seen;  // a definition without its id -> its id
    std::size_t definitions = 0;
    std::size_t leaves = 0;
    while (std::getline(lines, line)) {
        nlohmann::json d = nlohmann::json::parse(line);
        if (!d.contains("shared")) {
            continue;
        }
        ++definitions;
        if (d.at("shared") == "leaf") {
            ++leaves;
        }
        const std::int64_t id = d.at("id").get<std::int64_t>();
        d.erase("id");
        auto [it, added] = seen.emplace(d.dump(), id);
        INFO("definition " << id << " repeats definition " << it->second << ": " << line);
        CHECK(added);
    }
    CHECK(definitions > 100);
    CHECK(leaves > 10);
}
