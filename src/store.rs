//! The secret store (DESIGN §8): one small interface, two places a secret can live.
//!
//! `keyring` is the OS credential store (service `twenv`, account = API key SID);
//! `file` is `credentials.yaml` beside the config, mode 0600. Writes to the file
//! store happen with the config lock held by the caller. `command` (DESIGN §13)
//! is a password manager's command that prints the secret: read-only for twenv.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::config::{self, ConfigDir, FileError, Profile, Storage};
use crate::secret::Secret;

pub mod command;
mod error;

pub use error::{Action, StoreError};

type Result<T, E = StoreError> = std::result::Result<T, E>;

pub const SERVICE: &str = "twenv";
pub const CREDENTIALS_FILE: &str = "credentials.yaml";
const DEFAULT_KEYRING_TIMEOUT: Duration = Duration::from_secs(10);

pub enum SecretStore {
    Keyring,
    File(PathBuf),
    /// The `secret_command` line as configured.
    Command(String),
}

impl SecretStore {
    /// The store a profile's secret is in.
    pub fn of(profile: &Profile, dir: &ConfigDir) -> Self {
        match profile.storage {
            Storage::Command => {
                // The config parser refuses `storage: command` without a
                // command; an empty line fails as one when run.
                SecretStore::Command(profile.secret_command.clone().unwrap_or_default())
            }
            storage => SecretStore::open(storage, dir),
        }
    }

    /// A store by kind alone, for a profile not made yet. A `command` store
    /// needs its command line: use [`SecretStore::of`] (here it has none, and
    /// reading it fails).
    pub fn open(storage: Storage, dir: &ConfigDir) -> Self {
        match storage {
            Storage::Keyring => SecretStore::Keyring,
            Storage::File => SecretStore::File(dir.dir.join(CREDENTIALS_FILE)),
            Storage::Command => SecretStore::Command(String::new()),
        }
    }

    /// The secret of an API key, or `None` when the store has none for it.
    pub fn get(&self, api_key: &str) -> Result<Option<String>> {
        match self {
            SecretStore::Keyring => {
                let key = api_key.to_string();
                keyring_call(Action::Read, move || {
                    match keyring::Entry::new(SERVICE, &key)?.get_password() {
                        Ok(secret) => Ok(Some(secret)),
                        Err(keyring::Error::NoEntry) => Ok(None),
                        Err(e) => Err(e),
                    }
                })
            }
            SecretStore::File(path) => Ok(read_file_store(path)?.secrets.remove(api_key)),
            SecretStore::Command(line) => command::fetch(line)
                .map(|secret| Some(secret.expose().to_string()))
                .map_err(|failure| StoreError::Command {
                    command: line.clone(),
                    profile: None,
                    failure,
                }),
        }
    }

    pub fn set(&self, api_key: &str, secret: &str) -> Result<()> {
        match self {
            SecretStore::Keyring => {
                let (key, secret) = (api_key.to_string(), secret.to_string());
                keyring_call(Action::Write, move || {
                    keyring::Entry::new(SERVICE, &key)?.set_password(&secret)
                })
            }
            SecretStore::File(path) => {
                let mut store = read_file_store(path)?;
                store
                    .secrets
                    .insert(api_key.to_string(), secret.to_string());
                write_file_store(path, &store)
            }
            SecretStore::Command(_) => Err(StoreError::ReadOnly),
        }
    }

    /// Deletes the secret; one that is already gone is not an error.
    pub fn delete(&self, api_key: &str) -> Result<()> {
        match self {
            SecretStore::Keyring => {
                let key = api_key.to_string();
                keyring_call(Action::Delete, move || {
                    match keyring::Entry::new(SERVICE, &key)?.delete_credential() {
                        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                        Err(e) => Err(e),
                    }
                })
            }
            SecretStore::File(path) => {
                let mut store = read_file_store(path)?;
                if store.secrets.remove(api_key).is_some() {
                    write_file_store(path, &store)?;
                }
                Ok(())
            }
            // The vault's copy is the user's; twenv kept nothing to delete.
            SecretStore::Command(_) => Ok(()),
        }
    }

