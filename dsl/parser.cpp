// The only translation unit that instantiates PEGTL (with tests/unit/grammar_test.cpp).
// Actions build the AST on small stacks; every construct either fails without side effects
// or commits (must<>), so nothing needs undoing inside a declaration. A declaration that
// fails is rolled back as a whole and parsing resumes at the next declaration.
#include "dsl/parser.hpp"

#include "dsl/datetime.hpp"
#include "dsl/grammar.hpp"
#include "dsl/suggest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>

namespace regels::dsl {

namespace pegtl = tao::pegtl;
namespace g = grammar;

namespace {

// "1,21" -> "121"; "0,5" -> "50"; "1,215" -> "121,5". For hints about Dutch decimals.
std::string decimal_as_percent(std::string_view text) {
    std::size_t comma = text.find(',');
    std::string whole(text.substr(0, comma));
    std::string frac(text.substr(comma + 1));
    frac.resize(std::max<std::size_t>(frac.size(), 2), '0');
    whole += frac.substr(0, 2);
    std::size_t nonzero = whole.find_first_not_of('0');
    whole = nonzero == std::string::npos ? "0" : whole.substr(nonzero);
    return frac.size() > 2 ? whole + "," + frac.substr(2) : whole;
}

// "1,21" -> "121/100"; "3,7" -> "37/10".
std::string decimal_as_fraction(std::string_view text) {
    std::size_t comma = text.find(',');
    std::string digits = std::string(text.substr(0, comma)) + std::string(text.substr(comma + 1));
    std::size_t nonzero = digits.find_first_not_of('0');
    digits = nonzero == std::string::npos ? "0" : digits.substr(nonzero);
    return digits + "/1" + std::string(text.size() - comma - 1, '0');
}

// The digits of a number around a decimal mark at `mark` in `base`: back from the mark, and in
// `after` (the text at the mark or just after it) from index `from` on; at most 30 each side.
// `longer`: there are more digits than that (the number is then not shown).
struct DigitRun {
    std::uint32_t start;
    std::size_t len;
    bool longer;
};
DigitRun digits_around(const char* base, std::uint32_t mark, std::string_view after,
                       std::size_t from) {
    constexpr std::size_t shown = 30;
    auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
    std::uint32_t start = mark;
    while (start > 0 && mark - start < shown && digit(base[start - 1])) {
        --start;
    }
    std::size_t len = from;
    while (len < after.size() && len <= shown && digit(after[len])) {
        ++len;
    }
    bool longer =
        (start > 0 && digit(base[start - 1])) || (len < after.size() && digit(after[len]));
    return {start, len, longer};
}

struct Failure {
    Code code;
    std::uint32_t offset;
    std::uint32_t end;
    std::string message;
    std::optional<std::uint32_t> note_at;
    std::string note;
    std::string hint;
};

struct Marker {
    std::size_t exprs;
    std::size_t idents;
    std::uint32_t begin;
    bool has_where = false;
    bool in_order = false;
};

struct State {
    State(const char* b, const SourceFile& f, Ast& a, const ParseLimits& l)
        : base(b), file(f), ast(a), limits(l) {}
    const char* base;
    const SourceFile& file;
    Ast& ast;
    const ParseLimits& limits;
    std::size_t depth = 0;

    std::vector<ExprId> exprs;
    std::vector<Ident> idents;
    std::vector<Marker> markers;
    std::vector<std::vector<MatchArm>> arms;
    std::vector<TypeExpr> types;
    std::vector<std::uint32_t> brackets;

    std::vector<Citation> pending_citations;
    Citation citation;
    std::vector<LabelClause> pending_labels;
    std::vector<RowField> row_fields;
    std::vector<TableRow> rows;
    std::vector<Citation> row_sources;
    CiteDecl cite;

    std::optional<Decl> done;
    ModuleDecl module;
    ImportDecl import;
    DocumentDecl document;
    EnumDecl enumeration;
    RecordDecl record;
    std::vector<FieldConstraint> constraints;
    BinaryOp constraint_op = BinaryOp::ge;
    std::string pattern;
    ParameterDecl parameter;
    Version version;
    std::optional<std::int32_t> until;
    RuleDecl rule;
    Param param;
    ExceptionClause exception;
    TableDecl table;
    TestDecl test;
    TestStep step;
    Subject subject;

