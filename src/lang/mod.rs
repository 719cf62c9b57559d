//! The two languages of what a person reads: the terminal summary, the
//! HTML reports, the letters, `explain` and `recommend`.
//!
//! Every sentence lives in one place per language: [`en`] holds the
//! English catalog (and names the messages, [`Msg`]), [`fr`] the French
//! one. The French catalog is a `match` over every message, so a message
//! missing from either language does not compile; a test checks that
//! both texts of a message take the same `{placeholders}` and that the
//! French one is written in French. Dates and numbers in sentences follow
//! each language's conventions ([`date_text`], [`num_text`],
//! [`share_text`]). File contents (CSV cells, column names, JSON keys)
//! stay as they are, whatever the language: machines read them.

mod en;
mod fr;

pub use en::Msg;
use maud::{Markup, PreEscaped};
use std::fmt::Display;

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

    /// The text of a message, placeholders as written (`{officer}`).
    pub fn text(self, msg: Msg) -> &'static str {
        match self {
            Lang::En => en::text(msg),
            Lang::Fr => fr::text(msg),
        }
    }

    /// The text of a message with its `{name}` placeholders filled.
    ///
    /// A word written `word(s)` agrees with the last whole number filled in
    /// before it (`1 seat`, `3 seats`; in French 0 and 1 are singular); with
    /// no number before it, it stays as written.
    pub fn fill(self, msg: Msg, args: &[(&str, &dyn Display)]) -> String {
        let mut out = String::new();
        let mut count: Option<u64> = None;
        substitute(self.text(msg), |piece| match piece {
            Piece::Text(t) => out.push_str(&self.agree(t, count)),
            Piece::Hole(name) => match args.iter().find(|(n, _)| *n == name) {
                Some((_, value)) => {
                    let value = value.to_string();
                    if let Some(n) = whole_number(&value) {
                        count = Some(n);
                    }
                    out.push_str(&value);
                }
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
        });
        out
    }

    /// `text` with each `(s)` made singular or plural for `count`.
    fn agree(self, text: &str, count: Option<u64>) -> String {
        let Some(n) = count else {
            return text.to_string();
        };
        let singular = match self {
            Lang::En => n == 1,
            Lang::Fr => n <= 1,
        };
        text.replace("(s)", if singular { "" } else { "s" })
    }

    /// The message as HTML: its text escaped, each placeholder replaced by
    /// the markup given (already escaped by `maud`).
    pub fn markup(self, msg: Msg, args: &[(&str, Markup)]) -> Markup {
        let mut out = String::new();
        substitute(self.text(msg), |piece| match piece {
            Piece::Text(t) => out.push_str(&escape(t)),
            Piece::Hole(name) => match args.iter().find(|(n, _)| *n == name) {
                Some((_, value)) => out.push_str(&value.0),
                None => out.push_str(&escape(&format!("{{{name}}}"))),
            },
        });
        PreEscaped(out)
    }

    /// `one` for a count the language writes in the singular (1 in
    /// English; 0 and 1 in French), `many` otherwise.
    pub fn plural(self, n: usize, one: Msg, many: Msg) -> Msg {
        let singular = match self {
            Lang::En => n == 1,
            Lang::Fr => n <= 1,
        };
        if singular {
            one
        } else {
            many
        }
    }

    /// `: ` in English, `\u{a0}: ` in French (a no-break space before it).
    pub fn colon(self) -> &'static str {
        match self {
            Lang::En => ": ",
            Lang::Fr => "\u{a0}: ",
        }
    }

    /// How the language separates the items of a list within a sentence:
    /// `; ` in English, `\u{a0}; ` in French (a no-break space before it).
    pub fn semicolon(self) -> &'static str {
        match self {
            Lang::En => "; ",
            Lang::Fr => "\u{a0}; ",
        }
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

/// A day inside a sentence: `2027-02-01` in English (as every output
/// writes days), `1er février 2027` in French.
pub fn day_text(day: Date, lang: Lang) -> String {
    match lang {
        Lang::En => day.to_string(),
        Lang::Fr => date_text(day, lang),
    }
}

