//! `current`: which credentials a command would use now, and why (DESIGN §2).

use super::Context;
use crate::cli::CurrentArgs;
use crate::error::{Error, Result};
use crate::output::{self, Table, column};
use crate::resolve::{CredentialSource, Resolved};
use crate::twilio::{self, Credentials};
use crate::{store, ui};

pub fn run(ctx: &Context, args: CurrentArgs) -> Result<()> {
    let resolution = ctx.resolve()?;
    let resolved = &resolution.resolved;
    let view = resolved.view();
    match ctx.output().text() {
        // One rule with `list`: indented on a terminal, compact when piped.
        None => output::print_json(&view)?,
        Some(format) => ui::print_stdout(
            &Table {
                header: vec![
                    column("SOURCE", "source"),
                    column("PROFILE", "profile"),
                    column("ACCOUNT SID", "account_sid"),
                    column("API KEY", "api_key"),
                    column("REGION", "region"),
                    column("EDGE", "edge"),
                ],
                rows: vec![vec![
                    Some(source_name(view.source).to_string()),
                    view.profile.map(str::to_string),
                    Some(view.account_sid.to_string()),
                    Some(view.api_key.unwrap_or("(auth token)").to_string()),
                    view.region.map(str::to_string),
                    view.edge.map(str::to_string),
                ]],
            }
            .render(format, output::fit_width(args.wide)),
        )?,
    }
    if args.verify {
        ui::info(verify(&resolution.dir, resolved)?);
    }
    Ok(())
}

/// Fetches the account with the resolved credentials: the cheapest call that
/// proves the key (or token) and secret work for this account. Returns what
/// to tell the user.
pub(super) fn verify(dir: &crate::config::ConfigDir, resolved: &Resolved) -> Result<String> {
    let stored;
    let (username, password) = match resolved {
        Resolved::Profile { id, profile, .. } => {
            stored = store::secret_of(dir, id, profile)?;
            (profile.api_key.as_str(), stored.expose())
        }
        Resolved::EnvKey {
            api_key, secret, ..
        } => (api_key.as_str(), secret.expose()),
        Resolved::EnvAuthToken {
            account_sid,
            auth_token,
            ..
        } => (account_sid.as_str(), auth_token.expose()),
    };
    let auth = Credentials { username, password };
    let client = twilio::Client::new(resolved.region(), resolved.edge())?;
    let account = client
        .fetch_account(resolved.account_sid(), &auth)
        .map_err(|e| Error::runtime(format!("the credentials do not work: {e}")))?;
    Ok(format!(
        "The credentials work: Twilio answered for account {}{}.",
        account.sid,
        account
            .friendly_name
            .filter(|n| !n.is_empty())
            .map(|n| format!(" ({n})"))
            .unwrap_or_default()
    ))
}

fn source_name(source: CredentialSource) -> &'static str {
    match source {
        CredentialSource::Flag => "flag",
        CredentialSource::Env => "env",
        CredentialSource::Directory => "directory",
        CredentialSource::Active => "active",
    }
}
