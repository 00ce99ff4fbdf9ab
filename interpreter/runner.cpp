#include "interpreter/runner.hpp"

#include "dsl/suggest.hpp"
#include "interpreter/facts_csv.hpp"
#include "interpreter/messages.hpp"
#include "interpreter/sha256.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
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

std::string system_reason(int error_number) {
    std::string r = std::strerror(error_number);
    if (!r.empty() && r[0] >= 'A' && r[0] <= 'Z' && (r.size() < 2 || r[1] < 'A' || r[1] > 'Z')) {
        r[0] = static_cast<char>(r[0] - 'A' + 'a');
    }
    return r;
}

namespace {

// Why `path` cannot be created: the system's reason, or, for a missing folder, which one.
std::string write_reason(const std::string& path, int error_number, Lang lang) {
    if (error_number == ENOENT) {
        fs::path parent = fs::path(path).parent_path();
        std::error_code ec;
        if (!parent.empty() && !fs::is_directory(parent, ec)) {
            return message(lang, Msg::run_no_folder, parent.generic_string());
        }
    }
    return system_reason(error_number);
}

}  // namespace

bool OutputFile::open(const std::string& path, std::string& error, Lang lang) {
    path_ = path;
    lang_ = lang;
    std::error_code ec;
    auto status = std::filesystem::status(path, ec);
    if (!ec && std::filesystem::is_directory(status)) {
        error = message(lang, Msg::run_cannot_write, path, message(lang, Msg::run_is_folder));
        return false;
    }
    bool replace =
        ec || !std::filesystem::exists(status) || std::filesystem::is_regular_file(status);
    temp_ = replace ? fmt::format("{}.tmp.{}", path, ::getpid()) : std::string();
    const std::string& target = replace ? temp_ : path_;
    file_ = std::fopen(target.c_str(), "wb");
    if (file_ == nullptr) {
        // The temporary name is ours, not the user's: the message names the path they gave.
        error = message(lang, Msg::run_cannot_write, path, write_reason(path, errno, lang));
        temp_.clear();
        return false;
    }
    return true;
}

// No fsync: the guarantee is against interruption, not power loss, and fsync costs seconds.
bool OutputFile::commit(std::string& error) {
    errno = 0;
    bool ok = std::fflush(file_) == 0;
    int saved = errno;
    ok = std::fclose(file_) == 0 && ok;
    saved = saved != 0 ? saved : errno;
    file_ = nullptr;
    std::error_code ec;
    if (ok && !temp_.empty()) {
        std::filesystem::rename(temp_, path_, ec);
    }
    if (!ok || ec) {
        std::string reason = ec ? ec.message() : system_reason(saved != 0 ? saved : EIO);
        if (ec && !reason.empty()) {
            reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
        }
        error = message(lang_, Msg::run_cannot_write, path_, reason);
        if (!temp_.empty()) {
            std::filesystem::remove(temp_, ec);
        }
        return false;
    }
    return true;
}

bool write_atomically(const std::string& path, const std::string& data, std::string& error,
                      Lang lang) {
    OutputFile file;
    if (!file.open(path, error, lang)) {
        return false;
    }
    std::fwrite(data.data(), 1, data.size(), file.stream());
    return file.commit(error);
}

std::optional<std::string> unreadable_reason(const std::string& path) {
    std::error_code ec;
    auto status = fs::status(path, ec);
    if (ec) {
        return system_reason(ec.value());
    }
    if (fs::is_directory(status)) {
        return "it is a folder, not a file";
    }
    if (!fs::is_regular_file(status)) {
        return "it is not a regular file";
    }
    return std::nullopt;
}

std::optional<std::string> read_file(const std::string& path, std::string* reason) {
    auto fail = [&](std::string why) -> std::optional<std::string> {
        if (reason != nullptr) {
            *reason = std::move(why);
        }
        return std::nullopt;
    };
    if (auto why = unreadable_reason(path)) {
        return fail(*why);
    }
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
        return fail(system_reason(errno));
    }
    std::string text;
    char buffer[1 << 16];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, f)) > 0) {
        text.append(buffer, got);
    }
    int error_number = std::ferror(f) != 0 ? errno : 0;
    std::fclose(f);
    if (error_number != 0) {
        return fail(system_reason(error_number));
    }
    return text;
}

namespace {

bool holds_rule_files(const fs::path& dir) {
    std::error_code ec;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        if (it->path().extension() == ".rules" && it->is_regular_file(ec)) {
            return true;
        }
    }
    return false;
}

