//! An independent oracle: a plain reference implementation of the
//! reconciliation, written from the rules in `DOMAIN.md` and the README
//! ("Taxes", "Shares and per-share figures", "Derived periods"), and property
//! tests that generate whole models as TOML text, run them through the
//! library and compare every figure the tool computes with the oracle's,
//! exactly.
//!
//! The oracle shares nothing with `src/` but the TOML text the tool reads: it
//! works on the generator's own description of the model (the leaves of the
//! statement of operations, the adjustments and their tax treatment, the
//! share counts) and never on the tool's loaded model, adjusted statement or
//! views. Only the comparison reads the tool's results.
//!
//! A generated model: revenue, cost of revenue, gross profit, one to three
//! operating expense lines into total operating expenses, operating income,
//! other income, income before taxes, the income-tax provision and net
//! income, for Q3, nine months and the fiscal year, with a derived Q4 (FY
//! less 9M) whose share counts are stated. Adjustments of every kind
//! (exclude-line, exclude-amounts, add-in, tax-only) taxed nil, at a rate
//! (varied rates), by stated amounts, net of tax or after tax, or covered by
//! one `tax-effect` group taxed at a rate, by amounts or at an effective
//! rate. GAAP and non-GAAP results of zero and of either sign (a generated
//! add-in can bring non-GAAP net income to exactly zero), basic and diluted
//! share counts, the release's own non-GAAP counts and a convertible
//! (if-converted, with ties).
//!
//! Each property runs `RECONCILE_PROPTEST_CASES` cases (64 by default, the
//! shared config of `properties.rs`). For 10,000 cases locally:
//!
//! ```text
//! RECONCILE_PROPTEST_CASES=10000 cargo test --release --test integration oracle
//! ```

use proptest::prelude::*;
use reconcile::cli::choose_periods;
use reconcile::diagnostic::render_all;
use reconcile::load;
use reconcile::model::NonGaapMeasure;
use reconcile::source::SourceFile;
use reconcile::view::{self, Reconciliation, ShareBasis};
use rust_decimal::Decimal;

use crate::properties::config;

const MAX_OPEX: usize = 3;
const MAX_ADJUSTMENTS: usize = 6;
/// Reported periods: Q3, 9M, FY. Q4 is derived.
const REPORTED: usize = 3;

fn d(n: i64) -> Decimal {
    Decimal::from(n)
}

// ---------------------------------------------------------------------------
// The model, as the generator describes it.

/// Share counts of one period, in thousands like the money.
#[derive(Debug, Clone)]
struct Shares {
    basic: i64,
    /// Diluted = basic + this (0: the release prints one count).
    extra_diluted: i64,
    non_gaap_basic: Option<i64>,
    non_gaap_diluted: Option<i64>,
    /// Convertible securities: (shares added, dividends added back).
    if_converted: Option<(i64, Decimal)>,
}

impl Shares {
    fn diluted(&self) -> i64 {
        self.basic + self.extra_diluted
    }
}

/// The leaves of one reported period; totals are computed.
#[derive(Debug, Clone)]
struct Figures {
    revenue: i64,
    cost: i64,
    opex: Vec<i64>,
    other_income: i64,
    income_tax: i64,
    /// The provision equals income before taxes: GAAP net income is zero.
    zero_net: bool,
    shares: Shares,
}

/// How an adjustment is taxed.
#[derive(Debug, Clone)]
enum Treatment {
    Nil,
    Rate(Decimal),
    /// The tax effect on net income, per reported period.
    Amounts([Decimal; REPORTED]),
    /// The effect on net income after tax, per reported period.
    AfterTax([Decimal; REPORTED]),
    NetOfTax,
    /// No `[tax]` table: the `tax-effect` group covers it.
    Covered,
}

#[derive(Debug, Clone)]
enum Kind {
    /// A leaf excluded in full.
    Line(usize),
    /// Amounts (with the line's own sign) excluded from leaves.
    Exclude(Vec<(usize, [Decimal; REPORTED])>),
    /// Amounts added to leaves.
    AddIn(Vec<(usize, [Decimal; REPORTED])>),
    /// A change to income tax only: its effect on net income.
    TaxOnly([Decimal; REPORTED]),
}

#[derive(Debug, Clone)]
struct Adj {
    kind: Kind,
    tax: Treatment,
}

/// The `tax-effect` group's treatment.
#[derive(Debug, Clone)]
enum GroupTax {
    Rate(Decimal),
    Amounts([Decimal; REPORTED]),
    EffectiveRate(Decimal),
}

