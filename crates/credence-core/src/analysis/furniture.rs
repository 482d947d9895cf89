//! Page furniture found by its shape, not its words: menus, footers,
//! related-story lists and share bars left in a text dump look alike in any
//! site's vocabulary — short lines, few stop words, capitalised words with
//! no sentence end, links and separators — and come in runs. Each line is
//! classed as jusText classes HTML blocks (prose, short, furniture), short
//! lines take the class of the lines around them, and a run of furniture
//! lines is one finding covering the run. In a run over many files, a line
//! that different stories carry is the site's (`SharedLines`). One pass
//! over the lines.

use super::checks::same_line;
use crate::document::Document;
use crate::document::zones::Zone;
use crate::rules::Structure;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Prose,
    /// Too short to say; decided by the lines around it.
    Short,
    Furniture,
}

/// A non-blank line: its trimmed byte span and class.
struct Line {
    start: usize,
    end: usize,
    class: Class,
    /// Furniture by a sign prose never shows: a link, a menu separator, a
    /// label the page repeats.
    strong: bool,
    /// Carried by at least `min_shared_documents` documents of the run:
    /// the site's line, which makes a finding on its own.
    shared: bool,
    /// A byline, a caption or the headline shown again: the story's
    /// whatever its shape.
    story_part: bool,
}

/// The fewest words a line needs for the documents sharing it to tell it is
/// the site's; shorter labels are left to the pack's phrase rules.
const MIN_SHARED_WORDS: usize = 3;

/// Mark the lines that enough different stories of the run carry (at least
/// `min_shared_documents`, and `min_shared_share` of those analysed
/// together: a team's line-up or a dividend table recurs in a few): the
/// site's banner, promo or footer. Only a line standing on its own counts
/// (not part of hard-wrapped prose, where "the company said." recurs).
/// Such a line is furniture; if it reads as prose (an author's sign-off),
/// the lines around it decide.
fn mark_shared(lines: &mut [Line], doc: &Document, structure: &Structure) {
    let text = &doc.text;
    let wrapped = |a: &Line, b: &Line| {
        let first = &text[a.start..a.end];
        text[a.end..b.start].matches('\n').count() == 1
            && (text[b.start..].starts_with(char::is_lowercase)
                || (first.chars().count() >= structure.short_chars
                    && !first.ends_with(['.', '!', '?', ':', '"', '”'])))
    };
    for i in 0..lines.len() {
        let line = &lines[i];
        let own = &text[line.start..line.end];
        let wrapped_to_neighbour = (i > 0 && wrapped(&lines[i - 1], line))
            || lines.get(i + 1).is_some_and(|next| wrapped(line, next));
        if line.story_part
            || wrapped_to_neighbour
            || own.split_whitespace().nth(MIN_SHARED_WORDS - 1).is_none()
        {
            continue;
        }
        let (sharing, stories) = doc.stories_sharing(own);
        if sharing < structure.min_shared_documents
            || (sharing as f64) < structure.min_shared_share * stories as f64
        {
            continue;
        }
        let line = &mut lines[i];
        if line.class == Class::Prose {
            line.class = Class::Short;
        } else {
            line.class = Class::Furniture;
            line.strong = true;
            line.shared = true;
        }
    }
}

/// Byte spans of the runs of furniture lines, in order.
pub(crate) fn runs(doc: &Document, structure: &Structure) -> Vec<(usize, usize)> {
    let text = &doc.text;
    let mut lines: Vec<Line> = Vec::new();
    let mut offset = 0;
    let mut headline: Option<&str> = None;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        let lead = raw.len() - raw.trim_start().len();
        let start = start + lead;
        let end = start + trimmed.len();
        // The headline is the article's, whatever its shape, and so is the
        // headline shown again; bylines and captions are the article's
        // too, and end a run.
        let repeats_headline = match headline {
            Some(headline) => same_line(headline, trimmed),
            None => {
                headline = Some(trimmed);
                false
            }
        };
        let zone = if doc.zones().is_empty() {
            Zone::Body
        } else {
            doc.zone_at(start)
        };
        if zone == Zone::Title {
            continue;
        }
        let linked = link_like(trimmed, structure);
        let story_part = repeats_headline || matches!(zone, Zone::Byline | Zone::Caption);
        let class = if story_part {
            Class::Prose
        } else {
            classify(trimmed, linked, structure)
        };
        lines.push(Line {
            start,
            end,
            class,
            strong: class == Class::Furniture && linked,
            shared: false,
            story_part,
        });
    }
    if structure.min_shared_documents > 1 {
        mark_shared(&mut lines, doc, structure);
    }
    // A short line said again elsewhere in the document is a label the
    // page repeats ("Fact Check", "View all", "Share"), not prose.
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for line in &lines {
        let key = normalised(&text[line.start..line.end]);
        *seen.entry(key).or_insert(0) += 1;
    }
    for line in &mut lines {
        let own = &text[line.start..line.end];
        if line.class != Class::Prose
            && own.chars().count() < structure.short_chars
            && seen.get(&normalised(own)).is_some_and(|n| *n > 1)
        {
            line.class = Class::Furniture;
            line.strong = true;
        }
    }
    resolve_short(&mut lines);
    absorb_teasers(&mut lines, text, structure);
    let mut spans = Vec::new();
    for run in class_runs(&lines, Class::Furniture) {
        // A run with the story's prose on both sides is a list in the
        // story (results, fixtures, award winners) unless one of its lines
        // is furniture beyond doubt.
        // So is a short run anywhere (a venue, a date and a time; a
        // fixture list): it needs such a line too.
        let inside = run.start > 0 && run.end < lines.len();
        let strong = lines[run.clone()].iter().any(|l| l.strong);
        let shared = lines[run.clone()].iter().any(|l| l.shared);
        let long = run.len() >= 2 * structure.min_run;
        if shared || (run.len() >= structure.min_run && (strong || (long && !inside))) {
            spans.push((lines[run.start].start, lines[run.end - 1].end));
        }
    }
    spans
}

