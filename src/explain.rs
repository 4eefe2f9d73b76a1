//! `reconcile explain`: how a measure's figures are computed, each input
//! with the file and line it is written at, down to the source the model
//! names. The provenance a reviewer follows from a figure to the text.

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::engine;
use crate::model::{
    Adjustment, AdjustmentRule, BalanceBasis, LineId, NonGaapMeasure, Period, PeriodSpan, Statement,
};
use crate::number;
use crate::view::{self, Block};

fn shown(v: Decimal) -> String {
    number::format(v, v.scale().min(4), false)
}

/// Where a line's figure in a period comes from: the fact as written, or
/// the sum of its components, each with theirs.
fn source_of(statement: &Statement, period: &Period, line: LineId, depth: usize, out: &mut String) {
    let item = statement.line(line);
    let pad = "  ".repeat(depth + 2);
    if let Some(derivation) = &period.derived {
        let value = statement.value(period, line).ok().flatten();
        out.push_str(&format!(
            "{pad}`{}` {}, derived: {}\n",
            item.id,
            value.map_or("(no value)".to_string(), shown),
            derivation.describe(&statement.periods)
        ));
        if depth < 4 {
            for &(index, _) in &derivation.terms {
                if let Some(source) = statement.periods.get(index) {
                    source_of(statement, source, line, depth + 1, out);
                }
            }
        }
        return;
    }
    match period.values.get(&line) {
        Some(fact) => out.push_str(&format!(
            "{pad}`{}` {} at {}\n",
            item.id,
            shown(fact.value),
            fact.site.position()
        )),
        None => {
            let value = statement.value(period, line).ok().flatten();
            out.push_str(&format!(
                "{pad}`{}` {}, the sum of its components:\n",
                item.id,
                value.map_or("(no value)".to_string(), shown)
            ));
            if depth < 4 {
                for (component, _) in statement.components(line) {
                    source_of(statement, period, component, depth + 1, out);
                }
            }
        }
    }
}

/// Where a balance a duration column takes comes from: the instant at its
/// end, the average the period states, or the opening and closing instants.
fn balance_source(
    statement: &Statement,
    period: &Period,
    line: LineId,
    basis: BalanceBasis,
    out: &mut String,
) {
    let id = &statement.line(line).id;
    if basis == BalanceBasis::Average {
        if let Some(fact) = period.averages.get(&line) {
            out.push_str(&format!(
                "    `{id}` average {} as stated at {}\n",
                shown(fact.value),
                fact.site.position()
            ));
            return;
        }
        out.push_str(&format!(
            "    `{id}` the mean of the opening and closing balances:\n"
        ));
        if let PeriodSpan::Duration { start, .. } = period.span {
            let opening =
                crate::model::period::from_day_number(crate::model::period::day_number(start) - 1);
            if let Some(instant) = statement.instant_at(opening) {
                out.push_str(&format!("      opening, {}:\n", instant.id));
                source_of(statement, instant, line, 2, out);
            }
        }
    }
    if let Some(instant) = statement.instant_at(period.span.end()) {
        out.push_str(&format!("      closing, {}:\n", instant.id));
        source_of(statement, instant, line, 2, out);
    }
}

/// One figure explained: what it is, in stable keys, its computed and
/// published figures, and the text that traces it to its inputs.
#[derive(Debug, Clone)]
pub struct Explained {
    /// The measure as `--measure` names it, or the balance line's id.
    pub measure: String,
    /// `non_gaap`, `per_share`, `ratio` or `balance`.
    pub kind: &'static str,
    pub period: String,
    pub label: String,
    /// Computed from the model; `None` where it cannot be (a ratio over a
    /// zero).
    pub computed: Option<Decimal>,
    /// The release's figure, as recorded.
    pub published: Option<Decimal>,
    /// The GAAP figure it starts from: label, computed, as stated.
    pub gaap: Option<(String, Decimal, Option<Decimal>)>,
    /// The explanation as `explain` prints it, lines ending in newlines.
    pub text: String,
}

