// The Dutch catalogue: the words of explanations for Dutch readers (the default).
#include "interpreter/phrases.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace regels::interp::phrases {

const Words words_nl{
    .html_lang = "nl",
    .title = "Beslissingen en hun toelichting",
    .verslag_title = "Beslisverslag",
    .rules = "regels",
    .tests = "tests",
    .files = "bestanden",
    .file = "bestand",
    .as_of = "peildatum",
    .as_of_today = "vandaag (niet opgegeven)",
    .engine = "regels-versie",
    .facts = "feiten",
    .run_time = "tijdstip van de berekening",
    .decision = "beslissing",
    .subject = "onderwerp",
    .value = "uitkomst",
    .why = "Waarom",
    .why_not = "Waarom niet",
    .failed = "mislukt",
    .decisions_failed = "beslissing(en) mislukt",
    .seen_above = "(zie boven)",
    .times = "keer",
    .source = "bron",
    .input = "gegeven",
    .rule_text = "De regel zelf",
    .trace = "Volledige afleiding",
    .assumptions = "Aannames en interpretatiekeuzes",
    .no_assumptions = "Geen aannames of interpretatiekeuzes vastgelegd voor deze beslissing.",
    .filter_decision = "Filter op beslissing",
    .filter_subject = "Filter op onderwerp",
    .all = "alle",
    .print_hint = "Afdrukken toont alle onderdelen opengeklapt.",
    .summary = "Overzicht",
    .toets = "Toets",
    .feit = "Feit",
    .norm = "Norm",
    .uitkomst = "Uitkomst",
    .grondslag = "Grondslag",
    .outcome = "Uitkomst",
    .receipts = "Verantwoording",
    .signature = "Handtekening beoordelaar",
    .name_date = "naam en datum",
    .not_decisive = "niet beslissend",
    .also_tested = "ook getoetst, niet beslissend",
    .not_assessable = "niet te beoordelen",
    .yes = "waar",
    .no = "onwaar",
    .kind_decision = "beslissing",
    .kind_definition = "begrip",
    .kind_assertion = "controle",
    .kind_parameter = "parameter",
    .error = "fout",
    .what_if = "wat-als (--set)",
    .what_if_banner =
        "WAT-ALS: berekend met parameterwaarden die niet uit de regels komen "
        "(--set). Dit is geen besluit.",
    .source_receipt = "bron",
    .quote = "citaat",
    .quotes = "citaten",
    .verified_against = "geverifieerd tegen",
    .unverified = "niet geverifieerd",
    .no_text = "geen tekst",
    .text_not_found = "tekst niet gevonden",
    .queue_caption = "De rij tot en met deze aanspraak",
    .queue_place = "Plaats",
    .queue_record = "Onderwerp",
    .queue_claim = "Aanspraak",
    .queue_took = "Toegekend",
    .queue_after = "Samen toegekend",
    .queue_this = "deze aanspraak",
    .queue_tie =
        "gelijke stand met een buur in de rij: de volgorde daartussen is die van de sleutel",
};

