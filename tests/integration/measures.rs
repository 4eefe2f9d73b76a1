//! Declared non-GAAP measures, each with its own definition and its own
//! adjustments from the same GAAP start: Adjusted EBITDA with depreciation
//! from the cash-flow statement and stock-based compensation excluded from
//! it alone; adjusted net income and EPS; a REIT's FFO per diluted share on
//! a count that includes operating-partnership units.

use crate::snapshot;
use crate::support::{fixture_args, fixture_rec, money, per_share, run};
use reconcile::model::NonGaapMeasure;
use reconcile::view::{Block, ShareBasis};

fn fixture(case: &str, measures: &str) -> reconcile::view::Reconciliation {
    fixture_rec(case, None, measures)
}

/// A declared measure's per-share block.
fn per_share_block(
    rec: &reconcile::view::Reconciliation,
    measure: NonGaapMeasure,
) -> &reconcile::view::PerShareBlock {
    rec.blocks
        .iter()
        .find_map(|b| match b {
            Block::PerShare(p) if p.measure == measure => Some(p),
            _ => None,
        })
        .expect("a per-share block")
}

#[test]
fn adjusted_ebitda_and_adjusted_net_income_take_different_adjustments() {
    let rec = fixture("adjusted_ebitda", "adjusted_net_income,adjusted_ebitda");
    let net = rec.amount(NonGaapMeasure::Declared(0)).unwrap();
    assert_eq!(net.non_gaap_label, "Adjusted net income");
    // Stock-based compensation is not part of adjusted net income.
    assert_eq!(net.moves, [false, true, true]);
    assert_eq!(money(net.columns[0].non_gaap), "1,125");
    let eps = per_share_block(&rec, NonGaapMeasure::Declared(0));
    assert_eq!(eps.basis, ShareBasis::Diluted);
    assert_eq!(per_share(eps.columns[0].as_ref().unwrap().non_gaap), "2.16");
    let ebitda = rec.amount(NonGaapMeasure::Declared(1)).unwrap();
    assert_eq!(
        ebitda.term_labels,
        [
            "Interest expense",
            "Provision for income taxes",
            "Depreciation and amortization"
        ]
    );
    assert_eq!(
        ebitda.columns[0]
            .terms
            .iter()
            .map(|&t| money(t))
            .collect::<Vec<_>>(),
        ["200", "325", "600"]
    );
    assert_eq!(ebitda.moves, [true, true, false]);
    assert!(
        !ebitda.after_tax,
        "EBITDA is before income taxes: no tax row"
    );
    assert_eq!(money(ebitda.columns[0].non_gaap), "2,400");
    let mut args = fixture_args("adjusted_ebitda");
    args.extend(["--measure", "adjusted_net_income,adjusted_ebitda"].map(String::from));
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{}", out.stderr);
    snapshot!("fixture_adjusted_ebitda", out.stdout);
    // Adjusted EBITDA margin: a ratio of the declared measure to revenue,
    // 2,400 / 10,000; its GAAP counterpart net income margin, 975 / 10,000.
    let margin = fixture("adjusted_ebitda", "adjusted_ebitda_margin");
    let m = margin.ratio(NonGaapMeasure::Ratio(0)).unwrap();
    let column = m.columns[0].unwrap();
    assert_eq!(
        reconcile::report::number::round(column.gaap.unwrap(), 1).to_string(),
        "9.8"
    );
    assert_eq!(
        reconcile::report::number::round(column.non_gaap.unwrap(), 1).to_string(),
        "24.0"
    );
    assert_eq!(
        m.row_labels,
        Some((
            "Net income margin".to_string(),
            "Adjusted EBITDA margin".to_string()
        ))
    );
    let mut args = fixture_args("adjusted_ebitda");
    args.push("check".into());
    let check = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        check
            .stdout
            .contains("3 published non-GAAP figures tie to the model"),
        "{}",
        check.stdout
    );
}