impl Explained {
    fn new(measure: impl Into<String>, kind: &'static str, period: &str, label: &str) -> Self {
        Explained {
            measure: measure.into(),
            kind,
            period: period.to_string(),
            label: label.to_string(),
            computed: None,
            published: None,
            gaap: None,
            text: String::new(),
        }
    }
}

pub fn explain(
    statement: &Statement,
    adjustments: &[Adjustment],
    periods: &[usize],
    name: &str,
) -> Result<String, Diagnostic> {
    let mut out = String::new();
    if let Some(source) = &statement.entity.source {
        out.push_str(&format!("{}: {source}\n", statement.entity.name));
    }
    for figure in figures(statement, adjustments, periods, name)? {
        out.push_str(&figure.text);
    }
    Ok(out)
}

/// `explain --format json`: the same figures, each with its stable keys,
/// its computed and published figures and its explanation, line by line.
pub fn explain_json(
    statement: &Statement,
    adjustments: &[Adjustment],
    periods: &[usize],
    name: &str,
) -> Result<String, Diagnostic> {
    let figures = figures(statement, adjustments, periods, name)?;
    let document = ExplainJson {
        schema_version: crate::report::JSON_SCHEMA_VERSION,
        reconcile: crate::version::VERSIONS,
        entity: &statement.entity.name,
        source: statement.entity.source.as_deref(),
        figures: figures.iter().map(FigureJson::from).collect(),
    };
    // Serializing structs of strings into memory has no way to fail.
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_default();
    out.push('\n');
    Ok(out)
}

#[derive(serde::Serialize)]
struct ExplainJson<'a> {
    schema_version: u32,
    reconcile: crate::version::Versions,
    entity: &'a str,
    source: Option<&'a str>,
    figures: Vec<FigureJson<'a>>,
}

#[derive(serde::Serialize)]
struct FigureJson<'a> {
    measure: &'a str,
    kind: &'static str,
    period: &'a str,
    label: &'a str,
    value: Option<String>,
    computed: Option<String>,
    published: Option<String>,
    shown: Option<String>,
    gaap: Option<GaapJson<'a>>,
    explanation: Vec<&'a str>,
}

#[derive(serde::Serialize)]
struct GaapJson<'a> {
    label: &'a str,
    computed: String,
    published: Option<String>,
    shown: String,
}

impl<'a> From<&'a Explained> for FigureJson<'a> {
    fn from(f: &'a Explained) -> Self {
        let per_share = f.kind == "per_share";
        let figure = match (f.published, f.computed) {
            (Some(p), _) => Some(printed(p, p.scale())),
            (None, Some(c)) if per_share => Some(printed(c, 2)),
            (None, Some(c)) => Some(shown(c)),
            (None, None) => None,
        };
        FigureJson {
            measure: &f.measure,
            kind: f.kind,
            period: &f.period,
            label: &f.label,
            value: f.computed.map(|v| v.to_string()),
            computed: f.computed.map(|v| v.to_string()),
            published: f.published.map(|v| v.to_string()),
            shown: figure,
            gaap: f.gaap.as_ref().map(|(label, computed, stated)| GaapJson {
                label,
                computed: computed.to_string(),
                published: stated.map(|v| v.to_string()),
                shown: if per_share {
                    printed(crate::report::as_stated(*computed, *stated), 2)
                } else {
                    shown(*computed)
                },
            }),
            explanation: f.text.lines().collect(),
        }
    }
}

/// A figure as a table prints it, a zero as "0.00" rather than a dash.
fn printed(v: Decimal, places: u32) -> String {
    if number::round(v, places).is_zero() {
        let zero = number::round(Decimal::ZERO, places).to_string();
        if v.is_sign_negative() && !v.is_zero() {
            format!("({zero})")
        } else {
            zero
        }
    } else {
        number::format(v, places, false)
    }
}

