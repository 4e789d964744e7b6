//! The environment a profile stands for (DESIGN §5): what `use` exports, `exec`
//! runs with and `export` prints — one list, so the three cannot drift apart.

use crate::config::{Config, ConfigDir, Profile};
use crate::error::{Error, Result};
use crate::resolve::{Env, Resolved, SecretSource};
use crate::shell::Change;
use crate::store::SecretStore;
use crate::validate;

/// The variables for a profile, in order: credentials (with `TWILIO_AUTH_TOKEN`
/// always unset, region and edge unset when the profile has none),
/// `TWENV_PROFILE`, then the profile's `env` entries. Reads the secret store.
pub fn for_profile(dir: &ConfigDir, id: &str, profile: &Profile) -> Result<Vec<Change>> {
    let secret = secret_of(dir, id, profile)?;
    let mut vars = credentials(
        &profile.account_sid,
        &profile.api_key,
        secret,
        profile.region.as_deref(),
        profile.edge.as_deref(),
    );
    vars.push(Change::export("TWENV_PROFILE", id));
    vars.extend(extras(profile)?);
    Ok(vars)
}

/// The variables for resolved credentials (DESIGN §2): a profile's (from `-p`
/// or the active profile), or those already in the environment.
pub fn for_resolved(
    dir: &ConfigDir,
    config: &Config,
    resolved: &Resolved,
    env: &Env,
) -> Result<Vec<Change>> {
    match (&resolved.secret, &resolved.profile) {
        (SecretSource::Store(_), Some(id)) => for_profile(dir, id, config.profile(id)?),
        (SecretSource::EnvApiSecret, profile) => {
            let (Some(api_key), Some(secret)) =
                (resolved.api_key.as_deref(), env.var("TWILIO_API_SECRET"))
            else {
                return Err(Error::runtime(
                    "the API key credentials in the environment changed while twenv ran",
                ));
            };
            let mut vars = credentials(
                &resolved.account_sid,
                api_key,
                secret,
                resolved.region.as_deref(),
                resolved.edge.as_deref(),
            );
            match profile {
                Some(id) => {
                    vars.push(Change::export("TWENV_PROFILE", id));
                    vars.extend(extras(config.profile(id)?)?);
                }
                None => vars.push(Change::unset("TWENV_PROFILE")),
            }
            Ok(vars)
        }
        (SecretSource::EnvAuthToken, _) => Err(Error::runtime(
            "the credentials in the environment are TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN; \
             twenv never passes on an Auth Token. Choose a profile with `-p ID` \
             (`twenv list`), or create one with `twenv login`.",
        )),
        (SecretSource::Store(_), None) => Err(Error::runtime(
            "internal error: credentials from a secret store without a profile",
        )),
    }
}

fn credentials(
    account_sid: &str,
    api_key: &str,
    secret: String,
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

/// The profile's `env` entries; the config is hand-editable, so they are checked again.
fn extras(profile: &Profile) -> Result<Vec<Change>> {
    profile
        .env
        .iter()
        .map(|(name, value)| {
            validate::extra_var_name(name)?;
            validate::extra_var_value(name, value)?;
            Ok(Change::export(name, value))
        })
        .collect()
}

fn secret_of(dir: &ConfigDir, id: &str, profile: &Profile) -> Result<String> {
    let store = SecretStore::open(profile.storage, dir);
    store.get(&profile.api_key)?.ok_or_else(|| {
        Error::runtime(format!(
            "{} holds no secret for profile '{id}' (API key {}). Store it again with \
             `twenv login -p {id} --force --account-sid {} --api-key {} --api-secret-stdin \
             --storage {}`, or create a new key with `twenv login -p {id} --force`.",
            store.describe(),
            profile.api_key,
            profile.account_sid,
            profile.api_key,
            profile.storage.as_str(),
        ))
    })
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

/// No environment can hold a NUL byte: refused with exit 2.
pub fn check_value(name: &str, value: &str) -> Result<()> {
    if value.contains('\0') {
        return Err(Error::usage(format!(
            "the value of {name} contains a NUL byte, which no environment variable can hold; \
             fix the value in the config or the secret store"
        )));
    }
    Ok(())
}

/// The variables as `NAME=value` pairs, for `export` (unset ones dropped).
pub fn exported(vars: &[Change]) -> Vec<(&str, &str)> {
    vars.iter()
        .filter_map(|c| c.value.as_deref().map(|v| (c.name.as_str(), v)))
        .collect()
}
