#include "interpreter/phrases.hpp"

#include "dsl/datetime.hpp"
#include "dsl/labels.hpp"
#include "interpreter/cents.hpp"
#include "interpreter/evaluator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>

namespace regels::interp {

std::optional<Lang> lang_from_string(std::string_view name) {
    if (name == "nl") {
        return Lang::nl;
    }
    if (name == "en") {
        return Lang::en;
    }
    return std::nullopt;
}

const char* to_string(Lang lang) {
    switch (lang) {
        case Lang::nl:
            return "nl";
        case Lang::en:
            return "en";
    }
    return "nl";
}

const Words& words(Lang lang) {
    switch (lang) {
        case Lang::nl:
            return phrases::words_nl;
        case Lang::en:
            return phrases::words_en;
    }
    return phrases::words_nl;
}

const char* kind_text(ExplNode::Kind kind, Lang lang) {
    const Words& w = words(lang);
    switch (kind) {
        case ExplNode::Kind::decision:
            return w.kind_decision;
        case ExplNode::Kind::definition:
            return w.kind_definition;
        case ExplNode::Kind::assertion:
            return w.kind_assertion;
        case ExplNode::Kind::parameter:
            return w.kind_parameter;
    }
    return w.kind_definition;
}

std::string date_text(std::int32_t days, Lang lang) {
    static constexpr std::array<const char*, 12> nl = {
        "januari", "februari", "maart",     "april",   "mei",      "juni",
        "juli",    "augustus", "september", "oktober", "november", "december"};
    static constexpr std::array<const char*, 12> en = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};
    std::int32_t y = 0;
    unsigned m = 1;
    unsigned d = 1;
    dsl::civil_from_days(days, y, m, d);
    return fmt::format("{} {} {}", d, (lang == Lang::nl ? nl : en)[m - 1], y);
}

std::string datetime_text(std::int64_t seconds, Lang lang) {
    // Local time in the Netherlands, as a reader there reads the clock; seconds only when
    // they are not zero.
    dsl::LocalDateTime t = dsl::amsterdam_local(seconds);
    std::string out = fmt::format("{} {:02}:{:02}", date_text(t.days, lang), t.hour, t.minute);
    return t.second != 0 ? out + fmt::format(":{:02}", t.second) : out;
}

namespace {

// n rounded to four (or two) decimals, the Dutch way: "8.507.692,3077".
std::string rounded_text(const Number& n, bool four, RoundingMode mode) {
    std::string out;
    const int places = four ? 4 : 2;
    append_dutch(out, n.round(Number::ratio(1, four ? 10000 : 100), mode)
                          .to_decimal(places, places)
                          .value_or("?"));
    return out;
}

// A decimal that is not a fraction of a whole (753,6 dwellings, a factor of 6) as a number the
// Dutch way: "753,6"; not a short decimal: rounded to four decimals with the exact fraction,
// "8.507.692,3077 (= 110600000/13)".
std::string number_text(const Number& n) {
    std::string out;
    if (auto exact = n.to_decimal(0, 4)) {
        append_dutch(out, *exact);
        return out;
    }
    std::string fraction = n.to_display(false);
    fraction = fraction.substr(0, fraction.find(' '));
    return fmt::format("≈ {} (= {})", rounded_text(n, true, RoundingMode::half_up), fraction);
}

}  // namespace

std::string percent_text(const Number& n) {
    // Percentages are for fractions of a whole (70%, 105%, 10/13); a value above 200% is a
    // quantity, not a share: 1.256 × 60% = 753,6, never "75360%".
    if (Number(2) < n || n < Number(-2)) {
        return number_text(n);
    }
    Number pct = n * Number(100);
    if (auto exact = pct.to_decimal(0, 4)) {
        std::string s = *exact;
        for (char& c : s) {
            if (c == '.') {
                c = ',';
            }
        }
        return s + "%";
    }
    // Not a short decimal: the exact fraction, then the percentage to two decimals.
    std::string fraction = n.to_display(false);
    fraction = fraction.substr(0, fraction.find(' '));
    std::string approx =
        pct.round(Number::ratio(1, 100), RoundingMode::half_up).to_decimal(2, 2).value_or("?");
    for (char& c : approx) {
        if (c == '.') {
            c = ',';
        }
    }
    return fmt::format("{} (≈ {}%)", fraction, approx);
}