    template <typename Input>
    Span span(const Input& in) const {
        return Span{static_cast<std::uint32_t>(in.begin() - base),
                    static_cast<std::uint32_t>(in.end() - base)};
    }
    template <typename Input>
    Ident ident(const Input& in) const {
        std::string text = in.string();
        Span s = span(in);
        if (text.size() > limits.max_identifier) {
            throw Failure{Code::E1008,
                          s.begin,
                          s.end,
                          fmt::format("name is {} bytes long; the limit is {} (--max-identifier)",
                                      text.size(), limits.max_identifier),
                          {},
                          {},
                          "use a shorter name"};
        }
        return Ident{std::move(text), s};
    }
    ExprId pop() {
        ExprId e = exprs.back();
        exprs.pop_back();
        return e;
    }
    Span span_of(ExprId e) const {
        return ast.expr(e).span;
    }
    void push(Span s, ExprKind kind) {
        exprs.push_back(ast.add(s, std::move(kind)));
    }
    // Operators in a row build a left-deep tree; its depth is bounded like nesting, so
    // a file of 100,000 `+` terms is a diagnostic, not a stack overflow later on.
    std::vector<std::uint32_t> chain;  // per ExprId (relative to the declaration's first)
    ExprId first_expr = 0;
    std::uint32_t chain_of(ExprId e) const {
        return e >= first_expr && e - first_expr < chain.size() ? chain[e - first_expr] : 0;
    }
    void binary(BinaryOp op, Span tail) {
        ExprId rhs = pop();
        ExprId lhs = pop();
        std::uint32_t levels = 1 + std::max(chain_of(lhs), chain_of(rhs));
        if (levels > limits.max_operators) {
            throw Failure{Code::E1006,
                          tail.begin,
                          tail.end,
                          fmt::format("more than {} operators in one expression (--max-operators)",
                                      limits.max_operators),
                          {},
                          {},
                          "split the expression into named definitions"};
        }
        push(Span{span_of(lhs).begin, tail.end}, Binary{op, lhs, rhs});
        ExprId e = exprs.back();
        if (e >= first_expr) {
            if (chain.size() <= e - first_expr) {
                chain.resize(e - first_expr + 1, 0);
            }
            chain[e - first_expr] = levels;
        }
    }
    std::vector<ExprId> take_exprs(std::size_t from) {
        std::vector<ExprId> out(exprs.begin() + static_cast<std::ptrdiff_t>(from), exprs.end());
        exprs.resize(from);
        return out;
    }
};

std::string unescape(std::string_view quoted) {
    std::string out;
    for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
        char c = quoted[i];
        if (c == '\\' && i + 2 < quoted.size() + 1) {
            char e = quoted[++i];
            out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
        } else {
            out += c;
        }
    }
    return out;
}

std::int32_t parse_date(std::string_view text, std::uint32_t at) {
    auto num = [&](std::size_t pos, std::size_t len) {
        int v = 0;
        for (std::size_t i = pos; i < pos + len; ++i) {
            v = v * 10 + (text[i] - '0');
        }
        return v;
    };
    int y = num(0, 4);
    int m = num(5, 2);
    int d = num(8, 2);
    if (!valid_date(y, static_cast<unsigned>(m), static_cast<unsigned>(d))) {
        throw Failure{Code::E1010,
                      at,
                      at + static_cast<std::uint32_t>(text.size()),
                      fmt::format("`{}` is not a date in the calendar", text),
                      {},
                      {},
                      "dates are written YYYY-MM-DD, e.g. 2025-01-01"};
    }
    return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::int64_t parse_digits(std::string_view digits, Span at, const char* what) {
    std::int64_t value = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || ptr != digits.data() + digits.size()) {
        throw Failure{
            Code::E1011,
            at.begin,
            at.end,
            fmt::format("{} `{}` is too large; the limit is 9223372036854775807", what, digits),
            {},
            {},
            {}};
    }
    return value;
}

// ---- actions --------------------------------------------------------------------------------

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

#define REGELS_ACTION(rule) \
    template <>             \
    struct action<g::rule>

REGELS_ACTION(money_lit){template <typename Input>
                         static void apply(const Input& in, State& s){Span sp = s.span(in);
std::string_view text = in.string_view();
std::string digits;
bool cents = false;
for (char c : text.substr(3)) {
    if (c >= '0' && c <= '9') {
        digits += c;
    } else if (c == ',') {
        cents = true;
    }
}
if (!cents) {
    digits += "00";
}
std::int64_t value = parse_digits(digits, sp, "amount");
s.push(sp, NumberLit{NumberForm::money, value, 2});
}  // namespace
};  // namespace regels::dsl
REGELS_ACTION(percent_lit){template <typename Input>
                           static void apply(const Input& in, State& s){Span sp = s.span(in);
std::string_view text = in.string_view();
text.remove_suffix(1);
std::string digits;
std::uint8_t scale = 0;
bool frac = false;
for (char c : text) {
    if (c == ',') {
        frac = true;
    } else {
        digits += c;
        scale = static_cast<std::uint8_t>(scale + (frac ? 1 : 0));
    }
}
if (scale > 15) {
    throw Failure{Code::E1011, sp.begin, sp.end, "percentage has more than 15 decimals",
                  {},          {},       {}};
}
s.push(sp, NumberLit{NumberForm::percent, parse_digits(digits, sp, "percentage"), scale});
}
}
;
REGELS_ACTION(integer_lit){template <typename Input>
                           static void apply(const Input& in, State& s){Span sp = s.span(in);
s.push(sp, NumberLit{NumberForm::integer, parse_digits(in.string_view(), sp, "number"), 0});
}
}
;
REGELS_ACTION(date_lit){template <typename Input>
                        static void apply(const Input& in, State& s){Span sp = s.span(in);
s.push(sp, DateLit{parse_date(in.string_view(), sp.begin)});
}
}
;
REGELS_ACTION(datetime_lit){template <typename Input>
                            static void apply(const Input& in, State& s){Span sp = s.span(in);
auto parsed = parse_datetime(in.string_view());
if (!parsed) {
    throw Failure{Code::E1010,
                  sp.begin,
                  sp.end,
                  fmt::format("`{}` is not a moment in the calendar", in.string_view()),
                  {},
                  {},
                  "a datetime is written YYYY-MM-DDTHH:MM:SS with its offset, e.g. "
                  "2025-03-01T09:15:00+01:00"};
}
s.push(sp, DateTimeLit{parsed->seconds, parsed->offset_minutes});
}
}
;
REGELS_ACTION(string_lit){template <typename Input> static void apply(const Input& in, State& s){
    s.push(s.span(in), TextLit{unescape(in.string_view())});
}
}
;
REGELS_ACTION(true_lit){template <typename Input> static void apply(const Input& in, State& s){
    s.push(s.span(in), BoolLit{true});
}
}
;
REGELS_ACTION(false_lit){template <typename Input> static void apply(const Input& in, State& s){
    s.push(s.span(in), BoolLit{false});
}
}
;
REGELS_ACTION(none_lit){template <typename Input>
                        static void apply(const Input& in, State& s){s.push(s.span(in), NoneLit{});
}
}
;
REGELS_ACTION(name_ref){template <typename Input>
                        static void apply(const Input& in, State& s){Ident id = s.ident(in);
s.push(id.span, NameRef{std::move(id.text)});
}
}
;

// Brackets: remembered so an unclosed one can be pointed at.
template <typename Input>
void open_bracket(const Input& in, State& s) {
    s.brackets.push_back(s.span(in).begin);
}
template <typename Input>
void close_bracket(const Input&, State& s) {
    if (!s.brackets.empty()) {
        s.brackets.pop_back();
    }
}
// `(`, `{`, `[`: an opening bracket.
struct opens_bracket {
    template <typename Input>
    static void apply(const Input& in, State& s) {
        open_bracket(in, s);
    }
};
REGELS_ACTION(lparen) : opens_bracket{};
REGELS_ACTION(lbrace) : opens_bracket{};
REGELS_ACTION(lbracket) : opens_bracket{};
// `)`, `}`, `]`: the matching closing bracket.
struct closes_bracket {
    template <typename Input>
    static void apply(const Input& in, State& s) {
        close_bracket(in, s);
    }
};
REGELS_ACTION(rparen) : closes_bracket{};
REGELS_ACTION(rbrace) : closes_bracket{};
REGELS_ACTION(rbracket) : closes_bracket{};

// Markers: the start of a construct whose parts are collected from the stacks at its end.
template <typename Input>
void mark(const Input& in, State& s) {
    s.markers.push_back(Marker{s.exprs.size(), s.idents.size(), s.span(in).begin});
}
// A bracket that also starts a construct (a set, a list, a call).
struct opens_marked_bracket {
    template <typename Input>
    static void apply(const Input& in, State& s) {
        open_bracket(in, s);
        mark(in, s);
    }
};
REGELS_ACTION(set_open) : opens_marked_bracket{};
REGELS_ACTION(list_open) : opens_marked_bracket{};
REGELS_ACTION(call_open) : opens_marked_bracket{};
// A keyword that starts a construct.
struct marks_start {
    template <typename Input>
    static void apply(const Input& in, State& s) {
        mark(in, s);
    }
};
REGELS_ACTION(count_kw) : marks_start{};
REGELS_ACTION(agg_kind) : marks_start{};
REGELS_ACTION(ext_kind) : marks_start{};
REGELS_ACTION(allocate_kw) : marks_start{};
REGELS_ACTION(match_kw){template <typename Input>
                        static void apply(const Input& in, State& s){mark(in, s);
s.arms.emplace_back();
}
}
;

REGELS_ACTION(set_lit){template <typename Input>
                       static void apply(const Input& in, State& s){Marker m = s.markers.back();
s.markers.pop_back();
s.push(s.span(in), SetLit{s.take_exprs(m.exprs)});
}
}
;
REGELS_ACTION(list_lit){template <typename Input>
                        static void apply(const Input& in, State& s){Marker m = s.markers.back();
s.markers.pop_back();
s.push(s.span(in), ListLit{s.take_exprs(m.exprs)});
}
}
;
REGELS_ACTION(call_args){template <typename Input>
                         static void apply(const Input& in, State& s){Marker m = s.markers.back();
s.markers.pop_back();
std::vector<ExprId> args = s.take_exprs(m.exprs);
ExprId callee = s.pop();
s.push(Span{s.span_of(callee).begin, s.span(in).end}, Call{callee, std::move(args)});
}
}
;
REGELS_ACTION(member_name){template <typename Input>
                           static void apply(const Input& in, State& s){Ident id = s.ident(in);
ExprId object = s.pop();
s.push(Span{s.span_of(object).begin, id.span.end}, Member{object, std::move(id)});
}
}
;
REGELS_ACTION(agg_var){template <typename Input>
                       static void apply(const Input& in, State& s){s.idents.push_back(s.ident(in));
}
}
;
REGELS_ACTION(agg_where){template <typename Input> static void apply(const Input&, State& s){
    s.markers.back().has_where = true;
}
}
;
REGELS_ACTION(alloc_in_order){template <typename Input> static void apply(const Input&, State& s){
    s.markers.back().in_order = true;
}
}
;
REGELS_ACTION(rounding_mode){template <typename Input> static void apply(const Input& in, State& s){
    s.idents.push_back(s.ident(in));
}
}
;
REGELS_ACTION(match_case){template <typename Input> static void apply(const Input& in, State& s){
    s.idents.push_back(s.ident(in));
}
}
;

Aggregate build_aggregate(State& s, AggregateKind kind, bool has_body) {
    Marker m = s.markers.back();
    s.markers.pop_back();
    std::vector<ExprId> parts = s.take_exprs(m.exprs);
    Ident var = s.idents.back();
    s.idents.pop_back();
    Aggregate a{kind, no_expr, std::move(var), no_expr, no_expr};
    std::size_t i = 0;
    if (has_body) {
        a.body = parts[i++];
    }
    a.collection = parts[i++];
    if (m.has_where) {
        a.filter = parts[i++];
    }
    return a;
}

REGELS_ACTION(count_expr){template <typename Input> static void apply(const Input& in, State& s){
    s.push(s.span(in), build_aggregate(s, AggregateKind::count, false));
}
}
;
REGELS_ACTION(agg_expr){template <typename Input> static void apply(const Input& in, State& s){
    std::string_view text = in.string_view();
AggregateKind kind = text.starts_with("sum")   ? AggregateKind::sum
                     : text.starts_with("all") ? AggregateKind::all
                                               : AggregateKind::any;
s.push(s.span(in), build_aggregate(s, kind, true));
}
}
;
REGELS_ACTION(ext_expr){template <typename Input> static void apply(const Input& in, State& s){
    bool is_max = in.string_view().starts_with("max");
const Marker& m = s.markers.back();
if (s.idents.size() > m.idents) {
    Aggregate a = build_aggregate(s, is_max ? AggregateKind::max : AggregateKind::min, true);
    s.push(s.span(in), std::move(a));
} else {
    Marker mk = s.markers.back();
    s.markers.pop_back();
    s.push(s.span(in), Extremum{is_max, s.take_exprs(mk.exprs)});
}
}
}
;
REGELS_ACTION(allocate_expr){template <typename Input> static void apply(const Input& in, State& s){
    Marker m = s.markers.back();
s.markers.pop_back();
std::vector<ExprId> parts = s.take_exprs(m.exprs);
Ident var = s.idents.back();
s.idents.pop_back();
Allocate a{};
std::size_t i = 0;
a.total = parts[i++];
a.var = std::move(var);
a.collection = parts[i++];
a.filter = m.has_where ? parts[i++] : no_expr;
a.claim = parts[i++];
a.method = m.in_order ? AllocationMethod::in_order : AllocationMethod::pro_rata;
a.order_key = m.in_order ? parts[i++] : no_expr;
a.target = parts[i++];
s.push(s.span(in), std::move(a));
}
}
;
REGELS_ACTION(round_expr){template <typename Input>
                          static void apply(const Input& in, State& s){Ident mode = s.idents.back();
s.idents.pop_back();
ExprId unit = s.pop();
ExprId value = s.pop();
s.push(s.span(in), Round{value, unit, std::move(mode)});
}
}
;
REGELS_ACTION(required_expr){template <typename Input>
                             static void apply(const Input& in, State& s){ExprId value = s.pop();
s.push(s.span(in), Required{value});
}
}
;
REGELS_ACTION(match_arm){template <typename Input>
                         static void apply(const Input& in, State& s){ExprId body = s.pop();
std::size_t from = s.markers.back().idents;
std::vector<Ident> cases(s.idents.begin() + static_cast<std::ptrdiff_t>(from), s.idents.end());
s.idents.resize(from);
s.arms.back().push_back(MatchArm{std::move(cases), body, s.span(in)});
}
}
;
REGELS_ACTION(match_expr){template <typename Input>
                          static void apply(const Input& in, State& s){s.markers.pop_back();
ExprId subject = s.pop();
std::vector<MatchArm> arms = std::move(s.arms.back());
s.arms.pop_back();
s.push(s.span(in), Match{subject, std::move(arms)});
}
}
;
REGELS_ACTION(if_expr){template <typename Input>
                       static void apply(const Input& in, State& s){ExprId e = s.pop();
ExprId t = s.pop();
ExprId c = s.pop();
s.push(s.span(in), IfExpr{c, t, e});
}
}
;
REGELS_ACTION(paren_expr){template <typename Input> static void apply(const Input& in, State& s){
    // Widen the inner expression's span to include the parentheses, for carets.
    s.ast.exprs[s.exprs.back()].span = s.span(in);
}
}
;
REGELS_ACTION(at_op){template <typename Input>
                     static void apply(const Input& in, State& s){ExprId when = s.pop();
ExprId param = s.pop();
s.push(Span{s.span_of(param).begin, s.span(in).end}, At{param, when});
}
}
;
REGELS_ACTION(negation){template <typename Input>
                        static void apply(const Input& in, State& s){ExprId operand = s.pop();
s.push(s.span(in), Unary{UnaryOp::negate, operand});
}
}
;
REGELS_ACTION(logical_not){template <typename Input>
                           static void apply(const Input& in, State& s){ExprId operand = s.pop();
s.push(s.span(in), Unary{UnaryOp::logical_not, operand});
}
}
;
REGELS_ACTION(mul_tail){template <typename Input> static void apply(const Input& in, State& s){
    s.binary(in.string_view()[0] == '*' ? BinaryOp::mul : BinaryOp::div, s.span(in));
}
}
;
REGELS_ACTION(add_tail){template <typename Input> static void apply(const Input& in, State& s){
    s.binary(in.string_view()[0] == '+' ? BinaryOp::add : BinaryOp::sub, s.span(in));
}
}
;
REGELS_ACTION(range_tail){template <typename Input>
                          static void apply(const Input& in, State& s){ExprId high = s.pop();
ExprId low = s.pop();
s.push(Span{s.span_of(low).begin, s.span(in).end}, RangeLit{low, high});
}
}
;
REGELS_ACTION(cmp_tail){template <typename Input> static void apply(const Input& in, State& s){
    std::string_view t = in.string_view();
BinaryOp op = t.starts_with("==")         ? BinaryOp::eq
              : t.starts_with("!=")       ? BinaryOp::ne
              : t.starts_with("<=")       ? BinaryOp::le
              : t.starts_with(">=")       ? BinaryOp::ge
              : t.starts_with("<")        ? BinaryOp::lt
              : t.starts_with(">")        ? BinaryOp::gt
              : t.starts_with("overlaps") ? BinaryOp::overlaps
              : t.starts_with("not")      ? BinaryOp::not_in
                                          : BinaryOp::in;
s.binary(op, s.span(in));
}
}
;
REGELS_ACTION(is_tail){template <typename Input>
                       static void apply(const Input& in, State& s){ExprId value = s.pop();
bool absent = in.string_view().ends_with("absent");
s.push(Span{s.span_of(value).begin, s.span(in).end}, IsPresent{value, absent});
}
}
;
REGELS_ACTION(and_tail){template <typename Input> static void apply(const Input& in, State& s){
    s.binary(BinaryOp::logical_and, s.span(in));
}
}
;
REGELS_ACTION(or_tail){template <typename Input> static void apply(const Input& in, State& s){
    s.binary(BinaryOp::logical_or, s.span(in));
}
}
;
REGELS_ACTION(otherwise_tail){
    template <typename Input>
    static void apply(const Input& in, State& s){s.binary(BinaryOp::otherwise, s.span(in));
}
}
;

// ---- types ----------------------------------------------------------------------------------

REGELS_ACTION(type_name){template <typename Input>
                         static void apply(const Input& in, State& s){Ident id = s.ident(in);
TypeExpr t;
t.kind = TypeExpr::Kind::named;
t.span = id.span;
t.name = std::move(id);
s.types.push_back(std::move(t));
}
}
;
template <TypeExpr::Kind K>
struct wrap_type {
    template <typename Input>
    static void apply(const Input& in, State& s) {
        TypeExpr inner = std::move(s.types.back());
        s.types.pop_back();
        TypeExpr t;
        t.kind = K;
        t.span = s.span(in);
        t.element.push_back(std::move(inner));
        s.types.push_back(std::move(t));
    }
};
REGELS_ACTION(type_optional) : wrap_type<TypeExpr::Kind::optional>{};
REGELS_ACTION(type_set) : wrap_type<TypeExpr::Kind::set>{};
REGELS_ACTION(type_list) : wrap_type<TypeExpr::Kind::list>{};
REGELS_ACTION(type_range) : wrap_type<TypeExpr::Kind::range>{};

TypeExpr pop_type(State& s) {
    TypeExpr t = std::move(s.types.back());
    s.types.pop_back();
    return t;
}

// ---- citations ------------------------------------------------------------------------------

REGELS_ACTION(kw_source){template <typename Input>
                         static void apply(const Input& in, State& s){s.citation = Citation{};
s.citation.span = s.span(in);
}
}
;
REGELS_ACTION(cite_doc){template <typename Input> static void apply(const Input& in, State& s){
    s.citation.document = s.ident(in);
}
}
;
REGELS_ACTION(cite_section){template <typename Input> static void apply(const Input& in, State& s){
    s.citation.section = unescape(in.string_view());
}
}
;
REGELS_ACTION(cite_quote){template <typename Input> static void apply(const Input& in, State& s){
    s.citation.quote = unescape(in.string_view());
}
}
;
REGELS_ACTION(citation){template <typename Input>
                        static void apply(const Input& in, State& s){s.citation.span = s.span(in);
s.pending_citations.push_back(std::move(s.citation));
}
}
;
REGELS_ACTION(mark_kind){template <typename Input>
                         static void apply(const Input& in, State& s){s.citation = Citation{};
s.citation.kind =
    in.string_view() == "assumption" ? CitationKind::assumption : CitationKind::interpretation;
s.citation.span = s.span(in);
}
}
;
REGELS_ACTION(mark_reason){template <typename Input> static void apply(const Input& in, State& s){
    s.citation.quote = unescape(in.string_view());
}
}
;
std::vector<Citation> take_citations(State& s) {
    std::vector<Citation> out = std::move(s.pending_citations);
    s.pending_citations.clear();
    return out;
}

// ---- labels ---------------------------------------------------------------------------------

template <LabelKind K>
struct label_text_action {
    template <typename Input>
    static void apply(const Input& in, State& s) {
        s.pending_labels.push_back(LabelClause{K, unescape(in.string_view()), s.span(in)});
    }
};
REGELS_ACTION(label_text) : label_text_action<LabelKind::label>{};
REGELS_ACTION(question_text) : label_text_action<LabelKind::question>{};
// The clause's span covers its keyword too.
template <typename Input>
void widen_label(const Input& in, State& s) {
    s.pending_labels.back().span.begin = s.span(in).begin;
}
REGELS_ACTION(label_clause){template <typename Input>
                            static void apply(const Input& in, State& s){widen_label(in, s);
}
}
;
REGELS_ACTION(question_clause){template <typename Input>
                               static void apply(const Input& in, State& s){widen_label(in, s);
}
}
;
std::vector<LabelClause> take_labels(State& s) {
    std::vector<LabelClause> out = std::move(s.pending_labels);
    s.pending_labels.clear();
    return out;
}

// ---- declarations ---------------------------------------------------------------------------

REGELS_ACTION(module_name){template <typename Input>
                           static void apply(const Input& in, State& s){s.module.name = s.ident(in);
s.import.module = s.module.name;
}
}
;
REGELS_ACTION(module_decl){template <typename Input>
                           static void apply(const Input& in, State& s){s.module.span = s.span(in);
s.done = s.module;
}
}
;
REGELS_ACTION(import_alias){template <typename Input> static void apply(const Input& in, State& s){
    s.import.alias = s.ident(in);
}
}
;
REGELS_ACTION(import_decl){template <typename Input>
                           static void apply(const Input& in, State& s){s.import.span = s.span(in);
s.done = s.import;
}
}
;
REGELS_ACTION(doc_name){template <typename Input>
                        static void apply(const Input& in, State& s){s.document.name = s.ident(in);
}
}
;
REGELS_ACTION(doc_title){template <typename Input> static void apply(const Input& in, State& s){
    s.document.title = unescape(in.string_view());
}
}
;
REGELS_ACTION(doc_url){template <typename Input> static void apply(const Input& /*in*/, State& s){
    // The string literal inside pushed an expression; take its text instead.
    ExprId e = s.pop();
s.document.url = std::get<TextLit>(s.ast.expr(e).kind).value;
}
}
;
REGELS_ACTION(doc_date){template <typename Input>
                        static void apply(const Input& /*in*/, State& s){ExprId e = s.pop();
s.document.date = std::get<DateLit>(s.ast.expr(e).kind).days;
}
}
;
REGELS_ACTION(doc_per_field){template <typename Input> static void apply(const Input& in, State& s){
    s.document.per_field = s.ident(in);
}
}
;
REGELS_ACTION(doc_for_field){template <typename Input> static void apply(const Input& in, State& s){
    s.document.for_field = s.ident(in);
}
}
;
REGELS_ACTION(doc_for_value){template <typename Input> static void apply(const Input& in, State& s){
    s.document.for_value = unescape(in.string_view());
}
}
;
REGELS_ACTION(doc_text_file){template <typename Input> static void apply(const Input& in, State& s){
    s.document.text = unescape(in.string_view());
}
}
;
REGELS_ACTION(section_title){template <typename Input> static void apply(const Input& in, State& s){
    s.document.sections.push_back(SectionDecl{unescape(in.string_view()), std::nullopt,
                                              s.span(in)});
}
}
;
REGELS_ACTION(section_reason){
    template <typename Input> static void apply(const Input& in, State& s){
        s.document.sections.back().not_encoded = unescape(in.string_view());
}
}
;
REGELS_ACTION(doc_section){template <typename Input> static void apply(const Input& in, State& s){
    s.document.sections.back().span = s.span(in);
}
}
;
REGELS_ACTION(document_decl){template <typename Input> static void apply(const Input& in, State& s){
    s.document.span = s.span(in);
s.done = s.document;
}
}
;
REGELS_ACTION(enum_name){template <typename Input> static void apply(const Input& in, State& s){
    s.enumeration.name = s.ident(in);
}
}
;
REGELS_ACTION(enum_case){template <typename Input> static void apply(const Input& in, State& s){
    s.enumeration.cases.push_back(s.ident(in));
}
}
;
REGELS_ACTION(enum_item){template <typename Input> static void apply(const Input&, State& s){
    s.enumeration.case_labels.push_back(take_labels(s));
}
}
;
REGELS_ACTION(enum_decl){template <typename Input> static void apply(const Input& in, State& s){
    s.enumeration.span = s.span(in);
s.done = s.enumeration;
}
}
;
REGELS_ACTION(record_name){template <typename Input>
                           static void apply(const Input& in, State& s){s.record.name = s.ident(in);
}
}
;
REGELS_ACTION(key_field){template <typename Input> static void apply(const Input& in, State& s){
    s.record.key.push_back(s.ident(in));
}
}
;
REGELS_ACTION(describe_field){
    template <typename Input>
    static void apply(const Input& in, State& s){s.record.describe.push_back(s.ident(in));
}
}
;
REGELS_ACTION(field_name){template <typename Input> static void apply(const Input& in, State& s){
    s.idents.push_back(s.ident(in));
}
}
;
REGELS_ACTION(constraint_op){template <typename Input> static void apply(const Input& in, State& s){
    std::string_view op = in.string_view();
s.constraint_op = op == ">="   ? BinaryOp::ge
                  : op == ">"  ? BinaryOp::gt
                  : op == "<=" ? BinaryOp::le
                               : BinaryOp::lt;
}
}
;
template <FieldConstraint::Kind K>
struct bound_constraint {
    template <typename Input>
    static void apply(const Input& in, State& s) {
        FieldConstraint c;
        c.kind = K;
        c.op = s.constraint_op;
        c.bound = s.pop();
        c.span = s.span(in);
        s.constraints.push_back(std::move(c));
    }
};
REGELS_ACTION(constraint_compare) : bound_constraint<FieldConstraint::Kind::compare>{};
REGELS_ACTION(constraint_length) : bound_constraint<FieldConstraint::Kind::length>{};
REGELS_ACTION(constraint_pattern){
    template <typename Input>
    static void apply(const Input& in, State& s){s.pattern = unescape(in.string_view());
}
}
;
REGELS_ACTION(constraint_matching){template <typename Input>
                                   static void apply(const Input& in, State& s){FieldConstraint c;
c.kind = FieldConstraint::Kind::matching;
c.pattern = std::move(s.pattern);
c.span = s.span(in);
s.constraints.push_back(std::move(c));
}
}
;
REGELS_ACTION(constraint_source){template <typename Input>
                                 static void apply(const Input& in, State& s){FieldConstraint c;
c.kind = FieldConstraint::Kind::member;
c.source = s.ident(in);
c.span = s.span(in);
s.constraints.push_back(std::move(c));
}
}
;
// The constraint's span covers `in` too.
REGELS_ACTION(constraint_member){
    template <typename Input>
    static void apply(const Input& in, State& s){s.constraints.back().span = s.span(in);
}
}
;
REGELS_ACTION(field_decl){template <typename Input>
                          static void apply(const Input& in, State& s){Ident name = s.idents.back();
s.idents.pop_back();
s.record.fields.push_back(FieldDecl{std::move(name), pop_type(s), s.span(in),
                                    std::move(s.constraints), take_labels(s)});
s.constraints.clear();
}
}
;
REGELS_ACTION(record_labels){template <typename Input> static void apply(const Input&, State& s){
    s.record.labels = take_labels(s);
}
}
;
REGELS_ACTION(record_decl){template <typename Input>
                           static void apply(const Input& in, State& s){s.record.span = s.span(in);
s.done = s.record;
}
}
;
REGELS_ACTION(param_name){template <typename Input> static void apply(const Input& in, State& s){
    s.parameter.name = s.ident(in);
}
}
;
REGELS_ACTION(period_from){template <typename Input>
                           static void apply(const Input& in, State& s){Span sp = s.span(in);
s.parameter.period = std::make_pair(parse_date(in.string_view(), sp.begin), 0);
}
}
;
REGELS_ACTION(period_until){template <typename Input>
                            static void apply(const Input& in, State& s){Span sp = s.span(in);
s.parameter.period->second = parse_date(in.string_view(), sp.begin);
}
}
;
REGELS_ACTION(period_clause){template <typename Input> static void apply(const Input& in, State& s){
    s.parameter.period_span = s.span(in);
}
}
;
REGELS_ACTION(param_citations){template <typename Input> static void apply(const Input&, State& s){
    s.parameter.type = pop_type(s);
s.parameter.sources = take_citations(s);
s.parameter.labels = take_labels(s);
}
}
;
REGELS_ACTION(version_from){template <typename Input>
                            static void apply(const Input& in, State& s){s.version = Version{};
s.version.from = parse_date(in.string_view(), s.span(in).begin);
}
}
;
REGELS_ACTION(version_until){template <typename Input> static void apply(const Input& in, State& s){
    s.version.until = parse_date(in.string_view(), s.span(in).begin);
}
}
;
REGELS_ACTION(unpublished_note){template <typename Input>
                                static void apply(const Input& in, State& s){
                                    s.version.unpublished_note = unescape(in.string_view());
}
}
;
REGELS_ACTION(version_unpublished){
    template <typename Input>
    static void apply(const Input&, State& s){s.version.unpublished = true;
}
}
;
REGELS_ACTION(version){template <typename Input>
                       static void apply(const Input& in, State& s){s.version.span = s.span(in);
s.version.value = s.version.unpublished ? no_expr : s.pop();
s.version.sources = take_citations(s);
s.parameter.versions.push_back(std::move(s.version));
}
}
;
REGELS_ACTION(parameter_decl){
    template <typename Input>
    static void apply(const Input& in, State& s){s.parameter.span = s.span(in);
s.done = std::move(s.parameter);
}
}
;
REGELS_ACTION(rule_kind){template <typename Input> static void apply(const Input& in, State& s){
    s.rule.kind = in.string_view() == "decision" ? RuleKind::decision : RuleKind::definition;
}
}
;
REGELS_ACTION(kw_assertion){template <typename Input> static void apply(const Input&, State& s){
    s.rule.kind = RuleKind::assertion;
}
}
;
REGELS_ACTION(rule_name){template <typename Input>
                         static void apply(const Input& in, State& s){s.rule.name = s.ident(in);
}
}
;
REGELS_ACTION(rule_param_name){template <typename Input>
                               static void apply(const Input& in, State& s){s.param = Param{};
s.param.name = s.ident(in);
}
}
;
REGELS_ACTION(group_key){template <typename Input> static void apply(const Input& in, State& s){
    s.param.group_by.push_back(s.ident(in));
}
}
;
REGELS_ACTION(rule_param){template <typename Input>
                          static void apply(const Input& in, State& s){s.param.type = pop_type(s);
s.param.span = s.span(in);
s.rule.params.push_back(std::move(s.param));
}
}
;
REGELS_ACTION(result_type){template <typename Input>
                           static void apply(const Input&, State& s){s.rule.result = pop_type(s);
}
}
;
REGELS_ACTION(rule_body){template <typename Input>
                         static void apply(const Input&, State& s){s.rule.body = s.pop();
}
}
;
REGELS_ACTION(rule_citations){template <typename Input> static void apply(const Input&, State& s){
    s.rule.sources = take_citations(s);
s.rule.labels = take_labels(s);
}
}
;
REGELS_ACTION(kw_except){template <typename Input>
                         static void apply(const Input&, State& s){s.exception = ExceptionClause{};
}
}
;
REGELS_ACTION(exception_name){
    template <typename Input>
    static void apply(const Input& in, State& s){s.exception.name = s.ident(in);
}
}
;
REGELS_ACTION(exception_over_name){
    template <typename Input>
    static void apply(const Input& in, State& s){s.exception.over.push_back(s.ident(in));
}
}
;
REGELS_ACTION(exception_condition){
    template <typename Input>
    static void apply(const Input&, State& s){s.exception.condition = s.pop();
}
}
;
REGELS_ACTION(exception_value){
    template <typename Input> static void apply(const Input&, State& s){s.exception.value = s.pop();
}
}
;
REGELS_ACTION(exception_clause){
    template <typename Input>
    static void apply(const Input& in, State& s){s.exception.span = s.span(in);
s.exception.sources = take_citations(s);
s.rule.exceptions.push_back(std::move(s.exception));
}
}
;
REGELS_ACTION(rule_decl){template <typename Input>
                         static void apply(const Input& in, State& s){s.rule.span = s.span(in);
s.done = std::move(s.rule);
}
}
;
REGELS_ACTION(assertion_decl){template <typename Input>
                              static void apply(const Input& in, State& s){s.rule.span = s.span(in);
s.done = std::move(s.rule);
}
}
;
REGELS_ACTION(row_field_name){
    template <typename Input>
    static void apply(const Input& in, State& s){s.idents.push_back(s.ident(in));
}
}
;
REGELS_ACTION(row_field){template <typename Input>
                         static void apply(const Input&, State& s){Ident name = s.idents.back();
s.idents.pop_back();
s.row_fields.push_back(RowField{std::move(name), s.pop()});
}
}
;
REGELS_ACTION(row_citations){template <typename Input> static void apply(const Input&, State& s){
    s.row_sources = take_citations(s);
}
}
;
REGELS_ACTION(row){template <typename Input> static void apply(const Input& in, State& s){
    s.rows.push_back(TableRow{std::move(s.row_fields), std::move(s.row_sources), s.span(in)});
s.row_sources.clear();
s.row_fields.clear();
}
}
;
REGELS_ACTION(table_record){template <typename Input> static void apply(const Input& in, State& s){
    s.table.record = s.ident(in);
}
}
;
REGELS_ACTION(table_decl){template <typename Input> static void apply(const Input& in, State& s){
    s.table.rows = std::move(s.rows);
s.rows.clear();
s.table.span = s.span(in);
s.done = std::move(s.table);
}
}
;
REGELS_ACTION(cite_target){template <typename Input>
                           static void apply(const Input& in, State& s){s.cite.target = s.ident(in);
}
}
;
REGELS_ACTION(cite_decl_citations){
    template <typename Input>
    static void apply(const Input&, State& s){s.cite.sources = take_citations(s);
}
}
;
REGELS_ACTION(cite_decl){template <typename Input>
                         static void apply(const Input& in, State& s){s.cite.span = s.span(in);
s.done = std::move(s.cite);
}
}
;
REGELS_ACTION(test_name){template <typename Input> static void apply(const Input& in, State& s){
    s.test.name = unescape(in.string_view());
}
}
;
REGELS_ACTION(case_var){template <typename Input> static void apply(const Input& in, State& s){
    s.test.case_vars.push_back(s.ident(in));
}
}
;
REGELS_ACTION(case_row){template <typename Input> static void apply(const Input&, State& s){
    s.test.cases.push_back(s.take_exprs(0));
}
}
;
REGELS_ACTION(facts_path){template <typename Input>
                          static void apply(const Input& in, State& s){s.step = TestStep{};
s.step.kind = TestStep::Kind::facts;
s.step.path = unescape(in.string_view());
}
}
;
REGELS_ACTION(facts_record){template <typename Input> static void apply(const Input& in, State& s){
    s.step.record = s.ident(in);
}
}
;
REGELS_ACTION(given_record){template <typename Input>
                            static void apply(const Input& in, State& s){s.step = TestStep{};
s.step.kind = TestStep::Kind::given;
s.step.record = s.ident(in);
}
}
;
REGELS_ACTION(step_given){template <typename Input> static void apply(const Input&, State& s){
    s.step.row = std::move(s.rows.back());
s.rows.pop_back();
}
}
;
REGELS_ACTION(given_parameter_name){
    template <typename Input> static void apply(const Input& in, State& s){s.step = TestStep{};
s.step.kind = TestStep::Kind::given_parameter;
s.step.parameter = s.ident(in);
}
}
;
REGELS_ACTION(given_parameter_value){
    template <typename Input> static void apply(const Input&, State& s){s.step.value = s.pop();
}
}
;
REGELS_ACTION(refused_code){template <typename Input> static void apply(const Input& in, State& s){
    s.step.refused = s.ident(in);
}
}
;
REGELS_ACTION(as_of_date){template <typename Input>
                          static void apply(const Input&, State& s){s.step = TestStep{};
s.step.kind = TestStep::Kind::as_of;
s.step.value = s.pop();
}
}
;
REGELS_ACTION(target_name){template <typename Input>
                           static void apply(const Input& in, State& s){s.step = TestStep{};
s.step.target.rule = s.ident(in);
s.subject = Subject{};
}
}
;
REGELS_ACTION(subject_field_name){
    template <typename Input>
    static void apply(const Input& in, State& s){s.idents.push_back(s.ident(in));
}
}
;
REGELS_ACTION(subject_group_field){
    template <typename Input>
    static void apply(const Input&, State& s){Ident name = s.idents.back();
s.idents.pop_back();
s.subject.kind = Subject::Kind::group;
s.subject.group_keys.push_back(RowField{std::move(name), s.pop()});
}
}
;
REGELS_ACTION(subject_record){
    template <typename Input>
    static void apply(const Input& in, State& s){s.subject.kind = Subject::Kind::record;
s.subject.record = s.ident(in);
}
}
;
REGELS_ACTION(subject_key){template <typename Input>
                           static void apply(const Input&, State& s){s.subject.key = s.pop();
}
}
;
REGELS_ACTION(subject){template <typename Input>
                       static void apply(const Input& in, State& s){s.subject.span = s.span(in);
}
}
;
REGELS_ACTION(target){template <typename Input> static void apply(const Input& in, State& s){
    s.step.target.subject = std::move(s.subject);
s.step.target.span = s.span(in);
}
}
;
REGELS_ACTION(expected_value){template <typename Input> static void apply(const Input&, State& s){
    s.step.kind = TestStep::Kind::expect_value;
s.step.expected = s.pop();
}
}
;
REGELS_ACTION(error_code){template <typename Input> static void apply(const Input& in, State& s){
    s.step.kind = TestStep::Kind::expect_error;
s.step.error_code = s.ident(in);
}
}
;
REGELS_ACTION(cites_doc){template <typename Input> static void apply(const Input& in, State& s){
    s.step.kind = TestStep::Kind::expect_cites;
s.step.document = s.ident(in);
}
}
;
REGELS_ACTION(cites_section){template <typename Input> static void apply(const Input& in, State& s){
    s.step.section = unescape(in.string_view());
}
}
;
REGELS_ACTION(test_step){template <typename Input>
                         static void apply(const Input& in, State& s){s.step.span = s.span(in);
s.test.steps.push_back(std::move(s.step));
}
}
;
REGELS_ACTION(test_decl){template <typename Input>
                         static void apply(const Input& in, State& s){s.test.span = s.span(in);
s.done = std::move(s.test);
}
}
;

#undef REGELS_ACTION

// ---- errors: what was expected where --------------------------------------------------------

template <typename Rule>
inline constexpr const char* expected = nullptr;
#define REGELS_EXPECTED(rule, text) \
    template <>                     \
    inline constexpr const char* expected<g::rule> = text;
REGELS_EXPECTED(expr, "an expression")
REGELS_EXPECTED(add_expr, "an expression")
REGELS_EXPECTED(mul_expr, "an expression")
REGELS_EXPECTED(unary_expr, "an expression")
REGELS_EXPECTED(not_expr, "an expression")
REGELS_EXPECTED(and_expr, "an expression")
REGELS_EXPECTED(or_expr, "an expression")
REGELS_EXPECTED(range_expr, "an expression")
REGELS_EXPECTED(otherwise_expr, "an expression")
REGELS_EXPECTED(postfix_expr, "a date or year after `at`")
REGELS_EXPECTED(rule_body, "an expression")
REGELS_EXPECTED(exception_condition, "a condition")
REGELS_EXPECTED(exception_value, "the value that applies when the exception holds")
REGELS_EXPECTED(expected_value, "the expected value")
REGELS_EXPECTED(subject_key, "the key of the record")
REGELS_EXPECTED(agg_for, "`for`")
REGELS_EXPECTED(agg_var, "a name for each element")
REGELS_EXPECTED(alloc_claim, "`claiming`")
REGELS_EXPECTED(alloc_method, "`pro rata` or `in order of`")
REGELS_EXPECTED(alloc_to, "`to`")
REGELS_EXPECTED(arrow, "`=>`")
REGELS_EXPECTED(case_var, "a name")
REGELS_EXPECTED(cite_doc, "the name of a document")
REGELS_EXPECTED(cite_quote, "a quote in double quotes")
REGELS_EXPECTED(cite_target, "the name of a rule or parameter")
REGELS_EXPECTED(mark_reason, "the reason in double quotes")
REGELS_EXPECTED(doc_per_field, "the field that tells areas apart")
REGELS_EXPECTED(doc_for_field, "the field that tells areas apart")
REGELS_EXPECTED(doc_for_value, "the area's value in double quotes")
REGELS_EXPECTED(doc_text_file, "a file name in double quotes")
REGELS_EXPECTED(section_title, "a section title in double quotes")
REGELS_EXPECTED(section_reason, "the reason in double quotes")
REGELS_EXPECTED(kw_encoded, "`encoded`")
REGELS_EXPECTED(cite_section, "a section title in double quotes")
REGELS_EXPECTED(cites_doc, "the name of a document")
REGELS_EXPECTED(cites_section, "a section title in double quotes")
REGELS_EXPECTED(colon, "`:`")
REGELS_EXPECTED(comma, "`,`")
REGELS_EXPECTED(date_lit, "a date (YYYY-MM-DD)")
REGELS_EXPECTED(constraint_op, "`>=`, `>`, `<=` or `<`")
REGELS_EXPECTED(constraint_bound, "the bound: a number, an amount, a date or a datetime")
REGELS_EXPECTED(constraint_pattern, "a pattern in double quotes")
REGELS_EXPECTED(constraint_source, "a field of a record (`Gebied.gebied`) or a parameter")
REGELS_EXPECTED(field_constraint,
                "a constraint: `>= VALUE`, `<= VALUE`, `length <= N`, `matching \"pattern\"` or "
                "`in Record.field`")
REGELS_EXPECTED(datetime_time, "a time with its offset from UTC, e.g. `09:15:00+01:00`")
REGELS_EXPECTED(doc_name, "the name of the document")
REGELS_EXPECTED(doc_title, "the document's title in double quotes")
REGELS_EXPECTED(dotdot, "`..`")
REGELS_EXPECTED(enum_name, "the name of the enum")
REGELS_EXPECTED(equals, "`=`")
REGELS_EXPECTED(version_equals, "`=` and the value")
REGELS_EXPECTED(error_code, "a diagnostic code such as E3004")
REGELS_EXPECTED(exception_over_name, "the name of an exception")
REGELS_EXPECTED(expectation, "`= value`, `fails CODE` or `cites document \"section\"`")
REGELS_EXPECTED(ext_rest, "`,` and another value, or `for`")
REGELS_EXPECTED(facts_path, "a file path in double quotes")
REGELS_EXPECTED(given_record, "a record type")
REGELS_EXPECTED(facts_record, "a record type")
REGELS_EXPECTED(given_parameter_name, "the name of a parameter")
REGELS_EXPECTED(given_parameter_value, "the parameter's value")
REGELS_EXPECTED(refused_code, "a diagnostic code such as E4020")
REGELS_EXPECTED(as_of_date, "a date, e.g. `as of 2025-01-01`")
REGELS_EXPECTED(lone_value_expr, "a value")
REGELS_EXPECTED(value_end, "the end of the value")
REGELS_EXPECTED(group_key, "a field to group by")
REGELS_EXPECTED(import_alias, "a name")
REGELS_EXPECTED(key_field, "a field name")
REGELS_EXPECTED(label_text, "the label in double quotes, e.g. `label \"de huurprijs per maand\"`")
REGELS_EXPECTED(question_text,
                "the question in double quotes, e.g. `question \"Telt de registratie mee?\"`")
REGELS_EXPECTED(describe_field, "a field name")
REGELS_EXPECTED(kw_among, "`among`")
REGELS_EXPECTED(kw_else, "`else`")
REGELS_EXPECTED(kw_in, "`in`")
REGELS_EXPECTED(kw_of, "`of`")
REGELS_EXPECTED(kw_order, "`order`")
REGELS_EXPECTED(kw_rata, "`rata`")
REGELS_EXPECTED(kw_then, "`then`")
REGELS_EXPECTED(kw_when, "`when`")
REGELS_EXPECTED(lbrace, "`{`")
REGELS_EXPECTED(lbracket, "`[`")
REGELS_EXPECTED(lparen, "`(`")
REGELS_EXPECTED(match_case, "an enum case")
REGELS_EXPECTED(member_name, "a field name after `.`")
REGELS_EXPECTED(module_name, "a module name")
REGELS_EXPECTED(money_amount, "an amount such as `€ 7.000,00`")
REGELS_EXPECTED(money_end, "the end of the amount")
REGELS_EXPECTED(integer_end, "the end of the number")
REGELS_EXPECTED(param_name, "the name of the parameter")
REGELS_EXPECTED(period_from, "a date (YYYY-MM-DD)")
REGELS_EXPECTED(period_until, "a date (YYYY-MM-DD)")
REGELS_EXPECTED(presence, "`present` or `absent`")
REGELS_EXPECTED(rbrace, "`}`")
REGELS_EXPECTED(rbracket, "`]`")
REGELS_EXPECTED(record_name, "the name of the record")
REGELS_EXPECTED(result_type, "a type")
REGELS_EXPECTED(rounding_mode,
                "a rounding mode (half_up, half_even, half_down, down, up, floor, ceiling)")
REGELS_EXPECTED(row, "a row in braces: `{ field: value, ... }`")
REGELS_EXPECTED(rparen, "`)`")
REGELS_EXPECTED(rule_name, "a name")
REGELS_EXPECTED(rule_param, "a parameter (`name: Type`)")
REGELS_EXPECTED(string_close, "`\"` to end the string")
REGELS_EXPECTED(string_escape, "an escape (`\\\"`, `\\\\`, `\\n` or `\\t`)")
REGELS_EXPECTED(string_lit, "text in double quotes")
REGELS_EXPECTED(subject_group_field, "`field: value`")
REGELS_EXPECTED(table_record, "a record type")
REGELS_EXPECTED(target, "a decision or definition name")
REGELS_EXPECTED(test_name, "the test's name in double quotes")
REGELS_EXPECTED(type_expr, "a type")
REGELS_EXPECTED(version, "a version: `from YYYY-MM-DD [until YYYY-MM-DD] = value`")
REGELS_EXPECTED(version_from, "a date (YYYY-MM-DD)")
REGELS_EXPECTED(version_until, "a date (YYYY-MM-DD)")
REGELS_EXPECTED(version_value, "a value or `unpublished`")
#undef REGELS_EXPECTED

std::string describe_at(std::string_view rest) {
    if (rest.empty()) {
        return "end of file";
    }
    unsigned char c = static_cast<unsigned char>(rest[0]);
    if (c == '\n' || c == '\r') {
        return "end of line";
    }
    auto is_word = [](unsigned char ch) {
        return std::isalnum(ch) != 0 || ch == '_' || (ch >= 0x80 && ch < 0xE0);
    };
    if (c >= 0xE0 || (c >= 0x80 && c < 0xC3)) {
        // A symbol outside names (€, a curly quote, a non-breaking space): show it whole.
        std::size_t n = 1;
        while (n < rest.size() && n < 4 && (static_cast<unsigned char>(rest[n]) & 0xC0U) == 0x80U) {
            ++n;
        }
        std::string_view sym = rest.substr(0, n);
        return fmt::format("`{}`", sym);
    }
    if (is_word(c)) {
        std::size_t n = 0;
        while (n < rest.size() && n < 40 && is_word(static_cast<unsigned char>(rest[n]))) {
            ++n;
        }
        return fmt::format("`{}`", rest.substr(0, n));
    }
    if (c < 0x20) {
        return fmt::format("byte 0x{:02X}", c);
    }
    return fmt::format("`{}`", rest.substr(0, 1));
}

// The word (letters, digits, `_`) at the start of `rest`; empty when there is none.
std::string_view word_at(std::string_view rest) {
    std::size_t n = 0;
    while (n < rest.size() && n < 64) {
        auto c = static_cast<unsigned char>(rest[n]);
        if (std::isalnum(c) == 0 && c != '_') {
            break;
        }
        ++n;
    }
    return rest.substr(0, n);
}

// The length of the reserved word at the start of `rest`, or 0.
std::size_t reserved_word_at(std::string_view rest) {
    pegtl::memory_input<> in(rest.data(), rest.data() + rest.size(), "");
    if (!pegtl::parse<g::reserved>(in)) {
        return 0;
    }
    return static_cast<std::size_t>(in.current() - rest.data());
}

template <typename Rule>
constexpr bool is_closer = std::is_same_v<Rule, g::rparen> || std::is_same_v<Rule, g::rbrace> ||
                           std::is_same_v<Rule, g::rbracket>;

template <typename Rule>
struct base_control : pegtl::normal<Rule> {
    template <typename Input, typename... States>
    [[noreturn]] static void raise(const Input& in, State& s, States&&...) {
        static_assert(expected<Rule> != nullptr, "every must<> target needs an expected message");
        auto at = static_cast<std::uint32_t>(in.current() - s.base);
        std::string_view rest(in.current(), static_cast<std::size_t>(in.end() - in.current()));
        std::string found = describe_at(rest);
        Failure f{
            Code::E1001, at, at + 1, fmt::format("expected {}, found {}", expected<Rule>, found),
            {},          {}, {}};
        if constexpr (is_closer<Rule>) {
            if (!s.brackets.empty()) {
                std::uint32_t open = s.brackets.back();
                char opener = s.base[open];
                f.code = Code::E1003;
                f.message =
                    fmt::format("expected {} to close `{}` from line {}, found {}", expected<Rule>,
                                opener, s.file.line_column(open).line, found);
                f.note_at = open;
                f.note = fmt::format("`{}` opened here", opener);
            }
        }
        if constexpr (std::is_same_v<Rule, g::string_close>) {
            f.code = Code::E1002;
            f.message = "unterminated string: it needs a closing `\"` on the same line";
            std::uint32_t open = at;
            while (open > 0 && s.base[open - 1] != '"') {
                --open;
            }
            f.note_at = open > 0 ? open - 1 : 0;
            f.note = "the string starts here";
        }
        if constexpr (std::is_same_v<Rule, g::money_end>) {
            f.code = Code::E1009;
            std::uint32_t start = at;
            while (start > 0 && s.base[start - 1] != '\xac') {
                --start;
            }
            std::size_t len = 0;
            while (len < rest.size() && len < 40 &&
                   std::string_view("0123456789.,-").find(rest[len]) != std::string_view::npos) {
                ++len;
            }
            std::uint32_t from = start >= 3 ? start - 3 : 0;
            f.message =
                fmt::format("`{}{}` is not an amount the way the language writes them",
                            std::string_view(s.base + from, at - from), rest.substr(0, len));
            f.offset = from;
            f.end = at + static_cast<std::uint32_t>(len);
            f.hint =
                "amounts are written the Dutch way with exactly two cents digits: `€ 7.000`, "
                "`€ 7.000,00`, `€ 900,07`";
        }
        if constexpr (std::is_same_v<Rule, g::money_amount>) {
            f.code = Code::E1009;
            f.hint =
                "write amounts the Dutch way: `€ 7.000` or `€ 7.000,00` (`.` groups "
                "thousands, `,` starts the cents)";
        }
        if constexpr (std::is_same_v<Rule, g::integer_end>) {
            // The digits on both sides of the comma, at most 30 each; a longer number is shown
            // shortened and gets the general hint.
            auto [start, len, longer] = digits_around(s.base, at, rest, 1);
            std::string written(s.base + start, at - start + len);
            f.code = Code::E1001;
            f.message = fmt::format("`{}` is a decimal with a comma, which rules cannot contain",
                                    longer ? "…" + written + "…" : written);
            f.offset = start;
            f.end = at + static_cast<std::uint32_t>(len);
            bool cents = written.size() - written.find(',') == 3;  // `€ 1,21` is an amount
            if (longer) {
                f.hint =
                    "write it as a percentage (`121%` for 1,21) or a fraction (`121/100`); to "
                    "pass two numbers, put a space after the comma";
            } else {
                f.hint = fmt::format(
                    "write it as a percentage (`{}%`){} a fraction (`{}`){}; to pass two numbers, "
                    "put a space after the comma",
                    decimal_as_percent(written), cents ? "," : " or", decimal_as_fraction(written),
                    cents ? fmt::format(" or an amount (`€ {}`)", written) : std::string());
            }
        }
        if constexpr (std::is_same_v<Rule, g::member_name>) {
            if (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest[0])) != 0) {
                // `8000.00` (a decimal the way JSON or a spreadsheet writes it): name the
                // number and say how the language writes it, when it is short enough to show.
                std::uint32_t dot = at > 0 ? at - 1 : 0;
                auto [start, len, longer] = digits_around(s.base, dot, rest, 0);
                if (s.base[dot] == '.' && start < dot && !longer) {
                    std::string whole(s.base + start, dot - start);
                    std::string comma = whole + "," + std::string(rest.substr(0, len));
                    f.message = fmt::format(
                        "`{}.{}` is a decimal with a point, which rules "
                        "cannot contain",
                        whole, rest.substr(0, len));
                    f.offset = start;
                    f.end = at + static_cast<std::uint32_t>(len);
                    f.hint = fmt::format(
                        "write it as a percentage (`{}%`){} a fraction (`{}`){}",
                        decimal_as_percent(comma), len == 2 ? "," : " or",
                        decimal_as_fraction(comma),
                        len == 2 ? fmt::format(" or an amount (`€ {}`)", comma) : std::string());
                } else {
                    f.hint =
                        "decimals are written as a percentage (`121%`), a fraction (`121/100`) "
                        "or an amount (`€ 1,21`)";
                }
            }
        }
        if constexpr (std::is_base_of_v<g::name, Rule>) {
            if (std::size_t n = reserved_word_at(rest); n > 0 && f.code == Code::E1001) {
                f.message += ", which is a reserved word";
                f.hint = fmt::format(
                    "`{}` has a meaning in the language, so it cannot name anything; choose "
                    "another name (docs/language.md lists the reserved words under \"Names\")",
                    rest.substr(0, n));
            }
        }
        if (f.code == Code::E1001 && f.hint.empty()) {
            // `thn` where `then` belongs: the keyword that was expected, if it is close.
            std::string_view want = expected<Rule>;
            std::string_view word = word_at(rest);
            bool keyword = want.size() > 3 && want.front() == '`' && want.back() == '`' &&
                           std::all_of(want.begin() + 1, want.end() - 1,
                                       [](char c) { return c >= 'a' && c <= 'z'; });
            if (keyword && word.size() >= 2) {
                f.hint =
                    did_you_mean(suggestions(word, {std::string(want.substr(1, want.size() - 2))}));
            }
        }
        throw f;
    }
};

