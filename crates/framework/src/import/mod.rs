//! Importers of published frameworks.
//!
//! Organisations already publish their career frameworks in a handful of shapes. Each
//! importer reads one shape and builds a [`Framework`] that passes [`crate::check()`]:
//!
//! - [`Source::Monzo`]: Markdown files with YAML front matter (or plain Markdown with
//!   `## Level N` / `### Topic` headings), one track per file, see [`monzo`].
//! - [`Source::Snowflake`]: the points-based JSON of Medium's Snowflake, see [`snowflake`].
//! - [`Source::EngineeringLadders`]: ladders on five axes of five cumulative steps, one
//!   track per ladder file, see [`engineering_ladders`].
//! - [`Source::PayBands`]: published salary bands, one track per heading, see [`pay_bands`].
//!
//! Two promises hold for every importer. **Nothing is lost**: every text of the source
//! (criteria, examples, paragraphs, figures) ends up in the framework, in a field of the
//! format where one fits and in `extra` where none does; only navigation between a
//! source's own pages and chart images' markup are left out. **Nothing is invented**: an
//! importer states only what the source states — no grades where the source claims no
//! equivalence across tracks, no pay, no decision rights, no return paths.
//!
//! Importers read files and nothing else; they never write.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::ids::{IdError, slugify};
use crate::model::Framework;

pub mod engineering_ladders;
pub mod monzo;
pub mod pay_bands;
pub mod snowflake;

/// A published framework format Pendulum can import.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    Monzo,
    Snowflake,
    EngineeringLadders,
    PayBands,
}

impl Source {
    pub const ALL: [Source; 4] = [
        Source::Monzo,
        Source::Snowflake,
        Source::EngineeringLadders,
        Source::PayBands,
    ];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Monzo => "monzo",
            Source::Snowflake => "snowflake",
            Source::EngineeringLadders => "engineeringladders",
            Source::PayBands => "pay-bands",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The extension of the files picked up when a directory is given.
    fn extension(self) -> &'static str {
        match self {
            Source::Snowflake => "json",
            Source::Monzo | Source::EngineeringLadders | Source::PayBands => "md",
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Source {
    type Err = ImportError;

    fn from_str(s: &str) -> Result<Self, ImportError> {
        Self::parse(s).ok_or_else(|| ImportError::UnknownSource(s.to_string()))
    }
}

/// Why an import failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(
        "unknown import source {0:?}; expected one of: monzo, snowflake, engineeringladders, pay-bands"
    )]
    UnknownSource(String),
    /// The message names the file; the reason is the source, so that a caller printing
    /// the chain of causes says it once.
    #[error("cannot read {}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A source file that cannot be understood; `line` is 1-based.
    #[error("{}:{line}: {message}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("no {format} files to import{}", describe_paths(paths))]
    NoFiles { format: Source, paths: Vec<PathBuf> },
}

fn describe_paths(paths: &[PathBuf]) -> String {
    if paths.is_empty() {
        return String::new();
    }
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    format!(" in {}", names.join(", "))
}

impl ImportError {
    pub(crate) fn parse(path: &Path, line: usize, message: impl Into<String>) -> Self {
        ImportError::Parse {
            path: path.to_path_buf(),
            line: line.max(1),
            message: message.into(),
        }
    }
}

/// Imports `paths` (files, or directories walked recursively) as one framework.
///
/// Files inside a directory are taken in the order of their paths; a file named twice is
/// read once. The result passes `check` once serialised with [`Framework::to_yaml`].
pub fn import(source: Source, paths: &[PathBuf]) -> Result<Framework, ImportError> {
    let files = collect_files(source, paths)?;
    if files.is_empty() {
        return Err(ImportError::NoFiles {
            format: source,
            paths: paths.to_vec(),
        });
    }
    let mut framework = match source {
        Source::Monzo => monzo::import(&files)?,
        Source::Snowflake => snowflake::import(&files)?,
        Source::EngineeringLadders => engineering_ladders::import(&files)?,
        Source::PayBands => pay_bands::import(&files)?,
    };
    if framework.name.trim().is_empty() {
        framework.name = default_name(paths);
    }
    framework.extra.insert(
        "imported_from".into(),
        serde_json::json!({
            "source": source.as_str(),
            "files": files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
        }),
    );
    Ok(framework)
}

