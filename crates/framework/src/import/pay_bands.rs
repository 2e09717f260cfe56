//! Published pay bands: a Markdown list of headings, each listing titles with a range.
//!
//! ```markdown
//! * **Individual Contributor**
//!
//!     *  Associate Developer: `£44k - £57k`
//!     *  Developer: `£57k - £72k`
//! ```
//!
//! Each top-level heading is a track and each title under it a level with one pay band
//! (`£44k - £57k` → GBP 44,000 to 57,000; `$`, `€` and ISO codes such as `EUR 50,000 -
//! 60,000` read the same way). The track is named by the heading up to its first colon;
//! the whole heading is kept as its description. A heading that speaks of management is a
//! `management` track, one that says "Individual Contributor" an `individual-contributor`
//! track, and any other `other`. The band's figures as written are kept in its
//! `extra.source`, and text before the list becomes the framework's description.
//!
//! Pay bands say nothing about which titles of two tracks are equivalent, so no grades are
//! set.

use serde_json::json;

use super::{BlockKind, Ids, ImportError, InputFile, collapse_whitespace, markdown_blocks};
use crate::ids::{Currency, LevelId, TrackId};
use crate::model::{Extra, Framework, Level, PayBand, Track, TrackKind};

/// A pay range found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Band {
    pub currency: Currency,
    pub min: u64,
    pub max: u64,
    /// Byte range of the figures in the text they were found in.
    pub start: usize,
    pub end: usize,
}

/// A currency symbol or ISO code at the start of `s`, and the bytes it takes.
fn currency_at(s: &str) -> Option<(Currency, usize)> {
    let first = s.chars().next()?;
    let code = match first {
        '£' => Some("GBP"),
        '$' => Some("USD"),
        '€' => Some("EUR"),
        '¥' => Some("JPY"),
        '₹' => Some("INR"),
        _ => None,
    };
    if let Some(code) = code {
        return Some((Currency::new(code).ok()?, first.len_utf8()));
    }
    let head = s.get(..3)?;
    let after = &s[3..];
    let spaced = after.trim_start();
    let boundary = !after.starts_with(|c: char| c.is_ascii_alphabetic());
    if head.chars().all(|c| c.is_ascii_uppercase())
        && boundary
        && spaced.starts_with(|c: char| c.is_ascii_digit())
    {
        let len = 3 + after.len() - spaced.len();
        return Some((Currency::new(head).ok()?, len));
    }
    None
}

/// A figure at the start of `s`: (whole units before any multiplier, multiplier stated,
/// bytes taken). `44k` → 44,000; `44.5k` → 44,500; `44,000` → 44,000.
fn amount_at(s: &str) -> Option<(u64, Option<u64>, usize)> {
    let mut whole: u64 = 0;
    let mut fraction: Vec<u64> = Vec::new();
    let mut in_fraction = false;
    let mut digits = 0;
    let mut len = 0;
    let bytes = s.as_bytes();
    while len < bytes.len() {
        let b = bytes[len];
        match b {
            b'0'..=b'9' => {
                digits += 1;
                if in_fraction {
                    fraction.push(u64::from(b - b'0'));
                } else {
                    whole = whole.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
                }
            }
            b',' if !in_fraction && bytes.get(len + 1).is_some_and(u8::is_ascii_digit) => {}
            b'.' if !in_fraction && bytes.get(len + 1).is_some_and(u8::is_ascii_digit) => {
                in_fraction = true;
            }
            _ => break,
        }
        len += 1;
    }
    if digits == 0 {
        return None;
    }
    let multiplier = match bytes.get(len) {
        Some(b'k' | b'K') => Some(1_000),
        Some(b'm' | b'M') => Some(1_000_000),
        _ => None,
    };
    let after_suffix = len + usize::from(multiplier.is_some());
    let is_word = s[after_suffix..].starts_with(|c: char| c.is_alphanumeric());
    let (multiplier, len) = if is_word {
        (None, len)
    } else {
        (multiplier, after_suffix)
    };
    let scale = multiplier.unwrap_or(1);
    let mut value = whole.checked_mul(scale)?;
    let mut unit = scale;
    for d in fraction {
        unit /= 10;
        value = value.checked_add(d.checked_mul(unit)?)?;
    }
    Some((value, multiplier, len))
}

