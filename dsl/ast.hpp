// The abstract syntax tree of rule files.
//
// All files of one run share one Ast: expressions live in a single arena and are referred
// to by ExprId, so the checker can annotate them with flat side tables (type, resolution)
// and the interpreter can compile them without chasing pointers. Every node keeps the byte
// span of the text it came from. Expression kinds form a std::variant; every pass visits it
// without a catch-all, so adding a kind breaks the build wherever it must be handled.
#pragma once

#include "dsl/source.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace regels::dsl {

using ExprId = std::uint32_t;
inline constexpr ExprId no_expr = ~ExprId{0};

struct Ident {
    std::string text;
    Span span;
};

// ---- expressions ----------------------------------------------------------------------------

// An exact number as written: value = mantissa / 10^scale (and / 100 for percentages).
enum class NumberForm : std::uint8_t { integer, money, percent };
struct NumberLit {
    NumberForm form;
    std::int64_t mantissa;
    std::uint8_t scale;
};
struct BoolLit {
    bool value;
};
struct TextLit {
    std::string value;
};
struct DateLit {
    std::int32_t days;  // days since 1970-01-01
};
// 2025-03-01T09:15:00+01:00: an instant, and the offset it was written with (dsl/datetime.hpp)
struct DateTimeLit {
    std::int64_t seconds;
    std::int32_t offset_minutes;
};
struct NoneLit {};
struct NameRef {
    std::string name;
};
struct Member {
    ExprId object;
    Ident member;
};
struct Call {
    ExprId callee;  // a NameRef or Member naming a definition
    std::vector<ExprId> args;
};
enum class UnaryOp : std::uint8_t { negate, logical_not };
struct Unary {
    UnaryOp op;
    ExprId operand;
};
enum class BinaryOp : std::uint8_t {
    add,
    sub,
    mul,
    div,
    eq,
    ne,
    lt,
    le,
    gt,
    ge,
    logical_and,
    logical_or,
    in,
    not_in,
    overlaps,
    otherwise,
};
const char* to_string(BinaryOp op);
struct Binary {
    BinaryOp op;
    ExprId lhs;
    ExprId rhs;
};
struct IfExpr {
    ExprId condition;
    ExprId then_branch;
    ExprId else_branch;
};
struct SetLit {
    std::vector<ExprId> items;
};
struct ListLit {
    std::vector<ExprId> items;
};
struct RangeLit {
    ExprId low;
    ExprId high;
};
enum class AggregateKind : std::uint8_t { sum, count, min, max, all, any };
const char* to_string(AggregateKind kind);
// sum(body for var in collection where filter); count(var in collection where filter)
struct Aggregate {
    AggregateKind kind;
    ExprId body;  // no_expr for count
    Ident var;
    ExprId collection;
    ExprId filter;  // no_expr when absent
};
// min(a, b, ...) / max(a, b, ...): the cap form
struct Extremum {
    bool is_max;
    std::vector<ExprId> args;
};
enum class AllocationMethod : std::uint8_t { pro_rata, in_order };
// allocate total among var in collection [where filter] claiming claim (pro rata | in order
// of key) to target
struct Allocate {
    ExprId total;
    Ident var;
    ExprId collection;
    ExprId filter;
    ExprId claim;
    AllocationMethod method;
    ExprId order_key;  // in_order only
    ExprId target;
};
struct Round {
    ExprId value;
    ExprId unit;
    Ident mode;
};
struct MatchArm {
    std::vector<Ident> cases;  // empty: the `else` arm
    ExprId body;
    Span span;
};
struct Match {
    ExprId subject;
    std::vector<MatchArm> arms;
};
// parameter `at` date-or-year
struct At {
    ExprId parameter;
    ExprId when;
};
struct IsPresent {
    ExprId value;
    bool negated;  // `is absent`
};
struct Required {
    ExprId value;
};

