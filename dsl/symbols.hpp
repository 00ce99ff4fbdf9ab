// The symbol index: every declaration of a checked program and every reference to one,
// each with its span.
//
// The checker fills it while it resolves names (a reference is entered where a lookup
// succeeds, so the index agrees with what `regels check` decided, including imports,
// qualified names and enum cases), and completes it from the resolution side table after
// expressions are typed (record fields, which only the type of their object decides).
// Editors read it: go to definition, find references, rename and outlines are look-ups in
// these two lists, never a second resolver that could disagree with the checker.
#pragma once

#include "dsl/source.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace regels::dsl {

struct SymbolKey {
    enum class Kind : std::uint8_t {
        document,
        enumeration,
        enum_case,  // index: enum, extra: case
        record,
        field,  // index: record, extra: field
        parameter,
        rule,
    } kind;
    std::uint32_t index = 0;
    std::uint32_t extra = 0;
    friend bool operator==(const SymbolKey&, const SymbolKey&) = default;
};

const char* to_string(SymbolKey::Kind kind);

struct SymbolDecl {
    SymbolKey key;
    std::string name;  // as written (unqualified)
    Location where;    // the name in the declaration
    Location extent;   // the whole declaration
};

struct SymbolRef {
    SymbolKey target;
    Location where;  // the name as written at the use, without a module qualifier
};

struct SymbolIndex {
    std::vector<SymbolDecl> declarations;
    std::vector<SymbolRef> references;  // sorted by file and offset, no duplicates
    // Per module (Program::modules): the modules it imports, by alias.
    std::vector<std::vector<std::pair<std::string, std::uint32_t>>> imports;

    const SymbolDecl* declaration(const SymbolKey& key) const;
    // The symbol whose name (at a declaration or a use) covers `offset` in `file`; an offset
    // just past the end of a name counts, as editors put the cursor there.
    std::optional<SymbolKey> at(FileId file, std::uint32_t offset) const;
    // Every use of `key`, in file and offset order (declarations not included).
    std::vector<Location> uses(const SymbolKey& key) const;
};

}  // namespace regels::dsl
