// Exact numbers for money, decimals and rationals.
//
// Every euro that passes through the engine is a Number: an exact rational. Most values in
// practice are small (a few cents to a few hundred million euros, denominators like 100 or
// 130), so a Number holds a normalised int64 numerator/denominator pair and only falls back
// to GMP's mpq_class when an intermediate result no longer fits. The fast path allocates
// nothing; the slow path is still exact. Binary floating point is never used.
//
// Invariants (fast path): den_ > 0, gcd(|num_|, den_) == 1, big_ == nullptr.
// Invariants (slow path): big_ != nullptr, canonical mpq; num_/den_ unused. A result that
// fits the fast path again is demoted, so equal values always compare and hash alike.
#pragma once

#include <compare>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace regels::interp {

// How `round` breaks ties and which way it moves. Named in the rules, shown in explanations.
enum class RoundingMode : std::uint8_t {
    half_up,    // ties away from zero: 2,5 -> 3; -2,5 -> -3
    half_even,  // ties to the even neighbour: 2,5 -> 2; 3,5 -> 4
    half_down,  // ties toward zero: 2,5 -> 2; -2,5 -> -2
    down,       // toward zero (truncate)
    up,         // away from zero
    floor,      // toward minus infinity
    ceiling,    // toward plus infinity
};

const char* to_string(RoundingMode mode);
std::optional<RoundingMode> rounding_mode_from_string(std::string_view name);

class Number {
public:
    Number() noexcept = default;
    Number(
        std::int64_t value) noexcept  // NOLINT(google-explicit-constructor): integers are numbers
        : num_(value) {}

    // The special members are inline: copying and destroying a small Number is a few moves
    // on the hot path; only a big one calls into the .cpp (clone, and the deleter).
    Number(const Number& other) : num_(other.num_), den_(other.den_) {
        if (other.big_) {
            big_.reset(clone(*other.big_));
        }
    }
    Number(Number&& other) noexcept
        : num_(other.num_), den_(other.den_), big_(std::move(other.big_)) {
        // A moved-from Number is still a valid value (zero), never a half-big shell.
        other.num_ = 0;
        other.den_ = 1;
    }
    Number& operator=(const Number& other) {
        if (this != &other) {
            // Allocate before touching *this so a bad_alloc leaves it unchanged.
            std::unique_ptr<Big, BigDeleter> copy(other.big_ ? clone(*other.big_) : nullptr);
            big_ = std::move(copy);
            num_ = other.num_;
            den_ = other.den_;
        }
        return *this;
    }
    Number& operator=(Number&& other) noexcept {
        if (this != &other) {
            big_ = std::move(other.big_);
            num_ = other.num_;
            den_ = other.den_;
            other.num_ = 0;
            other.den_ = 1;
        }
        return *this;
    }
    ~Number() = default;

    // num/den, normalised. den must not be 0 (throws std::domain_error).
    static Number ratio(std::int64_t num, std::int64_t den);

    // Exact value of a decimal literal as it appears in JSON or in rule text:
    // optional '-', digits, optional '.' digits, optional exponent [eE][+-]digits.
    // Returns nullopt for anything else (empty, "1.", ".5", "+1", "1e", hex, spaces), and for
    // exponents whose magnitude exceeds 308, the range JSON producers can mean (1e400 is
    // refused, not approximated).
    static std::optional<Number> parse_decimal(std::string_view text);

    // Arithmetic is exact. Division by zero throws std::domain_error.
    friend Number operator+(const Number& a, const Number& b);
    friend Number operator-(const Number& a, const Number& b);
    friend Number operator*(const Number& a, const Number& b);
    friend Number operator/(const Number& a, const Number& b);
    Number operator-() const;

    friend bool operator==(const Number& a, const Number& b);
    friend std::strong_ordering operator<=>(const Number& a, const Number& b);

    int sign() const;  // -1, 0, 1
    bool is_integer() const;
    Number abs() const;

    // Rounds to a multiple of `unit` (unit > 0, else std::domain_error): round(1234,5; 1) etc.
    // E.g. unit = 1/100 rounds to cents, unit = 100000 rounds to whole hundred-thousands.
    Number round(const Number& unit, RoundingMode mode) const;
    bool is_multiple_of(const Number& unit) const;  // unit > 0

    // The integer value if this is an integer that fits in int64.
    std::optional<std::int64_t> to_int64() const;

    // Exact decimal text when the value has a terminating decimal expansion with at most
    // `max_fraction_digits` digits after the point; otherwise nullopt. At least
    // `min_fraction_digits` fraction digits are written (zero-padded). Uses '.' and no
    // thousands separators: "7323111.00", "-0.5", "0.01". Integers with min 0: "42".
    std::optional<std::string> to_decimal(int min_fraction_digits = 0,
                                          int max_fraction_digits = 40) const;

    // A human rendering that always succeeds: the exact decimal if it terminates within 12
    // fraction digits, otherwise the fraction "100/13" followed by " (≈ 7,692307692308)".
    // `dutch` selects ',' as decimal mark and '.' as thousands separator in the decimal part.
    std::string to_display(bool dutch) const;

    // "€ 7.323.111,00" / "-€ 12,50": whole cents are written with two decimals; a value that
    // is not a whole number of cents is written in full ("€ 1.772.307,692307…", via to_display).
    std::string to_money_display() const;

    std::size_t hash() const;

    bool is_small() const {
        return big_ == nullptr;
    }

private:
    std::int64_t num_ = 0;
    std::int64_t den_ = 1;
    // Slow path only. Opaque here so callers need not include GMP; the .cpp defines it.
    struct Big;
    struct BigDeleter {
        void operator()(Big* big) const noexcept;
    };
    static Big* clone(const Big& big);
    std::unique_ptr<Big, BigDeleter> big_;

    friend struct NumberAccess;
};

}  // namespace regels::interp
