// Whole-cent amounts written without building a string: the JSON output's hot path.
#pragma once

#include "interpreter/number.hpp"

#include <string>
#include <string_view>

namespace regels::interp {

// Appends what n.to_decimal(2) gives ("7323111.00", "-0.05") when n is a whole number of cents
// small enough for the fast path, and returns true; otherwise appends nothing and returns false.
bool append_cents(const Number& n, std::string& out);

// Appends a plain decimal ("-1351000.00") the Dutch way ("-1.351.000,00"): points between
// thousands, a comma before the fraction.
void append_dutch(std::string& out, std::string_view plain);

}  // namespace regels::interp
