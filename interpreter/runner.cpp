#include "interpreter/runner.hpp"

#include "interpreter/sha256.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace regels::interp {

namespace fs = std::filesystem;

OutputFile::~OutputFile() {
    if (file_ != nullptr) {
        std::fclose(file_);
        if (!temp_.empty()) {
            std::error_code ec;
            std::filesystem::remove(temp_, ec);
        }
    }
}

bool OutputFile::open(const std::string& path, std::string& error) {
    path_ = path;
    std::error_code ec;
    auto status = std::filesystem::status(path, ec);
    bool replace =
        ec || !std::filesystem::exists(status) || std::filesystem::is_regular_file(status);
    temp_ = replace ? fmt::format("{}.tmp.{}", path, ::getpid()) : std::string();
    const std::string& target = replace ? temp_ : path_;
    file_ = std::fopen(target.c_str(), "wb");
    if (file_ == nullptr) {
        error = fmt::format("cannot write `{}`", target);
        temp_.clear();
        return false;
    }
    return true;
}

// No fsync: the guarantee is against interruption, not power loss, and fsync costs seconds.
bool OutputFile::commit(std::string& error) {
    bool ok = std::fflush(file_) == 0;
    ok = std::fclose(file_) == 0 && ok;
    file_ = nullptr;
    std::error_code ec;
    if (ok && !temp_.empty()) {
        std::filesystem::rename(temp_, path_, ec);
    }
    if (!ok || ec) {
        error = ec ? fmt::format("cannot move `{}` to `{}`: {}", temp_, path_, ec.message())
                   : fmt::format("cannot write `{}`", path_);
        if (!temp_.empty()) {
            std::filesystem::remove(temp_, ec);
        }
        return false;
    }
    return true;
}

bool write_atomically(const std::string& path, const std::string& data, std::string& error) {
    OutputFile file;
    if (!file.open(path, error)) {
        return false;
    }
    std::fwrite(data.data(), 1, data.size(), file.stream());
    return file.commit(error);
}

std::optional<std::string> read_file(const std::string& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) {
        return std::nullopt;
    }
    return ss.str();
}

std::unique_ptr<LoadedRules> load_rules(const std::vector<std::string>& paths,
                                        const dsl::BuiltinTable& builtins, dsl::DiagnosticBag& bag,
                                        const dsl::CheckOptions& options) {
    std::vector<std::string> files;
    for (const std::string& p : paths) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            for (auto it = fs::recursive_directory_iterator(p, ec);
                 !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
                if (it->is_regular_file() && it->path().extension() == ".rules") {
                    files.push_back(it->path().lexically_normal().generic_string());
                }
            }
        } else if (fs::exists(p, ec)) {
            files.push_back(fs::path(p).lexically_normal().generic_string());
        } else {
            bag.report(dsl::Code::E1014, dsl::Location{},
                       fmt::format("cannot read `{}`: no such file or folder", p));
        }
    }
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    auto out = std::make_unique<LoadedRules>();
    std::vector<dsl::FileId> ids;
    std::string hashed;
    for (const std::string& f : files) {
        auto text = read_file(f);
        if (!text) {
            bag.report(dsl::Code::E1014, dsl::Location{}, fmt::format("cannot read `{}`", f));
            continue;
        }
        hashed += f;
        hashed += '\0';
        hashed += *text;
        hashed += '\0';
        ids.push_back(out->sources.add(f, std::move(*text)));
        out->files.push_back(f);
    }
    if (ids.empty() && files.empty() && bag.error_count() == 0) {
        bag.report(dsl::Code::E1014, dsl::Location{}, "no .rules files found");
    }
    out->hash = "sha256:" + sha256_hex(hashed);
    out->program = dsl::check(out->sources, ids, builtins, bag, options);
    out->program.sources = &out->sources;
    return out;
}