// Nesting is bounded here, not by the stack: 200,000 `(` must be a diagnostic.
template <typename Rule>
struct depth_control : base_control<Rule> {
    template <typename Input, typename... States>
    static void start(const Input& in, State& s, States&&...) {
        if (++s.depth > s.limits.max_nesting) {
            auto at = static_cast<std::uint32_t>(in.current() - s.base);
            throw Failure{Code::E1006,
                          at,
                          at + 1,
                          fmt::format("nesting is deeper than {} levels (--max-nesting)",
                                      s.limits.max_nesting),
                          {},
                          {},
                          "split the expression into named definitions"};
        }
    }
    template <typename Input, typename... States>
    static void success(const Input&, State& s, States&&...) {
        --s.depth;
    }
    template <typename Input, typename... States>
    static void failure(const Input&, State& s, States&&...) {
        --s.depth;
    }
};
// One level per nested sub-expression (parentheses, arguments, elements), per `not` or `-`
// in a row, and per nested type.
template <typename Rule>
struct control : base_control<Rule> {};
template <>
struct control<g::expr> : depth_control<g::expr> {};
template <>
struct control<g::logical_not> : depth_control<g::logical_not> {};
template <>
struct control<g::negation> : depth_control<g::negation> {};
template <>
struct control<g::type_expr> : depth_control<g::type_expr> {};

