// The `datetime` type (dsl/datetime.hpp): ISO 8601 with an offset, compared by instant, shown
// in Dutch local time (Europe/Amsterdam, the EU summer-time rule); and field constraints
// (`woningen: integer >= 1`) as both facts readers apply them. The example rule set
// examples/wie-eerst-komt is the program under test.
#include "dsl/datetime.hpp"

#include "interpreter/facts_simd.hpp"
#include "interpreter/phrases.hpp"
#include "interpreter/runner.hpp"
#include "stdlib/stdlib.hpp"
#include "tests/support/golden.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

namespace {

using regels::dsl::amsterdam_offset_minutes;
using regels::dsl::format_datetime;
using regels::dsl::format_datetime_amsterdam;
using regels::dsl::parse_datetime;
using regels::interp::FactsDecoder;
using regels::interp::FastFactsReader;
using regels::interp::Value;

std::int64_t utc(const char* text) {
    auto t = parse_datetime(text);
    REQUIRE(t);
    return t->seconds;
}

regels::interp::LoadedRules& rules() {
    static std::unique_ptr<regels::interp::LoadedRules> loaded = [] {
        regels::dsl::DiagnosticBag bag;
        auto r = regels::interp::load_rules({"examples/wie-eerst-komt/ontmoetingsruimte.rules"},
                                            regels::stdlib::standard_library().signatures, bag);
        REQUIRE(r);
        REQUIRE_FALSE(bag.has_errors());
        return r;
    }();
    return *loaded;
}

std::string record(const std::string& ontvangen, const std::string& woningen = "24") {
    return R"({"zaaknummer":"Z-2025-0001","aanvrager":"A","ontvangen":)" + ontvangen +
           R"(,"woningen":)" + woningen + R"(,"oppervlakte":60})";
}

struct Both {
    bool fast = false;
    bool strict = false;
    std::vector<Value> fast_row;
    std::vector<Value> strict_row;
    std::string message;
    regels::dsl::Code code = regels::dsl::Code::E4001;
};

Both decode_both(const std::string& line) {
    FactsDecoder decoder(rules().program);
    Both b;
    b.fast = FastFactsReader(decoder).decode_record(line, 0, b.fast_row);
    decoder.set_fast(false);
    b.strict = decoder.decode_record(line, {}, 0, b.strict_row, b.message, b.code);
    return b;
}

}  // namespace

TEST_CASE("datetime: ISO 8601 with an offset, one instant however it is written", "[datetime]") {
    CHECK(utc("2025-03-01T09:15:00+01:00") == utc("2025-03-01T08:15:00Z"));
    CHECK(utc("2025-03-01T09:15:00+01:00") == utc("2025-03-01T03:45:00-04:30"));
    CHECK(utc("1970-01-01T00:00:00Z") == 0);
    CHECK(utc("1969-12-31T23:59:59Z") == -1);
    CHECK(parse_datetime("2025-03-01T09:15:00+01:00")->offset_minutes == 60);
    CHECK(format_datetime(utc("2025-03-01T08:15:00Z"), 60) == "2025-03-01T09:15:00+01:00");
    CHECK(format_datetime(utc("2025-03-01T08:15:00Z"), 0) == "2025-03-01T08:15:00Z");
    CHECK(format_datetime(utc("2025-03-01T08:15:00Z"), -270) == "2025-03-01T03:45:00-04:30");
    for (const char* bad :
         {"2025-03-01T09:15:00", "2025-03-01 09:15:00+01:00", "2025-03-01T09:15+01:00",
          "2025-03-01T24:00:00Z", "2025-02-29T09:15:00Z", "2025-03-01T09:60:00Z",
          "2025-03-01T09:15:60Z", "2025-03-01T09:15:00.5Z", "2025-03-01T09:15:00+15:00",
          "2025-03-01T09:15:00+0100", "2025-03-01T09:15:00z", "2025-03-01T09:15:00+01:00 ", ""}) {
        INFO(bad);
        CHECK_FALSE(parse_datetime(bad));
    }
}

TEST_CASE("datetime: Dutch local time follows the EU summer-time rule", "[datetime]") {
    // 2025: summer time from Sunday 30 March 01:00 UTC to Sunday 26 October 01:00 UTC.
    CHECK(amsterdam_offset_minutes(utc("2025-03-30T00:59:59Z")) == 60);
    CHECK(amsterdam_offset_minutes(utc("2025-03-30T01:00:00Z")) == 120);
    CHECK(amsterdam_offset_minutes(utc("2025-10-26T00:59:59Z")) == 120);
    CHECK(amsterdam_offset_minutes(utc("2025-10-26T01:00:00Z")) == 60);
    // 2024: 31 March and 27 October; 2026: 29 March and 25 October.
    CHECK(amsterdam_offset_minutes(utc("2024-03-31T01:00:00Z")) == 120);
    CHECK(amsterdam_offset_minutes(utc("2024-10-27T00:30:00Z")) == 120);
    CHECK(amsterdam_offset_minutes(utc("2024-10-27T01:30:00Z")) == 60);
    CHECK(amsterdam_offset_minutes(utc("2026-03-29T00:30:00Z")) == 60);
    CHECK(amsterdam_offset_minutes(utc("2026-03-29T01:30:00Z")) == 120);
    CHECK(amsterdam_offset_minutes(utc("2026-10-25T01:30:00Z")) == 60);
    CHECK(format_datetime_amsterdam(utc("2025-06-30T22:30:00Z")) == "2025-07-01T00:30:00+02:00");
    CHECK(format_datetime_amsterdam(utc("2025-12-31T23:30:00Z")) == "2026-01-01T00:30:00+01:00");
    using regels::interp::Lang;
    CHECK(regels::interp::datetime_text(utc("2025-03-01T08:15:00Z"), Lang::nl) ==
          "1 maart 2025 09:15");
    CHECK(regels::interp::datetime_text(utc("2025-06-30T22:30:05Z"), Lang::en) ==
          "1 July 2025 00:30:05");
}

