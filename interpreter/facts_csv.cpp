#include "interpreter/facts_csv.hpp"

#include "dsl/suggest.hpp"
#include "interpreter/json_reader.hpp"
#include "interpreter/messages.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace regels::interp {

using dsl::Code;
using dsl::TypeKind;
using Problem = FactsDecoder::Problem;

namespace {

constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";
constexpr auto npos = std::string_view::npos;

// A cell as read: its value (without the enclosing quotes, a doubled quote made single) and
// the byte where it starts in the file.
struct Cell {
    std::string value;
    std::size_t offset = 0;
    bool quoted = false;
};

// Splits RFC 4180 text into rows of cells. A syntax error ends the reading: after an
// unbalanced quote nothing further can be trusted to be where it seems.
class Scanner {
public:
    Scanner(std::string_view text, std::size_t pos, char delimiter, Lang lang)
        : text_(text), pos_(pos), delimiter_(delimiter), lang_(lang) {}

    bool at_end() const {
        return pos_ >= text_.size();
    }
    std::size_t pos() const {
        return pos_;
    }

    // The next row (a line, or more when a quoted cell holds line breaks) into `cells`.
    bool row(std::vector<Cell>& cells, Problem& problem) {
        cells.clear();
        while (true) {
            Cell& cell = cells.emplace_back();
            cell.offset = pos_;
            bool ok = pos_ < text_.size() && text_[pos_] == '"' ? quoted(cell, problem)
                                                                : plain(cell, problem);
            if (!ok) {
                return false;
            }
            if (pos_ >= text_.size()) {
                return true;
            }
            const char c = text_[pos_];
            if (c == delimiter_) {
                ++pos_;
                continue;
            }
            // A line feed, or a carriage return that plain() and quoted() only stop at when a
            // line feed follows.
            pos_ += c == '\n' ? 1 : 2;
            return true;
        }
    }

private:
    std::string_view text_;
    std::size_t pos_;
    char delimiter_;
    Lang lang_;

    bool line_end(std::size_t at) const {
        return text_[at] == '\n' ||
               (text_[at] == '\r' && at + 1 < text_.size() && text_[at + 1] == '\n');
    }

    bool plain(Cell& cell, Problem& problem) {
        const std::size_t start = pos_;
        while (pos_ < text_.size() && text_[pos_] != delimiter_ && !line_end(pos_)) {
            if (text_[pos_] == '\r') {
                return fail(problem, pos_, message(lang_, Msg::csv_lone_cr));
            }
            if (text_[pos_] == '"') {
                return fail(problem, pos_, message(lang_, Msg::csv_quote_inside));
            }
            ++pos_;
        }
        cell.value.assign(text_.substr(start, pos_ - start));
        return true;
    }

    bool quoted(Cell& cell, Problem& problem) {
        cell.quoted = true;
        ++pos_;
        while (true) {
            const std::size_t close = text_.find('"', pos_);
            if (close == npos) {
                return fail(problem, cell.offset, message(lang_, Msg::csv_quote_unclosed));
            }
            cell.value.append(text_.substr(pos_, close - pos_));
            pos_ = close + 1;
            if (pos_ < text_.size() && text_[pos_] == '"') {
                cell.value += '"';
                ++pos_;
                continue;
            }
            break;
        }
        if (pos_ >= text_.size() || text_[pos_] == delimiter_ || line_end(pos_)) {
            return true;
        }
        return fail(problem, pos_, message(lang_, Msg::csv_after_quote, delimiter_));
    }

    static bool fail(Problem& problem, std::size_t at, std::string message) {
        problem = Problem{Code::E4001, at, std::move(message)};
        return false;
    }
};

// The delimiter the header line (which starts at `pos`) uses: `;` or `,`. A header of one
// column has neither and reads as `,`.
std::optional<char> detect_delimiter(std::string_view text, std::size_t pos, Problem& problem,
                                     Lang lang) {
    bool in_quotes = false;
    bool comma = false;
    bool semicolon = false;
    bool tab = false;
    for (std::size_t i = pos; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') {
            in_quotes = !in_quotes;
        } else if (!in_quotes) {
            if (c == '\n') {
                break;
            }
            comma = comma || c == ',';
            semicolon = semicolon || c == ';';
            tab = tab || c == '\t';
        }
    }
    if (comma && semicolon) {
        problem = Problem{Code::E4001, pos, message(lang, Msg::csv_both_delimiters)};
        return std::nullopt;
    }
    if (tab && !comma && !semicolon) {
        problem = Problem{Code::E4001, pos, message(lang, Msg::csv_tabs)};
        return std::nullopt;
    }
    return semicolon ? ';' : ',';
}