namespace {

std::string comparison(dsl::BinaryOp op, bool held) {
    using Op = dsl::BinaryOp;
    switch (op) {
        case Op::eq:
            return held ? "is gelijk aan" : "is niet gelijk aan";
        case Op::ne:
            return held ? "verschilt van" : "is gelijk aan";
        case Op::lt:
            return held ? "is lager dan" : "is niet lager dan";
        case Op::le:
            return held ? "is niet hoger dan" : "is hoger dan";
        case Op::gt:
            return held ? "is hoger dan" : "is niet hoger dan";
        case Op::ge:
            return held ? "is minstens" : "is lager dan";
        case Op::in:
            return held ? "ligt in" : "ligt niet in";
        case Op::not_in:
            return held ? "ligt niet in" : "ligt in";
        case Op::overlaps:
            return held ? "heeft iets gemeen met" : "heeft niets gemeen met";
        case Op::add:
        case Op::sub:
        case Op::mul:
        case Op::div:
        case Op::logical_and:
        case Op::logical_or:
        case Op::otherwise:
            break;
    }
    return held ? "klopt voor" : "klopt niet voor";
}

std::string aggregate(const std::string& kind) {
    if (kind == "sum") {
        return "de som";
    }
    if (kind == "count") {
        return "het aantal";
    }
    if (kind == "min") {
        return "de kleinste";
    }
    if (kind == "max") {
        return "de grootste";
    }
    if (kind == "all") {
        return "alle";
    }
    return "een of meer";
}

std::string period(const std::vector<std::string>& a) {
    return a[1].empty() ? fmt::format("geldig vanaf {}", a[0])
                        : fmt::format("geldig van {} t/m {}", a[0], a[1]);
}

// Pro rata: where the cents left over after rounding down went (the last argument).
std::string leftover_cent(const std::vector<std::string>& a) {
    if (a[9] == "no_cents") {
        return "er blijft geen cent over";
    }
    return fmt::format(
        "overgebleven centen: {}, één per aanspraak naar de grootste resten; "
        "deze aanspraak krijgt er {}",
        a[7], a[9] == "cent" ? "één" : "geen");
}

// In order of: what was left for the claim (the last argument).
std::string queue_outcome(const std::string& outcome) {
    if (outcome == "full") {
        return "de aanspraak past en wordt volledig toegekend";
    }
    if (outcome == "partial") {
        return "de aanspraak past niet helemaal: alleen wat over is wordt toegekend";
    }
    return "er is niets meer over";
}

// A name as written in the rules, readable: "eerder_gesubsidieerd" -> "eerder gesubsidieerd".
std::string readable(const std::string& name) {
    std::string out = name;
    std::replace(out.begin(), out.end(), '_', ' ');
    return out;
}

// An operand with its value: "de huurprijs € 850,00"; only the value where the operand names
// nothing (a literal, a formula) or its words are the value's own.
std::string named(const std::string& label, const std::string& value) {
    if (label.empty() || label == value) {
        return value;
    }
    if (label.back() == '?') {
        return fmt::format("‘{}’ {}", label, value);
    }
    return fmt::format("{} {}", label, value);
}

// A condition and how it came out, positively worded: a question with its answer ("Telt de
// registratie mee? Ja."), a label with waar/onwaar, or the plain condition.
std::string condition(const std::string& label, bool held) {
    if (label.empty()) {
        return held ? "de voorwaarde is vervuld" : "de voorwaarde is niet vervuld";
    }
    if (label.back() == '?') {
        return fmt::format("{} {}", label, held ? "Ja." : "Nee.");
    }
    return fmt::format("{}: {}", label, held ? "waar" : "onwaar");
}

// What would have been (the condition came out the other way): "als de voorwaarde niet
// vervuld was geweest".
std::string otherwise(const std::string& label, bool held) {
    if (label.empty()) {
        return held ? "als de voorwaarde wel vervuld was geweest"
                    : "als de voorwaarde niet vervuld was geweest";
    }
    if (label.back() == '?') {
        return fmt::format("als het antwoord op ‘{}’ {} was geweest", label, held ? "ja" : "nee");
    }
    return fmt::format("als {} {} was geweest", label, held ? "waar" : "onwaar");
}

// "1 aanspraak", "3 aanspraken".
std::string count(const std::string& n, const char* one, const char* many) {
    return fmt::format("{} {}", n, n == "1" ? one : many);
}

// "de 3 aanspraken zijn samen € 9,00" / "de enige aanspraak is € 9,00".
std::string claims(const std::string& n, const std::string& total) {
    return n == "1" ? fmt::format("de enige aanspraak is {}", total)
                    : fmt::format("de {} aanspraken zijn samen {}", n, total);
}

std::string order(const std::string& label) {
    return label.empty() ? "de volgorde van de regels" : label;
}

// How a rounding rounded, in words: "rekenkundig afgerond op hele euro's".
std::string rounding(const std::string& mode, const std::string& unit) {
    std::string how = mode == "half_up"     ? "rekenkundig afgerond (de helft naar boven)"
                      : mode == "half_even" ? "afgerond, de helft naar het even getal"
                      : mode == "half_down" ? "afgerond, de helft naar beneden"
                      : mode == "down"      ? "afgerond in de richting van nul"
                      : mode == "up"        ? "afgerond van nul af"
                      : mode == "floor"     ? "naar beneden afgerond"
                      : mode == "ceiling"   ? "naar boven afgerond"
                                            : "afgerond";
    std::string on = unit == "€ 1,00"   ? "op hele euro's"
                     : unit == "€ 0,01" ? "op centen"
                     : unit == "1"      ? "op een heel getal"
                                        : fmt::format("op veelvouden van {}", unit);
    return how + " " + on;
}

}  // namespace

std::string condition_nl(const std::string& label, bool held) {
    return condition(label, held);
}

