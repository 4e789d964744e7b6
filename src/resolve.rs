//! Which credentials a command would use now, and why (DESIGN §2):
//! `-p ID`, then `TWILIO_*` environment variables, then the directory's
//! trusted `.twenv-profile`, then the active profile.
//!
//! Resolution only decides; it prints nothing. Its warnings (an incomplete
//! set in the environment, an Auth Token in use) are returned for the
//! command to show.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::{Config, Profile};
use crate::error::{Error, Result};
use crate::secret::Secret;

/// Why these credentials: the `source` of `current -o json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CredentialSource {
    Flag,
    Env,
    Directory,
    Active,
}

/// How a profile from the config was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileSource {
    Flag,
    /// Named by this trusted `.twenv-profile` (DESIGN §11).
    Directory(std::path::PathBuf),
    Active,
}

/// The credentials a command uses: exactly one of the three things they can be.
#[derive(Debug)]
pub enum Resolved {
    /// A profile from the config; its secret is in the profile's store.
    Profile {
        source: ProfileSource,
        id: String,
        profile: Profile,
    },
    /// `TWILIO_ACCOUNT_SID`, `TWILIO_API_KEY` and `TWILIO_API_SECRET` from the
    /// environment, and the profile they came from, if one matches.
    EnvKey {
        account_sid: String,
        api_key: String,
        secret: Secret,
        region: Option<String>,
        edge: Option<String>,
        profile: Option<String>,
    },
    /// `TWILIO_ACCOUNT_SID` with `TWILIO_AUTH_TOKEN` from the environment.
    EnvAuthToken {
        account_sid: String,
        auth_token: Secret,
        region: Option<String>,
        edge: Option<String>,
    },
}

impl Resolved {
    pub fn source(&self) -> CredentialSource {
        match self {
            Resolved::Profile {
                source: ProfileSource::Flag,
                ..
            } => CredentialSource::Flag,
            Resolved::Profile {
                source: ProfileSource::Directory(_),
                ..
            } => CredentialSource::Directory,
            Resolved::Profile {
                source: ProfileSource::Active,
                ..
            } => CredentialSource::Active,
            Resolved::EnvKey { .. } | Resolved::EnvAuthToken { .. } => CredentialSource::Env,
        }
    }

    /// The profile these credentials belong to, if any.
    pub fn profile_id(&self) -> Option<&str> {
        match self {
            Resolved::Profile { id, .. } => Some(id),
            Resolved::EnvKey { profile, .. } => profile.as_deref(),
            Resolved::EnvAuthToken { .. } => None,
        }
    }

    pub fn account_sid(&self) -> &str {
        match self {
            Resolved::Profile { profile, .. } => &profile.account_sid,
            Resolved::EnvKey { account_sid, .. } | Resolved::EnvAuthToken { account_sid, .. } => {
                account_sid
            }
        }
    }

    /// The API key, or `None` for Auth Token credentials.
    pub fn api_key(&self) -> Option<&str> {
        match self {
            Resolved::Profile { profile, .. } => Some(&profile.api_key),
            Resolved::EnvKey { api_key, .. } => Some(api_key),
            Resolved::EnvAuthToken { .. } => None,
        }
    }

    pub fn region(&self) -> Option<&str> {
        match self {
            Resolved::Profile { profile, .. } => profile.region.as_deref(),
            Resolved::EnvKey { region, .. } | Resolved::EnvAuthToken { region, .. } => {
                region.as_deref()
            }
        }
    }

    pub fn edge(&self) -> Option<&str> {
        match self {
            Resolved::Profile { profile, .. } => profile.edge.as_deref(),
            Resolved::EnvKey { edge, .. } | Resolved::EnvAuthToken { edge, .. } => edge.as_deref(),
        }
    }

    /// What `current` shows: the identity, never a secret (DESIGN §2).
    pub fn view(&self) -> View<'_> {
        View {
            source: self.source(),
            profile: self.profile_id(),
            account_sid: self.account_sid(),
            api_key: self.api_key(),
            region: self.region(),
            edge: self.edge(),
            pin_file: match self {
                Resolved::Profile {
                    source: ProfileSource::Directory(file),
                    ..
                } => Some(file),
                _ => None,
            },
        }
    }
}

/// The fields of `current -o json`.
#[derive(Debug, Serialize)]
pub struct View<'a> {
    pub source: CredentialSource,
    pub profile: Option<&'a str>,
    pub account_sid: &'a str,
    pub api_key: Option<&'a str>,
    pub region: Option<&'a str>,
    pub edge: Option<&'a str>,
    /// The pin's absolute path, for source `directory` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pin_file: Option<&'a std::path::Path>,
}

