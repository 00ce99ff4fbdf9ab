// Tests of the formatter (dsl/format.cpp).
//
// The properties every formatted file must have: it parses again without errors, formatting
// it again changes nothing, it has the same AST as the input (compared through a structural
// dump that ignores spans), and it has the same comments in the same order. They are checked
// over inline sources that cover every construct and over every rule file in the repository.
// A few layout tests pin the canonical layout itself.
#include "dsl/format.hpp"

#include "dsl/ast.hpp"
#include "dsl/diagnostics.hpp"
#include "dsl/parser.hpp"
#include "dsl/source.hpp"

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace regels::dsl {

namespace {

template <typename>
inline constexpr bool always_false = false;

// One parsed file; kept behind a pointer because the AST refers into the source set.
struct Parsed {
    SourceSet sources;
    FileId id = no_file;
    Ast ast;
    DiagnosticBag bag;

    const FileAst& file() const {
        return ast.files.front();
    }
    const SourceFile& source() const {
        return sources.file(id);
    }
    std::string errors() const {
        return render_text(sources, bag.sorted(), false);
    }
};

std::unique_ptr<Parsed> parse(const std::string& text, const std::string& name = "test.rules") {
    auto p = std::make_unique<Parsed>();
    p->id = p->sources.add(name, text);
    parse_file(p->sources, p->id, p->ast, p->bag);
    return p;
}

std::string format(const Parsed& p) {
    return format_file(p.source(), p.file(), p.ast);
}

// ---- a structural dump of the AST, without spans ------------------------------------------

std::string num(long long v) {
    return std::to_string(v);
}

struct Dumper {
    const Ast& ast;

    std::string ids(const std::vector<Ident>& list) const {
        std::string out = "[";
        for (const Ident& i : list) {
            out += i.text + " ";
        }
        return out + "]";
    }
    std::string exprs(const std::vector<ExprId>& list) const {
        std::string out = "[";
        for (ExprId e : list) {
            out += expr(e) + " ";
        }
        return out + "]";
    }
    std::string expr(ExprId id) const {
        if (id == no_expr) {
            return "_";
        }
        return std::visit(
            [&](const auto& k) -> std::string {
                using K = std::decay_t<decltype(k)>;
                if constexpr (std::is_same_v<K, NumberLit>) {
                    return "(num " + num(static_cast<int>(k.form)) + " " + num(k.mantissa) + " " +
                           num(k.scale) + ")";
                } else if constexpr (std::is_same_v<K, BoolLit>) {
                    return k.value ? "true" : "false";
                } else if constexpr (std::is_same_v<K, TextLit>) {
                    return "(text \"" + k.value + "\")";
                } else if constexpr (std::is_same_v<K, DateLit>) {
                    return "(date " + num(k.days) + ")";
                } else if constexpr (std::is_same_v<K, DateTimeLit>) {
                    return "(datetime " + num(k.seconds) + " " + num(k.offset_minutes) + ")";
                } else if constexpr (std::is_same_v<K, NoneLit>) {
                    return "none";
                } else if constexpr (std::is_same_v<K, NameRef>) {
                    return "(name " + k.name + ")";
                } else if constexpr (std::is_same_v<K, Member>) {
                    return "(member " + expr(k.object) + " " + k.member.text + ")";
                } else if constexpr (std::is_same_v<K, Call>) {
                    return "(call " + expr(k.callee) + " " + exprs(k.args) + ")";
                } else if constexpr (std::is_same_v<K, Unary>) {
                    return "(unary " + num(static_cast<int>(k.op)) + " " + expr(k.operand) + ")";
                } else if constexpr (std::is_same_v<K, Binary>) {
                    return "(" + std::string(to_string(k.op)) + " " + expr(k.lhs) + " " +
                           expr(k.rhs) + ")";
                } else if constexpr (std::is_same_v<K, IfExpr>) {
                    return "(if " + expr(k.condition) + " " + expr(k.then_branch) + " " +
                           expr(k.else_branch) + ")";
                } else if constexpr (std::is_same_v<K, SetLit>) {
                    return "(set " + exprs(k.items) + ")";
                } else if constexpr (std::is_same_v<K, ListLit>) {
                    return "(list " + exprs(k.items) + ")";
                } else if constexpr (std::is_same_v<K, RangeLit>) {
                    return "(range " + expr(k.low) + " " + expr(k.high) + ")";
                } else if constexpr (std::is_same_v<K, Aggregate>) {
                    return "(" + std::string(to_string(k.kind)) + " " + expr(k.body) + " " +
                           k.var.text + " " + expr(k.collection) + " " + expr(k.filter) + ")";
                } else if constexpr (std::is_same_v<K, Extremum>) {
                    return std::string(k.is_max ? "(max " : "(min ") + exprs(k.args) + ")";
                } else if constexpr (std::is_same_v<K, Allocate>) {
                    return "(allocate " + expr(k.total) + " " + k.var.text + " " +
                           expr(k.collection) + " " + expr(k.filter) + " " + expr(k.claim) + " " +
                           num(static_cast<int>(k.method)) + " " + expr(k.order_key) + " " +
                           expr(k.target) + ")";
                } else if constexpr (std::is_same_v<K, Round>) {
                    return "(round " + expr(k.value) + " " + expr(k.unit) + " " + k.mode.text + ")";
                } else if constexpr (std::is_same_v<K, Match>) {
                    std::string out = "(match " + expr(k.subject);
                    for (const MatchArm& arm : k.arms) {
                        out += " (" + ids(arm.cases) + " " + expr(arm.body) + ")";
                    }
                    return out + ")";
                } else if constexpr (std::is_same_v<K, At>) {
                    return "(at " + expr(k.parameter) + " " + expr(k.when) + ")";
                } else if constexpr (std::is_same_v<K, IsPresent>) {
                    return std::string(k.negated ? "(absent " : "(present ") + expr(k.value) + ")";
                } else if constexpr (std::is_same_v<K, Required>) {
                    return "(required " + expr(k.value) + ")";
                } else {
                    static_assert(always_false<K>, "dump: unhandled expression kind");
                }
            },
            ast.expr(id).kind);
    }
    std::string type(const TypeExpr& t) const {
        std::string out = "(type " + num(static_cast<int>(t.kind)) + " " + t.name.text;
        for (const TypeExpr& e : t.element) {
            out += " " + type(e);
        }
        return out + ")";
    }
    std::string citations(const std::vector<Citation>& list) const {
        std::string out;
        for (const Citation& c : list) {
            out += " (" + std::string(to_string(c.kind)) + " " + c.document.text + " " +
                   c.section.value_or("_") + " " + c.quote.value_or("_") + ")";
        }
        return out;
    }
    // Labels before questions, each kind in the order written: the canonical layout puts a
    // rule's label before its question wherever they were written.
    std::string labels(const std::vector<LabelClause>& list) const {
        std::string out;
        for (LabelKind kind : {LabelKind::label, LabelKind::question}) {
            for (const LabelClause& l : list) {
                if (l.kind == kind) {
                    out += std::string(kind == LabelKind::label ? " (label " : " (question ") +
                           l.text + ")";
                }
            }
        }
        return out;
    }
    std::string row(const TableRow& r) const {
        std::string out = "(row";
        for (const RowField& f : r.fields) {
            out += " " + f.name.text + "=" + expr(f.value);
        }
        return out + citations(r.sources) + ")";
    }
    std::string target(const Target& t) const {
        std::string out = "(target " + t.rule.text + " " + num(static_cast<int>(t.subject.kind)) +
                          " " + t.subject.record.text + " " + expr(t.subject.key);
        for (const RowField& f : t.subject.group_keys) {
            out += " " + f.name.text + "=" + expr(f.value);
        }
        return out + ")";
    }
    std::string decl(const Decl& d) const {
        return std::visit(
            [&](const auto& x) -> std::string {
                using D = std::decay_t<decltype(x)>;
                if constexpr (std::is_same_v<D, ModuleDecl>) {
                    return "module " + x.name.text;
                } else if constexpr (std::is_same_v<D, ImportDecl>) {
                    return "import " + x.module.text + " " + (x.alias ? x.alias->text : "_");
                } else if constexpr (std::is_same_v<D, DocumentDecl>) {
                    std::string out = "document " + x.name.text + " " + x.title + " " +
                                      x.url.value_or("_") + " " + (x.date ? num(*x.date) : "_") +
                                      " " + (x.per_field ? x.per_field->text : "_") + " " +
                                      (x.for_field ? x.for_field->text : "_") + " " +
                                      x.for_value.value_or("_") + " " + x.text.value_or("_");
                    for (const SectionDecl& sec : x.sections) {
                        out += " (section " + sec.title + " " + sec.not_encoded.value_or("_") + ")";
                    }
                    return out;
                } else if constexpr (std::is_same_v<D, EnumDecl>) {
                    std::string out = "enum " + x.name.text + " " + ids(x.cases);
                    for (const auto& l : x.case_labels) {
                        out += " [" + labels(l) + "]";
                    }
                    return out;
                } else if constexpr (std::is_same_v<D, RecordDecl>) {
                    std::string out = "record " + x.name.text + " " + ids(x.key) +
                                      (x.describe.empty() ? "" : " describe " + ids(x.describe)) +
                                      labels(x.labels);
                    for (const FieldDecl& f : x.fields) {
                        out += " " + f.name.text + ":" + type(f.type) + labels(f.labels);
                        for (const FieldConstraint& c : f.constraints) {
                            out += " (" + num(static_cast<int>(c.kind)) + " " +
                                   num(static_cast<int>(c.op)) + " " +
                                   (c.bound == no_expr ? c.pattern : expr(c.bound)) + ")";
                        }
                    }
                    return out;
                } else if constexpr (std::is_same_v<D, CiteDecl>) {
                    return "cite " + x.target.text + citations(x.sources);
                } else if constexpr (std::is_same_v<D, ParameterDecl>) {
                    std::string out = "parameter " + x.name.text + " " + type(x.type);
                    if (x.period) {
                        out += " during " + num(x.period->first) + " " + num(x.period->second);
                    }
                    out += labels(x.labels) + citations(x.sources);
                    for (const Version& v : x.versions) {
                        out += " (version " + num(v.from) + " " + (v.until ? num(*v.until) : "_") +
                               " " + expr(v.value) + " " + (v.unpublished ? "unpublished " : "") +
                               v.unpublished_note.value_or("_") + citations(v.sources) + ")";
                    }
                    return out;
                } else if constexpr (std::is_same_v<D, RuleDecl>) {
                    std::string out = std::string(to_string(x.kind)) + " " + x.name.text;
                    for (const Param& p : x.params) {
                        out += " (param " + p.name.text + " " + type(p.type) + " " +
                               ids(p.group_by) + ")";
                    }
                    out += " -> " + (x.result ? type(*x.result) : "_") + " = " + expr(x.body);
                    out += labels(x.labels) + citations(x.sources);
                    for (const ExceptionClause& e : x.exceptions) {
                        out += " (except " + (e.name ? e.name->text : "_") + " " + ids(e.over) +
                               " " + expr(e.condition) + " " + expr(e.value) +
                               citations(e.sources) + ")";
                    }
                    return out;
                } else if constexpr (std::is_same_v<D, TableDecl>) {
                    std::string out = "table " + x.record.text;
                    for (const TableRow& r : x.rows) {
                        out += " " + row(r);
                    }
                    return out;
                } else if constexpr (std::is_same_v<D, CiteDecl>) {
                    return "cite " + x.target.text + citations(x.sources);
                } else if constexpr (std::is_same_v<D, TestDecl>) {
                    std::string out = "test " + x.name + " " + ids(x.case_vars);
                    for (const auto& c : x.cases) {
                        out += " (case " + exprs(c) + ")";
                    }
                    for (const TestStep& s : x.steps) {
                        out += " (step " + num(static_cast<int>(s.kind)) + " " + s.path + " " +
                               s.record.text + " " + row(s.row) + " " + target(s.target) + " " +
                               expr(s.expected) + " " + s.error_code.text + " " + s.document.text +
                               " " + s.section + " " + s.parameter.text + " " + expr(s.value) +
                               " " + s.refused.text + ")";
                    }
                    return out;
                } else if constexpr (std::is_same_v<D, CiteDecl>) {
                    return "cite " + x.target.text + citations(x.sources);
                } else {
                    static_assert(always_false<D>, "dump: unhandled declaration kind");
                }
            },
            d);
    }
};

std::string dump(const Ast& ast, const FileAst& file) {
    Dumper d{ast};
    std::string out;
    for (const Decl& decl : file.decls) {
        out += d.decl(decl) + "\n";
    }
    return out;
}

std::string dump(const Parsed& p) {
    return dump(p.ast, p.file());
}

std::vector<std::string> comment_texts(const Parsed& p) {
    std::vector<std::string> out;
    for (const Comment& c : p.file().comments) {
        std::string text(p.source().slice(c.span));
        while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
            text.pop_back();
        }
        out.push_back(text);
    }
    return out;
}

std::size_t code_points(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) {
        n += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1U : 0U;
    }
    return n;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        out.push_back(line);
    }
    return out;
}