/// A file to import.
#[derive(Clone, Debug)]
pub(crate) struct InputFile {
    pub path: PathBuf,
    /// The path as shown in the framework: relative to the directory argument it was found
    /// in (prefixed by that directory's name), or the file name of a file argument.
    pub name: String,
    /// Named on the command line, rather than found in a directory.
    pub explicit: bool,
}

impl InputFile {
    pub fn read(&self) -> Result<String, ImportError> {
        read(&self.path)
    }

    /// The file name without its extension.
    pub fn stem(&self) -> String {
        self.path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

pub(crate) fn read(path: &Path) -> Result<String, ImportError> {
    std::fs::read_to_string(path).map_err(|source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn collect_files(source: Source, paths: &[PathBuf]) -> Result<Vec<InputFile>, ImportError> {
    let mut files = Vec::new();
    let mut seen = HashSet::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| ImportError::Io {
            path: path.clone(),
            source,
        })?;
        let found = if meta.is_dir() {
            let mut found = Vec::new();
            walk(path, source.extension(), &mut found)?;
            found.sort();
            let root = path.file_name().map(|n| n.to_string_lossy().into_owned());
            found
                .into_iter()
                .map(|p| {
                    let relative = p.strip_prefix(path).unwrap_or(&p).to_string_lossy();
                    let name = match &root {
                        Some(root) => format!("{root}/{relative}"),
                        None => relative.into_owned(),
                    };
                    InputFile {
                        path: p,
                        name: name.replace('\\', "/"),
                        explicit: false,
                    }
                })
                .collect()
        } else {
            vec![InputFile {
                name: path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                ),
                path: path.clone(),
                explicit: true,
            }]
        };
        for file in found {
            let key = file
                .path
                .canonicalize()
                .unwrap_or_else(|_| file.path.clone());
            if seen.insert(key) {
                files.push(file);
            }
        }
    }
    Ok(files)
}

/// Every file under `dir` with `extension`, skipping hidden files and directories.
fn walk(dir: &Path, extension: &str, out: &mut Vec<PathBuf>) -> Result<(), ImportError> {
    let io = |source| ImportError::Io {
        path: dir.to_path_buf(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if entry.file_type().map_err(io)?.is_dir() {
            walk(&path, extension, out)?;
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case(extension))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// A name for a framework whose source states none: the file or directory name.
fn default_name(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths
        .iter()
        .filter_map(|p| {
            let p = p.canonicalize().unwrap_or_else(|_| p.clone());
            let name = if p.is_dir() {
                p.file_name()
            } else {
                p.file_stem()
            };
            name.map(|n| n.to_string_lossy().into_owned())
        })
        .collect();
    if names.is_empty() {
        "Imported framework".to_string()
    } else {
        names.join(" + ")
    }
}

/// Hands out ids that are unique within one namespace (tracks, levels, competencies…).
#[derive(Debug, Default)]
pub(crate) struct Ids {
    taken: HashSet<String>,
}

impl Ids {
    /// Claims the slug of `text`, or the slug with `-2`, `-3`… when it is taken.
    pub fn claim<I>(&mut self, text: &str) -> I
    where
        I: TryFrom<String, Error = IdError>,
    {
        id(self.claim_slug(text))
    }

    /// Like [`Ids::claim`], for keys that are not typed ids (e.g. keys of `extra`).
    pub fn claim_slug(&mut self, text: &str) -> String {
        let base = slugify(text);
        let mut candidate = base.clone();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            let suffix = format!("-{n}");
            let mut stem = base.clone();
            stem.truncate(64 - suffix.len());
            candidate = slugify(&format!("{stem}{suffix}"));
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

/// Wraps a slug as a typed id. Slugs are valid by construction.
pub(crate) fn id<I>(slug: impl Into<String>) -> I
where
    I: TryFrom<String, Error = IdError>,
{
    let slug = slug.into();
    match I::try_from(slug.clone()) {
        Ok(id) => id,
        Err(_) => match I::try_from(slugify(&slug)) {
            Ok(id) => id,
            Err(e) => unreachable!("slugify always yields a valid id: {e}"),
        },
    }
}

/// A title without the emoji and other decoration that leads it: "🛠️ Backend" → "Backend".
pub(crate) fn strip_decoration(title: &str) -> &str {
    title
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_end()
}

/// Collapses runs of whitespace (including non-breaking spaces) into one space.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// 1-based line number of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// A block of a Markdown document, with its verbatim source.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Block<'a> {
    pub kind: BlockKind,
    /// 1-based line where the block starts.
    pub line: usize,
    /// The block as written, trimmed; for a list item, its own text without the marker
    /// and without nested lists.
    pub source: &'a str,
    /// Plain text: inline markup removed, inline code kept, line breaks as spaces.
    pub text: String,
    /// Cells of a table row, as plain text.
    pub cells: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BlockKind {
    Heading(u8),
    Paragraph,
    /// A list item at a nesting depth (1 = top level).
    Item(usize),
    TableRow,
    Html,
    Rule,
    /// Code blocks, block quotes' own markers and anything else kept only as source.
    Other,
}

/// Splits a Markdown document into blocks, in document order (a list item before the
/// items nested in it).
pub(crate) fn markdown_blocks(text: &str) -> Vec<Block<'_>> {
    let mut blocks: Vec<Block<'_>> = Vec::new();
    // Spans of `blocks` entries, resolved to source slices at the end.
    let mut spans: Vec<(usize, usize)> = Vec::new();
    // Open list items: (block index, own text still open).
    let mut items: Vec<(usize, bool)> = Vec::new();
    // The block receiving plain text.
    let mut target: Option<usize> = None;
    let mut in_cell = false;

    let push = |blocks: &mut Vec<Block<'_>>,
                spans: &mut Vec<(usize, usize)>,
                kind: BlockKind,
                range: &std::ops::Range<usize>| {
        blocks.push(Block {
            kind,
            line: line_of(text, range.start),
            source: "",
            text: String::new(),
            cells: Vec::new(),
        });
        spans.push((range.start, range.end));
        blocks.len() - 1
    };

    for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let i = push(
                    &mut blocks,
                    &mut spans,
                    BlockKind::Heading(level as u8),
                    &range,
                );
                target = Some(i);
            }
            Event::End(TagEnd::Heading(_)) => target = None,
            Event::Start(Tag::Paragraph) => match items.last() {
                Some((i, true)) => {
                    if !blocks[*i].text.is_empty() {
                        blocks[*i].text.push(' ');
                    }
                    target = Some(*i);
                }
                _ => target = Some(push(&mut blocks, &mut spans, BlockKind::Paragraph, &range)),
            },
            Event::End(TagEnd::Paragraph) if !matches!(items.last(), Some((_, true))) => {
                target = None;
            }
            Event::Start(Tag::Item) => {
                let i = push(
                    &mut blocks,
                    &mut spans,
                    BlockKind::Item(items.len() + 1),
                    &range,
                );
                items.push((i, true));
                target = Some(i);
            }
            Event::Start(Tag::List(_)) => {
                if let Some((i, open)) = items.last_mut()
                    && *open
                {
                    spans[*i].1 = range.start;
                    *open = false;
                }
                target = None;
            }
            Event::End(TagEnd::Item) => {
                items.pop();
                target = None;
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                target = Some(push(&mut blocks, &mut spans, BlockKind::TableRow, &range));
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => target = None,
            Event::Start(Tag::TableCell) => {
                if let Some(i) = target {
                    blocks[i].cells.push(String::new());
                    in_cell = true;
                }
            }
            Event::End(TagEnd::TableCell) => in_cell = false,
            Event::Start(Tag::HtmlBlock) => {
                push(&mut blocks, &mut spans, BlockKind::Html, &range);
                target = None;
            }
            Event::Start(Tag::CodeBlock(_)) => {
                push(&mut blocks, &mut spans, BlockKind::Other, &range);
                target = None;
            }
            Event::Rule => {
                push(&mut blocks, &mut spans, BlockKind::Rule, &range);
            }
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => {
                if let Some(i) = target {
                    if in_cell {
                        if let Some(cell) = blocks[i].cells.last_mut() {
                            cell.push_str(&t);
                        }
                    } else {
                        blocks[i].text.push_str(&t);
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(i) = target {
                    blocks[i].text.push(' ');
                }
            }
            _ => {}
        }
    }

    for (block, (start, end)) in blocks.iter_mut().zip(spans) {
        let source = text[start..end.max(start)].trim();
        block.source = match block.kind {
            BlockKind::Item(_) => strip_list_marker(source),
            _ => source,
        };
        block.text = block.text.trim().to_string();
        for cell in &mut block.cells {
            *cell = cell.trim().to_string();
        }
    }
    blocks
}

/// `* text`, `- text`, `+ text`, `1. text` → `text`.
fn strip_list_marker(item: &str) -> &str {
    let rest = item.strip_prefix(['*', '-', '+']).unwrap_or_else(|| {
        let digits = item.trim_start_matches(|c: char| c.is_ascii_digit());
        if digits.len() < item.len() {
            digits.strip_prefix(['.', ')']).unwrap_or(item)
        } else {
            item
        }
    });
    rest.trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_parse_from_their_command_line_names() {
        for source in Source::ALL {
            assert_eq!(Source::parse(source.as_str()), Some(source));
            assert_eq!(source.as_str().parse::<Source>().ok(), Some(source));
        }
        let err = "ladders".parse::<Source>().unwrap_err();
        assert!(err.to_string().contains("engineeringladders"), "{err}");
    }

    #[test]
    fn ids_are_unique_within_a_namespace() {
        let mut ids = Ids::default();
        let a: crate::ids::TrackId = ids.claim("Backend");
        let b: crate::ids::TrackId = ids.claim("backend");
        let c: crate::ids::TrackId = ids.claim("🛠️ Backend");
        assert_eq!(a.as_str(), "backend");
        assert_eq!(b.as_str(), "backend-2");
        assert_eq!(c.as_str(), "backend-3");
        let long = "x".repeat(80);
        let d: crate::ids::TrackId = ids.claim(&long);
        let e: crate::ids::TrackId = ids.claim(&long);
        assert_eq!(d.as_str().len(), 64);
        assert!(e.as_str().ends_with("-2") && e.as_str().len() <= 64);
    }

    #[test]
    fn decoration_is_stripped_from_titles() {
        assert_eq!(
            strip_decoration("🛠️ Backend Engineering"),
            "Backend Engineering"
        );
        assert_eq!(strip_decoration("👩\u{200d}💼 Leadership"), "Leadership");
        assert_eq!(strip_decoration("Plain"), "Plain");
    }

    #[test]
    fn markdown_blocks_keep_sources_lines_and_nesting() {
        let text = "# Title\n\nFirst [link](x) para\ncontinued.\n\n* **Verb**: text\n* outer\n    * inner `£1k - £2k`\n\n| A | B |\n| - | - |\n| 1 | 2 |\n\n---\n";
        let blocks = markdown_blocks(text);
        let kinds: Vec<BlockKind> = blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            vec![
                BlockKind::Heading(1),
                BlockKind::Paragraph,
                BlockKind::Item(1),
                BlockKind::Item(1),
                BlockKind::Item(2),
                BlockKind::TableRow,
                BlockKind::TableRow,
                BlockKind::Rule,
            ]
        );
        assert_eq!(blocks[0].text, "Title");
        assert_eq!(blocks[1].source, "First [link](x) para\ncontinued.");
        assert_eq!(blocks[1].text, "First link para continued.");
        assert_eq!(blocks[1].line, 3);
        assert_eq!(blocks[2].source, "**Verb**: text");
        assert_eq!(blocks[2].text, "Verb: text");
        assert_eq!(blocks[3].source, "outer");
        assert_eq!(blocks[4].text, "inner £1k - £2k");
        assert_eq!(blocks[4].line, 8);
        assert_eq!(blocks[5].cells, vec!["A", "B"]);
        assert_eq!(blocks[6].cells, vec!["1", "2"]);
    }

    #[test]
    fn line_numbers_count_from_one() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
    }
}
