//! Problems found in import files, each pointing at a file, a physical line (the header is
//! line 1; a quoted field spanning lines counts each of them) and a column.

use std::fmt;

/// One problem: `file:line: column: reason`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub file: String,
    pub line: u64,
    /// A column name from the header, or `row` when the row as a whole is at fault.
    pub column: String,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file, self.line, self.column, self.reason
        )
    }
}

/// Every problem of an import, sorted by file and line. An import with any problem writes
/// nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn push(
        &mut self,
        file: &str,
        line: u64,
        column: impl Into<String>,
        reason: impl Into<String>,
    ) {
        self.0.push(Problem {
            file: file.to_string(),
            line,
            column: column.into(),
            reason: reason.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub(crate) fn sorted(mut self) -> Self {
        self.0.sort();
        self
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.0 {
            writeln!(f, "{p}")?;
        }
        write!(f, "{} problem(s); nothing was imported", self.0.len())
    }
}
