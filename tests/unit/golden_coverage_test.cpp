// Every diagnostic code is shown to a user somewhere in the golden files.
//
// dsl/diagnostic_codes.def promises that each code occurs in at least one golden file under
// tests/golden. A code without a golden has wording nobody has read and a trigger nobody
// has tried, so this test reads the registry and searches every golden file (in any
// subfolder) for `[CODE]` (text rendering) or `"code": "CODE"` (JSON rendering). It fails
// once, listing every code that is missing, so one run shows the whole gap.
#include "tests/support/golden.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct RegisteredCode {
    std::string id;
    std::string name;
};

std::vector<RegisteredCode> registered_codes(const std::string& def_path) {
    std::vector<RegisteredCode> out;
    const std::string text = regels::testing::read_text(def_path);
    // Lines such as `REGELS_DIAG(E1001, syntax, error)`; the comment at the top of the file
    // mentions the macro without a code, which the pattern does not match.
    static const std::regex entry(R"(REGELS_DIAG\(\s*([EW][0-9]{4})\s*,\s*(\w+)\s*,)");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), entry);
         it != std::sregex_iterator(); ++it) {
        out.push_back(RegisteredCode{(*it)[1].str(), (*it)[2].str()});
    }
    return out;
}

// The contents of every golden file, concatenated. `.actual` files are what a failing golden
// test wrote for inspection, not goldens, so they do not count.
std::string all_golden_text(const std::string& root) {
    std::string all;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(root, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file() || it->path().extension() == ".actual") {
            continue;
        }
        all += regels::testing::read_text(it->path().generic_string());
        all += '\n';
    }
    return all;
}

}  // namespace

TEST_CASE("golden coverage: every diagnostic code occurs in a golden file", "[golden]") {
    const std::vector<RegisteredCode> codes = registered_codes("dsl/diagnostic_codes.def");
    // The registry has dozens of codes; finding none means the file moved or the format
    // changed, and the check below would pass vacuously.
    REQUIRE(codes.size() >= 40);

    const std::string goldens = all_golden_text("tests/golden");
    REQUIRE_FALSE(goldens.empty());

    std::vector<std::string> missing;
    for (const RegisteredCode& c : codes) {
        bool as_text = goldens.find("[" + c.id + "]") != std::string::npos;
        bool as_json = goldens.find("\"code\": \"" + c.id + "\"") != std::string::npos;
        if (!as_text && !as_json) {
            missing.push_back(c.id + " (" + c.name + ")");
        }
    }

    std::string report = std::to_string(missing.size()) + " of " + std::to_string(codes.size()) +
                         " codes occur in no golden file under tests/golden:";
    for (const std::string& m : missing) {
        report += "\n  " + m;
    }
    INFO(report);
    CHECK(missing.empty());
}