// The rule sets at or below `dir` (see RuleSet), subfolders in sorted order.
void collect_rule_sets(const fs::path& dir, std::vector<RuleSet>& out) {
    if (holds_rule_files(dir)) {
        std::string name = dir.lexically_normal().generic_string();
        while (name.size() > 1 && name.back() == '/') {
            name.pop_back();
        }
        out.push_back(RuleSet{name, {name}});
        return;
    }
    std::vector<fs::path> subfolders;
    std::error_code ec;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        if (it->is_directory(ec)) {
            subfolders.push_back(it->path());
        }
    }
    std::sort(subfolders.begin(), subfolders.end());
    for (const fs::path& sub : subfolders) {
        collect_rule_sets(sub, out);
    }
}

}  // namespace

std::vector<RuleSet> find_rule_sets(const std::vector<std::string>& paths) {
    std::vector<RuleSet> out;
    std::optional<std::size_t> files_at;  // the rule set of the files named one by one
    for (const std::string& p : paths) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            std::size_t before = out.size();
            collect_rule_sets(fs::path(p), out);
            if (out.size() == before) {
                out.push_back(RuleSet{p, {p}});  // no .rules anywhere: load_rules says so
            }
            continue;
        }
        if (!files_at) {
            files_at = out.size();
            out.push_back(RuleSet{});
        }
        RuleSet& files = out[*files_at];
        files.name += (files.name.empty() ? "" : ", ") + p;
        files.paths.push_back(p);
    }
    // A folder named twice, or inside another one named, is one rule set.
    std::vector<RuleSet> unique;
    for (RuleSet& r : out) {
        bool seen = std::any_of(unique.begin(), unique.end(),
                                [&](const RuleSet& u) { return u.paths == r.paths; });
        if (!seen) {
            unique.push_back(std::move(r));
        }
    }
    return unique;
}

std::string rule_set_root(const std::string& file) {
    std::error_code ec;
    fs::path dir = fs::path(file).parent_path();
    if (dir.empty() || !fs::is_directory(dir, ec)) {
        return {};
    }
    while (dir.has_parent_path() && dir.parent_path() != dir &&
           holds_rule_files(dir.parent_path())) {
        dir = dir.parent_path();
    }
    return dir.lexically_normal().generic_string();
}

std::unique_ptr<LoadedRules> load_rules(const std::vector<std::string>& paths,
                                        const dsl::BuiltinTable& builtins, dsl::DiagnosticBag& bag,
                                        const dsl::CheckOptions& options, const LoadOptions& load) {
    std::vector<std::string> files;
    std::map<std::string, std::string> hash_names;  // file -> its name in the fingerprint
    for (const std::string& p : paths) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            fs::path root = fs::path(p).lexically_normal();
            for (auto it = fs::recursive_directory_iterator(p, ec);
                 !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
                if (it->is_regular_file() && it->path().extension() == ".rules") {
                    fs::path file = it->path().lexically_normal();
                    files.push_back(file.generic_string());
                    hash_names.try_emplace(file.generic_string(),
                                           file.lexically_relative(root).generic_string());
                }
            }
        } else if (fs::exists(p, ec)) {
            fs::path file = fs::path(p).lexically_normal();
            files.push_back(file.generic_string());
            hash_names.try_emplace(file.generic_string(), file.filename().generic_string());
        } else {
            bag.report(dsl::Code::E1014, dsl::Location{},
                       fmt::format("cannot read `{}`: no such file or folder", p));
        }
    }
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    std::vector<RuleText> texts;
    for (const std::string& f : files) {
        std::string reason;
        auto text = read_file(f, &reason);
        if (!text) {
            bag.report(dsl::Code::E1014, dsl::Location{},
                       fmt::format("cannot read `{}`: {}", f, reason));
            continue;
        }
        texts.push_back(RuleText{f, hash_names[f], std::move(*text)});
    }
    if (bag.error_count() == 0 && std::none_of(texts.begin(), texts.end(), [&](const RuleText& t) {
            return load.tests || !is_test_file(t.file);
        })) {
        bag.report(dsl::Code::E1014, dsl::Location{},
                   files.empty() ? "no .rules files found"
                                 : "only test files (*_test.rules) found; this command decides "
                                   "with the rules and never loads tests");
    }
    return load_rule_texts(std::move(texts), builtins, bag, options, load);
}

