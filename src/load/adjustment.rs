//! Validation of adjustment files against the statement they adjust: the line
//! they exclude exists and is part of net income, the periods they name
//! exist, ids are unique, and the tax treatment is explicit and complete.

use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::model::{
    Adjustment, AdjustmentKind, AdjustmentRule, Date, Exclusion, LineId, NoncontrollingShare,
    PeriodIx, PeriodSpan, PublishedPerShare, Statement, StatementKind, TaxEffect, TaxRate,
    TaxTreatment, period::PeriodKey,
};
use crate::raw::{RawAdjustment, RawAmounts, RawExclusion, Spanned};
use crate::source::{Site, SourceFile};
use crate::suggest;

use super::names::{allows, bad_id};
use super::period_keys::{keyed_periods, period_id, period_ids, resolve_period_index};

pub fn validate_adjustments(
    files: Vec<(RawAdjustment, Arc<SourceFile>)>,
    statement: &Statement,
) -> Result<Vec<Adjustment>, Vec<Diagnostic>> {
    validate_read_adjustments(files, statement, true)
}

/// Validates the adjustment files that could be read. When some could not
/// (`every_file_read` false: their errors are reported already), each file
/// is still checked on its own, but nothing that depends on the whole set
/// (which adjustment states whose tax effect, what `covers` names, overlaps)
/// is: the missing file would make each of those a false error.
pub fn validate_read_adjustments(
    files: Vec<(RawAdjustment, Arc<SourceFile>)>,
    statement: &Statement,
    every_file_read: bool,
) -> Result<Vec<Adjustment>, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut adjustments: Vec<Adjustment> = Vec::new();
    let mut ids: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let reported = Reported::new(statement);
    // Each file on its own, in parallel; then in file order, so the output
    // and the order of the errors do not depend on the threads.
    let checked: Vec<(Option<Adjustment>, Vec<Diagnostic>)> = files
        .into_par_iter()
        .map(|(raw, file)| {
            let mut own = Vec::new();
            let adjustment = validate_one(raw, &file, statement, &reported, &mut own);
            (adjustment, own)
        })
        .collect();
    for (adjustment, own) in checked {
        let before = errors.len();
        errors.extend(own);
        if let Some(adjustment) = adjustment {
            if let Some(first) = ids.get(&adjustment.id).map(|&i| &adjustments[i]) {
                errors.push(
                    Diagnostic::at(
                        &adjustment.site,
                        format!("duplicate adjustment id `{}`", adjustment.id),
                    )
                    .note(format!("first declared at {}", first.site.position()))
                    .help("each adjustment file needs its own id"),
                );
            } else if errors.len() == before {
                ids.insert(adjustment.id.clone(), adjustments.len());
                adjustments.push(adjustment);
            }
        }
    }
    if errors.is_empty() && every_file_read {
        let sites: Vec<Site> = adjustments.iter().map(|a| a.site.clone()).collect();
        errors.extend(assign_tax_effects(&mut adjustments, &sites, statement));
    }
    if errors.is_empty() {
        errors.extend(noncontrolling_covers(&mut adjustments, statement));
    }
    if errors.is_empty() {
        errors.extend(overlaps(&adjustments, statement));
    }
    if errors.is_empty() {
        errors.extend(named_in_statement(&adjustments, statement));
    }
    if errors.is_empty() {
        errors.extend(super::segment::check_allocations(&adjustments, statement));
    }
    if errors.is_empty() {
        Ok(in_release_order(adjustments, statement))
    } else {
        Err(errors)
    }
}

/// Every adjustment id the statements file names (the release's order, a
/// measure's adjustments) is one that is loaded, and named once per list.
fn named_in_statement(adjustments: &[Adjustment], statement: &Statement) -> Vec<Diagnostic> {
    let file = &statement.site.file;
    let ids = || adjustments.iter().map(|a| a.id.as_str());
    let mut errors = Vec::new();
    let mut check = |list: Vec<(&str, Site)>, what: &str| {
        let mut seen: Vec<&str> = Vec::new();
        for (id, site) in list {
            if seen.contains(&id) {
                errors.push(
                    Diagnostic::at(&site, format!("adjustment `{id}` is named twice in {what}"))
                        .help("name each adjustment once"),
                );
            } else if !ids().any(|a| a == id) {
                errors.push(
                    Diagnostic::at(
                        &site,
                        format!("{what} names adjustment `{id}`, which is not loaded"),
                    )
                    .note(format!(
                        "the adjustments loaded are: {}",
                        ids().collect::<Vec<_>>().join(", ")
                    ))
                    .help(suggest::did_you_mean(id, ids()).unwrap_or_else(|| {
                        "add its file to the adjustments folder, or remove it from the list"
                            .to_string()
                    })),
                );
            }
            seen.push(id);
        }
    };
    // An id no loaded adjustment has is left alone (the release's order may
    // name adjustments of a folder not read this time), unless it is close
    // to one that is: then it is a typo.
    let order: Vec<(&str, Site)> = statement
        .presentation
        .labels
        .adjustment_order
        .iter()
        .map(|s| (s.get_ref().as_str(), Site::new(file, s.span())))
        .filter(|(id, _)| ids().any(|a| a == *id) || suggest::did_you_mean(id, ids()).is_some())
        .collect();
    check(order, "[presentation] adjustment_order");
    errors
}

/// The adjustments in the order the release prints them: those listed in
/// `[presentation] adjustment_order` first, as listed; the rest after them,
/// in file-name order.
fn in_release_order(adjustments: Vec<Adjustment>, statement: &Statement) -> Vec<Adjustment> {
    let order = &statement.presentation.labels.adjustment_order;
    let rank = |a: &Adjustment| {
        order
            .iter()
            .position(|id| id.get_ref() == &a.id)
            .unwrap_or(order.len())
    };
    let mut ranked: Vec<(usize, usize, Adjustment)> = adjustments
        .into_iter()
        .enumerate()
        .map(|(i, a)| (rank(&a), i, a))
        .collect();
    ranked.sort_by_key(|(rank, i, _)| (*rank, *i));
    ranked.into_iter().map(|(_, _, a)| a).collect()
}

/// What one adjustment takes out of one line in one period.
struct Claim {
    line: LineId,
    adjustment: usize,
    /// `None` for the whole line.
    amount: Option<Decimal>,
}

/// No amount may be excluded twice, judged by amounts in each period: a line
/// excluded in full may not also be excluded, in full or in part, by another
/// adjustment, nor may a component of it that is not nil in that period.
/// Amounts inside one line may be of either sign and need not fit inside it;
/// the tables note a line they exceed.
fn overlaps(adjustments: &[Adjustment], statement: &Statement) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut reported: Vec<(usize, usize)> = Vec::new();
    // Only a line excluded in full can be excluded twice: a period none of
    // those applies to has nothing to check.
    let whole_lines: Vec<&Adjustment> = adjustments
        .iter()
        .filter(|a| matches!(a.rule, AdjustmentRule::ExcludeLine { .. }))
        .collect();
    for (ix, period) in statement
        .periods
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_duration() && p.derived.is_none())
    {
        if !whole_lines.iter().any(|a| a.applies_to(ix)) {
            continue;
        }
        let claims = claims_in(adjustments, ix);
        for whole in claims.iter().filter(|c| c.amount.is_none()) {
            for other in &claims {
                if other.adjustment == whole.adjustment {
                    continue;
                }
                // Inside the whole line: the line itself or a component of it.
                if statement.sign_into(other.line, whole.line).is_none() {
                    continue;
                }
                let amount = match other.amount {
                    Some(a) => Some(a),
                    None => statement.value(period, other.line).ok().flatten(),
                };
                if other.line != whole.line && amount.is_none_or(|a| a.is_zero()) {
                    continue;
                }
                if other.line == whole.line && other.amount.is_some_and(|a| a.is_zero()) {
                    continue;
                }
                let pair = (
                    whole.adjustment.min(other.adjustment),
                    whole.adjustment.max(other.adjustment),
                );
                if reported.contains(&pair) {
                    continue;
                }
                reported.push(pair);
                let (a, b) = (
                    &adjustments[whole.adjustment],
                    &adjustments[other.adjustment],
                );
                let what = if other.line == whole.line {
                    format!("line item `{}`", statement.line(whole.line).id)
                } else {
                    format!(
                        "`{}` and `{}`, one part of the other,",
                        statement.line(whole.line).id,
                        statement.line(other.line).id
                    )
                };
                errors.push(
                    Diagnostic::at(&a.site, format!("{what} excluded twice in period {}: by `{}` and by `{}`", period.id, a.id, b.id))
                        .note(format!("`{}` is declared at {}", b.id, b.site.position()))
                        .help("an amount can be excluded once: a line excluded in full cannot also be excluded, in whole or in part, by another adjustment"),
                );
            }
        }
    }
    errors
}