// The four properties, for a source that must parse cleanly. Returns the formatted text.
std::string check_properties(const std::string& text, const std::string& name = "test.rules") {
    auto input = parse(text, name);
    INFO("input " << name << ":\n" << text);
    INFO(input->errors());
    REQUIRE(!input->bag.has_errors());
    REQUIRE(input->file().parsed_cleanly);

    const std::string once = format(*input);
    INFO("formatted:\n" << once);
    auto output = parse(once, name);
    INFO(output->errors());
    REQUIRE(!output->bag.has_errors());
    REQUIRE(output->file().parsed_cleanly);

    CHECK(dump(*output) == dump(*input));
    CHECK(comment_texts(*output) == comment_texts(*input));
    CHECK(format(*output) == once);

    REQUIRE(!once.empty());
    CHECK(once.back() == '\n');
    CHECK(once.find("\n\n\n") == std::string::npos);
    std::vector<std::string> trailing_blanks;
    for (const std::string& line : lines_of(once)) {
        if (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
            trailing_blanks.push_back(line);
        }
    }
    CHECK(trailing_blanks.empty());
    return once;
}

// Like check_properties, and every line without a string or comment fits in 100 columns.
std::string check_layout(const std::string& text) {
    const std::string once = check_properties(text);
    std::vector<std::string> too_wide;
    for (const std::string& line : lines_of(once)) {
        if (line.find('"') == std::string::npos && line.find('#') == std::string::npos &&
            code_points(line) > 100) {
            too_wide.push_back(line);
        }
    }
    CHECK(too_wide.empty());
    return once;
}

