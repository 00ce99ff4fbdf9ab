// The simdjson facts reader (interpreter/facts_simd.hpp) against the strict reader: whatever
// simdjson accepts, the strict reader must accept with the same values; what it refuses goes
// to the strict reader, which explains. Run over the benchmark record type, which has text,
// year, enum, optional money, integer and a set of enum cases.
#include "interpreter/facts_simd.hpp"

#include "interpreter/runner.hpp"
#include "interpreter/sha256.hpp"
#include "stdlib/stdlib.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace {

using regels::interp::FactsDecoder;
using regels::interp::FastFactsReader;
using regels::interp::Value;

regels::interp::LoadedRules& rules() {
    static std::unique_ptr<regels::interp::LoadedRules> loaded = [] {
        regels::dsl::DiagnosticBag bag;
        auto r = regels::interp::load_rules({"examples/benchmark/registraties.rules"},
                                            regels::stdlib::standard_library().signatures, bag);
        REQUIRE(r);
        REQUIRE_FALSE(bag.has_errors());
        return r;
    }();
    return *loaded;
}

const std::string good =
    R"({"id":"R1","gemeente":"GM0622","jaar":2026,"segment":"middenhuur","huurprijs":1184.82,)"
    R"("woningen":24,"eerdere_subsidies":["WBI","PROV"]})";

struct Both {
    bool fast;
    bool strict;
    std::vector<Value> fast_row;
    std::vector<Value> strict_row;
    std::string message;
};

Both decode_both(const std::string& line) {
    FactsDecoder decoder(rules().program);
    Both b{};
    b.fast = FastFactsReader(decoder).decode_record(line, 0, b.fast_row);
    decoder.set_fast(false);
    regels::dsl::Code code = regels::dsl::Code::E4001;
    b.strict = decoder.decode_record(line, {}, 0, b.strict_row, b.message, code);
    return b;
}

}  // namespace

TEST_CASE("facts simd: what simdjson accepts the strict reader accepts, alike",
          "[facts][simdjson]") {
    const std::vector<std::string> accepted = {
        good,
        R"( {"id":"R\u00e9","gemeente":"G","jaar":2025,"segment":"koop","koopprijs":405000,)"
        R"("woningen":1,"eerdere_subsidies":[]} )",
        R"({"eerdere_subsidies":[],"woningen":0,"segment":"vrije_sector","jaar":2025,)"
        R"("gemeente":"G\"x","id":"€ \ud83d\ude00","huurprijs":null})",
        R"({"id":"R","gemeente":"G","jaar":2.025e3,"segment":"sociale_huur","woningen":-0,)"
        R"("eerdere_subsidies":["SFT"],"huurprijs":1E+2})",
    };
    for (const std::string& line : accepted) {
        INFO(line);
        Both b = decode_both(line);
        CHECK(b.fast);
        REQUIRE(b.strict);
        REQUIRE(b.fast_row.size() == b.strict_row.size());
        for (std::size_t k = 0; k < b.fast_row.size(); ++k) {
            INFO("field " << k);
            CHECK(b.fast_row[k].kind == b.strict_row[k].kind);
            CHECK(b.fast_row[k] == b.strict_row[k]);
        }
    }
    // Exact from the text: 1184.82 is not the double nearest to it.
    Both b = decode_both(good);
    REQUIRE(b.fast);
    CHECK(b.fast_row[4].n.to_display(false) == b.strict_row[4].n.to_display(false));
    CHECK(b.fast_row[4].n.to_display(false).find("1184.82") != std::string::npos);
}

TEST_CASE("facts simd: simdjson refuses, and the strict reader explains", "[facts][simdjson]") {
    const std::string tail = R"("segment":"koop","woningen":1,"eerdere_subsidies":[]})";
    const std::vector<std::pair<std::string, std::string>> refused = {
        {R"({"id":"a	b","gemeente":"G","jaar":2025,)" + tail, "control character"},
        {R"({"id":"\ud800","gemeente":"G","jaar":2025,)" + tail, "lone surrogate"},
        {R"({"id":"\udc00x","gemeente":"G","jaar":2025,)" + tail, "lone surrogate"},
        {"{\"id\":\"\xC3\x28\",\"gemeente\":\"G\",\"jaar\":2025," + tail, "UTF-8"},
        {"\xEF\xBB\xBF{\"id\":\"R\",\"gemeente\":\"G\",\"jaar\":2025," + tail, "byte order"},
        {R"({"id":"R","gemeente":"G","jaar":02025,)" + tail, "leading zeros"},
        {R"({"id":"R","gemeente":"G","jaar":2025.,)" + tail, "digit after '.'"},
        {R"({"id":"R","gemeente":"G","jaar":-,)" + tail, "digit after '-'"},
        {R"({"id":"R","gemeente":"G","jaar":2025,"jaar":2025,)" + tail, "staat er twee keer"},
        {R"({"id":"R","gemeente":"G","jaar":2025,"x":1,)" + tail, "heeft geen veld"},
        {R"({"id":"R","gemeente":"G",)" + tail, "ontbreekt"},
        {R"({"id":"R","gemeente":"G","jaar":2025,)" + tail + " x", "after the JSON value"},
        {R"({"id":"R","gemeente":"G","jaar":2025,)" + tail + "{}", "after the JSON value"},
        {R"({"id":"R","gemeente":"G","jaar":2025,"koopprijs":1.005,)" + tail, "hele centen"},
        {R"({"id":"R","gemeente":"G","jaar":NaN,)" + tail, "NaN"},
        {R"({"id":"R","gemeente":"G","jaar":tru,)" + tail, "expected a JSON value"},
        {R"({"id":"R","gemeente":"G","jaar":2025,"koopprijs":nul,)" + tail, "JSON value"},
        {R"({"id":"R","gemeente":"G","jaar":2025,)" + tail.substr(0, tail.size() - 1),
         "end of input"},
        {R"({"id":"R","gemeente":"G","jaar":[[[[[[[[2025]]]]]]]],)" + tail, "jaartal"},
        {R"({"id":"R","gemeente":"G","jaar":2025,"woningen":1e400,)" + tail, "woningen"},
    };
    for (const auto& [line, expected] : refused) {
        INFO(line);
        Both b = decode_both(line);
        CHECK_FALSE(b.fast);
        CHECK_FALSE(b.strict);
        CHECK(b.message.find(expected) != std::string::npos);
    }
}

