//! Diagnostics: problems found in framework files, each tied to a source position, and
//! their rendering as `path:line:column` with the source line underlined.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};
use serde::Serialize;

use crate::span::{FileId, Pos};

/// The text of every file a framework was read from, indexed by [`FileId`].
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: Vec<SourceFile>,
}

#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

impl Sources {
    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        self.files.push(SourceFile { path, text });
        FileId::try_from(self.files.len() - 1).expect("fewer than 2^32 files")
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id as usize)
    }

    pub fn path(&self, id: FileId) -> &Path {
        self.get(id)
            .map(|f| f.path.as_path())
            .unwrap_or(Path::new("<built in>"))
    }

    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Self::Note => "note",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

/// One problem at one place.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable code: `syntax`, `shape`, or the name of the semantic check.
    pub code: &'static str,
    pub message: String,
    pub pos: Pos,
    /// What the underline says.
    pub label: Option<String>,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, pos: Pos, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            code,
            message: message.into(),
            pos,
            label: None,
            hint: None,
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `path:line:column`.
    pub fn location(&self, sources: &Sources) -> String {
        format!(
            "{}:{}:{}",
            sources.path(self.pos.file).display(),
            self.pos.line,
            self.pos.column
        )
    }
}

/// A miette view of one diagnostic over its source file.
#[derive(Debug)]
struct Rendered<'a> {
    diagnostic: &'a Diagnostic,
    source: Option<NamedSource<String>>,
}

impl std::fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.diagnostic
            .hint
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        let pos = self.diagnostic.pos;
        Some(Box::new(std::iter::once(LabeledSpan::new(
            self.diagnostic.label.clone(),
            pos.offset,
            pos.len.max(1),
        ))))
    }
}

/// How diagnostics are drawn: with colour for terminals, plain for files and tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Color,
    Plain,
}

/// Renders diagnostics as text: a `path:line:column: severity[code]: message` line, then
/// the source line with the offending value underlined, then the hint.
pub fn render(diagnostics: &[Diagnostic], sources: &Sources, style: Style) -> String {
    let theme = match style {
        Style::Color => GraphicalTheme::unicode(),
        Style::Plain => GraphicalTheme::unicode_nocolor(),
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_context_lines(1)
        .with_width(100);
    let mut out = String::new();
    for d in diagnostics {
        // Messages quote values from the file, and the source is shown as it is: neither
        // may carry a character a terminal would act on.
        let d = &Diagnostic {
            message: escape_hazards(&d.message),
            label: d.label.as_deref().map(escape_hazards),
            hint: d.hint.as_deref().map(escape_hazards),
            ..d.clone()
        };
        let _ = writeln!(
            out,
            "{}: {}[{}]: {}",
            escape_hazards(&d.location(sources)),
            d.severity.label(),
            d.code,
            d.message
        );
        let source = (!d.pos.is_unknown())
            .then(|| sources.get(d.pos.file))
            .flatten()
            .map(|f| {
                NamedSource::new(
                    escape_hazards(&f.path.display().to_string()),
                    mask_hazards(&f.text),
                )
            });
        let rendered = Rendered {
            diagnostic: d,
            source,
        };
        let mut body = String::new();
        if handler.render_report(&mut body, &rendered).is_ok() {
            out.push_str(&body);
        }
        out.push('\n');
    }
    out
}

/// Characters a terminal acts on or that reorder what it shows: control characters other
/// than line breaks and tabs, and the bidirectional controls. A carriage return is one
/// when it does not end a line (`\r\n`).
fn hazardous(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t' && c != '\r')
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with each hazardous character, and each carriage return, written as an escape
/// (`\u{1b}`).
fn escape_hazards(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if hazardous(c) || c == '\r' {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` with each hazardous character, and each carriage return that does not end a
/// line, replaced by one `?` per byte, so that the byte offsets of diagnostics still point
/// at the same places.
fn mask_hazards(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let lone_return = c == '\r' && chars.peek() != Some(&'\n');
        if hazardous(c) || lone_return {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    out
}