/// The first pay range in `text`: a currency, a figure, a dash (or "to") and a second
/// figure. A multiplier written only on the second figure applies to both (`£44-57k`).
pub(crate) fn parse_band(text: &str) -> Option<Band> {
    for (start, _) in text.char_indices() {
        let Some((currency, cur_len)) = currency_at(&text[start..]) else {
            continue;
        };
        let mut at = start + cur_len;
        let Some((low, low_mult, len)) = amount_at(&text[at..]) else {
            continue;
        };
        at += len;
        let rest = &text[at..];
        let trimmed = rest.trim_start();
        let sep = ["-", "–", "—", "to "]
            .into_iter()
            .find(|s| trimmed.starts_with(s));
        let Some(sep) = sep else { continue };
        at += rest.len() - trimmed.len() + sep.len();
        let rest = &text[at..];
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        if let Some((second, len)) = currency_at(&text[at..]) {
            if second != currency {
                continue;
            }
            at += len;
        }
        let Some((high, high_mult, len)) = amount_at(&text[at..]) else {
            continue;
        };
        at += len;
        let low = match (low_mult, high_mult) {
            (None, Some(m)) => low.checked_mul(m)?,
            _ => low,
        };
        return Some(Band {
            currency,
            min: low,
            max: high,
            start,
            end: at,
        });
    }
    None
}

struct BandLevel {
    title: String,
    band: Band,
    figures: String,
    note: String,
}

struct BandTrack {
    heading: String,
    line: usize,
    levels: Vec<BandLevel>,
}

fn kind_of(heading: &str) -> TrackKind {
    let lower = heading.to_lowercase();
    if lower.contains("management") {
        TrackKind::Management
    } else if lower.contains("individual contributor") {
        TrackKind::IndividualContributor
    } else {
        TrackKind::Other
    }
}

/// What a pay-band file states.
#[derive(Default)]
struct BandFile {
    title: Option<String>,
    intro: Vec<String>,
    tracks: Vec<BandTrack>,
}

/// Reads a pay-band file; no tracks when it states no band at all.
fn parse_file(file: &InputFile, text: &str) -> Result<BandFile, ImportError> {
    let mut title = None;
    let mut intro = Vec::new();
    let mut tracks: Vec<BandTrack> = Vec::new();
    let blocks = markdown_blocks(text);
    if !blocks.iter().any(|b| parse_band(&b.text).is_some()) {
        return Ok(BandFile::default());
    }
    for block in &blocks {
        match block.kind {
            BlockKind::Heading(1) if title.is_none() => title = Some(block.text.clone()),
            BlockKind::Item(1) => {
                if parse_band(&block.text).is_some() {
                    return Err(ImportError::parse(
                        &file.path,
                        block.line,
                        format!(
                            "the pay band `{}` has no heading: list bands under a heading such as `* **Individual Contributor**`",
                            block.text
                        ),
                    ));
                }
                tracks.push(BandTrack {
                    heading: collapse_whitespace(&block.text),
                    line: block.line,
                    levels: Vec::new(),
                });
            }
            BlockKind::Item(2) => {
                let Some(track) = tracks.last_mut() else {
                    unreachable!("a nested item follows its parent")
                };
                let Some(band) = parse_band(&block.text) else {
                    return Err(ImportError::parse(
                        &file.path,
                        block.line,
                        format!(
                            "cannot read a pay band in `{}`: expected a title and a range such as `Developer: £57k - £72k`",
                            block.text
                        ),
                    ));
                };
                let title = block.text[..band.start]
                    .trim()
                    .trim_end_matches([':', '-', '–', '—', '(', '`'])
                    .trim();
                if title.is_empty() {
                    return Err(ImportError::parse(
                        &file.path,
                        block.line,
                        format!("the pay band `{}` has no title", block.text),
                    ));
                }
                if band.min > band.max {
                    return Err(ImportError::parse(
                        &file.path,
                        block.line,
                        format!("the pay band of `{title}` starts above where it ends"),
                    ));
                }
                track.levels.push(BandLevel {
                    title: title.to_string(),
                    figures: block.text[band.start..band.end].to_string(),
                    note: block.text[band.end..]
                        .trim()
                        .trim_start_matches([')', '`'])
                        .trim()
                        .to_string(),
                    band,
                });
            }
            BlockKind::Item(_) => {
                return Err(ImportError::parse(
                    &file.path,
                    block.line,
                    format!(
                        "`{}` is nested deeper than a pay band under its heading",
                        block.text
                    ),
                ));
            }
            BlockKind::Rule => {}
            _ if tracks.is_empty() && !block.source.is_empty() => {
                intro.push(block.source.to_string())
            }
            _ if !block.source.is_empty() => {
                return Err(ImportError::parse(
                    &file.path,
                    block.line,
                    format!("unexpected text between pay bands: `{}`", block.source),
                ));
            }
            _ => {}
        }
    }
    if let Some(empty) = tracks.iter().find(|t| t.levels.is_empty()) {
        return Err(ImportError::parse(
            &file.path,
            empty.line,
            format!("the heading `{}` lists no pay bands", empty.heading),
        ));
    }
    Ok(BandFile {
        title,
        intro,
        tracks,
    })
}