/// How a measure's figures are computed, without the source line.
fn figures(
    statement: &Statement,
    adjustments: &[Adjustment],
    periods: &[usize],
    name: &str,
) -> Result<Vec<Explained>, Diagnostic> {
    let measures = NonGaapMeasure::parse_names(&[name.to_string()], statement, |spec| {
        Diagnostic::new(format!("empty measure name in `{spec}`")).help(
            "separate measure names with single commas, such as `reconcile explain net-income,eps`",
        )
    })?;
    // A declared ratio: its figures, then each of its terms explained.
    if let [NonGaapMeasure::Ratio(i)] = measures[..] {
        return ratio_figures(statement, adjustments, periods, i, &measures);
    }
    let adjusted = engine::adjust(statement, adjustments, periods)?;
    let rec = view::reconciliation(statement, &adjusted, &measures)?;
    let mut entries = Vec::new();
    for block in &rec.blocks {
        match block {
            Block::Amount(block) => {
                let amount = AmountExplanation::new(statement, adjustments, &rec, block)?;
                for (c, &p) in periods.iter().enumerate() {
                    entries.push(amount.column(c, p));
                }
            }
            Block::PerShare(block) => entries.extend(per_share_figures(
                statement,
                adjustments,
                periods,
                &adjusted,
                &rec,
                block,
            )?),
            Block::Ratio(block) => entries.extend(margin_figures(
                statement,
                adjustments,
                periods,
                &measures,
                rec.standard,
                block,
            )?),
        }
    }
    Ok(entries)
}

/// A built-in margin's figures, then its numerator and its denominator,
/// each explained as an amount unless asked for in this output already. A
/// declared ratio among other measures is explained when asked for alone.
fn margin_figures(
    statement: &Statement,
    adjustments: &[Adjustment],
    periods: &[usize],
    measures: &[NonGaapMeasure],
    standard: crate::raw::Standard,
    block: &view::RatioBlock,
) -> Result<Vec<Explained>, Diagnostic> {
    let Some(parts) = margin_parts(block.measure) else {
        return Ok(Vec::new());
    };
    let mut entries = margin_entries(statement, periods, block, standard);
    for part in parts {
        let shown_here = measures.iter().any(|m| m.name(statement) == part);
        if !shown_here {
            entries.extend(figures(statement, adjustments, periods, part)?);
        }
    }
    Ok(entries)
}

/// An amount measure's explanation, column by column: the lines its GAAP
/// figure sums, its declared terms, and how each of those is taken.
struct AmountExplanation<'a> {
    statement: &'a Statement,
    adjustments: &'a [Adjustment],
    rec: &'a view::Reconciliation,
    block: &'a view::AmountBlock,
    /// The lines whose sum is the GAAP figure.
    terms: Vec<(LineId, Decimal)>,
    /// A declared measure's term lines, in the order of its term labels.
    term_lines: Vec<LineId>,
    /// How a declared measure takes balances in a duration column.
    balance: Option<BalanceBasis>,
}

impl<'a> AmountExplanation<'a> {
    /// The block's lines and terms, taken once for all its columns.
    fn new(
        statement: &'a Statement,
        adjustments: &'a [Adjustment],
        rec: &'a view::Reconciliation,
        block: &'a view::AmountBlock,
    ) -> Result<Self, Diagnostic> {
        let terms = block_lines(statement, block.measure)?;
        let (balance, term_lines) = match block.measure {
            NonGaapMeasure::Declared(i) => (
                statement.measures[i].balance,
                statement.measures[i]
                    .terms
                    .iter()
                    .map(|&(l, _)| l)
                    .collect(),
            ),
            _ => (None, Vec::new()),
        };
        Ok(AmountExplanation {
            statement,
            adjustments,
            rec,
            block,
            terms,
            term_lines,
            balance,
        })
    }

