#include "interpreter/number.hpp"

#include "interpreter/cents.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

using regels::interp::Number;
using regels::interp::RoundingMode;

namespace {

constexpr std::int64_t k_max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t k_min = std::numeric_limits<std::int64_t>::min();

Number dec(const char* text) {
    const auto parsed = Number::parse_decimal(text);
    REQUIRE(parsed.has_value());
    return *parsed;
}

std::string text(const Number& n) {
    const auto s = n.to_decimal();
    REQUIRE(s.has_value());
    return *s;
}

const Number cent = Number::ratio(1, 100);

constexpr std::array<RoundingMode, 7> k_all_modes{
    RoundingMode::half_up, RoundingMode::half_even, RoundingMode::half_down, RoundingMode::down,
    RoundingMode::up,      RoundingMode::floor,     RoundingMode::ceiling,
};

}  // namespace

TEST_CASE("ratios are normalised and arithmetic is exact", "[number]") {
    CHECK(Number::ratio(100, 130) == Number::ratio(10, 13));
    CHECK(Number::ratio(3, -6) == Number::ratio(-1, 2));
    CHECK(Number::ratio(0, -5) == Number(0));
    CHECK(Number::ratio(100, 130) * Number(130) == Number(100));
    CHECK(Number(100) / Number(130) * Number(130) == Number(100));
    CHECK(Number::ratio(1, 3) + Number::ratio(1, 6) == Number::ratio(1, 2));
    CHECK(Number::ratio(1, 2) + Number::ratio(1, 2) == Number(1));
    CHECK(Number::ratio(1, 3) - Number::ratio(1, 2) == Number::ratio(-1, 6));
    CHECK(-Number::ratio(2, 7) == Number::ratio(-2, 7));
    CHECK(Number(7) / Number(-14) == Number::ratio(-1, 2));
}

TEST_CASE("money arithmetic lands on exact cents", "[number]") {
    const Number result = Number(5034111) * Number::ratio(121, 100);
    CHECK(result == dec("6091274.31"));
    CHECK(result.to_decimal(2) == std::optional<std::string>("6091274.31"));
    CHECK(dec("0.1") + dec("0.2") == dec("0.3"));
}

TEST_CASE("rounding to cents: half_up versus half_even", "[number]") {
    CHECK(dec("0.005").round(cent, RoundingMode::half_up) == dec("0.01"));
    CHECK(dec("0.005").round(cent, RoundingMode::half_even) == dec("0.00"));
    CHECK(dec("0.015").round(cent, RoundingMode::half_up) == dec("0.02"));
    CHECK(dec("0.015").round(cent, RoundingMode::half_even) == dec("0.02"));
    CHECK(dec("0.025").round(cent, RoundingMode::half_up) == dec("0.03"));
    CHECK(dec("0.025").round(cent, RoundingMode::half_even) == dec("0.02"));
    CHECK(dec("-0.025").round(cent, RoundingMode::half_up) == dec("-0.03"));
    CHECK(dec("-0.025").round(cent, RoundingMode::half_even) == dec("-0.02"));
    CHECK(dec("1234.5").round(Number(1), RoundingMode::half_up) == Number(1235));
    // Already a multiple: every mode leaves it alone.
    for (const RoundingMode mode : k_all_modes) {
        CHECK(dec("12.34").round(cent, mode) == dec("12.34"));
    }
}