// ---- the file-level driver ------------------------------------------------------------------

// Offset of the first byte that is not well-formed UTF-8, if any.
std::optional<std::size_t> first_invalid_utf8(std::string_view t) {
    std::size_t i = 0;
    while (i < t.size()) {
        auto c = static_cast<unsigned char>(t[i]);
        std::size_t n = c < 0x80           ? 1
                        : (c >> 5) == 0x6  ? 2
                        : (c >> 4) == 0xE  ? 3
                        : (c >> 3) == 0x1E ? 4
                                           : 0;
        if (n == 0 || i + n > t.size()) {
            return i;
        }
        std::uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1FU) : n == 3 ? (c & 0x0FU) : (c & 0x07U);
        for (std::size_t k = 1; k < n; ++k) {
            auto cc = static_cast<unsigned char>(t[i + k]);
            if ((cc & 0xC0U) != 0x80U) {
                return i;
            }
            cp = (cp << 6U) | (cc & 0x3FU);
        }
        bool overlong = (n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
        if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return i;
        }
        i += n;
    }
    return std::nullopt;
}

std::size_t skip_blank(std::string_view t, std::size_t pos) {
    while (pos < t.size()) {
        char c = t[pos];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            ++pos;
        } else if (c == '#') {
            while (pos < t.size() && t[pos] != '\n') {
                ++pos;
            }
        } else {
            break;
        }
    }
    return pos;
}

