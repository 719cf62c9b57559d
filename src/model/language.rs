//! Languages (ISO 639-1 codes) and CEFR levels.

use std::fmt;

/// A CEFR level, `A1 < A2 < B1 < B2 < C1 < C2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cefr {
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

impl Cefr {
    /// Every level, lowest first.
    pub const ALL: [Cefr; 6] = [Cefr::A1, Cefr::A2, Cefr::B1, Cefr::B2, Cefr::C1, Cefr::C2];

    /// Parses a level in any case.
    pub fn parse(text: &str) -> Option<Cefr> {
        let upper = text.trim().to_ascii_uppercase();
        Cefr::ALL.into_iter().find(|l| l.to_string() == upper)
    }
}

impl fmt::Display for Cefr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Cefr::A1 => "A1",
            Cefr::A2 => "A2",
            Cefr::B1 => "B1",
            Cefr::B2 => "B2",
            Cefr::C1 => "C1",
            Cefr::C2 => "C2",
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
    pub min: Option<Cefr>,
}

impl LangReq {
    /// Whether an officer speaking `spoken` meets this requirement.
    pub fn met_by(&self, spoken: &[(LangCode, Cefr)]) -> bool {
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
        assert_eq!(Cefr::parse("b2"), Some(Cefr::B2));
        assert_eq!(Cefr::parse("C3"), None);
        assert!(Cefr::A1 < Cefr::C2);
    }

    #[test]
    fn requirement_with_and_without_level() {
        let fr = LangCode::parse("FR").unwrap();
        let spoken = vec![(fr.clone(), Cefr::B1)];
        assert!(LangReq {
            code: fr.clone(),
            min: None
        }
        .met_by(&spoken));
        assert!(LangReq {
            code: fr.clone(),
            min: Some(Cefr::B1)
        }
        .met_by(&spoken));
        assert!(!LangReq {
            code: fr,
            min: Some(Cefr::B2)
        }
        .met_by(&spoken));
        assert!(LangCode::parse("fra").is_none());
    }
}
