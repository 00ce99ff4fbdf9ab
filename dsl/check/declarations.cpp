// Pass 2, declarations: reads the scopes and declared types of pass 1; checks each rule
// body (through the expression pass, types.cpp), its exceptions (conflicts between them),
// parameter versions (overlaps, gaps, constant values), table rows and test blocks. It
// produces the rest of RuleInfo, ParameterInfo, TableRowInfo and TestInfo, the use marks
// the lints read, and the dependency edges between rules that the cycle check reads.
#include "dsl/check/checker.hpp"
#include "dsl/suggest.hpp"

#include <cctype>

namespace regels::dsl::checker {

namespace {

// Whether `id` is a diagnostic code (`E3004`), as `fails` and `refused` name them.
bool is_diagnostic_code(std::string_view id) {
    const auto& codes = all_codes();
    return std::any_of(codes.begin(), codes.end(), [&](const CodeInfo& c) { return id == c.id; });
}

}  // namespace

// ---- checking bodies ----------------------------------------------------------------------------

std::uint32_t Checker::bind(const std::string& name, TypeId type) {
    std::uint32_t slot = next_slot_++;
    max_slot_ = std::max(max_slot_, next_slot_);
    locals_.push_back(Local{name, slot, type});
    return slot;
}

void Checker::check_rules() {
    for (std::size_t i = 0; i < rule_decls_.size(); ++i) {
        const RuleDecl& d = *rule_decls_[i];
        RuleInfo& r = p_.rules[i];
        module_ = r.module;
        file_ = scopes_[module_].file;
        rule_ = static_cast<std::uint32_t>(i);
        locals_.clear();
        next_slot_ = 0;
        max_slot_ = 0;
        for (std::size_t k = 0; k < r.params.size(); ++k) {
            bind(r.params[k].name, r.params[k].type);
        }
        // Group keys that are definitions are inputs of every group rule.
        if (r.subject == SubjectKind::group) {
            for (const GroupKey& k : p_.groups[r.subject_ref].keys) {
                if (!k.is_field) {
                    deps_[i].push_back(k.index);
                }
            }
        }
        TypeId body = check(d.body);
        if (r.kind == RuleKind::assertion) {
            if (!is_error(body) && t_.kind(body) != TypeKind::boolean) {
                error(Code::E2003, at(d.body),
                      fmt::format("an assertion must be true or false; this is {}", tn(body)));
            }
        } else if (!coerce(d.body, body, r.result)) {
            error(Code::E2003, at(d.body),
                  fmt::format("`{}` is declared as {} but its value is {}", d.name.text,
                              tn(r.result), tn(body)))
                .note(at(d.result ? d.result->span : d.name.span), "declared type here");
        }
        r.sources = citations(d.sources, r.name);
        check_exceptions(r, d);
        r.local_count = max_slot_;
        rule_.reset();
    }
}

// Two conditions that can be seen to hold together: the same expression, `true`, or
// membership tests of one expression against constant sets that share a member.
bool can_both_hold(const Ast& ast, ExprId a, ExprId b);

std::string expr_key(const Ast& ast, ExprId e);

void Checker::check_exceptions(RuleInfo& r, const RuleDecl& d) {
    std::unordered_map<std::string, std::uint32_t> by_name;
    for (std::size_t k = 0; k < d.exceptions.size(); ++k) {
        const ExceptionClause& ex = d.exceptions[k];
        ExceptionInfo info;
        info.name = ex.name ? ex.name->text : fmt::format("exception {}", k + 1);
        info.condition = ex.condition;
        info.value = ex.value;
        info.where = at(ex.span);
        if (ex.name) {
            auto [it, ok] = by_name.emplace(ex.name->text, static_cast<std::uint32_t>(k));
            if (!ok) {
                error(Code::E2024, at(ex.name->span),
                      fmt::format("`{}` has two exceptions named `{}`", d.name.text, ex.name->text))
                    .note(r.exceptions[it->second].where, "first one here");
            }
        }
        TypeId c = check(ex.condition);
        if (!is_error(c) && t_.kind(c) != TypeKind::boolean) {
            error(Code::E2003, at(ex.condition),
                  fmt::format("the condition of an exception must be true or false; this is {}",
                              tn(c)));
        }
        TypeId v = check(ex.value);
        if (!coerce(ex.value, v, r.result)) {
            error(Code::E2003, at(ex.value),
                  fmt::format("this exception gives {}, but `{}` is {}", tn(v), d.name.text,
                              tn(r.result)));
        }
        info.sources = citations(ex.sources, r.name + ", uitzondering " + info.name);
        r.exceptions.push_back(std::move(info));
    }
    for (std::size_t k = 0; k < d.exceptions.size(); ++k) {
        for (const Ident& o : d.exceptions[k].over) {
            auto it = by_name.find(o.text);
            if (it == by_name.end()) {
                std::vector<std::string> names;
                for (const auto& [n, idx] : by_name) {
                    names.push_back(n);
                }
                auto b =
                    error(Code::E2023, at(o.span),
                          fmt::format("`{}` has no exception named `{}`", d.name.text, o.text));
                if (auto c = closest(o.text, names)) {
                    b.hint(fmt::format("did you mean `{}`?", *c));
                }
                continue;
            }
            r.exceptions[k].over.push_back(it->second);
        }
    }
    // Priority is transitive: a over b over c means a over c.
    std::size_t n = r.exceptions.size();
    std::vector<std::vector<bool>> beats(n, std::vector<bool>(n, false));
    for (std::size_t k = 0; k < n; ++k) {
        for (std::uint32_t o : r.exceptions[k].over) {
            beats[k][o] = true;
        }
    }
    for (std::size_t m = 0; m < n; ++m) {
        for (std::size_t a = 0; a < n; ++a) {
            for (std::size_t b = 0; b < n; ++b) {
                if (beats[a][m] && beats[m][b]) {
                    beats[a][b] = true;
                }
            }
        }
    }
    // The interpreter reads the closure: a over b over c means a prevails over c too.
    for (std::size_t a = 0; a < n; ++a) {
        r.exceptions[a].over.clear();
        for (std::size_t b = 0; b < n; ++b) {
            if (beats[a][b] && a != b) {
                r.exceptions[a].over.push_back(static_cast<std::uint32_t>(b));
            }
        }
    }
    for (std::size_t a = 0; a < n; ++a) {
        for (std::size_t b = a + 1; b < n; ++b) {
            if (beats[a][b] || beats[b][a]) {
                continue;
            }
            if (can_both_hold(p_.ast, r.exceptions[a].condition, r.exceptions[b].condition)) {
                error(Code::E2008, at(r.exceptions[b].condition),
                      fmt::format("exceptions `{}` and `{}` of `{}` can both apply and neither "
                                  "has priority",
                                  r.exceptions[a].name, r.exceptions[b].name, d.name.text))
                    .note(at(r.exceptions[a].condition), "the other condition is here")
                    .hint(
                        fmt::format("say which one prevails: name them and write `except {} "
                                    "over {} when ...`",
                                    d.exceptions[b].name ? d.exceptions[b].name->text : "<name>",
                                    d.exceptions[a].name ? d.exceptions[a].name->text : "<name>"));
            }
        }
    }
}

std::string expr_key(const Ast& ast, ExprId e) {
    const Expr& x = ast.expr(e);
    return std::visit(
        [&](const auto& k) -> std::string {
            using T = std::decay_t<decltype(k)>;
            if constexpr (std::is_same_v<T, NumberLit>) {
                return fmt::format("n{}:{}:{}", static_cast<int>(k.form), k.mantissa, k.scale);
            } else if constexpr (std::is_same_v<T, BoolLit>) {
                return k.value ? "true" : "false";
            } else if constexpr (std::is_same_v<T, TextLit>) {
                return "\"" + k.value + "\"";
            } else if constexpr (std::is_same_v<T, DateLit>) {
                return fmt::format("d{}", k.days);
            } else if constexpr (std::is_same_v<T, DateTimeLit>) {
                return fmt::format("t{}", k.seconds);
            } else if constexpr (std::is_same_v<T, NameRef>) {
                return k.name;
            } else if constexpr (std::is_same_v<T, Member>) {
                return expr_key(ast, k.object) + "." + k.member.text;
            } else if constexpr (std::is_same_v<T, Binary>) {
                return fmt::format("({} {} {})", expr_key(ast, k.lhs), to_string(k.op),
                                   expr_key(ast, k.rhs));
            } else if constexpr (std::is_same_v<T, Unary>) {
                return fmt::format("(u{} {})", static_cast<int>(k.op), expr_key(ast, k.operand));
            } else if constexpr (std::is_same_v<T, Call>) {
                std::string s = expr_key(ast, k.callee) + "(";
                for (ExprId a : k.args) {
                    s += expr_key(ast, a) + ",";
                }
                return s + ")";
            } else if constexpr (std::is_same_v<T, SetLit> || std::is_same_v<T, ListLit>) {
                std::string s = "{";
                for (ExprId a : k.items) {
                    s += expr_key(ast, a) + ",";
                }
                return s + "}";
            } else {
                // Other forms are compared by identity only.
                return fmt::format("#{}", e);
            }
        },
        x.kind);
}

bool can_both_hold(const Ast& ast, ExprId a, ExprId b) {
    auto is_true = [&](ExprId e) {
        const auto* lit = std::get_if<BoolLit>(&ast.expr(e).kind);
        return lit != nullptr && lit->value;
    };
    if (is_true(a) || is_true(b) || expr_key(ast, a) == expr_key(ast, b)) {
        return true;
    }
    // x == c / x in {c1, c2}: the constants each condition accepts for the same x.
    auto accepted = [&](ExprId e, std::string& subject) -> std::optional<std::set<std::string>> {
        const auto* bin = std::get_if<Binary>(&ast.expr(e).kind);
        if (bin == nullptr) {
            return std::nullopt;
        }
        if (bin->op == BinaryOp::eq) {
            subject = expr_key(ast, bin->lhs);
            return std::set<std::string>{expr_key(ast, bin->rhs)};
        }
        if (bin->op == BinaryOp::in) {
            const auto* set = std::get_if<SetLit>(&ast.expr(bin->rhs).kind);
            if (set == nullptr) {
                return std::nullopt;
            }
            subject = expr_key(ast, bin->lhs);
            std::set<std::string> out;
            for (ExprId item : set->items) {
                out.insert(expr_key(ast, item));
            }
            return out;
        }
        return std::nullopt;
    };
    std::string sa;
    std::string sb;
    auto ca = accepted(a, sa);
    auto cb = accepted(b, sb);
    if (ca && cb && sa == sb) {
        return std::any_of(ca->begin(), ca->end(), [&](const auto& v) { return cb->count(v) > 0; });
    }
    return false;
}

void Checker::check_parameters() {
    for (std::size_t i = 0; i < param_decls_.size(); ++i) {
        const ParameterDecl& d = *param_decls_[i];
        ParameterInfo& info = p_.parameters[i];
        module_ = param_module_[i];
        file_ = scopes_[module_].file;
        constant_ = true;
        constant_what_ = "a parameter value";
        locals_.clear();
        for (const VersionInfo& v : info.versions) {
            if (v.value == no_expr) {
                continue;
            }
            TypeId t = check(v.value);
            if (!coerce(v.value, t, info.type)) {
                error(Code::E2003, at(v.value),
                      fmt::format("`{}` is {} but this version's value is {}", d.name.text,
                                  tn(info.type), tn(t)));
            }
        }
        constant_ = false;
        // Validity: versions must not overlap, and must leave no gap between them or inside
        // the declared period.
        const auto& vs = info.versions;
        for (std::size_t k = 1; k < vs.size(); ++k) {
            const VersionInfo& prev = vs[k - 1];
            const VersionInfo& next = vs[k];
            if (!prev.until || *prev.until >= next.from) {
                error(Code::E2009, next.where,
                      fmt::format("this version of `{}` starts on {}, while the version before "
                                  "it is still valid",
                                  d.name.text, format_date(next.from)))
                    .note(prev.where, prev.until
                                          ? fmt::format("valid until {}", format_date(*prev.until))
                                          : std::string("valid with no end date"))
                    .hint("end the earlier version the day before this one starts");
            } else if (*prev.until + 1 < next.from) {
                error(Code::E2010, next.where,
                      fmt::format("`{}` has no value from {} to {}", d.name.text,
                                  format_date(*prev.until + 1), format_date(next.from - 1)))
                    .note(prev.where, "the version before the gap")
                    .hint(
                        "declare a version for the gap, as `unpublished` if its value is not "
                        "known yet");
            }
        }
        if (d.period && !vs.empty()) {
            auto [from, until] = *d.period;
            if (vs.front().from > from) {
                error(Code::E2010, at(d.period_span),
                      fmt::format("`{}` must have a value during {}..{}, but its first version "
                                  "starts on {}",
                                  d.name.text, format_date(from), format_date(until),
                                  format_date(vs.front().from)))
                    .note(vs.front().where, "first version");
            }
            if (vs.back().until && *vs.back().until < until) {
                error(Code::E2010, at(d.period_span),
                      fmt::format("`{}` must have a value during {}..{}, but its last version "
                                  "ends on {}",
                                  d.name.text, format_date(from), format_date(until),
                                  format_date(*vs.back().until)))
                    .note(vs.back().where, "last version");
            }
        }
    }
}

void Checker::check_tables() {
    for (const auto& [decl, module] : table_decls_) {
        module_ = module;
        file_ = scopes_[module].file;
        auto sym = lookup(decl->record.text, decl->record.span, false, Symbol::Kind::record);
        if (!sym) {
            error(Code::E2019, at(decl->record.span),
                  fmt::format("unknown record type `{}`", decl->record.text));
            continue;
        }
        record_used_[sym->index] = true;
        const RecordInfo& rec = p_.records[sym->index];
        constant_ = true;
        constant_what_ = "a table value";
        for (const TableRow& row : decl->rows) {
            TableRowInfo info{
                sym->index, std::vector<ExprId>(rec.fields.size(), no_expr), at(row.span), {}};
            for (const RowField& f : row.fields) {
                auto idx = rec.field_index(f.name.text);
                if (!idx) {
                    std::vector<std::string> names;
                    for (const auto& fi : rec.fields) {
                        names.push_back(fi.name);
                    }
                    auto b =
                        error(Code::E2021, at(f.name.span),
                              fmt::format("`{}` has no field `{}`", rec.short_name, f.name.text));
                    if (auto c = closest(f.name.text, names)) {
                        b.hint(fmt::format("did you mean `{}`?", *c));
                    }
                    continue;
                }
                TypeId t = check(f.value);
                if (!coerce(f.value, t, rec.fields[*idx].type)) {
                    error(Code::E2021, at(f.value),
                          fmt::format("field `{}` is {}, but the value is {}", f.name.text,
                                      tn(rec.fields[*idx].type), tn(t)));
                }
                info.values[*idx] = f.value;
            }
            for (std::size_t k = 0; k < rec.fields.size(); ++k) {
                if (info.values[k] == no_expr &&
                    t_.kind(rec.fields[k].type) != TypeKind::optional) {
                    error(Code::E2021, at(row.span),
                          fmt::format("this `{}` row has no value for `{}`", rec.short_name,
                                      rec.fields[k].name));
                }
            }
            info.sources =
                citations(row.sources, "tabel " + rec.short_name, module_area_doc_[module]);
            p_.table_rows.push_back(std::move(info));
        }
        constant_ = false;
    }
}

void Checker::check_tests() {
    for (TestInfo& test : p_.tests) {
        const TestDecl& d = *test.decl;
        module_ = test.module;
        file_ = test.file;
        locals_.clear();
        next_slot_ = 0;
        max_slot_ = 0;
        constant_ = true;
        in_test_ = true;
        constant_what_ = "a test value";
        // Case variables: typed by the values in their column.
        std::vector<TypeId> column(d.case_vars.size(), t_.error_type());
        for (const auto& row : d.cases) {
            if (row.size() != d.case_vars.size()) {
                error(Code::E2030, at(p_.ast.expr(row.empty() ? 0 : row[0]).span),
                      fmt::format("this case has {} values for {} names", row.size(),
                                  d.case_vars.size()));
                continue;
            }
            for (std::size_t k = 0; k < row.size(); ++k) {
                TypeId t = check(row[k]);
                if (is_error(column[k])) {
                    column[k] = t;
                } else if (auto u = unify(column[k], t)) {
                    column[k] = *u;
                } else {
                    error(Code::E2030, at(row[k]),
                          fmt::format("`{}` is {} in an earlier case but {} here",
                                      d.case_vars[k].text, tn(column[k]), tn(t)));
                }
            }
        }
        for (std::size_t k = 0; k < d.case_vars.size(); ++k) {
            bind(d.case_vars[k].text, column[k]);
        }
        test.given_parameters.assign(d.steps.size(), no_index);
        std::vector<std::pair<std::uint32_t, Span>> given_parameters;
        std::optional<Span> as_of;
        for (std::size_t step_index = 0; step_index < d.steps.size(); ++step_index) {
            const TestStep& step = d.steps[step_index];
            switch (step.kind) {
                case TestStep::Kind::facts:
                    check_facts_step(step);
                    check_refused(step);
                    break;
                case TestStep::Kind::given_parameter:
                    check_given_parameter(test, step_index, given_parameters);
                    break;
                case TestStep::Kind::as_of:
                    check_as_of(step, as_of);
                    break;
                case TestStep::Kind::given: {
                    check_refused(step);
                    auto sym =
                        lookup(step.record.text, step.record.span, false, Symbol::Kind::record);
                    if (!sym) {
                        error(Code::E2019, at(step.record.span),
                              fmt::format("unknown record type `{}`", step.record.text));
                        break;
                    }
                    const RecordInfo& rec = p_.records[sym->index];
                    std::set<std::string> present;
                    for (const RowField& f : step.row.fields) {
                        auto idx = rec.field_index(f.name.text);
                        TypeId t = check(f.value);
                        if (!idx) {
                            error(
                                Code::E2021, at(f.name.span),
                                fmt::format("`{}` has no field `{}`", rec.short_name, f.name.text));
                            continue;
                        }
                        present.insert(f.name.text);
                        if (!coerce(f.value, t, rec.fields[*idx].type)) {
                            error(Code::E2021, at(f.value),
                                  fmt::format("field `{}` is {}, but the value is {}", f.name.text,
                                              tn(rec.fields[*idx].type), tn(t)));
                        }
                    }
                    for (const FieldInfo& f : rec.fields) {
                        if (present.count(f.name) == 0 && t_.kind(f.type) != TypeKind::optional) {
                            error(Code::E2021, at(step.row.span),
                                  fmt::format("this `{}` has no value for `{}`", rec.short_name,
                                              f.name));
                        }
                    }
                    break;
                }
                case TestStep::Kind::expect_value:
                case TestStep::Kind::expect_error:
                case TestStep::Kind::expect_cites: {
                    const Target& tg = step.target;
                    auto sym = lookup(tg.rule.text, tg.rule.span, true, Symbol::Kind::rule);
                    if (!sym) {
                        break;
                    }
                    rule_used_[sym->index] = true;
                    const RuleInfo& r = p_.rules[sym->index];
                    const Subject& sj = tg.subject;
                    bool fits = true;
                    if (r.subject == SubjectKind::none) {
                        fits = sj.kind == Subject::Kind::none;
                    } else if (r.subject == SubjectKind::record) {
                        fits = sj.kind == Subject::Kind::record;
                        if (fits) {
                            auto rs =
                                lookup(sj.record.text, sj.record.span, false, Symbol::Kind::record);
                            fits = rs && rs->index == r.subject_ref;
                            if (fits) {
                                check(sj.key);
                            }
                        }
                    } else if (r.subject == SubjectKind::group) {
                        fits = sj.kind == Subject::Kind::group;
                        const GroupInfo& gi = p_.groups[r.subject_ref];
                        if (fits) {
                            fits = sj.group_keys.size() == gi.keys.size();
                            for (std::size_t k = 0; fits && k < gi.keys.size(); ++k) {
                                fits = sj.group_keys[k].name.text == gi.keys[k].name;
                                TypeId kt = check(sj.group_keys[k].value);
                                fits = fits && coerce(sj.group_keys[k].value, kt, gi.keys[k].type);
                            }
                        }
                    } else {
                        fits = false;
                    }
                    if (!fits) {
                        std::string want =
                            r.subject == SubjectKind::none
                                ? std::string("no subject: `") + tg.rule.text + "`"
                            : r.subject == SubjectKind::record
                                ? fmt::format("a `{}` record: `{}({} \"<key>\")`",
                                              p_.records[r.subject_ref].short_name, tg.rule.text,
                                              p_.records[r.subject_ref].short_name)
                            : r.subject == SubjectKind::group
                                ? std::string("the group's key fields, e.g. `(") +
                                      p_.groups[r.subject_ref].keys[0].name + ": ...)`"
                                : std::string("a decision, not a definition with arguments");
                        error(Code::E2030, at(tg.span),
                              fmt::format("`{}` does not fit this subject", tg.rule.text))
                            .hint("it takes " + want);
                        break;
                    }
                    if (step.kind == TestStep::Kind::expect_value) {
                        TypeId t = check(step.expected);
                        if (!coerce(step.expected, t, r.result)) {
                            error(Code::E2030, at(step.expected),
                                  fmt::format("`{}` is {}, but the expected value is {}",
                                              tg.rule.text, tn(r.result), tn(t)));
                        }
                    } else if (step.kind == TestStep::Kind::expect_error) {
                        if (!is_diagnostic_code(step.error_code.text)) {
                            error(
                                Code::E2030, at(step.error_code.span),
                                fmt::format("`{}` is not a diagnostic code", step.error_code.text))
                                .hint("codes look like E3004; `regels codes` lists them");
                        }
                    } else {
                        resolve_document(step.document);
                    }
                    break;
                }
            }
        }
        constant_ = false;
        in_test_ = false;
        test.local_count = max_slot_;
    }
}

// `facts "FILE" [record NAME]`: a CSV file holds records of one type, named after it unless the
// rules declare only one; a JSON document names its record types itself.
void Checker::check_facts_step(const TestStep& step) {
    std::string_view path = step.path;
    bool csv = path.size() >= 4;
    for (std::size_t k = 0; csv && k < 4; ++k) {
        csv = std::tolower(static_cast<unsigned char>(path[path.size() - 4 + k])) == ".csv"[k];
    }
    if (step.record.text.empty()) {
        if (csv && p_.records.size() > 1) {
            std::string names;
            for (const RecordInfo& r : p_.records) {
                names += (names.empty() ? "`" : ", `") + r.short_name + "`";
            }
            error(Code::E2043, at(step.span),
                  fmt::format("`{}` holds one record type, and the rules declare several ({}); "
                              "say which: `facts \"{}\" record NAME`",
                              step.path, names, step.path));
        }
        return;
    }
    if (!csv) {
        error(Code::E2043, at(step.record.span),
              fmt::format("`record {}` after `facts \"{}\"`: a JSON facts document names its "
                          "record types itself; `record` is for CSV files",
                          step.record.text, step.path));
        return;
    }
    // As for `--record`: any record type of the rule set, imported or not (a facts file is
    // not read through a module).
    std::vector<std::string> names;
    for (const RecordInfo& r : p_.records) {
        if (r.short_name == step.record.text) {
            return;
        }
        names.push_back(r.short_name);
    }
    std::string hint = did_you_mean(suggestions(step.record.text, names));
    error(Code::E2019, at(step.record.span),
          fmt::format("unknown record type `{}`{}", step.record.text,
                      hint.empty() ? "" : "; " + hint));
}

// `refused CODE` after `facts` or `given`: the code of a problem in the facts (E4xxx), as
// the refusal happens while the facts are read, before any rule is evaluated.
void Checker::check_refused(const TestStep& step) {
    const Ident& code = step.refused;
    if (code.text.empty()) {
        return;
    }
    if (!is_diagnostic_code(code.text)) {
        error(Code::E2030, at(code.span), fmt::format("`{}` is not a diagnostic code", code.text))
            .hint("facts are refused with codes such as E4020; `regels codes` lists them");
    } else if (code.text.rfind("E4", 0) != 0) {
        error(Code::E2030, at(code.span),
              fmt::format("`{}` is not a code facts are refused with", code.text))
            .hint(
                "facts are refused while they are read, with an E4xxx code (E4020: a value "
                "outside its constraint); a rule that fails is `expect RULE fails CODE`");
    }
}

// `as of DATE`: a constant date (a case-table name included), once per test.
void Checker::check_as_of(const TestStep& step, std::optional<Span>& earlier) {
    TypeId t = check(step.value);
    if (earlier) {
        error(Code::E2030, at(step.span), "this test gives its as-of date twice")
            .note(at(*earlier), "first given here")
            .hint("give one `as of` per test; a case table can vary it");
        return;
    }
    earlier = step.span;
    if (!coerce(step.value, t, t_.date())) {
        error(Code::E2030, at(step.value),
              fmt::format("`as of` takes a date, but the value is {}", tn(t)))
            .hint("write a date such as `as of 2025-01-01`");
    }
}

// `given parameter NAME = VALUE`: NAME is looked up as in a rule of the test's module, VALUE is
// a constant of its type (a case-table name included), and a test sets each parameter once.
void Checker::check_given_parameter(TestInfo& test, std::size_t step_index,
                                    std::vector<std::pair<std::uint32_t, Span>>& set) {
    const TestStep& step = test.decl->steps[step_index];
    const Ident& name = step.parameter;
    TypeId t = check(step.value);
    auto sym = lookup(name.text, name.span, false, Symbol::Kind::parameter);
    if (!sym) {
        std::vector<std::string> visible;
        auto add = [&](std::uint32_t module, const std::string& prefix) {
            for (const auto& [n, symbol] : scopes_[module].symbols) {
                if (symbol.kind == Symbol::Kind::parameter) {
                    visible.push_back(prefix + n);
                }
            }
        };
        add(module_, "");
        for (const auto& [alias, target] : scopes_[module_].imports) {
            add(target, "");
            add(target, alias + ".");
        }
        std::sort(visible.begin(), visible.end());
        auto b = error(Code::E2041, at(name.span),
                       fmt::format("`{}` is not a parameter this test can see", name.text));
        if (auto c = closest(name.text, visible)) {
            b.hint(fmt::format("did you mean `{}`?", *c));
        } else {
            b.hint("import the module that declares it, and write `module.name`");
        }
        return;
    }
    for (const auto& [param, span] : set) {
        if (param == sym->index) {
            error(Code::E2041, at(name.span),
                  fmt::format("this test gives parameter `{}` a value twice", name.text))
                .note(at(span), "first given here")
                .hint("give each parameter one value per test; a case table can vary it");
            return;
        }
    }
    set.emplace_back(sym->index, name.span);
    const ParameterInfo& info = p_.parameters[sym->index];
    if (!coerce(step.value, t, info.type)) {
        error(Code::E2041, at(step.value),
              fmt::format("parameter `{}` is {}, but the value is {}", name.text, tn(info.type),
                          tn(t)));
        return;
    }
    test.given_parameters[step_index] = sym->index;
}

// `--set NAME=VALUE` (CheckOptions::parameter_values): the value is checked as if it were
// written in the parameter's own module, so its enum cases and names read as there.
void Checker::check_parameter_values() {
    std::vector<std::pair<std::uint32_t, Location>> set;
    for (std::size_t k = 0; k < options_.parameter_values.size(); ++k) {
        const CheckOptions::ParameterValue& pv = options_.parameter_values[k];
        ExprId e = parameter_value_exprs_[k];
        file_ = pv.value;
        auto length = static_cast<std::uint32_t>(p_.sources->file(pv.value).text().size());
        Location where{pv.value, Span{0, length}};
        auto param = parameter_named(pv.name, where);
        if (!param || e == no_expr) {
            continue;
        }
        const ParameterInfo& info = p_.parameters[*param];
        auto twice =
            std::find_if(set.begin(), set.end(), [&](const auto& s) { return s.first == *param; });
        if (twice != set.end()) {
            error(Code::E2041, where, fmt::format("parameter `{}` is set twice", info.name))
                .note(twice->second, "first set here")
                .hint("give each parameter one `--set`");
            continue;
        }
        set.emplace_back(*param, where);
        module_ = param_module_[*param];
        locals_.clear();
        next_slot_ = 0;
        max_slot_ = 0;
        constant_ = true;
        constant_what_ = "a value given with --set";
        TypeId t = check(e);
        constant_ = false;
        if (!coerce(e, t, info.type)) {
            error(Code::E2041, at(e),
                  fmt::format("parameter `{}` is {}, but the value is {}", info.name, tn(info.type),
                              tn(t)));
            continue;
        }
        p_.parameter_values.push_back(ParameterValueInfo{*param, e, at(e)});
    }
}

}  // namespace regels::dsl::checker
