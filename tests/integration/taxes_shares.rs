//! Taxes, shares and per-share figures as releases present them: one
//! combined tax row, net-of-tax adjustments, share units, basic-only EPS,
//! preferred dividends with the if-converted method, printed per-share
//! amounts, and quarterly EPS as year to date less prior year to date.

use crate::snapshot;
use crate::support::{fixture_args, money, per_share, reconcile_measures, run};
use reconcile::model::NonGaapMeasure;
use reconcile::view::{Block, ShareBasis};

fn fixture(case: &str, measures: &str) -> reconcile::view::Reconciliation {
    let base = format!("tests/fixtures/{case}");
    reconcile_measures(
        &format!("{base}/statements"),
        &format!("{base}/adjustments"),
        None,
        Some(measures),
    )
}

fn output(case: &str, extra: &[&str]) -> String {
    let mut args = fixture_args(case);
    args.extend(extra.iter().map(|a| a.to_string()));
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{case}: {}", out.stderr);
    out.stdout
}

#[test]
fn three_adjustments_share_one_combined_tax_row_and_one_tax_note() {
    let rec = fixture("combined_tax_effect", "net-income,eps-diluted");
    let ni = rec.amount(NonGaapMeasure::NetIncome).unwrap();
    let c = &ni.columns[0];
    assert_eq!(
        c.effects.iter().map(|&e| money(e)).collect::<Vec<_>>(),
        ["30", "20", "50", "-"]
    );
    // 25% of the group's 100, on the tax-effect adjustment's own row.
    assert_eq!(money(c.taxes[3]), "(25)");
    assert_eq!(money(c.tax), "-", "no combined row beside it");
    assert_eq!(money(c.non_gaap), "225");
    let text = output(
        "combined_tax_effect",
        &["--measure", "net-income,eps-diluted"],
    );
    let tax_rows = text
        .lines()
        .filter(|l| l.trim_start().starts_with("Income tax effect"))
        .count();
    assert_eq!(tax_rows, 2, "one tax row per block:\n{text}");
    assert_eq!(
        text.matches("25% of the sum of the pre-tax adjustments")
            .count(),
        1,
        "{text}"
    );
    assert!(!text.contains("Income tax effect of adjustments"), "{text}");
    // The printed per-share figure is kept, and its difference noted.
    let p = rec.per_share(ShareBasis::Diluted).unwrap().columns[0]
        .as_ref()
        .unwrap();
    assert_eq!(per_share(p.non_gaap), "2.14");
    assert!(text.contains("$2.14"), "{text}");
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("Restructuring: the release prints 0.47 per diluted share; the amount divided by the shares gives 0.48"),
        "{text}"
    );
    snapshot!("fixture_combined_tax_effect", text);
}

#[test]
fn an_adjustment_net_of_tax_moves_only_after_tax_measures_and_says_so() {
    let rec = fixture("net_of_tax", "operating-income,net-income,eps-basic");
    let op = rec.amount(NonGaapMeasure::OperatingIncome).unwrap();
    assert_eq!(money(op.columns[0].non_gaap), "300");
    assert!(op.moves.iter().all(|m| !m));
    let ni = rec.amount(NonGaapMeasure::NetIncome).unwrap();
    assert_eq!(money(ni.columns[0].effects[0]), "65");
    assert_eq!(money(ni.columns[0].non_gaap), "275");
    let b = rec.per_share(ShareBasis::Basic).unwrap().columns[0]
        .as_ref()
        .unwrap();
    assert_eq!(
        (per_share(b.gaap), per_share(b.non_gaap)),
        ("2.10".into(), "2.75".into())
    );
    // Basic EPS only: the default reconciles basic EPS, and no tax row.
    let text = output("net_of_tax", &[]);
    assert!(text.contains("per basic share"), "{text}");
    assert!(!text.contains("per diluted share"), "{text}");
    assert!(!text.contains("Income tax effect"), "{text}");
    assert!(text.contains("Stated net of income tax"), "{text}");
    snapshot!("fixture_net_of_tax", text);
}

