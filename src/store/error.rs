//! What can go wrong with a secret store.

use std::fmt;
use std::path::PathBuf;

use crate::config::error::location_text;
use crate::config::{FileError, Profile, READ_ONLY_STORE_HINT};

use super::command::{self, Failure};

/// What twenv was doing with the keyring when it failed: the advice differs
/// (a failed read is fixed in the keyring, a failed write may go elsewhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Read,
    Write,
    Delete,
    Probe,
    /// Looking for items by their attributes (`keyring_search`).
    Search,
}

impl Action {
    fn phrase(self) -> &'static str {
        match self {
            Action::Read => "read the secret from",
            Action::Write => "save the secret in",
            Action::Delete => "delete the secret from",
            Action::Probe => "use",
            Action::Search => "search",
        }
    }
}

#[derive(Debug)]
pub enum StoreError {
    /// The keyring answered with an error.
    Keyring {
        action: Action,
        cause: String,
    },
    /// No D-Bus session bus to reach the Secret Service on.
    NoBus {
        action: Action,
    },
    /// The Secret Service did not answer in time.
    KeyringTimeout {
        action: Action,
        seconds: f64,
    },
    File(FileError),
    /// credentials.yaml can be read or written by others.
    #[cfg(unix)]
    Exposed {
        path: PathBuf,
        mode: u32,
    },
    FileParse {
        path: PathBuf,
        location: Option<(usize, usize)>,
    },
    Serialize(String),
    /// credentials.yaml is a symlink, or someone else's.
    Untrusted(crate::config::ConfigError),
    /// The store has no secret for the profile's key.
    Missing {
        store: String,
        id: String,
        profile: Box<Profile>,
    },
    /// A profile's `secret_command` gave no secret. `command` is the line as
    /// configured (never its output); `profile` is known except at login.
    Command {
        command: String,
        profile: Option<String>,
        failure: Failure,
    },
    /// Something tried to write a secret into a password manager's vault.
    ReadOnly,
}

impl StoreError {
    /// A bad `secret_command` or `TWENV_SECRET_COMMAND_TIMEOUT` is bad input
    /// (exit 2); everything else failed at run time (exit 1).
    pub fn exit_code(&self) -> i32 {
        match self {
            StoreError::Command { failure, .. } if failure.is_usage() => 2,
            StoreError::ReadOnly => 2,
            _ => 1,
        }
    }

    pub fn keyring(action: Action, e: &keyring::Error) -> Self {
        let cause = match e {
            keyring::Error::PlatformFailure(inner) | keyring::Error::NoStorageAccess(inner) => {
                platform_cause(inner.as_ref())
            }
            other => other.to_string(),
        };
        if cause == NO_BUS {
            return StoreError::NoBus { action };
        }
        StoreError::Keyring { action, cause }
    }
}

