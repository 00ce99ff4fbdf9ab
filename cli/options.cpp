#include "cli/options.hpp"

#include "dsl/suggest.hpp"
#include "interpreter/phrases.hpp"
#include "interpreter/runner.hpp"

// REGELS_REVISION, written at build time by cmake/build_id.cmake.
#if __has_include("regels_build_id.hpp")
#include "regels_build_id.hpp"
#endif

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <limits>

namespace regels::cli {

using dsl::DiagnosticBag;

bool Parsed::flag(const std::string& name) const {
    auto it = flags.find(name);
    return it != flags.end() && it->second;
}

std::optional<std::string> Parsed::value(const std::string& name) const {
    auto it = values.find(name);
    if (it == values.end() || it->second.empty()) {
        return std::nullopt;
    }
    return it->second.back();
}

std::vector<std::string> Parsed::all(const std::string& name) const {
    auto it = values.find(name);
    return it == values.end() ? std::vector<std::string>{} : it->second;
}

Parsed parse_args(const Args& args, const std::vector<std::string>& with_value,
                  const std::vector<std::string>& bool_flags) {
    Parsed p;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.size() > 1 && a[0] == '-') {
            std::string name = a;
            std::optional<std::string> inline_value;
            if (auto eq = a.find('='); eq != std::string::npos) {
                name = a.substr(0, eq);
                inline_value = a.substr(eq + 1);
            }
            if (std::find(with_value.begin(), with_value.end(), name) != with_value.end()) {
                if (inline_value) {
                    p.values[name].push_back(*inline_value);
                } else if (i + 1 < args.size()) {
                    p.values[name].push_back(args[++i]);
                } else {
                    p.error = fmt::format("`{}` needs a value", name);
                    return p;
                }
                p.in_order.emplace_back(name, p.values[name].back());
            } else if (std::find(bool_flags.begin(), bool_flags.end(), name) != bool_flags.end()) {
                p.flags[name] = true;
            } else {
                std::vector<std::string> known = with_value;
                known.insert(known.end(), bool_flags.begin(), bool_flags.end());
                std::string hint = dsl::did_you_mean(dsl::suggestions(name, known));
                p.error = fmt::format("unknown option `{}`; {}", name,
                                      hint.empty() ? "`--help` lists the options" : hint);
                return p;
            }
        } else {
            p.positional.push_back(a);
        }
    }
    return p;
}

std::vector<std::string> joined(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

std::optional<std::uint64_t> parse_count(const std::string& s) {
    std::uint64_t v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) {
        return std::nullopt;
    }
    return v;
}

const std::vector<std::string>& rule_limit_flags() {
    static const std::vector<std::string> flags = {"--max-file-bytes", "--max-nesting",
                                                   "--max-operators", "--max-identifier"};
    return flags;
}

const char* const rule_limit_help =
    "  --max-file-bytes N    size of one rule file (default 16777216, at most 1073741824)\n"
    "  --max-nesting N       nesting of expressions and types (default 128, at most 1000)\n"
    "  --max-operators N     binary operators in a row in one expression (default 256,\n"
    "                        at most 1000)\n"
    "  --max-identifier N    length of a name in bytes (default 128, at most 65536)\n";

bool read_rule_limits(const Parsed& p, dsl::ParseLimits& limits) {
    // Source offsets are 32-bit, so a rule file stays under 4 GiB.
    return read_count(p, "--max-file-bytes", limits.max_file_bytes, 1, 1ULL << 30U) &&
           read_count(p, "--max-nesting", limits.max_nesting, 1, max_recursion_limit) &&
           read_count(p, "--max-operators", limits.max_operators, 1, max_recursion_limit) &&
           read_count(p, "--max-identifier", limits.max_identifier, 1, 1U << 16U);
}

std::vector<std::string> text_dirs_of(const Parsed& p) {
    std::vector<std::string> out;
    if (auto dirs = p.value("--texts")) {
        std::string_view rest = *dirs;
        while (!rest.empty()) {
            auto colon = rest.find(':');
            out.emplace_back(rest.substr(0, colon));
            rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
        }
    }
    return out;
}

const char* const lang_help =
    "  --lang LANG           nl (default) or en: the language of what the command says\n";

std::optional<interp::Lang> lang_of(const Parsed& p) {
    std::string name = p.value("--lang").value_or("nl");
    auto lang = interp::lang_from_string(name);
    if (!lang) {
        usage_error(fmt::format("unknown language `{}`; use nl or en", name));
    }
    return lang;
}

