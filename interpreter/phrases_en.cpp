// The English catalogue (`--lang en`): the same sentences as phrases_nl.cpp, in English.
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

std::string readable(const std::string& name) {
    std::string out = name;
    std::replace(out.begin(), out.end(), '_', ' ');
    return out;
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
            return fmt::format("the exception ‘{}’ {}", readable(a[0]),
                               yes ? "applies" : "does not apply");
        case Phrase::outcome_exception:
            return fmt::format("the exception ‘{}’ decides", readable(a[0]));
        case Phrase::outcome_base:
            return "no exception applies, so the general rule decides";
        case Phrase::alternative_base:
            return fmt::format("without the exception ‘{}’ the general rule would give {}",
                               readable(a[0]), a[1]);
        case Phrase::alternative_branch:
            return fmt::format("{}, the outcome would have been {}", otherwise(l[0], !yes), a[2]);
        case Phrase::alternative_failed:
            return fmt::format("{} could not be computed: {}",
                               l[0].empty() ? "the other outcome" : l[0], a[1]);
        case Phrase::alternative_base_failed:
            return fmt::format(
                "without the exception ‘{}’ the general rule could not be assessed: {}",
                readable(a[0]), a[1]);
        case Phrase::ground:
            return s.result.has_value() ? condition(l[0], yes) : named(l[0], a[1]);
        case Phrase::ground_failed:
            return fmt::format("{} cannot be assessed: {}",
                               l[0].empty() ? "this condition" : l[0], a[1]);
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
            return fmt::format("earlier in the queue: {}, {}{}: claim {}, got {}; granted so far: {}",
                               a[0], a[2], s.flag ? " (a tie: ordered by key)" : "", a[3], a[4],
                               a[5]);
        case Phrase::allocation_omitted:
            return fmt::format(
                "earlier in the queue, not listed one by one: {} ({}): together {} claimed, {} "
                "granted",
                count(a[0], "claim", "claims"),
                a[2] == a[3] ? a[2] : fmt::format("from {} to {}", a[2], a[3]), a[4], a[5]);
        case Phrase::parameter_as_of:
            return fmt::format("the version {}, taken at the as-of date {}", period(a), a[2]);
        case Phrase::parameter_year:
            return fmt::format("the version {}, taken at the year {} (1 January)", period(a),
                               a[2]);
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
