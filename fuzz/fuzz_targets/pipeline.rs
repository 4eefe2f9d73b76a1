//! The whole pipeline on arbitrary bytes, in memory, as the binary runs it:
//! load, tie out, lint, adjust, reconcile, matrix, and every table in every
//! format. A panic anywhere is a bug; an error (`Err`) is an answer.
//!
//! Input format: the bytes are split on 0xFF (a byte UTF-8 never contains).
//! The first part is the statements file; the next parts, at most three, are
//! adjustment files; further parts are ignored. Each part is read with
//! `String::from_utf8_lossy`.

#![no_main]

use libfuzzer_sys::fuzz_target;

use reconcile::diagnostic::{Diagnostic, render_all};
use reconcile::model::{NonGaapMeasure, Period, Statement, Units};
use reconcile::report::{self, Format, Scale, Table};
use reconcile::source::SourceFile;
use reconcile::{cli, engine, lint, load, published, tieout, view};

/// Separates the statements file from each adjustment file.
const SEPARATOR: u8 = 0xFF;
/// Adjustment files read from one input.
const MAX_ADJUSTMENTS: usize = 3;

fuzz_target!(|data: &[u8]| pipeline(data));

fn pipeline(data: &[u8]) {
    let mut parts = data.split(|&b| b == SEPARATOR);
    let statement_text = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let adjustment_texts: Vec<String> = parts
        .take(MAX_ADJUSTMENTS)
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();

    let file = SourceFile::new("statements/fuzz.toml", statement_text);
    let statement = match load::statement_from_source(&file) {
        Ok(statement) => statement,
        Err(errors) => {
            diagnostics(&errors);
            // As the binary does: adjustment syntax errors are reported too.
            for (i, text) in adjustment_texts.iter().enumerate() {
                if let Err(d) = load::parse_adjustment(adjustment_file(i, text)) {
                    diagnostics(&[d]);
                }
            }
            return;
        }
    };
    diagnostics(&tieout::tie_out(&statement).findings);

    // `reconcile statements`: the release's own tables need no adjustments.
    {
        let mut statement = statement.clone();
        if let Ok(chosen) = or_render(cli::choose_periods(&mut statement, None)) {
            statement_tables(&statement, &chosen);
        }
    }

    let mut parsed = Vec::new();
    for (i, text) in adjustment_texts.iter().enumerate() {
        match load::parse_adjustment(adjustment_file(i, text)) {
            Ok(p) => parsed.push(p),
            Err(d) => diagnostics(&[d]),
        }
    }
    let adjustments = match load::validate_adjustments(parsed, &statement) {
        Ok(adjustments) => adjustments,
        Err(errors) => {
            diagnostics(&errors);
            return;
        }
    };
    diagnostics(&lint::lint(&adjustments));
    let reported: Vec<usize> = (0..statement.periods.len())
        .filter(|&i| statement.periods[i].is_duration() && statement.periods[i].derived.is_none())
        .collect();
    let _ = or_render(engine::adjust(&statement, &adjustments, &reported));
    // Every rule, in force on a date after all of them.
    if let Ok(as_of) = reconcile::raw::RawDate::parse("2100-01-01") {
        diagnostics(&lint::run(&statement, &adjustments, as_of).findings);
    }
    diagnostics(&published::tie_out(&statement, &adjustments).findings);

    // Periods named on the command line, derived ones included.
    let mut statement = statement;
    for spec in [
        "all", "9M2003", "q3-03", "2003-09-30", "FY", "Q9-2003", "H1-2003", "Q4-2003",
        "TTM Q3-2003", "Q3-2003,Q3-2002", "FY2003", "Q4-2024",
    ] {
        let _ = or_render(cli::choose_periods(&mut statement, Some(spec)));
    }
    let ids: Vec<String> = statement.periods.iter().map(|p| p.id.clone()).collect();
    for id in &ids {
        let _ = or_render(cli::choose_periods(&mut statement, Some(id)));
    }
    let Ok(chosen) = or_render(cli::choose_periods(&mut statement, None)) else {
        return;
    };
    // Every duration period, reported or derived.
    let durations: Vec<usize> = (0..statement.periods.len())
        .filter(|&i| statement.periods[i].is_duration())
        .collect();
    statement_tables(&statement, &durations);

    let scales = scales(&statement);
    let measures = measures(&statement);
    for periods in [&chosen, &durations] {
        // All the measures at once, then each alone (one error stops a list).
        if let Ok(rec) = or_render(view::reconcile(&statement, &adjustments, periods, &measures)) {
            for &scale in &scales {
                render(&[report::reconciliation_table(&rec, scale)]);
            }
        }
        let Ok(adjusted) = or_render(engine::adjust(&statement, &adjustments, periods)) else {
            continue;
        };
        for &measure in &measures {
            if let Ok(rec) = or_render(view::reconciliation(&statement, &adjusted, &[measure])) {
                render(&[report::reconciliation_table(&rec, scales[0])]);
            }
        }
    }
    // The matrix, one table per duration period.
    for &p in &durations {
        let matrix = engine::adjust(&statement, &adjustments, &[p])
            .and_then(|adjusted| view::matrix(&statement, &adjusted));
        if let Ok(matrix) = or_render(matrix) {
            for &scale in &scales {
                render(&[report::matrix_table(&matrix, scale)]);
                // The matrix taken for its figures, as `snapshot` takes it.
                let mut lines = report::FigureLines::default();
                report::sparse_figure_lines(&report::matrix_figures(&matrix, scale), &mut lines);
            }
        }
    }
    // Every figure, as `snapshot` writes them.
    let _ = reconcile::command::snapshot::figures(&statement, &adjustments);
}

