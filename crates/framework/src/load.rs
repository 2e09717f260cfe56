//! Reading framework files: one YAML file, or a directory of them merged in a documented
//! order (lexicographic by relative path; see `docs/format.md`). This is the only module
//! of the crate that touches the file system, and it only reads.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Sources};
use crate::raw::RawFramework;
use crate::span::{FileId, Pos, Sp, with_file};

/// Why a framework could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The message names the file; the reason is the source, so that a caller printing
    /// the chain of causes says it once.
    #[error("cannot read {}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} holds no framework files (*.yaml or *.yml)")]
    EmptyDirectory { path: PathBuf },
    #[error("the framework has {} error(s)", diagnostics.len())]
    Invalid {
        sources: Sources,
        diagnostics: Vec<Diagnostic>,
    },
}

/// Lists the YAML files of a directory, recursively, in merge order.
pub fn framework_files(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                walk(&path, out)?;
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            ) {
                out.push(path);
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    walk(dir, &mut files).map_err(|source| LoadError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    files.sort_by(|a, b| a.strip_prefix(dir).ok().cmp(&b.strip_prefix(dir).ok()));
    if files.is_empty() {
        return Err(LoadError::EmptyDirectory {
            path: dir.to_path_buf(),
        });
    }
    Ok(files)
}

/// Reads a file or a directory into raw parts, one per file, with their sources.
pub fn read_path(path: &Path) -> Result<(Sources, Vec<RawFramework>), LoadError> {
    let files = if path.is_dir() {
        framework_files(path)?
    } else {
        vec![path.to_path_buf()]
    };
    let mut sources = Sources::default();
    for file in files {
        let bytes = std::fs::read(&file).map_err(|source| LoadError::Io {
            path: file.clone(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| LoadError::Io {
            path: file.clone(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error()),
        })?;
        sources.add(file, text);
    }
    parse_sources(sources)
}

/// Parses every source into a raw part. A file that is not valid YAML, or not shaped like
/// a framework, yields its first error; every file is tried.
pub fn parse_sources(sources: Sources) -> Result<(Sources, Vec<RawFramework>), LoadError> {
    let mut parts = Vec::new();
    let mut diagnostics = Vec::new();
    for (index, file) in sources.files().iter().enumerate() {
        let id = index as FileId;
        match parse_one(id, &file.text) {
            Ok(part) => parts.push(part),
            Err(d) => diagnostics.push(*d),
        }
    }
    if diagnostics.is_empty() {
        Ok((sources, parts))
    } else {
        Err(LoadError::Invalid {
            sources,
            diagnostics,
        })
    }
}

fn parse_one(file: FileId, text: &str) -> Result<RawFramework, Box<Diagnostic>> {
    if text.trim().is_empty() {
        return Ok(RawFramework::default());
    }
    with_file(file, || serde_saphyr::from_str::<RawFramework>(text)).map_err(|err| {
        let location = err.location();
        let pos = location
            .map(|loc| {
                let span = loc.span();
                let line = u32::try_from(loc.line()).unwrap_or(u32::MAX);
                let column = u32::try_from(loc.column()).unwrap_or(u32::MAX);
                let offset = span
                    .byte_offset()
                    .and_then(|o| usize::try_from(o).ok())
                    .unwrap_or_else(|| byte_offset_of(text, line, column));
                Pos {
                    file,
                    line,
                    column,
                    offset,
                    len: 1,
                }
            })
            .unwrap_or(Pos {
                file,
                line: 1,
                column: 1,
                offset: 0,
                len: 0,
            });
        let mut options = serde_saphyr::RenderOptions::default();
        options.snippets = serde_saphyr::SnippetMode::Off;
        let message = err.without_snippet().render_with_options(options);
        let message = friendlier(&strip_location_suffix(&message));
        use serde_saphyr::Error as E;
        let is_shape = matches!(
            err.without_snippet(),
            E::SerdeInvalidType { .. }
                | E::SerdeInvalidValue { .. }
                | E::SerdeInvalidLength { .. }
                | E::SerdeUnknownVariant { .. }
                | E::SerdeUnknownField { .. }
                | E::SerdeMissingField { .. }
                | E::NullIntoString { .. }
                | E::InvalidScalar { .. }
                | E::DuplicateMappingKey { .. }
        );
        let is_syntax = !is_shape;
        let code = if is_syntax { "syntax" } else { "shape" };
        let hint = if message.contains("unknown field") {
            "check the spelling against `pendulum framework schema`; free-form data belongs under `extra`"
        } else if is_syntax {
            "this is not valid YAML: check the indentation and quoting around this point"
        } else {
            "see docs/format.md or `pendulum framework schema` for the expected shape"
        };
        Box::new(Diagnostic::error(code, pos, message).hint(hint))
    })
}

/// Drops a trailing " at line N column M" that the YAML library appends: the position is
/// already part of the diagnostic.
fn strip_location_suffix(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message).trim();
    match first.rfind(" at line ") {
        Some(i) => first[..i].trim_end_matches(',').to_string(),
        None => first.to_string(),
    }
}

/// Rewords the YAML library's terse type errors for people who do not read Rust types.
fn friendlier(message: &str) -> String {
    for (terse, plain) in [
        ("invalid u64", "expected a whole number (e.g. 87000)"),
        ("invalid u32", "expected a whole number (e.g. 12)"),
        ("invalid bool", "expected true or false"),
    ] {
        if let Some(rest) = message.strip_prefix(terse) {
            return format!("{plain}{rest}");
        }
    }
    message.to_string()
}

fn byte_offset_of(text: &str, line: u32, column: u32) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line as usize {
            return offset
                + l.char_indices()
                    .nth(column.saturating_sub(1) as usize)
                    .map_or(l.len(), |(b, _)| b);
        }
        offset += l.len();
    }
    text.len()
}