    /// Column `c` (period index `p`): the figure, the GAAP figure and its
    /// sources, the terms, the adjustments and their income-tax effects.
    fn column(&self, c: usize, p: usize) -> Explained {
        let (statement, block) = (self.statement, self.block);
        let period = &statement.periods[p];
        let column = &block.columns[c];
        let mut entry = Explained::new(&block.id, "non_gaap", &period.id, &block.non_gaap_label);
        entry.computed = Some(column.non_gaap);
        entry.published = column.printed;
        entry.gaap = Some((block.gaap_label.clone(), column.gaap, None));
        let out = &mut entry.text;
        out.push_str(&format!(
            "{} {}: {}{}\n",
            block.non_gaap_label,
            period.id,
            shown(column.non_gaap),
            release_prints(column.non_gaap, column.printed, 0),
        ));
        out.push_str(&format!(
            "  {} {}, from\n",
            block.gaap_label,
            shown(column.gaap)
        ));
        for &(line, _) in &self.terms {
            match self.balance {
                Some(basis) => balance_source(statement, period, line, basis, out),
                None => source_of(statement, period, line, 0, out),
            }
        }
        self.term_sources(period, column, out);
        self.adjustment_effects(period, column, out);
        self.tax_effects(p, column, out);
        entry
    }

    /// Each term with its figure and where it comes from.
    fn term_sources(&self, period: &Period, column: &view::AmountColumn, out: &mut String) {
        let labels = self.block.term_labels.iter().zip(&column.terms);
        for (t, (label, value)) in labels.enumerate() {
            out.push_str(&format!("  {label} {}\n", shown(*value)));
            match (self.balance, self.term_lines.get(t)) {
                (Some(basis), Some(&line)) => {
                    balance_source(self.statement, period, line, basis, out)
                }
                (None, Some(&line)) => source_of(self.statement, period, line, 1, out),
                _ => {}
            }
        }
    }

    /// Each adjustment that moves the figure in this column, where it is
    /// written, and the line it excludes.
    fn adjustment_effects(&self, period: &Period, column: &view::AmountColumn, out: &mut String) {
        for &a in &self.block.order {
            let adjustment = &self.adjustments[a];
            if !self.block.moves[a] || column.effects[a].is_zero() {
                continue;
            }
            out.push_str(&format!(
                "  {} {}: adjustment `{}` at {}\n",
                adjustment.label,
                shown(column.effects[a]),
                adjustment.id,
                adjustment.site.position()
            ));
            if let AdjustmentRule::ExcludeLine { line } = &adjustment.rule {
                out.push_str("    excludes the whole of\n");
                source_of(self.statement, period, *line, 1, out);
            }
        }
    }

    /// The income-tax effect of each adjustment the block shows taxed, with
    /// where its rate or amount is written for period index `p`.
    fn tax_effects(&self, p: usize, column: &view::AmountColumn, out: &mut String) {
        let (block, rec) = (self.block, self.rec);
        for (a, adjustment) in self.adjustments.iter().enumerate() {
            let shown_tax = block.taxed[a] || (block.moves[a] && rec.adjustments[a].tax_only);
            if !shown_tax {
                continue;
            }
            let tax = column.taxes[a];
            let at = adjustment
                .tax_sites
                .get(&p)
                .unwrap_or(&adjustment.site)
                .position();
            out.push_str(&format!(
                "  income-tax effect of `{}` {}: {} ({at})\n",
                adjustment.id,
                shown(tax),
                crate::report::tax_sentence(&rec.adjustments[a], &rec.adjustments)
            ));
        }
    }
}

