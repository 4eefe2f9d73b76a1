//! `reconcile init`: the files of a new data repository, as text. A
//! commented statements skeleton that passes `reconcile check` as written,
//! an example adjustment to copy, the schemas an editor reads them with, a
//! README for the team, a `.gitignore`, and CI jobs for GitHub and GitLab.
//! Nothing here touches the disk: the command line writes the files, never
//! over an existing one.

use std::path::PathBuf;

use crate::model::{Date, PeriodSpan, Units};

/// What `init` fills the skeleton with.
#[derive(Debug, Clone)]
pub struct Options {
    /// The entity's file name and, capitalised, its name.
    pub entity: String,
    /// Month and day the fiscal year ends.
    pub fiscal_year_end: (u32, u32),
    pub units: Units,
    /// Today, for the skeleton's period and release date.
    pub today: Date,
}

/// The files of a new data repository: relative path and text.
pub fn files(options: &Options) -> Vec<(PathBuf, String)> {
    let (period_id, start, end) = skeleton_period(options);
    vec![
        (
            PathBuf::from("statements").join(format!("{}.toml", options.entity)),
            statements(options, &period_id, start, end),
        ),
        (
            PathBuf::from("adjustments/example.toml.example"),
            example_adjustment(&period_id),
        ),
        (
            PathBuf::from("schemas/statements.schema.json"),
            crate::schema::statements(),
        ),
        (
            PathBuf::from("schemas/adjustment.schema.json"),
            crate::schema::adjustment(),
        ),
        (PathBuf::from("README.md"), readme(options, &period_id)),
        (
            PathBuf::from(".gitignore"),
            "/target/\n*.snap.new\n".to_string(),
        ),
        (
            PathBuf::from(".github/workflows/reconcile.yml"),
            ci_file(GITHUB),
        ),
        (PathBuf::from(".gitlab-ci.yml"), ci_file(GITLAB)),
    ]
}

/// The last complete fiscal quarter before today: its id, start and end.
fn skeleton_period(options: &Options) -> (String, Date, Date) {
    let (fye_month, _) = options.fiscal_year_end;
    // Quarter ends fall three months apart from the fiscal year's end.
    let today = options.today;
    let mut year = today.year;
    let mut month = fye_month;
    // Walk back from the fiscal year end after today to the last quarter
    // end before it.
    let month_end = |year: i32, month: u32| Date {
        year,
        month,
        day: crate::raw::days_in_month(year, month),
    };
    if month_end(year, month) >= today {
        year -= 1;
    }
    let mut end = month_end(year, month);
    for _ in 0..4 {
        let (next_year, next_month) = if month + 3 > 12 {
            (year + 1, month + 3 - 12)
        } else {
            (year, month + 3)
        };
        let candidate = month_end(next_year, next_month);
        if candidate >= today {
            break;
        }
        year = next_year;
        month = next_month;
        end = candidate;
    }
    let (start_year, start_month) = if month <= 2 {
        (year - 1, month + 10)
    } else {
        (year, month - 2)
    };
    let start = Date {
        year: start_year,
        month: start_month,
        day: 1,
    };
    let span = PeriodSpan::Duration { start, end };
    let id = span
        .key(options.fiscal_year_end)
        .describe(options.fiscal_year_end);
    (id, start, end)
}

fn units_word(units: Units) -> &'static str {
    match units {
        Units::Units => "units",
        Units::Thousands => "thousands",
        Units::Millions => "millions",
    }
}

/// The statements skeleton: a header saying what the file is, the
/// entity, the line items of an income statement, and one period of
/// figures that tie, so it passes `reconcile check` as written.
fn statements(options: &Options, period_id: &str, start: Date, end: Date) -> String {
    let name = display_name(&options.entity);
    [
        statements_header(&name),
        entity_section(options, &name),
        LINE_ITEMS_SECTION.to_string(),
        period_section(period_id, start, end),
    ]
    .concat()
}

/// The entity's file name, capitalised, as its name.
fn display_name(entity: &str) -> String {
    let mut chars = entity.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
        None => String::new(),
    }
}

/// The skeleton's opening comments: its schema and what the file holds.
fn statements_header(name: &str) -> String {
    format!(
        r#"#:schema ../schemas/statements.schema.json
# The GAAP statements of {name}, transcribed from its earnings release.
# One file per entity. Line items are declared once; each [[period]] block gives
# the figures of one period. `reconcile check` ties the file out.
# Amounts are integers or quoted decimals ("12.5"), never floats; a printed "-"
# is 0; parentheses are a minus sign.

"#
    )
}

