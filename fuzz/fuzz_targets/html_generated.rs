//! Pages built from a structure, not mutated bytes: nesting to any depth,
//! pieces repeated thousands of times, captions, navigation, links and
//! text with multi-byte characters, so that the sizes and depths that
//! byte mutation never reaches (a page of megabytes, a tree thousands of
//! levels deep) are read too. Every page is extracted or refused by name.
#![no_main]

use arbitrary::Arbitrary;
use credence_fuzz::{analyse, read, render_all};
use credence_input::InputFormat;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Element {
    Div,
    Article,
    Paragraph,
    Span,
    Bold,
    Link,
    ListItem,
    Table,
    Figure,
    Caption,
    Nav,
    Script,
}

impl Element {
    fn tags(&self) -> (&'static str, &'static str) {
        match self {
            Element::Div => ("<div>", "</div>"),
            Element::Article => ("<article>", "</article>"),
            Element::Paragraph => ("<p>", "</p>"),
            Element::Span => ("<span class=\"caption\">", "</span>"),
            Element::Bold => ("<b>", "</b>"),
            Element::Link => ("<a href=\"/x\">", "</a>"),
            Element::ListItem => ("<ul><li>", "</li></ul>"),
            Element::Table => ("<table><tr><td>", "</td></tr></table>"),
            Element::Figure => ("<figure>", "</figure>"),
            Element::Caption => ("<figcaption>", "</figcaption>"),
            Element::Nav => ("<nav>", "</nav>"),
            Element::Script => ("<script>", "</script>"),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Piece {
    element: Element,
    /// How many times the element is opened around the next piece.
    nesting: u16,
    /// How many times the piece is written.
    repeat: u16,
    /// Leave the element unclosed.
    unclosed: bool,
    text: String,
}

#[derive(Arbitrary, Debug)]
struct Page {
    title: String,
    pieces: Vec<Piece>,
}

/// Pages stay under this size, so each run takes at most a few seconds.
const MAX_PAGE_BYTES: usize = 4 << 20;

fuzz_target!(|page: Page| {
    let mut html = format!("<html><head><title>{}</title></head><body>", page.title);
    let mut closes = Vec::new();
    for piece in page.pieces.iter().take(64) {
        let (open, close) = piece.element.tags();
        let nesting = usize::from(piece.nesting % 6_000);
        let body = format!(
            "{open}{} said é “{}”.{}",
            piece.text,
            piece.text,
            if piece.unclosed { "" } else { close }
        );
        let repeat = usize::from(piece.repeat % 20_000).max(1);
        if html.len() + nesting * open.len() + repeat * body.len() > MAX_PAGE_BYTES {
            break;
        }
        html.push_str(&open.repeat(nesting));
        html.push_str(&body.repeat(repeat));
        if !piece.unclosed {
            closes.push(close.repeat(nesting));
        }
    }
    for close in closes.iter().rev() {
        html.push_str(close);
    }
    html.push_str("</body></html>");
    if let Some(prepared) = read(html.as_bytes(), Some(InputFormat::Html)) {
        let report = analyse(prepared);
        render_all(&report);
    }
});