/// A declared ratio's figures, then each of its terms explained.
fn ratio_figures(
    statement: &Statement,
    adjustments: &[Adjustment],
    periods: &[usize],
    i: usize,
    measures: &[NonGaapMeasure],
) -> Result<Vec<Explained>, Diagnostic> {
    let ratio = &statement.ratios[i];
    let adjusted = engine::adjust(statement, adjustments, periods)?;
    let rec = view::reconciliation(statement, &adjusted, measures)?;
    let mut entries = Vec::new();
    if let Some(view::Block::Ratio(block)) = rec.blocks.first() {
        for (c, &p) in periods.iter().enumerate() {
            let (n, d) = block.parts[c];
            let mut entry =
                Explained::new(&block.id, "ratio", &statement.periods[p].id, &ratio.label);
            entry.computed = block.columns[c].and_then(|m| m.non_gaap);
            entry.published = block.printed[c];
            let out = &mut entry.text;
            out.push_str(&format!(
                "{} {}: {}% = {} / {} x 100{}\n",
                ratio.label,
                statement.periods[p].id,
                block.columns[c]
                    .and_then(|m| m.non_gaap)
                    .map_or("undefined".to_string(), shown),
                shown(n),
                shown(d),
                match (
                    ratio.annualize,
                    statement.annualization(&statement.periods[p], ratio)?
                ) {
                    (Some(a), Some(f)) => format!(
                        ", the numerator annualized ({}: x {})",
                        a.describe(),
                        shown(f.round_dp(4).normalize())
                    ),
                    _ => String::new(),
                }
            ));
            entries.push(entry);
        }
    }
    for term in [ratio.numerator, ratio.denominator] {
        match term {
            crate::model::RatioTerm::Line(line)
                if statement.line(line).statement == crate::model::StatementKind::BalanceSheet =>
            {
                // A balance line: its balance at each column's end.
                for &p in periods {
                    let period = &statement.periods[p];
                    let item = statement.line(line);
                    let mut entry = Explained::new(&item.id, "balance", &period.id, &item.label);
                    let balance = statement.balance(period, line, BalanceBasis::End)?;
                    entry.computed = Some(balance);
                    let out = &mut entry.text;
                    out.push_str(&format!(
                        "{} {}: {}\n",
                        item.label,
                        period.id,
                        shown(balance)
                    ));
                    if period.is_duration() {
                        balance_source(statement, period, line, BalanceBasis::End, out);
                    } else {
                        source_of(statement, period, line, 0, out);
                    }
                    entries.push(entry);
                }
            }
            _ => entries.extend(figures(
                statement,
                adjustments,
                periods,
                statement.term_id(term),
            )?),
        }
    }
    Ok(entries)
}

/// A per-share measure's figures: the figure, its numerator and its count;
/// the numerator explained as an amount unless shown already.
fn per_share_figures(
    statement: &Statement,
    adjustments: &[Adjustment],
    periods: &[usize],
    adjusted: &engine::AdjustedStatement,
    rec: &view::Reconciliation,
    block: &view::PerShareBlock,
) -> Result<Vec<Explained>, Diagnostic> {
    let mut entries = Vec::new();
    // The figure, its numerator and its count; the numerator
    // is explained below, as an amount.
    for (c, &p) in periods.iter().enumerate() {
        let Some(column) = &block.columns[c] else {
            continue;
        };
        let explanation = PerShareExplanation {
            statement,
            adjustments,
            adjusted,
            block,
            period: &statement.periods[p],
            column,
            c,
            p,
        };
        entries.push(explanation.explain()?);
    }
    let amount = match block.measure {
        NonGaapMeasure::Declared(i)
        | NonGaapMeasure::DeclaredPerShare(i)
        | NonGaapMeasure::DeclaredPerBasicShare(i) => statement.measures[i].id.clone(),
        _ => "net-income".to_string(),
    };
    // A declared measure asked for by its id has its amount
    // explained in this output already.
    let amount_shown = rec
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Amount(a) if a.measure == block.measure));
    if !amount_shown {
        entries.extend(figures(statement, adjustments, periods, &amount)?);
    }
    Ok(entries)
}

/// One column of a per-share measure explained: column `c`, period index
/// `p`.
struct PerShareExplanation<'a> {
    statement: &'a Statement,
    adjustments: &'a [Adjustment],
    adjusted: &'a engine::AdjustedStatement,
    block: &'a view::PerShareBlock,
    period: &'a Period,
    column: &'a view::PerShareColumn,
    c: usize,
    p: usize,
}

