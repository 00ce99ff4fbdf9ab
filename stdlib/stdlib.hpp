// The standard library: the built-in functions of the rule language.
//
// Each built-in has a signature (checked by the checker, so a wrong call is a diagnostic
// before anything runs) and an implementation (called by the interpreter). Both halves are
// registered here under one index. Operators, aggregates, rounding and allocation are part
// of the language itself; the functions here are the small conversions rules need.
#pragma once

#include "interpreter/builtins.hpp"

namespace regels::stdlib {

// The built-ins, built once.
const interp::Builtins& standard_library();

}  // namespace regels::stdlib