#[test]
fn share_counts_print_as_written_in_their_own_units() {
    let text = output("shares_in_whole_units", &[]);
    assert!(text.contains("10,987,654"), "{text}");
    assert!(
        text.contains("(In thousands, except per share data; shares in units)"),
        "{text}"
    );
    // 5,000 thousand dollars over 10,987,654 shares.
    assert!(text.contains("$0.46"), "{text}");
    assert!(text.contains("$0.55"), "{text}");
    snapshot!("fixture_shares_in_whole_units", text);
    let text = output("shares_in_millions", &[]);
    assert!(text.contains("42.3"), "{text}");
    assert!(!text.contains(" 42\n"), "{text}");
    // 1,000.4 million over 42.3 million shares.
    assert!(text.contains("$23.65"), "{text}");
    snapshot!("fixture_shares_in_millions", text);
    let out = run(&[
        "--statements",
        "tests/fixtures/shares_in_millions/statements",
        "--adjustments",
        "tests/fixtures/shares_in_millions/adjustments",
        "statements",
    ]);
    assert!(out.stdout.contains("41.7"), "{}", out.stdout);
}

#[test]
fn preferred_dividends_adjusted_and_the_if_converted_method() {
    let rec = fixture("preferred_if_converted", "income-available-to-common,eps");
    let common = rec.amount(NonGaapMeasure::IncomeAvailableToCommon).unwrap();
    assert_eq!(money(common.columns[0].gaap), "900");
    assert_eq!(money(common.columns[0].non_gaap), "1,140");
    let basic = rec.per_share(ShareBasis::Basic).unwrap().columns[0]
        .as_ref()
        .unwrap();
    assert_eq!(per_share(basic.non_gaap), "1.14");
    let diluted = rec.per_share(ShareBasis::Diluted).unwrap().columns[0]
        .as_ref()
        .unwrap();
    // (1,140 + 60 added back) / (1,000 + 60 conversion shares): 1.13, below
    // the 1.14 without them. GAAP's 900 / 1,000 = 0.90 stays as reported:
    // converted it would be (900 + 60) / 1,060 = 0.91, anti-dilutive.
    assert_eq!(money(diluted.non_gaap_shares.count), "1,060");
    assert_eq!(per_share(diluted.if_converted), "0.06");
    assert_eq!(per_share(diluted.gaap), "0.90");
    assert_eq!(money(diluted.gaap_shares.count), "1,000");
    assert_eq!(per_share(diluted.non_gaap), "1.13");
    let blocks = rec
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::PerShare(_)))
        .count();
    assert_eq!(blocks, 2);
    snapshot!(
        "fixture_preferred_if_converted",
        output(
            "preferred_if_converted",
            &["--measure", "income-available-to-common,eps"]
        )
    );
}

#[test]
fn quarterly_eps_as_year_to_date_less_prior_year_to_date_ties() {
    let mut args = fixture_args("eps_ytd_difference");
    args.push("check".into());
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("6 reported EPS figures tie"),
        "{}",
        out.stdout
    );
    // The same figures without the declaration are a finding.
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ytd_undeclared");
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(
        crate::support::root().join("tests/fixtures/eps_ytd_difference/statements/company.toml"),
    )
    .unwrap()
    .replace("ytd_difference = true", "");
    std::fs::write(dir.join("company.toml"), text).unwrap();
    let out = run(&[
        "--statements",
        dir.join("company.toml").to_str().unwrap(),
        "--adjustments",
        "tests/fixtures/eps_ytd_difference/adjustments",
        "check",
    ]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("reported basic EPS does not tie in period Q2-2024"),
        "{}",
        out.stderr
    );
}

