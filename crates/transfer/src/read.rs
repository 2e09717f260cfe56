//! Reading a CSV file into rows that remember their physical line, with every problem of
//! its header and shape collected rather than stopping at the first.
//!
//! Lines are counted here, from byte offsets, rather than taken from the CSV reader's
//! `Position::line`: that counts `\n` bytes consumed so far, so it lags one line behind on
//! CRLF files (a row's position is taken before the `\n` that ended the row above it) and
//! does not see the blank lines the reader skips before a row.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;

use csv::{ByteRecord, StringRecord};

use crate::TransferError;
use crate::cell::unescape_cell;
use crate::format::{FileKind, is_text};
use crate::problem::Problems;

const BOM: &[u8] = b"\xef\xbb\xbf";

/// A CSV file, read whole.
pub(crate) struct Table {
    /// The path as shown in problems.
    pub file: String,
    pub kind: FileKind,
    index: HashMap<String, usize>,
    /// Records that have as many fields as the header.
    pub rows: Vec<Row>,
}

/// A record and the physical line it starts on (the header is line 1).
pub(crate) struct Row {
    pub line: u64,
    pub record: StringRecord,
}

/// The header of a CSV file (trimmed, lowercased), to tell its kind.
pub(crate) fn header(path: &Path) -> Result<Vec<String>, TransferError> {
    let io = |source| TransferError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut input = BufReader::new(std::fs::File::open(path).map_err(io)?);
    if input.fill_buf().map_err(io)?.starts_with(BOM) {
        input.consume(BOM.len());
    }
    let mut record = ByteRecord::new();
    reader(input)
        .read_byte_record(&mut record)
        .map_err(|e| TransferError::Invalid(format!("{}: {e}", path.display())))?;
    Ok(normalise(&StringRecord::from_byte_record_lossy(record)))
}

fn normalise(header: &StringRecord) -> Vec<String> {
    header.iter().map(|h| h.trim().to_lowercase()).collect()
}

/// Every record is read the same way, the header included, so that the header's line is
/// counted like any other.
fn reader<R: std::io::Read>(input: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input)
}

/// Reads `path` as a file of `kind`. Header problems (an unknown, missing or repeated
/// column) and rows with the wrong number of fields or bytes that are not UTF-8 go to
/// `problems`; the rows that can be read are returned.
pub(crate) fn read(
    path: &Path,
    kind: FileKind,
    problems: &mut Problems,
) -> Result<Table, TransferError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| TransferError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut records = Records::new(&bytes);

    let (header_line, header) = match records.next() {
        Some(Ok((line, record))) => {
            let header = StringRecord::from_byte_record(record).unwrap_or_else(|e| {
                problems.push(&file, line, "row", "the header is not valid UTF-8");
                StringRecord::from_byte_record_lossy(e.into_byte_record())
            });
            (line, normalise(&header))
        }
        Some(Err((line, e))) => {
            problems.push(&file, line, "row", e.to_string());
            return Ok(Table::empty(file, kind));
        }
        None => (1, Vec::new()),
    };
    let mut index = HashMap::new();
    for (i, column) in header.iter().enumerate() {
        if !kind.columns().contains(&column.as_str()) {
            problems.push(
                &file,
                header_line,
                column.as_str(),
                format!(
                    "unknown column for a {kind} file; the columns are: {}",
                    kind.columns().join(", ")
                ),
            );
        } else if index.insert(column.clone(), i).is_some() {
            problems.push(
                &file,
                header_line,
                column.as_str(),
                "this column appears twice",
            );
        }
    }
    for required in kind.required() {
        if !index.contains_key(*required) {
            problems.push(
                &file,
                header_line,
                *required,
                "this column is required and missing",
            );
        }
    }

    let mut rows = Vec::new();
    for next in records {
        let (line, record) = match next {
            Ok(found) => found,
            Err((line, e)) => {
                problems.push(&file, line, "row", e.to_string());
                break;
            }
        };
        if record.len() == 1 && String::from_utf8_lossy(&record[0]).trim().is_empty() {
            continue; // a line of spaces
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
        match StringRecord::from_byte_record(record) {
            Ok(record) => rows.push(Row { line, record }),
            Err(e) => {
                let field = e.utf8_error().field();
                let record = e.into_byte_record();
                let line = line + record.iter().take(field).map(breaks).sum::<u64>();
                problems.push(&file, line, header[field].as_str(), "is not valid UTF-8");
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

/// The records of a file with the physical line each starts on.
struct Records<'a> {
    bytes: &'a [u8],
    reader: csv::Reader<&'a [u8]>,
    /// Line breaks in `bytes[..scanned]`.
    breaks: u64,
    scanned: usize,
}

impl<'a> Records<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
        Self {
            bytes,
            reader: reader(bytes),
            breaks: 0,
            scanned: 0,
        }
    }

    /// The line of the first byte of a record read from `offset` on: the reader may have
    /// left the `\n` of the previous row's CRLF, and skips blank lines, so line-break bytes
    /// there come before the record.
    fn line_from(&mut self, offset: u64) -> u64 {
        let offset = usize::try_from(offset).map_or(self.bytes.len(), |o| o.min(self.bytes.len()));
        let start = offset
            + self.bytes[offset..]
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
        // Chunks end at a record's first byte, never inside a CRLF, so each counts alone.
        if start > self.scanned {
            self.breaks += breaks(&self.bytes[self.scanned..start]);
            self.scanned = start;
        }
        self.breaks + 1
    }
}

impl Iterator for Records<'_> {
    /// A record, or what stopped the reader, with its line.
    type Item = Result<(u64, ByteRecord), (u64, csv::Error)>;

    fn next(&mut self) -> Option<Self::Item> {
        let offset = self.reader.position().byte();
        let mut record = ByteRecord::new();
        match self.reader.read_byte_record(&mut record) {
            Ok(false) => None,
            Ok(true) => Some(Ok((self.line_from(offset), record))),
            Err(e) => Some(Err((self.line_from(offset), e))),
        }
    }
}

