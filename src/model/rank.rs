//! Police ranks, ordinal lowest first, with the aliases boards use (`sergeant_major`, `commissioner`, ...).

use std::fmt;

/// A rank on the common ordinal scale, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rank {
    /// `constable`
    Constable,
    /// `corporal`
    Corporal,
    /// `sergeant`
    Sergeant,
    /// `staff_sergeant` (also `sergeant_major`, `staff_sergeant_major`)
    StaffSergeant,
    /// `inspector`
    Inspector,
    /// `superintendent`
    Superintendent,
    /// `chief_superintendent`
    ChiefSuperintendent,
    /// `executive` (also commissioners, deputy chiefs and chiefs)
    Executive,
}

impl Rank {
    /// Every rank, lowest first.
    pub const ALL: [Rank; 8] = [
        Rank::Constable,
        Rank::Corporal,
        Rank::Sergeant,
        Rank::StaffSergeant,
        Rank::Inspector,
        Rank::Superintendent,
        Rank::ChiefSuperintendent,
        Rank::Executive,
    ];

    /// The canonical name, as written in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Rank::Constable => "constable",
            Rank::Corporal => "corporal",
            Rank::Sergeant => "sergeant",
            Rank::StaffSergeant => "staff_sergeant",
            Rank::Inspector => "inspector",
            Rank::Superintendent => "superintendent",
            Rank::ChiefSuperintendent => "chief_superintendent",
            Rank::Executive => "executive",
        }
    }

    /// Parses a rank ignoring case, with spaces and hyphens read as `_`
    /// (a run of them as one: `staff  sergeant`, `staff - sergeant`).
    pub fn parse(text: &str) -> Option<Rank> {
        let key = text
            .split([' ', '-', '_'])
            .filter(|word| !word.is_empty())
            .map(str::to_ascii_lowercase)
            .collect::<Vec<_>>()
            .join("_");
        if let Some(rank) = Rank::ALL.iter().find(|r| r.name() == key) {
            return Some(*rank);
        }
        match key.as_str() {
            "sergeant_major" | "staff_sergeant_major" => Some(Rank::StaffSergeant),
            "assistant_commissioner"
            | "deputy_commissioner"
            | "commissioner"
            | "deputy_chief"
            | "chief" => Some(Rank::Executive),
            _ => None,
        }
    }
}

impl fmt::Display for Rank {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_is_lowest_first() {
        assert!(Rank::Constable < Rank::Corporal);
        assert!(Rank::ChiefSuperintendent < Rank::Executive);
    }

    #[test]
    fn case_spaces_hyphens_and_aliases() {
        assert_eq!(Rank::parse("Staff Sergeant"), Some(Rank::StaffSergeant));
        assert_eq!(Rank::parse("staff-sergeant"), Some(Rank::StaffSergeant));
        assert_eq!(Rank::parse("SERGEANT_MAJOR"), Some(Rank::StaffSergeant));
        assert_eq!(
            Rank::parse("Staff Sergeant Major"),
            Some(Rank::StaffSergeant)
        );
        assert_eq!(Rank::parse("Deputy Chief"), Some(Rank::Executive));
        assert_eq!(Rank::parse("assistant-commissioner"), Some(Rank::Executive));
        assert_eq!(
            Rank::parse("chief superintendent"),
            Some(Rank::ChiefSuperintendent)
        );
        assert_eq!(Rank::parse("staff  sergeant"), Some(Rank::StaffSergeant));
        assert_eq!(Rank::parse(" Staff - Sergeant "), Some(Rank::StaffSergeant));
        assert_eq!(Rank::parse("staffsergeant"), None);
        assert_eq!(Rank::parse("sargent"), None);
    }
}