/// What each adjustment applying to period `ix` excludes there: whole lines,
/// and stated amounts of lines.
fn claims_in(adjustments: &[Adjustment], ix: PeriodIx) -> Vec<Claim> {
    let mut claims: Vec<Claim> = Vec::new();
    for (i, adjustment) in adjustments.iter().enumerate() {
        if !adjustment.applies_to(ix) {
            continue;
        }
        match &adjustment.rule {
            AdjustmentRule::ExcludeLine { line } => claims.push(Claim {
                line: *line,
                adjustment: i,
                amount: None,
            }),
            AdjustmentRule::TaxOnly
            | AdjustmentRule::AddIn { .. }
            | AdjustmentRule::TaxEffect { .. }
            | AdjustmentRule::NoncontrollingShare { .. } => {}
            AdjustmentRule::ExcludeAmounts { parts } => {
                for part in parts {
                    if let Some(&amount) = part.amounts.get(&ix) {
                        claims.push(Claim {
                            line: part.line,
                            adjustment: i,
                            amount: Some(amount),
                        });
                    }
                }
            }
        }
    }
    claims
}

/// Validates one adjustment file: a sequence of named checks. Nothing that
/// depends on a sound rule and tax effect is checked until they are.
fn validate_one(
    raw: RawAdjustment,
    file: &Arc<SourceFile>,
    statement: &Statement,
    reported: &Reported,
    errors: &mut Vec<Diagnostic>,
) -> Option<Adjustment> {
    let site = |span| Site::new(file, span);
    let before = errors.len();
    check_id_and_label(&raw, file, errors);
    let periods = listed_periods(&raw, file, statement, errors);
    check_covers_fits_kind(&raw, file, errors);
    check_share_and_amounts_fit_kind(&raw, file, errors);
    check_line_fits_kind(&raw, file, errors);
    check_tables_fit_kind(&raw, file, errors);
    let rule = adjustment_rule(&raw, file, statement, periods.as_ref(), errors);
    let tax = tax_effect(&raw, file, statement, periods.as_ref(), errors);
    let (rule, (mut tax, tax_sites)) = (rule?, tax?);
    check_cash_flows_untaxed(&raw, &rule, &tax, file, statement, errors);
    if errors.len() > before {
        return None;
    }
    let tables = stated_tables(&raw, &rule, &tax, file, statement);
    let applied = applied_periods(periods.as_ref(), &rule, &tables, reported);
    let why = why_applied(periods.is_some(), &rule);
    check_tables_state_applied(
        raw.id.get_ref(),
        &tables,
        applied.as_ref(),
        why,
        statement,
        reported,
        errors,
    );
    if let (TaxEffect::Rate(rate) | TaxEffect::EffectiveRate(rate), Some(raw_tax)) =
        (&mut tax, &raw.tax)
        && let Some(rates) = &raw_tax.get_ref().rates
    {
        resolve_rates(
            rate,
            rates,
            file,
            statement,
            applied.as_ref(),
            reported,
            errors,
        );
    }
    if errors.len() > before {
        return None;
    }
    let per_share = published_per_share(&raw, file, statement, applied.as_ref(), errors);
    let segments = super::segment::allocations(
        &raw.segments,
        file,
        statement,
        applied.as_ref(),
        &reported.durations,
        errors,
    );
    Some(Adjustment {
        id: raw.id.get_ref().clone(),
        label: raw.label,
        rationale: raw.rationale,
        rule,
        periods: applied,
        periods_site: raw.periods.as_ref().map(|p| site(p.span())),
        tax,
        tax_own_line: raw.tax.as_ref().is_some_and(|t| t.get_ref().own_line),
        tax_sites,
        per_share,
        segments,
        nature: raw.nature.as_ref().map(|n| *n.get_ref()),
        nature_site: raw.nature.as_ref().map(|n| site(n.span())),
        recurring: raw.recurring,
        cash: raw.cash,
        allow: allows(&raw.allow, file, errors),
        site: site(raw.id.span()),
    })
}

/// A well-formed id and a label.
fn check_id_and_label(raw: &RawAdjustment, file: &Arc<SourceFile>, errors: &mut Vec<Diagnostic>) {
    let id = raw.id.get_ref();
    let at = Site::new(file, raw.id.span());
    if let Some(message) = bad_id(id) {
        errors.push(Diagnostic::at(&at, format!("adjustment id {message}")));
    }
    if raw.label.trim().is_empty() {
        errors.push(
            Diagnostic::at(&at, format!("adjustment `{id}` has an empty label"))
                .help("write the row label the release prints, such as label = \"Restructuring\""),
        );
    }
}

/// `periods`, where given: not empty, each a period of the statement.
fn listed_periods(
    raw: &RawAdjustment,
    file: &Arc<SourceFile>,
    statement: &Statement,
    errors: &mut Vec<Diagnostic>,
) -> Option<BTreeSet<PeriodIx>> {
    let periods = raw.periods.as_ref()?;
    if periods.get_ref().is_empty() {
        errors.push(
            Diagnostic::at(&Site::new(file, periods.span()), "`periods = []` names no period")
                .help("list the periods the adjustment applies to, such as periods = [\"Q3-2003\"], or remove `periods` (without it, an adjustment applies to every period its amounts name, or to every reported duration when it states none)"),
        );
    }
    Some(
        periods
            .get_ref()
            .iter()
            .filter_map(|p| resolve_period_index(p, file, statement, errors))
            .collect(),
    )
}

/// The kind as the file writes it.
fn kind_name(kind: AdjustmentKind) -> &'static str {
    match kind {
        AdjustmentKind::ExcludeLine => "exclude-line",
        AdjustmentKind::ExcludeAmounts => "exclude-amounts",
        AdjustmentKind::AddIn => "add-in",
        AdjustmentKind::TaxOnly => "tax-only",
        AdjustmentKind::TaxEffect => "tax-effect",
        AdjustmentKind::NoncontrollingShare => "noncontrolling-share",
    }
}

/// `covers` only for a group's tax effect or noncontrolling share, and then
/// not empty.
fn check_covers_fits_kind(
    raw: &RawAdjustment,
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) {
    let kind = *raw.kind.get_ref();
    let grouping = matches!(
        kind,
        AdjustmentKind::TaxEffect | AdjustmentKind::NoncontrollingShare
    );
    if grouping && let Some(covers) = raw.covers.as_ref().filter(|c| c.get_ref().is_empty()) {
        errors.push(
            Diagnostic::at(&Site::new(file, covers.span()), "`covers = []` names no adjustment")
                .help(if kind == AdjustmentKind::TaxEffect {
                    "list the adjustments whose tax effect this states, or remove `covers` to cover every adjustment without a [tax] table"
                } else {
                    "list the adjustments this is the noncontrolling interests' share of, or remove `covers` to cover every other adjustment"
                }),
        );
    }
    if !grouping && let Some(covers) = &raw.covers {
        errors.push(
            Diagnostic::at(&Site::new(file, covers.span()), "`covers` belongs to kind = \"tax-effect\" or \"noncontrolling-share\"")
                .help("a tax-effect adjustment lists the adjustments whose income-tax effect it states; remove `covers` here"),
        );
    }
}

/// `share` and `amounts` only for a noncontrolling share.
fn check_share_and_amounts_fit_kind(
    raw: &RawAdjustment,
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) {
    let kind = *raw.kind.get_ref();
    if kind == AdjustmentKind::NoncontrollingShare {
        return;
    }
    let misplaced = raw
        .share
        .as_ref()
        .map(|s| s.span())
        .or_else(|| raw.amounts.keys().next().map(|k| k.span()));
    if let Some(span) = misplaced {
        errors.push(
            Diagnostic::at(
                &Site::new(file, span),
                format!(
                    "`share` and `amounts` belong to kind = \"noncontrolling-share\", not \"{}\"",
                    kind_name(kind)
                ),
            )
            .help(match kind {
                AdjustmentKind::ExcludeAmounts | AdjustmentKind::AddIn => {
                    "write stated amounts in [[exclude]] or [[add]] tables, each with its `line`"
                }
                _ => "remove them, or change the kind",
            }),
        );
    }
}

/// `line` only for a whole line excluded or a noncontrolling share.
fn check_line_fits_kind(raw: &RawAdjustment, file: &Arc<SourceFile>, errors: &mut Vec<Diagnostic>) {
    let kind = *raw.kind.get_ref();
    if !matches!(
        kind,
        AdjustmentKind::ExcludeLine | AdjustmentKind::NoncontrollingShare
    ) && let Some(line) = &raw.line
    {
        errors.push(
            Diagnostic::at(&Site::new(file, line.span()), "`line` belongs to kind = \"exclude-line\"")
                .help(match kind {
                    AdjustmentKind::TaxOnly | AdjustmentKind::TaxEffect => "a tax adjustment excludes no line item: remove `line`, and state its effect in [tax]",
                    AdjustmentKind::AddIn => "list the amounts to add in [[add]] tables, each with its own `line`",
                    _ => "list the amounts to exclude in [[exclude]] tables, each with its own `line`",
                }),
        );
    }
}

