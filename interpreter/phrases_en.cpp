// The English catalogue (`--lang en`): the same sentences as phrases_nl.cpp, in English.
#include "interpreter/phrases.hpp"

#include <fmt/format.h>

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

}  // namespace

std::string step_en(const ExplStep& s, const std::vector<std::string>& a) {
    bool yes = s.result.value_or(false);
    switch (s.phrase) {
        case Phrase::literal:
            return s.text;
        case Phrase::branch_if:
            return fmt::format("`{}` is {}, so {}", a[0], yes ? "true" : "false",
                               yes ? "then" : "else");
        case Phrase::branch_match:
            return fmt::format("`{}` is {}", a[0], a[1]);
        case Phrase::exception:
            return fmt::format("`{}` {}: `{}` is {}", a[0], yes ? "applies" : "does not apply",
                               a[1], yes ? "true" : "false");
        case Phrase::outcome_exception:
            return fmt::format("the exception `{}` decides", a[0]);
        case Phrase::outcome_base:
            return "no exception applies, so the general rule decides";
        case Phrase::alternative_base:
            return fmt::format("without the exception `{}` the general rule would give {}", a[0],
                               a[1]);
        case Phrase::alternative_branch:
            return fmt::format("had `{}` been {}: `{}` = {}", a[0], yes ? "false" : "true", a[1],
                               a[2]);
        case Phrase::alternative_failed:
            return fmt::format("`{}` could not be computed: {}", a[0], a[1]);
        case Phrase::alternative_base_failed:
            return fmt::format(
                "without the exception `{}` the general rule could not be assessed: {}", a[0],
                a[1]);
        case Phrase::ground:
            return fmt::format("`{}` is {}", a[0], a[1]);
        case Phrase::ground_failed:
            return fmt::format("`{}` cannot be assessed: {}", a[0], a[1]);
        case Phrase::comparison:
            return fmt::format("`{}` {} {} `{}` {}: {}", a[0], a[1], comparison(s.op, yes), a[2],
                               a[3], yes ? "yes" : "no");
        case Phrase::arithmetic:
            return fmt::format("{} = {}  (`{}`)", a[0], a[1], a[2]);
        case Phrase::rounding:
            return fmt::format("{} rounded to a multiple of {} ({}): {}", a[0], a[1], a[2], a[3]);
        case Phrase::cap:
            return fmt::format("the {} of {}: `{}` gives {}", s.flag ? "larger" : "smaller", a[0],
                               a[1], a[2]);
        case Phrase::aggregate:
            return fmt::format("{} over {} of the {} of `{}`{}: {}", a[0], a[1], a[2], a[3],
                               a[5].empty() ? "" : fmt::format(" (only where `{}`)", a[5]), a[4]);
        case Phrase::allocation_full:
            return fmt::format(
                "the claims (number: {}) total {} and fit within {}, so every claim is met in "
                "full; this claim: {}; this share: {}",
                a[0], a[1], a[2], a[3], a[4]);
        case Phrase::allocation_pro_rata:
            return fmt::format(
                "pro rata: the claims (number: {}) total {}, more than {}, so each claim gets {} / "
                "{} ({}) of it; this claim: {} × {} / {} = {}, rounded down to the cent: {}; {}; "
                "this share: {}",
                a[0], a[1], a[2], a[2], a[1], a[4], a[3], a[2], a[1], a[5], a[6], leftover_cent(a),
                a[8]);
        case Phrase::allocation_order:
            return fmt::format(
                "in order of `{}` (ties by key): the claims (number: {}) total {}, more than {}; "
                "this claim: {}, `{}` {}{}, place {} in the queue; granted before it: {}; left: "
                "{}; {}; this share: {}",
                a[3], a[0], a[1], a[2], a[5], a[3], a[4],
                s.flag ? fmt::format(" (the same `{}` as a neighbour in the queue: ordered by key)",
                                     a[3])
                       : "",
                a[6], a[7], a[8], queue_outcome(a[10]), a[9]);
        case Phrase::allocation_outside:
            return fmt::format(
                "no claim in this allocation: {}; the claims that take part (number: {}, together "
                "{}) share {}; this share: € 0,00",
                s.flag ? fmt::format("`{}` is false (condition: `{}`)", a[4], a[3])
                       : fmt::format("the condition `{}` is false", a[3]),
                a[0], a[1], a[2]);
        case Phrase::allocation_not_member:
            return fmt::format(
                "no claim in this allocation: not one of `{}`; the claims (number: {}, together "
                "{}) share {}; this share: € 0,00",
                a[3], a[0], a[1], a[2]);
        case Phrase::allocation_earlier:
            return fmt::format(
                "earlier in the queue: {}, `{}` {}{}: claim {}, got {}; granted so "
                "far: {}",
                a[0], a[1], a[2], s.flag ? " (a tie: ordered by key)" : "", a[3], a[4], a[5]);
        case Phrase::allocation_omitted:
            return fmt::format(
                "earlier in the queue, not listed one by one: {} (`{}` {}): together {} claimed, "
                "{} "
                "granted",
                a[0] == "1" ? "1 claim" : a[0] + " claims", a[1],
                a[2] == a[3] ? a[2] : fmt::format("from {} to {}", a[2], a[3]), a[4], a[5]);
        case Phrase::parameter_as_of:
            return fmt::format("the version {}, taken at the as-of date {}", period(a), a[2]);
        case Phrase::parameter_year:
            return a[2] == a[3]
                       ? fmt::format("the version {}, taken at the year {} (1 January)", period(a),
                                     a[2])
                       : fmt::format("the version {}, taken at the year {} (`{}`; 1 January)",
                                     period(a), a[2], a[3]);
        case Phrase::parameter_date:
            return fmt::format("the version {}, taken at the date {} (`{}`)", period(a), a[2],
                               a[3]);
        case Phrase::parameter_override:
            return fmt::format(
                "set with `{}`, not from the rules: this value replaces every "
                "version (what-if)",
                a[0]);
    }
    return s.text;
}

}  // namespace regels::interp::phrases
