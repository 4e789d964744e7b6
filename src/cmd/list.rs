//! `list`: profiles as a table, TSV or JSON (DESIGN §4, §10). Never a secret.

use serde::Serialize;

use super::Context;
use crate::cli::ListArgs;
use crate::cli::OutputFormat;
use crate::config::Listing;
use crate::error::Result;
use crate::output::{self, Table, TextFormat, column};
use crate::resolve::{self, Env, Identity, Resolution};
use crate::ui;

pub const ENV_ROW_ID: &str = "[env]";

/// One row, borrowed from the config: with a thousand profiles, copying
/// every string would cost more than printing them.
#[derive(Debug, Serialize)]
struct Row<'a> {
    id: &'a str,
    /// `null` only for a broken profile (see `broken_rows`).
    account_sid: Option<Cell<'a>>,
    api_key: Option<Cell<'a>>,
    region: Option<Cell<'a>>,
    edge: Option<Cell<'a>>,
    storage: Option<&'a str>,
    active: bool,
    current: bool,
}

/// A value borrowed from the config, or (the `[env]` row) from the environment.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum Cell<'a> {
    Borrowed(&'a str),
    Owned(String),
}

impl Cell<'_> {
    fn as_str(&self) -> &str {
        match self {
            Cell::Borrowed(s) => s,
            Cell::Owned(s) => s,
        }
    }
}

pub fn run(ctx: &Context, args: ListArgs) -> Result<()> {
    ctx.config_dir()?.with_listing(|listing| {
        let rows = rows(listing, &Env::process());
        print(ctx.output(), output::fit_width(args.wide), rows)
    })
}

/// The profiles, after an `[env]` row when the environment's credentials
/// match none of them; `current` marks the profile this shell uses.
fn rows<'a>(listing: &'a Listing<'a>, env: &Env) -> Vec<Row<'a>> {
    let identities = listing.profiles.iter().map(|p| Identity {
        id: p.id,
        account_sid: p.account_sid,
        api_key: p.api_key,
    });
    // A list is still useful when the environment is wrong: that is a warning here.
    let Resolution { found, warnings } =
        resolve::resolve_env(identities, env).unwrap_or_else(|e| Resolution {
            found: None,
            warnings: vec![e.to_string()],
        });
    for w in &warnings {
        ui::warn(w);
    }
    let current =
        resolve::shell_profile(found.as_ref(), listing.profiles.iter().map(|p| p.id), env);
    let mut rows = Vec::with_capacity(listing.profiles.len() + 1);
    if let Some(found) = found.filter(|f| f.profile_id().is_none()) {
        rows.push(Row {
            id: ENV_ROW_ID,
            account_sid: Some(Cell::Owned(found.account_sid().to_string())),
            api_key: found.api_key().map(|k| Cell::Owned(k.to_string())),
            region: found.region().map(|r| Cell::Owned(r.to_string())),
            edge: found.edge().map(|e| Cell::Owned(e.to_string())),
            storage: Some("env"),
            active: false,
            current: true,
        });
    }
    rows.extend(listing.profiles.iter().map(|p| Row {
        id: p.id,
        account_sid: Some(Cell::Borrowed(p.account_sid)),
        api_key: Some(Cell::Borrowed(p.api_key)),
        region: p.region.map(Cell::Borrowed),
        edge: p.edge.map(Cell::Borrowed),
        storage: Some(p.storage.as_str()),
        active: listing.active == Some(p.id),
        current: current.as_deref() == Some(p.id),
    }));
    if !listing.broken.is_empty() {
        rows.extend(broken_rows(listing));
        rows.sort_by(|a, b| (a.id != ENV_ROW_ID, a.id).cmp(&(b.id != ENV_ROW_ID, b.id)));
    }
    rows
}

/// A profile config.yaml has but twenv cannot use (issue 11): a row of its
/// own, so one hand-edit does not hide the others, with the problem said on
/// stderr. Its row keeps the eight fields, `null` where nothing is known for
/// sure (a bad value is not shown as if it were one); it is never current.
fn broken_rows<'a>(listing: &'a Listing<'a>) -> impl Iterator<Item = Row<'a>> + 'a {
    listing.broken.iter().map(|(id, problem)| {
        ui::warn(format!(
            "{problem}\nProfile '{id}' is listed without its values until then."
        ));
        Row {
            id,
            account_sid: None,
            api_key: None,
            region: None,
            edge: None,
            storage: None,
            active: listing.active == Some(*id),
            current: false,
        }
    })
}

fn print(format: OutputFormat, fit: Option<usize>, rows: Vec<Row<'_>>) -> Result<()> {
    let Some(format) = format.text() else {
        return output::print_json(&rows);
    };
    if rows.is_empty() && format == TextFormat::Columns {
        ui::info("No profiles yet. Create one with `twenv login`.");
        return Ok(());
    }
    let mark = |yes: bool, text: &str| yes.then(|| text.to_string());
    let text = |cell: Option<&Cell<'_>>| cell.map(|c| c.as_str().to_string());
    let table = Table {
        header: vec![
            column("ID", "id"),
            column("ACCOUNT SID", "account_sid"),
            column("API KEY", "api_key"),
            column("REGION", "region"),
            column("EDGE", "edge"),
            column("STORAGE", "storage"),
            column("ACTIVE", "active"),
            column("CURRENT", "current"),
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Some(r.id.to_string()),
                    match (&r.account_sid, format) {
                        (Some(sid), _) => Some(sid.as_str().to_string()),
                        (None, TextFormat::Columns) => Some("(broken: see the warning)".into()),
                        (None, TextFormat::Tsv) => None,
                    },
                    text(r.api_key.as_ref()),
                    text(r.region.as_ref()),
                    text(r.edge.as_ref()),
                    r.storage.map(str::to_string),
                    mark(r.active, "active"),
                    mark(r.current, "current"),
                ]
            })
            .collect(),
    };
    ui::print_stdout(&table.render(format, fit))
}