#[derive(Debug, Clone)]
struct Model {
    year: u16,
    opex_lines: usize,
    periods: [Figures; REPORTED],
    q4_shares: Shares,
    adjustments: Vec<Adj>,
    group: Option<GroupTax>,
}

impl Model {
    /// Leaves: 0 revenue, 1 cost of revenue, 2.. the operating expenses,
    /// last other income.
    fn leaves(&self) -> usize {
        self.opex_lines + 3
    }

    fn leaf_id(&self, leaf: usize) -> String {
        match leaf {
            0 => "revenue".into(),
            1 => "cost_of_revenue".into(),
            l if l < 2 + self.opex_lines => format!("opex_{}", l - 1),
            _ => "other_income".into(),
        }
    }

    /// How one unit of a leaf enters income before taxes.
    fn leaf_sign(&self, leaf: usize) -> Decimal {
        if leaf == 0 || leaf == self.leaves() - 1 {
            Decimal::ONE
        } else {
            -Decimal::ONE
        }
    }

    /// Whether a leaf is part of operating income (all but other income).
    fn operating(&self, leaf: usize) -> bool {
        leaf != self.leaves() - 1
    }

    fn leaf_value(&self, leaf: usize, p: usize) -> i64 {
        let f = &self.periods[p];
        match leaf {
            0 => f.revenue,
            1 => f.cost,
            l if l < 2 + self.opex_lines => f.opex[l - 2],
            _ => f.other_income,
        }
    }

    fn period_ids(&self) -> [String; 4] {
        let y = self.year;
        [
            format!("Q3-{y}"),
            format!("9M-{y}"),
            format!("FY-{y}"),
            format!("Q4-{y}"),
        ]
    }

    fn has_group(&self) -> bool {
        self.group.is_some()
            && self
                .adjustments
                .iter()
                .any(|a| matches!(a.tax, Treatment::Covered))
    }
}

// ---------------------------------------------------------------------------
// The oracle.

/// GAAP and non-GAAP figures of one measure.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Pair {
    gaap: Decimal,
    non_gaap: Decimal,
}

/// A per-share figure and the count it divides by.
#[derive(Debug, Clone, Copy, PartialEq)]
struct PerShare {
    gaap: Decimal,
    gaap_count: Decimal,
    non_gaap: Decimal,
    non_gaap_count: Decimal,
}

/// Everything the oracle computes for one period.
#[derive(Debug, Clone)]
struct Expected {
    operating: Pair,
    pretax: Pair,
    net: Pair,
    /// Each adjustment's effect (by adjustment id) on operating income,
    /// on income before taxes and on net income (after its own tax).
    by_adjustment: Vec<(String, [Decimal; 3])>,
    basic: PerShare,
    diluted: PerShare,
}

/// The money figures of one period: operating, pretax and net income, GAAP
/// and non-GAAP, and each adjustment's effect on them.
#[derive(Debug, Clone)]
struct Money {
    operating: Pair,
    pretax: Pair,
    net: Pair,
    by_adjustment: Vec<(String, [Decimal; 3])>,
}

impl Money {
    /// A derived period: every flow is the later period's less the earlier.
    fn less(&self, other: &Money) -> Money {
        let pair = |a: Pair, b: Pair| Pair {
            gaap: a.gaap - b.gaap,
            non_gaap: a.non_gaap - b.non_gaap,
        };
        Money {
            operating: pair(self.operating, other.operating),
            pretax: pair(self.pretax, other.pretax),
            net: pair(self.net, other.net),
            by_adjustment: self
                .by_adjustment
                .iter()
                .zip(&other.by_adjustment)
                .map(|((id, a), (_, b))| (id.clone(), [a[0] - b[0], a[1] - b[1], a[2] - b[2]]))
                .collect(),
        }
    }
}

