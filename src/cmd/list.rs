//! `list`: profiles as a table, TSV or JSON (DESIGN §4, §10). Never a secret.

use serde::Serialize;

use super::Context;
use crate::cli::OutputFormat;
use crate::config::Listing;
use crate::error::Result;
use crate::output::{self, Table};
use crate::resolve::{self, Env, Identity};
use crate::ui;

pub const ENV_ROW_ID: &str = "[env]";

/// One row, borrowed from the config: with a thousand profiles, copying
/// every string would cost more than printing them.
#[derive(Debug, Serialize)]
struct Row<'a> {
    id: &'a str,
    account_sid: &'a str,
    api_key: Option<&'a str>,
    region: Option<&'a str>,
    edge: Option<&'a str>,
    storage: &'a str,
    active: bool,
    current: bool,
}

pub fn run(ctx: &Context) -> Result<()> {
    ctx.config_dir()?
        .with_listing(|listing| print(ctx, listing))
}

fn print(ctx: &Context, listing: &Listing<'_>) -> Result<()> {
    let env = Env::process();
    let identities = listing.profiles.iter().map(|p| Identity {
        id: p.id,
        account_sid: p.account_sid,
        api_key: p.api_key,
    });
    let from_env = resolve::resolve_env(identities, &env);
    for w in from_env.as_ref().map(|r| &r.warnings).into_iter().flatten() {
        ui::warn(w);
    }

    // The profile this shell uses: credentials from the environment that match
    // no profile make an `[env]` row; otherwise TWENV_PROFILE, else the match.
    let mut rows = Vec::with_capacity(listing.profiles.len() + 1);
    let current = match &from_env {
        Some(r) if r.profile.is_none() => {
            rows.push(Row {
                id: ENV_ROW_ID,
                account_sid: &r.account_sid,
                api_key: r.api_key.as_deref(),
                region: r.region.as_deref(),
                edge: r.edge.as_deref(),
                storage: "env",
                active: false,
                current: true,
            });
            None
        }
        _ => env
            .var("TWENV_PROFILE")
            .filter(|id| listing.profiles.iter().any(|p| p.id == id))
            .or_else(|| from_env.as_ref().and_then(|r| r.profile.clone())),
    };
    for p in &listing.profiles {
        rows.push(Row {
            id: p.id,
            account_sid: p.account_sid,
            api_key: Some(p.api_key),
            region: p.region,
            edge: p.edge,
            storage: p.storage.as_str(),
            active: listing.active == Some(p.id),
            current: current.as_deref() == Some(p.id),
        });
    }

    let text = match ctx.output() {
        OutputFormat::Json => return output::print_json(&rows),
        format => {
            if rows.is_empty() && format == OutputFormat::Columns {
                ui::info("No profiles yet. Create one with `twenv login`.");
                return Ok(());
            }
            let mark = |yes: bool, text: &'static str| yes.then_some(text);
            Table {
                header: vec![
                    "ID",
                    "ACCOUNT SID",
                    "API KEY",
                    "REGION",
                    "EDGE",
                    "STORAGE",
                    "ACTIVE",
                    "CURRENT",
                ],
                rows: rows
                    .into_iter()
                    .map(|r| {
                        [
                            Some(r.id),
                            Some(r.account_sid),
                            r.api_key,
                            r.region,
                            r.edge,
                            Some(r.storage),
                            mark(r.active, "active"),
                            mark(r.current, "current"),
                        ]
                        .map(|cell| cell.map(str::to_string))
                        .to_vec()
                    })
                    .collect(),
            }
            .render(format)
        }
    };
    ui::print_stdout(&text)
}