namespace {

// "€ 1.351.000,00" / "-€ 12,50" for a whole number of cents (as Number::to_money_display);
// false, with nothing appended, for anything else.
bool append_money_text(std::string& out, const Number& n) {
    std::string plain;  // "-1351000.00": short enough to stay inside the string
    if (!append_cents(n, plain)) {
        return false;
    }
    const bool negative = plain.front() == '-';
    out += negative ? "-€ " : "€ ";
    append_dutch(out, std::string_view(plain).substr(negative ? 1 : 0));
    return true;
}

// The digits of `i` (std::to_string's), in `buf`.
std::string_view integer_digits(std::array<char, 24>& buf, std::int64_t i) {
    auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), i);
    (void)ec;
    return {buf.data(), static_cast<std::size_t>(end - buf.data())};
}

void append_integer(std::string& out, std::int64_t i) {
    std::array<char, 24> buf{};
    out += integer_digits(buf, i);
}

}  // namespace

std::string value_text(const dsl::Program& p, const Value& v, dsl::TypeId type, Lang lang) {
    std::string out;
    append_value_text(out, p, v, type, lang);
    return out;
}

void append_value_text(std::string& out, const dsl::Program& p, const Value& v, dsl::TypeId type,
                       Lang lang) {
    switch (v.kind) {
        case ValueKind::absent:
            out += lang == Lang::nl ? "geen" : "none";
            return;
        case ValueKind::boolean:
            out += v.i != 0 ? words(lang).yes : words(lang).no;
            return;
        case ValueKind::date:
            out += date_text(static_cast<std::int32_t>(v.i), lang);
            return;
        case ValueKind::datetime:
            out += datetime_text(v.i, lang);
            return;
        case ValueKind::decimal:
            out += percent_text(v.n);
            return;
        case ValueKind::set:
        case ValueKind::list: {
            dsl::TypeKind k = p.types.kind(type);
            dsl::TypeId et =
                k == dsl::TypeKind::set || k == dsl::TypeKind::list ? p.types.element(type) : type;
            out += v.kind == ValueKind::set ? "{" : "[";
            for (std::size_t i = 0; i < v.elements().size(); ++i) {
                if (i == 20) {
                    out += fmt::format(", … ({} {})", v.elements().size(),
                                       lang == Lang::nl ? "in totaal" : "in all");
                    break;
                }
                out += i > 0 ? ", " : "";
                append_value_text(out, p, v.elements()[i], et, lang);
            }
            out += v.kind == ValueKind::set ? "}" : "]";
            return;
        }
        case ValueKind::range: {
            dsl::TypeId et =
                p.types.kind(type) == dsl::TypeKind::range ? p.types.element(type) : type;
            append_value_text(out, p, v.elements()[0], et, lang);
            out += lang == Lang::nl ? " t/m " : " to ";
            append_value_text(out, p, v.elements()[1], et, lang);
            return;
        }
        case ValueKind::integer: {
            // A count the Dutch way, with a point between thousands: 1.256 woningen.
            std::array<char, 24> buf{};
            append_dutch(out, integer_digits(buf, v.i));
            return;
        }
        case ValueKind::year:
            // A year keeps its four digits.
            append_integer(out, v.i);
            return;
        case ValueKind::money:
            if (!append_money_text(out, v.n)) {
                out += display_value(p, v, type);
            }
            return;
        case ValueKind::text:
            out += '"';
            out += v.str();
            out += '"';
            return;
        case ValueKind::enumeration:
            // The case's label ("sociale huurwoning"), or its name made readable.
            out += dsl::case_label(p, v.ref, static_cast<std::uint32_t>(v.i));
            return;
        case ValueKind::record:
        case ValueKind::group:
            out += display_value(p, v, type);
            return;
    }
    out += display_value(p, v, type);
}

