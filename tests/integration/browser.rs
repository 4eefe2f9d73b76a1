//! The HTML exhibit in a real browser. Headless Chromium lays the exhibit
//! out at the width EDGAR displays (1024 px) and takes a screenshot of it
//! (kept under the target folder, `browser/*.png`, for a person to look
//! at); a copy of the exhibit with a measuring script appended (the test's,
//! never the product's) writes where each piece of text landed, and the
//! test reads the figures back from those positions: each under its own
//! column heading, right-aligned with the rest of its column, its closing
//! parenthesis hanging to the right, the page no wider than the window.
//!
//! Chromium is looked for at /usr/bin/chromium and as `chromium` or
//! `chromium-browser` on the PATH. Without one the tests say plainly that
//! they skipped and pass, except where `CI` is set: there they fail, since
//! `.ci/run` installs Chromium and the check must run.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::support::run;

/// The width EDGAR's viewer gives an exhibit, as a window width.
const WIDTH: u32 = 1024;
/// A browser run that has not finished by then is killed and the test fails.
const TIMEOUT: Duration = Duration::from_secs(30);
/// How far a closing parenthesis may end short of its heading's right edge:
/// it hangs in a cell of 8pt (10.7 px) that also holds a percent sign, and
/// is itself about 4.4 px wide.
const HANG: f64 = 8.0;
/// How far a column's figures may end short of its heading's right edge:
/// the hanging cell, 8pt or as wide as a percent sign (about 11 px).
const HANG_CELL: f64 = 14.0;
/// Pixel positions of text that should line up.
const EPS: f64 = 0.5;

/// Appended to the test's copy of the exhibit: measures every table (each
/// heading cell, and each non-empty cell's text: its extent, where its last
/// digit ends, the rules the cell is drawn with) and the
/// page's widths, and writes them as JSON into `<pre id="result">` for
/// `--dump-dom` to print. Measured before the `<pre>` is added.
const MEASURE: &str = r#"
(function () {
  function clean(s) { return s.replace(/\s+/g, ' ').trim(); }
  function text(cell) {
    var t = clean(cell.innerText);
    if (!t) return null;
    var range = document.createRange();
    range.selectNodeContents(cell);
    var b = range.getBoundingClientRect();
    var digit = null;
    var walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (var n = walk.nextNode(); n; n = walk.nextNode()) {
      for (var k = n.data.length - 1; k >= 0; k--) {
        if (/[0-9]/.test(n.data[k])) {
          var d = document.createRange();
          d.setStart(n, k);
          d.setEnd(n, k + 1);
          digit = d.getBoundingClientRect().right;
          break;
        }
      }
    }
    var style = getComputedStyle(cell);
    return { text: t, left: b.left, right: b.right, digits_right: digit,
             top_rule: style.borderTopStyle, bottom_rule: style.borderBottomStyle };
  }
  var root = document.documentElement;
  var result = { scroll_width: root.scrollWidth, client_width: root.clientWidth,
                 scroll_height: root.scrollHeight, tables: [] };
  var tables = document.getElementsByTagName('table');
  for (var t = 0; t < tables.length; t++) {
    var rows = tables[t].rows;
    var headings = [];
    for (var i = 1; i < rows[0].cells.length; i++) {
      var b = rows[0].cells[i].getBoundingClientRect();
      headings.push({ text: clean(rows[0].cells[i].innerText), left: b.left, right: b.right });
    }
    var out = [];
    for (var r = 1; r < rows.length; r++) {
      var texts = [];
      for (var c = 1; c < rows[r].cells.length; c++) {
        var x = text(rows[r].cells[c]);
        if (x) texts.push(x);
      }
      out.push({ label: clean(rows[r].cells[0].innerText), texts: texts });
    }
    var title = [];
    var p = tables[t].previousElementSibling;
    while (p && p.tagName === 'P') { title.unshift(clean(p.innerText)); p = p.previousElementSibling; }
    result.tables.push({ title: title, headings: headings, rows: out });
  }
  var pre = document.createElement('pre');
  pre.id = 'result';
  pre.textContent = JSON.stringify(result);
  document.body.appendChild(pre);
})();
"#;

#[derive(Deserialize, Debug)]
struct Layout {
    scroll_width: f64,
    client_width: f64,
    scroll_height: f64,
    tables: Vec<Table>,
}

