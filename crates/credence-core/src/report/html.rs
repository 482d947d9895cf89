//! `--format html`: one self-contained page for a fact-checker to read. Each
//! document's text with its findings highlighted by category and its
//! attributions marked by kind (source underlined, cue dotted), a legend, the
//! score's reason and ledger, the sourcing and the provenance beside the
//! text; hovering a highlight shows its rules and messages, clicking it
//! shows them with each rule's explanation. A folder gets an index sorted by
//! score. Nothing is fetched: styles and the script are inline. Article text
//! is escaped everywhere, and the data the script reads is JSON with `<`
//! escaped, so no markup from an article ever runs. Streamed: each document
//! is written as it arrives; the index is written last and shown first.

use super::{
    DocumentReport, RenderOptions, Reporter, ScoreBand, Summary, score_reason, sourcing_sentence,
};
use crate::analysis::printable;
use std::collections::BTreeMap;
use std::io::{self, Write};

pub(super) struct HtmlReporter {
    options: RenderOptions,
    started: bool,
    /// (score, grade, name, anchor, findings) of each document, for the index.
    index: Vec<(u32, String, String, usize, usize)>,
}

impl HtmlReporter {
    pub(super) fn new(options: RenderOptions) -> Self {
        HtmlReporter {
            options,
            started: false,
            index: Vec::new(),
        }
    }

    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        let rules: BTreeMap<&str, serde_json::Value> = self
            .options
            .rules
            .iter()
            .map(|r| {
                (
                    r.id.as_str(),
                    serde_json::json!({
                        "category": r.category,
                        "message": r.message,
                        "description": r.description.as_deref().map(|d| d.split_whitespace().collect::<Vec<_>>().join(" ")),
                        "reference": r.reference,
                    }),
                )
            })
            .collect();
        write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"credence {}\">\n<title>credence report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header class=\"top\"><h1>credence report</h1>{}</header>\n<script type=\"application/json\" id=\"rules\">{}</script>\n",
            escape(&self.options.version),
            legend(),
            script_json(&serde_json::to_value(rules).unwrap_or_default()),
        )
    }
}

/// Text for HTML content and attribute values: `& < > " '` escaped,
/// control characters shown escaped.
fn escape(text: &str) -> String {
    let text = printable(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Article text in the page body: escaped, but line breaks and tabs kept
/// (the text is shown with `white-space: pre-wrap`).
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for part in line.split('\t').enumerate() {
            if part.0 > 0 {
                out.push('\t');
            }
            out.push_str(&escape(part.1.trim_end_matches('\r')));
        }
    }
    out
}

