//! Measures: the figures a reconciliation presents, GAAP first and then
//! non-GAAP, and where each sits in the statement model. A measure is a
//! named one (net income, gross profit, operating margin, EPS), any line of
//! the model chosen by its id, a ratio the model declares, or a measure the
//! model defines (`[[measure]]`). Which adjustments move it follows from the
//! roll-ups, never from a list.

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::model::figure::{LineId, NonGaapMeasure};
use crate::model::statement::Statement;
use crate::raw::Measure;
use crate::suggest;

/// Names accepted by `--measure`, each with what it selects.
const NAMES: [(&str, &[NonGaapMeasure]); 15] = [
    ("revenue", &[NonGaapMeasure::Revenue]),
    ("gross-profit", &[NonGaapMeasure::GrossProfit]),
    ("costs-and-expenses", &[NonGaapMeasure::CostsAndExpenses]),
    ("operating-expenses", &[NonGaapMeasure::OperatingExpenses]),
    ("operating-income", &[NonGaapMeasure::OperatingIncome]),
    ("pretax-income", &[NonGaapMeasure::PretaxIncome]),
    ("continuing-income", &[NonGaapMeasure::ContinuingIncome]),
    ("net-income", &[NonGaapMeasure::NetIncome]),
    (
        "income-available-to-common",
        &[NonGaapMeasure::IncomeAvailableToCommon],
    ),
    (
        "eps",
        &[NonGaapMeasure::EpsBasic, NonGaapMeasure::EpsDiluted],
    ),
    ("eps-basic", &[NonGaapMeasure::EpsBasic]),
    ("eps-diluted", &[NonGaapMeasure::EpsDiluted]),
    ("gross-margin", &[NonGaapMeasure::GrossMargin]),
    ("operating-margin", &[NonGaapMeasure::OperatingMargin]),
    ("net-margin", &[NonGaapMeasure::NetMargin]),
];

/// What a reconciliation shows when no measure is named: the bottom line
/// and its per diluted share figure.
pub const DEFAULT_MEASURES: [NonGaapMeasure; 2] =
    [NonGaapMeasure::NetIncome, NonGaapMeasure::EpsDiluted];

impl NonGaapMeasure {
    /// Whether `name` is one of the named measures (`net-income`, `eps`...).
    pub fn is_named(name: &str) -> bool {
        NAMES.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
    }

    /// Reads `--measure` values (each may be a comma-separated list) in the
    /// order given, without repeats: named measures, then the ids of the
    /// model's declared measures, ratios and line items. An unknown name is
    /// an error listing the names.
    pub fn parse_list(
        specs: &[String],
        statement: &Statement,
    ) -> Result<Vec<NonGaapMeasure>, Diagnostic> {
        Self::parse_names(specs, statement, |spec| {
            Diagnostic::new(format!("empty measure name in `--measure {spec}`"))
                .help("separate measure names with single commas, such as --measure net-income,eps")
        })
    }

    /// A measure recorded as the key of a published figure
    /// (`[period.non_gaap]`), spelt as `--measure` spells it.
    pub fn parse_key(key: &str, statement: &Statement) -> Result<Vec<NonGaapMeasure>, Diagnostic> {
        Self::parse_names(std::slice::from_ref(&key.to_string()), statement, |spec| {
            Diagnostic::new(format!("empty measure name in `{spec}`")).help(
                "record each figure under the one measure it is, such as eps-diluted = \"0.47\"",
            )
        })
    }

    /// Measure names, each spec a comma-separated list, written where
    /// `empty` says (the error for a spec with an empty name).
    pub fn parse_names(
        specs: &[String],
        statement: &Statement,
        empty: impl Fn(&str) -> Diagnostic,
    ) -> Result<Vec<NonGaapMeasure>, Diagnostic> {
        let mut chosen = Vec::new();
        for spec in specs {
            for name in spec.split(',').map(str::trim) {
                if name.is_empty() {
                    return Err(empty(spec));
                }
                for measure in Self::parse_one(name, statement)? {
                    if !chosen.contains(&measure) {
                        chosen.push(measure);
                    }
                }
            }
        }
        // Without a net income line the bottom line is continuing income:
        // one block, not two.
        if statement.measure_line(Measure::NetIncome).is_none()
            && chosen.contains(&NonGaapMeasure::NetIncome)
        {
            chosen.retain(|m| *m != NonGaapMeasure::ContinuingIncome);
        }
        Ok(chosen)
    }

