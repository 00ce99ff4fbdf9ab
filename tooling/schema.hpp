// The facts format of a rule set as a JSON Schema (draft 2020-12), for the people who supply
// facts (municipalities, in spreadsheets and their own systems) and their validators.
//
// Reads: a checked Program — its record types (fields, types, keys, constraints), enums and
// the comments written above records and fields. Produces: the schema of a whole facts
// document ({"Registratie": [{...}, ...], ...}), or, with a record name, of one JSON Lines
// record. The schema says what the engine's facts readers accept, as far as JSON Schema can:
// the types, which fields are required (all but `optional` ones), that no other fields or
// record types may appear, the enum cases, and the constraints (bounds, lengths, patterns).
// What it cannot say is left to the engine and written in the descriptions: amounts must be
// whole cents, a date must exist in the calendar, bounds on dates, unique keys.
#pragma once

#include "dsl/check.hpp"

#include <optional>
#include <string>

namespace regels::tooling {

struct SchemaOptions {
    std::string title;                  // e.g. "Feiten voor rules/nplv"
    std::string rules_hash;             // "sha256:…", recorded in the schema
    std::optional<std::string> record;  // one JSON Lines record of this type
};

// The schema as indented JSON text (ending in a newline). nullopt when `options.record`
// names no record type of the program; `error` then says so and lists the record types.
std::optional<std::string> facts_schema(const dsl::Program& program, const SchemaOptions& options,
                                        std::string& error);

}  // namespace regels::tooling