using ExprKind = std::variant<NumberLit, BoolLit, TextLit, DateLit, DateTimeLit, NoneLit, NameRef,
                              Member, Call, Unary, Binary, IfExpr, SetLit, ListLit, RangeLit,
                              Aggregate, Extremum, Allocate, Round, Match, At, IsPresent, Required>;

struct Expr {
    Span span;
    ExprKind kind;
};

// ---- types as written -----------------------------------------------------------------------

struct TypeExpr {
    enum class Kind : std::uint8_t { named, optional, set, list, range } kind = Kind::named;
    Ident name;  // named: boolean, integer, ..., or a (qualified) enum/record name
    std::vector<TypeExpr> element;  // exactly one for optional/set/list/range
    Span span;
};

// ---- declarations ---------------------------------------------------------------------------

// `source DOC, "section": "quote"`, or a mark in the same place: `assumption "reason"` (a
// choice the text does not make; `--strict` holds back decisions resting on one) or
// `interpretation "reason"` (a reading of the text that a reviewer should see).
enum class CitationKind : std::uint8_t { source, assumption, interpretation };
const char* to_string(CitationKind kind);
struct Citation {
    CitationKind kind = CitationKind::source;
    Ident document;                      // source only
    std::optional<std::string> section;  // source only
    std::optional<std::string> quote;    // source: the quote; a mark: its reason
    Span span;
};

// `label "de huurtoeslaggrens"`: the words a legal reviewer reads instead of the name, on a
// rule, parameter, record, field or enum case; `question "Telt de registratie mee?"` on a
// boolean rule. Kept as written (a list, so the checker can report a second one); the checker
// fills the Info structs of dsl/check.hpp from them.
enum class LabelKind : std::uint8_t { label, question };
struct LabelClause {
    LabelKind kind = LabelKind::label;
    std::string text;
    Span span;
};

struct ModuleDecl {
    Ident name;
    Span span;
};
struct ImportDecl {
    Ident module;
    std::optional<Ident> alias;
    Span span;
};
// A section of a document's outline; `not encoded "reason"` says why no rule rests on it.
struct SectionDecl {
    std::string title;
    std::optional<std::string> not_encoded;
    Span span;
};
struct DocumentDecl {
    Ident name;
    std::string title;
    std::optional<std::string> url;
    std::optional<std::int32_t> date;
    // `per FIELD`: one such document per area, told apart by the subject's FIELD; the
    // national rules cite it and each area's file declares its own instance.
    std::optional<Ident> per_field;
    // `for FIELD "value"`: this document is the instance of the `per FIELD` document of the
    // same name for the area whose FIELD is "value".
    std::optional<Ident> for_field;
    std::optional<std::string> for_value;
    std::optional<std::string> text;  // `text "file"`: the document's text, for quote checks
    std::vector<SectionDecl> sections;
    Span span;
};
struct EnumDecl {
    Ident name;
    std::vector<Ident> cases;
    Span span;
    std::vector<std::vector<LabelClause>> case_labels{};  // per case, as `cases`
};
// A condition every value of a field must meet, checked when facts are loaded:
// `woningen: integer >= 1`, `huurprijs: optional money >= € 0,00 and < € 5.000,00`,
// `naam: text length >= 1 and length <= 80`, `postcode: text matching "[1-9][0-9]{3}[A-Z]{2}"`,
// `gebied: text in Gebied.gebied` (a value of that field of some record in the run),
// `gebied: text in nplv_gebieden` (an element of a `set of text` parameter).
struct FieldConstraint {
    enum class Kind : std::uint8_t { compare, length, matching, member } kind = Kind::compare;
    BinaryOp op = BinaryOp::ge;  // compare and length: ge, gt, le or lt
    ExprId bound = no_expr;      // compare and length: a literal
    std::string pattern;         // matching: the pattern (ECMAScript), matched against all text
    Ident source{};              // member: `Record.field`, `parameter` or `module.name`, as written
    Span span;
};
struct FieldDecl {
    Ident name;
    TypeExpr type;
    Span span;
    std::vector<FieldConstraint> constraints{};
    std::vector<LabelClause> labels{};
};
struct RecordDecl {
    Ident name;
    std::vector<Ident> key;
    std::vector<Ident> describe;  // fields shown beside the key in explanations
    std::vector<FieldDecl> fields;
    Span span;
    std::vector<LabelClause> labels{};
};
struct Version {
    std::int32_t from;                  // days
    std::optional<std::int32_t> until;  // inclusive, days
    ExprId value;                       // no_expr when unpublished
    std::optional<std::string> unpublished_note;
    bool unpublished = false;
    std::vector<Citation> sources;
    Span span;
};
struct ParameterDecl {
    Ident name;
    TypeExpr type;
    std::optional<std::pair<std::int32_t, std::int32_t>> period;  // `during` from..until
    Span period_span;
    std::vector<Citation> sources;
    std::vector<Version> versions;
    Span span;
    std::vector<LabelClause> labels{};
};
struct Param {
    Ident name;
    TypeExpr type;
    std::vector<Ident> group_by;  // non-empty: a group of records of `type` keyed by these
    Span span;
};
struct ExceptionClause {
    std::optional<Ident> name;
    std::vector<Ident> over;
    ExprId condition;
    ExprId value;
    std::vector<Citation> sources;
    Span span;
};
enum class RuleKind : std::uint8_t { definition, decision, assertion };
const char* to_string(RuleKind kind);
struct RuleDecl {
    RuleKind kind;
    Ident name;
    std::vector<Param> params;
    std::optional<TypeExpr> result;  // absent for assertions (boolean)
    ExprId body;
    std::vector<Citation> sources;
    std::vector<ExceptionClause> exceptions;
    Span span;
    std::vector<LabelClause> labels{};  // `label` and `question`
};
struct RowField {
    Ident name;
    ExprId value;
};
struct TableRow {
    std::vector<RowField> fields;
    std::vector<Citation> sources;  // the row's own place in the text (tables only)
    Span span;
};
struct TableDecl {
    Ident record;
    std::vector<TableRow> rows;
    Span span;
};

