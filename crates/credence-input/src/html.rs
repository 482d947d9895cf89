//! Saved web pages. rs-trafilatura finds the article (it scored best of the
//! Rust extractors on the Article Extraction Benchmark; see the README), and
//! dom_query picks out what it leaves in or throws away that credence still
//! reads: captions (a credit there is a photo credit) and navigation.
//!
//! Every extracted piece is then aligned back to the page as written, so a
//! finding in the extracted text is reported at its line and column in the
//! HTML file. The alignment compares the visible characters of the page
//! (tags, comments, scripts and white space left out, entities decoded) with
//! those of each piece, so it survives the extractor's re-spacing.

use aho_corasick::AhoCorasick;
use credence_core::document::Origin;
use credence_core::document::zones::{Zone, ZoneSpan};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// What credence reads from a page (or from any input): the parts of the
/// article, as `credence extract` shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Extracted {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub date: Option<String>,
    pub body: String,
    pub captions: Vec<String>,
    pub navigation: Vec<String>,
}

/// The analysed text of a page, its zones, and the map back to the page.
#[derive(Debug)]
pub struct ExtractedPage {
    pub extracted: Extracted,
    /// Names the page gives its own publisher: its site name, host and
    /// address (from metadata, `og:site_name` and the canonical link).
    pub publisher: Vec<String>,
    pub text: String,
    pub zones: Vec<ZoneSpan>,
    pub origin: Origin,
}

/// Elements whose text is a caption.
const CAPTION_SELECTOR: &str =
    "figcaption, .wp-caption-text, [itemprop=\"caption\"], .caption, .image-caption";
/// Elements that are site navigation; their links are the items.
const NAVIGATION_SELECTOR: &str =
    "nav, [role=\"navigation\"], .breadcrumb, .breadcrumbs, .pagination, .post-navigation";
/// At most this many navigation items are kept: a mega-menu is not worth more.
const MAX_NAVIGATION_ITEMS: usize = 200;
/// Captions longer than this are containers, not captions.
const MAX_CAPTION_CHARS: usize = 1000;

/// The deepest element nesting article extraction reads. The extractor and
/// its DOM walk pages recursively, and the HTML parser's work per tag grows
/// with the depth; real articles nest a few dozen deep (the 181 saved pages
/// of the corpus at most 52), browsers stop nesting at 512, and the
/// extraction thread's stack ([`EXTRACTION_STACK_BYTES`]) holds this depth
/// many times over.
pub const MAX_PAGE_DEPTH: usize = 1_024;
/// The stack of the thread a page is extracted on.
const EXTRACTION_STACK_BYTES: usize = 64 << 20;
/// At most this many caption elements are read: beyond it a page is a
/// gallery, not an article, and comparing captions must stay cheap.
const MAX_CAPTIONS: usize = 1_000;

/// Why a page's article could not be extracted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    #[error(
        "the page nests elements {depth} deep; article extraction reads pages at most {MAX_PAGE_DEPTH} deep"
    )]
    TooDeep { depth: usize },
    #[error("article extraction failed ({0}); please report it")]
    Panicked(String),
    #[error("cannot start the extraction thread: {0}")]
    Thread(String),
}

/// Extract the article from a page and lay it out as one analysed text:
/// title, byline, body paragraphs (captions the extractor kept in the body
/// are marked as captions where they stand), then the other captions, then
/// navigation, each part in its zone.
///
/// The page is read on a thread of its own with a stack sized for
/// [`MAX_PAGE_DEPTH`]; a deeper page is refused before the extractor sees
/// it, and a panic in the extractor is this page's error.
pub fn extract_page(html: &str) -> Result<ExtractedPage, PageError> {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("credence-extract".into())
            .stack_size(EXTRACTION_STACK_BYTES)
            .spawn_scoped(scope, || extract_here(html))
            .map_err(|err| PageError::Thread(err.to_string()))?;
        worker
            .join()
            .unwrap_or_else(|panic| Err(PageError::Panicked(panic_message(panic.as_ref()))))
    })
}

