// The formatter: prints a parsed file in the one canonical layout (see format.hpp).
//
// Layout is decided from the AST and the output columns alone, never from the original line
// breaks; that is what makes formatting idempotent. The only thing taken from the original
// text is where the comments were. Each comment belongs to the next "anchor" after it in the
// text (a declaration, record field, enum case, parameter version, citation, exception, table
// row, test case row, match arm or test step) and is printed on its own line just before that
// anchor, at its indentation. A comment that ended the line of an anchor (`jaar: year  # ...`)
// stays at the end of that line, so it keeps describing what it described, and a comment after
// the last item of a braced block stays inside the block. Comments elsewhere inside an
// expression move down to the next anchor; none is ever dropped.
//
// Expressions are printed flat when they fit in the line; otherwise they are broken at their
// outermost structure (and/or chains before the operator, if/then/else on separate lines,
// argument lists one per line), trying flat again at every level below. Parentheses are not
// kept from the source: they are re-added exactly where the grammar needs them to rebuild
// the same tree.
#include "dsl/format.hpp"

#include "dsl/datetime.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace regels::dsl {

namespace {

constexpr std::size_t max_width = 100;
constexpr std::size_t step = 4;
// A flat rendering of more bytes than this cannot fit in max_width code points (UTF-8 uses at
// most four bytes per code point), so building it further is pointless.
constexpr std::size_t flat_cap = 4 * max_width + 8;

template <typename>
inline constexpr bool always_false = false;

// Binding strength of each expression form, loosest first, mirroring grammar.hpp. An operand
// slot states the weakest form it accepts without parentheses.
namespace prec {
// `if` and `allocate` end in an open expression that swallows any operator written after
// them, so they only stand unparenthesized where nothing follows (or a keyword does).
constexpr int greedy = 0;
constexpr int logical_or = 1;
constexpr int logical_and = 2;
constexpr int logical_not = 3;
constexpr int comparison = 4;  // == != < <= > >= in, not in, overlaps, is present/absent
constexpr int range = 5;
constexpr int otherwise = 6;
constexpr int additive = 7;
constexpr int multiplicative = 8;
constexpr int negation = 9;
constexpr int at = 10;
constexpr int postfix = 11;  // member access and calls
constexpr int primary = 12;
}  // namespace prec

int binary_prec(BinaryOp op) {
    switch (op) {
        case BinaryOp::logical_or:
            return prec::logical_or;
        case BinaryOp::logical_and:
            return prec::logical_and;
        case BinaryOp::eq:
        case BinaryOp::ne:
        case BinaryOp::lt:
        case BinaryOp::le:
        case BinaryOp::gt:
        case BinaryOp::ge:
        case BinaryOp::in:
        case BinaryOp::not_in:
        case BinaryOp::overlaps:
            return prec::comparison;
        case BinaryOp::otherwise:
            return prec::otherwise;
        case BinaryOp::add:
        case BinaryOp::sub:
            return prec::additive;
        case BinaryOp::mul:
        case BinaryOp::div:
            return prec::multiplicative;
    }
    return prec::primary;
}

// Comparisons do not chain in the grammar (`a == b == c` is a syntax error); every other
// binary level is a left-associative chain.
bool left_associative(int level) {
    return level != prec::comparison;
}

// Columns count code points, so `€` is one column like everywhere else in diagnostics.
std::size_t display_width(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) {
        if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) {
            ++n;
        }
    }
    return n;
}

std::string quote(std::string_view value) {
    std::string out = "\"";
    for (char c : value) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                out += c;
                break;
        }
    }
    out += '"';
    return out;
}

// Splits the decimal digits of |mantissa| / 10^scale into integer and fraction digits.
std::pair<std::string, std::string> split_decimal(std::int64_t mantissa, std::size_t scale) {
    const std::uint64_t magnitude = mantissa < 0 ? 0U - static_cast<std::uint64_t>(mantissa)
                                                 : static_cast<std::uint64_t>(mantissa);
    std::string digits = std::to_string(magnitude);
    if (digits.size() <= scale) {
        digits.insert(0, scale + 1 - digits.size(), '0');
    }
    const std::size_t point = digits.size() - scale;
    return {digits.substr(0, point), digits.substr(point)};
}

// `€ 1.184,82`: '.' groups thousands and there are always exactly two cents digits, the only
// form the grammar reads back as the same amount.
std::string money_text(const NumberLit& n) {
    std::int64_t mantissa = n.mantissa;
    std::size_t scale = n.scale;
    auto [whole, fraction] = split_decimal(mantissa, scale);
    if (fraction.size() < 2) {
        fraction.append(2 - fraction.size(), '0');
    }
    std::string grouped;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) {
            grouped += '.';
        }
        grouped += whole[i];
    }
    return std::string(mantissa < 0 ? "-" : "") + "€ " + grouped + "," + fraction;
}

std::string number_text(const NumberLit& n) {
    switch (n.form) {
        case NumberForm::integer: {
            auto [whole, fraction] = split_decimal(n.mantissa, n.scale);
            std::string sign = n.mantissa < 0 ? "-" : "";
            return fraction.empty() ? sign + whole : sign + whole + "." + fraction;
        }
        case NumberForm::money:
            return money_text(n);
        case NumberForm::percent: {
            // The scale is kept as written (`2,50%` stays `2,50%`): it is part of the literal.
            auto [whole, fraction] = split_decimal(n.mantissa, n.scale);
            std::string sign = n.mantissa < 0 ? "-" : "";
            return sign + whole + (fraction.empty() ? "" : "," + fraction) + "%";
        }
    }
    return {};
}

std::string type_text(const TypeExpr& t) {
    const std::string inner = t.element.empty() ? std::string() : type_text(t.element.front());
    switch (t.kind) {
        case TypeExpr::Kind::named:
            return t.name.text;
        case TypeExpr::Kind::optional:
            return "optional " + inner;
        case TypeExpr::Kind::set:
            return "set of " + inner;
        case TypeExpr::Kind::list:
            return "list of " + inner;
        case TypeExpr::Kind::range:
            return "range of " + inner;
    }
    return {};
}

template <typename T>
std::string join_idents(const std::vector<T>& idents, std::string_view separator) {
    std::string out;
    for (const auto& id : idents) {
        if (!out.empty()) {
            out += separator;
        }
        out += id.text;
    }
    return out;
}

std::string citation_text(const Citation& c) {
    if (c.kind != CitationKind::source) {
        return std::string(to_string(c.kind)) + " " + quote(c.quote.value_or(""));
    }
    std::string out = "source " + c.document.text;
    if (c.section) {
        out += ", " + quote(*c.section);
        if (c.quote) {
            out += ": " + quote(*c.quote);
        }
    }
    return out;
}

std::string param_text(const Param& p) {
    std::string out = p.name.text + ": " + type_text(p.type);
    if (!p.group_by.empty()) {
        out += " by " + join_idents(p.group_by, ", ");
    }
    return out;
}

