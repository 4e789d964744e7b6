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
    let text = match args.format {
        ExportFormat::Dotenv => dotenv(&pairs),
        ExportFormat::Json => json(&pairs)?,
        ExportFormat::Github => github(&pairs),
    };
    let text = zeroize::Zeroizing::new(text);
    ui::print_stdout(&text)
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
/// that occurs nowhere in the value for values with a line break.
fn github(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        if value.contains(['\n', '\r']) {
            let delimiter = delimiter_for(value);
            out.push_str(&format!("{name}<<{delimiter}\n{value}\n{delimiter}\n"));
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
        let text = github(&[("A", "one"), ("B", "two\nlines")]);
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("A=one"));
        let open = lines.next().unwrap();
        let delimiter = open.strip_prefix("B<<").unwrap();
        assert_eq!(lines.next(), Some("two"));
        assert_eq!(lines.next(), Some("lines"));
        assert_eq!(lines.next(), Some(delimiter));
    }
}