pub(crate) fn import(files: &[InputFile]) -> Result<Framework, ImportError> {
    let mut track_ids = Ids::default();
    let mut level_ids = Ids::default();
    let mut titles = Vec::new();
    let mut intro = Vec::new();
    let mut tracks = Vec::new();
    for file in files {
        let text = file.read()?;
        let parsed = parse_file(file, &text)?;
        if parsed.tracks.is_empty() {
            if file.explicit {
                return Err(ImportError::parse(
                    &file.path,
                    1,
                    "no pay band found (expected headings listing ranges such as `Developer: £57k - £72k`)",
                ));
            }
            continue;
        }
        titles.extend(parsed.title);
        intro.extend(parsed.intro);
        for t in parsed.tracks {
            let name = match t.heading.split_once(':') {
                Some((before, _)) if !before.trim().is_empty() => before.trim().to_string(),
                _ => t.heading.clone(),
            };
            let id: TrackId = track_ids.claim(&name);
            let levels = t
                .levels
                .into_iter()
                .map(|l| {
                    let mut band_extra = Extra::new();
                    band_extra.insert("source".into(), json!(l.figures));
                    let mut extra = Extra::new();
                    if !l.note.is_empty() {
                        extra.insert("note".into(), json!(l.note));
                    }
                    Level {
                        pay: vec![PayBand {
                            description: None,
                            currency: l.band.currency,
                            min: l.band.min,
                            mid: None,
                            max: l.band.max,
                            example: false,
                            zones: Vec::new(),
                            extra: band_extra,
                            origin: Default::default(),
                        }],
                        extra,
                        ..Level::new(
                            level_ids.claim::<LevelId>(&format!("{id}-{}", l.title)),
                            l.title,
                        )
                    }
                })
                .collect();
            let mut extra = Extra::new();
            extra.insert("source_file".into(), json!(file.name));
            tracks.push(Track {
                id,
                kind: kind_of(&t.heading),
                description: (t.heading != name).then(|| t.heading.clone()),
                name,
                levels,
                extra,
                origin: Default::default(),
            });
        }
    }
    if tracks.is_empty() {
        return Err(ImportError::parse(
            &files[0].path,
            1,
            "no pay band found (expected headings listing ranges such as `Developer: £57k - £72k`)",
        ));
    }
    let mut framework = Framework::new(match titles.as_slice() {
        [only] => only.clone(),
        _ => String::new(),
    });
    if !intro.is_empty() {
        framework.description = Some(intro.join("\n\n"));
    }
    framework.tracks = tracks;
    Ok(framework)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(text: &str) -> Option<(String, u64, u64, &str)> {
        parse_band(text).map(|b| (b.currency.to_string(), b.min, b.max, &text[b.start..b.end]))
    }

    #[test]
    fn sterling_thousands_read_as_whole_pounds() {
        assert_eq!(
            band("Associate Developer: £44k - £57k"),
            Some(("GBP".into(), 44_000, 57_000, "£44k - £57k"))
        );
        assert_eq!(
            band("£87k - £105k"),
            Some(("GBP".into(), 87_000, 105_000, "£87k - £105k"))
        );
    }

    #[test]
    fn other_currencies_separators_and_notations_read_too() {
        assert_eq!(
            band("$120,000 – $150,000"),
            Some(("USD".into(), 120_000, 150_000, "$120,000 – $150,000"))
        );
        assert_eq!(
            band("EUR 50,000 to 60,000").map(|b| (b.1, b.2)),
            Some((50_000, 60_000))
        );
        assert_eq!(
            band("€44.5k—€50k").map(|b| (b.0, b.1, b.2)),
            Some(("EUR".into(), 44_500, 50_000))
        );
        assert_eq!(band("£44-57k").map(|b| (b.1, b.2)), Some((44_000, 57_000)));
        assert_eq!(
            band("£1.2m - £1.5m").map(|b| (b.1, b.2)),
            Some((1_200_000, 1_500_000))
        );
    }

    #[test]
    fn text_without_a_range_has_no_band() {
        assert_eq!(band("Individual Contributor"), None);
        assert_eq!(band("£44k"), None);
        assert_eq!(band("Senior Developer 2024 - 2025"), None);
    }

    #[test]
    fn headings_decide_the_kind() {
        assert_eq!(kind_of("Engineering Management"), TrackKind::Management);
        assert_eq!(
            kind_of("Individual Contributor — Data Engineering"),
            TrackKind::IndividualContributor
        );
        assert_eq!(kind_of("User Help"), TrackKind::Other);
    }
}