    /// The measure as `--measure` names it (`net-income`, `eps-diluted`, a
    /// declared measure's or ratio's id, a line's id, `<id>-per-share`): the
    /// stable key of its rows in JSON.
    pub fn name(self, statement: &Statement) -> String {
        match self {
            NonGaapMeasure::Line(line) => statement.line(line).id.clone(),
            NonGaapMeasure::Ratio(i) => statement.ratios[i].id.clone(),
            NonGaapMeasure::Declared(i) => statement.measures[i].id.clone(),
            NonGaapMeasure::DeclaredPerShare(i) => {
                format!("{}-per-share", statement.measures[i].id)
            }
            NonGaapMeasure::DeclaredPerBasicShare(i) => {
                format!("{}-per-basic-share", statement.measures[i].id)
            }
            named => NAMES
                .iter()
                .find(|(_, m)| m.len() == 1 && m[0] == named)
                .map_or_else(String::new, |(n, _)| (*n).to_string()),
        }
    }

    fn parse_one(name: &str, statement: &Statement) -> Result<Vec<NonGaapMeasure>, Diagnostic> {
        if let Some((_, measures)) = NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            return Ok(measures.to_vec());
        }
        if let Some(i) = statement.measures.iter().position(|m| m.id == name) {
            return Ok(vec![NonGaapMeasure::Declared(i)]);
        }
        if let Some(i) = name.strip_suffix("-per-basic-share").and_then(|id| {
            statement
                .measures
                .iter()
                .position(|m| m.id == id && m.per_share_basic)
        }) {
            return Ok(vec![NonGaapMeasure::DeclaredPerBasicShare(i)]);
        }
        if let Some(i) = name.strip_suffix("-per-share").and_then(|id| {
            statement
                .measures
                .iter()
                .position(|m| m.id == id && (m.per_share || m.per_share_count.is_some()))
        }) {
            return Ok(vec![NonGaapMeasure::DeclaredPerShare(i)]);
        }
        if let Some(m) = name
            .strip_suffix("-per-share")
            .and_then(|id| statement.measures.iter().find(|m| m.id == id))
        {
            if m.kind == crate::model::MeasureKind::Liquidity {
                return Err(Diagnostic::new(format!(
                    "measure `{}` is a liquidity measure, which has no per-share figure",
                    m.id
                ))
                .note("C&DI 102.05: per-share liquidity measures are prohibited"));
            }
            return Err(Diagnostic::new(format!(
                "measure `{}` has no per-share figure",
                m.id
            ))
            .help(format!(
                "give `{}` a count to divide by: per_share_count = \"<a count of [period.counts]>\"{}",
                m.id,
                if m.balance.is_none() {
                    ", or per_share = true for the weighted diluted shares"
                } else {
                    ""
                }
            )));
        }
        if let Some(i) = statement.ratios.iter().position(|r| r.id == name) {
            return Ok(vec![NonGaapMeasure::Ratio(i)]);
        }
        if let Some(line) = statement.line_id(name) {
            return Ok(vec![NonGaapMeasure::Line(line)]);
        }
        let names: Vec<&str> = NAMES.iter().map(|(n, _)| *n).collect();
        let declared: Vec<&str> = statement.measures.iter().map(|m| m.id.as_str()).collect();
        let everything = names
            .iter()
            .copied()
            .chain(declared.iter().copied())
            .chain(statement.ratios.iter().map(|r| r.id.as_str()))
            .chain(statement.line_items.iter().map(|l| l.id.as_str()));
        let mut error = Diagnostic::new(format!("unknown measure `{name}`"))
            .note(format!("named measures: {}", names.join(", ")));
        if !declared.is_empty() {
            error = error.note(format!(
                "measures the model declares: {}",
                declared.join(", ")
            ));
        }
        Err(error
            .note("any line item, ratio or declared measure id of the statements file is a measure too; `<id>-per-share` is a declared measure's per-share figure")
            .maybe_help(suggest::did_you_mean(name, everything)))
    }

    /// The measure as a row label reads it when the model gives no caption:
    /// "GAAP gross profit".
    pub fn generic_label(self) -> &'static str {
        match self {
            NonGaapMeasure::Revenue => "revenue",
            NonGaapMeasure::GrossProfit => "gross profit",
            NonGaapMeasure::CostsAndExpenses => "total cost of revenues and operating expenses",
            NonGaapMeasure::OperatingExpenses => "operating expenses",
            NonGaapMeasure::OperatingIncome => "operating income (loss)",
            NonGaapMeasure::PretaxIncome => "income (loss) before income taxes",
            NonGaapMeasure::ContinuingIncome => "income (loss) from continuing operations",
            NonGaapMeasure::NetIncome | NonGaapMeasure::EpsBasic | NonGaapMeasure::EpsDiluted => {
                "net income (loss)"
            }
            NonGaapMeasure::IncomeAvailableToCommon => {
                "net income (loss) available to common shareholders"
            }
            NonGaapMeasure::GrossMargin => "gross margin",
            NonGaapMeasure::OperatingMargin => "operating margin",
            NonGaapMeasure::NetMargin => "net margin",
            NonGaapMeasure::Line(_)
            | NonGaapMeasure::Ratio(_)
            | NonGaapMeasure::Declared(_)
            | NonGaapMeasure::DeclaredPerShare(_)
            | NonGaapMeasure::DeclaredPerBasicShare(_) => "",
        }
    }

    pub fn is_per_share(self) -> bool {
        matches!(
            self,
            NonGaapMeasure::EpsBasic
                | NonGaapMeasure::EpsDiluted
                | NonGaapMeasure::DeclaredPerShare(_)
                | NonGaapMeasure::DeclaredPerBasicShare(_)
        )
    }

    /// A percentage of two figures rather than an amount.
    pub fn is_ratio(self) -> bool {
        matches!(
            self,
            NonGaapMeasure::GrossMargin
                | NonGaapMeasure::OperatingMargin
                | NonGaapMeasure::NetMargin
                | NonGaapMeasure::Ratio(_)
        )
    }

    /// The tag a named measure stands for, if it is one line.
    pub fn tag(self) -> Option<Measure> {
        Some(match self {
            NonGaapMeasure::Revenue => Measure::Revenue,
            NonGaapMeasure::GrossProfit => Measure::GrossProfit,
            NonGaapMeasure::OperatingExpenses => Measure::OperatingExpenses,
            NonGaapMeasure::OperatingIncome => Measure::OperatingIncome,
            NonGaapMeasure::PretaxIncome => Measure::PretaxIncome,
            NonGaapMeasure::ContinuingIncome => Measure::ContinuingIncome,
            _ => return None,
        })
    }

    /// The line items whose sum is an amount measure, each with +1 or -1:
    /// one line for most; cost of revenues plus operating expenses where the
    /// statement prints no total of the two. An error names the missing tag.
    pub fn terms(self, statement: &Statement) -> Result<Vec<(LineId, Decimal)>, Diagnostic> {
        let one = |line: LineId| Ok(vec![(line, Decimal::ONE)]);
        match self {
            NonGaapMeasure::CostsAndExpenses => {
                match statement.measure_line(Measure::CostsAndExpenses) {
                    Some(line) => one(line),
                    None => Ok(vec![
                        (
                            tagged(statement, Measure::CostOfRevenues, self)?,
                            Decimal::ONE,
                        ),
                        (
                            tagged(statement, Measure::OperatingExpenses, self)?,
                            Decimal::ONE,
                        ),
                    ]),
                }
            }
            NonGaapMeasure::NetIncome | NonGaapMeasure::EpsBasic | NonGaapMeasure::EpsDiluted => {
                one(statement.bottom_line()?)
            }
            NonGaapMeasure::IncomeAvailableToCommon => Ok(vec![
                (statement.bottom_line()?, Decimal::ONE),
                (
                    tagged(statement, Measure::PreferredDividends, self)?,
                    Decimal::NEGATIVE_ONE,
                ),
            ]),
            NonGaapMeasure::Line(line) => one(line),
            NonGaapMeasure::Declared(i)
            | NonGaapMeasure::DeclaredPerShare(i)
            | NonGaapMeasure::DeclaredPerBasicShare(i) => {
                let m = &statement.measures[i];
                let mut terms = vec![(m.start, Decimal::ONE)];
                terms.extend(m.terms.iter().copied());
                Ok(terms)
            }
            other => match other.tag() {
                Some(tag) => one(tagged(statement, tag, self)?),
                None => Err(Diagnostic::new(format!(
                    "{} is a ratio, not an amount",
                    other.generic_label()
                ))),
            },
        }
    }
}

