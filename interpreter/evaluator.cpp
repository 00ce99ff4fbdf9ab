#include "interpreter/evaluator.hpp"

#include "dsl/datetime.hpp"
#include "dsl/labels.hpp"
#include "interpreter/cents.hpp"
#include "interpreter/messages.hpp"
#include "interpreter/phrases.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace regels::interp {

using dsl::Code;
using dsl::ExprId;
using dsl::TypeKind;

namespace {

// Gives a variable a value for the length of a scope, and its old value back when the scope
// ends, also by an exception.
template <typename T>
class Scoped {
public:
    Scoped(T& variable, T value) : variable_(variable), saved_(variable) {
        variable_ = std::move(value);
    }
    ~Scoped() {
        variable_ = std::move(saved_);
    }
    Scoped(const Scoped&) = delete;
    Scoped& operator=(const Scoped&) = delete;

private:
    T& variable_;
    T saved_;
};

}  // namespace

ExplNode& Explanation::add() {
    if (spare_nodes_.empty()) {
        return nodes.emplace_back();
    }
    nodes.push_back(std::move(spare_nodes_.back()));
    spare_nodes_.pop_back();
    return nodes.back();
}

std::vector<StepArg> Explanation::args() {
    if (spare_args_.empty()) {
        return {};
    }
    std::vector<StepArg> a = std::move(spare_args_.back());
    spare_args_.pop_back();
    return a;
}

void Explanation::clear() {
    for (ExplNode& n : nodes) {
        for (ExplStep& s : n.steps) {
            if (s.args.capacity() > 0) {
                s.args.clear();
                spare_args_.push_back(std::move(s.args));
            }
        }
        n.steps.clear();
        n.inputs.clear();
        n.citations.clear();
        n.children.clear();
        n.subject.clear();
        n.error.clear();
        n.value = Value{};
        n.grounds.clear();
        n.failed = false;
        n.same_as = 0;
    }
    // The cleared nodes become the spares: the unused spares join them, and `nodes` keeps
    // the spares' (empty) vector, so no node is moved twice.
    for (ExplNode& n : spare_nodes_) {
        nodes.push_back(std::move(n));
    }
    spare_nodes_.clear();
    std::swap(nodes, spare_nodes_);
}

bool ExplNode::ground_only(std::uint32_t child) const {
    return !grounds.empty() && std::find(grounds.begin(), grounds.end(), child) != grounds.end();
}

const char* to_string(StepKind kind) {
    switch (kind) {
        case StepKind::branch:
            return "branch";
        case StepKind::exception:
            return "exception";
        case StepKind::outcome:
            return "outcome";
        case StepKind::rounding:
            return "rounding";
        case StepKind::cap:
            return "cap";
        case StepKind::aggregate:
            return "aggregate";
        case StepKind::allocation:
            return "allocation";
        case StepKind::parameter:
            return "parameter";
        case StepKind::note:
            return "note";
        case StepKind::comparison:
            return "comparison";
        case StepKind::arithmetic:
            return "arithmetic";
        case StepKind::alternative:
            return "alternative";
        case StepKind::ground:
            return "ground";
    }
    return "note";
}

const char* to_string(ExplNode::Kind kind) {
    switch (kind) {
        case ExplNode::Kind::decision:
            return "decision";
        case ExplNode::Kind::definition:
            return "definition";
        case ExplNode::Kind::assertion:
            return "assertion";
        case ExplNode::Kind::parameter:
            return "parameter";
    }
    return "definition";
}

// ---- value rendering
// ------------------------------------------------------------------------------

void json_string(std::string& out, std::string_view s) {
    // One table look-up per character: true for those that are written as they are.
    static constexpr std::array<bool, 256> plain = [] {
        std::array<bool, 256> table{};
        for (std::size_t c = 0; c < table.size(); ++c) {
            table[c] = c >= 0x20 && c != '"' && c != '\\';
        }
        return table;
    }();
    // This is on the hot path of every JSON Lines record, and most strings need no escape:
    // those are written with one resize.
    std::size_t i = 0;
    while (i < s.size() && plain[static_cast<unsigned char>(s[i])]) {
        ++i;
    }
    if (i == s.size()) {
        const std::size_t at = out.size();
        out.resize(at + s.size() + 2);
        char* p = out.data() + at;
        *p = '"';
        if (!s.empty()) {  // an empty view may have no data at all, which memcpy must not get
            std::memcpy(p + 1, s.data(), s.size());
        }
        p[s.size() + 1] = '"';
        return;
    }
    out += '"';
    // Runs of characters that need no escape are appended whole.
    std::size_t run = 0;
    for (; i < s.size(); ++i) {
        auto u = static_cast<unsigned char>(s[i]);
        if (plain[u]) {
            continue;
        }
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (s[i]) {
            case '"':
                out.append("\\\"", 2);
                break;
            case '\\':
                out.append("\\\\", 2);
                break;
            case '\n':
                out.append("\\n", 2);
                break;
            case '\t':
                out.append("\\t", 2);
                break;
            case '\r':
                out.append("\\r", 2);
                break;
            default:
                out += fmt::format("\\u{:04x}", u);
        }
    }
    out.append(s.data() + run, s.size() - run);
    out += '"';
}

namespace {

dsl::TypeId element_type(const dsl::Program& p, dsl::TypeId t) {
    TypeKind k = p.types.kind(t);
    if (k == TypeKind::set || k == TypeKind::list || k == TypeKind::optional ||
        k == TypeKind::range) {
        return p.types.element(t);
    }
    return t;
}

std::string exact_text(const Number& n, int min_digits) {
    if (auto d = n.to_decimal(min_digits, 40)) {
        return *d;
    }
    // Non-terminating: the fraction, exactly.
    return n.to_display(false).substr(0, n.to_display(false).find(' '));
}

}  // namespace

std::string display_value(const dsl::Program& p, const Value& v, dsl::TypeId type) {
    switch (v.kind) {
        case ValueKind::absent:
            return "none";
        case ValueKind::boolean:
            return v.i != 0 ? "true" : "false";
        case ValueKind::integer:
            return std::to_string(v.i);
        case ValueKind::year:
            return std::to_string(v.i);
        case ValueKind::date:
            return dsl::format_date(static_cast<std::int32_t>(v.i));
        case ValueKind::datetime:
            return dsl::format_datetime_amsterdam(v.i);
        case ValueKind::decimal:
            return v.n.to_display(true);
        case ValueKind::money:
            return v.n.to_money_display();
        case ValueKind::text:
            return "\"" + v.str() + "\"";
        case ValueKind::enumeration:
            return p.enums[v.ref].cases[static_cast<std::size_t>(v.i)];
        case ValueKind::set:
        case ValueKind::list: {
            std::string out = v.kind == ValueKind::set ? "{" : "[";
            dsl::TypeId et = element_type(p, type);
            for (std::size_t k = 0; k < v.elements().size(); ++k) {
                if (k > 0) {
                    out += ", ";
                }
                if (k == 20) {
                    out += fmt::format("… ({} in all)", v.elements().size());
                    break;
                }
                out += display_value(p, v.elements()[k], et);
            }
            return out + (v.kind == ValueKind::set ? "}" : "]");
        }
        case ValueKind::range: {
            dsl::TypeId et = element_type(p, type);
            return display_value(p, v.elements()[0], et) + ".." +
                   display_value(p, v.elements()[1], et);
        }
        case ValueKind::record:
            return fmt::format("{} {}", p.records[v.ref].short_name, "#" + std::to_string(v.i));
        case ValueKind::group:
            return fmt::format("group #{}", v.i);
    }
    return "?";
}

void json_value(std::string& out, const dsl::Program& p, const Value& v, dsl::TypeId type) {
    switch (v.kind) {
        case ValueKind::absent:
            out.append("null", 4);
            return;
        case ValueKind::boolean:
            if (v.i != 0) {
                out.append("true", 4);
            } else {
                out.append("false", 5);
            }
            return;
        case ValueKind::integer:
        case ValueKind::year: {
            char buf[24];
            auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v.i);
            (void)ec;  // 24 characters hold any 64-bit integer
            out.append(buf, end);
            return;
        }
        case ValueKind::date:
            out += '"';
            out += dsl::format_date(static_cast<std::int32_t>(v.i));
            out += '"';
            return;
        case ValueKind::datetime:
            json_string(out, dsl::format_datetime_amsterdam(v.i));
            return;
        case ValueKind::decimal:
            json_string(out, exact_text(v.n, 0));
            return;
        case ValueKind::money:
            // Whole cents (every decided amount) are written without building a string.
            out += '"';
            if (append_cents(v.n, out)) {
                out += '"';
                return;
            }
            out.pop_back();
            json_string(out, exact_text(v.n, 2));
            return;
        case ValueKind::text:
            json_string(out, v.str());
            return;
        case ValueKind::enumeration:
            json_string(out, p.enums[v.ref].cases[static_cast<std::size_t>(v.i)]);
            return;
        case ValueKind::set:
        case ValueKind::list:
        case ValueKind::range: {
            out += '[';
            dsl::TypeId et = element_type(p, type);
            for (std::size_t k = 0; k < v.elements().size(); ++k) {
                if (k > 0) {
                    out += ',';
                }
                json_value(out, p, v.elements()[k], et);
            }
            out += ']';
            return;
        }
        case ValueKind::record:
        case ValueKind::group:
            out.append("null", 4);
            return;
    }
}

void Coverage::init(const dsl::Program& program) {
    rules.assign(program.rules.size(), false);
    exceptions.clear();
    for (const dsl::RuleInfo& r : program.rules) {
        exceptions.emplace_back(r.exceptions.size(), false);
    }
    branches.clear();
    arms.clear();
    for (std::size_t e = 0; e < program.ast.exprs.size(); ++e) {
        const auto& kind = program.ast.exprs[e].kind;
        if (std::holds_alternative<dsl::IfExpr>(kind)) {
            branches[static_cast<dsl::ExprId>(e)] = {false, false};
        } else if (const auto* m = std::get_if<dsl::Match>(&kind)) {
            arms[static_cast<dsl::ExprId>(e)] = std::vector<bool>(m->arms.size(), false);
        }
    }
}

// ---- construction -------------------------------------------------------------------------------

Evaluator::Evaluator(const dsl::Program& program, const Builtins& builtins, Facts& facts,
                     const EvalOptions& options)
    : p_(program),
      builtins_(builtins),
      facts_(facts),
      options_(options),
      explain_(options.explain),
      planner_(program) {
    start_clock();
    static std::atomic<std::uint64_t> numberings{0};
    explanation_.numbering = ++numberings;
    memo_.resize(p_.rules.size());
    groups_.resize(p_.groups.size());
    literal_.resize(p_.ast.exprs.size());
    all_rows_.resize(p_.records.size());
    param_values_.resize(p_.parameters.size());
    for (const dsl::EnumInfo& en : p_.enums) {
        std::vector<std::shared_ptr<const std::string>> names;
        for (const std::string& c : en.cases) {
            names.push_back(std::make_shared<const std::string>(c));
        }
        enum_names_.push_back(std::move(names));
    }
    for (std::size_t i = 0; i < p_.parameters.size(); ++i) {
        param_values_[i].resize(p_.parameters[i].versions.size());
    }
    overrides_.assign(p_.parameters.size(), nullptr);
    for (const ParameterOverride& o : options_.overrides) {
        if (o.parameter < overrides_.size()) {
            overrides_[o.parameter] = &o;
        }
    }
    for (const dsl::DocumentInfo& d : p_.documents) {
        if (d.per_field && area_field_.empty()) {
            area_field_ = *d.per_field;
        }
    }
    if (facts_.tables.size() < p_.records.size()) {
        facts_.tables.resize(p_.records.size());
    }
    arith_.assign(p_.ast.exprs.size(), false);
    arith_operand_.assign(p_.ast.exprs.size(), false);
    for (std::size_t e = 0; e < p_.ast.exprs.size(); ++e) {
        if (const auto* b = std::get_if<dsl::Binary>(&p_.ast.exprs[e].kind)) {
            using Op = dsl::BinaryOp;
            if (b->op == Op::add || b->op == Op::sub || b->op == Op::mul || b->op == Op::div) {
                arith_[e] = true;
                arith_operand_[b->lhs] = true;
                arith_operand_[b->rhs] = true;
            }
        }
    }
    // Literals and match tables are computed once, not per evaluation.
    for (std::size_t e = 0; e < p_.ast.exprs.size(); ++e) {
        const dsl::Expr& x = p_.ast.exprs[e];
        if (const auto* n = std::get_if<dsl::NumberLit>(&x.kind)) {
            Number value(n->mantissa);
            std::int64_t den = 1;
            for (int k = 0; k < n->scale; ++k) {
                den *= 10;
            }
            if (n->form == dsl::NumberForm::percent) {
                den *= 100;
            }
            if (den != 1) {
                value = Number::ratio(n->mantissa, den);
            }
            switch (n->form) {
                case dsl::NumberForm::integer:
                    literal_[e] = p_.literal_as_year[e] ? Value::year(n->mantissa)
                                                        : Value::integer(n->mantissa);
                    break;
                case dsl::NumberForm::money:
                    literal_[e] = Value::money(value);
                    break;
                case dsl::NumberForm::percent:
                    literal_[e] = Value::decimal(value);
                    break;
            }
        } else if (const auto* t = std::get_if<dsl::TextLit>(&x.kind)) {
            literal_[e] = Value::text(t->value);
        } else if (const auto* m = std::get_if<dsl::Match>(&x.kind)) {
            dsl::TypeId st = p_.expr_type[m->subject];
            if (p_.types.kind(st) != TypeKind::enumeration) {
                continue;
            }
            const dsl::EnumInfo& en = p_.enums[p_.types[st].ref];
            std::vector<std::int32_t> arms(en.cases.size(), -1);
            std::int32_t else_arm = -1;
            for (std::size_t a = 0; a < m->arms.size(); ++a) {
                if (m->arms[a].cases.empty()) {
                    else_arm = static_cast<std::int32_t>(a);
                }
                for (const dsl::Ident& c : m->arms[a].cases) {
                    auto it = std::find(en.cases.begin(), en.cases.end(), c.text);
                    if (it != en.cases.end() &&
                        arms[static_cast<std::size_t>(it - en.cases.begin())] < 0) {
                        arms[static_cast<std::size_t>(it - en.cases.begin())] =
                            static_cast<std::int32_t>(a);
                    }
                }
            }
            for (auto& a : arms) {
                if (a < 0) {
                    a = else_arm;
                }
            }
            match_arms_[static_cast<ExprId>(e)] = std::move(arms);
        }
    }
}

// ---- helpers ------------------------------------------------------------------------------------

dsl::Location Evaluator::loc(ExprId e) const {
    return dsl::Location{file_ != dsl::no_file ? file_ : p_.file_of(e), p_.ast.expr(e).span};
}