bool contains(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}

// ---- random trees ------------------------------------------------------------------------

// Builds random expressions straight into an Ast, in every combination of kinds the parser
// can produce, so the parenthesization is tested beyond the cases anyone thought of.
class TreeGen {
public:
    TreeGen(Ast& ast, unsigned seed) : ast_(ast), rng_(seed) {}

    ExprId expr(int depth) {
        if (depth <= 0) {
            return leaf();
        }
        const int d = depth - 1;
        switch (pick(22)) {
            case 0:
                return add(Member{expr(d), ident(name())});
            case 1:
                return add(Call{expr(d), list(d, 0)});
            case 2:
                return add(Unary{pick(2) == 0 ? UnaryOp::negate : UnaryOp::logical_not, expr(d)});
            case 3:
            case 4:
            case 5:
                return add(Binary{static_cast<BinaryOp>(pick(16)), expr(d), expr(d)});
            case 6:
                return add(IfExpr{expr(d), expr(d), expr(d)});
            case 7:
                return add(SetLit{list(d, 0)});
            case 8:
                return add(ListLit{list(d, 0)});
            case 9:
                return add(RangeLit{expr(d), expr(d)});
            case 10: {
                const auto kind = static_cast<AggregateKind>(pick(6));
                return add(Aggregate{kind, kind == AggregateKind::count ? no_expr : expr(d),
                                     ident(name()), expr(d), pick(2) == 0 ? no_expr : expr(d)});
            }
            case 11:
                return add(Extremum{pick(2) == 0, list(d, 2)});
            case 12: {
                Allocate a{};
                a.total = expr(d);
                a.var = ident(name());
                a.collection = expr(d);
                a.filter = pick(2) == 0 ? no_expr : expr(d);
                a.claim = expr(d);
                a.method = pick(2) == 0 ? AllocationMethod::pro_rata : AllocationMethod::in_order;
                a.order_key = a.method == AllocationMethod::in_order ? expr(d) : no_expr;
                a.target = expr(d);
                return add(std::move(a));
            }
            case 13:
                return add(Round{expr(d), expr(d), ident("half_up")});
            case 14: {
                Match m{expr(d), {}};
                const int arms = pick(3);
                for (int i = 0; i < arms; ++i) {
                    std::vector<Ident> cases;
                    const int n = pick(3);
                    for (int c = 0; c < n; ++c) {
                        cases.push_back(ident(name()));
                    }
                    m.arms.push_back(MatchArm{std::move(cases), expr(d), {}});
                }
                return add(std::move(m));
            }
            case 15:
                return add(At{expr(d), expr(d)});
            case 16:
                return add(IsPresent{expr(d), pick(2) == 0});
            case 17:
                return add(Required{expr(d)});
            default:
                return leaf();
        }
    }

private:
    Ast& ast_;
    std::mt19937 rng_;

    int pick(int n) {
        return std::uniform_int_distribution<int>(0, n - 1)(rng_);
    }
    ExprId add(ExprKind kind) {
        return ast_.add(Span{}, std::move(kind));
    }
    static Ident ident(std::string text) {
        return Ident{std::move(text), Span{}};
    }
    std::string name() {
        static const char* const names[] = {"a", "b", "jaar", "x_1", "é", "order", "to", "pro"};
        return names[pick(8)];
    }
    std::vector<ExprId> list(int depth, int at_least) {
        std::vector<ExprId> out;
        const int n = at_least + pick(3);
        for (int i = 0; i < n; ++i) {
            out.push_back(expr(depth));
        }
        return out;
    }
    ExprId leaf() {
        switch (pick(8)) {
            case 0:
                return add(NumberLit{NumberForm::integer, pick(100000), 0});
            case 1:
                return add(NumberLit{NumberForm::money, std::int64_t{pick(1000000)} * 997, 2});
            case 2:
                return add(NumberLit{NumberForm::percent, pick(10000),
                                     static_cast<std::uint8_t>(pick(4))});
            case 3:
                return add(BoolLit{pick(2) == 0});
            case 4:
                return add(TextLit{pick(2) == 0 ? "tekst" : "a\"b\\c\nd\te #f"});
            case 5:
                return pick(2) == 0
                           ? add(DateLit{pick(40000) - 10000})
                           : add(DateTimeLit{std::int64_t{pick(40000)} * 86400 + pick(86400),
                                             (pick(5) - 2) * 60});
            case 6:
                return add(NoneLit{});
            default:
                return add(NameRef{name()});
        }
    }
};

