//! Tie-out: the statement model checked against itself, as an auditor foots
//! and cross-foots. Every total recorded as reported must equal the sum of
//! its components, in every period. Findings are diagnostics at the fact.

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::model::{LineId, Period, Sign, Statement};
use crate::report::number;

/// Every tie-out failure in the model; empty when it ties out.
pub fn tie_out(statement: &Statement) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for period in &statement.periods {
        for (&line, fact) in &period.values {
            if !statement.is_total(line) {
                continue;
            }
            match statement.computed(period, line) {
                Err(overflow) => findings.push(overflow),
                Ok(Some(computed)) if computed != fact.value => {
                    findings.push(footing_finding(
                        statement, period, line, fact.value, computed,
                    ));
                }
                Ok(Some(_)) => {}
                Ok(None) => {
                    let missing: Vec<&str> = statement
                        .components(line)
                        .filter(|&(c, _)| matches!(statement.value(period, c), Ok(None)))
                        .map(|(c, _)| statement.line(c).id.as_str())
                        .collect();
                    findings.push(
                        Diagnostic::at(&fact.site, format!(
                            "`{}` cannot be tied out in period {}: components without a value: {}",
                            statement.line(line).id,
                            period.id,
                            missing.join(", ")
                        ))
                        .help("add the missing components to this period's [period.values]"),
                    );
                }
            }
        }
    }
    findings
}

fn footing_finding(
    statement: &Statement,
    period: &Period,
    line: LineId,
    reported: Decimal,
    computed: Decimal,
) -> Diagnostic {
    let item = statement.line(line);
    let terms: Vec<String> = statement
        .components(line)
        .map(|(c, sign)| {
            let value = statement
                .value(period, c)
                .ok()
                .flatten()
                .unwrap_or_default();
            let op = if sign == Sign::Subtract { "-" } else { "+" };
            format!("{op} {} {}", statement.line(c).id, plain(value))
        })
        .collect();
    let terms = terms.join(" ");
    let terms = terms.strip_prefix("+ ").unwrap_or(&terms);
    Diagnostic::at(
        &period.values[&line].site,
        format!(
            "`{}` ({}) does not foot in period {}",
            item.id, item.label, period.id
        ),
    )
    .label(format!("reported {}", plain(reported)))
    .note(format!(
        "computed from its components: {terms} = {}",
        plain(computed)
    ))
    .note(format!(
        "difference (reported - computed): {}",
        plain(reported.checked_sub(computed).unwrap_or_default())
    ))
    .help("check this figure and its components against the release")
}

/// A figure in model units with separators and a minus sign, unrounded.
fn plain(value: Decimal) -> String {
    let shown = number::format(value.abs(), value.scale(), false);
    let shown = if value.is_zero() {
        "0".to_string()
    } else {
        shown
    };
    if value.is_sign_negative() && !value.is_zero() {
        format!("-{shown}")
    } else {
        shown
    }
}