/// The skeleton's `[entity]`: name, fiscal year end, units, release date.
fn entity_section(options: &Options, name: &str) -> String {
    let (m, d) = options.fiscal_year_end;
    format!(
        r#"[entity]
name = "{name}"                 # as the release prints it
fiscal_year_end = "{m:02}-{d:02}"          # month-day the fiscal year ends
units = "{units}"              # money amounts: "units", "thousands" or "millions"
# share_units = "units"        # share counts, when not in the money's units
release_date = {today}         # the release's date: the SEC's rules of that date apply
# source = "Exhibit 99.1 of the Form 8-K of ..."   # where the figures come from

"#,
        units = units_word(options.units),
        today = options.today,
    )
}

/// The skeleton's line items: an income statement from revenue to net
/// income, each rolling up to its total.
const LINE_ITEMS_SECTION: &str = r#"# Line items, in the order the release prints them. `rolls_up_to` names the
# total a line is a component of; `sign = "subtract"` when it is subtracted;
# `measure` tags the lines the tool must find (revenue, net income...).

[[line_item]]
id = "revenue"                  # a stable id, used by adjustments
label = "Revenue"               # as printed
statement = "operations"        # "operations", "balance-sheet" or "cash-flow"
rolls_up_to = "gross_profit"
measure = "revenue"

[[line_item]]
id = "cost_of_revenue"
label = "Cost of revenue"
statement = "operations"
rolls_up_to = "gross_profit"
sign = "subtract"               # enters its total with a minus sign
measure = "cost-of-revenues"

[[line_item]]
id = "gross_profit"
label = "Gross profit"
statement = "operations"
rolls_up_to = "operating_income"
measure = "gross-profit"

[[line_item]]
id = "operating_expenses"
label = "Operating expenses"
statement = "operations"
rolls_up_to = "operating_income"
sign = "subtract"
measure = "operating-expenses"

[[line_item]]
id = "operating_income"
label = "Operating income"
statement = "operations"
rolls_up_to = "pretax_income"
measure = "operating-income"

[[line_item]]
id = "other_income"
label = "Other income, net"
statement = "operations"
rolls_up_to = "pretax_income"

[[line_item]]
id = "pretax_income"
label = "Income before income taxes"
statement = "operations"
rolls_up_to = "net_income"
measure = "pretax-income"

[[line_item]]
id = "income_tax"
label = "Provision for income taxes"
statement = "operations"
rolls_up_to = "net_income"
sign = "subtract"
measure = "income-tax"          # the line income-tax effects of adjustments land on

[[line_item]]
id = "net_income"
label = "Net income"
statement = "operations"
measure = "net-income"          # the bottom line

"#;

/// The skeleton's one `[[period]]`, with values, shares and EPS that tie.
fn period_section(period_id: &str, start: Date, end: Date) -> String {
    format!(
        r#"[[period]]
id = "{period_id}"              # must agree with the dates, in the fiscal calendar
kind = "duration"               # a flow from start to end; "instant" for a balance sheet date
start = {start}
end = {end}
# header = "Three Months Ended ..."   # as the release prints it; from the dates when absent

[period.values]                 # every line as printed, totals included
revenue = 1000
cost_of_revenue = 400
gross_profit = 600
operating_expenses = 450
operating_income = 150
other_income = 10
pretax_income = 160
income_tax = 40
net_income = 120

[period.shares]                 # weighted average shares, in share units
basic = 100
diluted = 105

[period.eps]                    # per share, in dollars, as printed
basic = "1.20"
diluted = "1.14"
"#
    )
}

fn example_adjustment(period_id: &str) -> String {
    format!(
        r#"#:schema ../schemas/adjustment.schema.json
# An example adjustment. Copy it to a file ending in .toml (one file per
# adjustment, such as restructuring.toml), change it to what the release
# excludes, and `reconcile --period {period_id}` prints the reconciliation.

id = "restructuring"            # a stable id
label = "Restructuring"         # the row label in the reconciliation
kind = "exclude-amounts"        # amounts inside a line; "exclude-line" takes a whole line
rationale = """
Why management excludes it and how it uses the measure: printed as a footnote."""
nature = "charge"               # "charge", "gain" or "mixed"
recurring = false               # similar items in the prior two years, or likely in the next two
cash = true                     # settled in cash

[[exclude]]
line = "operating_expenses"     # the line the amount sits in
amounts = {{ "{period_id}" = 40 }}   # with the line's own sign; one per period it applies to

[tax]                           # always explicit
treatment = "rate"              # or "nil" with a reason, or "amounts" per period
rate = "0.25"                   # a fraction of the pre-tax amount
"#
    )
}