TEST_CASE("rounding every mode, positive and negative", "[number]") {
    struct Row {
        RoundingMode mode;
        std::int64_t pos_2_5, neg_2_5, pos_2_4, neg_2_4, pos_2_6, neg_2_6, pos_3_5, neg_3_5;
    };
    const std::vector<Row> rows{
        {RoundingMode::half_up, 3, -3, 2, -2, 3, -3, 4, -4},
        {RoundingMode::half_even, 2, -2, 2, -2, 3, -3, 4, -4},
        {RoundingMode::half_down, 2, -2, 2, -2, 3, -3, 3, -3},
        {RoundingMode::down, 2, -2, 2, -2, 2, -2, 3, -3},
        {RoundingMode::up, 3, -3, 3, -3, 3, -3, 4, -4},
        {RoundingMode::floor, 2, -3, 2, -3, 2, -3, 3, -4},
        {RoundingMode::ceiling, 3, -2, 3, -2, 3, -2, 4, -3},
    };
    const Number one(1);
    for (const Row& row : rows) {
        INFO("mode " << regels::interp::to_string(row.mode));
        CHECK(dec("2.5").round(one, row.mode) == Number(row.pos_2_5));
        CHECK(dec("-2.5").round(one, row.mode) == Number(row.neg_2_5));
        CHECK(dec("2.4").round(one, row.mode) == Number(row.pos_2_4));
        CHECK(dec("-2.4").round(one, row.mode) == Number(row.neg_2_4));
        CHECK(dec("2.6").round(one, row.mode) == Number(row.pos_2_6));
        CHECK(dec("-2.6").round(one, row.mode) == Number(row.neg_2_6));
        CHECK(dec("3.5").round(one, row.mode) == Number(row.pos_3_5));
        CHECK(dec("-3.5").round(one, row.mode) == Number(row.neg_3_5));
        // Between zero and one the floor is 0 (even), which catches sign mistakes.
        CHECK(dec("-0.5").round(one, row.mode).abs() <= Number(1));
    }
    CHECK(dec("-0.5").round(one, RoundingMode::half_up) == Number(-1));
    CHECK(dec("-0.5").round(one, RoundingMode::half_even) == Number(0));
    CHECK(dec("-0.5").round(one, RoundingMode::half_down) == Number(0));
    CHECK(dec("-0.5").round(one, RoundingMode::floor) == Number(-1));
    CHECK(dec("-0.5").round(one, RoundingMode::ceiling) == Number(0));
}

TEST_CASE("rounding to coarse and fractional units", "[number]") {
    const Number unit(100000);
    CHECK(dec("1772307.69").round(unit, RoundingMode::half_up) == Number(1800000));
    CHECK(dec("1772307.69").round(unit, RoundingMode::down) == Number(1700000));
    CHECK(dec("1750000").round(unit, RoundingMode::half_up) == Number(1800000));
    CHECK(dec("1750000").round(unit, RoundingMode::half_down) == Number(1700000));
    CHECK(dec("1750000").round(unit, RoundingMode::half_even) == Number(1800000));
    CHECK(dec("-1750000").round(unit, RoundingMode::half_up) == Number(-1800000));
    CHECK(Number::ratio(100, 13).round(cent, RoundingMode::half_up) == dec("7.69"));
    CHECK(Number::ratio(1, 3).round(Number::ratio(1, 4), RoundingMode::half_up) ==
          Number::ratio(1, 4));
    CHECK(dec("1.3").round(dec("0.25"), RoundingMode::ceiling) == dec("1.5"));
}

TEST_CASE("rounding rejects a non-positive unit", "[number]") {
    CHECK_THROWS_AS(Number(1).round(Number(0), RoundingMode::half_up), std::domain_error);
    CHECK_THROWS_AS(Number(1).round(Number(-1), RoundingMode::half_up), std::domain_error);
    CHECK_THROWS_AS(Number(1).is_multiple_of(Number(0)), std::domain_error);
}

TEST_CASE("rounding big values", "[number]") {
    const Number big = dec("123456789012345678901.5");
    CHECK_FALSE(big.is_small());
    CHECK(big.round(Number(1), RoundingMode::half_even) == dec("123456789012345678902"));
    CHECK(big.round(Number(1), RoundingMode::half_down) == dec("123456789012345678901"));
    CHECK((-big).round(Number(1), RoundingMode::half_up) == dec("-123456789012345678902"));
    CHECK((-big).round(Number(1), RoundingMode::ceiling) == dec("-123456789012345678901"));
    const Number tiny = dec("1e-30");
    CHECK(tiny.round(cent, RoundingMode::up) == cent);
    CHECK(tiny.round(cent, RoundingMode::half_up) == Number(0));
    CHECK((-tiny).round(cent, RoundingMode::floor) == -cent);
}