/// The message a panic was raised with.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "panic".to_owned())
}

/// The deepest nesting of the DOM, walked without recursion.
fn depth_of(dom: &dom_query::Document) -> usize {
    let mut node = dom.root();
    let mut depth = 0;
    let mut deepest = 0;
    loop {
        if let Some(child) = node.first_child() {
            node = child;
            depth += 1;
            deepest = deepest.max(depth);
            continue;
        }
        loop {
            if let Some(sibling) = node.next_sibling() {
                node = sibling;
                break;
            }
            match node.parent() {
                Some(parent) if depth > 0 => {
                    node = parent;
                    depth -= 1;
                }
                _ => return deepest,
            }
        }
    }
}

/// [`extract_page`] on the calling thread's stack.
fn extract_here(html: &str) -> Result<ExtractedPage, PageError> {
    // Counted on the tags first, in one pass, so that a hostile page never
    // reaches the parser, whose time per tag grows with the depth.
    let depth = tag_nesting(html);
    if depth > MAX_PAGE_DEPTH {
        return Err(PageError::TooDeep { depth });
    }
    let dom = dom_query::Document::from(html);
    let depth = depth_of(&dom);
    if depth > MAX_PAGE_DEPTH {
        return Err(PageError::TooDeep { depth });
    }
    let captions = collect_captions(&dom);
    let mut navigation = collect_navigation(&dom);
    let link_texts = link_texts(&dom);
    drop(dom);
    // Pages are analysed whole: the extractor's default text limit would
    // cut a long page silently (and panics when the cut splits a
    // character).
    let options = rs_trafilatura::Options {
        max_extracted_len: usize::MAX,
        ..rs_trafilatura::Options::default()
    };
    let article = rs_trafilatura::extract_with_options(html, &options).ok();

    let publisher: Vec<String> = article
        .iter()
        .flat_map(|a| [&a.metadata.sitename, &a.metadata.hostname, &a.metadata.url])
        .flatten()
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .collect();
    let (title, byline, date, body) = match &article {
        Some(a) => (
            clean_metadata(a.metadata.title.as_deref()),
            clean_metadata(a.metadata.author.as_deref()),
            a.metadata
                .date
                .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
            a.content_text.clone(),
        ),
        None => (None, None, None, String::new()),
    };
    let stream = VisibleText::of(html);
    let paragraphs = paragraphs_as_often_as_on_the_page(&body, &stream);
    let caption_keys: Vec<String> = captions.iter().map(|c| compact(c)).collect();
    let paragraph_keys: Vec<String> = paragraphs.iter().map(|p| compact(p)).collect();
    let caption_key_set: HashSet<&str> = caption_keys.iter().map(String::as_str).collect();
    let paragraph_key_set: HashSet<&str> = paragraph_keys.iter().map(String::as_str).collect();

    let mut layout = Layout::new(&stream);
    if let Some(title) = &title {
        layout.push(Zone::Title, title, Search::Anywhere);
        layout.gap();
    }
    if let Some(byline) = &byline {
        layout.push(Zone::Byline, byline, Search::Anywhere);
        layout.gap();
    }
    let mut body_text = Vec::new();
    let mut navigation_keys: HashSet<String> = navigation.iter().map(|n| compact(n)).collect();
    let title_key = title.as_deref().map(compact);
    for (paragraph, key) in paragraphs.iter().zip(&paragraph_keys) {
        let is_link_line =
            paragraph.chars().count() <= MAX_LINK_LINE_CHARS && link_texts.contains(key.as_str());
        if !key.is_empty() && title_key.as_ref() == Some(key) {
            // The headline the extractor kept in the content is the
            // headline, not the body.
            layout.push(Zone::Title, paragraph, Search::FromCursor);
        } else if !key.is_empty() && caption_key_set.contains(key.as_str()) {
            layout.push(Zone::Caption, paragraph, Search::FromCursor);
        } else if is_link_line {
            // A paragraph that is one link's whole text is a "related
            // stories" or "read more" item the extractor kept.
            layout.push(Zone::Navigation, paragraph, Search::FromCursor);
            if navigation_keys.insert(key.clone()) {
                navigation.push((*paragraph).to_owned());
            }
        } else {
            layout.push(Zone::Body, paragraph, Search::FromCursor);
            body_text.push(*paragraph);
        }
        layout.gap();
    }
    for (caption, key) in captions.iter().zip(&caption_keys) {
        if !paragraph_key_set.contains(key.as_str()) {
            layout.push(Zone::Caption, caption, Search::Anywhere);
            layout.gap();
        }
    }
    for item in &navigation {
        if paragraph_key_set.contains(compact(item).as_str()) {
            continue;
        }
        layout.push(Zone::Navigation, item, Search::Anywhere);
        layout.text.push('\n');
    }
    let (text, zones, anchors) = layout.finish();
    Ok(ExtractedPage {
        extracted: Extracted {
            title,
            byline,
            date,
            body: body_text.join("\n\n"),
            captions,
            navigation,
        },
        publisher,
        text,
        zones,
        origin: Origin::new(html.to_owned(), anchors),
    })
}

