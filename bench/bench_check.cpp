// bench_check: how long parse + check take on a large rule file.
//
// The rule file is generated here, in C++, so the benchmark needs nothing but itself: about
// 20,000 lines in the shapes of rules/nplv (records, enums, parameters with dated versions
// and citations, definitions with `match`, exceptions with priorities, decisions per record
// and per group, aggregates, tables and test blocks), repeated per numbered area so names
// stay unique. The generated file must check without errors; otherwise the benchmark would
// time the error path, so it stops and shows the first diagnostics instead.
//
// usage: bench_check [--lines N] [--runs N] [--write FILE]
//   prints lines, bytes and the median milliseconds of parse + check over the runs, wall
//   clock and process CPU time (default 20000 lines, 5 runs); --write also saves the
//   generated rules, e.g. to time `regels check FILE` on the same input.
#include "dsl/check.hpp"
#include "dsl/diagnostics.hpp"
#include "dsl/source.hpp"
#include "stdlib/stdlib.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

namespace {

std::size_t count_lines(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

std::string header() {
    return R"rules(# Gegenereerd door bench/bench_check.cpp: een groot regelbestand in de vorm van
# rules/nplv, om parse + check te meten.
module bench

document afspraak "Bestuurlijke afspraak uitwerking Woontop NPLV-gebieden"
    dated 2025-06-24
document regeling "Tijdelijke regeling realisatiestimulans (Stcrt. 2025, 36777)"
    url "https://zoek.officielebekendmakingen.nl/stcrt-2025-36777.html"
document indexering "Indexering inkomensgrenzen en huurprijsgrenzen"

parameter btw_tarief: decimal
    source regeling, "Btw": "het algemene btw-tarief"
    from 2019-01-01 = 21%

)rules";
}

// One numbered area: about a hundred lines that use each other, like one rules/nplv module.
// (The raw strings use a `rules` delimiter because rule text contains `)"`.)
std::string area(std::size_t i) {
    return fmt::format(
        R"rules(# ---- gebied {0} ------------------------------------------------------------------------

# Het segment van een woning bij de registratie van de start van de bouw.
enum Segment{0} {{ sociale_huur, middenhuur, koop, vrije_sector, onzelfstandig }}

# Een geregistreerde start van de bouw.
record Registratie{0} key id {{
    id: text
    gebied: text
    jaar: year
    segment: Segment{0}
    huurprijs: optional money
    koopprijs: optional money
    woningen: integer
    ingediend_op: date
}}

# Een regel uit de ORV-tabel van de afspraak.
record Maatregel{0} key id {{
    id: text
    gebied: text
    omschrijving: text
    bedrag_excl_btw: money
    btw_van_toepassing: boolean
}}

parameter bijdrage_per_woning{0}: money
    during 2025-01-01..2027-12-31
    source afspraak, "Realisatiestimulans met opslag(en)": "een vaste bijdrage van circa € 7000,- (inclusief btw)"
    from 2025-01-01 until 2025-12-31 = € 7.000,00
    from 2026-01-01 until 2026-12-31 = € 7.210,00
        source indexering, "Indexering 2026"
    from 2027-01-01 = unpublished "de indexering voor 2027 volgt"

parameter huurgrens{0}: money
    source indexering, "Huurprijsgrenzen": "de maximale huurprijsgrens"
    from 2024-01-01 until 2024-12-31 = € 879,66
    from 2025-01-01 until 2025-12-31 = € 900,07
    from 2026-01-01 = € 932,93

parameter koopgrens{0}: money
    source regeling, "Artikel 3": "de koopprijsgrens"
    from 2025-01-01 = € 405.000,00

parameter registratieperiode{0}: range of year
    source afspraak, "Realisatiestimulans met opslag(en)": "in de periode 2025 t/m 2029"
    from 2025-01-01 = 2025..2029

definition betaalbaar{0}(r: Registratie{0}): boolean =
    match r.segment {{
        sociale_huur => true
        middenhuur => (r.huurprijs otherwise € 0,00) <= huurgrens{0} at r.jaar
        koop => required(r.koopprijs) <= koopgrens{0} at r.jaar
        vrije_sector, onzelfstandig => false
    }}
    source afspraak, "Betaalbaarheid": "sociale huur, middenhuur en betaalbare koop"

definition telt_mee{0}(r: Registratie{0}): boolean =
    r.jaar in registratieperiode{0} and betaalbaar{0}(r)
    source afspraak, "Realisatiestimulans met opslag(en)"
    except te_laat when r.ingediend_op > 2029-12-31 = false
        source regeling, "Artikel 7": "aanvragen na 2029 worden niet behandeld"
    except geen_woningen over te_laat when r.woningen <= 0 = false
        source regeling, "Artikel 8"

decision uitkering{0}(r: Registratie{0}): money =
    if telt_mee{0}(r) then r.woningen * bijdrage_per_woning{0} at r.jaar else € 0,00
    source afspraak, "Realisatiestimulans met opslag(en)": "voor elke betaalbare woning"

decision uitkeringsjaar{0}(r: Registratie{0}): optional year =
    if telt_mee{0}(r) then r.jaar + 1 else none
    source afspraak, "Realisatiestimulans met opslag(en)": "in het jaar na registratie"

decision uitkering_per_jaar{0}(g: Registratie{0} by gebied, jaar): money =
    sum(uitkering{0}(r) for r in g where r.woningen > 0)
    source afspraak, "Realisatiestimulans met opslag(en)"

definition inclusief{0}(m: Maatregel{0}): money =
    if m.btw_van_toepassing then round(m.bedrag_excl_btw * (100% + btw_tarief), € 1,00, half_up)
    else m.bedrag_excl_btw
    source afspraak, "Opslag ORV, voetnoot 3": "inclusief btw"

decision orv_totaal{0}: money =
    sum(inclusief{0}(m) for m in Maatregel{0})
    source afspraak, "Opslag ORV": "een maximale rijksbijdrage"

assertion woningen_niet_negatief{0}(r: Registratie{0}) = r.woningen >= 0

table Maatregel{0} {{
    {{ id: "m{0}-1", gebied: "gebied-{0}", omschrijving: "Herinrichting openbare ruimte", bedrag_excl_btw: € 5.034.111,00, btw_van_toepassing: true }}
    {{ id: "m{0}-2", gebied: "gebied-{0}", omschrijving: "Ontmoetingsplek van de buurt", bedrag_excl_btw: € 369.850,00, btw_van_toepassing: false }}
}}

test "uitkering gebied {0}" {{
    given Registratie{0} {{ id: "r1", gebied: "gebied-{0}", jaar: 2025, segment: Segment{0}.sociale_huur, woningen: 2, ingediend_op: 2025-03-01 }}
    expect uitkering{0}(Registratie{0} "r1") = € 14.000,00
}}

)rules",
        i);
}