impl PerShareExplanation<'_> {
    /// The figure as the release's per-share bridge, or as its numerator
    /// over its count with what the numerator adds, the count's origin and
    /// the GAAP figure it starts from.
    fn explain(&self) -> Result<Explained, Diagnostic> {
        let (block, period, column) = (self.block, self.period, self.column);
        let mut entry = Explained::new(&block.id, "per_share", &period.id, &block.non_gaap_label);
        entry.computed = Some(column.non_gaap);
        entry.published = column.printed;
        if !column.gaap_missing {
            entry.gaap = Some((block.gaap_label.clone(), column.gaap, column.gaap_printed));
        }
        let out = &mut entry.text;
        if column.bridge {
            self.bridge(out);
            return Ok(entry);
        }
        out.push_str(&format!(
            "{} {}: {} = non-GAAP numerator / {} {}{}\n",
            block.non_gaap_label,
            period.id,
            shown(column.non_gaap),
            shown(column.non_gaap_shares.count),
            match (&block.stated_count, column.non_gaap_shares.basis) {
                (Some(count), _) => format!("shares (`{count}`)"),
                (None, view::ShareBasis::Basic) => "basic shares".to_string(),
                (None, view::ShareBasis::Diluted) => "diluted shares".to_string(),
            },
            release_prints(column.non_gaap, column.printed, 2),
        ));
        self.numerator_adds(out)?;
        self.if_converted(out);
        // A count the model adds up from the counts it names.
        let count = column.non_gaap_shares.count;
        if let Some(text) = count_origin(self.statement, period, block, count) {
            out.push_str(&text);
        }
        self.gaap_start(out);
        Ok(entry)
    }

    /// The GAAP EPS of the block's basis, as the release states it where
    /// the model records it.
    fn stated_eps(&self) -> Option<&crate::model::Fact> {
        self.period
            .eps
            .as_ref()
            .and_then(|e| match self.block.basis {
                view::ShareBasis::Basic => e.basic.as_ref(),
                view::ShareBasis::Diluted => e.diluted.as_ref(),
            })
    }

    /// The release's own per-share bridge: its printed figures, each where
    /// it is written.
    fn bridge(&self, out: &mut String) {
        let (block, column) = (self.block, self.column);
        out.push_str(&format!(
            "{} {}: {} = the release's per-share bridge (no share counts printed)\n",
            block.non_gaap_label,
            self.period.id,
            shown(column.non_gaap),
        ));
        if let Some(eps) = self.stated_eps() {
            out.push_str(&format!(
                "  {} {} at {}\n",
                block.gaap_label,
                shown(eps.value),
                eps.site.position()
            ));
        }
        for (a, adjustment) in self.adjustments.iter().enumerate() {
            let table = match block.basis {
                view::ShareBasis::Basic => &adjustment.per_share.basic,
                view::ShareBasis::Diluted => &adjustment.per_share.diluted,
            };
            let moved = !column.effects[a].is_zero() || !column.taxes[a].is_zero();
            if let (true, Some((value, site))) = (moved, table.get(&self.p)) {
                out.push_str(&format!(
                    "  {} {} at {}\n",
                    adjustment.label,
                    shown(*value),
                    site.position()
                ));
            }
        }
    }

    /// What the numerator adds to the measure for the securities in the
    /// count (`per_share_add`), each line where it is written.
    fn numerator_adds(&self, out: &mut String) -> Result<(), Diagnostic> {
        let statement = self.statement;
        let (NonGaapMeasure::Declared(i)
        | NonGaapMeasure::DeclaredPerShare(i)
        | NonGaapMeasure::DeclaredPerBasicShare(i)) = self.block.measure
        else {
            return Ok(());
        };
        let measure = &statement.measures[i];
        if measure.per_share_add.is_empty() {
            return Ok(());
        }
        let amount =
            view::reconciliation(statement, self.adjusted, &[NonGaapMeasure::Declared(i)])?;
        let amount = match amount.blocks.first() {
            Some(Block::Amount(a)) => a.columns[self.c].non_gaap,
            _ => Decimal::ZERO,
        };
        let mut numerator = amount;
        let mut parts = vec![format!("{} {}", measure.label, shown(amount))];
        for &l in &measure.per_share_add {
            let value = self.adjusted.columns[self.c][l.0].gaap.unwrap_or_default();
            numerator += value;
            let line = statement.line(l);
            let at = self
                .period
                .values
                .get(&l)
                .map(|f| format!(" at {}", f.site.position()))
                .unwrap_or_default();
            parts.push(format!(
                "{} {} (`{}`{at})",
                line.label,
                shown(value),
                line.id
            ));
        }
        out.push_str(&format!(
            "  non-GAAP numerator {} = {}\n",
            shown(numerator),
            parts.join(" + ")
        ));
        Ok(())
    }

    /// Preferred dividends added back under the if-converted method, where
    /// the convertible dilutes the figure.
    fn if_converted(&self, out: &mut String) {
        if !self.column.if_converted.is_zero()
            && let Some(c) = self
                .period
                .shares
                .as_ref()
                .and_then(|s| s.if_converted.as_ref())
        {
            out.push_str(&format!(
                "  non-GAAP numerator adds the preferred dividends of the convertible, as converted: {} at {}, and its {} shares at {} join the count\n",
                shown(c.dividends.value),
                c.dividends.site.position(),
                shown(c.shares.value),
                c.shares.site.position(),
            ));
        }
    }

    /// The GAAP figure it starts from, as the release states it where the
    /// model records it; n/a where the release prints no GAAP count.
    fn gaap_start(&self, out: &mut String) {
        let (block, column) = (self.block, self.column);
        if column.gaap_missing {
            out.push_str(&format!(
                "  {}: n/a, the release prints no GAAP share count (none is computed on a non-GAAP count)\n",
                block.gaap_label,
            ));
            return;
        }
        let basis = match column.gaap_shares.basis {
            view::ShareBasis::Basic => "basic",
            view::ShareBasis::Diluted => "diluted",
        };
        match self.stated_eps().filter(|_| column.gaap_printed.is_some()) {
            Some(eps) => out.push_str(&format!(
                "  {} {} as stated at {}; computed from the figures as printed, GAAP numerator / {} {basis} shares = {}\n",
                block.gaap_label,
                printed(eps.value, eps.value.scale().max(2)),
                eps.site.position(),
                shown(column.gaap_shares.count),
                shown(column.gaap),
            )),
            None => out.push_str(&format!(
                "  {} {} = GAAP numerator / {} {basis} shares\n",
                block.gaap_label,
                shown(column.gaap),
                shown(column.gaap_shares.count),
            )),
        }
    }
}

