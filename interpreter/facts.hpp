// Facts: the records a run is evaluated over, validated against the declared record types.
//
// Facts come from JSON documents ({"Registratie": [{...}, ...], ...}), from JSON Lines (one
// record per line), and from `table` declarations in the rules themselves. Every record is
// checked field by field against its type: a missing, unknown or mistyped field, a bad date,
// a duplicate key or an integer out of range is a diagnostic that names the file, the line,
// the JSON path (/Registratie/3/jaar) and the record's key. So is a value outside the
// constraints its record declares for the field (FieldConstraints), including a value that must
// name a known record or list element (`gebied: text in Gebied.gebied`, MemberSets). Numbers are
// decoded from their decimal text (1184.82 stays exactly 1184.82); nothing silently becomes zero.
#pragma once

#include "dsl/check.hpp"
#include "dsl/diagnostics.hpp"
#include "interpreter/explain.hpp"
#include "interpreter/json_reader.hpp"
#include "interpreter/value.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace regels::interp {

struct RecordTable {
    std::vector<std::vector<Value>> rows;
    std::vector<std::string> keys;  // display form of each row's key
    std::unordered_map<std::string, std::uint32_t> by_key;
    // Rows that came from a `table` in the rules: row -> index in Program::table_rows (so
    // explanations can cite the row's own place in the agreement).
    std::unordered_map<std::uint32_t, std::uint32_t> from_table;
    void clear() {
        rows.clear();
        keys.clear();
        by_key.clear();
        from_table.clear();
    }
};

// The values the membership constraints of a program admit in one run (`gebied: text in
// Gebied.gebied`, `gebied: text in nplv_gebieden`): a hash set per source, a column or a
// parameter. add_table_rows makes them (each parameter's set on the as-of date, the tables'
// columns) and every row add_row accepts adds its values to the columns it feeds. Facts may
// name an area whose record comes later (in the same file or the next): while the sets are
// `open`, a value not yet known waits in Facts::pending, and finish_facts decides it once the
// last file is read. A lookup is one hash probe, without copying the text.
class MemberSets {
public:
    MemberSets() = default;
    explicit MemberSets(const dsl::Program& program);

    // Whether the sets were made for a run (add_table_rows): if not, membership is unchecked.
    bool ready() const {
        return ready_;
    }
    // The set of a constraint (ConstraintInfo::record/field or ::parameter); no_index if none.
    std::uint32_t slot(const dsl::ConstraintInfo& c) const;
    bool is_column(std::uint32_t slot) const {
        return sources_[slot].parameter == dsl::no_index;
    }
    std::size_t slots() const {
        return sources_.size();
    }
    // The parameter whose set a slot holds; no_index for a column.
    std::uint32_t parameter(std::uint32_t slot) const {
        return sources_[slot].parameter;
    }
    bool contains(std::uint32_t slot, const Value& v) const;
    void add(std::uint32_t slot, const Value& v);
    // Adds a row's values to the columns of its record type that constraints name.
    void add_row(std::uint32_t record, const std::vector<Value>& row);
    // The text values of a set, sorted (for "did you mean").
    std::vector<std::string> texts(std::uint32_t slot) const;
    std::size_t size(std::uint32_t slot) const {
        return texts_[slot].size() + numbers_[slot].size();
    }
    bool open() const {
        return open_;
    }
    // No more records will come: a value not in a set now is not in the facts.
    void close() {
        open_ = false;
    }

private:
    struct Source {
        std::uint32_t record;
        std::uint32_t field;
        std::uint32_t parameter;
    };
    struct TextHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    std::vector<Source> sources_;
    std::vector<std::unordered_set<std::string, TextHash, std::equal_to<>>> texts_;
    std::vector<std::unordered_set<std::int64_t>> numbers_;  // integer, year, date, enum case
    // Per record type: (field, slot) for each of its fields a constraint names.
    std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> feeds_;
    bool ready_ = false;
    bool open_ = true;
};

// A value checked against a column before the records that may hold it were all read.
struct PendingMember {
    std::uint32_t record;
    std::uint32_t field;
    Value value;
    dsl::Location where;
    std::string path;  // `/Registratie/3/gebied`
};

struct Facts {
    std::vector<RecordTable> tables;  // indexed by record type
    MemberSets members;               // see MemberSets; made by add_table_rows
    std::vector<PendingMember> pending;
};

struct FactsLimits {
    std::size_t max_depth = 32;
    std::size_t max_record_bytes = 1U << 20U;
    std::size_t max_records = 50'000'000;
    // Not a limit, but read with them: the language of the messages about bad facts.
    Lang lang = Lang::nl;
};

// The display form of a key (single field: its value; several: joined by ", ").
std::string key_text(const dsl::Program& program, std::uint32_t record,
                     const std::vector<Value>& row);
std::string value_key_text(const dsl::Program& program, const Value& v);

// `s` in double quotes for a message, cut after 60 bytes ("…").
std::string quoted(std::string_view s);

