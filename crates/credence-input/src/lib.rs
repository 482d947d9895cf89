//! credence-input: everything between an input as a user names it (a file,
//! standard input, an http(s) URL, a JSON Lines corpus) and the prepared
//! [`credence_core::Document`] that the analysis reads.
//!
//! In the order the data flows: [`read`] gets the bytes (a file, standard
//! input, or [`fetch`] for a URL), [`decode`] turns them into text, and
//! [`prepare`] reads the text in its format — [`html`] extraction aligned
//! back to the page, [`markdown`] without front matter and code, or plain
//! text split into zones — into one Document. [`jsonl`] streams corpora a
//! record at a time. Nothing here prints or exits.

pub mod decode;
pub mod error;
#[cfg(feature = "fetch")]
pub mod fetch;
pub mod html;
pub mod jsonl;
pub mod markdown;
pub mod prepare;
pub mod read;
pub mod url;

pub use error::InputError;
pub use prepare::{InputFormat, Prepared, prepare};
pub use read::{Input, ReadOptions};