int usage_error(const std::string& message) {
    std::fprintf(stderr, "regels: error[E5001]: %s\n", message.c_str());
    return 2;
}

bool read_parameter_values(const Parsed& p,
                           std::vector<std::pair<std::string, std::string>>& values) {
    for (const std::string& v : p.all("--set")) {
        auto eq = v.find('=');
        std::string name = eq == std::string::npos ? v : v.substr(0, eq);
        while (!name.empty() && name.back() == ' ') {
            name.pop_back();
        }
        if (eq == std::string::npos || name.empty() || eq + 1 >= v.size()) {
            usage_error(
                fmt::format("`--set {}` needs NAME=VALUE, the value written as in the rules, e.g. "
                            "`--set \"plafond.plafond_orv=€ 200.000.000,00\"`",
                            v));
            return false;
        }
        values.emplace_back(name, v.substr(eq + 1));
    }
    return true;
}

std::optional<std::vector<interp::FactsFile>> facts_files_of(const Parsed& p) {
    std::vector<interp::FactsFile> files;
    for (const auto& [flag, value] : p.in_order) {
        if (flag == "--facts") {
            files.push_back({value});
        }
    }
    const auto records = p.all("--record");
    if (files.size() == 1 && records.size() == 1) {
        files[0].record = records[0];
        return files;
    }
    std::size_t seen = 0;
    for (const auto& [flag, value] : p.in_order) {
        if (flag == "--facts") {
            ++seen;
        } else if (flag == "--record") {
            if (seen == 0 || !files[seen - 1].record.empty()) {
                usage_error(fmt::format(
                    "`--record {}` must come right after the `--facts FILE` whose record type it "
                    "names, e.g. `--facts a.csv --record Registratie --facts b.csv --record Plan`",
                    value));
                return std::nullopt;
            }
            files[seen - 1].record = value;
        }
    }
    return files;
}

bool one_rule_set(const std::vector<std::string>& paths, const std::string& command) {
    auto sets = interp::find_rule_sets(paths);
    if (sets.size() <= 1) {
        return true;
    }
    std::string names;
    for (const auto& s : sets) {
        names += (names.empty() ? "" : ", ") + s.name;
    }
    std::string given;
    for (const auto& p : paths) {
        given += (given.empty() ? "" : " ") + p;
    }
    usage_error(
        fmt::format("`{}` holds {} rule sets ({}); `{}` decides over the facts of one "
                    "rule set: name its folder, e.g. `{}`",
                    given, sets.size(), names, command, sets[0].name));
    return false;
}

void print_diagnostics(const dsl::SourceSet& sources, const DiagnosticBag& bag, bool json) {
    auto sorted = bag.sorted();
    if (json) {
        std::string out = dsl::render_json(sources, sorted);
        std::fwrite(out.data(), 1, out.size(), stderr);
    } else if (!sorted.empty()) {
        std::string out = dsl::render_text(sources, sorted);
        std::fwrite(out.data(), 1, out.size(), stderr);
    }
}

std::int32_t today() {
    auto now = std::chrono::system_clock::now();
    auto days = std::chrono::floor<std::chrono::days>(now).time_since_epoch().count();
    return static_cast<std::int32_t>(days);
}

std::string engine_version() {
#ifdef REGELS_VERSION
    return REGELS_VERSION;
#else
    return "unknown";
#endif
}

std::string engine_build() {
    // REGELS_FIXED_BUILD, when set, replaces it (golden files must not change with every commit).
    if (const char* fixed = std::getenv("REGELS_FIXED_BUILD")) {
        return fixed;
    }
#ifdef REGELS_REVISION
    return engine_version() + "+" + REGELS_REVISION;
#else
    return engine_version() + "+onbekend";
#endif
}

std::string run_time() {
    if (const char* fixed = std::getenv("REGELS_FIXED_TIME")) {
        return fixed;
    }
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buf;
}

std::optional<std::int32_t> as_of_date(const Parsed& p) {
    auto d = p.value("--as-of");
    if (!d) {
        return today();
    }
    auto days = interp::parse_iso_date(*d);
    if (!days) {
        usage_error(fmt::format("`--as-of {}` is not a date (YYYY-MM-DD)", *d));
    }
    return days;
}

}  // namespace regels::cli
