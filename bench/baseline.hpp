// Hand-written C++ baseline for benchmark workload v1 ("registraties").
//
// This is the loop the Regels engine is compared against: read JSON Lines, parse each record
// with nlohmann_json, apply the workload's decision (see ../shared/bench/WORKLOAD.md) in
// plain C++ with money in integer cents, and accumulate the checksum (grand total + count per
// reason) and the per (gemeente, uitkeringsjaar) totals. The checksum helpers here are shared
// by bench_registraties and baseline_checksum.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace regels::bench {

// The reasons in the fixed order of the checksum (and of reference.py).
enum class Reason : std::uint8_t {
    buiten_periode,
    dubbele_subsidie_wbi,
    dubbele_subsidie_sbi,
    dubbele_subsidie_rha,
    dubbele_subsidie_sft,
    niet_betaalbaar,
    toegekend,
};

inline constexpr std::size_t reason_count = 7;

inline constexpr std::array<std::string_view, reason_count> reason_names{
    "buiten_periode",
    "dubbele_subsidie:WBI",
    "dubbele_subsidie:SBI",
    "dubbele_subsidie:RHA",
    "dubbele_subsidie:SFT",
    "niet_betaalbaar",
    "toegekend",
};

// Index of a reason name in reason_names, or nullopt for an unknown name.
std::optional<std::size_t> reason_index(std::string_view name);

struct Checksum {
    std::int64_t total_cents = 0;
    std::array<std::int64_t, reason_count> counts{};

    bool operator==(const Checksum&) const = default;

    std::int64_t records() const;
};

// Runs the baseline over a JSON Lines file. If output_path is non-empty, writes one line per
// record and then one line per (gemeente, uitkeringsjaar) aggregate, byte-identical to the
// OUTPUT file of reference.py. Throws std::runtime_error on I/O errors and malformed records.
Checksum run_baseline(const std::string& input_path, const std::string& output_path = {});

// The checksum exactly as reference.py prints it on stdout (8 lines, each ending in '\n').
std::string format_checksum(const Checksum& checksum);

// Parses format_checksum's output (and so reference.py's stdout); nullopt if malformed.
std::optional<Checksum> parse_checksum(std::string_view text);

// Cents as a decimal with two digits after the point: 123456 -> "1234.56", -5 -> "-0.05".
std::string format_cents(std::int64_t cents);

// Exact decimal text to cents: "7000", "7000.5", "7000.50", "-0.05", "12.340" (trailing zeros
// beyond the cents are fine). nullopt if malformed, finer than a cent, or out of range.
std::optional<std::int64_t> parse_cents(std::string_view text);

}  // namespace regels::bench