std::string_view Evaluator::src(ExprId e) const {
    const dsl::FileId file = file_ != dsl::no_file ? file_ : p_.file_of(e);
    if (file == dsl::no_file) {
        return {};
    }
    if (src_.size() <= e) {
        src_.resize(std::max<std::size_t>(p_.ast.exprs.size(), std::size_t{e} + 1));
    }
    SourceSlice& known = src_[e];
    if (known.file != file) {
        known.text = p_.sources->file(file).slice(p_.ast.expr(e).span);
        known.file = file;
    }
    return known.text;
}

void Evaluator::fail(Code code, ExprId at, std::string message) const {
    throw EvalError{code, std::move(message), loc(at)};
}

std::string Evaluator::show(const Value& v, dsl::TypeId type) const {
    if (v.kind == ValueKind::record || v.kind == ValueKind::group) {
        return subject_text(v);  // records by their key, never by row number
    }
    return display_value(p_, v, type);
}

// An element of a collection as the reader knows it: a record by its key.
std::string Evaluator::key_text(const Value& v) const {
    if (v.kind == ValueKind::record) {
        return facts_.tables[v.ref].keys[static_cast<std::size_t>(v.i)];
    }
    return show(v, 0);
}

void Evaluator::input(std::string_view label, const Value& v, dsl::TypeId type,
                      std::uint32_t node) {
    ExplNode& n = explanation_.nodes[node_];
    for (const ExplInput& in : n.inputs) {
        if (in.label == label) {
            return;
        }
    }
    n.inputs.push_back(ExplInput{label, v, type, node});
}

void Evaluator::step(StepKind kind, std::string text, std::optional<bool> result, ExprId at) {
    ExplStep s{kind, std::move(text), result, at == dsl::no_expr ? dsl::Location{} : loc(at)};
    s.ground = ground_;
    explanation_.nodes[node_].steps.push_back(std::move(s));
}

ExplStep& Evaluator::step(StepKind kind, Phrase phrase, std::vector<StepArg> args,
                          std::optional<bool> result, ExprId at) {
    ExplStep& s = explanation_.nodes[node_].steps.emplace_back();
    s.kind = kind;
    s.result = result;
    s.where = at == dsl::no_expr ? dsl::Location{} : loc(at);
    s.phrase = phrase;
    s.args = std::move(args);
    s.ground = ground_;
    return s;
}

void Evaluator::add_child(std::uint32_t parent, std::uint32_t child, bool once) {
    ExplNode& n = explanation_.nodes[parent];
    const bool known = std::find(n.children.begin(), n.children.end(), child) != n.children.end();
    if (ground_ == 0) {
        if (!n.grounds.empty()) {  // used decisively now: no longer a further ground only
            std::erase(n.grounds, child);
        }
    } else if (!known) {
        n.grounds.push_back(child);
    }
    if (!once || !known) {
        n.children.push_back(child);
    }
}

void Evaluator::alternative(ExprId e, Frame& f, std::vector<StepArg> head, Phrase phrase,
                            std::optional<bool> result) {
    if (literal_[e] || std::holds_alternative<dsl::NoneLit>(p_.ast.expr(e).kind) ||
        std::holds_alternative<dsl::BoolLit>(p_.ast.expr(e).kind) || options_.coverage != nullptr) {
        return;  // nothing at stake, or a coverage run that must count only what decided
    }
    std::uint32_t saved = node_;
    dsl::FileId saved_file = file_;
    std::size_t saved_depth = depth_;
    std::size_t saved_leaves = arith_leaves_.size();
    // What did not decide adds no marks: the value does not rest on it.
    MarkSet saved_marks = marks_;
    node_ = no_node;
    Value v;
    std::optional<EvalError> error;
    ExprId absent = dsl::no_expr;  // the `required(...)` operand found absent, if that ended it
    struct Quiet {
        Evaluator& ev;
        explicit Quiet(Evaluator& e) : ev(e) {
            ++ev.alternatives_;
        }
        ~Quiet() {
            if (--ev.alternatives_ == 0) {
                ev.soft_error_.reset();
            }
        }
        Quiet(const Quiet&) = delete;
        Quiet& operator=(const Quiet&) = delete;
    } quiet(*this);
    try {
        // A budget counts every step, so with one set the alternative is evaluated as is.
        ExprId req = options_.max_steps == 0 ? first_required(e) : dsl::no_expr;
        if (req != dsl::no_expr) {
            ExprId operand = std::get<dsl::Required>(p_.ast.expr(req).kind).value;
            Value probe = eval(operand, f);
            if (probe.kind == ValueKind::absent) {
                absent = operand;
            } else {
                probed_ = req;
                probed_value_ = std::move(probe);
            }
        }
        if (absent == dsl::no_expr) {
            v = eval(e, f);
        }
    } catch (const EvalError& err) {
        error = err;
    }
    if (soft_error_) {  // the first failure, before anything that went on after it
        error = std::move(soft_error_);
        soft_error_.reset();
        absent = dsl::no_expr;
    }
    probed_ = dsl::no_expr;
    probed_value_ = Value{};
    node_ = saved;
    file_ = saved_file;
    depth_ = saved_depth;
    arith_leaves_.resize(std::min(saved_leaves, arith_leaves_.size()));
    marks_ = std::move(saved_marks);
    if (absent != dsl::no_expr) {
        // The same words for every record: worded once (required_absent's message).
        step(StepKind::alternative, Phrase::alternative_failed,
             args_of(StepArg::code(src(e)), StepArg::code(absent_message(absent))), std::nullopt,
             e);
        return;
    }
    if (error) {
        if (error->code == Code::E3011 || error->code == Code::E3013) {
            throw *error;  // a budget ran out: that is the run's error, not the alternative's
        }
        step(StepKind::alternative, Phrase::alternative_failed,
             args_of(StepArg::code(src(e)), StepArg::owned(std::move(error->message))),
             std::nullopt, e);
        return;
    }
    head.push_back(StepArg::of(std::move(v), p_.expr_type[e]));
    step(StepKind::alternative, phrase, std::move(head), result, e);
}

EvalError Evaluator::required_absent(ExprId value) const {
    // Worded in the reader's words where the operand names a field, parameter or rule: "De
    // huurprijs (`r.huurprijs`) ontbreekt; …".
    std::string label = operand_label(p_, src(value), options_.lang);
    if (label.empty()) {
        return EvalError{Code::E3006,
                         message(options_.lang, Msg::run_required_absent_code, src(value)),
                         loc(value)};
    }
    if (static_cast<unsigned char>(label[0]) < 0x80) {
        label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
    }
    return EvalError{Code::E3006,
                     message(options_.lang, Msg::run_required_absent, label, src(value)),
                     loc(value)};
}

std::string_view Evaluator::absent_message(ExprId value) {
    const std::string_view text = src(value);
    AbsentMessage& known = absent_messages_[value];
    if (known.text != text.data() || known.message.empty()) {
        known.text = text.data();
        known.message = required_absent(value).message;
    }
    return known.message;
}

// Walks `e` in evaluation order. Literals, locals and enum cases can neither fail nor change
// anything, so a `required` reached after only those is the first thing that can.
ExprId Evaluator::first_required(ExprId e) {
    if (first_required_.empty()) {
        first_required_.assign(literal_.size(), 0);
    }
    if (first_required_[e] != 0) {
        return first_required_[e] == 1 ? dsl::no_expr : first_required_[e] - 2;
    }
    enum class Walk : std::uint8_t { inert, found, stop };
    ExprId found = dsl::no_expr;
    auto walk = [&](auto& self, ExprId x) -> Walk {
        if (literal_[x]) {
            return Walk::inert;
        }
        const auto& kind = p_.ast.expr(x).kind;
        if (std::holds_alternative<dsl::NumberLit>(kind) ||
            std::holds_alternative<dsl::TextLit>(kind) ||
            std::holds_alternative<dsl::BoolLit>(kind) ||
            std::holds_alternative<dsl::DateLit>(kind) ||
            std::holds_alternative<dsl::DateTimeLit>(kind) ||
            std::holds_alternative<dsl::NoneLit>(kind)) {
            return Walk::inert;
        }
        if (std::holds_alternative<dsl::NameRef>(kind)) {
            const dsl::Resolution& res = p_.resolution[x];
            return res.kind == dsl::Resolution::Kind::local ||
                           res.kind == dsl::Resolution::Kind::enum_case
                       ? Walk::inert
                       : Walk::stop;
        }
        if (std::holds_alternative<dsl::Required>(kind)) {
            found = x;
            return Walk::found;
        }
        if (const auto* c = std::get_if<dsl::Call>(&kind)) {
            for (ExprId a : c->args) {
                Walk w = self(self, a);
                if (w != Walk::inert) {
                    return w;
                }
            }
            return Walk::stop;
        }
        if (const auto* b = std::get_if<dsl::Binary>(&kind)) {
            Walk w = self(self, b->lhs);
            if (w != Walk::inert) {
                return w;
            }
            // Short-circuiting operators may not evaluate their right side.
            if (b->op == dsl::BinaryOp::logical_and || b->op == dsl::BinaryOp::logical_or ||
                b->op == dsl::BinaryOp::otherwise) {
                return Walk::stop;
            }
            w = self(self, b->rhs);
            return w == Walk::found ? w : Walk::stop;
        }
        if (const auto* u = std::get_if<dsl::Unary>(&kind)) {
            Walk w = self(self, u->operand);
            return w == Walk::found ? w : Walk::stop;
        }
        return Walk::stop;
    };
    walk(walk, e);
    first_required_[e] = found == dsl::no_expr ? 1 : found + 2;
    return found;
}

// The calculation `e` with the values of its operands (recorded since index `from`).
std::string Evaluator::formula(ExprId e, std::size_t from) const {
    if (arith_[e]) {
        const auto& b = std::get<dsl::Binary>(p_.ast.expr(e).kind);
        using Op = dsl::BinaryOp;
        auto weak = [&](ExprId x) {
            if (!arith_[x]) {
                return false;
            }
            Op o = std::get<dsl::Binary>(p_.ast.expr(x).kind).op;
            return o == Op::add || o == Op::sub;
        };
        bool strong = b.op == Op::mul || b.op == Op::div;
        std::string l = formula(b.lhs, from);
        std::string r = formula(b.rhs, from);
        if (strong && weak(b.lhs)) {
            l = "(" + l + ")";
        }
        if ((strong || b.op == Op::sub) && (weak(b.rhs) || (b.op == Op::div && arith_[b.rhs]))) {
            r = "(" + r + ")";
        }
        const char* op = b.op == Op::add   ? "+"
                         : b.op == Op::sub ? "−"
                         : b.op == Op::mul ? "×"
                                           : ":";
        return fmt::format("{} {} {}", l, op, r);
    }
    for (std::size_t k = from; k < arith_leaves_.size(); ++k) {
        if (arith_leaves_[k].first == e) {
            return value_text(p_, arith_leaves_[k].second, p_.expr_type[e], Lang::nl);
        }
    }
    return fmt::format("`{}`", src(e));
}

std::vector<ExplCitation> Evaluator::cite(const std::vector<dsl::CitationInfo>& list) const {
    std::vector<ExplCitation> out;
    out.reserve(list.size());
    cite_into(out, list);
    return out;
}

bool Evaluator::in_area(std::uint32_t area_doc) const {
    return area_doc == dsl::no_index || (!area_.empty() && p_.documents[area_doc].area == area_);
}

void Evaluator::cite_into(std::vector<ExplCitation>& out,
                          const std::vector<dsl::CitationInfo>& list) const {
    for (const dsl::CitationInfo& c : list) {
        if (!in_area(c.area_doc)) {
            continue;
        }
        if (c.kind != dsl::CitationKind::source) {
            out.push_back(ExplCitation{{}, {}, {}, c.quote, std::nullopt, c.kind});
            continue;
        }
        std::uint32_t doc = c.document;
        if (p_.documents[doc].per_field && !area_.empty()) {
            for (std::size_t i = 0; i < p_.documents.size(); ++i) {
                const dsl::DocumentInfo& inst = p_.documents[i];
                if (inst.instance_of && *inst.instance_of == doc && inst.area == area_) {
                    doc = static_cast<std::uint32_t>(i);
                    break;
                }
            }
        }
        const dsl::DocumentInfo& d = p_.documents[doc];
        std::string_view name = d.name;
        out.push_back(ExplCitation{name.substr(name.rfind('.') + 1), d.title, c.section, c.quote,
                                   d.url ? std::optional<std::string_view>(*d.url) : std::nullopt,
                                   c.kind});
    }
}

void Evaluator::add_marks(const std::vector<dsl::CitationInfo>& list) {
    if (soft_error_) {
        return;  // what is evaluated after a soft failure counts for nothing
    }
    for (const dsl::CitationInfo& c : list) {
        if (c.mark != dsl::no_index && in_area(c.area_doc)) {
            marks_.add(c.mark);
        }
    }
}

// The area a subject belongs to: its record's field, or its group's key, named by `per`.
std::string_view Evaluator::area_of(const Value& subject) const {
    if (subject.kind == ValueKind::record) {
        const dsl::RecordInfo& rec = p_.records[subject.ref];
        if (auto f = rec.field_index(area_field_)) {
            const auto& row = facts_.tables[subject.ref].rows[static_cast<std::size_t>(subject.i)];
            if (*f < row.size() && row[*f].kind == ValueKind::text) {
                return row[*f].str();
            }
        }
    } else if (subject.kind == ValueKind::group) {
        const dsl::GroupInfo& g = p_.groups[subject.ref];
        const auto& key = groups_[subject.ref].keys[static_cast<std::size_t>(subject.i)];
        for (std::size_t k = 0; k < g.keys.size() && k < key.size(); ++k) {
            if (g.keys[k].name == area_field_ && key[k].kind == ValueKind::text) {
                return key[k].str();
            }
        }
    }
    return {};
}

std::string Evaluator::subject_text(const Value& subject) const {
    return subject_ref(subject);
}

const std::string& Evaluator::subject_ref(const Value& subject) const {
    SubjectText& c = subject_text_;
    if (c.generation != generation_ || c.kind != subject.kind || c.ref != subject.ref ||
        c.i != subject.i) {
        c.text = make_subject_text(subject);
        c.kind = subject.kind;
        c.ref = subject.ref;
        c.i = subject.i;
        c.generation = generation_;
    }
    return c.text;
}

std::string Evaluator::make_subject_text(const Value& subject) const {
    if (subject.kind == ValueKind::record) {
        const dsl::RecordInfo& rec = p_.records[subject.ref];
        auto row = static_cast<std::size_t>(subject.i);
        const std::string& key = facts_.tables[subject.ref].keys[row];
        std::string out;
        out.reserve(rec.short_name.size() + 1 + key.size());
        out.append(rec.short_name).append(1, ' ').append(key);
        // The fields the record declares with `describe`, so a reader knows which one it is.
        for (std::size_t k = 0; k < rec.describe.size(); ++k) {
            const Value& v = facts_.tables[subject.ref].rows[row][rec.describe[k]];
            out += fmt::format("{}{} {}", k == 0 ? " (" : ", ", rec.fields[rec.describe[k]].name,
                               v.kind == ValueKind::absent ? "—" : value_key_text(p_, v));
        }
        return rec.describe.empty() ? out : out + ")";
    }
    if (subject.kind == ValueKind::group) {
        return group_subject_text(p_, subject.ref,
                                  groups_[subject.ref].keys[static_cast<std::size_t>(subject.i)]);
    }
    return "";
}