/// `[[exclude]]` tables only for stated amounts excluded, `[[add]]` only
/// for an add-in.
fn check_tables_fit_kind(
    raw: &RawAdjustment,
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) {
    let kind = *raw.kind.get_ref();
    let kind_name = kind_name(kind);
    if kind != AdjustmentKind::ExcludeAmounts
        && let Some(first) = raw.exclusions.first()
    {
        errors.push(
            Diagnostic::at(&Site::new(file, first.line.span()), format!("[[exclude]] tables belong to kind = \"exclude-amounts\", not \"{kind_name}\""))
                .help(match kind {
                    AdjustmentKind::AddIn => "write the amounts an add-in adds in [[add]] tables",
                    AdjustmentKind::ExcludeLine => "an exclude-line adjustment removes the whole of `line`; remove the [[exclude]] tables or change the kind",
                    _ => "remove the [[exclude]] tables, or change the kind",
                }),
        );
    }
    if kind != AdjustmentKind::AddIn
        && let Some(first) = raw.additions.first()
    {
        errors.push(
            Diagnostic::at(&Site::new(file, first.line.span()), format!("[[add]] tables belong to kind = \"add-in\", not \"{kind_name}\""))
                .help("an add-in adds amounts GAAP does not report; to remove amounts use [[exclude]] tables with kind = \"exclude-amounts\""),
        );
    }
}

/// What the adjustment does, by its kind: the line it excludes, the amounts
/// it states, the adjustments it covers, or a tax effect alone.
fn adjustment_rule(
    raw: &RawAdjustment,
    file: &Arc<SourceFile>,
    statement: &Statement,
    periods: Option<&BTreeSet<PeriodIx>>,
    errors: &mut Vec<Diagnostic>,
) -> Option<AdjustmentRule> {
    let site = |span| Site::new(file, span);
    match *raw.kind.get_ref() {
        AdjustmentKind::ExcludeLine => match &raw.line {
            None => {
                errors.push(
                    Diagnostic::at(
                        &site(raw.kind.span()),
                        "kind = \"exclude-line\" needs `line`, the id of the line item to exclude",
                    )
                    .help("add line = \"<line item id>\""),
                );
                None
            }
            Some(line) => adjustable_line(line, file, statement, errors)
                .map(|line| AdjustmentRule::ExcludeLine { line }),
        },
        AdjustmentKind::ExcludeAmounts => stated_parts(
            raw,
            &raw.exclusions,
            "exclude",
            file,
            statement,
            periods,
            errors,
        )
        .map(|parts| AdjustmentRule::ExcludeAmounts { parts }),
        AdjustmentKind::AddIn => {
            stated_parts(raw, &raw.additions, "add", file, statement, periods, errors)
                .map(|parts| AdjustmentRule::AddIn { parts })
        }
        AdjustmentKind::TaxEffect => Some(AdjustmentRule::TaxEffect {
            covers: raw
                .covers
                .as_ref()
                .map(|c| c.get_ref().iter().map(|id| id.get_ref().clone()).collect())
                .unwrap_or_default(),
        }),
        AdjustmentKind::NoncontrollingShare => {
            noncontrolling_share(raw, file, statement, periods, errors)
        }
        AdjustmentKind::TaxOnly => {
            let treatment = raw.tax.as_ref().map(|t| t.get_ref().treatment.clone());
            if let Some(treatment) = treatment.filter(|t| *t.get_ref() != TaxTreatment::Amounts) {
                errors.push(
                    Diagnostic::at(
                        &site(treatment.span()),
                        "a tax-only adjustment states its effect per period",
                    )
                    .help("write treatment = \"amounts\" and a [tax.amounts] table, such as \"<period id>\" = -1200"),
                );
                None
            } else {
                Some(AdjustmentRule::TaxOnly)
            }
        }
    }
}

/// The `[[exclude]]` or `[[add]]` tables (`table`) of stated amounts: at
/// least one, each sound.
fn stated_parts(
    raw: &RawAdjustment,
    tables: &[RawExclusion],
    table: &str,
    file: &Arc<SourceFile>,
    statement: &Statement,
    periods: Option<&BTreeSet<PeriodIx>>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Vec<Exclusion>> {
    if tables.is_empty() {
        let kind_name = kind_name(*raw.kind.get_ref());
        errors.push(
            Diagnostic::at(&Site::new(file, raw.kind.span()), format!("kind = \"{kind_name}\" needs at least one [[{table}]] table"))
                .help(format!("add [[{table}]] with line = \"<line item id>\" and amounts = {{ \"<period id>\" = <amount> }}")),
        );
        return None;
    }
    let parts: Vec<Exclusion> = tables
        .iter()
        .filter_map(|e| exclusion(e, file, statement, periods, errors))
        .collect();
    (parts.len() == tables.len()).then_some(parts)
}

/// A cash flow carries no income-tax effect of its own.
fn check_cash_flows_untaxed(
    raw: &RawAdjustment,
    rule: &AdjustmentRule,
    tax: &TaxEffect,
    file: &Arc<SourceFile>,
    statement: &Statement,
    errors: &mut Vec<Diagnostic>,
) {
    let on_cash_flows = match rule {
        AdjustmentRule::ExcludeLine { line } => vec![*line],
        AdjustmentRule::ExcludeAmounts { parts } | AdjustmentRule::AddIn { parts } => {
            parts.iter().map(|p| p.line).collect()
        }
        _ => Vec::new(),
    };
    if !on_cash_flows.is_empty()
        && on_cash_flows
            .iter()
            .all(|&l| statement.line(l).statement == StatementKind::CashFlow)
        && !matches!(tax, TaxEffect::Nil { .. })
        && let Some(raw_tax) = &raw.tax
    {
        errors.push(
            Diagnostic::at(&Site::new(file, raw_tax.get_ref().treatment.span()), format!("adjustment `{}` moves only cash-flow lines, which have no income-tax effect", raw.id.get_ref()))
                .help("write treatment = \"nil\" with a reason, such as reason = \"a cash flow carries no income tax effect of its own\""),
        );
    }
}

/// A table of amounts by period the adjustment states: the amounts, what
/// they are (for a message), and where they are written.
type StatedTable<'a> = (&'a BTreeMap<PeriodIx, Decimal>, String, Site);

/// Every table of amounts by period the adjustment states, in file order:
/// its `[[exclude]]` or `[[add]]` tables, its noncontrolling `amounts`, its
/// `[tax.amounts]`.
fn stated_tables<'a>(
    raw: &RawAdjustment,
    rule: &'a AdjustmentRule,
    tax: &'a TaxEffect,
    file: &Arc<SourceFile>,
    statement: &Statement,
) -> Vec<StatedTable<'a>> {
    let site = |span| Site::new(file, span);
    let mut tables: Vec<StatedTable> = Vec::new();
    if let AdjustmentRule::ExcludeAmounts { parts } | AdjustmentRule::AddIn { parts } = rule {
        for (part, raw_part) in parts
            .iter()
            .zip(raw.exclusions.iter().chain(&raw.additions))
        {
            tables.push((
                &part.amounts,
                format!("the amounts for `{}`", statement.line(part.line).id),
                site(raw_part.line.span()),
            ));
        }
    }
    if let AdjustmentRule::NoncontrollingShare {
        share: NoncontrollingShare::Amounts(amounts),
        ..
    } = rule
        && let Some((first, _)) = raw.amounts.iter().min_by_key(|(k, _)| k.span().start)
    {
        tables.push((amounts, "its `amounts`".to_string(), site(first.span())));
    }
    if let (TaxEffect::Amounts(amounts) | TaxEffect::AfterTax(amounts), Some(raw_tax)) =
        (tax, &raw.tax)
    {
        tables.push((
            amounts,
            "[tax.amounts]".to_string(),
            site(raw_tax.get_ref().treatment.span()),
        ));
    }
    tables
}

/// The periods it applies to: as listed; or, for stated amounts, every
/// period an amount names and every period containing one of those (nine
/// months contain the third quarter); or (None) every period, for a whole
/// line or a group's tax effect by rate or effective rate.
fn applied_periods(
    listed: Option<&BTreeSet<PeriodIx>>,
    rule: &AdjustmentRule,
    tables: &[StatedTable],
    reported: &Reported,
) -> Option<BTreeSet<PeriodIx>> {
    match (listed, rule) {
        (Some(listed), _) => Some(listed.clone()),
        (None, AdjustmentRule::ExcludeLine { .. }) => None,
        (None, _) if tables.is_empty() => None,
        (None, _) => Some(named_and_containing(
            tables.iter().map(|(t, _, _)| *t),
            reported,
        )),
    }
}

/// Why the adjustment applies to the periods it does, for a message.
fn why_applied(listed: bool, rule: &AdjustmentRule) -> &'static str {
    if listed {
        "`periods` lists them"
    } else if matches!(rule, AdjustmentRule::ExcludeLine { .. }) {
        "with no `periods`, the adjustment applies to every reported duration"
    } else {
        "another of its amounts names them, or they contain a period that has an amount"
    }
}

