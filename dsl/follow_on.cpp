#include "dsl/follow_on.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace regels::dsl {

void fold_follow_on_errors(const SourceSet& sources, const Ast& ast, DiagnosticBag& bag) {
    struct Unparsed {
        Location where;
        std::size_t uses = 0;
    };
    std::map<std::string, Unparsed, std::less<>> unparsed;
    for (const FileAst& f : ast.files) {
        for (const Ident& name : f.unparsed) {
            unparsed.try_emplace(name.text, Unparsed{Location{f.file, name.span}, 0});
        }
    }
    if (unparsed.empty()) {
        return;
    }
    std::vector<Diagnostic>& items = bag.edit_items();
    // The name an E2001 is about is the text it points at (`uitkering`, or qualified,
    // `realisatiestimulans.uitkering`): its last part.
    auto follows = [&](const Diagnostic& d) -> Unparsed* {
        if (d.code != Code::E2001 || d.where.file == no_file || d.where.file >= sources.size()) {
            return nullptr;
        }
        std::string_view text = sources.file(d.where.file).text();
        if (d.where.span.end > text.size() || d.where.span.begin >= d.where.span.end) {
            return nullptr;
        }
        std::string_view used =
            text.substr(d.where.span.begin, d.where.span.end - d.where.span.begin);
        if (auto dot = used.rfind('.'); dot != std::string_view::npos) {
            used.remove_prefix(dot + 1);
        }
        auto it = unparsed.find(used);
        return it == unparsed.end() ? nullptr : &it->second;
    };
    std::erase_if(items, [&](const Diagnostic& d) {
        Unparsed* u = follows(d);
        if (u != nullptr) {
            ++u->uses;
        }
        return u != nullptr;
    });
    for (const auto& [name, u] : unparsed) {
        if (u.uses == 0) {
            continue;
        }
        // The syntax error that broke this declaration: the first one after its name.
        Diagnostic* error = nullptr;
        for (Diagnostic& d : items) {
            bool syntax = info(d.code).id[1] == '1';
            if (syntax && d.where.file == u.where.file &&
                d.where.span.begin >= u.where.span.begin &&
                (error == nullptr || d.where.span.begin < error->where.span.begin)) {
                error = &d;
            }
        }
        if (error != nullptr) {
            error->notes.push_back(
                {u.where,
                 fmt::format("`{}` is declared here; until it parses, {} use{} of it "
                             "elsewhere {} not reported as unknown",
                             name, u.uses, u.uses == 1 ? "" : "s", u.uses == 1 ? "is" : "are")});
        }
    }
}

}  // namespace regels::dsl