/// The extracted body's paragraphs, each kept no more often than its text
/// occurs on the page: the extractor can return a short page's text two or
/// three times over, while a paragraph the page itself repeats is kept
/// repeated (that repetition is a finding).
fn paragraphs_as_often_as_on_the_page<'a>(body: &'a str, stream: &VisibleText) -> Vec<&'a str> {
    let mut glued: HashMap<&str, &str> = HashMap::new();
    let paragraphs: Vec<(&str, String)> = body
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|paragraph| {
            let paragraph = *glued
                .entry(paragraph)
                .or_insert_with(|| one_copy_if_glued(paragraph, stream));
            (paragraph, compact(paragraph))
        })
        .collect();
    let mut in_body: HashMap<&str, usize> = HashMap::new();
    for (_, key) in &paragraphs {
        *in_body.entry(key.as_str()).or_insert(0) += 1;
    }
    // How often the page has each paragraph the body repeats, counted in
    // one pass over the page for all of them.
    let mut repeated: Vec<&str> = in_body
        .iter()
        .filter(|(key, count)| **count > 1 && !key.is_empty())
        .map(|(key, _)| *key)
        .collect();
    repeated.sort_unstable();
    let mut on_page: HashMap<&str, usize> = HashMap::new();
    if !repeated.is_empty()
        && let Ok(automaton) = AhoCorasick::new(&repeated)
    {
        for found in automaton.find_overlapping_iter(stream.chars.as_str()) {
            *on_page
                .entry(repeated[found.pattern().as_usize()])
                .or_insert(0) += 1;
        }
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut kept: Vec<&str> = Vec::new();
    for (paragraph, key) in &paragraphs {
        let count = seen.entry(key.as_str()).or_insert(0);
        *count += 1;
        if *count > 1 && on_page.get(key.as_str()).copied().unwrap_or(0) < *count {
            continue;
        }
        kept.push(paragraph);
    }
    kept
}

/// Paragraphs longer than this are never checked for glued copies.
const MAX_GLUED_CHECK_CHARS: usize = 2000;

/// The extractor can also glue its copies into one paragraph
/// ("EmptyEmptyEmpty"). A paragraph the page does not have, made of one
/// text the page has repeated n times, is cut to that text once.
fn one_copy_if_glued<'a>(paragraph: &'a str, stream: &VisibleText) -> &'a str {
    let key: Vec<char> = paragraph.chars().filter(|c| !is_ignorable(*c)).collect();
    if key.len() < 2 || key.len() > MAX_GLUED_CHECK_CHARS {
        return paragraph;
    }
    let Some(period) = (1..=key.len() / 2)
        .filter(|p| key.len().is_multiple_of(*p))
        .find(|&p| key.chunks(p).all(|chunk| chunk == &key[..p]))
    else {
        return paragraph;
    };
    let whole: String = key.iter().collect();
    if stream.chars.contains(&whole) {
        return paragraph;
    }
    let unit: String = key[..period].iter().collect();
    if !stream.chars.contains(&unit) {
        return paragraph;
    }
    // The end of the paragraph's first copy: where its `period`-th
    // matched character ends.
    let end = paragraph
        .char_indices()
        .filter(|(_, c)| !is_ignorable(*c))
        .nth(period - 1)
        .map_or(paragraph.len(), |(i, c)| i + c.len_utf8());
    paragraph[..end].trim_end()
}