// The field constraints of a program (`woningen: integer >= 1`), with their bounds as values
// and their patterns compiled, ready to be checked against every decoded value.
class FieldConstraints {
public:
    // `lang`: the language of `why` (messages.hpp).
    explicit FieldConstraints(const dsl::Program& program, Lang lang = Lang::nl);

    // Whether the record type declares any constraint (so a reader can skip the rest).
    bool any(std::uint32_t record) const {
        return record < any_.size() && any_[record];
    }
    // Whether `value`, read for field `field` of record type `record`, meets the field's
    // constraints. False with `why` saying which one it breaks and why, with no location:
    // every reader (JSON, JSON Lines, simdjson, CSV) puts its own in front (a JSON path, a
    // line and column), so the rule and its wording live here only.
    // Membership (`in Gebied.gebied`) is checked against `members` when given (and ready);
    // with `later`, a value missing from a column that is still open sets *later and passes,
    // for the caller to keep in Facts::pending.
    bool check(std::uint32_t record, std::uint32_t field, const Value& value, std::string& why,
               const MemberSets* members = nullptr, bool* later = nullptr) const;
    // Only the membership constraints (`given` rows in tests meet these, not the bounds).
    bool check_members(std::uint32_t record, std::uint32_t field, const Value& value,
                       std::string& why, const MemberSets& members, bool* later) const;

    struct Bound;

private:
    const dsl::Program* program_;
    Lang lang_;
    std::vector<bool> any_;
    std::vector<std::vector<std::vector<std::shared_ptr<const Bound>>>> bounds_;
};

class FactsDecoder {
public:
    FactsDecoder(const dsl::Program& program, const FactsLimits& limits = {})
        : program_(program),
          limits_(limits),
          constraints_(std::make_shared<const FieldConstraints>(program, limits.lang)) {}

    // The field constraints every reader checks after decoding a value (see FieldConstraints).
    const FieldConstraints& constraints() const {
        return *constraints_;
    }
    // The sets membership constraints are checked against by decode_record (JSON Lines, where
    // there is no Facts to hold them; closed, from the rules' tables and parameters). Null:
    // decode_record does not check membership. load_document and the CSV reader use the
    // Facts they add to.
    void set_members(const MemberSets* members) {
        members_ = members;
    }
    const MemberSets* members() const {
        return members_;
    }

    // A whole JSON document. `file` must already be in the program's SourceSet so the
    // diagnostics can show the line. Returns false when anything was wrong.
    bool load_document(dsl::FileId file, Facts& facts, dsl::DiagnosticBag& bag) const;
    // The same for a text that is not in the SourceSet (a request body read by several
    // threads at once, which must not grow the shared set): `file` only labels locations.
    bool load_document(std::string_view text, dsl::FileId file, Facts& facts,
                       dsl::DiagnosticBag& bag) const;

    // One JSON object (a JSON Lines record) of type `record` into `row`. Returns false on
    // error, with the message, the code and (when asked) the byte offset in `text` it is at.
    bool decode_record(std::string_view text, dsl::Location where, std::uint32_t record,
                       std::vector<Value>& row, std::string& error_message, dsl::Code& error_code,
                       std::size_t* error_offset = nullptr) const;

    // Adds a row after checking its key is new; reports E4006 otherwise.
    bool add_row(Facts& facts, std::uint32_t record, std::vector<Value> row, dsl::Location where,
                 const std::string& path, dsl::DiagnosticBag& bag) const;

    struct Problem {
        dsl::Code code;
        std::size_t offset;
        std::string message;
    };
    // A scalar token (kind and source text, at byte `offset`) as a value of `type`. Both
    // readers (strict and simdjson) decode scalars here, so a value means the same whichever
    // read it.
    bool read_scalar(JsonToken token, std::string_view text, std::size_t offset, dsl::TypeId type,
                     Value& out, const std::string& path, Problem& problem) const;

    // Whether records are first tried with simdjson (facts_simd.hpp); off, only the strict
    // reader runs. For comparing the two in tests, the fuzz target and the reader benchmark.
    void set_fast(bool fast) {
        fast_ = fast;
    }
    bool fast() const {
        return fast_;
    }

    const dsl::Program& program() const {
        return program_;
    }
    const FactsLimits& limits() const {
        return limits_;
    }

private:
    const dsl::Program& program_;
    FactsLimits limits_;
    std::shared_ptr<const FieldConstraints> constraints_;
    const MemberSets* members_ = nullptr;
    bool fast_ = true;

    // `later`: (field, offset of its value) for each value that waits for more records (see
    // FieldConstraints::check); null when nothing may wait.
    bool read_object(JsonReader& reader, std::uint32_t record, std::vector<Value>& row,
                     const std::string& path, Problem& problem, const MemberSets* members,
                     std::vector<std::pair<std::uint32_t, std::size_t>>* later) const;
    bool read_value(JsonReader& reader, JsonToken token, dsl::TypeId type, Value& out,
                    const std::string& path, Problem& problem) const;
};

// After the last facts file: closes the membership sets and decides every value that waited
// for more records (Facts::pending), reporting those no record holds (E4020). False if any.
bool finish_facts(const dsl::Program& program, Facts& facts, dsl::DiagnosticBag& bag);

}  // namespace regels::interp
