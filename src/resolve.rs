//! Which credentials a command would use now, and why (DESIGN §2):
//! `-p ID`, then `TWILIO_*` environment variables, then the active profile.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::{Config, Storage};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CredentialSource {
    Flag,
    Env,
    Active,
}

/// The identity part of resolved credentials: never a secret.
#[derive(Debug, Clone, Serialize)]
pub struct Resolved {
    pub source: CredentialSource,
    pub profile: Option<String>,
    pub account_sid: String,
    pub api_key: Option<String>,
    pub region: Option<String>,
    pub edge: Option<String>,
    /// Where the secret is: the profile's store, or the environment.
    #[serde(skip)]
    pub secret: SecretSource,
    #[serde(skip)]
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    Store(Storage),
    EnvApiSecret,
    EnvAuthToken,
}

/// The environment a resolution looks at (a snapshot, so tests can pass their own).
pub struct Env(BTreeMap<String, String>);

impl Env {
    /// Variables that are not valid UTF-8 are left out (`std::env::vars`
    /// would panic on them); none of the names twenv reads can be one.
    pub fn process() -> Self {
        let vars = std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .filter(|(_, v)| !v.is_empty());
        Env(vars.collect())
    }

    #[cfg(test)]
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Self {
        Env(pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect())
    }

    pub fn var(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }
}

pub fn resolve(config: &Config, flag: Option<&str>, env: &Env) -> Result<Resolved> {
    if let Some(id) = flag {
        return from_profile(config, id, CredentialSource::Flag);
    }
    let mut warnings = Vec::new();
    if let Some(found) = from_env(identities(config), env, &mut warnings) {
        return Ok(found);
    }
    if let Some(id) = &config.active {
        let mut resolved = from_profile(config, id, CredentialSource::Active).map_err(|e| {
            Error::runtime(format!("the active profile in the config is unusable: {e}"))
        })?;
        resolved.warnings = warnings;
        return Ok(resolved);
    }
    for w in &warnings {
        crate::ui::warn(w);
    }
    Err(Error::runtime(
        "no Twilio credentials: use one of\n  \
         - `-p ID` on the command line (profiles: `twenv list`, new ones: `twenv login`),\n  \
         - the environment: TWILIO_ACCOUNT_SID with TWILIO_API_KEY and TWILIO_API_SECRET \
         (e.g. `twenv use ID` in this shell),\n  \
         - an active profile: `twenv use --global ID`.",
    ))
}

fn from_profile(config: &Config, id: &str, source: CredentialSource) -> Result<Resolved> {
    let p = config.profile(id)?;
    Ok(Resolved {
        source,
        profile: Some(id.to_string()),
        account_sid: p.account_sid.clone(),
        api_key: Some(p.api_key.clone()),
        region: p.region.clone(),
        edge: p.edge.clone(),
        secret: SecretSource::Store(p.storage),
        warnings: Vec::new(),
    })
}

/// A profile's identity, as matched against environment credentials.
pub struct Identity<'a> {
    pub id: &'a str,
    pub account_sid: &'a str,
    pub api_key: &'a str,
}

fn identities(config: &Config) -> impl Iterator<Item = Identity<'_>> {
    config.profiles.iter().map(|(id, p)| Identity {
        id,
        account_sid: &p.account_sid,
        api_key: &p.api_key,
    })
}

/// Credentials from the environment alone, with warnings about an incomplete set.
pub fn resolve_env<'a>(
    profiles: impl Iterator<Item = Identity<'a>>,
    env: &Env,
) -> Option<Resolved> {
    let mut warnings = Vec::new();
    let found = from_env(profiles, env, &mut warnings);
    for w in found.is_none().then_some(&warnings).into_iter().flatten() {
        crate::ui::warn(w);
    }
    found
}

fn from_env<'a>(
    profiles: impl Iterator<Item = Identity<'a>>,
    env: &Env,
    warnings: &mut Vec<String>,
) -> Option<Resolved> {
    let sid = env.var("TWILIO_ACCOUNT_SID");
    let key = env.var("TWILIO_API_KEY");
    let secret = env.var("TWILIO_API_SECRET");
    let token = env.var("TWILIO_AUTH_TOKEN");
    let (api_key, secret_source) = match (&sid, &key, &secret, &token) {
        (Some(_), Some(key), Some(_), _) => (Some(key.clone()), SecretSource::EnvApiSecret),
        (Some(_), None, None, Some(_)) => {
            warnings.push(
                "using TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN from the environment; the Auth Token \
                 is the account's master credential — prefer an API key (`twenv login`)"
                    .to_string(),
            );
            (None, SecretSource::EnvAuthToken)
        }
        (None, None, None, None) => return None,
        _ => {
            let missing: Vec<&str> = [
                ("TWILIO_ACCOUNT_SID", sid.is_none()),
                ("TWILIO_API_KEY", key.is_none() && token.is_none()),
                (
                    "TWILIO_API_SECRET",
                    secret.is_none() && (key.is_some() || token.is_none()),
                ),
            ]
            .iter()
            .filter(|(_, missing)| *missing)
            .map(|(name, _)| *name)
            .collect();
            warnings.push(format!(
                "ignoring incomplete Twilio credentials in the environment: {} not set",
                missing.join(", ")
            ));
            return None;
        }
    };
    let account_sid = sid?;
    let profile = matching_profile(profiles, env, &account_sid, api_key.as_deref());
    Some(Resolved {
        source: CredentialSource::Env,
        profile,
        account_sid,
        api_key,
        region: env.var("TWILIO_REGION"),
        edge: env.var("TWILIO_EDGE"),
        secret: secret_source,
        warnings: std::mem::take(warnings),
    })
}