/// White space squeezed to single spaces, ends trimmed; `None` when empty.
/// A title or author from the page's metadata (JSON-LD, `<meta>` tags),
/// entities decoded: sites write them HTML-escaped into JSON and attribute
/// values ("&#039;The Medium is the Message&#039;"), and they are the
/// page's text, not its markup. An entity escaped twice stays one, which
/// `garbled.html-entity` flags.
fn clean_metadata(text: Option<&str>) -> Option<String> {
    clean(Some(&html_escape::decode_html_entities(text?)))
}

fn clean(text: Option<&str>) -> Option<String> {
    let text = squeeze(text?);
    (!text.is_empty()).then_some(text)
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of every caption element, squeezed, deduplicated in page order;
/// a caption whose text holds, or is held in, an earlier one (a caption
/// inside a caption container) is the same caption.
fn collect_captions(dom: &dom_query::Document) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for node in dom
        .select(CAPTION_SELECTOR)
        .nodes()
        .iter()
        .take(MAX_CAPTIONS)
    {
        if !beside_a_picture(node) {
            continue;
        }
        let text = squeeze(&node.text());
        let key = compact(&text);
        if key.is_empty()
            || text.chars().count() > MAX_CAPTION_CHARS
            || keys
                .iter()
                .any(|k| k.contains(&key) || key.contains(k.as_str()))
        {
            continue;
        }
        keys.push(key);
        out.push(text);
    }
    out
}

/// Whether a caption element captions a picture: a `figcaption` or an
/// `itemprop="caption"` always does; an element with a caption class
/// (sites use `.caption` for any small print, "604 COMMENTS") only when it,
/// its parent or its grandparent holds an image, a video or a figure.
fn beside_a_picture(node: &dom_query::NodeRef<'_>) -> bool {
    if node.is("figcaption, [itemprop=\"caption\"]") {
        return true;
    }
    let picture = |n: &dom_query::NodeRef<'_>| {
        n.node_name()
            .is_some_and(|name| matches!(&*name, "img" | "picture" | "video" | "figure"))
    };
    std::iter::once(*node)
        .chain(node.ancestors_it(Some(2)))
        .any(|n| picture(&n) || n.descendants_it().any(|d| picture(&d)))
}

/// Navigation items: the links of navigation elements, or the element's
/// whole text when it has no links.
fn collect_navigation(dom: &dom_query::Document) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for nav in dom.select(NAVIGATION_SELECTOR).nodes() {
        let links = nav.find(&["a"]);
        let items: Vec<String> = if links.is_empty() {
            vec![squeeze(&nav.text())]
        } else {
            links.iter().map(|a| squeeze(&a.text())).collect()
        };
        for item in items {
            let key = compact(&item);
            if key.is_empty() || seen.contains(&key) {
                continue;
            }
            seen.push(key);
            out.push(item);
            if out.len() >= MAX_NAVIGATION_ITEMS {
                return out;
            }
        }
    }
    out
}

/// The longest paragraph, in characters, that is taken for a link item.
const MAX_LINK_LINE_CHARS: usize = 160;

/// The compact text of every link on the page.
fn link_texts(dom: &dom_query::Document) -> std::collections::HashSet<String> {
    dom.select("a")
        .nodes()
        .iter()
        .map(|a| compact(&a.text()))
        .filter(|t| !t.is_empty())
        .collect()
}

