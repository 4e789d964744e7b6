//! A compact binary copy of `config.yaml` for read-only commands, which must
//! stay fast with a thousand profiles: parsing that much YAML takes several
//! milliseconds, while `list` and completion read this copy without copying a
//! single string ([`Listing`] borrows from it).
//!
//! twenv writes the copy after each save: a first line with a fingerprint of
//! the YAML file it mirrors, then postcard-encoded data. A file edited by hand
//! no longer matches the fingerprint, so the YAML is read instead. The YAML
//! file is always the truth: writers never read this copy.
//!
//! A profile's key origin (`key_type`, `allow`, `key_api`) is left out: only
//! writers (`rotate`, `remove --delete-key`, `login --force`) act on it, and
//! they read the YAML file.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Config, ConfigDir, ConfigError, Profile, Storage};

const CACHE_FILE: &str = ".config.cache";
/// Starts the fingerprint line; bumped whenever the encoded shape changes, so
/// a copy written by another version is never decoded as this one's.
const FORMAT: &str = "2";

/// Every profile's identity, borrowed from the cached bytes: what `list` and
/// completion show. The profiles' `env` maps follow it in the file, so a
/// listing never decodes them.
#[derive(Serialize, Deserialize)]
pub struct Listing<'a> {
    #[serde(borrow)]
    pub active: Option<&'a str>,
    #[serde(borrow)]
    pub profiles: Vec<ListedProfile<'a>>,
    /// The broken profiles (ID, problem): only ever from the YAML file, since
    /// no cache is kept of a config that has any; not encoded.
    #[serde(skip)]
    pub broken: Vec<(&'a str, &'a str)>,
}

impl Listing<'_> {
    /// Whether every profile passes the rules of the YAML parser.
    fn is_valid(&self, path: &Path) -> bool {
        self.profiles.iter().all(|p| {
            let fields = super::Fields {
                account_sid: p.account_sid,
                api_key: p.api_key,
                region: p.region,
                edge: p.edge,
                storage: p.storage,
                secret_command: p.secret_command,
            };
            super::check_profile(path, p.id, &fields).is_ok()
        })
    }
}

#[derive(Serialize, Deserialize)]
pub struct ListedProfile<'a> {
    pub id: &'a str,
    pub account_sid: &'a str,
    pub api_key: &'a str,
    pub region: Option<&'a str>,
    pub edge: Option<&'a str>,
    pub storage: Storage,
    pub secret_command: Option<&'a str>,
}

/// The cache file if it mirrors the YAML file as it is now, and where its
/// data starts (after the fingerprint line; not moved to the front, which
/// would copy the whole file once more). A cache someone else could have
/// written is refused.
fn fresh_bytes(dir: &ConfigDir) -> Result<Option<(Vec<u8>, usize)>, ConfigError> {
    let path = dir.dir.join(CACHE_FILE);
    super::ownership::check(&path, super::ownership::Kind::File, false)?;
    Ok(fresh_bytes_of(dir, &path))
}

fn fresh_bytes_of(dir: &ConfigDir, path: &Path) -> Option<(Vec<u8>, usize)> {
    let fingerprint = fingerprint(&dir.config_path())?;
    let bytes = fs::read(path).ok()?;
    let newline = bytes.iter().position(|&b| b == b'\n')?;
    if bytes[..newline] != *fingerprint.as_bytes() {
        return None;
    }
    Some((bytes, newline + 1))
}

/// The cached config if it mirrors the YAML file as it is now and passes
/// every check the YAML would.
pub(super) fn read(dir: &ConfigDir) -> Result<Option<Config>, ConfigError> {
    let Some((bytes, start)) = fresh_bytes(dir)? else {
        return Ok(None);
    };
    Ok(decode(&bytes[start..]).filter(|c| super::check_profiles(&dir.config_path(), c).is_ok()))
}

fn decode(bytes: &[u8]) -> Option<Config> {
    let (listing, rest) = postcard::take_from_bytes::<Listing<'_>>(bytes).ok()?;
    let envs: Vec<BTreeMap<String, String>> = postcard::from_bytes(rest).ok()?;
    if envs.len() != listing.profiles.len() {
        return None;
    }
    let profiles = listing.profiles.into_iter().zip(envs).map(|(p, env)| {
        let profile = Profile {
            account_sid: p.account_sid.to_string(),
            api_key: p.api_key.to_string(),
            region: p.region.map(str::to_string),
            edge: p.edge.map(str::to_string),
            storage: p.storage,
            secret_command: p.secret_command.map(str::to_string),
            env,
            // Only writers (rotate, remove, login) need what kind of key it
            // is, and they read the YAML file.
            key: Default::default(),
            other: BTreeMap::new(),
        };
        (p.id.to_string(), profile)
    });
    Some(Config {
        active: listing.active.map(str::to_string),
        profiles: profiles.collect(),
        other: BTreeMap::new(),
        // Never cached: `write` keeps no copy of a config with broken profiles.
        broken: BTreeMap::new(),
    })
}