bool add_table_rows(const dsl::Program& program, const Builtins& builtins, Facts& facts,
                    std::int32_t as_of, dsl::DiagnosticBag& bag) {
    if (facts.tables.size() < program.records.size()) {
        facts.tables.resize(program.records.size());
    }
    if (program.table_rows.empty()) {
        return true;
    }
    Facts scratch;
    EvalOptions options;
    options.as_of = as_of;
    Evaluator constants(program, builtins, scratch, options);
    FactsDecoder decoder(program);
    bool ok = true;
    for (std::size_t ri = 0; ri < program.table_rows.size(); ++ri) {
        const dsl::TableRowInfo& row = program.table_rows[ri];
        std::vector<Value> values;
        for (dsl::ExprId e : row.values) {
            if (e == dsl::no_expr) {
                values.emplace_back();
                continue;
            }
            try {
                values.push_back(constants.constant(e));
            } catch (const EvalError& err) {
                bag.report(err.code, err.where, err.message);
                ok = false;
                values.emplace_back();
            }
        }
        RecordTable& table = facts.tables[row.record];
        std::size_t before = table.rows.size();
        ok = decoder.add_row(facts, row.record, std::move(values), row.where,
                             "table " + program.records[row.record].short_name, bag) &&
             ok;
        if (table.rows.size() > before && !row.sources.empty()) {
            table.from_table.emplace(static_cast<std::uint32_t>(before),
                                     static_cast<std::uint32_t>(ri));
        }
    }
    return ok;
}

bool load_facts_file(LoadedRules& rules, const std::string& path, Facts& facts,
                     const FactsLimits& limits, dsl::DiagnosticBag& bag) {
    auto text = read_file(path);
    if (!text) {
        bag.report(dsl::Code::E4013, dsl::Location{},
                   fmt::format("cannot read facts file `{}`", path));
        return false;
    }
    dsl::FileId id = rules.sources.add(path, std::move(*text));
    FactsDecoder decoder(rules.program, limits);
    if (facts.tables.size() < rules.program.records.size()) {
        facts.tables.resize(rules.program.records.size());
    }
    return decoder.load_document(id, facts, bag);
}

std::vector<std::uint32_t> select_rules(const dsl::Program& program,
                                        const std::vector<std::string>& names,
                                        dsl::DiagnosticBag& bag) {
    std::vector<std::uint32_t> out;
    if (names.empty()) {
        for (std::size_t i = 0; i < program.rules.size(); ++i) {
            if (program.rules[i].kind != dsl::RuleKind::definition) {
                out.push_back(static_cast<std::uint32_t>(i));
            }
        }
        return out;
    }
    for (const std::string& n : names) {
        bool found = false;
        for (std::size_t i = 0; i < program.rules.size(); ++i) {
            const dsl::RuleInfo& r = program.rules[i];
            if (r.name == n || r.short_name == n) {
                if (r.subject == dsl::SubjectKind::arguments) {
                    bag.report(
                        dsl::Code::E5001, dsl::Location{},
                        fmt::format("`{}` takes arguments and cannot be evaluated on its own", n));
                } else {
                    out.push_back(static_cast<std::uint32_t>(i));
                }
                found = true;
            }
        }
        if (!found) {
            bag.report(dsl::Code::E5001, dsl::Location{}, fmt::format("no decision named `{}`", n));
        }
    }
    return out;
}

std::vector<DecisionResult> decide(Evaluator& evaluator, const std::vector<std::uint32_t>& rules) {
    std::vector<DecisionResult> out;
    for (std::uint32_t r : rules) {
        std::vector<Value> subjects = evaluator.subjects_of(r);
        if (subjects.empty()) {
            // No groups at all because a record's key failed: say so, rather than nothing.
            if (auto err = evaluator.group_error(r)) {
                DecisionResult d{r, Value{}, "{}", "", {}};
                d.outcome.error = *err;
                out.push_back(std::move(d));
            }
            continue;
        }
        for (const Value& subject : subjects) {
            DecisionResult d{r, subject, {}, evaluator.subject_text(subject), {}};
            evaluator.subject_json(d.subject_json, subject);
            d.outcome = evaluator.evaluate(r, subject);
            out.push_back(std::move(d));
        }
    }
    return out;
}

std::optional<std::int32_t> parse_iso_date(std::string_view t) {
    if (t.size() != 10 || t[4] != '-' || t[7] != '-') {
        return std::nullopt;
    }
    for (std::size_t k : {0U, 1U, 2U, 3U, 5U, 6U, 8U, 9U}) {
        if (t[k] < '0' || t[k] > '9') {
            return std::nullopt;
        }
    }
    int y = std::stoi(std::string(t.substr(0, 4)));
    auto m = static_cast<unsigned>(std::stoi(std::string(t.substr(5, 2))));
    auto d = static_cast<unsigned>(std::stoi(std::string(t.substr(8, 2))));
    if (!dsl::valid_date(y, m, d)) {
        return std::nullopt;
    }
    return dsl::days_from_civil(y, m, d);
}

}  // namespace regels::interp