    /// Checks that the store can be reached, before anything is made that
    /// would need it (a key at Twilio). A locked keyring still passes: only
    /// writing to it finds that out, and login then deletes the key again.
    pub fn probe(&self) -> Result<()> {
        match self {
            SecretStore::Keyring => keyring_call(Action::Probe, || {
                match keyring::Entry::new(SERVICE, "twenv-reachability-probe")?.get_password() {
                    Ok(_) | Err(keyring::Error::NoEntry) => Ok(()),
                    Err(e) => Err(e),
                }
            }),
            SecretStore::File(path) => read_file_store(path).map(|_| ()),
            // Running the command is the only way to reach the vault, and it
            // may prompt; nothing is created that would need it.
            SecretStore::Command(_) => Ok(()),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            SecretStore::Keyring => "the keyring".to_string(),
            SecretStore::File(path) => path.display().to_string(),
            SecretStore::Command(line) => format!("the secret command `{line}`"),
        }
    }
}

/// The profile's secret from its store; a store without it is an error that
/// says how to put it back. For `storage: command` this runs the command.
pub fn secret_of(dir: &ConfigDir, id: &str, profile: &Profile) -> Result<Secret> {
    let store = SecretStore::of(profile, dir);
    if let SecretStore::Command(line) = &store {
        // Straight from the command, so the secret is copied once.
        return command::fetch(line).map_err(|failure| StoreError::Command {
            command: line.clone(),
            profile: Some(id.to_string()),
            failure,
        });
    }
    let found = store.get(&profile.api_key).map_err(|e| match e {
        StoreError::Keyring { action, cause } => StoreError::Keyring {
            action,
            cause: format!(
                "{}. If the secret is gone from it, store it again with `{}`",
                cause.trim_end_matches('.'),
                error::restore_command(id, profile)
            ),
        },
        other => other,
    })?;
    match found {
        Some(secret) => Ok(Secret::new(secret)),
        None => Err(StoreError::Missing {
            store: store.describe(),
            id: id.to_string(),
            profile: Box::new(profile.clone()),
        }),
    }
}

/// Secret Service calls can block forever (a locked collection waiting for a
/// prompt nobody sees, a D-Bus autolaunch with no session), so each call runs
/// on its own thread and is abandoned after a timeout; the process exits soon
/// after, taking the thread with it.
fn keyring_call<T: Send + 'static>(
    action: Action,
    op: impl FnOnce() -> keyring::Result<T> + Send + 'static,
) -> Result<T> {
    with_timeout(action, op)?.map_err(|e| StoreError::keyring(action, &e))
}

/// Runs a credential-store call on its own thread and gives up after
/// `TWENV_KEYRING_TIMEOUT` seconds (see `keyring_call`).
pub fn with_timeout<T: Send + 'static>(
    action: Action,
    op: impl FnOnce() -> T + Send + 'static,
) -> Result<T> {
    let timeout = std::env::var("TWENV_KEYRING_TIMEOUT")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 30.0)
        .map_or(DEFAULT_KEYRING_TIMEOUT, Duration::from_secs_f64);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(op());
    });
    rx.recv_timeout(timeout)
        .map_err(|_| StoreError::KeyringTimeout {
            action,
            seconds: timeout.as_secs_f64(),
        })
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct FileStore {
    #[serde(default)]
    secrets: BTreeMap<String, String>,
}

fn read_file_store(path: &Path) -> Result<FileStore> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(FileStore::default()),
        Err(e) => return Err(FileError::new("cannot read", path, e).into()),
        Ok(_) => {}
    }
    // Checked before reading: a file others can read, a symlink, or a file
    // someone else owns is not where twenv keeps secrets.
    refuse_if_exposed(path)?;
    config::ownership::check(path, config::ownership::Kind::File, false)
        .map_err(StoreError::Untrusted)?;
    let text = fs::read_to_string(path).map_err(|e| FileError::new("cannot read", path, e))?;
    if text.trim().is_empty() {
        return Ok(FileStore::default());
    }
    serde_yaml::from_str(&text).map_err(|e| StoreError::FileParse {
        path: path.to_path_buf(),
        location: e.location().map(|l| (l.line(), l.column())),
    })
}

/// Like ssh with private keys: a secrets file others can read is refused, not used.
fn refuse_if_exposed(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(path)
            .map_err(|e| FileError::new("cannot read", path, e))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(StoreError::Exposed {
                path: path.to_path_buf(),
                mode: mode & 0o7777,
            });
        }
    }
    // Windows: a file in the user's profile is private to the user by its
    // inherited ACL; there is no mode to check.
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

fn write_file_store(path: &Path, store: &FileStore) -> Result<()> {
    let text = serde_yaml::to_string(store).map_err(|e| StoreError::Serialize(e.to_string()))?;
    let text = format!(
        "# twenv API secrets, one per API key SID. Keep this file private (mode 0600).\n{text}"
    );
    Ok(config::write_atomic(path, text.as_bytes())?)
}
