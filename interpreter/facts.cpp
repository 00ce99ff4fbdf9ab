#include "interpreter/facts.hpp"

#include "dsl/datetime.hpp"
#include "dsl/suggest.hpp"
#include "interpreter/facts_simd.hpp"
#include "interpreter/messages.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <regex>

namespace regels::interp {

using dsl::Code;
using dsl::TypeKind;

std::string value_key_text(const dsl::Program& program, const Value& v) {
    switch (v.kind) {
        case ValueKind::text:
            return v.str();
        case ValueKind::integer:
        case ValueKind::year:
            return std::to_string(v.i);
        case ValueKind::date:
            return dsl::format_date(static_cast<std::int32_t>(v.i));
        case ValueKind::datetime:
            return dsl::format_datetime_amsterdam(v.i);
        case ValueKind::enumeration:
            return program.enums[v.ref].cases[static_cast<std::size_t>(v.i)];
        case ValueKind::boolean:
            return v.i != 0 ? "true" : "false";
        case ValueKind::decimal:
        case ValueKind::money:
            return v.n.to_display(false);
        case ValueKind::absent:
            return "none";
        case ValueKind::set:
        case ValueKind::list:
        case ValueKind::range:
        case ValueKind::record:
        case ValueKind::group:
            break;
    }
    return "?";
}

std::string key_text(const dsl::Program& program, std::uint32_t record,
                     const std::vector<Value>& row) {
    const auto& key = program.records[record].key;
    std::string out;
    for (std::size_t k = 0; k < key.size(); ++k) {
        if (k > 0) {
            out += ", ";
        }
        out += value_key_text(program, row[key[k]]);
    }
    return out;
}

MemberSets::MemberSets(const dsl::Program& program) {
    feeds_.resize(program.records.size());
    for (const dsl::RecordInfo& rec : program.records) {
        for (const dsl::FieldInfo& f : rec.fields) {
            for (const dsl::ConstraintInfo& c : f.constraints) {
                if (c.kind != dsl::FieldConstraint::Kind::member ||
                    (c.parameter == dsl::no_index && c.record == dsl::no_index) ||
                    slot(c) != dsl::no_index) {
                    continue;
                }
                auto next = static_cast<std::uint32_t>(sources_.size());
                sources_.push_back(Source{c.record, c.field, c.parameter});
                if (c.parameter == dsl::no_index) {
                    feeds_[c.record].emplace_back(c.field, next);
                }
            }
        }
    }
    texts_.resize(sources_.size());
    numbers_.resize(sources_.size());
    ready_ = true;
}

std::uint32_t MemberSets::slot(const dsl::ConstraintInfo& c) const {
    for (std::size_t k = 0; k < sources_.size(); ++k) {
        const Source& s = sources_[k];
        if (c.parameter != dsl::no_index
                ? s.parameter == c.parameter
                : s.parameter == dsl::no_index && s.record == c.record && s.field == c.field) {
            return static_cast<std::uint32_t>(k);
        }
    }
    return dsl::no_index;
}

bool MemberSets::contains(std::uint32_t slot, const Value& v) const {
    if (v.kind == ValueKind::text) {
        return texts_[slot].find(std::string_view(v.str())) != texts_[slot].end();
    }
    return numbers_[slot].count(v.i) != 0;
}

void MemberSets::add(std::uint32_t slot, const Value& v) {
    switch (v.kind) {
        case ValueKind::text:
            texts_[slot].insert(v.str());
            break;
        case ValueKind::set:
        case ValueKind::list:
            for (const Value& item : v.elements()) {
                add(slot, item);
            }
            break;
        case ValueKind::absent:
            break;
        default:
            numbers_[slot].insert(v.i);
            break;
    }
}

void MemberSets::add_row(std::uint32_t record, const std::vector<Value>& row) {
    if (record >= feeds_.size()) {
        return;
    }
    for (const auto& [field, slot] : feeds_[record]) {
        add(slot, row[field]);
    }
}

std::vector<std::string> MemberSets::texts(std::uint32_t slot) const {
    std::vector<std::string> out(texts_[slot].begin(), texts_[slot].end());
    std::sort(out.begin(), out.end());
    return out;
}

struct FieldConstraints::Bound {
    dsl::FieldConstraint::Kind kind = dsl::FieldConstraint::Kind::compare;
    dsl::BinaryOp op = dsl::BinaryOp::ge;
    Value value;                         // compare: the bound, in the field's own kind
    std::int64_t length = 0;             // length: characters
    std::regex pattern;                  // matching
    std::string text;                    // as written
    std::uint32_t slot = dsl::no_index;  // member: the set in MemberSets
    std::string source;  // member: what the set is of (`Gebied.gebied`, `nplv_gebieden`)
    std::string record;  // member, a column: the record type that holds the values
};

FieldConstraints::FieldConstraints(const dsl::Program& program, Lang lang)
    : program_(&program), lang_(lang) {
    any_.assign(program.records.size(), false);
    bounds_.resize(program.records.size());
    const MemberSets numbering(program);
    for (std::size_t r = 0; r < program.records.size(); ++r) {
        const dsl::RecordInfo& rec = program.records[r];
        bounds_[r].resize(rec.fields.size());
        for (std::size_t f = 0; f < rec.fields.size(); ++f) {
            dsl::TypeId type = rec.fields[f].type;
            if (program.types.kind(type) == TypeKind::optional) {
                type = program.types.element(type);
            }
            for (const dsl::ConstraintInfo& c : rec.fields[f].constraints) {
                auto b = std::make_shared<Bound>();
                b->kind = c.kind;
                b->op = c.op;
                b->length = c.numerator;
                b->text = c.text;
                switch (c.kind) {
                    case dsl::FieldConstraint::Kind::member:
                        b->slot = numbering.slot(c);
                        if (b->slot == dsl::no_index) {
                            continue;  // not resolved: the checker reported it
                        }
                        b->source = c.text.substr(c.text.find(' ') + 1);
                        if (c.parameter == dsl::no_index) {
                            b->record = program.records[c.record].short_name;
                        }
                        break;
                    case dsl::FieldConstraint::Kind::matching:
                        b->pattern = std::regex(c.pattern, std::regex::ECMAScript);
                        break;
                    case dsl::FieldConstraint::Kind::length:
                        break;
                    case dsl::FieldConstraint::Kind::compare:
                        switch (program.types.kind(type)) {
                            case TypeKind::year:
                                b->value = Value::year(c.numerator);
                                break;
                            case TypeKind::decimal:
                                b->value =
                                    Value::decimal(Number::ratio(c.numerator, c.denominator));
                                break;
                            case TypeKind::money:
                                b->value = Value::money(Number::ratio(c.numerator, c.denominator));
                                break;
                            case TypeKind::date:
                                b->value = Value::date(c.numerator);
                                break;
                            case TypeKind::datetime:
                                b->value = Value::datetime(c.numerator);
                                break;
                            default:
                                b->value = Value::integer(c.numerator);
                                break;
                        }
                        break;
                }
                bounds_[r][f].push_back(std::move(b));
                any_[r] = true;
            }
        }
    }
}

namespace {

// A value as the facts spell it, for messages about it.
std::string facts_text(const dsl::Program& program, const Value& v) {
    switch (v.kind) {
        case ValueKind::text:
            return "\"" + v.str() + "\"";
        case ValueKind::money:
            return v.n.to_decimal(2, 2).value_or(v.n.to_display(false));
        case ValueKind::decimal:
            return v.n.to_decimal().value_or(v.n.to_display(false));
        case ValueKind::date:
        case ValueKind::datetime:
            return "\"" + value_key_text(program, v) + "\"";
        default:
            return value_key_text(program, v);
    }
}

bool holds(dsl::BinaryOp op, std::int64_t c) {
    switch (op) {
        case dsl::BinaryOp::ge:
            return c >= 0;
        case dsl::BinaryOp::gt:
            return c > 0;
        case dsl::BinaryOp::le:
            return c <= 0;
        case dsl::BinaryOp::lt:
            return c < 0;
        default:
            return true;
    }
}

std::size_t characters(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

// std::regex matches by recursion: a very long text could exhaust the stack, so longer text
// is refused with a message rather than matched.
constexpr std::size_t max_pattern_text = 4096;

}  // namespace

namespace {
// Why `value` is not in the set of `b`: what it must be, and the known values closest to it.
std::string member_message(const dsl::Program& program, const FieldConstraints::Bound& b,
                           const std::string& name, const Value& value, const MemberSets& members,
                           Lang lang);
}  // namespace

bool FieldConstraints::check_members(std::uint32_t record, std::uint32_t field, const Value& value,
                                     std::string& why, const MemberSets& members,
                                     bool* later) const {
    if (!any(record) || value.kind == ValueKind::absent || !members.ready()) {
        return true;
    }
    for (const auto& b : bounds_[record][field]) {
        if (b->kind != dsl::FieldConstraint::Kind::member || members.contains(b->slot, value)) {
            continue;
        }
        if (later != nullptr && members.open() && members.is_column(b->slot)) {
            *later = true;
            continue;
        }
        const dsl::RecordInfo& rec = program_->records[record];
        why = member_message(*program_, *b, rec.short_name + "." + rec.fields[field].name, value,
                             members, lang_);
        return false;
    }
    return true;
}

bool FieldConstraints::check(std::uint32_t record, std::uint32_t field, const Value& value,
                             std::string& why, const MemberSets* members, bool* later) const {
    if (!any(record) || value.kind == ValueKind::absent) {
        return true;
    }
    const dsl::RecordInfo& rec = program_->records[record];
    std::string name = rec.short_name + "." + rec.fields[field].name;
    for (const auto& b : bounds_[record][field]) {
        switch (b->kind) {
            case dsl::FieldConstraint::Kind::member:
                // After the bounds (below), so a value breaking both is told the bound.
                break;
            case dsl::FieldConstraint::Kind::compare:
                if (!holds(b->op, compare(value, b->value))) {
                    why = message(lang_, Msg::constraint_compare, facts_text(*program_, value),
                                  name, b->text);
                    return false;
                }
                break;
            case dsl::FieldConstraint::Kind::length: {
                std::size_t n = characters(value.str());
                if (!holds(b->op, n < static_cast<std::size_t>(b->length)   ? -1
                                  : n > static_cast<std::size_t>(b->length) ? 1
                                                                            : 0)) {
                    why = message(lang_,
                                  n == 1 ? Msg::constraint_length_one : Msg::constraint_length_many,
                                  quoted(value.str()), name, b->text, n);
                    return false;
                }
                break;
            }
            case dsl::FieldConstraint::Kind::matching:
                if (value.str().size() > max_pattern_text) {
                    why = message(lang_, Msg::constraint_too_long, value.str().size(), b->text,
                                  max_pattern_text);
                    return false;
                }
                if (!std::regex_match(value.str(), b->pattern)) {
                    why = message(lang_, Msg::constraint_matching, quoted(value.str()), name,
                                  b->text);
                    return false;
                }
                break;
        }
    }
    return members == nullptr || check_members(record, field, value, why, *members, later);
}

namespace {

std::string member_message(const dsl::Program& program, const FieldConstraints::Bound& b,
                           const std::string& name, const Value& value, const MemberSets& members,
                           Lang lang) {
    std::string out =
        message(lang, Msg::constraint_member, facts_text(program, value), name, b.source,
                !members.is_column(b.slot)  ? message(lang, Msg::member_not_on_date)
                : members.size(b.slot) == 0 ? message(lang, Msg::member_no_records, b.record)
                                            : message(lang, Msg::member_none_has, b.record));
    if (value.kind != ValueKind::text) {
        return out;
    }
    std::vector<std::string> known = members.texts(b.slot);
    // A value that differs only in case or spaces is the likeliest mistake: it comes first.
    auto fold = [](std::string_view s) {
        std::string f;
        for (char c : s) {
            if (c != ' ' && c != '-' && c != '_') {
                f += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
        }
        return f;
    };
    std::vector<std::string> close;
    const std::string folded = fold(value.str());
    for (const std::string& k : known) {
        if (fold(k) == folded) {
            close.push_back(k);
        }
    }
    for (const std::string& k : dsl::suggestions(value.str(), known)) {
        if (close.size() < 3 && std::find(close.begin(), close.end(), k) == close.end()) {
            close.push_back(k);
        }
    }
    auto list = [](const std::vector<std::string>& values, const std::string& last) {
        std::string text;
        for (std::size_t k = 0; k < values.size(); ++k) {
            text += k == 0 ? "" : k + 1 == values.size() ? last : ", ";
            text += quoted(values[k]);
        }
        return text;
    };
    if (!close.empty()) {
        out += message(lang, Msg::member_did_you_mean, list(close, message(lang, Msg::member_or)));
    } else if (!known.empty() && known.size() <= 5) {
        out += message(lang, Msg::member_known, list(known, message(lang, Msg::member_and)));
    }
    return out;
}

}  // namespace

std::string quoted(std::string_view s) {
    std::string out = "\"";
    for (char c : s.substr(0, 60)) {
        out += c;
    }
    return out + (s.size() > 60 ? "…\"" : "\"");
}

namespace {

std::string describe(JsonToken t, std::string_view text, Lang lang) {
    switch (t) {
        case JsonToken::begin_object:
            return message(lang, Msg::facts_found_object);
        case JsonToken::begin_array:
            return message(lang, Msg::facts_found_array);
        case JsonToken::string:
            return message(lang, Msg::facts_found_text, quoted(text));
        case JsonToken::number:
            return message(lang, Msg::facts_found_number, text);
        case JsonToken::true_value:
            return "true";
        case JsonToken::false_value:
            return "false";
        case JsonToken::null_value:
            return "null";
        case JsonToken::end_object:
        case JsonToken::end_array:
        case JsonToken::key:
        case JsonToken::end:
            break;
    }
    return message(lang, Msg::facts_found_nothing);
}

}  // namespace

bool FactsDecoder::read_value(JsonReader& reader, JsonToken token, dsl::TypeId type, Value& out,
                              const std::string& path, Problem& problem) const {
    const dsl::TypeTable& types = program_.types;
    TypeKind kind = types.kind(type);
    if (kind == TypeKind::optional) {
        if (token == JsonToken::null_value) {
            out = Value{};
            return true;
        }
        return read_value(reader, token, types.element(type), out, path, problem);
    }
    if (kind == TypeKind::set || kind == TypeKind::list) {
        if (token != JsonToken::begin_array) {
            problem = Problem{Code::E4004, reader.token_offset(),
                              message(limits_.lang, Msg::facts_expected, path,
                                      message(limits_.lang, Msg::facts_want_array),
                                      describe(token, reader.text(), limits_.lang))};
            return false;
        }
        std::vector<Value> items;
        std::size_t index = 0;
        while (true) {
            JsonToken t = reader.next();
            if (t == JsonToken::end_array) {
                break;
            }
            Value item;
            if (!read_value(reader, t, types.element(type), item, path, problem)) {
                if (problem.message.starts_with(path)) {
                    problem.message.insert(path.size(), "/" + std::to_string(index));
                }
                return false;
            }
            ++index;
            items.push_back(std::move(item));
        }
        out = Value::collection(kind == TypeKind::set ? ValueKind::set : ValueKind::list,
                                std::move(items));
        return true;
    }
    return read_scalar(token, reader.text(), reader.token_offset(), type, out, path, problem);
}

bool FactsDecoder::read_scalar(JsonToken token, std::string_view text, std::size_t offset,
                               dsl::TypeId type, Value& out, const std::string& path,
                               Problem& problem) const {
    const dsl::TypeTable& types = program_.types;
    TypeKind kind = types.kind(type);
    auto fail = [&](Code code, std::string message) {
        problem = Problem{code, offset, std::move(message)};
        return false;
    };
    const Lang lang = limits_.lang;
    auto wrong = [&](Msg expected) {
        return fail(Code::E4004, message(lang, Msg::facts_expected, path, message(lang, expected),
                                         describe(token, text, lang)));
    };
    switch (kind) {
        case TypeKind::boolean:
            if (token != JsonToken::true_value && token != JsonToken::false_value) {
                return wrong(Msg::facts_want_bool);
            }
            out = Value::boolean(token == JsonToken::true_value);
            return true;
        case TypeKind::integer:
        case TypeKind::year: {
            const Msg what =
                kind == TypeKind::year ? Msg::facts_want_year : Msg::facts_want_integer;
            if (token != JsonToken::number) {
                return wrong(what);
            }
            std::string_view t = text;
            // Most whole numbers are plain digits: read them first, and look for a fraction or
            // an exponent only when that does not take the whole text.
            std::int64_t plain = 0;
            auto [plain_end, plain_ec] = std::from_chars(t.data(), t.data() + t.size(), plain);
            if (plain_ec == std::errc() && plain_end == t.data() + t.size()) {
                out = kind == TypeKind::year ? Value::year(plain) : Value::integer(plain);
            } else if (t.find_first_of(".eE") != std::string_view::npos) {
                auto n = Number::parse_decimal(t);
                if (!n || !n->is_integer()) {
                    return fail(Code::E4004,
                                message(lang, Msg::facts_expected, path, message(lang, what), t));
                }
                auto as_int = n->to_int64();
                if (!as_int) {
                    return fail(Code::E4007, message(lang, Msg::facts_integer_range, path, t));
                }
                out = kind == TypeKind::year ? Value::year(*as_int) : Value::integer(*as_int);
            } else {
                std::int64_t v = 0;
                auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
                if (ec != std::errc() || ptr != t.data() + t.size()) {
                    return fail(Code::E4007, message(lang, Msg::facts_integer_range64, path, t));
                }
                out = kind == TypeKind::year ? Value::year(v) : Value::integer(v);
            }
            if (kind == TypeKind::year && (out.i < 1 || out.i > 9999)) {
                return fail(Code::E4007, message(lang, Msg::facts_not_a_year, path, out.i));
            }
            return true;
        }
        case TypeKind::decimal:
        case TypeKind::money: {
            if (token != JsonToken::number) {
                return wrong(kind == TypeKind::money ? Msg::facts_want_amount
                                                     : Msg::facts_want_number);
            }
            auto n = Number::parse_decimal(text);
            if (!n) {
                return fail(Code::E4009, message(lang, Msg::facts_inexact, path, text));
            }
            if (kind == TypeKind::money) {
                static const Number cent = Number::ratio(1, 100);
                if (!n->is_multiple_of(cent)) {
                    return fail(Code::E4004, message(lang, Msg::facts_not_cents, path, text));
                }
                out = Value::money(std::move(*n));
            } else {
                out = Value::decimal(std::move(*n));
            }
            return true;
        }
        case TypeKind::date: {
            if (token != JsonToken::string) {
                return wrong(Msg::facts_want_date);
            }
            std::string_view t = text;
            auto digit = [&](std::size_t k) { return t[k] >= '0' && t[k] <= '9'; };
            bool shape = t.size() == 10 && t[4] == '-' && t[7] == '-' && digit(0) && digit(1) &&
                         digit(2) && digit(3) && digit(5) && digit(6) && digit(8) && digit(9);
            if (shape) {
                int y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
                unsigned m = static_cast<unsigned>((t[5] - '0') * 10 + (t[6] - '0'));
                unsigned d = static_cast<unsigned>((t[8] - '0') * 10 + (t[9] - '0'));
                if (dsl::valid_date(y, m, d)) {
                    out = Value::date(dsl::days_from_civil(y, m, d));
                    return true;
                }
            }
            return fail(Code::E4005, message(lang, Msg::facts_not_a_date, path, quoted(t)));
        }
        case TypeKind::datetime: {
            if (token != JsonToken::string) {
                return wrong(Msg::facts_want_datetime);
            }
            if (auto t = dsl::parse_datetime(text)) {
                out = Value::datetime(t->seconds);
                return true;
            }
            if (text.size() == 19 && text[10] == 'T') {
                return fail(Code::E4005,
                            message(lang, Msg::facts_no_offset, path, quoted(text), text));
            }
            return fail(Code::E4005, message(lang, Msg::facts_not_a_moment, path, quoted(text)));
        }
        case TypeKind::text:
            if (token != JsonToken::string) {
                return wrong(Msg::facts_want_text);
            }
            out = Value::text(std::string(text));
            return true;
        case TypeKind::enumeration: {
            const dsl::EnumInfo& en = program_.enums[types[type].ref];
            if (token != JsonToken::string) {
                return wrong(Msg::facts_want_case);
            }
            for (std::size_t k = 0; k < en.cases.size(); ++k) {
                if (en.cases[k] == text) {
                    out = Value::enumeration(types[type].ref, static_cast<std::int64_t>(k));
                    return true;
                }
            }
            std::string cases;
            for (const auto& c : en.cases) {
                cases += (cases.empty() ? "" : ", ") + c;
            }
            return fail(Code::E4010,
                        message(lang, Msg::facts_not_a_case, path, quoted(text), cases));
        }
        case TypeKind::set:
        case TypeKind::list:
            return wrong(Msg::facts_want_array);  // read_value handles arrays before coming here
        case TypeKind::error:
        case TypeKind::record:
        case TypeKind::group:
        case TypeKind::optional:
        case TypeKind::range:
        case TypeKind::none:
            break;
    }
    return fail(Code::E4004, message(lang, Msg::facts_bad_type, path));
}

bool FactsDecoder::read_object(JsonReader& reader, std::uint32_t record, std::vector<Value>& row,
                               const std::string& path, Problem& problem, const MemberSets* members,
                               std::vector<std::pair<std::uint32_t, std::size_t>>* later) const {
    const dsl::RecordInfo& rec = program_.records[record];
    row.assign(rec.fields.size(), Value{});
    std::vector<bool> seen(rec.fields.size(), false);
    std::size_t start = reader.token_offset();
    while (true) {
        JsonToken t = reader.next();
        if (t == JsonToken::end_object) {
            break;
        }
        std::string_view field = reader.text();
        std::size_t at = reader.token_offset();
        auto idx = rec.field_index(field);
        if (!idx) {
            std::string names;
            for (const auto& f : rec.fields) {
                names += (names.empty() ? "" : ", ") + f.name;
            }
            problem = Problem{
                Code::E4003, at,
                message(limits_.lang, Msg::facts_no_field, path, field, rec.short_name, names)};
            return false;
        }
        if (seen[*idx]) {
            problem = Problem{Code::E4001, at,
                              message(limits_.lang, Msg::facts_field_twice, path, field)};
            return false;
        }
        seen[*idx] = true;
        JsonToken v = reader.next();
        // The JSON path is only spelled out when something is wrong with the value.
        std::size_t value_at = reader.token_offset();
        if (!read_value(reader, v, rec.fields[*idx].type, row[*idx], path, problem)) {
            if (problem.message.starts_with(path)) {
                problem.message.insert(path.size(), "/" + rec.fields[*idx].name);
            }
            return false;
        }
        std::string why;
        bool wait = false;
        if (!constraints_->check(record, *idx, row[*idx], why, members,
                                 later != nullptr ? &wait : nullptr)) {
            problem = Problem{Code::E4020, value_at,
                              fmt::format("{}/{}: {}", path, rec.fields[*idx].name, why)};
            return false;
        }
        if (wait) {
            later->emplace_back(*idx, value_at);
        }
    }
    for (std::size_t k = 0; k < rec.fields.size(); ++k) {
        if (!seen[k] && program_.types.kind(rec.fields[k].type) != TypeKind::optional) {
            problem = Problem{Code::E4002, start,
                              message(limits_.lang, Msg::facts_field_missing, path,
                                      rec.fields[k].name, program_.type_name(rec.fields[k].type))};
            return false;
        }
    }
    return true;
}

bool FactsDecoder::decode_record(std::string_view text, dsl::Location where, std::uint32_t record,
                                 std::vector<Value>& row, std::string& error_message,
                                 Code& error_code, std::size_t* error_offset) const {
    (void)where;
    auto at = [&](std::size_t offset) {
        if (error_offset != nullptr) {
            *error_offset = offset;
        }
    };
    at(0);
    if (text.size() > limits_.max_record_bytes) {
        error_code = Code::E4011;
        error_message =
            message(limits_.lang, Msg::facts_record_bytes, text.size(), limits_.max_record_bytes);
        return false;
    }
    if (fast_ && FastFactsReader(*this).decode_record(text, record, row)) {
        return true;
    }
    // The strict reader decides what simdjson did not accept, and says what is wrong.
    Problem problem{Code::E4001, 0, {}};
    try {
        JsonReader reader(text, limits_.max_depth, "--max-facts-depth");
        JsonToken t = reader.next();
        if (t != JsonToken::begin_object) {
            at(reader.token_offset());
            error_code = Code::E4004;
            error_message = message(limits_.lang, Msg::facts_not_a_record,
                                    describe(t, reader.text(), limits_.lang));
            return false;
        }
        if (!read_object(reader, record, row, "", problem, members_, nullptr)) {
            at(problem.offset);
            error_code = problem.code;
            error_message =
                problem.message.starts_with(": ") ? problem.message.substr(2) : problem.message;
            if (!error_message.empty() && error_message[0] == '/') {
                // keep the path
            }
            return false;
        }
        if (reader.next() != JsonToken::end) {
            at(reader.token_offset());
            error_code = Code::E4001;
            error_message = message(limits_.lang, Msg::facts_text_after);
            return false;
        }
    } catch (const JsonError& e) {
        at(e.offset);
        error_code = Code::E4001;
        error_message = e.what();
        return false;
    }
    return true;
}

bool FactsDecoder::add_row(Facts& facts, std::uint32_t record, std::vector<Value> row,
                           dsl::Location where, const std::string& path,
                           dsl::DiagnosticBag& bag) const {
    RecordTable& table = facts.tables[record];
    if (table.rows.size() >= limits_.max_records) {
        bag.report(Code::E4012, where,
                   message(limits_.lang, Msg::facts_too_many, path, limits_.max_records,
                           program_.records[record].short_name));
        return false;
    }
    std::string key = key_text(program_, record, row);
    auto [it, inserted] = table.by_key.emplace(key, static_cast<std::uint32_t>(table.rows.size()));
    if (!inserted) {
        bag.report(Code::E4006, where,
                   message(limits_.lang, Msg::facts_key_twice, path,
                           program_.records[record].short_name, quoted(key)))
            .hint(message(limits_.lang, Msg::facts_key_unique));
        return false;
    }
    table.keys.push_back(std::move(key));
    facts.members.add_row(record, row);
    table.rows.push_back(std::move(row));
    return true;
}

bool finish_facts(const dsl::Program& program, Facts& facts, dsl::DiagnosticBag& bag) {
    facts.members.close();
    if (facts.pending.empty()) {
        return true;
    }
    const FieldConstraints constraints(program);
    bool ok = true;
    for (const PendingMember& p : facts.pending) {
        std::string why;
        if (!constraints.check_members(p.record, p.field, p.value, why, facts.members, nullptr)) {
            bag.report(Code::E4020, p.where, fmt::format("{}: {}", p.path, why));
            ok = false;
        }
    }
    facts.pending.clear();
    return ok;
}

bool FactsDecoder::load_document(dsl::FileId file, Facts& facts, dsl::DiagnosticBag& bag) const {
    return load_document(program_.sources->file(file).text(), file, facts, bag);
}

bool FactsDecoder::load_document(std::string_view text, dsl::FileId file, Facts& facts,
                                 dsl::DiagnosticBag& bag) const {
    auto loc = [&](std::size_t offset) {
        return dsl::Location{file, dsl::Span{static_cast<std::uint32_t>(offset),
                                             static_cast<std::uint32_t>(offset + 1)}};
    };
    if (fast_ && FastFactsReader(*this).load_document(text, facts)) {
        return true;
    }
    // The strict reader decides what simdjson did not accept, and reports every problem.
    std::size_t errors_before = bag.error_count();
    // Where the reader is, for a syntax error deep inside the document.
    std::string inside;
    try {
        JsonReader reader(text, limits_.max_depth, "--max-facts-depth");
        reader.skip_byte_order_mark();
        JsonToken t = reader.next();
        if (t != JsonToken::begin_object) {
            bag.report(Code::E4004, loc(reader.token_offset()),
                       message(limits_.lang, Msg::facts_not_an_object,
                               describe(t, reader.text(), limits_.lang)))
                .hint(message(limits_.lang, Msg::facts_object_hint));
            return false;
        }
        std::vector<bool> seen_type(program_.records.size(), false);
        std::vector<std::pair<std::uint32_t, std::size_t>> later;
        while (true) {
            t = reader.next();
            if (t == JsonToken::end_object) {
                break;
            }
            std::string type_name(reader.text());
            std::size_t type_at = reader.token_offset();
            inside = "/" + type_name;
            auto record = program_.find_record(type_name);
            JsonToken v = reader.next();
            if (!record) {
                std::string names;
                for (const auto& r : program_.records) {
                    names += (names.empty() ? "" : ", ") + r.short_name;
                }
                bag.report(Code::E4008, loc(type_at),
                           message(limits_.lang, Msg::facts_no_record_type, type_name))
                    .hint(names.empty() ? message(limits_.lang, Msg::facts_no_record_types)
                                        : message(limits_.lang, Msg::facts_record_types, names));
                reader.skip_value(v);
                continue;
            }
            if (seen_type[*record]) {
                bag.report(Code::E4001, loc(type_at),
                           message(limits_.lang, Msg::facts_type_twice, type_name));
                reader.skip_value(v);
                continue;
            }
            seen_type[*record] = true;
            if (v != JsonToken::begin_array) {
                bag.report(Code::E4004, loc(reader.token_offset()),
                           message(limits_.lang, Msg::facts_expected, "/" + type_name,
                                   message(limits_.lang, Msg::facts_want_records),
                                   describe(v, reader.text(), limits_.lang)));
                reader.skip_value(v);
                continue;
            }
            std::size_t index = 0;
            while (true) {
                JsonToken r = reader.next();
                if (r == JsonToken::end_array) {
                    break;
                }
                std::string path = fmt::format("/{}/{}", type_name, index++);
                inside = path;
                std::size_t at = reader.token_offset();
                if (r != JsonToken::begin_object) {
                    bag.report(Code::E4004, loc(at),
                               message(limits_.lang, Msg::facts_expected, path,
                                       message(limits_.lang, Msg::facts_want_record),
                                       describe(r, reader.text(), limits_.lang)));
                    reader.skip_value(r);
                    continue;
                }
                std::vector<Value> row;
                Problem problem{Code::E4001, 0, {}};
                // The depth inside this record's braces: on an error, skip to its closing brace
                // (which may already have been read) and go on with the next record.
                std::size_t record_depth = reader.depth();
                later.clear();
                if (!read_object(reader, *record, row, path, problem, &facts.members, &later)) {
                    bag.report(problem.code, loc(problem.offset), problem.message);
                    while (reader.depth() >= record_depth) {
                        if (reader.next() == JsonToken::end) {
                            break;
                        }
                    }
                    continue;
                }
                for (const auto& [field, offset] : later) {
                    facts.pending.push_back(
                        PendingMember{*record, field, row[field], loc(offset),
                                      path + "/" + program_.records[*record].fields[field].name});
                }
                add_row(facts, *record, std::move(row), loc(at), path, bag);
            }
        }
        reader.next();
    } catch (const JsonError& e) {
        bag.report(Code::E4001, loc(e.offset),
                   inside.empty()
                       ? message(limits_.lang, Msg::facts_not_json, e.what())
                       : message(limits_.lang, Msg::facts_not_json_at, inside, e.what()));
        return false;
    }
    return bag.error_count() == errors_before;
}

}  // namespace regels::interp