TEST_CASE("parse_decimal is exact", "[number]") {
    CHECK(dec("1184.82") == Number::ratio(118482, 100));
    CHECK(dec("0") == Number(0));
    CHECK(dec("-0") == Number(0));
    CHECK(dec("-0").sign() == 0);
    CHECK(dec("0.5") == Number::ratio(1, 2));
    CHECK(dec("-12.50") == Number::ratio(-25, 2));
    CHECK(dec("1.5e2") == Number(150));
    CHECK(dec("15E-1") == Number::ratio(3, 2));
    CHECK(dec("1e+2") == Number(100));
    CHECK(dec("0.000") == Number(0));
    CHECK(dec("1e0") == Number(1));
    CHECK(dec("0.1") == Number::ratio(1, 10));
    CHECK(dec("9223372036854775807") == Number(k_max));
    CHECK(dec("-9223372036854775808") == Number(k_min));
    CHECK(dec("-9223372036854775808").is_small());
    CHECK(dec("0.10000000000000000000000") == Number::ratio(1, 10));
    CHECK(dec("0.10000000000000000000000").is_small());
    CHECK(dec("1e300") == dec("10e299"));
    CHECK_FALSE(dec("1e300").is_small());
    CHECK(dec("1e-300") * dec("1e300") == Number(1));
}

TEST_CASE("parse_decimal rejects what is not a JSON number", "[number]") {
    for (const char* bad : {"1e400", "1e-400", "1e1001", "1e99999999999999999999",
                            "01",    "-01",    "00",     "1.",
                            ".5",    "",       "-",      "+1",
                            "1e",    "1e+",    "0x10",   " 1",
                            "1 ",    "1,5",    "1.5.2",  "--1",
                            "1e2.5", "inf",    "NaN",    "1_000"}) {
        INFO("input '" << bad << "'");
        CHECK_FALSE(Number::parse_decimal(bad).has_value());
    }
}

TEST_CASE("long digit strings parse exactly", "[number]") {
    const Number n = dec("123456789012345678901");
    CHECK_FALSE(n.is_small());
    CHECK(text(n) == "123456789012345678901");
    CHECK(n > Number(k_max));
    CHECK(n < dec("123456789012345678902"));
    CHECK(n == dec("123456789012345678900") + Number(1));
    CHECK(n - dec("123456789012345678900") == Number(1));
    CHECK((n - dec("123456789012345678900")).is_small());
    const Number frac = dec("1234567890123456789012.345");
    CHECK(text(frac) == "1234567890123456789012.345");
    CHECK(dec("0.0000000000000000000000001") == Number(1) / dec("1e25"));
}

TEST_CASE("overflow promotes to the exact slow path and demotes back", "[number]") {
    const Number above = Number(k_max) + Number(1);
    CHECK_FALSE(above.is_small());
    CHECK(text(above) == "9223372036854775808");
    const Number back = above - Number(1);
    CHECK(back.is_small());
    CHECK(back == Number(k_max));
    CHECK(back.to_int64() == std::optional<std::int64_t>(k_max));

    const Number flipped = Number(k_min) * Number(-1);
    CHECK_FALSE(flipped.is_small());
    CHECK(flipped == above);
    CHECK(-Number(k_min) == above);
    CHECK(Number(k_min).abs() == above);
    CHECK(Number(k_min) / Number(-1) == above);
    CHECK(-above == Number(k_min));
    CHECK((-above).is_small());
    CHECK(Number(k_min) - Number(1) < Number(k_min));
    CHECK(text(Number(k_min) - Number(1)) == "-9223372036854775809");

    const Number p62(std::int64_t{1} << 62);
    const Number square = p62 * p62;
    CHECK_FALSE(square.is_small());
    CHECK(text(square) == "21267647932558653966460912964485513216");
    const Number root = square / p62;
    CHECK(root.is_small());
    CHECK(root == p62);

    const Number tiny = Number::ratio(1, k_max) / Number(2);
    CHECK_FALSE(tiny.is_small());
    CHECK((tiny * Number(2)).is_small());
    CHECK(tiny * Number(2) == Number::ratio(1, k_max));

    CHECK(Number::ratio(k_min, k_min) == Number(1));
    CHECK(Number::ratio(k_min, -1) == above);
    CHECK(Number::ratio(1, k_min) == Number::ratio(-1, 2) / Number(std::int64_t{1} << 62));
}

