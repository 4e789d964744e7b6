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
    vars.extend(extras(dir, id, profile)?);
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
                    vars.extend(extras(dir, id, config.profile(id)?)?);
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

/// The profile's `env` entries. The config is hand-editable (and the cache a
/// copy of it), so each entry is held to `set`'s rules again here, where a
/// profile is applied: a bad entry refuses this profile (exit 2, naming the
/// file, profile and key) while `list` and the other profiles keep working.
fn extras(dir: &ConfigDir, id: &str, profile: &Profile) -> Result<Vec<Change>> {
    profile
        .env
        .iter()
        .map(|(name, value)| {
            validate::extra_var_name(name)
                .and_then(|_| validate::env_value(name, value))
                .map_err(|e| {
                    Error::usage(format!(
                        "{}: profile '{id}', env key {}: {e}\nFix it with `twenv unset {id} {}` \
                         or by editing the file; twenv left it as it is.",
                        dir.config_path().display(),
                        validate::quote_for_message(name),
                        crate::shell::quote(crate::shell::Shell::Posix, name),
                    ))
                })?;
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
                // A name the profile may not set was never exported by twenv,
                // so it is never unset either (a hand-edited PATH stays).
                .filter(|name| validate::extra_var_name(name).is_ok())
                .filter(|name| !changes.iter().any(|c| &c.name == *name))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

/// Every variable a `use` of profile `id` exports: the credentials,
/// `TWENV_PROFILE`, and its extras that pass `set`'s rules (when `config` has it).
pub fn profile_names(config: Option<&Config>, id: &str) -> Vec<String> {
    let mut names: Vec<String> = validate::CREDENTIAL_VARS
        .iter()
        .filter(|name| **name != "TWILIO_AUTH_TOKEN")
        .map(|name| name.to_string())
        .collect();
    names.push("TWENV_PROFILE".to_string());
    if let Some(profile) = config.and_then(|c| c.profiles.get(id)) {
        names.extend(
            profile
                .env
                .keys()
                .filter(|name| validate::extra_var_name(name).is_ok())
                .cloned(),
        );
    }
    names
}

/// The variables as `NAME=value` pairs, for `export` (unset ones dropped).
pub fn exported(vars: &[Change]) -> Vec<(&str, &str)> {
    vars.iter()
        .filter_map(|c| c.value.as_deref().map(|v| (c.name.as_str(), v)))
        .collect()
}