TEST_CASE("datetime: both facts readers read it, and refuse it without an offset",
          "[datetime][facts][simdjson]") {
    Both ok = decode_both(record("\"2025-03-01T09:15:00+01:00\""));
    REQUIRE(ok.fast);
    REQUIRE(ok.strict);
    CHECK(ok.fast_row == ok.strict_row);
    CHECK(ok.strict_row[2].kind == regels::interp::ValueKind::datetime);
    CHECK(ok.strict_row[2].i == utc("2025-03-01T08:15:00Z"));
    for (const char* bad :
         {"\"2025-03-01T09:15:00\"", "\"2025-02-29T09:15:00Z\"", "1740816900", "\"2025-03-01\""}) {
        INFO(bad);
        Both b = decode_both(record(bad));
        CHECK_FALSE(b.fast);
        CHECK_FALSE(b.strict);
        CHECK(b.message.starts_with("/ontvangen: "));
    }
}

TEST_CASE("constraints: both facts readers refuse a value outside its field's bounds",
          "[constraints][facts][simdjson]") {
    for (const char* woningen : {"1", "1000"}) {
        Both b = decode_both(record("\"2025-03-01T09:15:00+01:00\"", woningen));
        CHECK(b.fast);
        CHECK(b.strict);
    }
    for (const char* woningen : {"0", "-3", "1001"}) {
        INFO(woningen);
        Both b = decode_both(record("\"2025-03-01T09:15:00+01:00\"", woningen));
        CHECK_FALSE(b.fast);
        CHECK_FALSE(b.strict);
        CHECK(b.code == regels::dsl::Code::E4020);
        CHECK(b.message.starts_with(std::string("/woningen: ") + woningen +
                                    " is hier niet toegestaan"));
    }
    // A datetime bound: the regulation opens in 2025.
    Both early = decode_both(record("\"2024-12-31T23:59:59+01:00\""));
    CHECK_FALSE(early.fast);
    CHECK(early.code == regels::dsl::Code::E4020);
    // The shared check, as any reader (a CSV line, a JSON path) calls it: no location in it.
    FactsDecoder decoder(rules().program);
    std::string why;
    CHECK_FALSE(decoder.constraints().check(0, 3, Value::integer(0), why));
    CHECK(why == "0 is hier niet toegestaan: `Aanvraag.woningen` moet >= 1 zijn");
    CHECK(decoder.constraints().check(0, 3, Value::integer(5), why));
}

TEST_CASE("datetime and constraints: bad facts are pinned, with their JSON paths",
          "[datetime][constraints][golden]") {
    auto r = regels::testing::run_regels(
        {"eval", "examples/wie-eerst-komt", "--facts", "tests/golden/datetime/bad_ontvangen.json"});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    REGELS_CHECK_GOLDEN("tests/golden/datetime/bad_ontvangen.err", r.err);
}

TEST_CASE("datetime: a key, compared by instant", "[datetime][golden]") {
    auto dup =
        regels::testing::run_regels({"eval", "tests/golden/datetime/sleutel.rules", "--facts",
                                     "tests/golden/datetime/sleutel_dubbel.json"});
    CHECK(dup.exit_code == 2);
    REGELS_CHECK_GOLDEN("tests/golden/datetime/sleutel_dubbel.err", dup.err);
    auto ok = regels::testing::run_regels({"eval", "tests/golden/datetime/sleutel.rules", "--facts",
                                           "tests/golden/datetime/sleutel.json", "--as-of",
                                           "2025-07-01", "--format", "json"});
    CHECK(ok.exit_code == 0);
    // Subjects are keyed by the moment in Dutch local time, whatever offset the facts used.
    CHECK(ok.out.find(R"("subject":{"Meting":"2025-03-01T09:15:00+01:00"})") != std::string::npos);
    CHECK(ok.out.find(R"("subject":{"Meting":"2025-07-01T00:30:00+02:00"})") != std::string::npos);
}

TEST_CASE("constraints: a table row outside its record's constraints is refused",
          "[constraints][golden]") {
    auto r =
        regels::testing::run_regels({"eval", "tests/golden/datetime/tabel.rules", "--facts",
                                     "tests/golden/datetime/leeg.json", "--as-of", "2026-01-01"});
    CHECK(r.exit_code == 2);
    REGELS_CHECK_GOLDEN("tests/golden/datetime/tabel.err", r.err);
}
