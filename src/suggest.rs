//! "Did you mean ...?": the nearest valid name to a misspelled one.

/// The candidate closest to `wrong` by edit distance (case-insensitive), if it
/// is close enough to be a plausible typo: at most a third of its length.
pub fn nearest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // Names are short; past this, a suggestion is noise and the distance slow.
    if wrong.chars().count() > 100 {
        return None;
    }
    let wrong_lower = wrong.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate.chars().count().abs_diff(wrong.chars().count()) > 100 {
            continue;
        }
        let distance = edit_distance(&wrong_lower, &candidate.to_lowercase());
        let limit = (candidate.chars().count().max(wrong.chars().count()) / 3).max(1);
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// `help:` text naming the nearest candidate, if there is one.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    nearest(wrong, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// Edit distance over characters, counting a swap of two neighbours as one
/// edit (optimal string alignment), so `lable` is one edit from `label`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut table = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in table.iter_mut().enumerate() {
        row[0] = i;
    }
    table[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (table[i - 1][j] + 1)
                .min(table[i][j - 1] + 1)
                .min(table[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(table[i - 2][j - 2] + 1);
            }
            table[i][j] = best;
        }
    }
    table[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_letter_finds_the_line_id() {
        let ids = ["restructuring", "research_and_development", "net_income"];
        assert_eq!(nearest("restructurng", ids), Some("restructuring"));
    }

    #[test]
    fn an_unrelated_name_finds_nothing() {
        assert_eq!(nearest("goodwill", ["restructuring", "net_income"]), None);
    }

    #[test]
    fn case_does_not_count_as_a_difference() {
        assert_eq!(nearest("NET_INCOME", ["net_income"]), Some("net_income"));
    }

    #[test]
    fn edit_distance_counts_insertions_deletions_substitutions() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("lable", "label"), 1);
    }
}