/// Merges the parts of a directory into one raw framework (see `docs/format.md`).
pub fn merge(sources: &Sources, parts: Vec<RawFramework>) -> Result<RawFramework, Vec<Diagnostic>> {
    let mut parts = parts.into_iter();
    let mut merged = parts.next().unwrap_or_default();
    let mut diagnostics = Vec::new();
    for part in parts {
        merge_single(
            &mut merged.format,
            part.format,
            "format",
            sources,
            &mut diagnostics,
        );
        merge_single(
            &mut merged.name,
            part.name,
            "name",
            sources,
            &mut diagnostics,
        );
        merge_single(
            &mut merged.version,
            part.version,
            "version",
            sources,
            &mut diagnostics,
        );
        merge_single(
            &mut merged.description,
            part.description,
            "description",
            sources,
            &mut diagnostics,
        );
        merge_single(
            &mut merged.points,
            part.points,
            "points",
            sources,
            &mut diagnostics,
        );
        merged.changelog.extend(part.changelog);
        merged.grades.extend(part.grades);
        merged.rating_scale.extend(part.rating_scale);
        merged.categories.extend(part.categories);
        merged.competencies.extend(part.competencies);
        merged.decision_rights.extend(part.decision_rights);
        merged.archetypes.extend(part.archetypes);
        merged.tracks.extend(part.tracks);
        for (key, value) in part.extra {
            if merged.extra.contains_key(&key) {
                diagnostics.push(Diagnostic::error(
                    "merge",
                    Pos::default(),
                    format!("extra key {key:?} is set in more than one file"),
                ));
            } else {
                merged.extra.insert(key, value);
            }
        }
        match (&mut merged.transitions, part.transitions) {
            (_, None) => {}
            (slot @ None, Some(t)) => *slot = Some(t),
            (Some(into), Some(from)) => {
                let from = from.value;
                merge_single(
                    &mut into.value.trial_months,
                    from.trial_months,
                    "transitions.trial_months",
                    sources,
                    &mut diagnostics,
                );
                into.value.allowed.extend(from.allowed);
                merge_single(
                    &mut into.value.checkpoints,
                    from.checkpoints,
                    "transitions.checkpoints",
                    sources,
                    &mut diagnostics,
                );
                merge_single(
                    &mut into.value.extensions,
                    from.extensions,
                    "transitions.extensions",
                    sources,
                    &mut diagnostics,
                );
                match (&mut into.value.onboarding, from.onboarding) {
                    (_, None) => {}
                    (slot @ None, Some(o)) => *slot = Some(o),
                    (Some(into), Some(from)) => {
                        merge_single(
                            &mut into.value.to_management,
                            from.value.to_management,
                            "transitions.onboarding.to-management",
                            sources,
                            &mut diagnostics,
                        );
                        merge_single(
                            &mut into.value.to_ic,
                            from.value.to_ic,
                            "transitions.onboarding.to-ic",
                            sources,
                            &mut diagnostics,
                        );
                    }
                }
                for (key, value) in from.return_paths {
                    if into.value.return_paths.contains_key(&key) {
                        diagnostics.push(
                            Diagnostic::error(
                                "merge",
                                value.pos,
                                format!("the return path of {key:?} is set in more than one file"),
                            )
                            .hint("keep each management level's return path in one file"),
                        );
                    } else {
                        into.value.return_paths.insert(key, value);
                    }
                }
            }
        }
        match (&mut merged.reflection, part.reflection) {
            (_, None) => {}
            (slot @ None, Some(r)) => *slot = Some(r),
            (Some(into), Some(from)) => into.value.extend(from.value),
        }
        match (&mut merged.journal, part.journal) {
            (_, None) => {}
            (slot @ None, Some(j)) => *slot = Some(j),
            (Some(into), Some(from)) => match (&mut into.value.kinds, from.value.kinds) {
                (_, None) => {}
                (slot @ None, Some(k)) => *slot = Some(k),
                (Some(into), Some(from)) => into.value.extend(from.value),
            },
        }
        match (&mut merged.lint, part.lint) {
            (_, None) => {}
            (slot @ None, Some(l)) => *slot = Some(l),
            (Some(into), Some(from)) => {
                into.value.allow.extend(from.value.allow);
                into.value.deny.extend(from.value.deny);
            }
        }
    }
    if diagnostics.is_empty() {
        Ok(merged)
    } else {
        Err(diagnostics)
    }
}

fn merge_single<T>(
    into: &mut Option<Sp<T>>,
    from: Option<Sp<T>>,
    field: &str,
    sources: &Sources,
    diagnostics: &mut Vec<Diagnostic>,
) {
    match (into.as_ref(), from) {
        (_, None) => {}
        (None, from @ Some(_)) => *into = from,
        (Some(first), Some(second)) => diagnostics.push(
            Diagnostic::error(
                "merge",
                second.pos,
                format!(
                    "`{field}` is already set in {}",
                    sources.path(first.pos.file).display()
                ),
            )
            .label("set again here")
            .hint("a single value may be set in only one file of a framework directory"),
        ),
    }
}
