// Labels: the words a legal reviewer reads instead of identifiers.
//
// Rules, parameters, records, fields and enum cases may carry a Dutch label in the rules
// (`label "de huurtoeslaggrens"`), a boolean rule also a question ("Telt de registratie
// mee?"). Reviewer output speaks in these; the identifiers, expressions and file:line go to
// the technical part. Where the author gave no label, the name is made readable: its module
// dropped and underscores turned into spaces ("telt_mee" -> "telt mee"), so no output ever
// shows `module.name` to a reviewer.
#pragma once

#include "dsl/check.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace regels::dsl {

// "telt_mee" -> "telt mee"; "realisatiestimulans.uitkering" -> "uitkering".
std::string readable_name(std::string_view identifier);

std::string rule_label(const Program& program, std::uint32_t rule);
// The question of a boolean rule, or "" when it has none.
const std::string& rule_question(const Program& program, std::uint32_t rule);
std::string parameter_label(const Program& program, std::uint32_t parameter);
std::string record_label(const Program& program, std::uint32_t record);
std::string field_label(const Program& program, std::uint32_t record, std::uint32_t field);
std::string case_label(const Program& program, std::uint32_t enumeration, std::uint32_t index);
// By qualified name (a rule's or a parameter's, as explanation nodes carry it); the readable
// name when neither is found.
std::string label_of(const Program& program, std::string_view qualified);
// The same, but a boolean rule's question where it has one (for a condition's answer).
std::string question_or_label(const Program& program, std::string_view qualified);

}  // namespace regels::dsl
