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

TEST_CASE("value_text words integers and years as display_value", "[explain]") {
    const regels::dsl::Program program;
    for (std::int64_t i :
         {std::int64_t{0}, std::int64_t{-1}, std::int64_t{2025},
          std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()}) {
        CHECK(regels::interp::value_text(program, Value::integer(i), 0, Lang::nl) ==
              std::to_string(i));
        CHECK(regels::interp::value_text(program, Value::year(i), 0, Lang::nl) ==
              std::to_string(i));
    }
}
