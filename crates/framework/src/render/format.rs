//! Wording of figures and escaping of user text, shared by the Markdown pages and by the
//! plain-text renderings of [`crate::diff`] and [`crate::explain`], so a band or a duration
//! reads the same everywhere.

use crate::model::{PayBand, Range};

/// `90000` → `90,000`.
pub fn amount(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `EUR 90,000–114,000 (midpoint 102,000)`; the `example` flag is left to the caller, which
/// knows whether a note fits better beside the figure or below a table.
pub fn band(band: &PayBand) -> String {
    let mut out = format!(
        "{} {}–{}",
        band.currency,
        amount(band.min),
        amount(band.max)
    );
    if let Some(mid) = band.mid {
        out.push_str(&format!(" (midpoint {})", amount(mid)));
    }
    out
}

/// `24–48 months`, `at least 48 months`, `up to 12 months`.
pub fn months(range: &Range) -> String {
    match (range.min, range.max) {
        (Some(min), Some(max)) if min == max => format!("{min} months"),
        (Some(min), Some(max)) => format!("{min}–{max} months"),
        (Some(min), None) => format!("at least {min} months"),
        (None, Some(max)) => format!("up to {max} months"),
        (None, None) => "not stated".to_string(),
    }
}

/// A points range, worded like [`months`].
pub fn points(range: &Range) -> String {
    match (range.min, range.max) {
        (Some(min), Some(max)) => format!("{min}–{max} points"),
        (Some(min), None) => format!("at least {min} points"),
        (None, Some(max)) => format!("up to {max} points"),
        (None, None) => "not stated".to_string(),
    }
}

/// Plain user text made safe to place inline in Markdown: in a sentence, a list item, a
/// link label or a table cell. Line breaks become spaces (a break would end a table row
/// or a list item), and characters that Markdown or GitHub's extensions would read as
/// markup are escaped, so a criterion such as `Uses *nix tools | awk` renders as written.
pub fn md_inline(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    // At the start of a line these begin a list item or a heading underline.
    if out.starts_with(['-', '+', '=']) {
        out.insert(0, '\\');
    }
    // `1.` or `1)` at the start would begin an ordered list.
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::Currency;

    #[test]
    fn amounts_are_grouped_in_thousands() {
        assert_eq!(amount(0), "0");
        assert_eq!(amount(999), "999");
        assert_eq!(amount(1000), "1,000");
        assert_eq!(amount(102000), "102,000");
        assert_eq!(amount(1234567), "1,234,567");
    }

    #[test]
    fn bands_and_ranges_read_as_sentences() {
        let b = PayBand {
            currency: Currency::new("EUR").unwrap(),
            min: 90000,
            mid: Some(102000),
            max: 114000,
            example: true,
            zones: vec![],
            extra: Default::default(),
            origin: Default::default(),
        };
        assert_eq!(band(&b), "EUR 90,000–114,000 (midpoint 102,000)");
        let r = |min, max| Range { min, max };
        assert_eq!(months(&r(Some(24), Some(48))), "24–48 months");
        assert_eq!(months(&r(Some(48), None)), "at least 48 months");
        assert_eq!(months(&r(None, Some(12))), "up to 12 months");
    }

    #[test]
    fn inline_text_escapes_markup_and_keeps_one_line() {
        assert_eq!(md_inline("Uses *nix | awk"), r"Uses \*nix \| awk");
        assert_eq!(md_inline("a [link](x)"), r"a \[link\](x)");
        assert_eq!(md_inline("snake_case <b>"), r"snake\_case \<b\>");
        assert_eq!(md_inline("# not a heading"), r"\# not a heading");
        assert_eq!(md_inline("- not a list"), r"\- not a list");
        assert_eq!(md_inline("1. not a list"), r"1\. not a list");
        assert_eq!(md_inline("two\nlines"), "two lines");
        assert_eq!(md_inline("Plain text, e.g. this."), "Plain text, e.g. this.");
    }
}
