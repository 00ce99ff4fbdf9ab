// Golden tests of `regels check` as a command: what it prints and how it exits for a path
// that does not exist, for the real rules, and for inputs too large or too deeply nested to
// commit as files (those are generated here, in a temporary folder).
//
// Outputs that mention the temporary folder have it replaced by `<tmp>` before they are
// compared, so the goldens do not depend on where the test ran.
#include "tests/support/golden.hpp"

#include <catch2/catch.hpp>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

const std::string cli_dir = "tests/golden/cli";

// A fresh folder for generated inputs, removed again when the test ends.
class TempDir {
public:
    TempDir() {
        path_ = fs::temp_directory_path() / ("regels_cli_check_" + std::to_string(::getpid()));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::string file(const std::string& name) const {
        return (path_ / name).generic_string();
    }
    std::string path() const {
        return path_.generic_string();
    }

private:
    fs::path path_;
};

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

std::size_t count(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t at = text.find(needle); at != std::string::npos;
         at = text.find(needle, at + needle.size())) {
        ++n;
    }
    return n;
}

std::size_t rule_files_under(const std::string& dir) {
    std::size_t n = 0;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        n += it->is_regular_file() && it->path().extension() == ".rules" ? 1U : 0U;
    }
    return n;
}

}  // namespace

TEST_CASE("cli check: a path that does not exist is unusable input (E1014, exit 2)",
          "[golden][cli]") {
    const std::string missing = "tests/golden/cli/bestaat_niet.rules";
    REQUIRE_FALSE(fs::exists(missing));

    regels::testing::RunResult text = regels::testing::run_regels({"check", missing});
    INFO(text.err);
    CHECK(text.exit_code == 2);
    CHECK(text.out.empty());
    REGELS_CHECK_GOLDEN(cli_dir + "/check_bestaat_niet.err", text.err);

    regels::testing::RunResult json =
        regels::testing::run_regels({"check", "--diagnostics", "json", missing});
    INFO(json.err);
    CHECK(json.exit_code == 2);
    CHECK(json.out.empty());
    REGELS_CHECK_GOLDEN(cli_dir + "/check_bestaat_niet.err.json", json.err);
}

TEST_CASE("cli check: the real rules are clean", "[golden][cli]") {
    // Rule files are added to rules/ all the time; the golden pins the wording of the
    // success lines (one per rule set: rules/nplv, rules/soo), and the count of rules/nplv is
    // checked against the folder itself.
    const std::size_t files = rule_files_under("rules/nplv");
    REQUIRE(files > 0);
    const std::string checked =
        "rules/nplv: " + std::to_string(files) + " bestanden gecontroleerd:";

    regels::testing::RunResult text = regels::testing::run_regels({"check", "rules"});
    INFO(text.err);
    CHECK(text.exit_code == 0);
    CHECK(text.out.empty());
    CHECK(text.err.find(checked) != std::string::npos);
    REGELS_CHECK_GOLDEN(cli_dir + "/check_rules.err",
                        replace_all(text.err, checked, "rules/nplv: <N> bestanden gecontroleerd:"));

    regels::testing::RunResult json =
        regels::testing::run_regels({"check", "--diagnostics", "json", "rules"});
    INFO(json.err);
    CHECK(json.exit_code == 0);
    CHECK(json.out.empty());
    const std::string counted = "\"files\": " + std::to_string(files) + ",";
    CHECK(json.err.find(counted) != std::string::npos);
    REGELS_CHECK_GOLDEN(cli_dir + "/check_rules.err.json",
                        replace_all(json.err, counted, "\"files\": <N>,"));
}

