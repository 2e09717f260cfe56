//! Text from the database or from files, made safe to print on a terminal.
//!
//! Names, reasons, titles and emails are data: someone else wrote them, and a terminal acts
//! on some characters instead of showing them. An escape sequence recolours or rewrites the
//! screen (or, on some terminals, the clipboard and the window title), a carriage return or
//! a newline forges a line of output, a bidirectional override shows text in another order
//! than it is stored, and NUL truncates what a C program reads. Every human output path of
//! the CLI that prints such text goes through [`inline`] (a field within a line) or
//! [`lines`] (a multi-line text the CLI or a library composed), which show those characters
//! as Rust-style escapes (`\u{1b}`, `\n`) and leave every other character, accents and
//! emoji included, as it is. JSON output needs none of this: serde escapes control
//! characters, and the reader is a program.

use std::borrow::Cow;

/// `text` as one field of a line: control characters (line breaks and tabs included) and
/// bidirectional controls escaped.
pub fn inline(text: &str) -> Cow<'_, str> {
    escape(text, hazardous)
}

/// `text` as lines: like [`inline`], but line breaks and tabs are kept, for texts the CLI
/// prints whole (a lint report, an error with its causes, a list of import problems).
pub fn lines(text: &str) -> Cow<'_, str> {
    escape(text, |c| c != '\n' && c != '\t' && hazardous(c))
}

/// Characters a terminal acts on or that reorder what it shows: the C0 and C1 controls and
/// DEL, the bidirectional marks, embeddings, overrides and isolates, the Unicode line and
/// paragraph separators, and the byte-order mark (an invisible character).
fn hazardous(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{FEFF}'
        )
}

fn escape(text: &str, escaped: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if !escaped(c) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_text_is_untouched() {
        for text in [
            "Ada Lovelace",
            "Zoë Ñúñez-Ölçer",
            "李小龍",
            "👩‍👩‍👧 team",
            "a\\b \"q\" 'x'",
        ] {
            assert!(matches!(inline(text), Cow::Borrowed(_)), "{text}");
            assert_eq!(inline(text), text);
        }
    }

    #[test]
    fn controls_and_bidirectional_overrides_are_shown_escaped() {
        assert_eq!(
            inline("Eve\u{1b}[31m\u{202e}gnp.exe\nroot\0\r\t\u{7f}\u{9b}"),
            "Eve\\u{1b}[31m\\u{202e}gnp.exe\\nroot\\0\\r\\t\\u{7f}\\u{9b}"
        );
        assert_eq!(
            inline("\u{2066}x\u{2069}\u{2028}"),
            "\\u{2066}x\\u{2069}\\u{2028}"
        );
    }

    #[test]
    fn lines_keep_their_breaks_and_tabs_only() {
        assert_eq!(lines("a\n\tb"), "a\n\tb");
        assert_eq!(
            lines("a\r\n\u{1b}]0;title\u{7}"),
            "a\\r\n\\u{1b}]0;title\\u{7}"
        );
    }
}