/// A built-in margin's numerator and denominator, as `--measure` names
/// them; `None` for a declared ratio.
fn margin_parts(measure: NonGaapMeasure) -> Option<[&'static str; 2]> {
    match measure {
        NonGaapMeasure::GrossMargin => Some(["gross-profit", "revenue"]),
        NonGaapMeasure::OperatingMargin => Some(["operating-income", "revenue"]),
        NonGaapMeasure::NetMargin => Some(["net-income", "revenue"]),
        _ => None,
    }
}

/// A margin in each column: the non-GAAP and the GAAP percentage, each its
/// numerator over its denominator x 100, the quotient before rounding and
/// the places it is rounded to (half away from zero); n/a where the
/// denominator is zero.
fn margin_entries(
    statement: &Statement,
    periods: &[usize],
    block: &view::RatioBlock,
    standard: crate::raw::Standard,
) -> Vec<Explained> {
    let places = match block.places {
        0 => "a whole percent".to_string(),
        1 => "1 decimal".to_string(),
        n => format!("{n} decimals"),
    };
    // A zero operand is written 0, not the tables' dash.
    let shown = |v: Decimal| {
        if v.is_zero() {
            "0".to_string()
        } else {
            shown(v)
        }
    };
    let side = |value: Option<Decimal>, (n, d): (Decimal, Decimal)| match value {
        Some(v) => format!(
            "{}% = {} / {} x 100 = {}%, rounded half away from zero to {places}",
            printed(v, block.places),
            shown(n),
            shown(d),
            printed(v, block.places + 2),
        ),
        None => format!(
            "n/a = {} / {} x 100: the denominator is zero, so no percentage is computed",
            shown(n),
            shown(d)
        ),
    };
    let gaap_label = format!("{} {}", standard.gaap(), block.label);
    let non_gaap_label = format!("{} {}", standard.non_gaap(), block.label);
    let mut entries = Vec::new();
    for (c, &p) in periods.iter().enumerate() {
        let period = &statement.periods[p];
        let margin = block.columns[c];
        let non_gaap = margin.and_then(|m| m.non_gaap);
        let gaap = margin.and_then(|m| m.gaap);
        let mut entry = Explained::new(&block.id, "ratio", &period.id, &non_gaap_label);
        entry.computed = non_gaap;
        entry.published = block.printed[c];
        entry.gaap = gaap.map(|g| (gaap_label.clone(), g, None));
        let [numerator, denominator] = margin_parts(block.measure).unwrap_or_default();
        entry.text = format!(
            "{non_gaap_label} {}: {}{}
  {gaap_label} {}
  numerator {numerator}, denominator {denominator}: each explained below
",
            period.id,
            side(non_gaap, block.parts[c]),
            non_gaap.map_or(String::new(), |v| release_prints(
                v,
                block.printed[c],
                block.places
            )),
            side(gaap, block.gaap_parts[c]),
        );
        entries.push(entry);
    }
    entries
}

