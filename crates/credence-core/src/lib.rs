//! credence-core: the analysis of news articles for source credibility and
//! provenance, with no I/O.
//!
//! The data flows through its modules in this order: a [`document`] (text,
//! line index, zones, sentences) is matched against a compiled [`rules`] set
//! by the [`analysis`], which also runs the [`attribution`] model; the
//! findings and attributions give the [`score`] and the [`provenance`]; the
//! [`baseline`] filter drops known findings; a [`report`] renders the result
//! into any `Write`. Rule packs are handed in as text. The crate never
//! touches the filesystem, the network or the environment, never prints and
//! never exits: the `credence` binary and `credence-input` do that.

pub mod analysis;
pub mod attribution;
pub mod baseline;
pub mod document;
pub mod error;
pub mod finding;
mod fnv;
pub mod provenance;
pub mod report;
pub mod rules;
pub mod score;
pub mod suggest;

pub use analysis::{Analysis, analyze};
pub use document::Document;
pub use error::{PackError, RuleError};
pub use finding::{Finding, Severity};
pub use rules::{PackSource, RuleSet};