fn readme(options: &Options, period_id: &str) -> String {
    format!(
        r#"# Non-GAAP reconciliation data: {entity}

This repository holds the GAAP statements (`statements/{entity}.toml`) and the
non-GAAP adjustments (`adjustments/*.toml`, one file per adjustment) that
`reconcile` turns into the release's reconciliation tables.

## Commands

```sh
reconcile check                      # tie the statements out; check the SEC's rules
reconcile --period {period_id}        # the reconciliation of a period
reconcile matrix --period {period_id} # the adjusted statement as a matrix
reconcile lint                       # the SEC's non-GAAP rules of the release's date
reconcile statements                 # the release's own tables, from the model
```

## The review loop

1. Transcribe the quarter into `statements/{entity}.toml` and run `reconcile check`.
2. Add or change an adjustment in `adjustments/` (start from
   `adjustments/example.toml.example`), run `reconcile check` and
   `reconcile --period ...`.
3. Run `reconcile snapshot`: it rewrites `reconciled/figures.txt`, one
   figure per line. Commit it with the change.
4. Open a pull request. Its diff shows every figure that moved, beside the
   change that moved it; `reconcile diff main` lists them with the changed
   lines. CI (`.github/workflows/reconcile.yml` or `.gitlab-ci.yml`) posts
   that list as a comment on the pull request (updated on each push), then
   runs `reconcile check`, `reconcile lint` and `reconcile snapshot --check`.
   On GitLab the note needs a project access token in the CI/CD variable
   `RECONCILE_NOTE_TOKEN` (see the top of `.gitlab-ci.yml`).

## Editing

Each file's first line (`#:schema ../schemas/...`) names its JSON Schema in
`schemas/`: with taplo or VS Code's Even Better TOML, the editor completes
keys and values, explains each key on hover, and flags a misspelt key. After
upgrading `reconcile`, refresh the schemas:

```sh
reconcile schema statements > schemas/statements.schema.json
reconcile schema adjustment > schemas/adjustment.schema.json
```
"#,
        entity = options.entity,
    )
}

/// The first line of the comment `diff` posts: the job finds its own
/// earlier comment by it and updates it rather than adding another.
pub const COMMENT_MARKER: &str = "<!-- reconcile diff -->";

/// Where the released binaries are published, Cargo.toml's `repository`:
/// a release's files are under `{REPOSITORY}/releases/download/v{VERSION}/`,
/// named as cargo-dist names them (`[workspace.metadata.dist]` in Cargo.toml).
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// A CI file as written: pinned to the version of `reconcile` that writes
/// it, which installs that release's prebuilt binary (no compiler in the
/// team's CI), and to its repository.
fn ci_file(template: &str) -> String {
    template
        .replace("@VERSION@", crate::version::TOOL)
        .replace("@REPOSITORY@", REPOSITORY)
}

const GITHUB: &str = r#"# Checks the statements and adjustments on every pull request, and posts the
# figures that moved as a comment on it (updated on each push, not repeated).
name: reconcile
on:
  pull_request:
  push:
    branches: [main]
permissions:
  contents: read
  # The comment. A pull request from a fork gets a read-only token: there
  # the comment step says so and the checks still run.
  pull-requests: write
