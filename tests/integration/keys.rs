//! Keys that are read are honoured (or refused where written, in the
//! `err_*` catalogue): issue 21's "read and then ignored or double-counted".
//! Each figure below is computed by hand in its comment.

use crate::support::{fixture_args, run};

fn run_fixture(case: &str, extra: &[&str]) -> crate::support::Run {
    let mut args: Vec<String> = fixture_args(case);
    args.extend(extra.iter().map(|s| s.to_string()));
    run(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

#[test]
fn a_published_figure_in_a_derived_period_is_tied() {
    // Q2-2024 = H1-2024 - Q1-2024: net income 270 - 135 = 135, interest
    // 20, tax 45, depreciation 50, restructuring 60 - 40 = 20: 270, as
    // recorded; check compares it (999 is a finding:
    // err_published_in_derived_period).
    let out = run_fixture("published_in_derived_period", &["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("1 published non-GAAP figure"),
        "{}",
        out.stdout
    );
    let out = run_fixture(
        "published_in_derived_period",
        &["--period", "Q2-2024", "--format", "csv"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("270"), "{}", out.stdout);
}

#[test]
fn a_one_day_period_is_headed_by_its_day_and_annualized_by_days() {
    // One day, June 30, 2024: net income 1 on revenue 10, x 365 / 1 day
    // = 3,650.0% (by months it was x 12 under "One Months Ended").
    let out = run_fixture(
        "short_period",
        &["--period", "D-2024-06-30", "--measure", "annualized_return"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("One Day Ended"), "{}", out.stdout);
    assert!(!out.stdout.contains("Months Ended"), "{}", out.stdout);
    assert!(out.stdout.contains("3,650.0%"), "{}", out.stdout);
}

#[test]
fn whole_months_are_whole_and_a_day_is_not() {
    use reconcile::model::{Date, PeriodSpan};
    let span = |start: &str, end: &str| PeriodSpan::Duration {
        start: Date::parse(start).unwrap(),
        end: Date::parse(end).unwrap(),
    };
    assert_eq!(span("2024-06-30", "2024-06-30").whole_months(), None);
    assert_eq!(span("2024-06-17", "2024-06-30").whole_months(), None);
    assert_eq!(span("2024-06-01", "2024-06-30").whole_months(), Some(1));
    // 13 weeks, 53 weeks.
    assert_eq!(span("2024-01-01", "2024-03-30").whole_months(), Some(3));
    assert_eq!(span("2023-01-01", "2024-01-06").whole_months(), Some(12));
}

#[test]
fn a_margin_is_n_a_only_on_the_side_whose_denominator_is_zero() {
    // Q1-2024: GAAP revenue 0, so the GAAP operating margin is n/a; non-GAAP
    // revenue 0 + 100 (deferred revenue) = 100 and operating income -800 +
    // 100 + 40 (restructuring) = -660: (660)%. H1-2024: 400 / 2,100 = 19%;
    // (400 + 100 + 60) / 2,200 = 25%.
    let out = run_fixture(
        "margin_one_side",
        &[
            "--period",
            "Q1-2024,H1-2024",
            "--measure",
            "operating-margin",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let row = |start: &str| {
        out.stdout
            .lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("{start}: {}", out.stdout))
            .split_whitespace()
            .rev()
            .take(2)
            .collect::<Vec<_>>()
    };
    assert_eq!(row("GAAP operating margin"), ["19%", "n/a"]);
    assert_eq!(row("Non-GAAP operating margin"), ["25%", "(660)%"]);
}

#[test]
fn explain_lists_what_a_per_share_numerator_adds() {
    // FFO 2,830 + convertible note interest 20 = 2,850 over 1,150 shares
    // and units = 2.4783; the 20 was left out of explain.
    let out = run_fixture(
        "reit_ffo",
        &["explain", "ffo-per-share", "--period", "FY-2024"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(
            "non-GAAP numerator 2,850 = FFO attributable to common shareholders and OP unitholders 2,830 + Interest on convertible notes dilutive for FFO 20 (`convertible_note_interest` at "
        ),
        "{}",
        out.stdout
    );
}

/// Prelaunch Co., Q1-2024: revenue 0, gross profit (50); stock-based
/// compensation of 10 excluded from cost of revenue: non-GAAP (40). No
/// revenue, so neither margin can be computed: both are n/a, not dropped.
#[test]
fn gross_profit_on_a_period_with_zero_revenue_prints_its_margins_as_n_a() {
    let out = run_fixture(
        "gross_margin_zero_revenue",
        &["--measure", "gross-profit", "--period", "Q1-2024"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "                  Prelaunch Co.
   Reconciliation of GAAP to Non-GAAP Measures
                  (In thousands)

                                Three Months Ended
                                    March 31, 2024

GAAP gross profit                            $(50)
  Stock-based compensation (1)                  10
Non-GAAP gross profit                        $(40)
GAAP gross margin                              n/a
Non-GAAP gross margin                          n/a

(1) Stock-based compensation: Equity awards to the staff who make the product; a non-cash expense.
"
    );
    // Our own second example: the CSV a spreadsheet reads says n/a too.
    let csv = run_fixture(
        "gross_margin_zero_revenue",
        &[
            "--measure",
            "gross-profit",
            "--period",
            "Q1-2024",
            "--format",
            "csv",
        ],
    );
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    assert!(
        csv.stdout
            .ends_with("GAAP gross margin,n/a\nNon-GAAP gross margin,n/a\n"),
        "{}",
        csv.stdout
    );
}

/// `explain gross-margin` explains the margin, not a header alone: Q2-2024
/// non-GAAP (600 + 20) / 1,000 = 62%, GAAP 600 / 1,000 = 60%; Q1-2024 has
/// no revenue, so n/a on both sides; then the numerator and denominator.
#[test]
fn explain_gross_margin_gives_its_numerator_denominator_and_rounding() {
    let out = run_fixture(
        "gross_margin_zero_revenue",
        &["explain", "gross-margin", "--period", "Q1-2024,Q2-2024"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let statements = "tests/fixtures/gross_margin_zero_revenue/statements/company.toml";
    let sbc = "tests/fixtures/gross_margin_zero_revenue/adjustments/stock_based_compensation.toml";
    assert_eq!(
        out.stdout,
        format!(
            "Non-GAAP gross margin Q1-2024: n/a = (40) / 0 x 100: the denominator is zero, so no percentage is computed
  GAAP gross margin n/a = (50) / 0 x 100: the denominator is zero, so no percentage is computed
  numerator gross-profit, denominator revenue: each explained below
Non-GAAP gross margin Q2-2024: 62% = 620 / 1,000 x 100 = 62.00%, rounded half away from zero to a whole percent
  GAAP gross margin 60% = 600 / 1,000 x 100 = 60.00%, rounded half away from zero to a whole percent
  numerator gross-profit, denominator revenue: each explained below
Non-GAAP gross profit Q1-2024: (40)
  GAAP gross profit (50), from
    `gross_profit` (50) at {statements}:55:16
  Stock-based compensation 10: adjustment `stock_based_compensation` at {sbc}:1:6
Non-GAAP gross profit Q2-2024: 620
  GAAP gross profit 600, from
    `gross_profit` 600 at {statements}:68:16
  Stock-based compensation 20: adjustment `stock_based_compensation` at {sbc}:1:6
Non-GAAP revenue Q1-2024: -
  GAAP revenue -, from
    `revenue` - at {statements}:53:11
Non-GAAP revenue Q2-2024: 1,000
  GAAP revenue 1,000, from
    `revenue` 1,000 at {statements}:66:11
"
        )
    );
}

/// Our own second example: ATG's nine months 2003 operating margin, GAAP
/// (767) / 56,740 = (1.35)%, non-GAAP (767 - 5,273) / 56,740 = (6,040) /
/// 56,740 = (10.65)%, printed (1)% and (11)%; asked with operating income
/// itself, which is then explained once.
#[test]
fn explain_operating_margin_shows_the_quotient_before_rounding() {
    let out = run(&[
        "explain",
        "operating-margin,operating-income",
        "--period",
        "9M-2003",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines[1..4],
        [
            "Non-GAAP operating margin 9M-2003: (11)% = (6,040) / 56,740 x 100 = (10.65)%, rounded half away from zero to a whole percent",
            "  GAAP operating margin (1)% = (767) / 56,740 x 100 = (1.35)%, rounded half away from zero to a whole percent",
            "  numerator operating-income, denominator revenue: each explained below",
        ]
    );
    let once = |start: &str| lines.iter().filter(|l| l.starts_with(start)).count();
    assert_eq!(once("Non-GAAP operating income (loss) 9M-2003: (6,040)"), 1);
    assert_eq!(once("Non-GAAP revenue 9M-2003: 56,740"), 1);
}
