// limit_soo: the SOO allocation of rules/soo/soo.rules written by hand, as the limit the
// engine is compared against in bench/scaling.py (issue 25).
//
//     limit_soo IN.jsonl OUT.jsonl
//
// Reads the applications (`Aanvraag`, one JSON object per line) with simdjson On-Demand as a
// document stream, decides per application `aanspraak` and `gevraagd` in exact integer
// cents, sorts the applications with a claim by (ingediend_op, id), gives out the budget in
// one scan over that queue, and writes one line per application in input order:
//
//     {"id":"SOO-0000001","aanspraak":true,"gevraagd":"121250.00","toekenning":"121250.00"}
//
// On standard output: `total_cents=T granted=G records=N claimants=C`, where T is the sum of
// the toekenning in cents and G the number of applications granted more than € 0,00.
// Phase times go to standard error. Exit 0, or 2 on unusable input.
//
// The parameters are those of soo.rules valid on 2025-06-01 (the as-of date scaling.py
// uses); the rules have one version of each from 2025-01-01.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <simdjson.h>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace od = simdjson::ondemand;

constexpr std::int64_t bedrag_per_m2_cents = 2'500'00;        // soo.bedrag_per_m2
constexpr std::int64_t budget_cents = 23'000'000'00;          // soo.budget
constexpr std::int32_t uiterste_vergunningsdatum = 20260929;  // soo.uiterste_vergunningsdatum
// soo.minimaal_aandeel_onder_grens = 75%: onder >= 3/4 × huur, that is 4 × onder >= 3 × huur.

struct Application {
    std::string id;
    std::int32_t ingediend_op = 0;  // yyyymmdd
    std::int64_t gevraagd = 0;      // cents
    std::int64_t toekenning = 0;    // cents
    bool aanspraak = false;
};

[[noreturn]] void fail(std::size_t line, const std::string& what) {
    std::fprintf(stderr, "limit_soo: record %zu: %s\n", line, what.c_str());
    std::exit(2);
}