/// Each table of amounts states one for every period the adjustment applies
/// to (0 where it is nil).
fn check_tables_state_applied(
    id: &str,
    tables: &[StatedTable],
    applied: Option<&BTreeSet<PeriodIx>>,
    why: &str,
    statement: &Statement,
    reported: &Reported,
    errors: &mut Vec<Diagnostic>,
) {
    for (amounts, what, at) in tables {
        let missing = match applied {
            Some(list) => missing_keys(list.iter().copied(), amounts),
            None => missing_keys(reported.durations.iter().copied(), amounts),
        };
        if missing.is_empty() {
            continue;
        }
        errors.push(
            Diagnostic::at(
                at,
                format!(
                    "adjustment `{id}` applies to {} but {what} state nothing for {}",
                    period_ids(statement, missing.iter().copied()),
                    if missing.len() == 1 { "it" } else { "them" }
                ),
            )
            .note(why)
            .help(format!(
                "add \"{}\" = <amount> (0 where it is nil), or list in `periods` only the periods it applies to",
                period_id(statement, missing[0])
            )),
        );
    }
}

/// A `noncontrolling-share` adjustment: the line of income attributable to
/// the noncontrolling interests (a component of the bottom line), and
/// exactly one of `share` (a fraction from 0 to 1) and `amounts`.
fn noncontrolling_share(
    raw: &RawAdjustment,
    file: &Arc<SourceFile>,
    statement: &Statement,
    applies: Option<&BTreeSet<PeriodIx>>,
    errors: &mut Vec<Diagnostic>,
) -> Option<AdjustmentRule> {
    let site = |span| Site::new(file, span);
    let Some(line) = &raw.line else {
        errors.push(
            Diagnostic::at(&site(raw.kind.span()), "kind = \"noncontrolling-share\" needs `line`, the line of income attributable to the noncontrolling interests")
                .help("add line = \"<line item id>\", such as the line \"Net income attributable to noncontrolling interests\""),
        );
        return None;
    };
    let line_site = site(line.span());
    let line = adjustable_line(line, file, statement, errors)?;
    let above = total_above_net_income(statement, line);
    if let Some(total) = above {
        errors.push(
            Diagnostic::at(&line_site, format!("`{}` is a component of `{}`; the noncontrolling interests' line is below net income", statement.line(line).id, statement.line(total).id))
                .help("name the line of income attributable to the noncontrolling interests, which is deducted from net income to reach the amount attributable to the parent"),
        );
        return None;
    }
    let share = stated_share(raw, file, statement, applies, errors)?;
    Some(AdjustmentRule::NoncontrollingShare {
        line,
        covers: raw
            .covers
            .as_ref()
            .map(|c| c.get_ref().iter().map(|id| id.get_ref().clone()).collect())
            .unwrap_or_default(),
        share,
    })
}

/// The total a noncontrolling-interests line is a component of, where that
/// is above net income: consolidated net income (the total the income-tax
/// line rolls into) or income before taxes. Without an income-tax or pretax
/// tag to place it by, the line is deducted from the bottom line directly.
fn total_above_net_income(statement: &Statement, line: LineId) -> Option<LineId> {
    let above = statement
        .measure_line(crate::model::Measure::IncomeTax)
        .and_then(|t| statement.line(t).parent)
        .map(|(consolidated, _)| consolidated)
        .into_iter()
        .chain(statement.measure_line(crate::model::Measure::PretaxIncome))
        .find(|&total| total != line && statement.sign_into(line, total).is_some());
    let tagged = statement
        .measure_line(crate::model::Measure::IncomeTax)
        .is_some()
        || statement
            .measure_line(crate::model::Measure::PretaxIncome)
            .is_some();
    let bottom = statement.bottom_line().ok();
    let direct = statement.line(line).parent.map(|(p, _)| p) == bottom;
    above.or_else(|| {
        (!tagged && !direct)
            .then(|| statement.line(line).parent.map(|(p, _)| p))
            .flatten()
    })
}

/// The noncontrolling interests' share: `share`, a fraction from 0 to 1, or
/// `amounts` by period; exactly one.
fn stated_share(
    raw: &RawAdjustment,
    file: &Arc<SourceFile>,
    statement: &Statement,
    applies: Option<&BTreeSet<PeriodIx>>,
    errors: &mut Vec<Diagnostic>,
) -> Option<NoncontrollingShare> {
    let site = |span| Site::new(file, span);
    Some(match (&raw.share, raw.amounts.is_empty()) {
        (Some(_), false) => {
            let (first, _) = raw.amounts.iter().min_by_key(|(k, _)| k.span().start)?;
            errors.push(
                Diagnostic::at(&site(first.span()), "give the noncontrolling interests' share once: `share` or `amounts`, not both")
                    .help("keep `share = \"0.20\"` for a fraction of the adjustments, or the `amounts` the release states"),
            );
            return None;
        }
        (None, true) => {
            errors.push(
                Diagnostic::at(&site(raw.kind.span()), "kind = \"noncontrolling-share\" needs `share` or `amounts`")
                    .help("add share = \"0.20\" (their fraction of the adjustments), or amounts = { \"<period id>\" = <amount> } as the release states them"),
            );
            return None;
        }
        (Some(fraction), true) => {
            let value = fraction.get_ref().0;
            if value < Decimal::ZERO || value > Decimal::ONE {
                errors.push(
                    Diagnostic::at(
                        &site(fraction.span()),
                        format!("a share of {value} is not a fraction from 0 to 1"),
                    )
                    .help(format!(
                        "write the noncontrolling interests' ownership as a decimal fraction: {}",
                        crate::raw::percent_fix(value)
                            .unwrap_or_else(|| "20% is share = \"0.20\"".into())
                    )),
                );
                return None;
            }
            NoncontrollingShare::Fraction(value)
        }
        (None, false) => NoncontrollingShare::Amounts(
            keyed_periods(&raw.amounts, file, statement, applies, errors)
                .into_iter()
                .map(|(period, amount)| (period, amount.get_ref().0))
                .collect(),
        ),
    })
}

/// Each `noncontrolling-share` names loaded adjustments that are not
/// themselves noncontrolling shares; without `covers`, it covers every
/// other adjustment.
fn noncontrolling_covers(adjustments: &mut [Adjustment], statement: &Statement) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let ids: Vec<String> = adjustments.iter().map(|a| a.id.clone()).collect();
    let by_id: std::collections::HashMap<String, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.clone(), i))
        .collect();
    name_covered(adjustments, &ids, &by_id, &mut errors);
    if !errors.is_empty() {
        return errors;
    }
    let durations: Vec<PeriodIx> = reported_durations(statement).collect();
    let mut claimed: std::collections::HashMap<(LineId, &str), &str> =
        std::collections::HashMap::new();
    for share in adjustments.iter() {
        let AdjustmentRule::NoncontrollingShare {
            line,
            covers,
            share: how,
        } = &share.rule
        else {
            continue;
        };
        for id in covers {
            let Some(covered) = by_id.get(id).map(|&c| &adjustments[c]) else {
                continue;
            };
            check_share_after_tax(share, id, covered, covers, &mut errors);
            // Two shares of one holder (one line) in one adjustment.
            if let Some(first) = claimed.get(&(*line, id.as_str())) {
                errors.push(
                    Diagnostic::at(&share.site, format!("`{id}` is covered twice on `{}`: by `{first}` and by `{}`", statement.line(*line).id, share.id))
                        .help("the same holders' share of an adjustment is taken once: name it in one `covers`"),
                );
            } else {
                claimed.insert((*line, id.as_str()), share.id.as_str());
            }
            check_share_periods(share, how, id, covered, &durations, statement, &mut errors);
            check_group_taken_whole(share, id, covered, covers, &mut errors);
        }
    }
    errors
}

/// Each share's `covers`: loaded adjustments, none itself a share; without
/// `covers`, every other adjustment that is not a share.
fn name_covered(
    adjustments: &mut [Adjustment],
    ids: &[String],
    by_id: &std::collections::HashMap<String, usize>,
    errors: &mut Vec<Diagnostic>,
) {
    let shares: Vec<bool> = adjustments
        .iter()
        .map(|a| matches!(a.rule, AdjustmentRule::NoncontrollingShare { .. }))
        .collect();
    for a in adjustments.iter_mut() {
        let own = a.id.clone();
        let site = a.site.clone();
        let AdjustmentRule::NoncontrollingShare { covers, .. } = &mut a.rule else {
            continue;
        };
        if covers.is_empty() {
            *covers = ids
                .iter()
                .zip(&shares)
                .filter(|(id, share)| **id != own && !**share)
                .map(|(id, _)| id.clone())
                .collect();
            continue;
        }
        for id in covers.iter() {
            match by_id.get(id).copied() {
                None => errors.push(
                    Diagnostic::at(&site, format!("noncontrolling-share adjustment `{own}` covers `{id}`, which is not loaded"))
                        .maybe_help(suggest::did_you_mean(id, ids.iter().map(String::as_str))),
                ),
                Some(i) if shares[i] => errors.push(
                    Diagnostic::at(&site, format!("`{id}` is itself a noncontrolling share; `{own}` covers the adjustments it is a share of"))
                        .help(format!("remove `{id}` from `covers`")),
                ),
                Some(_) => {}
            }
        }
    }
}

