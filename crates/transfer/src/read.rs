//! Reading a CSV file into rows that remember their physical line, with every problem of
//! its header and shape collected rather than stopping at the first.

use std::collections::HashMap;
use std::path::Path;

use csv::StringRecord;

use crate::TransferError;
use crate::format::FileKind;
use crate::problem::Problems;

/// A CSV file, read whole.
pub(crate) struct Table {
    /// The path as shown in problems.
    pub file: String,
    pub kind: FileKind,
    index: HashMap<String, usize>,
    /// Records that have as many fields as the header, with the line each starts on.
    pub rows: Vec<(u64, StringRecord)>,
}

/// The header of a CSV file (trimmed, lowercased), to tell its kind.
pub(crate) fn header(path: &Path) -> Result<Vec<String>, TransferError> {
    let mut reader = reader(path)?;
    let header = reader.headers().map_err(|e| csv_error(path, e))?;
    Ok(normalise(header))
}

fn normalise(header: &StringRecord) -> Vec<String> {
    header
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_lowercase())
        .collect()
}

fn reader(path: &Path) -> Result<csv::Reader<std::fs::File>, TransferError> {
    let file = std::fs::File::open(path).map_err(|source| TransferError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(csv::ReaderBuilder::new().flexible(true).from_reader(file))
}

fn csv_error(path: &Path, e: csv::Error) -> TransferError {
    TransferError::Invalid(format!("{}: {e}", path.display()))
}

/// Reads `path` as a file of `kind`. Header problems (an unknown, missing or repeated
/// column) and rows with the wrong number of fields go to `problems`; the rows that can
/// be read are returned.
pub(crate) fn read(
    path: &Path,
    kind: FileKind,
    problems: &mut Problems,
) -> Result<Table, TransferError> {
    let file = path.display().to_string();
    let mut reader = reader(path)?;
    let header = normalise(reader.headers().map_err(|e| csv_error(path, e))?);
    let mut index = HashMap::new();
    for (i, column) in header.iter().enumerate() {
        if !kind.columns().contains(&column.as_str()) {
            problems.push(
                &file,
                1,
                column.as_str(),
                format!(
                    "unknown column for a {kind} file; the columns are: {}",
                    kind.columns().join(", ")
                ),
            );
        } else if index.insert(column.clone(), i).is_some() {
            problems.push(&file, 1, column.as_str(), "this column appears twice");
        }
    }
    for required in kind.required() {
        if !index.contains_key(*required) {
            problems.push(&file, 1, *required, "this column is required and missing");
        }
    }
    let mut rows = Vec::new();
    let mut record = StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                if record.len() == 1 && record.get(0).is_some_and(|f| f.trim().is_empty()) {
                    continue; // a blank line
                }
                if record.len() != header.len() {
                    problems.push(
                        &file,
                        line,
                        "row",
                        format!(
                            "has {} fields where the header has {}",
                            record.len(),
                            header.len()
                        ),
                    );
                    continue;
                }
                rows.push((line, record.clone()));
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                let reason = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8".to_string(),
                    _ => e.to_string(),
                };
                problems.push(&file, line, "row", reason);
                if !matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    break;
                }
            }
        }
    }
    Ok(Table {
        file,
        kind,
        index,
        rows,
    })
}

impl Table {
    /// A field, trimmed; `None` when the column is absent or the field empty.
    pub fn get<'r>(&self, record: &'r StringRecord, column: &str) -> Option<&'r str> {
        self.raw(record, column)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// A field as written (free text keeps its spaces); `None` when absent or empty.
    pub fn raw<'r>(&self, record: &'r StringRecord, column: &str) -> Option<&'r str> {
        self.index
            .get(column)
            .and_then(|&i| record.get(i))
            .filter(|s| !s.is_empty())
    }
}