/// What a resolution found, and what the user should be told about it.
#[derive(Debug)]
pub struct Resolution {
    pub found: Option<Resolved>,
    pub warnings: Vec<String>,
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

/// DESIGN §2's order. An unknown `-p` profile or an unusable active profile
/// is an error; finding nothing at all is `found: None`.
#[cfg(test)]
pub fn resolve(config: &Config, flag: Option<&str>, env: &Env) -> Result<Resolution> {
    resolve_with_pin(config, flag, env, None)
}

/// `resolve`, with the pin that applies in the working directory (step 3).
pub fn resolve_with_pin(
    config: &Config,
    flag: Option<&str>,
    env: &Env,
    pin: Option<&crate::pin::Lookup>,
) -> Result<Resolution> {
    if let Some(id) = flag {
        let found = from_profile(config, id, ProfileSource::Flag)?;
        return Ok(Resolution {
            found: Some(found),
            warnings: Vec::new(),
        });
    }
    let Resolution {
        found,
        mut warnings,
    } = resolve_env(identities(config), env)?;
    if found.is_some() {
        return Ok(Resolution { found, warnings });
    }
    if let Some((id, file)) = pin.and_then(|p| crate::pin::applying(p, config, &mut warnings)) {
        let found = from_profile(config, &id, ProfileSource::Directory(file))?;
        return Ok(Resolution {
            found: Some(found),
            warnings,
        });
    }
    let found = match &config.active {
        Some(id) => Some(
            from_profile(config, id, ProfileSource::Active)
                .map_err(|e| e.noted("The active profile in the config is unusable."))?,
        ),
        None => None,
    };
    Ok(Resolution { found, warnings })
}

/// The error for a resolution that found nothing.
pub fn no_credentials() -> Error {
    Error::runtime(
        "no Twilio credentials: use one of\n  \
         - `-p ID` on the command line (profiles: `twenv list`, new ones: `twenv login`),\n  \
         - the environment: TWILIO_ACCOUNT_SID with TWILIO_API_KEY and TWILIO_API_SECRET \
         (e.g. `twenv use ID` in this shell),\n  \
         - an active profile: `twenv use --global ID`.",
    )
}

fn from_profile(config: &Config, id: &str, source: ProfileSource) -> Result<Resolved> {
    crate::validate::profile_id(id)?;
    Ok(Resolved::Profile {
        source,
        id: id.to_string(),
        profile: config.profile(id)?.clone(),
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

/// Credentials from the environment alone; a warning names what is missing
/// from an incomplete set, or discourages an Auth Token. A region or edge
/// that is not one (it would go into the API host) is an error.
pub fn resolve_env<'a>(
    profiles: impl Iterator<Item = Identity<'a>>,
    env: &Env,
) -> Result<Resolution> {
    let sid = env.var("TWILIO_ACCOUNT_SID");
    let key = env.var("TWILIO_API_KEY");
    let secret = env.var("TWILIO_API_SECRET");
    let token = env.var("TWILIO_AUTH_TOKEN");
    // Region and edge matter (and are checked) only with credentials.
    let places = || -> Result<(Option<String>, Option<String>)> {
        Ok((
            env_place(env, "TWILIO_REGION", "region")?,
            env_place(env, "TWILIO_EDGE", "edge")?,
        ))
    };
    let (found, warning) = match (sid, key, secret, token) {
        (Some(account_sid), Some(api_key), Some(secret), _) => {
            let (region, edge) = places()?;
            let profile = matching_profile(profiles, env, &account_sid, &api_key);
            let found = Resolved::EnvKey {
                account_sid,
                api_key,
                secret: Secret::new(secret),
                region,
                edge,
                profile,
            };
            (Some(found), None)
        }
        (Some(account_sid), None, None, Some(token)) => {
            let (region, edge) = places()?;
            let found = Resolved::EnvAuthToken {
                account_sid,
                auth_token: Secret::new(token),
                region,
                edge,
            };
            let warning = "using TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN from the environment; \
                 the Auth Token is the account's master credential — prefer an API key \
                 (`twenv login`)";
            (Some(found), Some(warning.to_string()))
        }
        (None, None, None, None) => (None, None),
        (sid, key, secret, token) => {
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
            let warning = format!(
                "ignoring incomplete Twilio credentials in the environment: {} not set",
                missing.join(", ")
            );
            (None, Some(warning))
        }
    };
    Ok(Resolution {
        found,
        warnings: warning.into_iter().collect(),
    })
}

/// `TWILIO_REGION` / `TWILIO_EDGE`, held to the rule of `--region` / `--edge`.
fn env_place(env: &Env, name: &str, what: &str) -> Result<Option<String>> {
    match env.var(name) {
        Some(value) => {
            crate::validate::region_or_edge(what, &value)
                .map_err(|e| e.noted(format!("(from {name} in the environment)")))?;
            Ok(Some(value))
        }
        None => Ok(None),
    }
}

/// The profile this shell uses (`current` in `list`, DESIGN §4): the one the
/// environment's credentials came from when there are any, else the one
/// `TWENV_PROFILE` names. `list` and `current` both ask this.
pub fn shell_profile<'a>(
    from_env: Option<&Resolved>,
    mut ids: impl Iterator<Item = &'a str>,
    env: &Env,
) -> Option<String> {
    match from_env {
        Some(found) => found.profile_id().map(str::to_string),
        None => env
            .var("TWENV_PROFILE")
            .filter(|named| ids.any(|id| id == named)),
    }
}

/// The profile the environment's credentials came from: the one `TWENV_PROFILE`
/// names if it matches, else the first profile with the same Account SID and API key.
fn matching_profile<'a>(
    profiles: impl Iterator<Item = Identity<'a>>,
    env: &Env,
    account_sid: &str,
    api_key: &str,
) -> Option<String> {
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
            storage: crate::config::Storage::File,
            secret_command: None,
            env: Default::default(),
            key: Default::default(),
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

    fn found(config: &Config, flag: Option<&str>, env: &Env) -> (Resolved, Vec<String>) {
        let Resolution { found, warnings } = resolve(config, flag, env).unwrap();
        (found.expect("credentials"), warnings)
    }

    #[test]
    fn flag_beats_env_beats_active() {
        let env = Env::from_pairs(&[
            ("TWILIO_ACCOUNT_SID", AC),
            ("TWILIO_API_KEY", "SKx"),
            ("TWILIO_API_SECRET", "s"),
        ]);
        let (r, _) = found(&config(), Some("dev"), &env);
        assert_eq!(
            (r.source(), r.profile_id()),
            (CredentialSource::Flag, Some("dev"))
        );
        let (r, _) = found(&config(), None, &env);
        assert_eq!((r.source(), r.profile_id()), (CredentialSource::Env, None));
        let (r, _) = found(&config(), None, &Env::from_pairs(&[]));
        assert_eq!(
            (r.source(), r.profile_id()),
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
        let (r, _) = found(&config(), None, &env);
        assert_eq!(r.profile_id(), Some("dev"));
    }

    #[test]
    fn incomplete_env_warns_with_the_missing_name() {
        let env = Env::from_pairs(&[("TWILIO_ACCOUNT_SID", AC), ("TWILIO_API_KEY", SK)]);
        let (r, warnings) = found(&config(), None, &env);
        assert_eq!(r.source(), CredentialSource::Active);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("TWILIO_API_SECRET"), "{warnings:?}");
    }

    #[test]
    fn auth_token_is_allowed_but_warned() {
        let env = Env::from_pairs(&[("TWILIO_ACCOUNT_SID", AC), ("TWILIO_AUTH_TOKEN", "t")]);
        let (r, warnings) = found(&config(), None, &env);
        assert!(matches!(r, Resolved::EnvAuthToken { .. }), "{r:?}");
        assert_eq!((r.source(), r.api_key()), (CredentialSource::Env, None));
        assert!(warnings[0].contains("TWILIO_AUTH_TOKEN"));
    }

    #[test]
    fn nothing_at_all_is_an_error() {
        let mut c = config();
        c.active = None;
        assert!(
            resolve(&c, None, &Env::from_pairs(&[]))
                .unwrap()
                .found
                .is_none()
        );
        assert_eq!(no_credentials().exit_code(), 1);
    }

    #[test]
    fn list_and_current_agree_on_the_shell_profile() {
        // TWENV_PROFILE names one profile, the credentials are another's.
        let env = Env::from_pairs(&[
            ("TWILIO_ACCOUNT_SID", AC),
            ("TWILIO_API_KEY", SK),
            ("TWILIO_API_SECRET", "s"),
            ("TWENV_PROFILE", "other"),
        ]);
        let (r, _) = found(&config(), None, &env);
        let c = config();
        let ids = c.profiles.keys().map(String::as_str);
        assert_eq!(
            shell_profile(Some(&r), ids, &env).as_deref(),
            r.profile_id()
        );
        assert_eq!(r.profile_id(), Some("dev"));
        let only_named = Env::from_pairs(&[("TWENV_PROFILE", "other")]);
        let ids = c.profiles.keys().map(String::as_str);
        assert_eq!(
            shell_profile(None, ids, &only_named).as_deref(),
            Some("other")
        );
    }
}
