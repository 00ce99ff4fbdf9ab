#include "dsl/ast.hpp"

#include <fmt/format.h>

namespace regels::dsl {

const char* to_string(BinaryOp op) {
    switch (op) {
        case BinaryOp::add:
            return "+";
        case BinaryOp::sub:
            return "-";
        case BinaryOp::mul:
            return "*";
        case BinaryOp::div:
            return "/";
        case BinaryOp::eq:
            return "==";
        case BinaryOp::ne:
            return "!=";
        case BinaryOp::lt:
            return "<";
        case BinaryOp::le:
            return "<=";
        case BinaryOp::gt:
            return ">";
        case BinaryOp::ge:
            return ">=";
        case BinaryOp::logical_and:
            return "and";
        case BinaryOp::logical_or:
            return "or";
        case BinaryOp::in:
            return "in";
        case BinaryOp::not_in:
            return "not in";
        case BinaryOp::overlaps:
            return "overlaps";
        case BinaryOp::otherwise:
            return "otherwise";
    }
    return "?";
}

const char* to_string(AggregateKind kind) {
    switch (kind) {
        case AggregateKind::sum:
            return "sum";
        case AggregateKind::count:
            return "count";
        case AggregateKind::min:
            return "min";
        case AggregateKind::max:
            return "max";
        case AggregateKind::all:
            return "all";
        case AggregateKind::any:
            return "any";
    }
    return "?";
}

const char* to_string(RuleKind kind) {
    switch (kind) {
        case RuleKind::definition:
            return "definition";
        case RuleKind::decision:
            return "decision";
        case RuleKind::assertion:
            return "assertion";
    }
    return "?";
}

const char* to_string(CitationKind kind) {
    switch (kind) {
        case CitationKind::source:
            return "source";
        case CitationKind::assumption:
            return "assumption";
        case CitationKind::interpretation:
            return "interpretation";
    }
    return "?";
}

// Civil-date conversions after Howard Hinnant's public-domain algorithms (days_from_civil).
std::int32_t days_from_civil(std::int32_t y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const std::int32_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int32_t>(doe) - 719468;
}

void civil_from_days(std::int32_t z, std::int32_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<std::int32_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2 ? 1 : 0;
}

bool valid_date(std::int32_t y, unsigned m, unsigned d) {
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) {
        return false;
    }
    static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    unsigned limit = days[m - 1] + (m == 2 && leap ? 1U : 0U);
    return d <= limit;
}

std::string format_date(std::int32_t days) {
    std::int32_t y = 0;
    unsigned m = 0;
    unsigned d = 0;
    civil_from_days(days, y, m, d);
    return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

}  // namespace regels::dsl