#[derive(Deserialize, Debug)]
struct Table {
    title: Vec<String>,
    headings: Vec<Heading>,
    rows: Vec<Row>,
}

#[derive(Deserialize, Debug)]
struct Heading {
    text: String,
    left: f64,
    right: f64,
}

#[derive(Deserialize, Debug)]
struct Row {
    label: String,
    texts: Vec<Text>,
}

#[derive(Deserialize, Debug, Clone)]
struct Text {
    text: String,
    left: f64,
    right: f64,
    /// Where the last digit ends, if there is one.
    digits_right: Option<f64>,
    top_rule: String,
    bottom_rule: String,
}

impl Text {
    /// What hangs to the right of a figure, or a dollar sign to its left.
    fn is_hang(&self) -> bool {
        [")", "%", "%)"].contains(&self.text.as_str())
    }
    fn is_dollar(&self) -> bool {
        self.text == "$"
    }
    /// Where a figure's digits end, or a word (`n/a`, `-`) ends.
    fn edge(&self) -> f64 {
        self.digits_right.unwrap_or(self.right)
    }
}

impl Table {
    fn heading(&self, text: &str) -> usize {
        self.headings
            .iter()
            .position(|h| h.text == text)
            .unwrap_or_else(|| panic!("no heading {text:?} in {:?}", self.headings))
    }

    fn row(&self, label: &str) -> &Row {
        self.rows
            .iter()
            .find(|r| r.label == label)
            .unwrap_or_else(|| panic!("no row {label:?} in {:?}", self.title))
    }

    /// The texts of a row that sit under heading `col`, left to right, by
    /// where the browser put them (the middle of each within the heading).
    fn under(&self, row: &Row, col: usize) -> Vec<Text> {
        let h = &self.headings[col];
        let mut texts: Vec<Text> = row
            .texts
            .iter()
            .filter(|t| (h.left..=h.right).contains(&((t.left + t.right) / 2.0)))
            .cloned()
            .collect();
        texts.sort_by(|a, b| a.left.total_cmp(&b.left));
        texts
    }

    /// A row's figure under heading `col` as the page reads: `$(5,172)`.
    fn read(&self, label: &str, col: usize) -> String {
        self.under(self.row(label), col)
            .iter()
            .map(|t| t.text.as_str())
            .collect()
    }
}

impl Layout {
    fn table(&self, title: &str) -> &Table {
        self.tables
            .iter()
            .find(|t| t.title.iter().any(|l| l == title))
            .unwrap_or_else(|| panic!("no table titled {title:?}"))
    }
}

/// Where Chromium was looked for, and the first found.
fn chromium() -> (Vec<PathBuf>, Option<PathBuf>) {
    let mut places = vec![PathBuf::from("/usr/bin/chromium")];
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            places.extend(["chromium", "chromium-browser"].map(|name| dir.join(name)));
        }
    }
    let found = places.iter().find(|p| p.is_file()).cloned();
    (places, found)
}

/// The browser, or `None` after saying plainly that the test skipped; with
/// `CI` set a missing browser fails the test instead.
#[allow(clippy::print_stderr)] // a skipped browser test says so
fn browser(test: &str) -> Option<PathBuf> {
    let (places, found) = chromium();
    if found.is_some() {
        return found;
    }
    let looked: Vec<String> = places.iter().map(|p| p.display().to_string()).collect();
    let looked = looked.join(", ");
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: CI is set and no chromium found at {looked}; .ci/run installs it \
         (apt-get install chromium) so the HTML exhibit is checked in a browser"
    );
    eprintln!("skipped: no chromium found at {looked}; {test} was not checked in a browser");
    None
}

/// A `file://` URL for a path, bytes outside the unreserved set escaped.
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for b in path.to_str().expect("a UTF-8 path").bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

fn drain(mut pipe: impl Read + Send + 'static) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = pipe.read_to_end(&mut out);
        out
    })
}

/// Kills the browser's process group: the browser and the helpers it
/// started, which share its pipes.
fn kill_group(child: &Child) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .stderr(Stdio::null())
        .status();
}