/// The line carrying a tag, or an error naming the tag to add.
pub fn tagged(
    statement: &Statement,
    tag: Measure,
    measure: NonGaapMeasure,
) -> Result<LineId, Diagnostic> {
    statement.measure_line(tag).ok_or_else(|| {
        Diagnostic::in_file(
            statement.site.file.path(),
            format!("no line item is tagged measure = \"{}\"", tag_name(tag)),
        )
        .help(if tag == Measure::PreferredDividends {
            "tag the preferred dividends line (deducted from net income for EPS) with measure = \"preferred-dividends\"".to_string()
        } else {
            format!(
                "tag the line that holds {} with measure = \"{}\" to reconcile it",
                match measure.generic_label() {
                    "" => tag_name(tag),
                    label => label,
                },
                tag_name(tag)
            )
        })
    })
}

/// The tag as written in a statements file.
pub fn tag_name(tag: Measure) -> &'static str {
    match tag {
        Measure::Revenue => "revenue",
        Measure::CostOfRevenues => "cost-of-revenues",
        Measure::GrossProfit => "gross-profit",
        Measure::OperatingExpenses => "operating-expenses",
        Measure::CostsAndExpenses => "costs-and-expenses",
        Measure::OperatingIncome => "operating-income",
        Measure::PretaxIncome => "pretax-income",
        Measure::IncomeTax => "income-tax",
        Measure::ContinuingIncome => "continuing-income",
        Measure::NetIncome => "net-income",
        Measure::PreferredDividends => "preferred-dividends",
        Measure::Cash => "cash",
        Measure::TotalAssets => "total-assets",
        Measure::TotalLiabilitiesAndEquity => "total-liabilities-and-equity",
    }
}