#[test]
fn ffo_and_core_ffo_per_diluted_share_and_unit() {
    let rec = fixture("reit_ffo", "ffo,core_ffo");
    let ffo = rec.amount(NonGaapMeasure::Declared(0)).unwrap();
    assert_eq!(money(ffo.columns[0].gaap), "1,305");
    assert_eq!(
        ffo.columns[0]
            .terms
            .iter()
            .map(|&t| money(t))
            .collect::<Vec<_>>(),
        ["1,500", "100", "80", "145", "(300)"]
    );
    assert_eq!(money(ffo.columns[0].non_gaap), "2,830");
    let core = rec.amount(NonGaapMeasure::Declared(1)).unwrap();
    assert_eq!(money(core.columns[0].non_gaap), "2,880");
    let per_unit = |m: NonGaapMeasure| {
        rec.blocks
            .iter()
            .find_map(|b| match b {
                Block::PerShare(p) if p.measure == m => p.columns[0].clone(),
                _ => None,
            })
            .unwrap()
    };
    let ffo_share = per_unit(NonGaapMeasure::Declared(0));
    // GAAP EPS on 1,000 diluted shares; FFO on 1,150 shares and units, with
    // the convertible note's interest added back: (2,830 + 20) / 1,150.
    assert_eq!(money(ffo_share.gaap_shares.count), "1,000");
    assert_eq!(money(ffo_share.non_gaap_shares.count), "1,150");
    assert_eq!(per_share(ffo_share.gaap), "1.31");
    assert_eq!(per_share(ffo_share.non_gaap), "2.48");
    assert_eq!(
        per_share(per_unit(NonGaapMeasure::Declared(1)).non_gaap),
        "2.52"
    );
    let mut args = fixture_args("reit_ffo");
    args.extend(["--measure", "ffo,core_ffo"].map(String::from));
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{}", out.stderr);
    snapshot!("fixture_reit_ffo", out.stdout);
    let mut args = fixture_args("reit_ffo");
    args.push("measures".into());
    let listed = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert!(
        listed.stdout.contains(
            "ffo: FFO attributable to common shareholders and OP unitholders (performance)"
        ),
        "{}",
        listed.stdout
    );
    assert!(
        listed.stdout.contains("per share on `ffo_diluted`"),
        "{}",
        listed.stdout
    );
}

#[test]
fn a_bank_efficiency_ratio_and_pre_provision_net_revenue() {
    let rec = fixture("bank_efficiency", "efficiency_ratio,ppnr");
    let ratio = rec.ratio(NonGaapMeasure::Ratio(0)).unwrap();
    let m = ratio.columns[0].unwrap();
    // 650 / 1,000; then (650 - 60 merger costs) / (1,000 + 10 securities loss).
    assert_eq!(
        reconcile::report::number::round(m.gaap.unwrap(), 1).to_string(),
        "65.0"
    );
    assert_eq!(
        reconcile::report::number::round(m.non_gaap.unwrap(), 1).to_string(),
        "58.4"
    );
    let ppnr = rec.amount(NonGaapMeasure::Declared(0)).unwrap();
    assert_eq!(money(ppnr.columns[0].gaap), "300");
    assert_eq!(money(ppnr.columns[0].non_gaap), "420");
    assert!(!ppnr.after_tax);
    let mut args = fixture_args("bank_efficiency");
    args.push("check".into());
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("2 published non-GAAP figures tie to the model"),
        "{}",
        out.stdout
    );
}

/// Rounds a percentage as printed.
fn pct(value: rust_decimal::Decimal, places: u32) -> String {
    reconcile::report::number::round(value, places).to_string()
}