bool starts_declaration(std::string_view rest) {
    pegtl::memory_input<> in(rest.data(), rest.data() + rest.size(), "");
    return pegtl::parse<pegtl::at<g::declaration_keyword>>(in);
}

// The next line, after `from`, that starts in column 1 with a declaration keyword.
std::size_t resync(std::string_view t, std::size_t from) {
    std::size_t pos = from;
    while (true) {
        pos = t.find('\n', pos);
        if (pos == std::string_view::npos) {
            return t.size();
        }
        ++pos;
        if (starts_declaration(t.substr(pos))) {
            return pos;
        }
    }
}

// The name a declaration at `pos` declares — the word after its keyword — when it has one.
std::optional<Ident> declared_name(std::string_view t, std::size_t pos) {
    std::string_view keyword = word_at(t.substr(pos));
    if (keyword.empty()) {
        return std::nullopt;
    }
    std::size_t at = pos + keyword.size();
    while (at < t.size() && (t[at] == ' ' || t[at] == '\t')) {
        ++at;
    }
    std::string_view name = word_at(t.substr(at));
    if (name.empty() || at == pos + keyword.size() || reserved_word_at(name) == name.size()) {
        return std::nullopt;
    }
    auto b = static_cast<std::uint32_t>(at);
    return Ident{std::string(name), Span{b, b + static_cast<std::uint32_t>(name.size())}};
}