/// A caption for use after "GAAP" inside a sentence: each word lowered
/// unless it is an acronym ("EBITDA", "R&D"), so "Total Operating
/// Expenses" reads "total operating expenses".
pub fn caption_case(label: &str) -> String {
    label
        .split(' ')
        .map(|word| {
            let mut chars = word.chars();
            match (chars.next(), chars.next()) {
                (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
                    first
                        .to_lowercase()
                        .chain(std::iter::once(second))
                        .chain(chars)
                        .collect()
                }
                (Some(first), None) if first.is_uppercase() && word != "I" => {
                    first.to_lowercase().collect()
                }
                _ => word.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Per adjustment id: whether a declared measure's `adjustments` list names
/// it. Such an adjustment reaches only the measures that take it, never the
/// named ones (net income, operating income) the release may not adjust. A
/// group's tax effect or a noncontrolling share is claimed with the
/// adjustments it covers.
pub fn claimed(statement: &Statement, ids: &[&str], covers: &[&[String]]) -> Vec<bool> {
    let listed = |id: &str| {
        statement.measures.iter().any(|m| {
            m.adjustments
                .as_ref()
                .is_some_and(|list| list.iter().any(|(a, _)| a == id))
        })
    };
    ids.iter()
        .zip(covers)
        .map(|(id, covers)| {
            listed(id) || (!covers.is_empty() && covers.iter().all(|c| listed(c.as_str())))
        })
        .collect()
}

/// The fix for an empty name in `[presentation] measures`.
const EMPTY_NAME_HELP: &str =
    "remove the empty name from the list, or write the measure it stands for";

/// The non-GAAP measures the release publishes, in its order, where the
/// model says: `[presentation] measures`; or, where every adjustment belongs
/// to a declared measure's `adjustments` list, the declared measures and the
/// ratios over them, in file order. `None` where the model does not say: the
/// default reconciliation is then the bottom line and EPS.
pub fn release_measures(
    statement: &Statement,
    claimed: &[bool],
) -> Result<Option<Vec<NonGaapMeasure>>, Diagnostic> {
    let listed = &statement.presentation.labels.measures;
    if !listed.is_empty() {
        let mut chosen = Vec::new();
        for (at, name) in listed.iter().enumerate() {
            let site = crate::source::Site::new(&statement.site.file, name.span());
            // A name written twice is a mistake in the list, not a measure
            // printed twice: said, never dropped.
            if let Some(first) = listed[..at]
                .iter()
                .find(|n| n.get_ref().trim() == name.get_ref().trim())
            {
                let (line, column) = statement.site.file.line_col(first.span().start);
                return Err(Diagnostic::at(
                    &site,
                    format!("[presentation] measures names `{}` twice", name.get_ref()),
                )
                .note(format!("first named at line {line}, column {column}"))
                .help("name each measure once, in the order the release prints them"));
            }
            let not_a_measure = |d: Diagnostic| {
                let help = if name.get_ref().trim().is_empty() {
                    Some(EMPTY_NAME_HELP.to_string())
                } else {
                    d.help_text().map(str::to_string)
                };
                Diagnostic::at(
                    &site,
                    format!(
                        "[presentation] measures names `{}`, which is not a measure of the model",
                        name.get_ref()
                    ),
                )
                .maybe_help(help)
            };
            let measures =
                NonGaapMeasure::parse_list(std::slice::from_ref(name.get_ref()), statement)
                    .map_err(not_a_measure)?;
            for m in measures {
                if !chosen.contains(&m) {
                    chosen.push(m);
                }
            }
        }
        return Ok(Some(chosen));
    }
    if statement.measures.is_empty() || claimed.is_empty() || !claimed.iter().all(|&c| c) {
        return Ok(None);
    }
    let mut chosen: Vec<NonGaapMeasure> = (0..statement.measures.len())
        .map(NonGaapMeasure::Declared)
        .collect();
    chosen.extend(statement.ratios_over_measures().map(NonGaapMeasure::Ratio));
    Ok(Some(chosen))
}

/// Whether a block of `measure` (on `basis`, for a per-share block) is one
/// the release publishes, given its list.
pub fn is_published(
    list: &[NonGaapMeasure],
    measure: NonGaapMeasure,
    per_share: Option<bool>,
) -> bool {
    match (measure, per_share) {
        (NonGaapMeasure::NetIncome, Some(diluted)) => list.iter().any(|m| {
            *m == if diluted {
                NonGaapMeasure::EpsDiluted
            } else {
                NonGaapMeasure::EpsBasic
            }
        }),
        (NonGaapMeasure::Declared(i), Some(diluted)) => list.iter().any(|m| {
            *m == NonGaapMeasure::Declared(i)
                || *m
                    == if diluted {
                        NonGaapMeasure::DeclaredPerShare(i)
                    } else {
                        NonGaapMeasure::DeclaredPerBasicShare(i)
                    }
        }),
        (m, _) => list.contains(&m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_lower_words_but_keep_acronyms() {
        assert_eq!(
            caption_case("Total Operating Expenses"),
            "total operating expenses"
        );
        assert_eq!(
            caption_case("Research & development"),
            "research & development"
        );
        assert_eq!(caption_case("Adjusted EBITDA"), "adjusted EBITDA");
        assert_eq!(caption_case("Loss from Operations"), "loss from operations");
    }
}
