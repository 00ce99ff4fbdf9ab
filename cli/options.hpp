// Shared pieces of the command-line front end: argument parsing, diagnostics printing,
// atomic file writes and today's date.
#pragma once

#include "cli/commands.hpp"
#include "dsl/diagnostics.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace regels::cli {

struct Parsed {
    std::vector<std::string> positional;
    std::map<std::string, std::vector<std::string>> values;
    std::map<std::string, bool> flags;
    std::string error;

    bool flag(const std::string& name) const;
    std::optional<std::string> value(const std::string& name) const;
    std::vector<std::string> all(const std::string& name) const;
};

// Flags in `with_value` take a value (`--x v` or `--x=v`); those in `bool_flags` do not;
// anything else starting with '-' is an error.
Parsed parse_args(const Args& args, const std::vector<std::string>& with_value,
                  const std::vector<std::string>& bool_flags);

// Prints `regels: error[E5001]: message` and returns 2.
int usage_error(const std::string& message);

void print_diagnostics(const dsl::SourceSet& sources, const dsl::DiagnosticBag& bag, bool json);

// Writes `data` to `path` so that the file is either the old one or complete.
bool write_atomically(const std::string& path, const std::string& data, std::string& error);

std::int32_t today();

// The run's as-of date: `--as-of YYYY-MM-DD`, or today. nullopt (after printing a usage
// error) when the value is not a date.
std::optional<std::int32_t> as_of_date(const Parsed& p);

}  // namespace regels::cli
