//! `config.yaml` (DESIGN §4): where it lives, how it is read, and how it is
//! changed — atomically, under an exclusive lock, with fields twenv does not
//! know kept as they were.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::validate;

mod cache;
pub mod error;
pub mod ownership;

pub use error::{ConfigError, FileError};

type Result<T, E = ConfigError> = std::result::Result<T, E>;

pub use cache::Listing;

pub const CONFIG_FILE: &str = "config.yaml";
const LOCK_FILE: &str = ".lock";
/// How long a writer waits for another one before it says so.
const LOCK_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
/// The prefix of twenv's temporary files (`write_atomic`).
const TEMP_PREFIX: &str = ".tmp-";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Storage {
    #[default]
    Keyring,
    File,
    /// A password manager's command prints the secret (DESIGN §13); twenv
    /// keeps only the command, in `secret_command`.
    Command,
}

impl Storage {
    pub fn as_str(self) -> &'static str {
        match self {
            Storage::Keyring => "keyring",
            Storage::File => "file",
            Storage::Command => "command",
        }
    }

    /// Whether twenv can put a new secret in this store (and take it out
    /// again). A password manager's vault is the user's: twenv only reads it,
    /// so whatever would create a key (network `login`, `rotate`) must refuse
    /// `command` before it makes one — see [`READ_ONLY_STORE_HINT`].
    pub fn is_writable(self) -> bool {
        !matches!(self, Storage::Command)
    }
}

/// What to do instead when a command would have to write a secret into a
/// password manager (network `login`, `rotate` on a `storage: command`
/// profile): for messages that refuse it with exit 2.
pub const READ_ONLY_STORE_HINT: &str = "twenv cannot write to a password manager's vault. \
Create the API key in the Twilio Console (Account > API keys & tokens), save its secret in \
your vault, then point the profile at it: `twenv login -p ID --force --account-sid AC… \
--api-key SK… --secret-command 'CMD ARGS…'`. Or keep the secret in twenv's own store instead: \
--storage keyring (or file).";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub account_sid: String,
    pub api_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edge: Option<String>,
    #[serde(default)]
    pub storage: Storage,
    /// With `storage: command`: the command line that prints the secret
    /// (split like a shell would, run without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_command: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub env: BTreeMap<String, String>,
    /// What kind of key this is and which API made it (DESIGN §14). Before
    /// `other`: serde hands each flattened field only what the ones before it
    /// left, so these keys never land in `other` too.
    #[serde(flatten)]
    pub key: KeyOrigin,
    /// Keys a user or a newer twenv wrote that this version does not know.
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_yaml::Value>,
}

/// `key_type`, `allow` and `key_api` of a profile; all absent for a standard
/// key made through the 2010 API (or brought in with `--api-key`), so older
/// configs read as that.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyOrigin {
    #[serde(default, skip_serializing_if = "KeyType::is_standard")]
    pub key_type: KeyType,
    /// A restricted key's permissions, as given to Twilio.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<String>,
    #[serde(default, skip_serializing_if = "KeyApi::is_v2010")]
    pub key_api: KeyApi,
}

impl KeyOrigin {
    pub fn restricted(allow: Vec<String>) -> Self {
        KeyOrigin {
            key_type: KeyType::Restricted,
            allow,
            key_api: KeyApi::Iam,
        }
    }

