// Hand-written C++ baseline for benchmark workload v1 ("registraties"): the decision in plain
// C++ over nlohmann_json records, money in integer cents. See baseline.hpp.
#include "bench/baseline.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

namespace regels::bench {

namespace {

using json = nlohmann::json;

// Benchmark parameters from WORKLOAD.md (benchmark values, not a statement of the law).
constexpr std::int64_t periode_first = 2025;
constexpr std::int64_t periode_last = 2029;
constexpr std::int64_t bijdrage_cents = 700000;  // 7000.00 per woning

// Limits per jaar: 2025 has its own value, 2026 and later use the 2026 value.
constexpr std::int64_t middenhuur_grens_cents(std::int64_t jaar) {
    return jaar <= 2025 ? 118482 : 122807;
}
constexpr std::int64_t koop_grens_cents(std::int64_t jaar) {
    return jaar <= 2025 ? 40500000 : 42000000;
}

// The regelingen that exclude a second subsidy, in priority order (PROV does not exclude).
constexpr std::array<std::string_view, 4> dedup_order{"WBI", "SBI", "RHA", "SFT"};

constexpr std::int64_t uitkeringsjaar_first = periode_first + 1;
constexpr std::size_t uitkeringsjaar_count =
    static_cast<std::size_t>(periode_last - periode_first + 1);

constexpr std::int64_t max_int64 = std::numeric_limits<std::int64_t>::max();

struct Decision {
    Reason reason = Reason::toegekend;
    std::int64_t bedrag_cents = 0;
    std::int64_t uitkeringsjaar = 0;  // 0: not eligible (null in the output)
};

// Totals of one gemeente, indexed by uitkeringsjaar - uitkeringsjaar_first. Eligible records
// always fall inside the periode, so a small fixed array replaces a map per gemeente.
struct GemeenteTotals {
    std::array<std::int64_t, uitkeringsjaar_count> cents{};
    std::array<bool, uitkeringsjaar_count> present{};
};

class RecordError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A JSON number in cents, exactly.
//
// nlohmann_json stores a number with a fraction as a double and drops its text, so a fraction
// is converted by rounding value * 100 to an integer and then checking that this integer,
// divided by 100, gives back the very same double. Both that division and the parser round
// correctly, so the check passes exactly when the input is the nearest double of a whole-cent
// decimal, and then the integer is that decimal's value in cents: exact. gen.py writes whole
// cents (huurprijs) or whole euros (koopprijs), and the limits are whole cents too; anything
// finer than a cent is rejected rather than silently rounded.
std::int64_t number_to_cents(const json& value, std::string_view field) {
    if (value.is_number_unsigned()) {
        const auto units = value.get<std::uint64_t>();
        if (units > static_cast<std::uint64_t>(max_int64 / 100)) {
            throw RecordError(std::string(field) + " out of range");
        }
        return static_cast<std::int64_t>(units) * 100;
    }
    if (value.is_number_integer()) {
        const auto units = value.get<std::int64_t>();
        if (units > max_int64 / 100 || units < -(max_int64 / 100)) {
            throw RecordError(std::string(field) + " out of range");
        }
        return units * 100;
    }
    if (value.is_number_float()) {
        const double units = value.get<double>();
        const double scaled = std::round(units * 100.0);
        constexpr double max_exact = 9007199254740992.0;  // 2^53
        if (!std::isfinite(scaled) || std::fabs(scaled) >= max_exact) {
            throw RecordError(std::string(field) + " out of range");
        }
        const auto cents = static_cast<std::int64_t>(scaled);
        if (static_cast<double>(cents) / 100.0 != units) {
            throw RecordError(std::string(field) + " is not a whole number of cents");
        }
        return cents;
    }
    throw RecordError(std::string(field) + " is not a number");
}

const json& member(const json& record, const char* name) {
    const auto it = record.find(name);
    if (it == record.end()) {
        throw RecordError(std::string("missing \"") + name + "\"");
    }
    return *it;
}

std::int64_t integer_member(const json& record, const char* name) {
    const json& value = member(record, name);
    if (value.is_number_integer()) {
        return value.get<std::int64_t>();  // an unsigned above int64 max fails the range checks
    }
    throw RecordError(std::string("\"") + name + "\" is not an integer");
}

const std::string& string_member(const json& record, const char* name) {
    const json& value = member(record, name);
    if (!value.is_string()) {
        throw RecordError(std::string("\"") + name + "\" is not a string");
    }
    return value.get_ref<const std::string&>();
}

// The workload's decision: the first rule that applies gives the reason.
Decision decide(const json& record) {
    const std::int64_t jaar = integer_member(record, "jaar");
    if (jaar < periode_first || jaar > periode_last) {
        return {Reason::buiten_periode, 0, 0};
    }

    const auto subsidies = record.find("eerdere_subsidies");
    if (subsidies != record.end() && subsidies->is_array()) {
        unsigned seen = 0;  // bit i: dedup_order[i] occurs in the list
        for (const json& regeling : *subsidies) {
            if (!regeling.is_string()) {
                continue;
            }
            const auto& name = regeling.get_ref<const std::string&>();
            for (std::size_t i = 0; i < dedup_order.size(); ++i) {
                if (name == dedup_order[i]) {
                    seen |= 1U << i;
                }
            }
        }
        for (std::size_t i = 0; i < dedup_order.size(); ++i) {
            if ((seen & (1U << i)) != 0) {
                return {
                    static_cast<Reason>(static_cast<std::size_t>(Reason::dubbele_subsidie_wbi) + i),
                    0, 0};
            }
        }
    }

    const std::string& segment = string_member(record, "segment");
    bool betaalbaar = false;
    if (segment == "sociale_huur") {
        betaalbaar = true;
    } else if (segment == "middenhuur") {
        betaalbaar = number_to_cents(member(record, "huurprijs"), "huurprijs") <=
                     middenhuur_grens_cents(jaar);
    } else if (segment == "koop") {
        betaalbaar =
            number_to_cents(member(record, "koopprijs"), "koopprijs") <= koop_grens_cents(jaar);
    }
    if (!betaalbaar) {
        return {Reason::niet_betaalbaar, 0, 0};
    }

    const std::int64_t woningen = integer_member(record, "woningen");
    if (woningen > max_int64 / bijdrage_cents || woningen < -(max_int64 / bijdrage_cents)) {
        throw RecordError("\"woningen\" out of range");
    }
    return {Reason::toegekend, woningen * bijdrage_cents, jaar + 1};
}

void append_int(std::string& out, std::int64_t value) {
    std::array<char, 24> digits{};
    const auto result = std::to_chars(digits.data(), digits.data() + digits.size(), value);
    out.append(digits.data(), result.ptr);
}

void append_cents(std::string& out, std::int64_t cents) {
    // Magnitude in uint64 so that int64 min is safe too.
    const std::uint64_t magnitude =
        cents < 0 ? 0U - static_cast<std::uint64_t>(cents) : static_cast<std::uint64_t>(cents);
    if (cents < 0) {
        out.push_back('-');
    }
    std::array<char, 24> digits{};
    const auto result =
        std::to_chars(digits.data(), digits.data() + digits.size(), magnitude / 100);
    out.append(digits.data(), result.ptr);
    const auto fraction = static_cast<unsigned>(magnitude % 100);
    out.push_back('.');
    out.push_back(static_cast<char>('0' + fraction / 10));
    out.push_back(static_cast<char>('0' + fraction % 10));
}

// A JSON string literal. Identifiers in the workload are plain ASCII, for which this is the
// text reference.py writes; anything else is escaped so that the output stays valid JSON.
void append_json_string(std::string& out, std::string_view text) {
    out.push_back('"');
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (static_cast<unsigned char>(c) < 0x20) {
            constexpr std::string_view hex = "0123456789abcdef";
            const auto byte = static_cast<unsigned char>(c);
            out.append("\\u00");
            out.push_back(hex[byte >> 4U]);
            out.push_back(hex[byte & 0xFU]);
        } else {
            out.push_back(c);
        }
    }
    out.push_back('"');
}

// Output file with a large write buffer; the per-record lines go through `buffer`.
class OutputFile {
public:
    explicit OutputFile(const std::string& path) : path_(path) {
        file_ = std::fopen(path.c_str(), "wb");
        if (file_ == nullptr) {
            throw std::runtime_error("cannot open " + path + " for writing");
        }
        buffer.reserve(flush_size + 4096);
    }
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    OutputFile(OutputFile&&) = delete;
    OutputFile& operator=(OutputFile&&) = delete;
    ~OutputFile() {
        if (file_ != nullptr) {
            std::fclose(file_);
        }
    }

