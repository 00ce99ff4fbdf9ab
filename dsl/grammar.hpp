// The PEGTL grammar of the rule language. Rules and comments only: building the AST,
// wording errors and recovering happen in parser.cpp, the one file that includes this.
//
// The language is keyword-led and free-form: newlines are whitespace, `#` starts a comment
// that runs to the end of the line. Every point after which the input can only be one
// thing is a `must<>`, so a mistake is reported where it is, with what was expected there.
// The grammar never backtracks over a rule that has an action (parser.cpp relies on that).
#pragma once

#include <tao/pegtl.hpp>

namespace regels::dsl::grammar {

namespace pegtl = tao::pegtl;
using namespace pegtl;  // NOLINT(google-build-using-namespace): grammar DSL reads better

// clang-format off

// ---- lexical ---------------------------------------------------------------------------------

struct comment : seq<one<'#'>, until<eolf>> {};
struct sp : sor<one<' ', '\t', '\r', '\n'>, comment> {};
struct ws : star<sp> {};

// Identifiers: ASCII letters, digits, '_' and any non-ASCII letter (UTF-8 was validated
// before parsing, so every byte >= 0x80 is part of a well-formed code point).
// Non-ASCII letters: the Latin letters of U+00C0..U+024F (é, ë, ï, ...), two bytes in UTF-8.
// Other symbols (€, curly quotes, a non-breaking space) are not part of names.
struct latin_letter : seq<range<'\xc3', '\xc9'>, range<'\x80', '\xbf'>> {};
struct ident_first : sor<ranges<'a', 'z', 'A', 'Z', '_'>, latin_letter> {};
struct ident_other : sor<ranges<'a', 'z', 'A', 'Z', '0', '9', '_'>, latin_letter> {};
struct ident_chars : seq<ident_first, star<ident_other>> {};

template<char... Cs>
struct kw : seq<string<Cs...>, not_at<ident_other>> {};

struct kw_module : kw<'m','o','d','u','l','e'> {};
struct kw_import : kw<'i','m','p','o','r','t'> {};
struct kw_as : kw<'a','s'> {};
struct kw_document : kw<'d','o','c','u','m','e','n','t'> {};
struct kw_url : kw<'u','r','l'> {};
struct kw_dated : kw<'d','a','t','e','d'> {};
struct kw_enum : kw<'e','n','u','m'> {};
struct kw_record : kw<'r','e','c','o','r','d'> {};
struct kw_key : kw<'k','e','y'> {};
struct kw_parameter : kw<'p','a','r','a','m','e','t','e','r'> {};
struct kw_during : kw<'d','u','r','i','n','g'> {};
struct kw_from : kw<'f','r','o','m'> {};
struct kw_until : kw<'u','n','t','i','l'> {};
struct kw_unpublished : kw<'u','n','p','u','b','l','i','s','h','e','d'> {};
struct kw_definition : kw<'d','e','f','i','n','i','t','i','o','n'> {};
struct kw_decision : kw<'d','e','c','i','s','i','o','n'> {};
struct kw_assertion : kw<'a','s','s','e','r','t','i','o','n'> {};
struct kw_source : kw<'s','o','u','r','c','e'> {};
struct kw_assumption : kw<'a','s','s','u','m','p','t','i','o','n'> {};
struct kw_interpretation : kw<'i','n','t','e','r','p','r','e','t','a','t','i','o','n'> {};
struct kw_cite : kw<'c','i','t','e'> {};
// Words with a meaning only inside a document declaration (not reserved elsewhere).
struct kw_per : kw<'p','e','r'> {};
struct kw_text : kw<'t','e','x','t'> {};
struct kw_section : kw<'s','e','c','t','i','o','n'> {};
struct kw_encoded : kw<'e','n','c','o','d','e','d'> {};
struct kw_except : kw<'e','x','c','e','p','t'> {};
struct kw_over : kw<'o','v','e','r'> {};
struct kw_when : kw<'w','h','e','n'> {};
struct kw_table : kw<'t','a','b','l','e'> {};
struct kw_test : kw<'t','e','s','t'> {};
struct kw_given : kw<'g','i','v','e','n'> {};
struct kw_facts : kw<'f','a','c','t','s'> {};
struct kw_expect : kw<'e','x','p','e','c','t'> {};
struct kw_fails : kw<'f','a','i','l','s'> {};
struct kw_cites : kw<'c','i','t','e','s'> {};
struct kw_refused : kw<'r','e','f','u','s','e','d'> {};
struct kw_optional : kw<'o','p','t','i','o','n','a','l'> {};
struct kw_set : kw<'s','e','t'> {};
struct kw_list : kw<'l','i','s','t'> {};
struct kw_range : kw<'r','a','n','g','e'> {};
struct kw_of : kw<'o','f'> {};
struct kw_by : kw<'b','y'> {};
struct kw_if : kw<'i','f'> {};
struct kw_then : kw<'t','h','e','n'> {};
struct kw_else : kw<'e','l','s','e'> {};
struct kw_and : kw<'a','n','d'> {};
struct kw_or : kw<'o','r'> {};
struct kw_not : kw<'n','o','t'> {};
struct kw_in : kw<'i','n'> {};
struct kw_overlaps : kw<'o','v','e','r','l','a','p','s'> {};
struct kw_true : kw<'t','r','u','e'> {};
struct kw_false : kw<'f','a','l','s','e'> {};
struct kw_none : kw<'n','o','n','e'> {};
struct kw_sum : kw<'s','u','m'> {};
struct kw_count : kw<'c','o','u','n','t'> {};
struct kw_min : kw<'m','i','n'> {};
struct kw_max : kw<'m','a','x'> {};
struct kw_all : kw<'a','l','l'> {};
struct kw_any : kw<'a','n','y'> {};
struct kw_for : kw<'f','o','r'> {};
struct kw_where : kw<'w','h','e','r','e'> {};
struct kw_allocate : kw<'a','l','l','o','c','a','t','e'> {};
struct kw_among : kw<'a','m','o','n','g'> {};
struct kw_claiming : kw<'c','l','a','i','m','i','n','g'> {};
struct kw_pro : kw<'p','r','o'> {};
struct kw_rata : kw<'r','a','t','a'> {};
struct kw_order : kw<'o','r','d','e','r'> {};
struct kw_to : kw<'t','o'> {};
struct kw_round : kw<'r','o','u','n','d'> {};
struct kw_match : kw<'m','a','t','c','h'> {};
struct kw_otherwise : kw<'o','t','h','e','r','w','i','s','e'> {};
struct kw_is : kw<'i','s'> {};
struct kw_present : kw<'p','r','e','s','e','n','t'> {};
struct kw_absent : kw<'a','b','s','e','n','t'> {};
struct kw_required : kw<'r','e','q','u','i','r','e','d'> {};
struct kw_at : kw<'a','t'> {};

// Words that cannot name anything: they start or continue expressions and declarations.
struct reserved : sor<kw_module, kw_import, kw_document, kw_enum, kw_record, kw_parameter,
                      kw_definition, kw_decision, kw_assertion, kw_source, kw_except, kw_when,
                      kw_table, kw_test, kw_expect, kw_given, kw_from, kw_until, kw_if, kw_then,
                      kw_else, kw_and, kw_or, kw_not, kw_in, kw_overlaps, kw_true, kw_false,
                      kw_none, kw_sum, kw_count, kw_min, kw_max, kw_all, kw_any, kw_for,
                      kw_where, kw_allocate, kw_among, kw_claiming, kw_round, kw_match,
                      kw_otherwise, kw_is, kw_required, kw_at, kw_over, kw_assumption,
                      kw_interpretation, kw_cite> {};

struct name : seq<not_at<reserved>, ident_chars> {};
// a.b.c — module paths and qualified references
struct qualified_name : seq<name, star<one<'.'>, name>> {};

// ---- literals --------------------------------------------------------------------------------

struct digits : plus<digit> {};
// € 7.000,00 — Dutch notation: '.' groups thousands, ',' starts exactly two cents digits.
struct euro_sign : string<'\xe2', '\x82', '\xac'> {};
struct money_int : seq<digit, opt<digit>, opt<digit>, star<one<'.'>, digit, digit, digit>> {};
struct money_int_plain : digits {};
struct money_cents : seq<one<','>, digit, digit, not_at<digit>> {};
struct money_amount : sor<seq<money_int, not_at<digit>>, money_int_plain> {};
// After an amount: not a comma with one digit or a dash (`€ 7.000,5`, `€ 7000,-`), not a
// decimal point (`€ 900.07`), not a letter. Those are mistakes, reported as such.
struct money_end : not_at<sor<seq<one<','>, sor<digit, one<'-'>>>, seq<one<'.'>, digit>, ident_other>> {};
struct money_lit : seq<euro_sign, star<one<' '>>, must<money_amount>, opt<money_cents>, must<money_end>> {};
// 21%  2,32%  (a comma is unambiguous here because '%' closes the literal)
struct percent_lit : seq<digits, opt<one<','>, digits>, one<'%'>> {};
struct date_lit : seq<digit, digit, digit, digit, one<'-'>, digit, digit, one<'-'>, digit, digit, not_at<ident_other>> {};
// 2025-03-01T09:15:00+01:00 or ...Z: a moment, always with its offset (dsl/datetime.hpp).
struct datetime_zone : sor<one<'Z'>, seq<one<'+', '-'>, digit, digit, one<':'>, digit, digit>> {};
struct datetime_time : seq<digit, digit, one<':'>, digit, digit, one<':'>, digit, digit, datetime_zone> {};
struct datetime_lit : seq<digit, digit, digit, digit, one<'-'>, digit, digit, one<'-'>, digit, digit, one<'T'>,
                          must<datetime_time>, not_at<ident_other>> {};
// A comma directly between digits (`1,21`) is a decimal written the Dutch way, which the
// language does not have; it is reported as such rather than read as two arguments.
struct integer_end : not_at<one<','>, digit> {};
struct integer_lit : seq<digits, not_at<ident_other>, must<integer_end>> {};
struct string_escape : one<'"', '\\', 'n', 't'> {};
struct string_char : sor<seq<one<'\\'>, must<string_escape>>, not_one<'"', '\\', '\n', '\r'>> {};
struct string_close : one<'"'> {};
struct string_lit : seq<one<'"'>, star<string_char>, must<string_close>> {};
struct true_lit : kw_true {};
struct false_lit : kw_false {};
struct none_lit : kw_none {};

// ---- expressions -----------------------------------------------------------------------------

struct expr;
struct lparen : one<'('> {};
struct rparen : one<')'> {};
struct lbrace : one<'{'> {};
struct rbrace : one<'}'> {};
struct lbracket : one<'['> {};
struct rbracket : one<']'> {};
struct comma : one<','> {};
struct colon : one<':'> {};
struct equals : seq<one<'='>, not_at<one<'=', '>'>>> {};
struct arrow : string<'=', '>'> {};
struct dotdot : string<'.', '.'> {};

struct paren_expr : seq<lparen, ws, must<expr>, ws, must<rparen>> {};
struct set_items : opt<expr, ws, star<comma, ws, expr, ws>, opt<comma, ws>> {};
struct set_open : one<'{'> {};
struct set_lit : seq<set_open, ws, set_items, must<rbrace>> {};
struct list_open : one<'['> {};
struct list_lit : seq<list_open, ws, set_items, must<rbracket>> {};

struct agg_var : name {};
struct agg_where : seq<kw_where, ws, must<expr>> {};
struct agg_in : seq<must<agg_var>, ws, must<kw_in>, ws, must<expr>, ws, opt<agg_where, ws>> {};
struct count_kw : kw_count {};
struct count_expr : seq<count_kw, ws, must<lparen>, ws, agg_in, must<rparen>> {};
struct agg_kind : sor<kw_sum, kw_all, kw_any> {};
struct agg_for : seq<kw_for, ws, agg_in> {};
struct agg_expr : seq<agg_kind, ws, must<lparen>, ws, must<expr>, ws, must<agg_for>, must<rparen>> {};
// min(...)/max(...): either an aggregate (`for`) or a list of values (a cap)
struct ext_kind : sor<kw_min, kw_max> {};
struct ext_more : seq<comma, ws, must<expr>, ws> {};
struct ext_args : seq<plus<ext_more>> {};
struct ext_rest : sor<agg_for, ext_args> {};
struct ext_expr : seq<ext_kind, ws, must<lparen>, ws, must<expr>, ws, must<ext_rest>, must<rparen>> {};

struct alloc_claim : seq<kw_claiming, ws, must<expr>> {};
struct alloc_pro_rata : seq<kw_pro, ws, must<kw_rata>> {};
struct alloc_in_order : seq<kw_in, ws, must<kw_order>, ws, must<kw_of>, ws, must<expr>> {};
struct alloc_method : sor<alloc_pro_rata, alloc_in_order> {};
struct alloc_to : seq<kw_to, ws, must<expr>> {};
struct allocate_kw : kw_allocate {};
struct allocate_expr : seq<allocate_kw, ws, must<expr>, ws, must<kw_among>, ws, must<agg_var>, ws,
                           must<kw_in>, ws, must<expr>, ws, opt<agg_where, ws>, must<alloc_claim>, ws,
                           must<alloc_method>, ws, must<alloc_to>> {};

struct rounding_mode : name {};
struct round_expr : seq<kw_round, ws, must<lparen>, ws, must<expr>, ws, must<comma>, ws, must<expr>, ws,
                        must<comma>, ws, must<rounding_mode>, ws, must<rparen>> {};
struct required_expr : seq<kw_required, ws, must<lparen>, ws, must<expr>, ws, must<rparen>> {};

struct match_case : name {};
struct match_else : kw_else {};
struct match_cases : sor<match_else, seq<match_case, ws, star<comma, ws, must<match_case>, ws>>> {};
struct match_arm : seq<match_cases, ws, must<arrow>, ws, must<expr>> {};
struct match_kw : kw_match {};
struct match_expr : seq<match_kw, ws, must<expr>, ws, must<lbrace>, ws, star<match_arm, ws>, must<rbrace>> {};

struct if_expr : seq<kw_if, ws, must<expr>, ws, must<kw_then>, ws, must<expr>, ws, must<kw_else>, ws, must<expr>> {};

struct name_ref : name {};
struct primary : sor<money_lit, percent_lit, datetime_lit, date_lit, integer_lit, string_lit, true_lit, false_lit,
                     none_lit, paren_expr, set_lit, list_lit, count_expr, agg_expr, ext_expr,
                     allocate_expr, round_expr, required_expr, match_expr, if_expr, name_ref> {};

struct member_name : name {};
struct member_op : seq<one<'.'>, not_at<one<'.'>>, must<member_name>> {};
struct call_open : one<'('> {};
struct call_args : seq<call_open, ws, opt<expr, ws, star<comma, ws, must<expr>, ws>>, must<rparen>> {};
struct postfix_expr : seq<primary, star<sor<member_op, call_args>>> {};
struct at_op : seq<kw_at, ws, must<postfix_expr>> {};
struct at_expr : seq<postfix_expr, opt<ws, at_op>> {};

struct neg_op : one<'-'> {};
struct unary_expr;
struct negation : seq<neg_op, ws, must<unary_expr>> {};
struct unary_expr : sor<negation, at_expr> {};

struct mul_op : one<'*', '/'> {};
struct mul_tail : seq<mul_op, ws, must<unary_expr>> {};
struct mul_expr : seq<unary_expr, star<ws, mul_tail>> {};
struct add_op : sor<one<'+'>, seq<one<'-'>, not_at<one<'>'>>>> {};
struct add_tail : seq<add_op, ws, must<mul_expr>> {};
struct add_expr : seq<mul_expr, star<ws, add_tail>> {};
// `otherwise` binds tighter than comparisons: `r.prijs otherwise € 0 <= grens`.
struct otherwise_tail : seq<kw_otherwise, ws, must<add_expr>> {};
struct otherwise_expr : seq<add_expr, star<ws, otherwise_tail>> {};
struct range_tail : seq<dotdot, ws, must<otherwise_expr>> {};
struct range_expr : seq<otherwise_expr, opt<ws, range_tail>> {};

struct cmp_op : sor<string<'=', '='>, string<'!', '='>, string<'<', '='>, string<'>', '='>, one<'<'>, one<'>'>> {};
// `claiming c.bedrag in order of ...` in an allocation is not a membership test.
struct cmp_in : seq<kw_in, not_at<ws, kw_order, ws, kw_of>> {};
struct cmp_not_in : seq<kw_not, ws, kw_in> {};
struct cmp_overlaps : kw_overlaps {};
struct cmp_rel : sor<cmp_op, cmp_in, cmp_not_in, cmp_overlaps> {};
struct cmp_tail : seq<cmp_rel, ws, must<range_expr>> {};
struct is_present : kw_present {};
struct is_absent : kw_absent {};
struct presence : sor<is_present, is_absent> {};
struct is_tail : seq<kw_is, ws, must<presence>> {};
struct cmp_expr : seq<range_expr, opt<ws, sor<is_tail, cmp_tail>>> {};

struct not_op : kw_not {};
struct not_expr;
struct logical_not : seq<not_op, ws, must<not_expr>> {};
struct not_expr : sor<logical_not, cmp_expr> {};
struct and_tail : seq<kw_and, ws, must<not_expr>> {};
struct and_expr : seq<not_expr, star<ws, and_tail>> {};
struct or_tail : seq<kw_or, ws, must<and_expr>> {};
struct or_expr : seq<and_expr, star<ws, or_tail>> {};
struct expr : or_expr {};

// ---- types -----------------------------------------------------------------------------------

struct type_expr;
struct type_name : qualified_name {};
struct type_optional : seq<kw_optional, ws, must<type_expr>> {};
struct type_set : seq<kw_set, ws, must<kw_of>, ws, must<type_expr>> {};
struct type_list : seq<kw_list, ws, must<kw_of>, ws, must<type_expr>> {};
struct type_range : seq<kw_range, ws, must<kw_of>, ws, must<type_expr>> {};
struct type_expr : sor<type_optional, type_set, type_list, type_range, type_name> {};

// ---- citations -------------------------------------------------------------------------------

struct cite_doc : name {};
struct cite_section : string_lit {};
struct cite_quote : string_lit {};
struct source_citation : seq<kw_source, ws, must<cite_doc>, opt<ws, comma, ws, must<cite_section>, opt<ws, colon, ws, must<cite_quote>>>> {};
struct mark_reason : string_lit {};
struct mark_kind : sor<kw_assumption, kw_interpretation> {};
struct mark : seq<mark_kind, ws, must<mark_reason>> {};
struct citation : sor<source_citation, mark> {};
struct citations : star<ws, citation> {};

// `label "de huurtoeslaggrens"` and `question "Telt de registratie mee?"`: the words a reviewer
// reads. Keywords only here, and only before a string, so a field, case or variable may still
// be called `label` (`label: text`, `{ a, label }`).
struct kw_label : kw<'l','a','b','e','l'> {};
struct kw_question : kw<'q','u','e','s','t','i','o','n'> {};
struct label_text : string_lit {};
struct question_text : string_lit {};
struct label_clause : seq<kw_label, ws, not_at<sor<colon, comma, rbrace>>, must<label_text>> {};
struct question_clause : seq<kw_question, ws, not_at<sor<colon, comma, rbrace>>, must<question_text>> {};
struct labels : star<ws, label_clause> {};

// ---- declarations ----------------------------------------------------------------------------

struct module_name : qualified_name {};
struct module_decl : seq<kw_module, ws, must<module_name>> {};
struct import_alias : name {};
struct import_decl : seq<kw_import, ws, must<module_name>, opt<ws, kw_as, ws, must<import_alias>>> {};

struct doc_name : name {};
struct doc_title : string_lit {};
struct doc_url : seq<kw_url, ws, must<string_lit>> {};
struct doc_date : seq<kw_dated, ws, must<date_lit>> {};
struct doc_per_field : name {};
struct doc_per : seq<kw_per, ws, must<doc_per_field>> {};
struct doc_for_field : name {};
struct doc_for_value : string_lit {};
struct doc_for : seq<kw_for, ws, must<doc_for_field>, ws, must<doc_for_value>> {};
struct doc_text_file : string_lit {};
struct doc_text : seq<kw_text, ws, must<doc_text_file>> {};
struct section_title : string_lit {};
struct section_reason : string_lit {};
struct section_not_encoded : seq<kw_not, ws, must<kw_encoded>, ws, must<section_reason>> {};
struct doc_section : seq<kw_section, ws, must<section_title>, opt<ws, section_not_encoded>> {};
struct document_decl : seq<kw_document, ws, must<doc_name>, ws, must<doc_title>,
                           star<ws, sor<doc_url, doc_date, doc_per, doc_for, doc_text, doc_section>>> {};

struct enum_name : name {};
struct enum_case : name {};
struct enum_item : seq<enum_case, labels> {};
struct enum_decl : seq<kw_enum, ws, must<enum_name>, ws, must<lbrace>, ws,
                       star<enum_item, ws, opt<comma, ws>>, must<rbrace>> {};

struct record_name : name {};
struct key_field : name {};
struct record_key : seq<kw_key, ws, must<key_field>, star<ws, comma, ws, must<key_field>>> {};
// `describe a, b`: the fields that tell a reader which record it is (shown beside the key in
// explanations). A keyword only here, so `describe` stays free as a name elsewhere.
struct kw_describe : kw<'d', 'e', 's', 'c', 'r', 'i', 'b', 'e'> {};
struct describe_field : name {};
struct record_describe
    : seq<kw_describe, ws, must<describe_field>, star<ws, comma, ws, must<describe_field>>> {};
struct field_name : name {};
// Constraints after a field's type: `>= 1`, `length <= 80`, `matching "…"`, `in Gebied.gebied`
// (or `in parameter`), joined by `and`.
// `length` and `matching` are keywords only here (a field may still be called `length`).
struct kw_length : kw<'l','e','n','g','t','h'> {};
struct kw_matching : kw<'m','a','t','c','h','i','n','g'> {};
struct constraint_op : sor<string<'>','='>, string<'<','='>, seq<one<'>'>, not_at<one<'='>>>, seq<one<'<'>, not_at<one<'='>>>> {};
struct constraint_bound : unary_expr {};
struct constraint_compare : seq<constraint_op, ws, must<constraint_bound>> {};
struct constraint_length : seq<kw_length, ws, not_at<colon>, must<constraint_op>, ws, must<constraint_bound>> {};
struct constraint_pattern : string_lit {};
struct constraint_matching : seq<kw_matching, ws, not_at<colon>, must<constraint_pattern>> {};
struct constraint_source : qualified_name {};
struct constraint_member : seq<kw_in, ws, must<constraint_source>> {};
struct field_constraint : sor<constraint_compare, constraint_length, constraint_matching, constraint_member> {};
struct field_constraints : seq<field_constraint, star<ws, kw_and, ws, must<field_constraint>>> {};
struct field_decl : seq<field_name, ws, must<colon>, ws, must<type_expr>, opt<ws, field_constraints>, labels> {};
struct record_labels : labels {};
struct record_decl : seq<kw_record, ws, must<record_name>, ws, opt<record_key, ws>,
                         opt<record_describe, ws>, record_labels, ws, must<lbrace>, ws,
                         star<field_decl, ws, opt<comma, ws>>, must<rbrace>> {};

struct param_name : name {};
struct period_from : date_lit {};
struct period_until : date_lit {};
struct period_clause : seq<kw_during, ws, must<period_from>, ws, must<dotdot>, ws, must<period_until>> {};
struct version_from : date_lit {};
struct version_until : date_lit {};
struct unpublished_note : string_lit {};
struct version_unpublished : seq<kw_unpublished, opt<ws, unpublished_note>> {};
struct version_value : sor<version_unpublished, expr> {};
struct version_equals : equals {};
struct version : seq<kw_from, ws, must<version_from>, ws, opt<kw_until, ws, must<version_until>, ws>,
                     must<version_equals>, ws, must<version_value>, citations> {};
struct param_citations : star<ws, sor<citation, label_clause>> {};
struct parameter_decl : seq<kw_parameter, ws, must<param_name>, ws, must<colon>, ws, must<type_expr>,
                            opt<ws, period_clause>, param_citations, ws, must<version>, star<ws, version>> {};

struct rule_param_name : name {};
struct group_key : name {};
struct group_by : seq<kw_by, ws, must<group_key>, star<ws, comma, ws, must<group_key>>> {};
struct rule_param : seq<rule_param_name, ws, must<colon>, ws, must<type_expr>, opt<ws, group_by>> {};
struct rule_params : seq<lparen, ws, opt<rule_param, ws, star<comma, ws, must<rule_param>, ws>>, must<rparen>> {};
struct rule_name : name {};
struct result_type : type_expr {};
struct rule_body : expr {};
struct exception_name : name {};
struct exception_over_name : name {};
struct exception_over : seq<kw_over, ws, must<exception_over_name>, star<ws, comma, ws, must<exception_over_name>>> {};
struct exception_condition : expr {};
struct exception_value : expr {};
struct exception_clause : seq<kw_except, ws, opt<exception_name, ws>, opt<exception_over, ws>,
                              must<kw_when>, ws, must<exception_condition>, ws, must<equals>, ws,
                              must<exception_value>, citations> {};
struct rule_citations : star<ws, sor<citation, label_clause, question_clause>> {};
struct rule_kind : sor<kw_definition, kw_decision> {};
struct rule_decl : seq<rule_kind, ws, must<rule_name>, ws, opt<rule_params, ws>, must<colon>, ws,
                       must<result_type>, ws, must<equals>, ws, must<rule_body>, rule_citations,
                       star<ws, exception_clause>> {};
struct assertion_decl : seq<kw_assertion, ws, must<rule_name>, ws, opt<rule_params, ws>, must<equals>, ws,
                            must<rule_body>, rule_citations> {};

struct row_field_name : name {};
struct row_field : seq<row_field_name, ws, must<colon>, ws, must<expr>> {};
struct row_citations : citations {};
struct row : seq<lbrace, ws, star<row_field, ws, opt<comma, ws>>, must<rbrace>, row_citations> {};
struct table_record : name {};
struct table_decl : seq<kw_table, ws, must<table_record>, ws, must<lbrace>, ws, star<row, ws, opt<comma, ws>>, must<rbrace>> {};

struct cite_target : qualified_name {};
struct cite_decl_citations : citations {};
struct cite_decl : seq<kw_cite, ws, must<cite_target>, cite_decl_citations> {};

struct test_name : string_lit {};
struct case_var : name {};
struct case_row : seq<lparen, ws, must<expr>, ws, star<comma, ws, must<expr>, ws>, must<rparen>> {};
struct test_cases : seq<kw_for, ws, must<lparen>, ws, must<case_var>, ws, star<comma, ws, must<case_var>, ws>,
                        must<rparen>, ws, must<kw_in>, ws, must<lbracket>, ws,
                        star<case_row, ws, opt<comma, ws>>, must<rbracket>> {};
// `refused E4020` after a `facts` or `given` step: the file or row must be refused.
struct refused_code : name {};
struct refusal : seq<kw_refused, ws, must<refused_code>> {};
struct facts_path : string_lit {};
struct facts_record : name {};
struct step_facts
    : seq<kw_facts, ws, must<facts_path>, opt<ws, kw_record, ws, must<facts_record>>,
          opt<ws, refusal>> {};
struct given_record : name {};
struct step_given : seq<kw_given, ws, must<given_record>, ws, must<row>, opt<ws, refusal>> {};
struct given_parameter_name : qualified_name {};
struct given_parameter_value : expr {};
struct step_given_parameter : seq<kw_given, ws, kw_parameter, ws, must<given_parameter_name>, ws,
                                  must<equals>, ws, must<given_parameter_value>> {};
// `as of 2025-01-01`: the test's as-of date (`as` and `of` are keywords already).
struct as_of_date : expr {};
struct step_as_of : seq<kw_as, ws, must<kw_of>, ws, must<as_of_date>> {};
struct subject_record : name {};
struct subject_key : expr {};
struct subject_field_name : name {};
struct subject_group_field : seq<subject_field_name, ws, must<colon>, ws, must<expr>> {};
struct subject_group : seq<subject_group_field, ws, star<comma, ws, must<subject_group_field>, ws>> {};
struct subject_record_key : seq<subject_record, ws, must<subject_key>> {};
struct subject_group_start : at<name, ws, colon> {};
struct subject_body : sor<seq<subject_group_start, subject_group>, subject_record_key> {};
struct subject : seq<lparen, ws, opt<subject_body, ws>, must<rparen>> {};
struct target_name : qualified_name {};
struct target : seq<target_name, opt<ws, subject>> {};
struct expected_value : expr {};
struct error_code : name {};
struct expect_value : seq<equals, ws, must<expected_value>> {};
struct expect_error : seq<kw_fails, ws, must<error_code>> {};
struct cites_doc : name {};
struct cites_section : string_lit {};
struct expect_cites : seq<kw_cites, ws, must<cites_doc>, ws, must<cites_section>> {};
struct expectation : sor<expect_value, expect_error, expect_cites> {};
struct step_expect : seq<kw_expect, ws, must<target>, ws, must<expectation>> {};
struct test_step : sor<step_facts, step_given_parameter, step_given, step_as_of, step_expect> {};
struct test_step_list : star<test_step, ws> {};
struct test_decl : seq<kw_test, ws, must<test_name>, ws, opt<test_cases, ws>, must<lbrace>, ws,
                       test_step_list, must<rbrace>> {};

struct declaration_keyword : sor<kw_module, kw_import, kw_document, kw_enum, kw_record, kw_parameter,
                                 kw_definition, kw_decision, kw_assertion, kw_table, kw_cite,
                                 kw_test> {};
struct declaration : sor<module_decl, import_decl, document_decl, enum_decl, record_decl,
                         parameter_decl, rule_decl, assertion_decl, table_decl, cite_decl,
                         test_decl> {};

// A value on its own (`regels eval --set NAME=VALUE`): one expression and nothing after it.
struct lone_value_expr : expr {};
struct value_end : eof {};
struct lone_value : seq<ws, must<lone_value_expr>, ws, must<value_end>> {};

// clang-format on

}  // namespace regels::dsl::grammar