    /// The API that manages this key: restricted keys exist only in IAM.
    pub fn api(&self) -> KeyApi {
        match self.key_type {
            KeyType::Restricted => KeyApi::Iam,
            KeyType::Standard => self.key_api,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyType {
    #[default]
    Standard,
    Restricted,
}

impl KeyType {
    fn is_standard(&self) -> bool {
        *self == KeyType::Standard
    }
}

/// Which of Twilio's APIs created the key, and so deletes it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyApi {
    /// `/2010-04-01/Accounts/{AC}/Keys`.
    #[default]
    V2010,
    /// `https://iam.twilio.com/v1/Keys`.
    Iam,
}

impl KeyApi {
    fn is_v2010(&self) -> bool {
        *self == KeyApi::V2010
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Config {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<String>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_yaml::Value>,
    /// Profiles of config.yaml that twenv cannot use as written (a bad SID,
    /// a missing field…). Never in `profiles`; `save` writes them back as
    /// they were read: they are the user's to fix.
    #[serde(skip)]
    pub broken: BTreeMap<String, BrokenProfile>,
}

/// A profile entry that does not pass twenv's rules, kept as it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct BrokenProfile {
    /// The entry as written, for writing it back.
    pub raw: serde_yaml::Value,
    /// What is wrong with it, naming the file (and the line when known).
    pub problem: String,
}

impl Config {
    /// A profile by ID (already checked against the ID rule), or an error
    /// that says how to see the ones there are.
    pub fn profile(&self, id: &str) -> Result<&Profile> {
        if let Some(broken) = self.broken.get(id) {
            return Err(ConfigError::BrokenProfile {
                id: id.to_string(),
                problem: broken.problem.clone(),
            });
        }
        self.profiles.get(id).ok_or_else(|| self.unknown(id))
    }

    /// Whether the config has an entry of this ID, usable or broken.
    pub fn has(&self, id: &str) -> bool {
        self.profiles.contains_key(id) || self.broken.contains_key(id)
    }

    /// The error for an ID that names no profile, with the closest one.
    pub fn unknown(&self, id: &str) -> ConfigError {
        ConfigError::UnknownProfile {
            id: id.to_string(),
            suggestion: closest(id, self.profiles.keys().map(String::as_str)),
        }
    }

    /// The profiles other than `except` that use this API key.
    pub fn others_using_key<'a>(
        &'a self,
        except: &'a str,
        api_key: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a Profile)> + 'a {
        self.profiles
            .iter()
            .filter(move |(id, p)| id.as_str() != except && p.api_key == api_key)
            .map(|(id, p)| (id.as_str(), p))
    }

    /// Whether another profile than `except` keeps its secret under this key
    /// in this store (so deleting that secret would break it).
    pub fn secret_shared(&self, except: &str, api_key: &str, storage: Storage) -> bool {
        self.others_using_key(except, api_key)
            .any(|(_, p)| p.storage == storage)
    }
}

/// The ID closest to `id` by edit distance, if it is close enough to be a typo.
pub fn closest<'a>(id: &str, ids: impl Iterator<Item = &'a str>) -> Option<String> {
    let limit = (id.chars().count() / 3).max(2);
    ids.map(|other| (strsim::levenshtein(id, other), other))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, other)| other.to_string())
}

fn non_empty_var(name: &str) -> Option<std::ffi::OsString> {
    std::env::var_os(name).filter(|v| !v.is_empty())
}

/// Linux and macOS: `$XDG_CONFIG_HOME/twenv` (when absolute), else
/// `~/.config/twenv` — the XDG rule on macOS too, where command-line tools keep
/// dotfiles rather than `~/Library`.
#[cfg(not(windows))]
fn default_dir() -> Result<PathBuf> {
    if let Some(xdg) = non_empty_var("XDG_CONFIG_HOME").map(PathBuf::from)
        && xdg.is_absolute()
    {
        return Ok(xdg.join("twenv"));
    }
    non_empty_var("HOME")
        .map(|home| PathBuf::from(home).join(".config").join("twenv"))
        .ok_or(ConfigError::NoHome)
}

/// Windows: `%APPDATA%\twenv` (the roaming application data folder, asked of
/// the system, so HOME need not be set).
#[cfg(windows)]
fn default_dir() -> Result<PathBuf> {
    dirs::config_dir()
        .map(|dir| dir.join("twenv"))
        .ok_or(ConfigError::NoAppData)
}

/// The config directory and the files in it.
#[derive(Debug, Clone)]
pub struct ConfigDir {
    pub dir: PathBuf,
}

impl ConfigDir {
    /// DESIGN §4: `--config-dir`, `$TWENV_CONFIG_DIR`, else the platform's
    /// place (`default_dir`).
    pub fn locate(flag: Option<&Path>) -> Result<Self> {
        let dir = match flag {
            Some(dir) => dir.to_path_buf(),
            None => match non_empty_var("TWENV_CONFIG_DIR") {
                Some(dir) => PathBuf::from(dir),
                None => default_dir()?,
            },
        };
        Ok(ConfigDir { dir })
    }

    pub fn config_path(&self) -> PathBuf {
        self.dir.join(CONFIG_FILE)
    }