std::string generate(std::size_t target_lines) {
    std::string text = header();
    std::size_t lines = count_lines(text);
    for (std::size_t i = 1; lines < target_lines; ++i) {
        std::string block = area(i);
        lines += count_lines(block);
        text += block;
    }
    return text;
}

struct Run {
    double ms = 0;
    double cpu_ms = 0;  // process CPU time: less disturbed than wall time on a busy machine
    std::size_t errors = 0;
    std::size_t warnings = 0;
    std::string first_diagnostics;
};

Run parse_and_check(const std::string& text) {
    const auto& builtins = regels::stdlib::standard_library().signatures;
    std::clock_t cpu_start = std::clock();
    auto start = std::chrono::steady_clock::now();
    regels::dsl::SourceSet sources;
    regels::dsl::FileId id = sources.add("bench.rules", text);
    regels::dsl::DiagnosticBag bag;
    regels::dsl::Program program = regels::dsl::check(sources, {id}, builtins, bag);
    auto stop = std::chrono::steady_clock::now();
    std::clock_t cpu_stop = std::clock();
    Run run;
    run.ms = std::chrono::duration<double, std::milli>(stop - start).count();
    run.cpu_ms = 1000.0 * static_cast<double>(cpu_stop - cpu_start) / CLOCKS_PER_SEC;
    run.errors = bag.error_count();
    run.warnings = bag.warning_count();
    if (!bag.empty()) {
        std::vector<regels::dsl::Diagnostic> sorted = bag.sorted();
        sorted.resize(std::min<std::size_t>(sorted.size(), 5));
        run.first_diagnostics = regels::dsl::render_text(sources, sorted, false);
    }
    (void)program;
    return run;
}

std::size_t parse_count(const char* s) {
    char* end = nullptr;
    unsigned long long v = std::strtoull(s, &end, 10);
    if (end == s || *end != '\0' || v == 0) {
        std::fprintf(stderr, "bench_check: `%s` is not a positive whole number\n", s);
        std::exit(2);
    }
    return static_cast<std::size_t>(v);
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t target_lines = 20000;
    std::size_t runs = 5;
    std::string write_to;
    for (int k = 1; k < argc; ++k) {
        std::string arg = argv[k];
        if (arg == "--lines" && k + 1 < argc) {
            target_lines = parse_count(argv[++k]);
        } else if (arg == "--runs" && k + 1 < argc) {
            runs = parse_count(argv[++k]);
        } else if (arg == "--write" && k + 1 < argc) {
            write_to = argv[++k];
        } else {
            std::fprintf(stderr, "usage: bench_check [--lines N] [--runs N] [--write FILE]\n");
            return 2;
        }
    }

    const std::string text = generate(target_lines);
    if (!write_to.empty()) {
        std::ofstream out(write_to, std::ios::binary);
        out << text;
        if (!out) {
            std::fprintf(stderr, "bench_check: cannot write `%s`\n", write_to.c_str());
            return 2;
        }
    }

    std::vector<double> times;
    std::vector<double> cpu_times;
    for (std::size_t r = 0; r < runs; ++r) {
        Run run = parse_and_check(text);
        if (run.errors > 0 || run.warnings > 0) {
            std::fprintf(stderr,
                         "bench_check: the generated rules are not clean (%zu errors, %zu "
                         "warnings); the first diagnostics:\n%s",
                         run.errors, run.warnings, run.first_diagnostics.c_str());
            return 1;
        }
        times.push_back(run.ms);
        cpu_times.push_back(run.cpu_ms);
    }
    std::sort(times.begin(), times.end());
    std::sort(cpu_times.begin(), cpu_times.end());
    std::printf(
        "lines %zu\nbytes %zu\nparse+check median of %zu runs: %.1f ms (min %.1f, max "
        "%.1f); CPU time median %.1f ms\n",
        count_lines(text), text.size(), runs, times[times.size() / 2], times.front(), times.back(),
        cpu_times[cpu_times.size() / 2]);
    return 0;
}