TEST_CASE("comparison across fast and slow paths", "[number]") {
    const Number big = Number(k_max) + Number(1);
    const Number neg_big = Number(k_min) - Number(1);
    CHECK(big > Number(k_max));
    CHECK(Number(k_max) < big);
    CHECK(neg_big < Number(k_min));
    CHECK(Number(0) > neg_big);
    CHECK(big != Number(k_max));
    CHECK((big <=> big) == std::strong_ordering::equal);
    const Number small_frac = Number::ratio(1, k_max);
    const Number big_frac = Number(1) / big;  // denominator 2^63 does not fit
    CHECK_FALSE(big_frac.is_small());
    CHECK(big_frac < small_frac);
    CHECK(-big_frac > -small_frac);
    CHECK(Number::ratio(k_max, k_max - 1) > Number::ratio(k_max - 1, k_max - 2) - Number(1));
    CHECK(Number::ratio(k_max - 1, k_max) < Number::ratio(k_max - 2, k_max - 1) + Number(1));
    CHECK(Number::ratio(k_max - 2, k_max - 1) < Number::ratio(k_max - 1, k_max));
}

TEST_CASE("division by zero throws", "[number]") {
    CHECK_THROWS_AS(Number(1) / Number(0), std::domain_error);
    CHECK_THROWS_AS(Number::ratio(1, 0), std::domain_error);
    CHECK_THROWS_AS(dec("123456789012345678901") / Number(0), std::domain_error);
    CHECK_THROWS_AS(Number(1) / (Number(k_max) + Number(1) - Number(k_max) - Number(1)),
                    std::domain_error);
}

TEST_CASE("sign, abs, integers and multiples", "[number]") {
    CHECK(Number(-3).sign() == -1);
    CHECK(Number(0).sign() == 0);
    CHECK(Number::ratio(1, 9).sign() == 1);
    CHECK(dec("-123456789012345678901").sign() == -1);
    CHECK(Number::ratio(-5, 2).abs() == Number::ratio(5, 2));
    CHECK(Number(4).is_integer());
    CHECK_FALSE(Number::ratio(9, 2).is_integer());
    CHECK(dec("123456789012345678901").is_integer());
    CHECK_FALSE(dec("123456789012345678901.5").is_integer());
    CHECK(Number::ratio(10, 5).to_int64() == std::optional<std::int64_t>(2));
    CHECK_FALSE(Number::ratio(1, 2).to_int64().has_value());
    CHECK_FALSE(dec("123456789012345678901").to_int64().has_value());
    CHECK(dec("12.34").is_multiple_of(cent));
    CHECK_FALSE(dec("12.345").is_multiple_of(cent));
    CHECK(Number(1800000).is_multiple_of(Number(100000)));
}

TEST_CASE("to_decimal", "[number]") {
    CHECK(Number(42).to_decimal() == std::optional<std::string>("42"));
    CHECK(Number(7323111).to_decimal(2) == std::optional<std::string>("7323111.00"));
    CHECK(Number::ratio(-1, 2).to_decimal() == std::optional<std::string>("-0.5"));
    CHECK(Number::ratio(1, 100).to_decimal() == std::optional<std::string>("0.01"));
    CHECK(Number::ratio(1, 2).to_decimal(2) == std::optional<std::string>("0.50"));
    CHECK(Number(0).to_decimal(2) == std::optional<std::string>("0.00"));
    CHECK(Number(0).to_decimal() == std::optional<std::string>("0"));
    CHECK_FALSE(Number::ratio(1, 3).to_decimal().has_value());
    CHECK_FALSE(Number::ratio(1, 1024).to_decimal(0, 5).has_value());
    CHECK(Number::ratio(1, 1024).to_decimal(0, 10) == std::optional<std::string>("0.0009765625"));
    CHECK(Number(5).to_decimal(25) == std::optional<std::string>("5.0000000000000000000000000"));
    CHECK(Number::ratio(-1, 8).to_decimal(20) ==
          std::optional<std::string>("-0.12500000000000000000"));
    CHECK(dec("-1e-30").to_decimal() ==
          std::optional<std::string>("-0.000000000000000000000000000001"));
    CHECK_FALSE(dec("1e-30").to_decimal(0, 29).has_value());
    CHECK(Number(k_min).to_decimal() == std::optional<std::string>("-9223372036854775808"));
}

