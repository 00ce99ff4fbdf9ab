#include "interpreter/facts_simd.hpp"

#include <algorithm>
#include <cstring>
#include <optional>
#include <simdjson.h>
#include <utility>

namespace regels::interp {

namespace sj = simdjson::ondemand;
using dsl::TypeKind;

namespace {

// One parser per thread: it keeps its buffers between records and blocks, and the stream
// workers each have their own.
sj::parser& thread_parser() {
    thread_local sj::parser parser = [] {
        sj::parser p;
#ifdef SIMDJSON_THREADS_ENABLED
        p.threaded = false;  // the stream already keeps both cores busy
#endif
        return p;
    }();
    return parser;
}

bool is_json_space(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

bool json_number(std::string_view t) {
    const char* why = nullptr;
    return scan_json_number(t, 0, why) == t.size() && why == nullptr;
}

bool blank(std::string_view text, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
        if (!is_json_space(text[i])) {
            return false;
        }
    }
    return true;
}

bool has_high_byte(std::string_view s) {
    return std::any_of(s.begin(), s.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0x80U) != 0; });
}

const std::string no_path;

// Decodes simdjson values through FactsDecoder::read_scalar, so a value means the same
// whichever reader read it. Every function returns false at the first doubt.
class Decode {
public:
    // `members`: the sets membership constraints are checked against (a value not in one, or
    // one that could wait for more records, goes to the strict reader); null: not checked.
    Decode(const FactsDecoder& decoder, const MemberSets* members)
        : decoder_(decoder), members_(members) {}

    // `depth`: how deeply the container holding `v` is nested (the strict reader's count,
    // which --max-facts-depth bounds).
    template <class V>
    bool value(V& v, dsl::TypeId type, Value& out, std::size_t depth) const {
        const dsl::TypeTable& types = decoder_.program().types;
        TypeKind kind = types.kind(type);
        sj::json_type jt{};
        if (v.type().get(jt) != simdjson::SUCCESS) {
            return false;
        }
        if (kind == TypeKind::optional) {
            if (jt == sj::json_type::null) {
                bool null = false;
                if (v.is_null().get(null) != simdjson::SUCCESS || !null) {
                    return false;
                }
                out = Value{};
                return true;
            }
            type = types.element(type);
            kind = types.kind(type);
        }
        FactsDecoder::Problem problem{dsl::Code::E4001, 0, {}};
        switch (jt) {
            case sj::json_type::array: {
                if (depth + 1 > decoder_.limits().max_depth) {
                    return false;
                }
                if (kind != TypeKind::set && kind != TypeKind::list) {
                    return false;
                }
                sj::array array;
                if (v.get_array().get(array) != simdjson::SUCCESS) {
                    return false;
                }
                std::vector<Value> items;
                for (auto element : array) {
                    sj::value item;
                    if (std::move(element).get(item) != simdjson::SUCCESS) {
                        return false;
                    }
                    Value decoded;
                    if (!value(item, types.element(type), decoded, depth + 1)) {
                        return false;
                    }
                    items.push_back(std::move(decoded));
                }
                out = Value::collection(kind == TypeKind::set ? ValueKind::set : ValueKind::list,
                                        std::move(items));
                return true;
            }
            case sj::json_type::number: {
                std::string_view raw = v.raw_json_token();
                while (!raw.empty() && is_json_space(raw.back())) {
                    raw.remove_suffix(1);
                }
                if (!json_number(raw)) {
                    return false;
                }
                return decoder_.read_scalar(JsonToken::number, raw, 0, type, out, no_path, problem);
            }
            case sj::json_type::string: {
                std::string_view text;
                if (v.get_string().get(text) != simdjson::SUCCESS) {
                    return false;
                }
                // simdjson has checked the raw bytes; an escape could still spell half a
                // surrogate pair, which has no UTF-8 form.
                if (kind == TypeKind::text && has_high_byte(text) &&
                    !simdjson::validate_utf8(text.data(), text.size())) {
                    return false;
                }
                return decoder_.read_scalar(JsonToken::string, text, 0, type, out, no_path,
                                            problem);
            }
            case sj::json_type::boolean: {
                bool b = false;
                if (v.get_bool().get(b) != simdjson::SUCCESS) {
                    return false;
                }
                return decoder_.read_scalar(b ? JsonToken::true_value : JsonToken::false_value,
                                            b ? "true" : "false", 0, type, out, no_path, problem);
            }
            case sj::json_type::null:
            case sj::json_type::object:
                return false;
        }
        return false;
    }