// ---- sources ----------------------------------------------------------------------------------

// The layout the formatter produces, as written in the design: it must format to itself.
const char* const canonical = R"(module registraties

import nplv.realisatiestimulans as rs

document werklast "Benchmark workload v1" url "https://example.org" dated 2025-06-24

enum Regeling { WBI, SBI, RHA, SFT, PROV }

record Registratie key id {
    id: text
    jaar: year
    eerdere_subsidies: set of Regeling
}

parameter middenhuur_grens: money
    during 2025-01-01..2029-12-31
    source werklast, "Benchmark parameters": "middenhuur_grens"
    from 2025-01-01 until 2025-12-31 = € 1.184,82
        source doc, "x"
    from 2026-01-01 = unpublished "note"

definition betaalbaar(r: Registratie): boolean =
    match r.segment {
        sociale_huur => true
        middenhuur, koop => required(r.huurprijs) <= middenhuur_grens at r.jaar
        else => false
    }
    source werklast, "Decision per record"
    except dubbel over other when r.eerdere_subsidies overlaps {WBI, SBI} = € 0,00
        source werklast, "x": "y"

assertion klopt(m: Maatregel) = m.a == m.b

table Maatregel {
    { id: "a", bedrag: € 5,00 }
}

test "naam" for (prijs, verwacht) in [
    (€ 1.184,82, € 7.000,00)
] {
    facts "x.json"
    given Registratie { id: "R1", jaar: 2025 }
    expect bedrag(Registratie "R1") = verwacht
    expect totaal(gemeente: "GM1") fails E3004
    expect bedrag(Registratie "R1") cites werklast "Output"
}
)";

// The benchmark rules as people type them: two-space indents, amounts without cents.
const char* const benchmark = R"(module registraties

# De benchmark-regels
document werklast "Benchmark workload v1" url "https://example.org"

enum Regeling { WBI, SBI, RHA, SFT, PROV }
enum Segment { sociale_huur, middenhuur, koop, vrije_sector }

record Registratie key id {
  id: text
  gemeente: text
  jaar: year
  segment: Segment
  huurprijs: optional money
  koopprijs: optional money
  woningen: integer
  eerdere_subsidies: set of Regeling
}

parameter bijdrage: money
  source werklast, "Benchmark parameters"
  from 2025-01-01 = € 7.000,00

parameter middenhuur_grens: money
  source werklast, "Benchmark parameters": "middenhuur_grens"
  from 2025-01-01 until 2025-12-31 = € 1.184,82
  from 2026-01-01 = € 1.228,07

definition betaalbaar(r: Registratie): boolean =
  match r.segment {
    sociale_huur => true
    middenhuur => required(r.huurprijs) <= middenhuur_grens at r.jaar
    koop => r.koopprijs otherwise € 0 <= € 420.000
    vrije_sector => false
  }
  source werklast, "Decision per record"

decision bedrag(r: Registratie): money =
  if r.jaar in 2025..2029 and betaalbaar(r) then r.woningen * bijdrage at r.jaar else € 0
  source werklast, "Decision per record"
  except dubbel when r.eerdere_subsidies overlaps {WBI, SBI, RHA, SFT} = € 0
    source werklast, "Decision per record": "any of eerdere_subsidies in dedup set"

decision totaal(g: Registratie by gemeente): money = sum(bedrag(r) for r in g)
  source werklast, "Output"

decision schatting: money = round(sum(bedrag(r) for r in Registratie) * 100 / 130, € 100.000,
        half_up)
  source werklast, "Output"
)";

// Every expression form, with the parentheses the tree needs and some it does not.
const char* const expressions = R"(module zoo.expressies
import nplv.basis as basis
import nplv.extra
definition p1: boolean = (a or b) and c
definition p2: boolean = not (a and b) or not c or not not d
definition p3: boolean = (a == b) == (c != d) and (e < f) != (g <= h) and i > j and k >= l
definition p4: integer = (a + b) * (c - d) / -(e * f) - --g
definition p5: integer = a - (b - c) + (d + e) - (f * g) * (h / i) / (j / k)
definition p6: money = (p at 2025) at q
definition p7: money = p at (q.r at s) + p at 2025-07-01
definition p8: money = (-p) at q + -p at q.r + (p + q) at (r)
definition p9: boolean = (x is present) == (y is absent) and not x is present
definition p10: boolean = x not in {A, B} and y in 1..5 and z overlaps {} and (u in v) in w
definition p11: boolean = (1..5) == (a..(b..c)) and r.jaar in r.begin..r.eind and x in € 1..€ 5
definition p12: money = a otherwise b otherwise (c otherwise d) + e otherwise (f + g)
definition p13: money = (if a then b else c) + (if d then e else f)
definition p14: money = if (if a then b else c) then (if d then e else f) else if g then h else
        i
definition p15: money = (allocate t among c in C claiming c.x pro rata to c) * 2
definition p16: money = f(if a then b else c, allocate t among c in C claiming c.x pro rata to
        c)
definition p17: integer = (a.b).c + (f(x)).y + (a + b).c + f()(1) + basis.bedrag(r, s).totaal
definition p18: boolean = not (a == b) and (not a) == b and -(a) == -a and (a and b) or (c or d)
definition p19: money = (a * b) at c
definition p20: integer = ((((1)))) + (-1) - (-(-1))
definition l1: list of text = ["a \"q\" \\ b\nc\td", "", "# geen commentaar", "é ë €"]
definition l2: list of money = [€ 0, € 0,00, € 7, € 1.234.567,89, € 999,99, € 12345,
        € 1000000,01]
definition l3: list of percent = [21%, 2,32%, 0,5%, 100,00%, 0%]
definition l4: list of date = [2025-01-01, 1999-12-31, 2024-02-29]
definition l5: list of integer = [none, true, false, [], {}, 0, 42, 9223372036854775807]
definition a1: integer = sum(x.a for x in xs where x.b > 0) + count(x in xs) + count(x in xs
        where x.ok)
