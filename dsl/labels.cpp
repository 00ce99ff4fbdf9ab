#include "dsl/labels.hpp"

#include <algorithm>

namespace regels::dsl {

std::string readable_name(std::string_view identifier) {
    if (auto dot = identifier.rfind('.'); dot != std::string_view::npos) {
        identifier.remove_prefix(dot + 1);
    }
    std::string out(identifier);
    std::replace(out.begin(), out.end(), '_', ' ');
    return out;
}

std::string rule_label(const Program& program, std::uint32_t rule) {
    const RuleInfo& info = program.rules.at(rule);
    return info.label.empty() ? readable_name(info.short_name) : info.label;
}

const std::string& rule_question(const Program& program, std::uint32_t rule) {
    return program.rules.at(rule).question;
}

std::string parameter_label(const Program& program, std::uint32_t parameter) {
    const ParameterInfo& info = program.parameters.at(parameter);
    return info.label.empty() ? readable_name(info.name) : info.label;
}

std::string record_label(const Program& program, std::uint32_t record) {
    const RecordInfo& info = program.records.at(record);
    return info.label.empty() ? readable_name(info.short_name) : info.label;
}

std::string field_label(const Program& program, std::uint32_t record, std::uint32_t field) {
    const FieldInfo& info = program.records.at(record).fields.at(field);
    return info.label.empty() ? readable_name(info.name) : info.label;
}

std::string case_label(const Program& program, std::uint32_t enumeration, std::uint32_t index) {
    const EnumInfo& info = program.enums.at(enumeration);
    if (index < info.case_labels.size() && !info.case_labels[index].empty()) {
        return info.case_labels[index];
    }
    return readable_name(info.cases.at(index));
}

std::string label_of(const Program& program, std::string_view qualified) {
    if (auto rule = program.find_rule(qualified)) {
        return rule_label(program, *rule);
    }
    for (std::uint32_t i = 0; i < program.parameters.size(); ++i) {
        if (program.parameters[i].name == qualified) {
            return parameter_label(program, i);
        }
    }
    return readable_name(qualified);
}

std::string question_or_label(const Program& program, std::string_view qualified) {
    if (auto rule = program.find_rule(qualified); rule && !program.rules[*rule].question.empty()) {
        return program.rules[*rule].question;
    }
    return label_of(program, qualified);
}

}  // namespace regels::dsl