fn adjustment_file(i: usize, text: &str) -> std::sync::Arc<SourceFile> {
    SourceFile::new(format!("adjustments/{i}.toml"), text)
}

/// The named measures, then every declared measure, ratio and line id.
fn measures(statement: &Statement) -> Vec<NonGaapMeasure> {
    let mut names = vec![
        "net-income".to_string(),
        "eps".to_string(),
        "gross-profit".to_string(),
        "operating-margin".to_string(),
        "revenue,costs-and-expenses,operating-expenses,operating-income,pretax-income,\
         continuing-income,income-available-to-common,eps-basic,eps-diluted,gross-margin,net-margin"
            .to_string(),
    ];
    names.extend(statement.measures.iter().map(|m| m.id.clone()));
    names.extend(statement.ratios.iter().map(|r| r.id.clone()));
    names.extend(statement.line_items.iter().map(|l| l.id.clone()));
    let mut measures = Vec::new();
    for name in &names {
        // An id may be empty or hold a comma: an error, not a panic.
        if let Ok(list) = or_render(NonGaapMeasure::parse_list(std::slice::from_ref(name), statement)) {
            for m in list {
                if !measures.contains(&m) {
                    measures.push(m);
                }
            }
        }
    }
    measures
}

/// The model's own units, as the binary builds it, and each `--units`.
fn scales(statement: &Statement) -> Vec<Scale> {
    let model = statement.entity.units;
    let mut scales = vec![Scale::model(model)];
    for shown in [None, Some(Units::Thousands), Some(Units::Millions)] {
        scales.push(Scale {
            model,
            shown: shown.unwrap_or(model),
            shares: statement.entity.share_units,
            decimals: Some(statement.money_decimals()),
        });
    }
    scales
}

fn statement_tables(statement: &Statement, indices: &[usize]) {
    let periods: Vec<&Period> = indices.iter().map(|&i| &statement.periods[i]).collect();
    for units in [None, Some(Units::Thousands), Some(Units::Millions)] {
        if let Ok(tables) = or_render(report::statement_tables(statement, &periods, units)) {
            render(&tables);
        }
    }
}

/// Every format, after the check the binary makes before rendering.
fn render(tables: &[Table]) {
    if or_render(report::check_scale(tables)).is_err() {
        return;
    }
    for format in [Format::Text, Format::Markdown, Format::Csv, Format::Json] {
        std::hint::black_box(report::render(tables, format));
    }
}

fn or_render<T>(result: Result<T, Diagnostic>) -> Result<T, ()> {
    result.map_err(|d| diagnostics(&[d]))
}

/// Diagnostics are rendered as the binary prints them, and as JSON.
fn diagnostics(list: &[Diagnostic]) {
    std::hint::black_box(render_all(list, "errors"));
    for d in list {
        std::hint::black_box(d.to_json());
    }
}
