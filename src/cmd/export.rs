//! `export [-p ID] --format dotenv|json|github`: the credentials' variables for
//! files, containers and CI (DESIGN §10). Never to a terminal.

use std::io::IsTerminal;

use super::{Context, Resolution};
use crate::cli::ExportArgs;
use crate::cli::ExportFormat;
use crate::error::{Error, Result};
use crate::shell::Shell;
use crate::{ui, validate, vars};

pub fn run(ctx: &Context, args: ExportArgs) -> Result<()> {
    if let Some(id) = &ctx.global.profile {
        validate::profile_id(id)?;
    }
    if std::io::stdout().is_terminal() {
        let flag = match args.format {
            ExportFormat::Dotenv => "dotenv",
            ExportFormat::Json => "json",
            ExportFormat::Github => "github",
        };
        let shell = Shell::resolve(None).unwrap_or(Shell::Posix);
        return Err(Error::runtime(format!(
            "`twenv export` prints the API secret, so it does not print to a terminal. \
             Send it where it is needed, e.g.\n    \
             twenv export -p ID --format {flag} > .env\n    \
             twenv export -p ID --format github >> \"$GITHUB_ENV\"\n\
             To switch this shell instead: {}, or set up the hook with {}.",
            shell.eval_line("use ID"),
            shell.hook_line()
        )));
    }
    let Resolution {
        dir,
        config,
        resolved,
    } = ctx.resolve()?;
    let changes = vars::for_resolved(&dir, &config, &resolved)?;
    let pairs = vars::exported(&changes);
    if args.format == ExportFormat::Dotenv {
        // python-dotenv reads `\\"` at the end of a quoted value as an escaped
        // quote and runs on into the next line; no escape avoids it.
        for (name, _) in pairs.iter().filter(|(_, v)| v.ends_with('\\')) {
            ui::warn(format!(
                "{name} ends with a backslash, which python-dotenv misreads in a .env file \
                 (the variables after it are lost there); --format json keeps it"
            ));
        }
    }
    if args.format == ExportFormat::Github {
        mask_on_github_runner(&pairs);
    }
    let text = match args.format {
        ExportFormat::Dotenv => dotenv(&pairs),
        ExportFormat::Json => json(&pairs)?,
        ExportFormat::Github => github(&pairs, cfg!(windows)),
    };
    let text = zeroize::Zeroizing::new(text);
    ui::print_stdout(&text)
}

/// On a GitHub Actions runner (`GITHUB_ACTIONS=true`, which the runner sets
/// for every step), `::add-mask::` makes the runner hide the secret wherever
/// a later step prints it. On stderr: stdout is the `$GITHUB_ENV` file, whose
/// reader would reject the line (DESIGN §10); the runner reads workflow
/// commands from both. Never to a terminal, which no runner step has: there
/// the line would show the secret.
fn mask_on_github_runner(pairs: &[(&str, &str)]) {
    use std::io::Write;
    if std::env::var("GITHUB_ACTIONS").as_deref() != Ok("true") || std::io::stderr().is_terminal() {
        return;
    }
    let secrets = pairs
        .iter()
        .filter(|(name, value)| *name == "TWILIO_API_SECRET" && !value.is_empty());
    let mut stderr = std::io::stderr().lock();
    for (_, secret) in secrets {
        // One line per line of the value: the runner masks line by line.
        for line in secret.split(['\r', '\n']).filter(|l| !l.is_empty()) {
            let _ = writeln!(stderr, "::add-mask::{line}");
        }
    }
}

/// `NAME="value"`: inside the quotes `\` escapes `"` and `\`, `\n` is a newline
/// and `\r` a carriage return (python-dotenv's escapes; a raw CR would be
/// turned into a newline by readers that open the file in text mode).
fn dotenv(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        let mut escaped = String::with_capacity(value.len());
        for c in value.chars() {
            match c {
                '"' => escaped.push_str("\\\""),
                '\\' => escaped.push_str("\\\\"),
                '\n' => escaped.push_str("\\n"),
                '\r' => escaped.push_str("\\r"),
                c => escaped.push(c),
            }
        }
        out.push_str(&format!("{name}=\"{escaped}\"\n"));
    }
    out
}

fn json(pairs: &[(&str, &str)]) -> Result<String> {
    let object: serde_json::Map<String, serde_json::Value> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
        .collect();
    let mut text = serde_json::to_string_pretty(&object)
        .map_err(|e| Error::runtime(format!("cannot serialise JSON: {e}")))?;
    text.push('\n');
    Ok(text)
}

/// The `$GITHUB_ENV` file syntax: `NAME=value`, or a heredoc with a delimiter
/// that occurs nowhere in the value for values with a line break. The runner
/// takes the value as the bytes before the line break that precedes the
/// delimiter; on Windows it takes `\r\n` as that line break too, so there a
/// value ending in `\r` is closed with `\r\n` (`crlf_reader`) to keep it.
fn github(pairs: &[(&str, &str)], crlf_reader: bool) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        if value.contains(['\n', '\r']) {
            let delimiter = delimiter_for(value);
            let close = if crlf_reader && value.ends_with('\r') {
                "\r\n"
            } else {
                "\n"
            };
            out.push_str(&format!("{name}<<{delimiter}\n{value}{close}{delimiter}\n"));
        } else {
            out.push_str(&format!("{name}={value}\n"));
        }
    }
    out
}

/// Like GitHub's own toolkit, a random delimiter, so a value cannot end the
/// heredoc early; it is checked against the value anyway.
fn delimiter_for(value: &str) -> String {
    use std::hash::{BuildHasher, Hasher};
    let state = std::collections::hash_map::RandomState::new();
    let mut n = 0u64;
    loop {
        let mut hasher = state.build_hasher();
        hasher.write_u64(n);
        let delimiter = format!("ghadelimiter_{:016x}", hasher.finish());
        if !value.contains(&delimiter) {
            return delimiter;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotenv_escapes() {
        assert_eq!(dotenv(&[("A", "x\"y\\z\nw")]), "A=\"x\\\"y\\\\z\\nw\"\n");
    }

    #[test]
    fn github_heredoc_for_multiline() {
        let text = github(&[("A", "one"), ("B", "two\nlines")], false);
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("A=one"));
        let open = lines.next().unwrap();
        let delimiter = open.strip_prefix("B<<").unwrap();
        assert_eq!(lines.next(), Some("two"));
        assert_eq!(lines.next(), Some("lines"));
        assert_eq!(lines.next(), Some(delimiter));
    }

    /// The runner's reader on Windows (actions/runner `SetEnvFileCommand`):
    /// lines end at `\r\n` or `\n`; the value is the text before the line
    /// break in front of the delimiter line.
    fn windows_runner_value(text: &str) -> String {
        let (head, rest) = text.split_once('\n').expect("a heredoc");
        let delimiter = head.split_once("<<").expect("NAME<<").1;
        let end = rest
            .find(&format!("\n{delimiter}\n"))
            .expect("the delimiter");
        let value = &rest[..end];
        value.strip_suffix('\r').unwrap_or(value).to_string()
    }

    #[test]
    fn a_trailing_carriage_return_survives_the_windows_runner() {
        for value in ["x\r", "a\r\nb\r", "a\r\nb"] {
            let text = github(&[("A", value)], true);
            assert_eq!(windows_runner_value(&text), value, "{text:?}");
        }
        // Without the CRLF close, the Windows reader would lose it.
        assert_eq!(windows_runner_value(&github(&[("A", "x\r")], false)), "x");
    }
}