namespace {

std::string catalogue(const ExplStep& step, const std::vector<std::string>& args,
                      const std::vector<std::string>& labels, Lang lang) {
    switch (lang) {
        case Lang::nl:
            return phrases::step_nl(step, args, labels);
        case Lang::en:
            return phrases::step_en(step, args, labels);
    }
    return phrases::step_nl(step, args, labels);
}

// The pieces of rule text (StepArg::code) that carry data of the record rather than rule
// text, by phrase: a bit per argument index.
unsigned data_args(Phrase phrase) {
    switch (phrase) {
        case Phrase::arithmetic:  // the formula with its operands' values
        case Phrase::cap:         // the operands with their values
            return 0b1U;
        case Phrase::alternative_failed:       // the error message
        case Phrase::alternative_base_failed:  // the error message
        case Phrase::ground_failed:            // the error message
            return 0b10U;
        case Phrase::aggregate:  // counted, elements
            return 0b110U;
        case Phrase::allocation_pro_rata:  // the ratio and the share before rounding
            return 0b110000U;
        case Phrase::allocation_outside:  // the false part of the filter
            return 0b10000U;
        default:
            return 0;
    }
}

// The reader's words for each piece of rule text among the arguments (operand_label); "" for
// values and for pieces that carry data (a formula with its values, an error message).
std::vector<std::string> arg_labels(const dsl::Program& program, const ExplStep& step, Lang lang) {
    const unsigned data = data_args(step.phrase);
    std::vector<std::string> labels(step.args.size());
    for (std::size_t k = 0; k < step.args.size(); ++k) {
        const StepArg& a = step.args[k];
        if (!a.is_value && (data >> k & 1U) == 0) {
            labels[k] = operand_label(program, a.text, lang);
        }
    }
    return labels;
}

}  // namespace

bool whole_sentence(Phrase phrase) {
    return phrase == Phrase::parameter_as_of || phrase == Phrase::parameter_year ||
           phrase == Phrase::parameter_date || phrase == Phrase::parameter_override;
}

namespace {

StepArg money_arg(const ExplAllocation& x, const Number& n) {
    return StepArg::of(Value::money(n), x.money);
}

StepArg count_arg(std::size_t n) {
    return StepArg::of(Value::integer(static_cast<std::int64_t>(n)), 0);
}

// An amount before rounding to the cent, as a reader checks it: exact up to four decimals,
// else its first four decimals and "…" (the exact fraction is in the JSON).
std::string unrounded_money(const Number& n) {
    std::string out = n.sign() < 0 ? "-€ " : "€ ";
    const Number m = n.abs();
    if (auto exact = m.to_decimal(2, 4)) {
        append_dutch(out, *exact);
        return out;
    }
    return out + rounded_text(m, true, RoundingMode::floor) + "…";
}

// A share of the amount: "90%", or "≈ 89,63%" when it does not end within two decimals.
std::string ratio_text(const Number& n) {
    const Number pct = n * Number(100);
    std::string out;
    if (auto exact = pct.to_decimal(0, 2)) {
        append_dutch(out, *exact);
        return out + "%";
    }
    return "≈ " + rounded_text(pct, false, RoundingMode::half_up) + "%";
}

const char* queue_outcome(const ExplAllocation& x) {
    if (x.share == x.claim) {
        return "full";
    }
    return x.share.sign() > 0 ? "partial" : "none";
}

}  // namespace