/// After income taxes: a covered adjustment whose tax a group's tax-effect
/// adjustment states needs that one covered too.
fn check_share_after_tax(
    share: &Adjustment,
    id: &str,
    covered: &Adjustment,
    covers: &[String],
    errors: &mut Vec<Diagnostic>,
) {
    if let TaxEffect::Covered { by } = &covered.tax
        && !by.is_empty()
        && !covers.contains(by)
    {
        errors.push(
            Diagnostic::at(
                &share.site,
                format!(
                    "`{}` covers `{id}`, whose income-tax effect `{by}` states, but not `{by}`",
                    share.id
                ),
            )
            .note("the noncontrolling interests' share is taken after income taxes")
            .help(format!("add `{by}` to `covers`")),
        );
    }
}

/// A share in every period a covered adjustment applies to: by its
/// fraction, or by an amount stated for the period.
fn check_share_periods(
    share: &Adjustment,
    how: &NoncontrollingShare,
    id: &str,
    covered: &Adjustment,
    durations: &[PeriodIx],
    statement: &Statement,
    errors: &mut Vec<Diagnostic>,
) {
    let gaps: Vec<PeriodIx> = durations
        .iter()
        .copied()
        .filter(|&p| covered.applies_to(p))
        .filter(|&p| {
            !share.applies_to(p)
                || matches!(how, NoncontrollingShare::Amounts(a) if !a.contains_key(&p))
        })
        .collect();
    if let Some(&first) = gaps.first() {
        let first = period_id(statement, first);
        errors.push(
            Diagnostic::at(
                &share.site,
                format!(
                    "`{}` takes no share in {}, where `{id}` applies",
                    share.id,
                    period_ids(statement, gaps.iter().copied())
                ),
            )
            .help(match how {
                NoncontrollingShare::Amounts(_) => format!(
                    "add \"{first}\" = <amount> to its `amounts` (0 where the share is nil), and to its `periods` if it lists them"
                ),
                NoncontrollingShare::Fraction(_) => format!(
                    "add \"{first}\" to its `periods`, or remove `periods` so it applies wherever the adjustments it covers do"
                ),
            }),
        );
    }
}

/// A group's tax effect is one figure for all its members: the share takes
/// all of them or none.
fn check_group_taken_whole(
    share: &Adjustment,
    id: &str,
    covered: &Adjustment,
    covers: &[String],
    errors: &mut Vec<Diagnostic>,
) {
    if let AdjustmentRule::TaxEffect { covers: members } = &covered.rule
        && let Some(missing) = members.iter().find(|m| !covers.contains(m))
    {
        errors.push(
            Diagnostic::at(&share.site, format!("`{}` covers `{id}`, the income-tax effect of a group that includes `{missing}`, but not `{missing}`", share.id))
                .note("a group's income-tax effect is not split among its members")
                .help(format!("add `{missing}` to `covers`, or state the share by `amounts`")),
        );
    }
}

/// The periods of `needed`, in increasing order, that `amounts` has no key
/// for, in that order: one walk through both, which are sorted alike.
fn missing_keys(
    needed: impl IntoIterator<Item = PeriodIx>,
    amounts: &BTreeMap<PeriodIx, Decimal>,
) -> Vec<PeriodIx> {
    let mut keys = amounts.keys().copied().peekable();
    needed
        .into_iter()
        .filter(|&period| {
            while keys.next_if(|&k| k < period).is_some() {}
            keys.next_if_eq(&period).is_none()
        })
        .collect()
}

/// The reported durations (neither instants nor derived), in the
/// statement's order.
fn reported_durations(statement: &Statement) -> impl Iterator<Item = PeriodIx> + '_ {
    statement
        .periods
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_duration() && p.derived.is_none())
        .map(|(i, _)| i)
}

/// What validation needs of the statement's periods, taken once for all
/// the adjustments.
struct Reported {
    /// The reported durations (neither instants nor derived), in the
    /// statement's order.
    durations: Vec<PeriodIx>,
    /// By period: its span, where it is a reported duration.
    spans: Vec<Option<(Date, Date)>>,
}

impl Reported {
    fn new(statement: &Statement) -> Reported {
        let spans: Vec<Option<(Date, Date)>> = statement
            .periods
            .iter()
            .map(|p| dates(p.span).filter(|_| p.derived.is_none()))
            .collect();
        let durations = (0..spans.len()).filter(|&i| spans[i].is_some()).collect();
        Reported { durations, spans }
    }
}

/// The reported durations named, and every reported duration containing
/// one of them. Marking the named periods is one walk through each table;
/// sorted spans keep the containing ones linear-logarithmic in periods.
fn named_and_containing<'a>(
    tables: impl Iterator<Item = &'a BTreeMap<PeriodIx, Decimal>>,
    reported: &Reported,
) -> BTreeSet<PeriodIx> {
    let mut named = vec![false; reported.spans.len()];
    for table in tables {
        for &period in table.keys() {
            if let Some(n) = named.get_mut(period) {
                *n = true;
            }
        }
    }
    let mut spans: Vec<(Date, Date)> = reported
        .spans
        .iter()
        .zip(&named)
        .filter_map(|(span, named)| span.filter(|_| *named))
        .collect();
    // Already sorted where the periods are in the order of their dates.
    spans.sort();
    // In the statement's order, so the set is built from a sorted list.
    reported
        .durations
        .iter()
        .copied()
        .filter(|&p| {
            named.get(p).copied().unwrap_or(false)
                || reported
                    .spans
                    .get(p)
                    .copied()
                    .flatten()
                    .is_some_and(|(start, end)| {
                        // The named spans starting within this one; any that
                        // also ends within it is contained.
                        let from = spans.partition_point(|(s, _)| *s < start);
                        spans[from..]
                            .iter()
                            .take_while(|(s, _)| *s <= end)
                            .any(|(_, e)| *e <= end)
                    })
        })
        .collect()
}

fn dates(span: PeriodSpan) -> Option<(Date, Date)> {
    match span {
        PeriodSpan::Duration { start, end } => Some((start, end)),
        PeriodSpan::Instant { .. } => None,
    }
}

