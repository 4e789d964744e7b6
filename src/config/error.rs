//! What can go wrong with the config directory and the files in it.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::validate;

/// A file operation that failed, with the path and what to do about the
/// usual causes. Also used by the file secret store.
#[derive(Debug)]
pub struct FileError {
    action: &'static str,
    path: PathBuf,
    source: io::Error,
}

impl FileError {
    pub fn new(action: &'static str, path: &Path, source: io::Error) -> Self {
        FileError {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hint = match self.source.kind() {
            io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
                "; check the directory's permissions or pass --config-dir"
            }
            io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
                "; free some disk space and try again"
            }
            _ => "",
        };
        write!(
            f,
            "{} {}: {}{hint}",
            self.action,
            self.path.display(),
            self.source
        )
    }
}

#[derive(Debug)]
pub enum ConfigError {
    /// No `--config-dir`, no `TWENV_CONFIG_DIR`, no `XDG_CONFIG_HOME`, no `HOME`.
    #[cfg(not(windows))]
    NoHome,
    /// Windows did not name the roaming AppData folder.
    #[cfg(windows)]
    NoAppData,
    File(FileError),
    /// The YAML does not parse (or does not have twenv's shape).
    Parse {
        path: PathBuf,
        /// Line and column, 1-based, when serde_yaml knows them.
        location: Option<(usize, usize)>,
        message: String,
    },
    BadProfileId {
        path: PathBuf,
        id: String,
    },
    BadField {
        path: PathBuf,
        id: String,
        field: &'static str,
        value: String,
    },
    /// `storage: command` without a usable `secret_command`, or a
    /// `secret_command` on another storage.
    BadSecretCommand {
        path: PathBuf,
        id: String,
        problem: String,
    },
    /// The profile is in the file but cannot be used as written.
    BrokenProfile {
        id: String,
        problem: String,
    },
    UnknownProfile {
        id: String,
        /// The closest existing ID, when one is close.
        suggestion: Option<String>,
    },
    Serialize(String),
    /// Owned or writable by someone else, or not what it should be.
    Untrusted {
        path: PathBuf,
        problem: String,
        fix: String,
    },
    /// Another process holds the config lock.
    LockTimeout {
        path: PathBuf,
        seconds: f64,
    },
}

impl ConfigError {
    pub fn parse(path: &Path, text: &str, e: &serde_yaml::Error) -> Self {
        let message = e.to_string();
        // serde_yaml appends " at line L column C"; the location is shown once, first.
        let mut message = message
            .split_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m)
            .to_string();
        if let Some(hint) =
            misplaced_field(&message, text, e.location().map(|l| (l.line(), l.column())))
        {
            message.push_str(&hint);
        }
        ConfigError::Parse {
            path: path.to_path_buf(),
            location: e.location().map(|l| (l.line(), l.column())),
            message,
        }
    }

    /// Every config failure is a runtime failure (exit 1): the input that was
    /// wrong is a file, not the command line.
    pub fn exit_code(&self) -> i32 {
        1
    }
}

impl From<FileError> for ConfigError {
    fn from(e: FileError) -> Self {
        ConfigError::File(e)
    }
}

/// serde_yaml places a "missing field" at the start of the mapping that
/// lacks it — the line above the one that is wrong when the field is there
/// but mis-indented. Names that line: the first line after the mapping's own
/// that is indented less than the mapping, when it is that field (a field of
/// the same name further on belongs to another mapping).
fn misplaced_field(message: &str, text: &str, location: Option<(usize, usize)>) -> Option<String> {
    let field = message.split_once("missing field `")?.1.split('`').next()?;
    let (mapping_line, column) = location.unwrap_or((0, 1));
    let indent = column.saturating_sub(1);
    let (n, line) = text
        .lines()
        .enumerate()
        .skip(mapping_line)
        .filter(|(_, line)| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .find(|(_, line)| line.len() - line.trim_start().len() < indent)?;
    if !line.trim_start().starts_with(&format!("{field}:")) {
        return None;
    }
    Some(format!(
        " (line {}, `{}`, is not inside that mapping: check its indentation)",
        n + 1,
        line.trim()
    ))
}

/// " at line L, column C", or nothing when the place is unknown.
pub fn location_text(location: Option<(usize, usize)>) -> String {
    location
        .map(|(line, column)| format!(" at line {line}, column {column}"))
        .unwrap_or_default()
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            #[cfg(not(windows))]
            ConfigError::NoHome => f.write_str(
                "cannot find the config directory: HOME is not set; set HOME, \
                 TWENV_CONFIG_DIR or pass --config-dir",
            ),
            #[cfg(windows)]
            ConfigError::NoAppData => f.write_str(
                "cannot find the config directory: Windows did not name the AppData folder; \
                 set TWENV_CONFIG_DIR or pass --config-dir",
            ),
            ConfigError::File(e) => e.fmt(f),
            ConfigError::Parse {
                path,
                location,
                message,
            } => write!(
                f,
                "{}{}: {message}\ntwenv left the file as it is; fix it by hand or move it away.",
                path.display(),
                location_text(*location)
            ),
            ConfigError::BadProfileId { path, id } => write!(
                f,
                "{}: profile {}: {}\ntwenv left the file as it is; rename the profile by hand.",
                path.display(),
                validate::quote_for_message(id),
                validate::PROFILE_ID_RULE
            ),
            ConfigError::BadField {
                path,
                id,
                field,
                value,
            } => write!(
                f,
                "{}: profile '{id}' has an invalid {field} {}\ntwenv left the file as it is; \
                 fix it by hand.",
                path.display(),
                validate::quote_for_message(value)
            ),
            ConfigError::BadSecretCommand { path, id, problem } => write!(
                f,
                "{}: profile '{id}' {problem}\ntwenv left the file as it is; fix it by hand, or \
                 set the command with `twenv login -p {id} --force --account-sid AC… \
                 --api-key SK… --secret-command 'CMD ARGS…'`.",
                path.display()
            ),
            ConfigError::BrokenProfile { id, problem } => write!(
                f,
                "profile '{id}' cannot be used as config.yaml has it: {problem}"
            ),
            ConfigError::UnknownProfile { id, suggestion } => {
                write!(f, "no profile named '{id}'")?;
                match suggestion {
                    Some(near) => write!(f, "; did you mean '{near}'?"),
                    None => write!(f, "; `twenv list` shows the profiles"),
                }
            }
            ConfigError::Serialize(e) => write!(f, "cannot serialise the config: {e}"),
            ConfigError::Untrusted { path, problem, fix } => write!(
                f,
                "{} {problem}, so twenv does not trust it: whoever can change it chooses the \
                 credentials your shells get.\nFix: {fix}",
                path.display()
            ),
            ConfigError::LockTimeout { path, seconds } => write!(
                f,
                "another process has held the config lock {} for {seconds} s; nothing was \
                 changed. Wait for the other twenv command to finish, or find the holder with \
                 `fuser -v {}` (a stuck one can be ended).",
                path.display(),
                path.display()
            ),
        }
    }
}