/// The reference reconciliation of one reported period's money figures.
fn oracle_money(m: &Model, p: usize) -> Money {
    let f = &m.periods[p];
    // GAAP, from the leaves.
    let gross = d(f.revenue) - d(f.cost);
    let operating = gross
        - f.opex[..m.opex_lines]
            .iter()
            .map(|&v| d(v))
            .sum::<Decimal>();
    let pretax = operating + d(f.other_income);
    let provision = if f.zero_net { pretax } else { d(f.income_tax) };
    let net = pretax - provision;

    // Each adjustment before tax: (on operating income, on pretax income).
    let before_tax = |a: &Adj| -> (Decimal, Decimal) {
        let mut op = Decimal::ZERO;
        let mut pt = Decimal::ZERO;
        let mut add = |leaf: usize, on_the_line: Decimal| {
            // A change of `on_the_line` in a leaf moves income by it times
            // the leaf's sign.
            let effect = on_the_line * m.leaf_sign(leaf);
            pt += effect;
            if m.operating(leaf) {
                op += effect;
            }
        };
        match &a.kind {
            Kind::Line(l) => add(*l, -d(m.leaf_value(*l, p))),
            Kind::Exclude(parts) => {
                for (l, amounts) in parts {
                    add(*l, -amounts[p]);
                }
            }
            Kind::AddIn(parts) => {
                for (l, amounts) in parts {
                    add(*l, amounts[p]);
                }
            }
            Kind::TaxOnly(_) => {}
        }
        (op, pt)
    };

    let mut by_adjustment = Vec::new();
    let mut non_gaap_operating = operating;
    let mut non_gaap_pretax = pretax;
    let mut non_gaap_net = net;
    let mut covered_pretax = Decimal::ZERO;
    // The income-tax provision after every adjustment's own tax effect.
    let mut non_gaap_provision = provision;
    for (i, a) in m.adjustments.iter().enumerate() {
        let (mut op, mut pt) = before_tax(a);
        // The adjustment's effect on net income.
        let on_net = match (&a.kind, &a.tax) {
            (Kind::TaxOnly(amounts), _) => {
                non_gaap_provision -= amounts[p];
                amounts[p]
            }
            // Stated after tax: only net income moves.
            (_, Treatment::NetOfTax) => {
                let after = pt;
                op = Decimal::ZERO;
                pt = Decimal::ZERO;
                after
            }
            (_, tax) => {
                let tax = match tax {
                    Treatment::Nil | Treatment::NetOfTax => Decimal::ZERO,
                    Treatment::Covered => {
                        covered_pretax += pt;
                        Decimal::ZERO
                    }
                    // The opposite sign of the effect before tax.
                    Treatment::Rate(r) => -(*r * pt),
                    Treatment::Amounts(t) => t[p],
                    Treatment::AfterTax(after) => after[p] - pt,
                };
                non_gaap_provision -= tax;
                pt + tax
            }
        };
        non_gaap_operating += op;
        non_gaap_pretax += pt;
        non_gaap_net += on_net;
        by_adjustment.push((format!("adj_{i}"), [op, pt, on_net]));
    }
    if m.has_group() {
        let group = m.group.as_ref().expect("a group");
        let on_net = match group {
            GroupTax::Rate(r) => -(*r * covered_pretax),
            GroupTax::Amounts(t) => t[p],
            // The non-GAAP provision becomes the rate times non-GAAP
            // income before taxes; the row is the difference from the
            // provision otherwise shown.
            GroupTax::EffectiveRate(r) => non_gaap_provision - *r * non_gaap_pretax,
        };
        non_gaap_net += on_net;
        by_adjustment.push((
            "income_tax_effect".into(),
            [Decimal::ZERO, Decimal::ZERO, on_net],
        ));
    }
    Money {
        operating: Pair {
            gaap: operating,
            non_gaap: non_gaap_operating,
        },
        pretax: Pair {
            gaap: pretax,
            non_gaap: non_gaap_pretax,
        },
        net: Pair {
            gaap: net,
            non_gaap: non_gaap_net,
        },
        by_adjustment,
    }
}

/// Per share: money in thousands over shares in thousands.
fn per_share(money: Pair, shares: &Shares) -> (PerShare, PerShare) {
    let loss = |v: Decimal| v < Decimal::ZERO;
    let basic_count = d(shares.basic);
    let non_gaap_basic = d(shares.non_gaap_basic.unwrap_or(shares.basic));
    let basic = PerShare {
        gaap: money.gaap / basic_count,
        gaap_count: basic_count,
        non_gaap: money.non_gaap / non_gaap_basic,
        non_gaap_count: non_gaap_basic,
    };
    // A loss divides by basic shares: potential shares are anti-dilutive.
    // Zero is not a loss.
    let gaap_count = if loss(money.gaap) {
        basic_count
    } else {
        d(shares.diluted())
    };
    let (mut numerator, mut count) = if loss(money.non_gaap) {
        (money.non_gaap, non_gaap_basic)
    } else {
        (
            money.non_gaap,
            d(shares.non_gaap_diluted.unwrap_or(shares.diluted())),
        )
    };
    if !loss(money.non_gaap)
        && let Some((added, dividends)) = shares.if_converted
    {
        // As converted only where it dilutes: (N + D) / (C + S) < N / C,
        // that is D * C < N * S for positive counts. A tie does not dilute.
        if dividends * count < numerator * d(added) {
            numerator += dividends;
            count += d(added);
        }
    }
    let diluted = PerShare {
        gaap: money.gaap / gaap_count,
        gaap_count,
        non_gaap: numerator / count,
        non_gaap_count: count,
    };
    (basic, diluted)
}

