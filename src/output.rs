//! Tabular results as aligned columns, TSV or JSON (DESIGN §1 `-o`).
//!
//! Hand-written rather than a table crate: twenv's tables are a few short
//! columns with no borders, and start-up time is most of what `list` costs.

use std::io::{self, IsTerminal, Write};

use serde::Serialize;

use crate::cli::OutputFormat;
use crate::error::{Error, Result};
use crate::ui;

/// A table: columns (a title for people, a key for TSV) and rows of cells,
/// `None` shown as "-" in columns and empty in TSV.
pub struct Table {
    pub header: Vec<Column>,
    pub rows: Vec<Vec<Option<String>>>,
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// What a person reads: `ACCOUNT SID`.
    pub title: &'static str,
    /// What a program reads in TSV: `account_sid`, the JSON field's name.
    pub key: &'static str,
}

pub const fn column(title: &'static str, key: &'static str) -> Column {
    Column { title, key }
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

/// The width to fit columns into: the terminal's, when stdout is one and
/// the user did not ask for whole values (DESIGN §10: piped or redirected,
/// every value is printed whole).
pub fn fit_width(wide: bool) -> Option<usize> {
    if wide || !io::stdout().is_terminal() {
        return None;
    }
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok());
    let from_tty = terminal_size::terminal_size().map(|(w, _)| usize::from(w.0));
    Some(from_tty.or(from_env).unwrap_or(80))
}

impl Table {
    /// `fit`: the width to fit (see `fit_width`), for columns only.
    pub fn render(&self, format: TextFormat, fit: Option<usize>) -> String {
        match format {
            TextFormat::Tsv => self.tsv(),
            TextFormat::Columns => match fit {
                Some(width) => self.fitted(width).columns(),
                None => self.columns(),
            },
        }
    }

    /// For a terminal: columns with no value at all are left out, and when
    /// the table is still too wide, SIDs are shortened as the Console does
    /// (`AC…1234`).
    fn fitted(&self, width: usize) -> Table {
        let keep: Vec<bool> = (0..self.header.len())
            .map(|i| {
                self.rows
                    .iter()
                    .any(|r| r.get(i).is_some_and(Option::is_some))
            })
            .collect();
        let pick = |cells: &[Option<String>]| -> Vec<Option<String>> {
            cells
                .iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|(c, _)| c.clone())
                .collect()
        };
        let mut table = Table {
            header: self
                .header
                .iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|(h, _)| *h)
                .collect(),
            rows: self.rows.iter().map(|r| pick(r)).collect(),
        };
        if table.width() > width {
            for cell in table.rows.iter_mut().flatten().flatten() {
                if let Some(short) = short_sid(cell) {
                    *cell = short;
                }
            }
        }
        table
    }

    fn widths(&self) -> Vec<usize> {
        let mut widths: Vec<usize> = self
            .header
            .iter()
            .map(|h| h.title.chars().count())
            .collect();
        for row in &self.rows {
            for (w, c) in widths.iter_mut().zip(row) {
                *w = (*w).max(
                    c.as_deref()
                        .map_or(1, |c| ui::printable(c, false).chars().count()),
                );
            }
        }
        widths
    }

    fn width(&self) -> usize {
        let widths = self.widths();
        widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1)
    }

    fn tsv(&self) -> String {
        let keys: Vec<&str> = self.header.iter().map(|h| h.key).collect();
        let mut out = keys.join("\t");
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
        let widths = self.widths();
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
            self.header.iter().map(|h| h.title.to_string()).collect(),
            &mut out,
        );
        for row in &self.rows {
            line(row.iter().map(cell).collect(), &mut out);
        }
        out
    }
}

/// `AC0123…cdef` → `AC…cdef` for a Twilio SID (two letters, 32 hex digits).
fn short_sid(value: &str) -> Option<String> {
    let is_sid = value.len() == 34
        && value.as_bytes()[..2].iter().all(u8::is_ascii_uppercase)
        && value.as_bytes()[2..].iter().all(u8::is_ascii_hexdigit);
    is_sid.then(|| format!("{}{}{}", &value[..2], crate::ui::ellipsis(), &value[30..]))
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
        // `twenv list | head -1`: the reader had enough; not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(Error::Silent(0)),
        Err(e) => Err(Error::runtime(format!("cannot write to stdout: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            header: vec![
                column("ID", "id"),
                column("ACCOUNT SID", "account_sid"),
                column("EDGE", "edge"),
            ],
            rows: vec![vec![
                Some("dev".into()),
                Some("AC0123456789abcdef0123456789abcdef".into()),
                None,
            ]],
        }
    }

    #[test]
    fn tsv_headers_are_machine_names() {
        let text = table().render(TextFormat::Tsv, None);
        assert_eq!(text.lines().next(), Some("id\taccount_sid\tedge"));
    }

    #[test]
    fn a_terminal_gets_no_empty_columns_and_short_sids_when_narrow() {
        let whole = table().render(TextFormat::Columns, None);
        assert!(whole.contains("EDGE") && whole.contains("0123456789abcdef0123456789abcdef"));
        let wide = table().render(TextFormat::Columns, Some(200));
        assert!(
            !wide.contains("EDGE") && wide.contains("abcdef0123456789abcdef"),
            "{wide}"
        );
        let narrow = table().render(TextFormat::Columns, Some(20));
        assert!(
            narrow.contains("cdef") && !narrow.contains("0123456789"),
            "{narrow}"
        );
        assert!(narrow.lines().all(|l| l.chars().count() <= 20), "{narrow}");
    }
}
