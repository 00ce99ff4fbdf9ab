#include "dsl/datetime.hpp"

#include "dsl/ast.hpp"

#include <fmt/format.h>

namespace regels::dsl {

namespace {

constexpr std::int64_t day_seconds = 86'400;

// Floor division, so moments before 1970 fall on the right day.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// Days since 1970-01-01 of the last Sunday of `month` in `year`.
std::int32_t last_sunday(std::int32_t year, unsigned month) {
    static constexpr unsigned last_day[] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    std::int32_t days = days_from_civil(year, month, last_day[month]);
    // 1970-01-01 was a Thursday: weekday 0 = Sunday when (days + 4) mod 7 == 0.
    std::int32_t weekday = static_cast<std::int32_t>(((days + 4) % 7 + 7) % 7);
    return days - weekday;
}

}  // namespace

std::optional<DateTimeText> parse_datetime(std::string_view t) {
    auto digit = [&](std::size_t k) { return k < t.size() && t[k] >= '0' && t[k] <= '9'; };
    auto num = [&](std::size_t k, std::size_t n) {
        int v = 0;
        for (std::size_t i = k; i < k + n; ++i) {
            v = v * 10 + (t[i] - '0');
        }
        return v;
    };
    if (t.size() < 20) {
        return std::nullopt;
    }
    for (std::size_t k : {0U, 1U, 2U, 3U, 5U, 6U, 8U, 9U, 11U, 12U, 14U, 15U, 17U, 18U}) {
        if (!digit(k)) {
            return std::nullopt;
        }
    }
    if (t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':') {
        return std::nullopt;
    }
    int y = num(0, 4);
    auto m = static_cast<unsigned>(num(5, 2));
    auto d = static_cast<unsigned>(num(8, 2));
    int hh = num(11, 2);
    int mm = num(14, 2);
    int ss = num(17, 2);
    if (!valid_date(y, m, d) || hh > 23 || mm > 59 || ss > 59) {
        return std::nullopt;
    }
    std::int32_t offset = 0;
    std::string_view zone = t.substr(19);
    if (zone == "Z") {
        offset = 0;
    } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && digit(20) && digit(21) &&
               zone[3] == ':' && digit(23) && digit(24)) {
        int oh = num(20, 2);
        int om = num(23, 2);
        if (oh > 14 || om > 59 || (oh == 14 && om > 0)) {
            return std::nullopt;
        }
        offset = (zone[0] == '-' ? -1 : 1) * (oh * 60 + om);
    } else {
        return std::nullopt;
    }
    std::int64_t local = static_cast<std::int64_t>(days_from_civil(y, m, d)) * day_seconds +
                         hh * 3600 + mm * 60 + ss;
    return DateTimeText{local - static_cast<std::int64_t>(offset) * 60, offset};
}

std::string format_datetime(std::int64_t seconds, std::int32_t offset_minutes) {
    std::int64_t local = seconds + static_cast<std::int64_t>(offset_minutes) * 60;
    std::int64_t days = floor_div(local, day_seconds);
    std::int64_t in_day = local - days * day_seconds;
    std::string out =
        fmt::format("{}T{:02}:{:02}:{:02}", format_date(static_cast<std::int32_t>(days)),
                    in_day / 3600, in_day / 60 % 60, in_day % 60);
    if (offset_minutes == 0) {
        return out + "Z";
    }
    std::int32_t a = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    return out + fmt::format("{}{:02}:{:02}", offset_minutes < 0 ? '-' : '+', a / 60, a % 60);
}

std::int32_t amsterdam_offset_minutes(std::int64_t seconds) {
    std::int32_t y = 0;
    unsigned m = 0;
    unsigned d = 0;
    civil_from_days(static_cast<std::int32_t>(floor_div(seconds, day_seconds)), y, m, d);
    // Summer time starts and ends at 01:00 UTC.
    std::int64_t start = static_cast<std::int64_t>(last_sunday(y, 3)) * day_seconds + 3600;
    std::int64_t end = static_cast<std::int64_t>(last_sunday(y, 10)) * day_seconds + 3600;
    return seconds >= start && seconds < end ? 120 : 60;
}

LocalDateTime amsterdam_local(std::int64_t seconds) {
    LocalDateTime out;
    out.offset_minutes = amsterdam_offset_minutes(seconds);
    std::int64_t local = seconds + static_cast<std::int64_t>(out.offset_minutes) * 60;
    std::int64_t days = floor_div(local, day_seconds);
    std::int64_t in_day = local - days * day_seconds;
    out.days = static_cast<std::int32_t>(days);
    out.hour = static_cast<int>(in_day / 3600);
    out.minute = static_cast<int>(in_day / 60 % 60);
    out.second = static_cast<int>(in_day % 60);
    return out;
}

std::string format_datetime_amsterdam(std::int64_t seconds) {
    return format_datetime(seconds, amsterdam_offset_minutes(seconds));
}

}  // namespace regels::dsl