TEST_CASE("cli check: 200,000 opening parentheses are a nesting error, not a crash",
          "[golden][cli]") {
    TempDir tmp;
    const std::string path = tmp.file("haakjes.rules");
    write_file(
        path, "module diep\n\ndecision waarde: integer =\n    " + std::string(200000, '(') + "1\n");

    // The text renderer shows the offending source line, which is 200,000 bytes here, so
    // only its shape is checked; the JSON output has no snippet and is pinned as a whole.
    regels::testing::RunResult text = regels::testing::run_regels({"check", path});
    CHECK(text.exit_code == 1);
    CHECK(count(text.err, "[E1006]") == 1);
    CHECK(count(text.err, "error[") == 1);

    regels::testing::RunResult json =
        regels::testing::run_regels({"check", "--diagnostics", "json", path});
    INFO(json.err);
    CHECK(json.exit_code == 1);
    REGELS_CHECK_GOLDEN(cli_dir + "/check_200000_haakjes.err.json",
                        replace_all(json.err, tmp.path(), "<tmp>"));
}

TEST_CASE("cli check: a file over the size limit is refused before parsing (E1007)",
          "[golden][cli]") {
    TempDir tmp;
    const std::string path = tmp.file("groot.rules");
    // 16 MiB is the limit (dsl::ParseLimits); one comment line of filler takes it over
    // without making the snippet in the diagnostic long.
    const std::size_t limit = 16U * 1024U * 1024U;
    std::string text = "module groot\n";
    text += "#" + std::string(limit, '-') + "\n";
    write_file(path, text);

    regels::testing::RunResult run = regels::testing::run_regels({"check", path});
    std::string err = replace_all(run.err, tmp.path(), "<tmp>");
    INFO(err);
    CHECK(run.exit_code == 1);
    CHECK(run.out.empty());
    REGELS_CHECK_GOLDEN(cli_dir + "/check_te_groot.err", err);
}

TEST_CASE("cli: warnings alone leave exit 0 and end with one summary line", "[golden][cli]") {
    auto r = regels::testing::run_regels({"check", "tests/golden/cli/lints.rules"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());
    REGELS_CHECK_GOLDEN("tests/golden/cli/lints.err", r.err);
}

TEST_CASE("cli: eval without facts is a usage error", "[golden][cli]") {
    auto r = regels::testing::run_regels({"eval", "rules/nplv"});
    CHECK(r.exit_code == 2);
    REGELS_CHECK_GOLDEN("tests/golden/cli/eval_no_facts.err", r.err);
}

TEST_CASE("cli: a facts file that cannot be read is exit 2 with E4013", "[golden][cli]") {
    auto r = regels::testing::run_regels(
        {"eval", "rules/nplv", "--facts", "examples/does-not-exist.json", "--as-of", "2026-11-28"});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    REGELS_CHECK_GOLDEN("tests/golden/cli/eval_missing_facts.err", r.err);
    auto en = regels::testing::run_regels({"eval", "rules/nplv", "--facts",
                                           "examples/does-not-exist.json", "--as-of", "2026-11-28",
                                           "--lang", "en"});
    CHECK(en.exit_code == 2);
    REGELS_CHECK_GOLDEN("tests/golden/cli/eval_missing_facts.en.err", en.err);
}

TEST_CASE("cli: the usage and every command's --help are pinned", "[golden][cli]") {
    // What a person reads first; the limits each command accepts are listed here.
    auto top = regels::testing::run_regels({"--help"});
    CHECK(top.exit_code == 0);
    REGELS_CHECK_GOLDEN("tests/golden/cli/help.out", top.out);
    for (const char* command :
         {"check", "eval", "test", "diff", "fmt", "lsp", "schema", "serve", "register", "replay"}) {
        INFO(command);
        auto r = regels::testing::run_regels({command, "--help"});
        CHECK(r.exit_code == 0);
        CHECK(r.err.empty());
        REGELS_CHECK_GOLDEN(std::string("tests/golden/cli/help_") + command + ".out", r.out);
    }
    auto codes = regels::testing::run_regels({"codes"});
    CHECK(codes.exit_code == 0);
    REGELS_CHECK_GOLDEN("tests/golden/cli/codes.out", codes.out);
}