/// JSON for a `<script type="application/json">` block: `<` is written as
/// `\u003c`, so neither `</script>` nor `<!--` can end or change the block.
fn script_json(value: &serde_json::Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

/// A CSS class name from a category or kind: letters, digits and `-` only.
fn class_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

fn legend() -> String {
    let categories = [
        ("anonymous-source", "anonymous source"),
        ("wire-service", "wire copy and credits"),
        ("republication", "republication"),
        ("boilerplate", "page furniture"),
        ("garbled-text", "garbled text"),
    ];
    let kinds = [
        ("named", "named source"),
        ("institutional", "institution"),
        ("anonymous", "anonymous source"),
        ("document", "document"),
        ("wire", "wire agency"),
    ];
    let mut html = String::from("<div class=\"legend\"><span>Findings:</span>");
    for (class, label) in categories {
        html.push_str(&format!("<mark class=\"f c-{class}\">{label}</mark>"));
    }
    html.push_str("<span>Sources:</span>");
    for (class, label) in kinds {
        html.push_str(&format!("<span class=\"src k-{class}\">{label}</span>"));
    }
    html.push_str("<span class=\"cue\">cue (said, told…)</span></div>");
    html
}

/// One highlighted stretch: byte range, and which finding or attribution.
struct Span {
    start: usize,
    end: usize,
    mark: Mark,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Mark {
    Finding(usize),
    Source(usize),
    Cue(usize),
}

/// The document's text with every span marked. Overlapping spans are cut
/// at each boundary, so every stretch of text is one `<mark>` carrying all
/// the findings and attributions over it; a sweep keeps this linear in the
/// number of spans (plus the text).
fn highlighted_text(doc: &DocumentReport) -> String {
    let text = &doc.document.text;
    let a = &doc.analysis;
    let mut spans = Vec::new();
    let valid = |start: usize, end: usize| {
        start < end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end)
    };
    for (i, f) in a.findings.iter().enumerate() {
        if valid(f.start, f.end) {
            spans.push(Span {
                start: f.start,
                end: f.end,
                mark: Mark::Finding(i),
            });
        }
    }
    for (i, at) in a.attributions.iter().enumerate() {
        if valid(at.source_start, at.source_end) {
            spans.push(Span {
                start: at.source_start,
                end: at.source_end,
                mark: Mark::Source(i),
            });
        }
        if valid(at.cue_start, at.cue_end) {
            spans.push(Span {
                start: at.cue_start,
                end: at.cue_end,
                mark: Mark::Cue(i),
            });
        }
    }
    // Boundary events: (offset, opens?, mark); closings before openings at
    // one offset.
    let mut events: Vec<(usize, bool, Mark)> = Vec::with_capacity(spans.len() * 2);
    for s in &spans {
        events.push((s.start, true, s.mark));
        events.push((s.end, false, s.mark));
    }
    events.sort_unstable();
    let mut active: std::collections::BTreeSet<Mark> = std::collections::BTreeSet::new();
    let mut html = String::with_capacity(text.len() + spans.len() * 64);
    let mut at = 0;
    let mut i = 0;
    while i < events.len() {
        let offset = events[i].0;
        if offset > at {
            html.push_str(&segment(&text[at..offset], &active, doc));
            at = offset;
        }
        while i < events.len() && events[i].0 == offset {
            let (_, opens, mark) = events[i];
            if opens {
                active.insert(mark);
            } else {
                active.remove(&mark);
            }
            i += 1;
        }
    }
    html.push_str(&segment(&text[at..], &active, doc));
    html
}

/// One stretch of text under the marks in `active`.
fn segment(text: &str, active: &std::collections::BTreeSet<Mark>, doc: &DocumentReport) -> String {
    if active.is_empty() {
        return escape_text(text);
    }
    let a = &doc.analysis;
    let mut classes = Vec::new();
    let mut findings = Vec::new();
    let mut attributions = Vec::new();
    let mut title = Vec::new();
    for mark in active {
        match *mark {
            Mark::Finding(i) => {
                let f = &a.findings[i];
                if findings.is_empty() {
                    classes.push("f".to_owned());
                    classes.push(format!("c-{}", class_name(&f.category)));
                    classes.push(format!("s-{}", f.severity.as_str()));
                }
                findings.push(i.to_string());
                title.push(format!("{} ({}): {}", f.rule, f.severity, f.message));
            }
            Mark::Source(i) | Mark::Cue(i) => {
                let at = &a.attributions[i];
                if matches!(mark, Mark::Source(_)) {
                    classes.push("src".to_owned());
                    classes.push(format!("k-{}", class_name(at.kind.as_str())));
                } else {
                    classes.push("cue".to_owned());
                }
                if !attributions.contains(&i.to_string()) {
                    attributions.push(i.to_string());
                    title.push(format!(
                        "{} source: {} ({})",
                        at.kind.as_str(),
                        at.source,
                        at.verb
                    ));
                }
            }
        }
    }
    classes.dedup();
    format!(
        "<mark class=\"{}\" data-f=\"{}\" data-a=\"{}\" title=\"{}\" tabindex=\"0\">{}</mark>",
        classes.join(" "),
        findings.join(" "),
        attributions.join(" "),
        escape(&title.join("\n")),
        escape_text(text)
    )
}

impl Reporter for HtmlReporter {
    fn document(
        &mut self,
        doc: &DocumentReport,
        _: &Summary,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        self.start(out)?;
        let anchor = self.index.len() + 1;
        let a = &doc.analysis;
        self.index.push((
            a.score.value,
            a.score.grade.clone(),
            doc.document.name.clone(),
            anchor,
            a.findings.len(),
        ));
        let grade_class = match ScoreBand::of(a.score.value) {
            ScoreBand::Good => "good",
            ScoreBand::Fair => "fair",
            ScoreBand::Poor => "poor",
        };
        write!(
            out,
            "<section class=\"doc\" id=\"doc-{anchor}\">\n<h2>{}</h2>\n<p class=\"verdict\"><span class=\"score {grade_class}\">{}/100 ({})</span> {}</p>\n",
            escape(&doc.document.name),
            a.score.value,
            escape(&a.score.grade),
            escape(&score_reason(a)),
        )?;
        for crossed in doc.thresholds.crossed(a) {
            writeln!(
                out,
                "<p class=\"fails\">Fails: {}</p>",
                escape(&crossed.reason())
            )?;
        }
        for warning in &doc.warnings {
            writeln!(out, "<p class=\"note\">Note: {}</p>", escape(warning))?;
        }
        write!(
            out,
            "<div class=\"layout\">\n<article class=\"text\">{}</article>\n<aside>\n",
            highlighted_text(doc)
        )?;
        writeln!(
            out,
            "<h3>Sourcing</h3><p>{}.</p>",
            sourcing_sentence(&a.sourcing)
        )?;
        let p = &a.provenance;
        if !p.is_empty() {
            out.write_all(b"<h3>Provenance</h3><dl>")?;
            for (label, list) in [
                ("Original", &p.original),
                ("Republished by", &p.republished_by),
                ("Agencies", &p.agencies),
                ("Photo credits", &p.photo_credits),
            ] {
                if !list.is_empty() {
                    write!(out, "<dt>{label}</dt><dd>{}</dd>", escape(&list.join(", ")))?;
                }
            }
            out.write_all(b"</dl>\n")?;
        }
        out.write_all(b"<h3>Score</h3><table class=\"ledger\"><tr><th>Term</th><th>Count</th><th>Effect</th></tr>")?;
        for e in &a.score.ledger {
            write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{:+.1}</td></tr>",
                escape(&e.term),
                e.count,
                e.effect + 0.0
            )?;
        }
        writeln!(
            out,
            "<tr class=\"total\"><td>= score</td><td></td><td>{} ({})</td></tr></table>",
            a.score.value,
            escape(&a.score.grade)
        )?;
        write!(
            out,
            "<h3>Findings ({})</h3><ol class=\"findings\">",
            a.findings.len()
        )?;
        for f in &a.findings {
            write!(
                out,
                "<li class=\"s-{}\"><span class=\"pos\">{}:{}</span> <code>{}</code> {}</li>",
                f.severity.as_str(),
                f.line,
                f.column,
                escape(&f.rule),
                escape(&f.message)
            )?;
        }
        out.write_all(b"</ol>\n</aside>\n</div>\n")?;
        let data = serde_json::json!({
            "findings": a.findings.iter().map(|f| serde_json::json!({
                "rule": f.rule, "severity": f.severity, "message": f.message,
                "line": f.line, "column": f.column, "text": f.text,
            })).collect::<Vec<_>>(),
            "attributions": a.attributions.iter().map(|at| serde_json::json!({
                "kind": at.kind.as_str(), "source": at.source, "verb": at.verb, "via": at.via,
                "line": at.line, "column": at.column,
            })).collect::<Vec<_>>(),
        });
        writeln!(
            out,
            "<script type=\"application/json\" class=\"doc-data\">{}</script>\n</section>",
            script_json(&data)
        )
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        self.start(out)?;
        if self.index.len() > 1 || !summary.errors.is_empty() {
            // Written last, shown first (the body is a flex column).
            out.write_all(b"<nav class=\"index\"><h2>Documents, lowest score first</h2><table><tr><th>Score</th><th>Document</th><th>Findings</th></tr>")?;
            let mut rows: Vec<_> = self.index.iter().collect();
            rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.3.cmp(&b.3)));
            for (score, grade, name, anchor, findings) in rows {
                write!(
                    out,
                    "<tr><td>{score} ({})</td><td><a href=\"#doc-{anchor}\">{}</a></td><td>{findings}</td></tr>",
                    escape(grade),
                    escape(name)
                )?;
            }
            out.write_all(b"</table>")?;
            if !summary.errors.is_empty() {
                out.write_all(b"<h3>Could not be read</h3><ul>")?;
                for e in &summary.errors {
                    write!(out, "<li>{}</li>", escape(&e.message))?;
                }
                out.write_all(b"</ul>")?;
            }
            out.write_all(b"</nav>\n")?;
        }
        if let Some(lines) = summary.failure_lines() {
            writeln!(
                out,
                "<footer class=\"fails\"><pre>{}</pre></footer>",
                escape(&lines.join("\n"))
            )?;
        }
        write!(
            out,
            "<div id=\"detail\" hidden></div>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
        )
    }
}

