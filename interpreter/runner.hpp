// The steps every command shares: find and check rule files, load facts, decide.
//
// The command-line front end, the test runner and the impact diff all go through these
// functions, so "which files are the rules", "how facts are read" and "which decisions a
// run makes" mean the same thing everywhere.
#pragma once

#include "dsl/check.hpp"
#include "interpreter/evaluator.hpp"
#include "interpreter/facts.hpp"
#include "interpreter/render.hpp"

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace regels::interp {

struct LoadedRules {
    dsl::SourceSet sources;
    dsl::Program program;
    std::string rule_set;              // its name, as RuleSet::name (set by the caller)
    std::vector<std::string> files;    // display names of the files loaded, sorted
    std::vector<std::string> names{};  // each file's name in the fingerprint (as `files`)
    // "sha256:…" over the rule files' names (relative to the folder or file given, so the
    // same rules give the same hash however their path is typed) and contents. Test files
    // (*_test.rules) are left out: they get their own hash, so changing a test does not
    // change the fingerprint of the rules that made a decision.
    std::string hash;
    std::string tests_hash;      // "" when there are no test files
    std::size_t test_files = 0;  // test files beside the rules, loaded or not
};

// A rule set: the rule files checked and decided together as one program (docs/language.md,
// "Rule sets"). A folder that holds .rules files itself is one rule set with all its
// subfolders (rules/nplv/gebieden/ belongs to rules/nplv); a folder without rule files of its
// own holds the rule sets of its subfolders (rules/ holds rules/nplv and rules/soo); rule
// files named one by one form one rule set together.
struct RuleSet {
    std::string name;                // the folder ("rules/nplv"), or the files, joined by ", "
    std::vector<std::string> paths;  // what load_rules reads
};

// The rule sets under `paths`, in the order given (subfolders sorted), each once. A path that
// does not exist, or a folder without any .rules file, stays a rule set of its own, so
// load_rules reports it (E1014) as for any unreadable path.
std::vector<RuleSet> find_rule_sets(const std::vector<std::string>& paths);

// The folder of the rule set a rule file belongs to (the outermost folder above it, up from
// its own, whose parent holds no .rules files itself); "" when the file's folder is unknown.
std::string rule_set_root(const std::string& file);

struct LoadOptions {
    // Load *_test.rules files too: `check` and `test` do; `eval` and `diff` never do, so a
    // helper in a test file cannot reach a decision. Left out, they still count in
    // test_files and tests_hash (the receipt says which tests go with the rules).
    bool tests = true;
    // `--set NAME=VALUE`, in order: each value becomes a source of its own, named
    // "--set NAME", and is checked into Program::parameter_values.
    std::vector<std::pair<std::string, std::string>> parameter_values{};
    // Compute the receipt (LoadedRules::hash and tests_hash). `check` shows neither and leaves
    // them empty: the first SHA-256 starts libcrypto, a sixth of a check's instructions.
    bool receipt = true;
};

// Whether a rule file holds tests (`*_test.rules`).
bool is_test_file(std::string_view path);

// "sha256:…" over the contents of the facts files, in the order given; "" if one is unreadable.
std::string facts_hash(const std::vector<std::string>& paths);

// The documents `program` cites with quotes or names a text for, from its source check
// (Program::document_texts; empty when the texts were not looked at). A national (`per`)
// document is listed through its areas' instances.
std::vector<DocumentReceipt> document_receipts(const dsl::Program& program);

// Collects the *.rules files named or found (recursively, sorted) under `paths`, reads and
// checks them. Unreadable paths are E1014. Returns null only when no file could be read.
std::unique_ptr<LoadedRules> load_rules(const std::vector<std::string>& paths,
                                        const dsl::BuiltinTable& builtins, dsl::DiagnosticBag& bag,
                                        const dsl::CheckOptions& options = {},
                                        const LoadOptions& load = {});

// The checked `--set` values of `rules` as overrides for EvalOptions (origin "--set").
std::vector<ParameterOverride> parameter_overrides(const LoadedRules& rules,
                                                   const Builtins& builtins);

// A file written so that it is either the old one or complete: the text goes to a temporary
// file beside it (PATH.tmp.PID) that commit() renames over PATH, so a run killed mid-way
// leaves the old file or none. A device, FIFO or socket (`--output /dev/null`) is written
// directly, since renaming would replace it. Destroyed without commit(), it removes its
// temporary file.
class OutputFile {
public:
    OutputFile() = default;
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    // False, with `error` (in `lang`, as commit()'s), when it cannot be opened.
    bool open(const std::string& path, std::string& error, Lang lang = Lang::nl);
    std::FILE* stream() const {
        return file_;
    }
    // Whether the text goes straight to the path (a device or a FIFO).
    bool direct() const {
        return temp_.empty();
    }
    // Flushes and closes, then renames the temporary file over the path. False, with
    // `error`, when any of it fails; the old file is then left as it was.
    bool commit(std::string& error);

private:
    std::string path_;
    std::string temp_;
    std::FILE* file_ = nullptr;
    Lang lang_ = Lang::nl;
};

// Writes `data` to `path` through an OutputFile.
bool write_atomically(const std::string& path, const std::string& data, std::string& error,
                      Lang lang = Lang::nl);

// Reads a whole file; nullopt when it cannot be read, with the reason in `reason` (the
// system's, e.g. "no such file or directory", or "it is a folder, not a file").
std::optional<std::string> read_file(const std::string& path, std::string* reason = nullptr);

// Why `path` cannot be read as a file (missing, a folder, not a regular file); nullopt when it
// looks readable.
std::optional<std::string> unreadable_reason(const std::string& path);

// strerror's text for `error_number`, starting lower-case so it reads inside a sentence.
std::string system_reason(int error_number);

// Adds the rows of `table` declarations to `facts` (after checking their keys are unique).
// Parameters used in a row without `at` take their value on `as_of`.
// Parameters given one value for the run (`overrides`) have that value in table rows too.
bool add_table_rows(const dsl::Program& program, const Builtins& builtins, Facts& facts,
                    std::int32_t as_of, dsl::DiagnosticBag& bag,
                    const std::vector<ParameterOverride>& overrides = {});

// One rule file held in memory: its display name, its name in the fingerprint (see
// LoadedRules::hash) and its text. The decision register keeps rule versions this way.
struct RuleText {
    std::string file;
    std::string name;
    std::string text;
};

// Checks rule files already read (the second half of load_rules), so a stored rule version
// loads exactly as the files it was read from: the same display names, the same hash.
std::unique_ptr<LoadedRules> load_rule_texts(std::vector<RuleText> texts,
                                             const dsl::BuiltinTable& builtins,
                                             dsl::DiagnosticBag& bag,
                                             const dsl::CheckOptions& options = {},
                                             const LoadOptions& load = {});

// A facts file and the record type its records are of (`--facts a.csv --record Registratie`;
// empty: a JSON document, or the only record type the rules declare).
struct FactsFile {
    std::string path;
    std::string record{};
};

// Loads a facts file (it joins the program's SourceSet for diagnostics): a JSON document, or
// when `path` ends in .csv, CSV records of the type `record` names (facts_csv.hpp; `record`
// may be empty when the rules declare one record type). A JSON document names its record
// types itself: `record` must then be empty. Rows are added to what `facts` holds already,
// so files of either format combine, with keys unique across all of them.
bool load_facts_file(LoadedRules& rules, const std::string& path, Facts& facts,
                     const FactsLimits& limits, dsl::DiagnosticBag& bag,
                     const std::string& record = "");

// The facts of a batch run: the rules' tables (add_table_rows), each file in order
// (load_facts_file), then the values that waited for the last file (finish_facts: an area
// named before its record). False when anything was wrong; every problem is in `bag`.
bool load_facts(LoadedRules& rules, const Builtins& builtins, const std::vector<FactsFile>& files,
                Facts& facts, const FactsLimits& limits, std::int32_t as_of,
                const std::vector<ParameterOverride>& overrides, dsl::DiagnosticBag& bag);

// Whether `path` names a CSV facts file (it ends in .csv, in any case).
bool is_csv_path(const std::string& path);

// The record type of a facts file that holds one type (JSON Lines, CSV): the one `name`
// (from --record) names, or the only one the rules declare. nullopt after reporting E5001;
// `which` says what the file holds in that message ("the lines are"), in `lang`.
std::optional<std::uint32_t> facts_record_type(const dsl::Program& program, const std::string& name,
                                               const std::string& which, dsl::DiagnosticBag& bag,
                                               Lang lang = Lang::nl);

// The decisions and assertions a run makes: all of them, or those named (module.name or
// name). Unknown names are E5001, in `lang`.
std::vector<std::uint32_t> select_rules(const dsl::Program& program,
                                        const std::vector<std::string>& names,
                                        dsl::DiagnosticBag& bag, Lang lang = Lang::nl);

// Evaluates every selected rule for every subject, in declaration order.
std::vector<DecisionResult> decide(Evaluator& evaluator, const std::vector<std::uint32_t>& rules);
// The same, each result handed to `each` as it is made (in the same order), so a caller can
// write it and let it go: memory does not grow with the number of decisions.
void decide_each(Evaluator& evaluator, const std::vector<std::uint32_t>& rules,
                 const std::function<void(DecisionResult&)>& each);

// Parses YYYY-MM-DD.
std::optional<std::int32_t> parse_iso_date(std::string_view text);

}  // namespace regels::interp
