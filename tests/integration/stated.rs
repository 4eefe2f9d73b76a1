//! GAAP facts as the release states them, and every figure's computed and
//! published values kept apart (`tests/fixtures/gaap_facts_as_stated`).
//! FY-2024: net income 1,000, 482 basic and 490 diluted shares; the release
//! prints basic EPS 2.08 (1,000 / 482 = 2.0747, 2.07 as printed) and
//! diluted 2.04; restructuring of 60 taxed at 25% (15) gives non-GAAP net
//! income 1,045, which the release prints; non-GAAP diluted EPS is printed
//! 2.14 where 1,045 / 490 = 2.1327. FY-2023 prints EPS (1.70, 1.68) and
//! restructuring per share (0.16) but no share counts.

use serde_json::Value;

use crate::support::{fixture_args, run};

fn ok(extra: &[&str]) -> String {
    let mut args = fixture_args("gaap_facts_as_stated");
    args.extend(extra.iter().map(|a| a.to_string()));
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{extra:?}: {}", out.stderr);
    out.stdout
}

fn json(extra: &[&str]) -> Value {
    let mut args = extra.to_vec();
    args.extend(["--format", "json"]);
    let value: Value = serde_json::from_str(&ok(&args)).expect("valid JSON");
    assert_eq!(value["schema_version"], 3);
    value
}

/// The row of a table with these keys.
fn row<'a>(table: &'a Value, measure: Option<&str>, kind: &str, line: Option<&str>) -> &'a Value {
    table["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| {
            r["kind"] == kind
                && measure.is_none_or(|m| r["measure"] == m)
                && line.is_none_or(|l| r["line"] == l)
        })
        .unwrap_or_else(|| panic!("no row {measure:?} {kind} {line:?}: {table}"))
}

fn starts(value: &Value, prefix: &str) {
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("{value} is not a string"));
    assert!(
        text.starts_with(prefix),
        "{text} does not start with {prefix}"
    );
}

