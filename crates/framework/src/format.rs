//! Wording of figures and escaping of user text, shared by the Markdown pages and by the
//! plain-text renderings of [`crate::diff`] and [`crate::explain`], so a band or a duration
//! reads the same everywhere.

use std::ops::Range as Span;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};

use crate::model::{PayBand, Range};

/// `90000` → `90,000`.
pub fn amount(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
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
    for (i, c) in text.char_indices() {
        let entity = c == '&' && looks_like_entity(&text[i + 1..]);
        if entity || matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '|' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    escape_block_start(out)
}

/// `&amp;` or `&#38;` after the `&` would be read as a character reference.
fn looks_like_entity(rest: &str) -> bool {
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .collect();
    !name.is_empty() && rest[name.len()..].starts_with(';')
}

/// Inline text may start a line (a paragraph, a list item), where a few markers begin a
/// block: `#` a heading, `>` a quote, `-`/`+` followed by a space a list, `1.`/`1)`
/// followed by a space an ordered list, and a run of `-` or `=` a rule or an underline.
fn escape_block_start(mut text: String) -> String {
    let followed_by_space = |rest: &str| rest.is_empty() || rest.starts_with(' ');
    let first = text.chars().next();
    let escape_first = match first {
        Some('#' | '>') => true,
        Some('-' | '+') => followed_by_space(&text[1..]),
        Some('=') => text.chars().all(|c| c == '=' || c == ' '),
        _ => false,
    } || text.starts_with('-') && text.chars().all(|c| c == '-' || c == ' ');
    if escape_first {
        text.insert(0, '\\');
        return text;
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if digits > 0
        && text[digits..].starts_with(['.', ')'])
        && followed_by_space(&text[digits + 1..])
    {
        text.insert(digits, '\\');
    }
    text
}

/// A Markdown block from the framework (a `description`) made safe to place in a page that
/// a site generator will turn into HTML: its Markdown stays Markdown, but raw HTML is shown
/// as the text it is, a link to anything but a relative path, `http`, `https` or `mailto`
/// keeps its text and loses its link, and an image (which would load from wherever its
/// author pointed) is shown as text. The same rules as the HTML pages' (`pendulum-views`).
///
/// Every `<` that could open a tag, a comment or a declaration outside code becomes
/// `&lt;`, whether or not this parser reads it as HTML, so a renderer that disagrees on an
/// edge case still finds no tag. Escaping can expose new syntax (the text of an escaped
/// link may hold another), so the text is parsed again until nothing changes.
pub fn md_block(text: &str) -> String {
    let mut text = text.to_string();
    loop {
        let edits = unsafe_markup(&text);
        if edits.is_empty() {
            return text;
        }
        // From the end, so that earlier positions stay valid.
        for edit in edits.into_iter().rev() {
            match edit {
                Edit::EscapeTag(at) => text.replace_range(at..at + 1, "&lt;"),
                Edit::Backslash(at) => text.insert(at, '\\'),
            }
        }
    }
}

/// One change of [`md_block`], at a byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Edit {
    /// The `<` there becomes `&lt;`.
    EscapeTag(usize),
    /// A `\` goes before the `[` there.
    Backslash(usize),
}

/// The edits that make `text` safe, in order of position.
fn unsafe_markup(text: &str) -> Vec<Edit> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS;
    // Code shows `<` as written; a kept autolink is markup of its own.
    let mut verbatim: Vec<Span<usize>> = Vec::new();
    let mut edits = Vec::new();
    for (event, span) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => verbatim.push(span),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                if safe_link(&dest_url) {
                    if autolink {
                        verbatim.push(span);
                    }
                } else if autolink {
                    // `<javascript:…>`: its `<` is escaped below.
                } else if let Some(at) = text[span.clone()].find('[') {
                    edits.push(Edit::Backslash(span.start + at));
                }
            }
            Event::Start(Tag::Image { .. }) => {
                if let Some(at) = text[span.clone()].find('[') {
                    edits.push(Edit::Backslash(span.start + at));
                }
            }
            _ => {}
        }
    }
    for (at, _) in text.match_indices('<') {
        let opens_tag = text[at + 1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'));
        if opens_tag && !verbatim.iter().any(|v| v.contains(&at)) {
            edits.push(Edit::EscapeTag(at));
        }
    }
    edits.sort();
    edits.dedup();
    edits
}

