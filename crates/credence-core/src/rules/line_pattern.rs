//! Rule regexes in the form a line-oriented search tool takes them, for
//! `credence rules patterns` (`rg -f`). The rules run on whole texts; such
//! tools join every line of a pattern file into one regex and search a line
//! at a time, so two things a rule may say have to be rewritten: a capture
//! name (two rules naming `hit` is a duplicate name once joined) and a line
//! break outside a class (ripgrep refuses one, and a line never holds one).

use regex_syntax::ast::parse::Parser;
use regex_syntax::ast::print::Printer;
use regex_syntax::ast::{
    Assertion, AssertionKind, Ast, ClassSet, ClassSetItem, Concat, Flags, Group, GroupKind,
    HexLiteralKind, Literal, LiteralKind, Span,
};

/// `pattern` as one line that ripgrep's `-f` and `RegexSet` accept together
/// with any other pattern so printed:
///
/// - a named group `(?P<name>…)` or `(?<name>…)` becomes `(?:…)`;
/// - a line break outside a class becomes `(?:\b\B)`, which matches nothing,
///   as a line break never occurs within a line (in a class it stays: a
///   line-oriented search drops it from the class);
/// - any other control character written as itself is written `\x{..}`, so
///   the pattern stays on its line;
/// - comments and insignificant white space of `(?x)` patterns are dropped.
///
/// A pattern that does not parse (never one that compiled) is returned as
/// written.
pub fn line_pattern(pattern: &str) -> String {
    let Ok(mut ast) = Parser::new().parse(pattern) else {
        return pattern.to_owned();
    };
    rewrite(&mut ast);
    let mut printed = String::with_capacity(pattern.len());
    match Printer::new().print(&ast, &mut printed) {
        Ok(()) => printed,
        Err(_) => pattern.to_owned(),
    }
}

/// Rewrite in place; depth is bounded by the parser's nesting limit.
fn rewrite(ast: &mut Ast) {
    match ast {
        Ast::Literal(literal) if literal.c == '\n' => *ast = never(literal.span),
        Ast::Literal(literal) => keep_on_line(literal),
        Ast::ClassBracketed(class) => rewrite_set(&mut class.kind),
        Ast::Repetition(repetition) => rewrite(&mut repetition.ast),
        Ast::Group(group) => {
            if let GroupKind::CaptureName { .. } = group.kind {
                group.kind = GroupKind::NonCapturing(Flags {
                    span: group.span,
                    items: Vec::new(),
                });
            }
            rewrite(&mut group.ast);
        }
        Ast::Alternation(alternation) => alternation.asts.iter_mut().for_each(rewrite),
        Ast::Concat(concat) => concat.asts.iter_mut().for_each(rewrite),
        Ast::Empty(_)
        | Ast::Flags(_)
        | Ast::Dot(_)
        | Ast::Assertion(_)
        | Ast::ClassUnicode(_)
        | Ast::ClassPerl(_) => {}
    }
}

fn rewrite_set(set: &mut ClassSet) {
    match set {
        ClassSet::Item(item) => rewrite_item(item),
        ClassSet::BinaryOp(op) => {
            rewrite_set(&mut op.lhs);
            rewrite_set(&mut op.rhs);
        }
    }
}

fn rewrite_item(item: &mut ClassSetItem) {
    match item {
        ClassSetItem::Literal(literal) => keep_on_line(literal),
        ClassSetItem::Range(range) => {
            keep_on_line(&mut range.start);
            keep_on_line(&mut range.end);
        }
        ClassSetItem::Bracketed(class) => rewrite_set(&mut class.kind),
        ClassSetItem::Union(union) => union.items.iter_mut().for_each(rewrite_item),
        ClassSetItem::Empty(_)
        | ClassSetItem::Ascii(_)
        | ClassSetItem::Unicode(_)
        | ClassSetItem::Perl(_) => {}
    }
}

/// A control character written as itself is written as an escape instead.
fn keep_on_line(literal: &mut Literal) {
    if literal.c.is_control() && literal.kind == LiteralKind::Verbatim {
        literal.kind = LiteralKind::HexBrace(HexLiteralKind::X);
    }
}

/// `(?:\b\B)`: a word boundary that is not one, so nothing.
fn never(span: Span) -> Ast {
    let assertion = |kind| Ast::Assertion(Box::new(Assertion { span, kind }));
    Ast::Group(Box::new(Group {
        span,
        kind: GroupKind::NonCapturing(Flags {
            span,
            items: Vec::new(),
        }),
        ast: Box::new(Ast::Concat(Box::new(Concat {
            span,
            asts: vec![
                assertion(AssertionKind::WordBoundary),
                assertion(AssertionKind::NotWordBoundary),
            ],
        }))),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_dropped_and_line_breaks_match_nothing() {
        assert_eq!(line_pattern(r"(?P<hit>a)|(?<x>b)"), r"(?:a)|(?:b)");
        assert_eq!(
            line_pattern(r"a(?:[\s&&[^\n]]+\n?|\n)b"),
            r"a(?:[\s&&[^\n]]+(?:\b\B)?|(?:\b\B))b"
        );
        assert_eq!(line_pattern("a\nb"), r"a(?:\b\B)b");
        assert_eq!(line_pattern("a\u{1}b[\t]"), r"a\x{1}b[\x{9}]");
        assert_eq!(line_pattern("(?x) a b # c\n d"), "(?x)abd");
        assert_eq!(line_pattern(r"(a)\b(?i:x)$"), r"(a)\b(?i:x)$");
        assert_eq!(line_pattern("(unclosed"), "(unclosed");
    }

    #[test]
    fn printed_patterns_join_into_one_set() {
        let rules = crate::RuleSet::builtin().unwrap();
        let printed: Vec<String> = rules
            .rules()
            .iter()
            .flat_map(|r| r.patterns.iter())
            .map(|p| line_pattern(p))
            .collect();
        assert!(printed.iter().all(|p| !p.contains('\n')));
        let set = regex::RegexSetBuilder::new(&printed)
            .size_limit(1 << 30)
            .build();
        assert!(set.is_ok(), "{set:?}");
        // As ripgrep combines them: one alternation, so no name twice.
        let joined = regex::RegexBuilder::new(&printed.join("|"))
            .size_limit(1 << 30)
            .build();
        assert!(joined.is_ok(), "{joined:?}");
    }
}
