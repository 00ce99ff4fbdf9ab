#include "service/decide.hpp"

#include "dsl/labels.hpp"
#include "interpreter/json_reader.hpp"
#include "interpreter/sha256.hpp"
#include "stdlib/stdlib.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <utility>

namespace regels::service {

namespace {

using interp::JsonReader;
using interp::JsonToken;

void canonical_value(JsonReader& reader, JsonToken token, std::string& out) {
    switch (token) {
        case JsonToken::begin_object: {
            std::vector<std::pair<std::string, std::string>> members;
            while (true) {
                JsonToken k = reader.next();
                if (k == JsonToken::end_object) {
                    break;
                }
                std::string key(reader.text());
                std::string value;
                canonical_value(reader, reader.next(), value);
                members.emplace_back(std::move(key), std::move(value));
            }
            // Stable: a repeated member keeps its order (the decoder refuses it anyway).
            std::stable_sort(members.begin(), members.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; });
            out += '{';
            for (std::size_t k = 0; k < members.size(); ++k) {
                out += k > 0 ? "," : "";
                interp::json_string(out, members[k].first);
                out += ':';
                out += members[k].second;
            }
            out += '}';
            return;
        }
        case JsonToken::begin_array: {
            out += '[';
            bool first = true;
            while (true) {
                JsonToken t = reader.next();
                if (t == JsonToken::end_array) {
                    break;
                }
                out += first ? "" : ",";
                first = false;
                canonical_value(reader, t, out);
            }
            out += ']';
            return;
        }
        case JsonToken::string:
            interp::json_string(out, reader.text());
            return;
        case JsonToken::number:
            out += reader.text();
            return;
        case JsonToken::true_value:
            out += "true";
            return;
        case JsonToken::false_value:
            out += "false";
            return;
        case JsonToken::null_value:
            out += "null";
            return;
        case JsonToken::end_object:
        case JsonToken::end_array:
        case JsonToken::key:
        case JsonToken::end:
            throw interp::JsonError(reader.token_offset(), "unexpected token");
    }
}

// Every diagnostic of a refused request, with the JSON path and line:column where the
// problem is in the request body.
std::string diagnostics_body(const dsl::SourceSet& sources, dsl::FileId body, std::string_view text,
                             const dsl::DiagnosticBag& bag) {
    nlohmann::ordered_json errors = nlohmann::ordered_json::array();
    for (const dsl::Diagnostic& d : bag.sorted()) {
        if (d.severity != dsl::Severity::error) {
            continue;
        }
        nlohmann::ordered_json e;
        e["code"] = dsl::info(d.code).id;
        e["name"] = dsl::info(d.code).name;
        e["message"] = d.message;
        // Facts messages start with the JSON path of the value: "/Registratie/3/jaar: …".
        if (d.message.starts_with('/')) {
            auto colon = d.message.find(": ");
            if (colon != std::string::npos) {
                e["path"] = d.message.substr(0, colon);
            }
        }
        if (d.where.file == body && d.where.span.begin <= text.size()) {
            interp::LineCol at = interp::line_col(text, d.where.span.begin);
            e["line"] = at.line;
            e["column"] = at.column;
        } else if (d.where.file < sources.size()) {
            const dsl::SourceFile& f = sources.file(d.where.file);
            dsl::LineColumn at = f.line_column(d.where.span.begin);
            e["file"] = f.name();
            e["line"] = at.line;
            e["column"] = at.column;
        }
        if (!d.hint.empty()) {
            e["hint"] = d.hint;
        }
        errors.push_back(std::move(e));
    }
    nlohmann::ordered_json root;
    root["errors"] = std::move(errors);
    return root.dump() + "\n";
}

// One evaluation of a request, kept together because the evaluator refers to the facts.
struct Run {
    interp::Facts facts;
    std::unique_ptr<interp::Evaluator> evaluator;
    std::vector<interp::DecisionResult> results;
    interp::RunInfo info;
    std::string refused;  // the 400 body when the request cannot be decided
    double evaluate_s = 0;
};

std::unique_ptr<Run> run(const RuleVersion& version, std::string_view facts_text,
                         const Query& query, const interp::FactsLimits& limits, const Stamp& stamp,
                         bool explain, std::string_view facts_hash) {
    const interp::LoadedRules& rules = *version.rules;
    const dsl::Program& program = rules.program;
    const interp::Builtins& builtins = stdlib::standard_library();
    auto out = std::make_unique<Run>();
    dsl::DiagnosticBag bag;
    auto selected = interp::select_rules(program, query.decisions, bag, query.lang);
    out->facts.tables.resize(program.records.size());
    bool ok = !bag.has_errors();
    ok = interp::add_table_rows(program, builtins, out->facts, query.as_of, bag) && ok;
    // The body is not in the rule version's SourceSet (which other threads read): it gets the
    // next id, which only labels its locations.
    auto body = static_cast<dsl::FileId>(rules.sources.size());
    interp::FactsLimits worded = limits;
    worded.lang = query.lang;  // the errors in the facts, in the reader's language
    interp::FactsDecoder decoder(program, worded);
    ok = decoder.load_document(facts_text, body, out->facts, bag) && ok;
    ok = interp::finish_facts(program, out->facts, bag) && ok;
    if (!ok || bag.has_errors()) {
        out->refused = diagnostics_body(rules.sources, body, facts_text, bag);
        return out;
    }
    interp::EvalOptions options;
    options.as_of = query.as_of;
    options.explain = explain;
    options.max_time_ms = query.max_time_ms;
    options.max_steps = query.max_steps;
    options.lang = query.lang;
    auto start = std::chrono::steady_clock::now();
    out->evaluator = std::make_unique<interp::Evaluator>(program, builtins, out->facts, options);
    out->results = interp::decide(*out->evaluator, selected);
    out->evaluate_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    interp::RunInfo& info = out->info;
    info.rules_hash = rules.hash;
    info.files = rules.files;
    info.as_of = query.as_of;
    info.tests_hash = rules.tests_hash;
    info.test_files = rules.test_files;
    info.engine_version = stamp.engine_version;
    info.facts_files = {"request"};
    info.facts_hash = std::string(facts_hash);
    info.run_time = stamp.time;
    info.lang = query.lang;
    return out;
}

nlohmann::json subject_json(const dsl::Program& program, const dsl::RuleInfo& rule) {
    switch (rule.subject) {
        case dsl::SubjectKind::none:
            return nullptr;
        case dsl::SubjectKind::record:
            return {{"record", program.records[rule.subject_ref].short_name}};
        case dsl::SubjectKind::group: {
            const dsl::GroupInfo& g = program.groups[rule.subject_ref];
            nlohmann::json keys = nlohmann::json::array();
            for (const dsl::GroupKey& k : g.keys) {
                keys.push_back(k.name);
            }
            return {{"record", program.records[g.record].short_name}, {"group_by", keys}};
        }
        case dsl::SubjectKind::arguments:
            return "arguments";
    }
    return nullptr;
}

}  // namespace

