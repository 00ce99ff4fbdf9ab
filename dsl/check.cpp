#include "dsl/check.hpp"

#include "dsl/check/checker.hpp"
#include "dsl/follow_on.hpp"
#include "dsl/parser.hpp"
#include "dsl/sources.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <unordered_set>

// check() runs the passes of dsl/check/ (see checker.hpp) in order; this file holds the
// order and the Program's own lookups.
namespace regels::dsl {

std::optional<std::uint32_t> RecordInfo::field_index(std::string_view field) const {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (fields[i].name == field) {
            return static_cast<std::uint32_t>(i);
        }
    }
    return std::nullopt;
}

std::optional<std::uint32_t> Program::find_rule(std::string_view qualified) const {
    for (std::size_t i = 0; i < rules.size(); ++i) {
        if (rules[i].name == qualified) {
            return static_cast<std::uint32_t>(i);
        }
    }
    return std::nullopt;
}

std::optional<std::uint32_t> Program::find_record(std::string_view name) const {
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (records[i].name == name || records[i].short_name == name) {
            return static_cast<std::uint32_t>(i);
        }
    }
    return std::nullopt;
}

FileId Program::file_of(ExprId e) const {
    FileId f = no_file;
    for (const auto& [first, file] : file_ranges) {
        if (e >= first) {
            f = file;
        }
    }
    return f;
}

std::string doc_comment(const Program& program, const Location& decl) {
    const FileAst* fa = nullptr;
    for (const FileAst& f : program.ast.files) {
        if (f.file == decl.file) {
            fa = &f;
        }
    }
    if (fa == nullptr || program.sources == nullptr) {
        return {};
    }
    const SourceFile& src = program.sources->file(decl.file);
    std::uint32_t line = src.line_column(decl.span.begin).line;
    std::vector<std::string> above;
    std::string trailing;
    std::uint32_t want = line - 1;
    for (auto it = fa->comments.rbegin(); it != fa->comments.rend(); ++it) {
        std::uint32_t cl = src.line_column(it->span.begin).line;
        std::string text(src.slice(it->span));
        while (!text.empty() && (text.front() == '#' || text.front() == ' ')) {
            text.erase(text.begin());
        }
        while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) {
            text.pop_back();
        }
        if (cl == line && it->span.begin > decl.span.begin) {
            trailing = text;
        } else if (cl == want && want > 0) {
            std::string_view lt = src.line_text(cl);
            std::size_t first = lt.find_first_not_of(" \t");
            if (first == std::string_view::npos || lt[first] != '#') {
                continue;  // a comment after code on that line belongs to that code
            }
            above.insert(above.begin(), text);
            --want;
        } else if (cl < want) {
            break;
        }
    }
    std::string out;
    for (const std::string& s : above) {
        out += (out.empty() ? "" : " ") + s;
    }
    if (!trailing.empty()) {
        out += (out.empty() ? "" : " ") + trailing;
    }
    return out;
}

std::string Program::type_name(TypeId type) const {
    const TypeInfo& t = types[type];
    switch (t.kind) {
        case TypeKind::error:
            return "<error>";
        case TypeKind::boolean:
            return "boolean";
        case TypeKind::integer:
            return "integer";
        case TypeKind::decimal:
            return "decimal";
        case TypeKind::money:
            return "money";
        case TypeKind::date:
            return "date";
        case TypeKind::year:
            return "year";
        case TypeKind::text:
            return "text";
        case TypeKind::none:
            return "none";
        case TypeKind::datetime:
            return "datetime";
        case TypeKind::enumeration:
            return enums[t.ref].name.substr(enums[t.ref].name.rfind('.') + 1);
        case TypeKind::record:
            return records[t.ref].short_name;
        case TypeKind::group: {
            const GroupInfo& gi = groups[t.ref];
            std::string keys;
            for (const GroupKey& k : gi.keys) {
                keys += (keys.empty() ? "" : ", ") + k.name;
            }
            return fmt::format("{} by {}", records[gi.record].short_name, keys);
        }
        case TypeKind::set:
            return "set of " + type_name(t.element);
        case TypeKind::list:
            return "list of " + type_name(t.element);
        case TypeKind::optional:
            return "optional " + type_name(t.element);
        case TypeKind::range:
            return "range of " + type_name(t.element);
    }
    return "?";
}

