//! The SEC's non-GAAP rules as lints, chosen by the release's date: each
//! lint triggered by a fixture under a date when it applies and silent
//! before it; allowances with reasons; text pasted from Word normalised.

use crate::support::{fixture_args, root, run};

fn lint(case: &str, as_of: &str) -> crate::support::Run {
    let mut args = fixture_args(case);
    args.extend(["lint", "--rules-as-of", as_of].map(String::from));
    run(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

/// The lint ids of the findings, as printed, in order.
fn ids(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|l| {
            let rest = l
                .strip_prefix("error[")
                .or_else(|| l.strip_prefix("warning["))?;
            Some(rest.split(']').next()?.to_string())
        })
        .collect()
}

#[test]
fn each_lint_applies_from_its_date() {
    let old = lint("lint_everything", "2003-06-01");
    assert_eq!(old.code, 1);
    let mut found = ids(&old.stderr);
    found.sort();
    assert_eq!(
        found,
        ["NG001", "NG003", "NG005", "NG006", "NG007"],
        "{}",
        old.stderr
    );
    assert!(
        old.stdout.contains("9 lints in force, 9 not yet"),
        "{}",
        old.stdout
    );

    let later = lint("lint_everything", "2017-01-01");
    let mut found = ids(&later.stderr);
    found.sort();
    assert_eq!(
        found,
        [
            "NG001", "NG003", "NG004", "NG005", "NG006", "NG007", "NG008", "NG009", "NG010",
            "NG011", "NG012", "NG014"
        ],
        "{}",
        later.stderr
    );
    assert!(later.stderr.contains("warning[NG009]"), "{}", later.stderr);
    assert!(later.stderr.contains("error[NG011]"), "{}", later.stderr);

    let today = lint("lint_everything", "today");
    let found = ids(&today.stderr);
    assert!(found.contains(&"NG013".to_string()), "{}", today.stderr);
    assert_eq!(
        found.iter().filter(|f| *f == "NG006").count(),
        2,
        "{}",
        today.stderr
    );
    // The release's own date: 2024-02-15.
    let own = run(&[
        "--statements",
        "tests/fixtures/lint_everything/statements",
        "--adjustments",
        "tests/fixtures/lint_everything/adjustments",
        "lint",
    ]);
    assert!(
        own.stdout.contains("as of 2024-02-15, the release's date"),
        "{}",
        own.stdout
    );
}

#[test]
fn findings_point_at_the_text_and_cite_the_rule() {
    let out = lint("lint_everything", "2017-01-01");
    // The non-recurring wording is found although pasted with U+2011.
    assert!(
        out.stderr
            .contains("tests/fixtures/lint_everything/adjustments/restructuring.toml:5:"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("C&DI 102.11; in force from 2016-05-17"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("NG010: an adjustment that adds an amount GAAP does not report"),
        "{}",
        out.stderr
    );
}

#[test]
fn net_of_tax_passes_in_2004_and_fails_ng011_in_2017_and_an_add_in_fails_ng010() {
    let old = lint("net_of_tax", "2004-12-31");
    assert_eq!(old.code, 0, "{}", old.stderr);
    assert!(!ids(&old.stderr).contains(&"NG011".to_string()));
    let new = lint("net_of_tax", "2017-01-01");
    assert_eq!(new.code, 1);
    assert!(
        ids(&new.stderr).contains(&"NG011".to_string()),
        "{}",
        new.stderr
    );
    let add_in = lint("add_in_continuing_operations", "2017-01-01");
    assert!(
        ids(&add_in.stderr).contains(&"NG010".to_string()),
        "{}",
        add_in.stderr
    );
    let before = lint("add_in_continuing_operations", "2015-01-01");
    assert!(!ids(&before.stderr).contains(&"NG010".to_string()));
}

#[test]
fn atg_passes_under_its_own_date_and_warns_under_todays_rules() {
    let own = run(&["lint"]);
    assert_eq!(own.code, 0, "{}", own.stderr);
    assert_eq!(own.stderr, "");
    assert!(own.stdout.contains("as of 2003-10-21, the release's date"));
    assert!(own.stdout.contains("0 errors, 0 warnings"));
    let now = run(&["lint", "--rules-as-of", "2026-01-01"]);
    assert_eq!(now.code, 0, "{}", now.stderr);
    assert_eq!(ids(&now.stderr), ["NG012"]);
    let denied = run(&["lint", "--rules-as-of", "2026-01-01", "--deny-warnings"]);
    assert_eq!(denied.code, 1);
    assert!(
        denied.stderr.starts_with("error[NG012]"),
        "{}",
        denied.stderr
    );
    // The guide's page on the lints shows the shipped data's lint.
    let shipped = crate::support::run_shipped(&["lint", "--rules-as-of", "2026-01-01"]);
    let guide = std::fs::read_to_string(root().join("docs/lints.md")).unwrap();
    assert!(
        guide.contains(&shipped.stderr),
        "docs/lints.md's lint example is stale (the shipped data changed?): replace it with the output of `cargo run --release -- lint --rules-as-of 2026-01-01`:\n{}",
        shipped.stderr
    );
}

#[test]
fn an_allowed_lint_is_not_a_finding_and_its_reason_is_printed() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("lint_allowed");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("adjustments")).unwrap();
    let restructuring = std::fs::read_to_string(root().join("tests/fixtures/atg/adjustments/restructuring.toml"))
        .unwrap()
        .replace(
            "[tax]",
            "allow = [{ lint = \"NG012\", reason = \"restructuring is not a normal operating expense\" }]\n\n[tax]",
        );
    std::fs::write(dir.join("adjustments/restructuring.toml"), restructuring).unwrap();
    let adjustments = dir.join("adjustments");
    let out = run(&[
        "--adjustments",
        adjustments.to_str().unwrap(),
        "lint",
        "--rules-as-of",
        "2026-01-01",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    assert!(
        out.stdout.contains(
            "allowed: NG012 allowed for `restructuring`: restructuring is not a normal operating expense"
        ),
        "{}",
        out.stdout
    );
    let table = run(&[
        "--adjustments",
        adjustments.to_str().unwrap(),
        "--period",
        "9M2003",
        "--rules-as-of",
        "2026-01-01",
    ]);
    assert!(
        table
            .stdout
            .contains("Allowed under the SEC's rules: NG012 allowed for `restructuring`"),
        "{}",
        table.stdout
    );
}

/// A stated tax effect of the same sign as its charge loads and reconciles:
/// real releases print such rows (a released valuation allowance). It is a
/// warning (NG015) that `allow` lifts, never a refusal.
#[test]
fn a_same_sign_tax_effect_is_a_warning_not_a_refusal() {
    let mut args = fixture_args("tax_same_sign_warns");
    args.push("check".into());
    let check = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert_eq!(ids(&check.stderr), ["NG015"], "{}", check.stderr);
    assert!(
        check.stderr.contains("35 on a pre-tax effect of 100"),
        "{}",
        check.stderr
    );
    // Net income 210, the charge of 100 added back, the stated 35 added:
    // 345; basic EPS 345 / 100 shares = 3.45.
    let mut args = fixture_args("tax_same_sign_warns");
    args.extend(["--measure", "net-income,eps-basic"].map(String::from));
    let table = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(table.stdout.contains("$345"), "{}", table.stdout);
    assert!(table.stdout.contains("$3.45"), "{}", table.stdout);

    let mut args = fixture_args("tax_same_sign_allowed");
    args.push("check".into());
    let allowed = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(allowed.code, 0, "{}", allowed.stderr);
    assert!(ids(&allowed.stderr).is_empty(), "{}", allowed.stderr);
    assert!(
        allowed.stdout.contains(
            "allowed: NG015 allowed for `restructuring`: the release prints a tax expense"
        ),
        "{}",
        allowed.stdout
    );
}

/// The first two lines of each finding: `severity[id]: message` and its
/// `--> file:line:col`.
fn headlines(stderr: &str) -> Vec<String> {
    let lines: Vec<&str> = stderr.lines().collect();
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("error[") || l.starts_with("warning["))
        .map(|(i, l)| format!("{l}\n{}", lines.get(i + 1).map_or("", |n| n.trim())))
        .collect()
}

/// A soft hyphen pasted after "Non" (U+00AD, invisible) no longer hides
/// the word from NG003, and the caret still points at it: line 2, column
/// 10 of the adjustment file (`label = "` is nine characters).
#[test]
fn an_invisible_soft_hyphen_does_not_hide_non_recurring() {
    let out = lint("lint_invisible_characters", "2026-02-12");
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        headlines(&out.stderr),
        [
            "error[NG003]: adjustment `legal_settlement` is called non-recurring but is marked recurring\n\
          --> tests/fixtures/lint_invisible_characters/adjustments/legal_settlement.toml:2:10"
        ],
        "{}",
        out.stderr
    );
    // The check every command runs says so too.
    let mut args = fixture_args("lint_invisible_characters");
    args.extend(["--period", "FY-2025"].map(String::from));
    let table = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(table.code, 1, "{}", table.stderr);
    assert!(
        table.stderr.contains(
            "error[NG003]: adjustment `legal_settlement` is marked recurring but called non-recurring\n \
             --> tests/fixtures/lint_invisible_characters/adjustments/legal_settlement.toml:2:10"
        ),
        "{}",
        table.stderr
    );
}

/// A settlement called non-recurring and excluded in both FY-2024 and
/// FY-2025: before, only periods the adjustment left out were compared, so
/// two exclusions a year apart passed. The word is in the rationale, line 5,
/// column 39 (`rationale = "` and "Management excludes this " are 38
/// characters). Three years apart (FY-2022 ends 732 days before FY-2025
/// starts, more than two years), the two are not a recurrence.
#[test]
fn an_item_excluded_in_both_years_recurs() {
    let out = lint("lint_excluded_both_years", "2026-02-12");
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        headlines(&out.stderr),
        [
            "error[NG003]: adjustment `legal_settlement` is called non-recurring, but it is excluded in both FY-2024 and FY-2025, within two years of each other\n\
          --> tests/fixtures/lint_excluded_both_years/adjustments/legal_settlement.toml:5:39"
        ],
        "{}",
        out.stderr
    );

    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("lint_three_years_apart");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("statements")).unwrap();
    let fixture = root().join("tests/fixtures/lint_excluded_both_years");
    let statements = std::fs::read_to_string(fixture.join("statements/company.toml"))
        .unwrap()
        .replace("2024", "2022");
    std::fs::write(dir.join("statements/company.toml"), statements).unwrap();
    let apart = run(&[
        "--statements",
        dir.join("statements").to_str().unwrap(),
        "--adjustments",
        fixture.join("adjustments").to_str().unwrap(),
        "lint",
    ]);
    assert_eq!(apart.code, 0, "{}", apart.stderr);
    assert_eq!(apart.stderr, "");
}

