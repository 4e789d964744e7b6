//! A JSON copy of `config.yaml` for read-only commands, which must stay fast
//! with a thousand profiles (YAML parsing alone takes several milliseconds
//! there; JSON about a tenth of that). twenv writes it after each save, with a
//! fingerprint of the YAML file it mirrors; a file edited by hand no longer
//! matches the fingerprint, so the YAML is read instead. The YAML file is
//! always the truth: writers never read this copy.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Config, ConfigDir, Profile, Storage};

const CACHE_FILE: &str = ".config.cache.json";

#[derive(Serialize, Deserialize)]
struct Cache {
    fingerprint: String,
    active: Option<String>,
    profiles: BTreeMap<String, CachedProfile>,
}

/// A profile without the unknown fields `Profile` keeps for rewriting
/// (read-only commands do not need them, and flattening them is slow).
#[derive(Serialize, Deserialize)]
struct CachedProfile {
    account_sid: String,
    api_key: String,
    region: Option<String>,
    edge: Option<String>,
    storage: Storage,
    env: BTreeMap<String, String>,
}

/// The cached config if it mirrors the YAML file as it is now.
pub(super) fn read(dir: &ConfigDir) -> Option<Config> {
    let fingerprint = fingerprint(&dir.config_path())?;
    // Validating UTF-8 once for the whole file is cheaper than per string.
    let text = fs::read_to_string(dir.dir.join(CACHE_FILE)).ok()?;
    let cache: Cache = serde_json::from_str(&text).ok()?;
    (cache.fingerprint == fingerprint).then(|| Config {
        active: cache.active,
        profiles: cache
            .profiles
            .into_iter()
            .map(|(id, p)| {
                let profile = Profile {
                    account_sid: p.account_sid,
                    api_key: p.api_key,
                    region: p.region,
                    edge: p.edge,
                    storage: p.storage,
                    env: p.env,
                    other: BTreeMap::new(),
                };
                (id, profile)
            })
            .collect(),
        other: BTreeMap::new(),
    })
}

/// Refreshes the cache after `config` was saved; call with the lock held. A
/// failure only costs speed, so the stale copy is removed and nothing reported.
pub(super) fn write(dir: &ConfigDir, config: &Config) {
    let path = dir.dir.join(CACHE_FILE);
    let written = fingerprint(&dir.config_path()).and_then(|fingerprint| {
        let cache = Cache {
            fingerprint,
            active: config.active.clone(),
            profiles: config
                .profiles
                .iter()
                .map(|(id, p)| {
                    let cached = CachedProfile {
                        account_sid: p.account_sid.clone(),
                        api_key: p.api_key.clone(),
                        region: p.region.clone(),
                        edge: p.edge.clone(),
                        storage: p.storage,
                        env: p.env.clone(),
                    };
                    (id.clone(), cached)
                })
                .collect(),
        };
        let json = serde_json::to_vec(&cache).ok()?;
        super::write_atomic(&path, &json).ok()
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
