//! The README and the guide in `docs/`: every relative link reaches a file
//! (and a heading, where it names one), every path under `tests/` the prose
//! names exists, and every section of the README the guide was split from is
//! still a heading somewhere, so nothing it documented was lost.

use std::path::{Path, PathBuf};

use crate::support::root;

/// The sections of the README before it was split into the guide (its `##`
/// and `###` headings, `git show main:README.md`): each is a heading of the
/// README or of a page of `docs/`.
const OLD_README_SECTIONS: &[&str] = &[
    "Two commands",
    "Using it",
    "The adjusted statement and the matrix",
    "Declared measures: EBITDA, FFO, bank ratios",
    "The release's own non-GAAP figures",
    "Outlook (guidance)",
    "The release's narrative: `reconcile prose`",
    "Formats, units and derived periods",
    "JSON",
    "Versions",
    "GAAP facts as reported",
    "Start a new company",
    "From the filings: XBRL",
    "For the reporting team",
    "Performance",
    "The review loop: `snapshot` and `diff`",
    "The SEC's rules: `reconcile lint`",
    "The files a finance team edits",
    "`statements/<entity>.toml`: the GAAP statement model",
    "`adjustments/<id>.toml`: one non-GAAP adjustment",
    "Taxes",
    "Shares and per-share figures",
    "Reviewing a change",
    "Troubleshooting: the mistakes the tool recognises",
    "Cost, fuzzing and the seeded fuzzer",
    "Real releases",
    "Layout",
];

/// README.md and every Markdown page under docs/ but the generated
/// reference, which `schema.rs` checks against the command that writes it.
fn pages() -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                if path != root().join("docs/reference") {
                    walk(&path, found);
                }
            } else if path.extension().is_some_and(|ext| ext == "md") {
                found.push(path);
            }
        }
    }
    let mut found = vec![root().join("README.md")];
    walk(&root().join("docs"), &mut found);
    found
}

/// A page's prose: its lines outside fenced code blocks.
fn prose(text: &str) -> Vec<&str> {
    let mut fenced = false;
    let mut lines = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if !fenced {
            lines.push(line);
        }
    }
    lines
}

/// The text of each heading of a page (`## Taxes` gives `Taxes`).
fn headings(text: &str) -> Vec<String> {
    prose(text)
        .into_iter()
        .filter(|line| line.starts_with('#'))
        .map(|line| line.trim_start_matches('#').trim().to_string())
        .collect()
}

