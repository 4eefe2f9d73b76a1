//! The catalogue of lint rules: each one's id, severity, what it checks,
//! what it cites and from when. Data only, below both the loading (which
//! checks the lints a file allows) and the lints themselves.

/// How a finding of a rule counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Exit 1.
    Error,
    /// Printed; exit 0 unless warnings are denied.
    Warning,
}

/// One rule: what it checks, what it cites, from when.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub checks: &'static str,
    pub cites: &'static str,
    /// ISO date from which the rule applies (the SEC's).
    pub from: &'static str,
    /// Under the CSA (NI 52-112): the date from which it applies there, or
    /// `None` where the rule is the SEC's alone.
    pub csa_from: Option<&'static str>,
}

/// NI 52-112, Non-GAAP and Other Financial Measures Disclosure, in force
/// for documents filed from this date.
const NI_52_112: Option<&str> = Some("2021-08-25");

impl Rule {
    /// The date from which the rule applies under a regulator, or `None`
    /// where that regulator has no such rule.
    pub fn from_under(&self, regulator: crate::raw::Regulator) -> Option<&'static str> {
        match regulator {
            crate::raw::Regulator::Sec => Some(self.from),
            crate::raw::Regulator::Csa => self.csa_from,
        }
    }
}

/// The lints of ../shared/RULES.md, NG001 to NG014, and NG015 and NG016,
/// plausibility checks that a real release may justify (and `allow`), and
/// NG018, forward-looking guidance (the outlook).
pub const RULES: [Rule; 18] = [
    Rule {
        id: "NG001",
        severity: Severity::Error,
        checks: "every non-GAAP measure is shown with its GAAP counterpart, GAAP first",
        cites: "Rule 100(a); Item 10(e)(1)(i)(A); C&DI 102.10(b)",
        from: "2003-03-28",
        csa_from: NI_52_112,
    },
    Rule {
        id: "NG002",
        severity: Severity::Error,
        checks: "each reconciliation foots exactly before rounding (amounts and per share)",
        cites: "Rule 100(a)",
        from: "2003-03-28",
        csa_from: NI_52_112,
    },
    Rule {
        id: "NG003",
        severity: Severity::Error,
        checks: "an adjustment described as non-recurring, infrequent or unusual while a similar item occurs within two years",
        cites: "Item 10(e)(1)(ii)(B); C&DI 102.03",
        from: "2003-03-28",
        csa_from: None,
    },
    Rule {
        id: "NG004",
        severity: Severity::Error,
        checks: "a per-share figure for a liquidity measure (free cash flow, cash flow, EBIT, EBITDA)",
        cites: "C&DI 102.05, 102.07, 103.02",
        from: "2010-01-15",
        csa_from: None,
    },
    Rule {
        id: "NG005",
        severity: Severity::Error,
        checks: "a liquidity measure that excludes a cash-settled charge",
        cites: "Item 10(e)(1)(ii)(A)",
        from: "2003-03-28",
        csa_from: None,
    },
    Rule {
        id: "NG006",
        severity: Severity::Error,
        checks: "a non-GAAP label equal to a GAAP caption, or not identifying itself as non-GAAP or adjusted",
        cites: "Item 10(e)(1)(ii)(E); C&DI 100.05",
        from: "2003-03-28",
        csa_from: NI_52_112,
    },
    Rule {
        id: "NG007",
        severity: Severity::Error,
        checks: "an adjustment with no rationale (why management finds the measure useful)",
        cites: "Item 10(e)(1)(i)(C)",
        from: "2003-03-28",
        csa_from: NI_52_112,
    },
    Rule {
        id: "NG008",
        severity: Severity::Warning,
        checks: "charges of a kind excluded while gains of the same kind stay in (or the reverse)",
        cites: "C&DI 100.03",
        from: "2016-05-17",
        csa_from: None,
    },
    Rule {
        id: "NG009",
        severity: Severity::Warning,
        checks: "an adjustment applied in some presented periods but not in another where its line is non-zero",
        cites: "C&DI 100.02",
        from: "2016-05-17",
        csa_from: None,
    },
    Rule {
        id: "NG010",
        severity: Severity::Error,
        checks: "an adjustment that adds an amount GAAP does not report (individually tailored)",
        cites: "C&DI 100.04",
        from: "2016-05-17",
        csa_from: None,
    },
    Rule {
        id: "NG011",
        severity: Severity::Error,
        checks: "adjustments presented net of tax, or a tax effect that is not its own explained row",
        cites: "C&DI 102.11",
        from: "2016-05-17",
        csa_from: None,
    },
    Rule {
        id: "NG012",
        severity: Severity::Warning,
        checks: "a normal, recurring, cash operating expense excluded",
        cites: "C&DI 100.01",
        from: "2016-05-17",
        csa_from: None,
    },
    Rule {
        id: "NG013",
        severity: Severity::Error,
        checks: "a full non-GAAP income statement (most GAAP lines re-presented as non-GAAP in one table)",
        cites: "C&DI 102.10(c)",
        from: "2022-12-13",
        csa_from: None,
    },
    Rule {
        id: "NG014",
        severity: Severity::Warning,
        checks: "a tax effect at a rate not commensurate with the measure (a rate on a non-GAAP result of the other sign)",
        cites: "C&DI 102.11",
        from: "2016-05-17",
        csa_from: None,
    },
    Rule {
        id: "NG015",
        severity: Severity::Warning,
        checks: "a stated tax effect of the same sign as the pre-tax effect it taxes, larger than it, or on nothing (a possible sign slip; a released valuation allowance or a long-term rate can justify it)",
        cites: "C&DI 102.11",
        from: "2003-03-28",
        csa_from: Some("2003-03-28"),
    },
    Rule {
        id: "NG016",
        severity: Severity::Warning,
        checks: "an adjustment whose effect contradicts its nature: a gain whose exclusion raises the measure, or a charge whose exclusion lowers it (a possible sign slip)",
        cites: "Rule 100(b)",
        from: "2003-03-28",
        csa_from: Some("2003-03-28"),
    },
    Rule {
        id: "NG017",
        severity: Severity::Error,
        checks: "a reconciliation printed from the non-GAAP figure to GAAP (`[presentation] bridge = \"non-gaap-first\"`): GAAP comes first, with equal or greater prominence",
        cites: "C&DI 102.10(b)",
        from: "2010-01-15",
        csa_from: None,
    },
    Rule {
        id: "NG018",
        severity: Severity::Error,
        checks: "forward-looking guidance that gives a non-GAAP figure without its GAAP counterpart and without the statement that it cannot be estimated without unreasonable effort",
        cites: "Item 10(e)(1)(i)(B); C&DI 102.10",
        from: "2003-03-28",
        csa_from: None,
    },
];