Phrase allocation_step(const ExplAllocation& x, std::vector<StepArg>& args, bool& flag) {
    args.push_back(count_arg(x.claims));
    args.push_back(money_arg(x, x.total));
    args.push_back(money_arg(x, x.amount));
    if (!x.claimant) {
        if (x.failed.empty()) {
            args.push_back(StepArg::code(x.collection));
            return Phrase::allocation_not_member;
        }
        args.push_back(StepArg::code(x.filter));
        args.push_back(StepArg::code(x.failed));
        // Whether the filter is an `and` of several conditions (a part of it is shorter).
        flag = x.failed.size() != x.filter.size();
        return Phrase::allocation_outside;
    }
    switch (x.method) {
        case ExplAllocation::Method::full:
            args.push_back(money_arg(x, x.claim));
            args.push_back(money_arg(x, x.share));
            return Phrase::allocation_full;
        case ExplAllocation::Method::pro_rata:
            args.push_back(money_arg(x, x.claim));
            args.push_back(StepArg::owned(ratio_text(x.ratio)));
            args.push_back(StepArg::owned(unrounded_money(x.exact)));
            args.push_back(money_arg(x, x.floored));
            args.push_back(count_arg(x.cents));
            args.push_back(money_arg(x, x.share));
            args.push_back(StepArg::code(x.cents == 0   ? "no_cents"
                                         : x.extra_cent ? "cent"
                                                        : "no_cent"));
            return Phrase::allocation_pro_rata;
        case ExplAllocation::Method::in_order:
            args.push_back(StepArg::code(x.order));
            args.push_back(StepArg::of(x.key, x.key_type));
            args.push_back(money_arg(x, x.claim));
            args.push_back(count_arg(x.position));
            args.push_back(money_arg(x, x.before));
            args.push_back(money_arg(x, x.remaining));
            args.push_back(money_arg(x, x.share));
            args.push_back(StepArg::code(queue_outcome(x)));
            flag = x.tie;
            return Phrase::allocation_order;
    }
    return Phrase::allocation_full;
}

std::vector<std::string> allocation_lines(const dsl::Program& program, const ExplAllocation& x,
                                          Lang lang) {
    std::vector<std::string> out;
    auto line = [&](Phrase phrase, std::vector<StepArg> args, bool flag) {
        ExplStep s{};
        s.kind = StepKind::allocation;
        s.phrase = phrase;
        s.args = std::move(args);
        s.flag = flag;
        out.push_back(step_text(program, s, lang));
    };
    if (x.omitted > 0) {
        line(Phrase::allocation_omitted,
             {count_arg(x.omitted), StepArg::code(x.order), StepArg::of(x.omitted_from, x.key_type),
              StepArg::of(x.omitted_to, x.key_type), money_arg(x, x.omitted_claimed),
              money_arg(x, x.omitted_took)},
             false);
    }
    for (const ExplClaim& c : x.earlier) {
        line(Phrase::allocation_earlier,
             {StepArg::code(std::string_view(c.subject)), StepArg::code(x.order),
              StepArg::of(c.key, x.key_type), money_arg(x, c.claim), money_arg(x, c.took),
              money_arg(x, c.after)},
             c.tie);
    }
    return out;
}

void append_hole(std::string& out, std::size_t index) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, index);
    (void)ec;
    out += hole_open;
    out.append(buf, end);
    out += hole_close;
}

std::string step_code(const ExplStep& step) {
    if (step.phrase == Phrase::literal || whole_sentence(step.phrase)) {
        return {};
    }
    const unsigned data = data_args(step.phrase);
    std::string out;
    // An allocation's last argument is a fixed word of the sentence, not rule text.
    const bool fixed_last =
        step.phrase == Phrase::allocation_pro_rata || step.phrase == Phrase::allocation_order;
    const std::size_t n = step.args.size() - (fixed_last && !step.args.empty() ? 1 : 0);
    for (std::size_t k = 0; k < n; ++k) {
        const StepArg& a = step.args[k];
        if (!a.is_value && (data >> k & 1U) == 0 && !a.text.empty() &&
            a.value.kind == ValueKind::absent) {
            out += out.empty() ? "" : " | ";
            out += a.text;
        }
    }
    return out;
}

std::string because_text(const std::string& label, bool held, Lang lang) {
    return lang == Lang::en ? phrases::because_en(label, held) : phrases::because_nl(label, held);
}

std::string given_text(const std::string& label, const std::string& value, Lang lang) {
    return lang == Lang::en ? fmt::format("{} is {}", label, value)
                            : fmt::format("{} {} is", label, value);
}

std::string condition_text(const std::string& label, bool held, Lang lang) {
    return lang == Lang::en ? phrases::condition_en(label, held)
                            : phrases::condition_nl(label, held);
}

