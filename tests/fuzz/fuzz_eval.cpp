// Fuzz target: the NPLV decisions over structurally valid but random facts.
//
// The fuzzer's bytes drive a small generator instead of being parsed: they choose how many
// records of each type there are (none, a few, or thousands) and every field value, with a
// strong bias to the edges: amounts from -10^18 to 10^18 cents and the int64 limits, whole
// numbers at the int64 limits, years 1..9999, dates from 0001-01-01 to 9999-12-31, empty and
// full sets, empty and 10,000-character texts, absent optionals, and keys and area names
// that collide so groups and joins have members. Every value is one the facts decoder could
// have produced (money is whole cents, a set is sorted and unique, a year is 1..9999), so
// what goes wrong is the evaluator's or the renderers' problem, not the generator's.
//
// Then every NPLV decision and assertion is evaluated (with or without explanations, at a
// random date, under a step budget) and rendered. Evaluation errors (E3001 overflow, E3002
// division by zero, ...) are expected outcomes; crashes, hangs, leaks and undefined
// behaviour are findings.
//
// The rules are loaded once from $REGELS_ROOT/rules/nplv (default: the current directory).
// tests/unit/fuzz_regressions_test.cpp includes this file with REGELS_FUZZ_NO_ENTRY defined
// and calls run_one() on every saved input.
#include "dsl/check.hpp"
#include "dsl/datetime.hpp"
#include "dsl/diagnostics.hpp"
#include "interpreter/evaluator.hpp"
#include "interpreter/facts.hpp"
#include "interpreter/number.hpp"
#include "interpreter/render.hpp"
#include "interpreter/runner.hpp"
#include "stdlib/stdlib.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace regels::fuzz_eval {

// Reads the fuzzer's bytes as a stream of choices; past the end every choice is 0.
class Choices {
public:
    Choices(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    std::uint8_t byte() {
        return pos_ < size_ ? data_[pos_++] : std::uint8_t{0};
    }
    std::uint64_t u64() {
        std::uint64_t v = 0;
        for (int k = 0; k < 8; ++k) {
            v = (v << 8U) | byte();
        }
        return v;
    }
    // 0 <= result < bound (bound > 0); one byte for small bounds.
    std::uint64_t below(std::uint64_t bound) {
        if (bound <= 256) {
            return byte() % bound;
        }
        return u64() % bound;
    }
    std::int64_t between(std::int64_t low, std::int64_t high) {  // inclusive, low <= high
        auto span = static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low);
        if (span == std::numeric_limits<std::uint64_t>::max()) {
            return static_cast<std::int64_t>(u64());
        }
        return static_cast<std::int64_t>(static_cast<std::uint64_t>(low) + below(span + 1));
    }
    bool one_in(unsigned n) {
        return byte() % n == 0;
    }
    bool exhausted() const {
        return pos_ >= size_;
    }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t pos_ = 0;
};

constexpr std::int64_t i64_max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t i64_min = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t cents_limit = 1'000'000'000'000'000'000;  // 10^18 cents

struct Setup {
    std::unique_ptr<interp::LoadedRules> rules;
    interp::Facts tables;  // the rows of the rules' `table` declarations
    std::vector<std::uint32_t> selected;
};

inline std::string repo_root() {
    const char* env = std::getenv("REGELS_ROOT");
    return env != nullptr && *env != '\0' ? std::string(env) : std::string(".");
}

inline Setup& setup() {
    static Setup* s = [] {
        auto* out = new Setup;  // lives as long as the process
        const interp::Builtins& builtins = stdlib::standard_library();
        dsl::DiagnosticBag bag;
        dsl::CheckOptions options;
        options.lint_unused = options.lint_citations = false;
        out->rules =
            interp::load_rules({repo_root() + "/rules/nplv"}, builtins.signatures, bag, options);
        if (!out->rules || bag.has_errors() || out->rules->program.records.empty()) {
            std::string text =
                out->rules ? dsl::render_text(out->rules->sources, bag.sorted()) : "";
            std::fprintf(stderr,
                         "fuzz: cannot load %s/rules/nplv (set REGELS_ROOT to the repository)\n%s",
                         repo_root().c_str(), text.c_str());
            std::abort();
        }
        out->tables.tables.resize(out->rules->program.records.size());
        out->selected = interp::select_rules(out->rules->program, {}, bag);
        if (!interp::add_table_rows(out->rules->program, builtins, out->tables,
                                    regels::dsl::days_from_civil(2026, 11, 28), bag) ||
            out->selected.empty()) {
            std::fprintf(stderr, "fuzz: rules/nplv has no decisions or its tables do not load\n");
            std::abort();
        }
        return out;
    }();
    return *s;
}

// ---- values -------------------------------------------------------------------------------

