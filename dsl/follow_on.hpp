// Follow-on errors: one typo, one error.
//
// A declaration with a syntax error is left out of the program, so every use of its name
// elsewhere (other rules, test files) would be reported again as an unknown name (E2001),
// although the only mistake is the one the syntax error already shows. This pass removes
// those E2001s and folds them into a note on the syntax error: where the declaration starts
// and how many uses are not reported until it parses. It runs after checking, over the bag.
#pragma once

#include "dsl/ast.hpp"
#include "dsl/diagnostics.hpp"

namespace regels::dsl {

void fold_follow_on_errors(const SourceSet& sources, const Ast& ast, DiagnosticBag& bag);

}  // namespace regels::dsl