// `cite RULE source …`: citations an area's file adds to a national rule or parameter, shown
// for subjects of that area only (they cite the area's own document).
struct CiteDecl {
    Ident target;  // possibly qualified: module.rule
    std::vector<Citation> sources;
    Span span;
};

// ---- tests ----------------------------------------------------------------------------------

struct Subject {
    enum class Kind : std::uint8_t { none, record, group } kind = Kind::none;
    Ident record;                      // record: the record type
    ExprId key = no_expr;              // record: its key value
    std::vector<RowField> group_keys;  // group: key field = value
    Span span;
};
struct Target {
    Ident rule;  // possibly qualified: module.rule
    Subject subject;
    Span span;
};
// A step of a test. `facts` and `given` with `refused CODE` expect the file or the row to be
// refused when the facts are read (not added); `as of DATE` sets the test's as-of date.
struct TestStep {
    enum class Kind : std::uint8_t {
        facts,
        given,
        given_parameter,
        as_of,
        expect_value,
        expect_error,
        expect_cites
    } kind;
    std::string path;           // facts
    Ident record;               // given; facts: the record type of a CSV file (may be empty)
    TableRow row;               // given
    Ident refused;              // facts, given: the code they must be refused with; empty: none
    Ident parameter;            // given_parameter: possibly qualified, module.name
    ExprId value = no_expr;     // given_parameter: the value for the whole test; as_of: the date
    Target target;              // expect_*
    ExprId expected = no_expr;  // expect_value
    Ident error_code;           // expect_error
    Ident document;             // expect_cites
    std::string section;
    Span span;
};
struct TestDecl {
    std::string name;
    std::vector<Ident> case_vars;  // `for (a, b) in [...]`
    std::vector<std::vector<ExprId>> cases;
    std::vector<TestStep> steps;
    Span span;
};

using Decl = std::variant<ModuleDecl, ImportDecl, DocumentDecl, EnumDecl, RecordDecl, ParameterDecl,
                          RuleDecl, TableDecl, CiteDecl, TestDecl>;