definition a2: integer = min(x.a for x in xs) + max(x.a for x in xs where x.b) + max(a, b, c) +
        min(a, b)
definition a3: boolean = all(x.ok for x in xs) and any(x.ok for x in xs where x.b)
definition a4: money = round(a * b, € 100.000,00, half_even) + required(r.huurprijs) * 2
definition a5: money = allocate budget among c in Aanvraag where c.geldig claiming c.gevraagd
        pro rata to c
definition a6: money = sum(if x.a then x.b else x.c for x in xs where if x.d then x.e else x.f)
definition m1: money =
    match r.segment {
        a => 1
        b, c => match r.x { d => 2 else => 3 }
        else => if p then match q { z => 4 } else 5
    }
definition m2: money = (match r.segment { a => 1 }).x + match y {}
definition m3: money = f(match r { a => 1 }, 2)
)";

// Expressions too long for one line, to exercise every way of breaking them.
const char* const long_expressions = R"(module zoo.lang

decision and_or(r: Registratie): boolean =
    r.jaar in 2025..2029 and r.woningen > 10 and r.segment in {sociale_huur, middenhuur} and
        not r.eerdere_subsidies overlaps {WBI} or r.gemeente == "GM0363" and r.jaar == 2026

decision if_chain(r: Registratie): money = if r.a > 100000 and r.b < 2000 then r.woningen *
        bijdrage at r.jaar else if r.c then sum(bedrag(x) for x in Registratie where x.gemeente
        == r.gemeente) else € 0

decision long_condition(r: Registratie): money = if r.eerste_voorwaarde_met_een_lange_naam and
        r.tweede_voorwaarde_met_een_lange_naam and r.derde then 1 else 2

decision long_call: money = bereken(r.eerste_waarde_met_lange_naam,
        r.tweede_waarde_met_lange_naam, r.derde_waarde_lang)

decision long_sum: money = sum(bedrag(registratie) * factor for registratie in Registratie
        where registratie.gemeente == "GM0363" and registratie.jaar == 2025)

decision long_count: integer = count(registratie in Registratie where registratie.gemeente ==
        "GM0363" and registratie.jaar == 2025 and registratie.ok)

decision long_alloc: money = allocate budget_voor_dit_jaar among aanvraag in Aanvraag where
        aanvraag.geldig and aanvraag.jaar == 2025 claiming aanvraag.gevraagd_bedrag pro rata to
        aanvraag

decision long_parens: money = factor * (eerste_lange_term_met_naam + tweede_lange_term_met_naam
        + derde_lange_term_met_naam + vierde)

decision long_set: set of Regeling = {WBI, SBI, RHA, SFT, PROV, EEN_HELE_LANGE_REGELING_NAAM,
        NOG_EEN_HELE_LANGE_REGELING}

decision long_params(eerste_parameter: Registratie, derde: optional money, tweede_parameter:
        Registratie by gemeente, jaar): money = 1

decision long_negation: money = -(eerste_lange_term_met_naam + tweede_lange_term_met_naam +
        derde_lange_term_met_naam + vierde_term)

decision long_round: money = round(sum(bedrag(registratie) for registratie in Registratie where
        registratie.jaar == 2025) * 100 / 130, € 100.000, half_up)

decision long_match: money =
    match r.segment {
        sociale_huur, middenhuur, koop => if r.eerste_voorwaarde_met_een_lange_naam and
        r.tweede_voorwaarde then r.bedrag_een else r.bedrag_twee
        else => required(r.huurprijs_met_een_hele_lange_naam) *
        bijdrage_met_een_hele_lange_naam at r.jaar_van_aanvraag
    }

decision long_value: money = 1
    except uitzondering_met_een_lange_naam over andere_uitzondering when r.eerdere_subsidies
        overlaps {WBI, SBI, RHA, SFT} = € 0
    except kort when r.a = if r.eerste_voorwaarde_met_een_lange_naam and
        r.tweede_voorwaarde_met_lange_naam then 1 else 2

parameter long_version: money
    from 2025-01-01 until 2025-12-31 = if eerste_voorwaarde_met_een_lange_naam then
        eerste_bedrag_met_lange_naam else tweede_bedrag

test "long test" for (eerste_waarde, tweede_waarde, derde_waarde) in [(€ 1.184.000,82,
        € 7.000.000,00, eerste_functie(€ 1, € 2, € 3, € 4))] {
    expect bedrag(Registratie "R1") = if eerste_waarde > tweede_waarde and tweede_waarde >
        derde_waarde then 1 else 2
    given Registratie { id: "R1", jaar: 2025, gemeente: "GM0363", segment: middenhuur,
        woningen: 12, huurprijs: € 1.000 }
}

assertion right_block(g: Gebied) = g.opgave_start_bouw == sum(p.woningen for p in Project
        where p.gebied == g.gebied and p.in_nplv_gebied)

assertion left_block(g: Gebied) = x and sum(capaciteit.maximale_bijdrage_activiteit(a) for a in
        Activiteit where a.gebied == g.gebied and a.ok) == x.capaciteit_incl_btw

document lang "A very long title for a document that goes on and on and on and on" url
        "https://example.org/a/very/long/path" dated 2025-01-01
)";

// Every declaration form and option.
const char* const declarations = R"(module decls
document wet "Wet \"betaalbare\" huur" url "https://wetten.overheid.nl/x" dated 2024-07-01
document b "B"
document c "C" dated 2025-01-01 url "https://c"
enum Leeg {}
enum E { a, b, c, }
enum L { a label "de a", b   label   "label met \"aanhalingstekens\"" label "tweede" , c }
enum M { label, x label "x" }
record Leeg2 {}
record Lab key a describe b label "het record" label "nog een" { a: text label "het kenmerk"
  b: integer >= 1 and <= 9 label "het getal", label: text label "het label"
  question: text }
record R key a, b { a: text, b: integer
  c: optional set of list of E
  d: rs.Type
  e: range of date }
parameter p: money during 2025-01-01..2029-12-31 source wet source wet, "Artikel 1"
  source wet, "Artikel 2": "citaat" from 2025-01-01 until 2025-06-30 = € 1 source wet, "x"
  from 2025-07-01 until 2025-12-31 = unpublished
  from 2026-01-01 = unpublished "wacht op Staatscourant" source wet