/// The oracle's figures for Q3, 9M, FY and the derived Q4.
fn oracle(m: &Model) -> Vec<Expected> {
    let mut money: Vec<Money> = (0..REPORTED).map(|p| oracle_money(m, p)).collect();
    money.push(money[2].less(&money[1]));
    money
        .into_iter()
        .enumerate()
        .map(|(p, money)| {
            let shares = if p < REPORTED {
                &m.periods[p].shares
            } else {
                &m.q4_shares
            };
            let (basic, diluted) = per_share(money.net, shares);
            Expected {
                operating: money.operating,
                pretax: money.pretax,
                net: money.net,
                by_adjustment: money.by_adjustment,
                basic,
                diluted,
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------
// The TOML text the tool reads.

fn quoted(v: Decimal) -> String {
    format!("\"{v}\"")
}

impl Model {
    fn amounts_table(&self, amounts: &[Decimal; REPORTED]) -> String {
        let ids = self.period_ids();
        let cells: Vec<String> = (0..REPORTED)
            .map(|p| format!("\"{}\" = {}", ids[p], quoted(amounts[p])))
            .collect();
        format!("{{ {} }}", cells.join(", "))
    }

    fn statement_toml(&self) -> String {
        let mut out = String::from(
            "[entity]\nname = \"Oracle Corp.\"\nfiscal_year_end = \"12-31\"\nunits = \"thousands\"\n",
        );
        let mut line = |id: &str, extra: &str| {
            out.push_str(&format!(
                "\n[[line_item]]\nid = \"{id}\"\nlabel = \"{id}\"\nstatement = \"operations\"\n{extra}"
            ));
        };
        line(
            "revenue",
            "rolls_up_to = \"gross_profit\"\nmeasure = \"revenue\"\n",
        );
        line(
            "cost_of_revenue",
            "rolls_up_to = \"gross_profit\"\nsign = \"subtract\"\nmeasure = \"cost-of-revenues\"\n",
        );
        line(
            "gross_profit",
            "rolls_up_to = \"operating_income\"\nmeasure = \"gross-profit\"\n",
        );
        for k in 1..=self.opex_lines {
            line(
                &format!("opex_{k}"),
                "rolls_up_to = \"total_operating_expenses\"\n",
            );
        }
        line(
            "total_operating_expenses",
            "rolls_up_to = \"operating_income\"\nsign = \"subtract\"\nmeasure = \"operating-expenses\"\n",
        );
        line(
            "operating_income",
            "rolls_up_to = \"pretax_income\"\nmeasure = \"operating-income\"\n",
        );
        line("other_income", "rolls_up_to = \"pretax_income\"\n");
        line(
            "pretax_income",
            "rolls_up_to = \"net_income\"\nmeasure = \"pretax-income\"\n",
        );
        line(
            "income_tax",
            "rolls_up_to = \"net_income\"\nsign = \"subtract\"\nmeasure = \"income-tax\"\n",
        );
        line("net_income", "measure = \"net-income\"\n");
        let y = self.year;
        let ids = self.period_ids();
        let dates = [
            (format!("{y}-07-01"), format!("{y}-09-30")),
            (format!("{y}-01-01"), format!("{y}-09-30")),
            (format!("{y}-01-01"), format!("{y}-12-31")),
        ];
        for p in 0..REPORTED {
            let f = &self.periods[p];
            let opex = &f.opex[..self.opex_lines];
            let total_opex: i64 = opex.iter().sum();
            let gross = f.revenue - f.cost;
            let operating = gross - total_opex;
            let pretax = operating + f.other_income;
            let tax = if f.zero_net { pretax } else { f.income_tax };
            out.push_str(&format!(
                "\n[[period]]\nid = \"{}\"\nkind = \"duration\"\nstart = {}\nend = {}\n\n[period.values]\nrevenue = {}\ncost_of_revenue = {}\ngross_profit = {gross}\n",
                ids[p], dates[p].0, dates[p].1, f.revenue, f.cost
            ));
            for (k, e) in opex.iter().enumerate() {
                out.push_str(&format!("opex_{} = {e}\n", k + 1));
            }
            out.push_str(&format!(
                "total_operating_expenses = {total_opex}\noperating_income = {operating}\nother_income = {}\npretax_income = {pretax}\nincome_tax = {tax}\nnet_income = {}\n",
                f.other_income,
                pretax - tax
            ));
            out.push_str(&shares_toml(&f.shares));
        }
        out.push_str(&format!(
            "\n[[period]]\nid = \"{}\"\nkind = \"duration\"\nstart = {y}-10-01\nend = {y}-12-31\nderived = true\n",
            ids[3]
        ));
        out.push_str(&shares_toml(&self.q4_shares));
        out
    }

    fn adjustment_toml(&self, i: usize) -> String {
        let a = &self.adjustments[i];
        let mut out = format!("id = \"adj_{i}\"\nlabel = \"Adjustment {i}\"\n");
        let parts = |out: &mut String, table: &str, parts: &[(usize, [Decimal; REPORTED])]| {
            for (l, amounts) in parts {
                out.push_str(&format!(
                    "\n[[{table}]]\nline = \"{}\"\namounts = {}\n",
                    self.leaf_id(*l),
                    self.amounts_table(amounts)
                ));
            }
        };
        match &a.kind {
            Kind::Line(l) => out.push_str(&format!(
                "kind = \"exclude-line\"\nline = \"{}\"\nrationale = \"Generated.\"\n",
                self.leaf_id(*l)
            )),
            Kind::Exclude(p) => {
                out.push_str("kind = \"exclude-amounts\"\nrationale = \"Generated.\"\n");
                parts(&mut out, "exclude", p);
            }
            Kind::AddIn(p) => {
                out.push_str("kind = \"add-in\"\nrationale = \"Generated.\"\n");
                parts(&mut out, "add", p);
            }
            Kind::TaxOnly(amounts) => {
                out.push_str(&format!(
                    "kind = \"tax-only\"\nrationale = \"Generated.\"\n\n[tax]\ntreatment = \"amounts\"\namounts = {}\n",
                    self.amounts_table(amounts)
                ));
                return out;
            }
        }
        match &a.tax {
            Treatment::Nil => {
                out.push_str("\n[tax]\ntreatment = \"nil\"\nreason = \"Generated.\"\n")
            }
            Treatment::Rate(r) => out.push_str(&format!(
                "\n[tax]\ntreatment = \"rate\"\nrate = {}\n",
                quoted(*r)
            )),
            Treatment::Amounts(t) => out.push_str(&format!(
                "\n[tax]\ntreatment = \"amounts\"\namounts = {}\n",
                self.amounts_table(t)
            )),
            Treatment::AfterTax(t) => out.push_str(&format!(
                "\n[tax]\ntreatment = \"after-tax\"\namounts = {}\n",
                self.amounts_table(t)
            )),
            Treatment::NetOfTax => out.push_str("\n[tax]\ntreatment = \"net-of-tax\"\n"),
            Treatment::Covered => {}
        }
        out
    }

    fn group_toml(&self) -> Option<String> {
        if !self.has_group() {
            return None;
        }
        let mut out = String::from(
            "id = \"income_tax_effect\"\nlabel = \"Income tax effect of non-GAAP adjustments\"\nkind = \"tax-effect\"\nrationale = \"Generated.\"\n\n[tax]\n",
        );
        match self.group.as_ref()? {
            GroupTax::Rate(r) => {
                out.push_str(&format!("treatment = \"rate\"\nrate = {}\n", quoted(*r)))
            }
            GroupTax::Amounts(t) => out.push_str(&format!(
                "treatment = \"amounts\"\namounts = {}\n",
                self.amounts_table(t)
            )),
            GroupTax::EffectiveRate(r) => out.push_str(&format!(
                "treatment = \"effective-rate\"\nrate = {}\n",
                quoted(*r)
            )),
        }
        Some(out)
    }

    /// Every adjustment file: (file stem, text).
    fn adjustment_files(&self) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = (0..self.adjustments.len())
            .map(|i| (format!("adj_{i}"), self.adjustment_toml(i)))
            .collect();
        if let Some(group) = self.group_toml() {
            files.push(("income_tax_effect".into(), group));
        }
        files
    }
}

fn shares_toml(s: &Shares) -> String {
    let mut out = format!(
        "\n[period.shares]\nbasic = {}\ndiluted = {}\n",
        s.basic,
        s.diluted()
    );
    if let Some(n) = s.non_gaap_basic {
        out.push_str(&format!("non_gaap_basic = {n}\n"));
    }
    if let Some(n) = s.non_gaap_diluted {
        out.push_str(&format!("non_gaap_diluted = {n}\n"));
    }
    if let Some((added, dividends)) = s.if_converted {
        out.push_str(&format!(
            "if_converted = {{ shares = {added}, dividends = {} }}\n",
            quoted(dividends)
        ));
    }
    out
}

// ---------------------------------------------------------------------------
// Generators.

fn amount(range: std::ops::RangeInclusive<i64>) -> impl Strategy<Value = i64> {
    prop_oneof![1 => Just(0i64), 6 => range]
}

fn amounts(range: std::ops::RangeInclusive<i64>) -> impl Strategy<Value = [Decimal; REPORTED]> {
    [amount(range.clone()), amount(range.clone()), amount(range)].prop_map(|a| a.map(d))
}

/// A rate of 0 to 60%, to four places: "0.2137".
fn rate() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        1 => Just(Decimal::ZERO),
        2 => Just(Decimal::new(25, 2)),
        6 => (0i64..=6000).prop_map(|n| Decimal::new(n, 4)),
    ]
}

fn shares() -> impl Strategy<Value = Shares> {
    (
        1i64..=1_000_000,
        prop_oneof![1 => Just(0i64), 3 => 0i64..=50_000],
        prop::option::weighted(0.2, 1i64..=1_000_000),
        prop::option::weighted(0.3, 0i64..=80_000),
        prop::option::weighted(0.3, (1i64..=100_000, 0i64..=2_000_000)),
    )
        .prop_map(
            |(basic, extra, non_gaap_basic, non_gaap_extra, converted)| Shares {
                basic,
                extra_diluted: extra,
                non_gaap_basic: non_gaap_basic.map(|n| n.min(basic)),
                non_gaap_diluted: non_gaap_extra.map(|e| basic + e),
                if_converted: converted.map(|(s, dividends)| (s, d(dividends))),
            },
        )
}

fn figures() -> impl Strategy<Value = Figures> {
    (
        amount(0..=5_000_000),
        amount(-50_000..=3_000_000),
        prop::collection::vec(amount(-100_000..=1_500_000), MAX_OPEX),
        amount(-300_000..=300_000),
        amount(-300_000..=600_000),
        prop::bool::weighted(0.15),
        shares(),
    )
        .prop_map(
            |(revenue, cost, opex, other_income, income_tax, zero_net, shares)| Figures {
                revenue,
                cost,
                opex,
                other_income,
                income_tax,
                zero_net,
                shares,
            },
        )
}

fn tax() -> impl Strategy<Value = Treatment> {
    prop_oneof![
        1 => Just(Treatment::Nil),
        1 => rate().prop_map(Treatment::Rate),
        1 => amounts(-200_000..=200_000).prop_map(Treatment::Amounts),
        1 => amounts(-500_000..=500_000).prop_map(Treatment::AfterTax),
        1 => Just(Treatment::NetOfTax),
        2 => Just(Treatment::Covered),
    ]
}

/// An adjustment as generated, before overlaps are resolved: kind 0
/// exclude-line, 1 exclude-amounts, 2 add-in, 3 tax-only.
#[derive(Debug, Clone)]
struct Spec {
    kind: u8,
    line: usize,
    parts: Vec<(usize, [Decimal; REPORTED])>,
    tax_only: [Decimal; REPORTED],
    tax: Treatment,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop_oneof![3 => Just(0u8), 3 => Just(1u8), 1 => Just(2u8), 1 => Just(3u8)],
        0usize..16,
        prop::collection::vec((0usize..16, amounts(-500_000..=500_000)), 1..=3),
        amounts(-300_000..=300_000),
        tax(),
    )
        .prop_map(|(kind, line, parts, tax_only, tax)| Spec {
            kind,
            line,
            parts,
            tax_only,
            tax,
        })
}

