//! Tabular results as aligned columns, TSV or JSON (DESIGN §1 `-o`).
//!
//! Hand-written rather than a table crate: twenv's tables are a few short
//! columns with no borders, and start-up time is most of what `list` costs.

use std::io::{self, IsTerminal, Write};

use serde::Serialize;

use crate::cli::OutputFormat;
use crate::error::{Error, Result};
use crate::ui;

/// A table: a header and rows of cells, `None` shown as "-" in columns and empty in TSV.
pub struct Table {
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<Option<String>>>,
}

/// The text forms of a table; JSON is rendered from the typed rows, never from a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFormat {
    Columns,
    Tsv,
}

impl OutputFormat {
    /// The text form, or `None` for JSON.
    pub fn text(self) -> Option<TextFormat> {
        match self {
            OutputFormat::Columns => Some(TextFormat::Columns),
            OutputFormat::Tsv => Some(TextFormat::Tsv),
            OutputFormat::Json => None,
        }
    }
}

impl Table {
    pub fn render(&self, format: TextFormat) -> String {
        match format {
            TextFormat::Tsv => self.tsv(),
            TextFormat::Columns => self.columns(),
        }
    }

    fn tsv(&self) -> String {
        let mut out = self.header.join("\t");
        out.push('\n');
        for row in &self.rows {
            let cells: Vec<String> = row
                .iter()
                .map(|c| ui::printable(c.as_deref().unwrap_or(""), false).into_owned())
                .collect();
            out.push_str(&cells.join("\t"));
            out.push('\n');
        }
        out
    }

    fn columns(&self) -> String {
        let cell = |c: &Option<String>| match c {
            Some(text) => ui::printable(text, false).into_owned(),
            None => "-".to_string(),
        };
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (w, c) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell(c).chars().count());
            }
        }
        let mut out = String::new();
        let line = |cells: Vec<String>, out: &mut String| {
            let last = cells.len().saturating_sub(1);
            for (i, (c, w)) in cells.iter().zip(&widths).enumerate() {
                out.push_str(c);
                if i < last {
                    out.push_str(&" ".repeat(w - c.chars().count() + 2));
                }
            }
            out.push('\n');
        };
        line(
            self.header.iter().map(|h| h.to_string()).collect(),
            &mut out,
        );
        for row in &self.rows {
            line(row.iter().map(cell).collect(), &mut out);
        }
        out
    }
}

pub fn json<T: Serialize>(value: &T) -> Result<String> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::runtime(format!("cannot serialise JSON: {e}")))?;
    text.push('\n');
    Ok(text)
}

/// Streams JSON to stdout, so a thousand rows are not held twice in memory
/// (on a small VM every page touched is a fault that costs microseconds).
/// Indented for a person at a terminal, compact for a program (as `gh` does).
pub fn print_json<T: Serialize>(value: &T) -> Result<()> {
    let stdout = io::stdout();
    let pretty = stdout.is_terminal();
    let mut out = io::BufWriter::with_capacity(32 * 1024, stdout.lock());
    let written = if pretty {
        serde_json::to_writer_pretty(&mut out, value)
    } else {
        serde_json::to_writer(&mut out, value)
    };
    let written = written
        .map_err(io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    match written {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(Error::Silent(1)),
        Err(e) => Err(Error::runtime(format!("cannot write to stdout: {e}"))),
    }
}
