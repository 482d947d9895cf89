//! credence: audit news articles for source credibility and provenance.
//!
//! The library is the whole analysis engine: it loads and compiles rule packs,
//! reads documents, finds what the rules flag, scores each document and renders
//! reports into any `Write`. It never prints, never exits and never reads the
//! environment; the `credence` binary owns arguments, file walking and exit codes.

pub mod attribution;
pub mod baseline;
pub mod checks;
pub mod config;
pub mod document;
pub mod engine;
pub mod error;
pub mod extract;
pub mod fetch;
pub mod finding;
pub mod html;
pub mod input;
pub mod jsonl_input;
pub mod markdown;
pub mod provenance;
pub mod report;
pub mod rules;
pub mod score;
pub mod sentences;
pub mod suppression;
pub mod zones;

pub use document::Document;
pub use engine::{Analysis, analyze};
pub use error::{InputError, RuleError};
pub use finding::{Finding, Severity};
pub use rules::{RuleSet, RuleSource};