std::optional<std::string> canonical_json(std::string_view text, std::size_t max_depth) {
    try {
        JsonReader reader(text, max_depth);
        std::string out;
        out.reserve(text.size());
        canonical_value(reader, reader.next(), out);
        if (reader.next() != JsonToken::end) {
            return std::nullopt;
        }
        return out;
    } catch (const interp::JsonError&) {
        return std::nullopt;
    }
}

std::vector<interp::RuleText> rule_texts_of(const interp::LoadedRules& rules) {
    std::vector<interp::RuleText> out;
    for (std::size_t k = 0; k < rules.files.size(); ++k) {
        out.push_back(
            interp::RuleText{rules.files[k], rules.names[k],
                             std::string(rules.sources.file(static_cast<dsl::FileId>(k)).text())});
    }
    return out;
}

std::shared_ptr<const RuleVersion> make_version(std::vector<interp::RuleText> texts,
                                                const dsl::CheckOptions& check,
                                                std::string& problem) {
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (const interp::RuleText& t : texts) {
        files.push_back({{"file", t.file}, {"name", t.name}, {"text", t.text}});
    }
    dsl::DiagnosticBag bag;
    interp::LoadOptions load;
    load.tests = false;
    auto rules = interp::load_rule_texts(std::move(texts), stdlib::standard_library().signatures,
                                         bag, check, load);
    if (bag.has_errors()) {
        problem =
            "without their test files the rules do not check: " + bag.sorted().front().message;
        return nullptr;
    }
    auto v = std::make_shared<RuleVersion>();
    const dsl::Program& program = rules->program;
    nlohmann::ordered_json j;
    j["hash"] = rules->hash;
    j["tests_hash"] = rules->tests_hash.empty() ? nlohmann::ordered_json(nullptr)
                                                : nlohmann::ordered_json(rules->tests_hash);
    j["files"] = rules->files;
    nlohmann::ordered_json decisions = nlohmann::ordered_json::array();
    for (const dsl::RuleInfo& r : program.rules) {
        if (r.kind == dsl::RuleKind::definition || r.subject == dsl::SubjectKind::arguments) {
            continue;
        }
        nlohmann::ordered_json d;
        d["name"] = r.name;
        d["label"] =
            dsl::rule_label(program, static_cast<std::uint32_t>(&r - program.rules.data()));
        d["kind"] = dsl::to_string(r.kind);
        d["subject"] = subject_json(program, r);
        d["type"] = program.type_name(r.result);
        decisions.push_back(std::move(d));
    }
    j["decisions"] = std::move(decisions);
    nlohmann::ordered_json documents = nlohmann::ordered_json::array();
    for (const dsl::DocumentInfo& d : program.documents) {
        nlohmann::ordered_json doc;
        doc["name"] = d.name;
        doc["title"] = d.title;
        doc["url"] = d.url ? nlohmann::ordered_json(*d.url) : nlohmann::ordered_json(nullptr);
        doc["date"] =
            d.date ? nlohmann::ordered_json(dsl::format_date(*d.date)) : nlohmann::ordered_json();
        documents.push_back(std::move(doc));
    }
    j["documents"] = std::move(documents);
    v->rules_json = j.dump() + "\n";
    v->files_json = files.dump();
    v->rules = std::move(rules);
    return v;
}