#[test]
fn a_bank_tangible_book_value_per_share_and_annualized_return_on_average_tce() {
    let rec = fixture(
        "bank_tangible",
        "tangible_common_equity,average_tangible_common_equity,roatce,efficiency_ratio,tce_to_tangible_assets",
    );
    // Columns: Q4-2023, then Q3-2023. Balances at each quarter's end date.
    let tce = rec.amount(NonGaapMeasure::Declared(0)).unwrap();
    assert_eq!(money(tce.columns[0].gaap), "90,600");
    assert_eq!(money(tce.columns[0].non_gaap), "78,000");
    assert_eq!(money(tce.columns[1].non_gaap), "75,000");
    // Per share on the shares outstanding at each date, GAAP (book value)
    // and non-GAAP alike: 90,600 / 10,050 and 78,000 / 10,050.
    let tbv = per_share_block(&rec, NonGaapMeasure::Declared(0));
    assert_eq!(tbv.non_gaap_label, "Tangible book value per share");
    assert_eq!(tbv.stated_count.as_deref(), Some("shares_outstanding"));
    let q4 = tbv.columns[0].as_ref().unwrap();
    assert_eq!(money(q4.gaap_shares.count), "10,050");
    assert_eq!(per_share(q4.gaap), "9.01");
    assert_eq!(per_share(q4.non_gaap), "7.76");
    assert_eq!(per_share(tbv.columns[1].as_ref().unwrap().non_gaap), "7.50");
    // Averages: Q4 the mean of 75,000 at Sept. 30 and 78,000 at Dec. 31;
    // Q3 the averages the release states (86,600 - 10,000 - 2,900).
    let average = rec.amount(NonGaapMeasure::Declared(2)).unwrap();
    assert_eq!(money(average.columns[0].gaap), "89,200");
    assert_eq!(money(average.columns[0].non_gaap), "76,500");
    assert_eq!(money(average.columns[1].non_gaap), "73,700");
    // ROATCE: adjusted income to common (2,500 + 500 + 300 - 105 - 63 =
    // 3,132) x 365 / 92 days over 76,500; GAAP: 2,500 x 365 / 92 over
    // average common equity 89,200.
    let roatce = rec.ratio(NonGaapMeasure::Ratio(1)).unwrap();
    let q4 = roatce.columns[0].unwrap();
    assert_eq!(pct(q4.gaap.unwrap(), 2), "11.12");
    assert_eq!(pct(q4.non_gaap.unwrap(), 2), "16.24");
    assert_eq!(
        pct(roatce.columns[1].unwrap().non_gaap.unwrap(), 2),
        "16.22"
    );
    assert_eq!(
        roatce.row_labels.as_ref().map(|(g, _)| g.as_str()),
        Some("Return on average common equity")
    );
    // Efficiency: (6,000 - 200 amortization - 500 merger costs) over
    // (9,900 + 300 securities losses); each measure its own adjustments.
    let efficiency = rec.ratio(NonGaapMeasure::Ratio(2)).unwrap().columns[0].unwrap();
    assert_eq!(pct(efficiency.gaap.unwrap(), 2), "60.61");
    assert_eq!(pct(efficiency.non_gaap.unwrap(), 2), "51.96");
    // Tangible common equity to tangible assets: 78,000 / 975,000.
    let tce_ta = rec.ratio(NonGaapMeasure::Ratio(0)).unwrap().columns[0].unwrap();
    assert_eq!(pct(tce_ta.gaap.unwrap(), 2), "9.17");
    assert_eq!(pct(tce_ta.non_gaap.unwrap(), 2), "8.00");

    let mut args = fixture_args("bank_tangible");
    args.push("check".into());
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{}", out.stderr);
    for line in [
        "6 reported percentages recompute",
        "13 published non-GAAP figures tie to the model",
    ] {
        assert!(out.stdout.contains(line), "{}", out.stdout);
    }
    let mut args = fixture_args("bank_tangible");
    args.extend(
        [
            "--measure",
            "tangible_common_equity,roatce,efficiency_ratio,tce_to_tangible_assets",
        ]
        .map(String::from),
    );
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{}", out.stderr);
    snapshot!("fixture_bank_tangible", out.stdout);
    // A balance-sheet date is a column for measures over balances; a flow
    // asked of it is a located error.
    let by_date = fixture_rec(
        "bank_tangible",
        Some("2023-12-31,2023-09-30"),
        "tangible_common_equity,tce_to_tangible_assets",
    );
    let tce = by_date.amount(NonGaapMeasure::Declared(0)).unwrap();
    assert_eq!(money(tce.columns[0].non_gaap), "78,000");
    assert_eq!(money(tce.columns[1].non_gaap), "75,000");
    let ratio = by_date.ratio(NonGaapMeasure::Ratio(0)).unwrap().columns[1].unwrap();
    assert_eq!(pct(ratio.non_gaap.unwrap(), 2), "7.81");
    let mut args = fixture_args("bank_tangible");
    args.extend(["--period", "2023-12-31", "--measure", "roatce"].map(String::from));
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains(
            "period 2023-12-31 is a balance-sheet date, and `net_income_common` is a flow"
        ),
        "{}",
        out.stderr
    );
    // The committed figures hold the measures over balances at each date.
    let out_dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bank_snapshot");
    let _ = std::fs::remove_dir_all(&out_dir);
    let mut args = fixture_args("bank_tangible");
    args.extend(["snapshot", "--out"].map(String::from));
    args.push(out_dir.to_str().unwrap().to_string());
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{}", out.stderr);
    let figures = std::fs::read_to_string(out_dir.join("figures.txt")).unwrap();
    for expected in [
        "| Tangible common equity | 2023-12-31 | 78000",
        "| Tangible book value per share | 2023-09-30 | 7.50",
        "| Return on average tangible common equity | Q4-2023 | 16.24",
    ] {
        assert!(figures.contains(expected), "{expected}:\n{figures}");
    }
    // explain follows a return to its terms, and a balance to the instants
    // (or stated averages) it is taken from.
    let mut args = fixture_args("bank_tangible");
    args.extend(["explain", "--period", "Q4-2023,Q3-2023", "roatce"].map(String::from));
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{}", out.stderr);
    for expected in [
        "Return on average tangible common equity Q4-2023: 16.2430% = 12,425.8696 / 76,500 x 100, the numerator annualized (actual/365: x 3.9674)",
        "Adjusted net income available to common shareholders Q4-2023: 3,132",
        "      opening, 2023-09-30:\n        `common_equity` 87,800 at tests/fixtures/bank_tangible/statements/bank.toml:",
        "    `common_equity` average 86,600 as stated at tests/fixtures/bank_tangible/statements/bank.toml:",
    ] {
        assert!(out.stdout.contains(expected), "{expected}:\n{}", out.stdout);
    }
}

