// The checker: from parsed files to a checked Program.
//
// check() resolves every name across modules, gives every expression a type, and reports
// what would go wrong later or silently: type errors (money + integer), cycles between
// definitions, exceptions that can both apply with no priority between them, parameter
// versions that overlap or leave gaps, enum cases a `match` does not handle, rules without
// a citation and declarations nobody uses. Independent mistakes are all reported.
//
// The Program it returns is what the interpreter compiles: tables of enums, records,
// groups, parameters and rules indexed by integers, plus flat side tables that give each
// expression its type and what each name refers to.
#pragma once

#include "dsl/ast.hpp"
#include "dsl/diagnostics.hpp"
#include "dsl/parser.hpp"
#include "dsl/source.hpp"
#include "dsl/symbols.hpp"
#include "dsl/types.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace regels::dsl {

struct SectionInfo {
    std::string title;
    std::optional<std::string> not_encoded;  // the reason no rule rests on it
    Location where;
};

struct DocumentInfo {
    std::string name;  // module-qualified
    std::string title;
    std::optional<std::string> url;
    std::optional<std::int32_t> date;
    Location where;
    // `per FIELD`: a document every area has its own instance of (the national rules cite it).
    std::optional<std::string> per_field;
    // An area's instance of a `per` document: which one, and the area's value of the field.
    std::optional<std::uint32_t> instance_of;
    std::string area;
    std::optional<std::string> text;  // `text "file"` as written
    std::string text_dir;             // the folder of the file that declares it
    std::vector<SectionInfo> sections;
};

inline constexpr std::uint32_t no_index = ~std::uint32_t{0};

struct CitationInfo {
    std::uint32_t document;  // sources; no_index for marks
    std::string section;
    std::string quote;  // a mark: its reason
    Location where;
    CitationKind kind = CitationKind::source;
    std::uint32_t mark = no_index;  // marks: index into Program::marks
    // Citations an area's file adds (`cite`, table rows): the area's document instance; they
    // apply to subjects of that area only. no_index: they apply everywhere.
    std::uint32_t area_doc = no_index;
};

// An assumption or interpretation choice, and what it is attached to.
struct MarkInfo {
    CitationKind kind;  // assumption or interpretation
    std::string name;   // what carries it: a rule, parameter, version or exception
    std::string reason;
    Location where;
    std::uint32_t area_doc = no_index;  // marks added by an area's file
};

// What the source check found for one document: its text (read once, kept byte for byte so
// a receipt can name it by SHA-256) and how many quotes were compared with it. A document
// whose quotes were not compared with a text (none declared, none found, sources not
// checked) is `unverified`.
struct DocumentTextCheck {
    bool text_found = false;
    std::string text_path;     // where it was found
    std::string text_content;  // the file's bytes
    std::size_t quotes = 0;    // quotes cited from it (an area's instance: with the national ones)
    std::size_t quotes_found = 0;
};

struct EnumInfo {
    std::string name;  // module-qualified: realisatiestimulans.Segment
    std::vector<std::string> cases;
    Location where;
    // Per case: the words a reviewer reads ("sociale huurwoning"); "" where none was given.
    std::vector<std::string> case_labels{};
};

// A checked field constraint (FieldConstraint in dsl/ast.hpp). The bound is kept as an exact
// fraction (or days, seconds) so the facts readers and the schema need not evaluate it.
struct ConstraintInfo {
    FieldConstraint::Kind kind = FieldConstraint::Kind::compare;
    BinaryOp op = BinaryOp::ge;  // ge, gt, le, lt
    // compare: integer, year, decimal, money: numerator / denominator; date: days;
    // datetime: seconds (denominator 1). length: the number of characters.
    std::int64_t numerator = 0;
    std::int64_t denominator = 1;
    std::string pattern;  // matching
    std::string text;     // as the formatter writes it: `>= € 0,00`, `length <= 80`
    Location where;
    // member: where the admitted values come from: the field `field` of the records of type
    // `record` present in the run (tables and facts), or the set `parameter` holds on the
    // run's as-of date. no_index where it does not apply (or did not resolve).
    std::uint32_t record = no_index;
    std::uint32_t field = no_index;
    std::uint32_t parameter = no_index;
};

