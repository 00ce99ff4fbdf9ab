// Pass 3, expression types: reads the scopes and tables of pass 1 and the locals bound by
// the caller; gives every expression a type (Program::expr_type) and records what each
// name and member refers to (Program::resolution), coercing integer literals to years where
// a year is expected. Members are resolved here, not in pass 1, because what `r.jaar` means
// depends on the type of `r`.
#include "dsl/check/checker.hpp"

namespace regels::dsl::checker {

// ---- expressions --------------------------------------------------------------------------------

bool Checker::is_int_literal(ExprId e) const {
    const Expr& x = p_.ast.expr(e);
    if (const auto* n = std::get_if<NumberLit>(&x.kind)) {
        return n->form == NumberForm::integer;
    }
    if (const auto* r = std::get_if<RangeLit>(&x.kind)) {
        return is_int_literal(r->low) && is_int_literal(r->high);
    }
    if (const auto* s = std::get_if<SetLit>(&x.kind)) {
        return !s->items.empty() && std::all_of(s->items.begin(), s->items.end(),
                                                [&](ExprId i) { return is_int_literal(i); });
    }
    return false;
}

void Checker::mark_year(ExprId e) {
    const Expr& x = p_.ast.expr(e);
    if (std::holds_alternative<NumberLit>(x.kind)) {
        p_.literal_as_year[e] = true;
        p_.expr_type[e] = t_.year();
    } else if (const auto* r = std::get_if<RangeLit>(&x.kind)) {
        mark_year(r->low);
        mark_year(r->high);
        p_.expr_type[e] = t_.intern(TypeKind::range, 0, t_.year());
    } else if (const auto* s = std::get_if<SetLit>(&x.kind)) {
        for (ExprId i : s->items) {
            mark_year(i);
        }
        p_.expr_type[e] = t_.intern(TypeKind::set, 0, t_.year());
    }
}

// Can a value of type `have` (expression e) stand where `want` is expected?
bool Checker::coerce(ExprId e, TypeId have, TypeId want) {
    if (have == want || is_error(have) || is_error(want)) {
        return true;
    }
    TypeKind hk = t_.kind(have);
    TypeKind wk = t_.kind(want);
    if (hk == TypeKind::integer && wk == TypeKind::decimal) {
        return true;
    }
    if (hk == TypeKind::integer && wk == TypeKind::year && is_int_literal(e)) {
        mark_year(e);
        return true;
    }
    // In a test, a case-table column of whole numbers can fill a year (the runner converts).
    if (hk == TypeKind::integer && wk == TypeKind::year && in_test_ &&
        p_.resolution[e].kind == Resolution::Kind::local) {
        return true;
    }
    if ((hk == TypeKind::set || hk == TypeKind::range) && hk == wk &&
        t_.kind(t_.element(want)) == TypeKind::year && is_int_literal(e)) {
        mark_year(e);
        return true;
    }
    if (hk == TypeKind::set && wk == TypeKind::set) {
        // The empty set literal fits every set type; element-wise otherwise.
        const auto* s = std::get_if<SetLit>(&p_.ast.expr(e).kind);
        if (s != nullptr) {
            bool ok = true;
            for (ExprId item : s->items) {
                ok = coerce(item, p_.expr_type[item], t_.element(want)) && ok;
            }
            if (ok) {
                p_.expr_type[e] = want;
            }
            return ok;
        }
        return t_.element(have) == t_.intern(TypeKind::none);
    }
    if (hk == TypeKind::list && wk == TypeKind::list) {
        const auto* s = std::get_if<ListLit>(&p_.ast.expr(e).kind);
        if (s != nullptr) {
            bool ok = true;
            for (ExprId item : s->items) {
                ok = coerce(item, p_.expr_type[item], t_.element(want)) && ok;
            }
            return ok;
        }
        return false;
    }
    if (wk == TypeKind::optional) {
        return hk == TypeKind::none || coerce(e, have, t_.element(want));
    }
    return false;
}

std::optional<TypeId> Checker::unify(TypeId a, TypeId b) const {
    if (a == b || is_error(b)) {
        return a;
    }
    if (is_error(a)) {
        return b;
    }
    TypeKind ak = t_.kind(a);
    TypeKind bk = t_.kind(b);
    auto& types = const_cast<TypeTable&>(t_);
    if ((ak == TypeKind::integer && bk == TypeKind::decimal) ||
        (ak == TypeKind::decimal && bk == TypeKind::integer)) {
        return types.decimal();
    }
    if (ak == TypeKind::none && bk != TypeKind::optional) {
        return types.intern(TypeKind::optional, 0, b);
    }
    if (bk == TypeKind::none && ak != TypeKind::optional) {
        return types.intern(TypeKind::optional, 0, a);
    }
    if (ak == TypeKind::none) {
        return b;
    }
    if (bk == TypeKind::none) {
        return a;
    }
    if (ak == TypeKind::optional && t_.element(a) == b) {
        return a;
    }
    if (bk == TypeKind::optional && t_.element(b) == a) {
        return b;
    }
    if (ak == TypeKind::set && bk == TypeKind::set) {
        if (t_.kind(t_.element(a)) == TypeKind::none) {
            return b;
        }
        if (t_.kind(t_.element(b)) == TypeKind::none) {
            return a;
        }
    }
    return std::nullopt;
}

void Checker::reject_optional(ExprId e, TypeId t) {
    if (t_.kind(t) == TypeKind::optional) {
        error(Code::E2018, at(e), fmt::format("this value is {} and may be absent", tn(t)))
            .hint(fmt::format("write `required({})` if it must be there, or `{} otherwise "
                              "<default>`",
                              p_.sources->file(file_).slice(p_.ast.expr(e).span),
                              p_.sources->file(file_).slice(p_.ast.expr(e).span)));
    }
}

TypeId Checker::check(ExprId e) {
    const Expr& x = p_.ast.expr(e);
    TypeId t = std::visit(
        [&](const auto& k) -> TypeId {
            using T = std::decay_t<decltype(k)>;
            if constexpr (std::is_same_v<T, NumberLit>) {
                switch (k.form) {
                    case NumberForm::integer:
                        return t_.integer();
                    case NumberForm::money:
                        return t_.money();
                    case NumberForm::percent:
                        return t_.decimal();
                }
                return t_.error_type();
            } else if constexpr (std::is_same_v<T, BoolLit>) {
                return t_.boolean();
            } else if constexpr (std::is_same_v<T, TextLit>) {
                return t_.text();
            } else if constexpr (std::is_same_v<T, DateLit>) {
                return t_.date();
            } else if constexpr (std::is_same_v<T, DateTimeLit>) {
                return t_.datetime();
            } else if constexpr (std::is_same_v<T, NoneLit>) {
                return t_.none();
            } else if constexpr (std::is_same_v<T, NameRef>) {
                return check_name(e, k);
            } else if constexpr (std::is_same_v<T, Member>) {
                return check_member(e, k);
            } else if constexpr (std::is_same_v<T, Call>) {
                return check_call(e, k);
            } else if constexpr (std::is_same_v<T, Unary>) {
                TypeId o = check(k.operand);
                if (is_error(o)) {
                    return o;
                }
                reject_optional(k.operand, o);
                if (k.op == UnaryOp::logical_not) {
                    if (t_.kind(o) != TypeKind::boolean) {
                        error(Code::E2004, at(e),
                              fmt::format("`not` needs true or false, not {}", tn(o)));
                        return t_.error_type();
                    }
                    return o;
                }
                TypeKind ok = t_.kind(o);
                if (ok != TypeKind::integer && ok != TypeKind::decimal && ok != TypeKind::money) {
                    error(Code::E2004, at(e), fmt::format("cannot negate {}", tn(o)));
                    return t_.error_type();
                }
                return o;
            } else if constexpr (std::is_same_v<T, Binary>) {
                return check_binary(e, k);
            } else if constexpr (std::is_same_v<T, IfExpr>) {
                TypeId c = check(k.condition);
                if (!is_error(c) && t_.kind(c) != TypeKind::boolean) {
                    error(Code::E2003, at(k.condition),
                          fmt::format("the condition of `if` must be true or false; this is {}",
                                      tn(c)));
                }
                TypeId a = check(k.then_branch);
                TypeId b = check(k.else_branch);
                if (auto u = unify(a, b)) {
                    coerce(k.then_branch, a, *u);
                    coerce(k.else_branch, b, *u);
                    return *u;
                }
                if (is_int_literal(k.then_branch) && t_.kind(b) == TypeKind::year) {
                    mark_year(k.then_branch);
                    return b;
                }
                if (is_int_literal(k.else_branch) && t_.kind(a) == TypeKind::year) {
                    mark_year(k.else_branch);
                    return a;
                }
                error(Code::E2003, at(k.else_branch),
                      fmt::format("the branches of `if` differ: `then` gives {}, `else` gives {}",
                                  tn(a), tn(b)))
                    .note(at(k.then_branch), "the `then` branch");
                return t_.error_type();
            } else if constexpr (std::is_same_v<T, SetLit> || std::is_same_v<T, ListLit>) {
                TypeId elem = t_.none();
                bool first = true;
                for (ExprId item : k.items) {
                    TypeId it = check(item);
                    if (first) {
                        elem = it;
                        first = false;
                        continue;
                    }
                    if (auto u = unify(elem, it)) {
                        elem = *u;
                    } else {
                        error(Code::E2003, at(item),
                              fmt::format("all elements must have one type; this is {}, earlier "
                                          "ones are {}",
                                          tn(it), tn(elem)));
                    }
                }
                return t_.intern(std::is_same_v<T, SetLit> ? TypeKind::set : TypeKind::list, 0,
                                 elem);
            } else if constexpr (std::is_same_v<T, RangeLit>) {
                TypeId lo = check(k.low);
                TypeId hi = check(k.high);
                auto u = unify(lo, hi);
                if (!u) {
                    if (is_int_literal(k.low) && t_.kind(hi) == TypeKind::year) {
                        mark_year(k.low);
                        u = hi;
                    } else if (is_int_literal(k.high) && t_.kind(lo) == TypeKind::year) {
                        mark_year(k.high);
                        u = lo;
                    } else {
                        error(Code::E2003, at(e),
                              fmt::format("a range needs two ends of one type; these are {} and {}",
                                          tn(lo), tn(hi)));
                        return t_.error_type();
                    }
                }
                TypeKind uk = t_.kind(*u);
                if (uk != TypeKind::integer && uk != TypeKind::decimal && uk != TypeKind::money &&
                    uk != TypeKind::year && uk != TypeKind::date && uk != TypeKind::error) {
                    error(Code::E2003, at(e), fmt::format("a range of {} is not possible", tn(*u)));
                    return t_.error_type();
                }
                return t_.intern(TypeKind::range, 0, *u);
            } else if constexpr (std::is_same_v<T, Aggregate>) {
                return check_aggregate(e, k);
            } else if constexpr (std::is_same_v<T, Extremum>) {
                TypeId acc = t_.error_type();
                for (ExprId a : k.args) {
                    TypeId at_ = check(a);
                    reject_optional(a, at_);
                    if (auto u = unify(acc, at_)) {
                        acc = *u;
                    } else {
                        error(Code::E2003, at(a),
                              fmt::format("`{}` compares values of one type; this is {}, the "
                                          "others are {}",
                                          k.is_max ? "max" : "min", tn(at_), tn(acc)));
                        return t_.error_type();
                    }
                }
                TypeKind ak = t_.kind(acc);
                if (ak == TypeKind::boolean || ak == TypeKind::set || ak == TypeKind::list ||
                    ak == TypeKind::record) {
                    error(
                        Code::E2004, at(e),
                        fmt::format("cannot take the {} of {}", k.is_max ? "max" : "min", tn(acc)));
                    return t_.error_type();
                }
                return acc;
            } else if constexpr (std::is_same_v<T, Allocate>) {
                return check_allocate(e, k);
            } else if constexpr (std::is_same_v<T, Round>) {
                return check_round(e, k);
            } else if constexpr (std::is_same_v<T, Match>) {
                return check_match(e, k);
            } else if constexpr (std::is_same_v<T, At>) {
                TypeId pt = check(k.parameter);
                const Resolution& r = p_.resolution[k.parameter];
                if (r.kind != Resolution::Kind::parameter) {
                    if (!is_error(pt)) {
                        error(Code::E2003, at(k.parameter),
                              "`at` picks the version of a parameter; this is not a parameter");
                    }
                    return t_.error_type();
                }
                TypeId wt = check(k.when);
                TypeKind wk = t_.kind(wt);
                if (wk != TypeKind::date && wk != TypeKind::year && wk != TypeKind::error) {
                    if (wk == TypeKind::integer && is_int_literal(k.when)) {
                        mark_year(k.when);
                    } else {
                        error(Code::E2003, at(k.when),
                              fmt::format("`at` needs a date or a year; this is {}", tn(wt)));
                    }
                }
                return pt;
            } else if constexpr (std::is_same_v<T, IsPresent>) {
                TypeId v = check(k.value);
                if (!is_error(v) && t_.kind(v) != TypeKind::optional) {
                    error(Code::E2003, at(e),
                          fmt::format(
                              "`is {}` asks about an optional value; this is {}, always present",
                              k.negated ? "absent" : "present", tn(v)));
                }
                return t_.boolean();
            } else if constexpr (std::is_same_v<T, Required>) {
                TypeId v = check(k.value);
                if (t_.kind(v) == TypeKind::optional) {
                    return t_.element(v);
                }
                return v;
            } else {
                static_assert(sizeof(T) == 0, "unhandled expression kind");
            }
        },
        x.kind);
    // Literal coercions may already have refined the type (e.g. a year literal).
    if (p_.literal_as_year[e]) {
        return p_.expr_type[e];
    }
    return set_type(e, t);
}

TypeId Checker::resolve_rule_ref(ExprId e, std::uint32_t rule, bool called) {
    if (constant_) {
        error(Code::E2029, at(e),
              fmt::format("{} must be a constant; `{}` is a rule", constant_what_,
                          p_.rules[rule].short_name));
        return t_.error_type();
    }
    const RuleInfo& r = p_.rules[rule];
    rule_used_[rule] = true;
    if (rule_) {
        deps_[*rule_].push_back(rule);
    }
    p_.resolution[e] = Resolution{Resolution::Kind::rule, rule, 0};
    if (r.kind == RuleKind::assertion) {
        error(Code::E2022, at(e),
              fmt::format("`{}` is an assertion and has no value", r.short_name));
        return t_.error_type();
    }
    if (!called && !r.params.empty()) {
        error(Code::E2005, at(e),
              fmt::format("`{}` takes {} argument(s)", r.short_name, r.params.size()))
            .note(r.where, "declared here")
            .hint(fmt::format("write `{}({})`", r.short_name, r.params[0].name));
        return t_.error_type();
    }
    return r.result;
}

TypeId Checker::check_name(ExprId e, const NameRef& n) {
    for (auto it = locals_.rbegin(); it != locals_.rend(); ++it) {
        if (it->name == n.name) {
            p_.resolution[e] = Resolution{Resolution::Kind::local, it->slot, 0};
            return it->type;
        }
    }
    Span span = p_.ast.expr(e).span;
    auto sym = lookup(n.name, span, false);
    if (sym) {
        switch (sym->kind) {
            case Symbol::Kind::rule:
                return resolve_rule_ref(e, sym->index, false);
            case Symbol::Kind::parameter:
                param_used_[sym->index] = true;
                p_.resolution[e] = Resolution{Resolution::Kind::parameter, sym->index, 0};
                return p_.parameters[sym->index].type;
            case Symbol::Kind::record:
                if (constant_) {
                    error(Code::E2029, at(e), fmt::format("{} must be a constant", constant_what_));
                    return t_.error_type();
                }
                record_used_[sym->index] = true;
                p_.resolution[e] = Resolution{Resolution::Kind::record_set, sym->index, 0};
                return t_.intern(TypeKind::list, 0, t_.intern(TypeKind::record, sym->index));
            case Symbol::Kind::enumeration:
                error(Code::E2003, at(e), fmt::format("`{}` is an enum type, not a value", n.name))
                    .hint(fmt::format("name one of its cases, e.g. `{}.{}`", n.name,
                                      p_.enums[sym->index].cases.empty()
                                          ? std::string("<case>")
                                          : p_.enums[sym->index].cases[0]));
                return t_.error_type();
            case Symbol::Kind::document:
                error(Code::E2003, at(e),
                      fmt::format("`{}` is a document; documents are cited with `source`, not "
                                  "used as values",
                                  n.name));
                return t_.error_type();
        }
    }
    // An enum case, if exactly one visible enum has it.
    std::vector<std::uint32_t> modules = {module_};
    for (const auto& [alias, target] : scopes_[module_].imports) {
        modules.push_back(target);
    }
    std::optional<std::pair<std::uint32_t, std::uint32_t>> found;
    for (std::size_t en = 0; en < p_.enums.size(); ++en) {
        if (std::find(modules.begin(), modules.end(), enum_module_[en]) == modules.end()) {
            continue;
        }
        const auto& cases = p_.enums[en].cases;
        auto it = std::find(cases.begin(), cases.end(), n.name);
        if (it == cases.end()) {
            continue;
        }
        if (found) {
            error(Code::E2016, at(e),
                  fmt::format("`{}` is a case of both `{}` and `{}`", n.name,
                              p_.enums[found->first].name, p_.enums[en].name))
                .hint(fmt::format("qualify it: `{}.{}`",
                                  p_.enums[en].name.substr(p_.enums[en].name.rfind('.') + 1),
                                  n.name));
            return t_.error_type();
        }
        found = std::make_pair(static_cast<std::uint32_t>(en),
                               static_cast<std::uint32_t>(it - cases.begin()));
    }
    if (found) {
        enum_used_[found->first] = true;
        p_.resolution[e] = Resolution{Resolution::Kind::enum_case, found->first, found->second};
        return t_.intern(TypeKind::enumeration, found->first);
    }
    if (builtins_.find(n.name)) {
        error(Code::E2005, at(e),
              fmt::format("`{}` is a function; call it with arguments", n.name));
        return t_.error_type();
    }
    if (module_alias(n.name)) {
        error(Code::E2003, at(e), fmt::format("`{}` is a module, not a value", n.name))
            .hint(fmt::format("name something in it: `{}.<name>`", n.name));
        return t_.error_type();
    }
    lookup(n.name, span, true);
    return t_.error_type();
}

TypeId Checker::check_member(ExprId e, const Member& m) {
    const Expr& obj = p_.ast.expr(m.object);
    // module.name and Enum.case are resolved here, before the object is a value.
    if (const auto* n = std::get_if<NameRef>(&obj.kind)) {
        bool shadowed = std::any_of(locals_.begin(), locals_.end(),
                                    [&](const Local& l) { return l.name == n->name; });
        if (!shadowed) {
            if (auto mod = module_alias(n->name); mod && !lookup_in(module_, n->name)) {
                p_.resolution[m.object] = Resolution{Resolution::Kind::module, *mod, 0};
                auto sym = lookup_in(*mod, m.member.text);
                if (!sym) {
                    error(Code::E2001, at(m.member.span),
                          fmt::format("module `{}` has no `{}`", n->name, m.member.text));
                    return t_.error_type();
                }
                // Re-dispatch as if the member were named directly.
                std::uint32_t saved = module_;
                module_ = *mod;
                NameRef direct{m.member.text};
                TypeId t = check_name(e, direct);
                module_ = saved;
                return t;
            }
            auto sym = lookup(n->name, obj.span, false, Symbol::Kind::enumeration);
            if (sym) {
                const auto& cases = p_.enums[sym->index].cases;
                auto it = std::find(cases.begin(), cases.end(), m.member.text);
                enum_used_[sym->index] = true;
                if (it == cases.end()) {
                    auto b =
                        error(Code::E2001, at(m.member.span),
                              fmt::format("enum `{}` has no case `{}`", n->name, m.member.text));
                    if (auto c = closest(m.member.text, cases)) {
                        b.hint(fmt::format("did you mean `{}`?", *c));
                    }
                    return t_.error_type();
                }
                p_.resolution[e] = Resolution{Resolution::Kind::enum_case, sym->index,
                                              static_cast<std::uint32_t>(it - cases.begin())};
                set_type(m.object, t_.error_type());
                return t_.intern(TypeKind::enumeration, sym->index);
            }
        }
    }
    TypeId ot = check(m.object);
    if (is_error(ot)) {
        return ot;
    }
    TypeKind ok = t_.kind(ot);
    if (ok == TypeKind::record) {
        const RecordInfo& rec = p_.records[t_[ot].ref];
        auto idx = rec.field_index(m.member.text);
        if (!idx) {
            std::vector<std::string> names;
            for (const auto& f : rec.fields) {
                names.push_back(f.name);
            }
            auto b = error(Code::E2006, at(m.member.span),
                           fmt::format("`{}` has no field `{}`", rec.short_name, m.member.text));
            if (auto c = closest(m.member.text, names)) {
                b.hint(fmt::format("did you mean `{}`?", *c));
            }
            b.note(rec.where, fmt::format("`{}` is declared here", rec.short_name));
            return t_.error_type();
        }
        p_.resolution[e] = Resolution{Resolution::Kind::field, *idx, 0};
        return rec.fields[*idx].type;
    }
    if (ok == TypeKind::group) {
        const GroupInfo& gi = p_.groups[t_[ot].ref];
        if (m.member.text == "records") {
            p_.resolution[e] = Resolution{Resolution::Kind::group_members, 0, 0};
            return t_.intern(TypeKind::list, 0, t_.intern(TypeKind::record, gi.record));
        }
        for (std::size_t k = 0; k < gi.keys.size(); ++k) {
            if (gi.keys[k].name == m.member.text) {
                p_.resolution[e] =
                    Resolution{Resolution::Kind::group_key, static_cast<std::uint32_t>(k), 0};
                return gi.keys[k].type;
            }
        }
        error(Code::E2006, at(m.member.span),
              fmt::format("a group of `{}` has its key fields and `records`; not `{}`",
                          p_.records[gi.record].short_name, m.member.text));
        return t_.error_type();
    }
    if (ok == TypeKind::optional && t_.kind(t_.element(ot)) == TypeKind::record) {
        reject_optional(m.object, ot);
        return t_.error_type();
    }
    error(Code::E2006, at(m.member.span),
          fmt::format("{} has no fields; `.{}` needs a record", tn(ot), m.member.text));
    return t_.error_type();
}

TypeId Checker::check_call(ExprId e, const Call& c) {
    const Expr& callee = p_.ast.expr(c.callee);
    std::string name;
    std::optional<Symbol> sym;
    if (const auto* n = std::get_if<NameRef>(&callee.kind)) {
        name = n->name;
        bool local = std::any_of(locals_.begin(), locals_.end(),
                                 [&](const Local& l) { return l.name == n->name; });
        if (!local) {
            sym = lookup(n->name, callee.span, false);
        }
        if (!sym && !local) {
            if (auto b = builtins_.find(n->name)) {
                std::vector<TypeId> args;
                for (ExprId a : c.args) {
                    TypeId t = check(a);
                    reject_optional(a, t);
                    args.push_back(t);
                }
                if (std::any_of(args.begin(), args.end(), [&](TypeId t) { return is_error(t); })) {
                    return t_.error_type();
                }
                std::string why;
                auto result = builtins_[*b].result(t_, args, why);
                p_.resolution[e] = Resolution{Resolution::Kind::builtin, *b, 0};
                if (!result) {
                    error(Code::E2003, at(e), fmt::format("`{}`: {}", n->name, why))
                        .hint(builtins_[*b].doc);
                    return t_.error_type();
                }
                return *result;
            }
        }
    } else if (const auto* m = std::get_if<Member>(&callee.kind)) {
        if (const auto* on = std::get_if<NameRef>(&p_.ast.expr(m->object).kind)) {
            bool known_module =
                std::any_of(p_.modules.begin(), p_.modules.end(),
                            [&](const ModuleInfo& mi) { return mi.name == on->name; });
            if (!module_alias(on->name) && known_module) {
                error(Code::E2012, at(m->object),
                      fmt::format("module `{}` is not imported here", on->name))
                    .hint(fmt::format("add `import {}` after the `module` line", on->name));
                for (ExprId a : c.args) {
                    check(a);
                }
                return t_.error_type();
            }
            if (auto mod = module_alias(on->name)) {
                sym = lookup_in(*mod, m->member.text);
                name = on->name + "." + m->member.text;
                if (sym) {
                    refer(*sym, m->member.span);
                }
                if (!sym) {
                    error(Code::E2001, at(m->member.span),
                          fmt::format("module `{}` has no `{}`", on->name, m->member.text));
                    return t_.error_type();
                }
            }
        }
    }
    if (!sym || sym->kind != Symbol::Kind::rule) {
        if (!sym && name.empty()) {
            error(Code::E2022, at(c.callee), "only definitions and functions can be called");
        } else if (!sym) {
            auto b = error(Code::E2001, at(c.callee), fmt::format("unknown name `{}`", name));
            if (auto cl = closest(name, visible_names())) {
                b.hint(fmt::format("did you mean `{}`?", *cl));
            }
        } else {
            error(Code::E2022, at(c.callee),
                  fmt::format("`{}` is a {} and cannot be called", name, to_string(sym->kind)));
        }
        for (ExprId a : c.args) {
            check(a);
        }
        return t_.error_type();
    }
    const RuleInfo& r = p_.rules[sym->index];
    TypeId result = resolve_rule_ref(e, sym->index, true);
    p_.resolution[c.callee] = p_.resolution[e];
    if (c.args.size() != r.params.size()) {
        error(Code::E2005, at(e),
              fmt::format("`{}` takes {} argument(s), {} given", r.short_name, r.params.size(),
                          c.args.size()))
            .note(r.where, "declared here");
        for (ExprId a : c.args) {
            check(a);
        }
        return t_.error_type();
    }
    for (std::size_t k = 0; k < c.args.size(); ++k) {
        TypeId at_ = check(c.args[k]);
        if (!coerce(c.args[k], at_, r.params[k].type)) {
            error(Code::E2003, at(c.args[k]),
                  fmt::format("argument `{}` of `{}` is {}, but {} was given", r.params[k].name,
                              r.short_name, tn(r.params[k].type), tn(at_)));
        }
    }
    return result;
}

TypeId Checker::check_binary(ExprId e, const Binary& b) {
    TypeId lt = check(b.lhs);
    TypeId rt = check(b.rhs);
    if (is_error(lt) || is_error(rt)) {
        return t_.error_type();
    }
    TypeKind lk = t_.kind(lt);
    TypeKind rk = t_.kind(rt);
    auto bad = [&](const std::string& msg, const std::string& hint = {}) {
        auto d = error(Code::E2004, at(e), msg);
        if (!hint.empty()) {
            d.hint(hint);
        }
        return t_.error_type();
    };
    const char* op = to_string(b.op);
    switch (b.op) {
        case BinaryOp::logical_and:
        case BinaryOp::logical_or:
            if (lk != TypeKind::boolean || rk != TypeKind::boolean) {
                return bad(fmt::format("`{}` needs true or false on both sides, not {} and {}", op,
                                       tn(lt), tn(rt)));
            }
            return t_.boolean();
        case BinaryOp::otherwise:
            if (lk != TypeKind::optional) {
                return bad(
                    fmt::format("`otherwise` gives a default for an optional value; the "
                                "left side is {}, always present",
                                tn(lt)));
            }
            if (!coerce(b.rhs, rt, t_.element(lt)) && !coerce(b.rhs, rt, lt)) {
                return bad(fmt::format("the default is {}, but the value is {}", tn(rt), tn(lt)));
            }
            return t_.kind(rt) == TypeKind::optional ? lt : t_.element(lt);
        default:
            break;
    }
    bool equality = b.op == BinaryOp::eq || b.op == BinaryOp::ne;
    if (equality) {
        // `x == none` asks whether an optional value is absent; both sides may be optional.
        TypeId lb = lk == TypeKind::optional ? t_.element(lt) : lt;
        TypeId rb = rk == TypeKind::optional ? t_.element(rt) : rt;
        if (lk == TypeKind::none || rk == TypeKind::none || lb == rb ||
            ((lk == TypeKind::optional || rk == TypeKind::optional) && unify(lb, rb))) {
            if (lk == TypeKind::optional || rk == TypeKind::optional || lk == TypeKind::none ||
                rk == TypeKind::none) {
                return t_.boolean();
            }
        }
        // The empty set literal compares with any set.
        if (lk == TypeKind::set && rk == TypeKind::set &&
            (t_.kind(t_.element(lt)) == TypeKind::none ||
             t_.kind(t_.element(rt)) == TypeKind::none)) {
            return t_.boolean();
        }
    }
    if (!equality || lk == TypeKind::optional) {
        reject_optional(b.lhs, lt);
    }
    if (!equality || rk == TypeKind::optional) {
        reject_optional(b.rhs, rt);
    }
    if (lk == TypeKind::optional || rk == TypeKind::optional) {
        return t_.error_type();
    }
    // Integer literals take the year type next to a year: jaar >= 2025.
    if (lk == TypeKind::year && is_int_literal(b.rhs) && rk != TypeKind::year &&
        b.op != BinaryOp::add && b.op != BinaryOp::sub) {
        mark_year(b.rhs);
        rt = p_.expr_type[b.rhs];
        rk = t_.kind(rt);
    } else if (rk == TypeKind::year && is_int_literal(b.lhs) && lk != TypeKind::year &&
               b.op != BinaryOp::add && b.op != BinaryOp::sub) {
        mark_year(b.lhs);
        lt = p_.expr_type[b.lhs];
        lk = t_.kind(lt);
    }
    auto numeric = [&](TypeKind k) { return k == TypeKind::integer || k == TypeKind::decimal; };
    switch (b.op) {
        case BinaryOp::add:
        case BinaryOp::sub: {
            bool add = b.op == BinaryOp::add;
            if (lk == TypeKind::money && rk == TypeKind::money) {
                return t_.money();
            }
            if (numeric(lk) && numeric(rk)) {
                return lk == TypeKind::integer && rk == TypeKind::integer ? t_.integer()
                                                                          : t_.decimal();
            }
            if (lk == TypeKind::year && rk == TypeKind::integer) {
                return t_.year();
            }
            if (add && lk == TypeKind::integer && rk == TypeKind::year) {
                return t_.year();
            }
            if (!add && lk == TypeKind::year && rk == TypeKind::year) {
                return t_.integer();
            }
            if (lk == TypeKind::date && rk == TypeKind::integer) {
                return t_.date();
            }
            if (!add && lk == TypeKind::date && rk == TypeKind::date) {
                return t_.integer();
            }
            if (add && lk == TypeKind::text && rk == TypeKind::text) {
                return t_.text();
            }
            if ((lk == TypeKind::money && numeric(rk)) || (numeric(lk) && rk == TypeKind::money)) {
                return bad(
                    fmt::format("cannot {} {} and {}", add ? "add" : "subtract", tn(lt), tn(rt)),
                    "an amount of money and a plain number do not add up; write the "
                    "number as an amount (`€ 100`) or multiply it by an amount");
            }
            if ((lk == TypeKind::year && rk == TypeKind::date) ||
                (lk == TypeKind::date && rk == TypeKind::year)) {
                return bad(fmt::format("cannot {} a year and a date", add ? "add" : "subtract"),
                           "use `year_of(date)` to get a date's year");
            }
            return bad(
                fmt::format("cannot {} {} and {}", add ? "add" : "subtract", tn(lt), tn(rt)));
        }
        case BinaryOp::mul:
            if (lk == TypeKind::money && numeric(rk)) {
                return t_.money();
            }
            if (numeric(lk) && rk == TypeKind::money) {
                return t_.money();
            }
            if (numeric(lk) && numeric(rk)) {
                return lk == TypeKind::integer && rk == TypeKind::integer ? t_.integer()
                                                                          : t_.decimal();
            }
            if (lk == TypeKind::money && rk == TypeKind::money) {
                return bad("cannot multiply money by money",
                           "multiply an amount by a number or a percentage");
            }
            return bad(fmt::format("cannot multiply {} by {}", tn(lt), tn(rt)));
        case BinaryOp::div:
            if (lk == TypeKind::money && rk == TypeKind::money) {
                return t_.decimal();
            }
            if (lk == TypeKind::money && numeric(rk)) {
                return t_.money();
            }
            if (numeric(lk) && numeric(rk)) {
                return t_.decimal();
            }
            return bad(fmt::format("cannot divide {} by {}", tn(lt), tn(rt)));
        case BinaryOp::eq:
        case BinaryOp::ne:
        case BinaryOp::lt:
        case BinaryOp::le:
        case BinaryOp::gt:
        case BinaryOp::ge: {
            bool ordered = b.op != BinaryOp::eq && b.op != BinaryOp::ne;
            if ((lk == TypeKind::year && rk == TypeKind::date) ||
                (lk == TypeKind::date && rk == TypeKind::year)) {
                return bad("cannot compare a year with a date",
                           "use `year_of(date)` to compare years, or `first_day(year)` for a date");
            }
            if ((lk == TypeKind::datetime && rk == TypeKind::date) ||
                (lk == TypeKind::date && rk == TypeKind::datetime)) {
                return bad("cannot compare a datetime with a date",
                           "use `date_of(moment)` for the date (in Dutch local time) of a "
                           "datetime");
            }
            bool same = lt == rt || (numeric(lk) && numeric(rk)) ||
                        (!ordered && (lk == TypeKind::none || rk == TypeKind::none ||
                                      (rk == TypeKind::optional && t_.element(rt) == lt)));
            if (!same) {
                return bad(fmt::format("cannot compare {} with {}", tn(lt), tn(rt)),
                           lk == TypeKind::money || rk == TypeKind::money
                               ? "compare amounts with amounts: write `€ 1.000` rather than `1000`"
                               : "");
            }
            if (ordered &&
                (lk == TypeKind::boolean || lk == TypeKind::text || lk == TypeKind::enumeration ||
                 lk == TypeKind::set || lk == TypeKind::list || lk == TypeKind::record)) {
                return bad(fmt::format("`{}` needs values in an order; {} has none", op, tn(lt)));
            }
            return t_.boolean();
        }
        case BinaryOp::in:
        case BinaryOp::not_in: {
            if (rk == TypeKind::range || rk == TypeKind::set || rk == TypeKind::list) {
                TypeId elem = t_.element(rt);
                if (t_.kind(elem) == TypeKind::none || elem == lt ||
                    (numeric(lk) && numeric(t_.kind(elem)))) {
                    return t_.boolean();
                }
                if (t_.kind(elem) == TypeKind::year && is_int_literal(b.lhs)) {
                    mark_year(b.lhs);
                    return t_.boolean();
                }
                if (lk == TypeKind::year && t_.kind(elem) == TypeKind::integer &&
                    is_int_literal(b.rhs)) {
                    mark_year(b.rhs);
                    return t_.boolean();
                }
                return bad(fmt::format("cannot look for {} in a {}", tn(lt), tn(rt)));
            }
            return bad(
                fmt::format("`{}` needs a range, set or list on the right, not {}", op, tn(rt)));
        }
        case BinaryOp::overlaps:
            if ((lk == TypeKind::set || lk == TypeKind::list) &&
                (rk == TypeKind::set || rk == TypeKind::list)) {
                TypeId le = t_.element(lt);
                TypeId re = t_.element(rt);
                if (le == re || t_.kind(le) == TypeKind::none || t_.kind(re) == TypeKind::none) {
                    return t_.boolean();
                }
                return bad(fmt::format("cannot compare a {} with a {}", tn(lt), tn(rt)));
            }
            return bad(fmt::format("`overlaps` needs two sets, not {} and {}", tn(lt), tn(rt)));
        case BinaryOp::logical_and:
        case BinaryOp::logical_or:
        case BinaryOp::otherwise:
            break;
    }
    return t_.error_type();
}

std::optional<TypeId> Checker::element_of_collection(ExprId coll, TypeId t) {
    TypeKind k = t_.kind(t);
    if (k == TypeKind::set || k == TypeKind::list) {
        return t_.element(t);
    }
    if (k == TypeKind::group) {
        // Iterating a group iterates its records.
        return t_.intern(TypeKind::record, p_.groups[t_[t].ref].record);
    }
    if (k != TypeKind::error) {
        error(Code::E2003, at(coll),
              fmt::format("cannot go through {}; a set, list, group or "
                          "record type is needed",
                          tn(t)));
    }
    return std::nullopt;
}

TypeId Checker::check_aggregate(ExprId e, const Aggregate& a) {
    TypeId ct = check(a.collection);
    auto elem = element_of_collection(a.collection, ct);
    std::size_t saved_locals = locals_.size();
    std::uint32_t saved_slot = next_slot_;
    bind(a.var.text, elem.value_or(t_.error_type()));
    p_.resolution[e] = Resolution{Resolution::Kind::local, next_slot_ - 1, 0};
    if (a.filter != no_expr) {
        TypeId ft = check(a.filter);
        if (!is_error(ft) && t_.kind(ft) != TypeKind::boolean) {
            error(Code::E2003, at(a.filter),
                  fmt::format("`where` needs a condition (true or false); this is {}", tn(ft)));
        }
    }
    TypeId result = t_.error_type();
    const char* name = to_string(a.kind);
    if (a.kind == AggregateKind::count) {
        result = t_.integer();
    } else {
        TypeId bt = check(a.body);
        reject_optional(a.body, bt);
        TypeKind bk = t_.kind(bt);
        switch (a.kind) {
            case AggregateKind::sum:
                if (bk == TypeKind::money || bk == TypeKind::integer || bk == TypeKind::decimal) {
                    result = bt;
                } else if (bk != TypeKind::error) {
                    error(Code::E2004, at(a.body), fmt::format("cannot add up {}", tn(bt)));
                }
                break;
            case AggregateKind::min:
            case AggregateKind::max:
                if (bk == TypeKind::money || bk == TypeKind::integer || bk == TypeKind::decimal ||
                    bk == TypeKind::date || bk == TypeKind::year || bk == TypeKind::datetime) {
                    result = bt;
                } else if (bk != TypeKind::error) {
                    error(Code::E2004, at(a.body),
                          fmt::format("cannot take the {} of {}", name, tn(bt)));
                }
                break;
            case AggregateKind::all:
            case AggregateKind::any:
                if (bk == TypeKind::boolean) {
                    result = bt;
                } else if (bk != TypeKind::error) {
                    error(Code::E2003, at(a.body),
                          fmt::format("`{}` needs a condition; this is {}", name, tn(bt)));
                }
                break;
            case AggregateKind::count:
                break;
        }
    }
    locals_.resize(saved_locals);
    next_slot_ = saved_slot;
    return result;
}

TypeId Checker::check_allocate(ExprId e, const Allocate& a) {
    TypeId total = check(a.total);
    if (!is_error(total) && t_.kind(total) != TypeKind::money) {
        error(Code::E2003, at(a.total),
              fmt::format("the amount to allocate must be money, not {}", tn(total)));
    }
    TypeId ct = check(a.collection);
    auto elem = element_of_collection(a.collection, ct);
    TypeId target = check(a.target);
    std::size_t saved_locals = locals_.size();
    std::uint32_t saved_slot = next_slot_;
    bind(a.var.text, elem.value_or(t_.error_type()));
    p_.resolution[e] = Resolution{Resolution::Kind::local, next_slot_ - 1, 0};
    if (elem && t_.kind(*elem) != TypeKind::record) {
        error(Code::E2003, at(a.collection),
              fmt::format("allocation shares an amount among records; these are {}", tn(*elem)));
    }
    if (a.filter != no_expr) {
        TypeId ft = check(a.filter);
        if (!is_error(ft) && t_.kind(ft) != TypeKind::boolean) {
            error(Code::E2003, at(a.filter),
                  fmt::format("`where` needs a condition; this is {}", tn(ft)));
        }
    }
    TypeId claim = check(a.claim);
    if (!is_error(claim) && t_.kind(claim) != TypeKind::money) {
        error(Code::E2003, at(a.claim), fmt::format("a claim must be money, not {}", tn(claim)));
    }
    if (a.order_key != no_expr) {
        TypeId kt = check(a.order_key);
        TypeKind kk = t_.kind(kt);
        if (kk == TypeKind::boolean || kk == TypeKind::set || kk == TypeKind::list ||
            kk == TypeKind::record || kk == TypeKind::optional) {
            error(Code::E2003, at(a.order_key),
                  fmt::format("the order must be by a date, datetime, number or text; this is {}",
                              tn(kt)));
        }
    }
    locals_.resize(saved_locals);
    next_slot_ = saved_slot;
    if (elem && !is_error(target) && target != *elem) {
        error(Code::E2003, at(a.target),
              fmt::format("the share is allocated to one of the {}; this is {}", tn(*elem),
                          tn(target)));
    }
    return t_.money();
}

TypeId Checker::check_round(ExprId e, const Round& r) {
    TypeId vt = check(r.value);
    TypeId ut = check(r.unit);
    reject_optional(r.value, vt);
    auto mode_ok = [&] {
        static const std::vector<std::string> modes = {"half_up", "half_even", "half_down", "down",
                                                       "up",      "floor",     "ceiling"};
        if (std::find(modes.begin(), modes.end(), r.mode.text) != modes.end()) {
            return true;
        }
        auto b = error(Code::E2025, at(r.mode.span),
                       fmt::format("`{}` is not a rounding mode", r.mode.text));
        if (auto c = closest(r.mode.text, modes)) {
            b.hint(fmt::format("did you mean `{}`?", *c));
        } else {
            b.hint("rounding modes: half_up, half_even, half_down, down, up, floor, ceiling");
        }
        return false;
    };
    bool mode = mode_ok();
    if (is_error(vt) || is_error(ut)) {
        return t_.error_type();
    }
    TypeKind vk = t_.kind(vt);
    TypeKind uk = t_.kind(ut);
    bool fits = (vk == TypeKind::money && uk == TypeKind::money) ||
                ((vk == TypeKind::decimal || vk == TypeKind::integer) &&
                 (uk == TypeKind::decimal || uk == TypeKind::integer));
    if (!fits) {
        error(Code::E2025, at(r.unit),
              fmt::format("cannot round {} to a unit of {}", tn(vt), tn(ut)))
            .hint(vk == TypeKind::money ? "round money to an amount: `€ 0,01`, `€ 1` or "
                                          "`€ 100.000`"
                                        : "round numbers to a number such as `1` or `1%`");
        return t_.error_type();
    }
    if (const auto* lit = std::get_if<NumberLit>(&p_.ast.expr(r.unit).kind);
        lit && lit->mantissa <= 0) {
        error(Code::E2025, at(r.unit), "the rounding unit must be greater than zero");
    }
    (void)e;
    return mode ? vt : t_.error_type();
}

TypeId Checker::check_match(ExprId e, const Match& m) {
    TypeId st = check(m.subject);
    reject_optional(m.subject, st);
    bool is_enum = t_.kind(st) == TypeKind::enumeration;
    if (!is_enum && !is_error(st)) {
        error(Code::E2003, at(m.subject),
              fmt::format("`match` needs an enum value; this is {}", tn(st)));
    }
    std::vector<std::optional<Span>> handled;
    const EnumInfo* en = is_enum ? &p_.enums[t_[st].ref] : nullptr;
    if (en != nullptr) {
        handled.resize(en->cases.size());
    }
    bool has_else = false;
    TypeId result = t_.error_type();
    bool first = true;
    for (const MatchArm& arm : m.arms) {
        if (arm.cases.empty()) {
            has_else = true;
        }
        for (const Ident& c : arm.cases) {
            if (en == nullptr) {
                continue;
            }
            auto it = std::find(en->cases.begin(), en->cases.end(), c.text);
            if (it == en->cases.end()) {
                auto b = error(Code::E2001, at(c.span),
                               fmt::format("`{}` is not a case of `{}`", c.text, tn(st)));
                if (auto cl = closest(c.text, en->cases)) {
                    b.hint(fmt::format("did you mean `{}`?", *cl));
                }
                continue;
            }
            auto idx = static_cast<std::size_t>(it - en->cases.begin());
            if (handled[idx]) {
                error(Code::E2026, at(c.span), fmt::format("`{}` is handled twice", c.text))
                    .note(at(*handled[idx]), "first handled here");
                continue;
            }
            handled[idx] = c.span;
        }
        TypeId bt = check(arm.body);
        if (first) {
            result = bt;
            first = false;
        } else if (auto u = unify(result, bt)) {
            result = *u;
        } else if (!is_error(bt) && !is_error(result)) {
            error(Code::E2003, at(arm.body),
                  fmt::format("every arm of `match` must give one type; this gives {}, earlier "
                              "arms give {}",
                              tn(bt), tn(result)));
        }
    }
    if (en != nullptr && !has_else) {
        std::string missing;
        for (std::size_t k = 0; k < handled.size(); ++k) {
            if (!handled[k]) {
                missing += (missing.empty() ? "`" : ", `") + en->cases[k] + "`";
            }
        }
        if (!missing.empty()) {
            error(Code::E2011, at(e),
                  fmt::format("`match` does not handle {} of `{}`", missing, tn(st)))
                .note(en->where, fmt::format("`{}` is declared here", tn(st)))
                .hint("add an arm for each missing case, or an `else =>` arm");
        }
    }
    // Fill the rest of the cases' resolution for the interpreter: nothing to do; it reads
    // the enum and the arm case names.
    return result;
}

}  // namespace regels::dsl::checker