/// Characters that never take part in matching: white space, soft hyphens
/// and zero-width characters, which extractors drop or re-space at will.
fn is_ignorable(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}'
        )
}

/// The text with every ignorable character removed.
fn compact(text: &str) -> String {
    text.chars().filter(|c| !is_ignorable(*c)).collect()
}

/// The visible characters of a page in order, without the ignorable ones,
/// each with the byte offset in the page where it was written.
struct VisibleText {
    chars: String,
    /// For each byte of `chars` that starts a char, its offset in the page.
    offsets: Vec<usize>,
}

/// Elements whose content is never visible text.
const HIDDEN_ELEMENTS: [&str; 5] = ["script", "style", "noscript", "template", "svg"];

impl VisibleText {
    fn of(html: &str) -> VisibleText {
        let mut visible = VisibleText {
            chars: String::with_capacity(html.len() / 2),
            offsets: Vec::with_capacity(html.len() / 2),
        };
        let bytes = html.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'<' => i = skip_markup(html, i),
                b'&' => {
                    let (decoded, len) = decode_entity(&html[i..]);
                    for c in decoded.chars() {
                        visible.push(c, i);
                    }
                    i += len;
                }
                _ => {
                    let Some(c) = html[i..].chars().next() else {
                        break;
                    };
                    visible.push(c, i);
                    i += c.len_utf8();
                }
            }
        }
        visible
    }

    fn push(&mut self, c: char, at: usize) {
        if is_ignorable(c) {
            return;
        }
        self.chars.push(c);
        self.offsets.extend(std::iter::repeat_n(at, c.len_utf8()));
    }
}

/// Elements that never hold content, and elements whose start tag closes an
/// open element of their kind (`<p>`, `<li>`, `<td>`…), so that a page
/// full of them unclosed is not deep.
const UNNESTED_ELEMENTS: [&str; 34] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "a", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "h1", "h2",
    "h3", "h4", "h5", "h6", "tbody", "thead", "tfoot", "nobr",
];

/// How deep the page's tags nest, counted in one pass over the tags: each
/// open tag of an element that can nest goes one deeper, each close tag one
/// back. The parser's tree can only be as deep, give or take the few
/// elements it adds.
fn tag_nesting(html: &str) -> usize {
    let bytes = html.as_bytes();
    let mut depth: usize = 0;
    let mut deepest: usize = 0;
    let mut i = 0;
    while let Some(found) = bytes[i..].iter().position(|&b| b == b'<') {
        let at = i + found;
        let end = skip_markup(html, at).max(at + 1);
        let tag = &html[at..end];
        let closing = tag.starts_with("</");
        let name: String = tag[if closing { 2 } else { 1 }..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let nests = !name.is_empty()
            && !UNNESTED_ELEMENTS.contains(&name.as_str())
            && !HIDDEN_ELEMENTS.contains(&name.as_str());
        if nests && closing {
            depth = depth.saturating_sub(1);
        } else if nests && !tag.ends_with("/>") {
            depth += 1;
            deepest = deepest.max(depth);
        }
        i = end;
    }
    deepest
}

/// The offset just past the markup that starts at `at` (a tag, a comment, a
/// declaration, or a hidden element with all its content). A `<` that opens
/// no markup is text, so it is skipped as one byte.
fn skip_markup(html: &str, at: usize) -> usize {
    let rest = &html[at..];
    if rest.starts_with("<!--") {
        return rest.find("-->").map_or(html.len(), |end| at + end + 3);
    }
    let next = rest.as_bytes().get(1).copied().unwrap_or(b' ');
    if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!' || next == b'?') {
        return at + 1;
    }
    let end = tag_end(rest).map_or(html.len(), |end| at + end);
    let name: String = rest[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if HIDDEN_ELEMENTS.contains(&name.as_str()) && !rest[..end - at].ends_with("/>") {
        let close = format!("</{name}");
        let tail = &html[end..];
        return find_ascii_case_insensitive(tail, &close)
            .and_then(|c| tag_end(&tail[c..]).map(|e| end + c + e))
            .unwrap_or(html.len());
    }
    end
}

/// The offset just past the `>` that closes the tag at the start of `tag`,
/// with quoted attribute values skipped.
fn tag_end(tag: &str) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, b) in tag.bytes().enumerate().skip(1) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return Some(i + 1),
            None => {}
        }
    }
    None
}

fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Decode the character reference at the start of `text` ("&amp;",
/// "&#8217;", "&#x2019;"). Returns the decoded text and the bytes read; a
/// `&` that starts no reference is itself.
fn decode_entity(text: &str) -> (String, usize) {
    let end = text
        .bytes()
        .take(40)
        .position(|b| b == b';')
        .filter(|&end| {
            text[1..end]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'#')
        });
    if let Some(end) = end
        && end > 1
    {
        let reference = &text[..=end];
        let decoded = html_escape::decode_html_entities(reference);
        if decoded != reference {
            return (decoded.into_owned(), end + 1);
        }
    }
    ("&".to_owned(), 1)
}

/// Where to look for a piece in the page.
#[derive(Clone, Copy)]
enum Search {
    /// Body paragraphs come in page order: look after the last one first.
    FromCursor,
    /// Titles, captions and navigation may be anywhere.
    Anywhere,
}

/// The analysed text as it is built, with its zones and its anchors.
struct Layout<'a> {
    stream: &'a VisibleText,
    text: String,
    zones: Vec<ZoneSpan>,
    anchors: Vec<(usize, usize)>,
    cursor: usize,
    /// Bytes of the stream the searches may still scan. Each search costs
    /// what it scanned; once spent, pieces keep the anchor before them, so
    /// alignment stays linear in the page when the extracted text is not
    /// on the page (text from metadata, say) and every chunk is a miss.
    budget: usize,
}

/// Alignment scans at most this many times the page's visible text.
const ALIGNMENT_BUDGET_PER_BYTE: usize = 64;

/// Pieces are aligned in chunks of this many characters, so that a change
/// the extractor made costs one chunk's alignment, not the piece's.
const CHUNK_CHARS: usize = 24;

impl<'a> Layout<'a> {
    fn new(stream: &'a VisibleText) -> Self {
        Layout {
            stream,
            text: String::new(),
            zones: Vec::new(),
            anchors: Vec::new(),
            cursor: 0,
            budget: ALIGNMENT_BUDGET_PER_BYTE * stream.chars.len().max(1024),
        }
    }

    /// A blank line between parts.
    fn gap(&mut self) {
        self.text.push_str("\n\n");
    }

    fn push(&mut self, zone: Zone, piece: &str, search: Search) {
        let start = self.text.len();
        self.text.push_str(piece);
        if zone != Zone::Body {
            self.zones.push(ZoneSpan {
                zone,
                start,
                end: self.text.len(),
            });
        }
        self.align(piece, start, search);
    }

    /// Anchor the piece written at `base` to where its characters are in
    /// the page: the whole piece if it is there as written, else chunk by
    /// chunk; a chunk found nowhere inherits the anchor before it.
    fn align(&mut self, piece: &str, base: usize, search: Search) {
        // (char, offset in the piece) of each character that is matched.
        let chars: Vec<(char, usize)> = piece
            .char_indices()
            .filter(|(_, c)| !is_ignorable(*c))
            .map(|(i, c)| (c, i))
            .collect();
        if chars.is_empty() {
            return;
        }
        let whole: String = chars.iter().map(|(c, _)| c).collect();
        let from = match search {
            Search::FromCursor => self.cursor,
            Search::Anywhere => 0,
        };
        if let Some(at) = self.find(&whole, from) {
            self.anchor_run(&chars, base, at);
            if matches!(search, Search::FromCursor) {
                self.cursor = at + whole.len();
            }
            return;
        }
        let mut position = from;
        for chunk in chars.chunks(CHUNK_CHARS) {
            let needle: String = chunk.iter().map(|(c, _)| c).collect();
            if let Some(at) = self.find(&needle, position) {
                self.anchor_run(chunk, base, at);
                position = at + needle.len();
            }
        }
        if matches!(search, Search::FromCursor) {
            self.cursor = position;
        }
    }