#[test]
fn ffo_attributable_to_common_with_the_unitholders_share_of_its_adjustments() {
    let rec = fixture("reit_ffo_adjustments", "ffo,core_ffo");
    let ffo = rec.amount(NonGaapMeasure::Declared(0)).unwrap();
    let label = |a: usize| rec.adjustments[a].label.as_str();
    // Rows in the measure's own order, the computed share after the taxes.
    let shown: Vec<&str> = ffo
        .order
        .iter()
        .copied()
        .filter(|&a| ffo.moves[a])
        .map(label)
        .collect();
    assert_eq!(
        shown,
        [
            "Depreciation and amortization of real estate",
            "Gain on sale of real estate",
            "Impairment of real estate",
            "Share of unconsolidated joint ventures' real-estate depreciation",
            "Noncontrolling OP unitholders' share of the above adjustments",
        ]
    );
    let share = rec
        .adjustments
        .iter()
        .position(|a| a.id == "noncontrolling_share_ffo")
        .unwrap();
    // 10% of 1,500 - 300 + 100 + 80 = 1,380.
    assert_eq!(money(ffo.columns[0].effects[share]), "(138)");
    assert_eq!(money(ffo.columns[0].non_gaap), "2,547");
    assert!(
        !ffo.taxed[share],
        "the share is after tax: no tax row of its own"
    );
    let core = rec.amount(NonGaapMeasure::Declared(1)).unwrap();
    // Plus acquisition costs 50 and the stated share of them, (5).
    assert_eq!(money(core.columns[0].non_gaap), "2,592");
    let per_share = |i: usize| {
        rec.blocks
            .iter()
            .find_map(|b| match b {
                Block::PerShare(p) if p.measure == NonGaapMeasure::Declared(i) => {
                    p.columns[0].as_ref().map(|c| per_share(c.non_gaap))
                }
                _ => None,
            })
            .unwrap()
    };
    // (2,547 + 20 interest) / 1,050 and (2,592 + 20) / 1,050.
    assert_eq!(per_share(0), "2.44");
    assert_eq!(per_share(1), "2.49");
    // Consolidated net income is above the unitholders' line: no share.
    let consolidated = fixture("reit_ffo_adjustments", "net_income");
    let block = consolidated
        .amount(NonGaapMeasure::Line(reconcile::model::LineId(7)))
        .unwrap();
    assert!(!block.moves[share]);
    // A per-share figure named with its amount is shown once.
    let both = fixture("reit_ffo_adjustments", "ffo,ffo-per-share");
    assert_eq!(
        both.blocks
            .iter()
            .filter(|b| matches!(b, Block::PerShare(_)))
            .count(),
        1
    );
    let mut args = fixture_args("reit_ffo_adjustments");
    args.extend(["--measure", "ffo,core_ffo"].map(String::from));
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{}", out.stderr);
    snapshot!("fixture_reit_ffo_adjustments", out.stdout);
    let mut args = fixture_args("reit_ffo_adjustments");
    args.push("check".into());
    let check = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check
            .stdout
            .contains("4 published non-GAAP figures tie to the model"),
        "{}",
        check.stdout
    );
}

