#include "tooling/schema.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <optional>

namespace regels::tooling {

namespace {

using Json = nlohmann::ordered_json;
using dsl::TypeKind;

// num / den (den a power of ten) as a JSON number: whole numbers stay integers.
Json number(std::int64_t num, std::int64_t den) {
    while (den > 1 && num % 10 == 0) {
        num /= 10;
        den /= 10;
    }
    if (den == 1) {
        return num;
    }
    std::string digits = std::to_string(num < 0 ? -num : num);
    std::size_t scale = std::to_string(den).size() - 1;
    if (digits.size() <= scale) {
        digits.insert(0, scale - digits.size() + 1, '0');
    }
    digits.insert(digits.size() - scale, ".");
    return std::strtod(((num < 0 ? "-" : "") + digits).c_str(), nullptr);
}

class Builder {
public:
    explicit Builder(const dsl::Program& p) : p_(p) {}

    Json type(dsl::TypeId t) {
        const dsl::TypeTable& types = p_.types;
        switch (types.kind(t)) {
            case TypeKind::boolean:
                return Json{{"type", "boolean"}};
            case TypeKind::integer:
                return Json{{"type", "integer"}};
            case TypeKind::year:
                return Json{{"type", "integer"}, {"minimum", 1}, {"maximum", 9999}};
            case TypeKind::decimal:
                return Json{{"type", "number"}};
            case TypeKind::money:
                return Json{{"type", "number"}};
            case TypeKind::date:
                return Json{{"type", "string"},
                            {"format", "date"},
                            {"pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}};
            case TypeKind::datetime:
                return Json{{"type", "string"},
                            {"format", "date-time"},
                            {"pattern",
                             "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
                             "(Z|[+-][0-9]{2}:[0-9]{2})$"}};
            case TypeKind::text:
                return Json{{"type", "string"}};
            case TypeKind::enumeration: {
                std::uint32_t e = types[t].ref;
                used_enums_.push_back(e);
                return Json{{"$ref", "#/$defs/" + enum_name(e)}};
            }
            case TypeKind::set:
            case TypeKind::list:
                return Json{{"type", "array"}, {"items", type(types.element(t))}};
            case TypeKind::optional:
                return Json{
                    {"anyOf", Json::array({type(types.element(t)), Json{{"type", "null"}}})}};
            case TypeKind::error:
            case TypeKind::record:
            case TypeKind::group:
            case TypeKind::range:
            case TypeKind::none:
                break;
        }
        return Json::object();
    }

    // The values of a membership constraint when the rules alone say them: a parameter whose
    // every version is a set (or list) of text or whole-number literals; their union, in the
    // order written (a schema knows no as-of date, so it admits what some version admits).
    // nullopt for a column (records come with the facts) or a computed list.
    std::optional<Json> listed(const dsl::ConstraintInfo& c) const {
        if (c.parameter == dsl::no_index) {
            return std::nullopt;
        }
        Json out = Json::array();
        for (const dsl::VersionInfo& v : p_.parameters[c.parameter].versions) {
            if (v.value == dsl::no_expr) {
                return std::nullopt;
            }
            const dsl::ExprKind& k = p_.ast.expr(v.value).kind;
            const std::vector<dsl::ExprId>* items = nullptr;
            if (const auto* set = std::get_if<dsl::SetLit>(&k)) {
                items = &set->items;
            } else if (const auto* list = std::get_if<dsl::ListLit>(&k)) {
                items = &list->items;
            } else {
                return std::nullopt;
            }
            for (dsl::ExprId e : *items) {
                Json item;
                const dsl::ExprKind& ik = p_.ast.expr(e).kind;
                if (const auto* t = std::get_if<dsl::TextLit>(&ik)) {
                    item = t->value;
                } else if (const auto* n = std::get_if<dsl::NumberLit>(&ik);
                           n != nullptr && n->form == dsl::NumberForm::integer && n->scale == 0) {
                    item = n->mantissa;
                } else {
                    return std::nullopt;
                }
                if (std::find(out.begin(), out.end(), item) == out.end()) {
                    out.push_back(std::move(item));
                }
            }
        }
        return out;
    }

    // The field's schema with its constraints added where the value's own schema is (inside
    // the anyOf of an optional field).
    Json field(const dsl::RecordInfo& rec, const dsl::FieldInfo& f) {
        Json schema = type(f.type);
        Json& value = schema.contains("anyOf") ? schema["anyOf"][0] : schema;
        dsl::TypeId base =
            p_.types.kind(f.type) == TypeKind::optional ? p_.types.element(f.type) : f.type;
        TypeKind kind = p_.types.kind(base);
        std::vector<std::string> by_engine;
        for (const dsl::ConstraintInfo& c : f.constraints) {
            switch (c.kind) {
                case dsl::FieldConstraint::Kind::compare:
                    if (kind == TypeKind::date || kind == TypeKind::datetime) {
                        by_engine.push_back(c.text);
                        break;
                    }
                    value[c.op == dsl::BinaryOp::ge   ? "minimum"
                          : c.op == dsl::BinaryOp::gt ? "exclusiveMinimum"
                          : c.op == dsl::BinaryOp::le ? "maximum"
                                                      : "exclusiveMaximum"] =
                        number(c.numerator, c.denominator);
                    break;
                case dsl::FieldConstraint::Kind::length:
                    switch (c.op) {
                        case dsl::BinaryOp::ge:
                            value["minLength"] = c.numerator;
                            break;
                        case dsl::BinaryOp::gt:
                            value["minLength"] = c.numerator + 1;
                            break;
                        case dsl::BinaryOp::le:
                            value["maxLength"] = c.numerator;
                            break;
                        default:
                            value["maxLength"] = c.numerator > 0 ? c.numerator - 1 : 0;
                            break;
                    }
                    break;
                case dsl::FieldConstraint::Kind::matching:
                    // `matching` is about the whole text; a schema pattern may match a part.
                    value["pattern"] = "^(?:" + c.pattern + ")$";
                    break;
                case dsl::FieldConstraint::Kind::member:
                    if (auto values = listed(c)) {
                        value["enum"] = std::move(*values);
                    }
                    if (c.parameter != dsl::no_index) {
                        by_engine.push_back(
                            fmt::format("an element of the parameter `{}` on the run's as-of date",
                                        p_.parameters[c.parameter].name));
                    } else if (c.record != dsl::no_index) {
                        const dsl::RecordInfo& target = p_.records[c.record];
                        by_engine.push_back(fmt::format(
                            "the `{}` of a `{}` record, from the rules' tables or the facts",
                            target.fields[c.field].name, target.short_name));
                    }
                    break;
            }
        }
        std::string description = dsl::doc_comment(p_, f.where);
        std::vector<std::string> notes;
        if (kind == TypeKind::money) {
            notes.emplace_back("An amount in euros with at most two decimals (whole cents).");
        }
        if (kind == TypeKind::datetime) {
            notes.emplace_back(
                "A moment with its offset from UTC, e.g. 2025-03-01T09:15:00+01:00.");
        }
        for (const std::string& b : by_engine) {
            notes.push_back(fmt::format("Must be {} (checked by the engine).", b));
        }
        for (std::size_t k : rec.key) {
            if (&rec.fields[k] == &f) {
                notes.emplace_back("The key: unique among the records of this type.");
            }
        }
        if (!description.empty() && !notes.empty() && description.back() != '.') {
            description += '.';
        }
        for (const std::string& n : notes) {
            description += (description.empty() ? "" : " ") + n;
        }
        if (!description.empty()) {
            schema["description"] = description;
        }
        // The field as the rules declare it, for a reader who knows the rule language.
        std::string declared = p_.type_name(f.type);
        for (const dsl::ConstraintInfo& c : f.constraints) {
            declared += (&c == &f.constraints.front() ? " " : " and ") + c.text;
        }
        schema["x-regels-type"] = declared;
        return schema;
    }

    Json record(std::uint32_t r) {
        const dsl::RecordInfo& rec = p_.records[r];
        Json schema = Json::object();
        schema["type"] = "object";
        std::string description = dsl::doc_comment(p_, rec.where);
        if (!description.empty()) {
            schema["description"] = description;
        }
        Json properties = Json::object();
        Json required = Json::array();
        for (const dsl::FieldInfo& f : rec.fields) {
            properties[f.name] = field(rec, f);
            if (p_.types.kind(f.type) != TypeKind::optional) {
                required.push_back(f.name);
            }
        }
        schema["properties"] = std::move(properties);
        schema["required"] = std::move(required);
        schema["additionalProperties"] = false;
        Json key = Json::array();
        for (std::size_t k : rec.key) {
            key.push_back(rec.fields[k].name);
        }
        schema["x-regels-key"] = std::move(key);
        return schema;
    }

    Json enumeration(std::uint32_t e) {
        const dsl::EnumInfo& en = p_.enums[e];
        Json schema = Json::object();
        schema["type"] = "string";
        schema["enum"] = en.cases;
        std::string description = dsl::doc_comment(p_, en.where);
        if (!description.empty()) {
            schema["description"] = description;
        }
        return schema;
    }

    // Record and enum schemas under $defs, by their names as facts spell them.
    void add_defs(Json& root, const std::vector<std::uint32_t>& records) {
        Json defs = Json::object();
        for (std::uint32_t r : records) {
            defs[p_.records[r].short_name] = record(r);
        }
        std::sort(used_enums_.begin(), used_enums_.end());
        used_enums_.erase(std::unique(used_enums_.begin(), used_enums_.end()), used_enums_.end());
        for (std::uint32_t e : used_enums_) {
            defs[enum_name(e)] = enumeration(e);
        }
        root["$defs"] = std::move(defs);
    }

private:
    const dsl::Program& p_;
    std::vector<std::uint32_t> used_enums_;

    std::string enum_name(std::uint32_t e) const {
        const std::string& name = p_.enums[e].name;
        return name.substr(name.rfind('.') + 1);
    }
};

}  // namespace

std::optional<std::string> facts_schema(const dsl::Program& program, const SchemaOptions& options,
                                        std::string& error) {
    Builder builder(program);
    Json root = Json::object();
    root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
    if (!options.title.empty()) {
        root["title"] = options.title;
    }
    std::vector<std::uint32_t> records;
    if (options.record) {
        auto r = program.find_record(*options.record);
        if (!r) {
            std::string names;
            for (const dsl::RecordInfo& rec : program.records) {
                names += (names.empty() ? "" : ", ") + rec.short_name;
            }
            error = fmt::format("the rules declare no record type `{}` (record types: {})",
                                *options.record, names.empty() ? "none" : names);
            return std::nullopt;
        }
        root["description"] = fmt::format(
            "One `{}` record: one line of a JSON Lines facts file (regels eval --facts "
            "FILE.jsonl --record {}).",
            program.records[*r].short_name, program.records[*r].short_name);
        root["$ref"] = "#/$defs/" + program.records[*r].short_name;
        records.push_back(*r);
    } else {
        root["description"] =
            "A facts document: for each record type, an array of its records. Record types "
            "may be left out; each record has every field that is not optional, and no other.";
        root["type"] = "object";
        Json properties = Json::object();
        for (std::uint32_t r = 0; r < program.records.size(); ++r) {
            const std::string& name = program.records[r].short_name;
            properties[name] =
                Json{{"type", "array"}, {"items", Json{{"$ref", "#/$defs/" + name}}}};
            records.push_back(r);
        }
        root["properties"] = std::move(properties);
        root["additionalProperties"] = false;
    }
    if (!options.rules_hash.empty()) {
        root["x-regels-rules"] = options.rules_hash;
    }
    builder.add_defs(root, records);
    return root.dump(2) + "\n";
}

}  // namespace regels::tooling