/// A quarter whose EPS is year to date less the prior year to date, in a
/// release that prints no year-to-date EPS: not a refusal; the quarter ties
/// to its own shares within rounding (204 / 741 = 0.2753; the rounded
/// inputs allow 0.2744 to 0.2762, which reaches 0.27), and `check` says so.
/// A figure its own shares cannot give is still a finding.
#[test]
fn quarterly_eps_without_its_year_to_date_ties_to_its_own_shares() {
    let mut args = fixture_args("eps_ytd_without_year_to_date");
    args.push("check".into());
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(
            "Q4-2004: EPS is year to date less the prior year to date (ytd_difference), but the model lacks a year to date; tied to its own shares instead"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("the inputs allow 0.2744 to 0.2762"),
        "{}",
        out.stdout
    );
    // Net income 204 less the gain of 24: 180; 180 / 741 = 0.2429.
    let mut args = fixture_args("eps_ytd_without_year_to_date");
    args.extend(["--measure", "net-income,eps-basic"].map(String::from));
    let table = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(table.stdout.contains("$180"), "{}", table.stdout);
    assert!(table.stdout.contains("$0.24"), "{}", table.stdout);

    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ytd_without_wrong");
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(
        crate::support::root()
            .join("tests/fixtures/eps_ytd_without_year_to_date/statements/company.toml"),
    )
    .unwrap()
    .replace("basic = \"0.27\"", "basic = \"0.30\"");
    std::fs::write(dir.join("company.toml"), text).unwrap();
    let out = run(&[
        "--statements",
        dir.join("company.toml").to_str().unwrap(),
        "--adjustments",
        "tests/fixtures/eps_ytd_without_year_to_date/adjustments",
        "check",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("reported basic EPS does not tie in period Q4-2004"),
        "{}",
        out.stderr
    );
}

/// An adjustment stated before and after tax (`treatment = "after-tax"`):
/// the pre-tax amount moves operating income, the after-tax amount net
/// income, and the tax effect between them is derived and shown. By hand:
/// operating income 1,000 + 1,500 + 300 = 2,800; net income 700 + 1,500 +
/// 300 + (200 - 300) = 2,400. A charge placed in a profit subtotal larger
/// than the subtotal only raises it: no note calls it more than the line.
#[test]
fn an_adjustment_stated_before_and_after_tax_derives_its_tax_effect() {
    let rec = crate::support::fixture_rec("after_tax_amounts", None, "operating-income,net-income");
    let operating = &rec
        .amount(reconcile::model::NonGaapMeasure::OperatingIncome)
        .unwrap()
        .columns[0];
    assert_eq!(operating.non_gaap, rust_decimal::Decimal::from(2800));
    assert!(operating.taxes.iter().all(|t| t.is_zero()));
    let net = &crate::support::net_income(&rec)[0];
    assert_eq!(net.gaap, rust_decimal::Decimal::from(700));
    assert_eq!(net.tax, rust_decimal::Decimal::from(-100));
    assert_eq!(net.non_gaap, rust_decimal::Decimal::from(2400));

    let mut args = fixture_args("after_tax_amounts");
    args.extend(["--measure", "operating-income,net-income"].map(String::from));
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("  Income tax effect of adjustments (3)               (100)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(
            "Legal settlement:\nthe difference between its pre-tax amount and its effect after tax"
        ),
        "{}",
        out.stdout
    );
    assert!(
        !out.stdout.contains("more than the line itself"),
        "{}",
        out.stdout
    );
}