TEST_CASE("facts simd: the nesting limit holds for simdjson too", "[facts][simdjson]") {
    regels::interp::FactsLimits limits;
    limits.max_depth = 1;  // the record's own braces fit, its set of schemes does not
    FactsDecoder decoder(rules().program, limits);
    std::vector<Value> row;
    CHECK_FALSE(FastFactsReader(decoder).decode_record(good, 0, row));
    limits.max_depth = 2;
    FactsDecoder deeper(rules().program, limits);
    CHECK(FastFactsReader(deeper).decode_record(good, 0, row));
    regels::interp::Facts facts;
    facts.tables.resize(rules().program.records.size());
    limits.max_depth = 3;  // document, array, record: the set is one too deep
    FactsDecoder doc(rules().program, limits);
    CHECK_FALSE(FastFactsReader(doc).load_document("{\"Registratie\": [" + good + "]}", facts));
    CHECK(facts.tables[0].rows.empty());
}

TEST_CASE("facts simd: JSON Lines as a document stream, one record per line", "[facts][simdjson]") {
    FactsDecoder decoder(rules().program);
    FastFactsReader fast(decoder);
    auto lines = [&](std::string block) {
        block.reserve(block.size() + FastFactsReader::padding);
        std::vector<std::size_t> begins;
        std::size_t stop = fast.decode_lines(
            block, 0, 0, [&](std::size_t begin, std::vector<Value>&) { begins.push_back(begin); });
        return std::make_pair(begins, stop);
    };
    const std::string g = good + "\n";
    SECTION("good lines, blank lines and CRLF") {
        std::string block = g + "\n   \n" + good + "\r\n" + g;
        auto [begins, stop] = lines(block);
        CHECK(begins == std::vector<std::size_t>{0, g.size() + 5, 2 * g.size() + 6});
        CHECK(stop == block.size());
    }
    SECTION("stops at the start of the first line it does not accept") {
        std::string bad = R"({"id":"x"})";
        std::string block = g + g + bad + "\n" + g;
        auto [begins, stop] = lines(block);
        CHECK(begins == std::vector<std::size_t>{0, g.size()});
        CHECK(stop == 2 * g.size());
    }
    SECTION("two records on one line are not two lines") {
        std::string block = g + good + good + "\n" + g;
        auto [begins, stop] = lines(block);
        CHECK(begins == std::vector<std::size_t>{0});
        CHECK(stop == g.size());
    }
    SECTION("a record over two lines is not a line") {
        std::string split = good;
        split.insert(split.find(",\"jaar\"") + 1, "\n");
        std::string block = g + split + "\n" + g;
        auto [begins, stop] = lines(block);
        CHECK(begins == std::vector<std::size_t>{0});
        CHECK(stop == g.size());
    }
    SECTION("text after the last record, or a record cut short") {
        auto [begins, stop] = lines(g + g + "x\n");
        CHECK(begins.size() == 2);
        CHECK(stop == 2 * g.size());
        // simdjson refuses the whole batch when its last document is cut short: every line
        // then goes to the strict reader. Never a line past the cut.
        auto [begins2, stop2] = lines(g + good.substr(0, 20));
        CHECK(stop2 <= g.size());
        CHECK(begins2.size() == stop2 / g.size());
    }
    SECTION("invalid UTF-8 anywhere stops the stream before its line") {
        std::string block = g + "{\"id\":\"\xFF\"}\n" + g;
        auto [begins, stop] = lines(block);
        CHECK(stop <= g.size());
        CHECK(begins.size() == stop / g.size());
    }
}

TEST_CASE("facts simd: a whole document, and nothing added when refused", "[facts][simdjson]") {
    FactsDecoder decoder(rules().program);
    FastFactsReader fast(decoder);
    regels::interp::Facts facts;
    facts.tables.resize(rules().program.records.size());
    std::string second = good;
    second.replace(second.find("\"R1\""), 4, "\"R2\"");
    CHECK(fast.load_document("{\"Registratie\": [" + good + ",\n" + second + "]}", facts));
    REQUIRE(facts.tables[0].rows.size() == 2);
    CHECK(facts.tables[0].keys == std::vector<std::string>{"R1", "R2"});
    // A duplicate key, an unknown record type, trailing text: refused, facts untouched.
    const std::vector<std::string> refused = {"{\"Registratie\": [" + good + "]}", "{\"Nee\": []}",
                                              "{\"Registratie\": []} x"};
    for (const std::string& doc : refused) {
        INFO(doc);
        CHECK_FALSE(fast.load_document(doc, facts));
        CHECK(facts.tables[0].rows.size() == 2);
        CHECK(facts.tables[0].by_key.size() == 2);
    }
    // A byte order mark before the document is skipped, as the strict reader skips it.
    CHECK(fast.load_document("\xEF\xBB\xBF{}", facts));
    CHECK(facts.tables[0].rows.size() == 2);
}

TEST_CASE("sha256 by libcrypto: the FIPS 180-4 examples", "[sha256]") {
    using regels::interp::sha256_hex;
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex(std::string(1000000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