// Decodes cells through FactsDecoder::read_scalar, so a value means the same as in JSON.
class CellDecoder {
public:
    CellDecoder(const FactsDecoder& decoder, char delimiter)
        : decoder_(decoder), delimiter_(delimiter) {}

    bool cell(const Cell& c, dsl::TypeId type, Value& out, const std::string& path,
              Problem& problem) const {
        const dsl::TypeTable& types = decoder_.program().types;
        TypeKind kind = types.kind(type);
        const bool optional = kind == TypeKind::optional;
        if (optional) {
            type = types.element(type);
            kind = types.kind(type);
        }
        // An empty cell is no value; only for text does `""` say something else (empty text),
        // as some programs quote every text cell.
        const bool empty = c.value.empty() && (!c.quoted || kind != TypeKind::text);
        if (optional && empty) {
            out = Value{};
            return true;
        }
        // Where the value starts (inside the quotes of a quoted cell).
        const std::size_t start = c.offset + (c.quoted ? 1 : 0);
        if (kind == TypeKind::set || kind == TypeKind::list) {
            std::vector<Value> items;
            const std::string_view all = c.value;
            for (std::size_t at = 0; !empty && at <= all.size();) {
                const std::size_t bar = std::min(all.find('|', at), all.size());
                Value item;
                if (!scalar(all.substr(at, bar - at), start + at, types.element(type), item,
                            fmt::format("{}/{}", path, items.size()), problem)) {
                    return false;
                }
                items.push_back(std::move(item));
                at = bar + 1;
            }
            out = Value::collection(kind == TypeKind::set ? ValueKind::set : ValueKind::list,
                                    std::move(items));
            return true;
        }
        if (empty) {
            problem = Problem{
                Code::E4002, c.offset,
                message(
                    lang(), Msg::csv_empty_required, path, decoder_.program().type_name(type),
                    kind == TypeKind::text ? message(lang(), Msg::csv_empty_text) : std::string())};
            return false;
        }
        return scalar(c.value, start, type, out, path, problem);
    }

private:
    Lang lang() const {
        return decoder_.limits().lang;
    }

    const FactsDecoder& decoder_;
    char delimiter_;

    bool fail(Problem& problem, std::size_t offset, std::string message) const {
        problem = Problem{Code::E4004, offset, std::move(message)};
        return false;
    }

    bool scalar(std::string_view text, std::size_t offset, dsl::TypeId type, Value& out,
                const std::string& path, Problem& problem) const {
        const TypeKind kind = decoder_.program().types.kind(type);
        switch (kind) {
            case TypeKind::boolean:
                if (text != "true" && text != "false") {
                    return fail(problem, offset,
                                message(lang(), Msg::facts_expected, path,
                                        message(lang(), Msg::facts_want_bool), quoted(text)));
                }
                return decoder_.read_scalar(
                    text == "true" ? JsonToken::true_value : JsonToken::false_value, text, offset,
                    type, out, path, problem);
            case TypeKind::integer:
            case TypeKind::year:
            case TypeKind::decimal:
            case TypeKind::money:
                return number(text, offset, type, kind, out, path, problem);
            case TypeKind::date:
            case TypeKind::datetime:
            case TypeKind::text:
            case TypeKind::enumeration:
                return decoder_.read_scalar(JsonToken::string, text, offset, type, out, path,
                                            problem);
            case TypeKind::set:
            case TypeKind::list:
            case TypeKind::error:
            case TypeKind::record:
            case TypeKind::group:
            case TypeKind::optional:
            case TypeKind::range:
            case TypeKind::none:
                break;
        }
        // read_scalar says that this type cannot come from facts.
        return decoder_.read_scalar(JsonToken::string, text, offset, type, out, path, problem);
    }

