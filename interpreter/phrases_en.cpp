// The English catalogue (`--lang en`): the same sentences as phrases_nl.cpp, in English.
#include "dsl/labels.hpp"
#include "interpreter/phrases.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace regels::interp::phrases {

const Words words_en{
    .html_lang = "en",
    .title = "Decisions and their explanations",
    .verslag_title = "Decision report",
    .rules = "rules",
    .tests = "tests",
    .files = "files",
    .file = "file",
    .as_of = "as of",
    .as_of_today = "today (not given)",
    .engine = "regels version",
    .facts = "facts",
    .run_time = "time of the run",
    .decision = "decision",
    .subject = "subject",
    .value = "outcome",
    .why = "Why",
    .why_not = "Why not",
    .failed = "failed",
    .decisions_failed = "decision(s) failed",
    .seen_above = "(see above)",
    .times = "times",
    .source = "source",
    .input = "input",
    .rule_text = "The rule itself",
    .trace = "Full derivation",
    .assumptions = "Assumptions and interpretation choices",
    .no_assumptions = "No assumptions or interpretation choices recorded for this decision.",
    .filter_decision = "Filter by decision",
    .filter_subject = "Filter by subject",
    .all = "all",
    .print_hint = "Printing shows every part opened.",
    .summary = "Summary",
    .toets = "Test",
    .feit = "Fact",
    .norm = "Norm",
    .uitkomst = "Outcome",
    .grondslag = "Basis",
    .outcome = "Outcome",
    .receipts = "Receipts",
    .signature = "Reviewer's signature",
    .name_date = "name and date",
    .not_decisive = "not decisive",
    .also_tested = "also tested, not decisive",
    .not_assessable = "cannot be assessed",
    .yes = "true",
    .no = "false",
    .kind_decision = "decision",
    .kind_definition = "definition",
    .kind_assertion = "assertion",
    .kind_parameter = "parameter",
    .error = "error",
    .what_if = "what-if (--set)",
    .what_if_banner =
        "WHAT-IF: computed with parameter values that are not the rules' own "
        "(--set). This is not a decision.",
    .source_receipt = "source",
    .quote = "quote",
    .quotes = "quotes",
    .verified_against = "verified against",
    .unverified = "unverified",
    .no_text = "no text",
    .text_not_found = "text not found",
    .queue_caption = "The queue up to this claim",
    .queue_place = "Place",
    .queue_record = "Subject",
    .queue_claim = "Claim",
    .queue_took = "Granted",
    .queue_after = "Granted so far",
    .queue_this = "this claim",
    .queue_tie = "a tie with a neighbour in the queue: the order between them is that of the key",
};

