//! Typed errors. Each says whose fault it is and what to do.

use std::fmt;
use std::path::PathBuf;

/// One problem in one input cell (or row, or file), with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// File name as given (e.g. `officers.csv`).
    pub file: String,
    /// 1-based line; 0 when the problem is the whole file.
    pub line: u64,
    /// 1-based column and its header, when the problem is in one cell.
    pub column: Option<(usize, String)>,
    /// The offending value, when there is one.
    pub value: Option<String>,
    /// What was expected, or what is wrong.
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        if let Some((col, name)) = &self.column {
            write!(f, ":{col} ({name})")?;
        }
        f.write_str(": ")?;
        if let Some(v) = &self.value {
            write!(f, "'{v}': ")?;
        }
        f.write_str(&self.message)
    }
}

/// Every problem found while loading, in file then line order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputErrors(pub Vec<InputError>);

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        writeln!(f, "{n} input error{}:", if n == 1 { "" } else { "s" })?;
        for e in &self.0 {
            writeln!(f, "  {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputErrors {}

/// Failures of the engine, by whose fault they are.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input files are wrong: fix them (exit code 2).
    #[error(transparent)]
    Input(#[from] InputErrors),
    /// The command line names something the files do not hold (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// A file could not be read or written. The message names the cause,
    /// which is therefore not also an error source (a report of the chain
    /// would say it twice).
    #[error("{action} {path}: {}", io_cause(cause))]
    Io {
        /// What was being done.
        action: &'static str,
        /// Which file or folder.
        path: PathBuf,
        /// The cause.
        cause: std::io::Error,
    },
    /// The solver failed in a way that is not the input's fault.
    #[error("solver failed: {0}")]
    Solver(String),
    /// Something that cannot happen did: a bug, please report it.
    #[error("internal error (a bug, please report it): {0}")]
    Internal(String),
    /// The plan the solver returned fails the independent check of every
    /// rule and limit: a bug, please report it. Nothing was written.
    #[error(
        "internal error (a bug, please report it): the plan found breaks {} rule(s) or limit(s), so nothing was written:{}",
        .0.len(),
        .0.iter().map(|v| format!("\n  {v}")).collect::<String>()
    )]
    PlanRejected(Vec<crate::verify::Violation>),
}

impl Error {
    /// The process exit code: 2 for bad input, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) | Error::Usage(_) => 2,
            _ => 1,
        }
    }

    /// The error as JSON, for `--json` runs: `kind` (`input`, `usage`,
    /// `io`, `solver`, `internal`, `plan_rejected`), `message`, and for input errors each
    /// one with its file, line, column and value.
    pub fn json(&self) -> serde_json::Value {
        let kind = match self {
            Error::Input(_) => "input",
            Error::Usage(_) => "usage",
            Error::Io { .. } => "io",
            Error::Solver(_) => "solver",
            Error::Internal(_) => "internal",
            Error::PlanRejected(_) => "plan_rejected",
        };
        let mut value = serde_json::json!({ "kind": kind, "message": self.to_string().trim_end() });
        if let Error::Input(errors) = self {
            value["errors"] = errors
                .0
                .iter()
                .map(|e| {
                    serde_json::json!({
                        "file": e.file,
                        "line": e.line,
                        "column": e.column.as_ref().map(|c| c.1.clone()),
                        "value": e.value,
                        "message": e.message,
                    })
                })
                .collect();
        }
        serde_json::json!({ "error": value })
    }

    /// An I/O error on `path`.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            action,
            path: path.into(),
            cause: source,
        }
    }
}

/// An I/O error in words a board can act on where the system's are
/// cryptic (a file where a folder is expected, and the reverse).
fn io_cause(cause: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match cause.kind() {
        ErrorKind::NotADirectory => {
            "a file is in the way where a folder is expected (choose another path)".into()
        }
        ErrorKind::IsADirectory => "this is a folder, not a file".into(),
        ErrorKind::AlreadyExists => "a file or folder of that name already exists".into(),
        _ => cause.to_string(),
    }
}

/// Result with the engine's error.
pub type Result<T> = std::result::Result<T, Error>;