/// Relative links, fragments, and `http`, `https` and `mailto` targets; anything else
/// (`javascript:`, `data:`…) is not a link to follow. Both renders (Markdown here, HTML in
/// `pendulum-views`) ask this one function.
pub fn safe_link(dest: &str) -> bool {
    let dest = dest.trim();
    let scheme_end = dest.find(':');
    let path_start = dest.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        (None, _) => true,
        (Some(colon), Some(path)) if path < colon => true,
        (Some(colon), _) => {
            let scheme = dest[..colon].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
    }
}

/// Categories in the framework's order, then "Other" for competencies without one.
pub fn categories_in_order(
    fw: &crate::model::Framework,
) -> Vec<(Option<crate::ids::CategoryId>, String, Option<String>)> {
    let mut out: Vec<_> = fw
        .categories
        .iter()
        .map(|c| (Some(c.id.clone()), c.name.clone(), c.description.clone()))
        .collect();
    if fw.competencies.iter().any(|c| c.category.is_none()) {
        out.push((None, "Other".to_string(), None));
    }
    out
}

/// One sentence saying what kind of track this is and how many levels it has.
pub fn kind_sentence(track: &crate::model::Track) -> String {
    let n = track.levels.len();
    let levels = if n == 1 {
        "1 level".to_string()
    } else {
        format!("{n} levels")
    };
    match track.kind {
        crate::model::TrackKind::IndividualContributor => {
            format!("An individual-contributor track of {levels}.")
        }
        crate::model::TrackKind::Management => format!("A management track of {levels}."),
        crate::model::TrackKind::Other => format!(
            "A track of {levels}, outside the parity comparison of individual-contributor and management tracks."
        ),
    }
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
            description: None,
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
        assert_eq!(md_inline("snake_case <b>"), r"snake\_case \<b>");
        assert_eq!(md_inline("# not a heading"), r"\# not a heading");
        assert_eq!(md_inline("- not a list"), r"\- not a list");
        assert_eq!(md_inline("1. not a list"), r"1\. not a list");
        assert_eq!(md_inline("two\nlines"), "two lines");
        assert_eq!(
            md_inline("Plain text, e.g. this."),
            "Plain text, e.g. this."
        );
        assert_eq!(md_inline("1.0.0"), "1.0.0");
        assert_eq!(md_inline("-5% latency"), "-5% latency");
        assert_eq!(md_inline("---"), r"\---");
        assert_eq!(md_inline("> quote"), r"\> quote");
        assert_eq!(md_inline("C# and a > b"), "C# and a > b");
        assert_eq!(md_inline("R&D &amp; more"), r"R&D \&amp; more");
    }

    #[test]
    fn a_block_keeps_its_markdown_and_loses_its_markup() {
        let ordinary = "# Scope\n\n    <indented code>\n\n- **owns** a [service](../ic/ic-4.md) and <https://example.org>\n- `a < b` and 2 < 3\n\n```\n<fenced>\n```\n";
        assert_eq!(md_block(ordinary), ordinary);
        assert_eq!(
            md_block("Hi <script>x()</script> <!-- c -->"),
            "Hi &lt;script>x()&lt;/script> &lt;!-- c -->"
        );
        assert_eq!(
            md_block("[a](javascript:x()) ![p](https://t.example/p.gif)"),
            r"\[a](javascript:x()) !\[p](https://t.example/p.gif)"
        );
        assert_eq!(md_block("<javascript:x()>"), "&lt;javascript:x()>");
        assert_eq!(
            md_block("[m](mailto:a@example.org)"),
            "[m](mailto:a@example.org)"
        );
    }
}
