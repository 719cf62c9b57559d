//! How numbers are written in every output, text and file alike: one
//! place, below the engine and the reports, so both can use it.

/// A number as written in every output: whole numbers without decimals,
/// others with at most four, trailing zeros dropped; never `-0`.
pub fn num(x: f64) -> String {
    let s = format!("{:.4}", rounded(x));
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// The value [`num`] writes: `x` rounded to four decimals, never `-0`
/// (reading [`num`]'s text back as a number gives exactly this value).
pub fn rounded(x: f64) -> f64 {
    rounded_to(x, 4)
}

/// `x` rounded to `decimals` decimals, never `-0`: for numbers written
/// with a precision of their own (gaps, seconds).
pub fn rounded_to(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    let r = (x * scale).round() / scale;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// A share as a percentage with no decimals, e.g. `33%`.
pub fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(3.0), "3");
        assert_eq!(num(0.1 + 0.2), "0.3");
        assert_eq!(num(-0.00001), "0");
        assert_eq!(num(87.25), "87.25");
        assert_eq!(num(2.0 / 3.0), "0.6667");
    }

    #[test]
    fn rounded_is_the_value_num_writes() {
        for k in 0..20_000 {
            let x = f64::from(k) * 0.123_456_7 - 1_000.0;
            for x in [x, x / 997.0, x * 1e6, 1.0 / (x + 0.5)] {
                assert_eq!(num(x).parse::<f64>().unwrap(), rounded(x), "{x}");
            }
        }
    }
}
