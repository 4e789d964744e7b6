//! `show ID`: everything twenv knows about a profile but its secret (issue 11).
//! Reads only the config, never the secret store: it says where the secret
//! lives, not what it is.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Context;
use crate::config::{KeyApi, KeyType, Storage};
use crate::error::Result;
use crate::output::{self, TextFormat};
use crate::resolve::{self, Env, Identity, Resolution};
use crate::store::{CREDENTIALS_FILE, SERVICE};
use crate::ui;

/// The JSON form; the text forms print the same fields in this order.
#[derive(Debug, Serialize)]
struct Shown<'a> {
    id: &'a str,
    account_sid: &'a str,
    api_key: &'a str,
    region: Option<&'a str>,
    edge: Option<&'a str>,
    storage: &'a str,
    /// With `storage: command`: the command that prints the secret.
    secret_command: Option<&'a str>,
    key_type: &'a str,
    key_api: &'a str,
    allow: &'a [String],
    env: &'a BTreeMap<String, String>,
    secret_location: SecretLocation,
    active: bool,
    current: bool,
    /// A trusted `.twenv-profile` here (or above) names this profile (DESIGN §11).
    pinned_here: bool,
    /// That pin file, when `pinned_here`.
    pin_file: Option<String>,
}

/// Where the secret is kept: enough to find it with the store's own tools
/// (`secret-tool lookup service twenv account SK…`, or the file).
#[derive(Debug, Serialize)]
#[serde(tag = "store", rename_all = "lowercase")]
enum SecretLocation {
    Keyring {
        service: &'static str,
        account: String,
    },
    File {
        path: String,
    },
    /// `storage: command`: the password manager's command that prints it.
    Command {
        command: Option<String>,
    },
}

impl SecretLocation {
    fn describe(&self) -> String {
        match self {
            SecretLocation::Keyring { service, account } => {
                format!("keyring: service {service}, account {account}")
            }
            SecretLocation::File { path } => format!("file: {path}"),
            SecretLocation::Command { command } => {
                format!("command: {}", command.as_deref().unwrap_or("(none)"))
            }
        }
    }
}

pub fn run(ctx: &Context, id: Option<String>) -> Result<()> {
    let id = ctx.profile_id(id, "show")?;
    let dir = ctx.config_dir()?;
    let config = dir.load_for_reading()?;
    let profile = config.profile(&id)?;
    let env = Env::process();
    let current = current_profile(&config, &env);
    let secret_location = match profile.storage {
        Storage::Keyring => SecretLocation::Keyring {
            service: SERVICE,
            account: profile.api_key.clone(),
        },
        Storage::File => SecretLocation::File {
            path: dir.dir.join(CREDENTIALS_FILE).display().to_string(),
        },
        Storage::Command => SecretLocation::Command {
            command: profile.secret_command.clone(),
        },
    };
    // Only a pin that would apply counts: trusted, and naming this profile.
    let pin_file = crate::pin::working_dir()
        .and_then(|here| crate::pin::lookup(&dir, &here))
        .filter(|lookup| crate::pin::usable(lookup, &config).as_deref() == Ok(id.as_str()))
        .map(|lookup| lookup.file.display());
    let shown = Shown {
        id: &id,
        account_sid: &profile.account_sid,
        api_key: &profile.api_key,
        region: profile.region.as_deref(),
        edge: profile.edge.as_deref(),
        storage: profile.storage.as_str(),
        secret_command: profile.secret_command.as_deref(),
        key_type: match profile.key.key_type {
            KeyType::Standard => "standard",
            KeyType::Restricted => "restricted",
        },
        key_api: match profile.key.api() {
            KeyApi::V2010 => "2010",
            KeyApi::Iam => "iam",
        },
        allow: &profile.key.allow,
        env: &profile.env,
        secret_location,
        active: config.active.as_deref() == Some(id.as_str()),
        current: current.as_deref() == Some(id.as_str()),
        pinned_here: pin_file.is_some(),
        pin_file,
    };
    match ctx.output().text() {
        None => output::print_json(&shown),
        Some(format) => ui::print_stdout(&text(&shown, format)),
    }
}

/// The profile this shell uses, by the rule `list` uses; a broken
/// environment is `list`'s to warn about, so here it is just "none".
fn current_profile(config: &crate::config::Config, env: &Env) -> Option<String> {
    let identities = config.profiles.iter().map(|(id, p)| Identity {
        id,
        account_sid: &p.account_sid,
        api_key: &p.api_key,
    });
    let found = resolve::resolve_env(identities, env)
        .ok()
        .and_then(|Resolution { found, .. }| found);
    resolve::shell_profile(
        found.as_ref(),
        config.profiles.keys().map(String::as_str),
        env,
    )
}

/// `field  value` lines (TSV: `field<TAB>value` under a header), every value
/// through `ui::printable`: the config is hand-editable.
fn text(shown: &Shown<'_>, format: TextFormat) -> String {
    let yes_no = |b: bool| Some(if b { "yes" } else { "no" }.to_string());
    let some = |v: &str| Some(v.to_string());
    let mut fields: Vec<(String, Option<String>)> = vec![
        ("id".into(), some(shown.id)),
        ("account_sid".into(), some(shown.account_sid)),
        ("api_key".into(), some(shown.api_key)),
        ("region".into(), shown.region.map(str::to_string)),
        ("edge".into(), shown.edge.map(str::to_string)),
        ("storage".into(), some(shown.storage)),
        ("secret".into(), Some(shown.secret_location.describe())),
        ("key_type".into(), some(shown.key_type)),
        ("key_api".into(), some(shown.key_api)),
    ];
    fields.extend(shown.allow.iter().map(|a| ("allow".to_string(), some(a))));
    fields.extend(shown.env.iter().map(|(k, v)| (format!("env.{k}"), some(v))));
    fields.push(("active".into(), yes_no(shown.active)));
    fields.push(("current".into(), yes_no(shown.current)));
    fields.push((
        "pinned_here".into(),
        match &shown.pin_file {
            Some(file) => Some(format!("yes ({file})")),
            None => Some("no".into()),
        },
    ));
    let mut out = String::new();
    let width = fields
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    if format == TextFormat::Tsv {
        out.push_str("field\tvalue\n");
    }
    for (k, v) in &fields {
        let k = ui::printable(k, false);
        let line = match (format, v) {
            (TextFormat::Tsv, v) => format!(
                "{k}\t{}\n",
                ui::printable(v.as_deref().unwrap_or(""), false)
            ),
            (TextFormat::Columns, v) => format!(
                "{k:width$}  {}\n",
                ui::printable(v.as_deref().unwrap_or("-"), false)
            ),
        };
        out.push_str(&line);
    }
    out
}