    // A number as the JSON readers take it, once the decimal comma of a `;` file is a point.
    bool number(std::string_view text, std::size_t offset, dsl::TypeId type, TypeKind kind,
                Value& out, const std::string& path, Problem& problem) const {
        const bool dutch = delimiter_ == ';';
        const char mark = dutch ? ',' : '.';
        const char other = dutch ? '.' : ',';
        const char* example = dutch ? "1234,50" : "1234.50";
        if (text.find(other) != npos || std::count(text.begin(), text.end(), mark) > 1) {
            return fail(problem, offset,
                        message(lang(), Msg::csv_decimal_mark, path, quoted(text), delimiter_,
                                message(lang(), dutch ? Msg::csv_comma : Msg::csv_point), example));
        }
        std::string json(text);
        std::replace(json.begin(), json.end(), mark, '.');
        const char* why = nullptr;
        if (scan_json_number(json, 0, why) != json.size() || why != nullptr) {
            const Msg what = kind == TypeKind::integer ? Msg::facts_want_integer
                             : kind == TypeKind::year  ? Msg::facts_want_year
                             : kind == TypeKind::money ? Msg::csv_want_amount
                                                       : Msg::facts_want_number;
            return fail(
                problem, offset,
                message(lang(), Msg::csv_expected, path, message(lang(), what),
                        kind == TypeKind::integer || kind == TypeKind::year ? "2026" : example,
                        quoted(text)));
        }
        if (decoder_.read_scalar(JsonToken::number, json, offset, type, out, path, problem)) {
            return true;
        }
        // The message quotes the number as the file writes it.
        if (json != text) {
            if (std::size_t at = problem.message.find(json, path.size()); at != npos) {
                problem.message.replace(at, json.size(), text);
            }
        }
        return false;
    }
};

std::string field_names(const dsl::RecordInfo& rec) {
    std::string names;
    for (const auto& f : rec.fields) {
        names += (names.empty() ? "" : ", ") + f.name;
    }
    return names;
}

}  // namespace