/// The profile the environment's credentials came from: the one `TWENV_PROFILE`
/// names if it matches, else the first profile with the same Account SID and API key.
fn matching_profile<'a>(
    profiles: impl Iterator<Item = Identity<'a>>,
    env: &Env,
    account_sid: &str,
    api_key: Option<&str>,
) -> Option<String> {
    let api_key = api_key?;
    let named = env.var("TWENV_PROFILE");
    let mut first = None;
    for p in profiles.filter(|p| p.account_sid == account_sid && p.api_key == api_key) {
        if named.as_deref() == Some(p.id) {
            return named;
        }
        first.get_or_insert(p.id);
    }
    first.map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Profile;

    const AC: &str = "AC0123456789abcdef0123456789abcdef";
    const SK: &str = "SK0123456789abcdef0123456789abcdef";

    fn config() -> Config {
        let mut c = Config::default();
        let p = Profile {
            account_sid: AC.into(),
            api_key: SK.into(),
            region: Some("ie1".into()),
            edge: None,
            storage: Storage::File,
            env: Default::default(),
            other: Default::default(),
        };
        c.profiles.insert("dev".into(), p.clone());
        c.profiles.insert(
            "other".into(),
            Profile {
                api_key: SK.replace('0', "1"),
                ..p
            },
        );
        c.active = Some("other".into());
        c
    }

    #[test]
    fn flag_beats_env_beats_active() {
        let env = Env::from_pairs(&[
            ("TWILIO_ACCOUNT_SID", AC),
            ("TWILIO_API_KEY", "SKx"),
            ("TWILIO_API_SECRET", "s"),
        ]);
        let r = resolve(&config(), Some("dev"), &env).unwrap();
        assert_eq!(
            (r.source, r.profile.as_deref()),
            (CredentialSource::Flag, Some("dev"))
        );
        let r = resolve(&config(), None, &env).unwrap();
        assert_eq!((r.source, r.profile), (CredentialSource::Env, None));
        let r = resolve(&config(), None, &Env::from_pairs(&[])).unwrap();
        assert_eq!(
            (r.source, r.profile.as_deref()),
            (CredentialSource::Active, Some("other"))
        );
    }

    #[test]
    fn env_matching_a_profile_names_it() {
        let env = Env::from_pairs(&[
            ("TWILIO_ACCOUNT_SID", AC),
            ("TWILIO_API_KEY", SK),
            ("TWILIO_API_SECRET", "s"),
        ]);
        let r = resolve(&config(), None, &env).unwrap();
        assert_eq!(r.profile.as_deref(), Some("dev"));
    }

    #[test]
    fn incomplete_env_warns_with_the_missing_name() {
        let env = Env::from_pairs(&[("TWILIO_ACCOUNT_SID", AC), ("TWILIO_API_KEY", SK)]);
        let r = resolve(&config(), None, &env).unwrap();
        assert_eq!(r.source, CredentialSource::Active);
        assert_eq!(r.warnings.len(), 1);
        assert!(
            r.warnings[0].contains("TWILIO_API_SECRET"),
            "{:?}",
            r.warnings
        );
    }

    #[test]
    fn auth_token_is_allowed_but_warned() {
        let env = Env::from_pairs(&[("TWILIO_ACCOUNT_SID", AC), ("TWILIO_AUTH_TOKEN", "t")]);
        let r = resolve(&config(), None, &env).unwrap();
        assert_eq!(
            (r.source, r.api_key.clone(), r.secret),
            (CredentialSource::Env, None, SecretSource::EnvAuthToken)
        );
        assert!(r.warnings[0].contains("TWILIO_AUTH_TOKEN"));
    }

    #[test]
    fn nothing_at_all_is_an_error() {
        let mut c = config();
        c.active = None;
        assert_eq!(
            resolve(&c, None, &Env::from_pairs(&[]))
                .unwrap_err()
                .exit_code(),
            1
        );
    }
}
