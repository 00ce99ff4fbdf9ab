// The fast facts reader: simdjson On-Demand in front of the strict reader.
//
// Facts are decoded by simdjson (SIMD UTF-8 validation and structure finding; JSON Lines as
// a document stream) into the same rows the strict reader makes, with the same rules:
// numbers are taken from their source text (raw_json_token, checked against the JSON number
// grammar, never through double), strings are unescaped and checked to be valid UTF-8,
// every declared field must be there once, nothing undeclared may be. The fast reader only
// ever accepts; at any doubt (a syntax error, a wrong type, a duplicate, a limit) it hands
// the input back, and the strict reader in json_reader.cpp / facts.cpp decides and writes
// the diagnostic with its JSON path and line:col. So a good record is read once, by
// simdjson, and a bad one costs a second, slower read that explains exactly what is wrong.
#pragma once

#include "interpreter/facts.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace regels::interp {

class FastFactsReader {
public:
    // Bytes that must be readable after the end of a block given to decode_lines (simdjson
    // reads whole 64-byte words; they need not be initialised).
    static constexpr std::size_t padding = 64;

    explicit FastFactsReader(const FactsDecoder& decoder) : decoder_(decoder) {}

    // One JSON object of type `record` into `row`. False: not decoded here; `row` is then
    // unspecified and the strict reader must decide (and explain).
    bool decode_record(std::string_view text, std::uint32_t record, std::vector<Value>& row) const;

    // JSON Lines: the whole lines of `block` from byte `from` on, read as one simdjson
    // document stream. For each line that holds one record (and nothing else), in order,
    // calls `sink(line_begin, row)`; blank lines are skipped. Stops before the first line
    // it does not accept and returns where that line starts (block.size() when every line
    // was accepted); the caller reads that line with the strict reader. `block` must have
    // capacity() >= size() + padding.
    using Sink = std::function<void(std::size_t line_begin, std::vector<Value>& row)>;
    std::size_t decode_lines(const std::string& block, std::size_t from, std::uint32_t record,
                             const Sink& sink) const;

    // A whole facts document ({"Registratie": [...], ...}) added to `facts` with the same
    // checks as FactsDecoder::load_document. False: `facts` is as it was and nothing was
    // reported; the strict reader must decide.
    bool load_document(std::string_view text, Facts& facts) const;

private:
    const FactsDecoder& decoder_;
};

}  // namespace regels::interp
