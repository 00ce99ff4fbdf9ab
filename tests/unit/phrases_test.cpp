// value_text's fast paths (money in whole cents, integers) give the same words as the general
// ones they stand in for (Number::to_money_display, display_value).
#include "interpreter/phrases.hpp"

#include "interpreter/evaluator.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using regels::interp::Lang;
using regels::interp::Number;
using regels::interp::Value;

TEST_CASE("value_text words money as to_money_display, whole cents or not", "[explain]") {
    const regels::dsl::Program program;
    const Number big = Number(std::numeric_limits<std::int64_t>::max()) * Number(1000);
    const std::vector<Number> amounts = {
        Number(0),
        Number::ratio(5, 100),
        Number::ratio(-5, 100),
        Number::ratio(1250, 100),
        Number::ratio(-1250, 100),
        Number::ratio(99999, 100),
        Number(1000),
        Number(1351000),
        Number(-7323111),
        Number::ratio(1234567890123456, 100),
        Number::ratio(std::numeric_limits<std::int64_t>::min(), 100),
        Number(std::numeric_limits<std::int64_t>::max()),
        Number::ratio(1, 3),
        Number::ratio(-1, 1000),
        big,
        big / Number(100),
        -big,
    };
    for (const Number& n : amounts) {
        for (Lang lang : {Lang::nl, Lang::en}) {
            CHECK(regels::interp::value_text(program, Value::money(n), 0, lang) ==
                  n.to_money_display());
        }
    }
}

TEST_CASE("value_text words counts with thousands points, years as their digits", "[explain]") {
    const regels::dsl::Program program;
    struct Case {
        std::int64_t i;
        const char* count;
    };
    for (const Case& c :
         {Case{0, "0"}, Case{-1, "-1"}, Case{999, "999"}, Case{1256, "1.256"},
          Case{-1000, "-1.000"}, Case{1000000, "1.000.000"},
          Case{std::numeric_limits<std::int64_t>::max(), "9.223.372.036.854.775.807"},
          Case{std::numeric_limits<std::int64_t>::min(), "-9.223.372.036.854.775.808"}}) {
        CHECK(regels::interp::value_text(program, Value::integer(c.i), 0, Lang::nl) == c.count);
        CHECK(regels::interp::value_text(program, Value::year(c.i), 0, Lang::nl) ==
              std::to_string(c.i));
    }
}

TEST_CASE("value_text words a share as a percentage and a quantity as a number", "[explain]") {
    const regels::dsl::Program program;
    auto decimal = [&](Number n) {
        return regels::interp::value_text(program, Value::decimal(n), 0, Lang::nl);
    };
    CHECK(decimal(Number::ratio(7, 10)) == "70%");
    CHECK(decimal(Number::ratio(105, 100)) == "105%");
    CHECK(decimal(Number::ratio(10, 13)) == "10/13 (≈ 76,92%)");
    CHECK(decimal(Number(2)) == "200%");
    // 1.256 × 60%: dwellings, not a share.
    CHECK(decimal(Number::ratio(7536, 10)) == "753,6");
    CHECK(decimal(Number(6)) == "6");
    CHECK(decimal(Number(-3)) == "-3");
    CHECK(decimal(Number::ratio(110600000, 13)) == "≈ 8.507.692,3077 (= 110600000/13)");
}
