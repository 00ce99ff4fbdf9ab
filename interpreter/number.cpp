#include "interpreter/number.hpp"

#include "interpreter/cents.hpp"

#include <gmpxx.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

namespace regels::interp {

struct Number::Big {
    mpq_class q;
};

namespace {

// Two int64 products always fit in 127 bits, so every fast-path intermediate is exact here
// and overflow only has to be checked once, on the normalised result.
__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

constexpr std::int64_t k_int64_max = std::numeric_limits<std::int64_t>::max();
constexpr u128 k_max_positive = static_cast<u128>(k_int64_max);
// |INT64_MIN| is one more than INT64_MAX; a negative numerator may use it.
constexpr u128 k_max_negative = k_max_positive + 1;

// The header promises that 1e400 is refused (a double would silently turn it into inf), and
// that exponents beyond 1000 are refused. Both hold with the limit at the edge of the double
// range; no real amount of money comes anywhere near it.
constexpr std::int64_t k_max_exponent_magnitude = 308;

// 10^0 .. 10^18: the powers of ten that fit an int64, enough for the fast paths.
constexpr std::array<std::uint64_t, 19> k_pow10 = [] {
    std::array<std::uint64_t, 19> table{};
    std::uint64_t value = 1;
    for (auto& entry : table) {
        entry = value;
        value *= 10;
    }
    return table;
}();
constexpr std::size_t k_fast_pow10_limit = k_pow10.size() - 1;

u128 magnitude(i128 value) {
    // Unsigned negation is defined even for the most negative value.
    return value < 0 ? u128{0} - static_cast<u128>(value) : static_cast<u128>(value);
}

u128 gcd_u128(u128 a, u128 b) {
    while (b != 0) {
        if ((a >> 64) == 0 && (b >> 64) == 0) {
            // Hardware 64-bit division is far cheaper than the 128-bit library routine.
            return std::gcd(static_cast<std::uint64_t>(a), static_cast<std::uint64_t>(b));
        }
        const u128 rest = a % b;
        a = b;
        b = rest;
    }
    return a;
}

// Builds the int64 whose magnitude is `mag` (mag <= 2^63 when negative) without ever forming
// -INT64_MIN.
std::int64_t signed_from_magnitude(std::uint64_t mag, bool negative) {
    if (!negative) {
        return static_cast<std::int64_t>(mag);
    }
    return mag == 0 ? 0 : -static_cast<std::int64_t>(mag - 1) - 1;
}

// mpz import/export rather than the long-based constructors: long is 32 bits on some targets.
mpz_class mpz_from_magnitude(u128 mag, bool negative) {
    const std::array<std::uint64_t, 2> words{static_cast<std::uint64_t>(mag),
                                             static_cast<std::uint64_t>(mag >> 64)};
    mpz_class result;
    mpz_import(result.get_mpz_t(), words.size(), -1, sizeof(std::uint64_t), 0, 0, words.data());
    if (negative) {
        mpz_neg(result.get_mpz_t(), result.get_mpz_t());
    }
    return result;
}

mpz_class mpz_from_int64(std::int64_t value) {
    return mpz_from_magnitude(magnitude(value), value < 0);
}

std::optional<std::int64_t> mpz_to_int64(const mpz_class& z) {
    if (mpz_sizeinbase(z.get_mpz_t(), 2) > 64) {
        return std::nullopt;
    }
    std::uint64_t mag = 0;
    std::size_t count = 0;
    mpz_export(&mag, &count, -1, sizeof(mag), 0, 0, z.get_mpz_t());
    const bool negative = sgn(z) < 0;
    if (mag > static_cast<std::uint64_t>(negative ? k_max_negative : k_max_positive)) {
        return std::nullopt;
    }
    return signed_from_magnitude(mag, negative);
}

mpz_class pow10_mpz(std::uint64_t exponent) {
    mpz_class result;
    mpz_ui_pow_ui(result.get_mpz_t(), 10, static_cast<unsigned long>(exponent));
    return result;
}

std::string u128_to_string(u128 value) {
    if (value == 0) {
        return "0";
    }
    std::string digits;
    while (value != 0) {
        digits.push_back(static_cast<char>('0' + static_cast<int>(value % 10)));
        value /= 10;
    }
    std::reverse(digits.begin(), digits.end());
    return digits;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Turns to_decimal's plain "-1234567.89" into the reader's convention.
std::string localise(const std::string& plain, bool dutch) {
    if (!dutch) {
        return plain;
    }
    std::string result;
    append_dutch(result, plain);
    return result;
}

std::uint64_t mix64(std::uint64_t x) {
    // splitmix64 finaliser: cheap and spreads nearby numerators/denominators apart.
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

std::uint64_t hash_mpz(std::uint64_t seed, const mpz_class& z) {
    std::uint64_t h = mix64(seed ^ static_cast<std::uint64_t>(sgn(z) + 2));
    const std::size_t limbs = mpz_size(z.get_mpz_t());
    for (std::size_t i = 0; i < limbs; ++i) {
        h = mix64(
            h ^ static_cast<std::uint64_t>(mpz_getlimbn(z.get_mpz_t(), static_cast<mp_size_t>(i))));
    }
    return h;
}

}  // namespace

// The one place that builds Numbers from raw parts, so the normal-form invariant (and with it
// equality and hashing) is enforced in a single spot.
struct NumberAccess {
    // make() for a numerator and a positive denominator that fit 64 bits: 64-bit gcd and
    // division only.
    static Number make64(std::int64_t num, std::int64_t den) {
        if (num == 0) {
            return Number{};
        }
        const std::uint64_t n = num < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(num)
                                        : static_cast<std::uint64_t>(num);
        const auto g = static_cast<std::int64_t>(std::gcd(n, static_cast<std::uint64_t>(den)));
        Number result;
        // g divides num exactly, so num / g cannot overflow unless g == 1 (then num stays).
        result.num_ = g == 1 ? num : num / g;
        result.den_ = den / g;
        return result;
    }
    static bool append_cents(const Number& n, std::string& out);
    static Number make(i128 num, i128 den) {
        const bool negative = (num < 0) != (den < 0);
        u128 n = magnitude(num);
        u128 d = magnitude(den);
        if (n == 0) {
            return Number{};
        }
        const u128 g = gcd_u128(n, d);
        n /= g;
        d /= g;
        if (d <= k_max_positive && n <= (negative ? k_max_negative : k_max_positive)) {
            Number result;
            result.num_ = signed_from_magnitude(static_cast<std::uint64_t>(n), negative);
            result.den_ = static_cast<std::int64_t>(d);
            return result;
        }
        // Already reduced, so the mpq is canonical without another gcd.
        mpq_class q;
        q.get_num() = mpz_from_magnitude(n, negative);
        q.get_den() = mpz_from_magnitude(d, false);
        return from_big(std::move(q));
    }

    // `q` must be canonical.
    static Number make(mpq_class q) {
        const auto num = mpz_to_int64(q.get_num());
        if (num) {
            const auto den = mpz_to_int64(q.get_den());
            if (den) {
                Number result;
                result.num_ = *num;
                result.den_ = *den;
                return result;
            }
        }
        return from_big(std::move(q));
    }

    static Number from_big(mpq_class q) {
        Number result;
        result.big_.reset(new Number::Big{std::move(q)});
        return result;
    }

    // Avoids copying a big operand: small values are widened into `scratch`.
    static const mpq_class& as_mpq(const Number& x, mpq_class& scratch) {
        if (x.big_) {
            return x.big_->q;
        }
        scratch.get_num() = mpz_from_int64(x.num_);
        scratch.get_den() = mpz_from_int64(x.den_);
        return scratch;
    }

    // floor(x) and how the dropped fraction compares to one half. Only for non-integers.
    struct Split {
        Number floor;
        int fraction_vs_half;  // <0, 0, >0
        bool floor_is_even;
    };

    static Split split(const Number& x) {
        if (!x.big_) {
            std::int64_t q = x.num_ / x.den_;
            std::int64_t r = x.num_ % x.den_;
            if (r < 0) {
                // den_ >= 2 here, so q is well inside range and q - 1 cannot overflow.
                q -= 1;
                r += x.den_;
            }
            const std::int64_t other = x.den_ - r;
            const int order = r < other ? -1 : (r > other ? 1 : 0);
            return Split{Number(q), order, q % 2 == 0};
        }
        mpz_class q;
        mpz_class r;
        mpz_fdiv_qr(q.get_mpz_t(), r.get_mpz_t(), x.big_->q.get_num_mpz_t(),
                    x.big_->q.get_den_mpz_t());
        const mpz_class twice = r * 2;
        const int c = cmp(twice, x.big_->q.get_den());
        const bool even = mpz_even_p(q.get_mpz_t()) != 0;
        return Split{make(mpq_class(q)), c < 0 ? -1 : (c > 0 ? 1 : 0), even};
    }
};

namespace {

Number binary_slow(const Number& a, const Number& b, char op) {
    mpq_class sa;
    mpq_class sb;
    const mpq_class& qa = NumberAccess::as_mpq(a, sa);
    const mpq_class& qb = NumberAccess::as_mpq(b, sb);
    mpq_class result;
    switch (op) {
        case '+':
            result = qa + qb;
            break;
        case '-':
            result = qa - qb;
            break;
        case '*':
            result = qa * qb;
            break;
        default:
            result = qa / qb;
            break;
    }
    return NumberAccess::make(std::move(result));
}

}  // namespace

const char* to_string(RoundingMode mode) {
    switch (mode) {
        case RoundingMode::half_up:
            return "half_up";
        case RoundingMode::half_even:
            return "half_even";
        case RoundingMode::half_down:
            return "half_down";
        case RoundingMode::down:
            return "down";
        case RoundingMode::up:
            return "up";
        case RoundingMode::floor:
            return "floor";
        case RoundingMode::ceiling:
            return "ceiling";
    }
    // Only reachable through a cast of an out-of-range value.
    return "unknown";
}

std::optional<RoundingMode> rounding_mode_from_string(std::string_view name) {
    constexpr std::array<RoundingMode, 7> modes{
        RoundingMode::half_up, RoundingMode::half_even, RoundingMode::half_down, RoundingMode::down,
        RoundingMode::up,      RoundingMode::floor,     RoundingMode::ceiling,
    };
    for (const RoundingMode mode : modes) {
        if (name == to_string(mode)) {
            return mode;
        }
    }
    return std::nullopt;
}

void Number::BigDeleter::operator()(Big* big) const noexcept {
    delete big;
}

Number::Big* Number::clone(const Big& big) {
    return new Big(big);
}

Number Number::ratio(std::int64_t num, std::int64_t den) {
    if (den == 0) {
        throw std::domain_error("Number::ratio: denominator is zero");
    }
    return NumberAccess::make(num, den);
}

std::optional<Number> Number::parse_decimal(std::string_view text) {
    const std::size_t size = text.size();
    std::size_t i = 0;
    bool negative = false;
    if (i < size && text[i] == '-') {
        negative = true;
        ++i;
    }

    const std::size_t int_begin = i;
    while (i < size && is_digit(text[i])) {
        ++i;
    }
    const std::size_t int_end = i;
    if (int_end == int_begin) {
        return std::nullopt;
    }
    // JSON forbids leading zeros; "01" is more likely a typo than a number.
    if (text[int_begin] == '0' && int_end - int_begin > 1) {
        return std::nullopt;
    }

    std::size_t frac_begin = i;
    std::size_t frac_end = i;
    if (i < size && text[i] == '.') {
        ++i;
        frac_begin = i;
        while (i < size && is_digit(text[i])) {
            ++i;
        }
        frac_end = i;
        if (frac_end == frac_begin) {
            return std::nullopt;
        }
    }

    std::int64_t exponent = 0;
    if (i < size && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        bool exponent_negative = false;
        if (i < size && (text[i] == '+' || text[i] == '-')) {
            exponent_negative = text[i] == '-';
            ++i;
        }
        const std::size_t exp_begin = i;
        while (i < size && is_digit(text[i])) {
            // Saturate instead of overflowing on absurdly long exponents; any value past
            // the limit is refused anyway.
            if (exponent <= k_max_exponent_magnitude) {
                exponent = exponent * 10 + (text[i] - '0');
            }
            ++i;
        }
        if (i == exp_begin) {
            return std::nullopt;
        }
        if (exponent > k_max_exponent_magnitude) {
            return std::nullopt;
        }
        if (exponent_negative) {
            exponent = -exponent;
        }
    }
    if (i != size) {
        return std::nullopt;
    }

    // The common case (an amount such as 1184.82, no exponent, at most 18 digits) is read
    // straight from the text: the digits fit an int64 and the denominator is a power of ten.
    const std::size_t int_digits = int_end - int_begin;
    const std::size_t frac_digits = frac_end - frac_begin;
    if (exponent == 0 && int_digits + frac_digits <= k_fast_pow10_limit) {
        std::uint64_t mantissa = 0;
        for (std::size_t k = int_begin; k < int_end; ++k) {
            mantissa = mantissa * 10 + static_cast<std::uint64_t>(text[k] - '0');
        }
        for (std::size_t k = frac_begin; k < frac_end; ++k) {
            mantissa = mantissa * 10 + static_cast<std::uint64_t>(text[k] - '0');
        }
        // At most 18 digits: the mantissa and 10^18 fit an int64.
        const auto signed_mantissa =
            negative ? -static_cast<std::int64_t>(mantissa) : static_cast<std::int64_t>(mantissa);
        return NumberAccess::make64(signed_mantissa,
                                    static_cast<std::int64_t>(k_pow10[frac_digits]));
    }

    std::string digits;
    digits.reserve((int_end - int_begin) + (frac_end - frac_begin));
    digits.append(text.substr(int_begin, int_end - int_begin));
    digits.append(text.substr(frac_begin, frac_end - frac_begin));
    const std::size_t first_significant = digits.find_first_not_of('0');
    if (first_significant == std::string::npos) {
        return Number{};
    }
    const std::size_t significant = digits.size() - first_significant;
    const std::int64_t scale = exponent - static_cast<std::int64_t>(frac_end - frac_begin);

    if (significant <= k_fast_pow10_limit) {
        std::uint64_t mantissa = 0;
        for (std::size_t k = first_significant; k < digits.size(); ++k) {
            mantissa = mantissa * 10 + static_cast<std::uint64_t>(digits[k] - '0');
        }
        const i128 signed_mantissa =
            negative ? -static_cast<i128>(mantissa) : static_cast<i128>(mantissa);
        if (scale >= 0 && static_cast<std::uint64_t>(scale) <= k_fast_pow10_limit) {
            return NumberAccess::make(
                signed_mantissa * static_cast<i128>(k_pow10[static_cast<std::size_t>(scale)]), 1);
        }
        if (scale < 0 && static_cast<std::uint64_t>(-scale) <= k_fast_pow10_limit) {
            return NumberAccess::make(signed_mantissa,
                                      static_cast<i128>(k_pow10[static_cast<std::size_t>(-scale)]));
        }
    }

    mpz_class mantissa(digits.substr(first_significant), 10);
    if (negative) {
        mantissa = -mantissa;
    }
    mpq_class q;
    if (scale >= 0) {
        q.get_num() = mantissa * pow10_mpz(static_cast<std::uint64_t>(scale));
    } else {
        q.get_num() = mantissa;
        q.get_den() = pow10_mpz(static_cast<std::uint64_t>(-scale));
        q.canonicalize();
    }
    return NumberAccess::make(std::move(q));
}

Number operator+(const Number& a, const Number& b) {
    if (a.is_small() && b.is_small()) {
        if (a.den_ == b.den_) {
            // The common case (two amounts in cents) needs no cross-multiplication.
            return NumberAccess::make(static_cast<i128>(a.num_) + b.num_, a.den_);
        }
        return NumberAccess::make(
            static_cast<i128>(a.num_) * b.den_ + static_cast<i128>(b.num_) * a.den_,
            static_cast<i128>(a.den_) * b.den_);
    }
    return binary_slow(a, b, '+');
}

Number operator-(const Number& a, const Number& b) {
    if (a.is_small() && b.is_small()) {
        if (a.den_ == b.den_) {
            return NumberAccess::make(static_cast<i128>(a.num_) - b.num_, a.den_);
        }
        return NumberAccess::make(
            static_cast<i128>(a.num_) * b.den_ - static_cast<i128>(b.num_) * a.den_,
            static_cast<i128>(a.den_) * b.den_);
    }
    return binary_slow(a, b, '-');
}

Number operator*(const Number& a, const Number& b) {
    if (a.is_small() && b.is_small()) {
        return NumberAccess::make(static_cast<i128>(a.num_) * b.num_,
                                  static_cast<i128>(a.den_) * b.den_);
    }
    return binary_slow(a, b, '*');
}

Number operator/(const Number& a, const Number& b) {
    if (b.sign() == 0) {
        throw std::domain_error("Number: division by zero");
    }
    if (a.is_small() && b.is_small()) {
        return NumberAccess::make(static_cast<i128>(a.num_) * b.den_,
                                  static_cast<i128>(a.den_) * b.num_);
    }
    return binary_slow(a, b, '/');
}

Number Number::operator-() const {
    if (!big_) {
        // Goes through make so that -INT64_MIN is promoted instead of overflowing.
        return NumberAccess::make(-static_cast<i128>(num_), den_);
    }
    return NumberAccess::make(mpq_class(-big_->q));
}

bool operator==(const Number& a, const Number& b) {
    if (a.is_small() && b.is_small()) {
        return a.num_ == b.num_ && a.den_ == b.den_;
    }
    if (a.is_small() != b.is_small()) {
        // Demotion guarantees a big value never fits the small form.
        return false;
    }
    return a.big_->q == b.big_->q;
}

std::strong_ordering operator<=>(const Number& a, const Number& b) {
    if (a.is_small() && b.is_small()) {
        // Denominators are positive, so cross-multiplying keeps the order.
        return static_cast<i128>(a.num_) * b.den_ <=> static_cast<i128>(b.num_) * a.den_;
    }
    mpq_class sa;
    mpq_class sb;
    const int c = cmp(NumberAccess::as_mpq(a, sa), NumberAccess::as_mpq(b, sb));
    if (c < 0) {
        return std::strong_ordering::less;
    }
    return c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal;
}

int Number::sign() const {
    if (big_) {
        const int s = sgn(big_->q);
        return s < 0 ? -1 : (s > 0 ? 1 : 0);
    }
    return num_ < 0 ? -1 : (num_ > 0 ? 1 : 0);
}

bool Number::is_integer() const {
    if (big_) {
        return big_->q.get_den() == 1;
    }
    return den_ == 1;
}

Number Number::abs() const {
    if (sign() < 0) {
        return -*this;
    }
    return *this;
}

Number Number::round(const Number& unit, RoundingMode mode) const {
    if (unit.sign() <= 0) {
        throw std::domain_error("Number::round: unit must be positive");
    }
    const Number steps = *this / unit;
    if (steps.is_integer()) {
        return *this;
    }
    const NumberAccess::Split split = NumberAccess::split(steps);
    // A non-integer is positive exactly when its floor is non-negative.
    const bool positive = split.floor.sign() >= 0;
    const bool tie = split.fraction_vs_half == 0;
    const bool above_half = split.fraction_vs_half > 0;

    bool take_ceiling = false;
    switch (mode) {
        case RoundingMode::half_up:
            take_ceiling = above_half || (tie && positive);
            break;
        case RoundingMode::half_even:
            take_ceiling = above_half || (tie && !split.floor_is_even);
            break;
        case RoundingMode::half_down:
            take_ceiling = above_half || (tie && !positive);
            break;
        case RoundingMode::down:
            take_ceiling = !positive;
            break;
        case RoundingMode::up:
            take_ceiling = positive;
            break;
        case RoundingMode::floor:
            take_ceiling = false;
            break;
        case RoundingMode::ceiling:
            take_ceiling = true;
            break;
    }
    const Number whole = take_ceiling ? split.floor + Number(1) : split.floor;
    return whole * unit;
}

bool Number::is_multiple_of(const Number& unit) const {
    if (unit.sign() <= 0) {
        throw std::domain_error("Number::is_multiple_of: unit must be positive");
    }
    if (is_small() && unit.is_small()) {
        // (num/den) / (unum/uden) is a whole number iff den * unum divides num * uden; both
        // products fit 127 bits, and den * unum > 0.
        std::int64_t dividend64 = 0;
        std::int64_t divisor64 = 0;
        if (!__builtin_mul_overflow(num_, unit.den_, &dividend64) &&
            !__builtin_mul_overflow(den_, unit.num_, &divisor64)) {
            return dividend64 % divisor64 == 0;  // divisor64 > 0, so never INT64_MIN % -1
        }
        const i128 dividend = static_cast<i128>(num_) * unit.den_;
        const i128 divisor = static_cast<i128>(den_) * unit.num_;
        return dividend % divisor == 0;
    }
    return (*this / unit).is_integer();
}

std::optional<std::int64_t> Number::to_int64() const {
    // A big value is never an int64 integer: it would have been demoted.
    if (big_ || den_ != 1) {
        return std::nullopt;
    }
    return num_;
}

bool append_cents(const Number& n, std::string& out) {
    return NumberAccess::append_cents(n, out);
}

void append_dutch(std::string& out, std::string_view plain) {
    const bool negative = !plain.empty() && plain.front() == '-';
    const std::size_t start = negative ? 1 : 0;
    const std::size_t point = plain.find('.');
    const std::size_t int_end = point == std::string_view::npos ? plain.size() : point;
    if (negative) {
        out.push_back('-');
    }
    for (std::size_t i = start; i < int_end; ++i) {
        const std::size_t remaining = int_end - i;
        if (i != start && remaining % 3 == 0) {
            out.push_back('.');
        }
        out.push_back(plain[i]);
    }
    if (point != std::string_view::npos) {
        out.push_back(',');
        out.append(plain.substr(point + 1));
    }
}

bool NumberAccess::append_cents(const Number& n, std::string& out) {
    if (n.big_ || 100 % n.den_ != 0) {
        return false;
    }
    const i128 cents = static_cast<i128>(n.num_) * (100 / n.den_);
    const u128 mag = magnitude(cents);
    if ((mag >> 64) != 0) {
        return false;
    }
    const auto m = static_cast<std::uint64_t>(mag);
    if (cents < 0) {
        out += '-';
    }
    std::array<char, 24> digits{};
    auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), m / 100);
    out.append(digits.data(), end);
    const auto frac = static_cast<unsigned>(m % 100);
    out += '.';
    out += static_cast<char>('0' + frac / 10);
    out += static_cast<char>('0' + frac % 10);
    return ec == std::errc();
}

std::optional<std::string> Number::to_decimal(int min_fraction_digits,
                                              int max_fraction_digits) const {
    const std::uint64_t min_digits = static_cast<std::uint64_t>(std::max(0, min_fraction_digits));
    const std::uint64_t max_digits = static_cast<std::uint64_t>(std::max(0, max_fraction_digits));
    const bool negative = sign() < 0;

    // A fraction terminates iff its denominator is 2^a * 5^b; it then needs max(a, b) digits.
    std::string scaled;
    std::uint64_t digits = 0;
    bool done = false;
    if (!big_) {
        std::uint64_t d = static_cast<std::uint64_t>(den_);
        std::uint64_t twos = 0;
        std::uint64_t fives = 0;
        while (d % 2 == 0) {
            d /= 2;
            ++twos;
        }
        while (d % 5 == 0) {
            d /= 5;
            ++fives;
        }
        if (d != 1) {
            return std::nullopt;
        }
        const std::uint64_t needed = std::max(twos, fives);
        if (needed > max_digits) {
            return std::nullopt;
        }
        digits = std::max(needed, min_digits);
        if (digits <= k_fast_pow10_limit) {
            // |num| < 2^64 and 10^18 < 2^60, so the product fits comfortably.
            const u128 value = magnitude(num_) * k_pow10[static_cast<std::size_t>(digits)] /
                               static_cast<u128>(den_);
            scaled = u128_to_string(value);
            done = true;
        }
    }
    if (!done) {
        mpq_class scratch;
        const mpq_class& q = NumberAccess::as_mpq(*this, scratch);
        mpz_class rest = q.get_den();
        const mp_bitcnt_t twos =
            mpz_remove(rest.get_mpz_t(), rest.get_mpz_t(), mpz_class(2).get_mpz_t());
        const mp_bitcnt_t fives =
            mpz_remove(rest.get_mpz_t(), rest.get_mpz_t(), mpz_class(5).get_mpz_t());
        if (rest != 1) {
            return std::nullopt;
        }
        const std::uint64_t needed =
            std::max(static_cast<std::uint64_t>(twos), static_cast<std::uint64_t>(fives));
        if (needed > max_digits) {
            return std::nullopt;
        }
        digits = std::max(needed, min_digits);
        mpz_class value;
        mpz_abs(value.get_mpz_t(), q.get_num_mpz_t());
        value *= pow10_mpz(digits);
        mpz_divexact(value.get_mpz_t(), value.get_mpz_t(), q.get_den_mpz_t());
        scaled = value.get_str(10);
    }

    const std::size_t fraction_len = static_cast<std::size_t>(digits);
    if (scaled.size() <= fraction_len) {
        // Pad so there is at least one digit before the point: 0.01, not .01.
        scaled.insert(0, fraction_len + 1 - scaled.size(), '0');
    }
    if (fraction_len > 0) {
        scaled.insert(scaled.size() - fraction_len, 1, '.');
    }
    if (negative) {
        scaled.insert(0, 1, '-');
    }
    return scaled;
}

std::string Number::to_display(bool dutch) const {
    constexpr int display_digits = 12;
    if (auto exact = to_decimal(0, display_digits)) {
        return localise(*exact, dutch);
    }
    std::string fraction;
    if (big_) {
        fraction = big_->q.get_num().get_str(10) + "/" + big_->q.get_den().get_str(10);
    } else {
        fraction = std::to_string(num_) + "/" + std::to_string(den_);
    }
    const Number unit = ratio(1, static_cast<std::int64_t>(k_pow10[display_digits]));
    const Number approx = round(unit, RoundingMode::half_up);
    // Always succeeds: approx is a whole number of 10^-12.
    const std::string approx_text = approx.to_decimal(display_digits, display_digits).value();
    return fraction + " (≈ " + localise(approx_text, dutch) + ")";
}

std::string Number::to_money_display() const {
    // The sign goes before the euro sign, as Dutch amounts are written: "-€ 12,50".
    const std::string prefix = sign() < 0 ? "-€ " : "€ ";
    const Number magnitude_value = abs();
    // Whole cents get exactly two decimals; finer terminating amounts keep every digit.
    if (auto exact = magnitude_value.to_decimal(2, 12)) {
        return prefix + localise(*exact, true);
    }
    return prefix + magnitude_value.to_display(true);
}

std::size_t Number::hash() const {
    if (big_) {
        const std::uint64_t h = hash_mpz(0x51ed2701U, big_->q.get_num());
        return static_cast<std::size_t>(hash_mpz(h, big_->q.get_den()));
    }
    const std::uint64_t h = mix64(static_cast<std::uint64_t>(num_) ^ 0x9e3779b97f4a7c15ULL);
    return static_cast<std::size_t>(mix64(h ^ static_cast<std::uint64_t>(den_)));
}

}  // namespace regels::interp
