// Labels: reads the `label` and `question` clauses of rules, parameters, records, fields and
// enum cases (dsl/ast.hpp) into the Info structs a reviewer's output reads (dsl/labels.hpp).
// Runs after the rules are checked, so a question can be held against the rule's type. One
// label per element and none empty: a second label, or "", is a slip the author must see,
// not a choice the engine makes silently.
#include "dsl/check/checker.hpp"

namespace regels::dsl::checker {

namespace {

bool blank(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

const char* clause_word(LabelKind kind) {
    return kind == LabelKind::label ? "label" : "question";
}

}  // namespace

std::string Checker::take_label(const std::vector<LabelClause>& clauses, LabelKind kind,
                                std::string_view what) {
    const LabelClause* first = nullptr;
    for (const LabelClause& c : clauses) {
        if (c.kind != kind) {
            continue;
        }
        if (first != nullptr) {
            error(Code::E2061, at(c.span),
                  fmt::format("{} has a second {}", what, clause_word(kind)))
                .note(at(first->span), fmt::format("first {} here", clause_word(kind)))
                .hint(kind == LabelKind::label ? "keep one label; a reviewer reads one name for it"
                                               : "keep one question; a reviewer answers one");
            continue;
        }
        first = &c;
        if (blank(c.text)) {
            error(Code::E2062, at(c.span),
                  fmt::format("{} has an empty {}", what, clause_word(kind)))
                .hint(kind == LabelKind::label
                          ? "write the words a reviewer reads, e.g. `label \"de huurprijs per "
                            "maand\"`, or leave the clause out"
                          : "write the question in full, e.g. `question \"Telt de registratie "
                            "mee?\"`, or leave the clause out");
        }
    }
    return first != nullptr && !blank(first->text) ? first->text : std::string{};
}

void Checker::check_labels() {
    for (std::size_t i = 0; i < rule_decls_.size(); ++i) {
        const RuleDecl& d = *rule_decls_[i];
        RuleInfo& r = p_.rules[i];
        module_ = r.module;
        file_ = scopes_[module_].file;
        std::string what = fmt::format("{} `{}`", to_string(d.kind), d.name.text);
        r.label = take_label(d.labels, LabelKind::label, what);
        r.question = take_label(d.labels, LabelKind::question, what);
        // `optional boolean` too: a yes/no question that may have no answer yet.
        TypeId answer = t_.kind(r.result) == TypeKind::optional ? t_.element(r.result) : r.result;
        if (!r.question.empty() && !is_error(answer) && t_.kind(answer) != TypeKind::boolean) {
            auto q = std::find_if(d.labels.begin(), d.labels.end(), [](const LabelClause& c) {
                return c.kind == LabelKind::question;
            });
            error(Code::E2060, at(q->span),
                  fmt::format("{} has a question, but its value is {}, not true or false", what,
                              tn(r.result)))
                .note(at(d.result ? d.result->span : d.name.span), "declared type here")
                .hint("a question is answered yes or no; give this rule a `label` instead");
            r.question.clear();
        }
    }
    for (std::size_t i = 0; i < param_decls_.size(); ++i) {
        const ParameterDecl& d = *param_decls_[i];
        module_ = param_module_[i];
        file_ = scopes_[module_].file;
        p_.parameters[i].label =
            take_label(d.labels, LabelKind::label, fmt::format("parameter `{}`", d.name.text));
    }
    for (std::size_t i = 0; i < record_decls_.size(); ++i) {
        const RecordDecl& d = *record_decls_[i];
        RecordInfo& r = p_.records[i];
        module_ = record_module_[i];
        file_ = scopes_[module_].file;
        r.label = take_label(d.labels, LabelKind::label, fmt::format("record `{}`", d.name.text));
        for (const FieldDecl& f : d.fields) {
            std::string label = take_label(f.labels, LabelKind::label,
                                           fmt::format("field `{}.{}`", d.name.text, f.name.text));
            // A field declared twice (E2024) keeps its first declaration's label.
            auto idx = r.field_index(f.name.text);
            if (idx && r.fields[*idx].where.span.begin == f.name.span.begin) {
                r.fields[*idx].label = std::move(label);
            }
        }
    }
    for (std::size_t i = 0; i < enum_decls_.size(); ++i) {
        const EnumDecl& d = *enum_decls_[i];
        EnumInfo& e = p_.enums[i];
        module_ = enum_module_[i];
        file_ = scopes_[module_].file;
        e.case_labels.assign(e.cases.size(), std::string{});
        std::vector<bool> done(e.cases.size(), false);
        for (std::size_t k = 0; k < d.cases.size() && k < d.case_labels.size(); ++k) {
            std::string label =
                take_label(d.case_labels[k], LabelKind::label,
                           fmt::format("case `{}` of enum `{}`", d.cases[k].text, d.name.text));
            auto it = std::find(e.cases.begin(), e.cases.end(), d.cases[k].text);
            auto c = static_cast<std::size_t>(it - e.cases.begin());
            if (it != e.cases.end() && !done[c]) {
                done[c] = true;
                e.case_labels[c] = std::move(label);
            }
        }
    }
}

}  // namespace regels::dsl::checker