    /// For read-only commands: the config, from its JSON cache when that
    /// mirrors the file, else from the file. Never writes. Do not save what
    /// this returns: it lacks the fields twenv does not know.
    pub fn load_for_reading(&self) -> Result<Config> {
        self.check_trusted()?;
        match cache::read(self)? {
            Some(config) => Ok(config),
            None => self.load(),
        }
    }

    /// The directory and config.yaml must be this user's alone (see
    /// `ownership`); checked before anything in them is believed.
    fn check_trusted(&self) -> Result<()> {
        ownership::check(&self.dir, ownership::Kind::Dir, true)?;
        ownership::check(&self.config_path(), ownership::Kind::File, true)
    }

    /// For `list` and completion: calls `f` with every profile's identity,
    /// borrowed from the config's JSON form. Never writes.
    pub fn with_listing<T>(
        &self,
        f: impl FnOnce(&Listing<'_>) -> crate::error::Result<T>,
    ) -> crate::error::Result<T> {
        self.check_trusted()?;
        cache::with_listing(self, f)
    }

    /// Reads the config file itself (the truth, for writers); a missing file
    /// is an empty config. Never writes.
    pub fn load(&self) -> Result<Config> {
        self.check_trusted()?;
        let path = self.config_path();
        match fs::read_to_string(&path) {
            Ok(text) => parse(&path, &text),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(FileError::new("cannot read", &path, e).into()),
        }
    }

    /// Takes the exclusive lock that serialises every change to this directory.
    /// Held until the returned guard is dropped. Waits a bounded time
    /// (`TWENV_LOCK_TIMEOUT` seconds, default 10) for another holder.
    pub fn lock(&self) -> Result<Lock> {
        create_private_dir(&self.dir)?;
        self.check_trusted()?;
        let path = self.dir.join(LOCK_FILE);
        // A planted symlink must not make twenv create or lock a file elsewhere.
        let file = no_follow(private_options().read(true).write(true).create(true))
            .truncate(false)
            .open(&path)
            .map_err(|e| FileError::new("cannot open the lock file", &path, e))?;
        let timeout = std::env::var("TWENV_LOCK_TIMEOUT")
            .ok()
            .and_then(|s| s.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s >= 0.0 && *s <= 600.0)
            .map_or(LOCK_TIMEOUT, std::time::Duration::from_secs_f64);
        let deadline = std::time::Instant::now() + timeout;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) => {
                    if std::time::Instant::now() >= deadline {
                        return Err(ConfigError::LockTimeout {
                            path,
                            seconds: timeout.as_secs_f64(),
                        });
                    }
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(FileError::new("cannot lock", &path, e).into());
                }
            }
        }
        remove_stale_temp_files(&self.dir);
        Ok(Lock { _file: file })
    }

    /// Read, change and write the config under the lock. `change` sees the
    /// current file, so concurrent writers never lose each other's changes.
    /// The file is written only when `change` changed something.
    pub fn update<T>(
        &self,
        change: impl FnOnce(&mut Config) -> crate::error::Result<T>,
    ) -> crate::error::Result<T> {
        let _lock = self.lock()?;
        let before = self.load()?;
        let mut config = before.clone();
        let value = change(&mut config)?;
        if config != before {
            self.save(&config)?;
        }
        Ok(value)
    }

    /// Writes the config. Call with the lock held.
    pub fn save(&self, config: &Config) -> Result<()> {
        let text = to_yaml(config)?;
        write_atomic(&self.config_path(), text.as_bytes())?;
        cache::write(self, config);
        Ok(())
    }
}

pub struct Lock {
    _file: File,
}

/// The config as YAML, with the broken profiles put back as they were read
/// (a usable profile of the same ID, e.g. from `login --force`, replaces one).
fn to_yaml(config: &Config) -> Result<String> {
    let serialize = |e: serde_yaml::Error| ConfigError::Serialize(e.to_string());
    if config.broken.is_empty() {
        return serde_yaml::to_string(config).map_err(serialize);
    }
    let mut value = serde_yaml::to_value(config).map_err(serialize)?;
    let mut profiles: BTreeMap<String, serde_yaml::Value> = config
        .profiles
        .iter()
        .map(|(id, p)| Ok((id.clone(), serde_yaml::to_value(p).map_err(serialize)?)))
        .collect::<Result<_>>()?;
    for (id, broken) in &config.broken {
        profiles
            .entry(id.clone())
            .or_insert_with(|| broken.raw.clone());
    }
    if let serde_yaml::Value::Mapping(top) = &mut value {
        let sorted = profiles
            .into_iter()
            .map(|(id, p)| (serde_yaml::Value::String(id), p))
            .collect();
        top.insert("profiles".into(), serde_yaml::Value::Mapping(sorted));
    }
    serde_yaml::to_string(&value).map_err(serialize)
}