/// The platform's error in the user's terms where twenv knows them.
fn platform_cause(inner: &(dyn std::error::Error + Send + Sync + 'static)) -> String {
    #[cfg(target_os = "linux")]
    match inner.downcast_ref::<dbus_secret_service::Error>() {
        Some(dbus_secret_service::Error::NoResult) => {
            return "the Secret Service has no default keyring (collection) to keep secrets in"
                .to_string();
        }
        Some(dbus_secret_service::Error::Dbus(e)) if no_session_bus(e.name()) => {
            return NO_BUS.to_string();
        }
        Some(dbus_secret_service::Error::Unavailable) => return NO_BUS.to_string(),
        _ => {}
    }
    inner.to_string()
}

/// In the user's terms, instead of D-Bus's own text ("Using X11 for
/// dbus-daemon autolaunch was disabled…").
const NO_BUS: &str = "there is no D-Bus session bus to reach the Secret Service on \
(DBUS_SESSION_BUS_ADDRESS is unset, or nothing listens there); start one, e.g. \
`dbus-run-session -- $SHELL`, or use --storage file";

/// The D-Bus errors that mean no session bus could be reached at all.
#[cfg(target_os = "linux")]
fn no_session_bus(name: Option<&str>) -> bool {
    let name = name.unwrap_or_default();
    matches!(
        name,
        "org.freedesktop.DBus.Error.NotSupported"
            | "org.freedesktop.DBus.Error.NoServer"
            | "org.freedesktop.DBus.Error.FileNotFound"
            | "org.freedesktop.DBus.Error.Disconnected"
            | "org.freedesktop.DBus.Error.NoNetwork"
    ) || name.starts_with("org.freedesktop.DBus.Error.Spawn")
}

impl From<FileError> for StoreError {
    fn from(e: FileError) -> Self {
        StoreError::File(e)
    }
}

const STORE_HINT: &str = "Unlock the keyring (e.g. log in to a desktop session, or start \
gnome-keyring-daemon --unlock), or keep the secret in a file beside the config instead: \
--storage file (or TWENV_STORAGE=file).";

/// After a failed read the secret is where it was: the keyring needs fixing,
/// not the profile (`--storage` is a login option).
const READ_HINT: &str = "Unlock the keyring (e.g. log in to a desktop session, or start \
gnome-keyring-daemon --unlock) and try again.";

impl Action {
    fn hint(self) -> &'static str {
        match self {
            Action::Read => READ_HINT,
            Action::Write | Action::Delete | Action::Probe | Action::Search => STORE_HINT,
        }
    }
}

/// The login that stores this profile's secret again, exactly as it is.
pub fn restore_command(id: &str, profile: &Profile) -> String {
    let mut restore = format!(
        "twenv login -p {id} --force --account-sid {} --api-key {} --api-secret-stdin --storage {}",
        profile.account_sid,
        profile.api_key,
        profile.storage.as_str()
    );
    for (flag, value) in [("--region", &profile.region), ("--edge", &profile.edge)] {
        if let Some(value) = value {
            restore.push_str(&format!(" {flag} {value}"));
        }
    }
    restore
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::NoBus { action } => {
                write!(f, "cannot {} the keyring: {NO_BUS}.", action.phrase())
            }
            StoreError::Keyring { action, cause } => write!(
                f,
                "cannot {} the keyring: {}.\n{}",
                action.phrase(),
                cause.trim_end_matches('.'),
                action.hint()
            ),
            StoreError::KeyringTimeout { action, seconds } => write!(
                f,
                "cannot {} the keyring: the Secret Service did not answer within {seconds} s \
                 (it may be locked, or waiting for an unlock prompt no one can see).\n{}",
                action.phrase(),
                action.hint()
            ),
            StoreError::File(e) => e.fmt(f),
            #[cfg(unix)]
            StoreError::Exposed { path, mode } => write!(
                f,
                "{} is readable or writable by other users (mode {mode:04o}); twenv will not \
                 use it.\nRun `chmod 600 {}` and consider replacing the API keys it holds.",
                path.display(),
                path.display()
            ),
            StoreError::FileParse { path, location } => write!(
                f,
                "{}{} does not parse; twenv left it as it is. Fix it by hand.",
                path.display(),
                location_text(*location)
            ),
            StoreError::Serialize(e) => write!(f, "cannot serialise the secrets: {e}"),
            StoreError::Untrusted(e) => e.fmt(f),
            StoreError::Command {
                command,
                profile,
                failure,
            } => command_failure(f, command, profile.as_deref(), failure),
            StoreError::ReadOnly => write!(
                f,
                "a profile with `storage: command` keeps its secret in a password manager. \
                 {READ_ONLY_STORE_HINT}"
            ),
            StoreError::Missing { store, id, profile } => {
                let restore = restore_command(id, profile);
                write!(
                    f,
                    "{store} holds no secret for profile '{id}' (API key {}). Store it again \
                     with `{restore}`, or create a new key with `twenv login -p {id} --force`.",
                    profile.api_key
                )
            }
        }
    }
}

