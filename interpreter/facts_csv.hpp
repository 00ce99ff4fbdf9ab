// CSV facts: the records of one type from a spreadsheet export.
//
// Municipalities keep their registrations in spreadsheets, and "save as CSV" is what they
// can send. A CSV facts file holds records of one type (the command line names it with
// `--record`): RFC 4180 text whose header line names the fields, one record per further line
// (a quoted cell may hold the delimiter, a doubled quote and line breaks). The delimiter is
// `,` or `;`, whichever the header line uses. Dutch spreadsheet programs write `;` and a
// decimal comma, so in a `;` file numbers take a decimal comma (1234,50) and in a `,` file a
// decimal point (1234.50); a thousands separator (1.234,50) is refused rather than guessed.
// An empty cell is an absent optional field (`""` is empty text); a set's or list's elements
// are separated by `|`; rows whose cells are all empty are skipped; a UTF-8 byte order mark
// is skipped.
//
// Every cell is decoded by FactsDecoder::read_scalar, as the JSON readers decode theirs, so a
// registration means the same from CSV as from JSON. Problems are reported with the file,
// line and column of the cell and the JSON path of the value (/Registratie/2/woningen, the
// record's index counting from 0), so a message reads the same whichever format the facts
// came in.
#pragma once

#include "dsl/diagnostics.hpp"
#include "interpreter/facts.hpp"

#include <cstdint>

namespace regels::interp {

// Reads the CSV file `file` (already in the program's SourceSet) as records of type `record`
// and adds them to `facts` (keys unique across everything loaded). Reports every problem
// into `bag`; false when there was any.
bool load_csv_facts(const FactsDecoder& decoder, dsl::FileId file, std::uint32_t record,
                    Facts& facts, dsl::DiagnosticBag& bag);

}  // namespace regels::interp