const std::vector<std::string>& declaration_keywords() {
    static const std::vector<std::string> words = {
        "module",     "import",   "document",  "enum",  "record", "parameter",
        "definition", "decision", "assertion", "table", "cite",   "test"};
    return words;
}

// The hint for a line that starts no declaration: the keyword it probably misspells, if any.
std::string declaration_hint(std::string_view word) {
    std::vector<std::string> close = suggestions(word, declaration_keywords());
    if (!close.empty()) {
        return did_you_mean(close);
    }
    close = suggestions(word, {"except", "source"});
    if (!close.empty()) {
        return did_you_mean(close) +
               " It belongs to the definition or decision above, after its body and sources";
    }
    return "a declaration starts with `module`, `import`, `document`, `enum`, `record`, "
           "`parameter`, `definition`, `decision`, `assertion`, `table`, `cite` or `test`";
}

// `defintion aantal(...)`: the name after a misspelt declaration keyword.
std::optional<Ident> misspelt_declaration_name(std::string_view t, std::size_t pos) {
    if (suggestions(word_at(t.substr(pos)), declaration_keywords()).empty()) {
        return std::nullopt;
    }
    return declared_name(t, pos);
}

}  // namespace

std::vector<Comment> scan_comments(std::string_view text) {
    std::vector<Comment> out;
    std::size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (c == '"') {
            ++i;
            while (i < text.size() && text[i] != '"' && text[i] != '\n') {
                i += text[i] == '\\' ? 2U : 1U;
            }
            ++i;
        } else if (c == '#') {
            std::size_t end = text.find('\n', i);
            end = end == std::string_view::npos ? text.size() : end;
            std::size_t trimmed = end;
            while (trimmed > i && (text[trimmed - 1] == '\r' || text[trimmed - 1] == ' ')) {
                --trimmed;
            }
            out.push_back(
                Comment{Span{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(trimmed)}});
            i = end;
        } else {
            ++i;
        }
    }
    return out;
}

