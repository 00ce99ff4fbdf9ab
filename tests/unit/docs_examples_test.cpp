// The examples in docs/explanations.md are real output, kept current by this test.
//
// In the guide, a line `<!-- voorbeeld: ARGS -->` or `<!-- voorbeeld: ARGS | blok TEXT -->`
// is followed by a fenced block. The test runs `regels ARGS` (with the fixed run time all
// goldens use) and compares the block with the output, or with the paragraph of the output
// (lines between blank lines) that contains TEXT. REGELS_UPDATE_GOLDEN=1 rewrites the blocks.
#include "tests/support/golden.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using regels::testing::read_text;
using regels::testing::run_regels;

const std::string guide = "docs/explanations.md";

std::string paragraph_with(const std::string& text, const std::string& part) {
    std::size_t at = text.find(part);
    if (at == std::string::npos) {
        return "(not in the output: " + part + ")\n";
    }
    std::size_t begin = text.rfind("\n\n", at);
    begin = begin == std::string::npos ? 0 : begin + 2;
    std::size_t end = text.find("\n\n", at);
    end = end == std::string::npos ? text.size() : end + 1;
    return text.substr(begin, end - begin);
}

}  // namespace

TEST_CASE("docs: the examples in the reviewer's guide are real output", "[docs][golden]") {
    std::string doc = read_text(guide);
    std::string updated;
    std::size_t pos = 0;
    int examples = 0;
    const std::string open = "<!-- voorbeeld: ";
    while (true) {
        std::size_t m = doc.find(open, pos);
        if (m == std::string::npos) {
            break;
        }
        std::size_t m_end = doc.find(" -->", m);
        REQUIRE(m_end != std::string::npos);
        std::string spec = doc.substr(m + open.size(), m_end - m - open.size());
        std::string block;
        if (auto bar = spec.find(" | blok "); bar != std::string::npos) {
            block = spec.substr(bar + 8);
            spec = spec.substr(0, bar);
        }
        std::vector<std::string> args;
        std::istringstream words(spec);
        for (std::string w; words >> w;) {
            args.push_back(w);
        }
        std::string out = run_regels(args).out;
        std::string expected = block.empty() ? out : paragraph_with(out, block);
        // The fenced block after the marker.
        std::size_t fence = doc.find("```", m_end);
        REQUIRE(fence != std::string::npos);
        std::size_t body = doc.find('\n', fence) + 1;
        std::size_t close = doc.find("\n```", body - 1);
        REQUIRE(close != std::string::npos);
        std::string shown = doc.substr(body, close + 1 - body);
        INFO("example: " << spec << (block.empty() ? "" : " | blok " + block));
        if (regels::testing::update_golden()) {
            updated += doc.substr(pos, body - pos) + expected;
        } else {
            CHECK(shown == expected);
        }
        pos = close + 1;
        ++examples;
    }
    CHECK(examples >= 3);
    if (regels::testing::update_golden()) {
        updated += doc.substr(pos);
        std::ofstream(guide, std::ios::binary) << updated;
    }
}