std::string group_subject_text(const dsl::Program& program, std::uint32_t group,
                               const std::vector<Value>& key) {
    const dsl::GroupInfo& g = program.groups[group];
    std::string out;
    for (std::size_t k = 0; k < g.keys.size(); ++k) {
        out += fmt::format("{}{} {}", k > 0 ? ", " : "", g.keys[k].name,
                           value_key_text(program, key[k]));
    }
    return out;
}

void group_subject_json(std::string& out, const dsl::Program& program, std::uint32_t group,
                        const std::vector<Value>& key) {
    const dsl::GroupInfo& g = program.groups[group];
    out += "{";
    for (std::size_t k = 0; k < g.keys.size(); ++k) {
        out += k > 0 ? "," : "";
        json_string(out, g.keys[k].name);
        out += ":";
        json_value(out, program, key[k], g.keys[k].type);
    }
    out += "}";
}

void Evaluator::subject_json(std::string& out, const Value& subject) const {
    if (subject.kind == ValueKind::record) {
        const dsl::RecordInfo& rec = p_.records[subject.ref];
        const auto& row = facts_.tables[subject.ref].rows[static_cast<std::size_t>(subject.i)];
        out += '{';
        json_string(out, rec.short_name);
        out += ':';
        if (rec.key.size() == 1) {
            json_value(out, p_, row[rec.key[0]], rec.fields[rec.key[0]].type);
        } else {
            out += '{';
            for (std::size_t k = 0; k < rec.key.size(); ++k) {
                if (k > 0) {
                    out += ',';
                }
                json_string(out, rec.fields[rec.key[k]].name);
                out += ':';
                json_value(out, p_, row[rec.key[k]], rec.fields[rec.key[k]].type);
            }
            out += '}';
        }
        out += '}';
        return;
    }
    if (subject.kind == ValueKind::group) {
        group_subject_json(out, p_, subject.ref,
                           groups_[subject.ref].keys[static_cast<std::size_t>(subject.i)]);
        return;
    }
    out += "{}";
}

void Evaluator::start_clock() {
    if (options_.max_time_ms != 0) {
        deadline_ = std::chrono::steady_clock::now() +
                    std::chrono::milliseconds(static_cast<std::int64_t>(
                        std::min<std::uint64_t>(options_.max_time_ms, 1ULL << 40U)));
    }
}

// Reading the clock costs more than a step, so it is read every 1024 steps and at the start
// of every decision; a run overshoots its budget by at most that many steps. The error is
// placed at the decision being made (where inside it the time ran out is not repeatable).
void Evaluator::check_clock() {
    ticks_ = 0;
    if (std::chrono::steady_clock::now() > deadline_) {
        dsl::Location at;
        if (decision_body_ != dsl::no_expr) {
            at = dsl::Location{p_.file_of(decision_body_), p_.ast.expr(decision_body_).span};
        }
        throw EvalError{Code::E3013,
                        message(options_.lang, Msg::run_max_time, options_.max_time_ms), at};
    }
}

// An entry of an earlier generation is empty; it is made so when first used again.
Evaluator::Memo& Evaluator::memo_entry(std::uint32_t rule, std::size_t slot) {
    auto& table = memo_[rule];
    if (table.size() <= slot) {
        // At once for every record the rule can be about: growing by doubling would hold up to
        // twice the entries, and both copies while it moves them.
        const dsl::RuleInfo& r = p_.rules[rule];
        std::size_t rows =
            r.subject == dsl::SubjectKind::record && r.subject_ref < facts_.tables.size()
                ? facts_.tables[r.subject_ref].rows.size()
                : 0;
        table.resize(std::max(slot + 1, rows));
    }
    Memo& memo = table[slot];
    if (memo.generation != generation_) {
        memo.generation = generation_;
        memo.state = Memo::State::empty;
        memo.node = no_node;
        memo.quiet = false;
    }
    return memo;
}

void Evaluator::reset_records() {
    ++generation_;
    for (auto& g : groups_) {
        g = GroupTable{};
    }
    for (auto& r : all_rows_) {
        r.reset();
    }
    allocations_.clear();
    indexes_.clear();
    shared_claims_.clear();
    range_totals_.clear();
    param_nodes_.clear();
    explanation_.clear();
}

namespace {

// One more of something in progress for as long as it is in scope (an aggregate: nothing is
// recorded inside one; plans switched off), also when an error is thrown.
struct Counting {
    explicit Counting(std::uint32_t& n) : n_(n) {
        ++n_;
    }
    ~Counting() {
        --n_;
    }
    Counting(const Counting&) = delete;
    Counting& operator=(const Counting&) = delete;

private:
    std::uint32_t& n_;
};

// Recording off, as an allocation's claims are computed: back on when it goes out of scope,
// also when an error is thrown.
struct Unrecorded {
    Unrecorded(std::uint32_t& node, bool& explain)
        : node_(node), explain_(explain), saved_node_(node), saved_explain_(explain) {
        node = no_node;
        explain = false;
    }
    ~Unrecorded() {
        node_ = saved_node_;
        explain_ = saved_explain_;
    }
    Unrecorded(const Unrecorded&) = delete;
    Unrecorded& operator=(const Unrecorded&) = delete;

private:
    std::uint32_t& node_;
    bool& explain_;
    std::uint32_t saved_node_;
    bool saved_explain_;
};

}  // namespace

// ---- rules --------------------------------------------------------------------------------------

std::vector<Value> Evaluator::subjects_of(std::uint32_t rule) {
    const dsl::RuleInfo& r = p_.rules[rule];
    std::vector<Value> out;
    switch (r.subject) {
        case dsl::SubjectKind::none:
            out.emplace_back();
            break;
        case dsl::SubjectKind::record: {
            std::size_t n = facts_.tables[r.subject_ref].rows.size();
            for (std::size_t i = 0; i < n; ++i) {
                out.push_back(Value::record(r.subject_ref, static_cast<std::int64_t>(i)));
            }
            break;
        }
        case dsl::SubjectKind::group: {
            build_groups(r.subject_ref);
            std::size_t n = groups_[r.subject_ref].keys.size();
            for (std::size_t i = 0; i < n; ++i) {
                out.push_back(Value::group(r.subject_ref, static_cast<std::int64_t>(i)));
            }
            break;
        }
        case dsl::SubjectKind::arguments:
            break;
    }
    return out;
}

std::optional<EvalError> Evaluator::group_error(std::uint32_t rule) {
    const dsl::RuleInfo& r = p_.rules[rule];
    if (r.subject != dsl::SubjectKind::group) {
        return std::nullopt;
    }
    build_groups(r.subject_ref);
    return groups_[r.subject_ref].key_error;
}

Outcome Evaluator::evaluate(std::uint32_t rule, const Value& subject) {
    Outcome out;
    steps_ = 0;
    depth_ = 0;
    node_ = no_node;
    in_aggregate_ = 0;
    capture_false_ = false;
    planned_in_assertion_ = false;
    plans_off_ = 0;
    arith_leaves_.clear();
    probed_ = dsl::no_expr;
    ground_ = 0;
    grounds_ = 0;
    // Parts of an evaluation switch recording off and back on; an error thrown in between
    // (a budget, say) skips the switch back, so every decision starts as asked.
    options_.explain = explain_;
    file_ = dsl::no_file;
    marks_.clear();
    area_ = {};
    // The subject is the one argument, if any: a view of it, no copy.
    std::span<const Value> args(&subject, subject.kind != ValueKind::absent ? 1 : 0);
    try {
        decision_body_ = p_.rules[rule].body;
        if (options_.max_time_ms != 0) {
            check_clock();
        }
        out.value = call_rule(rule, args, dsl::no_expr);
        out.ok = true;
    } catch (const EvalError& e) {
        out.error = e;
    }
    out.marks = marks_;
    if (options_.strict && out.ok) {
        for (std::uint32_t m : marks_.list()) {
            const dsl::MarkInfo& mark = p_.marks[m];
            if (mark.kind == dsl::CitationKind::assumption) {
                out.ok = false;
                out.error = EvalError{
                    Code::E3014,
                    message(options_.lang, Msg::run_strict, show(out.value, p_.rules[rule].result),
                            mark.name, mark.reason),
                    mark.where};
                break;
            }
        }
    }
    const dsl::RuleInfo& r = p_.rules[rule];
    if (r.subject != dsl::SubjectKind::arguments) {
        std::size_t slot =
            subject.kind == ValueKind::absent ? 0 : static_cast<std::size_t>(subject.i);
        if (slot < memo_[rule].size() && memo_[rule][slot].generation == generation_) {
            out.node = memo_[rule][slot].node;
        }
    }
    return out;
}

Value Evaluator::call_rule(std::uint32_t rule, std::span<const Value> args, ExprId call_site) {
    const dsl::RuleInfo& r = p_.rules[rule];
    bool memoised = r.subject != dsl::SubjectKind::arguments;
    // Inside an alternative nothing is recorded, and where recording is switched off (an
    // allocation's claims, a group's keys) neither: the rule gets no node, and a call that
    // records evaluates it again, so that no decision is memoised without its explanation.
    bool quiet = explain_ && (alternatives_ > 0 || !options_.explain);
    Memo* memo = nullptr;
    if (memoised) {
        std::size_t slot = args.empty() ? 0 : static_cast<std::size_t>(args[0].i);
        memo = &memo_entry(rule, slot);
        if (memo->quiet && options_.explain && alternatives_ == 0 &&
            (memo->state == Memo::State::done || memo->state == Memo::State::failed)) {
            memo->state = Memo::State::empty;  // evaluated unrecorded: again, with its node
        }
        switch (memo->state) {
            case Memo::State::done:
                // A rule first evaluated while recording was off (inside an allocation's
                // claims, say) has no node; it is shown as an input only.
                if (options_.explain && node_ != no_node && call_site != dsl::no_expr) {
                    input(src(call_site), memo->value, r.result, memo->node);
                    if (memo->node != no_node) {
                        add_child(node_, memo->node);
                    }
                }
                if (!soft_error_) {
                    marks_.merge(memo->marks);
                }
                return memo->value;
            case Memo::State::failed:
                // The marks of what it rested on up to the failure, whoever asks first.
                if (!soft_error_) {
                    marks_.merge(memo->marks);
                }
                throw *memo->error;
            case Memo::State::running:
                fail(Code::E3010, call_site == dsl::no_expr ? r.body : call_site,
                     message(options_.lang, Msg::run_cycle, r.short_name));
            case Memo::State::empty:
                break;
        }
        memo->state = Memo::State::running;
    }
    if (++depth_ > options_.max_depth) {
        --depth_;
        if (memo != nullptr) {
            memo->state = Memo::State::empty;
        }
        fail(Code::E3010, call_site == dsl::no_expr ? r.body : call_site,
             message(options_.lang, Msg::run_max_depth, options_.max_depth));
    }
    if (r.subject == dsl::SubjectKind::group && !args.empty() && groups_[r.subject_ref].key_error) {
        --depth_;
        if (memo != nullptr) {
            memo->state = Memo::State::failed;
            memo->error = std::make_unique<EvalError>(*groups_[r.subject_ref].key_error);
        }
        throw *groups_[r.subject_ref].key_error;
    }
    std::uint32_t parent = node_;
    dsl::FileId parent_file = file_;
    std::uint32_t my_node = no_node;
    // The rule's own derivation decides its node, whatever the caller's grounds.
    const std::uint8_t parent_ground = ground_;
    const bool soft_before = soft_error_.has_value();
    // A memoised value keeps the marks it rests on; a plain call adds to its caller's.
    MarkSet caller_marks;
    if (memo != nullptr) {
        caller_marks = std::move(marks_);
        marks_.clear();
    }
    // A rule about a subject is about the subject's area (none, if the subject has no such
    // field: its value is shared by every area); a plain function call belongs to its caller's.
    std::string_view parent_area = area_;
    if (!area_field_.empty() && memo != nullptr) {
        area_ = args.size() == 1 ? area_of(args[0]) : std::string_view{};
    }
    add_marks(r.sources);
    if (!r.area_sources.empty()) {
        add_marks(r.area_sources);
    }
    // The citations of the table row a rule is about, if its subject is one: looked up once,
    // for its marks and for its node.
    const std::vector<dsl::CitationInfo>* row_sources = nullptr;
    if (args.size() == 1 && args[0].kind == ValueKind::record) {
        const auto& from = facts_.tables[args[0].ref].from_table;
        if (!from.empty()) {
            auto it = from.find(static_cast<std::uint32_t>(args[0].i));
            if (it != from.end()) {
                row_sources = &p_.table_rows[it->second].sources;
            }
        }
    }
    // A rule about a table row rests on the row's marks as on its own (an interpretation of
    // the published table, say).
    if (memo != nullptr && row_sources != nullptr) {
        add_marks(*row_sources);
    }
    if (options_.explain && !quiet) {
        my_node = static_cast<std::uint32_t>(explanation_.nodes.size());
        ExplNode& n = explanation_.add();
        n.kind = r.kind == dsl::RuleKind::decision    ? ExplNode::Kind::decision
                 : r.kind == dsl::RuleKind::assertion ? ExplNode::Kind::assertion
                                                      : ExplNode::Kind::definition;
        n.name = r.name;
        if (args.size() == 1 &&
            (args[0].kind == ValueKind::record || args[0].kind == ValueKind::group)) {
            n.subject.assign(subject_ref(args[0]));
        }
        if (r.subject == dsl::SubjectKind::arguments) {
            std::string a;
            for (std::size_t k = 0; k < args.size(); ++k) {
                a += fmt::format("{}{} = {}", k > 0 ? ", " : "", r.params[k].name,
                                 show(args[k], r.params[k].type));
            }
            n.subject = a;
        }
        n.type = r.result;
        // A rule's node records a few steps (a branch, what the other way would give): room
        // for them at once rather than growing one step at a time.
        n.steps.reserve(4);
        n.where = r.where;
        cite_into(n.citations, r.sources);
        cite_into(n.citations, r.area_sources);
        if (row_sources != nullptr) {
            cite_into(n.citations, *row_sources);
        }
        node_ = my_node;
        ground_ = 0;
        if (memo != nullptr) {
            memo->node = my_node;
        }
    }
    file_ = r.where.file;
    if (options_.coverage != nullptr) {
        options_.coverage->rules[rule] = true;
    }
    // A rule used inside an aggregate is a node of its own: it lists every input it reads.
    std::uint32_t parent_aggregate = in_aggregate_;
    in_aggregate_ = 0;
    Value result;
    try {
        result = run_rule(rule, args);
    } catch (const EvalError& e) {
        in_aggregate_ = parent_aggregate;
        --depth_;
        node_ = parent;
        ground_ = parent_ground;
        file_ = parent_file;
        area_ = parent_area;
        if (memo != nullptr) {
            // A failure in a further ground is not kept: it did not decide, and a later call
            // that does evaluates the rule for itself.
            memo->state = soft_before || grounds_ > 0 ? Memo::State::empty : Memo::State::failed;
            memo->quiet = quiet;
            memo->error = std::make_unique<EvalError>(soft_error_ ? *soft_error_ : e);
            memo->marks = marks_;
            caller_marks.merge(marks_);
            marks_ = std::move(caller_marks);
        }
        if (my_node != no_node) {
            explanation_.nodes[my_node].failed = true;
            explanation_.nodes[my_node].error = e.message;
            if (parent != no_node) {
                add_child(parent, my_node);
            }
        }
        throw;
    }
    in_aggregate_ = parent_aggregate;
    --depth_;
    node_ = parent;
    ground_ = parent_ground;
    file_ = parent_file;
    if (my_node != no_node) {
        explanation_.nodes[my_node].value = result;
        if (parent != no_node) {
            add_child(parent, my_node);
            if (call_site != dsl::no_expr) {
                ExplNode& pn = explanation_.nodes[parent];
                pn.inputs.push_back(
                    ExplInput{p_.sources->file(parent_file).slice(p_.ast.expr(call_site).span),
                              result, r.result, my_node});
            }
        }
    }
    area_ = parent_area;
    if (memo != nullptr) {
        memo->state = Memo::State::done;
        memo->quiet = quiet;
        if (soft_error_) {
            // Failed softly in here (kept as the failure it is), or evaluated after a soft
            // failure (kept as nothing).
            memo->state = soft_before ? Memo::State::empty : Memo::State::failed;
            memo->error = std::make_unique<EvalError>(*soft_error_);
        }
        memo->value = result;
        memo->marks = marks_;
        caller_marks.merge(marks_);
        marks_ = std::move(caller_marks);
    }
    return result;
}