namespace {

std::string comparison(dsl::BinaryOp op, bool held) {
    using Op = dsl::BinaryOp;
    switch (op) {
        case Op::eq:
            return held ? "equals" : "does not equal";
        case Op::ne:
            return held ? "differs from" : "equals";
        case Op::lt:
            return held ? "is less than" : "is not less than";
        case Op::le:
            return held ? "is at most" : "is more than";
        case Op::gt:
            return held ? "is more than" : "is not more than";
        case Op::ge:
            return held ? "is at least" : "is less than";
        case Op::in:
            return held ? "is in" : "is not in";
        case Op::not_in:
            return held ? "is not in" : "is in";
        case Op::overlaps:
            return held ? "overlaps" : "does not overlap";
        case Op::add:
        case Op::sub:
        case Op::mul:
        case Op::div:
        case Op::logical_and:
        case Op::logical_or:
        case Op::otherwise:
            break;
    }
    return held ? "holds for" : "does not hold for";
}

std::string period(const std::vector<std::string>& a) {
    return a[1].empty() ? fmt::format("valid from {}", a[0])
                        : fmt::format("valid from {} to {}", a[0], a[1]);
}

// Pro rata: where the cents left over after rounding down went (the last argument).
std::string leftover_cent(const std::vector<std::string>& a) {
    if (a[9] == "no_cents") {
        return "no cent is left over";
    }
    return fmt::format(
        "cents left over: {}, one each to the largest remainders; this claim "
        "gets {}",
        a[7], a[9] == "cent" ? "one" : "none");
}

// In order of: what was left for the claim (the last argument).
std::string queue_outcome(const std::string& outcome) {
    if (outcome == "full") {
        return "the claim fits and is met in full";
    }
    if (outcome == "partial") {
        return "the claim does not fit entirely: only what is left is granted";
    }
    return "nothing is left";
}

std::string named(const std::string& label, const std::string& value) {
    if (label.empty() || label == value) {
        return value;
    }
    if (label.back() == '?') {
        return fmt::format("‘{}’ {}", label, value);
    }
    return fmt::format("{} {}", label, value);
}

std::string condition(const std::string& label, bool held) {
    if (label.empty()) {
        return held ? "the condition is met" : "the condition is not met";
    }
    if (label.back() == '?') {
        return fmt::format("{} {}", label, held ? "Yes." : "No.");
    }
    return fmt::format("{}: {}", label, held ? "true" : "false");
}

std::string otherwise(const std::string& label, bool held) {
    if (label.empty()) {
        return held ? "had the condition been met" : "had the condition not been met";
    }
    if (label.back() == '?') {
        return fmt::format("had the answer to ‘{}’ been {}", label, held ? "yes" : "no");
    }
    return fmt::format("had {} been {}", label, held ? "true" : "false");
}

std::string count(const std::string& n, const char* one, const char* many) {
    return fmt::format("{} {}", n, n == "1" ? one : many);
}

std::string claims(const std::string& n, const std::string& total) {
    return n == "1" ? fmt::format("the only claim is {}", total)
                    : fmt::format("the {} claims total {}", n, total);
}

std::string order(const std::string& label) {
    return label.empty() ? "the order of the records" : label;
}

std::string aggregate(const std::string& kind) {
    if (kind == "sum") {
        return "the sum";
    }
    if (kind == "count") {
        return "the number";
    }
    if (kind == "min") {
        return "the smallest";
    }
    if (kind == "max") {
        return "the largest";
    }
    if (kind == "all") {
        return "all";
    }
    return "any";
}

std::string rounding(const std::string& mode, const std::string& unit) {
    std::string how = mode == "half_up"     ? "rounded half up"
                      : mode == "half_even" ? "rounded half to even"
                      : mode == "half_down" ? "rounded half down"
                      : mode == "down"      ? "rounded towards zero"
                      : mode == "up"        ? "rounded away from zero"
                      : mode == "floor"     ? "rounded down"
                      : mode == "ceiling"   ? "rounded up"
                                            : "rounded";
    std::string on = unit == "€ 1,00"   ? "to whole euros"
                     : unit == "€ 0,01" ? "to the cent"
                     : unit == "1"      ? "to a whole number"
                                        : fmt::format("to a multiple of {}", unit);
    return how + " " + on;
}

}  // namespace

std::string condition_en(const std::string& label, bool held) {
    return condition(label, held);
}

std::string because_en(const std::string& label, bool held) {
    if (label.empty()) {
        return held ? "the condition is met" : "the condition is not met";
    }
    if (label.back() == '?') {
        return fmt::format("the answer to ‘{}’ is {}", label, held ? "yes" : "no");
    }
    return fmt::format("{} is {}", label, held ? "true" : "false");
}

