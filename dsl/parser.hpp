// Parsing rule text into the AST.
//
// parse_file() parses one file declaration by declaration. A syntax error inside one
// declaration is reported (with what was expected there) and parsing resumes at the next
// line that starts with a declaration keyword, so every independent mistake in a file is
// reported in one run. Limits on file size, nesting depth and identifier length turn
// pathological input into diagnostics instead of crashes.
#pragma once

#include "dsl/ast.hpp"
#include "dsl/diagnostics.hpp"
#include "dsl/source.hpp"

#include <cstddef>

namespace regels::dsl {

struct ParseLimits {
    std::size_t max_file_bytes = 16U * 1024U * 1024U;
    std::size_t max_nesting = 128;
    std::size_t max_identifier = 128;
    std::uint32_t max_operators = 256;  // binary operators in a row in one expression
};

// Parses `file` (already added to `sources`) and appends a FileAst to `ast`.
void parse_file(const SourceSet& sources, FileId file, Ast& ast, DiagnosticBag& bag,
                const ParseLimits& limits = {});

// Parses `file` (already added to `sources`) as one value written in the rule language, such
// as the VALUE of `regels eval --set NAME=VALUE`, and appends its expressions to `ast`.
// Returns the expression, or no_expr after reporting why it is not a value.
ExprId parse_value(const SourceSet& sources, FileId file, Ast& ast, DiagnosticBag& bag,
                   const ParseLimits& limits = {});

// Comments of a file in order, found by a light scan that respects strings.
std::vector<Comment> scan_comments(std::string_view text);

}  // namespace regels::dsl