std::unique_ptr<LoadedRules> load_rule_texts(std::vector<RuleText> texts,
                                             const dsl::BuiltinTable& builtins,
                                             dsl::DiagnosticBag& bag,
                                             const dsl::CheckOptions& options,
                                             const LoadOptions& load) {
    auto out = std::make_unique<LoadedRules>();
    std::vector<dsl::FileId> ids;
    // Sorted by their names in the fingerprint, so the order does not depend on the path.
    std::vector<std::pair<std::string, std::string>> hashed_files;  // (name, text)
    for (RuleText& t : texts) {
        hashed_files.emplace_back(t.name, t.text);
        if (!load.tests && is_test_file(t.file)) {
            continue;  // counted in the tests' hash, never loaded
        }
        out->files.push_back(t.file);
        out->names.push_back(t.name);
        ids.push_back(out->sources.add(std::move(t.file), std::move(t.text)));
    }
    std::sort(hashed_files.begin(), hashed_files.end());
    std::string hashed;
    std::string tests;
    for (const auto& [name, text] : hashed_files) {
        std::string& into = is_test_file(name) ? tests : hashed;
        out->test_files += is_test_file(name) ? 1U : 0U;
        into += name;
        into += '\0';
        into += text;
        into += '\0';
    }
    if (load.receipt) {
        out->hash = "sha256:" + sha256_hex(hashed);
        out->tests_hash = out->test_files > 0 ? "sha256:" + sha256_hex(tests) : "";
    }
    dsl::CheckOptions check_options = options;
    for (const auto& [name, value] : load.parameter_values) {
        dsl::FileId id = out->sources.add("--set " + name, value);
        check_options.parameter_values.push_back(dsl::CheckOptions::ParameterValue{name, id});
    }
    out->program = dsl::check(out->sources, ids, builtins, bag, check_options);
    out->program.sources = &out->sources;
    return out;
}

std::vector<ParameterOverride> parameter_overrides(const LoadedRules& rules,
                                                   const Builtins& builtins) {
    std::vector<ParameterOverride> out;
    Facts scratch;
    Evaluator constants(rules.program, builtins, scratch, EvalOptions{});
    for (const dsl::ParameterValueInfo& pv : rules.program.parameter_values) {
        out.push_back(ParameterOverride{pv.parameter, constants.constant(pv.value), "--set"});
    }
    return out;
}

bool is_test_file(std::string_view path) {
    return path.ends_with("_test.rules");
}

std::string facts_hash(const std::vector<std::string>& paths) {
    std::string all;
    for (const std::string& p : paths) {
        auto text = read_file(p);
        if (!text) {
            return "";
        }
        // Each file's own hash, so the boundary between files counts.
        all += sha256_hex(*text);
        all += '\n';
    }
    return paths.size() == 1 ? "sha256:" + all.substr(0, all.size() - 1)
                             : "sha256:" + sha256_hex(all);
}

namespace {

// The sets of the parameters membership constraints name (`gebied: text in nplv_gebieden`),
// each with its value on the as-of date (or the run's override). False, reported, when a
// parameter has no published value that day: the facts cannot be checked without it.
bool member_parameters(const dsl::Program& program, Evaluator& constants, std::int32_t as_of,
                       const std::vector<ParameterOverride>& overrides, MemberSets& members,
                       dsl::DiagnosticBag& bag) {
    bool ok = true;
    for (std::uint32_t slot = 0; slot < members.slots(); ++slot) {
        const std::uint32_t param = members.parameter(slot);
        if (param == dsl::no_index) {
            continue;
        }
        auto given = std::find_if(overrides.begin(), overrides.end(),
                                  [&](const ParameterOverride& o) { return o.parameter == param; });
        if (given != overrides.end()) {
            members.add(slot, given->value);
            continue;
        }
        const dsl::ParameterInfo& info = program.parameters[param];
        auto version = std::find_if(info.versions.begin(), info.versions.end(), [&](const auto& v) {
            return v.from <= as_of && (!v.until || as_of <= *v.until);
        });
        if (version == info.versions.end() || version->value == dsl::no_expr) {
            bool unpublished = version != info.versions.end();
            bag.report(
                unpublished ? dsl::Code::E3004 : dsl::Code::E3005,
                unpublished ? version->where : info.where,
                fmt::format("`{}` {} on {}, so the facts that must be in it cannot be "
                            "checked{}",
                            info.name, unpublished ? "is not published" : "has no version valid",
                            dsl::format_date(as_of),
                            unpublished && !version->note.empty()
                                ? fmt::format(" (\"{}\")", version->note)
                                : ""));
            ok = false;
            continue;
        }
        try {
            members.add(slot, constants.constant(version->value));
        } catch (const EvalError& err) {
            bag.report(err.code, err.where, err.message);
            ok = false;
        }
    }
    return ok;
}

}  // namespace

