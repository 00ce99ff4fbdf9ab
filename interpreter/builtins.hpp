// The interface between the interpreter and the built-in functions of stdlib/.
//
// The checker sees a built-in's signature (dsl::BuiltinTable); the interpreter calls its
// implementation by the same index. stdlib/ fills both halves, so the interpreter knows how
// to call a built-in but not which ones exist.
#pragma once

#include "dsl/diagnostics.hpp"
#include "dsl/types.hpp"
#include "interpreter/value.hpp"

#include <functional>
#include <span>
#include <string>
#include <vector>

namespace regels::interp {

// An evaluation failure. The evaluator adds where it happened and for which subject.
struct EvalError {
    dsl::Code code;
    std::string message;
    dsl::Location where;
};

using BuiltinImpl = std::function<Value(std::span<const Value> args)>;

struct Builtins {
    dsl::BuiltinTable signatures;
    std::vector<BuiltinImpl> impls;
};

}  // namespace regels::interp