void Evaluator::failed_comparison_without_plans(ExprId body, Frame& frame) {
    // The same values again (memoised, the same marks), each record as the scan reaches it,
    // recording nothing: only the last comparison that did not hold is wanted.
    Counting off(plans_off_);
    FalseComparison planned = last_false_;
    last_false_ = FalseComparison{};
    try {
        Unrecorded quiet(node_, options_.explain);
        eval(body, frame);
    } catch (const EvalError&) {
        last_false_ = std::move(planned);  // a budget ran out: what the plan saw
    }
}

Value Evaluator::run_rule(std::uint32_t rule, std::span<const Value> args) {
    const dsl::RuleInfo& r = p_.rules[rule];
    // One frame per nesting depth, reused: no allocation per rule evaluation.
    while (frames_.size() <= depth_) {
        frames_.emplace_back();
    }
    Frame& frame = frames_[depth_];
    frame.slots.assign(std::max<std::size_t>(r.local_count, args.size()), Value{});
    std::copy(args.begin(), args.end(), frame.slots.begin());
    // Inside an alternative (what the branch not taken would give) nothing is recorded: the
    // rule has no node to add its exceptions and outcome to.
    const bool explain = options_.explain && node_ != no_node;

    std::optional<std::uint32_t> winner;
    if (!r.exceptions.empty()) {
        winner = deciding_exception(rule, frame, explain);
    }
    Value result;
    if (winner) {
        const auto& ex = r.exceptions[*winner];
        result = eval(ex.value, frame);
        if (explain) {
            step(StepKind::outcome, Phrase::outcome_exception,
                 args_of(StepArg::code(std::string_view(ex.name))), std::nullopt, ex.value);
            cite_into(explanation_.nodes[node_].citations, ex.sources);
            // Every ground of the outcome: the general rule's own tests and what it would
            // have given.
            general_rule_ground(r, ex, frame);
        }
    } else {
        bool saved_capture = capture_false_;
        capture_false_ = r.kind == dsl::RuleKind::assertion;
        if (!last_false_.text.empty()) {  // only ever set as a whole, text first
            last_false_ = FalseComparison{};
        }
        const bool saved_planned = planned_in_assertion_;
        planned_in_assertion_ = false;
        result = eval(r.body, frame);
        if (r.kind == dsl::RuleKind::assertion && !result.truthy() && planned_in_assertion_ &&
            !soft_error_) {
            failed_comparison_without_plans(r.body, frame);
        }
        planned_in_assertion_ = saved_planned;
        capture_false_ = saved_capture;
        if (explain && !r.exceptions.empty()) {
            step(StepKind::outcome, Phrase::outcome_base, args_of(), std::nullopt, dsl::no_expr);
        }
    }
    if (r.kind == dsl::RuleKind::assertion && !result.truthy()) {
        assertion_failed(r, args);
    }
    static const Number cent = Number::ratio(1, 100);
    if (r.kind == dsl::RuleKind::decision && result.kind == ValueKind::money &&
        !result.n.is_multiple_of(cent)) {
        not_whole_cents(r, result);
    }
    return result;
}

// Every exception is tested, so the explanation says why each did or did not apply. The one
// that decides, if any: an exception that another applicable one prevails over drops out, and
// two that remain are a conflict (E3003), never a silent first match.
std::optional<std::uint32_t> Evaluator::deciding_exception(std::uint32_t rule, Frame& frame,
                                                           bool explain) {
    const dsl::RuleInfo& r = p_.rules[rule];
    if (r.exceptions.empty()) {
        return std::nullopt;
    }
    std::vector<std::uint32_t> applicable;
    for (std::size_t k = 0; k < r.exceptions.size(); ++k) {
        const dsl::ExceptionInfo& ex = r.exceptions[k];
        bool holds = eval(ex.condition, frame).truthy();
        if (explain) {
            step(
                StepKind::exception, Phrase::exception,
                args_of(StepArg::code(std::string_view(ex.name)), StepArg::code(src(ex.condition))),
                holds, ex.condition);
        }
        if (holds) {
            applicable.push_back(static_cast<std::uint32_t>(k));
            if (options_.coverage != nullptr) {
                options_.coverage->exceptions[rule][k] = true;
            }
        }
    }
    std::vector<std::uint32_t> winners;
    for (std::uint32_t a : applicable) {
        bool beaten = std::any_of(applicable.begin(), applicable.end(), [&](std::uint32_t b) {
            const auto& over = r.exceptions[b].over;
            return b != a && std::find(over.begin(), over.end(), a) != over.end();
        });
        if (!beaten) {
            winners.push_back(a);
        }
    }
    if (winners.size() > 1) {
        const auto& a = r.exceptions[winners[0]];
        const auto& b = r.exceptions[winners[1]];
        throw EvalError{
            Code::E3003,
            message(options_.lang, Msg::run_conflict, a.name, b.name, r.short_name,
                    p_.sources->file(a.where.file).line_column(a.where.span.begin).line,
                    p_.sources->file(b.where.file).line_column(b.where.span.begin).line),
            b.where};
    }
    if (winners.empty()) {
        return std::nullopt;
    }
    // An exception's own marks count only when it decides: a decision that the general rule
    // (or an exception with priority) made does not rest on an assumption about this one. What
    // the conditions used (parameters, rules) has added its marks already.
    add_marks(r.exceptions[winners.front()].sources);
    return winners.front();
}

// A false assertion fails, naming the comparison that did not hold.
void Evaluator::assertion_failed(const dsl::RuleInfo& r, std::span<const Value> args) const {
    std::string why;
    if (!last_false_.text.empty()) {
        const FalseComparison& c = last_false_;
        why = message(options_.lang, Msg::run_assertion_why, c.text, c.lhs, c.lhs_value, c.rhs,
                      c.rhs_value);
    }
    throw EvalError{Code::E3007,
                    message(options_.lang, Msg::run_assertion, r.short_name,
                            args.empty() ? std::string()
                                         : message(options_.lang, Msg::run_assertion_for,
                                                   subject_text(args[0])),
                            why),
                    r.where};
}

// A money decision must come out at whole cents.
void Evaluator::not_whole_cents(const dsl::RuleInfo& r, const Value& result) const {
    throw EvalError{
        Code::E3008,
        message(options_.lang, Msg::run_not_whole_cents, r.short_name, result.n.to_money_display()),
        r.where};
}

// ---- further grounds (explanations only) ----------------------------------------------------

Evaluator::Ground Evaluator::evaluate_ground(ExprId e, Frame& f) {
    // What evaluating `e` changes, or leaves behind when it ends in an error, put back as it
    // was: the node being recorded, the depth, and what must not count (marks, budget steps).
    struct Restore {
        Evaluator& ev;
        MarkSet marks;
        std::uint32_t node;
        dsl::FileId file;
        std::size_t depth;
        std::size_t leaves;
        std::uint64_t steps;
        bool explain;
        bool capture;
        std::uint32_t aggregate;
        std::string_view area;
        std::uint8_t ground;
        explicit Restore(Evaluator& e)
            : ev(e),
              marks(e.marks_),
              node(e.node_),
              file(e.file_),
              depth(e.depth_),
              leaves(e.arith_leaves_.size()),
              steps(e.steps_),
              explain(e.options_.explain),
              capture(e.capture_false_),
              aggregate(e.in_aggregate_),
              area(e.area_),
              ground(e.ground_) {
            ++ev.grounds_;
            ++ev.ground_;
            ev.capture_false_ = false;  // an assertion names what decided, not a ground
        }
        ~Restore() {
            ev.marks_ = std::move(marks);
            ev.node_ = node;
            ev.file_ = file;
            ev.depth_ = depth;
            ev.arith_leaves_.resize(std::min(leaves, ev.arith_leaves_.size()));
            ev.steps_ = steps;
            ev.options_.explain = explain;
            ev.capture_false_ = capture;
            ev.in_aggregate_ = aggregate;
            ev.area_ = area;
            ev.ground_ = ground;
            --ev.grounds_;
        }
        Restore(const Restore&) = delete;
        Restore& operator=(const Restore&) = delete;
    } restore(*this);
    Ground out;
    try {
        out.value = eval(e, f);
    } catch (const EvalError& err) {
        if (err.code == Code::E3013) {
            throw;  // the run's time is up: that is the run's error, not the ground's
        }
        out.error = err;
    }
    return out;
}

void Evaluator::record_ground(ExprId e, Frame& f, StepKind kind, StepArg head, Phrase phrase,
                              Phrase failed) {
    if (options_.coverage != nullptr || ground_ == std::numeric_limits<std::uint8_t>::max()) {
        return;  // a coverage run counts only what decided
    }
    const std::uint32_t node = node_;
    const std::size_t at = explanation_.nodes[node].steps.size();
    Ground g = evaluate_ground(e, f);
    std::vector<StepArg> args = args_of(std::move(head));
    std::optional<bool> result;
    if (g.error) {
        args.push_back(StepArg::owned(std::move(g.error->message)));
        phrase = failed;
    } else {
        if (g.value.kind == ValueKind::boolean) {
            result = g.value.truthy();
        }
        args.push_back(StepArg::of(std::move(g.value), p_.expr_type[e]));
    }
    step(kind, phrase, std::move(args), result, e);
    // The heading goes before the steps of the ground it heads.
    auto& steps = explanation_.nodes[node].steps;
    std::rotate(steps.begin() + static_cast<std::ptrdiff_t>(at), steps.end() - 1, steps.end());
}

void Evaluator::further_ground(ExprId e, Frame& f) {
    if (std::holds_alternative<dsl::BoolLit>(p_.ast.expr(e).kind)) {
        return;  // nothing to test
    }
    record_ground(e, f, StepKind::ground, StepArg::code(src(e)), Phrase::ground,
                  Phrase::ground_failed);
}

void Evaluator::general_rule_ground(const dsl::RuleInfo& r, const dsl::ExceptionInfo& ex,
                                    Frame& f) {
    const ExprId body = r.body;
    if (literal_[body] || std::holds_alternative<dsl::NoneLit>(p_.ast.expr(body).kind) ||
        std::holds_alternative<dsl::BoolLit>(p_.ast.expr(body).kind)) {
        return;  // nothing at stake
    }
    record_ground(body, f, StepKind::alternative, StepArg::code(std::string_view(ex.name)),
                  Phrase::alternative_base, Phrase::alternative_base_failed);
}

// ---- parameters ---------------------------------------------------------------------------------

Value Evaluator::parameter(std::uint32_t param, std::optional<Value> when, ExprId site) {
    const dsl::ParameterInfo& info = p_.parameters[param];
    std::int32_t date = options_.as_of;
    if (when) {
        if (when->kind == ValueKind::year) {
            if (when->i < 1 || when->i > 9999) {
                fail(Code::E3005, site, message(options_.lang, Msg::run_not_a_year, when->i));
            }
            date = dsl::days_from_civil(static_cast<std::int32_t>(when->i), 1, 1);
        } else {
            date = static_cast<std::int32_t>(when->i);
        }
    }
    if (overrides_[param] != nullptr) {
        return overridden(param, site);
    }
    // Words for messages are only made when they are needed.
    // The parameter in the reader's words (its label), for the errors below.
    auto short_name = [&] { return dsl::parameter_label(p_, param); };
    for (std::size_t k = 0; k < info.versions.size(); ++k) {
        const dsl::VersionInfo& v = info.versions[k];
        if (date < v.from || (v.until && date > *v.until)) {
            continue;
        }
        auto period = [&] {
            return message(options_.lang, Msg::run_valid_from, date_text(v.from, options_.lang)) +
                   (v.until ? message(options_.lang, Msg::run_valid_until,
                                      date_text(*v.until, options_.lang))
                            : std::string());
        };
        if (v.value == dsl::no_expr) {
            fail(Code::E3004, site,
                 message(options_.lang, Msg::run_unpublished, short_name(),
                         when && when->kind == ValueKind::year ? std::to_string(when->i)
                                                               : date_text(date, options_.lang),
                         period(), v.note.empty() ? "" : ": " + v.note));
        }
        add_marks(info.sources);
        add_marks(v.sources);
        if (!info.area_sources.empty()) {
            add_marks(info.area_sources);
        }
        auto& cached = param_values_[param][k];
        if (!cached) {
            Scoped<std::uint32_t> unrecorded(node_, no_node);
            Scoped<dsl::FileId> file(file_, v.where.file);
            Scoped<bool> no_explain(options_.explain, false);
            // Kept for every later lookup: never from a stand-in (a failure here throws).
            Scoped<std::uint32_t> hard(alternatives_, 0);
            Frame empty;
            cached = eval(v.value, empty);
        }
        if (options_.explain && node_ != no_node) {
            auto key = std::make_tuple(param, k, date, area_, when ? site : dsl::no_expr);
            auto it = param_nodes_.find(key);
            std::uint32_t pn;
            if (it == param_nodes_.end()) {
                pn = static_cast<std::uint32_t>(explanation_.nodes.size());
                ExplNode& n = explanation_.add();
                n.kind = ExplNode::Kind::parameter;
                n.name = info.name;
                n.value = *cached;
                n.type = info.type;
                n.where = v.where;
                cite_into(n.citations, info.sources);
                cite_into(n.citations, v.sources);
                cite_into(n.citations, info.area_sources);
                ExplStep st{StepKind::parameter, {}, std::nullopt, v.where};
                st.args = explanation_.args();
                st.args.push_back(StepArg::of(Value::date(v.from), 0));
                st.args.push_back(v.until ? StepArg::of(Value::date(*v.until), 0)
                                          : StepArg::code(""));
                if (!when) {
                    st.phrase = Phrase::parameter_as_of;
                    st.args.push_back(StepArg::of(Value::date(options_.as_of), 0));
                } else {
                    const auto* at = std::get_if<dsl::At>(&p_.ast.expr(site).kind);
                    st.phrase = when->kind == ValueKind::year ? Phrase::parameter_year
                                                              : Phrase::parameter_date;
                    st.args.push_back(when->kind == ValueKind::year
                                          ? StepArg::owned(std::to_string(when->i))
                                          : StepArg::of(Value::date(date), 0));
                    st.args.push_back(StepArg::code(at != nullptr ? src(at->when) : src(site)));
                }
                n.steps.push_back(std::move(st));
                n.same_as = same_parameter(param, k, date, when ? site : dsl::no_expr);
                param_nodes_.emplace(key, pn);
            } else {
                pn = it->second;
            }
            input(src(site), *cached, info.type, pn);
            add_child(node_, pn, true);
        }
        return *cached;
    }
    EvalError error{
        Code::E3005,
        message(options_.lang, Msg::run_no_version, short_name(), date_text(date, options_.lang)),
        loc(site)};
    if (soft_failures()) {
        if (std::optional<Value> v = stand_in(info.type)) {
            if (!soft_error_) {
                soft_error_ = std::move(error);
            }
            return *v;
        }
    }
    throw error;
}

