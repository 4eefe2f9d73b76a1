//! Measures: the figures a reconciliation presents, GAAP first and then
//! non-GAAP, and where each sits in the statement model. Which measures an
//! adjustment moves follows from the roll-ups, never from a list.

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::model::statement::{LineId, Statement};
use crate::raw::Measure;
use crate::suggest;

/// A figure reconciled from GAAP to non-GAAP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NonGaapMeasure {
    Revenue,
    /// Gross profit, with gross margin as a percentage of revenue.
    GrossProfit,
    /// Total cost of revenues and operating expenses.
    CostsAndExpenses,
    OperatingExpenses,
    OperatingIncome,
    PretaxIncome,
    /// Income (loss) from continuing operations, after tax.
    ContinuingIncome,
    NetIncome,
    EpsBasic,
    EpsDiluted,
}

/// Names accepted by `--measure`, each with what it selects.
const NAMES: [(&str, &[NonGaapMeasure]); 11] = [
    ("revenue", &[NonGaapMeasure::Revenue]),
    ("gross-profit", &[NonGaapMeasure::GrossProfit]),
    ("costs-and-expenses", &[NonGaapMeasure::CostsAndExpenses]),
    ("operating-expenses", &[NonGaapMeasure::OperatingExpenses]),
    ("operating-income", &[NonGaapMeasure::OperatingIncome]),
    ("pretax-income", &[NonGaapMeasure::PretaxIncome]),
    ("continuing-income", &[NonGaapMeasure::ContinuingIncome]),
    ("net-income", &[NonGaapMeasure::NetIncome]),
    (
        "eps",
        &[NonGaapMeasure::EpsBasic, NonGaapMeasure::EpsDiluted],
    ),
    ("eps-basic", &[NonGaapMeasure::EpsBasic]),
    ("eps-diluted", &[NonGaapMeasure::EpsDiluted]),
];

/// What a reconciliation shows when no measure is named: net income (loss)
/// and net income (loss) per diluted share.
pub const DEFAULT_MEASURES: [NonGaapMeasure; 2] =
    [NonGaapMeasure::NetIncome, NonGaapMeasure::EpsDiluted];

impl NonGaapMeasure {
    /// Reads `--measure gross-profit,eps`, in the order given, without
    /// repeats; an unknown name is an error listing the names.
    pub fn parse_list(spec: &str) -> Result<Vec<NonGaapMeasure>, Diagnostic> {
        let mut chosen = Vec::new();
        for name in spec.split(',').map(str::trim) {
            if name.is_empty() {
                return Err(Diagnostic::new(format!("empty measure name in `--measure {spec}`"))
                    .help("separate measure names with single commas, such as --measure net-income,eps"));
            }
            let Some((_, measures)) = NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(name))
            else {
                let names: Vec<&str> = NAMES.iter().map(|(n, _)| *n).collect();
                return Err(Diagnostic::new(format!("unknown measure `{name}`"))
                    .note(format!("measures: {}", names.join(", ")))
                    .maybe_help(suggest::did_you_mean(name, names.iter().copied())));
            };
            for measure in measures.iter() {
                if !chosen.contains(measure) {
                    chosen.push(*measure);
                }
            }
        }
        Ok(chosen)
    }

    /// The measure as a row label reads it: "GAAP gross profit".
    pub fn label(self) -> &'static str {
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
        }
    }

    pub fn is_per_share(self) -> bool {
        matches!(self, NonGaapMeasure::EpsBasic | NonGaapMeasure::EpsDiluted)
    }

    /// After tax: the income-tax effect of the adjustments belongs to it.
    pub fn after_tax(self) -> bool {
        matches!(
            self,
            NonGaapMeasure::NetIncome
                | NonGaapMeasure::ContinuingIncome
                | NonGaapMeasure::EpsBasic
                | NonGaapMeasure::EpsDiluted
        )
    }

    /// The line items whose sum is the measure, each with +1 or -1: one line
    /// for most; cost of revenues plus operating expenses where the statement
    /// prints no total of the two. An error names the missing tag.
    pub fn terms(self, statement: &Statement) -> Result<Vec<(LineId, Decimal)>, Diagnostic> {
        let tagged = |tag: Measure| {
            statement.measure_line(tag).ok_or_else(|| {
                Diagnostic::in_file(
                    statement.site.file.path(),
                    format!("no line item is tagged measure = \"{}\"", tag_name(tag)),
                )
                .help(format!(
                    "tag the line that holds {} with measure = \"{}\" to reconcile it",
                    self.label(),
                    tag_name(tag)
                ))
            })
        };
        let one = |tag| tagged(tag).map(|line| vec![(line, Decimal::ONE)]);
        match self {
            NonGaapMeasure::Revenue => one(Measure::Revenue),
            NonGaapMeasure::GrossProfit => one(Measure::GrossProfit),
            NonGaapMeasure::CostsAndExpenses => {
                match statement.measure_line(Measure::CostsAndExpenses) {
                    Some(line) => Ok(vec![(line, Decimal::ONE)]),
                    None => Ok(vec![
                        (tagged(Measure::CostOfRevenues)?, Decimal::ONE),
                        (tagged(Measure::OperatingExpenses)?, Decimal::ONE),
                    ]),
                }
            }
            NonGaapMeasure::OperatingExpenses => one(Measure::OperatingExpenses),
            NonGaapMeasure::OperatingIncome => one(Measure::OperatingIncome),
            NonGaapMeasure::PretaxIncome => one(Measure::PretaxIncome),
            NonGaapMeasure::ContinuingIncome => one(Measure::ContinuingIncome),
            NonGaapMeasure::NetIncome | NonGaapMeasure::EpsBasic | NonGaapMeasure::EpsDiluted => {
                one(Measure::NetIncome)
            }
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eps_selects_basic_and_diluted_in_order_without_repeats() {
        let chosen = NonGaapMeasure::parse_list("gross-profit, eps,eps-diluted").unwrap();
        assert_eq!(
            chosen,
            [
                NonGaapMeasure::GrossProfit,
                NonGaapMeasure::EpsBasic,
                NonGaapMeasure::EpsDiluted
            ]
        );
    }

    #[test]
    fn a_misspelled_measure_gets_a_suggestion() {
        let error = NonGaapMeasure::parse_list("gross-proft")
            .unwrap_err()
            .to_string();
        assert!(error.contains("did you mean `gross-profit`?"), "{error}");
    }
}