/// A text field without its spreadsheet escape; other fields as they are.
fn unescape<'r>(column: &str, field: &'r str) -> &'r str {
    if is_text(column) {
        unescape_cell(field)
    } else {
        field
    }
}

/// Line breaks in `bytes`: LF, CRLF and a lone CR each end a line, as each ends a row for
/// the CSV reader.
fn breaks(bytes: &[u8]) -> u64 {
    let mut count = 0;
    let mut after_cr = false;
    for &b in bytes {
        count += u64::from(b == b'\r' || (b == b'\n' && !after_cr));
        after_cr = b == b'\r';
    }
    count
}

impl Table {
    fn empty(file: String, kind: FileKind) -> Self {
        Self {
            file,
            kind,
            index: HashMap::new(),
            rows: Vec::new(),
        }
    }

    /// A field, trimmed and then unescaped ([`unescape_cell`]) when it is text; `None`
    /// when the column is absent or the field empty.
    pub fn get<'r>(&self, row: &'r Row, column: &str) -> Option<&'r str> {
        self.field(row, column)
            .map(|f| unescape(column, f.trim()))
            .filter(|s| !s.is_empty())
    }

    /// A field as written (free text keeps its spaces), unescaped when it is text; `None`
    /// when absent or empty.
    pub fn raw<'r>(&self, row: &'r Row, column: &str) -> Option<&'r str> {
        self.field(row, column)
            .map(|f| unescape(column, f))
            .filter(|s| !s.is_empty())
    }

    fn field<'r>(&self, row: &'r Row, column: &str) -> Option<&'r str> {
        self.index.get(column).and_then(|&i| row.record.get(i))
    }

    /// The physical line a field of `row` starts on: the row's line, plus the line breaks
    /// of the quoted fields before it. The row's line when the column is absent (or `row`).
    pub fn line(&self, row: &Row, column: &str) -> u64 {
        let before = self.index.get(column).copied().unwrap_or(0);
        row.line
            + row
                .record
                .iter()
                .take(before)
                .map(|f| breaks(f.as_bytes()))
                .sum::<u64>()
    }

    /// Records a problem with `column` of `row`, on the line the field starts on.
    pub fn problem(
        &self,
        problems: &mut Problems,
        row: &Row,
        column: &str,
        reason: impl Into<String>,
    ) {
        problems.push(&self.file, self.line(row, column), column, reason);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_are_lf_crlf_or_a_lone_cr() {
        assert_eq!(breaks(b""), 0);
        assert_eq!(breaks(b"a\nb\r\nc\rd"), 3);
        assert_eq!(breaks(b"\r\n\r\n"), 2);
        assert_eq!(breaks(b"\r\r\n\n"), 3);
    }

    #[test]
    fn records_start_on_their_physical_line() {
        let lines = |text: &[u8]| -> Vec<u64> {
            Records::new(text)
                .map(|r| r.map(|(line, _)| line).unwrap_or_else(|(line, _)| line))
                .collect()
        };
        assert_eq!(lines(b"h\na\nb\n"), [1, 2, 3]);
        assert_eq!(lines(b"h\r\na\r\nb\r\n"), [1, 2, 3]);
        assert_eq!(lines(b"\xef\xbb\xbfh\r\na\r\n"), [1, 2]);
        assert_eq!(lines(b"\n\r\nh\r\n\r\na\rb"), [3, 5, 6]);
        assert_eq!(lines(b"h\r\n\"x\r\ny\",1\r\nb"), [1, 2, 4]);
        assert_eq!(lines(b"h\r\"x\r\ry\"\rb"), [1, 2, 5]);
    }
}