/// What went wrong with a `secret_command`, naming the command as configured
/// and saying what to do; the command's output is never part of it.
fn command_failure(
    f: &mut fmt::Formatter<'_>,
    line: &str,
    profile: Option<&str>,
    failure: &Failure,
) -> fmt::Result {
    let whose = match profile {
        Some(id) => format!("the secret command of profile '{id}', `{line}`,"),
        None => format!("the secret command `{line}`"),
    };
    let fix = match profile {
        Some(id) => format!(
            " To change the command: `twenv login -p {id} --force --account-sid AC… \
             --api-key SK… --secret-command 'CMD ARGS…'`."
        ),
        None => String::new(),
    };
    let unlock = "Run the command yourself to see what it needs — e.g. unlock the vault \
                  (gpg's passphrase for `pass`, `op signin`, `vault login`) — then try again.";
    match failure {
        Failure::BadLine(reason) => {
            write!(f, "{whose} cannot be split into words: {reason}.{fix}")
        }
        Failure::BadTimeout(value) => write!(
            f,
            "{} must be a number of seconds above 0 and at most 86400 (e.g. 60), not {}",
            command::TIMEOUT_VAR,
            crate::validate::quote_for_message(value)
        ),
        Failure::NotFound(program) => write!(
            f,
            "cannot run {whose}: `{program}` was not found on PATH. Install it, or give its \
             full path in the command.{fix}"
        ),
        Failure::Spawn { program, cause } => {
            write!(f, "cannot run {whose}: `{program}`: {cause}.{fix}")
        }
        Failure::Exit(status) => write!(
            f,
            "{whose} {}; it gave no secret (its output is not shown).\n{unlock}",
            exit_text(*status)
        ),
        Failure::Timeout { seconds, exited } => {
            let what = if *exited {
                "exited, but a process it started kept its output open"
            } else {
                "did not finish"
            };
            write!(
                f,
                "{whose} {what} within {seconds} s and was stopped; it gave no secret.\n\
                 If it waits for you (a passphrase, a touch), answer its prompt in time; if it \
                 needs longer, raise {} (seconds).",
                command::TIMEOUT_VAR
            )
        }
        Failure::Read(cause) => write!(f, "cannot read the output of {whose}: {cause}"),
        Failure::Empty => write!(
            f,
            "{whose} succeeded but printed nothing. Its whole output, less one trailing \
             newline, is the API secret: check the entry it reads."
        ),
        Failure::Nul => write!(
            f,
            "{whose} printed a NUL byte, which no API secret has (its output is not shown). \
             It must print the API secret alone."
        ),
        Failure::LineBreak => write!(
            f,
            "{whose} printed more than one line (its output is not shown). Its whole output, \
             less one trailing newline, is the API secret: make it print the secret alone — \
             e.g. keep only the secret in the entry, or `sh -c 'pass show NAME | head -n 1'`."
        ),
        Failure::NotUtf8 => write!(
            f,
            "{whose} printed bytes that are not UTF-8 text (its output is not shown). It must \
             print the API secret alone."
        ),
    }
}

/// "exited with status N" or "was killed by signal N (NAME)".
fn exit_text(status: std::process::ExitStatus) -> String {
    if let Some(code) = status.code() {
        return format!("exited with status {code}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            let name = match signal {
                libc::SIGHUP => " (SIGHUP)",
                libc::SIGINT => " (SIGINT)",
                libc::SIGQUIT => " (SIGQUIT)",
                libc::SIGABRT => " (SIGABRT)",
                libc::SIGKILL => " (SIGKILL)",
                libc::SIGSEGV => " (SIGSEGV)",
                libc::SIGPIPE => " (SIGPIPE)",
                libc::SIGTERM => " (SIGTERM)",
                _ => "",
            };
            return format!("was killed by signal {signal}{name}");
        }
    }
    format!("failed ({status})")
}
