//! Languages (ISO 639-1 codes) and CEFR levels.

use std::fmt;

/// A CEFR level, `A1 < A2 < B1 < B2 < C1 < C2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Breakthrough
    A1,
    /// Waystage
    A2,
    /// Threshold
    B1,
    /// Vantage
    B2,
    /// Effective operational proficiency
    C1,
    /// Mastery
    C2,
}

impl Level {
    /// Every level, lowest first.
    pub const ALL: [Level; 6] = [
        Level::A1,
        Level::A2,
        Level::B1,
        Level::B2,
        Level::C1,
        Level::C2,
    ];

    /// Parses a level in any case.
    pub fn parse(text: &str) -> Option<Level> {
        let upper = text.trim().to_ascii_uppercase();
        Level::ALL.into_iter().find(|l| l.to_string() == upper)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Level::A1 => "A1",
            Level::A2 => "A2",
            Level::B1 => "B1",
            Level::B2 => "B2",
            Level::C1 => "C1",
            Level::C2 => "C2",
        };
        f.write_str(s)
    }
}

/// A lower-case ISO 639-1 code: two ASCII letters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LangCode(String);

impl LangCode {
    /// Parses a two-letter code in any case.
    pub fn parse(text: &str) -> Option<LangCode> {
        let t = text.trim();
        (t.len() == 2 && t.bytes().all(|b| b.is_ascii_alphabetic()))
            .then(|| LangCode(t.to_ascii_lowercase()))
    }

    /// The code as written in outputs.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LangCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A language requirement: a code and, optionally, a minimum level (a bare
/// code means any level).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LangReq {
    /// The language.
    pub code: LangCode,
    /// The lowest acceptable level; `None` accepts any level.
    pub min: Option<Level>,
}

impl LangReq {
    /// Whether an officer speaking `spoken` meets this requirement.
    pub fn met_by(&self, spoken: &[(LangCode, Level)]) -> bool {
        spoken
            .iter()
            .any(|(code, level)| *code == self.code && self.min.is_none_or(|min| *level >= min))
    }
}

impl fmt::Display for LangReq {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.min {
            Some(min) => write!(f, "{}:{}", self.code, min),
            None => write!(f, "{}", self.code),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_parse_and_order() {
        assert_eq!(Level::parse("b2"), Some(Level::B2));
        assert_eq!(Level::parse("C3"), None);
        assert!(Level::A1 < Level::C2);
    }

    #[test]
    fn requirement_with_and_without_level() {
        let fr = LangCode::parse("FR").unwrap();
        let spoken = vec![(fr.clone(), Level::B1)];
        assert!(LangReq {
            code: fr.clone(),
            min: None
        }
        .met_by(&spoken));
        assert!(LangReq {
            code: fr.clone(),
            min: Some(Level::B1)
        }
        .met_by(&spoken));
        assert!(!LangReq {
            code: fr,
            min: Some(Level::B2)
        }
        .met_by(&spoken));
        assert!(LangCode::parse("fra").is_none());
    }
}