/// The anchor GitHub gives a heading: lower case, spaces as hyphens, every
/// other character but letters, digits, `-` and `_` left out.
fn anchor(heading: &str) -> String {
    heading
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The targets of a page's inline links, `[text](target)`, outside code.
fn links(text: &str) -> Vec<String> {
    let prose = prose(text).join("\n");
    // Code spans may hold `](`, as in `[period.non_gaap]`(...): leave them out.
    let outside_code: String = prose.split('`').step_by(2).collect::<Vec<_>>().join(" ");
    let mut targets = Vec::new();
    let mut rest = outside_code.as_str();
    while let Some(at) = rest.find("](") {
        let after = &rest[at + 2..];
        let end = after.find(')').expect("a link's target is closed");
        targets.push(after[..end].to_string());
        rest = &after[end..];
    }
    targets
}

#[test]
fn the_link_parser_finds_links_and_skips_code() {
    let page = "See [JSON](outputs.md#json) and [`GAPS.md`](../GAPS.md).\n\
                `[period.non_gaap](not a link)` \n```toml\n[a](b)\n```\n[x](#y)\n";
    assert_eq!(links(page), ["outputs.md#json", "../GAPS.md", "#y"]);
    assert_eq!(
        anchor("The review loop: `snapshot` and `diff`"),
        "the-review-loop-snapshot-and-diff"
    );
    assert_eq!(
        anchor("`statements/<entity>.toml`: the GAAP statement model"),
        "statementsentitytoml-the-gaap-statement-model"
    );
    assert_eq!(
        anchor("The SEC's rules: `reconcile lint`"),
        "the-secs-rules-reconcile-lint"
    );
}

#[test]
fn every_relative_link_of_the_readme_and_the_guide_reaches_its_file_and_heading() {
    let mut broken = Vec::new();
    let pages = pages();
    assert!(pages.len() > 10, "the guide's pages: {pages:?}");
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        let name = page.strip_prefix(root()).unwrap().display().to_string();
        for target in links(&text) {
            if target.starts_with("http://")
                || target.starts_with("https://")
                || target.starts_with("mailto:")
            {
                continue;
            }
            let (path, fragment) = match target.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment)),
                None => (target.as_str(), None),
            };
            let file = if path.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap().join(path)
            };
            if !file.exists() {
                broken.push(format!("{name}: ({target}): no file {}", file.display()));
                continue;
            }
            if let Some(fragment) = fragment {
                let target_text = std::fs::read_to_string(&file).unwrap_or_default();
                let anchors: Vec<String> =
                    headings(&target_text).iter().map(|h| anchor(h)).collect();
                if !anchors.iter().any(|a| a == fragment) {
                    broken.push(format!(
                        "{name}: ({target}): no heading `#{fragment}` in {}; it has {anchors:?}",
                        file.display()
                    ));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn every_path_under_tests_the_guide_names_exists() {
    let mut missing = Vec::new();
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        let name = page.strip_prefix(root()).unwrap().display().to_string();
        for line in prose(&text) {
            for (at, _) in line.match_indices("`tests/") {
                let path: String = line[at + 1..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || "_-./*".contains(*c))
                    .collect();
                let path = path.trim_end_matches(['.', '/']);
                // `err_withhold_*`: some entry of the folder starts so.
                let exists = match path.split_once('*') {
                    Some((prefix, _)) => {
                        let (dir, start) = prefix.rsplit_once('/').unwrap();
                        std::fs::read_dir(root().join(dir)).is_ok_and(|entries| {
                            entries
                                .map(|e| e.unwrap().file_name())
                                .any(|file| file.to_string_lossy().starts_with(start))
                        })
                    }
                    None => root().join(path).exists(),
                };
                if !exists {
                    missing.push(format!("{name}: `{path}`"));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "paths that do not exist:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_section_of_the_old_readme_is_a_heading_of_the_readme_or_the_guide() {
    let mut all = Vec::new();
    for page in pages() {
        all.extend(headings(&std::fs::read_to_string(page).unwrap()));
    }
    let lost: Vec<&&str> = OLD_README_SECTIONS
        .iter()
        .filter(|section| !all.iter().any(|heading| heading == **section))
        .collect();
    assert!(
        lost.is_empty(),
        "sections no page has as a heading: {lost:?}"
    );
}

#[test]
fn the_readme_is_short_and_gives_the_two_commands() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.lines().count() < 200,
        "README.md has {} lines: what the tool is, the two commands, a tour and links; the rest belongs in docs/",
        readme.lines().count()
    );
    let two = readme
        .split("\n## Two commands\n")
        .nth(1)
        .expect("README.md has a `## Two commands` section");
    assert!(
        two.contains(
            "```sh\n\
             cargo run --release -- --period 9M2003     # the main job: the nine-month reconciliation\n\
             cargo test                                 # the tests, snapshots included\n\
             ```\n"
        ),
        "README.md's two commands changed:\n{two}"
    );
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(
        ci.lines().any(|line| line == "cargo test"),
        ".ci/run runs the README's test command, `cargo test`"
    );
}

#[test]
fn the_guide_index_links_every_page() {
    let index = std::fs::read_to_string(root().join("docs/README.md")).unwrap();
    let linked = links(&index);
    let missing: Vec<String> = pages()
        .iter()
        .filter_map(|page| {
            let relative = page.strip_prefix(root().join("docs")).ok()?;
            let relative = relative.to_string_lossy().into_owned();
            (relative != "README.md" && !linked.contains(&relative)).then_some(relative)
        })
        .collect();
    assert!(missing.is_empty(), "docs/README.md links no {missing:?}");
    for reference in ["reference/statements.md", "reference/adjustment.md"] {
        assert!(
            linked.iter().any(|l| l == reference),
            "docs/README.md links no {reference}"
        );
    }
}