TEST_CASE("to_display", "[number]") {
    const Number q = Number::ratio(100, 13);
    CHECK(q.to_display(true) == "100/13 (≈ 7,692307692308)");
    CHECK(q.to_display(false) == "100/13 (≈ 7.692307692308)");
    CHECK((-q).to_display(true) == "-100/13 (≈ -7,692307692308)");
    CHECK(Number::ratio(2, 3).to_display(true) == "2/3 (≈ 0,666666666667)");
    CHECK(dec("1234567.5").to_display(true) == "1.234.567,5");
    CHECK(dec("1234567.5").to_display(false) == "1234567.5");
    CHECK(dec("-1234.5").to_display(true) == "-1.234,5");
    CHECK(Number(123).to_display(true) == "123");
    CHECK(Number(0).to_display(true) == "0");
    CHECK(dec("0.000000000001").to_display(true) == "0,000000000001");
    CHECK(dec("0.0000000000001").to_display(false) == "1/10000000000000 (≈ 0.000000000000)");
}

TEST_CASE("to_money_display", "[number]") {
    CHECK(Number(7323111).to_money_display() == "€ 7.323.111,00");
    CHECK(dec("-12.5").to_money_display() == "-€ 12,50");
    CHECK(Number(0).to_money_display() == "€ 0,00");
    CHECK(dec("0.005").to_money_display() == "€ 0,005");
    CHECK(dec("1234.5").to_money_display() == "€ 1.234,50");
    CHECK(dec("999.99").to_money_display() == "€ 999,99");
    CHECK(dec("100000").to_money_display() == "€ 100.000,00");
    CHECK(Number::ratio(100, 13).to_money_display() == "€ 100/13 (≈ 7,692307692308)");
    CHECK(Number::ratio(-100, 13).to_money_display() == "-€ 100/13 (≈ 7,692307692308)");
    CHECK(dec("123456789012345678901.25").to_money_display() == "€ 123.456.789.012.345.678.901,25");
}

TEST_CASE("hash agrees with equality across paths", "[number]") {
    const Number via_overflow = (Number(k_max) + Number(1)) - Number(1);
    CHECK(via_overflow == Number(k_max));
    CHECK(via_overflow.hash() == Number(k_max).hash());

    const Number big_a = dec("123456789012345678901");
    const Number big_b = dec("123456789012345678900") + Number(1);
    const Number big_c = dec("1234567890123456789010") / Number(10);
    CHECK(big_a == big_b);
    CHECK(big_a == big_c);
    CHECK(big_a.hash() == big_b.hash());
    CHECK(big_a.hash() == big_c.hash());

    CHECK(Number::ratio(2, 4).hash() == dec("0.5").hash());
    CHECK(dec("0.10000000000000000000000").hash() == Number::ratio(1, 10).hash());
    CHECK(Number(1).hash() != Number(2).hash());
    CHECK(Number::ratio(1, 2).hash() != Number::ratio(2, 1).hash());
}

TEST_CASE("copies and moves keep values", "[number]") {
    const Number big = dec("123456789012345678901.5");
    Number copy = big;
    CHECK(copy == big);
    Number moved = std::move(copy);
    CHECK(moved == big);
    Number assigned(3);
    assigned = big;
    CHECK(assigned == big);
    assigned = Number::ratio(1, 3);
    CHECK(assigned == Number::ratio(1, 3));
    assigned = std::move(moved);
    CHECK(assigned == big);
    Number& self = assigned;
    assigned = self;
    CHECK(assigned == big);
}

TEST_CASE("rounding mode names round-trip", "[number]") {
    for (const RoundingMode mode : k_all_modes) {
        CHECK(regels::interp::rounding_mode_from_string(regels::interp::to_string(mode)) == mode);
    }
    CHECK(std::string(regels::interp::to_string(RoundingMode::half_even)) == "half_even");
    CHECK_FALSE(regels::interp::rounding_mode_from_string("HALF_UP").has_value());
    CHECK_FALSE(regels::interp::rounding_mode_from_string("").has_value());
}

