// The message catalogue (interpreter/messages.hpp): every id has a text in both languages, and
// both texts take the same arguments, so a message can be worded in either language from the
// same call.
#include "interpreter/messages.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

using regels::interp::Lang;
using regels::interp::Msg;

namespace {

// The placeholders of a format string, each as "{index:spec}": automatic ones (`{}`) numbered
// in order, so "{} {}" and "{1} {0}" both take two arguments. `{{` and `}}` are text.
std::vector<std::string> placeholders(std::string_view text) {
    std::vector<std::string> out;
    int next = 0;
    for (std::size_t k = 0; k < text.size(); ++k) {
        if (text[k] == '{' && k + 1 < text.size() && text[k + 1] == '{') {
            ++k;
            continue;
        }
        if (text[k] != '{') {
            continue;
        }
        std::size_t end = text.find('}', k);
        REQUIRE(end != std::string_view::npos);
        std::string inside(text.substr(k + 1, end - k - 1));
        std::size_t colon = inside.find(':');
        std::string index = inside.substr(0, colon);
        std::string spec = colon == std::string::npos ? "" : inside.substr(colon);
        if (index.empty()) {
            index = std::to_string(next++);
        }
        out.push_back("{" + index + spec + "}");
        k = end;
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace

TEST_CASE("every message has a text in Dutch and in English with the same arguments",
          "[messages]") {
    for (std::uint16_t k = 0; k < static_cast<std::uint16_t>(Msg::count_); ++k) {
        auto id = static_cast<Msg>(k);
        std::string_view nl = regels::interp::message_format(Lang::nl, id);
        std::string_view en = regels::interp::message_format(Lang::en, id);
        INFO("message " << k << ": nl \"" << nl << "\", en \"" << en << "\"");
        CHECK(!nl.empty());
        CHECK(!en.empty());
        CHECK(placeholders(nl) == placeholders(en));
    }
}

TEST_CASE("a message is Dutch by default and English when asked", "[messages]") {
    using regels::interp::message;
    CHECK(message(Lang::nl, Msg::diff_per_decision, "uitkering", 2) == "\nuitkering: 2 veranderd");
    CHECK(message(Lang::en, Msg::diff_per_decision, "uitkering", 2) == "\nuitkering: 2 changed");
    CHECK(message(Lang::nl, Msg::check_files_many, 3) == "3 bestanden");
}