/// EBITDA spelled out ("earnings before interest, taxes, depreciation &
/// amortization") shown per share is NG004, at the measure's id (line 78,
/// column 6: `id = "`); EBIT spelled out is exempt from NG005 as EBIT is,
/// and names what it is (no NG006). Before, the words were read as neither.
#[test]
fn ebitda_spelled_out_is_ebitda() {
    let out = lint("lint_ebitda_spelled_out", "2025-02-20");
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        headlines(&out.stderr),
        [
            "error[NG004]: measure `adjusted_ebitda` (Adjusted earnings before interest, taxes, depreciation & amortization) is shown per share\n\
          --> tests/fixtures/lint_ebitda_spelled_out/statements/company.toml:78:6"
        ],
        "{}",
        out.stderr
    );
}

/// Sign slips against `nature` (NG016, a warning): a gain on sale typed -40
/// inside other income, which is added to income, so excluding it adds 40
/// (300 + 40 + 50 - 25 = 365, not 300 - 40 + 50 + 25 = 335); a severance
/// charge typed -25 inside operating expenses, which are subtracted, so
/// excluding it takes 25 off. Each is located at its `nature` value (line 5,
/// column 10: `nature = ` is nine characters). The legal settlement agrees
/// with its nature and is silent; NG008 is silent where NG016 speaks.
#[test]
fn a_sign_slip_against_nature_is_ng016() {
    let out = lint("lint_nature_contradicted", "2026-02-12");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        headlines(&out.stderr),
        [
            "warning[NG016]: adjustment `gain_on_sale` is marked nature = \"gain\", but in period FY-2025 excluding it raises `net_income` by 40, as excluding a charge does\n\
             --> tests/fixtures/lint_nature_contradicted/adjustments/gain_on_sale.toml:5:10",
            "warning[NG016]: adjustment `severance` is marked nature = \"charge\", but in period FY-2025 excluding it lowers `net_income` by 25, as excluding a gain does\n\
             --> tests/fixtures/lint_nature_contradicted/adjustments/severance.toml:5:10",
        ],
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(
            "NG016: an adjustment whose effect contradicts its nature: a gain whose exclusion raises the measure, or a charge whose exclusion lowers it (a possible sign slip) (Rule 100(b); in force from 2003-03-28)"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stdout.contains("0 errors, 2 warnings"),
        "{}",
        out.stdout
    );
    // In force from Regulation G's first day.
    let first = lint("lint_nature_contradicted", "2003-03-28");
    assert_eq!(ids(&first.stderr), ["NG016", "NG016"], "{}", first.stderr);
    let before = lint("lint_nature_contradicted", "2003-03-27");
    assert!(ids(&before.stderr).is_empty(), "{}", before.stderr);
    // The table prints the slip: 300 + 40 + 50 - 25.
    let mut args = fixture_args("lint_nature_contradicted");
    args.extend(["--period", "FY-2025"].map(String::from));
    let table = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(table.stdout.contains("$365"), "{}", table.stdout);

    // Allowed with a reason, the finding goes and the reason is printed.
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("lint_nature_allowed");
    let _ = std::fs::remove_dir_all(&dir);
    let fixture = root().join("tests/fixtures/lint_nature_contradicted");
    std::fs::create_dir_all(dir.join("adjustments")).unwrap();
    for file in [
        "gain_on_sale.toml",
        "severance.toml",
        "legal_settlement.toml",
    ] {
        let mut text = std::fs::read_to_string(fixture.join("adjustments").join(file)).unwrap();
        if file == "gain_on_sale.toml" {
            text = text.replace(
                "[[exclude]]",
                "allow = [{ lint = \"NG016\", reason = \"the release nets a loss on sale in this row\" }]\n\n[[exclude]]",
            );
        }
        std::fs::write(dir.join("adjustments").join(file), text).unwrap();
    }
    let allowed = run(&[
        "--statements",
        fixture.join("statements").to_str().unwrap(),
        "--adjustments",
        dir.join("adjustments").to_str().unwrap(),
        "lint",
    ]);
    assert_eq!(ids(&allowed.stderr), ["NG016"], "{}", allowed.stderr);
    assert!(allowed.stderr.contains("`severance`"), "{}", allowed.stderr);
    assert!(
        allowed.stdout.contains(
            "allowed: NG016 allowed for `gain_on_sale`: the release nets a loss on sale in this row"
        ),
        "{}",
        allowed.stdout
    );
}