/// A period with no share counts reconciles per share from the release's
/// own bridge: GAAP EPS as printed plus each adjustment's printed amount
/// (0.50 + 0.10 + 0.05 = 0.65). Where an amount is not printed (Q1-2004's
/// stock-based compensation), nothing is guessed: n/a, with what is missing.
#[test]
fn a_per_share_bridge_without_counts_sums_the_printed_amounts() {
    let rec = crate::support::fixture_rec(
        "per_share_bridge_without_counts",
        Some("Q1-2005,Q1-2004"),
        "net-income,eps-diluted",
    );
    let block = rec.per_share(reconcile::view::ShareBasis::Diluted).unwrap();
    let q1 = block.columns[0].as_ref().expect("a bridge for Q1-2005");
    assert!(q1.bridge);
    assert_eq!(q1.gaap, "0.50".parse().unwrap());
    assert_eq!(q1.non_gaap, "0.65".parse().unwrap());
    assert!(block.columns[1].is_none(), "Q1-2004 lacks a printed amount");

    let mut args = fixture_args("per_share_bridge_without_counts");
    args.extend(["--period", "all", "--measure", "eps-diluted"].map(String::from));
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("Non-GAAP net income (loss) per diluted share (3)               $0.65                 n/a"),
        "{}",
        out.stdout
    );
    assert!(
        !out.stdout.contains("Weighted average shares used"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("Income tax effect"), "{}", out.stdout);
    assert!(
        out.stdout.contains("and no complete per-share bridge"),
        "{}",
        out.stdout
    );
}

#[test]
fn an_effective_rate_makes_the_non_gaap_provision_that_rate_of_non_gaap_pretax_income() {
    // Hand-computed in tests/fixtures/effective_rate/statements/company.toml.
    let rec = fixture(
        "effective_rate",
        "operating-income,pretax-income,net-income,eps",
    );
    let id = |id: &str| rec.adjustments.iter().position(|a| a.id == id).unwrap();
    let group = id("income_tax_effect");
    let operating = rec.amount(NonGaapMeasure::OperatingIncome).unwrap();
    let pretax = rec.amount(NonGaapMeasure::PretaxIncome).unwrap();
    let net = rec.amount(NonGaapMeasure::NetIncome).unwrap();
    let basic = rec.per_share(ShareBasis::Basic).unwrap();
    let diluted = rec.per_share(ShareBasis::Diluted).unwrap();
    // Columns: FY-2024, FY-2023 (most recent first).
    let cases = [
        // operating, pretax, tax row, net, basic, diluted, diluted count
        (
            ("2,600", "3,200"),
            ("2,700", "3,300"),
            "(153)",
            ("2,160", "2,607"),
            ("2.16", "2.61"),
            ("2.00", "2.41"),
            ("1,080", "1,080"),
        ),
        (
            ("(500)", "850"),
            ("(450)", "900"),
            "(279)",
            ("(360)", "711"),
            ("(0.36)", "0.71"),
            ("(0.36)", "0.67"),
            ("1,000", "1,060"),
        ),
    ];
    for (c, (op, pt, tax, ni, b, dl, count)) in cases.into_iter().enumerate() {
        let o = &operating.columns[c];
        assert_eq!(
            (money(o.gaap), money(o.non_gaap)),
            (op.0.into(), op.1.into())
        );
        let p = &pretax.columns[c];
        assert_eq!(
            (money(p.gaap), money(p.non_gaap)),
            (pt.0.into(), pt.1.into())
        );
        let n = &net.columns[c];
        assert_eq!(money(n.taxes[group]), tax, "column {c}");
        assert_eq!(
            (money(n.gaap), money(n.non_gaap)),
            (ni.0.into(), ni.1.into())
        );
        // Non-GAAP net income is non-GAAP pretax income less 21% of it.
        assert_eq!(
            n.non_gaap,
            p.non_gaap - p.non_gaap * rust_decimal::Decimal::new(21, 2)
        );
        let bc = basic.columns[c].as_ref().unwrap();
        assert_eq!(
            (per_share(bc.gaap), per_share(bc.non_gaap)),
            (b.0.into(), b.1.into())
        );
        let dc = diluted.columns[c].as_ref().unwrap();
        assert_eq!(
            (per_share(dc.gaap), per_share(dc.non_gaap)),
            (dl.0.into(), dl.1.into())
        );
        assert_eq!(
            (money(dc.gaap_shares.count), money(dc.non_gaap_shares.count)),
            (count.0.into(), count.1.into())
        );
    }
}

