#include "dsl/types.hpp"

namespace regels::dsl {

TypeTable::TypeTable() {
    for (TypeKind k :
         {TypeKind::error, TypeKind::boolean, TypeKind::integer, TypeKind::decimal, TypeKind::money,
          TypeKind::date, TypeKind::year, TypeKind::text, TypeKind::none, TypeKind::datetime}) {
        intern(k);
    }
}

TypeId TypeTable::intern(TypeKind kind, std::uint32_t ref, TypeId element) {
    auto key = std::make_tuple(static_cast<int>(kind), ref, element);
    auto it = index_.find(key);
    if (it != index_.end()) {
        return it->second;
    }
    types_.push_back(TypeInfo{kind, ref, element});
    auto id = static_cast<TypeId>(types_.size() - 1);
    index_.emplace(key, id);
    return id;
}

std::uint32_t BuiltinTable::add(BuiltinSignature signature) {
    entries_.push_back(std::move(signature));
    return static_cast<std::uint32_t>(entries_.size() - 1);
}

std::optional<std::uint32_t> BuiltinTable::find(std::string_view name) const {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        if (entries_[i].name == name) {
            return static_cast<std::uint32_t>(i);
        }
    }
    return std::nullopt;
}

}  // namespace regels::dsl