bool load_csv_facts(const FactsDecoder& decoder, dsl::FileId file, std::uint32_t record,
                    Facts& facts, dsl::DiagnosticBag& bag) {
    const dsl::Program& program = decoder.program();
    const Lang lang = decoder.limits().lang;
    const dsl::RecordInfo& rec = program.records[record];
    const std::string_view text = program.sources->file(file).text();
    auto loc = [&](std::size_t offset) {
        return dsl::Location{file, dsl::Span{static_cast<std::uint32_t>(offset),
                                             static_cast<std::uint32_t>(offset + 1)}};
    };
    auto report = [&](const Problem& p) { return bag.report(p.code, loc(p.offset), p.message); };
    const std::size_t errors_before = bag.error_count();

    if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) {
        bag.report(Code::E4001, loc(0), message(lang, Msg::csv_utf16))
            .hint(message(lang, Msg::csv_save_utf8));
        return false;
    }
    if (std::size_t bad = first_invalid_utf8(text); bad != npos) {
        bag.report(Code::E4001, loc(bad),
                   message(lang, Msg::csv_not_utf8,
                           fmt::format("0x{:02X}", static_cast<unsigned char>(text[bad]))))
            .hint(message(lang, Msg::csv_save_utf8));
        return false;
    }
    const std::size_t start = text.starts_with(byte_order_mark) ? byte_order_mark.size() : 0;
    if (text.find_first_not_of(" \t\r\n", start) == npos) {
        bag.report(Code::E4001, loc(start), message(lang, Msg::csv_empty_file))
            .hint(message(lang, Msg::csv_fields_of, rec.short_name, field_names(rec)));
        return false;
    }
    Problem problem{Code::E4001, 0, {}};
    auto delimiter = detect_delimiter(text, start, problem, lang);
    if (!delimiter) {
        report(problem);
        return false;
    }

    // The header: which field each column holds.
    Scanner scanner(text, start, *delimiter, lang);
    std::vector<Cell> header;
    if (!scanner.row(header, problem)) {
        report(problem);
        return false;
    }
    std::vector<std::uint32_t> column_field(header.size(), 0);
    std::vector<bool> has_column(rec.fields.size(), false);
    std::vector<std::string> names;
    for (const auto& f : rec.fields) {
        names.push_back(f.name);
    }
    // Fields a misspelt column's hint already names: not reported again as missing.
    std::vector<std::string> suggested;
    for (std::size_t k = 0; k < header.size(); ++k) {
        const Cell& c = header[k];
        auto idx = rec.field_index(c.value);
        if (!idx) {
            auto d = bag.report(
                Code::E4003, loc(c.offset),
                c.value.empty()
                    ? message(lang, Msg::csv_no_name, k + 1, rec.short_name, field_names(rec))
                    : message(lang, Msg::csv_no_field, rec.short_name, c.value, field_names(rec)));
            auto close = dsl::suggestions(c.value, names);
            if (!close.empty()) {
                d.hint(dsl::did_you_mean(close));
                suggested.insert(suggested.end(), close.begin(), close.end());
            }
            continue;
        }
        if (has_column[*idx]) {
            bag.report(Code::E4001, loc(c.offset), message(lang, Msg::csv_column_twice, c.value));
            continue;
        }
        has_column[*idx] = true;
        column_field[k] = *idx;
    }
    for (std::size_t f = 0; f < rec.fields.size(); ++f) {
        if (!has_column[f] && program.types.kind(rec.fields[f].type) != TypeKind::optional &&
            std::find(suggested.begin(), suggested.end(), rec.fields[f].name) == suggested.end()) {
            bag.report(Code::E4002, loc(header.front().offset),
                       message(lang, Msg::csv_no_column, rec.fields[f].name, rec.short_name,
                               program.type_name(rec.fields[f].type)))
                .hint(message(lang, Msg::csv_add_column, rec.fields[f].name));
        }
    }
    if (bag.error_count() != errors_before) {
        return false;
    }

    // The records.
    const CellDecoder cells_decoder(decoder, *delimiter);
    const std::size_t max_bytes = decoder.limits().max_record_bytes;
    std::vector<Cell> cells;
    std::vector<std::size_t> later;  // cells whose value waits for more records
    std::size_t index = 0;
    while (!scanner.at_end()) {
        const std::size_t begin = scanner.pos();
        const std::string path = fmt::format("/{}/{}", rec.short_name, index);
        if (!scanner.row(cells, problem)) {
            problem.message = path + ": " + problem.message;
            report(problem);
            return false;
        }
        if (std::all_of(cells.begin(), cells.end(),
                        [](const Cell& c) { return c.value.empty() && !c.quoted; })) {
            continue;  // a blank line, or a spreadsheet's empty row (;;;)
        }
        ++index;
        if (scanner.pos() - begin > max_bytes) {
            bag.report(
                Code::E4011, loc(begin),
                message(lang, Msg::csv_record_bytes, path, scanner.pos() - begin, max_bytes));
            continue;
        }
        if (cells.size() != header.size()) {
            bag.report(Code::E4001,
                       loc(cells.size() > header.size() ? cells[header.size()].offset : begin),
                       message(lang, Msg::csv_cells, path, cells.size(), header.size()))
                .hint(message(lang, Msg::csv_quote_cell, *delimiter));
            continue;
        }
        std::vector<Value> row(rec.fields.size());
        bool ok = true;
        later.clear();
        for (std::size_t k = 0; k < cells.size() && ok; ++k) {
            const dsl::FieldInfo& field = rec.fields[column_field[k]];
            ok = cells_decoder.cell(cells[k], field.type, row[column_field[k]],
                                    path + "/" + field.name, problem);
            // The field's constraints (`woningen: integer >= 1`), as for JSON facts.
            std::string why;
            bool wait = false;
            if (ok && !decoder.constraints().check(record, column_field[k], row[column_field[k]],
                                                   why, &facts.members, &wait)) {
                problem = FactsDecoder::Problem{Code::E4020, cells[k].offset,
                                                fmt::format("{}/{}: {}", path, field.name, why)};
                ok = false;
            }
            if (ok && wait) {
                later.push_back(k);
            }
        }
        if (!ok) {
            report(problem);
            continue;
        }
        // Values that wait for records still to come (an area named before its record).
        for (std::size_t k : later) {
            const std::uint32_t f = column_field[k];
            facts.pending.push_back(PendingMember{record, f, row[f], loc(cells[k].offset),
                                                  path + "/" + rec.fields[f].name});
        }
        if (!decoder.add_row(facts, record, std::move(row), loc(begin), path, bag) &&
            facts.tables[record].rows.size() >= decoder.limits().max_records) {
            return false;  // E4012: one message is enough
        }
    }
    return bag.error_count() == errors_before;
}

}  // namespace regels::interp