/// A number as French text writes it (decimal comma).
/// A number as French text writes it: a decimal comma, and thousands
/// grouped with a no-break space (`9 574,5`); English as every output
/// writes it (`9574.5`).
pub fn num_text(x: f64, lang: Lang) -> String {
    match lang {
        Lang::En => num(x),
        Lang::Fr => {
            let text = num(x);
            let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
            let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
            let mut out = String::from(sign);
            out.push_str(&grouped(digits));
            if !frac.is_empty() {
                out.push(',');
                out.push_str(frac);
            }
            out
        }
    }
}

/// A change as [`num_text`] writes it, signed: `+3`, `−2.5` (a true minus
/// sign).
pub fn signed_text(x: f64, lang: Lang) -> String {
    if x < 0.0 {
        format!("−{}", num_text(-x, lang))
    } else {
        format!("+{}", num_text(x, lang))
    }
}

/// A count in a sentence: `1345`, `1 345` in French.
pub fn count_text(n: usize, lang: Lang) -> String {
    match lang {
        Lang::En => n.to_string(),
        Lang::Fr => grouped(&n.to_string()),
    }
}

/// A placeholder's value read as a whole number (`12`, `1 345`, a change
/// `+1` or `−2` by its size), if it is one.
fn whole_number(value: &str) -> Option<u64> {
    let digits: String = value
        .trim_start_matches(['+', '-', '−'])
        .chars()
        .filter(|c| !matches!(c, '\u{a0}' | '\u{202f}'))
        .collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Digits grouped by three with a no-break space, from four digits on.
fn grouped(digits: &str) -> String {
    if digits.len() < 4 {
        return digits.to_string();
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

/// A share as a percentage with no decimals: `33%`, `33 %`.
pub fn share_text(x: f64, lang: Lang) -> String {
    match lang {
        Lang::En => crate::format::pct(x),
        Lang::Fr => format!("{:.0}\u{a0}%", x * 100.0),
    }
}

/// A solver's relative gap as a percentage with four decimals:
/// `0.0412%`, `0,0412 %`.
pub fn gap_text(gap: f64, lang: Lang) -> String {
    let text = format!("{:.4}", gap * 100.0);
    match lang {
        Lang::En => format!("{text}%"),
        Lang::Fr => format!("{}\u{a0}%", text.replace('.', ",")),
    }
}

/// Seconds with two decimals: `1.25`, `1,25`.
pub fn seconds_text(x: f64, lang: Lang) -> String {
    let s = format!("{x:.2}");
    match lang {
        Lang::En => s,
        Lang::Fr => s.replace('.', ","),
    }
}

/// A piece of a message: text, or the name of a placeholder.
enum Piece<'a> {
    Text(&'a str),
    Hole(&'a str),
}

/// Walks a message, text and `{name}` placeholders in order.
fn substitute<'a>(text: &'a str, mut visit: impl FnMut(Piece<'a>)) {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        visit(Piece::Text(&rest[..open]));
        visit(Piece::Hole(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    visit(Piece::Text(rest));
}

/// The placeholders of a message, sorted.
#[cfg(test)]
fn holes(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    substitute(text, |piece| {
        if let Piece::Hole(name) = piece {
            out.push(name);
        }
    });
    out.sort_unstable();
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_agrees_with_the_number_before_it() {
        let empty = |lang: Lang, n: usize| {
            lang.fill(Msg::ExplainSeatsEmpty, &[("n", &n), ("reason", &"x")])
        };
        assert_eq!(empty(Lang::En, 1), "1 seat empty: x");
        assert_eq!(empty(Lang::En, 0), "0 seats empty: x");
        assert_eq!(empty(Lang::En, 2), "2 seats empty: x");
        assert_eq!(empty(Lang::Fr, 0), "0 place vacante\u{a0}: x");
        assert_eq!(empty(Lang::Fr, 3), "3 places vacantes\u{a0}: x");
        // The last number before the word counts; grouped numbers too.
        let head = |filled: usize, seats: usize| {
            Lang::En.fill(
                Msg::ExplainPositionHead,
                &[
                    ("position", &"M/r"),
                    ("filled", &filled),
                    ("seats", &seats),
                    ("priority", &1),
                ],
            )
        };
        assert_eq!(head(0, 1), "M/r: 0 of 1 seat filled (priority 1)");
        assert_eq!(head(1, 2), "M/r: 1 of 2 seats filled (priority 1)");
        assert_eq!(whole_number("1\u{a0}345"), Some(1345));
        assert_eq!(whole_number("0,5"), None);
        assert_eq!(whole_number("+1"), Some(1));
    }

    /// Messages whose French text may be the English one (words the two
    /// languages share).
    const SAME_IN_BOTH: &[Msg] = &[
        Msg::ColumnMission,
        Msg::LetterFactMission,
        Msg::StatusWordOptimal,
        Msg::LevelOptimal,
        Msg::ServeColumnService,
        Msg::Holder,
    ];

    /// Messages whose French text leaves out a placeholder of the English
    /// one: a French letter greets with `Madame,` or `Monsieur,`, not the
    /// name.
    const NAME_LEFT_OUT: &[Msg] = &[Msg::LetterGreetingWoman, Msg::LetterGreetingMan];

    /// Every message is in both languages (a message missing from one does
    /// not compile), with the same placeholders, and the French text is
    /// not the English one; French puts a space before `:` and `;`.
    #[test]
    fn every_message_is_in_both_languages() {
        for &msg in Msg::ALL {
            let (en, fr) = (Lang::En.text(msg), Lang::Fr.text(msg));
            assert!(!en.trim().is_empty() && !fr.trim().is_empty(), "{msg:?}");
            if NAME_LEFT_OUT.contains(&msg) {
                assert!(holes(fr).is_empty(), "{msg:?}");
            } else {
                assert_eq!(holes(en), holes(fr), "{msg:?}: placeholders differ");
            }
            if !SAME_IN_BOTH.contains(&msg) {
                assert_ne!(en, fr, "{msg:?}: not translated");
            }
            // Every `:`, `;` and `%` of a sentence (not of a code such as
            // `fr:B1`) follows a no-break space.
            for (i, c) in fr.char_indices() {
                let ends_word = fr[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_none_or(|n| n == ' ' || n == ')');
                if matches!(c, ':' | ';' | '%') && ends_word {
                    let before = fr[..i].chars().last();
                    assert!(
                        matches!(before, Some('\u{a0}' | '\u{202f}')),
                        "{msg:?}: French puts a no-break space before '{c}': {fr:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn placeholders_are_filled_and_escaped_in_markup() {
        let msg = Msg::ALL
            .iter()
            .copied()
            .find(|&m| holes(Lang::En.text(m)).len() == 1)
            .expect("a message with one placeholder");
        let name = holes(Lang::En.text(msg))[0].to_string();
        let filled = Lang::En.fill(msg, &[(name.as_str(), &"<X>")]);
        assert!(filled.contains("<X>") && !filled.contains('{'), "{filled}");
        let html = Lang::En.markup(msg, &[(name.as_str(), maud::html! { b { "<X>" } })]);
        assert!(html.0.contains("<b>&lt;X&gt;</b>"), "{}", html.0);
        let (one, many) = (Msg::LetterNotSelectedOne, Msg::LetterNotSelectedMany);
        assert_eq!(Lang::En.plural(1, one, many), one);
        assert_eq!(Lang::En.plural(0, one, many), many);
        assert_eq!(Lang::Fr.plural(0, one, many), one);
        assert_eq!(Lang::Fr.plural(1, one, many), one);
        assert_eq!(Lang::Fr.plural(2, one, many), many);
    }

    #[test]
    fn dates_and_numbers_follow_the_language() {
        let day = Date::parse("2027-02-01").unwrap();
        assert_eq!(date_text(day, Lang::En), "February 1, 2027");
        assert_eq!(date_text(day, Lang::Fr), "1er février 2027");
        let day = Date::parse("2027-08-15").unwrap();
        assert_eq!(date_text(day, Lang::Fr), "15 août 2027");
        assert_eq!(num_text(87.5, Lang::Fr), "87,5");
        assert_eq!(num_text(9574.5, Lang::Fr), "9\u{a0}574,5");
        assert_eq!(num_text(-1234567.0, Lang::Fr), "-1\u{a0}234\u{a0}567");
        assert_eq!(num_text(9574.5, Lang::En), "9574.5");
        assert_eq!(count_text(1345, Lang::Fr), "1\u{a0}345");
        assert_eq!(count_text(400, Lang::Fr), "400");
        assert_eq!(share_text(0.4, Lang::Fr), "40\u{a0}%");
        assert_eq!(share_text(0.4, Lang::En), "40%");
        assert_eq!(Lang::parse("fr_CA.UTF-8"), Some(Lang::Fr));
        assert_eq!(Lang::parse("C.UTF-8"), None);
    }
}