std::string document_text(const DocumentDecl& d) {
    std::string out = "document " + d.name.text + " " + quote(d.title);
    if (d.url) {
        out += " url " + quote(*d.url);
    }
    if (d.date) {
        out += " dated " + format_date(*d.date);
    }
    if (d.per_field) {
        out += " per " + d.per_field->text;
    }
    if (d.for_field) {
        out += " for " + d.for_field->text + " " + quote(d.for_value.value_or(""));
    }
    if (d.text) {
        out += " text " + quote(*d.text);
    }
    return out;
}

std::string section_text(const SectionDecl& s) {
    std::string out = "section " + quote(s.title);
    if (s.not_encoded) {
        out += " not encoded " + quote(*s.not_encoded);
    }
    return out;
}

// ` label "…"` (and ` question "…"`) as written after a declaration's name, field or case;
// every clause is kept, so a second one the checker refuses stays visible.
std::string labels_text(const std::vector<LabelClause>& labels) {
    std::string out;
    for (LabelKind kind : {LabelKind::label, LabelKind::question}) {
        for (const LabelClause& l : labels) {
            if (l.kind == kind) {
                out += (kind == LabelKind::label ? " label " : " question ") + quote(l.text);
            }
        }
    }
    return out;
}

std::string enum_case_text(const EnumDecl& e, std::size_t k) {
    std::string out = e.cases[k].text;
    if (k < e.case_labels.size()) {
        out += labels_text(e.case_labels[k]);
    }
    return out;
}

std::string enum_line(const EnumDecl& e) {
    std::string out = "enum " + e.name.text + " { ";
    for (std::size_t k = 0; k < e.cases.size(); ++k) {
        out += (k == 0 ? "" : ", ") + enum_case_text(e, k);
    }
    return out + " }";
}

Span decl_span(const Decl& d) {
    return std::visit([](const auto& decl) { return decl.span; }, d);
}

// Imports, documents and enums read as lists, so a run of one-line declarations of one of
// these kinds is printed without blank lines between them.
bool groups_with(const Decl& a, const Decl& b) {
    if (a.index() != b.index()) {
        return false;
    }
    return std::holds_alternative<ImportDecl>(a) || std::holds_alternative<DocumentDecl>(a) ||
           std::holds_alternative<EnumDecl>(a);
}

// One element of a bracketed list: an expression, or a bare word (a rounding mode).
struct ListItem {
    ExprId expr = no_expr;
    std::string_view word;
};

class Formatter {
public:
    Formatter(const SourceFile& source, const FileAst& file, const Ast& ast)
        : text_(source.text()), file_(file), ast_(ast), no_flat_(ast.exprs.size(), false) {}

    std::string run();

private:
    std::string_view text_;
    const FileAst& file_;
    const Ast& ast_;
    std::string out_;
    std::size_t next_ = 0;  // the first comment not printed yet
    // Expressions known to have no flat form (too wide, or holding a match). Every level of a
    // broken expression tries the flat form of its operands first; without this a deep
    // `a.b.c...` chain would rebuild the same failing text at every level.
    mutable std::vector<bool> no_flat_;

    // ---- output ---------------------------------------------------------------------------

    std::size_t column() const {
        const std::size_t newline = out_.rfind('\n');
        const std::size_t start = newline == std::string::npos ? 0 : newline + 1;
        return display_width(std::string_view(out_).substr(start));
    }
    bool fits(std::size_t width) const {
        return column() + width <= max_width;
    }
    void newline(std::size_t indent) {
        out_ += '\n';
        out_.append(indent, ' ');
    }
    // Indentation of the line being written. Blocks opened on it (argument lists, match arms,
    // if/else branches) indent from here and close here, wherever on the line they opened.
    std::size_t line_indent() const {
        const std::size_t newline = out_.rfind('\n');
        const std::size_t start = newline == std::string::npos ? 0 : newline + 1;
        const std::size_t text = out_.find_first_not_of(' ', start);
        return (text == std::string::npos ? out_.size() : text) - start;
    }
    bool wrote_newline_since(std::size_t position) const {
        return out_.find('\n', position) != std::string::npos;
    }

    // ---- comments ---------------------------------------------------------------------------