/// A typo in the year of `[entity] release_date`: 2005-02-12 for a year
/// ending 2025-12-31 is before the period ends (an error: no release
/// precedes its period), and would judge the release by 2005's rules (8
/// lints, not 17). 2027-06-30 is 546 days after 2025-12-31 (365 days to
/// 2026-12-31, then 31 + 28 + 31 + 30 + 31 + 30 = 181): late, a warning.
/// Each suggests the same month and day within the year after the end, a
/// line of TOML that changes no figure. Both at line 8, column 16 of the
/// statements file (`release_date = ` is fifteen characters).
#[test]
fn a_release_date_away_from_its_periods_is_a_finding() {
    let typo = lint_own_date("lint_release_date_typo");
    assert_eq!(typo.code, 1, "{}", typo.stderr);
    assert!(
        typo.stdout.contains("as of 2005-02-12, the release's date\n  9 lints in force, 9 not yet\n  1 error, 0 warnings"),
        "{}",
        typo.stdout
    );
    assert!(
        typo.stderr.starts_with(
            "error: the release date 2005-02-12 is before the end of period FY-2025 (2025-12-31), the latest the release reports\n \
             --> tests/fixtures/lint_release_date_typo/statements/company.toml:8:16\n"
        ),
        "{}",
        typo.stderr
    );
    assert!(
        typo.stderr.contains(
            "= help: if the release is dated 2026-02-12, write `release_date = 2026-02-12`; the date chooses only the rules, never a figure\n"
        ),
        "{}",
        typo.stderr
    );
    // The suggestion is TOML.
    let line: toml::Table = toml::from_str("release_date = 2026-02-12").unwrap();
    assert!(line["release_date"].is_datetime());

    let late = lint_own_date("lint_release_date_late");
    assert_eq!(late.code, 0, "{}", late.stderr);
    assert!(
        late.stdout.contains("0 errors, 1 warning"),
        "{}",
        late.stdout
    );
    assert!(
        late.stderr.starts_with(
            "warning: the release date 2027-06-30 is 546 days after the end of period FY-2025 (2025-12-31), the latest the release reports\n \
             --> tests/fixtures/lint_release_date_late/statements/company.toml:8:16\n"
        ),
        "{}",
        late.stderr
    );
    assert!(
        late.stderr.contains(
            "= help: if the release is dated 2026-06-30, write `release_date = 2026-06-30`; the date chooses only the rules, never a figure; a recast or a late filing keeps its date\n"
        ),
        "{}",
        late.stderr
    );

    // `check` reports it with its rule, for CI: the typo fails, the late
    // date warns.
    for (case, exit, severity) in [
        ("lint_release_date_typo", 1, "error"),
        ("lint_release_date_late", 0, "warning"),
    ] {
        let mut args = fixture_args(case);
        args.extend(["check", "--format", "json"].map(String::from));
        let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(out.code, exit, "{}", out.stdout);
        let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        let found: Vec<_> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"] == "release-date")
            .collect();
        assert_eq!(found.len(), 1, "{}", out.stdout);
        assert_eq!(
            (
                &found[0]["line"],
                &found[0]["column"],
                &found[0]["severity"]
            ),
            (&8.into(), &16.into(), &severity.into()),
            "{}",
            out.stdout
        );
    }
}

/// `reconcile lint` under the release's own date.
fn lint_own_date(case: &str) -> crate::support::Run {
    let mut args = fixture_args(case);
    args.push("lint".into());
    run(&args.iter().map(String::as_str).collect::<Vec<_>>())
}
