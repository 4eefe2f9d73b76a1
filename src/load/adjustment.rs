//! Validation of adjustment files against the statement they adjust: the line
//! they exclude exists and is part of net income, the periods they name
//! exist, ids are unique, and the tax treatment is explicit and complete.

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::model::{
    Adjustment, AdjustmentKind, AdjustmentRule, Exclusion, LineId, Measure, Statement,
    StatementKind, TaxEffect, TaxTreatment,
};
use crate::raw::{RawAdjustment, RawAmount, RawExclusion, Spanned};
use crate::source::{Site, SourceFile};
use crate::suggest;

pub fn validate_adjustments(
    files: Vec<(RawAdjustment, Arc<SourceFile>)>,
    statement: &Statement,
) -> Result<Vec<Adjustment>, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut adjustments: Vec<Adjustment> = Vec::new();
    for (raw, file) in files {
        let before = errors.len();
        if let Some(adjustment) = validate_one(raw, &file, statement, &mut errors) {
            if let Some(first) = adjustments.iter().find(|a| a.id == adjustment.id) {
                errors.push(
                    Diagnostic::at(
                        &adjustment.site,
                        format!("duplicate adjustment id `{}`", adjustment.id),
                    )
                    .note(format!("first declared at {}", first.site.position()))
                    .help("each adjustment file needs its own id"),
                );
            } else if errors.len() == before {
                adjustments.push(adjustment);
            }
        }
    }
    if errors.is_empty() {
        errors.extend(overlaps(&adjustments, statement));
    }
    if errors.is_empty() {
        Ok(adjustments)
    } else {
        Err(errors)
    }
}

/// What one adjustment takes out of one line in one period.
struct Claim {
    line: LineId,
    adjustment: usize,
    /// `None` for the whole line.
    amount: Option<Decimal>,
}