/// A release that prints only the non-GAAP diluted count (no GAAP count, no
/// GAAP loss per share): the non-GAAP figure divides by it, 250 / 400 =
/// 0.625 -> 0.63, and the GAAP per-share cell is n/a with a note; no GAAP
/// figure is computed on the non-GAAP count.
#[test]
fn a_non_gaap_count_alone_gives_the_non_gaap_figure_and_no_gaap_one() {
    let rec = crate::support::fixture_rec(
        "non_gaap_count_alone",
        Some("FY-2024,FY-2023"),
        "net-income,eps-diluted",
    );
    let block = rec.per_share(reconcile::view::ShareBasis::Diluted).unwrap();
    let column = block.columns[0].as_ref().expect("a per-share column");
    assert!(column.gaap_missing);
    assert_eq!(money(column.non_gaap_shares.count), "400");
    assert_eq!(column.non_gaap.normalize().to_string(), "0.625");
    assert_eq!(per_share(column.non_gaap), "0.63");

    // A GAAP loss per share the release prints is shown as printed.
    let prior = block.columns[1].as_ref().expect("FY-2023");
    assert!(prior.gaap_missing);
    assert_eq!(per_share(prior.non_gaap), "0.50");
    assert_eq!(prior.gaap_printed.map(per_share).as_deref(), Some("(0.30)"));

    let mut args = fixture_args("non_gaap_count_alone");
    args.extend(["--measure", "eps-diluted", "--period", "FY-2024,FY-2023"].map(String::from));
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{}", out.stderr);
    let row = |label: &str| {
        out.stdout
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("{label}: {}", out.stdout))
            .to_string()
    };
    let cells = |label: &str| -> Vec<String> {
        let line = row(label);
        let words: Vec<String> = line.split_whitespace().map(String::from).collect();
        words[words.len() - 2..].to_vec()
    };
    assert_eq!(
        cells("GAAP net income (loss) per diluted share ("),
        ["n/a", "$(0.30)"]
    );
    assert_eq!(
        cells("Non-GAAP net income (loss) per diluted share"),
        ["$0.63", "$0.50"]
    );
    assert!(
        out.stdout
            .contains("the release prints no GAAP share count"),
        "{}",
        out.stdout
    );
    // The model ties out: a non-GAAP count alone is not an error.
    let mut args = fixture_args("non_gaap_count_alone");
    args.push("check".into());
    let check = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(check.code, 0, "{}", check.stderr);
}

/// The if-converted method in the matrix and in explain: non-GAAP diluted
/// EPS is (1,140 + 60) / (1,000 + 60) = 1.1321, so the diluted row adds
/// across as 0.90 + 0.0377 + 0.1887 - 0.0472 (the larger count) + 0.0566
/// (the dividends added back); the note names both and the reason, and
/// explain names the dividends and shares added, where they are written.
#[test]
fn the_if_converted_add_back_is_named_in_the_matrix_and_explain() {
    let mut args = fixture_args("preferred_if_converted");
    args.push("matrix".into());
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{}", out.stderr);
    let flat = out.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("because the convertible preferred stock is treated as converted for non-GAAP, where it dilutes"),
        "{}",
        out.stdout
    );
    assert!(
        flat.contains("the effect of the share count, (0.05), and the preferred dividends added back, 0.06, per diluted share"),
        "{}",
        out.stdout
    );
    let mut args = fixture_args("preferred_if_converted");
    args.extend(["explain", "eps-diluted"].map(String::from));
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("1.1321 = non-GAAP numerator / 1,060 diluted shares"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("adds the preferred dividends of the convertible, as converted: 60 at"),
        "{}",
        out.stdout
    );
}