    template <class O>
    // `depth`: the record object's own nesting depth (1 for a JSON Lines record).
    bool object(O& obj, std::uint32_t record, std::vector<Value>& row, std::size_t depth) {
        if (depth > decoder_.limits().max_depth) {
            return false;
        }
        const dsl::RecordInfo& rec = decoder_.program().records[record];
        row.assign(rec.fields.size(), Value{});
        seen_.assign(rec.fields.size(), false);
        std::size_t next = 0;
        const bool checks = decoder_.constraints().any(record);
        for (auto member : obj) {
            sj::field field;
            if (std::move(member).get(field) != simdjson::SUCCESS) {
                return false;
            }
            // Fields mostly come in the declared order: the raw key (a field name has no
            // character that needs an escape) is compared with the expected name first.
            std::optional<std::uint32_t> idx;
            if (next < rec.fields.size() && field.key().unsafe_is_equal(rec.fields[next].name)) {
                idx = static_cast<std::uint32_t>(next);
            } else {
                // A key that is not exactly a declared field name is refused below, so it
                // needs no UTF-8 check of its own.
                std::string_view key;
                if (field.unescaped_key().get(key) != simdjson::SUCCESS) {
                    return false;
                }
                idx = rec.field_index(key);
            }
            if (!idx || seen_[*idx]) {
                return false;
            }
            next = *idx + 1;
            seen_[*idx] = true;
            if (!value(field.value(), rec.fields[*idx].type, row[*idx], depth)) {
                return false;
            }
            // A value outside its constraint goes to the strict reader, which says so.
            if (checks && !decoder_.constraints().check(record, *idx, row[*idx], why_, members_)) {
                return false;
            }
        }
        for (std::size_t k = 0; k < rec.fields.size(); ++k) {
            if (!seen_[k] &&
                decoder_.program().types.kind(rec.fields[k].type) != TypeKind::optional) {
                return false;
            }
        }
        return true;
    }

private:
    const FactsDecoder& decoder_;
    const MemberSets* members_;
    std::vector<bool> seen_;
    std::string why_;
};

// Nothing after the document's value: simdjson 3.0 reports the position past the last
// token as out of bounds.
bool at_end(sj::document& doc) {
    return doc.current_location().error() == simdjson::OUT_OF_BOUNDS;
}

// A byte order mark is refused by the strict reader inside JSON Lines (the stream takes it off
// the file's first line); simdjson would skip it anywhere.
bool starts_with_bom(std::string_view text) {
    return text.starts_with("\xEF\xBB\xBF");
}

}  // namespace

bool FastFactsReader::decode_record(std::string_view text, std::uint32_t record,
                                    std::vector<Value>& row) const {
    if (text.size() > decoder_.limits().max_record_bytes || starts_with_bom(text)) {
        return false;
    }
    thread_local std::string padded;
    padded.reserve(text.size() + padding);
    padded.assign(text);
    sj::document doc;
    if (thread_parser()
            .iterate(simdjson::padded_string_view(padded.data(), padded.size(), padded.capacity()))
            .get(doc) != simdjson::SUCCESS) {
        return false;
    }
    sj::object obj;
    if (doc.get_object().get(obj) != simdjson::SUCCESS) {
        return false;
    }
    Decode decode(decoder_, decoder_.members());
    return decode.object(obj, record, row, 1) && at_end(doc);
}