void parse_file(const SourceSet& sources, FileId id, Ast& ast, DiagnosticBag& bag,
                const ParseLimits& limits) {
    const SourceFile& file = sources.file(id);
    std::string_view text = file.text();
    FileAst result;
    result.file = id;
    auto where = [&](std::uint32_t b, std::uint32_t e) { return Location{id, Span{b, e}}; };

    if (text.size() > limits.max_file_bytes) {
        bag.report(Code::E1007, where(0, 0),
                   fmt::format("file is {} bytes; the limit is {} bytes (--max-file-bytes)",
                               text.size(), limits.max_file_bytes))
            .hint("split the rules over several files with `import`");
        ast.files.push_back(std::move(result));
        return;
    }
    if (auto bad = first_invalid_utf8(text)) {
        auto at = static_cast<std::uint32_t>(*bad);
        bag.report(Code::E1004, where(at, at + 1),
                   fmt::format("byte 0x{:02X} is not valid UTF-8",
                               static_cast<unsigned char>(text[*bad])))
            .hint("save the file as UTF-8");
        ast.files.push_back(std::move(result));
        return;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7F) {
            auto at = static_cast<std::uint32_t>(i);
            bag.report(Code::E1005, where(at, at + 1),
                       fmt::format("control character 0x{:02X} in rule text", c))
                .hint("remove it; rule files are plain text");
            ast.files.push_back(std::move(result));
            return;
        }
    }

    result.comments = scan_comments(text);
    bool clean = true;
    std::size_t pos = 0;
    while (true) {
        pos = skip_blank(text, pos);
        if (pos >= text.size()) {
            break;
        }
        std::size_t expr_mark = ast.exprs.size();
        State s(text.data(), file, ast, limits);
        s.first_expr = static_cast<ExprId>(ast.exprs.size());
        pegtl::memory_input<> in(text.data() + pos, text.data() + text.size(), file.name());
        try {
            if (pegtl::parse<g::declaration, action, control>(in, s) && s.done) {
                result.decls.push_back(std::move(*s.done));
                pos = static_cast<std::size_t>(in.current() - text.data());
                continue;
            }
            auto at = static_cast<std::uint32_t>(pos);
            bag.report(
                   Code::E1012, where(at, at + 1),
                   fmt::format("expected a declaration, found {}", describe_at(text.substr(pos))))
                .hint(declaration_hint(word_at(text.substr(pos))));
            if (auto name = misspelt_declaration_name(text, pos)) {
                result.unparsed.push_back(std::move(*name));
            }
        } catch (const Failure& f) {
            auto b = bag.report(f.code, where(f.offset, f.end), f.message);
            if (f.note_at) {
                b.note(where(*f.note_at, *f.note_at + 1), f.note);
            }
            b.hint(f.hint);
            if (auto name = declared_name(text, pos); name && name->span.end <= f.offset) {
                result.unparsed.push_back(std::move(*name));
            }
        }
        clean = false;
        ast.exprs.resize(expr_mark);
        pos = resync(text, pos);
    }
    bool has_module = !result.decls.empty() && std::holds_alternative<ModuleDecl>(result.decls[0]);
    if (!has_module && clean) {
        bag.report(Code::E1013, where(0, 0), "the file does not start with a `module` declaration")
            .hint("begin the file with `module <name>`, e.g. `module realisatiestimulans`");
        clean = false;
    }
    result.parsed_cleanly = clean;
    ast.files.push_back(std::move(result));
}

