//! Reading inputs and writing outputs: CSV rows in, checked instance out;
//! plans and summaries out, written atomically.

pub mod export;
pub mod load;
pub mod plan_csv;
pub mod table;
pub mod workbook;

pub use load::{load, load_bytes, InputBytes, InputFile, InputPaths, LoadOptions, Loaded};
