// What each diagnostic code means, an example that draws it and the fix, for `regels codes`.
// The texts live in dsl/diagnostic_help.def, keyed by code.
#pragma once

#include "dsl/diagnostics.hpp"

#include <optional>
#include <string_view>

namespace regels::dsl {

struct CodeHelp {
    const char* meaning;  // one line
    const char* example;  // rule text, facts or a command; may span lines
    const char* fix;
};

// Null when the code has no entry in diagnostic_help.def.
const CodeHelp* help(Code code);

// The code written as `id` ("E4002", "e4002"), if there is one.
std::optional<Code> find_code(std::string_view id);

}  // namespace regels::dsl