std::size_t FastFactsReader::decode_lines(const std::string& block, std::size_t from,
                                          std::uint32_t record, const Sink& sink) const {
    if (block.capacity() < block.size() + padding || from >= block.size()) {
        return from;
    }
    const std::string_view text(block);
    // One batch for the whole block (simdjson would otherwise cut it where it likes, and
    // start a thread for the next piece).
    constexpr std::size_t step = 1U << 20U;
    const std::size_t len = text.size() - from;
    const std::size_t batch = (len + step - 1) / step * step;
    sj::document_stream docs;
    if (thread_parser().iterate_many(block.data() + from, len, batch).get(docs) !=
        simdjson::SUCCESS) {
        return from;
    }
    Decode decode(decoder_, decoder_.members());
    // A record is handed on only once the next document (or the end of the block) shows
    // that its line held nothing else: until then it is pending.
    std::size_t done = from;  // lines before this are accepted
    bool pending = false;
    std::size_t pending_end = 0;  // the pending record's line: its '\n' (or the block's end)
    std::size_t pending_begin = 0;
    std::vector<Value> row;
    const std::size_t limit = decoder_.limits().max_record_bytes;
    for (auto it = docs.begin(); it != docs.end(); ++it) {
        const std::size_t begin = from + it.current_index();
        if (pending) {
            if (begin <= pending_end || !blank(text, pending_end, begin)) {
                return done;
            }
            sink(pending_begin, row);
            done = pending_end + 1;
            pending = false;
        } else if (begin < done || !blank(text, done, begin)) {
            return done;
        }
        sj::document_reference doc;
        if ((*it).get(doc) != simdjson::SUCCESS) {
            return done;
        }
        // The line this record starts on, as the strict reader measures it.
        std::size_t line_begin = text.rfind('\n', begin);
        line_begin =
            line_begin == std::string_view::npos || line_begin < done ? done : line_begin + 1;
        std::size_t line_end = text.find('\n', begin);
        if (line_end == std::string_view::npos) {
            line_end = text.size();
        }
        // simdjson may place a document at the line feed before it: the strict reader decides.
        if (line_end < line_begin) {
            return done;
        }
        std::size_t line_size = line_end - line_begin;
        if (line_size > 0 && text[line_end - 1] == '\r') {
            --line_size;
        }
        if (line_size > limit || (line_begin == 0 && starts_with_bom(text))) {
            return done;
        }
        sj::object obj;
        if (doc.get_object().get(obj) != simdjson::SUCCESS || !decode.object(obj, record, row, 1)) {
            return done;
        }
        pending = true;
        pending_begin = line_begin;
        pending_end = line_end;
    }
    if (docs.truncated_bytes() != 0) {
        return done;
    }
    if (pending) {
        if (!blank(text, pending_end, text.size())) {
            return done;
        }
        sink(pending_begin, row);
        done = pending_end + 1;
    }
    if (!blank(text, std::min(done, text.size()), text.size())) {
        return done;
    }
    return text.size();
}

bool FastFactsReader::load_document(std::string_view text, Facts& facts) const {
    // The document's object and its arrays of records are two levels before any record.
    if (decoder_.limits().max_depth < 2) {
        return false;
    }
    // A document may start with a byte order mark, as the strict reader allows.
    if (starts_with_bom(text)) {
        text.remove_prefix(3);
    }
    const dsl::Program& program = decoder_.program();
    simdjson::padded_string padded(text);
    sj::document doc;
    if (thread_parser().iterate(padded).get(doc) != simdjson::SUCCESS) {
        return false;
    }
    sj::object top;
    if (doc.get_object().get(top) != simdjson::SUCCESS) {
        return false;
    }
    // Rows are added as they are read; at a doubt every table is put back as it was.
    std::vector<std::size_t> sizes;
    for (const RecordTable& t : facts.tables) {
        sizes.push_back(t.rows.size());
    }
    auto undo = [&] {
        for (std::size_t r = 0; r < facts.tables.size(); ++r) {
            RecordTable& t = facts.tables[r];
            for (std::size_t k = sizes[r]; k < t.keys.size(); ++k) {
                t.by_key.erase(t.keys[k]);
            }
            t.keys.resize(sizes[r]);
            t.rows.resize(sizes[r]);
        }
        return false;
    };
    Decode decode(decoder_, &facts.members);
    std::vector<bool> seen_type(program.records.size(), false);
    for (auto member : top) {
        sj::field field;
        std::string_view type_name;
        if (std::move(member).get(field) != simdjson::SUCCESS ||
            field.unescaped_key().get(type_name) != simdjson::SUCCESS) {
            return undo();
        }
        auto record = program.find_record(type_name);
        if (!record || seen_type[*record]) {
            return undo();
        }
        seen_type[*record] = true;
        sj::array records;
        if (field.value().get_array().get(records) != simdjson::SUCCESS) {
            return undo();
        }
        for (auto element : records) {
            sj::object obj;
            std::vector<Value> row;
            if (element.get_object().get(obj) != simdjson::SUCCESS ||
                !decode.object(obj, *record, row, 3)) {
                return undo();
            }
            dsl::DiagnosticBag quiet;
            if (!decoder_.add_row(facts, *record, std::move(row), {}, {}, quiet)) {
                return undo();
            }
        }
    }
    if (!at_end(doc)) {
        return undo();
    }
    return true;
}

}  // namespace regels::interp