fn group() -> impl Strategy<Value = Option<GroupTax>> {
    prop::option::weighted(
        0.7,
        prop_oneof![
            rate().prop_map(GroupTax::Rate),
            amounts(-200_000..=200_000).prop_map(GroupTax::Amounts),
            rate().prop_map(GroupTax::EffectiveRate),
        ],
    )
}

/// Resolves the generated adjustments into valid ones: a leaf excluded in
/// full is touched by no other adjustment (double exclusion is refused by
/// design); amounts name each leaf once per adjustment.
fn plan(leaves: usize, specs: Vec<Spec>) -> Vec<Adj> {
    let mut whole = vec![false; leaves];
    let mut used = vec![false; leaves];
    let mut out = Vec::new();
    for spec in specs {
        match spec.kind {
            3 => out.push(Adj {
                kind: Kind::TaxOnly(spec.tax_only),
                tax: Treatment::Amounts(spec.tax_only),
            }),
            0 => {
                let start = spec.line % leaves;
                if let Some(l) = (0..leaves)
                    .map(|k| (start + k) % leaves)
                    .find(|&l| !used[l])
                {
                    whole[l] = true;
                    used[l] = true;
                    out.push(Adj {
                        kind: Kind::Line(l),
                        tax: spec.tax,
                    });
                }
            }
            kind => {
                let mut parts: Vec<(usize, [Decimal; REPORTED])> = Vec::new();
                for (line, amounts) in spec.parts {
                    let l = line % leaves;
                    if !whole[l] && !parts.iter().any(|(p, _)| *p == l) {
                        parts.push((l, amounts));
                    }
                }
                if parts.is_empty() {
                    continue;
                }
                for (l, _) in &parts {
                    used[*l] = true;
                }
                out.push(Adj {
                    kind: if kind == 1 {
                        Kind::Exclude(parts)
                    } else {
                        Kind::AddIn(parts)
                    },
                    tax: spec.tax,
                });
            }
        }
    }
    out
}