namespace checker {

void Checker::run(const std::vector<FileId>& files) {
    // Parse every file; keep what parsed, even from files with errors, so one mistake does
    // not hide the rest.
    for (FileId f : files) {
        p_.file_ranges.emplace_back(static_cast<ExprId>(p_.ast.exprs.size()), f);
        parse_file(*p_.sources, f, p_.ast, bag_, options_.limits);
    }
    // Values given on the command line: parsed here, so the side tables below cover them.
    for (const auto& pv : options_.parameter_values) {
        p_.file_ranges.emplace_back(static_cast<ExprId>(p_.ast.exprs.size()), pv.value);
        parameter_value_exprs_.push_back(
            parse_value(*p_.sources, pv.value, p_.ast, bag_, options_.limits));
    }
    std::unordered_map<std::string, std::pair<std::uint32_t, Location>> module_names;
    for (const FileAst& fa : p_.ast.files) {
        if (fa.decls.empty() || !std::holds_alternative<ModuleDecl>(fa.decls[0])) {
            continue;
        }
        const auto& md = std::get<ModuleDecl>(fa.decls[0]);
        Location where{fa.file, md.name.span};
        auto idx = static_cast<std::uint32_t>(p_.modules.size());
        auto [it, ok] = module_names.emplace(md.name.text, std::make_pair(idx, where));
        if (!ok) {
            error(Code::E2013, where,
                  fmt::format("module `{}` is declared in two files", md.name.text))
                .note(it->second.second, "also declared here")
                .hint("each file is one module; give this one its own name");
            continue;
        }
        for (std::size_t k = 1; k < fa.decls.size(); ++k) {
            if (const auto* extra = std::get_if<ModuleDecl>(&fa.decls[k])) {
                error(Code::E2013, Location{fa.file, extra->span},
                      "a file declares one module, at its start")
                    .note(where, "the module is declared here");
            }
        }
        p_.modules.push_back(ModuleInfo{md.name.text, fa.file});
        ModuleScope scope;
        scope.file = fa.file;
        scope.ast = &fa;
        scopes_.push_back(std::move(scope));
    }
    module_area_doc_.assign(p_.modules.size(), no_index);
    for (std::uint32_t m = 0; m < p_.modules.size(); ++m) {
        module_ = m;
        collect(m);
    }
    check_unique_in_rule_set();
    for (std::uint32_t m = 0; m < p_.modules.size(); ++m) {
        module_ = m;
        resolve_imports(m);
    }
    check_import_cycles();
    rule_used_.assign(p_.rules.size(), false);
    param_used_.assign(p_.parameters.size(), false);
    enum_used_.assign(p_.enums.size(), false);
    record_used_.assign(p_.records.size(), false);
    doc_used_.assign(p_.documents.size(), false);
    link_documents();
    deps_.assign(p_.rules.size(), {});
    p_.expr_type.assign(p_.ast.exprs.size(), t_.error_type());
    p_.resolution.assign(p_.ast.exprs.size(), Resolution{});
    p_.literal_as_year.assign(p_.ast.exprs.size(), false);

    declare_records_and_enums();
    declare_rules();
    declare_parameters();
    resolve_member_constraints();
    check_parameters();
    check_rules();
    check_labels();
    check_tables();
    check_cites();
    check_tests();
    check_parameter_values();
    check_cycles();
    // Lints on a program with errors mostly repeat them ("never used" for what a broken
    // declaration used), so they wait until the errors are fixed.
    if (!bag_.has_errors()) {
        lint();
    }
    // Sources against the documents' outlines and texts (dsl/sources.hpp).
    if (!bag_.has_errors() && (options_.check_sources || options_.verify_quotes)) {
        check_sources(p_, bag_, options_.text_dirs,
                      options_.check_sources ? SourceCheck::full : SourceCheck::quotes_only);
    }
    bag_.append(marks_bag_);
    index_symbols();
}

}  // namespace checker

Program check(SourceSet& sources, const std::vector<FileId>& files, const BuiltinTable& builtins,
              DiagnosticBag& bag, const CheckOptions& options) {
    static std::atomic<std::uint64_t> next_serial{1};
    Program p;
    p.sources = &sources;
    p.serial = next_serial++;
    checker::Checker checker(p, bag, builtins, options);
    checker.run(files);
    fold_follow_on_errors(sources, p.ast, bag);
    return p;
}

}  // namespace regels::dsl