fn parse(path: &Path, text: &str) -> Result<Config> {
    // An empty file (or only comments) is an empty config, not an error.
    if text.trim().is_empty()
        || serde_yaml::from_str::<serde_yaml::Value>(text).is_ok_and(|v| v.is_null())
    {
        return Ok(Config::default());
    }
    let strict = serde_yaml::from_str::<Config>(text);
    if let Ok(config) = &strict
        && check_profiles(path, config).is_ok()
    {
        return Ok(config.clone());
    }
    per_profile(path, text, strict.err())
}

/// The config read one profile at a time, for a file where some profile
/// fails: those go to `broken`, the others stay usable. A file whose outer
/// shape is wrong (bad YAML, `profiles` not a mapping, a bad `active`) is
/// still an error as a whole. `strict` is the whole-file error, if any: it
/// carries the line, so it describes the first failing profile.
fn per_profile(path: &Path, text: &str, strict: Option<serde_yaml::Error>) -> Result<Config> {
    let whole_file = |e: &serde_yaml::Error| ConfigError::parse(path, text, e);
    let shape_error = |strict: &Option<serde_yaml::Error>, e: serde_yaml::Error| match strict {
        Some(strict) => whole_file(strict),
        None => whole_file(&e),
    };
    let mut top: serde_yaml::Mapping = match serde_yaml::from_str(text) {
        Ok(top) => top,
        Err(e) => return Err(shape_error(&strict, e)),
    };
    let not_a_mapping = || {
        let e = <serde_yaml::Error as serde::de::Error>::custom(
            "`profiles` must be a mapping of profile IDs to profiles",
        );
        shape_error(&strict, e)
    };
    let entries = match top.remove("profiles") {
        None | Some(serde_yaml::Value::Null) => serde_yaml::Mapping::new(),
        Some(serde_yaml::Value::Mapping(entries)) => entries,
        Some(_) => return Err(not_a_mapping()),
    };
    let mut config: Config = match serde_yaml::from_value(serde_yaml::Value::Mapping(top)) {
        Ok(config) => config,
        Err(e) => return Err(shape_error(&strict, e)),
    };
    let mut strict_message = strict.as_ref().map(whole_file);
    for (key, raw) in entries {
        let id = match key {
            serde_yaml::Value::String(id) => id,
            _ => return Err(not_a_mapping()),
        };
        let problem = match serde_yaml::from_value::<Profile>(raw.clone()) {
            Ok(profile) => match check_profile(path, &id, &profile.as_fields()) {
                Ok(()) => {
                    config.profiles.insert(id, profile);
                    continue;
                }
                Err(e) => e.to_string(),
            },
            // The first profile that fails to read is the one the whole-file
            // error is about, with its line; later ones have no location.
            Err(e) => match strict_message.take() {
                Some(located) => located.to_string(),
                None => format!("{}: profile '{id}': {e}", path.display()),
            },
        };
        config.broken.insert(id, BrokenProfile { raw, problem });
    }
    Ok(config)
}

/// The rules every profile must pass, however it was read (YAML or cache):
/// values that end up in a host name or an exported name obey the same
/// rules as on the command line.
pub(crate) fn check_profiles(path: &Path, config: &Config) -> Result<()> {
    for (id, profile) in &config.profiles {
        check_profile(path, id, &profile.as_fields())?;
    }
    Ok(())
}

/// A profile's checked fields, borrowed from the YAML form or the cache.
pub(crate) struct Fields<'a> {
    pub account_sid: &'a str,
    pub api_key: &'a str,
    pub region: Option<&'a str>,
    pub edge: Option<&'a str>,
    pub storage: Storage,
    pub secret_command: Option<&'a str>,
}

impl Profile {
    fn as_fields(&self) -> Fields<'_> {
        Fields {
            account_sid: &self.account_sid,
            api_key: &self.api_key,
            region: self.region.as_deref(),
            edge: self.edge.as_deref(),
            storage: self.storage,
            secret_command: self.secret_command.as_deref(),
        }
    }
}