/// Amounts inside a line: each period exists and is one the adjustment
/// applies to. An amount may have either sign and exceed its line: a credit
/// inside an expense, a loss inside a net gain.
fn exclusion(
    raw: &RawExclusion,
    file: &Arc<SourceFile>,
    statement: &Statement,
    applies: Option<&BTreeSet<PeriodIx>>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Exclusion> {
    let line = adjustable_line(&raw.line, file, statement, errors)?;
    let before = errors.len();
    if raw.amounts.is_empty() {
        errors.push(
            Diagnostic::at(&Site::new(file, raw.line.span()), format!("no amounts for `{}`", raw.line.get_ref()))
                .help("add amounts = { \"<period id>\" = <amount> }, one per period the adjustment applies to"),
        );
    }
    let amounts = keyed_periods(&raw.amounts, file, statement, applies, errors);
    (errors.len() == before).then(|| Exclusion {
        line,
        amounts: amounts
            .into_iter()
            .map(|(period, amount)| (period, amount.get_ref().0))
            .collect(),
    })
}

/// Resolves the line an adjustment names: a flow of the statement of
/// operations that rolls up into the bottom line, or a cash-flow line.
fn adjustable_line(
    line: &Spanned<String>,
    file: &Arc<SourceFile>,
    statement: &Statement,
    errors: &mut Vec<Diagnostic>,
) -> Option<LineId> {
    let site = Site::new(file, line.span());
    let Some(line_id) = statement.line_id(line.get_ref()) else {
        errors.push(
            Diagnostic::at(&site, format!("unknown line item `{}`", line.get_ref()))
                .label(format!(
                    "not a line item of {}",
                    statement.site.file.path().display()
                ))
                .maybe_help(suggest::did_you_mean(
                    line.get_ref(),
                    statement.line_items.iter().map(|l| l.id.as_str()),
                )),
        );
        return None;
    };
    if statement.is_computed(line_id) {
        let terms: Vec<&str> = statement
            .line(line_id)
            .terms
            .iter()
            .map(|&(l, _)| statement.line(l).id.as_str())
            .collect();
        errors.push(
            Diagnostic::at(&site, format!("line item `{}` is a computed subtotal, which an adjustment cannot move directly", line.get_ref()))
                .label(format!("computed from {}", terms.join(", ")))
                .help("name the line the amount sits in (one of those); the computed subtotal moves with it"),
        );
        return None;
    }
    let kind = statement.line(line_id).statement;
    // Cash flows, and preferred dividends (which move income available to
    // common shareholders, below the bottom line).
    if kind == StatementKind::CashFlow
        || statement.line(line_id).measure == Some(crate::model::Measure::PreferredDividends)
    {
        return Some(line_id);
    }
    let bottom = match statement.bottom_line() {
        Ok(bottom) => bottom,
        Err(d) => {
            errors.push(d);
            return None;
        }
    };
    if line_id == bottom || statement.sign_into(line_id, bottom).is_none() {
        errors.push(
            Diagnostic::at(&site, format!("line item `{}` is not a component of net income", line.get_ref()))
                .label("does not roll up into the line tagged measure = \"net-income\"")
                .help(if kind == StatementKind::BalanceSheet {
                    format!("`{}` is a balance-sheet line; exclude an income statement line that rolls up into net income (loss)", line.get_ref())
                } else {
                    "exclude an income statement line that rolls up, through its totals, into net income (loss)".to_string()
                }),
        );
        return None;
    }
    Some(line_id)
}

/// The `[tax]` table: a treatment that fits the kind, no key it does not
/// read, and what the treatment needs. None when any of it is wrong.
fn tax_effect(
    raw: &RawAdjustment,
    file: &Arc<SourceFile>,
    statement: &Statement,
    applies: Option<&BTreeSet<PeriodIx>>,
    errors: &mut Vec<Diagnostic>,
) -> Option<(TaxEffect, TaxSites)> {
    let kind = *raw.kind.get_ref();
    if kind == AdjustmentKind::NoncontrollingShare {
        return noncontrolling_tax(raw, file, errors);
    }
    let Some(tax) = raw.tax.as_ref().map(|t| t.get_ref()) else {
        if kind == AdjustmentKind::TaxEffect || kind == AdjustmentKind::TaxOnly {
            errors.push(
                Diagnostic::at(&Site::new(file, raw.kind.span()), "a tax adjustment needs a [tax] table")
                    .help("add [tax] with treatment = \"rate\" (rate = \"0.25\"), \"amounts\" ([tax.amounts]) or \"effective-rate\""),
            );
            return None;
        }
        // Stated by a `tax-effect` adjustment; checked once all are loaded.
        return Some((TaxEffect::Covered { by: String::new() }, TaxSites::new()));
    };
    let before = errors.len();
    check_treatment_fits_kind(tax, kind, file, errors);
    check_unused_tax_keys(tax, file, errors);
    let (effect, sites) = match *tax.treatment.get_ref() {
        TaxTreatment::Nil => (nil_tax(tax, file, errors)?, TaxSites::new()),
        TaxTreatment::NetOfTax => (TaxEffect::NetOfTax, TaxSites::new()),
        TaxTreatment::Rate | TaxTreatment::EffectiveRate if tax.rates.is_some() => {
            (rates_by_year(tax, file, errors)?, TaxSites::new())
        }
        TaxTreatment::Rate | TaxTreatment::EffectiveRate => {
            (flat_rate(tax, file, errors)?, TaxSites::new())
        }
        TaxTreatment::Amounts | TaxTreatment::AfterTax => {
            stated_tax_amounts(tax, file, statement, applies, errors)?
        }
    };
    (errors.len() == before).then_some((effect, sites))
}

/// A noncontrolling share is taken after income taxes: it has no [tax].
fn noncontrolling_tax(
    raw: &RawAdjustment,
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) -> Option<(TaxEffect, TaxSites)> {
    if let Some(tax) = &raw.tax {
        errors.push(
            Diagnostic::at(&Site::new(file, tax.span()), "a noncontrolling-share adjustment has no [tax] table")
                .note("the noncontrolling interests' share is taken after the income-tax effects of the adjustments it covers")
                .help("remove the [tax] table"),
        );
        return None;
    }
    Some((
        TaxEffect::Nil {
            reason: "The noncontrolling interests' share is taken after income taxes.".to_string(),
        },
        TaxSites::new(),
    ))
}

/// An effective rate only for a group's tax effect; a tax adjustment is
/// neither net of tax nor after tax, and always a row of its own.
fn check_treatment_fits_kind(
    tax: &crate::raw::RawTax,
    kind: AdjustmentKind,
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) {
    let wrong_kind = |message: &str, help: &str| {
        Diagnostic::at(&Site::new(file, tax.treatment.span()), message.to_string())
            .help(help.to_string())
    };
    let tax_kind = matches!(kind, AdjustmentKind::TaxEffect | AdjustmentKind::TaxOnly);
    match *tax.treatment.get_ref() {
        TaxTreatment::EffectiveRate if kind != AdjustmentKind::TaxEffect => errors.push(wrong_kind(
            "treatment = \"effective-rate\" belongs to kind = \"tax-effect\"",
            "an effective rate taxes non-GAAP income as a whole: state it once in a kind = \"tax-effect\" adjustment",
        )),
        TaxTreatment::NetOfTax if tax_kind => errors.push(wrong_kind(
            "a tax adjustment cannot be stated net of tax",
            "use treatment = \"amounts\" or \"rate\"",
        )),
        TaxTreatment::AfterTax if tax_kind => errors.push(wrong_kind(
            "a tax adjustment has no pre-tax amount to state after tax",
            "use treatment = \"amounts\" or \"rate\"",
        )),
        _ => {}
    }
    if tax.own_line && kind == AdjustmentKind::TaxEffect {
        errors.push(wrong_kind(
            "a tax-effect adjustment is always a row of its own",
            "remove own_line",
        ));
    }
}

/// Keys of [tax] that the treatment does not read. A reason is printed only
/// for a nil effect: under any other treatment it would be dropped without a
/// word. (A rate treatment with a reason and no rate is a nil effect half
/// changed: its missing rate says it.)
fn check_unused_tax_keys(
    tax: &crate::raw::RawTax,
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) {
    let treatment = *tax.treatment.get_ref();
    let unused = |field: &str, span| {
        Diagnostic::at(
            &Site::new(file, span),
            format!(
                "`{field}` does not apply to treatment = \"{}\"",
                treatment_name(treatment)
            ),
        )
        .help("remove it, or change the treatment")
    };
    let by_rate = matches!(treatment, TaxTreatment::Rate | TaxTreatment::EffectiveRate);
    if !by_rate && let Some(rate) = &tax.rate {
        errors.push(unused("rate", rate.span()));
    }
    if !by_rate && let Some(rates) = &tax.rates {
        errors.push(unused("rates", rates.span()));
    }
    let rate_missing = by_rate && tax.rate.is_none() && tax.rates.is_none();
    if treatment != TaxTreatment::Nil
        && !rate_missing
        && let Some(reason) = &tax.reason
    {
        errors.push(unused("reason", reason.span()));
    }
    if !matches!(treatment, TaxTreatment::Amounts | TaxTreatment::AfterTax)
        && let Some((first, _)) = tax.amounts.iter().next()
    {
        errors.push(unused("amounts", first.span()));
    }
}

/// treatment = "nil": with a reason.
fn nil_tax(
    tax: &crate::raw::RawTax,
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) -> Option<TaxEffect> {
    match tax.reason.as_ref().map(|r| r.get_ref().trim()) {
        Some(reason) if !reason.is_empty() => Some(TaxEffect::Nil {
            reason: reason.to_string(),
        }),
        _ => {
            errors.push(
                Diagnostic::at(&Site::new(file, tax.treatment.span()), "a nil tax effect needs a `reason`")
                    .help("say why there is no tax effect, e.g. reason = \"No provision: full valuation allowance\""),
            );
            None
        }
    }
}

/// A tax rate outside 0 to 1, with the fraction it likely means.
fn rate_out_of_range(value: Decimal, at: &Site) -> Diagnostic {
    Diagnostic::at(at, format!("tax rate {value} is not between 0 and 1")).help(format!(
        "write the rate as a fraction: {}",
        crate::raw::percent_fix(value).unwrap_or_else(|| "\"0.35\" for 35%".into())
    ))
}

/// A rate by fiscal year (`rates`): not with `rate`, not empty, each rate
/// from 0 to 1. Resolved to the periods once the periods it applies to are
/// known (`resolve_rates`). A rate out of range is reported and skipped; the
/// caller refuses the effect for it.
fn rates_by_year(
    tax: &crate::raw::RawTax,
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) -> Option<TaxEffect> {
    let site = |span| Site::new(file, span);
    let rates = tax.rates.as_ref()?;
    if let Some(rate) = &tax.rate {
        errors.push(
            Diagnostic::at(&site(rate.span()), "`rate` and `rates` are both given")
                .help("give one rate for every period (`rate`), or one by fiscal year (`rates`), not both"),
        );
        return None;
    }
    if rates.get_ref().is_empty() {
        errors.push(
            Diagnostic::at(&site(rates.span()), "`rates` is empty")
                .help("give a rate for each fiscal year, such as rates = { \"FY2024\" = \"0.22\", \"FY2025\" = \"0.235\" }"),
        );
        return None;
    }
    let mut written = Vec::with_capacity(rates.get_ref().len());
    for (key, rate) in rates.get_ref() {
        let value = rate.get_ref().0;
        if value < Decimal::ZERO || value > Decimal::ONE {
            errors.push(rate_out_of_range(value, &site(rate.span())));
            continue;
        }
        written.push((key.get_ref().clone(), value));
    }
    let rate = TaxRate::ByYear {
        written,
        periods: BTreeMap::new(),
    };
    Some(if *tax.treatment.get_ref() == TaxTreatment::Rate {
        TaxEffect::Rate(rate)
    } else {
        TaxEffect::EffectiveRate(rate)
    })
}

/// One rate for every period (`rate`), from 0 to 1.
fn flat_rate(
    tax: &crate::raw::RawTax,
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) -> Option<TaxEffect> {
    let treatment = *tax.treatment.get_ref();
    let Some(rate) = &tax.rate else {
        errors.push(
            Diagnostic::at(
                &Site::new(file, tax.treatment.span()),
                format!("treatment = \"{}\" needs a `rate`", treatment_name(treatment)),
            )
            .help(if treatment == TaxTreatment::Rate {
                "add rate = \"0.35\" (a fraction of the pre-tax adjustment)"
            } else {
                "add rate = \"0.21\" (the estimated annual non-GAAP effective tax rate, as a fraction)"
            }),
        );
        return None;
    };
    let value = rate.get_ref().0;
    if value < Decimal::ZERO || value > Decimal::ONE {
        errors.push(rate_out_of_range(value, &Site::new(file, rate.span())));
        return None;
    }
    Some(if treatment == TaxTreatment::Rate {
        TaxEffect::Rate(TaxRate::Flat(value))
    } else {
        TaxEffect::EffectiveRate(TaxRate::Flat(value))
    })
}

/// treatment = "amounts" or "after-tax": a [tax.amounts] table keyed by
/// period, with where each amount is written.
fn stated_tax_amounts(
    tax: &crate::raw::RawTax,
    file: &Arc<SourceFile>,
    statement: &Statement,
    applies: Option<&BTreeSet<PeriodIx>>,
    errors: &mut Vec<Diagnostic>,
) -> Option<(TaxEffect, TaxSites)> {
    let treatment = *tax.treatment.get_ref();
    if tax.amounts.is_empty() {
        errors.push(
            Diagnostic::at(
                &Site::new(file, tax.treatment.span()),
                format!(
                    "treatment = \"{}\" needs a [tax.amounts] table",
                    treatment_name(treatment)
                ),
            )
            .help(if treatment == TaxTreatment::Amounts {
                "add [tax.amounts] with one line per period, such as \"<period id>\" = -120"
            } else {
                "add [tax.amounts] with the effect on net income after tax per period, as the release prints it, such as \"<period id>\" = 1892"
            }),
        );
        return None;
    }
    let amounts = keyed_periods(&tax.amounts, file, statement, applies, errors);
    let sites = amounts
        .iter()
        .map(|(period, amount)| (*period, Site::new(file, amount.span())))
        .collect();
    let amounts = amounts
        .into_iter()
        .map(|(period, amount)| (period, amount.get_ref().0))
        .collect();
    let effect = if treatment == TaxTreatment::Amounts {
        TaxEffect::Amounts(amounts)
    } else {
        TaxEffect::AfterTax(amounts)
    };
    Some((effect, sites))
}

/// Rates by fiscal year resolved to the reported periods an adjustment
/// applies to: a key naming a fiscal year (`FY2024`) gives the rate of every
/// period inside it; a key naming a reported period gives that period's
/// own. A period spanning two fiscal years (a trailing twelve months) has
/// no fiscal year's rate, and one whose fiscal year has none is an error.
fn resolve_rates(
    rate: &mut TaxRate,
    rates: &Spanned<RawAmounts<crate::raw::RawFraction>>,
    file: &Arc<SourceFile>,
    statement: &Statement,
    applies: Option<&BTreeSet<PeriodIx>>,
    reported: &Reported,
    errors: &mut Vec<Diagnostic>,
) {
    let TaxRate::ByYear { periods, .. } = rate else {
        return;
    };
    let fye = statement.entity.fiscal_year_end;
    let (years, own) = written_rates(rates, file, statement, errors);
    let applied: Vec<PeriodIx> = match applies {
        Some(list) => list
            .iter()
            .copied()
            .filter(|&p| reported.spans.get(p).is_some_and(Option::is_some))
            .collect(),
        None => reported.durations.clone(),
    };
    let mut missing: BTreeMap<i32, Vec<PeriodIx>> = BTreeMap::new();
    let mut spanning: Vec<PeriodIx> = Vec::new();
    for p in applied {
        if let Some(&value) = own.get(&p) {
            periods.insert(p, value);
            continue;
        }
        let PeriodKey::Duration {
            months,
            ending_month,
            year,
        } = statement.periods[p].span.key(fye)
        else {
            continue;
        };
        if months > ending_month {
            spanning.push(p);
            continue;
        }
        match years.get(&year) {
            Some(&value) => {
                periods.insert(p, value);
            }
            None => missing.entry(year).or_default().push(p),
        }
    }
    let at = Site::new(file, rates.span());
    report_years_without_rate(missing, &at, statement, errors);
    report_spanning_years(spanning, &at, statement, errors);
}

/// A fiscal year as a message names it.
fn fiscal_year(year: i32, fye: (u32, u32)) -> String {
    PeriodKey::Duration {
        months: 12,
        ending_month: 12,
        year,
    }
    .describe(fye)
}

/// The keys of `rates`: the rates by fiscal year and by reported period,
/// each given once.
fn written_rates(
    rates: &Spanned<RawAmounts<crate::raw::RawFraction>>,
    file: &Arc<SourceFile>,
    statement: &Statement,
    errors: &mut Vec<Diagnostic>,
) -> (BTreeMap<i32, Decimal>, BTreeMap<PeriodIx, Decimal>) {
    let site = |span| Site::new(file, span);
    let fye = statement.entity.fiscal_year_end;
    let mut years: BTreeMap<i32, Decimal> = BTreeMap::new();
    let mut own: BTreeMap<PeriodIx, Decimal> = BTreeMap::new();
    for (key, value) in rates.get_ref() {
        let value = value.get_ref().0;
        if let Some(PeriodKey::Duration {
            months: 12,
            ending_month: 12,
            year,
        }) = PeriodKey::parse(key.get_ref())
        {
            if years.insert(year, value).is_some() {
                errors.push(
                    Diagnostic::at(
                        &site(key.span()),
                        format!("fiscal year {} has two rates here", fiscal_year(year, fye)),
                    )
                    .help("keep one rate for each fiscal year"),
                );
            }
            continue;
        }
        let mut own_errors = Vec::new();
        match resolve_period_index(key, file, statement, &mut own_errors) {
            Some(period) => {
                if own.insert(period, value).is_some() {
                    errors.push(
                        Diagnostic::at(
                            &site(key.span()),
                            format!("period {} has two rates here", period_id(statement, period)),
                        )
                        .help("keep one rate for each period"),
                    );
                }
            }
            None => errors.extend(own_errors.into_iter().map(|d| {
                d.note("a key of `rates` names a fiscal year (\"FY2024\") or a reported period")
            })),
        }
    }
    (years, own)
}

/// Periods the adjustment applies to whose fiscal year has no rate, by year.
fn report_years_without_rate(
    missing: BTreeMap<i32, Vec<PeriodIx>>,
    at: &Site,
    statement: &Statement,
    errors: &mut Vec<Diagnostic>,
) {
    let fye = statement.entity.fiscal_year_end;
    for (year, list) in missing {
        errors.push(
            Diagnostic::at(
                at,
                format!(
                    "no tax rate for fiscal year {}, which contains {}",
                    fiscal_year(year, fye),
                    period_ids(statement, list.iter().copied())
                ),
            )
            .help(format!(
                "add \"{}\" = \"<rate>\" to `rates`, or list in `periods` only the periods the adjustment applies to",
                fiscal_year(year, fye)
            )),
        );
    }
}

/// Periods spanning two fiscal years, with no rate of their own.
fn report_spanning_years(
    spanning: Vec<PeriodIx>,
    at: &Site,
    statement: &Statement,
    errors: &mut Vec<Diagnostic>,
) {
    let fye = statement.entity.fiscal_year_end;
    for p in spanning {
        let period = &statement.periods[p];
        let PeriodKey::Duration {
            months,
            ending_month,
            year,
        } = period.span.key(fye)
        else {
            continue;
        };
        // The fiscal year its first month falls in.
        let first = year - (months - ending_month).div_ceil(12) as i32;
        errors.push(
            Diagnostic::at(
                at,
                format!(
                    "period {} spans fiscal years {} and {}, so no one fiscal year's rate applies to it",
                    period.id,
                    fiscal_year(first, fye),
                    fiscal_year(year, fye)
                ),
            )
            .note("a derived period (a trailing twelve months the model does not report) takes the rate of each period it is derived from")
            .help(format!(
                "give the period a rate of its own in `rates`, such as \"{}\" = \"<rate>\", or state its tax effect as amounts",
                period.id
            )),
        );
    }
}

/// Where each stated tax amount is written, by period.
type TaxSites = BTreeMap<PeriodIx, Site>;

fn treatment_name(treatment: TaxTreatment) -> &'static str {
    match treatment {
        TaxTreatment::Nil => "nil",
        TaxTreatment::Rate => "rate",
        TaxTreatment::Amounts => "amounts",
        TaxTreatment::AfterTax => "after-tax",
        TaxTreatment::NetOfTax => "net-of-tax",
        TaxTreatment::EffectiveRate => "effective-rate",
    }
}