/// Runs headless Chromium on `page` with `extra` flags in a fresh profile;
/// its standard output. Killed, and the test failed, after `TIMEOUT`.
fn chromium_run(browser: &Path, work: &Path, page: &Path, extra: &[String]) -> String {
    use std::os::unix::process::CommandExt;
    let profile = work.join("profile");
    let _ = std::fs::remove_dir_all(&profile);
    std::fs::create_dir_all(&profile).unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(file_url(page))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .unwrap_or_else(|e| panic!("{} does not start: {e}", browser.display()));
    let stdout = drain(child.stdout.take().unwrap());
    let stderr = drain(child.stderr.take().unwrap());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            kill_group(&child);
            let _ = child.wait();
            panic!(
                "{} on {} did not finish within {TIMEOUT:?}; killed",
                browser.display(),
                page.display()
            );
        }
        std::thread::sleep(Duration::from_millis(25));
    };
    // Helpers left behind would hold the pipes open.
    kill_group(&child);
    let stdout = String::from_utf8_lossy(&stdout.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&stderr.join().unwrap()).into_owned();
    assert!(
        status.success(),
        "{}: {status}\n{stderr}",
        browser.display()
    );
    let _ = std::fs::remove_dir_all(&profile);
    stdout
}

/// A fresh folder for one exhibit under the target folder.
fn workdir(name: &str) -> PathBuf {
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("browser")
        .join(name);
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    work
}

