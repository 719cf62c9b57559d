//! The two languages of what a person reads, and how each writes dates
//! and numbers in sentences.

use crate::format::num;
use crate::model::Date;

/// The language of what a person reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// French, with French date and number conventions.
    Fr,
}

impl Lang {
    /// `en` or `fr`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// From `en`/`fr` (or a locale such as `fr_CA.UTF-8`); `None` otherwise.
    pub fn parse(text: &str) -> Option<Lang> {
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("fr") {
            Some(Lang::Fr)
        } else if lower.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language asked for (`--lang`), else the environment's.
    pub fn chosen(flag: Option<&str>) -> Lang {
        flag.and_then(Lang::parse).unwrap_or_else(Lang::from_env)
    }

    /// From the environment's locale (`LC_ALL`, `LC_MESSAGES`, `LANG`),
    /// English when it names neither language.
    pub fn from_env() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .and_then(|v| Lang::parse(&v))
            .unwrap_or(Lang::En)
    }
}

/// A day as text in `lang` writes it: `2027-02-01` → `February 1, 2027` or
/// `1er février 2027`.
pub fn date_text(day: Date, lang: Lang) -> String {
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const FR: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let (y, m, d) = day.ymd();
    let m = (m as usize).clamp(1, 12) - 1;
    match lang {
        Lang::En => format!("{} {d}, {y}", EN[m]),
        Lang::Fr if d == 1 => format!("1er {} {y}", FR[m]),
        Lang::Fr => format!("{d} {} {y}", FR[m]),
    }
}

/// A number as French text writes it (decimal comma).
pub fn num_text(x: f64, lang: Lang) -> String {
    match lang {
        Lang::En => num(x),
        Lang::Fr => num(x).replace('.', ","),
    }
}
