//! Integration tests: one binary, a module per area. Snapshots live in the
//! top-level `snapshots/` folder; fixtures in `tests/fixtures/<case>/`.

mod adjusted;
mod atg_engine;
mod browser;
mod cli;
mod errors;
mod fixtures;
mod hostile;
mod html;
mod init;
mod keys;
mod lints;
mod measures;
mod oracle;
mod outlook;
mod outputs;
mod presentation;
mod properties;
mod properties_measures;
mod prose;
mod published;
mod releases;
mod review;
mod robustness;
mod rounding_props;
mod rounding_ranges;
mod schema;
mod segments;
mod shipped;
mod stated;
mod subtotals;
mod suggestions;
mod support;
mod taxes_shares;
mod withhold;
mod xbrl;
