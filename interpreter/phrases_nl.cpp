// The Dutch catalogue: the words of explanations for Dutch readers (the default).
#include "dsl/labels.hpp"
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

std::string because_nl(const std::string& label, bool held) {
    if (label.empty()) {
        return held ? "de voorwaarde vervuld is" : "de voorwaarde niet vervuld is";
    }
    if (label.back() == '?') {
        return fmt::format("het antwoord op ‘{}’ {} is", label, held ? "ja" : "nee");
    }
    return fmt::format("{} {} is", label, held ? "waar" : "onwaar");
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
            return fmt::format("de uitzondering ‘{}’ is {}van toepassing", dsl::readable_name(a[0]),
                               yes ? "" : "niet ");
        case Phrase::outcome_exception:
            return fmt::format("de uitzondering ‘{}’ beslist", dsl::readable_name(a[0]));
        case Phrase::outcome_base:
            return "geen uitzondering is van toepassing, dus de hoofdregel beslist";
        case Phrase::alternative_base:
            return fmt::format("zonder de uitzondering ‘{}’ had de hoofdregel {} gegeven",
                               dsl::readable_name(a[0]), a[1]);
        case Phrase::alternative_branch:
            return fmt::format("{}, was de uitkomst {} geweest", otherwise(l[0], !yes), a[2]);
        case Phrase::alternative_failed:
            return fmt::format("{} kon niet worden berekend: {}",
                               l[0].empty() ? "de andere uitkomst" : l[0], a[1]);
        case Phrase::alternative_base_failed:
            return fmt::format(
                "zonder de uitzondering ‘{}’ was de hoofdregel niet te beoordelen: {}",
                dsl::readable_name(a[0]), a[1]);
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
                               a[5].empty()   ? ""
                               : l[5].empty() ? " (alleen wat aan de voorwaarde voldoet)"
                               : l[5].back() == '?'
                                   ? fmt::format(" (alleen waar het antwoord op ‘{}’ ja is)", l[5])
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
                l[3].empty() ? "de deelnemers" : l[3], count(a[0], "aanspraak", "aanspraken"), a[1],
                a[2]);
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
            return fmt::format("de versie {}, gekozen op het jaar {} (1 januari)", period(a), a[2]);
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

// ---- The message catalogue (messages.hpp): every command's messages in Dutch. An
// exhaustive switch, so an id without a text here breaks the build.
#include "interpreter/messages.hpp"