assertion altijd = true question "Is het waar?" label "altijd"
parameter lp: money source wet label "de grens" from 2025-01-01 = € 1
decision lq(r: R): boolean = true source wet question "Klopt het?" label "de toets"
  except when r.a = false
assertion klopt(m: Maatregel, n: X) = m.a == m.b source wet, "x"
decision d(r: R): money = 1
  except when r.a = 2
  except naam when r.b = 3
  except over naam when r.c = 4 source wet
  except tweede over naam, other when r.d = 5 source wet, "s": "q" source wet
definition q(): integer = 1
table R {}
table R { { a: "x", b: 1 }, { a: "y", b: 2, }
  {} }
test "leeg" {}
test "alles" for (a, b) in [(1, 2), (3, 4),] {
  facts "feiten/x.json"
  given R { a: "x", b: 1 }
  given R {}
  given parameter p = € 2
  given   parameter  m.q=a+1
  expect d(R "x") = a
  expect m.d(gemeente: "GM1", jaar: 2025) = b
  expect d = 5
  expect d() = 6
  expect d(R a + 1) = 6
  expect d(R "x") fails E3004
  expect d(R "x") cites wet "Artikel 1"
  given R { a: "x", b: -1 }   refused   E4020
  facts "feiten/y.json" refused E4006
  facts "feiten/z.csv" record R
    refused E4020
  as   of 2025-01-01
}
test "lege cases" for (a) in [] { expect x = a }
test "datum per case" for (d) in [(2024-12-31), (2025-01-01)] { as of d expect x = 1 }
)";

// Comments in every place a comment can go.
const char* const comments = R"(# Kop van het bestand

# tweede kopregel
module c  # na module

# voor enum
enum E { # in enum
    a, # na a
    b
    # voor c
    c } # na enum
enum F { x, y }  # na inline enum
enum G { p, q
    # voor sluitaccolade
}
import x # na import
import y
# tussen imports
import z

record R { # na accolade
    # eerste veld
    a: text  # na a
    b: text
    # na laatste veld
}

record Leeg {
    # in leeg record
}

parameter p: money  # na type
    # voor during
    during 2025-01-01..2025-12-31 # na during
    # voor source
    source w # na source
    # voor versie
    from 2025-01-01 = € 1 # na waarde
        # voor versie-bron
        source w, "x" # na versie-bron
    from 2026-01-01 = # voor waarde
        € 2
    from 2027-01-01 = unpublished # na unpublished

decision d(r: R): # in kop
    money = # na =
    if a # in conditie
    then b else c # na body
    # voor bron
    source w
    # voor uitzondering
    except x when # in voorwaarde
        a = b # na waarde
        source w # na bron
    except y # voor when
        when a
        # voor =
        = c

decision m: integer =
    match x { # na {
        # voor arm a
        a => 1 # na arm a
        b => # voor body
            2
        # voor else
        else => match y {
            z => 3 # na z
        } # na binnenste match
    } # na match

table R {
    # voor rij
    { a: "x" # in rij
    }, # na rij
    { a: "y" } # na laatste rij
}

test "t" for (a) in [
    # voor rij
    (1), # na rij
    (2 # in rij
    )
    (3) # na laatste rij
] { # na {
    # voor stap
    facts "x" # na stap
    given R { # in given
      a: "x" }
    expect d(R "x") = # voor verwachting
        a
    expect d(R "y") = a # na laatste stap
    # na laatste stap 2
}

# einde 1

# einde 2
)";

}  // namespace

// ---- properties over inline sources --------------------------------------------------------

TEST_CASE("format: the canonical layout formats to itself", "[format]") {
    CHECK(check_layout(canonical) == canonical);
}

TEST_CASE("format: keeps the tree and the comments, and is idempotent", "[format]") {
    SECTION("benchmark") {
        check_layout(benchmark);
    }
    SECTION("every expression form") {
        check_layout(expressions);
    }
    SECTION("long expressions") {
        check_layout(long_expressions);
    }
    SECTION("every declaration form") {
        check_layout(declarations);
    }
    SECTION("comments everywhere") {
        check_layout(comments);
    }
    SECTION("comments only after the module") {
        check_layout("module m # a\n# b\n");
    }
    SECTION("no newline at the end") {
        CHECK(check_layout("module m\ndefinition x: integer = 1") ==
              "module m\n\ndefinition x: integer = 1\n");
    }
}

// ---- the layout itself --------------------------------------------------------------------

TEST_CASE("format: labels and questions in their canonical place", "[format]") {
    const std::string out = check_layout(R"(module m
enum Segment { sociale_huur label "sociale huurwoning", middenhuur }
record Registratie key id label "de registratie" { id: text label "het kenmerk"
  huurprijs: optional money >= € 0,00 label "de huurprijs per maand" }
parameter grens: money during 2025-01-01..2029-12-31 source wet label "de huurtoeslaggrens"
  from 2025-01-01 = € 900,07
definition telt_mee(r: Registratie): boolean = true source wet, "Artikel 1"
  question "Telt de registratie mee?" label "het meetellen"  # na de label
  except when false = false
)");
    CHECK(out == R"(module m

enum Segment { sociale_huur label "sociale huurwoning", middenhuur }

record Registratie key id label "de registratie" {
    id: text label "het kenmerk"
    huurprijs: optional money >= € 0,00 label "de huurprijs per maand"
}

parameter grens: money
    during 2025-01-01..2029-12-31
    label "de huurtoeslaggrens"
    source wet
    from 2025-01-01 = € 900,07

definition telt_mee(r: Registratie): boolean = true
    label "het meetellen"  # na de label
    question "Telt de registratie mee?"
    source wet, "Artikel 1"
    except when false = false
)");
}

TEST_CASE("format: literals print the Dutch way", "[format]") {
    const std::string out = check_layout(
        "module m\ndefinition x: list of money = [€ 0, € 7000, € 1.234.567,8"
        "9, 2,5%, 21%, 0,05%, 2025-01-01, \"a\\\"b\\\\c\\nd\\te\"]\n");
    CHECK(contains(out,
                   "[€ 0,00, € 7.000,00, € 1.234.567,89, 2,5%, 21%, 0,05%, 2025-01-01, "
                   "\"a\\\"b\\\\c\\nd\\te\"]"));
}