    void maybe_flush() {
        if (buffer.size() >= flush_size) {
            flush();
        }
    }

    void close() {
        flush();
        const int rc = std::fclose(file_);
        file_ = nullptr;
        if (rc != 0) {
            throw std::runtime_error("error writing " + path_);
        }
    }

    std::string buffer;

private:
    static constexpr std::size_t flush_size = std::size_t{1} << 20U;

    void flush() {
        if (!buffer.empty() &&
            std::fwrite(buffer.data(), 1, buffer.size(), file_) != buffer.size()) {
            throw std::runtime_error("error writing " + path_);
        }
        buffer.clear();
    }

    std::string path_;
    std::FILE* file_ = nullptr;
};

void write_record(std::string& out, const std::string& id, const Decision& decision) {
    out.append("{\"id\":");
    append_json_string(out, id);
    if (decision.uitkeringsjaar != 0) {
        out.append(",\"eligible\":true,\"reason\":\"");
        out.append(reason_names[static_cast<std::size_t>(decision.reason)]);
        out.append("\",\"bedrag\":");
        append_cents(out, decision.bedrag_cents);
        out.append(",\"uitkeringsjaar\":");
        append_int(out, decision.uitkeringsjaar);
        out.append("}\n");
    } else {
        out.append(",\"eligible\":false,\"reason\":\"");
        out.append(reason_names[static_cast<std::size_t>(decision.reason)]);
        out.append("\",\"bedrag\":0,\"uitkeringsjaar\":null}\n");
    }
}

// The aggregate lines, sorted by (gemeente, uitkeringsjaar) like reference.py.
void write_aggregates(OutputFile& output,
                      const std::unordered_map<std::string, GemeenteTotals>& totals) {
    std::vector<const std::pair<const std::string, GemeenteTotals>*> sorted;
    sorted.reserve(totals.size());
    for (const auto& entry : totals) {
        sorted.push_back(&entry);
    }
    std::sort(sorted.begin(), sorted.end(),
              [](const auto* a, const auto* b) { return a->first < b->first; });
    for (const auto* entry : sorted) {
        for (std::size_t i = 0; i < uitkeringsjaar_count; ++i) {
            if (!entry->second.present[i]) {
                continue;
            }
            output.buffer.append("{\"gemeente\":");
            append_json_string(output.buffer, entry->first);
            output.buffer.append(",\"uitkeringsjaar\":");
            append_int(output.buffer, uitkeringsjaar_first + static_cast<std::int64_t>(i));
            output.buffer.append(",\"bedrag\":");
            append_cents(output.buffer, entry->second.cents[i]);
            output.buffer.append("}\n");
            output.maybe_flush();
        }
    }
}

bool is_blank(std::string_view line) {
    return line.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::string_view trim(std::string_view text) {
    const auto begin = text.find_first_not_of(" \t\r");
    if (begin == std::string_view::npos) {
        return {};
    }
    const auto end = text.find_last_not_of(" \t\r");
    return text.substr(begin, end - begin + 1);
}

std::optional<std::int64_t> parse_int(std::string_view text) {
    std::int64_t value = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (result.ec != std::errc{} || result.ptr != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

std::optional<std::size_t> reason_index(std::string_view name) {
    for (std::size_t i = 0; i < reason_names.size(); ++i) {
        if (reason_names[i] == name) {
            return i;
        }
    }
    return std::nullopt;
}

std::int64_t Checksum::records() const {
    std::int64_t sum = 0;
    for (const std::int64_t count : counts) {
        sum += count;
    }
    return sum;
}

Checksum run_baseline(const std::string& input_path, const std::string& output_path) {
    std::ifstream input(input_path, std::ios::binary);
    if (!input) {
        throw std::runtime_error("cannot open " + input_path);
    }
    std::unique_ptr<OutputFile> output;
    if (!output_path.empty()) {
        output = std::make_unique<OutputFile>(output_path);
    }

    Checksum checksum;
    std::unordered_map<std::string, GemeenteTotals> totals;
    std::string line;
    std::int64_t line_number = 0;
    while (std::getline(input, line)) {
        ++line_number;
        if (is_blank(line)) {
            continue;
        }
        try {
            if (line.front() == '[') {
                throw RecordError("a JSON array; the baseline reads JSON Lines (gen.py --jsonl)");
            }
            const json record = json::parse(line);
            if (!record.is_object()) {
                throw RecordError("not a JSON object");
            }
            const std::string& record_id = string_member(record, "id");
            const Decision decision = decide(record);
            ++checksum.counts[static_cast<std::size_t>(decision.reason)];
            if (decision.uitkeringsjaar != 0) {
                checksum.total_cents += decision.bedrag_cents;
                GemeenteTotals& gemeente = totals[string_member(record, "gemeente")];
                const auto slot =
                    static_cast<std::size_t>(decision.uitkeringsjaar - uitkeringsjaar_first);
                gemeente.cents[slot] += decision.bedrag_cents;
                gemeente.present[slot] = true;
            }
            if (output) {
                write_record(output->buffer, record_id, decision);
                output->maybe_flush();
            }
        } catch (const RecordError& error) {
            throw std::runtime_error(input_path + ":" + std::to_string(line_number) + ": " +
                                     error.what());
        } catch (const json::exception& error) {
            throw std::runtime_error(input_path + ":" + std::to_string(line_number) + ": " +
                                     error.what());
        }
    }
    if (input.bad()) {
        throw std::runtime_error("error reading " + input_path);
    }
    if (output) {
        write_aggregates(*output, totals);
        output->close();
    }
    return checksum;
}

std::string format_cents(std::int64_t cents) {
    std::string text;
    append_cents(text, cents);
    return text;
}

std::string format_checksum(const Checksum& checksum) {
    std::string text = "total ";
    append_cents(text, checksum.total_cents);
    text.push_back('\n');
    for (std::size_t i = 0; i < reason_count; ++i) {
        text.append("reason ");
        text.append(reason_names[i]);
        text.push_back(' ');
        append_int(text, checksum.counts[i]);
        text.push_back('\n');
    }
    return text;
}

std::optional<Checksum> parse_checksum(std::string_view text) {
    Checksum checksum;
    std::size_t reasons_seen = 0;
    bool total_seen = false;
    while (!text.empty()) {
        const auto newline = text.find('\n');
        const std::string_view line = trim(text.substr(0, newline));
        text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
        if (line.empty()) {
            continue;
        }
        if (!total_seen) {
            constexpr std::string_view prefix = "total ";
            if (!line.starts_with(prefix)) {
                return std::nullopt;
            }
            const auto total = parse_cents(line.substr(prefix.size()));
            if (!total) {
                return std::nullopt;
            }
            checksum.total_cents = *total;
            total_seen = true;
            continue;
        }
        // "reason <name> <count>", in the fixed order.
        constexpr std::string_view prefix = "reason ";
        if (reasons_seen >= reason_count || !line.starts_with(prefix)) {
            return std::nullopt;
        }
        const std::string_view rest = line.substr(prefix.size());
        const auto space = rest.rfind(' ');
        if (space == std::string_view::npos ||
            rest.substr(0, space) != reason_names[reasons_seen]) {
            return std::nullopt;
        }
        const auto count = parse_int(rest.substr(space + 1));
        if (!count) {
            return std::nullopt;
        }
        checksum.counts[reasons_seen] = *count;
        ++reasons_seen;
    }
    if (!total_seen || reasons_seen != reason_count) {
        return std::nullopt;
    }
    return checksum;
}

std::optional<std::int64_t> parse_cents(std::string_view text) {
    bool negative = false;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    const auto point = text.find('.');
    const std::string_view whole = text.substr(0, point);
    std::string_view fraction =
        point == std::string_view::npos ? std::string_view{} : text.substr(point + 1);
    if (whole.empty() || (point != std::string_view::npos && fraction.empty())) {
        return std::nullopt;
    }
    const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    if (!std::all_of(whole.begin(), whole.end(), is_digit) ||
        !std::all_of(fraction.begin(), fraction.end(), is_digit)) {
        return std::nullopt;
    }
    // Digits beyond the cents must be zeros, otherwise the amount is finer than a cent.
    while (fraction.size() > 2) {
        if (fraction.back() != '0') {
            return std::nullopt;
        }
        fraction.remove_suffix(1);
    }
    std::uint64_t units = 0;
    const auto result = std::from_chars(whole.data(), whole.data() + whole.size(), units);
    if (result.ec != std::errc{} || units > static_cast<std::uint64_t>(max_int64 / 100)) {
        return std::nullopt;
    }
    std::int64_t cents = static_cast<std::int64_t>(units) * 100;
    if (!fraction.empty()) {
        cents += std::int64_t{fraction[0] - '0'} * 10;
        if (fraction.size() == 2) {
            cents += fraction[1] - '0';
        }
    }
    return negative ? -cents : cents;
}

}  // namespace regels::bench