/// The exhibit laid out by the browser at `WIDTH`, measured by a copy of
/// it with `MEASURE` appended.
fn measure(browser: &Path, work: &Path, name: &str, exhibit: &str) -> Layout {
    assert_eq!(exhibit.matches("</body>").count(), 1);
    let with_script = exhibit.replace(
        "</body>",
        &format!("<script type=\"text/javascript\">{MEASURE}</script>\n</body>"),
    );
    let page = work.join(format!("{name}-measure.html"));
    std::fs::write(&page, with_script).unwrap();
    let dom = chromium_run(
        browser,
        work,
        &page,
        &[format!("--window-size={WIDTH},768"), "--dump-dom".into()],
    );
    let json = dom
        .split_once("<pre id=\"result\">")
        .and_then(|(_, rest)| rest.split_once("</pre>"))
        .map(|(json, _)| {
            json.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&nbsp;", "\u{a0}")
                .replace("&amp;", "&")
        })
        .unwrap_or_else(|| panic!("the measuring script wrote no result:\n{dom}"));
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

/// The exhibit itself (no script) written under the target folder and
/// screenshot whole, as tall as the browser laid it out, to `<name>.png`:
/// checked to be a PNG of that size.
fn screenshot(browser: &Path, work: &Path, name: &str, exhibit: &str, height: f64) -> PathBuf {
    let page = work.join(format!("{name}.html"));
    std::fs::write(&page, exhibit).unwrap();
    let height = (height.ceil() as u32).clamp(768, 16_000);
    let shot = work.join(format!("{name}.png"));
    chromium_run(
        browser,
        work,
        &page,
        &[
            format!("--window-size={WIDTH},{height}"),
            format!("--screenshot={}", shot.display()),
        ],
    );
    let png = std::fs::read(&shot).expect("the screenshot is written");
    assert!(png.len() > 1000, "a screenshot of {} bytes", png.len());
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG file");
    assert_eq!(&png[12..16], b"IHDR");
    let dim = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    assert_eq!((dim(16), dim(20)), (WIDTH, height), "the screenshot's size");
    shot
}

/// The exhibit measured and screenshot.
fn render(browser: &Path, name: &str, exhibit: &str) -> (Layout, PathBuf) {
    let work = workdir(name);
    let layout = measure(browser, &work, name, exhibit);
    let shot = screenshot(browser, &work, name, exhibit, layout.scroll_height);
    (layout, shot)
}

/// What holds for every table of any exhibit, and where it does not: the
/// page no wider than the window; every figure under a heading; in each
/// column the figures' last digits (and words such as `n/a`) ending on one
/// right edge and nothing of a figure's own cell past it, a parenthesis or
/// percent sign hanging from that edge, a dollar sign to the left, and the
/// column's right edge within `HANG_CELL` of its heading's.
fn layout_problems(layout: &Layout) -> Vec<String> {
    let mut found = Vec::new();
    if layout.scroll_width > layout.client_width {
        found.push(format!(
            "horizontal overflow at {WIDTH} px: the page is {} px wide in {} px",
            layout.scroll_width, layout.client_width
        ));
    }
    for table in &layout.tables {
        let name = table.title.join(" / ");
        for row in &table.rows {
            let placed: usize = (0..table.headings.len())
                .map(|col| table.under(row, col).len())
                .sum();
            if placed != row.texts.len() {
                found.push(format!("{name}: {row:?} outside the columns"));
            }
        }
        for (col, heading) in table.headings.iter().enumerate() {
            let mut edge: Option<f64> = None;
            for row in &table.rows {
                let texts = table.under(row, col);
                let figures: Vec<&Text> = texts
                    .iter()
                    .filter(|t| !t.is_hang() && !t.is_dollar())
                    .collect();
                let [figure] = figures[..] else {
                    if !figures.is_empty() {
                        found.push(format!("{name}, {:?}: {figures:?}", row.label));
                    }
                    continue;
                };
                let right = *edge.get_or_insert(figure.edge());
                if (figure.edge() - right).abs() > EPS || figure.right - right > EPS {
                    found.push(format!(
                        "{name}, {}, {:?}: {:?} ends at {} px, the column at {right} px",
                        heading.text,
                        row.label,
                        figure.text,
                        figure.edge()
                    ));
                }
                for t in &texts {
                    if t.is_hang() && (t.left - right).abs() > EPS {
                        found.push(format!(
                            "{name}, {:?}: {:?} does not hang",
                            row.label, t.text
                        ));
                    }
                    if t.is_dollar() && t.right >= figure.left {
                        found.push(format!("{name}, {:?}: $ not left of the figure", row.label));
                    }
                }
            }
            if let Some(right) = edge {
                let gap = heading.right - right;
                if !(0.0..=HANG_CELL).contains(&gap) {
                    found.push(format!(
                        "{name}: the figures under {:?} end {gap} px short of its right edge",
                        heading.text
                    ));
                }
            }
        }
    }
    found
}

/// The row's figure under heading `col` ends flush with the heading: its
/// last text's right edge within `HANG` px of the heading's right edge.
fn flush_right(table: &Table, label: &str, col: usize) {
    let texts = table.under(table.row(label), col);
    let last = texts.last().expect("a figure");
    let gap = table.headings[col].right - last.right;
    assert!(
        (0.0..=HANG).contains(&gap),
        "{label:?} ends {gap} px short of {:?}",
        table.headings[col].text
    );
}

fn exhibit(args: &[&str]) -> String {
    let out = run(args);
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    out.stdout
}

#[test]
fn the_atg_exhibit_renders_in_chromium_with_its_figures_in_their_columns() {
    let Some(browser) = browser("the ATG exhibit") else {
        return;
    };
    let doc = exhibit(&["--period", "Q3-2003,9M2003", "--format", "html"]);
    let (layout, shot) = render(&browser, "atg", &doc);
    assert_eq!(layout_problems(&layout), Vec::<String>::new());

    // The release's own figures, read back from where the browser put them.
    let rec = layout.table("Reconciliation of GAAP to Non-GAAP Net Income (Loss)");
    let q3 = rec.heading("Three Months Ended Sept. 30, 2003");
    let nine = rec.heading("Nine Months Ended Sept. 30, 2003");
    assert!(rec.headings[q3].right <= rec.headings[nine].left);
    for (label, col, figure) in [
        ("GAAP net income (loss)", q3, "$(3,195)"),
        ("GAAP net income (loss)", nine, "$101"),
        ("Net restructuring benefit (1)", nine, "(5,273)"),
        ("Non-GAAP net income (loss)", q3, "$(3,195)"),
        ("Non-GAAP net income (loss)", nine, "$(5,172)"),
        (
            "Non-GAAP net income (loss) per diluted share",
            q3,
            "$(0.04)",
        ),
        (
            "Non-GAAP net income (loss) per diluted share",
            nine,
            "$(0.07)",
        ),
    ] {
        assert_eq!(rec.read(label, col), figure, "{label} under {col}");
    }
    // (5,172) under the nine months: its parenthesis ends at the heading's
    // right edge, within the hanging cell.
    flush_right(rec, "Non-GAAP net income (loss)", nine);
    let total = rec.under(rec.row("Non-GAAP net income (loss)"), nine);
    let figure = total.iter().find(|t| t.text == "(5,172").unwrap();
    assert!(figure.left > rec.headings[nine].left);
    // A total between a single rule and a double one, as the browser drew it.
    for t in &total {
        assert_eq!(
            (t.top_rule.as_str(), t.bottom_rule.as_str()),
            ("solid", "double"),
            "{t:?}"
        );
    }
    let detail = rec.under(rec.row("Net restructuring benefit (1)"), nine);
    assert!(
        detail
            .iter()
            .all(|t| t.top_rule == "none" && !t.is_dollar())
    );

    let ops = layout.table("Condensed Consolidated Statements of Operations");
    let nine = ops.heading("Nine Months Ended Sept. 30, 2003");
    let q3 = ops.heading("Three Months Ended Sept. 30, 2003");
    assert_eq!(ops.read("Total Revenues", q3), "16,009");
    assert_eq!(ops.read("Total Revenues", nine), "56,740");
    assert_eq!(ops.read("Restructuring expense/(benefit)", nine), "(5,273)");
    assert_eq!(ops.read("Net income/(loss)", q3), "$(3,195)");
    assert_eq!(ops.read("Gross profit %", nine), "70%");
    assert!(shot.exists());
}

#[test]
fn the_widest_release_renders_in_chromium_without_overflow() {
    // NVIDIA's fourth quarter and year, fiscal 2023: five columns, the most
    // of tests/releases/. Figures as NVIDIA published them (release.json).
    let Some(browser) = browser("the NVIDIA exhibit") else {
        return;
    };
    let case = "tests/releases/nvidia-q4-fy2023-and-fy2023";
    let doc = exhibit(&[
        "--statements",
        &format!("{case}/statements"),
        "--adjustments",
        &format!("{case}/adjustments"),
        "--period",
        "Q4-FY2023,Q3-FY2023,Q4-FY2022,FY2023,FY2022",
        "--format",
        "html",
    ]);
    let (layout, _) = render(&browser, "nvidia", &doc);
    assert_eq!(layout_problems(&layout), Vec::<String>::new());

    let rec = layout.table("Reconciliation of GAAP to Non-GAAP Measures");
    let headings = [
        "Three Months Ended January 29, 2023",
        "Three Months Ended October 30, 2022",
        "Three Months Ended January 30, 2022",
        "Twelve Months Ended January 29, 2023",
        "Twelve Months Ended January 30, 2022",
    ];
    let cols: Vec<usize> = headings.iter().map(|h| rec.heading(h)).collect();
    assert!(
        cols.windows(2)
            .all(|w| rec.headings[w[0]].right <= rec.headings[w[1]].left + EPS),
        "the columns in the release's order, left to right"
    );
    let published = [
        (
            "GAAP net income",
            ["$1,414", "$680", "$3,003", "$4,368", "$9,752"],
        ),
        (
            "Non-GAAP net income (13) (14) (15)",
            ["$2,174", "$1,456", "$3,350", "$8,366", "$11,259"],
        ),
        (
            "Non-GAAP net income per diluted share (13)",
            ["$0.88", "$0.58", "$1.32", "$3.34", "$4.44"],
        ),
        (
            "Income tax impact of non-GAAP adjustments (10)",
            ["(218)", "(171)", "(330)", "(867)", "(712)"],
        ),
    ];
    for (label, figures) in published {
        for (col, figure) in cols.iter().zip(figures) {
            assert_eq!(
                rec.read(label, *col),
                figure,
                "{label} under {}",
                rec.headings[*col].text
            );
        }
    }
    for col in &cols {
        flush_right(rec, "Income tax impact of non-GAAP adjustments (10)", *col);
    }
}

#[test]
fn the_layout_check_finds_an_overflowing_page_and_a_figure_out_of_line() {
    let Some(browser) = browser("the layout check's control") else {
        return;
    };
    let good = exhibit(&["--period", "Q3-2003,9M2003", "--format", "html"]);
    // The tables wider than the window, and one parenthesis put back into
    // its figure's cell instead of hanging.
    let bad = good
        .replace(
            "width: 100%; border-collapse",
            "width: 1200px; border-collapse",
        )
        .replacen(">(5,273</td>", ">(5,273)</td>", 1);
    assert_ne!(bad, good);
    let layout = measure(&browser, &workdir("control"), "control", &bad);
    let found = layout_problems(&layout);
    assert!(found[0].starts_with("horizontal overflow"), "{found:?}");
    assert!(
        found.iter().any(|f| f.contains("\"(5,273)\" ends at")),
        "{found:?}"
    );
}
