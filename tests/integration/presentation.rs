//! What a release prints, as it prints it (issue 23): a tax rate that
//! changes by fiscal year, IFRS and the regulator's rules, the release's own
//! footnote markers in labels, and a bridge printed from non-GAAP to GAAP.
//! Every figure is computed by hand in the comments and asserted.

use crate::snapshot;
use crate::support::{fixture_args, fixture_rec, net_income, run};
use rust_decimal::Decimal;

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn output(case: &str, extra: &[&str]) -> String {
    let mut args = fixture_args(case);
    args.extend(extra.iter().map(|a| a.to_string()));
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{case}: {}", out.stderr);
    out.stdout
}

#[test]
fn each_period_is_taxed_at_the_rate_of_its_fiscal_year() {
    let rec = fixture_rec(
        "tax_rate_by_fiscal_year",
        Some("FY-2025,FY-2024,9M-2025,9M-2024,Q4-2025,TTM-Q3-2025"),
        "net-income",
    );
    let columns = net_income(&rec);
    // The tax-effect row (the third adjustment) of each column: the rate of
    // the fiscal year times restructuring plus stock-based compensation.
    let tax: Vec<Decimal> = columns.iter().map(|c| c.taxes[2]).collect();
    assert_eq!(
        tax,
        [
            dec("-37.6"), // FY-2025: 23.5% x (100 + 60)
            dec("-35.2"), // FY-2024: 22% x (100 + 60)
            dec("-23.5"), // 9M-2025: 23.5% x (60 + 40)
            dec("-26.4"), // 9M-2024: 22% x (80 + 40)
            dec("-14.1"), // Q4-2025 = FY-2025 - 9M-2025: 37.6 - 23.5, all at 23.5%
            dec("-32.3"), // TTM-Q3-2025 = FY-2024 - 9M-2024 + 9M-2025: 35.2 - 26.4 + 23.5
        ]
    );
    let non_gaap: Vec<Decimal> = columns.iter().map(|c| c.non_gaap).collect();
    assert_eq!(
        non_gaap,
        [
            dec("504.4"), // 382 + 160 - 37.6
            dec("436.8"), // 312 + 160 - 35.2
            dec("382.5"), // 306 + 100 - 23.5
            dec("327.6"), // 234 + 120 - 26.4
            dec("121.9"), // 76 + 60 - 14.1
            dec("491.7"), // 384 + 140 - 32.3
        ]
    );
    // The note says the rate of each column.
    let text = output(
        "tax_rate_by_fiscal_year",
        &["--period", "FY-2025,FY-2024,Q4-2025,TTM-Q3-2025"],
    );
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let said = "rate of the fiscal year that contains each column times the sum of the pre-tax adjustments (Restructuring, Stock-based compensation), with the opposite sign: 23.5% for Year Ended Dec. 31, 2025; 22% for Year Ended Dec. 31, 2024; 23.5% for Three Months Ended Dec. 31, 2025; for Twelve Months Ended Sept. 30, 2025, the rate of each period it is derived from.";
    assert!(words.contains(said), "{text}");
    snapshot!("fixture_tax_rate_by_fiscal_year", text);
}

#[test]
fn ifrs_says_ifrs_and_the_csa_permits_free_cash_flow_per_share() {
    let case = "ifrs_csa_free_cash_flow_per_share";
    let text = output(
        case,
        &["--measure", "net-income,eps-diluted,free_cash_flow"],
    );
    // Every generated label and title says IFRS; none says GAAP.
    for said in [
        "Reconciliation of IFRS to Non-IFRS Measures",
        "IFRS net income (loss) ",
        "Non-IFRS net income (loss) ",
        "IFRS net income (loss) per diluted share",
    ] {
        assert!(text.contains(said), "{said}:\n{text}");
    }
    assert!(!text.contains("GAAP"), "{text}");
    // Free cash flow 1,200 - 350 - 50 = 800; per share 800 / 100 = 8.00.
    let rec = fixture_rec(case, None, "free_cash_flow");
    let fcf = rec
        .blocks
        .iter()
        .find_map(|b| match b {
            reconcile::view::Block::PerShare(p) => p.columns[0].as_ref().map(|c| c.non_gaap),
            _ => None,
        })
        .expect("free cash flow per share");
    assert_eq!(fcf, dec("8"));
    assert!(text.contains("Free cash flow per share"), "{text}");
    // Under the CSA the SEC's NG004 is not in force: the lint passes.
    let mut args = fixture_args(case);
    args.push("lint".into());
    let lint = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(lint.code, 0, "{}{}", lint.stdout, lint.stderr);
    assert!(
        lint.stdout.contains("the CSA's non-GAAP rules"),
        "{}",
        lint.stdout
    );
    assert!(lint.stdout.contains("6 lints in force"), "{}", lint.stdout);
    let matrix = output(case, &["matrix", "--period", "FY-2024"]);
    assert!(
        matrix.contains("IFRS to Non-IFRS Statement of Operations"),
        "{matrix}"
    );
    assert!(!matrix.contains("GAAP"), "{matrix}");
    snapshot!("fixture_ifrs_csa", format!("{text}\n{matrix}"));
}