std::string step_en(const ExplStep& s, const std::vector<std::string>& a,
                    const std::vector<std::string>& l) {
    bool yes = s.result.value_or(false);
    switch (s.phrase) {
        case Phrase::literal:
            return s.text;
        case Phrase::branch_if:
            return condition(l[0], yes);
        case Phrase::branch_match:
            return l[0].empty() ? fmt::format("the choice is {}", a[1])
                                : fmt::format("{} is {}", l[0], a[1]);
        case Phrase::exception:
            return fmt::format("the exception ‘{}’ {}", dsl::readable_name(a[0]),
                               yes ? "applies" : "does not apply");
        case Phrase::outcome_exception:
            return fmt::format("the exception ‘{}’ decides", dsl::readable_name(a[0]));
        case Phrase::outcome_base:
            return "no exception applies, so the general rule decides";
        case Phrase::alternative_base:
            return fmt::format("without the exception ‘{}’ the general rule would give {}",
                               dsl::readable_name(a[0]), a[1]);
        case Phrase::alternative_branch:
            return fmt::format("{}, the outcome would have been {}", otherwise(l[0], !yes), a[2]);
        case Phrase::alternative_failed:
            return fmt::format("{} could not be computed: {}",
                               l[0].empty() ? "the other outcome" : l[0], a[1]);
        case Phrase::alternative_base_failed:
            return fmt::format(
                "without the exception ‘{}’ the general rule could not be assessed: {}",
                dsl::readable_name(a[0]), a[1]);
        case Phrase::ground:
            return s.result.has_value() ? condition(l[0], yes) : named(l[0], a[1]);
        case Phrase::ground_failed:
            return fmt::format("{} cannot be assessed: {}", l[0].empty() ? "this condition" : l[0],
                               a[1]);
        case Phrase::comparison:
            return fmt::format("{} {} {}", named(l[0], a[1]), comparison(s.op, yes),
                               named(l[2], a[3]));
        case Phrase::arithmetic:
            return fmt::format("{} = {}", a[0], a[1]);
        case Phrase::rounding:
            return fmt::format("{} {}: {}", a[0], rounding(a[2], a[1]), a[3]);
        case Phrase::cap:
            return fmt::format("the {} of {}: {}{}", s.flag ? "larger" : "smaller", a[0], a[2],
                               l[1].empty() ? "" : fmt::format(" ({})", l[1]));
        case Phrase::aggregate:
            return fmt::format("{}{}, counting {} of the {}{}: {}", aggregate(a[0]),
                               l[3].empty() ? "" : fmt::format(" of {}", l[3]), a[1], a[2],
                               a[5].empty()   ? ""
                               : l[5].empty() ? " (only what meets the condition)"
                               : l[5].back() == '?'
                                   ? fmt::format(" (only where the answer to ‘{}’ is yes)", l[5])
                                   : fmt::format(" (only where {} holds)", l[5]),
                               a[4]);
        case Phrase::allocation_full:
            return fmt::format(
                "{} and {} within {}, so every claim is met in full; this claim: {}; this share: "
                "{}",
                claims(a[0], a[1]), a[0] == "1" ? "fits" : "fit", a[2], a[3], a[4]);
        case Phrase::allocation_pro_rata:
            return fmt::format(
                "pro rata: {}, more than {}, so each claim gets {} / {} ({}) of it; this claim: {} "
                "× {} / {} = {}, rounded down to the cent: {}; {}; this share: {}",
                claims(a[0], a[1]), a[2], a[2], a[1], a[4], a[3], a[2], a[1], a[5], a[6],
                leftover_cent(a), a[8]);
        case Phrase::allocation_order:
            return fmt::format(
                "in order of {} (ties by key): {}, more than {}; this claim: {}, {}{}, place {} in "
                "the queue; granted before it: {}; left: {}; {}; this share: {}",
                order(l[3]), claims(a[0], a[1]), a[2], a[5], a[4],
                s.flag ? " (equal to a neighbour in the queue: ordered by key)" : "", a[6], a[7],
                a[8], queue_outcome(a[10]), a[9]);
        case Phrase::allocation_outside:
            return fmt::format(
                "no claim in this allocation: {}; the claims that take part ({}, together {}) "
                "share {}; this share: € 0,00",
                l[4].empty() ? "the condition to take part is not met"
                             : fmt::format("{}: false", l[4]),
                count(a[0], "claim", "claims"), a[1], a[2]);
        case Phrase::allocation_not_member:
            return fmt::format(
                "no claim in this allocation: not among {}; the claims ({}, together {}) share {}; "
                "this share: € 0,00",
                l[3].empty() ? "the participants" : l[3], count(a[0], "claim", "claims"), a[1],
                a[2]);
        case Phrase::allocation_earlier:
            return fmt::format(
                "earlier in the queue: {}, {}{}: claim {}, got {}; granted so far: {}", a[0], a[2],
                s.flag ? " (a tie: ordered by key)" : "", a[3], a[4], a[5]);
        case Phrase::allocation_omitted:
            return fmt::format(
                "earlier in the queue, not listed one by one: {} ({}): together {} claimed, {} "
                "granted",
                count(a[0], "claim", "claims"),
                a[2] == a[3] ? a[2] : fmt::format("from {} to {}", a[2], a[3]), a[4], a[5]);
        case Phrase::parameter_as_of:
            return fmt::format("the version {}, taken at the as-of date {}", period(a), a[2]);
        case Phrase::parameter_year:
            return fmt::format("the version {}, taken at the year {} (1 January)", period(a), a[2]);
        case Phrase::parameter_date:
            return fmt::format("the version {}, taken at the date {}", period(a), a[2]);
        case Phrase::parameter_override:
            return fmt::format(
                "set with {}, not from the rules: this value replaces every version (what-if)",
                a[0]);
    }
    return s.text;
}

}  // namespace regels::interp::phrases

