// The commands. Argument parsing is deliberately plain: flags with values, repeated flags,
// and positional paths; anything unknown is a usage error (exit 2) that says what is known.
#include "cli/commands.hpp"

#include "cli/options.hpp"
#include "dsl/diagnostic_help.hpp"
#include "dsl/format.hpp"
#include "dsl/parser.hpp"
#include "dsl/suggest.hpp"
#include "interpreter/messages.hpp"
#include "interpreter/runner.hpp"
#include "interpreter/stream.hpp"
#include "stdlib/stdlib.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lsp/server.hpp"
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <unistd.h>

namespace regels::cli {

namespace fs = std::filesystem;
using dsl::Code;
using dsl::DiagnosticBag;

// ---- check --------------------------------------------------------------------------------

namespace {

bool unreadable(const DiagnosticBag& bag) {
    return std::any_of(bag.items().begin(), bag.items().end(),
                       [](const dsl::Diagnostic& d) { return d.code == Code::E1014; });
}

// "22 bestanden gecontroleerd: geen fouten, 1 waarschuwing[; 12 citaten gevonden in de teksten
// van 2 documenten]" (nl) or "checked 22 files: no errors, 1 warning[; …]" (en).
std::string count_text(interp::Lang lang, std::size_t n, interp::Msg one, interp::Msg many) {
    return interp::message(lang, n == 1 ? one : many, n);
}

std::string warnings_text(interp::Lang lang, const DiagnosticBag& bag) {
    using interp::Msg;
    return count_text(lang, bag.warning_count(), Msg::check_warnings_one, Msg::check_warnings_many);
}

std::string check_summary(const interp::LoadedRules& rules, const DiagnosticBag& bag,
                          interp::Lang lang) {
    using interp::Msg;
    std::string quotes;
    if (rules.program.texts_read > 0) {
        quotes = interp::message(lang, Msg::check_quotes,
                                 count_text(lang, rules.program.quotes_checked,
                                            Msg::check_quotes_one, Msg::check_quotes_many),
                                 count_text(lang, rules.program.texts_read,
                                            Msg::check_documents_one, Msg::check_documents_many));
    }
    return interp::message(
        lang, Msg::check_summary,
        count_text(lang, rules.files.size(), Msg::check_files_one, Msg::check_files_many),
        warnings_text(lang, bag), quotes);
}

// What `check` loads: everything, tests included, without the receipt it never shows.
interp::LoadOptions check_load() {
    interp::LoadOptions load;
    load.receipt = false;
    return load;
}

// `regels check` on several rule sets: each is checked as its own program; its diagnostics,
// then a line saying what happened to it. JSON: every diagnostic, the totals, and per rule
// set its counts.
int check_rule_sets(const std::vector<interp::RuleSet>& sets, const dsl::CheckOptions& options,
                    bool json, interp::Lang lang) {
    int status = 0;
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    nlohmann::ordered_json per_set = nlohmann::ordered_json::array();
    std::size_t errors = 0;
    std::size_t warnings = 0;
    for (const interp::RuleSet& set : sets) {
        DiagnosticBag bag;
        auto rules = interp::load_rules(set.paths, stdlib::standard_library().signatures, bag,
                                        options, check_load());
        errors += bag.error_count();
        warnings += bag.warning_count();
        status = std::max(status, unreadable(bag) ? 2 : bag.has_errors() ? 1 : 0);
        if (json) {
            auto one =
                nlohmann::ordered_json::parse(dsl::render_json(rules->sources, bag.sorted()));
            for (auto& d : one["diagnostics"]) {
                all.push_back(d);
            }
            per_set.push_back({{"rule_set", set.name},
                               {"files", rules->files.size()},
                               {"errors", bag.error_count()},
                               {"warnings", bag.warning_count()}});
            continue;
        }
        if (!bag.empty()) {
            std::string out = dsl::render_text(rules->sources, bag.sorted(), false);
            std::fwrite(out.data(), 1, out.size(), stderr);
            std::fputc('\n', stderr);
        }
        std::string what =
            bag.has_errors()
                ? interp::message(lang, interp::Msg::check_errors_warnings,
                                  count_text(lang, bag.error_count(), interp::Msg::check_errors_one,
                                             interp::Msg::check_errors_many),
                                  warnings_text(lang, bag))
                : check_summary(*rules, bag, lang);
        std::fprintf(stderr, "%s: %s\n", set.name.c_str(), what.c_str());
    }
    if (json) {
        nlohmann::ordered_json root;
        root["diagnostics"] = all;
        root["errors"] = errors;
        root["warnings"] = warnings;
        root["rule_sets"] = per_set;
        std::string out = root.dump(2) + "\n";
        std::fwrite(out.data(), 1, out.size(), stderr);
    }
    return status;
}

}  // namespace

int run_check(const Args& args) {
    Parsed p = parse_args(args, joined({"--diagnostics", "--texts", "--lang"}, rule_limit_flags()),
                          {"--help", "--no-lint"});
    if (p.flag("--help")) {
        std::printf(
            "usage: regels check [--diagnostics text|json] [--no-lint] [--texts DIR] [--lang "
            "nl|en]\n"
            "                    [limits] PATH...\n"
            "Parses, type-checks and lints rule files (folders are searched for *.rules).\n"
            "Checks every quote against the text of the document it cites, where a document\n"
            "names its text (`text \"file\"`): beside the rule file, or in the folders of\n"
            "--texts (several separated by `:`).\n"
            "Exit 0 when clean (warnings allowed), 1 on errors, 2 on unusable arguments.\n"
            "\n"
            "%s%s",
            lang_help, rule_limit_help);
        return 0;
    }
    if (!p.error.empty()) {
        return usage_error(p.error);
    }
    dsl::CheckOptions options;
    auto lang = lang_of(p);
    if (!lang || !read_rule_limits(p, options.limits)) {
        return 2;
    }
    if (p.positional.empty()) {
        return usage_error("`check` needs at least one file or folder");
    }
    bool json = p.value("--diagnostics").value_or("text") == "json";
    DiagnosticBag bag;
    options.lint_unused = options.lint_citations = !p.flag("--no-lint");
    options.text_dirs = text_dirs_of(p);
    auto sets = interp::find_rule_sets(p.positional);
    if (sets.size() > 1) {
        return check_rule_sets(sets, options, json, *lang);
    }
    auto rules = interp::load_rules(p.positional, stdlib::standard_library().signatures, bag,
                                    options, check_load());
    if (json || bag.has_errors()) {
        print_diagnostics(rules->sources, bag, json);
    } else if (!bag.empty()) {
        // Warnings only: the closing line below is the summary.
        std::string out = dsl::render_text(rules->sources, bag.sorted(), false);
        std::fwrite(out.data(), 1, out.size(), stderr);
        std::fputc('\n', stderr);
    }
    if (unreadable(bag)) {
        return 2;
    }
    if (bag.has_errors()) {
        return 1;
    }
    if (!json) {
        std::fprintf(stderr, "%s\n", check_summary(*rules, bag, *lang).c_str());
    }
    return 0;
}

// ---- eval ---------------------------------------------------------------------------------

namespace {

constexpr const char* eval_help =
    "usage: regels eval RULES... --facts FILE [--record NAME] [options]\n"
    "\n"
    "  --facts FILE          facts: a JSON document {\"Type\": [...]}, JSON Lines (*.jsonl), or\n"
    "                        CSV (*.csv: one record type, a header line of field names, `;`\n"
    "                        with decimal commas or `,` with decimal points, set elements\n"
    "                        separated by `|`); repeatable, the files' records combine\n"
    "  --record NAME         the record type of the JSON Lines or CSV file given just before\n"
    "                        (needed when the rules declare several): --facts a.csv --record\n"
    "                        Registratie --facts b.csv --record Plan\n"
    "  --decision NAME       evaluate only this decision (repeatable; default: all)\n"
    "  --explain             include the explanation of every decision\n"
    "  --explain-layout L    JSON Lines with --explain: shared (default: what repeats from\n"
    "                        record to record, such as rule texts, citations and the wording\n"
    "                        of steps, is written once on a {\"shared\": ...} line and referred\n"
    "                        to; scripts/regels_expand.py restores the full lines) or full\n"
    "                        (every line complete; several times larger)\n"
    "  --format FORMAT       text (default), json, jsonl, html, or verslag (a beslisverslag:\n"
    "                        one printable page per decision and subject, HTML)\n"
    "  --lang LANG           nl (default) or en: the language of explanations and messages\n"
    "  --technisch           text with --explain: also the technical part of every step (the\n"
    "                        rule text, names and file:line); JSON always has it\n"
    "  --as-of DATE          the date for parameters a rule uses without `at` (default: today,\n"
    "                        shown as \"peildatum: vandaag (niet opgegeven)\")\n"
    "  --output FILE         write there (atomically) instead of standard output\n"
    "  --keep-going          JSON Lines: report bad records and decide the good ones\n"
    "  --progress            JSON Lines: a progress line on standard error\n"
    "  --threads N           JSON Lines: worker threads (default: up to 2)\n"
    "  --diagnostics FORMAT  text or json, for diagnostics on standard error\n"
    "  --strict              hold back (error E3014) every decision that rests on an\n"
    "                        assumption; interpretation choices are only listed\n"
    "  --set NAME=VALUE      a what-if: parameter NAME has VALUE (written as in the rules)\n"
    "                        on every date; repeatable; every output is marked\n"
    "  --texts DIR[:DIR...]  folders of the documents' texts, after the folder of the rule\n"
    "                        file that declares each: the quotes are verified against them,\n"
    "                        and the receipts name each text by SHA-256 (or `unverified`)\n"
    "  --plan PLAN           indexed (default): aggregates and allocations over all records\n"
    "                        use indexes built once per run; naive: every record is scanned\n"
    "                        for every subject (the reference, for comparing; quadratic)\n"
    "\n"
    "limits (each an error with a code and a location when hit):\n"
    "  --max-depth N         nested rule evaluations (default 200, at most 1000)\n"
    "  --max-steps N         expression steps per decision (default 0: unlimited)\n"
    "  --max-time MS         wall-clock milliseconds for the run, or per JSON Lines record\n"
    "                        (default 0: unlimited)\n"
    "  --max-records N       records held in memory (default 50000000)\n"
    "  --max-record-bytes N  size of one JSON Lines or CSV record (default 1048576)\n"
    "  --max-facts-depth N   nesting of arrays and objects in facts (default 32)\n";

constexpr const char* eval_exit_help =
    "\n"
    "exit 0: every decision was made; 1: some decisions failed; 2: unusable input\n";

}  // namespace

// eval's exit status once the decisions are written: 1, said on standard error, when any
// failed.
int decisions_exit(interp::Lang lang, std::size_t failed, std::size_t decided) {
    if (failed == 0) {
        return 0;
    }
    std::fputs(interp::message(lang, interp::Msg::run_failed_decisions, failed, decided).c_str(),
               stderr);
    return 1;
}

// JSON Lines from facts held in memory: each decision is written as it is made, so memory
// does not grow with the output (a national batch writes hundreds of megabytes).
int eval_jsonl_lines(interp::Evaluator& evaluator, const std::vector<std::uint32_t>& selected,
                     const std::optional<std::string>& output_path,
                     const interp::EvalOptions& options, bool shared_layout) {
    interp::OutputFile output;
    std::FILE* out = stdout;
    if (output_path) {
        std::string error;
        if (!output.open(*output_path, error, options.lang)) {
            return usage_error(error);
        }
        out = output.stream();
    }
    interp::WrittenNodes written;
    interp::SharedTable shared;
    std::string buffer;
    std::size_t decided = 0;
    std::size_t failed = 0;
    interp::decide_each(evaluator, selected, [&](interp::DecisionResult& r) {
        ++decided;
        failed += r.outcome.ok ? 0 : 1;
        interp::render_jsonl(buffer, evaluator.program(), evaluator.explanation(), r,
                             options.explain, &written, shared_layout ? &shared : nullptr);
        if (buffer.size() >= (1U << 20U)) {
            std::fwrite(buffer.data(), 1, buffer.size(), out);
            buffer.clear();
        }
    });
    std::fwrite(buffer.data(), 1, buffer.size(), out);
    if (output_path) {
        if (std::string error; !output.commit(error)) {
            return usage_error(error);
        }
    } else {
        std::fflush(stdout);
    }
    return decisions_exit(options.lang, failed, decided);
}

int run_eval(const Args& args) {
    Parsed p = parse_args(
        args,
        joined({"--facts", "--record", "--decision", "--format", "--as-of", "--output", "--lang",
                "--max-depth", "--max-steps", "--max-time", "--max-records", "--max-record-bytes",
                "--max-facts-depth", "--diagnostics", "--threads", "--set", "--explain-layout",
                "--texts", "--plan"},
               rule_limit_flags()),
        {"--explain", "--help", "--keep-going", "--progress", "--strict", "--technisch"});
    if (p.flag("--help")) {
        std::fputs(eval_help, stdout);
        std::fputs(rule_limit_help, stdout);
        std::fputs(eval_exit_help, stdout);
        return 0;
    }
    if (!p.error.empty()) {
        return usage_error(p.error);
    }
    if (p.positional.empty()) {
        return usage_error("`eval` needs rule files or folders");
    }
    auto facts_files = facts_files_of(p);
    if (!facts_files) {
        return 2;
    }
    auto facts_paths = p.all("--facts");
    if (facts_paths.empty()) {
        return usage_error("`eval` needs `--facts FILE`");
    }
    std::string format = p.value("--format").value_or("text");
    if (format != "text" && format != "json" && format != "jsonl" && format != "html" &&
        format != "verslag") {
        return usage_error(
            fmt::format("unknown format `{}`; use text, json, jsonl, html or verslag", format));
    }
    std::string layout = p.value("--explain-layout").value_or("shared");
    if (layout != "shared" && layout != "full") {
        std::string hint = dsl::did_you_mean(dsl::suggestions(layout, {"shared", "full"}));
        return usage_error(fmt::format("unknown explanation layout `{}`; {}", layout,
                                       hint.empty() ? "use shared or full" : hint));
    }
    if (p.value("--explain-layout") && (format != "jsonl" || !p.flag("--explain"))) {
        return usage_error("`--explain-layout` is for `--format jsonl --explain`");
    }
    const bool shared_layout = layout == "shared";
    auto lang = lang_of(p);
    if (!lang) {
        return 2;
    }
    interp::EvalOptions options;
    options.lang = *lang;
    auto as_of = as_of_date(p);
    if (!as_of) {
        return 2;
    }
    options.as_of = *as_of;
    options.explain = p.flag("--explain") || format == "html" || format == "verslag";
    options.strict = p.flag("--strict");
    if (auto plan = p.value("--plan")) {
        if (*plan != "indexed" && *plan != "naive") {
            return usage_error(fmt::format("unknown plan `{}`; use indexed or naive", *plan));
        }
        options.plan = *plan == "naive" ? interp::EvalOptions::Plan::naive
                                        : interp::EvalOptions::Plan::indexed;
    }
    interp::FactsLimits limits;
    limits.lang = *lang;
    dsl::CheckOptions check_options;
    check_options.lint_unused = check_options.lint_citations = false;
    check_options.check_sources = false;
    // The quotes against the texts, so the receipts can name the texts they were verified against.
    check_options.verify_quotes = true;
    check_options.text_dirs = text_dirs_of(p);
    if (!read_count(p, "--max-depth", options.max_depth, 1, max_recursion_limit) ||
        !read_count(p, "--max-steps", options.max_steps, 0) ||
        !read_count(p, "--max-time", options.max_time_ms, 0) ||
        !read_count(p, "--max-records", limits.max_records) ||
        !read_count(p, "--max-record-bytes", limits.max_record_bytes) ||
        !read_count(p, "--max-facts-depth", limits.max_depth) ||
        !read_rule_limits(p, check_options.limits)) {
        return 2;
    }
    bool json_diag = p.value("--diagnostics").value_or("text") == "json";

    interp::LoadOptions load;
    load.tests = false;
    if (!read_parameter_values(p, load.parameter_values) || !one_rule_set(p.positional, "eval")) {
        return 2;
    }
    const interp::Builtins& builtins = stdlib::standard_library();
    DiagnosticBag bag;
    auto rules = interp::load_rules(p.positional, builtins.signatures, bag, check_options, load);
    if (bag.has_errors()) {
        print_diagnostics(rules->sources, bag, json_diag);
        return 2;
    }
    options.overrides = interp::parameter_overrides(*rules, builtins);
    auto selected = interp::select_rules(rules->program, p.all("--decision"), bag, options.lang);
    if (bag.has_errors()) {
        print_diagnostics(rules->sources, bag, json_diag);
        return 2;
    }
    bool jsonl_facts = facts_paths.size() == 1 &&
                       (facts_paths[0].ends_with(".jsonl") || facts_paths[0].ends_with(".ndjson"));
    if (!options.overrides.empty() && (jsonl_facts || format == "jsonl")) {
        return usage_error(
            "`--set` is a what-if, and JSON Lines output has no place to say so: use --format "
            "text, json, html or verslag, with facts in a JSON document");
    }
    if (jsonl_facts) {
        if (format != "jsonl") {
            return usage_error(
                "JSON Lines facts are decided one line at a time: use `--format jsonl`");
        }
        interp::StreamOptions stream;
        stream.facts_path = facts_paths[0];
        stream.output_path = p.value("--output").value_or("");
        stream.record_type = facts_files->front().record;
        stream.keep_going = p.flag("--keep-going");
        stream.progress = p.flag("--progress");
        stream.shared_layout = shared_layout;
        if (!read_count(p, "--threads", stream.threads, 1, 64)) {
            return 2;
        }
        interp::StreamReport report;
        int status =
            interp::stream_jsonl(*rules, builtins, selected, options, limits, stream, bag, report);
        print_diagnostics(rules->sources, bag, json_diag);
        return status;
    }
    interp::Facts facts;
    bool facts_ok = interp::load_facts(*rules, builtins, *facts_files, facts, limits, options.as_of,
                                       options.overrides, bag);
    if (!facts_ok || bag.has_errors()) {
        print_diagnostics(rules->sources, bag, json_diag);
        return 2;
    }
    interp::Evaluator evaluator(rules->program, builtins, facts, options);
    if (format == "jsonl") {
        return eval_jsonl_lines(evaluator, selected, p.value("--output"), options, shared_layout);
    }
    auto results = interp::decide(evaluator, selected);
    interp::RunInfo info{rules->hash, rules->files, options.as_of};
    info.as_of_given = p.value("--as-of").has_value();
    info.tests_hash = rules->tests_hash;
    info.test_files = rules->test_files;
    info.engine_version = engine_version();
    info.build = engine_build();
    interp::RunOptions given;
    given.decisions = p.all("--decision");
    given.strict = options.strict;
    given.set = p.all("--set");
    given.as_of = p.value("--as-of").value_or("");
    given.lang = p.value("--lang").value_or("");
    info.options = std::move(given);
    info.facts_files = facts_paths;
    info.facts_hash = interp::facts_hash(facts_paths);
    info.run_time = run_time();
    info.lang = *lang;
    info.technical = p.flag("--technisch");
    info.overrides = options.overrides;
    info.documents = interp::document_receipts(rules->program);
    std::string out;
    if (format == "text") {
        out = interp::render_text(rules->program, evaluator.explanation(), info, results,
                                  options.explain);
    } else if (format == "json") {
        out = interp::render_json(rules->program, evaluator.explanation(), info, results,
                                  options.explain);
    } else if (format == "jsonl") {
        interp::WrittenNodes written;
        interp::SharedTable shared;
        for (const auto& r : results) {
            interp::render_jsonl(out, rules->program, evaluator.explanation(), r, options.explain,
                                 &written, shared_layout ? &shared : nullptr);
        }
    } else if (format == "verslag") {
        out = interp::render_verslag(rules->program, evaluator.explanation(), info, results);
    } else {
        out = interp::render_html(rules->program, evaluator.explanation(), info, results);
    }
    if (auto path = p.value("--output")) {
        std::string error;
        if (!interp::write_atomically(*path, out, error, options.lang)) {
            return usage_error(error);
        }
    } else {
        std::fwrite(out.data(), 1, out.size(), stdout);
    }
    std::size_t failed = static_cast<std::size_t>(
        std::count_if(results.begin(), results.end(), [](const auto& r) { return !r.outcome.ok; }));
    return decisions_exit(*lang, failed, results.size());
}

// ---- fmt ----------------------------------------------------------------------------------

int run_fmt(const Args& args) {
    Parsed p = parse_args(args, rule_limit_flags(), {"--check", "-w", "--help"});
    if (p.flag("--help")) {
        std::printf(
            "usage: regels fmt [--check | -w] [limits] PATH...\n"
            "Prints rule files in the canonical layout; -w rewrites them in place;\n"
            "--check lists the files that would change and exits 1 if there are any.\n"
            "\n"
            "%s",
            rule_limit_help);
        return 0;
    }
    if (!p.error.empty()) {
        return usage_error(p.error);
    }
    dsl::ParseLimits limits;
    if (!read_rule_limits(p, limits)) {
        return 2;
    }
    if (p.positional.empty()) {
        return usage_error("`fmt` needs files or folders");
    }
    std::vector<std::string> files;
    for (const std::string& path : p.positional) {
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            for (auto it = fs::recursive_directory_iterator(path, ec);
                 !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
                if (it->is_regular_file() && it->path().extension() == ".rules") {
                    files.push_back(it->path().lexically_normal().generic_string());
                }
            }
        } else if (fs::exists(path, ec)) {
            files.push_back(path);
        } else {
            return usage_error(fmt::format("cannot read `{}`: no such file or folder", path));
        }
    }
    std::sort(files.begin(), files.end());
    int status = 0;
    for (const std::string& file : files) {
        std::string reason;
        auto text = interp::read_file(file, &reason);
        if (!text) {
            return usage_error(fmt::format("cannot read `{}`: {}", file, reason));
        }
        dsl::SourceSet sources;
        dsl::FileId id = sources.add(file, *text);
        dsl::Ast ast;
        DiagnosticBag bag;
        dsl::parse_file(sources, id, ast, bag, limits);
        if (bag.has_errors() || !ast.files.back().parsed_cleanly) {
            print_diagnostics(sources, bag, false);
            std::fprintf(stderr, "regels: %s was not formatted: fix the errors first\n",
                         file.c_str());
            status = 1;
            continue;
        }
        std::string formatted = dsl::format_file(sources.file(id), ast.files.back(), ast);
        if (p.flag("--check")) {
            if (formatted != *text) {
                std::printf("%s\n", file.c_str());
                status = 1;
            }
        } else if (p.flag("-w")) {
            if (formatted != *text) {
                std::string error;
                if (!interp::write_atomically(file, formatted, error)) {
                    return usage_error(error);
                }
            }
        } else {
            std::fwrite(formatted.data(), 1, formatted.size(), stdout);
        }
    }
    return status;
}