struct FieldInfo {
    std::string name;
    TypeId type;
    Location where;
    std::vector<ConstraintInfo> constraints{};
    std::string label{};  // "de huurprijs per maand"; "" where none was given
};

struct RecordInfo {
    std::string name;  // module-qualified
    std::string short_name;
    std::vector<FieldInfo> fields;
    std::vector<std::uint32_t> key;       // field indices
    std::vector<std::uint32_t> describe;  // field indices (`describe`), shown beside the key
    Location where;
    std::string label{};  // "registratie"; "" where none was given
    std::optional<std::uint32_t> field_index(std::string_view field) const;
};

// A group of records of one type, keyed by fields or by definitions of that record.
struct GroupKey {
    std::string name;
    bool is_field;
    std::uint32_t index;  // field index, or rule index
    TypeId type;          // for a rule with an optional result: the element type
};
struct GroupInfo {
    std::uint32_t record;
    std::vector<GroupKey> keys;
};

struct VersionInfo {
    std::int32_t from;
    std::optional<std::int32_t> until;
    ExprId value;  // no_expr: not published
    std::string note;
    std::vector<CitationInfo> sources;
    Location where;
};

struct ParameterInfo {
    std::string name;  // module-qualified
    TypeId type;
    std::vector<VersionInfo> versions;  // sorted by `from`
    std::vector<CitationInfo> sources;
    std::vector<CitationInfo> area_sources;  // added by areas' files with `cite`
    Location where;
    std::string label{};  // "de huurtoeslaggrens"; "" where none was given
};

struct ExceptionInfo {
    std::string name;                 // given or "exception N"
    std::vector<std::uint32_t> over;  // indices of exceptions this one prevails over
    ExprId condition;
    ExprId value;
    std::vector<CitationInfo> sources;
    Location where;
};

enum class SubjectKind : std::uint8_t { none, record, group, arguments };

struct RuleParamInfo {
    std::string name;
    TypeId type;
};

struct RuleInfo {
    std::string name;  // module-qualified: realisatiestimulans.uitkering
    std::string short_name;
    RuleKind kind;
    std::vector<RuleParamInfo> params;
    TypeId result;
    ExprId body;
    std::vector<ExceptionInfo> exceptions;
    std::vector<CitationInfo> sources;
    std::vector<CitationInfo> area_sources;  // added by areas' files with `cite`
    Location where;
    std::uint32_t module;
    SubjectKind subject = SubjectKind::none;
    std::uint32_t subject_ref = 0;  // record or group index
    std::uint32_t local_count = 0;  // slots for parameters and bound variables
    // The words a reviewer reads instead of the name: a label ("de uitkering"), and for a
    // boolean a question ("Telt de registratie mee?"); "" where none was given.
    std::string label{};
    std::string question{};
};

struct TableRowInfo {
    std::uint32_t record;
    std::vector<ExprId> values;  // per field; no_expr: absent (optional field)
    Location where;
    std::vector<CitationInfo> sources;  // the row's place in the text
};

struct TestInfo {
    const TestDecl* decl;
    FileId file;
    std::uint32_t module;
    std::uint32_t local_count = 0;
    // Per step: the parameter a `given parameter` step sets; no_index for other steps.
    std::vector<std::uint32_t> given_parameters{};
};

// A value given for a parameter from outside the rules (`regels eval --set NAME=VALUE`): it
// replaces every version of the parameter for one run.
struct ParameterValueInfo {
    std::uint32_t parameter = 0;
    ExprId value = no_expr;  // a constant of the parameter's type
    Location where;          // the value's text
};

struct ModuleInfo {
    std::string name;
    FileId file;
};