std::string step_nl(const ExplStep& s, const std::vector<std::string>& a,
                    const std::vector<std::string>& l) {
    bool yes = s.result.value_or(false);
    switch (s.phrase) {
        case Phrase::literal:
            return s.text;
        case Phrase::branch_if:
            return condition(l[0], yes);
        case Phrase::branch_match:
            return l[0].empty() ? fmt::format("de keuze valt op {}", a[1])
                                : fmt::format("{} is {}", l[0], a[1]);
        case Phrase::exception:
            return fmt::format("de uitzondering ‘{}’ is {}van toepassing", readable(a[0]),
                               yes ? "" : "niet ");
        case Phrase::outcome_exception:
            return fmt::format("de uitzondering ‘{}’ beslist", readable(a[0]));
        case Phrase::outcome_base:
            return "geen uitzondering is van toepassing, dus de hoofdregel beslist";
        case Phrase::alternative_base:
            return fmt::format("zonder de uitzondering ‘{}’ had de hoofdregel {} gegeven",
                               readable(a[0]), a[1]);
        case Phrase::alternative_branch:
            return fmt::format("{}, was de uitkomst {} geweest", otherwise(l[0], !yes), a[2]);
        case Phrase::alternative_failed:
            return fmt::format("{} kon niet worden berekend: {}",
                               l[0].empty() ? "de andere uitkomst" : l[0], a[1]);
        case Phrase::alternative_base_failed:
            return fmt::format(
                "zonder de uitzondering ‘{}’ was de hoofdregel niet te beoordelen: {}",
                readable(a[0]), a[1]);
        case Phrase::ground:
            return s.result.has_value() ? condition(l[0], yes) : named(l[0], a[1]);
        case Phrase::ground_failed:
            return fmt::format("{} is niet te beoordelen: {}",
                               l[0].empty() ? "deze voorwaarde" : l[0], a[1]);
        case Phrase::comparison:
            return fmt::format("{} {} {}", named(l[0], a[1]), comparison(s.op, yes),
                               named(l[2], a[3]));
        case Phrase::arithmetic:
            return fmt::format("{} = {}", a[0], a[1]);
        case Phrase::rounding:
            return fmt::format("{} {}: {}", a[0], rounding(a[2], a[1]), a[3]);
        case Phrase::cap:
            return fmt::format("de {} van {}: {}{}", s.flag ? "grootste" : "kleinste", a[0], a[2],
                               l[1].empty() ? "" : fmt::format(" ({})", l[1]));
        case Phrase::aggregate:
            return fmt::format("{}{}, meegeteld {} van de {}{}: {}", aggregate(a[0]),
                               l[3].empty() ? "" : fmt::format(" van {}", l[3]), a[1], a[2],
                               a[5].empty() ? ""
                               : l[5].empty()
                                   ? " (alleen wat aan de voorwaarde voldoet)"
                                   : fmt::format(" (alleen waar {} geldt)", l[5]),
                               a[4]);
        case Phrase::allocation_full:
            return fmt::format(
                "{} en {} binnen {}, dus elke aanspraak wordt volledig toegekend; deze "
                "aanspraak: {}; dit deel: {}",
                claims(a[0], a[1]), a[0] == "1" ? "past" : "passen", a[2], a[3], a[4]);
        case Phrase::allocation_pro_rata:
            return fmt::format(
                "naar rato: {}, meer dan {}, dus elke aanspraak krijgt {} / {} ({}) ervan; "
                "deze aanspraak: {} × {} / {} = {}, naar beneden afgerond op centen: {}; {}; "
                "dit deel: {}",
                claims(a[0], a[1]), a[2], a[2], a[1], a[4], a[3], a[2], a[1], a[5], a[6],
                leftover_cent(a), a[8]);
        case Phrase::allocation_order:
            return fmt::format(
                "op volgorde van {} (bij gelijke stand op sleutel): {}, meer dan {}; deze "
                "aanspraak: {}, {}{}, plaats {} in de rij; vóór deze aanspraak toegekend: {}; "
                "over: {}; {}; dit deel: {}",
                order(l[3]), claims(a[0], a[1]), a[2], a[5], a[4],
                s.flag ? " (gelijk aan een buur in de rij: op sleutel geordend)" : "", a[6], a[7],
                a[8], queue_outcome(a[10]), a[9]);
        case Phrase::allocation_outside:
            return fmt::format(
                "geen aanspraak in deze verdeling: {}; de aanspraken die meedoen ({}, samen {}) "
                "delen {}; dit deel: € 0,00",
                l[4].empty() ? "de voorwaarde om mee te doen is niet vervuld"
                             : fmt::format("{}: onwaar", l[4]),
                count(a[0], "aanspraak", "aanspraken"), a[1], a[2]);
        case Phrase::allocation_not_member:
            return fmt::format(
                "geen aanspraak in deze verdeling: hoort niet bij {}; de aanspraken ({}, samen "
                "{}) delen {}; dit deel: € 0,00",
                l[3].empty() ? "de deelnemers" : l[3], count(a[0], "aanspraak", "aanspraken"),
                a[1], a[2]);
        case Phrase::allocation_earlier:
            return fmt::format(
                "eerder in de rij: {}, {}{}: aanspraak {}, kreeg {}; samen toegekend: {}", a[0],
                a[2], s.flag ? " (gelijke stand: op sleutel geordend)" : "", a[3], a[4], a[5]);
        case Phrase::allocation_omitted:
            return fmt::format(
                "eerder in de rij, niet apart genoemd: {} ({}): samen {} gevraagd, {} toegekend",
                count(a[0], "aanspraak", "aanspraken"),
                a[2] == a[3] ? a[2] : fmt::format("van {} t/m {}", a[2], a[3]), a[4], a[5]);
        case Phrase::parameter_as_of:
            return fmt::format("de versie {}, gekozen op de peildatum {}", period(a), a[2]);
        case Phrase::parameter_year:
            return fmt::format("de versie {}, gekozen op het jaar {} (1 januari)", period(a),
                               a[2]);
        case Phrase::parameter_date:
            return fmt::format("de versie {}, gekozen op de datum {}", period(a), a[2]);
        case Phrase::parameter_override:
            return fmt::format(
                "opgegeven met {}, niet uit de regels: deze waarde vervangt elke versie "
                "(wat-als)",
                a[0]);
    }
    return s.text;
}

}  // namespace regels::interp::phrases