    /// The first occurrence of `needle` at or after `from`, else anywhere;
    /// `None` once the search budget is spent.
    fn find(&mut self, needle: &str, from: usize) -> Option<usize> {
        if self.budget == 0 {
            return None;
        }
        let hay = &self.stream.chars;
        let from = (from..=hay.len())
            .find(|&i| hay.is_char_boundary(i))
            .unwrap_or(hay.len());
        let found = hay[from..]
            .find(needle)
            .map(|i| i + from)
            .or_else(|| hay[..from].find(needle));
        let scanned = match found {
            Some(at) if at >= from => at - from + needle.len(),
            _ => hay.len(),
        };
        self.budget = self.budget.saturating_sub(scanned);
        found
    }

    /// Anchors for a run of piece characters found at `at` in the stream.
    /// Only a character whose page offset breaks the run gets an anchor.
    fn anchor_run(&mut self, chars: &[(char, usize)], base: usize, at: usize) {
        let mut stream_at = at;
        for &(c, offset_in_piece) in chars {
            let Some(&page_offset) = self.stream.offsets.get(stream_at) else {
                return;
            };
            let analysed = base + offset_in_piece;
            let predicted = self
                .anchors
                .last()
                .filter(|(a, _)| *a <= analysed)
                .map(|&(a, p)| p + (analysed - a));
            if predicted != Some(page_offset) {
                self.anchors.push((analysed, page_offset));
            }
            stream_at += c.len_utf8();
        }
    }