// What a name or member expression refers to.
struct Resolution {
    enum class Kind : std::uint8_t {
        none,
        local,          // index: slot
        rule,           // index: rule
        parameter,      // index: parameter
        enum_case,      // index: enum, extra: case
        record_set,     // index: record (all records of a type, as a collection)
        module,         // index: module (only as the object of a member expression)
        builtin,        // index: builtin
        field,          // member: index = field of the record
        group_key,      // member: index = key position
        group_members,  // member `records` of a group
    } kind = Kind::none;
    std::uint32_t index = 0;
    std::uint32_t extra = 0;
};

struct Program {
    SourceSet* sources = nullptr;
    std::uint64_t serial = 0;  // unique per checked program in this process
    Ast ast;
    TypeTable types;
    std::vector<ModuleInfo> modules;
    std::vector<DocumentInfo> documents;
    std::vector<EnumInfo> enums;
    std::vector<RecordInfo> records;
    std::vector<GroupInfo> groups;
    std::vector<ParameterInfo> parameters;
    std::vector<RuleInfo> rules;
    std::vector<TableRowInfo> table_rows;
    std::vector<TestInfo> tests;
    std::vector<MarkInfo> marks;
    std::vector<ParameterValueInfo> parameter_values;  // from CheckOptions::parameter_values
    // Quotes compared with a document's text by the last source check, and texts read.
    std::size_t quotes_checked = 0;
    std::size_t texts_read = 0;
    // Per document (by index), what the source check found; empty when neither
    // CheckOptions::check_sources nor verify_quotes was on.
    std::vector<DocumentTextCheck> document_texts;
    // Side tables indexed by ExprId.
    std::vector<TypeId> expr_type;
    std::vector<Resolution> resolution;
    // Integer literals used where a year is expected are years (2025..2029).
    std::vector<bool> literal_as_year;
    // Every declaration and every reference, for editors (dsl/symbols.hpp).
    SymbolIndex symbols;

    std::optional<std::uint32_t> find_rule(std::string_view qualified) const;
    std::optional<std::uint32_t> find_record(std::string_view name) const;
    std::string type_name(TypeId type) const;
    Location where(ExprId e, FileId file) const {
        return Location{file, ast.expr(e).span};
    }
    // The file an expression belongs to (expressions are appended file by file).
    FileId file_of(ExprId e) const;
    std::vector<std::pair<ExprId, FileId>> file_ranges;  // first expr of each file
};

// The comment lines right above a declaration (no blank line between) and a comment at the
// end of its first line, without the `#`s: what the author wrote about it, for hovers and
// the facts schema's descriptions.
std::string doc_comment(const Program& program, const Location& decl);

struct CheckOptions {
    bool lint_unused = true;
    // W2101 (no citation) and W2120 (a decision without a `label`): what a reviewer needs.
    bool lint_citations = true;
    // Quotes against the documents' texts and outlines (dsl/sources.hpp); the texts are
    // looked for beside the rule file that declares the document, then in these folders.
    bool check_sources = true;
    // Only the quotes against the texts (E2032 for a section the text lacks, E2033), for the
    // receipts of a run: no outline lints, no marks. `eval` turns it on; check_sources implies it.
    bool verify_quotes = false;
    std::vector<std::string> text_dirs;
    ParseLimits limits;  // file size, nesting, operator chains, name length
    // `--set NAME=VALUE`: NAME is a parameter's qualified name, or its short name when only
    // one module declares it; VALUE is rule text, a file of its own in the SourceSet (so a
    // mistake in it is shown like any other). Checked into Program::parameter_values.
    struct ParameterValue {
        std::string name;
        FileId value = no_file;
    };
    std::vector<ParameterValue> parameter_values{};
};

// Parses and checks `files` (already in `sources`). Returns the program even when there are
// errors, so callers can still format or report; evaluate only when the bag has no errors.
Program check(SourceSet& sources, const std::vector<FileId>& files, const BuiltinTable& builtins,
              DiagnosticBag& bag, const CheckOptions& options = {});

}  // namespace regels::dsl
