//! `credence extract`: what credence reads from one input (title, byline,
//! date, body, captions, navigation), so a user can see what was analysed
//! and which zone each part fell in.

use credence::html::Extracted;
use std::io::{self, Write};

/// The parts as plain text: a header of fields, then each part under a rule.
pub fn write_text(extracted: &Extracted, out: &mut dyn Write) -> io::Result<()> {
    let field = |value: &Option<String>| value.clone().unwrap_or_else(|| "-".to_owned());
    writeln!(out, "title:   {}", field(&extracted.title))?;
    writeln!(out, "byline:  {}", field(&extracted.byline))?;
    writeln!(out, "date:    {}", field(&extracted.date))?;
    writeln!(out, "\n--- body ---")?;
    writeln!(out, "{}", extracted.body)?;
    for (heading, items) in [
        ("captions", &extracted.captions),
        ("navigation", &extracted.navigation),
    ] {
        writeln!(out, "\n--- {heading} ({}) ---", items.len())?;
        for item in items {
            writeln!(out, "{item}")?;
        }
    }
    Ok(())
}

/// The parts as one JSON object:
/// `{"title", "byline", "date", "body", "captions": [..], "navigation": [..]}`.
pub fn write_json(extracted: &Extracted, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, extracted)?;
    writeln!(out)
}