std::uint32_t Evaluator::same_parameter(std::uint32_t param, std::size_t version, std::int32_t date,
                                        ExprId site) {
    auto area = std::find(areas_.begin(), areas_.end(), area_);
    if (area == areas_.end()) {
        area = areas_.emplace(areas_.end(), area_);
    }
    auto key = std::make_tuple(param, version, date,
                               static_cast<std::size_t>(area - areas_.begin()), site);
    const auto next = static_cast<std::uint32_t>(same_parameter_.size() + 1);
    return same_parameter_.try_emplace(key, next).first->second;
}

std::optional<Value> Evaluator::stand_in(dsl::TypeId type) const {
    switch (p_.types.kind(type)) {
        case TypeKind::boolean:
            return Value::boolean(false);
        case TypeKind::integer:
            return Value::integer(0);
        case TypeKind::decimal:
            return Value::decimal(Number());
        case TypeKind::money:
            return Value::money(Number());
        case TypeKind::year:
            return Value::year(2000);
        case TypeKind::date:
            return Value::date(0);
        default:
            return std::nullopt;  // thrown as before
    }
}

// A parameter given one value for the run: no version is chosen, and the explanation says
// where the value came from instead, so a what-if is never read as the rules' own value.
Value Evaluator::overridden(std::uint32_t param, ExprId site) {
    const dsl::ParameterInfo& info = p_.parameters[param];
    const ParameterOverride& o = *overrides_[param];
    add_marks(info.sources);
    if (options_.explain && node_ != no_node) {
        auto key =
            std::make_tuple(param, std::numeric_limits<std::size_t>::max(), 0, area_, dsl::no_expr);
        auto it = param_nodes_.find(key);
        std::uint32_t pn;
        if (it == param_nodes_.end()) {
            pn = static_cast<std::uint32_t>(explanation_.nodes.size());
            ExplNode& n = explanation_.add();
            n.kind = ExplNode::Kind::parameter;
            n.name = info.name;
            n.value = o.value;
            n.type = info.type;
            n.where = info.where;
            cite_into(n.citations, info.sources);
            ExplStep st{StepKind::parameter, {}, std::nullopt, info.where};
            st.phrase = Phrase::parameter_override;
            st.args = {StepArg::owned(o.origin)};
            n.steps.push_back(std::move(st));
            param_nodes_.emplace(key, pn);
        } else {
            pn = it->second;
        }
        input(src(site), o.value, info.type, pn);
        auto& children = explanation_.nodes[node_].children;
        if (std::find(children.begin(), children.end(), pn) == children.end()) {
            children.push_back(pn);
        }
    }
    return o.value;
}

// ---- collections --------------------------------------------------------------------------------

Value Evaluator::rows_of(std::uint32_t record) {
    auto& cached = all_rows_[record];
    if (!cached) {
        std::vector<Value> rows;
        std::size_t n = facts_.tables[record].rows.size();
        rows.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            rows.push_back(Value::record(record, static_cast<std::int64_t>(i)));
        }
        cached = Value::collection(ValueKind::list, std::move(rows));
    }
    return *cached;
}

std::optional<std::vector<Value>> Evaluator::group_key(std::uint32_t group, std::size_t row,
                                                       std::optional<EvalError>& error) {
    const dsl::GroupInfo& g = p_.groups[group];
    std::vector<Value> key;
    key.reserve(g.keys.size());
    if (depth_ == 0) {
        // Not inside a decision (streaming, or listing the groups): the key's own budget.
        steps_ = 0;
    }
    for (const dsl::GroupKey& k : g.keys) {
        Value v;
        if (k.is_field) {
            v = facts_.tables[g.record].rows[row][k.index];
        } else {
            // Computed without recording: the key is not part of any one decision's derivation.
            std::uint32_t saved = node_;
            dsl::ExprId saved_body = decision_body_;
            node_ = no_node;
            if (depth_ == 0) {
                decision_body_ = p_.rules[k.index].body;
            }
            try {
                Value subject = Value::record(g.record, static_cast<std::int64_t>(row));
                v = call_rule(k.index, std::span<const Value>(&subject, 1), dsl::no_expr);
                decision_body_ = saved_body;
            } catch (const EvalError& e) {
                node_ = saved;
                decision_body_ = saved_body;
                if (!error) {
                    error = EvalError{e.code,
                                      message(options_.lang, Msg::run_groups_failed, k.name,
                                              p_.records[g.record].short_name,
                                              facts_.tables[g.record].keys[row], e.message),
                                      e.where};
                }
                return std::nullopt;
            }
            node_ = saved;
        }
        if (v.kind == ValueKind::absent) {
            return std::nullopt;
        }
        key.push_back(std::move(v));
    }
    return key;
}

void Evaluator::build_groups(std::uint32_t group) {
    GroupTable& table = groups_[group];
    if (table.built) {
        return;
    }
    table.built = true;
    // Kept for the record: never from a stand-in (a key that fails is the group's error).
    Scoped<std::uint32_t> hard(alternatives_, 0);
    const dsl::GroupInfo& g = p_.groups[group];
    std::map<std::vector<Value>, std::vector<std::uint32_t>,
             bool (*)(const std::vector<Value>&, const std::vector<Value>&)>
        by_key([](const std::vector<Value>& a, const std::vector<Value>& b) {
            for (std::size_t k = 0; k < a.size(); ++k) {
                int c = compare(a[k], b[k]);
                if (c != 0) {
                    return c < 0;
                }
            }
            return false;
        });
    const auto& rows = facts_.tables[g.record].rows;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (auto key = group_key(group, i, table.key_error)) {
            by_key[*key].push_back(static_cast<std::uint32_t>(i));
        }
    }
    for (auto& [key, members] : by_key) {
        table.keys.push_back(key);
        table.members.push_back(std::move(members));
    }
}

std::vector<Value> Evaluator::members(const Value& collection) {
    if (collection.kind == ValueKind::group) {
        const auto& m = groups_[collection.ref].members[static_cast<std::size_t>(collection.i)];
        std::vector<Value> out;
        out.reserve(m.size());
        std::uint32_t record = p_.groups[collection.ref].record;
        for (std::uint32_t row : m) {
            out.push_back(Value::record(record, row));
        }
        return out;
    }
    return collection.elements();
}

// ---- expressions --------------------------------------------------------------------------------

namespace {

Number as_number(const Value& v) {
    return v.kind == ValueKind::integer || v.kind == ValueKind::year ? Number(v.i) : v.n;
}

}  // namespace

Value Evaluator::eval_name(ExprId e, Frame& f) {
    const dsl::Resolution& res = p_.resolution[e];
    switch (res.kind) {
        case dsl::Resolution::Kind::local:
            return f.slots[res.index];
        case dsl::Resolution::Kind::rule:
            return call_rule(res.index, {}, e);
        case dsl::Resolution::Kind::parameter:
            return parameter(res.index, std::nullopt, e);
        case dsl::Resolution::Kind::enum_case:
            return Value::enumeration(res.index, res.extra);
        case dsl::Resolution::Kind::record_set:
            return rows_of(res.index);
        case dsl::Resolution::Kind::none:
        case dsl::Resolution::Kind::module:
        case dsl::Resolution::Kind::builtin:
        case dsl::Resolution::Kind::field:
        case dsl::Resolution::Kind::group_key:
        case dsl::Resolution::Kind::group_members:
            break;
    }
    fail(Code::E3001, e, "internal: unresolved name reached evaluation");
}

Value Evaluator::eval(ExprId e, Frame& f) {
    if (options_.max_steps != 0 && ++steps_ > options_.max_steps) {
        fail(Code::E3011, e, message(options_.lang, Msg::run_max_steps, options_.max_steps));
    }
    if (options_.max_time_ms != 0 && ++ticks_ >= 1024) {
        check_clock();
    }
    if (const auto& lit = literal_[e]) {
        return *lit;
    }
    const dsl::Expr& x = p_.ast.expr(e);
    return std::visit(
        [&](const auto& k) -> Value {
            using T = std::decay_t<decltype(k)>;
            if constexpr (std::is_same_v<T, dsl::NumberLit> || std::is_same_v<T, dsl::TextLit>) {
                return *literal_[e];
            } else if constexpr (std::is_same_v<T, dsl::BoolLit>) {
                return Value::boolean(k.value);
            } else if constexpr (std::is_same_v<T, dsl::DateLit>) {
                return Value::date(k.days);
            } else if constexpr (std::is_same_v<T, dsl::DateTimeLit>) {
                return Value::datetime(k.seconds);
            } else if constexpr (std::is_same_v<T, dsl::NoneLit>) {
                return Value{};
            } else if constexpr (std::is_same_v<T, dsl::NameRef>) {
                return eval_name(e, f);
            } else if constexpr (std::is_same_v<T, dsl::Member>) {
                const dsl::Resolution& res = p_.resolution[e];
                switch (res.kind) {
                    case dsl::Resolution::Kind::field: {
                        Value obj = eval(k.object, f);
                        if (obj.kind != ValueKind::record) {
                            fail(Code::E3006, k.object,
                                 message(options_.lang, Msg::run_absent, src(k.object)));
                        }
                        const Value& v =
                            facts_.tables[obj.ref].rows[static_cast<std::size_t>(obj.i)][res.index];
                        // Inside an aggregate a field has a value per element; the aggregate's
                        // own step says what it added up, so single values are not listed.
                        if (options_.explain && node_ != no_node && in_aggregate_ == 0) {
                            input(src(e), v, p_.expr_type[e]);
                        }
                        return v;
                    }
                    case dsl::Resolution::Kind::group_key: {
                        Value obj = eval(k.object, f);
                        const Value& v =
                            groups_[obj.ref].keys[static_cast<std::size_t>(obj.i)][res.index];
                        if (options_.explain && node_ != no_node) {
                            input(src(e), v, p_.expr_type[e]);
                        }
                        return v;
                    }
                    case dsl::Resolution::Kind::group_members: {
                        Value obj = eval(k.object, f);
                        return Value::collection(ValueKind::list, members(obj));
                    }
                    default:
                        return eval_name(e, f);
                }
            } else if constexpr (std::is_same_v<T, dsl::Call>) {
                const dsl::Resolution& res = p_.resolution[e];
                // Most calls take one argument (the subject): no allocation for up to four.
                std::array<Value, 4> small;
                std::vector<Value> large;
                std::span<Value> args;
                if (k.args.size() <= small.size()) {
                    for (std::size_t i = 0; i < k.args.size(); ++i) {
                        small[i] = eval(k.args[i], f);
                    }
                    args = std::span<Value>(small.data(), k.args.size());
                } else {
                    for (ExprId a : k.args) {
                        large.push_back(eval(a, f));
                    }
                    args = std::span<Value>(large);
                }
                if (res.kind == dsl::Resolution::Kind::builtin) {
                    // Built-ins cannot see the program; enum cases travel with their name.
                    for (Value& v : args) {
                        if (v.kind == ValueKind::enumeration) {
                            v.s = enum_names_[v.ref][static_cast<std::size_t>(v.i)];
                        }
                    }
                    try {
                        return builtins_.impls[res.index](args);
                    } catch (EvalError& err) {
                        err.where = loc(e);
                        throw;
                    }
                }
                return call_rule(res.index, args, e);
            } else if constexpr (std::is_same_v<T, dsl::Unary>) {
                Value v = eval(k.operand, f);
                if (k.op == dsl::UnaryOp::logical_not) {
                    return Value::boolean(!v.truthy());
                }
                if (v.kind == ValueKind::integer) {
                    if (v.i == INT64_MIN) {
                        fail(Code::E3001, e, message(options_.lang, Msg::run_negation_range));
                    }
                    return Value::integer(-v.i);
                }
                v.n = -v.n;
                return v;
            } else if constexpr (std::is_same_v<T, dsl::Binary>) {
                return eval_binary(e, k, f);
            } else if constexpr (std::is_same_v<T, dsl::IfExpr>) {
                bool c = eval(k.condition, f).truthy();
                if (options_.coverage != nullptr) {
                    options_.coverage->branches[e][c ? 0 : 1] = true;
                }
                bool rec = recording();
                if (rec) {
                    step(StepKind::branch, Phrase::branch_if,
                         args_of(StepArg::code(src(k.condition))), c, k.condition);
                }
                Value taken = eval(c ? k.then_branch : k.else_branch, f);
                if (rec) {
                    ExprId other = c ? k.else_branch : k.then_branch;
                    alternative(other, f,
                                args_of(StepArg::code(src(k.condition)), StepArg::code(src(other))),
                                Phrase::alternative_branch, c);
                }
                return taken;
            } else if constexpr (std::is_same_v<T, dsl::SetLit> ||
                                 std::is_same_v<T, dsl::ListLit>) {
                std::vector<Value> items;
                items.reserve(k.items.size());
                for (ExprId i : k.items) {
                    items.push_back(eval(i, f));
                }
                return Value::collection(
                    std::is_same_v<T, dsl::SetLit> ? ValueKind::set : ValueKind::list,
                    std::move(items));
            } else if constexpr (std::is_same_v<T, dsl::RangeLit>) {
                std::vector<Value> items{eval(k.low, f), eval(k.high, f)};
                Value v = Value::collection(ValueKind::list, std::move(items));
                v.kind = ValueKind::range;
                return v;
            } else if constexpr (std::is_same_v<T, dsl::Aggregate>) {
                return eval_aggregate(e, k, f);
            } else if constexpr (std::is_same_v<T, dsl::Extremum>) {
                std::vector<Value> vals;
                for (ExprId a : k.args) {
                    vals.push_back(eval(a, f));
                }
                std::size_t best = 0;
                for (std::size_t i = 1; i < vals.size(); ++i) {
                    int c = compare(vals[i], vals[best]);
                    if (k.is_max ? c > 0 : c < 0) {
                        best = i;
                    }
                }
                if (recording()) {
                    std::string parts;
                    for (std::size_t i = 0; i < vals.size(); ++i) {
                        // In the reader's words: "het aangevraagde bedrag € 7.323.111,00".
                        std::string label = operand_label(p_, src(k.args[i]), Lang::nl);
                        parts += fmt::format(
                            "{}{}{}", i > 0 ? ", " : "", label.empty() ? "" : label + " ",
                            value_text(p_, vals[i], p_.expr_type[k.args[i]], Lang::nl));
                    }
                    step(StepKind::cap, Phrase::cap,
                         args_of(StepArg::owned(std::move(parts)), StepArg::code(src(k.args[best])),
                                 StepArg::of(vals[best], p_.expr_type[e])),
                         std::nullopt, e)
                        .flag = k.is_max;
                }
                Value out = vals[best];
                // min(integer, decimal) keeps the checker's result type.
                if (p_.types.kind(p_.expr_type[e]) == TypeKind::decimal &&
                    out.kind == ValueKind::integer) {
                    out = Value::decimal(Number(out.i));
                }
                return out;
            } else if constexpr (std::is_same_v<T, dsl::Allocate>) {
                return eval_allocate(e, k, f);
            } else if constexpr (std::is_same_v<T, dsl::Round>) {
                Value v = eval(k.value, f);
                Value unit = eval(k.unit, f);
                Number u = as_number(unit);
                if (u.sign() <= 0) {
                    fail(Code::E3002, k.unit, message(options_.lang, Msg::run_rounding_unit));
                }
                RoundingMode mode = *rounding_mode_from_string(k.mode.text);
                Number before = as_number(v);
                Number after = before.round(u, mode);
                Value out = v;
                if (v.kind == ValueKind::integer) {
                    auto i = after.to_int64();
                    if (!i) {
                        fail(Code::E3001, e, message(options_.lang, Msg::run_rounded_range));
                    }
                    out.i = *i;
                } else {
                    out.n = after;
                }
                if (recording()) {
                    step(StepKind::rounding, Phrase::rounding,
                         args_of(StepArg::of(v, p_.expr_type[k.value]),
                                 StepArg::of(unit, p_.expr_type[k.unit]),
                                 StepArg::code(std::string_view(k.mode.text)),
                                 StepArg::of(out, p_.expr_type[e])),
                         std::nullopt, e);
                }
                return out;
            } else if constexpr (std::is_same_v<T, dsl::Match>) {
                Value s = eval(k.subject, f);
                const auto& arms = match_arms_.at(e);
                std::int32_t arm = arms[static_cast<std::size_t>(s.i)];
                if (options_.coverage != nullptr) {
                    options_.coverage->arms[e][static_cast<std::size_t>(arm)] = true;
                }
                if (recording()) {
                    step(StepKind::branch, Phrase::branch_match,
                         args_of(StepArg::code(src(k.subject)),
                                 StepArg::of(s, p_.expr_type[k.subject])),
                         std::nullopt, k.subject);
                }
                return eval(k.arms[static_cast<std::size_t>(arm)].body, f);
            } else if constexpr (std::is_same_v<T, dsl::At>) {
                Value when = eval(k.when, f);
                bool literal = literal_[k.when].has_value() ||
                               std::holds_alternative<dsl::DateLit>(p_.ast.expr(k.when).kind);
                if (options_.explain && node_ != no_node && !literal) {
                    input(src(k.when), when, p_.expr_type[k.when]);
                }
                return parameter(p_.resolution[k.parameter].index, when, e);
            } else if constexpr (std::is_same_v<T, dsl::IsPresent>) {
                bool present = eval(k.value, f).kind != ValueKind::absent;
                return Value::boolean(k.negated ? !present : present);
            } else if constexpr (std::is_same_v<T, dsl::Required>) {
                Value v;
                if (e == probed_) {
                    // alternative() has evaluated the operand already (and it is present).
                    probed_ = dsl::no_expr;
                    v = std::move(probed_value_);
                } else {
                    v = eval(k.value, f);
                }
                if (v.kind == ValueKind::absent) {
                    throw required_absent(k.value);
                }
                return v;
            } else {
                static_assert(sizeof(T) == 0, "unhandled expression kind");
            }
        },
        x.kind);
}