/// The per-share amounts the release prints for an adjustment, by period.
fn published_per_share(
    raw: &RawAdjustment,
    file: &Arc<SourceFile>,
    statement: &Statement,
    applies: Option<&BTreeSet<PeriodIx>>,
    errors: &mut Vec<Diagnostic>,
) -> PublishedPerShare {
    let mut published = PublishedPerShare::default();
    let Some(per_share) = &raw.per_share else {
        return published;
    };
    for (table, out) in [
        (&per_share.basic, &mut published.basic),
        (&per_share.diluted, &mut published.diluted),
    ] {
        *out = keyed_periods(table, file, statement, applies, errors)
            .into_iter()
            .map(|(period, amount)| (period, (amount.get_ref().0, Site::new(file, amount.span()))))
            .collect();
    }
    published
}

/// Gives every adjustment without a [tax] table of its own the `tax-effect`
/// adjustment that states its tax effect: the one whose `covers` names it,
/// or the one with no `covers`. Fills in each `tax-effect`'s full list.
fn assign_tax_effects(
    adjustments: &mut [Adjustment],
    files: &[Site],
    statement: &Statement,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let groups: Vec<usize> = (0..adjustments.len())
        .filter(|&i| matches!(adjustments[i].rule, AdjustmentRule::TaxEffect { .. }))
        .collect();
    let catch_all: Vec<usize> = groups
        .iter()
        .copied()
        .filter(|&g| matches!(&adjustments[g].rule, AdjustmentRule::TaxEffect { covers } if covers.is_empty()))
        .collect();
    if catch_all.len() > 1 {
        let second = &adjustments[catch_all[1]];
        errors.push(
            Diagnostic::at(
                &second.site,
                format!(
                    "two tax-effect adjustments without `covers`: `{}` and `{}`",
                    adjustments[catch_all[0]].id, second.id
                ),
            )
            .help("list in `covers` the adjustments each one states the income-tax effect of"),
        );
        return errors;
    }
    let mut owner = covering_groups(adjustments, &groups, &mut errors);
    assign_uncovered(
        adjustments,
        files,
        &mut owner,
        catch_all.first().copied(),
        &mut errors,
    );
    for &g in &groups {
        let covered: Vec<String> = (0..adjustments.len())
            .filter(|&i| owner[i] == Some(g))
            .map(|i| adjustments[i].id.clone())
            .collect();
        check_group_amounts(adjustments, g, &owner, statement, &mut errors);
        check_group_periods(adjustments, g, &owner, statement, &mut errors);
        if covered.is_empty() && errors.is_empty() {
            errors.push(
                Diagnostic::at(&adjustments[g].site, format!("tax-effect adjustment `{}` covers no adjustment", adjustments[g].id))
                    .help("every other adjustment has a [tax] table of its own: remove this file, or remove their [tax] tables"),
            );
        }
        adjustments[g].rule = AdjustmentRule::TaxEffect { covers: covered };
    }
    errors
}