TEST_CASE("format: parentheses only where the tree needs them", "[format]") {
    const std::string out = check_layout(expressions);
    CHECK(contains(out, "definition p1: boolean = (a or b) and c\n"));
    CHECK(contains(out, "definition p2: boolean = not (a and b) or not c or not (not d)\n"));
    CHECK(contains(out, "definition p4: integer = (a + b) * (c - d) / -(e * f) - --g\n"));
    CHECK(contains(out,
                   "definition p5: integer = a - (b - c) + (d + e) - f * g * (h / i) / "
                   "(j / k)\n"));
    CHECK(contains(out, "definition p6: money = (p at 2025) at q\n"));
    CHECK(contains(out, "definition p8: money = (-p) at q + -p at q.r + (p + q) at r\n"));
    CHECK(contains(out,
                   "definition p11: boolean =\n    1..5 == a .. (b..c) and r.jaar in "
                   "r.begin..r.eind and x in € 1,00 .. € 5,00\n"));
    CHECK(contains(out,
                   "definition p12: money = a otherwise b otherwise (c otherwise d) + e "
                   "otherwise f + g\n"));
    CHECK(contains(out, "definition p13: money = (if a then b else c) + (if d then e else f)\n"));
    CHECK(contains(out,
                   "definition p14: money = if (if a then b else c) then (if d then e else "
                   "f) else if g then h else i\n"));
    CHECK(contains(out, "definition p20: integer = 1 + -1 - --1\n"));
}

TEST_CASE("format: long expressions break at their outer structure", "[format]") {
    const std::string out = check_layout(long_expressions);
    CHECK(contains(out,
                   "decision and_or(r: Registratie): boolean =\n"
                   "    r.jaar in 2025..2029\n"
                   "        and r.woningen > 10\n"
                   "        and r.segment in {sociale_huur, middenhuur}\n"
                   "        and not (r.eerdere_subsidies overlaps {WBI})\n"
                   "    or r.gemeente == \"GM0363\" and r.jaar == 2026\n"));
    CHECK(contains(out,
                   "decision if_chain(r: Registratie): money =\n"
                   "    if r.a > 100000 and r.b < 2000 then\n"
                   "        r.woningen * bijdrage at r.jaar\n"
                   "    else if r.c then\n"
                   "        sum(bedrag(x) for x in Registratie where x.gemeente == "
                   "r.gemeente)\n"
                   "    else\n"
                   "        € 0,00\n"));
    CHECK(contains(out,
                   "    sum(\n"
                   "        bedrag(registratie) * factor\n"
                   "        for registratie in Registratie\n"
                   "        where registratie.gemeente == \"GM0363\" and registratie.jaar "
                   "== 2025\n"
                   "    )\n"));
    CHECK(contains(out,
                   "    allocate budget_voor_dit_jaar\n"
                   "        among aanvraag in Aanvraag\n"
                   "        where aanvraag.geldig and aanvraag.jaar == 2025\n"
                   "        claiming aanvraag.gevraagd_bedrag pro rata\n"
                   "        to aanvraag\n"));
    CHECK(contains(out,
                   "decision long_parens: money =\n"
                   "    factor * (\n"
                   "        eerste_lange_term_met_naam + tweede_lange_term_met_naam + "
                   "derde_lange_term_met_naam + vierde\n"
                   "    )\n"));
    CHECK(contains(out,
                   "    g.opgave_start_bouw == sum(\n"
                   "        p.woningen\n"
                   "        for p in Project\n"
                   "        where p.gebied == g.gebied and p.in_nplv_gebied\n"
                   "    )\n"));
    CHECK(contains(out,
                   "    x\n"
                   "    and sum(\n"
                   "        capaciteit.maximale_bijdrage_activiteit(a)\n"
                   "        for a in Activiteit\n"
                   "        where a.gebied == g.gebied and a.ok\n"
                   "    ) == x.capaciteit_incl_btw\n"));
    CHECK(contains(out,
                   "    given Registratie {\n"
                   "        id: \"R1\",\n"
                   "        jaar: 2025,\n"));
    CHECK(contains(out,
                   "decision long_params(\n"
                   "    eerste_parameter: Registratie,\n"
                   "    derde: optional money,\n"
                   "    tweede_parameter: Registratie by gemeente, jaar\n"
                   "): money = 1\n"));
    CHECK(contains(out,
                   "document lang \"A very long title for a document that goes on and on "
                   "and on and on\"\n"
                   "    url \"https://example.org/a/very/long/path\"\n"
                   "    dated 2025-01-01\n"));
}

TEST_CASE("format: comments stay with what they describe", "[format]") {
    const std::string out = check_layout(comments);
    CHECK(out.rfind("# Kop van het bestand\n\n# tweede kopregel\nmodule c  # na module\n", 0) == 0);
    CHECK(contains(out,
                   "enum E {\n    # in enum\n    a  # na a\n    b\n    # voor c\n    c\n}"
                   "  # na enum\n"));
    CHECK(contains(out, "enum F { x, y }  # na inline enum\n"));
    CHECK(contains(out, "    a: text  # na a\n"));
    CHECK(contains(out, "    from 2025-01-01 = € 1,00  # na waarde\n"));
    CHECK(contains(out, "        source w, \"x\"  # na versie-bron\n"));
    CHECK(contains(out, "        a => 1  # na arm a\n"));
    CHECK(contains(out, "    { a: \"y\" }  # na laatste rij\n"));
    CHECK(contains(out, "    (1)  # na rij\n"));
    CHECK(contains(out, "    facts \"x\"  # na stap\n"));
    CHECK(contains(out, "decision d(r: R): money =\n    # in kop\n    # na =\n"));
    const std::string_view end = "}\n\n# einde 1\n\n# einde 2\n";
    CHECK(std::string_view(out).ends_with(end));
    CHECK(contains(out, "    # na laatste veld\n}\n"));
    CHECK(contains(out, "enum G {\n    p\n    q\n    # voor sluitaccolade\n}\n"));
    CHECK(contains(out, "record Leeg {\n    # in leeg record\n}\n"));
}

