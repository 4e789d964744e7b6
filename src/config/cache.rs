//! A JSON copy of `config.yaml` for read-only commands, which must stay fast
//! with a thousand profiles: YAML parsing alone takes several milliseconds
//! there, JSON a tenth of that, and `list` and completion read the JSON
//! without copying a single string ([`Listing`]).
//!
//! twenv writes the copy after each save. Its first line is a fingerprint of
//! the YAML file it mirrors; a file edited by hand no longer matches, so the
//! YAML is read instead. The YAML file is always the truth: writers never
//! read this copy.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use super::{Config, ConfigDir, Profile, Storage};
use crate::error::{Error, Result};

const CACHE_FILE: &str = ".config.cache.json";

#[derive(Serialize, Deserialize)]
struct Cache {
    active: Option<String>,
    profiles: Vec<CachedProfile>,
}

/// A profile without the unknown fields `Profile` keeps for rewriting
/// (read-only commands do not need them, and flattening them is slow).
#[derive(Serialize, Deserialize)]
struct CachedProfile {
    id: String,
    account_sid: String,
    api_key: String,
    region: Option<String>,
    edge: Option<String>,
    storage: Storage,
    env: BTreeMap<String, String>,
}

/// Every profile's identity, borrowed from the JSON text: what `list` and
/// completion show. Profile IDs, SIDs, regions and edges never need escapes
/// in JSON, so they borrow; a text where one does fails and is not used.
#[derive(Deserialize)]
pub struct Listing<'a> {
    #[serde(borrow)]
    pub active: Option<&'a str>,
    #[serde(borrow)]
    pub profiles: Vec<ListedProfile<'a>>,
}

#[derive(Deserialize)]
pub struct ListedProfile<'a> {
    pub id: &'a str,
    pub account_sid: &'a str,
    pub api_key: &'a str,
    pub region: Option<&'a str>,
    pub edge: Option<&'a str>,
    pub storage: Storage,
    #[serde(rename = "env")]
    _env: IgnoredAny,
}

/// The cache's JSON text if it mirrors the YAML file as it is now.
fn fresh_json(dir: &ConfigDir) -> Option<String> {
    let fingerprint = fingerprint(&dir.config_path())?;
    // Validating UTF-8 once for the whole file is cheaper than per string.
    let mut text = fs::read_to_string(dir.dir.join(CACHE_FILE)).ok()?;
    let (first, _) = text.split_once('\n')?;
    if first != fingerprint {
        return None;
    }
    text.drain(..=first.len());
    Some(text)
}

/// The cached config if it mirrors the YAML file as it is now.
pub(super) fn read(dir: &ConfigDir) -> Option<Config> {
    let cache: Cache = serde_json::from_str(&fresh_json(dir)?).ok()?;
    let profiles = cache.profiles.into_iter().map(|p| {
        let profile = Profile {
            account_sid: p.account_sid,
            api_key: p.api_key,
            region: p.region,
            edge: p.edge,
            storage: p.storage,
            env: p.env,
            other: BTreeMap::new(),
        };
        (p.id, profile)
    });
    Some(Config {
        active: cache.active,
        profiles: profiles.collect(),
        other: BTreeMap::new(),
    })
}

/// Calls `f` with a listing borrowed from the cache when it is fresh, else
/// from the JSON form of the YAML file (so `list` reads one form whatever
/// the state of the cache, and a damaged cache costs only speed).
pub(super) fn with_listing<T>(
    dir: &ConfigDir,
    f: impl FnOnce(&Listing<'_>) -> Result<T>,
) -> Result<T> {
    if let Some(text) = fresh_json(dir)
        && let Ok(listing) = serde_json::from_str::<Listing<'_>>(&text)
    {
        return f(&listing);
    }
    let text = to_json(&dir.load()?);
    let listing = serde_json::from_str::<Listing<'_>>(&text)
        .map_err(|e| Error::runtime(format!("cannot list the profiles: {e}")))?;
    f(&listing)
}

fn to_json(config: &Config) -> String {
    let cache = Cache {
        active: config.active.clone(),
        profiles: config
            .profiles
            .iter()
            .map(|(id, p)| CachedProfile {
                id: id.clone(),
                account_sid: p.account_sid.clone(),
                api_key: p.api_key.clone(),
                region: p.region.clone(),
                edge: p.edge.clone(),
                storage: p.storage,
                env: p.env.clone(),
            })
            .collect(),
    };
    // Strings and maps of strings always serialise.
    serde_json::to_string(&cache).unwrap_or_default()
}

/// Refreshes the cache after `config` was saved; call with the lock held. A
/// failure only costs speed, so the stale copy is removed and nothing reported.
pub(super) fn write(dir: &ConfigDir, config: &Config) {
    let path = dir.dir.join(CACHE_FILE);
    let written = fingerprint(&dir.config_path()).and_then(|fingerprint| {
        let text = format!("{fingerprint}\n{}", to_json(config));
        super::write_atomic(&path, text.as_bytes()).ok()
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
            "{}:{}:{}:{}.{}:{}.{}",
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
        Some(format!("{}:{:?}", meta.len(), modified))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_borrows_every_field_of_the_json_form() {
        let mut config = Config::default();
        let mut env = BTreeMap::new();
        env.insert("GREETING".to_string(), "a \"quoted\"\nvalue".to_string());
        config.profiles.insert(
            "dev".to_string(),
            Profile {
                account_sid: "AC0123456789abcdef0123456789abcdef".into(),
                api_key: "SK0123456789abcdef0123456789abcdef".into(),
                region: Some("ie1".into()),
                edge: None,
                storage: Storage::File,
                env,
                other: BTreeMap::new(),
            },
        );
        config.active = Some("dev".into());
        let text = to_json(&config);
        let listing: Listing<'_> = serde_json::from_str(&text).unwrap();
        assert_eq!(listing.active, Some("dev"));
        let p = &listing.profiles[0];
        assert_eq!(
            (p.id, p.region, p.edge, p.storage),
            ("dev", Some("ie1"), None, Storage::File)
        );
        assert_eq!(p.api_key, "SK0123456789abcdef0123456789abcdef");
    }
}
