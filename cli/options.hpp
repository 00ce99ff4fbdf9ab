// Shared pieces of the command-line front end: argument parsing, diagnostics printing and
// today's date. (Atomic output is interp::OutputFile.)
#pragma once

#include "cli/commands.hpp"
#include "dsl/diagnostics.hpp"
#include "dsl/parser.hpp"
#include "interpreter/runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace regels::cli {

struct Parsed {
    std::vector<std::string> positional;
    std::map<std::string, std::vector<std::string>> values;
    std::map<std::string, bool> flags;
    // Every flag with a value, in command-line order (for flags that pair up, such as
    // `--facts FILE.csv --record NAME`).
    std::vector<std::pair<std::string, std::string>> in_order;
    std::string error;

    bool flag(const std::string& name) const;
    std::optional<std::string> value(const std::string& name) const;
    std::vector<std::string> all(const std::string& name) const;
};

// Flags in `with_value` take a value (`--x v` or `--x=v`); those in `bool_flags` do not;
// anything else starting with '-' is an error.
Parsed parse_args(const Args& args, const std::vector<std::string>& with_value,
                  const std::vector<std::string>& bool_flags);

// `a` followed by `b`: a command's own flags joined with shared ones.
std::vector<std::string> joined(std::vector<std::string> a, const std::vector<std::string>& b);

// A whole number written in decimal digits only; nullopt otherwise.
std::optional<std::uint64_t> parse_count(const std::string& s);

// Reads `flag` into `into` when given. False (after printing a usage error) when its value is
// not a whole number from `low` to `high`.
template <typename T>
bool read_count(const Parsed& p, const std::string& flag, T& into, std::uint64_t low = 1,
                std::uint64_t high = std::numeric_limits<std::uint64_t>::max());

// The largest nesting the recursive parts (parser, checker, evaluator, renderers) are allowed
// to reach, whatever the flags say: deeper would risk the stack.
constexpr std::uint64_t max_recursion_limit = 1000;

// The flags that set the limits on rule text, accepted by every command that reads rules:
// --max-file-bytes, --max-nesting, --max-operators, --max-identifier.
const std::vector<std::string>& rule_limit_flags();
// Their lines for a command's --help.
extern const char* const rule_limit_help;
// Reads them into `limits`; false after a usage error.
bool read_rule_limits(const Parsed& p, dsl::ParseLimits& limits);

// `--lang nl|en`: the language of everything the command says to a person (explanations and
// messages; Dutch by default). nullopt after a usage error.
std::optional<interp::Lang> lang_of(const Parsed& p);
// Its line for a command's --help.
extern const char* const lang_help;

// Prints `regels: error[E5001]: message` and returns 2.
int usage_error(const std::string& message);

// `--texts DIR[:DIR…]`: the folders where documents' texts are looked for after the folder of
// the rule file that declares them (check, eval, clauses).
std::vector<std::string> text_dirs_of(const Parsed& p);

// Every `--set NAME=VALUE` as (NAME, VALUE). False after a usage error when one has no `=`,
// no name or no value.
bool read_parameter_values(const Parsed& p,
                           std::vector<std::pair<std::string, std::string>>& values);

// Whether `paths` hold exactly one rule set, as `eval` and `diff` need (their facts are of one
// scheme). False after a usage error that lists the rule sets found.
bool one_rule_set(const std::vector<std::string>& paths, const std::string& command);

// The `--facts FILE` flags in order, each with the record type the `--record NAME` right after
// it names (`--facts a.csv --record Registratie --facts b.csv --record Plan`). With a single
// `--facts` and a single `--record`, their order does not matter. nullopt after a usage error.
std::optional<std::vector<interp::FactsFile>> facts_files_of(const Parsed& p);

void print_diagnostics(const dsl::SourceSet& sources, const dsl::DiagnosticBag& bag, bool json);

std::int32_t today();

// "0.1": the engine's version (`regels --version`, and in every output's receipts).
std::string engine_version();

// "0.1+9a80f40": the version and the source revision it was built from (`git describe
// --always --dirty` at build time, "onbekend" outside a git checkout), in every output's
// receipts. REGELS_FIXED_BUILD, when set, replaces it (golden tests).
std::string engine_build();

// The time of the run, ISO 8601 UTC to the second. REGELS_FIXED_TIME, when set, replaces it
// (golden tests set it so their output does not depend on the clock; set but empty, the
// time is left out).
std::string run_time();

// The run's as-of date: `--as-of YYYY-MM-DD`, or today. nullopt (after printing a usage
// error) when the value is not a date.
std::optional<std::int32_t> as_of_date(const Parsed& p);

template <typename T>
bool read_count(const Parsed& p, const std::string& flag, T& into, std::uint64_t low,
                std::uint64_t high) {
    auto v = p.value(flag);
    if (!v) {
        return true;
    }
    high = std::min<std::uint64_t>(high, std::numeric_limits<T>::max());
    auto n = parse_count(*v);
    if (!n || *n < low || *n > high) {
        usage_error(
            high == std::numeric_limits<T>::max()
                ? fmt::format("`{}` needs a whole number of at least {}, not `{}`", flag, low, *v)
                : fmt::format("`{}` needs a whole number from {} to {}, not `{}`", flag, low, high,
                              *v));
        return false;
    }
    into = static_cast<T>(*n);
    return true;
}

}  // namespace regels::cli