struct Comment {
    Span span;
};

struct FileAst {
    FileId file = no_file;
    std::vector<Decl> decls;
    std::vector<Comment> comments;
    bool parsed_cleanly = false;
    // Names of declarations that did not parse: uses of them elsewhere are not reported as
    // unknown (the syntax error already is), see dsl/follow_on.hpp.
    std::vector<Ident> unparsed;
};

struct Ast {
    std::vector<Expr> exprs;
    std::vector<FileAst> files;

    ExprId add(Span span, ExprKind kind) {
        exprs.push_back(Expr{span, std::move(kind)});
        return static_cast<ExprId>(exprs.size() - 1);
    }
    const Expr& expr(ExprId id) const {
        return exprs[id];
    }
};

// Calls `f(child)` for every direct sub-expression of `e` (no_expr parts are skipped), so
// passes that walk expression trees need not repeat the shape of every kind.
template <typename F>
void for_each_child(const Expr& e, F&& f) {
    auto call = [&](ExprId id) {
        if (id != no_expr) {
            f(id);
        }
    };
    std::visit(
        [&](const auto& k) {
            using T = std::decay_t<decltype(k)>;
            if constexpr (std::is_same_v<T, Member>) {
                call(k.object);
            } else if constexpr (std::is_same_v<T, Call>) {
                call(k.callee);
                for (ExprId a : k.args) {
                    call(a);
                }
            } else if constexpr (std::is_same_v<T, Unary>) {
                call(k.operand);
            } else if constexpr (std::is_same_v<T, Binary>) {
                call(k.lhs);
                call(k.rhs);
            } else if constexpr (std::is_same_v<T, IfExpr>) {
                call(k.condition);
                call(k.then_branch);
                call(k.else_branch);
            } else if constexpr (std::is_same_v<T, SetLit> || std::is_same_v<T, ListLit>) {
                for (ExprId a : k.items) {
                    call(a);
                }
            } else if constexpr (std::is_same_v<T, RangeLit>) {
                call(k.low);
                call(k.high);
            } else if constexpr (std::is_same_v<T, Aggregate>) {
                call(k.body);
                call(k.collection);
                call(k.filter);
            } else if constexpr (std::is_same_v<T, Extremum>) {
                for (ExprId a : k.args) {
                    call(a);
                }
            } else if constexpr (std::is_same_v<T, Allocate>) {
                call(k.total);
                call(k.collection);
                call(k.filter);
                call(k.claim);
                call(k.order_key);
                call(k.target);
            } else if constexpr (std::is_same_v<T, Round>) {
                call(k.value);
                call(k.unit);
            } else if constexpr (std::is_same_v<T, Match>) {
                call(k.subject);
                for (const MatchArm& arm : k.arms) {
                    call(arm.body);
                }
            } else if constexpr (std::is_same_v<T, At>) {
                call(k.parameter);
                call(k.when);
            } else if constexpr (std::is_same_v<T, IsPresent> || std::is_same_v<T, Required>) {
                call(k.value);
            } else {
                static_assert(std::is_same_v<T, NumberLit> || std::is_same_v<T, BoolLit> ||
                                  std::is_same_v<T, TextLit> || std::is_same_v<T, DateLit> ||
                                  std::is_same_v<T, DateTimeLit> || std::is_same_v<T, NoneLit> ||
                                  std::is_same_v<T, NameRef>,
                              "for_each_child: a new expression kind needs its children listed");
            }
        },
        e.kind);
}

// Days since 1970-01-01 for a valid civil date, and back. Validation is the caller's.
std::int32_t days_from_civil(std::int32_t y, unsigned m, unsigned d);
void civil_from_days(std::int32_t days, std::int32_t& y, unsigned& m, unsigned& d);
bool valid_date(std::int32_t y, unsigned m, unsigned d);
std::string format_date(std::int32_t days);  // YYYY-MM-DD

}  // namespace regels::dsl