namespace regels::interp::phrases {

const char* message_nl(Msg id) {
    switch (id) {
        case Msg::diff_title:
            return "Wat een regelwijziging doet";
        case Msg::diff_rules:
            return "oude regels {0} (bestanden: {1})\nnieuwe regels {2} (bestanden: {3}){4}\n";
        case Msg::diff_with_set:
            return ", met --set ";
        case Msg::diff_nothing:
            return "\nalle beslissingen zijn gelijk gebleven\n";
        case Msg::diff_per_decision:
            return "\n{0}: {1} veranderd";
        case Msg::diff_moved:
            return ", omhoog {0}, omlaag {1}, saldo {2}";
        case Msg::diff_whole_run:
            return "(de hele berekening)";
        case Msg::diff_none:
            return "(geen)";
        case Msg::diff_because:
            return "      oorzaak: {0}\n";
        case Msg::diff_total_one:
            return "\n{0} beslissing veranderd";
        case Msg::diff_total_many:
            return "\n{0} beslissingen veranderd";
        case Msg::diff_level_record:
            return "per onderwerp";
        case Msg::diff_level_group:
            return "per groep";
        case Msg::diff_level_run:
            return "van de hele berekening";
        case Msg::diff_total_moved:
            return "; de bedragen {0} gingen {1} omhoog en {2} omlaag (saldo {3})";
        case Msg::diff_other_one:
            return "; {0} veranderd totaal over {1} is niet meegeteld, omdat het de bedragen "
                   "hierboven al bevat";
        case Msg::diff_other_many:
            return "; {0} veranderde totalen over {1} zijn niet meegeteld, omdat ze de bedragen "
                   "hierboven al bevatten";
        case Msg::diff_over_groups:
            return "groepen of de hele berekening";
        case Msg::diff_over_run:
            return "de hele berekening";
        case Msg::diff_now_failing_one:
            return "{0} beslissing die met de oude regels lukte, mislukt nu\n";
        case Msg::diff_now_failing_many:
            return "{0} beslissingen die met de oude regels lukten, mislukken nu\n";
        case Msg::diff_cause_new:
            return "een nieuwe beslissing";
        case Msg::diff_cause_gone:
            return "de beslissing bestaat niet meer";
        case Msg::diff_cause_now_used:
            return "`{0}` ({1}) wordt nu gebruikt: {2}";
        case Msg::diff_cause_changed:
            return "{0} `{1}`{2} ({3}): {4} → {5}{6}";
        case Msg::diff_cause_now_step:
            return "; nu: {0}";
        case Msg::diff_error_value:
            return "fout: {0}";
        case Msg::test_pass:
            return "GESLAAGD {0}: {1}{2}\n";
        case Msg::test_fail:
            return "MISLUKT  {0}: {1}{2}\n";
        case Msg::test_case_row:
            return "{0} [geval {1}]";
        case Msg::test_as_of:
            return "peildatum {0}";
        case Msg::test_given_parameter:
            return "met parameter ";
        case Msg::test_expected_value:
            return "{0}: {1}\n      verwacht: {2}\n      uitkomst: {3}\n      zo is besloten:\n{4}";
        case Msg::test_expected_value_error:
            return "{0}: {1}\n      verwacht: {2}\n      uitkomst: error[{3}]: {4}";
        case Msg::test_expected_error_value:
            return "{0}: {1}\n      verwacht: error[{2}]\n      uitkomst: {3}";
        case Msg::test_expected_error_other:
            return "{0}: {1}\n      verwacht: error[{2}]\n      uitkomst: error[{3}]: {4}";
        case Msg::test_refused_accepted:
            return "{0}: {1}\n      verwacht: geweigerd met {2}\n      uitkomst: aanvaard";
        case Msg::test_refused_other:
            return "{0}: {1}\n      verwacht: geweigerd met {2}\n      uitkomst: geweigerd met "
                   "{3}:{4}";
        case Msg::test_no_subject:
            return "{0}: de feiten van de test bevatten geen {1}";
        case Msg::test_no_group:
            return "{0}: de feiten van de test vormen geen groep ({1})";
        case Msg::test_no_rule:
            return "{0}: er is geen regel `{1}`";
        case Msg::test_no_citation:
            return "{0}: de toelichting van {1} noemt {2} \"{3}\" nergens als bron";
        case Msg::test_coverage:
            return "\ndekking: {0}% ({1} van {2} regels, uitzonderingen en vertakkingen)\n";
        case Msg::test_not_covered:
            return "  niet bereikt: {0}: {1}\n";
        case Msg::test_never_evaluated:
            return "{0} `{1}` wordt in geen enkele test berekend";
        case Msg::test_exception_never:
            return "uitzondering `{0}` van `{1}` is in geen enkele test van toepassing";
        case Msg::test_then_never:
            return "de `then`-tak van deze `if` wordt in geen enkele test genomen";
        case Msg::test_else_never:
            return "de `else`-tak van deze `if` wordt in geen enkele test genomen";
        case Msg::test_arm_never:
            return "deze `match`-arm wordt in geen enkele test genomen";
        case Msg::test_totals:
            return "\n{0}{1} geslaagd, {2} mislukt\n";
        case Msg::test_rule_set:
            return "{0}== regelset {1}\n";
        case Msg::test_all_sets:
            return "\nalle {0} regelsets: {1} geslaagd, {2} mislukt{3}\n";
        case Msg::test_not_tested_sets:
            return "; {0} niet getest, omdat de regels fouten bevatten";
        case Msg::test_set_not_tested:
            return "regels: {0}: niet getest: de regels bevatten fouten\n";
        case Msg::test_none_matched:
            return "regels: geen enkele test past bij de selectie\n";
        case Msg::test_below_threshold:
            return "regels: {0}de dekking van {1}% ligt onder de drempel van {2}%\n";
        case Msg::run_required_absent:
            return "{0} ontbreekt; die waarde is hier nodig";
        case Msg::run_absent:
            return "‘{0}’ ontbreekt";
        case Msg::run_assertion:
            return "de controle ‘{0}’ klopt niet{1}{2}";
        case Msg::run_assertion_for:
            return " voor {0}";
        case Msg::run_assertion_why:
            return ": ‘{0}’ geldt niet (‘{1}’ is {2}, ‘{3}’ is {4})";
        case Msg::run_strict:
            return "tegengehouden door --strict: de waarde ({0}) berust op de aanname bij ‘{1}’: "
                   "{2}";
        case Msg::run_no_version:
            return "{0}: er is geen versie die geldt op {1}";
        case Msg::run_unpublished:
            return "{0}: voor {1} is er nog geen gepubliceerde waarde (vastgelegd als "
                   "ongepubliceerd, {2}){3}";
        case Msg::run_valid_from:
            return "geldig vanaf {0}";
        case Msg::run_valid_until:
            return " tot en met {0}";
        case Msg::run_required_absent_code:
            return "‘{0}’ ontbreekt; die waarde is hier nodig";
        case Msg::run_not_a_year:
            return "{0} is geen jaartal";
        case Msg::run_max_time:
            return "de berekening duurde langer dan {0} ms (--max-time)";
        case Msg::run_max_steps:
            return "de berekening vergde meer dan {0} stappen (--max-steps)";
        case Msg::run_max_depth:
            return "de berekening is dieper genest dan {0} regels (--max-depth)";
        case Msg::run_cycle:
            return "‘{0}’ hangt af van zijn eigen waarde";
        case Msg::run_conflict:
            return "de uitzonderingen ‘{0}’ en ‘{1}’ van ‘{2}’ zijn allebei van toepassing en geen "
                   "van beide gaat voor (bestandsregel {3} en {4})";
        case Msg::run_not_whole_cents:
            return "beslissing ‘{0}’ komt uit op {1}; een bedrag bestaat uit hele centen";
        case Msg::run_division_by_zero:
            return "deling door nul: ‘{0}’ is 0";
        case Msg::run_rounding_unit:
            return "de afrondingseenheid moet groter zijn dan nul";
        case Msg::run_out_of_range:
            return "{0} {1} {2} valt buiten het bereik van een geheel getal";
        case Msg::run_negation_range:
            return "het tegengestelde van -9223372036854775808 valt buiten het bereik van een "
                   "geheel getal";
        case Msg::run_rounded_range:
            return "de afgeronde waarde valt buiten het bereik";
        case Msg::run_date_range:
            return "de datum valt buiten het bereik";
        case Msg::run_sum_range:
            return "de som valt buiten het bereik van een geheel getal";
        case Msg::run_empty_min_max:
            return "‘{0}’ van niets: ‘{1}’ heeft geen elementen";
        case Msg::run_empty_min_max_match:
            return "‘{0}’ van niets: ‘{1}’ heeft geen elementen die voldoen";
        case Msg::run_negative_claim:
            return "een aanspraak van {0} is negatief";
        case Msg::run_negative_amount:
            return "het te verdelen bedrag is negatief: {0}";
        case Msg::run_groups_failed:
            return "de groepen per {0} zijn niet te vormen: ‘{0}’ van {1} {2} is mislukt: {3}";
        case Msg::run_failed_decisions:
            return "regels: {0} van de {1} beslissingen zijn mislukt\n";
        case Msg::run_cannot_read_facts:
            return "kan het feitenbestand ‘{0}’ niet lezen: {1}";
        case Msg::run_no_record_type:
            return "--record {0}: de regels kennen geen recordtype ‘{0}’{1}";
        case Msg::run_which_record_type:
            return "de regels kennen meerdere recordtypes ({0}); zeg met --record NAAM welk "
                   "recordtype {1}";
        case Msg::run_file_holds:
            return "‘{0}’ bevat";
        case Msg::run_lines_are:
            return "de JSON Lines-invoer bevat";
        case Msg::run_record_after_json:
            return "--record {0} na --facts {1}: een JSON-document met feiten noemt zelf zijn "
                   "recordtypes; --record is voor CSV en JSON Lines";
        case Msg::run_cannot_write:
            return "kan ‘{0}’ niet schrijven: {1}";
        case Msg::run_is_folder:
            return "het is een map";
        case Msg::run_no_folder:
            return "de map ‘{0}’ bestaat niet";
        case Msg::run_takes_arguments:
            return "‘{0}’ heeft argumenten en kan niet op zichzelf worden uitgerekend";
        case Msg::run_no_decision:
            return "er is geen beslissing ‘{0}’{1}";
        case Msg::facts_expected:
            return "{0}: hier hoort {1}, maar er staat {2}";
        case Msg::facts_want_bool:
            return "true of false";
        case Msg::facts_want_year:
            return "een jaartal (een geheel getal)";
        case Msg::facts_want_integer:
            return "een geheel getal";
        case Msg::facts_want_amount:
            return "een bedrag (een JSON-getal zoals 1184.82)";
        case Msg::facts_want_number:
            return "een getal";
        case Msg::facts_want_date:
            return "een datum als tekst (\"JJJJ-MM-DD\")";
        case Msg::facts_want_datetime:
            return "een tijdstip als tekst (\"2025-03-01T09:15:00+01:00\")";
        case Msg::facts_want_text:
            return "tekst";
        case Msg::facts_want_case:
            return "tekst die een van de waarden noemt";
        case Msg::facts_want_array:
            return "een lijst (JSON-array)";
        case Msg::facts_want_records:
            return "een lijst van records";
        case Msg::facts_want_record:
            return "een record (een JSON-object)";
        case Msg::facts_found_object:
            return "een object";
        case Msg::facts_found_array:
            return "een lijst";
        case Msg::facts_found_text:
            return "de tekst {0}";
        case Msg::facts_found_number:
            return "het getal {0}";
        case Msg::facts_found_nothing:
            return "niets";
        case Msg::facts_integer_range:
            return "{0}: {1} valt buiten het bereik van een geheel getal (hooguit 19 cijfers)";
        case Msg::facts_integer_range64:
            return "{0}: {1} valt buiten het bereik van een geheel getal (-9223372036854775808 tot "
                   "en met 9223372036854775807)";
        case Msg::facts_not_a_year:
            return "{0}: {1} is geen jaartal van 1 tot en met 9999";
        case Msg::facts_inexact:
            return "{0}: {1} is niet exact weer te geven (de exponent is te groot)";
        case Msg::facts_not_cents:
            return "{0}: {1} bestaat niet uit hele centen";
        case Msg::facts_not_a_date:
            return "{0}: {1} is geen datum (JJJJ-MM-DD)";
        case Msg::facts_no_offset:
            return "{0}: bij {1} ontbreekt het verschil met UTC; schrijf het tijdstip met dat "
                   "verschil, bijvoorbeeld {2}+01:00 (of Z voor UTC)";
        case Msg::facts_not_a_moment:
            return "{0}: {1} is geen tijdstip in de kalender (JJJJ-MM-DDTUU:MM:SS met een verschil "
                   "met UTC zoals +01:00, of Z voor UTC)";
        case Msg::facts_not_a_case:
            return "{0}: {1} is geen van {2}";
        case Msg::facts_bad_type:
            return "{0}: een veld van dit type kan niet uit feiten komen";
        case Msg::facts_no_field:
            return "{0}/{1}: `{2}` heeft geen veld `{1}` (velden: {3})";
        case Msg::facts_field_twice:
            return "{0}/{1}: het veld `{1}` staat er twee keer";
        case Msg::facts_field_missing:
            return "{0}: het veld `{1}` ({2}) ontbreekt";
        case Msg::facts_record_bytes:
            return "het record is {0} bytes; de grens is {1} (--max-record-bytes)";
        case Msg::facts_not_a_record:
            return "hier hoort een record (een JSON-object), maar er staat {0}";
        case Msg::facts_text_after:
            return "na het record staat nog tekst";
        case Msg::facts_too_many:
            return "{0}: meer dan {1} records `{2}`; de grens stelt u in met --max-records";
        case Msg::facts_key_twice:
            return "{0}: `{1}` {2} staat er twee keer";
        case Msg::facts_key_unique:
            return "de sleutel van elk record moet uniek zijn";
        case Msg::facts_not_an_object:
            return "feiten horen een JSON-object te zijn met een lijst per recordtype, maar er "
                   "staat {0}";
        case Msg::facts_object_hint:
            return "schrijf {{\"Registratie\": [{{...}}, ...]}}, of gebruik een .jsonl-bestand met "
                   "één record per regel";
        case Msg::facts_no_record_type:
            return "/{0}: de regels kennen geen recordtype `{0}`";
        case Msg::facts_no_record_types:
            return "de regels declareren geen recordtypes";
        case Msg::facts_record_types:
            return "recordtypes: {0}";
        case Msg::facts_type_twice:
            return "/{0}: het recordtype staat er twee keer";
        case Msg::facts_not_json:
            return "de feiten zijn geen geldige JSON: {0}";
        case Msg::facts_not_json_at:
            return "{0}: de feiten zijn geen geldige JSON: {1}";
        case Msg::constraint_compare:
            return "{0} is hier niet toegestaan: `{1}` moet {2} zijn";
        case Msg::constraint_length_one:
            return "{0} is hier niet toegestaan: `{1}` moet {2} hebben (het heeft {3} teken)";
        case Msg::constraint_length_many:
            return "{0} is hier niet toegestaan: `{1}` moet {2} hebben (het heeft {3} tekens)";
        case Msg::constraint_too_long:
            return "een tekst van {0} bytes is te lang om te toetsen aan `{1}` (de grens is {2} "
                   "bytes)";
        case Msg::constraint_matching:
            return "{0} is hier niet toegestaan: `{1}` moet tekst {2} zijn";
        case Msg::constraint_member:
            return "{0} is hier niet toegestaan: `{1}` moet voorkomen in {2}, {3}";
        case Msg::member_not_on_date:
            return "en die bevat de waarde niet op de peildatum";
        case Msg::member_no_records:
            return "en er zijn geen records `{0}`";
        case Msg::member_none_has:
            return "en geen enkel record `{0}` heeft die waarde";
        case Msg::member_did_you_mean:
            return "; bedoelt u {0}?";
        case Msg::member_known:
            return "; de bekende waarden zijn {0}";
        case Msg::member_or:
            return " of ";
        case Msg::member_and:
            return " en ";
        case Msg::csv_empty_required:
            return "{0}: de cel is leeg, maar het veld is verplicht ({1}){2}";
        case Msg::csv_empty_text:
            return "; schrijf \"\" voor lege tekst";
        case Msg::csv_decimal_mark:
            return "{0}: {1}: in een bestand met `{2}` tussen de kolommen heeft een getal een "
                   "decimale {3} en geen scheidingsteken voor duizendtallen, bijvoorbeeld {4}";
        case Msg::csv_comma:
            return "komma";
        case Msg::csv_point:
            return "punt";
        case Msg::csv_want_amount:
            return "een bedrag";
        case Msg::csv_expected:
            return "{0}: hier hoort {1} (bijvoorbeeld {2}), maar er staat {3}";
        case Msg::csv_no_name:
            return "kolom {0} heeft geen naam; `{1}` heeft de velden {2}";
        case Msg::csv_no_field:
            return "`{0}` heeft geen veld `{1}` (velden: {2})";
        case Msg::csv_column_twice:
            return "de kolom `{0}` staat er twee keer";
        case Msg::csv_no_column:
            return "de kolom `{0}` ontbreekt; dat is een verplicht veld van `{1}` ({2})";
        case Msg::csv_add_column:
            return "voeg een kolom `{0}` toe aan de kopregel";
        case Msg::csv_record_bytes:
            return "{0}: het record is {1} bytes; de grens is {2} (--max-record-bytes)";
        case Msg::csv_cells:
            return "{0}: het record heeft {1} cellen, de kopregel {2}";
        case Msg::csv_quote_cell:
            return "een cel met `{0}` erin moet tussen aanhalingstekens staan";
        case Msg::csv_lone_cr:
            return "een regelterugloop (CR) zonder regelopvoer (LF) erna; een regel eindigt op LF "
                   "of CR LF";
        case Msg::csv_quote_inside:
            return "een aanhalingsteken in een cel die er niet mee begint; zet de hele cel tussen "
                   "aanhalingstekens en schrijf het aanhalingsteken twee keer (\"\")";
        case Msg::csv_quote_unclosed:
            return "het aanhalingsteken waarmee deze cel begint, wordt nergens gesloten";
        case Msg::csv_after_quote:
            return "tekst na het aanhalingsteken dat een cel sluit (een aanhalingsteken binnen een "
                   "cel tussen aanhalingstekens schrijft u twee keer: \"\"), of er ontbreekt een "
                   "‘{0}’";
        case Msg::csv_both_delimiters:
            return "de kopregel bevat zowel komma’s als puntkomma’s; een veldnaam bevat geen van "
                   "beide, dus maar één van de twee kan de kolommen scheiden";
        case Msg::csv_tabs:
            return "de kolommen van de kopregel worden gescheiden door tabs; sla het bestand op "
                   "als CSV, met een puntkomma of komma tussen de kolommen";
        case Msg::csv_utf16:
            return "het bestand is UTF-16, geen UTF-8";
        case Msg::csv_not_utf8:
            return "het bestand is geen geldige UTF-8 (byte {0})";
        case Msg::csv_save_utf8:
            return "sla het op als CSV in UTF-8 (in Excel: \"CSV UTF-8\")";
        case Msg::csv_empty_file:
            return "het CSV-bestand is leeg; de eerste regel moet de velden noemen";
        case Msg::csv_fields_of:
            return "de velden van ‘{0}’: {1}";
        case Msg::stream_summary:
            return "regels: {0} records gelezen: {1} beslist, {2} geweigerd; {3} beslissingen, {4} "
                   "mislukt\n";
        case Msg::stream_stopped:
            return "regels: gestopt bij een onbruikbaar record; de beslissingen die tot nu toe "
                   "geschreven zijn, zijn onvolledig (met --keep-going wordt elk goed record "
                   "beslist)\n";
        case Msg::stream_stopped_file:
            return "regels: gestopt bij een onbruikbaar record; de beslissingen die tot nu toe "
                   "naar `{0}` geschreven zijn, zijn onvolledig (met --keep-going wordt elk goed "
                   "record beslist)\n";
        case Msg::stream_stopped_unwritten:
            return "regels: gestopt bij een onbruikbaar record; het uitvoerbestand is niet "
                   "geschreven (met --keep-going wordt elk goed record beslist)\n";
        case Msg::check_summary:
            return "{0} gecontroleerd: geen fouten, {1}{2}";
        case Msg::check_files_one:
            return "1 bestand";
        case Msg::check_files_many:
            return "{0} bestanden";
        case Msg::check_warnings_one:
            return "1 waarschuwing";
        case Msg::check_warnings_many:
            return "{0} waarschuwingen";
        case Msg::check_errors_one:
            return "1 fout";
        case Msg::check_errors_many:
            return "{0} fouten";
        case Msg::check_errors_warnings:
            return "{0}, {1}";
        case Msg::check_quotes:
            return "; {0} gevonden in {1}";
        case Msg::check_quotes_one:
            return "1 citaat";
        case Msg::check_quotes_many:
            return "{0} citaten";
        case Msg::check_documents_one:
            return "de tekst van 1 document";
        case Msg::check_documents_many:
            return "de teksten van {0} documenten";
        case Msg::clauses_title:
            return "Regels — kaart van de afspraak";
        case Msg::clauses_heading:
            return "Kaart van de afspraak";
        case Msg::clauses_intro:
            return "<p>Per document, paragraaf en — waar de tekst aanwezig is — zin of tabelrij: "
                   "<b>GETEST</b> (een regel die een test bereikt, citeert eruit), <b>IN "
                   "REGELS</b> (een regel citeert eruit, geen test), <b>DEELS</b> (een paragraaf "
                   "waarvan een deel van de zinnen in regels staat) of <b>NIET IN REGELS</b> (met "
                   "de reden). Een document zonder tekst is <b>NIET GEVERIFIEERD</b>: de citaten "
                   "zijn niet tegen de tekst gecontroleerd en de status geldt per paragraaf.</p>\n";
        case Msg::clauses_tested:
            return "GETEST";
        case Msg::clauses_encoded:
            return "IN REGELS";
        case Msg::clauses_partial:
            return "DEELS";
        case Msg::clauses_not_encoded:
            return "NIET IN REGELS";
        case Msg::clauses_counts_one:
            return "{0} van {1} zin of rij in regels, {2} getest";
        case Msg::clauses_counts_many:
            return "{0} van {1} zinnen en rijen in regels, {2} getest";
        case Msg::clauses_area:
            return " (gebied {0})";
        case Msg::clauses_unverified:
            return " [NIET GEVERIFIEERD: tekst niet aanwezig]";
        case Msg::clauses_reason:
            return "      reden: {0}\n";
        case Msg::clauses_no_reason:
            return "(geen reden opgegeven)";
        case Msg::clauses_rules:
            return "      regels: {0}\n";
        case Msg::clauses_tests:
            return "      tests: {0}\n";
        case Msg::clauses_sentence_rules:
            return "          regels: {0}{1}\n";
        case Msg::clauses_tests_count:
            return "; tests: {0}";
        case Msg::clauses_assumptions:
            return "Aannames en interpretatiekeuzes";
        case Msg::clauses_assumption:
            return "AANNAME";
        case Msg::clauses_interpretation:
            return "INTERPRETATIE";
        case Msg::clauses_used_by:
            return "      gebruikt door: {0}\n";
        case Msg::clauses_no_decision:
            return "(geen beslissing)";
        case Msg::clauses_unpublished:
            return "Nog niet gepubliceerd";
        case Msg::clauses_from:
            return "  {0} vanaf {1}{2}: {3}\n";
        case Msg::clauses_until:
            return " tot en met {0}";
        case Msg::clauses_no_note:
            return "(geen toelichting)";
        case Msg::clauses_needed_by:
            return "      nodig voor: {0}\n";
        case Msg::clauses_area_html:
            return ", gebied {0}";
        case Msg::clauses_unverified_html:
            return " <span class=\"badge unverified\">NIET GEVERIFIEERD</span> de tekst is niet "
                   "aanwezig";
        case Msg::clauses_th_sections:
            return "<tr><th>paragraaf</th><th>status</th><th>regels</th><th>tests</th></tr>\n";
        case Msg::clauses_th_marks:
            return "<tr><th>soort</th><th>waarop</th><th>reden</th><th>gebruikt door</th></tr>\n";
        case Msg::clauses_th_unpublished:
            return "<tr><th>parameter</th><th>periode</th><th>toelichting</th><th>nodig "
                   "voor</th></tr>\n";
        case Msg::clauses_until_html:
            return " t/m {0}";
        case Msg::service_title:
            return "Regels";
        case Msg::count_:
            break;
    }
    return "";
}

}  // namespace regels::interp::phrases