fn model() -> impl Strategy<Value = Model> {
    (
        2001u16..=2030,
        1usize..=MAX_OPEX,
        [figures(), figures(), figures()],
        shares(),
        prop::collection::vec(spec(), 0..=MAX_ADJUSTMENTS),
        group(),
        [
            prop::bool::weighted(0.2),
            prop::bool::weighted(0.2),
            prop::bool::weighted(0.2),
        ],
        prop::bool::weighted(0.15),
    )
        .prop_map(
            |(year, opex_lines, periods, q4_shares, specs, group, zero, tie)| {
                let mut m = Model {
                    year,
                    opex_lines,
                    periods,
                    q4_shares,
                    adjustments: Vec::new(),
                    group,
                };
                m.adjustments = plan(m.leaves(), specs);
                // Without a group, nothing covers an adjustment's tax.
                if m.group.is_none() {
                    for a in &mut m.adjustments {
                        if matches!(a.tax, Treatment::Covered) {
                            a.tax = Treatment::Nil;
                        }
                    }
                }
                zero_non_gaap(&mut m, zero);
                if tie {
                    if_converted_ties(&mut m);
                }
                m
            },
        )
}

/// Where `zero` asks, an add-in of other income (taxed nil) that brings
/// non-GAAP net income to exactly zero; under an effective rate, non-GAAP
/// income before taxes (and so the provision) to zero.
fn zero_non_gaap(m: &mut Model, zero: [bool; REPORTED]) {
    if !zero.iter().any(|&z| z) {
        return;
    }
    let effective = m.has_group() && matches!(m.group, Some(GroupTax::EffectiveRate(_)));
    let mut add = [Decimal::ZERO; REPORTED];
    for p in 0..REPORTED {
        if zero[p] {
            let money = oracle_money(m, p);
            add[p] = if effective {
                -money.pretax.non_gaap
            } else {
                -money.net.non_gaap
            };
        }
    }
    let other = m.leaves() - 1;
    m.adjustments.push(Adj {
        kind: Kind::AddIn(vec![(other, add)]),
        tax: Treatment::Nil,
    });
}

