//! Outputs for every reader: each format of the shipped reconciliation, the
//! release's own tables regenerated from the model (compared with the seed
//! figure for figure), units in millions, and derived periods.

use crate::snapshot;
use crate::support::{
    diluted, fixture_args, money, net_income, per_share, reconcile_fixture, root, run,
};

fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    assert_eq!(out.stderr, "", "{args:?}");
    assert!(out.stdout.ends_with('\n'), "{args:?}: ends with a newline");
    out.stdout
}

#[test]
fn every_format_of_the_nine_month_reconciliation() {
    for format in ["markdown", "csv", "json"] {
        let out = ok(&["--period", "9M2003", "--format", format]);
        assert_eq!(
            out,
            ok(&["--period", "9M2003", "--format", format]),
            "{format}: deterministic"
        );
        snapshot!(format!("atg_9m_2003_{format}"), out);
    }
    let csv = ok(&["--period", "9M2003", "--format", "csv"]);
    assert!(
        csv.contains("\nNon-GAAP net income (loss),-5172\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\nNon-GAAP net income (loss) per diluted share,-0.07\n"),
        "{csv}"
    );
    let json = ok(&["--period", "9M2003", "--format", "json"]);
    assert!(json.starts_with("{\n  \"schema_version\": 3,"), "{json}");
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let table = &value["tables"][0];
    let total = table["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["measure"] == "net-income" && r["kind"] == "non_gaap")
        .expect("the non-GAAP total");
    assert_eq!(total["label"], "Non-GAAP net income (loss)");
    assert_eq!(
        total["cells"][0],
        serde_json::json!({"type": "money", "value": "-5172", "rounded": "-5172", "shown": "$(5,172)",
            "period": "9M-2003", "computed": "-5172", "published": null})
    );
    assert_eq!(table["periods"][0]["start"], "2003-01-01");
    assert_eq!(table["periods"][0]["end"], "2003-09-30");
    assert!(
        json.contains("\"value\": \"-5172\",\n"),
        "the exact figure is a string, never a JSON number: {json}"
    );
    let markdown = ok(&["--period", "9M2003", "--format", "markdown"]);
    assert!(markdown.contains("|:---|---:|"), "{markdown}");
    assert!(
        markdown.contains("| Non-GAAP net income (loss) | \\$(5,172) |"),
        "{markdown}"
    );
}

#[test]
fn text_has_no_trailing_spaces() {
    for args in [&["--period", "all"][..], &["statements"]] {
        let out = ok(args);
        assert!(out.lines().all(|l| l == l.trim_end()), "{args:?}");
    }
}

#[test]
fn the_all_periods_table_in_markdown_and_csv() {
    let csv = ok(&["--period", "all", "--format", "csv"]);
    assert!(csv.starts_with(
        "\"(In thousands, except per share data)\",\"Three Months Ended Sept. 30, 2003\",\"Three Months Ended Sept. 30, 2002\",\
         \"Nine Months Ended Sept. 30, 2003\",\"Nine Months Ended Sept. 30, 2002\"\n"
    ));
    assert!(
        csv.contains("\nNon-GAAP net income (loss),-3195,-3057,-5172,-8746\n"),
        "{csv}"
    );
    snapshot!("atg_all_periods_csv", csv);
    snapshot!(
        "atg_all_periods_markdown",
        ok(&["--period", "all", "--format", "markdown"])
    );
}

#[test]
fn millions_round_each_figure_on_its_own_as_the_release_does() {
    let out = ok(&["--period", "9M2003", "--units", "millions"]);
    // The release: "net benefit ... of $5.3 million", "net loss ... $5.2 million".
    assert!(
        out.contains("(In millions, except per share data; shares in thousands)"),
        "{out}"
    );
    assert!(
        out.contains("(5.3)") && out.contains("$(5.2)") && out.contains("$0.1"),
        "{out}"
    );
    // Per-share figures and share counts are not scaled.
    assert!(out.contains("$(0.07)") && out.contains("71,503"), "{out}");
    snapshot!("atg_9m_2003_millions", out);
}

#[test]
fn the_release_tables_come_from_the_model() {
    let out = ok(&["statements"]);
    snapshot!("atg_statements", out);
    snapshot!(
        "atg_statements_json",
        ok(&["statements", "--format", "json"])
    );
    let csv = ok(&["statements", "--format", "csv"]);
    let highlights = csv
        .split("\n\n")
        .nth(2)
        .expect("a third table: the highlights");
    // License 22.0 + services 34.8 is 56.8, yet total revenues print 56.7:
    // each figure rounded on its own, as published.
    assert!(
        highlights.contains("\nTotal revenues,16.0,24.5,56.7,77.0\n"),
        "{highlights}"
    );
    assert!(
        highlights.contains("\nLicense revenue,5.0,11.8,22.0,36.6\n"),
        "{highlights}"
    );
    assert!(
        highlights.contains("\nServices revenue,11.0,12.7,34.8,40.4\n"),
        "{highlights}"
    );
    assert!(
        highlights.contains("\nPercent of total revenues,31,48,39,48\n"),
        "{highlights}"
    );
    assert!(
        highlights.contains("\nNet income/(loss) (GAAP),-3.2,-3.1,0.1,-8.7\n"),
        "{highlights}"
    );
    // Cash at the end of each column: Sept. 30, 2002 comes from the highlights only.
    assert!(
        highlights.contains(",46.0,72.5,46.0,72.5\n"),
        "{highlights}"
    );
    assert!(out.contains("may not sum"), "{out}");
}

/// The figures of a text, in order: `$5,001` 5001, `(3,212)` -3212, `-` 0,
/// `68%` 68; `None` for a token that is not a figure.
fn figure(token: &str) -> Option<String> {
    let t = token.trim_start_matches('$');
    if t == "-" {
        return Some("0".into());
    }
    let (negative, t) = match t.strip_prefix("$(").or_else(|| t.strip_prefix('(')) {
        Some(inner) => (true, inner.strip_suffix(')')?),
        None => (false, t),
    };
    let t = t
        .trim_start_matches('$')
        .trim_end_matches('%')
        .replace(',', "");
    let valid = !t.is_empty()
        && t.chars().all(|c| c.is_ascii_digit() || c == '.')
        && t.chars().any(|c| c.is_ascii_digit());
    valid.then(|| if negative { format!("-{t}") } else { t })
}

/// The rows of figures of the seed's table between two titles: each line's
/// trailing run of `width` figures.
fn seed_rows(seed: &str, from: &str, to: &str, after: &str, width: usize) -> Vec<Vec<String>> {
    let start = seed.find(from).unwrap();
    let end = seed[start..].find(to).map_or(seed.len(), |e| start + e);
    let body = &seed[start..end];
    let body = &body[body.find(after).unwrap()..];
    body.lines()
        .filter_map(|line| {
            let tokens: Vec<&str> = line.split_whitespace().collect();
            let figures: Vec<String> = tokens.iter().rev().map_while(|t| figure(t)).collect();
            (figures.len() >= width).then(|| figures[..width].iter().rev().cloned().collect())
        })
        .collect()
}

/// Our table's rows of figures, from CSV: one row per line with figures.
fn csv_rows(csv: &str) -> Vec<Vec<String>> {
    csv.lines()
        .skip(1)
        .filter_map(|line| {
            let figures: Vec<String> = line
                .split(',')
                .rev()
                .map_while(|f| (!f.is_empty() && f.parse::<f64>().is_ok()).then(|| f.to_string()))
                .collect();
            (!figures.is_empty()).then(|| figures.into_iter().rev().collect())
        })
        .collect()
}

/// Normalises "0.00", "-0" and "68" alike for comparison.
fn same(a: &str, b: &str) -> bool {
    let a: rust_decimal::Decimal = a.parse().unwrap();
    let b: rust_decimal::Decimal = b.parse().unwrap();
    a == b
}

#[test]
fn the_statement_of_operations_and_balance_sheet_match_the_seed_figure_for_figure() {
    let seed =
        std::fs::read_to_string(root().join("tests/fixtures/seed/atg_2003q3_exhibit_99_1.txt"))
            .unwrap();
    let csv = ok(&["statements", "--format", "csv"]);
    let tables: Vec<&str> = csv.split("\n\n").collect();
    let check = |ours: Vec<Vec<String>>, theirs: Vec<Vec<String>>, what: &str| {
        assert_eq!(
            ours.len(),
            theirs.len(),
            "{what}: rows\nours {ours:?}\nseed {theirs:?}"
        );
        for (row, (o, t)) in ours.iter().zip(&theirs).enumerate() {
            assert_eq!(o.len(), t.len(), "{what} row {row}: {o:?} vs {t:?}");
            for (a, b) in o.iter().zip(t) {
                assert!(same(a, b), "{what} row {row}: ours {o:?}, seed {t:?}");
            }
        }
    };
    let operations = seed_rows(
        &seed,
        "Condensed Consolidated Statements of Operations",
        "Condensed Consolidated Balance Sheets",
        "Revenues:",
        4,
    );
    assert_eq!(
        operations.len(),
        23,
        "the seed's statement of operations has 23 rows of figures"
    );
    check(csv_rows(tables[0]), operations, "statement of operations");
    let balance = seed_rows(
        &seed,
        "Condensed Consolidated Balance Sheets",
        "CONTACT:",
        "Assets",
        2,
    );
    assert_eq!(
        balance.len(),
        15,
        "the seed's balance sheet has 15 rows of figures"
    );
    check(csv_rows(tables[1]), balance, "balance sheet");
}

#[test]
fn q4_is_derived_and_has_per_share_figures_only_with_stated_shares() {
    let without = reconcile_fixture(
        "derived_without_shares",
        Some("Q4-2024,H1-2024,TTM-Q3-2024"),
    );
    let ids: Vec<&str> = without.periods.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["Q4-2024", "H1-2024", "TTM-Q3-2024"]);
    assert_eq!(
        without.periods[0].derived.as_deref(),
        Some("FY-2024 - 9M-2024")
    );
    assert_eq!(
        without.periods[1].derived.as_deref(),
        Some("9M-2024 - Q3-2024")
    );
    assert_eq!(
        without.periods[2].derived.as_deref(),
        Some("9M-2024 + FY-2023 - 9M-2023")
    );
    let ni = net_income(&without);
    // Q4: 300 - 180; restructuring 200 - 120, taxed at 25%.
    assert_eq!(
        (
            money(ni[0].gaap),
            money(ni[0].effects[0]),
            money(ni[0].non_gaap)
        ),
        ("120".into(), "80".into(), "180".into())
    );
    assert_eq!(ni[1].non_gaap.to_string(), "182.50");
    assert_eq!(money(ni[2].gaap), "200");
    let eps = without
        .per_share(reconcile::view::ShareBasis::Diluted)
        .unwrap();
    assert!(
        eps.columns.iter().all(Option::is_none),
        "weighted shares are not additive"
    );
    let with = reconcile_fixture("derived_with_shares", Some("Q4-2024"));
    assert_eq!(
        with.periods[0].derived.as_deref(),
        Some("FY-2024 - 9M-2024")
    );
    let p = diluted(&with)[0];
    assert_eq!(
        (per_share(p.gaap), per_share(p.non_gaap)),
        ("1.13".into(), "1.70".into())
    );

    let args = |case: &str| -> Vec<String> {
        let mut args = fixture_args(case);
        args.extend([
            "--period".into(),
            "Q4-2024,FY-2024,H1-2024,TTM-Q3-2024".into(),
            "--measure".into(),
            "net-income,eps".into(),
        ]);
        args
    };
    for case in ["derived_without_shares", "derived_with_shares"] {
        let args = args(case);
        let out = ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(out.contains("(derived)"), "{out}");
        snapshot!(format!("fixture_{case}"), out);
    }
    let mut statements = fixture_args("derived_with_shares");
    statements.extend([
        "statements".into(),
        "--period".into(),
        "Q4-2024,FY-2024,9M-2024".into(),
    ]);
    let out = ok(&statements.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(out.contains("is derived: FY-2024 - 9M-2024"), "{out}");
    snapshot!("fixture_derived_statements", out);
}

#[test]
fn the_rounding_note_names_the_column_and_both_figures_in_shown_units() {
    let out = ok(&["--period", "9M2002", "--units", "millions"]);
    let words = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("Nine Months Ended Sept. 30, 2002, non-GAAP net income (loss): the figures shown sum to (8.8), the total shown is (8.7)"),
        "{out}"
    );
}

#[test]
fn the_release_tables_need_no_adjustments() {
    // A broken adjustment file does not stop the GAAP tables.
    let out = ok(&[
        "statements",
        "--adjustments",
        "tests/fixtures/err_unknown_line_in_adjustment/adjustments",
    ]);
    assert!(out.contains("$(3,195)"), "{out}");
}