    const std::vector<Comment>& comments() const {
        return file_.comments;
    }
    std::string_view comment_text(const Comment& c) const {
        std::string_view t = text_.substr(c.span.begin, c.span.end - c.span.begin);
        while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r')) {
            t.remove_suffix(1);
        }
        return t;
    }
    bool comment_before(std::uint32_t offset) const {
        return next_ < comments().size() && comments()[next_].span.begin < offset;
    }
    // Comments still to print that come before `offset`, each on its own line.
    void comments_before(std::uint32_t offset, std::size_t indent) {
        while (comment_before(offset)) {
            newline(indent);
            out_ += comment_text(comments()[next_++]);
        }
    }
    // Starts a line for an anchor that begins at `begin` in the source.
    void item(std::uint32_t begin, std::size_t indent) {
        comments_before(begin, indent);
        newline(indent);
    }
    // Whether comment `index` follows source offset `end` on the same line, with only
    // characters from `allowed` (blanks, separators) in between.
    bool trails(std::size_t index, std::uint32_t end, std::string_view allowed) const {
        if (index >= comments().size() || comments()[index].span.begin < end) {
            return false;
        }
        const std::string_view gap = text_.substr(end, comments()[index].span.begin - end);
        return gap.find_first_not_of(allowed) == std::string_view::npos;
    }
    // Closes a block whose closing bracket is the last byte of `span`. Comments after the last
    // item stay inside the block rather than drifting to whatever follows it.
    void close_block(Span span, std::size_t inner, std::size_t outer, char bracket) {
        comments_before(span.end == 0 ? 0 : span.end - 1, inner);
        newline(outer);
        out_ += bracket;
    }
    // Whether a comment lies inside `span`; such a block cannot be printed as `{}`.
    bool comment_inside(Span span) const {
        return comment_before(span.end);
    }
    // Ends an anchor's line: the comment that ended its line in the source stays there.
    void trailing(std::uint32_t end, std::string_view allowed = " \t") {
        if (trails(next_, end, allowed)) {
            out_ += "  ";
            out_ += comment_text(comments()[next_++]);
        }
    }
    // Whether there is an empty line in the source after comment `c` (before the next thing).
    bool blank_after(const Comment& c) const {
        std::size_t newlines = 0;
        for (std::size_t pos = c.span.end; pos < text_.size(); ++pos) {
            const char ch = text_[pos];
            if (ch == '\n') {
                ++newlines;
            } else if (ch != ' ' && ch != '\t' && ch != '\r') {
                return newlines >= 2;
            }
        }
        return false;
    }
    // Top-level comments before `offset`; a blank line after a comment is kept, so section
    // headers and file headers stay apart from what follows them.
    void top_comments(std::uint32_t offset) {
        while (comment_before(offset)) {
            const Comment& c = comments()[next_++];
            out_ += comment_text(c);
            out_ += '\n';
            if (blank_after(c)) {
                out_ += '\n';
            }
        }
    }

    // ---- expressions: precedence and flat form ---------------------------------------------

    const Expr& expr(ExprId id) const {
        return ast_.expr(id);
    }
    Span span(ExprId id) const {
        return expr(id).span;
    }

    int level(ExprId id) const {
        return std::visit(
            [](const auto& k) -> int {
                using K = std::decay_t<decltype(k)>;
                if constexpr (std::is_same_v<K, NumberLit> || std::is_same_v<K, BoolLit> ||
                              std::is_same_v<K, TextLit> || std::is_same_v<K, DateLit> ||
                              std::is_same_v<K, DateTimeLit> || std::is_same_v<K, NoneLit> ||
                              std::is_same_v<K, NameRef> || std::is_same_v<K, SetLit> ||
                              std::is_same_v<K, ListLit> || std::is_same_v<K, Aggregate> ||
                              std::is_same_v<K, Extremum> || std::is_same_v<K, Round> ||
                              std::is_same_v<K, Match> || std::is_same_v<K, Required>) {
                    return prec::primary;
                } else if constexpr (std::is_same_v<K, Member> || std::is_same_v<K, Call>) {
                    return prec::postfix;
                } else if constexpr (std::is_same_v<K, At>) {
                    return prec::at;
                } else if constexpr (std::is_same_v<K, Unary>) {
                    return k.op == UnaryOp::negate ? prec::negation : prec::logical_not;
                } else if constexpr (std::is_same_v<K, Binary>) {
                    return binary_prec(k.op);
                } else if constexpr (std::is_same_v<K, RangeLit>) {
                    return prec::range;
                } else if constexpr (std::is_same_v<K, IsPresent>) {
                    return prec::comparison;
                } else if constexpr (std::is_same_v<K, IfExpr> || std::is_same_v<K, Allocate>) {
                    return prec::greedy;
                } else {
                    static_assert(always_false<K>, "format: expression kind without a level");
                }
            },
            expr(id).kind);
    }

    // A left-associative run of one binary level, flattened so long chains neither recurse
    // deeply nor print nested: `a + b - c` is first `a`, then (+ b), (- c).
    struct Chain {
        ExprId first;
        std::vector<std::pair<BinaryOp, ExprId>> rest;
        int level;
        int first_min;  // the weakest form the first operand may take unparenthesized
    };
    Chain chain_of(const Binary& b) const {
        const int lvl = binary_prec(b.op);
        const bool assoc = left_associative(lvl);
        Chain c{b.lhs, {{b.op, b.rhs}}, lvl, assoc ? lvl : lvl + 1};
        while (assoc) {
            const auto* inner = std::get_if<Binary>(&expr(c.first).kind);
            if (inner == nullptr || binary_prec(inner->op) != lvl) {
                break;
            }
            c.rest.emplace_back(inner->op, inner->rhs);
            c.first = inner->lhs;
        }
        std::reverse(c.rest.begin(), c.rest.end());
        return c;
    }

    // Operands of `..` that print without spaces: `2025..2029`, `a.b..c`.
    bool compact(ExprId id) const {
        const ExprKind& k = expr(id).kind;
        if (const auto* n = std::get_if<NumberLit>(&k)) {
            return n->form != NumberForm::money;
        }
        if (const auto* m = std::get_if<Member>(&k)) {
            return compact(m->object);
        }
        return std::holds_alternative<DateLit>(k) || std::holds_alternative<DateTimeLit>(k) ||
               std::holds_alternative<NameRef>(k);
    }
    const char* range_separator(const RangeLit& r) const {
        return compact(r.low) && compact(r.high) ? ".." : " .. ";
    }

    static std::string atom_text(const ExprKind& kind) {
        if (const auto* n = std::get_if<NumberLit>(&kind)) {
            return number_text(*n);
        }
        if (const auto* b = std::get_if<BoolLit>(&kind)) {
            return b->value ? "true" : "false";
        }
        if (const auto* t = std::get_if<TextLit>(&kind)) {
            return quote(t->value);
        }
        if (const auto* d = std::get_if<DateLit>(&kind)) {
            return format_date(d->days);
        }
        if (const auto* t = std::get_if<DateTimeLit>(&kind)) {
            return format_datetime(t->seconds, t->offset_minutes);
        }
        if (const auto* r = std::get_if<NameRef>(&kind)) {
            return r->name;
        }
        return "none";
    }

    // Appends the one-line form of `id` (parenthesized if weaker than `min`) to `o`. False when
    // there is none (a match with arms) or it grew past flat_cap, i.e. it cannot fit anyway.
    bool flat(ExprId id, int min, std::string& o) const {
        if (no_flat_[id]) {
            return false;
        }
        const std::size_t start = o.size();
        const bool paren = level(id) < min;
        if (paren) {
            o += '(';
        }
        if (!flat_kind(id, o) || o.size() > flat_cap) {
            // A failure within the cap can only be a match; past the cap on its own text the
            // expression is too wide anywhere. Only a failure due to text before it is not
            // the expression's own.
            if (o.size() <= flat_cap || o.size() - start > flat_cap) {
                no_flat_[id] = true;
            }
            return false;
        }
        if (paren) {
            o += ')';
        }
        return o.size() <= flat_cap;
    }
    bool flat_list(const std::vector<ExprId>& items, std::string& o) const {
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i > 0) {
                o += ", ";
            }
            if (!flat(items[i], prec::greedy, o)) {
                return false;
            }
        }
        return true;
    }
    bool flat_kind(ExprId id, std::string& o) const {
        return std::visit(
            [&](const auto& k) -> bool {
                using K = std::decay_t<decltype(k)>;
                if constexpr (std::is_same_v<K, NumberLit> || std::is_same_v<K, BoolLit> ||
                              std::is_same_v<K, TextLit> || std::is_same_v<K, DateLit> ||
                              std::is_same_v<K, DateTimeLit> || std::is_same_v<K, NoneLit> ||
                              std::is_same_v<K, NameRef>) {
                    o += atom_text(expr(id).kind);
                    return true;
                } else if constexpr (std::is_same_v<K, Member>) {
                    if (!flat(k.object, prec::postfix, o)) {
                        return false;
                    }
                    o += '.';
                    o += k.member.text;
                    return true;
                } else if constexpr (std::is_same_v<K, Call>) {
                    if (!flat(k.callee, prec::postfix, o)) {
                        return false;
                    }
                    o += '(';
                    if (!flat_list(k.args, o)) {
                        return false;
                    }
                    o += ')';
                    return true;
                } else if constexpr (std::is_same_v<K, Unary>) {
                    if (k.op == UnaryOp::negate) {
                        o += '-';
                        return flat(k.operand, prec::negation, o);
                    }
                    // `not (a in b)`: the parentheses are not needed by the grammar, but without
                    // them readers take `not` to bind to `a` only.
                    o += "not ";
                    return flat(k.operand, prec::range, o);
                } else if constexpr (std::is_same_v<K, Binary>) {
                    const Chain c = chain_of(k);
                    if (!flat(c.first, c.first_min, o)) {
                        return false;
                    }
                    for (const auto& [op, operand] : c.rest) {
                        o += ' ';
                        o += to_string(op);
                        o += ' ';
                        if (!flat(operand, c.level + 1, o)) {
                            return false;
                        }
                    }
                    return true;
                } else if constexpr (std::is_same_v<K, IfExpr>) {
                    o += "if ";
                    if (!flat(k.condition, prec::logical_or, o)) {
                        return false;
                    }
                    o += " then ";
                    if (!flat(k.then_branch, prec::logical_or, o)) {
                        return false;
                    }
                    o += " else ";
                    return flat(k.else_branch, prec::greedy, o);
                } else if constexpr (std::is_same_v<K, SetLit> || std::is_same_v<K, ListLit>) {
                    constexpr bool is_set = std::is_same_v<K, SetLit>;
                    o += is_set ? '{' : '[';
                    if (!flat_list(k.items, o)) {
                        return false;
                    }
                    o += is_set ? '}' : ']';
                    return true;
                } else if constexpr (std::is_same_v<K, RangeLit>) {
                    if (!flat(k.low, prec::otherwise, o)) {
                        return false;
                    }
                    o += range_separator(k);
                    return flat(k.high, prec::otherwise, o);
                } else if constexpr (std::is_same_v<K, Aggregate>) {
                    o += to_string(k.kind);
                    o += '(';
                    if (k.body != no_expr) {
                        if (!flat(k.body, prec::greedy, o)) {
                            return false;
                        }
                        o += " for ";
                    }
                    o += k.var.text + " in ";
                    if (!flat(k.collection, prec::greedy, o)) {
                        return false;
                    }
                    if (k.filter != no_expr) {
                        o += " where ";
                        if (!flat(k.filter, prec::greedy, o)) {
                            return false;
                        }
                    }
                    o += ')';
                    return true;
                } else if constexpr (std::is_same_v<K, Extremum>) {
                    o += k.is_max ? "max(" : "min(";
                    if (!flat_list(k.args, o)) {
                        return false;
                    }
                    o += ')';
                    return true;
                } else if constexpr (std::is_same_v<K, Allocate>) {
                    o += "allocate ";
                    if (!flat(k.total, prec::greedy, o)) {
                        return false;
                    }
                    o += " among " + k.var.text + " in ";
                    if (!flat(k.collection, prec::greedy, o)) {
                        return false;
                    }
                    if (k.filter != no_expr) {
                        o += " where ";
                        if (!flat(k.filter, prec::greedy, o)) {
                            return false;
                        }
                    }
                    o += " claiming ";
                    if (!flat(k.claim, prec::greedy, o)) {
                        return false;
                    }
                    if (k.method == AllocationMethod::pro_rata) {
                        o += " pro rata";
                    } else {
                        o += " in order of ";
                        if (!flat(k.order_key, prec::greedy, o)) {
                            return false;
                        }
                    }
                    o += " to ";
                    return flat(k.target, prec::greedy, o);
                } else if constexpr (std::is_same_v<K, Round>) {
                    o += "round(";
                    if (!flat(k.value, prec::greedy, o)) {
                        return false;
                    }
                    o += ", ";
                    if (!flat(k.unit, prec::greedy, o)) {
                        return false;
                    }
                    o += ", " + k.mode.text + ")";
                    return true;
                } else if constexpr (std::is_same_v<K, Match>) {
                    // Arms go one per line, so a match has a flat form only without arms.
                    if (!k.arms.empty()) {
                        return false;
                    }
                    o += "match ";
                    if (!flat(k.subject, prec::greedy, o)) {
                        return false;
                    }
                    o += " {}";
                    return true;
                } else if constexpr (std::is_same_v<K, At>) {
                    if (!flat(k.parameter, prec::postfix, o)) {
                        return false;
                    }
                    o += " at ";
                    return flat(k.when, prec::postfix, o);
                } else if constexpr (std::is_same_v<K, IsPresent>) {
                    if (!flat(k.value, prec::range, o)) {
                        return false;
                    }
                    o += k.negated ? " is absent" : " is present";
                    return true;
                } else if constexpr (std::is_same_v<K, Required>) {
                    o += "required(";
                    if (!flat(k.value, prec::greedy, o)) {
                        return false;
                    }
                    o += ')';
                    return true;
                } else {
                    static_assert(always_false<K>, "format: expression kind without a flat form");
                }
            },
            expr(id).kind);
    }

    // ---- expressions: writing with line breaks ---------------------------------------------

    // Writes `id` at the current position. `cont` is the indentation of continuation lines;
    // `tail` is the width of what will follow on the last line (`,`, ` then`, ...).
    void write_expr(ExprId id, std::size_t cont, int min, std::size_t tail) {
        std::string f;
        if (flat(id, min, f) && fits(display_width(f) + tail)) {
            out_ += f;
            return;
        }
        if (level(id) < min) {
            const std::size_t base = line_indent();
            out_ += '(';
            newline(base + step);
            write_expr(id, base + step, prec::greedy, 0);
            newline(base);
            out_ += ')';
            return;
        }
        write_broken(id, cont, tail);
    }

    // A value after `=` or `=>`: on the same line when it fits there, else on its own line at
    // `indent`. Comments between the `=` and the value go on their own lines before it.
    void write_slot(ExprId id, std::size_t indent) {
        if (!comment_before(span(id).begin)) {
            std::string f;
            if (flat(id, prec::greedy, f) && fits(1 + display_width(f))) {
                out_ += ' ';
                out_ += f;
                return;
            }
        }
        comments_before(span(id).begin, indent);
        newline(indent);
        write_expr(id, indent, prec::greedy, 0);
    }

    // `open item, item close` on one line if it fits, else one item per line.
    void write_list(std::string_view open, const std::vector<ListItem>& items,
                    std::string_view close, std::size_t tail) {
        const std::size_t base = line_indent();
        out_ += open;
        std::string joined;
        bool ok = true;
        for (std::size_t i = 0; i < items.size() && ok; ++i) {
            if (i > 0) {
                joined += ", ";
            }
            if (items[i].expr == no_expr) {
                joined += items[i].word;
            } else {
                ok = flat(items[i].expr, prec::greedy, joined);
            }
        }
        if (ok && fits(display_width(joined) + close.size() + tail)) {
            out_ += joined;
            out_ += close;
            return;
        }
        for (std::size_t i = 0; i < items.size(); ++i) {
            const bool last = i + 1 == items.size();
            newline(base + step);
            if (items[i].expr == no_expr) {
                out_ += items[i].word;
            } else {
                write_expr(items[i].expr, base + step, prec::greedy, last ? 0 : 1);
            }
            if (!last) {
                out_ += ',';
            }
        }
        newline(base);
        out_ += close;
    }
    static std::vector<ListItem> items_of(const std::vector<ExprId>& ids) {
        std::vector<ListItem> items;
        items.reserve(ids.size());
        for (ExprId id : ids) {
            items.push_back(ListItem{id, {}});
        }
        return items;
    }

    void write_broken(ExprId id, std::size_t cont, std::size_t tail) {
        std::visit(
            [&](const auto& k) {
                using K = std::decay_t<decltype(k)>;
                if constexpr (std::is_same_v<K, NumberLit> || std::is_same_v<K, BoolLit> ||
                              std::is_same_v<K, TextLit> || std::is_same_v<K, DateLit> ||
                              std::is_same_v<K, DateTimeLit> || std::is_same_v<K, NoneLit> ||
                              std::is_same_v<K, NameRef>) {
                    // Atoms cannot be broken; a long string simply runs past the margin.
                    out_ += atom_text(expr(id).kind);
                } else if constexpr (std::is_same_v<K, Member>) {
                    write_expr(k.object, cont, prec::postfix,
                               tail + 1 + display_width(k.member.text));
                    out_ += '.';
                    out_ += k.member.text;
                } else if constexpr (std::is_same_v<K, Call>) {
                    write_expr(k.callee, cont, prec::postfix, 1);
                    write_list("(", items_of(k.args), ")", tail);
                } else if constexpr (std::is_same_v<K, Unary>) {
                    if (k.op == UnaryOp::negate) {
                        out_ += '-';
                        write_expr(k.operand, cont, prec::negation, tail);
                    } else {
                        out_ += "not ";
                        write_expr(k.operand, cont, prec::range, tail);
                    }
                } else if constexpr (std::is_same_v<K, Binary>) {
                    write_chain(chain_of(k), cont, tail);
                } else if constexpr (std::is_same_v<K, IfExpr>) {
                    write_if(k, tail);
                } else if constexpr (std::is_same_v<K, SetLit>) {
                    write_list("{", items_of(k.items), "}", tail);
                } else if constexpr (std::is_same_v<K, ListLit>) {
                    write_list("[", items_of(k.items), "]", tail);
                } else if constexpr (std::is_same_v<K, RangeLit>) {
                    write_expr(k.low, cont, prec::otherwise, 0);
                    out_ += range_separator(k);
                    write_expr(k.high, cont, prec::otherwise, tail);
                } else if constexpr (std::is_same_v<K, Aggregate>) {
                    write_aggregate(k);
                } else if constexpr (std::is_same_v<K, Extremum>) {
                    write_list(k.is_max ? "max(" : "min(", items_of(k.args), ")", tail);
                } else if constexpr (std::is_same_v<K, Allocate>) {
                    write_allocate(k, tail);
                } else if constexpr (std::is_same_v<K, Round>) {
                    write_list("round(", {{k.value, {}}, {k.unit, {}}, {no_expr, k.mode.text}}, ")",
                               tail);
                } else if constexpr (std::is_same_v<K, Match>) {
                    write_match(k, span(id));
                } else if constexpr (std::is_same_v<K, At>) {
                    write_expr(k.parameter, cont, prec::postfix, 0);
                    out_ += " at ";
                    write_expr(k.when, cont, prec::postfix, tail);
                } else if constexpr (std::is_same_v<K, IsPresent>) {
                    const std::string_view suffix = k.negated ? " is absent" : " is present";
                    write_expr(k.value, cont, prec::range, tail + suffix.size());
                    out_ += suffix;
                } else if constexpr (std::is_same_v<K, Required>) {
                    write_list("required(", {{k.value, {}}}, ")", tail);
                } else {
                    static_assert(always_false<K>, "format: expression kind without a layout");
                }
            },
            expr(id).kind);
    }

    // Whether the current line holds nothing but closing brackets: a block just ended.
    bool at_block_end() const {
        const std::size_t newline = out_.rfind('\n');
        const std::string_view line =
            std::string_view(out_).substr(newline == std::string::npos ? 0 : newline + 1);
        const std::size_t text = line.find_first_not_of(' ');
        return text != std::string_view::npos &&
               line.find_first_not_of(")]}", text) == std::string_view::npos;
    }

    // Width of the first line of a form whose broken layout opens a bracket on its first line
    // and closes it on its last (`sum(`, `f(`, `{`, `match x {`); nothing for other forms.
    std::optional<std::size_t> block_opening(ExprId id) const {
        const ExprKind& k = expr(id).kind;
        if (const auto* call = std::get_if<Call>(&k)) {
            std::string callee;
            return flat(call->callee, prec::postfix, callee) ? display_width(callee) + 1 : 1;
        }
        if (const auto* m = std::get_if<Match>(&k)) {
            std::string subject;
            return flat(m->subject, prec::greedy, subject) ? display_width(subject) + 8 : 8;
        }
        if (const auto* a = std::get_if<Aggregate>(&k)) {
            return std::string_view(to_string(a->kind)).size() + 1;
        }
        if (std::holds_alternative<Extremum>(k)) {
            return std::string_view("min(").size();
        }
        if (std::holds_alternative<Round>(k)) {
            return std::string_view("round(").size();
        }
        if (std::holds_alternative<Required>(k)) {
            return std::string_view("required(").size();
        }
        if (std::holds_alternative<SetLit>(k) || std::holds_alternative<ListLit>(k)) {
            return 1;
        }
        return std::nullopt;
    }

    // A chain too long for one line. `and`/`or` break before every operator, so a list of
    // conditions reads as a list (`a` / `and b` / `and c`); operands that break themselves
    // indent one step further, so an inner `and` chain does not line up with the outer `or`.
    // Other operators stay next to a bracket: `x == sum(` ... `)` when only the last operand
    // is too long, and `) == x` after an operand that ended in a block.
    void write_chain(const Chain& c, std::size_t cont, std::size_t tail) {
        const bool logical = c.level <= prec::logical_and;
        const ExprId last = c.rest.back().second;
        // An operand that needs parentheses breaks as a block too: `(` ... `)`.
        const auto opening = logical                     ? std::nullopt
                             : level(last) < c.level + 1 ? std::optional<std::size_t>(1)
                                                         : block_opening(last);
        if (opening) {
            std::string head;
            bool ok = flat(c.first, c.first_min, head);
            for (std::size_t i = 0; ok && i + 1 < c.rest.size(); ++i) {
                head += ' ';
                head += to_string(c.rest[i].first);
                head += ' ';
                ok = flat(c.rest[i].second, c.level + 1, head);
            }
            const std::string_view last_op = to_string(c.rest.back().first);
            if (ok && fits(display_width(head) + last_op.size() + 2 + *opening)) {
                out_ += head;
                out_ += ' ';
                out_ += last_op;
                out_ += ' ';
                write_expr(last, cont + step, c.level + 1, tail);
                return;
            }
        }
        write_expr(c.first, cont + step, c.first_min, 0);
        for (std::size_t i = 0; i < c.rest.size(); ++i) {
            const auto& [op, operand] = c.rest[i];
            if (!logical && at_block_end()) {
                out_ += ' ';
            } else {
                newline(cont);
            }
            out_ += to_string(op);
            out_ += ' ';
            write_expr(operand, cont + step, c.level + 1, i + 1 == c.rest.size() ? tail : 0);
        }
    }

    // if c then        (a multi-line condition puts `then` on its own line)
    //     a
    // else if d then
    //     b
    // else
    //     e
    void write_if(const IfExpr& first, std::size_t tail) {
        const std::size_t cont = line_indent();
        const IfExpr* e = &first;
        out_ += "if ";
        while (true) {
            const std::size_t start = out_.size();
            write_expr(e->condition, cont + step, prec::logical_or, 5);
            if (wrote_newline_since(start)) {
                newline(cont);
                out_ += "then";
            } else {
                out_ += " then";
            }
            newline(cont + step);
            write_expr(e->then_branch, cont + step, prec::logical_or, 0);
            newline(cont);
            out_ += "else";
            const auto* next = std::get_if<IfExpr>(&expr(e->else_branch).kind);
            if (next == nullptr) {
                newline(cont + step);
                write_expr(e->else_branch, cont + step, prec::greedy, tail);
                return;
            }
            out_ += " if ";
            e = next;
        }
    }

    // sum(
    //     body
    //     for x in collection
    //     where filter
    // )
    void write_aggregate(const Aggregate& a) {
        const std::size_t cont = line_indent();
        out_ += to_string(a.kind);
        out_ += '(';
        newline(cont + step);
        if (a.body != no_expr) {
            write_expr(a.body, cont + step, prec::greedy, 0);
            newline(cont + step);
            out_ += "for ";
        }
        out_ += a.var.text + " in ";
        write_expr(a.collection, cont + 2 * step, prec::greedy, 0);
        if (a.filter != no_expr) {
            newline(cont + step);
            out_ += "where ";
            write_expr(a.filter, cont + 2 * step, prec::greedy, 0);
        }
        newline(cont);
        out_ += ')';
    }

    // allocate total
    //     among c in collection
    //     where filter
    //     claiming c.claim pro rata      (or: claiming c.claim / in order of c.key)
    //     to c
    void write_allocate(const Allocate& a, std::size_t tail) {
        const std::size_t cont = line_indent();
        const std::size_t inner = cont + 2 * step;
        out_ += "allocate ";
        write_expr(a.total, inner, prec::greedy, 0);
        newline(cont + step);
        out_ += "among " + a.var.text + " in ";
        write_expr(a.collection, inner, prec::greedy, 0);
        if (a.filter != no_expr) {
            newline(cont + step);
            out_ += "where ";
            write_expr(a.filter, inner, prec::greedy, 0);
        }
        newline(cont + step);
        out_ += "claiming ";
        if (a.method == AllocationMethod::pro_rata) {
            write_expr(a.claim, inner, prec::greedy, 9);
            out_ += " pro rata";
        } else {
            write_expr(a.claim, inner, prec::greedy, 0);
            newline(cont + step);
            out_ += "in order of ";
            write_expr(a.order_key, inner, prec::greedy, 0);
        }
        newline(cont + step);
        out_ += "to ";
        write_expr(a.target, inner, prec::greedy, tail);
    }

    void write_match(const Match& m, Span span_of_match) {
        const std::size_t cont = line_indent();
        out_ += "match ";
        write_expr(m.subject, cont + step, prec::greedy, 2);
        out_ += " {";
        for (const MatchArm& arm : m.arms) {
            item(arm.span.begin, cont + step);
            out_ += arm.cases.empty() ? std::string("else") : join_idents(arm.cases, ", ");
            out_ += " =>";
            write_slot(arm.body, cont + 2 * step);
            trailing(arm.span.end);
        }
        close_block(span_of_match, cont + step, cont, '}');
    }

    // ---- declarations -----------------------------------------------------------------------

    void print_decl(const Decl& d) {
        std::visit(
            [&](const auto& decl) {
                using D = std::decay_t<decltype(decl)>;
                if constexpr (std::is_same_v<D, ModuleDecl>) {
                    out_ += "module " + decl.name.text;
                } else if constexpr (std::is_same_v<D, ImportDecl>) {
                    out_ += "import " + decl.module.text;
                    if (decl.alias) {
                        out_ += " as " + decl.alias->text;
                    }
                } else if constexpr (std::is_same_v<D, DocumentDecl>) {
                    print_document(decl);
                } else if constexpr (std::is_same_v<D, EnumDecl>) {
                    print_enum(decl);
                } else if constexpr (std::is_same_v<D, RecordDecl>) {
                    print_record(decl);
                } else if constexpr (std::is_same_v<D, ParameterDecl>) {
                    print_parameter(decl);
                } else if constexpr (std::is_same_v<D, RuleDecl>) {
                    print_rule(decl);
                } else if constexpr (std::is_same_v<D, TableDecl>) {
                    print_table(decl);
                } else if constexpr (std::is_same_v<D, CiteDecl>) {
                    print_cite(decl);
                } else if constexpr (std::is_same_v<D, TestDecl>) {
                    print_test(decl);
                } else {
                    static_assert(always_false<D>, "format: declaration kind without a layout");
                }
            },
            d);
    }

    // Whether a declaration will print on one line; decides grouping before it is printed.
    bool single_line(const Decl& d) const {
        if (const auto* doc = std::get_if<DocumentDecl>(&d)) {
            return doc->sections.empty() && display_width(document_text(*doc)) <= max_width;
        }
        if (const auto* e = std::get_if<EnumDecl>(&d)) {
            return !enum_multiline(*e) && display_width(enum_line(*e)) <= max_width;
        }
        return std::holds_alternative<ImportDecl>(d);
    }

    void print_document(const DocumentDecl& d) {
        const std::string line = document_text(d);
        if (d.sections.empty() && fits(display_width(line))) {
            out_ += line;
            return;
        }
        out_ += "document " + d.name.text + " " + quote(d.title);
        if (d.url) {
            newline(step);
            out_ += "url " + quote(*d.url);
        }
        if (d.date) {
            newline(step);
            out_ += "dated " + format_date(*d.date);
        }
        if (d.per_field) {
            newline(step);
            out_ += "per " + d.per_field->text;
        }
        if (d.for_field) {
            newline(step);
            out_ += "for " + d.for_field->text + " " + quote(d.for_value.value_or(""));
        }
        if (d.text) {
            newline(step);
            out_ += "text " + quote(*d.text);
        }
        for (const SectionDecl& sec : d.sections) {
            item(sec.span.begin, step);
            out_ += section_text(sec);
            trailing(sec.span.end);
        }
    }

    void print_cite(const CiteDecl& c) {
        out_ += "cite " + c.target.text;
        trailing(c.target.span.end);
        print_citations(c.sources, step);
    }

    // An enum goes one case per line when a comment belongs inside it (before a case, at the
    // end of a case's line or before the closing brace).
    bool enum_multiline(const EnumDecl& e) const {
        std::size_t i = next_;
        while (i < comments().size() && comments()[i].span.begin < e.span.begin) {
            ++i;
        }
        return i < comments().size() && comments()[i].span.begin < e.span.end;
    }

    void print_enum(const EnumDecl& e) {
        const std::string line = enum_line(e);
        const bool multiline = enum_multiline(e);
        if (!e.cases.empty() && !multiline && fits(display_width(line))) {
            out_ += line;
            return;
        }
        out_ += "enum " + e.name.text + " {";
        if (!multiline && e.cases.empty()) {
            out_ += '}';
            return;
        }
        for (std::size_t k = 0; k < e.cases.size(); ++k) {
            const Ident& c = e.cases[k];
            item(c.span.begin, step);
            out_ += enum_case_text(e, k);
            std::uint32_t end = c.span.end;
            if (k < e.case_labels.size() && !e.case_labels[k].empty()) {
                end = std::max(end, e.case_labels[k].back().span.end);
            }
            trailing(end, " \t,");
        }
        close_block(e.span, step, 0, '}');
    }

    std::string constraint_text(const FieldConstraint& c) const {
        if (c.kind == FieldConstraint::Kind::matching) {
            return "matching " + quote(c.pattern);
        }
        if (c.kind == FieldConstraint::Kind::member) {
            return "in " + c.source.text;
        }
        std::string bound;
        if (!flat(c.bound, prec::negation, bound)) {
            bound = "(…)";  // a bound is a literal; the checker refuses anything else
        }
        std::string op = to_string(c.op);
        return (c.kind == FieldConstraint::Kind::length ? "length " : "") + op + " " + bound;
    }

    void print_record(const RecordDecl& r) {
        out_ += "record " + r.name.text;
        if (!r.key.empty()) {
            out_ += " key " + join_idents(r.key, ", ");
        }
        if (!r.describe.empty()) {
            out_ += " describe " + join_idents(r.describe, ", ");
        }
        out_ += labels_text(r.labels) + " {";
        if (r.fields.empty() && !comment_inside(r.span)) {
            out_ += '}';
            return;
        }
        for (const FieldDecl& f : r.fields) {
            item(f.span.begin, step);
            out_ += f.name.text + ": " + type_text(f.type);
            for (std::size_t k = 0; k < f.constraints.size(); ++k) {
                out_ += k == 0 ? " " : " and ";
                out_ += constraint_text(f.constraints[k]);
            }
            out_ += labels_text(f.labels);
            trailing(f.span.end);
        }
        close_block(r.span, step, 0, '}');
    }

    // A declaration's `label` first, then its `question`, each on its own line, before its
    // citations: what the rule is called comes before where it comes from.
    void print_labels(const std::vector<LabelClause>& labels, std::size_t indent) {
        for (LabelKind kind : {LabelKind::label, LabelKind::question}) {
            for (const LabelClause& l : labels) {
                if (l.kind == kind) {
                    item(l.span.begin, indent);
                    out_ += (kind == LabelKind::label ? "label " : "question ") + quote(l.text);
                    trailing(l.span.end);
                }
            }
        }
    }

    void print_citations(const std::vector<Citation>& sources, std::size_t indent) {
        for (const Citation& c : sources) {
            item(c.span.begin, indent);
            out_ += citation_text(c);
            trailing(c.span.end);
        }
    }

    void print_parameter(const ParameterDecl& p) {
        out_ += "parameter " + p.name.text + ": " + type_text(p.type);
        trailing(p.type.span.end);
        if (p.period) {
            item(p.period_span.begin, step);
            out_ += "during " + format_date(p.period->first) + ".." + format_date(p.period->second);
            trailing(p.period_span.end);
        }
        print_labels(p.labels, step);
        print_citations(p.sources, step);
        for (const Version& v : p.versions) {
            item(v.span.begin, step);
            out_ += "from " + format_date(v.from);
            if (v.until) {
                out_ += " until " + format_date(*v.until);
            }
            out_ += " =";
            if (v.unpublished || v.value == no_expr) {
                out_ += " unpublished";
                if (v.unpublished_note) {
                    out_ += " " + quote(*v.unpublished_note);
                }
            } else {
                write_slot(v.value, 2 * step);
                trailing(span(v.value).end);
            }
            print_citations(v.sources, 2 * step);
            trailing(v.span.end);
        }
    }

    void print_rule_header(const RuleDecl& r) {
        std::string head = to_string(r.kind);
        head += " " + r.name.text;
        std::string result = r.result ? ": " + type_text(*r.result) : std::string();
        result += " =";
        std::string params;
        for (const Param& p : r.params) {
            params += (params.empty() ? "" : ", ") + param_text(p);
        }
        if (r.params.empty()) {
            out_ += head + result;
        } else if (fits(display_width(head) + display_width(params) + 2 + display_width(result))) {
            out_ += head + "(" + params + ")" + result;
        } else {
            out_ += head + "(";
            for (std::size_t i = 0; i < r.params.size(); ++i) {
                newline(step);
                out_ += param_text(r.params[i]);
                if (i + 1 < r.params.size()) {
                    out_ += ',';
                }
            }
            newline(0);
            out_ += ")" + result;
        }
    }

    void print_rule(const RuleDecl& r) {
        print_rule_header(r);
        write_slot(r.body, step);
        trailing(span(r.body).end);
        print_labels(r.labels, step);
        print_citations(r.sources, step);
        for (const ExceptionClause& ex : r.exceptions) {
            item(ex.span.begin, step);
            print_exception(ex);
        }
    }

    // except name over a, b when condition = value      (when it fits and has no comments)
    //
    // except name over a, b
    //     when condition
    //     = value
    bool print_exception_line(const std::string& head, const ExceptionClause& ex) {
        std::string line = head + " when ";
        if (!flat(ex.condition, prec::greedy, line)) {
            return false;
        }
        line += " = ";
        if (!flat(ex.value, prec::greedy, line) || !fits(display_width(line))) {
            return false;
        }
        out_ += line;
        return true;
    }

    void print_exception(const ExceptionClause& ex) {
        std::string head = "except";
        if (ex.name) {
            head += " " + ex.name->text;
        }
        if (!ex.over.empty()) {
            head += " over " + join_idents(ex.over, ", ");
        }
        if (comment_before(span(ex.value).begin) || !print_exception_line(head, ex)) {
            const std::size_t indent = 2 * step;
            out_ += head;
            comments_before(span(ex.condition).begin, indent);
            newline(indent);
            out_ += "when ";
            write_expr(ex.condition, indent + step, prec::greedy, 0);
            comments_before(span(ex.value).begin, indent);
            newline(indent);
            out_ += "=";
            write_slot(ex.value, indent + step);
        }
        trailing(span(ex.value).end);
        print_citations(ex.sources, 2 * step);
        trailing(ex.span.end);
    }

    // { field: value, ... } on one line if it fits, else one field per line, as in a list.
    // `tail`: the width of what follows the row on its last line (` refused E4020`).
    void print_row(const TableRow& row, std::size_t indent, std::size_t tail = 0) {
        if (row.fields.empty()) {
            out_ += "{}";
            return;
        }
        std::string line = "{ ";
        bool ok = true;
        for (std::size_t i = 0; i < row.fields.size() && ok; ++i) {
            line += (i > 0 ? ", " : "") + row.fields[i].name.text + ": ";
            ok = flat(row.fields[i].value, prec::greedy, line);
        }
        line += " }";
        if (ok && fits(display_width(line) + tail)) {
            out_ += line;
            return;
        }
        out_ += '{';
        for (std::size_t i = 0; i < row.fields.size(); ++i) {
            const bool last = i + 1 == row.fields.size();
            newline(indent + step);
            out_ += row.fields[i].name.text + ": ";
            write_expr(row.fields[i].value, indent + 2 * step, prec::greedy, last ? 0 : 1);
            if (!last) {
                out_ += ',';
            }
        }
        newline(indent);
        out_ += '}';
    }

    void print_table(const TableDecl& t) {
        out_ += "table " + t.record.text + " {";
        if (t.rows.empty() && !comment_inside(t.span)) {
            out_ += '}';
            return;
        }
        for (const TableRow& row : t.rows) {
            item(row.span.begin, step);
            print_row(row, step);
            print_citations(row.sources, 2 * step);
            trailing(row.span.end, " \t,");
        }
        close_block(t.span, step, 0, '}');
    }

    // A case row has no span of its own: it ends at the `)` after its last value.
    std::uint32_t case_row_end(const std::vector<ExprId>& row) const {
        std::size_t pos = span(row.back()).end;
        while (pos < text_.size() && text_[pos] != ')') {
            if (text_[pos] == '#') {
                pos = text_.find('\n', pos);
                if (pos == std::string_view::npos) {
                    return static_cast<std::uint32_t>(text_.size());
                }
            }
            ++pos;
        }
        return static_cast<std::uint32_t>(std::min(pos + 1, text_.size()));
    }

    void print_target(const Target& t) {
        out_ += t.rule.text;
        const Subject& s = t.subject;
        const std::size_t cont = 2 * step;
        switch (s.kind) {
            case Subject::Kind::none:
                return;
            case Subject::Kind::record:
                out_ += "(" + s.record.text + " ";
                write_expr(s.key, cont, prec::greedy, 1);
                out_ += ')';
                return;
            case Subject::Kind::group:
                out_ += '(';
                for (std::size_t i = 0; i < s.group_keys.size(); ++i) {
                    if (i > 0) {
                        out_ += ", ";
                    }
                    out_ += s.group_keys[i].name.text + ": ";
                    write_expr(s.group_keys[i].value, cont, prec::greedy, 1);
                }
                out_ += ')';
                return;
        }
    }

    void print_refused(const TestStep& s) {
        if (!s.refused.text.empty()) {
            out_ += " refused " + s.refused.text;
        }
    }

    void print_step(const TestStep& s) {
        switch (s.kind) {
            case TestStep::Kind::facts:
                out_ += "facts " + quote(s.path);
                if (!s.record.text.empty()) {
                    out_ += " record " + s.record.text;
                }
                print_refused(s);
                return;
            case TestStep::Kind::given:
                out_ += "given " + s.record.text + " ";
                print_row(s.row, step,
                          s.refused.text.empty() ? 0 : 9 + display_width(s.refused.text));
                print_refused(s);
                return;
            case TestStep::Kind::given_parameter:
                out_ += "given parameter " + s.parameter.text + " =";
                write_slot(s.value, 2 * step);
                return;
            case TestStep::Kind::as_of:
                out_ += "as of";
                write_slot(s.value, 2 * step);
                return;
            case TestStep::Kind::expect_value:
                out_ += "expect ";
                print_target(s.target);
                out_ += " =";
                write_slot(s.expected, 2 * step);
                return;
            case TestStep::Kind::expect_error:
                out_ += "expect ";
                print_target(s.target);
                out_ += " fails " + s.error_code.text;
                return;
            case TestStep::Kind::expect_cites:
                out_ += "expect ";
                print_target(s.target);
                out_ += " cites " + s.document.text + " " + quote(s.section);
                return;
        }
    }

    void print_test(const TestDecl& t) {
        out_ += "test " + quote(t.name);
        if (!t.case_vars.empty()) {
            out_ += " for (" + join_idents(t.case_vars, ", ") + ") in [";
            for (const auto& row : t.cases) {
                if (row.empty()) {
                    continue;
                }
                item(span(row.front()).begin, step);
                write_list("(", items_of(row), ")", 0);
                trailing(case_row_end(row), " \t,");
            }
            if (std::any_of(t.cases.begin(), t.cases.end(),
                            [](const auto& row) { return !row.empty(); })) {
                newline(0);
            }
            out_ += ']';
        }
        out_ += " {";
        if (t.steps.empty() && !comment_inside(t.span)) {
            out_ += '}';
            return;
        }
        for (const TestStep& s : t.steps) {
            item(s.span.begin, step);
            print_step(s);
            trailing(s.span.end);
        }
        close_block(t.span, step, 0, '}');
    }
};