pub(crate) fn check_profile(path: &Path, id: &str, p: &Fields<'_>) -> Result<()> {
    if !validate::is_profile_id(id) {
        return Err(ConfigError::BadProfileId {
            path: path.to_path_buf(),
            id: id.to_string(),
        });
    }
    let bad = |field: &'static str, value: &str| ConfigError::BadField {
        path: path.to_path_buf(),
        id: id.to_string(),
        field,
        value: value.to_string(),
    };
    if validate::account_sid(p.account_sid).is_err() {
        return Err(bad("account_sid", p.account_sid));
    }
    if validate::api_key_sid(p.api_key).is_err() {
        return Err(bad("api_key", p.api_key));
    }
    if let Some(region) = p.region
        && !validate::is_region(region)
    {
        return Err(bad("region", region));
    }
    if let Some(edge) = p.edge
        && !validate::is_edge(edge)
    {
        return Err(bad("edge", edge));
    }
    check_secret_command(path, id, p)
}

/// Opens without following a symlink at the last component (Unix).
fn no_follow(options: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options
}

/// Temporary files of twenv's own naming left by a writer that was killed
/// (they may hold every secret of credentials.yaml). Called with the lock
/// held, so no live writer owns one.
fn remove_stale_temp_files(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let stale = entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX)
            && entry.file_type().is_ok_and(|t| t.is_file());
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// `storage: command` needs a command that splits into words; a command on
/// another storage would be silently unused, so it is refused too.
fn check_secret_command(path: &Path, id: &str, profile: &Fields<'_>) -> Result<()> {
    let problem = match (profile.storage, profile.secret_command) {
        (Storage::Command, None) => Some("has `storage: command` but no `secret_command`".into()),
        (Storage::Command, Some(line)) => validate::command_words(line)
            .err()
            .map(|e| format!("has a `secret_command` that cannot be split into words ({e})")),
        (other, Some(_)) => Some(format!(
            "has a `secret_command` but `storage: {}`; set `storage: command` to use the \
             command, or remove `secret_command`",
            other.as_str()
        )),
        (_, None) => None,
    };
    match problem {
        Some(problem) => Err(ConfigError::BadSecretCommand {
            path: path.to_path_buf(),
            id: id.to_string(),
            problem,
        }),
        None => Ok(()),
    }
}

fn private_options() -> OpenOptions {
    #[allow(unused_mut)]
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

/// Creates the directory (mode 0700) if missing. An existing directory keeps
/// its mode: twenv does not change permissions the user chose.
pub fn create_private_dir(dir: &Path) -> Result<(), FileError> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(|e| FileError::new("cannot create the config directory", dir, e))
}