/// A bank that publishes the efficiency ratio and adjusted PPNR and no
/// adjusted net income: a bare run prints the release's measures in its
/// order (58.4% = (650 - 60) / (1,000 + 10); PPNR 300 + 50 + 60 + 10 =
/// 420), never a non-GAAP net income. Net income asked for by name takes no
/// adjustment (each belongs to a declared measure: 237 both ways) and is
/// marked as not published by the release. Without `[presentation]
/// measures`, the declared measures (every adjustment belongs to one) and
/// the ratio over them are the default, in file order.
#[test]
fn a_bare_run_prints_the_measures_the_release_publishes() {
    let args = crate::support::fixture_args("release_measures_bank");
    let with = |extra: &[&str]| {
        let mut all: Vec<&str> = args.iter().map(String::as_str).collect();
        all.extend(extra);
        crate::support::run(&all)
    };
    let bare = with(&[]);
    assert_eq!(bare.code, 0, "{}", bare.stderr);
    assert!(!bare.stdout.contains("net income"), "{}", bare.stdout);
    let ratio = bare
        .stdout
        .find("Adjusted efficiency ratio")
        .expect("the ratio");
    let ppnr = bare
        .stdout
        .find("Adjusted pre-provision net revenue")
        .expect("PPNR");
    assert!(ratio < ppnr, "the release's order: {}", bare.stdout);
    assert!(bare.stdout.contains("58.4%"), "{}", bare.stdout);
    assert!(bare.stdout.contains("$420"), "{}", bare.stdout);

    let net = with(&["--measure", "net-income"]);
    assert_eq!(net.code, 0, "{}", net.stderr);
    assert!(
        net.stdout
            .contains("GAAP net income (loss)                        $237"),
        "{}",
        net.stdout
    );
    assert!(
        net.stdout
            .contains("Non-GAAP net income (loss) (1)                $237"),
        "{}",
        net.stdout
    );
    assert!(
        net.stdout
            .contains("(1) Non-GAAP net income (loss): not a measure the release publishes"),
        "{}",
        net.stdout
    );

    let dir =
        std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("release_measures_implied");
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(
        crate::support::root().join("tests/fixtures/release_measures_bank/statements/company.toml"),
    )
    .unwrap()
    .replace("measures = [\"efficiency_ratio\", \"ppnr\"]", "");
    std::fs::write(dir.join("company.toml"), text).unwrap();
    let implied = crate::support::run(&[
        "--statements",
        dir.join("company.toml").to_str().unwrap(),
        "--adjustments",
        "tests/fixtures/release_measures_bank/adjustments",
    ]);
    assert_eq!(implied.code, 0, "{}", implied.stderr);
    let order: Vec<usize> = [
        "Adjusted noninterest expense",
        "Adjusted revenue",
        "Adjusted pre-provision net revenue",
        "Adjusted efficiency ratio",
    ]
    .iter()
    .map(|l| {
        implied
            .stdout
            .find(l)
            .unwrap_or_else(|| panic!("{l}: {}", implied.stdout))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{}", implied.stdout);
    assert!(implied.stdout.contains("$590"), "{}", implied.stdout);
    assert!(implied.stdout.contains("$1,010"), "{}", implied.stdout);
    assert!(!implied.stdout.contains("net income"), "{}", implied.stdout);
}

/// A measure per unit of an operating statistic: an airline's cost per
/// available seat mile in cents. GAAP CASM 4,600 / 40,000 x 100 = 11.50;
/// CASM excluding fuel and special items (4,600 - 1,200 - 100) / 40,000 x
/// 100 = 8.25. Printed as numbers, no percent sign and no per-share row.
#[test]
fn a_measure_per_unit_of_an_operating_statistic() {
    let rec = crate::support::fixture_rec(
        "airline_casm",
        None,
        "casm_excluding_fuel_and_special_items",
    );
    let block = rec
        .blocks
        .iter()
        .find_map(|b| match b {
            reconcile::view::Block::Ratio(r) => Some(r),
            _ => None,
        })
        .expect("the ratio");
    let margin = block.columns[0].expect("both figures");
    assert_eq!(
        margin.gaap,
        Some("11.5".parse::<rust_decimal::Decimal>().unwrap())
    );
    assert_eq!(
        margin.non_gaap,
        Some("8.25".parse::<rust_decimal::Decimal>().unwrap())
    );

    let args = crate::support::fixture_args("airline_casm");
    let all: Vec<&str> = args.iter().map(String::as_str).collect();
    let bare = crate::support::run(&all);
    assert_eq!(bare.code, 0, "{}", bare.stderr);
    assert!(
        bare.stdout
            .contains("CASM (cents)                                                11.50\n"),
        "{}",
        bare.stdout
    );
    assert!(
        bare.stdout
            .contains("CASM excluding fuel and special items (cents)                8.25\n"),
        "{}",
        bare.stdout
    );
    assert!(!bare.stdout.contains('%'), "{}", bare.stdout);
    assert!(!bare.stdout.contains("share"), "{}", bare.stdout);
    let mut check: Vec<&str> = all.clone();
    check.push("check");
    let out = crate::support::run(&check);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
}

/// Counts written as the release prints them, as sums of the counts it
/// lists: FFO per diluted share and unit on 980 basic shares, 100 OP units,
/// 50 convertible preferred and 20 equity awards, 1,150, the printed total
/// tied out: (2,830 + 20) / 1,150 = 2.478 -> 2.48; non-GAAP EPS on the
/// diluted count plus a printed share adjustment, 1,000 + 50 = 1,050:
/// 1,305 / 1,050 = 1.243 -> 1.24.
#[test]
fn share_counts_written_as_sums_of_the_counts_printed() {
    let rec = fixture("reit_ffo_share_counts", "ffo,eps-diluted");
    let ffo = per_share_block(&rec, NonGaapMeasure::Declared(0));
    let ffo = ffo.columns[0].as_ref().unwrap();
    assert_eq!(money(ffo.non_gaap_shares.count), "1,150");
    assert_eq!(per_share(ffo.non_gaap), "2.48");
    let eps = rec.per_share(ShareBasis::Diluted).unwrap();
    let eps = eps.columns[0].as_ref().unwrap();
    assert_eq!(money(eps.gaap_shares.count), "1,000");
    assert_eq!(money(eps.non_gaap_shares.count), "1,050");
    assert_eq!(per_share(eps.gaap), "1.31");
    assert_eq!(per_share(eps.non_gaap), "1.24");

    let mut args = fixture_args("reit_ffo_share_counts");
    args.push("check".into());
    let check = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(check.code, 0, "{}", check.stderr);
    // Two totals of line items and the count's printed total.
    assert!(
        check.stdout.contains("3 reported totals foot"),
        "{}",
        check.stdout
    );
    // `explain` shows where the count comes from: each count it sums.
    let mut args = fixture_args("reit_ffo_share_counts");
    args.extend(["explain", "ffo-per-share"].map(String::from));
    let explained = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(explained.code, 0, "{}", explained.stderr);
    for text in [
        "counts.ffo_diluted 1,150 as printed at ",
        "the counts it sums, 1,150:",
        "    op_units 100 at ",
        "    basic 980 at ",
    ] {
        assert!(
            explained.stdout.contains(text),
            "{text}: {}",
            explained.stdout
        );
    }
}

/// A printed total within the rounding of the counts it sums ties; the
/// count used is the total as printed.
#[test]
fn a_count_total_within_the_rounding_of_its_parts_ties() {
    let dir = tempfile_copy("reit_ffo_share_counts");
    let path = dir.join("statements/company.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text
        .replace("basic = 980", "basic = \"979.6\"")
        .replace("op_units = 100", "op_units = \"100.4\"")
        .replace("total = 1150", "total = \"1150.1\"");
    std::fs::write(&path, text).unwrap();
    let statement = reconcile::load::load_statement(&path).expect("loads");
    let report = reconcile::tieout::tie_out(&statement);
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert_eq!(report.totals_within, 1);
    assert_eq!(
        statement.periods[0].counts["ffo_diluted"].value.to_string(),
        "1150.1"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// A copy of a fixture in a fresh temporary folder.
fn tempfile_copy(case: &str) -> std::path::PathBuf {
    let from = crate::support::root().join("tests/fixtures").join(case);
    let to = std::env::temp_dir().join(format!("reconcile-{case}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&to);
    for sub in ["statements", "adjustments"] {
        std::fs::create_dir_all(to.join(sub)).unwrap();
        for entry in std::fs::read_dir(from.join(sub)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), to.join(sub).join(entry.file_name())).unwrap();
        }
    }
    to
}

/// One measure, both its basic and diluted per-share figures, declared once
/// (`per_share = ["basic", "diluted"]`): adjusted net income of 1,125 per
/// basic share 1,125 / 500 = 2.25 (GAAP 975 / 500 = 1.95), per diluted share
/// 1,125 / 520 = 2.163 -> 2.16 (GAAP 975 / 520 = 1.875 -> 1.88); basic first,
/// as releases print them. `per_share = true` keeps meaning diluted.
#[test]
fn one_measure_per_basic_and_per_diluted_share() {
    let rec = fixture("per_share_basic_and_diluted", "adjusted_net_income");
    let blocks: Vec<&reconcile::view::PerShareBlock> = rec
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::PerShare(p) if p.measure == NonGaapMeasure::Declared(0) => Some(p),
            _ => None,
        })
        .collect();
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0].basis, ShareBasis::Basic);
    assert_eq!(blocks[0].id, "adjusted_net_income-per-basic-share");
    assert_eq!(
        blocks[0].non_gaap_label,
        "Adjusted net income per basic share"
    );
    let basic = blocks[0].columns[0].as_ref().unwrap();
    assert_eq!(money(basic.non_gaap_shares.count), "500");
    assert_eq!(per_share(basic.gaap), "1.95");
    assert_eq!(per_share(basic.non_gaap), "2.25");
    assert_eq!(blocks[1].basis, ShareBasis::Diluted);
    assert_eq!(blocks[1].id, "adjusted_net_income-per-share");
    let diluted = blocks[1].columns[0].as_ref().unwrap();
    assert_eq!(per_share(diluted.gaap), "1.88");
    assert_eq!(per_share(diluted.non_gaap), "2.16");

    // Each figure alone, by name; the release's printed figures tie.
    let alone = fixture(
        "per_share_basic_and_diluted",
        "adjusted_net_income-per-basic-share",
    );
    assert_eq!(alone.blocks.len(), 1);
    let mut args = fixture_args("per_share_basic_and_diluted");
    args.push("check".into());
    let check = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check
            .stdout
            .contains("5 published non-GAAP figures tie to the model"),
        "{}",
        check.stdout
    );
    // `per_share = true` is diluted only, as it always was.
    let rec = fixture("adjusted_ebitda", "adjusted_net_income");
    let bases: Vec<ShareBasis> = rec
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::PerShare(p) => Some(p.basis),
            _ => None,
        })
        .collect();
    assert_eq!(bases, [ShareBasis::Diluted]);
}