Value Evaluator::eval_binary(ExprId e, const dsl::Binary& b, Frame& f) {
    using Op = dsl::BinaryOp;
    if (b.op == Op::logical_and || b.op == Op::logical_or) {
        bool l = eval(b.lhs, f).truthy();
        if (b.op == Op::logical_and ? !l : l) {
            if (recording()) [[unlikely]] {
                further_ground(b.rhs, f);  // decided, but it may be a ground as well
            }
            return Value::boolean(l);
        }
        return Value::boolean(eval(b.rhs, f).truthy());
    }
    if (b.op == Op::otherwise) {
        Value l = eval(b.lhs, f);
        return l.kind != ValueKind::absent ? l : eval(b.rhs, f);
    }
    bool arithmetic = arith_[e];
    std::size_t leaves = arith_leaves_.size();
    // Operands that already live somewhere (a literal, a local, a field) are used in place.
    bool l_in_frame = false;
    bool r_in_frame = false;
    Value l_value;
    Value r_value;
    const Value* lp = lookup(b.lhs, f, l_in_frame);
    if (lp == nullptr) {
        l_value = eval(b.lhs, f);
        lp = &l_value;
    }
    const Value* rp = lookup(b.rhs, f, r_in_frame);
    if (rp == nullptr) {
        if (l_in_frame) {
            // Evaluating the right side may grow the frame's slots (an aggregate's variable).
            l_value = *lp;
            lp = &l_value;
        }
        r_value = eval(b.rhs, f);
        rp = &r_value;
    }
    const Value& l = *lp;
    const Value& r = *rp;
    if (arithmetic && options_.explain) {
        // The operands, for the line that shows the whole calculation (see formula()).
        if (!arith_[b.lhs]) {
            arith_leaves_.emplace_back(b.lhs, l);
        }
        if (!arith_[b.rhs]) {
            arith_leaves_.emplace_back(b.rhs, r);
        }
    }
    if (!arithmetic) {
        Value v = eval_operator(e, b, l, r);
        if (recording() || (capture_false_ && !v.truthy())) {
            if (capture_false_ && !v.truthy()) {
                last_false_ = FalseComparison{std::string(src(e)), std::string(src(b.lhs)),
                                              show(l, p_.expr_type[b.lhs]), std::string(src(b.rhs)),
                                              show(r, p_.expr_type[b.rhs])};
            }
            if (recording()) {
                // The operands are not used after this: those evaluated here are moved.
                Value lv = lp == &l_value ? std::move(l_value) : Value(l);
                Value rv = rp == &r_value ? std::move(r_value) : Value(r);
                step(StepKind::comparison, Phrase::comparison,
                     args_of(StepArg::code(src(b.lhs)),
                             StepArg::of(std::move(lv), p_.expr_type[b.lhs]),
                             StepArg::code(src(b.rhs)),
                             StepArg::of(std::move(rv), p_.expr_type[b.rhs])),
                     v.truthy(), e)
                    .op = b.op;
            }
        }
        return v;
    }
    Value v = eval_operator(e, b, l, r);
    if (!arith_operand_[e]) {
        if (recording() && v.kind != ValueKind::text) {
            step(StepKind::arithmetic, Phrase::arithmetic,
                 args_of(StepArg::owned(formula(e, leaves)), StepArg::of(v, p_.expr_type[e]),
                         StepArg::code(src(e))),
                 std::nullopt, e);
        }
        arith_leaves_.resize(std::min(leaves, arith_leaves_.size()));
    }
    return v;
}

// The value of `e` where it already lives, without a copy: a literal, a local, or a field of a
// record held in a local; nullptr when it has to be evaluated. Records what eval() would.
// `in_frame`: the value is one of the frame's slots (which later evaluation may move).
const Value* Evaluator::lookup(ExprId e, Frame& f, bool& in_frame) {
    if (options_.max_steps != 0 || options_.max_time_ms != 0) {
        return nullptr;  // the budgets count every evaluation step
    }
    if (const auto& lit = literal_[e]) {
        return &*lit;
    }
    const auto& kind = p_.ast.expr(e).kind;
    const dsl::Resolution& res = p_.resolution[e];
    if (std::holds_alternative<dsl::NameRef>(kind) && res.kind == dsl::Resolution::Kind::local) {
        in_frame = true;
        return &f.slots[res.index];
    }
    const auto* m = std::get_if<dsl::Member>(&kind);
    if (m == nullptr || res.kind != dsl::Resolution::Kind::field) {
        return nullptr;
    }
    bool object_in_frame = false;
    const Value* obj = lookup(m->object, f, object_in_frame);
    if (obj == nullptr || obj->kind != ValueKind::record) {
        return nullptr;  // eval() computes it (the object again, harmlessly) or says why not
    }
    const Value& v = facts_.tables[obj->ref].rows[static_cast<std::size_t>(obj->i)][res.index];
    if (options_.explain && node_ != no_node && in_aggregate_ == 0) {
        input(src(e), v, p_.expr_type[e]);
    }
    return &v;
}

Value Evaluator::eval_operator(ExprId e, const dsl::Binary& b, const Value& l, const Value& r) {
    using Op = dsl::BinaryOp;
    TypeKind rk = p_.types.kind(p_.expr_type[e]);
    auto int_result = [&](std::int64_t x, std::int64_t y, Op op) -> Value {
        std::int64_t out = 0;
        bool overflow = false;
        switch (op) {
            case Op::add:
                overflow = __builtin_add_overflow(x, y, &out);
                break;
            case Op::sub:
                overflow = __builtin_sub_overflow(x, y, &out);
                break;
            case Op::mul:
                overflow = __builtin_mul_overflow(x, y, &out);
                break;
            default:
                break;
        }
        if (overflow) {
            fail(Code::E3001, e,
                 message(options_.lang, Msg::run_out_of_range, x, to_string(op), y));
        }
        if (rk == TypeKind::year) {
            if (out < 1 || out > 9999) {
                fail(Code::E3001, e, message(options_.lang, Msg::run_not_a_year, out));
            }
            return Value::year(out);
        }
        if (rk == TypeKind::date) {
            if (out < -719162 || out > 2932896) {
                fail(Code::E3001, e, message(options_.lang, Msg::run_date_range));
            }
            return Value::date(out);
        }
        return Value::integer(out);
    };
    switch (b.op) {
        case Op::add:
        case Op::sub:
        case Op::mul:
        case Op::div: {
            if (l.kind == ValueKind::text) {
                return Value::text(l.str() + r.str());
            }
            bool ints = (l.kind == ValueKind::integer || l.kind == ValueKind::year ||
                         l.kind == ValueKind::date) &&
                        (r.kind == ValueKind::integer || r.kind == ValueKind::year ||
                         r.kind == ValueKind::date);
            if (ints && b.op != Op::div) {
                return int_result(l.i, r.i, b.op);
            }
            Number x = as_number(l);
            Number y = as_number(r);
            Number out;
            try {
                switch (b.op) {
                    case Op::add:
                        out = x + y;
                        break;
                    case Op::sub:
                        out = x - y;
                        break;
                    case Op::mul:
                        out = x * y;
                        break;
                    default:
                        out = x / y;
                        break;
                }
            } catch (const std::domain_error&) {
                fail(Code::E3002, b.rhs,
                     message(options_.lang, Msg::run_division_by_zero, src(b.rhs)));
            }
            return rk == TypeKind::money ? Value::money(std::move(out))
                                         : Value::decimal(std::move(out));
        }
        case Op::eq:
            return Value::boolean(compare(l, r) == 0);
        case Op::ne:
            return Value::boolean(compare(l, r) != 0);
        case Op::lt:
            return Value::boolean(compare(l, r) < 0);
        case Op::le:
            return Value::boolean(compare(l, r) <= 0);
        case Op::gt:
            return Value::boolean(compare(l, r) > 0);
        case Op::ge:
            return Value::boolean(compare(l, r) >= 0);
        case Op::in:
        case Op::not_in: {
            bool found = false;
            if (r.kind == ValueKind::range) {
                found = compare(l, r.elements()[0]) >= 0 && compare(l, r.elements()[1]) <= 0;
            } else {
                for (const Value& item : r.elements()) {
                    if (compare(l, item) == 0) {
                        found = true;
                        break;
                    }
                }
            }
            return Value::boolean(b.op == Op::in ? found : !found);
        }
        case Op::overlaps: {
            for (const Value& a : l.elements()) {
                for (const Value& c : r.elements()) {
                    if (compare(a, c) == 0) {
                        return Value::boolean(true);
                    }
                }
            }
            return Value::boolean(false);
        }
        case Op::logical_and:
        case Op::logical_or:
        case Op::otherwise:
            break;
    }
    fail(Code::E3001, e, "internal: unknown operator");
}

void Evaluator::tally(ExprId e, const dsl::Aggregate& a, Tally& t, const Value& v) {
    switch (a.kind) {
        case dsl::AggregateKind::sum:
            if (v.kind == ValueKind::integer) {
                if (__builtin_add_overflow(t.int_sum, v.i, &t.int_sum)) {
                    fail(Code::E3001, e, message(options_.lang, Msg::run_sum_range));
                }
            } else {
                t.sum = t.sum + v.n;
            }
            break;
        case dsl::AggregateKind::min:
        case dsl::AggregateKind::max:
            if (!t.best || (a.kind == dsl::AggregateKind::min ? compare(v, *t.best) < 0
                                                              : compare(v, *t.best) > 0)) {
                t.best = v;
            }
            break;
        case dsl::AggregateKind::all:
            t.all = t.all && v.truthy();
            break;
        case dsl::AggregateKind::any:
            t.any = t.any || v.truthy();
            break;
        case dsl::AggregateKind::count:
            break;
    }
}

