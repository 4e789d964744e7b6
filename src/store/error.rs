//! What can go wrong with a secret store.

use std::fmt;
use std::path::PathBuf;

use crate::config::error::location_text;
use crate::config::{FileError, Profile};

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
}

impl StoreError {
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
