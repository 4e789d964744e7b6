//! The environment a profile stands for (DESIGN §5): what `use` exports, `exec`
//! runs with and `export` prints — one list, so the three cannot drift apart.

use crate::config::{Config, ConfigDir, Profile};
use crate::error::{Error, Result};
use crate::resolve::Resolved;
use crate::shell::Change;
use crate::store;
use crate::validate;

/// The variables for a profile, in order: credentials (with `TWILIO_AUTH_TOKEN`
/// always unset, region and edge unset when the profile has none),
/// `TWENV_PROFILE`, then the profile's `env` entries. Reads the secret store.
pub fn for_profile(dir: &ConfigDir, id: &str, profile: &Profile) -> Result<Vec<Change>> {
    let secret = store::secret_of(dir, id, profile)?;
    let mut vars = credentials(
        &profile.account_sid,
        &profile.api_key,
        secret.expose(),
        profile.region.as_deref(),
        profile.edge.as_deref(),
    );
    vars.push(Change::export("TWENV_PROFILE", id));
    vars.extend(extras(profile)?);
    checked(vars)
}

/// The variables for resolved credentials (DESIGN §2): a profile's (from `-p`
/// or the active profile), or those already in the environment.
pub fn for_resolved(dir: &ConfigDir, config: &Config, resolved: &Resolved) -> Result<Vec<Change>> {
    match resolved {
        Resolved::Profile { id, profile, .. } => for_profile(dir, id, profile),
        Resolved::EnvKey {
            account_sid,
            api_key,
            secret,
            region,
            edge,
            profile,
        } => {
            let mut vars = credentials(
                account_sid,
                api_key,
                secret.expose(),
                region.as_deref(),
                edge.as_deref(),
            );
            match profile {
                Some(id) => {
                    vars.push(Change::export("TWENV_PROFILE", id));
                    vars.extend(extras(config.profile(id)?)?);
                }
                None => vars.push(Change::unset("TWENV_PROFILE")),
            }
            checked(vars)
        }
        Resolved::EnvAuthToken { .. } => Err(Error::runtime(
            "the credentials in the environment are TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN; \
             twenv never passes on an Auth Token. Choose a profile with `-p ID` \
             (`twenv list`), or create one with `twenv login`.",
        )),
    }
}

fn credentials(
    account_sid: &str,
    api_key: &str,
    secret: &str,
    region: Option<&str>,
    edge: Option<&str>,
) -> Vec<Change> {
    let optional = |name: &str, value: Option<&str>| match value {
        Some(v) => Change::export(name, v),
        None => Change::unset(name),
    };
    vec![
        Change::export("TWILIO_ACCOUNT_SID", account_sid),
        Change::export("TWILIO_API_KEY", api_key),
        Change::export("TWILIO_API_SECRET", secret),
        // A stray Auth Token makes the helper libraries act as another identity.
        Change::unset("TWILIO_AUTH_TOKEN"),
        optional("TWILIO_REGION", region),
        optional("TWILIO_EDGE", edge),
    ]
}

/// The profile's `env` entries; the config is hand-editable, so their names
/// are checked again.
fn extras(profile: &Profile) -> Result<Vec<Change>> {
    profile
        .env
        .iter()
        .map(|(name, value)| {
            validate::extra_var_name(name)?;
            Ok(Change::export(name, value))
        })
        .collect()
}

/// Every value, wherever it came from (config, store, environment), must fit
/// in an environment variable: `use`, `exec` and `export` all get them here.
fn checked(vars: Vec<Change>) -> Result<Vec<Change>> {
    for change in &vars {
        if let Some(value) = &change.value {
            validate::env_value(&change.name, value)?;
        }
    }
    Ok(vars)
}

/// The extra variables of the profile this process inherited in `TWENV_PROFILE`
/// that `changes` does not set: left alone, they would be stale next to another
/// profile's credentials (a phone number of dev beside prod's key).
pub fn inherited_extras(config: &Config, changes: &[Change]) -> Vec<String> {
    std::env::var("TWENV_PROFILE")
        .ok()
        .and_then(|previous| config.profiles.get(&previous))
        .map(|previous| {
            previous
                .env
                .keys()
                .filter(|name| !changes.iter().any(|c| &c.name == *name))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

/// The variables as `NAME=value` pairs, for `export` (unset ones dropped).
pub fn exported(vars: &[Change]) -> Vec<(&str, &str)> {
    vars.iter()
        .filter_map(|c| c.value.as_deref().map(|v| (c.name.as_str(), v)))
        .collect()
}