std::vector<DocumentReceipt> document_receipts(const dsl::Program& program) {
    std::vector<DocumentReceipt> out;
    if (program.document_texts.size() != program.documents.size()) {
        return out;
    }
    for (std::uint32_t d = 0; d < program.documents.size(); ++d) {
        const dsl::DocumentInfo& doc = program.documents[d];
        const dsl::DocumentTextCheck& text = program.document_texts[d];
        bool through_areas =
            doc.per_field &&
            std::any_of(program.documents.begin(), program.documents.end(),
                        [&](const dsl::DocumentInfo& x) { return x.instance_of == d; });
        if (through_areas || (text.quotes == 0 && !doc.text)) {
            continue;
        }
        DocumentReceipt r;
        r.name = doc.name.substr(doc.name.rfind('.') + 1);
        r.title = doc.title;
        r.area = doc.area;
        r.dated = doc.date;
        r.text = doc.text.value_or("");
        if (text.text_found) {
            r.sha256 = "sha256:" + sha256_hex(text.text_content);
        }
        r.quotes = text.quotes;
        out.push_back(std::move(r));
    }
    return out;
}

bool add_table_rows(const dsl::Program& program, const Builtins& builtins, Facts& facts,
                    std::int32_t as_of, dsl::DiagnosticBag& bag,
                    const std::vector<ParameterOverride>& overrides) {
    if (facts.tables.size() < program.records.size()) {
        facts.tables.resize(program.records.size());
    }
    facts.members = MemberSets(program);
    if (program.table_rows.empty() && facts.members.slots() == 0) {
        return true;
    }
    Facts scratch;
    EvalOptions options;
    options.as_of = as_of;
    options.overrides = overrides;
    Evaluator constants(program, builtins, scratch, options);
    FactsDecoder decoder(program);
    bool ok = member_parameters(program, constants, as_of, overrides, facts.members, bag);
    std::vector<std::vector<Value>> rows(program.table_rows.size());
    for (std::size_t ri = 0; ri < program.table_rows.size(); ++ri) {
        for (dsl::ExprId e : program.table_rows[ri].values) {
            if (e == dsl::no_expr) {
                rows[ri].emplace_back();
                continue;
            }
            try {
                rows[ri].push_back(constants.constant(e));
            } catch (const EvalError& err) {
                bag.report(err.code, err.where, err.message);
                ok = false;
                rows[ri].emplace_back();
            }
        }
        // Every table's values first, so one table's rows may name another's
        // (`Maatregel.gebied in Gebied.gebied`).
        facts.members.add_row(program.table_rows[ri].record, rows[ri]);
    }
    for (std::size_t ri = 0; ri < program.table_rows.size(); ++ri) {
        const dsl::TableRowInfo& row = program.table_rows[ri];
        std::vector<Value>& values = rows[ri];
        // A table in the rules meets the same field constraints as facts do.
        bool meets = true;
        for (std::size_t f = 0; f < values.size() && f < row.values.size(); ++f) {
            std::string why;
            bool later = false;
            if (row.values[f] == dsl::no_expr) {
                continue;
            }
            const auto field = static_cast<std::uint32_t>(f);
            dsl::Location where{row.where.file, program.ast.expr(row.values[f]).span};
            std::string path = "table " + program.records[row.record].short_name;
            if (!decoder.constraints().check(row.record, field, values[f], why, &facts.members,
                                             &later)) {
                bag.report(dsl::Code::E4020, where, fmt::format("{}: {}", path, why));
                meets = false;
            } else if (later) {
                facts.pending.push_back(PendingMember{row.record, field, values[f], where, path});
            }
        }
        if (!meets) {
            ok = false;
            continue;
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

bool is_csv_path(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".csv";
}

std::optional<std::uint32_t> facts_record_type(const dsl::Program& program, const std::string& name,
                                               const std::string& which, dsl::DiagnosticBag& bag,
                                               Lang lang) {
    std::vector<std::string> names;
    for (const auto& r : program.records) {
        names.push_back(r.short_name);
    }
    if (!name.empty()) {
        if (auto record = program.find_record(name)) {
            return record;
        }
        std::string hint = dsl::did_you_mean(dsl::suggestions(name, names));
        bag.report(dsl::Code::E5001, {},
                   message(lang, Msg::run_no_record_type, name, hint.empty() ? "" : "; " + hint));
        return std::nullopt;
    }
    if (program.records.size() == 1) {
        return 0;
    }
    std::string list;
    for (const auto& n : names) {
        list += (list.empty() ? "" : ", ") + n;
    }
    bag.report(dsl::Code::E5001, {}, message(lang, Msg::run_which_record_type, list, which));
    return std::nullopt;
}

bool load_facts_file(LoadedRules& rules, const std::string& path, Facts& facts,
                     const FactsLimits& limits, dsl::DiagnosticBag& bag,
                     const std::string& record) {
    const bool csv = is_csv_path(path);
    std::optional<std::uint32_t> record_type;
    if (csv) {
        record_type =
            facts_record_type(rules.program, record,
                              message(limits.lang, Msg::run_file_holds, path), bag, limits.lang);
        if (!record_type) {
            return false;
        }
    } else if (!record.empty()) {
        bag.report(dsl::Code::E5001, {},
                   message(limits.lang, Msg::run_record_after_json, record, path));
        return false;
    }
    std::string reason;
    auto text = read_file(path, &reason);
    if (!text) {
        bag.report(dsl::Code::E4013, dsl::Location{},
                   message(limits.lang, Msg::run_cannot_read_facts, path, reason));
        return false;
    }
    dsl::FileId id = rules.sources.add(path, std::move(*text));
    FactsDecoder decoder(rules.program, limits);
    if (facts.tables.size() < rules.program.records.size()) {
        facts.tables.resize(rules.program.records.size());
    }
    if (csv) {
        return load_csv_facts(decoder, id, *record_type, facts, bag);
    }
    return decoder.load_document(id, facts, bag);
}

bool load_facts(LoadedRules& rules, const Builtins& builtins, const std::vector<FactsFile>& files,
                Facts& facts, const FactsLimits& limits, std::int32_t as_of,
                const std::vector<ParameterOverride>& overrides, dsl::DiagnosticBag& bag) {
    facts.tables.resize(rules.program.records.size());
    bool ok = add_table_rows(rules.program, builtins, facts, as_of, bag, overrides);
    for (const FactsFile& file : files) {
        ok = load_facts_file(rules, file.path, facts, limits, bag, file.record) && ok;
    }
    return finish_facts(rules.program, facts, bag) && ok;
}

std::vector<std::uint32_t> select_rules(const dsl::Program& program,
                                        const std::vector<std::string>& names,
                                        dsl::DiagnosticBag& bag, Lang lang) {
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
                    bag.report(dsl::Code::E5001, dsl::Location{},
                               message(lang, Msg::run_takes_arguments, n));
                } else {
                    out.push_back(static_cast<std::uint32_t>(i));
                }
                found = true;
            }
        }
        if (!found) {
            // A qualified name is compared with qualified names, a short one with short ones.
            std::vector<std::string> known;
            for (const dsl::RuleInfo& r : program.rules) {
                if (r.subject != dsl::SubjectKind::arguments) {
                    known.push_back(n.find('.') != std::string::npos ? r.name : r.short_name);
                }
            }
            std::string hint = dsl::did_you_mean(dsl::suggestions(n, known));
            bag.report(dsl::Code::E5001, dsl::Location{},
                       message(lang, Msg::run_no_decision, n, hint.empty() ? "" : "; " + hint));
        }
    }
    return out;
}

std::vector<DecisionResult> decide(Evaluator& evaluator, const std::vector<std::uint32_t>& rules) {
    std::vector<DecisionResult> out;
    decide_each(evaluator, rules, [&](DecisionResult& d) { out.push_back(std::move(d)); });
    return out;
}

void decide_each(Evaluator& evaluator, const std::vector<std::uint32_t>& rules,
                 const std::function<void(DecisionResult&)>& each) {
    for (std::uint32_t r : rules) {
        std::vector<Value> subjects = evaluator.subjects_of(r);
        if (subjects.empty()) {
            // No groups at all because a record's key failed: say so, rather than nothing.
            if (auto err = evaluator.group_error(r)) {
                DecisionResult d{r, Value{}, "{}", "", {}};
                d.outcome.error = *err;
                each(d);
            }
            continue;
        }
        for (const Value& subject : subjects) {
            DecisionResult d{r, subject, {}, evaluator.subject_text(subject), {}};
            evaluator.subject_json(d.subject_json, subject);
            d.outcome = evaluator.evaluate(r, subject);
            each(d);
        }
    }
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