// ---- codes --------------------------------------------------------------------------------

int run_codes(const Args& args) {
    Parsed p = parse_args(args, {}, {"--help"});
    if (p.flag("--help")) {
        std::fputs(
            "usage: regels codes [CODE...]\n"
            "Lists every diagnostic code with a one-line description; with CODE, explains\n"
            "that code with an example and the fix.\n",
            stdout);
        return 0;
    }
    if (!p.error.empty()) {
        return usage_error(p.error);
    }
    if (p.positional.empty()) {
        for (const dsl::CodeInfo& c : dsl::all_codes()) {
            const dsl::CodeHelp* h = dsl::help(c.code);
            std::printf("%s  %-8s %-30s %s\n", c.id, dsl::to_string(c.severity), c.name,
                        h != nullptr ? h->meaning : "");
        }
        std::printf("\n`regels codes CODE` explains one code with an example and the fix\n");
        return 0;
    }
    std::vector<std::string> ids;
    for (const dsl::CodeInfo& c : dsl::all_codes()) {
        ids.emplace_back(c.id);
    }
    int status = 0;
    for (std::size_t i = 0; i < p.positional.size(); ++i) {
        const std::string& id = p.positional[i];
        auto code = dsl::find_code(id);
        if (!code) {
            std::string hint = dsl::did_you_mean(dsl::suggestions(id, ids));
            status = usage_error(fmt::format("no diagnostic code `{}`; {}", id,
                                             hint.empty() ? "`regels codes` lists them" : hint));
            continue;
        }
        const dsl::CodeInfo& c = dsl::info(*code);
        const dsl::CodeHelp* h = dsl::help(*code);
        std::printf("%s%s %s (%s)\n", i > 0 ? "\n" : "", c.id, c.name, dsl::to_string(c.severity));
        if (h == nullptr) {
            std::printf("(no description yet)\n");
            continue;
        }
        std::string example;
        for (std::string_view rest = h->example; !rest.empty();) {
            std::size_t nl = rest.find('\n');
            example += fmt::format("    {}\n", rest.substr(0, nl));
            rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
        }
        std::printf("%s\n\nexample:\n%s\nfix: %s\n", h->meaning, example.c_str(), h->fix);
    }
    return status;
}

// ---- lsp ----------------------------------------------------------------------------------

int run_lsp(const Args& args) {
    Parsed p = parse_args(args, {}, {"--help", "--stdio"});
    if (p.flag("--help")) {
        std::printf(
            "usage: regels lsp [--stdio]\n"
            "The language server for editors: the Language Server Protocol (3.17) over standard\n"
            "input and output. Editors start it; see editors/vscode/ for the VS Code extension.\n");
        return 0;
    }
    if (!p.error.empty()) {
        return usage_error(p.error);
    }
    if (!p.positional.empty()) {
        return usage_error("`lsp` takes no files; the editor sends them");
    }
    std::ios::sync_with_stdio(false);
    return lsp::serve(std::cin, std::cout);
}

}  // namespace regels::cli