/// A convertible whose conversion neither dilutes nor anti-dilutes
/// non-GAAP diluted EPS in the reported periods: dividends per added share
/// equal to the non-GAAP figure per share.
fn if_converted_ties(m: &mut Model) {
    for p in 0..REPORTED {
        let money = oracle_money(m, p);
        let ng = money.net.non_gaap;
        let s = &m.periods[p].shares;
        if ng < Decimal::ZERO {
            continue;
        }
        let count = s.non_gaap_diluted.unwrap_or(s.diluted());
        m.periods[p].shares.if_converted = Some((count, ng));
    }
}

// ---------------------------------------------------------------------------
// The tool, through the library.

fn tool(m: &Model) -> Reconciliation {
    let text = m.statement_toml();
    let file = SourceFile::new("statements/oracle.toml", text.as_str());
    let mut statement = load::statement_from_source(&file).unwrap_or_else(|e| {
        panic!(
            "the generated statement is refused:\n{}\n--- file ---\n{text}",
            render_all(&e, "errors")
        )
    });
    let files = m.adjustment_files();
    let parsed: Vec<_> = files
        .iter()
        .map(|(stem, text)| {
            load::parse_adjustment(SourceFile::new(
                format!("adjustments/{stem}.toml"),
                text.as_str(),
            ))
            .unwrap_or_else(|e| panic!("{stem} does not parse:\n{e}\n--- file ---\n{text}"))
        })
        .collect();
    let adjustments = load::validate_adjustments(parsed, &statement).unwrap_or_else(|e| {
        let texts: Vec<&str> = files.iter().map(|(_, t)| t.as_str()).collect();
        panic!(
            "the generated adjustments are refused:\n{}\n--- statements ---\n{text}\n--- adjustments ---\n{}",
            render_all(&e, "errors"),
            texts.join("\n---\n")
        )
    });
    let spec = m.period_ids().join(",");
    let chosen = choose_periods(&mut statement, Some(&spec))
        .unwrap_or_else(|e| panic!("periods {spec} are not chosen:\n{e}"));
    let measures = [
        NonGaapMeasure::OperatingIncome,
        NonGaapMeasure::PretaxIncome,
        NonGaapMeasure::NetIncome,
        NonGaapMeasure::EpsBasic,
        NonGaapMeasure::EpsDiluted,
    ];
    view::reconcile(&statement, &adjustments, &chosen, &measures).unwrap_or_else(|e| {
        panic!("no reconciliation of a valid model:\n{e}\n--- file ---\n{text}")
    })
}

