//! `reconcile`: reconciles non-GAAP measures to GAAP from declarative files.
//!
//! The pipeline, top to bottom:
//!
//! ```text
//! files (TOML text)      source      path + text; byte span -> line:column
//!   -> raw serde structs raw         mirrors of the files, spans on names and amounts
//!   -> validated model   load, model statement, line items, periods, adjustments
//!   -> tie-out           tieout      totals foot
//!   -> engine            engine      model + adjustments + periods -> reconciliation
//!   -> table             report      rows and columns once; rendered as text
//!   -> commands          command     one module per command: options -> outcome
//!   -> command line      cli         arguments -> a command (exit code: the outcome's)
//! ```
//!
//! Validation and the engine never print; only the binary does.
#![forbid(unsafe_code)]

pub mod cli;
pub mod command;
pub mod diagnostic;
pub mod engine;
pub mod explain;
pub mod import;
pub mod init;
pub mod known;
pub mod lint;
pub mod lint_rules;
pub mod load;
pub mod model;
pub mod number;
pub mod outlook;
pub mod periods;
pub mod precision;
pub mod prose;
pub mod published;
pub mod raw;
pub mod reference;
pub mod report;
pub mod rounding;
pub mod schema;
pub mod source;
pub mod suggest;
pub mod tieout;
pub mod version;
pub mod view;
pub mod withhold;
pub mod xbrl;