/// ", as the release prints it: X" where the release's figure differs from
/// the computed one at the precision it is printed (at least `places`).
fn release_prints(computed: Decimal, printed: Option<Decimal>, places: u32) -> String {
    match printed {
        Some(p) if number::round(computed, p.scale().max(places)) != p => format!(
            " (the release prints {})",
            number::format(p, p.scale().max(places), false)
        ),
        _ => String::new(),
    }
}

/// The lines whose sum is a measure's GAAP figure.
/// Where a per-share figure's count comes from, when the model adds it up
/// from counts it names (`{ sum = [...] }`): each count, and the printed
/// total where recorded.
fn count_origin(
    statement: &Statement,
    period: &crate::model::Period,
    block: &view::PerShareBlock,
    count: Decimal,
) -> Option<String> {
    let declared = match block.measure {
        NonGaapMeasure::Declared(i) => statement.measures[i].per_share_count.as_ref(),
        _ => None,
    };
    let keys: Vec<String> = match (declared, block.basis) {
        (Some((name, _)), view::ShareBasis::Diluted) => vec![format!("counts.{name}")],
        (_, view::ShareBasis::Diluted) => {
            ["non_gaap_diluted", "diluted", "non_gaap_basic", "basic"]
                .map(|k| format!("shares.{k}"))
                .to_vec()
        }
        (_, view::ShareBasis::Basic) => ["non_gaap_basic", "basic"]
            .map(|k| format!("shares.{k}"))
            .to_vec(),
    };
    let sum = keys.iter().find_map(|key| {
        period
            .count_sums
            .iter()
            .find(|s| &s.key == key && s.total.as_ref().map_or(s.sum, |t| t.value) == count)
    })?;
    let mut text = match &sum.total {
        Some(total) => format!(
            "  {} {} as printed at {}; the counts it sums, {}:\n",
            sum.key,
            shown(total.value),
            total.site.position(),
            shown(sum.sum)
        ),
        None => format!("  {} {}, the sum of:\n", sum.key, shown(sum.sum)),
    };
    for (name, fact) in &sum.parts {
        text.push_str(&format!(
            "    {name} {} at {}\n",
            shown(fact.value),
            fact.site.position()
        ));
    }
    Some(text)
}

fn block_lines(
    statement: &Statement,
    measure: NonGaapMeasure,
) -> Result<Vec<(LineId, Decimal)>, Diagnostic> {
    match measure {
        NonGaapMeasure::Declared(i)
        | NonGaapMeasure::DeclaredPerShare(i)
        | NonGaapMeasure::DeclaredPerBasicShare(i) => {
            Ok(vec![(statement.measures[i].start, Decimal::ONE)])
        }
        other => other.terms(statement),
    }
}
