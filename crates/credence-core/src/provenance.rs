//! Where a document's text came from, gathered from what the rules captured:
//! the original outlet(s), the republisher(s), the agencies whose copy or
//! reporting the text carries, and apart from them the agencies and picture
//! libraries credited for photos, which source no claim.

use crate::finding::Finding;
use serde::Serialize;

/// Who a document's text is credited to (JSON `provenance`); each list is
/// deduplicated and sorted, both ignoring case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// Outlets that first published the text, from findings or front matter.
    pub original: Vec<String>,
    /// Outlets that republished the text.
    pub republished_by: Vec<String>,
    /// Every agency the text credits, for copy, reporting or pictures (so
    /// every photo credit is listed here too).
    pub agencies: Vec<String>,
    /// Agencies and picture libraries credited for pictures, which source no claim.
    pub photo_credits: Vec<String>,
}

impl Provenance {
    /// Collect captured names, cleaned, deduplicated without regard to case
    /// (first spelling kept) and sorted, so output never depends on order.
    pub fn from_findings(findings: &[Finding]) -> Provenance {
        let mut p = Provenance::default();
        for f in findings {
            push(&mut p.original, f.captured.original.as_deref());
            push(&mut p.republished_by, f.captured.republisher.as_deref());
            push(&mut p.agencies, f.captured.agency.as_deref());
            // `agencies` is every agency the text credits, for copy,
            // reporting or pictures; `photo_credits` the picture credits.
            push(&mut p.agencies, f.captured.credit.as_deref());
            push(&mut p.photo_credits, f.captured.credit.as_deref());
        }
        for list in [
            &mut p.original,
            &mut p.republished_by,
            &mut p.agencies,
            &mut p.photo_credits,
        ] {
            sort_names(list);
        }
        p
    }

    /// Add an original outlet that the input names outside its text (a
    /// Markdown front matter's `source`), as written, keeping the list
    /// deduplicated and sorted.
    pub fn add_original(&mut self, name: String) {
        if !holds(&self.original, &name) {
            self.original.push(name);
            sort_names(&mut self.original);
        }
    }

    /// True when all four lists are empty: nothing credited at all.
    pub fn is_empty(&self) -> bool {
        self.original.is_empty()
            && self.republished_by.is_empty()
            && self.agencies.is_empty()
            && self.photo_credits.is_empty()
    }
}

fn push(list: &mut Vec<String>, name: Option<&str>) {
    let Some(name) = name.map(clean_name) else {
        return;
    };
    if name.is_empty() || holds(list, &name) {
        return;
    }
    list.push(name);
}

/// Names are compared without regard to case.
fn holds(list: &[String], name: &str) -> bool {
    list.iter().any(|n| n.eq_ignore_ascii_case(name))
}

fn sort_names(list: &mut [String]) {
    list.sort_by_key(|s| s.to_lowercase());
}

/// Trim white space, closing punctuation and a dangling conjunction from an
/// outlet name as captured ("The National." -> "The National").
pub fn clean_name(name: &str) -> String {
    let mut s = name.split_whitespace().collect::<Vec<_>>().join(" ");
    loop {
        let before = s.len();
        s = s
            .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'', '”', '’', ' '])
            .to_owned();
        for tail in [
            " and", " or", " by", " on", " at", " in", " the", " of", " a",
        ] {
            if s.len() > tail.len() && s.to_lowercase().ends_with(tail) {
                s.truncate(s.len() - tail.len());
            }
        }
        s = s
            .trim_start_matches(['(', '"', '“', '‘', '\'', ' '])
            .to_owned();
        if s.len() == before {
            return s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned() {
        assert_eq!(clean_name(" The National. "), "The National");
        assert_eq!(clean_name("Zero Hedge and"), "Zero Hedge");
        assert_eq!(clean_name("The National and the"), "The National");
        assert_eq!(clean_name("“Live Science”."), "Live Science");
        assert_eq!(clean_name("blog.NORML.org"), "blog.NORML.org");
    }
}
