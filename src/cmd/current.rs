//! `current`: which credentials a command would use now, and why (DESIGN §2).

use super::Context;
use crate::cli::{CurrentArgs, OutputFormat};
use crate::error::{Error, Result};
use crate::output::{self, Table};
use crate::resolve::{self, Resolved, SecretSource};
use crate::store::SecretStore;
use crate::twilio::{self, Credentials};
use crate::ui;

pub fn run(ctx: &Context, args: CurrentArgs) -> Result<()> {
    let resolved = ctx.resolve()?.resolved;
    let text = match ctx.output() {
        OutputFormat::Json => output::json(&resolved)?,
        format => Table {
            header: vec![
                "SOURCE",
                "PROFILE",
                "ACCOUNT SID",
                "API KEY",
                "REGION",
                "EDGE",
            ],
            rows: vec![vec![
                Some(source_name(resolved.source).to_string()),
                resolved.profile.clone(),
                Some(resolved.account_sid.clone()),
                resolved
                    .api_key
                    .clone()
                    .or_else(|| Some("(auth token)".to_string())),
                resolved.region.clone(),
                resolved.edge.clone(),
            ]],
        }
        .render(format),
    };
    ui::print_stdout(&text)?;
    if args.verify {
        verify(ctx, &resolved)?;
    }
    Ok(())
}

/// Fetches the account with the resolved credentials: the cheapest call that
/// proves the key (or token) and secret work for this account.
fn verify(ctx: &Context, resolved: &Resolved) -> Result<()> {
    let secret = match &resolved.secret {
        SecretSource::Store(storage) => {
            let dir = ctx.config_dir()?;
            let api_key = resolved.api_key.as_deref().unwrap_or_default();
            let store = SecretStore::open(*storage, &dir);
            store.get(api_key)?.ok_or_else(|| {
                Error::runtime(format!(
                    "the secret of API key {api_key} is missing from {}; log in again \
                     (`twenv login -p {} --force`)",
                    store.describe(),
                    resolved.profile.as_deref().unwrap_or("ID")
                ))
            })?
        }
        SecretSource::EnvApiSecret => env_secret("TWILIO_API_SECRET")?,
        SecretSource::EnvAuthToken => env_secret("TWILIO_AUTH_TOKEN")?,
    };
    let username = resolved.api_key.as_deref().unwrap_or(&resolved.account_sid);
    let auth = Credentials {
        username,
        password: &secret,
    };
    let client = twilio::Client::new(resolved.region.as_deref(), resolved.edge.as_deref())?;
    match client.fetch_account(&resolved.account_sid, &auth) {
        Ok(account) => {
            ui::info(format!(
                "The credentials work: Twilio answered for account {}{}.",
                account.sid,
                account
                    .friendly_name
                    .filter(|n| !n.is_empty())
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default()
            ));
            Ok(())
        }
        Err(e) => Err(Error::runtime(format!("the credentials do not work: {e}"))),
    }
}

fn env_secret(name: &str) -> Result<String> {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .ok_or_else(|| Error::runtime(format!("{name} is not set")))
}

fn source_name(source: resolve::CredentialSource) -> &'static str {
    match source {
        resolve::CredentialSource::Flag => "flag",
        resolve::CredentialSource::Env => "env",
        resolve::CredentialSource::Active => "active",
    }
}