/// A quarter whose GAAP EPS is year to date less the prior year to date
/// (2.06 - 1.00 = 1.06) starts its column from that printed figure; the
/// rows are computed from the quarter's own figures (110 / 110 = 1.00;
/// 1.00 + 0.09 = 1.09), and the note says so instead of calling the
/// difference rounding.
#[test]
fn a_year_to_date_difference_is_explained_not_called_rounding() {
    let mut args = fixture_args("eps_ytd_difference");
    args.extend(["--period", "Q2-2024", "--measure", "eps-basic"].map(String::from));
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{}", out.stderr);
    let flat = out.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("GAAP net income (loss) per basic share (3) $1.06"),
        "{}",
        out.stdout
    );
    assert!(
        flat.contains("Non-GAAP net income (loss) per basic share $1.09"),
        "{}",
        out.stdout
    );
    assert!(
        flat.contains(
            "as year to date less the prior year to date, 1.06; the period's own figures give 1.00"
        ),
        "{}",
        out.stdout
    );
    assert!(!flat.contains("do not sum"), "{}", out.stdout);
}

/// The boundary of "the non-GAAP diluted count is below basic": a count
/// equal to basic (no potential shares dilute the non-GAAP result) is no
/// finding. The error fixture's 90 is; its copy with 100 is not.
#[test]
fn a_non_gaap_diluted_count_equal_to_basic_is_not_below_it() {
    let case = "tests/fixtures/err_non_gaap_diluted_below_basic";
    let dir = crate::xbrl::tempdir::Dir::new("non-gaap-diluted-equal");
    let text = std::fs::read_to_string(
        crate::support::root()
            .join(case)
            .join("statements/company.toml"),
    )
    .unwrap();
    let equal = text.replacen("non_gaap_diluted = 90 ", "non_gaap_diluted = 100", 1);
    assert_ne!(equal, text);
    std::fs::write(dir.path().join("company.toml"), equal).unwrap();
    let adjustments = crate::support::root().join(case).join("adjustments");
    let out = crate::support::run(&[
        "check",
        "--statements",
        dir.path().to_str().unwrap(),
        "--adjustments",
        adjustments.to_str().unwrap(),
    ]);
    assert!(!out.stderr.contains("below basic"), "{}", out.stderr);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
}

/// Zero income is not a loss: diluted EPS still divides by the diluted
/// count, and a finding does not call the period a loss (the boundary of
/// `income < 0` taking `<=` survived mutation).
#[test]
fn zero_income_ties_diluted_eps_to_the_diluted_count_not_as_a_loss() {
    let case = "tests/fixtures/err_non_gaap_diluted_below_basic";
    let dir = crate::xbrl::tempdir::Dir::new("zero-income-eps");
    let text = std::fs::read_to_string(
        crate::support::root()
            .join(case)
            .join("statements/company.toml"),
    )
    .unwrap();
    let zero = text
        .replacen("revenue = 1000", "revenue = 1200", 1)
        .replacen("net_income = -200", "net_income = 0", 1)
        .replacen(
            "diluted = 100                      # as printed for the GAAP loss: potential shares are anti-dilutive\nnon_gaap_diluted = 90              # below basic\n",
            "diluted = 110\n\n[period.eps]\nbasic = \"0.00\"\ndiluted = \"0.01\"\n",
            1,
        );
    assert_eq!(zero.matches("[period.eps]").count(), 1, "{zero}");
    std::fs::write(dir.path().join("company.toml"), zero).unwrap();
    let adjustments = crate::support::root().join(case).join("adjustments");
    let out = crate::support::run(&[
        "check",
        "--statements",
        dir.path().to_str().unwrap(),
        "--adjustments",
        adjustments.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr
            .contains("reported diluted EPS does not tie in period FY-2024"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("computed: net income (loss) 0 / 110 diluted shares = 0 "),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("a loss"), "{}", out.stderr);
    assert!(
        !out.stderr.contains("reported basic EPS"),
        "basic 0.00 ties: {}",
        out.stderr
    );
}
