// The checker's shared state, used by its passes (internal to regels_dsl).
//
// check() runs the passes in order over one Checker: names (collect declarations into
// module scopes, resolve imports and declared types; names.cpp), declarations (rule bodies,
// exceptions, parameter versions, tables and tests; declarations.cpp), expression types
// (types.cpp), and cycles and lints (lint.cpp). They share this class because each reads
// what the earlier ones wrote (scopes, use marks, dependency edges); the split is by pass so
// a reader, and the language server, can find each part. Nothing here is public API: the
// results are the Program (dsl/check.hpp) and its symbol index (dsl/symbols.hpp).
#pragma once

#include "dsl/check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace regels::dsl::checker {

// Defined in names.cpp: the closest of `candidates` to a misspelt `name`, if close enough.
std::size_t edit_distance(std::string_view a, std::string_view b);
std::optional<std::string> closest(std::string_view name,
                                   const std::vector<std::string>& candidates);

struct Symbol {
    enum class Kind : std::uint8_t { document, enumeration, record, parameter, rule } kind;
    std::uint32_t index;
    Location where;
};

inline const char* to_string(Symbol::Kind kind) {
    switch (kind) {
        case Symbol::Kind::document:
            return "document";
        case Symbol::Kind::enumeration:
            return "enum";
        case Symbol::Kind::record:
            return "record";
        case Symbol::Kind::parameter:
            return "parameter";
        case Symbol::Kind::rule:
            return "rule";
    }
    return "?";
}

struct ModuleScope {
    std::unordered_map<std::string, Symbol> symbols;
    std::vector<std::pair<std::string, std::uint32_t>> imports;  // alias -> module
    std::vector<Span> import_spans;                              // parallel to imports
    FileId file = no_file;
    const FileAst* ast = nullptr;
};

struct Local {
    std::string name;
    std::uint32_t slot;
    TypeId type;
};

class Checker {
public:
    Checker(Program& p, DiagnosticBag& bag, const BuiltinTable& builtins, const CheckOptions& o)
        : p_(p), bag_(bag), builtins_(builtins), options_(o) {}

    void run(const std::vector<FileId>& files);

private:
    Program& p_;
    DiagnosticBag& bag_;
    const BuiltinTable& builtins_;
    CheckOptions options_;
    DiagnosticBag marks_bag_;  // E2050, added to bag_ when the other passes are done
    TypeTable& t_ = p_.types;

    std::vector<ModuleScope> scopes_;
    std::vector<const RuleDecl*> rule_decls_;
    std::vector<const ParameterDecl*> param_decls_;
    std::vector<const RecordDecl*> record_decls_;
    std::vector<const EnumDecl*> enum_decls_;
    std::vector<std::uint32_t> record_module_;
    std::vector<std::uint32_t> enum_module_;
    std::vector<std::uint32_t> param_module_;
    std::vector<std::uint32_t> doc_module_;
    std::vector<std::pair<const TableDecl*, std::uint32_t>> table_decls_;
    std::vector<std::pair<const CiteDecl*, std::uint32_t>> cite_decls_;
    std::vector<std::uint32_t> module_area_doc_;
    std::vector<const DocumentDecl*> doc_decls_;  // per module: the area document it declares
    std::vector<ExprId> parameter_value_exprs_;   // per CheckOptions::parameter_values

    std::vector<bool> rule_used_, param_used_, enum_used_, record_used_, doc_used_;
    std::vector<std::vector<std::uint32_t>> deps_;

    // Context of the expression being checked.
    std::uint32_t module_ = 0;
    FileId file_ = no_file;
    std::optional<std::uint32_t> rule_;
    bool constant_ = false;
    bool in_test_ = false;
    const char* constant_what_ = "";
    std::vector<Local> locals_;
    std::uint32_t next_slot_ = 0;
    std::uint32_t max_slot_ = 0;