Value Evaluator::tally_result(ExprId e, const dsl::Aggregate& a, const Tally& t) {
    TypeKind rk = p_.types.kind(p_.expr_type[e]);
    switch (a.kind) {
        case dsl::AggregateKind::count:
            return Value::integer(t.count);
        case dsl::AggregateKind::sum:
            return rk == TypeKind::integer ? Value::integer(t.int_sum)
                   : rk == TypeKind::money ? Value::money(t.sum)
                                           : Value::decimal(t.sum);
        case dsl::AggregateKind::min:
        case dsl::AggregateKind::max:
            if (!t.best) {
                fail(Code::E3009, e,
                     message(options_.lang,
                             a.filter != dsl::no_expr ? Msg::run_empty_min_max_match
                                                      : Msg::run_empty_min_max,
                             to_string(a.kind), src(a.collection)));
            }
            return *t.best;
        case dsl::AggregateKind::all:
            return Value::boolean(t.all);
        case dsl::AggregateKind::any:
            return Value::boolean(t.any);
    }
    fail(Code::E3001, e, "internal: unknown aggregate");
}

Value Evaluator::eval_aggregate(ExprId e, const dsl::Aggregate& a, Frame& f) {
    // Planned, where the scan would record nothing per element (an explained aggregate lists
    // every record it looked at, so it looks at them all).
    if (const AccessPlan* plan = plan_of(e);
        plan != nullptr && !(options_.explain && node_ != no_node)) {
        if (auto v = eval_planned_aggregate(e, a, *plan, f)) {
            return std::move(*v);
        }
    }
    Value coll = eval(a.collection, f);
    std::vector<Value> items = members(coll);
    std::uint32_t slot = p_.resolution[e].index;
    if (f.slots.size() <= slot) {
        f.slots.resize(slot + 1);
    }
    Tally t;
    // The elements, counted and left out, each with its value (explanations only).
    bool record_terms = recording();
    std::vector<ExplTerm> terms;
    Counting inside(in_aggregate_);
    for (const Value& item : items) {
        f.slots[slot] = item;
        if (a.filter != dsl::no_expr && !eval(a.filter, f).truthy()) {
            if (record_terms) {
                terms.push_back(ExplTerm{key_text(item), Value{}, 0, false});
            }
            continue;
        }
        ++t.count;
        if (a.kind == dsl::AggregateKind::count) {
            if (record_terms) {
                terms.push_back(ExplTerm{key_text(item), Value{}, 0, true});
            }
            continue;
        }
        Value v = eval(a.body, f);
        if (record_terms) {
            terms.push_back(ExplTerm{key_text(item), v, p_.expr_type[a.body], true});
        }
        tally(e, a, t, v);
    }
    Value out = tally_result(e, a, t);
    if (record_terms) {
        step(StepKind::aggregate, Phrase::aggregate,
             args_of(StepArg::code(to_string(a.kind)), StepArg::owned(std::to_string(t.count)),
                     StepArg::owned(std::to_string(items.size())), StepArg::code(src(a.collection)),
                     StepArg::of(out, p_.expr_type[e]),
                     StepArg::code(a.filter != dsl::no_expr ? src(a.filter) : std::string_view())),
             std::nullopt, e)
            .terms = std::move(terms);
    }
    return out;
}

// ---- planned aggregates and allocations (planner.hpp)
// --------------------------------------------

const AccessPlan* Evaluator::plan_of(ExprId e) {
    if (options_.plan != EvalOptions::Plan::indexed || plans_off_ > 0) {
        return nullptr;
    }
    const AccessPlan* plan = planner_.plan(e);
    // An assertion that fails names the last comparison that did not hold, which may be one
    // the plan skipped: run_rule then evaluates it again without plans.
    planned_in_assertion_ = planned_in_assertion_ || (plan != nullptr && capture_false_);
    return plan;
}

const RowIndex& Evaluator::row_index(ExprId e, const AccessPlan& plan) {
    auto& index = indexes_[e];
    const auto& rows = facts_.tables[plan.record].rows;
    if (!index || index->rows() != rows.size()) {
        index = std::make_unique<RowIndex>(plan, rows);
        range_totals_.erase(e);  // by partition of the index they were built on
    }
    return *index;
}

bool Evaluator::subject_values(const AccessPlan& plan, Frame& f, std::vector<Value>& key,
                               Value& bound) {
    key.clear();
    key.reserve(plan.keys.size());
    try {
        for (const PlanKey& k : plan.keys) {
            key.push_back(eval(k.subject, f));
        }
        if (plan.range) {
            bound = eval(plan.range->subject, f);
        }
    } catch (const EvalError&) {
        return false;
    }
    return true;
}

std::optional<Value> Evaluator::eval_planned_aggregate(ExprId e, const dsl::Aggregate& a,
                                                       const AccessPlan& plan, Frame& f) {
    if (f.slots.size() <= plan.slot) {
        f.slots.resize(plan.slot + 1);
    }
    Counting inside(in_aggregate_);
    std::vector<Value> key;
    Value bound;
    if (!subject_values(plan, f, key, bound)) {
        return std::nullopt;
    }
    const RowIndex& index = row_index(e, plan);
    const Partition* part = index.find(key);
    if (part != nullptr && plan.range_totals) {
        if (auto v = from_range_totals(e, a, plan, index, *part, bound, f)) {
            return v;
        }
    }
    // The candidates passed the keys and the range; the rest of the filter and the body are
    // evaluated as the scan evaluates them, in record order.
    std::vector<std::uint32_t> sliced;
    if (part != nullptr && plan.range) {
        sliced = index.slice(*part, bound);
    }
    const std::vector<std::uint32_t>& rows = part == nullptr || plan.range ? sliced : part->rows;
    Tally t;
    for (std::uint32_t row : rows) {
        f.slots[plan.slot] = Value::record(plan.record, row);
        if (!holds(plan.rest, f)) {
            continue;
        }
        ++t.count;
        if (a.kind != dsl::AggregateKind::count) {
            tally(e, a, t, eval(a.body, f));
        }
    }
    return tally_result(e, a, t);
}

const Evaluator::RangeTotals* Evaluator::range_totals(ExprId e, const dsl::Aggregate& a,
                                                      const AccessPlan& plan, const Partition& part,
                                                      Frame& f) {
    auto& built = range_totals_[e];
    if (auto it = built.find(&part); it != built.end()) {
        return &it->second;
    }
    // Evaluating every record of the partition runs ahead of the scan: only where that leaves
    // no trace the scan would not (failures are memoised with their marks either way).
    if (alternatives_ > 0 || grounds_ > 0 || soft_error_ || options_.coverage != nullptr ||
        options_.max_steps != 0) {
        return nullptr;
    }
    const TypeKind rk = p_.types.kind(p_.expr_type[e]);
    RangeTotals t;
    const std::size_t n = part.by_range.size();
    t.sums.resize(n + 1);
    t.counts.resize(n + 1);
    t.failures.resize(n + 1);
    t.prefix_marks.resize(n + 1);
    t.suffix_marks.resize(n + 1);
    t.usable = true;
    std::vector<MarkSet> own(n);
    MarkSet saved_marks = std::move(marks_);
    Value saved_slot = f.slots[plan.slot];
    {
        Unrecorded quiet(node_, options_.explain);
        for (std::size_t k = 0; k < n; ++k) {
            marks_.clear();
            f.slots[plan.slot] = Value::record(plan.record, part.by_range[k]);
            bool in = false;
            bool failed = false;
            Value v;
            try {
                in = holds(plan.rest, f);
                if (in && a.kind == dsl::AggregateKind::sum) {
                    v = eval(a.body, f);
                }
            } catch (const EvalError&) {
                failed = true;
            }
            own[k] = marks_;
            t.failures[k + 1] = t.failures[k] + (failed ? 1 : 0);
            const bool counted = in && !failed;
            t.counts[k + 1] = t.counts[k] + (counted ? 1 : 0);
            t.sums[k + 1] = t.sums[k];
            if (counted && a.kind == dsl::AggregateKind::sum) {
                // The scan adds integers and numbers apart; a part of the other kind: scan.
                if ((v.kind == ValueKind::integer) != (rk == TypeKind::integer)) {
                    t.usable = false;
                }
                t.negative = t.negative || (v.kind == ValueKind::integer && v.i < 0);
                t.sums[k + 1] = t.sums[k] + (v.kind == ValueKind::integer ? Number(v.i) : v.n);
            }
            t.prefix_marks[k + 1] = t.prefix_marks[k];
            t.prefix_marks[k + 1].merge(own[k]);
        }
    }
    for (std::size_t k = n; k-- > 0;) {
        t.suffix_marks[k] = t.suffix_marks[k + 1];
        t.suffix_marks[k].merge(own[k]);
    }
    f.slots[plan.slot] = saved_slot;
    marks_ = std::move(saved_marks);
    if (soft_error_) {
        return nullptr;
    }
    return &built.emplace(&part, std::move(t)).first->second;
}

std::optional<Value> Evaluator::from_range_totals(ExprId e, const dsl::Aggregate& a,
                                                  const AccessPlan& plan, const RowIndex& index,
                                                  const Partition& part, const Value& bound,
                                                  Frame& f) {
    const RangeTotals* t = range_totals(e, a, plan, part, f);
    if (t == nullptr || !t->usable) {
        return std::nullopt;
    }
    auto [first, last] = index.bounds(part, bound);
    const std::size_t n = part.by_range.size();
    // A failure in the slice: the scan says which record's surfaces first.
    if (t->failures[last] != t->failures[first] || (first != 0 && last != n)) {
        return std::nullopt;
    }
    const TypeKind rk = p_.types.kind(p_.expr_type[e]);
    if (a.kind == dsl::AggregateKind::sum && rk == TypeKind::integer && t->negative) {
        return std::nullopt;  // the scan's running sum could leave the range and come back
    }
    marks_.merge(first == 0 ? t->prefix_marks[last] : t->suffix_marks[first]);
    if (a.kind == dsl::AggregateKind::count) {
        return Value::integer(t->counts[last] - t->counts[first]);
    }
    Number sum = t->sums[last] - t->sums[first];
    if (rk == TypeKind::integer) {
        auto whole = sum.to_int64();
        if (!whole) {
            fail(Code::E3001, e, message(options_.lang, Msg::run_sum_range));
        }
        return Value::integer(*whole);
    }
    return rk == TypeKind::money ? Value::money(std::move(sum)) : Value::decimal(std::move(sum));
}

bool Evaluator::holds(std::span<const ExprId> conditions, Frame& f) {
    for (ExprId c : conditions) {
        if (!eval(c, f).truthy()) {
            return false;
        }
    }
    return true;
}

std::optional<Evaluator::AllocationClaim> Evaluator::claim_of(const dsl::Allocate& a, Frame& f,
                                                              std::span<const ExprId> conditions,
                                                              std::uint32_t slot,
                                                              const Value& item) {
    f.slots[slot] = item;
    if (!holds(conditions, f)) {
        return std::nullopt;
    }
    Value c = eval(a.claim, f);
    if (c.n.sign() < 0) {
        fail(Code::E3012, a.claim,
             message(options_.lang, Msg::run_negative_claim, c.n.to_money_display()));
    }
    AllocationClaim claim;
    claim.row = item.i;
    claim.claim = std::move(c.n);
    if (a.order_key != dsl::no_expr) {
        claim.order = eval(a.order_key, f);
    }
    return claim;
}

void Evaluator::claim_key(std::string& key, const AllocationClaim& c) const {
    key += fmt::format(
        "|{}:{}:{}", c.row, c.claim.to_display(false),
        c.order.kind == ValueKind::absent ? std::string() : display_value(p_, c.order, 0));
}

const Evaluator::Allocation* Evaluator::shared_allocation(ExprId e, const dsl::Allocate& a,
                                                          const AccessPlan& plan, Frame& f,
                                                          const std::vector<Value>& key,
                                                          const std::vector<std::uint32_t>& rows,
                                                          const Number& amount) {
    const std::uint32_t record = plan.record;
    SharedClaims& shared =
        shared_claims_[{e, plan.claims_area_free ? std::string() : std::string(area_)}][key];
    if (shared.building) {
        return nullptr;
    }
    if (!shared.built) {
        shared.building = true;
        // The marks the claims rest on are kept with them, for every recipient.
        MarkSet before = std::move(marks_);
        marks_.clear();
        MarkSet before_row;
        Value saved_slot = f.slots[plan.slot];
        try {
            Unrecorded quiet(node_, options_.explain);
            for (std::uint32_t row : rows) {
                before_row = marks_;
                shared.failed_row = row;
                if (auto c = claim_of(a, f, plan.rest, plan.slot, Value::record(record, row))) {
                    shared.sum = shared.sum + c->claim;
                    shared.claims.push_back(std::move(*c));
                }
            }
        } catch (const EvalError& err) {
            shared.error = err;
        }
        f.slots[plan.slot] = saved_slot;
        shared.building = false;
        // A claim that failed is evaluated again for every later recipient, as the scan
        // would: what its failure leaves (marks of a plain call, say) is not kept.
        shared.marks = shared.error ? before_row : marks_;
        MarkSet first = std::move(marks_);
        marks_ = std::move(before);
        marks_.merge(first);
        if (soft_error_) {
            shared = SharedClaims{};
            throw *soft_error_;  // a claim rests on a stand-in: never cached
        }
        shared.built = true;
        if (shared.error) {
            throw *shared.error;
        }
    } else {
        marks_.merge(shared.marks);
        if (shared.error) {
            Unrecorded quiet(node_, options_.explain);
            Value saved_slot = f.slots[plan.slot];
            claim_of(a, f, plan.rest, plan.slot, Value::record(record, shared.failed_row));
            f.slots[plan.slot] = saved_slot;
            return nullptr;  // it holds now: the scan in full says what follows
        }
    }
    auto it = std::find_if(shared.by_amount.begin(), shared.by_amount.end(),
                           [&](const auto& x) { return x.first == amount; });
    if (it == shared.by_amount.end()) {
        Allocation made = share_out(a, shared.claims, shared.sum, amount, record);
        shared.by_amount.emplace_back(amount, std::move(made));
        it = std::prev(shared.by_amount.end());
    }
    return &it->second;
}

template <typename Item>
const Evaluator::Allocation& Evaluator::claims_allocation(ExprId e, const dsl::Allocate& a,
                                                          Frame& f,
                                                          std::span<const ExprId> conditions,
                                                          std::uint32_t slot, std::size_t count,
                                                          const Item& item, const Number& amount,
                                                          std::uint32_t record) {
    // Claims are computed without recording: the allocation's own step says what it did.
    std::string key = fmt::format("{}|{}", e, amount.to_display(false));
    Number sum;
    std::vector<AllocationClaim> claims;
    {
        Unrecorded quiet(node_, options_.explain);
        Value saved_slot = f.slots[slot];
        for (std::size_t k = 0; k < count; ++k) {
            if (auto c = claim_of(a, f, conditions, slot, item(k))) {
                sum = sum + c->claim;
                claim_key(key, *c);
                claims.push_back(std::move(*c));
            }
        }
        f.slots[slot] = saved_slot;
    }
    auto it = allocations_.find(key);
    if (it == allocations_.end()) {
        Allocation made = share_out(a, std::move(claims), sum, amount, record);
        if (soft_error_) {
            throw *soft_error_;  // a claim rests on a stand-in: never cached
        }
        it = allocations_.emplace(key, std::move(made)).first;
    }
    return it->second;
}

