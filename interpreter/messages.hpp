// The messages of every command, one catalogue per language: what `diff`, `test`, `check`,
// `clauses`, the run-time errors of evaluation, the errors in facts and the service say to a
// person. (The words of explanations are phrases.hpp's Words and step sentences.)
//
// A message is named by its id; its text is a format string (fmt, `{}` or positional `{0}`)
// in phrases_nl.cpp and phrases_en.cpp, so a code path never carries words of its own and a
// translation may put the arguments in another order. Both catalogues are exhaustive switches
// over Msg: an id without a text in either language breaks the build, and a unit test checks
// that both texts take the same arguments. Dutch is the default, as for explanations.
// Error codes (E3006 …) and the keys of JSON outputs are not words: they stay as they are.
#pragma once

#include "interpreter/explain.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <string>

namespace regels::interp {

enum class Msg : std::uint16_t {
    // ---- diff -------------------------------------------------------------------------------
    diff_title,             // HTML title and heading
    diff_rules,             // "old rules {hash} ({n} files)\nnew rules …"
    diff_with_set,          // ", with --set "
    diff_nothing,           // "no decision changed"
    diff_per_decision,      // "{decision}: {n} changed"
    diff_moved,             // ", up {}, down {}, net {}"
    diff_whole_run,         // "(the whole run)"
    diff_none,              // "(none)"
    diff_because,           // "because: {}"
    diff_total_one,         // "1 decision changed"
    diff_total_many,        // "{} decisions changed"
    diff_level_record,      // the footer's level: per record
    diff_level_group,       // per group
    diff_level_run,         // the whole run
    diff_total_moved,       // "; {level} amounts went up by {} and down by {} (net {})"
    diff_other_one,         // "; the 1 changed total over … is not added in …"
    diff_other_many,        // the same for several
    diff_over_groups,       // "groups or the run"
    diff_over_run,          // "the run"
    diff_now_failing_one,   // "1 decision that succeeded … now fails"
    diff_now_failing_many,  // "{} decisions that succeeded … now fail"
    diff_cause_new,         // "a new decision"
    diff_cause_gone,        // "the decision no longer exists"
    diff_cause_now_used,    // "`{name}` ({where}) is now used: {value}"
    diff_cause_changed,     // "{kind} `{name}`{subject} ({where}): {old} → {new}{step}"
    diff_cause_now_step,    // "; now: {step}"
    diff_error_value,       // "error: {message}"
    // ---- test -------------------------------------------------------------------------------
    test_pass,                  // "PASS {file}: {name}{given}"
    test_fail,                  // "FAIL …"
    test_case_row,              // "{name} [case {n}]"
    test_as_of,                 // "as of {date}"
    test_given_parameter,       // "given parameter "
    test_expected_value,        // "{where}: {what}\n  expected: {}\n  actual:   {}\n  how it was
                                // decided:\n{}"
    test_expected_value_error,  // expected a value, got an error
    test_expected_error_value,  // expected an error, got a value
    test_expected_error_other,  // expected one error, got another
    test_refused_accepted,      // expected a refusal, the records were accepted
    test_refused_other,         // refused with another code
    test_no_subject,            // "there is no {subject} in the test's facts"
    test_no_group,              // "no group ({}) in the test's facts"
    test_no_rule,               // "no rule `{}`"
    test_no_citation,           // "the explanation of {} does not cite {} \"{}\""
    test_coverage,              // "coverage: {:.1f}% ({} of {} …)"
    test_not_covered,           // "  not covered: {where}: {what}"
    test_never_evaluated,       // "{kind} `{}` is never evaluated"
    test_exception_never,       // "exception `{}` of `{}` never applies"
    test_then_never,            // "the `then` branch of this `if` is never taken"
    test_else_never,            // the `else` branch
    test_arm_never,             // "this `match` arm is never taken"
    test_totals,                // "{label}{} passed, {} failed"
    test_rule_set,              // "== rule set {}"
    test_all_sets,              // "all {} rule sets: {} passed, {} failed"
    test_not_tested_sets,       // "; {} not tested, because of errors in the rules"
    test_set_not_tested,        // "{set}: not tested: the rules have errors"
    test_none_matched,          // "no test matched"
    test_below_threshold,       // "coverage {:.1f}% is below the threshold {}%"
    // ---- run-time errors (evaluation) ----------------------------------------------------------
    run_required_absent,       // E3006: "{label} ({code}) is absent; it is needed here"
    run_absent,                // E3006: "`{}` is absent"
    run_assertion,             // E3007: "assertion `{}` does not hold{for}{why}"
    run_assertion_for,         // " for {subject}"
    run_assertion_why,         // ": `{}` does not hold (`{}` is {}, `{}` is {})"
    run_strict,                // E3014 --strict
    run_no_version,            // E3005: "`{}` has no version valid on {date}"
    run_unpublished,           // E3004
    run_valid_from,            // "valid from {}"
    run_valid_until,           // " until {}"
    run_required_absent_code,  // E3006, when the operand has no label: "`{code}` is absent …"
    run_not_a_year,            // "{} is not a year"
    run_max_time,              // E3013
    run_max_steps,             // E3011
    run_max_depth,             // E3010
    run_cycle,                 // E3010: "`{}` depends on its own value"
    run_conflict,              // E3003: two exceptions
    run_not_whole_cents,       // E3008
    run_division_by_zero,      // E3002
    run_rounding_unit,         // E3002
    run_out_of_range,          // E3001: "{} {} {} is out of range for a whole number"
    run_negation_range,        // E3001
    run_rounded_range,         // E3001
    run_date_range,            // E3001
    run_sum_range,             // E3001
    run_empty_min_max,         // E3009
    run_empty_min_max_match,   // E3009, with a filter
    run_negative_claim,        // E3012
    run_negative_amount,       // E3012
    run_groups_failed,         // "the groups by {0} cannot be formed: `{0}` of {1} {2} failed: {3}"
    run_failed_decisions,      // "{} of {} decisions failed"
    run_cannot_read_facts,     // E4013: "cannot read facts file `{}`: {}"
    run_no_record_type,        // E5001: "`--record {}`: the rules declare no such record type{}"
    run_which_record_type,     // E5001: "the rules declare several record types ({}); say which
                               // one {which} with `--record NAME`"
    run_file_holds,            // which: "`{file}` holds"
    run_lines_are,             // which: "the lines are"
    run_record_after_json,     // E5001: "`--record {}` after `--facts {}`: …"
    run_cannot_write,          // "cannot write `{path}`: {reason}"
    run_is_folder,             // reason: "it is a folder"
    run_no_folder,             // reason: "the folder `{}` does not exist"
    run_takes_arguments,       // E5001: "`{}` takes arguments and cannot be evaluated on its own"
    run_no_decision,           // E5001: "no decision named `{}`{hint}"
    // ---- facts errors ---------------------------------------------------------------------------
    facts_expected,         // "{path}: expected {what}, found {found}"
    facts_want_bool,        // "true or false"
    facts_want_year,        // "a year (a whole number)"
    facts_want_integer,     // "a whole number"
    facts_want_amount,      // "an amount (a JSON number such as 1184.82)"
    facts_want_number,      // "a number"
    facts_want_date,        // "a date as text (\"YYYY-MM-DD\")"
    facts_want_datetime,    // "a datetime as text (…)"
    facts_want_text,        // "text"
    facts_want_case,        // "text naming a case"
    facts_want_array,       // "an array"
    facts_want_records,     // "an array of records"
    facts_want_record,      // "a record (an object)"
    facts_found_object,     // "an object"
    facts_found_array,      // "an array"
    facts_found_text,       // "the text {}"
    facts_found_number,     // "the number {}"
    facts_found_nothing,    // "nothing"
    facts_integer_range,    // "{path}: {} is out of range for a whole number (at most 19 digits)"
    facts_integer_range64,  // "… (-9223372036854775808 to 9223372036854775807)"
    facts_not_a_year,       // "{path}: {} is not a year between 1 and 9999"
    facts_inexact,          // "{path}: {} cannot be represented exactly …"
    facts_not_cents,        // "{path}: {} is not a whole number of cents"
    facts_not_a_date,       // "{path}: {} is not a date (YYYY-MM-DD)"
    facts_no_offset,        // "{path}: {} has no offset from UTC; …"
    facts_not_a_moment,     // "{path}: {} is not a moment in the calendar …"
    facts_not_a_case,       // "{path}: {} is not one of {cases}"
    facts_bad_type,         // "{path}: this field's type cannot come from facts"
    facts_no_field,         // "{path}/{field}: `{record}` has no field `{field}` (fields: {})"
    facts_field_twice,      // "{path}/{field}: field `{field}` appears twice"
    facts_field_missing,    // "{path}: field `{field}` ({type}) is missing"
    facts_record_bytes,     // "record is {} bytes; the limit is {} (--max-record-bytes)"
    facts_not_a_record,     // "expected a record (a JSON object), found {}"
    facts_text_after,       // "unexpected text after the record"
    facts_too_many,         // "{path}: more than {} `{}` records; …"
    facts_key_twice,        // "{path}: `{record}` {key} appears twice"
    facts_key_unique,       // hint: "each record's key must be unique"
    facts_not_an_object,    // "facts must be a JSON object with an array per record type, found {}"
    facts_object_hint,      // hint: "write {"Registratie": [...]} …"
    facts_no_record_type,   // "/{type}: the rules declare no record type `{type}`"
    facts_no_record_types,  // hint: "the rules declare no record types"
    facts_record_types,     // hint: "record types: {}"
    facts_type_twice,       // "/{type}: the record type appears twice"
    facts_not_json,         // "the facts are not valid JSON: {}"
    facts_not_json_at,      // "{inside}: the facts are not valid JSON: {}"
    constraint_compare,     // "{value} is not allowed: `{field}` must be {bound}"
    constraint_length_one,  // "… must have {} (it has 1 character)"
    constraint_length_many,  // "… must have {} (it has {} characters)"
    constraint_too_long,     // "text of {} bytes is too long to check against `{}` …"
    constraint_matching,     // "{value} is not allowed: `{field}` must be text {pattern}"
    constraint_member,       // "{value} is not allowed: `{field}` must be in {set}, {why}"
    member_not_on_date,      // "which does not hold it on the as-of date"
    member_no_records,       // "and there are no `{}` records"
    member_none_has,         // "and no `{}` record has it"
    member_did_you_mean,     // "; did you mean {}?"
    member_known,            // "; the known values are {}"
    member_or,               // " or "
    member_and,              // " and "
    // ---- CSV facts ------------------------------------------------------------------------------
    csv_empty_required,   // "{path}: the cell is empty, but the field is required ({type}){hint}"
    csv_empty_text,       // "; write \"\" for empty text"
    csv_decimal_mark,     // "{path}: {text}: in a file whose columns are separated by …"
    csv_comma,            // "comma"
    csv_point,            // "point"
    csv_want_amount,      // "an amount"
    csv_expected,         // "{path}: expected {what} (e.g. {example}), found {text}"
    csv_no_name,          // "column {} has no name; `{}` has the fields {}"
    csv_no_field,         // "`{}` has no field `{}` (fields: {})"
    csv_column_twice,     // "the column `{}` appears twice"
    csv_no_column,        // "there is no column `{}`, a required field of `{}` ({})"
    csv_add_column,       // hint: "add a column `{}` to the header line"
    csv_record_bytes,     // "{path}: the record is {} bytes; the limit is {} (--max-record-bytes)"
    csv_cells,            // "{path}: the record has {} cells, the header line {}"
    csv_quote_cell,       // hint: "a cell that holds `{}` must be in quotes"
    csv_lone_cr,          // "a carriage return (CR) without a line feed after it; …"
    csv_quote_inside,     // "a quote inside a cell that does not start with one; …"
    csv_quote_unclosed,   // "the quote that opens this cell is never closed"
    csv_after_quote,      // "text after the quote that closes a cell …, or a missing `{}`"
    csv_both_delimiters,  // "the header line has both `,` and `;`; …"
    csv_tabs,             // "the header line is separated by tabs; …"
    csv_utf16,            // "the file is UTF-16, not UTF-8"
    csv_not_utf8,         // "the file is not valid UTF-8 (byte {})"
    csv_save_utf8,        // hint: "save it as CSV in UTF-8 (in Excel: \"CSV UTF-8\")"
    csv_empty_file,       // "the CSV file is empty; its first line must name the fields"
    csv_fields_of,        // hint: "the fields of `{}`: {}"
    // ---- JSON Lines (streamed) ------------------------------------------------------------------
    stream_summary,            // "regels: read {} records: {} decided, {} rejected; …"
    stream_stopped,            // "regels: stopped at a bad record; …"
    stream_stopped_file,       // the same, naming the output file
    stream_stopped_unwritten,  // the same, the output file not written
    // ---- check ------------------------------------------------------------------------------
    check_summary,          // "checked {files}: no errors, {warnings}{quotes}"
    check_files_one,        // "1 file"
    check_files_many,       // "{} files"
    check_warnings_one,     // "1 warning"
    check_warnings_many,    // "{} warnings"
    check_errors_one,       // "1 error"
    check_errors_many,      // "{} errors"
    check_errors_warnings,  // "{errors}, {warnings}"
    check_quotes,           // "; {quotes} found in {documents}"
    check_quotes_one,       // "1 quote"
    check_quotes_many,      // "{} quotes"
    check_documents_one,    // "the text of 1 document"
    check_documents_many,   // "the texts of {} documents"
    // ---- clauses ----------------------------------------------------------------------------
    clauses_title,            // HTML title: "Regels — kaart van de afspraak"
    clauses_heading,          // "Kaart van de afspraak"
    clauses_intro,            // the HTML page's opening paragraph (markup)
    clauses_tested,           // "GETEST"
    clauses_encoded,          // "IN REGELS"
    clauses_partial,          // "DEELS"
    clauses_not_encoded,      // "NIET IN REGELS"
    clauses_counts_one,       // "{} van {} zin of rij in regels, {} getest"
    clauses_counts_many,      // "{} van {} zinnen en rijen in regels, {} getest"
    clauses_area,             // " (gebied {})"
    clauses_unverified,       // " [NIET GEVERIFIEERD: tekst niet aanwezig]"
    clauses_reason,           // "      reden: {}\n"
    clauses_no_reason,        // "(geen reden opgegeven)"
    clauses_rules,            // "      regels: {}\n"
    clauses_tests,            // "      tests: {}\n"
    clauses_sentence_rules,   // "          regels: {}{}\n"
    clauses_tests_count,      // "; tests: {}"
    clauses_assumptions,      // "Aannames en interpretatiekeuzes"
    clauses_assumption,       // "AANNAME"
    clauses_interpretation,   // "INTERPRETATIE"
    clauses_used_by,          // "      gebruikt door: {}\n"
    clauses_no_decision,      // "(geen beslissing)"
    clauses_unpublished,      // "Nog niet gepubliceerd"
    clauses_from,             // "  {parameter} vanaf {from}{until}: {note}\n"
    clauses_until,            // " tot en met {}"
    clauses_no_note,          // "(geen toelichting)"
    clauses_needed_by,        // "      nodig voor: {}\n"
    clauses_area_html,        // ", gebied {}"
    clauses_unverified_html,  // the badge and its words (markup)
    clauses_th_sections,      // the table heads (markup)
    clauses_th_marks,
    clauses_th_unpublished,
    clauses_until_html,  // " t/m {}"
    // ---- service ----------------------------------------------------------------------------
    service_title,  // the HTML page's title
    count_          // not a message: the number of ids
};

namespace phrases {
// The catalogues (phrases_nl.cpp, phrases_en.cpp): the format string of every id.
const char* message_nl(Msg id);
const char* message_en(Msg id);
}  // namespace phrases

inline const char* message_format(Lang lang, Msg id) {
    return lang == Lang::en ? phrases::message_en(id) : phrases::message_nl(id);
}

// The message `id` in `lang`, its arguments put in their places.
template <typename... Args>
std::string message(Lang lang, Msg id, const Args&... args) {
    return fmt::format(fmt::runtime(message_format(lang, id)), args...);
}

}  // namespace regels::interp
