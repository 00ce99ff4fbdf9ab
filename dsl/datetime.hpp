// Moments in time (`datetime`) and the clock of Europe/Amsterdam.
//
// A datetime is an instant: whole seconds since 1970-01-01T00:00:00Z. It is written, in rules
// and in facts, as ISO 8601 with an explicit offset (`2025-03-01T09:15:00+01:00`, or `Z`
// for UTC); two datetimes written with different offsets are equal when they are the same
// instant. Seconds are required, fractions of a second and leap seconds are not accepted.
//
// Explanations and `date_of` use the local time of the Netherlands. GCC 12's libstdc++ has
// no time-zone database (std::chrono::locate_zone), so the one rule that matters is coded
// here: CET (+01:00), and CEST (+02:00) from the last Sunday of March 01:00 UTC until the last
// Sunday of October 01:00 UTC. That is the EU rule in force since 1996; for earlier moments
// the local time shown may be an hour off (the autumn change was in September before 1996).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace regels::dsl {

struct DateTimeText {
    std::int64_t seconds = 0;         // the instant, UTC
    std::int32_t offset_minutes = 0;  // the offset as written (kept for formatting literals)
};

// `YYYY-MM-DDTHH:MM:SS` followed by `Z` or `±HH:MM` (offset at most 14:00). nullopt when the
// text is not exactly that, or names no moment in the calendar (2025-02-30, 24:00).
std::optional<DateTimeText> parse_datetime(std::string_view text);

// The ISO 8601 form at the given offset: 2025-03-01T09:15:00+01:00 (offset 0 is `Z`).
std::string format_datetime(std::int64_t seconds, std::int32_t offset_minutes);

// Europe/Amsterdam: the offset from UTC (60 or 120 minutes) in force at `seconds`.
std::int32_t amsterdam_offset_minutes(std::int64_t seconds);

// The moment as a reader in the Netherlands sees it.
struct LocalDateTime {
    std::int32_t days = 0;  // the local date, days since 1970-01-01
    int hour = 0;
    int minute = 0;
    int second = 0;
    std::int32_t offset_minutes = 0;
};
LocalDateTime amsterdam_local(std::int64_t seconds);

// The ISO 8601 form in Amsterdam local time, with its offset: the canonical display of a
// datetime in JSON output and keys.
std::string format_datetime_amsterdam(std::int64_t seconds);

}  // namespace regels::dsl