std::string Formatter::run() {
    const Decl* previous = nullptr;
    bool previous_single = false;
    for (const Decl& d : file_.decls) {
        if (previous != nullptr) {
            out_ += '\n';
            if (!(previous_single && groups_with(*previous, d) && single_line(d))) {
                out_ += '\n';
            }
        }
        const Span sp = decl_span(d);
        top_comments(sp.begin);
        const std::size_t start = out_.size();
        print_decl(d);
        trailing(sp.end);
        previous_single = !wrote_newline_since(start);
        previous = &d;
    }
    if (next_ < comments().size()) {
        if (!out_.empty()) {
            out_ += "\n\n";
        }
        top_comments(static_cast<std::uint32_t>(text_.size()) + 1);
    }
    while (!out_.empty() && out_.back() == '\n') {
        out_.pop_back();
    }
    if (!out_.empty()) {
        out_ += '\n';
    }
    return std::move(out_);
}

}  // namespace

std::string format_file(const SourceFile& source, const FileAst& file, const Ast& ast) {
    // A file with syntax errors lost the declarations that failed; printing the AST would
    // delete them, so such a file is returned as it is.
    if (!file.parsed_cleanly) {
        return std::string(source.text());
    }
    return Formatter(source, file, ast).run();
}

}  // namespace regels::dsl
