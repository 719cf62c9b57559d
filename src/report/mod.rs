//! Human-facing output: the plain-text run summary,
//! the text and JSON of the other commands, and the HTML report.

pub mod html;
pub mod letters;
mod summary;
pub mod text;

pub use crate::lang::Lang;
pub use summary::{status_text, status_text_in, text_summary};

pub use crate::format::{num, pct, rounded};