/// Calls `f` with a listing borrowed from the cache when it is fresh, else
/// from the encoded YAML file (so `list` reads one form whatever the state of
/// the cache, and a damaged cache costs only speed).
pub(super) fn with_listing<T>(
    dir: &ConfigDir,
    f: impl FnOnce(&Listing<'_>) -> crate::error::Result<T>,
) -> crate::error::Result<T> {
    if let Some((bytes, start)) = fresh_bytes(dir)?
        && let Ok((listing, _)) = postcard::take_from_bytes::<Listing<'_>>(&bytes[start..])
        && listing.is_valid(&dir.config_path())
    {
        return f(&listing);
    }
    let config = dir.load()?;
    let bytes = encode(&config)?;
    let (mut listing, _) = postcard::take_from_bytes::<Listing<'_>>(&bytes)
        .map_err(|e| ConfigError::Serialize(format!("cannot list the profiles: {e}")))?;
    listing.broken = config
        .broken
        .iter()
        .map(|(id, b)| (id.as_str(), b.problem.as_str()))
        .collect();
    f(&listing)
}

fn encode(config: &Config) -> Result<Vec<u8>, ConfigError> {
    let listing = Listing {
        active: config.active.as_deref(),
        profiles: config
            .profiles
            .iter()
            .map(|(id, p)| ListedProfile {
                id,
                account_sid: &p.account_sid,
                api_key: &p.api_key,
                region: p.region.as_deref(),
                edge: p.edge.as_deref(),
                storage: p.storage,
                secret_command: p.secret_command.as_deref(),
            })
            .collect(),
        broken: Vec::new(),
    };
    let envs: Vec<&BTreeMap<String, String>> = config.profiles.values().map(|p| &p.env).collect();
    let bytes = postcard::to_stdvec(&listing)
        .and_then(|bytes| postcard::to_extend(&envs, bytes))
        .map_err(|e| ConfigError::Serialize(format!("cannot encode the config: {e}")))?;
    Ok(bytes)
}

/// Refreshes the cache after `config` was saved; call with the lock held. A
/// failure only costs speed, so the stale copy is removed and nothing reported.
pub(super) fn write(dir: &ConfigDir, config: &Config) {
    let path = dir.dir.join(CACHE_FILE);
    // The copy holds usable profiles only; with a broken one in the file it
    // would not mirror it, so readers go to the YAML until it is fixed.
    if !config.broken.is_empty() {
        let _ = fs::remove_file(&path);
        return;
    }
    let written = fingerprint(&dir.config_path()).and_then(|fingerprint| {
        let mut bytes = format!("{fingerprint}\n").into_bytes();
        bytes.extend(encode(config).ok()?);
        super::write_atomic(&path, &bytes).ok()
    });
    if written.is_none() {
        let _ = fs::remove_file(&path);
    }
}

/// Identifies one version of the file: ctime changes with every write and
/// cannot be set back by hand, unlike mtime.
fn fingerprint(path: &Path) -> Option<String> {
    let meta = fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(format!(
            "{FORMAT}:{}:{}:{}:{}.{}:{}.{}",
            meta.dev(),
            meta.ino(),
            meta.len(),
            meta.mtime(),
            meta.mtime_nsec(),
            meta.ctime(),
            meta.ctime_nsec()
        ))
    }
    #[cfg(not(unix))]
    {
        let modified = meta.modified().ok()?;
        Some(format!("{FORMAT}:{}:{:?}", meta.len(), modified))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        let mut config = Config::default();
        for (id, n) in [("dev", "0"), ("prod.eu-1", "1")] {
            let mut env = BTreeMap::new();
            env.insert("GREETING".to_string(), format!("a \"quoted\"\nvalue {n}"));
            config.profiles.insert(
                id.to_string(),
                Profile {
                    account_sid: format!("AC0123456789abcdef0123456789abcde{n}"),
                    api_key: format!("SK0123456789abcdef0123456789abcde{n}"),
                    region: Some("ie1".into()),
                    edge: None,
                    storage: Storage::File,
                    secret_command: None,
                    env,
                    key: Default::default(),
                    other: BTreeMap::new(),
                },
            );
        }
        config.active = Some("dev".into());
        config
    }

    #[test]
    fn a_listing_borrows_every_identity_field() {
        let bytes = encode(&config()).unwrap();
        let (listing, _) = postcard::take_from_bytes::<Listing<'_>>(&bytes).unwrap();
        assert_eq!(listing.active, Some("dev"));
        let p = &listing.profiles[1];
        assert_eq!(
            (p.id, p.region, p.edge, p.storage),
            ("prod.eu-1", Some("ie1"), None, Storage::File)
        );
        assert_eq!(p.api_key, "SK0123456789abcdef0123456789abcde1");
    }

    #[test]
    fn the_cache_round_trips_the_config_without_unknown_fields() {
        let dir = tempfile::tempdir().unwrap();
        let dir = ConfigDir {
            dir: dir.path().to_path_buf(),
        };
        let config = config();
        dir.save(&config).unwrap();
        assert_eq!(read(&dir).unwrap(), Some(config));
        // A hand edit (any change of the file) makes the copy stale.
        fs::write(dir.config_path(), "profiles: {}\n").unwrap();
        assert_eq!(read(&dir).unwrap(), None);
    }
}
