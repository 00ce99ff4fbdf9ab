// The Dutch catalogue: the words of explanations for Dutch readers (the default).
#include "interpreter/phrases.hpp"

#include <fmt/format.h>

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
        return "som";
    }
    if (kind == "count") {
        return "aantal";
    }
    if (kind == "min") {
        return "kleinste";
    }
    if (kind == "max") {
        return "grootste";
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

}  // namespace

std::string step_nl(const ExplStep& s, const std::vector<std::string>& a) {
    bool yes = s.result.value_or(false);
    switch (s.phrase) {
        case Phrase::literal:
            return s.text;
        case Phrase::branch_if:
            return fmt::format("`{}` is {}, dus {}", a[0], yes ? "waar" : "onwaar",
                               yes ? "de dan-tak" : "de anders-tak");
        case Phrase::branch_match:
            return fmt::format("`{}` is {}", a[0], a[1]);
        case Phrase::exception:
            return fmt::format("`{}` {}: `{}` is {}", a[0], yes ? "geldt" : "geldt niet", a[1],
                               yes ? "waar" : "onwaar");
        case Phrase::outcome_exception:
            return fmt::format("de uitzondering `{}` beslist", a[0]);
        case Phrase::outcome_base:
            return "geen uitzondering geldt, dus de hoofdregel beslist";
        case Phrase::alternative_base:
            return fmt::format("zonder de uitzondering `{}` had de hoofdregel {} gegeven", a[0],
                               a[1]);
        case Phrase::alternative_branch:
            return fmt::format("als `{}` {} was geweest: `{}` = {}", a[0], yes ? "onwaar" : "waar",
                               a[1], a[2]);
        case Phrase::alternative_failed:
            return fmt::format("`{}` kon niet worden berekend: {}", a[0], a[1]);
        case Phrase::alternative_base_failed:
            return fmt::format(
                "zonder de uitzondering `{}` was de hoofdregel niet te beoordelen: {}", a[0], a[1]);
        case Phrase::ground:
            return fmt::format("`{}` is {}", a[0], a[1]);
        case Phrase::ground_failed:
            return fmt::format("`{}` is niet te beoordelen: {}", a[0], a[1]);
        case Phrase::comparison:
            return fmt::format("`{}` {} {} `{}` {}: {}", a[0], a[1], comparison(s.op, yes), a[2],
                               a[3], yes ? "ja" : "nee");
        case Phrase::arithmetic:
            return fmt::format("{} = {}  (`{}`)", a[0], a[1], a[2]);
        case Phrase::rounding:
            return fmt::format("{} afgerond op {} ({}): {}", a[0], a[1], a[2], a[3]);
        case Phrase::cap:
            return fmt::format("de {} van {}: `{}` geeft {}", s.flag ? "grootste" : "kleinste",
                               a[0], a[1], a[2]);
        case Phrase::aggregate:
            return fmt::format("{} over {} van de {} van `{}`{}: {}", aggregate(a[0]), a[1], a[2],
                               a[3], a[5].empty() ? "" : fmt::format(" (alleen waar `{}`)", a[5]),
                               a[4]);
        case Phrase::allocation_full:
            return fmt::format(
                "de aanspraken (aantal: {}) zijn samen {} en passen binnen {}, dus elke aanspraak "
                "wordt volledig toegekend; deze aanspraak: {}; dit deel: {}",
                a[0], a[1], a[2], a[3], a[4]);
        case Phrase::allocation_pro_rata:
            return fmt::format(
                "naar rato: de aanspraken (aantal: {}) zijn samen {}, meer dan {}, dus elke "
                "aanspraak krijgt {} / {} ({}) ervan; deze aanspraak: {} × {} / {} = {}, naar "
                "beneden afgerond op centen: {}; {}; dit deel: {}",
                a[0], a[1], a[2], a[2], a[1], a[4], a[3], a[2], a[1], a[5], a[6], leftover_cent(a),
                a[8]);
        case Phrase::allocation_order:
            return fmt::format(
                "in volgorde van `{}` (bij gelijke stand op sleutel): de aanspraken (aantal: {}) "
                "zijn samen {}, meer dan {}; deze aanspraak: {}, `{}` {}{}, plaats {} in de rij; "
                "vóór deze aanspraak toegekend: {}; over: {}; {}; dit deel: {}",
                a[3], a[0], a[1], a[2], a[5], a[3], a[4],
                s.flag ? fmt::format(" (dezelfde `{}` als een buur in de rij: op sleutel geordend)",
                                     a[3])
                       : "",
                a[6], a[7], a[8], queue_outcome(a[10]), a[9]);
        case Phrase::allocation_outside:
            return fmt::format(
                "geen aanspraak in deze verdeling: {}; de aanspraken die meedoen (aantal: {}, "
                "samen {}) delen {}; dit deel: € 0,00",
                s.flag ? fmt::format("`{}` is onwaar (voorwaarde: `{}`)", a[4], a[3])
                       : fmt::format("de voorwaarde `{}` is onwaar", a[3]),
                a[0], a[1], a[2]);
        case Phrase::allocation_not_member:
            return fmt::format(
                "geen aanspraak in deze verdeling: niet een van `{}`; de aanspraken (aantal: {}, "
                "samen {}) delen {}; dit deel: € 0,00",
                a[3], a[0], a[1], a[2]);
        case Phrase::allocation_earlier:
            return fmt::format(
                "eerder in de rij: {}, `{}` {}{}: aanspraak {}, kreeg {}; samen "
                "toegekend: {}",
                a[0], a[1], a[2], s.flag ? " (gelijke stand: op sleutel geordend)" : "", a[3], a[4],
                a[5]);
        case Phrase::allocation_omitted:
            return fmt::format(
                "eerder in de rij, niet apart genoemd: {} (`{}` {}): samen {} gevraagd, {} "
                "toegekend",
                a[0] == "1" ? "1 aanspraak" : a[0] + " aanspraken", a[1],
                a[2] == a[3] ? a[2] : fmt::format("van {} t/m {}", a[2], a[3]), a[4], a[5]);
        case Phrase::parameter_as_of:
            return fmt::format("de versie {}, gekozen op de peildatum {}", period(a), a[2]);
        case Phrase::parameter_year:
            return a[2] == a[3]
                       ? fmt::format("de versie {}, gekozen op het jaar {} (1 januari)", period(a),
                                     a[2])
                       : fmt::format("de versie {}, gekozen op het jaar {} (`{}`; 1 januari)",
                                     period(a), a[2], a[3]);
        case Phrase::parameter_date:
            return fmt::format("de versie {}, gekozen op de datum {} (`{}`)", period(a), a[2],
                               a[3]);
        case Phrase::parameter_override:
            return fmt::format(
                "opgegeven met `{}`, niet uit de regels: deze waarde vervangt "
                "elke versie (wat-als)",
                a[0]);
    }
    return s.text;
}

}  // namespace regels::interp::phrases