/// The maximal runs of consecutive lines of one class, in order.
fn class_runs(lines: &[Line], class: Class) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].class != class {
            i += 1;
            continue;
        }
        let first = i;
        while i < lines.len() && lines[i].class == class {
            i += 1;
        }
        runs.push(first..i);
    }
    runs
}

/// A line lower-cased with its white space squeezed, for comparing lines.
fn normalised(line: &str) -> String {
    line.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A line's class from its own shape; `linked`: it is `link_like`.
fn classify(line: &str, linked: bool, s: &Structure) -> Class {
    let words: Vec<&str> = line
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    if words.is_empty() || linked {
        return Class::Furniture;
    }
    // A bulleted item is the story's own list.
    if line.starts_with(['-', '•', '*', '–']) {
        return Class::Prose;
    }
    let stop = words
        .iter()
        .filter(|w| {
            let bare = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
            s.stop_words.contains(&bare.to_lowercase())
        })
        .count() as f64
        / words.len() as f64;
    let capitalised = words
        .iter()
        .filter(|w| {
            w.trim_start_matches(|c: char| !c.is_alphanumeric())
                .starts_with(|c: char| c.is_uppercase() || c.is_numeric())
        })
        .count() as f64
        / words.len() as f64;
    let sentence_end = line.ends_with(['.', '!', '?', '"', '”', '’', '\'', ':', '…', ')']);
    let prose_words = stop >= s.stop_word_share;
    let title_like = capitalised >= s.title_case_share && !sentence_end;
    let chars = line.chars().count();
    if chars < s.short_chars {
        if sentence_end && prose_words && words.len() >= 4 {
            return Class::Prose;
        }
        if title_like || (!prose_words && !sentence_end) {
            return Class::Furniture;
        }
        return Class::Short;
    }
    if prose_words && (sentence_end || chars >= s.long_chars) {
        return Class::Prose;
    }
    if title_like || (!prose_words && !sentence_end) {
        return Class::Furniture;
    }
    Class::Short
}

/// A line made of links, handles and the separators menus are written
/// with: most of it a web address, a short line opening with a handle or a
/// copyright sign, or two menu separators. A paragraph that cites a link
/// or a tweet's author is not.
fn link_like(line: &str, s: &Structure) -> bool {
    let chars = line.chars().count();
    let link_chars: usize = line
        .split_whitespace()
        .filter(|w| {
            let lower = w.to_lowercase();
            lower.contains("http://") || lower.contains("https://") || lower.starts_with("www.")
        })
        .map(|w| w.chars().count())
        .sum();
    let short = chars < s.short_chars;
    let labelled = short && (line.starts_with('@') || line.starts_with('©'));
    let separators = line.matches(['|', '»', '›', '•', '·']).count();
    2 * link_chars >= chars || labelled || (separators >= 2 && chars < s.long_chars)
}

/// Short lines take the class of the lines around them: a stretch of short
/// lines between furniture (or the document's edge and furniture) is
/// furniture; otherwise prose.
fn resolve_short(lines: &mut [Line]) {
    // Only short lines change, and a run's neighbours are never short, so
    // the runs found first stay the runs.
    for run in class_runs(lines, Class::Short) {
        let before = run.start.checked_sub(1).map(|j| lines[j].class);
        let after = lines.get(run.end).map(|l| l.class);
        let furniture_around = matches!(
            (before, after),
            (Some(Class::Furniture), Some(Class::Furniture))
                | (None, Some(Class::Furniture))
                | (Some(Class::Furniture), None)
        );
        let class = if furniture_around {
            Class::Furniture
        } else {
            Class::Prose
        };
        for line in &mut lines[run] {
            line.class = class;
        }
    }
}

/// A line of prose shorter than `long_chars` with furniture on both sides,
/// and at least two furniture lines on one of them, is a teaser of a list
/// of other stories (headline, date, label, one sentence), not the article.
fn absorb_teasers(lines: &mut [Line], text: &str, s: &Structure) {
    let furniture_at = |lines: &[Line], i: Option<usize>| {
        i.and_then(|i| lines.get(i))
            .is_some_and(|l| l.class == Class::Furniture)
    };
    for i in 1..lines.len().saturating_sub(1) {
        if lines[i].class != Class::Prose
            || lines[i].story_part
            || text[lines[i].start..lines[i].end].chars().count() >= s.long_chars
        {
            continue;
        }
        let before = furniture_at(lines, Some(i - 1));
        let after = furniture_at(lines, Some(i + 1));
        let deep = furniture_at(lines, i.checked_sub(2)) || furniture_at(lines, Some(i + 2));
        if before && after && deep {
            lines[i].class = Class::Furniture;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::shared_lines::SharedLines;
    use crate::rules::spec::StructureSpec;
    use std::sync::Arc;

    fn flagged(text: &str) -> Vec<String> {
        flagged_in(Document::new("t.txt", text))
    }

    fn flagged_in(doc: Document) -> Vec<String> {
        let structure = Structure::from_spec(&StructureSpec::default()).unwrap();
        runs(&doc, &structure)
            .into_iter()
            .map(|(a, b)| doc.text[a..b].to_owned())
            .collect()
    }

    #[test]
    fn a_line_the_runs_documents_share_is_the_sites() {
        let story = |n: usize| {
            format!(
                "The council approved budget {n} on Monday after a long debate, the mayor said.\n\n\
                 Headline: Gold Searches Exceed Trump! Stocks Are Next!\n\n\
                 Jane Roe writes for the Daily Example about the city's schools.\n\n\
                 The plan takes effect in May, when the first {n} payments are due to schools.\n"
            )
        };
        let texts: Vec<String> = (0..3).map(story).collect();
        let shared = Arc::new(SharedLines::count(texts.iter().map(String::as_str)));
        let doc = Document::new("a.txt", texts[0].clone()).with_shared_lines(shared);
        // The banner is flagged; the shared sign-off between prose is not.
        assert_eq!(
            flagged_in(doc),
            ["Headline: Gold Searches Exceed Trump! Stocks Are Next!"]
        );
        // Alone, the banner is a line of the story.
        assert!(flagged(&texts[0]).is_empty(), "{:?}", flagged(&texts[0]));
    }

    #[test]
    fn a_menu_is_one_finding_covering_the_run() {
        let text = "Skip to Article\nHome\nNews\nSports\nWeather\nSign In\n\nThe council approved the budget on Monday after a long debate, the mayor said in a statement.\n";
        assert_eq!(
            flagged(text),
            ["Skip to Article\nHome\nNews\nSports\nWeather\nSign In"]
        );
        // Three short lines with nothing that only furniture shows are not
        // enough: a venue, a date and a kick-off time head sports reports.
        let text = "Ewood Park\nTuesday, 1 March\n2000 GMT\n\nBlackburn host Burnley in the cup, and the manager said on Monday that his side were ready.\n";
        assert!(flagged(text).is_empty(), "{:?}", flagged(text));
    }

    #[test]
    fn the_headline_shown_again_is_the_storys() {
        let text = "The gold rush ends in the town, the mayor says.\n\n\
                    Home | News | Sports\nSign In\nSubscribe\n\
                    The gold rush ends in the town, the mayor says.\n\
                    Search\nPrivacy | Terms | Cookies\nContact Us\n\n\
                    The council approved the budget on Monday after a long debate, the mayor said.\n";
        assert_eq!(
            flagged(text),
            [
                "Home | News | Sports\nSign In\nSubscribe",
                "Search\nPrivacy | Terms | Cookies\nContact Us"
            ]
        );
    }

    #[test]
    fn article_paragraphs_and_a_lone_subheading_are_not_furniture() {
        let text = "Budget passes\n\nThe council approved the budget on Monday after a long debate, the mayor said.\n\nWhat comes next\n\nThe plan takes effect in May, when the first payments are due to the city's schools.\n";
        assert!(flagged(text).is_empty(), "{:?}", flagged(text));
    }

    #[test]
    fn a_footer_of_links_is_furniture() {
        let text = "The council approved the budget on Monday after a long debate, the mayor said.\nThe plan takes effect in May, when the first payments are due to the schools.\n© 2019 Newsweek\nPrivacy Policy | Terms of Use | Ad Choices\nContact Us\n";
        assert_eq!(
            flagged(text),
            ["© 2019 Newsweek\nPrivacy Policy | Terms of Use | Ad Choices\nContact Us"]
        );
    }
}