class Generator {
public:
    Generator(const dsl::Program& program, Choices& in) : p_(program), in_(in) {}

    std::int64_t integer() {
        static constexpr std::int64_t edges[] = {0,
                                                 1,
                                                 -1,
                                                 2,
                                                 7,
                                                 10,
                                                 100,
                                                 130,
                                                 1000,
                                                 i64_max,
                                                 i64_min,
                                                 i64_max - 1,
                                                 i64_min + 1,
                                                 cents_limit,
                                                 -cents_limit,
                                                 4'294'967'296,
                                                 3'037'000'499,
                                                 -3'037'000'500};
        switch (in_.below(4)) {
            case 0:
                return edges[in_.below(std::size(edges))];
            case 1:
                return static_cast<std::int64_t>(in_.u64());
            default:
                return in_.between(-1000, 100'000);
        }
    }

    std::int64_t cents() {
        static constexpr std::int64_t edges[] = {0,
                                                 1,
                                                 -1,
                                                 50,
                                                 -50,
                                                 250,
                                                 -250,
                                                 700'000,
                                                 cents_limit,
                                                 -cents_limit,
                                                 cents_limit - 1,
                                                 i64_max,
                                                 i64_min,
                                                 i64_max / 100,
                                                 i64_min / 100};
        switch (in_.below(4)) {
            case 0:
                return edges[in_.below(std::size(edges))];
            case 1:
                return in_.between(-cents_limit, cents_limit);
            default:
                return in_.between(-100'000'000, 10'000'000'000);
        }
    }

    // As the facts decoder makes it: the exact value of a decimal text.
    interp::Number money() {
        std::int64_t c = cents();
        bool negative = c < 0;
        std::uint64_t magnitude =
            negative ? 0U - static_cast<std::uint64_t>(c) : static_cast<std::uint64_t>(c);
        std::string digits = std::to_string(magnitude / 100U);
        std::string fraction = std::to_string(100U + magnitude % 100U).substr(1);
        auto n = interp::Number::parse_decimal((negative ? "-" : "") + digits + "." + fraction);
        return n ? *n : interp::Number{};
    }

    interp::Number decimal() {
        std::string text = std::to_string(integer());
        if (in_.one_in(2)) {
            text += "." + std::to_string(in_.below(1'000'000));
        }
        if (in_.one_in(4)) {
            text += "e" + std::to_string(in_.between(-30, 30));
        }
        auto n = interp::Number::parse_decimal(text);
        return n ? *n : interp::Number{};
    }

    std::int64_t year() {
        switch (in_.below(4)) {
            case 0:
                return in_.one_in(2) ? 1 : 9999;
            case 1:
                return in_.between(1, 9999);
            default:
                return in_.between(2023, 2031);
        }
    }

    std::int32_t date() {
        auto y = static_cast<std::int32_t>(year());
        auto m = static_cast<unsigned>(in_.between(1, 12));
        auto d = static_cast<unsigned>(in_.between(1, 31));
        while (d > 28 && !dsl::valid_date(y, m, d)) {
            --d;
        }
        return dsl::days_from_civil(y, m, d);
    }

    std::string text(bool key) {
        static const char* const words[] = {"vlaardingen-westwijk",
                                            "vlaardingen-westwijk",
                                            "zuidbuurt-openbare-ruimte",
                                            "jongeren-talent-ontwikkelcentrum",
                                            "projectleiding-uitvoering",
                                            "handhaving-woonoverlast",
                                            "eindhoven",
                                            "P1",
                                            "P3",
                                            "R1",
                                            "",
                                            " ",
                                            "Vlaardingen",
                                            "\xc3\xa9\xc3\xab\xe2\x82\xac",
                                            "\"quoted\" \\ back\nslash"};
        if (key && !in_.one_in(8)) {
            return "k" + std::to_string(next_key_++);
        }
        switch (in_.below(16)) {
            case 0:
                // Long enough to matter, short enough that rendering it in every decision
                // line does not dominate the run.
                return std::string(in_.one_in(4) ? 10'000 : 500,
                                   static_cast<char>('a' + in_.below(26)));
            case 1:
            case 2: {
                std::string s;
                auto n = in_.below(12);
                for (std::uint64_t k = 0; k < n; ++k) {
                    s += static_cast<char>(0x20 + in_.below(0x5f));
                }
                return s;
            }
            default:
                return words[in_.below(std::size(words))];
        }
    }

    interp::Value value(dsl::TypeId type, bool key) {
        const dsl::TypeTable& types = p_.types;
        switch (types.kind(type)) {
            case dsl::TypeKind::optional:
                if (in_.one_in(4)) {
                    return interp::Value{};
                }
                return value(types.element(type), key);
            case dsl::TypeKind::boolean:
                return interp::Value::boolean(in_.one_in(2));
            case dsl::TypeKind::integer:
                return interp::Value::integer(integer());
            case dsl::TypeKind::year:
                return interp::Value::year(year());
            case dsl::TypeKind::decimal:
                return interp::Value::decimal(decimal());
            case dsl::TypeKind::money:
                return interp::Value::money(money());
            case dsl::TypeKind::date:
                return interp::Value::date(date());
            case dsl::TypeKind::datetime:
                return interp::Value::datetime(static_cast<std::int64_t>(date()) * 86400 +
                                               static_cast<std::int64_t>(in_.below(86400)));
            case dsl::TypeKind::text:
                return interp::Value::text(text(key));
            case dsl::TypeKind::enumeration: {
                std::uint32_t en = types[type].ref;
                std::size_t cases = p_.enums[en].cases.size();
                return interp::Value::enumeration(
                    en, static_cast<std::int64_t>(in_.below(cases == 0 ? 1 : cases)));
            }
            case dsl::TypeKind::set:
            case dsl::TypeKind::list: {
                std::vector<interp::Value> items;
                std::uint64_t n = 0;
                switch (in_.below(4)) {
                    case 0:
                        n = 0;
                        break;
                    case 1:
                        n = 64 + in_.below(1000);  // sets of enums collapse to every case
                        break;
                    default:
                        n = in_.below(4);
                }
                for (std::uint64_t k = 0; k < n; ++k) {
                    items.push_back(value(types.element(type), false));
                }
                return interp::Value::collection(types.kind(type) == dsl::TypeKind::set
                                                     ? interp::ValueKind::set
                                                     : interp::ValueKind::list,
                                                 std::move(items));
            }
            case dsl::TypeKind::error:
            case dsl::TypeKind::record:
            case dsl::TypeKind::group:
            case dsl::TypeKind::range:
            case dsl::TypeKind::none:
                break;
        }
        return interp::Value{};
    }

    std::vector<interp::Value> row(std::uint32_t record) {
        const dsl::RecordInfo& rec = p_.records[record];
        std::vector<interp::Value> out;
        out.reserve(rec.fields.size());
        for (std::uint32_t f = 0; f < rec.fields.size(); ++f) {
            bool key = false;
            for (std::uint32_t k : rec.key) {
                key = key || k == f;
            }
            out.push_back(value(rec.fields[f].type, key));
        }
        return out;
    }

private:
    const dsl::Program& p_;
    Choices& in_;
    std::uint64_t next_key_ = 0;
};

// ---- reproducing a finding with the command line -------------------------------------------

// The generated records as a facts document for `regels eval --facts` (the rules' own table
// rows are not included: eval adds those itself).
inline std::string facts_json(const dsl::Program& program, const interp::Facts& facts,
                              const interp::Facts& tables) {
    const dsl::TypeTable& types = program.types;
    std::string out = "{";
    std::function<void(const interp::Value&, dsl::TypeId)> put = [&](const interp::Value& v,
                                                                     dsl::TypeId type) {
        switch (v.kind) {
            case interp::ValueKind::absent:
                out += "null";
                break;
            case interp::ValueKind::boolean:
                out += v.truthy() ? "true" : "false";
                break;
            case interp::ValueKind::integer:
            case interp::ValueKind::year:
                out += std::to_string(v.i);
                break;
            case interp::ValueKind::decimal:
            case interp::ValueKind::money:
                out += v.n.to_decimal().value_or("0");
                break;
            case interp::ValueKind::date:
                out += "\"" + dsl::format_date(static_cast<std::int32_t>(v.i)) + "\"";
                break;
            case interp::ValueKind::datetime:
                out += "\"" + dsl::format_datetime_amsterdam(v.i) + "\"";
                break;
            case interp::ValueKind::text:
                interp::json_string(out, v.str());
                break;
            case interp::ValueKind::enumeration:
                interp::json_string(out, program.enums[v.ref].cases[static_cast<std::size_t>(v.i)]);
                break;
            case interp::ValueKind::set:
            case interp::ValueKind::list: {
                out += "[";
                bool first = true;
                for (const interp::Value& item : v.elements()) {
                    out += first ? "" : ",";
                    first = false;
                    put(item, types.element(type));
                }
                out += "]";
                break;
            }
            case interp::ValueKind::range:
            case interp::ValueKind::record:
            case interp::ValueKind::group:
                out += "null";
                break;
        }
    };
    bool first_type = true;
    for (std::uint32_t r = 0; r < program.records.size(); ++r) {
        const dsl::RecordInfo& rec = program.records[r];
        std::size_t skip = r < tables.tables.size() ? tables.tables[r].rows.size() : 0;
        const auto& rows = facts.tables[r].rows;
        if (rows.size() <= skip) {
            continue;
        }
        out += first_type ? "\n" : ",\n";
        first_type = false;
        interp::json_string(out, rec.short_name);
        out += ": [";
        for (std::size_t i = skip; i < rows.size(); ++i) {
            out += i > skip ? ",\n  {" : "\n  {";
            for (std::size_t f = 0; f < rec.fields.size(); ++f) {
                out += f > 0 ? ", " : "";
                interp::json_string(out, rec.fields[f].name);
                out += ": ";
                put(rows[i][f], rec.fields[f].type);
            }
            out += "}";
        }
        out += "]";
    }
    return out + "\n}\n";
}

// With REGELS_FUZZ_DUMP=FILE, writes the generated facts there and prints the matching
// `regels eval` command line, so a finding can be replayed outside the fuzzer.
inline void dump(const dsl::Program& program, const interp::Facts& facts,
                 const interp::Facts& tables, const interp::EvalOptions& options,
                 bool with_tables) {
    const char* path = std::getenv("REGELS_FUZZ_DUMP");
    if (path == nullptr || *path == '\0') {
        return;
    }
    std::string text = facts_json(program, facts, with_tables ? tables : interp::Facts{});
    if (std::FILE* f = std::fopen(path, "wb")) {
        std::fwrite(text.data(), 1, text.size(), f);
        std::fclose(f);
    }
    std::fprintf(stderr, "fuzz_eval: regels eval rules/nplv --facts %s --as-of %s%s%s\n", path,
                 dsl::format_date(options.as_of).c_str(), options.explain ? " --explain" : "",
                 with_tables ? "" : "  (note: generated without the rules' table rows)");
}

// ---- one input ----------------------------------------------------------------------------

inline int run_one(const std::uint8_t* data, std::size_t size) {
    Setup& s = setup();
    const dsl::Program& program = s.rules->program;
    const interp::Builtins& builtins = stdlib::standard_library();
    Choices in(data, size);
    Generator gen(program, in);

    interp::EvalOptions options;
    options.as_of = gen.date();
    options.explain = in.one_in(3);
    options.max_steps = 2'000'000;
    std::uint8_t mode = in.byte();
    bool with_tables = mode % 4 != 0;  // the rules' own tables (Gebied, Maatregel, ...)

    interp::Facts facts;
    if (with_tables) {
        facts = s.tables;
    } else {
        facts.tables.resize(program.records.size());
    }
    interp::FactsLimits limits;
    limits.max_records = 20'000;
    interp::FactsDecoder decoder(program, limits);
    dsl::DiagnosticBag bag;  // duplicate keys are reported here and the row is dropped

    // Registratie, Plan, Declaratie and Aanvraag always; the other types (which the tables
    // fill) only sometimes.
    std::size_t budget = 12'000;  // rows per input, so one input stays well under a second
    for (std::uint32_t r = 0; r < program.records.size() && budget > 0; ++r) {
        const std::string& name = program.records[r].short_name;
        bool main =
            name == "Registratie" || name == "Plan" || name == "Declaratie" || name == "Aanvraag";
        if (!main && !in.one_in(3)) {
            continue;
        }
        std::uint64_t count = 0;
        switch (in.below(8)) {
            case 0:
                count = 0;
                break;
            case 1:
                count = 500 + in.below(5000);  // a huge collection
                break;
            default:
                count = 1 + in.below(12);
        }
        for (std::uint64_t k = 0; k < count && budget > 0; ++k, --budget) {
            decoder.add_row(facts, r, gen.row(r), {}, "generated", bag);
            if (in.exhausted() && k > 64) {
                break;  // the same choices again and again teach nothing
            }
        }
    }

    dump(program, facts, s.tables, options, with_tables);

    interp::Evaluator evaluator(program, builtins, facts, options);
    std::vector<interp::DecisionResult> results = interp::decide(evaluator, s.selected);
    std::string out;
    for (const interp::DecisionResult& r : results) {
        interp::render_jsonl(out, program, evaluator.explanation(), r, options.explain);
    }
    interp::RunInfo info{s.rules->hash, s.rules->files, options.as_of};
    if (mode % 3 == 0) {
        out +=
            interp::render_text(program, evaluator.explanation(), info, results, options.explain);
    } else if (mode % 3 == 1) {
        out +=
            interp::render_json(program, evaluator.explanation(), info, results, options.explain);
    } else if (options.explain && results.size() < 2000) {
        out += interp::render_html(program, evaluator.explanation(), info, results);
    }
    return 0;
}

}  // namespace regels::fuzz_eval

#ifndef REGELS_FUZZ_NO_ENTRY
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return regels::fuzz_eval::run_one(data, size);
}
#endif