// ---- The message catalogue (messages.hpp): every command's messages in English. An
// exhaustive switch, so an id without a text here breaks the build.
#include "interpreter/messages.hpp"

namespace regels::interp::phrases {

const char* message_en(Msg id) {
    switch (id) {
        case Msg::diff_title:
            return "What a rule change does";
        case Msg::diff_rules:
            return "old rules {0} ({1} files)\nnew rules {2} ({3} files){4}\n";
        case Msg::diff_with_set:
            return ", with --set ";
        case Msg::diff_nothing:
            return "\nno decision changed\n";
        case Msg::diff_per_decision:
            return "\n{0}: {1} changed";
        case Msg::diff_moved:
            return ", up {0}, down {1}, net {2}";
        case Msg::diff_whole_run:
            return "(the whole run)";
        case Msg::diff_none:
            return "(none)";
        case Msg::diff_because:
            return "      because: {0}\n";
        case Msg::diff_total_one:
            return "\n{0} decision changed";
        case Msg::diff_total_many:
            return "\n{0} decisions changed";
        case Msg::diff_level_record:
            return "per-record";
        case Msg::diff_level_group:
            return "per-group";
        case Msg::diff_level_run:
            return "whole-run";
        case Msg::diff_total_moved:
            return "; {0} amounts went up by {1} and down by {2} (net {3})";
        case Msg::diff_other_one:
            return "; the {0} changed total over {1} is not added in, since it contains the "
                   "amounts above";
        case Msg::diff_other_many:
            return "; the {0} changed totals over {1} are not added in, since they contain the "
                   "amounts above";
        case Msg::diff_over_groups:
            return "groups or the run";
        case Msg::diff_over_run:
            return "the run";
        case Msg::diff_now_failing_one:
            return "{0} decision that succeeded with the old rules now fails\n";
        case Msg::diff_now_failing_many:
            return "{0} decisions that succeeded with the old rules now fail\n";
        case Msg::diff_cause_new:
            return "a new decision";
        case Msg::diff_cause_gone:
            return "the decision no longer exists";
        case Msg::diff_cause_now_used:
            return "`{0}` ({1}) is now used: {2}";
        case Msg::diff_cause_changed:
            return "{0} `{1}`{2} ({3}): {4} → {5}{6}";
        case Msg::diff_cause_now_step:
            return "; now: {0}";
        case Msg::diff_error_value:
            return "error: {0}";
        case Msg::test_pass:
            return "PASS {0}: {1}{2}\n";
        case Msg::test_fail:
            return "FAIL {0}: {1}{2}\n";
        case Msg::test_case_row:
            return "{0} [case {1}]";
        case Msg::test_as_of:
            return "as of {0}";
        case Msg::test_given_parameter:
            return "given parameter ";
        case Msg::test_expected_value:
            return "{0}: {1}\n      expected: {2}\n      actual:   {3}\n      how it was "
                   "decided:\n{4}";
        case Msg::test_expected_value_error:
            return "{0}: {1}\n      expected: {2}\n      actual:   error[{3}]: {4}";
        case Msg::test_expected_error_value:
            return "{0}: {1}\n      expected: error[{2}]\n      actual:   {3}";
        case Msg::test_expected_error_other:
            return "{0}: {1}\n      expected: error[{2}]\n      actual:   error[{3}]: {4}";
        case Msg::test_refused_accepted:
            return "{0}: {1}\n      expected: refused with {2}\n      actual:   accepted";
        case Msg::test_refused_other:
            return "{0}: {1}\n      expected: refused with {2}\n      actual:   refused with "
                   "{3}:{4}";
        case Msg::test_no_subject:
            return "{0}: there is no {1} in the test's facts";
        case Msg::test_no_group:
            return "{0}: no group ({1}) in the test's facts";
        case Msg::test_no_rule:
            return "{0}: no rule `{1}`";
        case Msg::test_no_citation:
            return "{0}: the explanation of {1} does not cite {2} \"{3}\"";
        case Msg::test_coverage:
            return "\ncoverage: {0}% ({1} of {2} rules, exceptions and branches)\n";
        case Msg::test_not_covered:
            return "  not covered: {0}: {1}\n";
        case Msg::test_never_evaluated:
            return "{0} `{1}` is never evaluated";
        case Msg::test_exception_never:
            return "exception `{0}` of `{1}` never applies";
        case Msg::test_then_never:
            return "the `then` branch of this `if` is never taken";
        case Msg::test_else_never:
            return "the `else` branch of this `if` is never taken";
        case Msg::test_arm_never:
            return "this `match` arm is never taken";
        case Msg::test_totals:
            return "\n{0}{1} passed, {2} failed\n";
        case Msg::test_rule_set:
            return "{0}== rule set {1}\n";
        case Msg::test_all_sets:
            return "\nall {0} rule sets: {1} passed, {2} failed{3}\n";
        case Msg::test_not_tested_sets:
            return "; {0} not tested, because of errors in the rules";
        case Msg::test_set_not_tested:
            return "regels: {0}: not tested: the rules have errors\n";
        case Msg::test_none_matched:
            return "regels: no test matched\n";
        case Msg::test_below_threshold:
            return "regels: {0}coverage {1}% is below the threshold {2}%\n";
        case Msg::run_required_absent:
            return "{0} is required here but absent";
        case Msg::run_absent:
            return "‘{0}’ is absent";
        case Msg::run_assertion:
            return "assertion ‘{0}’ does not hold{1}{2}";
        case Msg::run_assertion_for:
            return " for {0}";
        case Msg::run_assertion_why:
            return ": ‘{0}’ does not hold (‘{1}’ is {2}, ‘{3}’ is {4})";
        case Msg::run_strict:
            return "held back by --strict: the value ({0}) rests on the assumption on ‘{1}’: {2}";
        case Msg::run_no_version:
            return "{0}: no version is valid on {1}";
        case Msg::run_unpublished:
            return "{0}: no value published for {1} yet (declared unpublished, {2}){3}";
        case Msg::run_valid_from:
            return "valid from {0}";
        case Msg::run_valid_until:
            return " until {0}";
        case Msg::run_required_absent_code:
            return "‘{0}’ is required here but absent";
        case Msg::run_not_a_year:
            return "{0} is not a year";
        case Msg::run_max_time:
            return "the run took longer than {0} ms (--max-time)";
        case Msg::run_max_steps:
            return "evaluation took more than {0} steps (--max-steps)";
        case Msg::run_max_depth:
            return "evaluation is nested deeper than {0} rules (--max-depth)";
        case Msg::run_cycle:
            return "‘{0}’ depends on its own value";
        case Msg::run_conflict:
            return "exceptions ‘{0}’ and ‘{1}’ of ‘{2}’ both apply and neither has priority (line "
                   "{3} and line {4})";
        case Msg::run_not_whole_cents:
            return "decision ‘{0}’ is {1}, not a whole number of cents";
        case Msg::run_division_by_zero:
            return "division by zero: ‘{0}’ is 0";
        case Msg::run_rounding_unit:
            return "the rounding unit must be greater than zero";
        case Msg::run_out_of_range:
            return "{0} {1} {2} is out of range for a whole number";
        case Msg::run_negation_range:
            return "the negation of -9223372036854775808 is out of range";
        case Msg::run_rounded_range:
            return "the rounded value is out of range";
        case Msg::run_date_range:
            return "the date is out of range";
        case Msg::run_sum_range:
            return "the sum is out of range for a whole number";
        case Msg::run_empty_min_max:
            return "‘{0}’ of no values: ‘{1}’ has no elements";
        case Msg::run_empty_min_max_match:
            return "‘{0}’ of no values: ‘{1}’ has no elements that match";
        case Msg::run_negative_claim:
            return "a claim of {0} is negative";
        case Msg::run_negative_amount:
            return "the amount to allocate is negative: {0}";
        case Msg::run_groups_failed:
            return "the groups by {0} cannot be formed: ‘{0}’ of {1} {2} failed: {3}";
        case Msg::run_failed_decisions:
            return "regels: {0} of {1} decisions failed\n";
        case Msg::run_cannot_read_facts:
            return "cannot read facts file `{0}`: {1}";
        case Msg::run_no_record_type:
            return "`--record {0}`: the rules declare no such record type{1}";
        case Msg::run_which_record_type:
            return "the rules declare several record types ({0}); say which one {1} with "
                   "`--record NAME`";
        case Msg::run_file_holds:
            return "`{0}` holds";
        case Msg::run_lines_are:
            return "the lines are";
        case Msg::run_record_after_json:
            return "`--record {0}` after `--facts {1}`: a JSON facts document names its record "
                   "types itself; `--record` is for CSV and JSON Lines";
        case Msg::run_cannot_write:
            return "cannot write `{0}`: {1}";
        case Msg::run_is_folder:
            return "it is a folder";
        case Msg::run_no_folder:
            return "the folder `{0}` does not exist";
        case Msg::run_takes_arguments:
            return "`{0}` takes arguments and cannot be evaluated on its own";
        case Msg::run_no_decision:
            return "no decision named `{0}`{1}";
        case Msg::facts_expected:
            return "{0}: expected {1}, found {2}";
        case Msg::facts_want_bool:
            return "true or false";
        case Msg::facts_want_year:
            return "a year (a whole number)";
        case Msg::facts_want_integer:
            return "a whole number";
        case Msg::facts_want_amount:
            return "an amount (a JSON number such as 1184.82)";
        case Msg::facts_want_number:
            return "a number";
        case Msg::facts_want_date:
            return "a date as text (\"YYYY-MM-DD\")";
        case Msg::facts_want_datetime:
            return "a datetime as text (\"2025-03-01T09:15:00+01:00\")";
        case Msg::facts_want_text:
            return "text";
        case Msg::facts_want_case:
            return "text naming a case";
        case Msg::facts_want_array:
            return "an array";
        case Msg::facts_want_records:
            return "an array of records";
        case Msg::facts_want_record:
            return "a record (an object)";
        case Msg::facts_found_object:
            return "an object";
        case Msg::facts_found_array:
            return "an array";
        case Msg::facts_found_text:
            return "the text {0}";
        case Msg::facts_found_number:
            return "the number {0}";
        case Msg::facts_found_nothing:
            return "nothing";
        case Msg::facts_integer_range:
            return "{0}: {1} is out of range for a whole number (at most 19 digits)";
        case Msg::facts_integer_range64:
            return "{0}: {1} is out of range for a whole number (-9223372036854775808 to "
                   "9223372036854775807)";
        case Msg::facts_not_a_year:
            return "{0}: {1} is not a year between 1 and 9999";
        case Msg::facts_inexact:
            return "{0}: {1} cannot be represented exactly (the exponent is too large)";
        case Msg::facts_not_cents:
            return "{0}: {1} is not a whole number of cents";
        case Msg::facts_not_a_date:
            return "{0}: {1} is not a date (YYYY-MM-DD)";
        case Msg::facts_no_offset:
            return "{0}: {1} has no offset from UTC; write the moment with its offset, e.g. "
                   "{2}+01:00 (or Z for UTC)";
        case Msg::facts_not_a_moment:
            return "{0}: {1} is not a moment in the calendar (YYYY-MM-DDTHH:MM:SS with an offset "
                   "such as +01:00, or Z for UTC)";
        case Msg::facts_not_a_case:
            return "{0}: {1} is not one of {2}";
        case Msg::facts_bad_type:
            return "{0}: this field's type cannot come from facts";
        case Msg::facts_no_field:
            return "{0}/{1}: `{2}` has no field `{1}` (fields: {3})";
        case Msg::facts_field_twice:
            return "{0}/{1}: field `{1}` appears twice";
        case Msg::facts_field_missing:
            return "{0}: field `{1}` ({2}) is missing";
        case Msg::facts_record_bytes:
            return "record is {0} bytes; the limit is {1} (--max-record-bytes)";
        case Msg::facts_not_a_record:
            return "expected a record (a JSON object), found {0}";
        case Msg::facts_text_after:
            return "unexpected text after the record";
        case Msg::facts_too_many:
            return "{0}: more than {1} `{2}` records; the limit is set by --max-records";
        case Msg::facts_key_twice:
            return "{0}: `{1}` {2} appears twice";
        case Msg::facts_key_unique:
            return "each record's key must be unique";
        case Msg::facts_not_an_object:
            return "facts must be a JSON object with an array per record type, found {0}";
        case Msg::facts_object_hint:
            return "write {{\"Registratie\": [{{...}}, ...]}}, or use a .jsonl file with one "
                   "record per line";
        case Msg::facts_no_record_type:
            return "/{0}: the rules declare no record type `{0}`";
        case Msg::facts_no_record_types:
            return "the rules declare no record types";
        case Msg::facts_record_types:
            return "record types: {0}";
        case Msg::facts_type_twice:
            return "/{0}: the record type appears twice";
        case Msg::facts_not_json:
            return "the facts are not valid JSON: {0}";
        case Msg::facts_not_json_at:
            return "{0}: the facts are not valid JSON: {1}";
        case Msg::constraint_compare:
            return "{0} is not allowed: `{1}` must be {2}";
        case Msg::constraint_length_one:
            return "{0} is not allowed: `{1}` must have {2} (it has {3} character)";
        case Msg::constraint_length_many:
            return "{0} is not allowed: `{1}` must have {2} (it has {3} characters)";
        case Msg::constraint_too_long:
            return "text of {0} bytes is too long to check against `{1}` (the limit is {2} bytes)";
        case Msg::constraint_matching:
            return "{0} is not allowed: `{1}` must be text {2}";
        case Msg::constraint_member:
            return "{0} is not allowed: `{1}` must be in {2}, {3}";
        case Msg::member_not_on_date:
            return "which does not hold it on the as-of date";
        case Msg::member_no_records:
            return "and there are no `{0}` records";
        case Msg::member_none_has:
            return "and no `{0}` record has it";
        case Msg::member_did_you_mean:
            return "; did you mean {0}?";
        case Msg::member_known:
            return "; the known values are {0}";
        case Msg::member_or:
            return " or ";
        case Msg::member_and:
            return " and ";
        case Msg::csv_empty_required:
            return "{0}: the cell is empty, but the field is required ({1}){2}";
        case Msg::csv_empty_text:
            return "; write \"\" for empty text";
        case Msg::csv_decimal_mark:
            return "{0}: {1}: in a file whose columns are separated by `{2}`, a number has a "
                   "decimal {3} and no thousands separator, e.g. {4}";
        case Msg::csv_comma:
            return "comma";
        case Msg::csv_point:
            return "point";
        case Msg::csv_want_amount:
            return "an amount";
        case Msg::csv_expected:
            return "{0}: expected {1} (e.g. {2}), found {3}";
        case Msg::csv_no_name:
            return "column {0} has no name; `{1}` has the fields {2}";
        case Msg::csv_no_field:
            return "`{0}` has no field `{1}` (fields: {2})";
        case Msg::csv_column_twice:
            return "the column `{0}` appears twice";
        case Msg::csv_no_column:
            return "there is no column `{0}`, a required field of `{1}` ({2})";
        case Msg::csv_add_column:
            return "add a column `{0}` to the header line";
        case Msg::csv_record_bytes:
            return "{0}: the record is {1} bytes; the limit is {2} (--max-record-bytes)";
        case Msg::csv_cells:
            return "{0}: the record has {1} cells, the header line {2}";
        case Msg::csv_quote_cell:
            return "a cell that holds `{0}` must be in quotes";
        case Msg::csv_lone_cr:
            return "a carriage return (CR) without a line feed after it; lines end with LF or CR "
                   "LF";
        case Msg::csv_quote_inside:
            return "a quote inside a cell that does not start with one; put the whole cell in "
                   "quotes and write the quote twice (\"\")";
        case Msg::csv_quote_unclosed:
            return "the quote that opens this cell is never closed";
        case Msg::csv_after_quote:
            return "text after the quote that closes a cell (a quote inside a quoted cell is "
                   "written twice: \"\"), or a missing `{0}`";
        case Msg::csv_both_delimiters:
            return "the header line has both `,` and `;`; a field name has neither, so only one "
                   "of them can separate the columns";
        case Msg::csv_tabs:
            return "the header line is separated by tabs; save the file as CSV, with `;` or `,` "
                   "between the columns";
        case Msg::csv_utf16:
            return "the file is UTF-16, not UTF-8";
        case Msg::csv_not_utf8:
            return "the file is not valid UTF-8 (byte {0})";
        case Msg::csv_save_utf8:
            return "save it as CSV in UTF-8 (in Excel: \"CSV UTF-8\")";
        case Msg::csv_empty_file:
            return "the CSV file is empty; its first line must name the fields";
        case Msg::csv_fields_of:
            return "the fields of `{0}`: {1}";
        case Msg::stream_summary:
            return "regels: read {0} records: {1} decided, {2} rejected; {3} decisions, {4} "
                   "failed\n";
        case Msg::stream_stopped:
            return "regels: stopped at a bad record; the decisions written so far are incomplete "
                   "(use --keep-going to decide every good record)\n";
        case Msg::stream_stopped_file:
            return "regels: stopped at a bad record; the decisions written to `{0}` so far are "
                   "incomplete (use --keep-going to decide every good record)\n";
        case Msg::stream_stopped_unwritten:
            return "regels: stopped at a bad record; the output file was not written (use "
                   "--keep-going to decide every good record)\n";
        case Msg::check_summary:
            return "checked {0}: no errors, {1}{2}";
        case Msg::check_files_one:
            return "1 file";
        case Msg::check_files_many:
            return "{0} files";
        case Msg::check_warnings_one:
            return "1 warning";
        case Msg::check_warnings_many:
            return "{0} warnings";
        case Msg::check_errors_one:
            return "1 error";
        case Msg::check_errors_many:
            return "{0} errors";
        case Msg::check_errors_warnings:
            return "{0}, {1}";
        case Msg::check_quotes:
            return "; {0} found in {1}";
        case Msg::check_quotes_one:
            return "1 quote";
        case Msg::check_quotes_many:
            return "{0} quotes";
        case Msg::check_documents_one:
            return "the text of 1 document";
        case Msg::check_documents_many:
            return "the texts of {0} documents";
        case Msg::clauses_title:
            return "Regels — map of the agreement";
        case Msg::clauses_heading:
            return "Map of the agreement";
        case Msg::clauses_intro:
            return "<p>Per document, section and — where the text is present — sentence or table "
                   "row: <b>TESTED</b> (a rule that a test reaches quotes it), <b>ENCODED</b> (a "
                   "rule quotes it, no test), <b>PARTIAL</b> (a section with some of its sentences "
                   "in rules) or <b>NOT ENCODED</b> (with the reason). A document without its text "
                   "is <b>UNVERIFIED</b>: its quotes are not checked against the text and the "
                   "status holds per section.</p>\n";
        case Msg::clauses_tested:
            return "TESTED";
        case Msg::clauses_encoded:
            return "ENCODED";
        case Msg::clauses_partial:
            return "PARTIAL";
        case Msg::clauses_not_encoded:
            return "NOT ENCODED";
        case Msg::clauses_counts_one:
            return "{0} of {1} sentence or row encoded, {2} tested";
        case Msg::clauses_counts_many:
            return "{0} of {1} sentences and rows encoded, {2} tested";
        case Msg::clauses_area:
            return " (area {0})";
        case Msg::clauses_unverified:
            return " [UNVERIFIED: text not present]";
        case Msg::clauses_reason:
            return "      reason: {0}\n";
        case Msg::clauses_no_reason:
            return "(no reason given)";
        case Msg::clauses_rules:
            return "      rules: {0}\n";
        case Msg::clauses_tests:
            return "      tests: {0}\n";
        case Msg::clauses_sentence_rules:
            return "          rules: {0}{1}\n";
        case Msg::clauses_tests_count:
            return "; tests: {0}";
        case Msg::clauses_assumptions:
            return "Assumptions and interpretation choices";
        case Msg::clauses_assumption:
            return "ASSUMPTION";
        case Msg::clauses_interpretation:
            return "INTERPRETATION";
        case Msg::clauses_used_by:
            return "      used by: {0}\n";
        case Msg::clauses_no_decision:
            return "(no decision)";
        case Msg::clauses_unpublished:
            return "Not yet published";
        case Msg::clauses_from:
            return "  {0} from {1}{2}: {3}\n";
        case Msg::clauses_until:
            return " until {0}";
        case Msg::clauses_no_note:
            return "(no note)";
        case Msg::clauses_needed_by:
            return "      needed by: {0}\n";
        case Msg::clauses_area_html:
            return ", area {0}";
        case Msg::clauses_unverified_html:
            return " <span class=\"badge unverified\">UNVERIFIED</span> the text is not present";
        case Msg::clauses_th_sections:
            return "<tr><th>section</th><th>status</th><th>rules</th><th>tests</th></tr>\n";
        case Msg::clauses_th_marks:
            return "<tr><th>kind</th><th>on</th><th>reason</th><th>used by</th></tr>\n";
        case Msg::clauses_th_unpublished:
            return "<tr><th>parameter</th><th>period</th><th>note</th><th>needed by</th></tr>\n";
        case Msg::clauses_until_html:
            return " until {0}";
        case Msg::service_title:
            return "Regels";
        case Msg::count_:
            break;
    }
    return "";
}

}  // namespace regels::interp::phrases
