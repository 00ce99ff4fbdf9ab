// The formatter: one canonical layout for rule files (`regels fmt`).
//
// It prints the AST back as text in a fixed layout, so two people's edits of the same rule
// look alike and diffs show only what changed. Comments are kept: each comment is printed
// before the declaration, field, version, citation, exception or test step that follows it
// in the original text (or at the end of the file). Formatting is idempotent: formatting
// formatted text changes nothing. Only files that parsed cleanly are formatted.
#pragma once

#include "dsl/ast.hpp"
#include "dsl/source.hpp"

#include <string>

namespace regels::dsl {

std::string format_file(const SourceFile& source, const FileAst& file, const Ast& ast);

}  // namespace regels::dsl