// "YYYY-MM-DD" as yyyymmdd.
std::int32_t parse_date(std::string_view s, std::size_t line) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') {
        fail(line, "not a date: " + std::string(s));
    }
    std::int32_t v = 0;
    for (std::size_t i : {0UL, 1UL, 2UL, 3UL, 5UL, 6UL, 8UL, 9UL}) {
        if (s[i] < '0' || s[i] > '9') {
            fail(line, "not a date: " + std::string(s));
        }
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

// The area in m² (a JSON number such as 48.5, written without exponent) times
// bedrag_per_m2, rounded down to the cent: floor(mantissa × 250000 / 10^scale), exactly.
// At most 18 digits, 12 of them after the point, so every step fits in 64 bits.
std::int64_t area_amount_cents(std::string_view raw, std::size_t line) {
    while (!raw.empty() &&
           (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\r' || raw.back() == '\n')) {
        raw.remove_suffix(1);
    }
    std::uint64_t mantissa = 0;
    std::uint64_t scale = 1;
    bool fraction = false;
    int digits = 0;
    for (char c : raw) {
        if (c == '.' && !fraction) {
            fraction = true;
        } else if (c >= '0' && c <= '9' && digits < 18 &&
                   (!fraction || scale < 1'000'000'000'000)) {
            mantissa = mantissa * 10 + static_cast<std::uint64_t>(c - '0');
            if (fraction) {
                scale *= 10;
            }
            ++digits;
        } else {
            fail(line,
                 "oppervlakte is not a non-negative decimal without exponent, with at "
                 "most 18 digits and 12 decimals: " +
                     std::string(raw));
        }
    }
    const std::uint64_t per_m2 = static_cast<std::uint64_t>(bedrag_per_m2_cents);
    const std::uint64_t whole = mantissa / scale;
    if (whole > static_cast<std::uint64_t>(INT64_MAX) / per_m2 / 2) {
        fail(line, "oppervlakte too large");
    }
    return static_cast<std::int64_t>(whole * per_m2 + (mantissa % scale) * per_m2 / scale);
}

// soo.maximum
std::int64_t maximum_cents(std::int64_t woningen) {
    if (woningen > 50) {
        return 175'000'00;
    }
    if (woningen > 20) {
        return 150'000'00;
    }
    if (woningen >= 5) {
        return 100'000'00;
    }
    return 0;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

void append_cents(std::string& out, std::int64_t cents) {
    char buf[32];
    const int n = std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(cents / 100),
                                static_cast<long long>(cents % 100));
    out.append(buf, static_cast<std::size_t>(n));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: limit_soo IN.jsonl OUT.jsonl\n");
        return 2;
    }
    const auto start = std::chrono::steady_clock::now();
    simdjson::padded_string input;
    if (auto error = simdjson::padded_string::load(argv[1]).get(input)) {
        std::fprintf(stderr, "limit_soo: %s: %s\n", argv[1], simdjson::error_message(error));
        return 2;
    }
    od::parser parser;
    od::document_stream stream;
    if (auto error = parser.iterate_many(input).get(stream)) {
        std::fprintf(stderr, "limit_soo: %s\n", simdjson::error_message(error));
        return 2;
    }

    // Read and decide per record.
    std::vector<Application> apps;
    apps.reserve(input.size() / 200 + 16);
    std::size_t line = 0;
    for (auto doc : stream) {
        ++line;
        od::object obj;
        if (doc.get_object().get(obj)) {
            fail(line, "not a JSON object");
        }
        Application a;
        std::int64_t woningen = -1, huur = -1, onder = -1;
        std::int32_t vergunning = 0;  // 0: absent or null
        bool have_id = false, have_date = false, have_area = false;
        for (auto field : obj) {
            std::string_view key;
            if (field.unescaped_key().get(key)) {
                fail(line, "bad key");
            }
            od::value v = field.value();
            std::string_view text;
            if (key == "id") {
                if (v.get_string().get(text)) {
                    fail(line, "id is not text");
                }
                a.id.assign(text);
                have_id = true;
            } else if (key == "ingediend_op") {
                if (v.get_string().get(text)) {
                    fail(line, "ingediend_op is not a date");
                }
                a.ingediend_op = parse_date(text, line);
                have_date = true;
            } else if (key == "vergunning_op") {
                if (!v.is_null()) {
                    if (v.get_string().get(text)) {
                        fail(line, "vergunning_op is not a date");
                    }
                    vergunning = parse_date(text, line);
                }
            } else if (key == "oppervlakte") {
                a.gevraagd = area_amount_cents(v.raw_json_token(), line);
                have_area = true;
            } else if (key == "woningen" || key == "huurwoningen" ||
                       key == "huurwoningen_onder_grens") {
                std::int64_t n = 0;
                if (v.get_int64().get(n)) {
                    fail(line, std::string(key) + " is not a whole number");
                }
                (key == "woningen" ? woningen : key == "huurwoningen" ? huur : onder) = n;
            }
            // cluster (and anything else) is not needed for the decision
        }
        if (!have_id || !have_date || !have_area || woningen < 0 || huur < 0 || onder < 0) {
            fail(line, "a field is missing");
        }
        // soo.gevraagd = min(round(oppervlakte × bedrag_per_m2, € 0,01, down), maximum(a))
        a.gevraagd = std::min(a.gevraagd, maximum_cents(woningen));
        // soo.aanspraak = woningen >= 5 and huurvoorwaarde and op_tijd
        const bool huurvoorwaarde = huur > 0 && 4 * onder >= 3 * huur;
        const bool op_tijd = vergunning != 0 && vergunning <= uiterste_vergunningsdatum;
        a.aanspraak = woningen >= 5 && huurvoorwaarde && op_tijd;
        apps.push_back(std::move(a));
    }
    if (stream.truncated_bytes() != 0) {
        std::fprintf(stderr, "limit_soo: %zu bytes after the last record are not JSON\n",
                     stream.truncated_bytes());
        return 2;
    }
    const double read_s = seconds_since(start);

    // soo.toekenning: the claims in order of ingediend_op (equal dates by the key, id), met
    // in full until the budget runs out; the claim at that point gets what is left.
    const auto t_sort = std::chrono::steady_clock::now();
    std::vector<std::uint32_t> queue;
    queue.reserve(apps.size());
    for (std::size_t i = 0; i < apps.size(); ++i) {
        if (apps[i].aanspraak) {
            queue.push_back(static_cast<std::uint32_t>(i));
        }
    }
    std::sort(queue.begin(), queue.end(), [&](std::uint32_t x, std::uint32_t y) {
        const Application& a = apps[x];
        const Application& b = apps[y];
        if (a.ingediend_op != b.ingediend_op) {
            return a.ingediend_op < b.ingediend_op;
        }
        return a.id < b.id;
    });
    std::int64_t left = budget_cents;
    for (std::uint32_t i : queue) {
        const std::int64_t take = std::min(apps[i].gevraagd, left);
        apps[i].toekenning = take;
        left -= take;
    }
    const double sort_s = seconds_since(t_sort);

    // One line per application, in input order.
    const auto t_write = std::chrono::steady_clock::now();
    std::FILE* out = std::fopen(argv[2], "wb");
    if (out == nullptr) {
        std::fprintf(stderr, "limit_soo: cannot write %s\n", argv[2]);
        return 2;
    }
    std::string buf;
    buf.reserve(1 << 20);
    std::int64_t total = 0;
    std::int64_t granted = 0;
    for (const Application& a : apps) {
        total += a.toekenning;
        granted += a.toekenning > 0 ? 1 : 0;
        buf += "{\"id\":\"";
        buf += a.id;  // written as read: the generator's ids need no escaping
        buf += a.aanspraak ? "\",\"aanspraak\":true,\"gevraagd\":\""
                           : "\",\"aanspraak\":false,\"gevraagd\":\"";
        append_cents(buf, a.gevraagd);
        buf += "\",\"toekenning\":\"";
        append_cents(buf, a.toekenning);
        buf += "\"}\n";
        if (buf.size() > (1 << 20) - 256) {
            std::fwrite(buf.data(), 1, buf.size(), out);
            buf.clear();
        }
    }
    std::fwrite(buf.data(), 1, buf.size(), out);
    if (std::fclose(out) != 0) {
        std::fprintf(stderr, "limit_soo: writing %s failed\n", argv[2]);
        return 2;
    }
    const double write_s = seconds_since(t_write);

    std::printf("total_cents=%lld granted=%lld records=%zu claimants=%zu\n",
                static_cast<long long>(total), static_cast<long long>(granted), apps.size(),
                queue.size());
    std::fprintf(stderr, "limit_soo: read+decide %.3f s, sort+allocate %.3f s, write %.3f s\n",
                 read_s, sort_s, write_s);
    return 0;
}