TEST_CASE("algebraic identities hold near the int64 limits", "[number]") {
    // Operands straddle the fast/slow boundary so promotion and demotion are both exercised.
    std::mt19937_64 rng(20240601);
    const std::vector<std::int64_t> edges{
        k_min, k_min + 1, -(std::int64_t{1} << 62), -7,        -1,   1, 2,
        3,     100,       (std::int64_t{1} << 62),  k_max - 1, k_max};
    auto pick = [&]() -> std::int64_t {
        if (rng() % 3 == 0) {
            return edges[static_cast<std::size_t>(rng() % edges.size())];
        }
        return static_cast<std::int64_t>(rng() % 2000001) - 1000000;
    };
    auto pick_den = [&]() -> std::int64_t {
        std::int64_t d = pick();
        return d == 0 ? 1 : d;
    };
    for (int i = 0; i < 2000; ++i) {
        const Number a = Number::ratio(pick(), pick_den());
        const Number b = Number::ratio(pick(), pick_den());
        const Number sum = a + b;
        CHECK(sum - b == a);
        CHECK(sum - a == b);
        CHECK(a - b == -(b - a));
        const Number product = a * b;
        if (b.sign() != 0) {
            CHECK(product / b == a);
            CHECK((a < a + b.abs()));
        }
        CHECK(((a <=> b) == std::strong_ordering::less) == ((a - b).sign() < 0));
        CHECK((a == b) == ((a - b).sign() == 0));
        const Number rounded = a.round(cent, RoundingMode::half_even);
        CHECK(rounded.is_multiple_of(cent));
        CHECK((rounded - a).abs() * Number(2) <= cent);
    }
}

TEST_CASE("append_cents writes what to_decimal(2) writes, or nothing", "[number]") {
    std::mt19937_64 rng(17);
    std::vector<Number> values{Number{},
                               Number(1),
                               Number(-1),
                               Number::ratio(-5, 100),
                               Number::ratio(1, 2),
                               Number::ratio(-1, 4),
                               Number::ratio(7, 20),
                               Number(std::numeric_limits<std::int64_t>::max()),
                               Number(std::numeric_limits<std::int64_t>::min()),
                               Number::ratio(std::numeric_limits<std::int64_t>::min(), 100),
                               Number::ratio(1, 3),
                               Number::ratio(1, 1000)};
    for (int k = 0; k < 2000; ++k) {
        const auto num = static_cast<std::int64_t>(rng() % 2000000001) - 1000000000;
        const std::array<std::int64_t, 6> dens{1, 2, 4, 5, 100, 8};
        values.push_back(Number::ratio(num, dens[rng() % dens.size()]));
    }
    for (const Number& n : values) {
        std::string out = "x";
        const bool cents = n.is_multiple_of(Number::ratio(1, 100));
        const bool wrote = regels::interp::append_cents(n, out);
        if (wrote) {
            CHECK(cents);
            CHECK(out == "x" + n.to_decimal(2, 40).value());
        } else {
            CHECK(out == "x");
            if (cents) {
                // Only a value whose cents do not fit 64 bits is left to the slow path.
                CHECK(n.abs() > Number(std::numeric_limits<std::int64_t>::max() / 100));
            }
        }
    }
}

TEST_CASE("decimals read from text are exact on the fast and the slow path", "[number]") {
    CHECK(Number::parse_decimal("1184.82") == Number::ratio(118482, 100));
    CHECK(Number::parse_decimal("-0.05") == Number::ratio(-5, 100));
    CHECK(Number::parse_decimal("0.000") == Number{});
    CHECK(Number::parse_decimal("123456789012345678") == Number(123456789012345678));
    CHECK(Number::parse_decimal("1234567890.12345678") ==
          Number::ratio(123456789012345678, 100000000));
    // 19 digits: past the fast path, still exact.
    CHECK(Number::parse_decimal("9223372036854775807") ==
          Number(std::numeric_limits<std::int64_t>::max()));
    CHECK(Number::parse_decimal("1.5e2") == Number(150));
    CHECK(!Number::parse_decimal("01.5"));
    CHECK(!Number::parse_decimal("1."));
    CHECK(Number::parse_decimal("5").value().is_multiple_of(Number::ratio(1, 100)));
    CHECK(!Number::parse_decimal("0.005").value().is_multiple_of(Number::ratio(1, 100)));
    CHECK(Number::parse_decimal("-0.10").value().is_multiple_of(Number::ratio(1, 100)));
}
