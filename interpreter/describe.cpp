// operand_label(): rule text back to the declaration it names, in the reader's words.
//
// A step's arguments are slices of the rule text (views into the files' contents), so the
// expression a slice came from is found by where it starts and how long it is. An index of
// every expression by its first character is built once per checked program.
#include "dsl/labels.hpp"
#include "interpreter/phrases.hpp"

#include <algorithm>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <variant>

namespace regels::interp {
namespace {

using dsl::ExprId;

struct SliceIndex {
    // First character of an expression's text -> the expressions starting there (outermost
    // first, as the parser appends inner expressions before the outer ones: so the last).
    std::unordered_map<const char*, std::vector<ExprId>> by_start;
};

std::shared_ptr<const SliceIndex> build(const dsl::Program& program) {
    auto index = std::make_shared<SliceIndex>();
    if (program.sources == nullptr) {
        return index;
    }
    for (ExprId e = 0; e < program.ast.exprs.size(); ++e) {
        const dsl::FileId file = program.file_of(e);
        if (file == dsl::no_file) {
            continue;
        }
        std::string_view text = program.sources->file(file).slice(program.ast.expr(e).span);
        if (!text.empty()) {
            index->by_start[text.data()].push_back(e);
        }
    }
    return index;
}

// Shared, so that dropping an old program's index (a service reloads its rules, each check
// is a new program) never frees one another thread is still reading.
std::shared_ptr<const SliceIndex> index_of(const dsl::Program& program) {
    static std::mutex mutex;
    static std::unordered_map<std::uint64_t, std::shared_ptr<const SliceIndex>> cache;
    constexpr std::size_t kept = 16;  // programs whose index is kept
    std::lock_guard<std::mutex> lock(mutex);
    auto found = cache.find(program.serial);
    if (found != cache.end()) {
        return found->second;
    }
    if (cache.size() >= kept) {
        cache.erase(std::min_element(cache.begin(), cache.end(), [](const auto& a, const auto& b) {
            return a.first < b.first;
        }));  // the oldest program (serials grow)
    }
    return cache.emplace(program.serial, build(program)).first->second;
}

std::optional<ExprId> expression_of(const dsl::Program& program, std::string_view code) {
    if (code.empty()) {
        return std::nullopt;
    }
    const std::shared_ptr<const SliceIndex> index = index_of(program);
    auto it = index->by_start.find(code.data());
    if (it == index->by_start.end()) {
        return std::nullopt;
    }
    std::optional<ExprId> found;
    for (ExprId e : it->second) {
        const dsl::FileId file = program.file_of(e);
        if (program.sources->file(file).slice(program.ast.expr(e).span).size() == code.size()) {
            found = e;  // keep the outermost (the last appended)
        }
    }
    return found;
}

// A rule in the reader's words: its question when it has one (a boolean rule used as a
// condition), else its label.
std::string rule_words(const dsl::Program& program, std::uint32_t rule) {
    const std::string& question = dsl::rule_question(program, rule);
    return question.empty() ? dsl::rule_label(program, rule) : question;
}

std::string describe(const dsl::Program& program, ExprId e, int depth = 0) {
    if (depth > 8 || e >= program.ast.exprs.size()) {
        return {};
    }
    const dsl::Expr& x = program.ast.expr(e);
    const dsl::Resolution res =
        e < program.resolution.size() ? program.resolution[e] : dsl::Resolution{};
    using K = dsl::Resolution::Kind;
    switch (res.kind) {
        case K::rule:
            return rule_words(program, res.index);
        case K::parameter:
            return dsl::parameter_label(program, res.index);
        case K::enum_case:
            return dsl::case_label(program, res.index, res.extra);
        case K::field:
            if (const auto* m = std::get_if<dsl::Member>(&x.kind)) {
                const dsl::TypeId object = program.expr_type[m->object];
                if (program.types.kind(object) == dsl::TypeKind::record) {
                    return dsl::field_label(program, program.types[object].ref, res.index);
                }
            }
            return {};
        case K::local:
            // A rule's parameter or a bound variable: a record by its label, anything else
            // by its name made readable ("gebied").
            if (const auto* ref = std::get_if<dsl::NameRef>(&x.kind)) {
                const dsl::TypeId type = program.expr_type[e];
                if (program.types.kind(type) == dsl::TypeKind::record) {
                    return dsl::record_label(program, program.types[type].ref);
                }
                // A group or a one-letter variable names nothing a reader would recognise.
                if (program.types.kind(type) == dsl::TypeKind::group || ref->name.size() < 2) {
                    return {};
                }
                return dsl::readable_name(ref->name);
            }
            return {};
        case K::group_key:
            // `g.gebied` of a group keyed by fields: the key field's words.
            if (const auto* m = std::get_if<dsl::Member>(&x.kind)) {
                const dsl::TypeId object = program.expr_type[m->object];
                if (program.types.kind(object) == dsl::TypeKind::group) {
                    const dsl::GroupInfo& group = program.groups[program.types[object].ref];
                    if (res.index < group.keys.size()) {
                        const dsl::GroupKey& key = group.keys[res.index];
                        return key.is_field ? dsl::field_label(program, group.record, key.index)
                                            : dsl::rule_label(program, key.index);
                    }
                }
            }
            return {};
        default:
            break;
    }
    if (const auto* call = std::get_if<dsl::Call>(&x.kind)) {
        const dsl::Resolution callee = call->callee < program.resolution.size()
                                           ? program.resolution[call->callee]
                                           : dsl::Resolution{};
        if (callee.kind == K::rule) {
            return rule_words(program, callee.index);
        }
        // A built-in (text_of, ...): what its one argument names.
        if (call->args.size() == 1) {
            return describe(program, call->args[0], depth + 1);
        }
        return {};
    }
    if (const auto* r = std::get_if<dsl::Required>(&x.kind)) {
        return describe(program, r->value, depth + 1);
    }
    if (const auto* at = std::get_if<dsl::At>(&x.kind)) {
        return describe(program, at->parameter, depth + 1);
    }
    return {};
}

}  // namespace

std::string operand_label(const dsl::Program& program, std::string_view code, Lang lang) {
    (void)lang;  // the labels are the rules' own words
    if (auto e = expression_of(program, code)) {
        return describe(program, *e);
    }
    return {};
}

}  // namespace regels::interp