    fn finish(self) -> (String, Vec<ZoneSpan>, Vec<(usize, usize)>) {
        (self.text, self.zones, self.anchors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use credence_core::document::Document;

    const PAGE: &str = "<!doctype html>\n<html><head><title>Talks fail</title>\n<script>var x = '<p>no</p>';</script></head>\n<body>\n<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\n<article><h1>Talks fail</h1>\n<p>The talks failed on Tuesday, two diplomats said, and the\n   ministers went home. &ldquo;It is over,&rdquo; one said.</p>\n<figure><img src=\"a.jpg\"><figcaption>Ministers leave the hall in Geneva. AFP</figcaption></figure>\n<p>Officials in both capitals declined to comment on the failure of the talks, which had lasted for three weeks.</p>\n</article></body></html>\n";

    #[test]
    fn visible_text_skips_markup_and_decodes_entities() {
        let v = VisibleText::of("<p>a &amp; b</p><script>x<y</script><!-- c -->d&#8217;e");
        assert_eq!(v.chars, "a&bd’e");
        assert_eq!(v.offsets[1], 5);
    }

    #[test]
    fn page_parts_are_told_apart_and_point_into_the_page() {
        let page = extract_page(PAGE).unwrap();
        assert_eq!(page.extracted.title.as_deref(), Some("Talks fail"));
        assert!(page.extracted.body.contains("two diplomats said"));
        assert!(!page.extracted.body.contains("Ministers leave"));
        assert_eq!(
            page.extracted.captions,
            vec!["Ministers leave the hall in Geneva. AFP"]
        );
        assert_eq!(page.extracted.navigation, vec!["Home", "World"]);
        let doc = Document::new("page.html", page.text.clone())
            .with_zones(page.zones.clone())
            .with_origin(page.origin);
        let said = doc.text.find("two diplomats").unwrap();
        assert_eq!(doc.zone_at(said), Zone::Body);
        let (line, column) = doc.line_col(said);
        let page_line = PAGE.lines().nth(line - 1).unwrap();
        assert_eq!(
            page_line
                .chars()
                .skip(column - 1)
                .take(13)
                .collect::<String>(),
            "two diplomats"
        );
        let credit = doc.text.find("Geneva. AFP").unwrap();
        assert_eq!(doc.zone_at(credit), Zone::Caption);
        let home = doc.text.rfind("Home").unwrap();
        assert_eq!(doc.zone_at(home), Zone::Navigation);
        // Text after an entity still lands on the right column.
        let over = doc.text.find("It is over").unwrap();
        let (line, column) = doc.line_col(over);
        let page_line = PAGE.lines().nth(line - 1).unwrap();
        assert!(
            page_line
                .chars()
                .skip(column - 1)
                .collect::<String>()
                .starts_with("It is over")
        );
    }

    #[test]
    fn the_headline_kept_in_the_content_is_the_title_not_the_body() {
        let page = PAGE.replace("<article><h1>Talks fail</h1>", "<article><p>Talks fail</p>");
        let page = extract_page(&page).unwrap();
        assert!(
            !page.extracted.body.contains("Talks fail"),
            "{}",
            page.extracted.body
        );
        assert!(page.extracted.body.starts_with("The talks failed"));
        let doc = Document::new("page.html", page.text.clone()).with_zones(page.zones.clone());
        assert!(
            doc.text
                .match_indices("Talks fail")
                .all(|(at, _)| doc.zone_at(at) == Zone::Title)
        );
    }

    #[test]
    fn copies_glued_by_the_extractor_are_read_once() {
        let stream = VisibleText::of("<title>Empty</title><p>A b.</p>");
        assert_eq!(one_copy_if_glued("EmptyEmptyEmpty", &stream), "Empty");
        assert_eq!(one_copy_if_glued("A b. A b.", &stream), "A b.");
        // Text the page has as it stands, or that is no repetition, stays.
        assert_eq!(one_copy_if_glued("A b.", &stream), "A b.");
        assert_eq!(one_copy_if_glued("EmptyFull", &stream), "EmptyFull");
    }

    #[test]
    fn depth_is_measured_without_recursion() {
        let dom =
            dom_query::Document::from("<html><body><div><p>a</p></div><p>b</p></body></html>");
        // document > html > body > div > p > text
        assert_eq!(depth_of(&dom), 5);
        let deep = format!("{}x", "<div>".repeat(2_000));
        let dom = dom_query::Document::from(deep.as_str());
        assert!(depth_of(&dom) >= 2_000);
    }

    #[test]
    fn tags_nest_as_the_parser_would_nest_them() {
        assert_eq!(
            tag_nesting("<html><body><div><p>a<p>b<br><img src=x></div></body></html>"),
            3
        );
        assert_eq!(tag_nesting(&"<p>unclosed ".repeat(5000)), 0);
        assert_eq!(tag_nesting(&"<div/>".repeat(5000)), 0);
        assert_eq!(tag_nesting("<script><div><div></script><div>"), 1);
        assert_eq!(tag_nesting(&"<div>".repeat(5000)), 5000);
        assert_eq!(tag_nesting("a < b <"), 0);
    }

    #[test]
    fn a_page_deeper_than_the_limit_is_refused() {
        let page = format!(
            "<html><body>{}<p>Said.</p></body></html>",
            "<div>".repeat(MAX_PAGE_DEPTH)
        );
        match extract_page(&page) {
            Err(PageError::TooDeep { depth }) => assert!(depth > MAX_PAGE_DEPTH),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn repeated_paragraphs_are_kept_as_often_as_the_page_has_them() {
        let stream = VisibleText::of("<p>Same.</p><p>Same.</p><p>Other.</p>");
        assert_eq!(
            paragraphs_as_often_as_on_the_page("Same.\nSame.\nSame.\nOther.\nOther.", &stream),
            ["Same.", "Same.", "Other."]
        );
    }

    #[test]
    fn broken_markup_does_not_panic() {
        for html in [
            "<",
            "<p",
            "&",
            "&#;",
            "<script>",
            "<!--",
            "<a href='>",
            "\u{e9}<\u{e9}&\u{e9};",
        ] {
            let page = extract_page(html).unwrap();
            let doc = Document::new("x", page.text).with_origin(page.origin);
            let _ = doc.line_col(doc.text.len());
        }
    }
}