/// No amount may be excluded twice. In each period: a line excluded in full
/// may not also be excluded, in full or in part, by another adjustment, nor
/// may a total holding it or a component of it; amounts from several
/// adjustments inside one line may not add up to more than the line.
fn overlaps(adjustments: &[Adjustment], statement: &Statement) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut reported: Vec<(usize, usize)> = Vec::new();
    for period in statement.periods.iter().filter(|p| p.is_duration()) {
        let mut claims: Vec<Claim> = Vec::new();
        for (i, adjustment) in adjustments.iter().enumerate() {
            if !adjustment.applies_to(&period.id) {
                continue;
            }
            match &adjustment.rule {
                AdjustmentRule::ExcludeLine { line } => claims.push(Claim {
                    line: *line,
                    adjustment: i,
                    amount: None,
                }),
                AdjustmentRule::TaxOnly => {}
                AdjustmentRule::ExcludeAmounts { parts } => {
                    for part in parts {
                        if let Some(&amount) = part.amounts.get(&period.id) {
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
        for (n, whole) in claims
            .iter()
            .enumerate()
            .filter(|(_, c)| c.amount.is_none())
        {
            for other in claims.iter().skip(n + 1).chain(claims.iter().take(n)) {
                let nested = statement.sign_into(other.line, whole.line).is_some()
                    || statement.sign_into(whole.line, other.line).is_some();
                let pair = (
                    whole.adjustment.min(other.adjustment),
                    whole.adjustment.max(other.adjustment),
                );
                if !nested
                    || reported.contains(&pair)
                    || (other.adjustment == whole.adjustment && other.line == whole.line)
                {
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
        let mut lines: Vec<LineId> = claims
            .iter()
            .filter(|c| c.amount.is_some())
            .map(|c| c.line)
            .collect();
        lines.sort();
        lines.dedup();
        for line in lines {
            let parts: Vec<&Claim> = claims
                .iter()
                .filter(|c| c.line == line && c.amount.is_some())
                .collect();
            if parts.len() < 2 {
                continue;
            }
            let total = parts
                .iter()
                .filter_map(|c| c.amount)
                .try_fold(Decimal::ZERO, |sum, a| sum.checked_add(a));
            let value = statement
                .value(period, line)
                .ok()
                .flatten()
                .unwrap_or_default();
            if total.is_some_and(|t| t.abs() <= value.abs()) {
                continue;
            }
            let ids: Vec<String> = parts
                .iter()
                .map(|c| format!("`{}`", adjustments[c.adjustment].id))
                .collect();
            errors.push(
                Diagnostic::at(
                    &adjustments[parts[0].adjustment].site,
                    format!(
                        "adjustments {} together exclude more than `{}` holds in period {}",
                        ids.join(" and "),
                        statement.line(line).id,
                        period.id
                    ),
                )
                .note(format!(
                    "they exclude {} in all; the line is {}",
                    total.map_or("more than a decimal holds".to_string(), |t| t.to_string()),
                    value
                ))
                .help("the amounts excluded from one line cannot add up to more than the line"),
            );
        }
    }
    errors
}

fn validate_one(
    raw: RawAdjustment,
    file: &Arc<SourceFile>,
    statement: &Statement,
    errors: &mut Vec<Diagnostic>,
) -> Option<Adjustment> {
    let site = |span| Site::new(file, span);
    let id = raw.id.get_ref().clone();
    if let Some(message) = super::statement::bad_id(&id) {
        errors.push(Diagnostic::at(
            &site(raw.id.span()),
            format!("adjustment id {message}"),
        ));
    }
    let periods = raw.periods.as_ref().map(|periods| {
        periods
            .iter()
            .filter_map(|p| resolve_period(p, file, statement, errors))
            .collect::<Vec<_>>()
    });
    let rule = match raw.kind.get_ref() {
        AdjustmentKind::ExcludeLine => {
            let Some(line) = &raw.line else {
                errors.push(
                    Diagnostic::at(
                        &site(raw.kind.span()),
                        "kind = \"exclude-line\" needs `line`, the id of the line item to exclude",
                    )
                    .help("add line = \"<line item id>\""),
                );
                return None;
            };
            if let Some(first) = raw.exclusions.first() {
                errors.push(
                    Diagnostic::at(&site(first.line.span()), "[[exclude]] tables belong to kind = \"exclude-amounts\"")
                        .help("an exclude-line adjustment removes the whole of `line`; remove the [[exclude]] tables or change the kind"),
                );
            }
            let line = line_in_net_income(line, file, statement, errors)?;
            Some(AdjustmentRule::ExcludeLine { line })
        }
        AdjustmentKind::ExcludeAmounts => {
            if let Some(line) = &raw.line {
                errors.push(
                    Diagnostic::at(&site(line.span()), "`line` belongs to kind = \"exclude-line\"")
                        .help("list the amounts to exclude in [[exclude]] tables, each with its own `line`"),
                );
            }
            if raw.exclusions.is_empty() {
                errors.push(
                    Diagnostic::at(&site(raw.kind.span()), "kind = \"exclude-amounts\" needs at least one [[exclude]] table")
                        .help("add [[exclude]] with line = \"<line item id>\" and amounts = { \"<period id>\" = <amount> }"),
                );
                return None;
            }
            let parts: Vec<Exclusion> = raw
                .exclusions
                .iter()
                .filter_map(|e| exclusion(e, file, statement, periods.as_deref(), errors))
                .collect();
            (parts.len() == raw.exclusions.len())
                .then_some(AdjustmentRule::ExcludeAmounts { parts })
        }
        AdjustmentKind::TaxOnly => {
            let stray = raw
                .line
                .as_ref()
                .map(|l| l.span())
                .or_else(|| raw.exclusions.first().map(|e| e.line.span()));
            if let Some(span) = stray {
                errors.push(
                    Diagnostic::at(&site(span), "a tax-only adjustment excludes no line item")
                        .help("state its effect in [tax.amounts], or change the kind to exclude a line"),
                );
            }
            if *raw.tax.get_ref().treatment.get_ref() != TaxTreatment::Amounts {
                errors.push(
                    Diagnostic::at(
                        &site(raw.tax.get_ref().treatment.span()),
                        "a tax-only adjustment states its effect per period",
                    )
                    .help("write treatment = \"amounts\" and a [tax.amounts] table, such as \"<period id>\" = -1200"),
                );
                return None;
            }
            Some(AdjustmentRule::TaxOnly)
        }
    };
    let tax = tax_effect(&raw, file, statement, periods.as_deref(), errors);
    Some(Adjustment {
        id,
        label: raw.label,
        rationale: raw.rationale,
        rule: rule?,
        periods,
        tax: tax?,
        tax_own_line: raw.tax.get_ref().own_line,
        nature: raw.nature,
        recurring: raw.recurring,
        site: site(raw.id.span()),
    })
}

/// Amounts inside a line: each period exists, and each amount has the sign
/// of the line's value in that period and is no larger than it.
fn exclusion(
    raw: &RawExclusion,
    file: &Arc<SourceFile>,
    statement: &Statement,
    applies: Option<&[String]>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Exclusion> {
    let line = line_in_net_income(&raw.line, file, statement, errors)?;
    let before = errors.len();
    let mut amounts = BTreeMap::new();
    let mut seen = BTreeMap::new();
    for (period_name, amount) in in_file_order(&raw.amounts) {
        let Some(period_id) =
            keyed_period(period_name, file, statement, applies, &mut seen, errors)
        else {
            continue;
        };
        let period = statement.periods.iter().find(|p| p.id == period_id)?;
        let amount_site = Site::new(file, amount.span());
        let value = amount.get_ref().0;
        let line_value = match statement.value(period, line) {
            Ok(Some(v)) => v,
            Ok(None) => {
                errors.push(
                    Diagnostic::at(&amount_site, format!("`{}` has no value in period {}", raw.line.get_ref(), period.id))
                        .help("an excluded amount must sit inside a line the statement reports for that period"),
                );
                continue;
            }
            Err(d) => {
                errors.push(d);
                continue;
            }
        };
        let shown = |d: Decimal| crate::report::number::format(d, d.scale(), false);
        if !value.is_zero()
            && (line_value.is_zero() || line_value.is_sign_negative() != value.is_sign_negative())
        {
            errors.push(
                Diagnostic::at(&amount_site, format!(
                    "amount {} has the wrong sign for `{}`, which is {} in period {}",
                    value, raw.line.get_ref(), shown(line_value), period.id
                ))
                .label("must have the sign of the line it sits in")
                .help("write amounts with the line's own sign: an expense positive, a benefit negative"),
            );
        } else if value.abs() > line_value.abs() {
            errors.push(
                Diagnostic::at(&amount_site, format!(
                    "amount {} is larger than `{}` itself ({}) in period {}",
                    value, raw.line.get_ref(), shown(line_value), period.id
                ))
                .label("cannot exceed the line it sits in")
                .help("check the amount against the release; to remove the whole line use kind = \"exclude-line\""),
            );
        } else {
            amounts.insert(period_id, value);
        }
    }
    (errors.len() == before).then_some(Exclusion { line, amounts })
}

/// Resolves the line an adjustment names; it must roll up into net income.
fn line_in_net_income(
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
    let Some(net_income) = statement.measure_line(Measure::NetIncome) else {
        errors.push(
            Diagnostic::in_file(statement.site.file.path(), "no line item is tagged measure = \"net-income\"")
                .help("tag the net income (loss) line with measure = \"net-income\" so adjustments can be reconciled to it"),
        );
        return None;
    };
    if line_id == net_income || statement.sign_into(line_id, net_income).is_none() {
        errors.push(
            Diagnostic::at(&site, format!("line item `{}` is not a component of net income", line.get_ref()))
                .label("does not roll up into the line tagged measure = \"net-income\"")
                .help(if statement.line(line_id).statement == StatementKind::BalanceSheet {
                    format!("`{}` is a balance-sheet line; exclude an income statement line that rolls up into net income (loss)", line.get_ref())
                } else {
                    "exclude an income statement line that rolls up, through its totals, into net income (loss)".to_string()
                }),
        );
        return None;
    }
    Some(line_id)
}

fn resolve_period(
    text: &Spanned<String>,
    file: &Arc<SourceFile>,
    statement: &Statement,
    errors: &mut Vec<Diagnostic>,
) -> Option<String> {
    let site = Site::new(file, text.span());
    match statement.resolve_period(text.get_ref()) {
        Ok(period) if period.derived.is_some() => {
            let how = period
                .derived
                .as_ref()
                .map(|d| d.describe(&statement.periods))
                .unwrap_or_default();
            errors.push(
                Diagnostic::at(&site, format!("period {} is derived ({how})", period.id))
                    .help("state an adjustment in the reported periods it is derived from; the derived column follows"),
            );
            None
        }
        Ok(period) if period.is_duration() => Some(period.id.clone()),
        Ok(period) => {
            errors.push(
                Diagnostic::at(
                    &site,
                    format!("period {} is an instant (a balance sheet date)", period.id),
                )
                .help("adjustments apply to duration periods, such as a quarter or nine months"),
            );
            None
        }
        Err(unknown) => {
            errors.push(
                unknown
                    .relocated(&site)
                    .label("not a period of the statement"),
            );
            None
        }
    }
}

/// The entries of an amounts table in the order they are written, so a
/// message about a repeat points at the later one.
fn in_file_order(
    table: &BTreeMap<Spanned<String>, Spanned<RawAmount>>,
) -> Vec<(&Spanned<String>, &Spanned<RawAmount>)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
}

/// A period named as a key of an amounts table: it exists, is named once
/// (`9M2003` and `9M-2003` are one period), and is one the adjustment
/// applies to.
fn keyed_period(
    text: &Spanned<String>,
    file: &Arc<SourceFile>,
    statement: &Statement,
    applies: Option<&[String]>,
    seen: &mut BTreeMap<String, Site>,
    errors: &mut Vec<Diagnostic>,
) -> Option<String> {
    let id = resolve_period(text, file, statement, errors)?;
    let site = Site::new(file, text.span());
    if let Some(first) = seen.get(&id) {
        errors.push(
            Diagnostic::at(&site, format!("period {id} has two amounts here"))
                .note(format!("first at {}", first.position()))
                .help("keep one amount per period"),
        );
        return None;
    }
    seen.insert(id.clone(), site.clone());
    if let Some(list) = applies.filter(|list| !list.contains(&id)) {
        errors.push(
            Diagnostic::at(
                &site,
                format!("period {id} is not one this adjustment applies to"),
            )
            .note(if list.is_empty() {
                "`periods` is empty".to_string()
            } else {
                format!("`periods` lists {}", list.join(", "))
            })
            .help("add the period to `periods`, or remove the amount"),
        );
        return None;
    }
    Some(id)
}

fn tax_effect(
    raw: &RawAdjustment,
    file: &Arc<SourceFile>,
    statement: &Statement,
    applies: Option<&[String]>,
    errors: &mut Vec<Diagnostic>,
) -> Option<TaxEffect> {
    let site = |span| Site::new(file, span);
    let tax = raw.tax.get_ref();
    let treatment = *tax.treatment.get_ref();
    let before = errors.len();
    let unused = |field: &str, span| {
        Diagnostic::at(
            &site(span),
            format!(
                "`{field}` does not apply to treatment = \"{}\"",
                treatment_name(treatment)
            ),
        )
        .help("remove it, or change the treatment")
    };
    if treatment != TaxTreatment::Rate
        && let Some(rate) = &tax.rate
    {
        errors.push(unused("rate", rate.span()));
    }
    if treatment != TaxTreatment::Amounts
        && let Some((first, _)) = tax.amounts.iter().next()
    {
        errors.push(unused("amounts", first.span()));
    }
    let effect = match treatment {
        TaxTreatment::Nil => match tax.reason.as_deref().map(str::trim) {
            Some(reason) if !reason.is_empty() => TaxEffect::Nil {
                reason: reason.to_string(),
            },
            _ => {
                errors.push(
                    Diagnostic::at(&site(tax.treatment.span()), "a nil tax effect needs a `reason`")
                        .help("say why there is no tax effect, e.g. reason = \"No provision: full valuation allowance\""),
                );
                return None;
            }
        },
        TaxTreatment::Rate => {
            let Some(rate) = &tax.rate else {
                errors.push(
                    Diagnostic::at(
                        &site(tax.treatment.span()),
                        "treatment = \"rate\" needs a `rate`",
                    )
                    .help("add rate = \"0.35\" (a fraction of the pre-tax adjustment)"),
                );
                return None;
            };
            let value = rate.get_ref().0;
            if value < Decimal::ZERO || value > Decimal::ONE {
                errors.push(
                    Diagnostic::at(
                        &site(rate.span()),
                        format!("tax rate {value} is not between 0 and 1"),
                    )
                    .help("write the rate as a fraction: \"0.35\" for 35%"),
                );
                return None;
            }
            TaxEffect::Rate(value)
        }
        TaxTreatment::Amounts => {
            if tax.amounts.is_empty() {
                errors.push(
                    Diagnostic::at(
                        &site(tax.treatment.span()),
                        "treatment = \"amounts\" needs a [tax.amounts] table",
                    )
                    .help("add [tax.amounts] with one line per period, such as \"<period id>\" = -120"),
                );
                return None;
            }
            let mut amounts = BTreeMap::new();
            let mut seen = BTreeMap::new();
            for (period, amount) in in_file_order(&tax.amounts) {
                if let Some(id) = keyed_period(period, file, statement, applies, &mut seen, errors)
                {
                    amounts.insert(id, amount.get_ref().0);
                }
            }
            TaxEffect::Amounts(amounts)
        }
    };
    (errors.len() == before).then_some(effect)
}

fn treatment_name(treatment: TaxTreatment) -> &'static str {
    match treatment {
        TaxTreatment::Nil => "nil",
        TaxTreatment::Rate => "rate",
        TaxTreatment::Amounts => "amounts",
    }
}