    Location at(Span s) const {
        return Location{file_, s};
    }
    Location at(ExprId e) const {
        return Location{file_, p_.ast.expr(e).span};
    }
    DiagnosticBag::Builder error(Code code, Location where, std::string message) {
        return bag_.report(code, where, std::move(message));
    }
    std::string tn(TypeId t) const {
        return p_.type_name(t);
    }
    TypeId set_type(ExprId e, TypeId t) {
        p_.expr_type[e] = t;
        return t;
    }
    bool is_error(TypeId t) const {
        return t_.kind(t) == TypeKind::error;
    }
    bool is_numeric(TypeId t) const {
        TypeKind k = t_.kind(t);
        return k == TypeKind::integer || k == TypeKind::decimal;
    }

    // ---- declarations ----
    void collect(std::uint32_t module);
    void add_symbol(std::uint32_t module, const Ident& name, Symbol::Kind kind,
                    std::uint32_t index);
    void resolve_imports(std::uint32_t module);
    std::optional<Symbol> lookup(std::string_view name, Span span, bool report,
                                 std::optional<Symbol::Kind> want = std::nullopt);
    std::optional<Symbol> lookup_in(std::uint32_t module, std::string_view name) const;
    std::optional<std::uint32_t> module_alias(std::string_view name) const;
    TypeId resolve_type(const TypeExpr& te);
    std::uint32_t resolve_document(const Ident& doc);
    void check_interpretations(const std::vector<Citation>& list, const std::string& carrier);
    std::vector<CitationInfo> citations(const std::vector<Citation>& list, std::string carrier,
                                        std::uint32_t area_doc = no_index);
    void link_documents();
    void check_cites();
    void declare_records_and_enums();
    // constraints.cpp: a field's constraints, checked against its type.
    std::vector<ConstraintInfo> check_constraints(const FieldDecl& f, TypeId type);
    // `in Gebied.gebied`, `in nplv_gebieden`: the column or parameter each names, once all
    // records and parameters are declared.
    void resolve_member_constraints();
    void resolve_member(std::uint32_t record, std::uint32_t field, const FieldConstraint& c,
                        ConstraintInfo& info);
    // Whether values of `type` can be a record's key or be looked up in a set (`in`): text,
    // integer, year, date, datetime or an enum.
    bool keyable(TypeId type) const;
    void declare_rules();
    void declare_parameters();
    std::optional<std::uint32_t> group_for(std::uint32_t record, const std::vector<Ident>& keys);
    void check_rules();
    void check_parameters();
    void check_tables();
    void check_tests();
    void check_facts_step(const TestStep& step);
    void check_refused(const TestStep& step);
    void check_as_of(const TestStep& step, std::optional<Span>& earlier);
    void check_given_parameter(TestInfo& test, std::size_t step_index,
                               std::vector<std::pair<std::uint32_t, Span>>& set);
    void check_unique_in_rule_set();
    void check_parameter_values();
    std::optional<std::uint32_t> parameter_named(std::string_view name, Location where);
    void check_exceptions(RuleInfo& rule, const RuleDecl& decl);
    void check_cycles();
    void check_labels();
    std::string take_label(const std::vector<LabelClause>& clauses, LabelKind kind,
                           std::string_view what);
    void check_import_cycles();
    void lint();

    // ---- expressions ----
    TypeId check(ExprId e);
    bool coerce(ExprId e, TypeId have, TypeId want);
    std::optional<TypeId> unify(TypeId a, TypeId b) const;
    bool is_int_literal(ExprId e) const;
    void mark_year(ExprId e);
    TypeId check_name(ExprId e, const NameRef& n);
    TypeId check_member(ExprId e, const Member& m);
    TypeId check_call(ExprId e, const Call& c);
    TypeId check_binary(ExprId e, const Binary& b);
    TypeId check_aggregate(ExprId e, const Aggregate& a);
    TypeId check_allocate(ExprId e, const Allocate& a);
    TypeId check_match(ExprId e, const Match& m);
    TypeId check_round(ExprId e, const Round& r);
    std::optional<TypeId> element_of_collection(ExprId coll, TypeId t);
    TypeId resolve_rule_ref(ExprId e, std::uint32_t rule, bool called);
    std::uint32_t bind(const std::string& name, TypeId type);
    void reject_optional(ExprId e, TypeId t);
    std::vector<std::string> visible_names() const;

    // ---- symbol index (index.cpp) ----
    void refer(const Symbol& symbol, Span span);
    void index_symbols();
};

}  // namespace regels::dsl::checker