std::optional<std::vector<interp::RuleText>> files_from_json(std::string_view files_json) {
    auto j = nlohmann::json::parse(files_json, nullptr, false);
    if (!j.is_array()) {
        return std::nullopt;
    }
    std::vector<interp::RuleText> out;
    for (const auto& f : j) {
        if (!f.is_object() || !f.contains("file") || !f.contains("name") || !f.contains("text") ||
            !f["file"].is_string() || !f["name"].is_string() || !f["text"].is_string()) {
            return std::nullopt;
        }
        out.push_back(interp::RuleText{f["file"].get<std::string>(), f["name"].get<std::string>(),
                                       f["text"].get<std::string>()});
    }
    return out;
}

std::string selection_json(const Query& query) {
    return nlohmann::json(query.decisions).dump();
}

std::string options_json(const Query& query) {
    nlohmann::ordered_json j;
    j["explain"] = query.explain;
    j["lang"] = interp::to_string(query.lang);
    j["max_steps"] = query.max_steps;
    j["max_time_ms"] = query.max_time_ms;
    return j.dump();
}

bool query_from_json(std::string_view as_of, std::string_view selection, std::string_view options,
                     Query& query) {
    auto date = interp::parse_iso_date(as_of);
    auto s = nlohmann::json::parse(selection, nullptr, false);
    auto o = nlohmann::json::parse(options, nullptr, false);
    if (!date || !s.is_array() || !o.is_object()) {
        return false;
    }
    query.as_of = *date;
    query.decisions.clear();
    for (const auto& d : s) {
        if (!d.is_string()) {
            return false;
        }
        query.decisions.push_back(d.get<std::string>());
    }
    if (!o.value("explain", nlohmann::json()).is_boolean() ||
        !o.value("lang", nlohmann::json()).is_string() ||
        !o.value("max_steps", nlohmann::json()).is_number_unsigned() ||
        !o.value("max_time_ms", nlohmann::json()).is_number_unsigned()) {
        return false;
    }
    query.explain = o["explain"].get<bool>();
    auto lang = interp::lang_from_string(o["lang"].get<std::string>());
    if (!lang) {
        return false;
    }
    query.lang = *lang;
    query.max_steps = o["max_steps"].get<std::uint64_t>();
    query.max_time_ms = o["max_time_ms"].get<std::uint64_t>();
    return true;
}

Answer decide(const RuleVersion& version, std::string_view facts, const Query& query,
              const interp::FactsLimits& limits, const Stamp& stamp) {
    using Clock = std::chrono::steady_clock;
    auto seconds = [](Clock::time_point a, Clock::time_point b) {
        return std::chrono::duration<double>(b - a).count();
    };
    auto t0 = Clock::now();
    Answer answer;
    // Canonical first: the facts digest is part of the receipts in the answer.
    auto canonical = canonical_json(facts, limits.max_depth);
    std::string hash = canonical ? "sha256:" + interp::sha256_hex(*canonical) : "";
    auto r = run(version, facts, query, limits, stamp, query.explain, hash);
    auto t1 = Clock::now();
    if (!r->refused.empty() || !canonical) {
        answer.status = 400;
        answer.body = !r->refused.empty()
                          ? r->refused
                          : error_body(dsl::Code::E4004, "the facts are not a JSON document");
        return answer;
    }
    answer.body = interp::render_json(version.rules->program, r->evaluator->explanation(), r->info,
                                      r->results, query.explain);
    auto t2 = Clock::now();
    answer.evaluate_s = r->evaluate_s;
    answer.read_s = seconds(t0, t1) - r->evaluate_s;
    answer.render_s = seconds(t1, t2);
    answer.facts_canonical = std::move(*canonical);
    answer.facts_sha256 = std::move(hash);
    return answer;
}

std::string explain(const RuleVersion& version, std::string_view facts_canonical,
                    const Query& query, const Stamp& stamp, std::string_view format) {
    std::string hash = "sha256:" + interp::sha256_hex(facts_canonical);
    interp::FactsLimits limits;
    auto r = run(version, facts_canonical, query, limits, stamp, true, hash);
    if (!r->refused.empty()) {
        return r->refused;
    }
    const dsl::Program& program = version.rules->program;
    const interp::Explanation& ex = r->evaluator->explanation();
    if (format == "html") {
        return interp::render_html(program, ex, r->info, r->results);
    }
    if (format == "text") {
        return interp::render_text(program, ex, r->info, r->results, true);
    }
    return interp::render_json(program, ex, r->info, r->results, true);
}

std::string error_body(dsl::Code code, std::string_view message) {
    nlohmann::ordered_json e;
    e["code"] = dsl::info(code).id;
    e["name"] = dsl::info(code).name;
    e["message"] = message;
    nlohmann::ordered_json root;
    root["errors"] = nlohmann::ordered_json::array({e});
    return root.dump() + "\n";
}

}  // namespace regels::service