#[test]
fn under_the_sec_free_cash_flow_per_share_is_ng004_which_allow_lifts() {
    let dir = std::env::temp_dir().join(format!("reconcile-ng004-{}", std::process::id()));
    let from = crate::support::root().join("tests/fixtures/err_liquidity_measure_per_share");
    for sub in ["statements", "adjustments"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        for entry in std::fs::read_dir(from.join(sub)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.join(sub).join(entry.file_name())).unwrap();
        }
    }
    let lint = || {
        let args = [
            "--statements".to_string(),
            dir.join("statements").display().to_string(),
            "--adjustments".to_string(),
            dir.join("adjustments").display().to_string(),
            "lint".to_string(),
        ];
        run(&args.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let found = lint();
    assert_eq!(found.code, 1, "{}", found.stderr);
    assert!(found.stderr.contains("error[NG004]"), "{}", found.stderr);
    // The model allows it, with the reason, at its top level.
    let statements = dir.join("statements/company.toml");
    let text = std::fs::read_to_string(&statements).unwrap();
    let at = text.find("[entity]").unwrap();
    let allow =
        "allow = [{ lint = \"NG004\", reason = \"The release presents it per share.\" }]\n\n";
    std::fs::write(
        &statements,
        format!("{}{allow}{}", &text[..at], &text[at..]),
    )
    .unwrap();
    let allowed = lint();
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(allowed.code, 0, "{}{}", allowed.stdout, allowed.stderr);
    assert!(
        allowed
            .stdout
            .contains("allowed: NG004 allowed for the model: The release presents it per share."),
        "{}",
        allowed.stdout
    );
}

#[test]
fn a_release_marker_in_a_label_is_kept_and_the_tool_marks_with_letters() {
    let case = "labels_with_release_markers";
    // 150 + restructuring 40 + amortization 20 - 25% x 60 = 195.
    let rec = fixture_rec(case, None, "net-income");
    let c = &net_income(&rec)[0];
    assert_eq!(c.non_gaap, dec("195"));
    assert_eq!(c.taxes[2], dec("-15"));
    let text = output(case, &[]);
    for said in [
        "  Restructuring charges (1) (a) ",
        "  Amortization of purchased intangibles (2) (b) ",
        "  Income tax effect of non-GAAP adjustments (c) ",
        "\n(a) Restructuring charges (1): Costs",
        "Weighted average shares used (d)",
    ] {
        assert!(text.contains(said), "{said}:\n{text}");
    }
    let matrix = output(case, &["matrix", "--period", "FY-2009"]);
    assert!(
        matrix.contains("\n(a) Restructuring charges (1): "),
        "{matrix}"
    );
    snapshot!(
        "fixture_labels_with_release_markers",
        format!("{text}\n{matrix}")
    );
}

#[test]
fn a_bridge_printed_from_non_gaap_to_gaap_is_reproduced_and_linted() {
    let case = "bridge_non_gaap_first";
    let text = output(case, &[]);
    // Non-GAAP 150 + 40 - 10 = 180 first; the adjustments with the
    // opposite sign; GAAP 150 last. Per share: 1.80, 0.10, (0.40), 1.50.
    let rows: Vec<&str> = text.lines().skip(7).take(10).collect();
    let figures: Vec<(String, String)> = rows
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (label, figure) = l.trim_end().rsplit_once(' ').unwrap();
            (label.trim().to_string(), figure.to_string())
        })
        .collect();
    assert_eq!(
        figures,
        [
            ("Non-GAAP net income (loss)".to_string(), "$180".to_string()),
            ("Income tax effect of adjustments (1)".into(), "10".into()),
            ("Restructuring (2)".into(), "(40)".into()),
            ("GAAP net income (loss)".into(), "$150".into()),
            (
                "Non-GAAP net income (loss) per diluted share".into(),
                "$1.80".into()
            ),
            ("Income tax effect of adjustments".into(), "0.10".into()),
            ("Restructuring".into(), "(0.40)".into()),
            (
                "GAAP net income (loss) per diluted share".into(),
                "$1.50".into()
            ),
        ],
        "{text}"
    );
    assert!(
        text.contains("Reconciliation of Non-GAAP to GAAP Net Income (Loss)"),
        "{text}"
    );
    // The figures are the same as the GAAP-first bridge's.
    let rec = fixture_rec(case, None, "net-income");
    assert_eq!(net_income(&rec)[0].non_gaap, dec("180"));
    // NG017 is allowed with the release's reason, printed under the table.
    assert!(
        text.contains("Allowed under the SEC's rules: NG017 allowed for the model"),
        "{text}"
    );
    snapshot!("fixture_bridge_non_gaap_first", text);
}