/// By adjustment: the `tax-effect` group whose `covers` names it. Each id
/// covered is loaded, a pre-tax adjustment without a [tax] table of its own,
/// and covered once.
fn covering_groups(
    adjustments: &[Adjustment],
    groups: &[usize],
    errors: &mut Vec<Diagnostic>,
) -> Vec<Option<usize>> {
    let mut owner: Vec<Option<usize>> = vec![None; adjustments.len()];
    for &g in groups {
        let AdjustmentRule::TaxEffect { covers } = &adjustments[g].rule else {
            continue;
        };
        let group = &adjustments[g];
        for id in covers {
            let Some(i) = adjustments.iter().position(|a| &a.id == id) else {
                errors.push(
                    Diagnostic::at(
                        &group.site,
                        format!(
                            "tax-effect adjustment `{}` covers `{id}`, which is not loaded",
                            group.id
                        ),
                    )
                    .maybe_help(suggest::did_you_mean(
                        id,
                        adjustments.iter().map(|a| a.id.as_str()),
                    )),
                );
                continue;
            };
            let a = &adjustments[i];
            if matches!(
                a.rule,
                AdjustmentRule::TaxEffect { .. }
                    | AdjustmentRule::TaxOnly
                    | AdjustmentRule::NoncontrollingShare { .. }
            ) {
                errors.push(
                    Diagnostic::at(&group.site, format!("`{id}` is itself a tax adjustment; a tax-effect adjustment covers pre-tax adjustments"))
                        .help(format!("remove `{id}` from `covers`")),
                );
            } else if !matches!(a.tax, TaxEffect::Covered { .. }) {
                errors.push(
                    Diagnostic::at(&a.site, format!("`{id}` has a [tax] table of its own, but `{}` covers it too", group.id))
                        .note(format!("`{}` is declared at {}", group.id, group.site.position()))
                        .help("state an income-tax effect once: remove this [tax] table, or remove the id from `covers`"),
                );
            } else if let Some(first) = owner[i] {
                errors.push(
                    Diagnostic::at(
                        &group.site,
                        format!(
                            "`{id}` is covered by two tax-effect adjustments, `{}` and `{}`",
                            adjustments[first].id, group.id
                        ),
                    )
                    .help("name each adjustment in one `covers` list"),
                );
            } else {
                owner[i] = Some(g);
            }
        }
    }
    owner
}

/// Every adjustment without a [tax] table of its own is covered: by the
/// group that names it, else by the one with no `covers`.
fn assign_uncovered(
    adjustments: &mut [Adjustment],
    files: &[Site],
    owner: &mut [Option<usize>],
    catch_all: Option<usize>,
    errors: &mut Vec<Diagnostic>,
) {
    for i in 0..adjustments.len() {
        if !matches!(adjustments[i].tax, TaxEffect::Covered { .. }) {
            continue;
        }
        let Some(g) = owner[i].or(catch_all) else {
            let site = files.get(i).unwrap_or(&adjustments[i].site);
            errors.push(
                Diagnostic::at(site, format!("adjustment `{}` has no [tax] table", adjustments[i].id))
                    .note("every adjustment's income-tax effect is explicit, even when nil (C&DI 102.11)")
                    .help("add [tax] with treatment = \"nil\" and a reason, \"rate\" or \"amounts\"; or state the tax effect of several adjustments once in a kind = \"tax-effect\" adjustment"),
            );
            continue;
        };
        owner[i] = Some(g);
        let by = adjustments[g].id.clone();
        adjustments[i].tax = TaxEffect::Covered { by };
    }
}

/// A group's stated amounts cover every period an adjustment of the group
/// applies to (within the group's own `periods`): a missing one would be a
/// silent zero.
fn check_group_amounts(
    adjustments: &[Adjustment],
    g: usize,
    owner: &[Option<usize>],
    statement: &Statement,
    errors: &mut Vec<Diagnostic>,
) {
    let TaxEffect::Amounts(amounts) = &adjustments[g].tax else {
        return;
    };
    for i in (0..adjustments.len()).filter(|&i| owner[i] == Some(g)) {
        let mut missing = match &adjustments[i].periods {
            Some(list) => missing_keys(list.iter().copied(), amounts),
            None => missing_keys(reported_durations(statement), amounts),
        };
        // A period outside the group's own `periods` is reported by
        // `check_group_periods`.
        if let Some(own) = &adjustments[g].periods {
            missing.retain(|p| own.contains(p));
        }
        if let Some(&first) = missing.first() {
            errors.push(
                Diagnostic::at(&adjustments[g].site, format!(
                    "`{}` states the tax effect of `{}`, which applies to {}, but its [tax.amounts] state nothing for {}",
                    adjustments[g].id,
                    adjustments[i].id,
                    period_ids(statement, missing.iter().copied()),
                    if missing.len() == 1 { "it" } else { "them" }
                ))
                .help(format!("add \"{}\" = <amount> to its [tax.amounts] (0 where it is nil)", period_id(statement, first))),
            );
        }
    }
}

/// A group with `periods` states no tax effect outside them: an adjustment
/// it covers that applies elsewhere would go untaxed there.
fn check_group_periods(
    adjustments: &[Adjustment],
    g: usize,
    owner: &[Option<usize>],
    statement: &Statement,
    errors: &mut Vec<Diagnostic>,
) {
    let Some(list) = &adjustments[g].periods else {
        return;
    };
    for i in (0..adjustments.len()).filter(|&i| owner[i] == Some(g)) {
        let outside: Vec<PeriodIx> = match &adjustments[i].periods {
            Some(own) => own.iter().copied().filter(|p| !list.contains(p)).collect(),
            None => reported_durations(statement)
                .filter(|p| !list.contains(p))
                .collect(),
        };
        if let Some(&first) = outside.first() {
            let at = adjustments[g]
                .periods_site
                .as_ref()
                .unwrap_or(&adjustments[g].site);
            errors.push(
                Diagnostic::at(at, format!(
                    "`{}` states the income-tax effect of `{}`, which applies to {}, but `periods` leaves {} out",
                    adjustments[g].id,
                    adjustments[i].id,
                    period_ids(statement, outside.iter().copied()),
                    if outside.len() == 1 { "it" } else { "them" }
                ))
                .label(format!("`{}` would go untaxed in {}", adjustments[i].id, period_id(statement, first)))
                .note("a tax-effect adjustment states the tax of the adjustments it covers in every period they apply to")
                .help(format!("add \"{}\" to `periods`, or remove `periods` so the group applies wherever the adjustments it covers do", period_id(statement, first))),
            );
        }
    }
}
