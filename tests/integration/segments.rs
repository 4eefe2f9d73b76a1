//! A measure reported per segment and in total (`tests/fixtures/segments`):
//! each segment reconciled with the adjustments allocated to it, the
//! segments summing to the consolidated figures. Figures by hand in the
//! fixture's header.

use reconcile::{engine, load, view};
use rust_decimal::Decimal;

use crate::support::{fixture_args, root, run};

fn d(n: i64) -> Decimal {
    Decimal::from(n)
}

/// The fixture's segment reconciliation, both quarters.
fn segments(case: &str) -> Vec<view::SegmentReconciliation> {
    let base = root().join("tests/fixtures").join(case);
    let path = load::find_statement(&base.join("statements"), None).unwrap();
    let statement = load::load_statement(&path).unwrap();
    let adjustments = load::load_adjustments(&[base.join("adjustments")], &statement).unwrap();
    let adjusted = engine::adjust(&statement, &adjustments, &[0, 1]).unwrap();
    view::segments(&statement, &adjustments, &adjusted).unwrap()
}

#[test]
fn each_segment_is_reconciled_and_the_segments_sum_to_the_consolidated_measure() {
    let recs = segments("segments");
    assert_eq!(recs.len(), 1);
    let rec = &recs[0];
    assert_eq!(rec.consolidated_id, "operating_income");
    let by_label = |label: &str| rec.segments.iter().find(|s| s.label == label).unwrap();
    // (GAAP, adjusted) in Q3-2024 and Q3-2023, by hand.
    let industrial = by_label("Industrial");
    assert_eq!(industrial.gaap, vec![d(180), d(170)]);
    assert_eq!(industrial.adjusted, vec![d(200), d(174)]); // + restructuring 20, 4
    let healthcare = by_label("Healthcare");
    assert_eq!(healthcare.gaap, vec![d(90), d(120)]);
    assert_eq!(healthcare.adjusted, vec![d(150), d(126)]); // + 10 and 50; + 6
    let corporate = by_label("Corporate and unallocated");
    assert_eq!(corporate.adjusted, vec![d(-70), d(-50)]);
    assert!(corporate.effects.is_empty());
    // The restructuring split across both segments; the impairment in one.
    let effect = |block: &view::SegmentBlock, id: &str| {
        block
            .effects
            .iter()
            .find(|(a, _, _)| a == id)
            .map(|(_, _, e)| e.clone())
    };
    assert_eq!(effect(industrial, "restructuring"), Some(vec![d(20), d(4)]));
    assert_eq!(effect(healthcare, "restructuring"), Some(vec![d(10), d(6)]));
    assert_eq!(effect(healthcare, "impairment"), Some(vec![d(50), d(0)]));
    assert_eq!(effect(industrial, "impairment"), None);
    // The total: consolidated GAAP operating income 200 and 240, adjusted
    // 280 = 200 + 30 + 50 and 250 = 240 + 10, the segments' sum.
    assert_eq!(rec.total.gaap, vec![d(200), d(240)]);
    assert_eq!(rec.total.adjusted, vec![d(280), d(250)]);
    assert_eq!(d(200) + d(150) - d(70), d(280));
    assert_eq!(d(174) + d(126) - d(50), d(250));
    for column in 0..2 {
        let sum: Decimal = rec.segments.iter().map(|s| s.adjusted[column]).sum();
        assert_eq!(sum, rec.total.adjusted[column]);
    }
}

#[test]
fn the_segment_table_prints_in_every_format() {
    let mut args = vec!["segments".to_string()];
    args.extend(fixture_args("segments"));
    args.extend(["--format".to_string(), "csv".to_string()]);
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{}", out.stderr);
    for row in [
        "Industrial,,",
        "Restructuring charges,20,4",
        "Non-GAAP operating income,200,174",
        "Goodwill impairment,50,0",
        "Non-GAAP operating income,150,126",
        "Non-GAAP operating income,-70,-50",
        "Restructuring charges,30,10",
        "Non-GAAP operating income,280,250",
    ] {
        assert!(
            out.stdout.lines().any(|l| l == row),
            "{row}\n{}",
            out.stdout
        );
    }
    for format in ["text", "markdown", "json", "html"] {
        let mut args = vec!["segments".to_string()];
        args.extend(fixture_args("segments"));
        args.extend(["--format".to_string(), format.to_string()]);
        let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(out.code, 0, "{format}: {}", out.stderr);
        assert!(out.stdout.contains("Healthcare"), "{format}");
    }
}

#[test]
fn segment_lines_move_no_consolidated_figure() {
    // Non-GAAP net income: 150 + 50 + 30 - 7.5 = 222.5 and 180 + 10 - 2.5 =
    // 187.5, as without the segment lines.
    let rec = crate::support::reconcile_fixture("segments", None);
    let non_gaap: Vec<Decimal> = crate::support::net_income(&rec)
        .iter()
        .map(|c| c.non_gaap)
        .collect();
    assert_eq!(non_gaap, vec![Decimal::new(2225, 1), Decimal::new(1875, 1)]);
}

#[test]
fn a_model_without_segments_has_no_segment_table() {
    let mut args = vec!["segments".to_string()];
    args.extend(fixture_args("computed_subtotal"));
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("reports no measure by segment"),
        "{}",
        out.stderr
    );
}