#[test]
fn statements_show_gaap_eps_as_stated_and_keep_the_computed_figure() {
    let text = ok(&["statements"]);
    assert!(
        text.contains(
            "Basic net income (loss) per share                                $2.08               $1.70\n\
             Diluted net income (loss) per share                              $2.04               $1.68\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("the release states 2.08, which the company computes"),
        "{text}"
    );
    assert!(
        text.contains("from the figures as printed it is 2.07."),
        "{text}"
    );
    assert!(
        !text.contains("per share                                 n/a"),
        "{text}"
    );
    let value = json(&["statements"]);
    let basic = row(&value["tables"][0], Some("eps-basic"), "per_share", None);
    let fy2024 = &basic["cells"][0];
    assert_eq!(fy2024["period"], "FY-2024");
    assert_eq!(fy2024["shown"], "$2.08");
    assert_eq!(fy2024["rounded"], "2.08");
    assert_eq!(fy2024["published"], "2.08");
    starts(&fy2024["computed"], "2.07468879");
    assert_eq!(fy2024["value"], fy2024["computed"]);
    // No share counts: the stated figure, and nothing computed.
    let fy2023 = &basic["cells"][1];
    assert_eq!(fy2023["period"], "FY-2023");
    assert_eq!(fy2023["shown"], "$1.70");
    assert_eq!(fy2023["published"], "1.70");
    assert_eq!(fy2023["computed"], Value::Null);
    assert_eq!(fy2023["value"], Value::Null);
    let net_income = row(&value["tables"][0], None, "line", Some("net_income"));
    assert_eq!(net_income["cells"][0]["value"], "1000");
}

#[test]
fn the_matrix_shows_the_stated_figures_and_notes_how_each_row_adds_across() {
    let text = ok(&["matrix", "--period", "FY2024"]);
    assert!(
        text.contains(
            "  Per basic share (3)                    $2.08               $0.12             $(0.03)               $2.17\n\
             \x20 Per diluted share (4)                  $2.04               $0.12             $(0.03)               $2.14\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("(3) Per basic share: GAAP is shown as the release states it, 2.08,"),
        "{text}"
    );
    assert!(
        text.contains("(4) Per diluted share: the release prints non-GAAP 2.14; computed from the model it is 2.13,"),
        "{text}"
    );
    assert!(
        !text.contains("(*)"),
        "2.08 + 0.12 - 0.03 = 2.17 adds across: {text}"
    );
    let value = json(&["matrix", "--period", "FY2024"]);
    let table = &value["tables"][0];
    let basic = row(table, Some("eps-basic"), "per_share", None);
    let gaap = &basic["cells"][0];
    assert_eq!(gaap["period"], "FY-2024");
    assert_eq!(gaap["column"], "gaap");
    assert_eq!(gaap["shown"], "$2.08");
    assert_eq!(gaap["published"], "2.08");
    starts(&gaap["computed"], "2.07468879");
    let restructuring = &basic["cells"][1];
    assert_eq!(restructuring["column"], "restructuring");
    assert_eq!(restructuring["published"], "0.12");
    starts(&restructuring["computed"], "0.12448132");
    let diluted = row(table, Some("eps-diluted"), "per_share", None);
    let non_gaap = diluted["cells"].as_array().unwrap().last().unwrap();
    assert_eq!(non_gaap["column"], "non_gaap");
    assert_eq!(non_gaap["shown"], "$2.14");
    assert_eq!(non_gaap["published"], "2.14");
    starts(&non_gaap["value"], "2.13265306");
    let net_income = row(table, None, "line", Some("net_income"));
    let last = net_income["cells"].as_array().unwrap().last().unwrap();
    assert_eq!(last["value"], "1045.00");
    assert_eq!(last["published"], "1045");
    // A period without share counts: the release's own per-share bridge,
    // GAAP EPS as stated plus the restructuring per share as stated.
    let text = ok(&["matrix", "--period", "FY2023"]);
    assert!(
        text.contains("  Per basic share (3)                    $1.70               $0.16                   -               $1.86\n"),
        "{text}"
    );
    assert!(
        text.contains("  Per diluted share (4)                  $1.68               $0.16                   -               $1.84\n"),
        "{text}"
    );
}

#[test]
fn reconciliation_json_keeps_computed_and_published_apart_with_stable_keys() {
    let value = json(&["--period", "FY2024,FY2023", "--measure", "net-income,eps"]);
    let table = &value["tables"][0];
    let total = row(table, Some("net-income"), "non_gaap", None);
    assert_eq!(total["cells"][0]["value"], "1045.00");
    assert_eq!(total["cells"][0]["published"], "1045");
    assert_eq!(total["cells"][1]["value"], "875.00");
    assert_eq!(total["cells"][1]["published"], Value::Null);
    let adjustment = row(table, Some("net-income"), "adjustment", None);
    assert_eq!(adjustment["adjustment"], "restructuring");
    assert_eq!(adjustment["cells"][0]["value"], "60");
    let tax = row(table, Some("net-income"), "tax", None);
    assert_eq!(tax["cells"][0]["value"], "-15.00");
    // `value` is the computed figure, even where the release's is shown.
    let diluted = row(table, Some("eps-diluted"), "non_gaap", None);
    let cell = &diluted["cells"][0];
    starts(&cell["value"], "2.13265306");
    assert_eq!(cell["computed"], cell["value"]);
    assert_eq!(cell["published"], "2.14");
    assert_eq!(cell["rounded"], "2.14");
    assert_eq!(cell["shown"], "$2.14");
    let gaap = row(table, Some("eps-basic"), "gaap", None);
    assert_eq!(gaap["cells"][0]["shown"], "$2.08");
    assert_eq!(gaap["cells"][0]["published"], "2.08");
    starts(&gaap["cells"][0]["computed"], "2.07468879");
    let per_share = row(table, Some("eps-basic"), "adjustment", None);
    assert_eq!(per_share["cells"][0]["published"], "0.12");
    starts(&per_share["cells"][0]["value"], "0.12448132");
    let shares = row(table, Some("eps-diluted"), "shares", None);
    assert_eq!(shares["side"], "gaap");
    assert_eq!(shares["cells"][0]["value"], "490");
}

#[test]
fn explain_shows_the_stated_gaap_figure_in_text_and_json() {
    let text = ok(&["explain", "--period", "FY2024", "eps-basic"]);
    assert!(
        text.contains("  GAAP net income (loss) per basic share 2.08 as stated at "),
        "{text}"
    );
    assert!(text.contains("482 basic shares = 2.0747"), "{text}");
    let value = json(&["explain", "--period", "FY2024", "eps-diluted"]);
    let figure = &value["figures"][0];
    assert_eq!(figure["measure"], "eps-diluted");
    assert_eq!(figure["kind"], "per_share");
    assert_eq!(figure["period"], "FY-2024");
    starts(&figure["computed"], "2.13265306");
    assert_eq!(figure["published"], "2.14");
    assert_eq!(figure["shown"], "2.14");
    assert_eq!(figure["gaap"]["published"], "2.04");
    assert_eq!(figure["gaap"]["shown"], "2.04");
    let amount = &value["figures"][1];
    assert_eq!(amount["measure"], "net-income");
    assert_eq!(amount["kind"], "non_gaap");
    assert_eq!(amount["value"], "1045.00");
    assert_eq!(amount["gaap"]["computed"], "1000");
    assert!(
        amount["explanation"][0]
            .as_str()
            .is_some_and(|l| l.starts_with("Non-GAAP net income (loss) FY-2024: 1,045")),
        "{amount}"
    );
}