const STYLE: &str = r#"
body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:0 1.5rem 3rem;color:#1b1b1b;background:#fafafa;display:flex;flex-direction:column}
.top{order:-2}.index{order:-1;margin:1rem 0}
h1{font-size:1.4rem;margin:1rem 0 .5rem}h2{font-size:1.15rem;margin:1.5rem 0 .25rem;word-break:break-all}h3{font-size:.95rem;margin:1rem 0 .25rem}
.legend{display:flex;flex-wrap:wrap;gap:.4rem .8rem;align-items:center;font-size:.85rem}
.doc{border-top:2px solid #ccc;margin-top:1rem}
.verdict{margin:.25rem 0}.score{font-weight:700;padding:0 .4rem;border-radius:3px;color:#fff}
.good{background:#2e7d32}.fair{background:#b26a00}.poor{background:#c62828}
.fails{color:#c62828;font-weight:600;margin:.25rem 0}.note{color:#555}
.layout{display:grid;grid-template-columns:minmax(0,3fr) minmax(16rem,1fr);gap:1.5rem}
@media (max-width:900px){.layout{grid-template-columns:1fr}}
.text{white-space:pre-wrap;background:#fff;border:1px solid #ddd;padding:1rem;border-radius:4px;overflow-wrap:anywhere}
aside{font-size:.85rem}aside dl{margin:0}aside dt{font-weight:600}aside dd{margin:0 0 .3rem 1rem}
table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.15rem .5rem;text-align:left}
.ledger td:last-child{text-align:right}.total td{font-weight:700}
.findings{padding-left:1.2rem}.findings li{margin:.15rem 0}.pos{color:#666}
mark{background:none;color:inherit;cursor:pointer;border-radius:2px}
mark.f{background:#fff3a0}
mark.c-anonymous-source{background:#ffd8a8}mark.c-wire-service{background:#cfe2ff}mark.c-republication{background:#e5d4ff}
mark.c-boilerplate{background:#dcdcdc}mark.c-garbled-text{background:#ffc9c9}mark.c-suppression{background:#d3f9d8}
.src{border-bottom:3px solid #888;padding-bottom:1px}
.k-named{border-color:#2e7d32}.k-institutional{border-color:#00838f}.k-anonymous{border-bottom-style:dashed;border-color:#c62828}
.k-document{border-color:#795548}.k-wire{border-color:#1565c0}
.cue{border-bottom:2px dotted #444}
mark:focus{outline:2px solid #1565c0}
#detail{position:fixed;right:1rem;bottom:1rem;max-width:32rem;background:#fff;border:1px solid #999;border-radius:6px;padding:.75rem 1rem;box-shadow:0 2px 12px rgba(0,0,0,.2);font-size:.9rem;white-space:pre-wrap}
"#;

const SCRIPT: &str = r#"
(function(){
  var rules = JSON.parse(document.getElementById('rules').textContent);
  var detail = document.getElementById('detail');
  function show(mark){
    var section = mark.closest('section');
    var data = JSON.parse(section.querySelector('.doc-data').textContent);
    var lines = [];
    (mark.dataset.f || '').split(' ').filter(Boolean).forEach(function(i){
      var f = data.findings[+i]; var r = rules[f.rule] || {};
      lines.push(f.rule + ' (' + f.severity + ', ' + f.line + ':' + f.column + ')\n' + f.message +
        (r.description ? '\n' + r.description : '') + (r.reference ? '\nReference: ' + r.reference : ''));
    });
    (mark.dataset.a || '').split(' ').filter(Boolean).forEach(function(i){
      var a = data.attributions[+i];
      lines.push(a.kind + ' source: ' + a.source + ' (' + a.verb + (a.via ? ', via ' + a.via : '') + ')');
    });
    detail.textContent = lines.join('\n\n');
    detail.hidden = false;
  }
  document.addEventListener('click', function(e){
    var mark = e.target.closest('mark[data-f], mark[data-a]');
    if (mark && mark.closest('section')) { show(mark); } else if (!e.target.closest('#detail')) { detail.hidden = true; }
  });
  document.addEventListener('keydown', function(e){
    if (e.key === 'Enter' && document.activeElement.matches('section mark')) { show(document.activeElement); }
    if (e.key === 'Escape') { detail.hidden = true; }
  });
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_markup_never_runs() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        let json = script_json(&serde_json::json!({"t": "</script><!--"}));
        assert!(!json.contains('<'), "{json}");
    }

    #[test]
    fn class_names_are_plain() {
        assert_eq!(class_name("Anonymous Source\"x"), "anonymous-source-x");
    }
}