std::optional<Value> Evaluator::eval_planned_allocate(ExprId e, const dsl::Allocate& a,
                                                      const AccessPlan& plan, Frame& f) {
    Value target = eval(a.target, f);
    Value total = eval(a.total, f);
    if (f.slots.size() <= plan.slot) {
        f.slots.resize(plan.slot + 1);
    }
    const std::uint32_t record = plan.record;
    std::vector<Value> key;
    {
        Value no_range;
        Unrecorded quiet(node_, options_.explain);
        if (!subject_values(plan, f, key, no_range)) {
            return std::nullopt;
        }
    }
    const Partition* part = row_index(e, plan).find(key);
    static const std::vector<std::uint32_t> no_rows;
    const std::vector<std::uint32_t>& rows = part != nullptr ? part->rows : no_rows;
    const Allocation* alloc =
        plan.shared_claims
            ? shared_allocation(e, a, plan, f, key, rows, total.n)
            : &claims_allocation(
                  e, a, f, plan.rest, plan.slot, rows.size(),
                  [&](std::size_t k) { return Value::record(record, rows[k]); }, total.n, record);
    if (alloc == nullptr) {
        return std::nullopt;
    }
    auto share = alloc->shares.find(target.i);
    Number result = share == alloc->shares.end() ? Number() : share->second;
    if (recording()) {
        const bool member = target.kind == ValueKind::record && target.ref == record &&
                            target.i >= 0 &&
                            static_cast<std::size_t>(target.i) < facts_.tables[record].rows.size();
        record_allocation(e, a, f, *alloc, target, total.n, member, record);
    }
    return Value::money(result);
}

Value Evaluator::eval_allocate(ExprId e, const dsl::Allocate& a, Frame& f) {
    if (soft_error_) {
        throw *soft_error_;  // its shares are cached: never from a stand-in
    }
    if (const AccessPlan* plan = plan_of(e)) {
        if (auto v = eval_planned_allocate(e, a, *plan, f)) {
            return std::move(*v);
        }
    }
    Value coll = eval(a.collection, f);
    Value target = eval(a.target, f);
    Value total = eval(a.total, f);
    // The claimants depend on the frame (the filter may read the target), so they are
    // computed on every call; the sharing itself is cached per distinct set of claims.
    std::vector<Value> items = members(coll);
    std::uint32_t slot = p_.resolution[e].index;
    if (f.slots.size() <= slot) {
        f.slots.resize(slot + 1);
    }
    // Ties (equal remainders, equal positions) go by the claimants' record keys, compared as
    // values in key order, so the outcome never depends on the order of the facts file.
    std::uint32_t record = coll.kind == ValueKind::group ? p_.groups[coll.ref].record
                           : items.empty()               ? 0
                                                         : items.front().ref;
    std::span<const ExprId> filter(&a.filter, a.filter != dsl::no_expr ? 1 : 0);
    const Allocation& alloc = claims_allocation(
        e, a, f, filter, slot, items.size(), [&](std::size_t k) { return items[k]; }, total.n,
        record);
    auto share = alloc.shares.find(target.i);
    Number result = share == alloc.shares.end() ? Number() : share->second;
    if (recording()) {
        const bool member = std::any_of(items.begin(), items.end(), [&](const Value& v) {
            return v.ref == target.ref && v.i == target.i;
        });
        record_allocation(e, a, f, alloc, target, total.n, member, record);
    }
    return Value::money(result);
}

bool Evaluator::record_key_less(std::uint32_t record, std::int64_t x, std::int64_t y) const {
    const auto& rows = facts_.tables[record].rows;
    for (std::uint32_t field : p_.records[record].key) {
        int c = compare(rows[static_cast<std::size_t>(x)][field],
                        rows[static_cast<std::size_t>(y)][field]);
        if (c != 0) {
            return c < 0;
        }
    }
    return false;
}

Evaluator::Allocation Evaluator::share_out(const dsl::Allocate& a,
                                           std::vector<AllocationClaim> claims, const Number& sum,
                                           const Number& amount, std::uint32_t record) {
    Allocation alloc;
    alloc.total = sum;
    alloc.shares.reserve(claims.size());
    if (amount.sign() < 0) {
        fail(Code::E3012, a.total,
             message(options_.lang, Msg::run_negative_amount, amount.to_money_display()));
    }
    if (sum <= amount) {
        for (const AllocationClaim& c : claims) {
            alloc.shares[c.row] = c.claim;
        }
        alloc.method = ExplAllocation::Method::full;
    } else if (a.method == dsl::AllocationMethod::pro_rata) {
        share_pro_rata(alloc, claims, amount, record);
    } else {
        share_in_order(alloc, claims, amount, record);
    }
    if (explain_) {
        for (std::size_t k = 0; k < claims.size(); ++k) {
            alloc.place[claims[k].row] = k;
        }
        alloc.queue = std::move(claims);
    }
    return alloc;
}

void Evaluator::share_pro_rata(Allocation& out, std::vector<AllocationClaim>& claims,
                               const Number& amount, std::uint32_t record) const {
    // Each share is amount × claim / total claims, rounded down to the cent; the cents left
    // over go one by one to the largest remainders (ties: smallest key first), so the shares
    // add up to the amount exactly.
    out.method = ExplAllocation::Method::pro_rata;
    Number cent = Number::ratio(1, 100);
    Number given;
    std::vector<std::pair<Number, std::size_t>> remainders;
    for (std::size_t k = 0; k < claims.size(); ++k) {
        Number exact = amount * claims[k].claim / out.total;
        Number floored = exact.round(cent, RoundingMode::floor);
        out.shares[claims[k].row] = floored;
        given = given + floored;
        remainders.emplace_back(exact - floored, k);
        if (explain_) {
            claims[k].exact = exact;
        }
    }
    std::stable_sort(remainders.begin(), remainders.end(), [&](const auto& x, const auto& y) {
        auto c = x.first <=> y.first;
        if (c != 0) {
            return c > 0;
        }
        return record_key_less(record, claims[x.second].row, claims[y.second].row);
    });
    Number left = amount - given;
    for (const auto& [rem, k] : remainders) {
        if (left < cent) {
            break;
        }
        out.shares[claims[k].row] = out.shares[claims[k].row] + cent;
        left = left - cent;
        ++out.cents;
        claims[k].extra_cent = true;
    }
}

void Evaluator::share_in_order(Allocation& out, std::vector<AllocationClaim>& claims,
                               const Number& amount, std::uint32_t record) const {
    out.method = ExplAllocation::Method::in_order;
    // Equal positions (the same day) are broken by the records' keys, so the outcome never
    // depends on the order of the facts file.
    // Sorted as positions (a claim is large to move), then put in that order once.
    std::vector<std::uint32_t> order(claims.size());
    for (std::size_t k = 0; k < order.size(); ++k) {
        order[k] = static_cast<std::uint32_t>(k);
    }
    // Dates, years, whole numbers and moments of one kind compare as their numbers: those
    // are sorted from an array of (number, position), without touching the claims.
    const auto integral = [](ValueKind k) {
        return k == ValueKind::date || k == ValueKind::year || k == ValueKind::integer ||
               k == ValueKind::datetime;
    };
    const bool numbered = !claims.empty() && integral(claims.front().order.kind) &&
                          std::all_of(claims.begin(), claims.end(), [&](const AllocationClaim& c) {
                              return c.order.kind == claims.front().order.kind;
                          });
    if (numbered) {
        std::vector<std::pair<std::int64_t, std::uint32_t>> keyed(claims.size());
        for (std::size_t k = 0; k < claims.size(); ++k) {
            keyed[k] = {claims[k].order.i, static_cast<std::uint32_t>(k)};
        }
        std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& x, const auto& y) {
            if (x.first != y.first) {
                return x.first < y.first;
            }
            return record_key_less(record, claims[x.second].row, claims[y.second].row);
        });
        for (std::size_t k = 0; k < keyed.size(); ++k) {
            order[k] = keyed[k].second;
        }
    } else {
        std::stable_sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
            int c = compare(claims[x].order, claims[y].order);
            if (c != 0) {
                return c < 0;
            }
            return record_key_less(record, claims[x].row, claims[y].row);
        });
    }
    {
        std::vector<AllocationClaim> sorted;
        sorted.reserve(claims.size());
        for (std::uint32_t k : order) {
            sorted.push_back(std::move(claims[k]));
        }
        claims = std::move(sorted);
    }
    Number left = amount;
    Number claimed;
    for (std::size_t k = 0; k < claims.size(); ++k) {
        AllocationClaim& c = claims[k];
        Number share = c.claim <= left ? c.claim : left;
        out.shares[c.row] = share;
        left = left - share;
        if (explain_) {
            claimed = claimed + c.claim;
            c.claimed_after = claimed;
            c.after = amount - left;
            c.tie = (k > 0 && compare(claims[k - 1].order, c.order) == 0) ||
                    (k + 1 < claims.size() && compare(claims[k + 1].order, c.order) == 0);
        }
    }
}

std::string_view Evaluator::false_condition(ExprId filter, Frame& f) {
    const dsl::Expr& x = p_.ast.expr(filter);
    if (const auto* b = std::get_if<dsl::Binary>(&x.kind);
        b != nullptr && b->op == dsl::BinaryOp::logical_and) {
        std::string_view lhs = false_condition(b->lhs, f);
        return lhs.empty() ? false_condition(b->rhs, f) : lhs;
    }
    // Left to right, as the claims were filtered: the first false part was evaluated there,
    // so it evaluates here too.
    try {
        return eval(filter, f).truthy() ? std::string_view() : src(filter);
    } catch (const EvalError&) {
        return {};
    }
}

void Evaluator::record_allocation(ExprId e, const dsl::Allocate& a, Frame& f,
                                  const Allocation& alloc, const Value& target,
                                  const Number& amount, bool member, std::uint32_t record) {
    auto x = std::make_shared<ExplAllocation>();
    x->method = alloc.method;
    x->money = p_.types.money();
    x->ratio_type = p_.types.decimal();
    x->amount = amount;
    x->total = alloc.total;
    x->claims = alloc.queue.size();
    x->collection = src(a.collection);
    x->filter = a.filter != dsl::no_expr ? src(a.filter) : std::string_view();
    x->order = a.order_key != dsl::no_expr ? src(a.order_key) : std::string_view();
    x->key_type = a.order_key != dsl::no_expr ? p_.expr_type[a.order_key] : 0;
    auto place = alloc.place.find(target.i);
    x->claimant = place != alloc.place.end();
    if (!x->claimant) {
        explain_outsider(*x, e, a, f, target, member);
    } else {
        const AllocationClaim& c = alloc.queue[place->second];
        x->claim = c.claim;
        x->share = alloc.shares.at(target.i);
        if (x->method == ExplAllocation::Method::pro_rata) {
            x->ratio = amount / alloc.total;
            x->exact = c.exact;
            x->floored = c.extra_cent ? x->share - Number::ratio(1, 100) : x->share;
            x->cents = alloc.cents;
            x->extra_cent = c.extra_cent;
        } else if (x->method == ExplAllocation::Method::in_order) {
            explain_in_order(*x, alloc, place->second, record);
        }
    }
    std::vector<StepArg> args = explanation_.args();
    bool flag = false;
    Phrase phrase = allocation_step(*x, args, flag);
    ExplStep& s = step(StepKind::allocation, phrase, std::move(args), x->claimant, e);
    s.flag = flag;
    s.allocation = std::move(x);
}

void Evaluator::explain_outsider(ExplAllocation& x, ExprId e, const dsl::Allocate& a, Frame& f,
                                 const Value& target, bool member) {
    if (!member || a.filter == dsl::no_expr) {
        return;  // not in the collection: `failed` stays empty
    }
    // Why the recipient is no claimant: the part of the filter that is false for it.
    std::uint32_t slot = p_.resolution[e].index;
    std::uint32_t saved = node_;
    bool saved_explain = options_.explain;
    node_ = no_node;
    options_.explain = false;
    Value saved_slot = f.slots[slot];
    f.slots[slot] = target;
    x.failed = false_condition(a.filter, f);
    if (x.failed.empty()) {
        x.failed = x.filter;  // false as a whole, as the claims were filtered
    }
    f.slots[slot] = saved_slot;
    options_.explain = saved_explain;
    node_ = saved;
}

void Evaluator::explain_in_order(ExplAllocation& x, const Allocation& alloc, std::size_t at,
                                 std::uint32_t record) const {
    const AllocationClaim& c = alloc.queue[at];
    x.key = c.order;
    x.tie = c.tie;
    x.position = at + 1;
    x.before = at > 0 ? alloc.queue[at - 1].after : Number();
    x.remaining = x.amount - x.before;
    const std::size_t first =
        at > ExplAllocation::listed_claims ? at - ExplAllocation::listed_claims : 0;
    x.omitted = first;
    if (first > 0) {
        x.omitted_claimed = alloc.queue[first - 1].claimed_after;
        x.omitted_took = alloc.queue[first - 1].after;
        x.omitted_from = alloc.queue.front().order;
        x.omitted_to = alloc.queue[first - 1].order;
    }
    const auto& keys = facts_.tables[record].keys;
    for (std::size_t k = first; k < at; ++k) {
        const AllocationClaim& q = alloc.queue[k];
        x.earlier.push_back(ExplClaim{keys[static_cast<std::size_t>(q.row)], q.order, q.claim,
                                      alloc.shares.at(q.row), q.after, q.tie});
    }
}

Value Evaluator::eval_in(std::uint32_t rule, ExprId e, std::vector<Value>& slots) {
    const dsl::RuleInfo& r = p_.rules[rule];
    Frame f;
    f.slots = std::move(slots);
    if (f.slots.size() < r.local_count) {
        f.slots.resize(r.local_count);
    }
    std::uint32_t saved_node = node_;
    bool saved_explain = options_.explain;
    node_ = no_node;
    options_.explain = false;
    file_ = r.where.file;
    depth_ = 0;
    steps_ = 0;
    decision_body_ = e;
    try {
        Value v = eval(e, f);
        options_.explain = saved_explain;
        node_ = saved_node;
        slots = std::move(f.slots);
        return v;
    } catch (...) {
        options_.explain = saved_explain;
        node_ = saved_node;
        slots = std::move(f.slots);
        throw;
    }
}

Value Evaluator::constant(ExprId e, std::vector<Value>* locals) {
    Frame f;
    if (locals != nullptr) {
        f.slots = *locals;
    }
    bool saved = options_.explain;
    options_.explain = false;
    file_ = p_.file_of(e);
    decision_body_ = e;
    Value v = eval(e, f);
    options_.explain = saved;
    file_ = dsl::no_file;
    return v;
}

}  // namespace regels::interp