jobs:
  check:
    runs-on: ubuntu-latest
    env:
      # The release of reconcile that wrote this file. To upgrade, change it
      # (and refresh schemas/, see README.md).
      RECONCILE_VERSION: "@VERSION@"
    steps:
      - uses: actions/checkout@v4
        with:
          # `reconcile diff` reads the base revision through git.
          fetch-depth: 0
      # The release's prebuilt binary for Linux x86_64: no compiler. To build
      # it from source instead (a Rust toolchain, several minutes), replace
      # this step's script with
      #   cargo install --locked --git @REPOSITORY@ --tag v$RECONCILE_VERSION reconcile
      - name: Install reconcile
        run: |
          set -eu
          mkdir -p "$HOME/.local/bin"
          curl --proto '=https' --tlsv1.2 --fail --silent --show-error --location \
            "@REPOSITORY@/releases/download/v$RECONCILE_VERSION/reconcile-x86_64-unknown-linux-gnu.tar.gz" \
            | tar -xz -C "$HOME/.local/bin" --strip-components=1 reconcile-x86_64-unknown-linux-gnu/reconcile
          echo "$HOME/.local/bin" >> "$GITHUB_PATH"
          "$HOME/.local/bin/reconcile" --version
      - name: Comment the figures that moved
        if: github.event_name == 'pull_request'
        continue-on-error: true
        env:
          GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}
          BASE: ${{ github.event.pull_request.base.sha }}
          PR: ${{ github.event.pull_request.number }}
        run: |
          set -eu
          # Exit 1 only says figures moved or a side has findings.
          {
            echo '<!-- reconcile diff -->'
            reconcile diff "$BASE" HEAD --format markdown || [ $? -eq 1 ]
          } > reconcile-comment.md
          ids=$(gh api --paginate "repos/$GITHUB_REPOSITORY/issues/$PR/comments" \
            --jq '.[] | select(.body | startswith("<!-- reconcile diff -->")) | .id')
          set -- $ids
          if [ -n "${1:-}" ]; then
            gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$1" -F body=@reconcile-comment.md > /dev/null
          else
            gh api --method POST "repos/$GITHUB_REPOSITORY/issues/$PR/comments" -F body=@reconcile-comment.md > /dev/null
          fi
      - name: Tie out and check the SEC's rules
        run: reconcile check
      - name: Lint
        run: reconcile lint
      - name: The committed figures are up to date
        run: reconcile snapshot --check
"#;

const GITLAB: &str = r#"# Checks the statements and adjustments on every merge request, and posts the
# figures that moved as a note on it (updated on each push, not repeated).
#
# The note needs a token that may write notes: CI_JOB_TOKEN may not. Create a
# project access token (Settings > Access tokens; role Reporter, scope `api`)
# and store it as the masked CI/CD variable RECONCILE_NOTE_TOKEN. Without it
# the job skips the note and still runs the checks.
reconcile:
  # No compiler: the job installs the release's prebuilt binary (Linux x86_64).
  image: debian:stable-slim
  variables:
    # The release of reconcile that wrote this file. To upgrade, change it
    # (and refresh schemas/, see README.md).
    RECONCILE_VERSION: "@VERSION@"
    # `reconcile diff` reads the base revision through git.
    GIT_DEPTH: 0
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
    - apt-get update -qq && apt-get install -y -qq --no-install-recommends ca-certificates curl git jq > /dev/null
    # To build reconcile from source instead (a Rust toolchain, several
    # minutes), use the image rust:latest and replace the next script line with
    #   cargo install --locked --git @REPOSITORY@ --tag v$RECONCILE_VERSION reconcile
    - |
      curl --proto '=https' --tlsv1.2 --fail --silent --show-error --location \
        "@REPOSITORY@/releases/download/v$RECONCILE_VERSION/reconcile-x86_64-unknown-linux-gnu.tar.gz" \
        | tar -xz -C /usr/local/bin --strip-components=1 reconcile-x86_64-unknown-linux-gnu/reconcile
    - reconcile --version
    - |
      post_note() {
        # Exit 1 only says figures moved or a side has findings.
        {
          echo '<!-- reconcile diff -->'
          reconcile diff "$CI_MERGE_REQUEST_DIFF_BASE_SHA" HEAD --format markdown || [ $? -eq 1 ]
        } > reconcile-comment.md || return 1
        notes="$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes"
        id=$(curl --fail --silent --header "PRIVATE-TOKEN: $RECONCILE_NOTE_TOKEN" "$notes?per_page=100&sort=asc" \
          | jq -r '[.[] | select(.body | startswith("<!-- reconcile diff -->"))][0].id // empty') || return 1
        if [ -n "$id" ]; then
          curl --fail --silent --request PUT --header "PRIVATE-TOKEN: $RECONCILE_NOTE_TOKEN" \
            --data-urlencode "body@reconcile-comment.md" "$notes/$id" > /dev/null
        else
          curl --fail --silent --request POST --header "PRIVATE-TOKEN: $RECONCILE_NOTE_TOKEN" \
            --data-urlencode "body@reconcile-comment.md" "$notes" > /dev/null
        fi
      }
      if [ "$CI_PIPELINE_SOURCE" = "merge_request_event" ]; then
        if [ -z "${RECONCILE_NOTE_TOKEN:-}" ]; then
          echo "RECONCILE_NOTE_TOKEN is not set: no note (see the top of .gitlab-ci.yml)"
        else
          post_note || echo "could not post the note: check RECONCILE_NOTE_TOKEN"
        fi
      fi
    - reconcile check
    - reconcile lint
    - reconcile snapshot --check
"#;