/// Temporary file in the same directory, mode 0600, fsync, rename over the
/// target, fsync the directory: a crash leaves the old or the new file.
///
/// A symlinked target (config.yaml kept in a dotfiles repository) is written
/// through: its target is replaced, the link stays.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let target = match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            fs::canonicalize(path).map_err(|e| FileError::new("cannot follow", path, e))?
        }
        _ => path.to_path_buf(),
    };
    let path = target.as_path();
    let dir = path.parent().unwrap_or(Path::new("."));
    create_private_dir(dir)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o600));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| FileError::new("cannot write in", dir, e))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| FileError::new("cannot write", path, e))?;
    tmp.persist(path)
        .map_err(|e| FileError::new("cannot replace", path, e.error))?;
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        // Makes the rename itself durable; failure here loses nothing already written.
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_survive_a_round_trip() {
        let text = "active: dev\nfuture: 1\nprofiles:\n  dev:\n    account_sid: AC0123456789abcdef0123456789abcdef\n    api_key: SK0123456789abcdef0123456789abcdef\n    note: mine\n";
        let config = parse(Path::new("c.yaml"), text).unwrap();
        let again = serde_yaml::to_string(&config).unwrap();
        assert!(again.contains("future: 1"), "{again}");
        assert!(again.contains("note: mine"), "{again}");
        assert_eq!(config.profiles["dev"].storage, Storage::Keyring);
    }

    #[test]
    fn key_origin_fields_are_typed_and_never_duplicated_into_other() {
        let text = "profiles:\n  dev:\n    account_sid: AC0123456789abcdef0123456789abcdef\n    api_key: SK0123456789abcdef0123456789abcdef\n    key_type: restricted\n    allow:\n    - /twilio/messaging/messages/create\n    key_api: iam\n    note: mine\n";
        let config = parse(Path::new("c.yaml"), text).unwrap();
        let dev = &config.profiles["dev"];
        assert_eq!(dev.key.key_type, KeyType::Restricted);
        assert_eq!(dev.key.api(), KeyApi::Iam);
        assert_eq!(dev.key.allow, ["/twilio/messaging/messages/create"]);
        assert_eq!(dev.other.keys().collect::<Vec<_>>(), ["note"]);
        let again = serde_yaml::to_string(&config).unwrap();
        assert_eq!(again.matches("key_type").count(), 1, "{again}");
        let plain = "profiles:\n  dev:\n    account_sid: AC0123456789abcdef0123456789abcdef\n    api_key: SK0123456789abcdef0123456789abcdef\n";
        let config = parse(Path::new("c.yaml"), plain).unwrap();
        assert_eq!(config.profiles["dev"].key, KeyOrigin::default());
        let again = serde_yaml::to_string(&config).unwrap();
        assert!(
            !again.contains("key_"),
            "a standard v2010 key writes nothing new: {again}"
        );
        let bad = plain.replace("dev:\n", "dev:\n    key_type: superuser\n");
        let config = parse(Path::new("c.yaml"), &bad).unwrap();
        assert!(config.profiles.is_empty() && config.broken.contains_key("dev"));
    }

    #[test]
    fn parse_error_names_line_and_column() {
        let err = parse(Path::new("/x/config.yaml"), "profiles:\n  dev: [\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("/x/config.yaml at line "), "{msg}");
        assert!(msg.contains("column"), "{msg}");
    }

    #[test]
    fn empty_file_is_empty_config() {
        assert_eq!(parse(Path::new("c"), "").unwrap(), Config::default());
        assert_eq!(
            parse(Path::new("c"), "# nothing\n").unwrap(),
            Config::default()
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn sid(prefix: &'static str) -> impl Strategy<Value = String> {
            "[0-9a-f]{32}".prop_map(move |hex| format!("{prefix}{hex}"))
        }

        fn profile() -> impl Strategy<Value = Profile> {
            (
                sid("AC"),
                sid("SK"),
                proptest::option::of("[a-z]{2}[0-9]{1,2}"),
                proptest::option::of("[a-z]{3,9}(-[a-z]{2,5})?"),
                prop_oneof![
                    Just((Storage::Keyring, None)),
                    Just((Storage::File, None)),
                    "[ -~]{0,20}".prop_map(|arg| {
                        let line = shell_words::join(["pass", "show", arg.as_str()]);
                        (Storage::Command, Some(line))
                    }),
                ],
                proptest::option::of(proptest::collection::vec(
                    "/twilio/[a-z]{1,8}/[a-z-]{1,8}/read",
                    0..3,
                )),
                proptest::collection::btree_map(
                    "[A-Z_][A-Z0-9_]{0,10}",
                    "\\PC*|[\\n\\t'\"\\\\$`#:{}\\[\\] -]*",
                    0..4,
                ),
            )
                .prop_map(
                    |(
                        account_sid,
                        api_key,
                        region,
                        edge,
                        (storage, secret_command),
                        allow,
                        env,
                    )| {
                        Profile {
                            account_sid,
                            api_key,
                            region,
                            edge,
                            storage,
                            secret_command,
                            env,
                            key: allow.map_or_else(KeyOrigin::default, KeyOrigin::restricted),
                            other: BTreeMap::new(),
                        }
                    },
                )
        }

        proptest! {
            #[test]
            fn any_config_round_trips_exactly(
                profiles in proptest::collection::btree_map("[A-Za-z0-9][A-Za-z0-9_.-]{0,20}", profile(), 0..6),
                active in proptest::option::of("[a-z]{1,5}"),
            ) {
                let config = Config { active, profiles, other: BTreeMap::new(), broken: BTreeMap::new() };
                let text = serde_yaml::to_string(&config).unwrap();
                prop_assert_eq!(parse(Path::new("c"), &text).unwrap(), config);
            }

            #[test]
            fn arbitrary_text_never_panics(text in "\\PC*|[a-z_:\\[\\]{}\\n -]*") {
                let _ = parse(Path::new("c"), &text);
            }
        }
    }
}