/// Compares every figure the tool computes with the oracle's; the first
/// difference, named, or `None`.
fn compare(m: &Model) -> Result<(), String> {
    let expected = oracle(m);
    let rec = tool(m);
    let ids = m.period_ids();
    let mut diffs = Vec::new();
    let mut check = |what: String, tool: Decimal, oracle: Decimal| {
        if tool != oracle {
            diffs.push(format!("{what}: tool {tool}, oracle {oracle}"));
        }
    };
    let blocks = [
        ("operating income", NonGaapMeasure::OperatingIncome, 0),
        ("pretax income", NonGaapMeasure::PretaxIncome, 1),
        ("net income", NonGaapMeasure::NetIncome, 2),
    ];
    for (name, measure, k) in blocks {
        let block = rec
            .amount(measure)
            .unwrap_or_else(|| panic!("{name} reconciled"));
        for (c, e) in expected.iter().enumerate() {
            let column = &block.columns[c];
            let pair = [e.operating, e.pretax, e.net][k];
            check(format!("GAAP {name} {}", ids[c]), column.gaap, pair.gaap);
            check(
                format!("non-GAAP {name} {}", ids[c]),
                column.non_gaap,
                pair.non_gaap,
            );
            for (id, effects) in &e.by_adjustment {
                let a = rec
                    .adjustments
                    .iter()
                    .position(|s| &s.id == id)
                    .unwrap_or_else(|| panic!("adjustment {id} in the reconciliation"));
                check(
                    format!("{id} on {name} {}", ids[c]),
                    column.effects[a] + column.taxes[a],
                    effects[k],
                );
            }
        }
    }
    for (basis, name) in [
        (ShareBasis::Basic, "basic"),
        (ShareBasis::Diluted, "diluted"),
    ] {
        let block = rec.per_share(basis).expect("EPS reconciled");
        for (c, e) in expected.iter().enumerate() {
            let want = match basis {
                ShareBasis::Basic => e.basic,
                ShareBasis::Diluted => e.diluted,
            };
            let Some(column) = &block.columns[c] else {
                check(
                    format!("{name} EPS missing in {}", ids[c]),
                    Decimal::ONE,
                    Decimal::ZERO,
                );
                continue;
            };
            check(
                format!("GAAP {name} EPS {}", ids[c]),
                column.gaap,
                want.gaap,
            );
            check(
                format!("GAAP {name} shares {}", ids[c]),
                column.gaap_shares.count,
                want.gaap_count,
            );
            check(
                format!("non-GAAP {name} EPS {}", ids[c]),
                column.non_gaap,
                want.non_gaap,
            );
            check(
                format!("non-GAAP {name} shares {}", ids[c]),
                column.non_gaap_shares.count,
                want.non_gaap_count,
            );
        }
    }
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(diffs.join("\n"))
    }
}

proptest! {
    #![proptest_config(config())]

    /// Every figure the tool computes is the oracle's, exactly.
    #[test]
    fn the_tool_agrees_with_the_oracle(m in model()) {
        if let Err(diffs) = compare(&m) {
            let files: Vec<String> = m
                .adjustment_files()
                .into_iter()
                .map(|(stem, text)| format!("--- adjustments/{stem}.toml\n{text}"))
                .collect();
            prop_assert!(
                false,
                "the tool disagrees with the oracle:\n{}\n--- statements/oracle.toml\n{}\n{}",
                diffs,
                m.statement_toml(),
                files.join("\n")
            );
        }
    }
}