TEST_CASE("format: one-line imports, documents and enums group without blank lines", "[format]") {
    const std::string out = check_layout(
        "module m\nimport a\nimport b as c\ndocument d \"D\"\ndocument e \"E\" dated 2025-01-01\n"
        "enum X { p }\n# over Y\nenum Y { q }\nenum Z {\n    r  # over r\n}\nenum W { s }\n"
        "record R {}\nrecord S {}\n");
    CHECK(out ==
          "module m\n\nimport a\nimport b as c\n\ndocument d \"D\"\ndocument e \"E\" dated "
          "2025-01-01\n\nenum X { p }\n# over Y\nenum Y { q }\n\nenum Z {\n    r  # over r\n}\n\n"
          "enum W { s }\n\nrecord R {}\n\nrecord S {}\n");
}

TEST_CASE("format: Windows line ends and tabs", "[format]") {
    const std::string out = check_layout(
        "module m\r\n\r\nrecord R {\r\n\ta: text  # na a\t\r\n\tb: text\r\n}\r\n# einde\r\n");
    CHECK(out == "module m\n\nrecord R {\n    a: text  # na a\n    b: text\n}\n\n# einde\n");
}

TEST_CASE("format: a file with syntax errors is returned unchanged", "[format]") {
    const std::string text = "module m\ndefinition x: integer = (1 +\n";
    auto p = parse(text);
    REQUIRE(!p->file().parsed_cleanly);
    CHECK(format(*p) == text);
}

TEST_CASE("format: allocation in order of a key", "[format]") {
    // The claim is a full expression: its `in` must not swallow `in order of`.
    const std::string out = check_layout(
        "module m\ndecision x: money = allocate b among c in C claiming c.x in order of c.datum "
        "to c\ndecision y: money = allocate b among c in C claiming (c.x in order) in order of "
        "c.d to c\ndecision z: money = allocate budget_voor_dit_jaar among aanvraag in Aanvraag "
        "claiming aanvraag.gevraagd_bedrag in order of aanvraag.ingediend_op to aanvraag\n");
    CHECK(contains(out,
                   "decision x: money = allocate b among c in C claiming c.x in order of "
                   "c.datum to c\n"));
    CHECK(contains(out, "claiming c.x in order in order of c.d to c\n"));
    CHECK(contains(out,
                   "    allocate budget_voor_dit_jaar\n"
                   "        among aanvraag in Aanvraag\n"
                   "        claiming aanvraag.gevraagd_bedrag\n"
                   "        in order of aanvraag.ingediend_op\n"
                   "        to aanvraag\n"));
}

TEST_CASE("format: `refused` and `as of` test steps", "[format]") {
    const std::string out = check_layout(
        "module m\ntest \"t\" for (d) in [(2025-01-01)] {\n  as  of   d\n"
        "  given R { a: \"x\", b: -1 }\n     refused  E4020\n"
        "  facts \"f.csv\"  record R  refused E4006 # na stap\n"
        "  given R { aaaaaaaaaaaaaaaa: \"xxxxxxxxxxxxxxxxxxxxxxxx\", "
        "bbbbbbbbbbbbbbbbbbbbbbbbbbb: -1 } refused E4020\n}\n");
    CHECK(contains(out, "    as of d\n"));
    CHECK(contains(out, "    given R { a: \"x\", b: -1 } refused E4020\n"));
    CHECK(contains(out, "    facts \"f.csv\" record R refused E4006  # na stap\n"));
    // A row that fits only without `refused …` is broken, and `refused` follows its brace.
    CHECK(contains(out,
                   "    given R {\n"
                   "        aaaaaaaaaaaaaaaa: \"xxxxxxxxxxxxxxxxxxxxxxxx\",\n"
                   "        bbbbbbbbbbbbbbbbbbbbbbbbbbb: -1\n"
                   "    } refused E4020\n"));
}

TEST_CASE("format: random expression trees survive the round trip", "[format]") {
    for (unsigned seed = 1; seed <= 400; ++seed) {
        Ast ast;
        TreeGen gen(ast, seed);
        const int depth = 1 + static_cast<int>(seed % 5);

        RuleDecl rule{};
        rule.kind = RuleKind::decision;
        rule.name = Ident{"d", {}};
        rule.result = TypeExpr{};
        rule.result->name = Ident{"money", {}};
        rule.body = gen.expr(depth);
        ExceptionClause ex{};
        ex.condition = gen.expr(depth);
        ex.value = gen.expr(depth);
        rule.exceptions.push_back(ex);

        TableDecl table{};
        table.record = Ident{"R", {}};
        table.rows.push_back(TableRow{{RowField{Ident{"f", {}}, gen.expr(depth)}}, {}, {}});

        TestDecl test{};
        test.name = "t";
        test.case_vars.push_back(Ident{"v", {}});
        test.cases.push_back({gen.expr(depth)});
        TestStep step{};
        step.kind = TestStep::Kind::expect_value;
        step.target.rule = Ident{"d", {}};
        step.target.subject.kind = Subject::Kind::record;
        step.target.subject.record = Ident{"R", {}};
        step.target.subject.key = gen.expr(depth);
        step.expected = gen.expr(depth);
        test.steps.push_back(step);

        FileAst file;
        file.decls = {ModuleDecl{Ident{"m", {}}, {}}, rule, table, test};
        file.parsed_cleanly = true;
        const SourceFile source("generated.rules", "");

        const std::string once = format_file(source, file, ast);
        INFO("seed " << seed << ":\n" << once);
        auto output = parse(once);
        INFO(output->errors());
        REQUIRE(!output->bag.has_errors());
        REQUIRE(dump(*output) == dump(ast, file));
        REQUIRE(format(*output) == once);
    }
}

// ---- every rule file in the repository ----------------------------------------------------

TEST_CASE("format: the repository's rule files", "[format]") {
    namespace fs = std::filesystem;
    std::size_t checked = 0;
    for (const char* root : {"rules", "examples"}) {
        std::error_code ec;
        if (!fs::is_directory(root, ec)) {
            continue;
        }
        for (const auto& entry : fs::recursive_directory_iterator(root, ec)) {
            if (!entry.is_regular_file() || entry.path().extension() != ".rules") {
                continue;
            }
            std::ifstream in(entry.path(), std::ios::binary);
            std::stringstream text;
            text << in.rdbuf();
            check_properties(text.str(), entry.path().string());
            ++checked;
        }
    }
    SUCCEED("checked " << checked << " rule files");
}

}  // namespace regels::dsl