ExprId parse_value(const SourceSet& sources, FileId id, Ast& ast, DiagnosticBag& bag,
                   const ParseLimits& limits) {
    const SourceFile& file = sources.file(id);
    std::string_view text = file.text();
    auto where = [&](std::uint32_t b, std::uint32_t e) { return Location{id, Span{b, e}}; };
    if (text.size() > limits.max_file_bytes) {
        bag.report(Code::E1007, where(0, 0),
                   fmt::format("the value is {} bytes; the limit is {} bytes (--max-file-bytes)",
                               text.size(), limits.max_file_bytes));
        return no_expr;
    }
    if (auto bad = first_invalid_utf8(text)) {
        auto at = static_cast<std::uint32_t>(*bad);
        bag.report(Code::E1004, where(at, at + 1),
                   fmt::format("byte 0x{:02X} is not valid UTF-8",
                               static_cast<unsigned char>(text[*bad])));
        return no_expr;
    }
    std::size_t expr_mark = ast.exprs.size();
    State s(text.data(), file, ast, limits);
    s.first_expr = static_cast<ExprId>(ast.exprs.size());
    pegtl::memory_input<> in(text.data(), text.data() + text.size(), file.name());
    try {
        if (pegtl::parse<g::lone_value, action, control>(in, s) && !s.exprs.empty()) {
            return s.exprs.back();
        }
        bag.report(Code::E1001, where(0, 0), "expected a value");
    } catch (const Failure& f) {
        auto b = bag.report(f.code, where(f.offset, f.end), f.message);
        if (f.note_at) {
            b.note(where(*f.note_at, *f.note_at + 1), f.note);
        }
        b.hint(f.hint);
    }
    ast.exprs.resize(expr_mark);
    return no_expr;
}

}  // namespace regels::dsl