std::string step_text(const dsl::Program& program, const ExplStep& step, Lang lang) {
    if (step.phrase == Phrase::literal) {
        return step.text;
    }
    std::vector<std::string> args;
    args.reserve(step.args.size());
    for (const StepArg& a : step.args) {
        args.push_back(a.is_value ? value_text(program, a.value, a.type, lang)
                                  : std::string(a.text));
    }
    return catalogue(step, args, arg_labels(program, step, lang), lang);
}

unsigned step_holes(const dsl::Program& program, const ExplStep& step, Lang lang,
                    HoleBuffer& holes) {
    if (step.phrase == Phrase::literal) {
        holes.text += step.text;
        holes.close();
        return 1U;
    }
    if (whole_sentence(step.phrase)) {
        return 0;
    }
    const unsigned data = data_args(step.phrase);
    unsigned mask = 0;
    for (std::size_t k = 0; k < step.args.size(); ++k) {
        const StepArg& a = step.args[k];
        if (!a.is_value) {
            if ((data >> k & 1U) != 0) {
                holes.text += a.text;
                holes.close();
                mask |= 1U << k;
            }
            continue;
        }
        // Values the sentence's words depend on are part of it, not holes: a rounding's unit
        // ("op hele euro's") and the number of claims of an allocation ("de enige aanspraak").
        if ((step.phrase == Phrase::rounding && k == 1) ||
            (k == 0 && step.phrase >= Phrase::allocation_full &&
             step.phrase <= Phrase::allocation_not_member)) {
            continue;
        }
        // An enum case written in the rule text beside it (`onzelfstandig`) is a literal too,
        // though it reads as its label.
        if (a.value.kind == ValueKind::enumeration) {
            const std::string& name =
                program.enums[a.value.ref].cases[static_cast<std::size_t>(a.value.i)];
            if (std::any_of(step.args.begin(), step.args.end(), [&](const StepArg& c) {
                    return !c.is_value && (c.text == name ||
                                           (c.text.size() > name.size() && c.text.ends_with(name) &&
                                            c.text[c.text.size() - name.size() - 1] == '.'));
                })) {
                continue;
            }
        }
        const std::size_t start = holes.text.size();
        append_value_text(holes.text, program, a.value, a.type, lang);
        const std::string_view text = std::string_view(holes.text).substr(start);
        // A value written as in the rule text beside it (a literal: `"toegekend"`, `2025`)
        // stays in the template; it is part of the rule, not of the record.
        if (std::any_of(step.args.begin(), step.args.end(),
                        [&](const StepArg& c) { return !c.is_value && c.text == text; })) {
            holes.text.resize(start);
            continue;
        }
        holes.close();
        mask |= 1U << k;
    }
    return mask;
}

unsigned step_holes(const dsl::Program& program, const ExplStep& step, Lang lang,
                    std::vector<std::string>& holes) {
    HoleBuffer buffer;
    const unsigned mask = step_holes(program, step, lang, buffer);
    for (std::size_t k = 0; k < buffer.size(); ++k) {
        holes.emplace_back(buffer[k]);
    }
    return mask;
}

std::string step_template(const dsl::Program& program, const ExplStep& step, Lang lang,
                          std::vector<std::string>& holes) {
    std::size_t next = holes.size();
    const unsigned mask = step_holes(program, step, lang, holes);
    if (step.phrase == Phrase::literal) {
        std::string out;
        append_hole(out, next);
        return out;
    }
    if (whole_sentence(step.phrase)) {
        return step_text(program, step, lang);
    }
    std::vector<std::string> args;
    args.reserve(step.args.size());
    for (std::size_t k = 0; k < step.args.size(); ++k) {
        const StepArg& a = step.args[k];
        if ((mask >> k & 1U) != 0) {
            std::string marker;
            append_hole(marker, next++);
            args.push_back(std::move(marker));
        } else {
            args.push_back(a.is_value ? value_text(program, a.value, a.type, lang)
                                      : std::string(a.text));
        }
    }
    return catalogue(step, args, arg_labels(program, step, lang), lang);
}

}  // namespace regels::interp
