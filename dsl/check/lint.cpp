// Pass 4, cycles and lints: reads the dependency edges and use marks of passes 2 and 3 and
// the import lists of pass 1; reports definitions that depend on themselves, modules that
// import each other, and (only when there are no errors) missing citations and unused
// declarations.
#include "dsl/check/checker.hpp"

namespace regels::dsl::checker {

// ---- cycles and lints ---------------------------------------------------------------------------

namespace {

// Depth-first search over a graph of `n` nodes for edges that close a cycle, without
// recursion: a chain of 100,000 definitions must not overflow the stack. `targets(u)` gives
// u's edges in order; `on_cycle(path, u, k)` is called for u's k-th edge when it leads back
// into `path` (the nodes being visited, outermost first, ending in u).
template <typename Targets, typename OnCycle>
void find_cycles(std::size_t n, Targets targets, OnCycle on_cycle) {
    std::vector<std::uint8_t> color(n, 0);  // 0 new, 1 on the path, 2 done
    std::vector<std::uint32_t> path;
    std::vector<std::size_t> next;  // per path entry: the next edge to follow
    for (std::uint32_t root = 0; root < n; ++root) {
        if (color[root] != 0) {
            continue;
        }
        color[root] = 1;
        path.push_back(root);
        next.push_back(0);
        while (!path.empty()) {
            std::uint32_t u = path.back();
            const auto& edges = targets(u);
            if (next.back() == edges.size()) {
                color[u] = 2;
                path.pop_back();
                next.pop_back();
                continue;
            }
            std::size_t k = next.back()++;
            std::uint32_t v = edges[k];
            if (color[v] == 1) {
                on_cycle(path, v, k);
            } else if (color[v] == 0) {
                color[v] = 1;
                path.push_back(v);
                next.push_back(0);
            }
        }
    }
}

}  // namespace

void Checker::check_cycles() {
    std::set<std::uint32_t> reported;
    find_cycles(
        p_.rules.size(), [&](std::uint32_t r) -> const auto& { return deps_[r]; },
        [&](const std::vector<std::uint32_t>& path, std::uint32_t d, std::size_t) {
            auto it = std::find(path.begin(), path.end(), d);
            std::vector<std::uint32_t> cycle(it, path.end());
            std::uint32_t lowest = *std::min_element(cycle.begin(), cycle.end());
            if (!reported.insert(lowest).second) {
                return;
            }
            std::string text;
            for (std::uint32_t c : cycle) {
                text += p_.rules[c].short_name + " → ";
            }
            text += p_.rules[d].short_name;
            auto b = error(Code::E2007, p_.rules[d].where,
                           fmt::format("`{}` depends on itself: {}", p_.rules[d].short_name, text));
            for (std::size_t k = 1; k < cycle.size(); ++k) {
                b.note(p_.rules[cycle[k]].where,
                       fmt::format("`{}` is part of the cycle", p_.rules[cycle[k]].short_name));
            }
            b.hint(
                "a definition cannot use its own value; break the cycle with a separate "
                "definition");
        });
}

// Modules that import each other, directly or through others, cannot be read one after the
// other; the national rules and an area's file must layer, not loop.
void Checker::check_import_cycles() {
    std::vector<std::vector<std::uint32_t>> targets(scopes_.size());
    for (std::size_t m = 0; m < scopes_.size(); ++m) {
        for (const auto& imp : scopes_[m].imports) {
            targets[m].push_back(imp.second);
        }
    }
    std::set<std::uint32_t> reported;
    find_cycles(
        scopes_.size(), [&](std::uint32_t m) -> const auto& { return targets[m]; },
        [&](const std::vector<std::uint32_t>& path, std::uint32_t target, std::size_t k) {
            auto it = std::find(path.begin(), path.end(), target);
            std::string text;
            for (auto c = it; c != path.end(); ++c) {
                text += p_.modules[*c].name + " → ";
            }
            text += p_.modules[target].name;
            if (reported.insert(*std::min_element(it, path.end())).second) {
                const ModuleScope& scope = scopes_[path.back()];
                error(Code::E2027, Location{scope.file, scope.import_spans[k]},
                      fmt::format("modules import each other: {}", text))
                    .hint("move what both need into a module that imports neither");
            }
        });
}

void Checker::lint() {
    if (options_.lint_citations) {
        for (const RuleInfo& r : p_.rules) {
            if (r.sources.empty() && r.kind != RuleKind::assertion) {
                bag_.report(Code::W2101, r.where,
                            fmt::format("{} `{}` has no citation", to_string(r.kind), r.short_name))
                    .hint(
                        "add `source <document>, \"<section>\": \"<quote>\"` so reviewers can "
                        "trace it");
            }
        }
        for (const ParameterInfo& p : p_.parameters) {
            bool each_version =
                !p.versions.empty() &&
                std::all_of(p.versions.begin(), p.versions.end(),
                            [](const VersionInfo& v) { return !v.sources.empty(); });
            if (p.sources.empty() && !each_version) {
                bag_.report(Code::W2101, p.where,
                            fmt::format("parameter `{}` has no citation",
                                        p.name.substr(p.name.rfind('.') + 1)))
                    .hint("cite where its value comes from, on the parameter or on each version");
            }
        }
    }
    if (options_.lint_citations) {
        for (const RuleInfo& r : p_.rules) {
            if (r.kind == RuleKind::decision && r.label.empty()) {
                bag_.report(Code::W2120, r.where,
                            fmt::format("decision `{}` has no label", r.short_name))
                    .hint(
                        "add `label \"…\"` with the words a reviewer reads for it, e.g. "
                        "`label \"de uitkering van de realisatiestimulans\"`");
            }
        }
    }
    if (options_.lint_unused) {
        auto unused = [&](Location where, const std::string& what) {
            bag_.report(Code::W2102, where, fmt::format("{} is never used", what))
                .hint("remove it, or use it");
        };
        for (std::size_t i = 0; i < p_.rules.size(); ++i) {
            if (p_.rules[i].kind == RuleKind::definition && !rule_used_[i]) {
                unused(p_.rules[i].where, fmt::format("definition `{}`", p_.rules[i].short_name));
            }
        }
        for (std::size_t i = 0; i < p_.parameters.size(); ++i) {
            if (!param_used_[i]) {
                const std::string& n = p_.parameters[i].name;
                unused(p_.parameters[i].where,
                       fmt::format("parameter `{}`", n.substr(n.rfind('.') + 1)));
            }
        }
        for (std::size_t i = 0; i < p_.enums.size(); ++i) {
            if (!enum_used_[i]) {
                const std::string& n = p_.enums[i].name;
                unused(p_.enums[i].where, fmt::format("enum `{}`", n.substr(n.rfind('.') + 1)));
            }
        }
        for (std::size_t i = 0; i < p_.documents.size(); ++i) {
            if (!doc_used_[i]) {
                const std::string& n = p_.documents[i].name;
                unused(p_.documents[i].where,
                       fmt::format("document `{}`", n.substr(n.rfind('.') + 1)));
            }
        }
        for (std::size_t i = 0; i < p_.records.size(); ++i) {
            if (!record_used_[i]) {
                unused(p_.records[i].where, fmt::format("record `{}`", p_.records[i].short_name));
            }
        }
    }
}

}  // namespace regels::dsl::checker
