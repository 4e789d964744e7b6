//! `import`: bring the official Twilio CLI's profiles over (DESIGN §12).
//! Everything in the CLI's file is checked as if the user had typed it; a
//! bad entry is a `skipped` row, never a crash. Each profile goes through
//! `login::commit_profile`, so it is saved whole or not at all.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::Context;
use super::login;
use crate::cli::{ImportArgs, OutputFormat};
use crate::config::{Config, ConfigDir, Profile, READ_ONLY_STORE_HINT, Storage};
use crate::error::{Error, Result};
use crate::keyring_search::{self, Found};
use crate::output::{self, Table, column};
use crate::store::SecretStore;
use crate::twilio_cli::{self, CliConfig, Entry};
use crate::{ui, validate};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Imported,
    Unchanged,
    Skipped,
    Failed,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Imported => "imported",
            Status::Unchanged => "unchanged",
            Status::Skipped => "skipped",
            Status::Failed => "failed",
        }
    }
}

/// One report row per CLI profile (`-o json`: `{id, status, reason}`).
#[derive(Debug, Serialize)]
struct Row {
    id: String,
    status: Status,
    reason: Option<String>,
}

/// A profile that passed every check and is ready to be committed.
struct Plan {
    id: String,
    profile: Profile,
    secret: String,
    replace: bool,
    legacy: bool,
}

// One per CLI profile, for the length of one command: boxing the plans
// would save nothing worth an indirection.
#[allow(clippy::large_enum_variant)]
enum Decision {
    Done(Row),
    Import(Plan),
}

fn row(id: &str, status: Status, reason: impl Into<String>) -> Decision {
    Decision::Done(Row {
        id: id.to_string(),
        status,
        reason: Some(reason.into()),
    })
}

pub fn run(ctx: &Context, args: ImportArgs) -> Result<()> {
    let from = twilio_cli::locate(args.from.as_deref())?;
    let cli = CliConfig::read(&from)?.ok_or_else(|| {
        Error::runtime(format!(
            "there is no Twilio CLI config at {}; pass --from DIR (the directory of the \
             CLI's config.json) or set TWILIO_CONFIG_DIR",
            from.join(twilio_cli::FILE).display()
        ))
    })?;
    let dir = ctx.config_dir()?;
    let existing = dir.load()?;
    let storage = login::storage(args.storage)?;
    if !storage.is_writable() {
        return Err(Error::usage(format!(
            "import stores the CLI's secrets, and a password manager's vault is not for \
             twenv to write: {READ_ONLY_STORE_HINT}"
        )));
    }
    let keytar = legacy_secrets(&cli.entries);

    let mut seen = BTreeSet::new();
    let decisions: Vec<Decision> = cli
        .entries
        .iter()
        .map(|entry| {
            if !seen.insert(entry.id.clone()) {
                return row(
                    &entry.id,
                    Status::Skipped,
                    "a second entry of the same ID, which the Twilio CLI never reaches",
                );
            }
            decide(entry, &keytar, &existing, &dir, storage, args.force)
        })
        .collect();

    let rows = if args.dry_run {
        decisions.into_iter().map(dry_run_row).collect()
    } else {
        commit_all(&dir, decisions)
    };
    print_report(ctx.output(), &rows)?;

    let in_twenv: Vec<&Row> = rows
        .iter()
        .filter(|r| matches!(r.status, Status::Imported | Status::Unchanged))
        .collect();
    adopt_active(&dir, &existing, &cli, &in_twenv, args.dry_run)?;

    let failed = rows.iter().filter(|r| r.status == Status::Failed).count();
    if args.scrub {
        if failed > 0 {
            ui::warn(format!(
                "{} was not scrubbed: not every profile could be imported",
                cli.path.display()
            ));
        } else {
            scrub(&cli, &in_twenv, args.dry_run)?;
        }
    } else if !args.dry_run && !in_twenv.is_empty() {
        let left = cli.plaintext_secrets();
        if !left.is_empty() {
            ui::info(format!(
                "The Twilio CLI's {} still holds these API secrets in plain text; \
                 `twenv import --scrub` removes the imported ones.",
                cli.path.display()
            ));
        }
    }
    if cli.require_profile_input {
        ui::warn(REQUIRE_PROFILE_INPUT);
    }
    if failed > 0 {
        return Err(Error::runtime(format!(
            "{failed} of {} profiles could not be imported (see the report)",
            rows.len()
        )));
    }
    Ok(())
}

pub const REQUIRE_PROFILE_INPUT: &str = "the Twilio CLI's config sets requireProfileInput: the \
CLI then ignores TWILIO_* variables (from `twenv use` or `twenv exec`) and insists on `-p`; \
turn it off with `twilio config:set --no-require-profile-input`";

/// The keyring's answer for every legacy project (one connection for all);
/// a store that cannot be asked is every project's reason.
fn legacy_secrets(entries: &[Entry]) -> Result<BTreeMap<String, Found>, String> {
    let ids: Vec<String> = entries
        .iter()
        .filter(|e| e.legacy && e.problem.is_none() && validate::is_profile_id(&e.id))
        .map(|e| e.id.clone())
        .collect();
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    let found = keyring_search::keytar_items(&ids).map_err(|e| first_line(&e.to_string()))?;
    Ok(ids.into_iter().zip(found).collect())
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_string()
}

/// Every check of one CLI profile, in the order a user would fix them.
fn decide(
    entry: &Entry,
    keytar: &Result<BTreeMap<String, Found>, String>,
    existing: &Config,
    dir: &ConfigDir,
    storage: Storage,
    force: bool,
) -> Decision {
    let id = entry.id.as_str();
    let skip = |reason: String| row(id, Status::Skipped, reason);
    if let Some(problem) = &entry.problem {
        return skip(problem.clone());
    }
    if !validate::is_profile_id(id) {
        return skip(format!(
            "twenv cannot use this ID: {}",
            validate::PROFILE_ID_RULE
        ));
    }
    let Some(account_sid) = entry.account_sid.as_deref() else {
        return skip("no accountSid".to_string());
    };
    if let Err(e) = validate::account_sid(account_sid) {
        return skip(e.to_string());
    }
    let mut region_edge = [("region", &entry.region), ("edge", &entry.edge)]
        .into_iter()
        .map(|(what, value)| match value {
            Some(v) => validate::region_or_edge(what, v).map(|v| Some(v.to_string())),
            None => Ok(None),
        });
    let (region, edge) = match (region_edge.next(), region_edge.next()) {
        (Some(Ok(region)), Some(Ok(edge))) => (region, edge),
        (Some(Err(e)), _) | (_, Some(Err(e))) => return skip(e.to_string()),
        _ => unreachable!("two items were mapped"),
    };
    let key_and_secret = if entry.legacy {
        legacy_key_and_secret(id, keytar)
    } else {
        match (&entry.api_key, &entry.api_secret) {
            (None, _) => Err("no apiKey".to_string()),
            (Some(key), Some(secret)) => Ok((key.clone(), Some(secret.clone()))),
            // A scrubbed profile: fine when twenv already has it.
            (Some(key), None) => Ok((key.clone(), None)),
        }
    };
    let (api_key, secret) = match key_and_secret {
        Ok(found) => found,
        Err(reason) => return skip(reason),
    };
    if let Err(e) = validate::api_key_sid(&api_key) {
        return skip(e.to_string());
    }
    if let Some(secret) = &secret
        && validate::api_secret(secret).is_err()
    {
        // The rule, never the value.
        return skip(
            "its apiSecret is empty or holds a NUL byte or a line break, which no API secret has"
                .to_string(),
        );
    }

    let old = existing.profiles.get(id);
    let same_identity = old.is_some_and(|o| {
        o.account_sid == account_sid && o.api_key == api_key && o.region == region && o.edge == edge
    });
    // A password manager's command is not run to compare: it may prompt.
    let stored_secret = |o: &Profile| {
        o.storage
            .is_writable()
            .then(|| SecretStore::open(o.storage, dir).get(&o.api_key).ok())
            .flatten()
            .flatten()
    };
    let Some(secret) = secret else {
        return match old {
            Some(o) if same_identity && stored_secret(o).is_some() => row(
                id,
                Status::Unchanged,
                "already in twenv (the CLI's copy of the secret was scrubbed)",
            ),
            _ => skip(
                "no apiSecret in the Twilio CLI's config, and twenv does not have it".to_string(),
            ),
        };
    };
    let replace = match old {
        None => false,
        Some(o) if same_identity && stored_secret(o).as_deref() == Some(secret.as_str()) => {
            return row(id, Status::Unchanged, "twenv has the same profile");
        }
        Some(_) if force => true,
        Some(_) => {
            return skip(format!(
                "twenv already has a different profile '{id}'; --force replaces it"
            ));
        }
    };
    Decision::Import(Plan {
        id: id.to_string(),
        profile: Profile {
            account_sid: account_sid.to_string(),
            api_key,
            region,
            edge,
            storage,
            secret_command: None,
            env: Default::default(),
            key: Default::default(),
            other: Default::default(),
        },
        secret,
        replace,
        legacy: entry.legacy,
    })
}

/// A legacy project's `SK…|secret` from the keytar item.
fn legacy_key_and_secret(
    id: &str,
    keytar: &Result<BTreeMap<String, Found>, String>,
) -> Result<(String, Option<String>), String> {
    let found = match keytar {
        Ok(found) => found.get(id).cloned().unwrap_or(Found::Nothing),
        Err(e) => return Err(e.clone()),
    };
    match found {
        Found::Nothing => Err(format!(
            "a legacy project, and the keyring has no secret for it (service twilio-cli, \
             account {id})"
        )),
        Found::Locked => Err(
            "a legacy project whose secret is in a locked keyring; unlock it and run again"
                .to_string(),
        ),
        Found::Unlocked(value) => match value.as_deref().and_then(|v| v.split_once('|')) {
            Some((key, secret)) => Ok((key.to_string(), Some(secret.to_string()))),
            None => Err(
                "a legacy project whose keyring entry is not the CLI's `SK…|secret`".to_string(),
            ),
        },
    }
}

fn plan_reason(plan: &Plan) -> Option<String> {
    match (plan.replace, plan.legacy) {
        (true, _) => Some("replaced twenv's profile of the same ID".to_string()),
        (false, true) => Some("a legacy project; its secret came from the keyring".to_string()),
        (false, false) => None,
    }
}

fn dry_run_row(decision: Decision) -> Row {
    match decision {
        Decision::Done(row) => row,
        Decision::Import(plan) => Row {
            reason: Some(match plan_reason(&plan) {
                Some(r) => format!("dry run: would be imported; {r}"),
                None => "dry run: would be imported".to_string(),
            }),
            id: plan.id,
            status: Status::Imported,
        },
    }
}

fn commit_all(dir: &ConfigDir, decisions: Vec<Decision>) -> Vec<Row> {
    let mut probed: Vec<(Storage, Result<(), String>)> = Vec::new();
    decisions
        .into_iter()
        .map(|decision| {
            let plan = match decision {
                Decision::Done(row) => return row,
                Decision::Import(plan) => plan,
            };
            // A store that cannot be reached is said once, in full, and is
            // each profile's reason in short.
            let storage = plan.profile.storage;
            if !probed.iter().any(|(s, _)| *s == storage) {
                let reachable = SecretStore::open(storage, dir).probe().map_err(|e| {
                    ui::warn(e.to_string());
                    first_line(&e.to_string())
                });
                probed.push((storage, reachable));
            }
            let reachable = probed.iter().find(|(s, _)| *s == storage).map(|(_, r)| r);
            let result = match reachable.expect("probed just above") {
                Ok(()) => login::commit_profile(
                    dir,
                    &plan.id,
                    plan.profile.clone(),
                    &plan.secret,
                    plan.replace,
                )
                .map(drop)
                .map_err(|e| first_line(&e.to_string())),
                Err(e) => Err(e.clone()),
            };
            match result {
                Ok(()) => Row {
                    reason: plan_reason(&plan),
                    id: plan.id,
                    status: Status::Imported,
                },
                Err(reason) => Row {
                    id: plan.id,
                    status: Status::Failed,
                    reason: Some(reason),
                },
            }
        })
        .collect()
}

fn print_report(format: OutputFormat, rows: &[Row]) -> Result<()> {
    match format.text() {
        None => output::print_json(&rows),
        Some(format) => ui::print_stdout(
            &Table {
                header: vec![
                    column("ID", "id"),
                    column("STATUS", "status"),
                    column("REASON", "reason"),
                ],
                rows: rows
                    .iter()
                    .map(|r| {
                        vec![
                            Some(shown_id(&r.id)),
                            Some(r.status.as_str().to_string()),
                            r.reason.clone(),
                        ]
                    })
                    .collect(),
            }
            .render(format, output::fit_width(false)),
        ),
    }
}

/// An ID twenv refused may hold anything, terminal escapes too.
fn shown_id(id: &str) -> String {
    if validate::is_profile_id(id) {
        id.to_string()
    } else {
        validate::quote_for_message(id)
    }
}

/// The CLI's active profile becomes twenv's when twenv has none.
fn adopt_active(
    dir: &ConfigDir,
    existing: &Config,
    cli: &CliConfig,
    in_twenv: &[&Row],
    dry_run: bool,
) -> Result<()> {
    let Some(active) = cli.active.as_deref() else {
        return Ok(());
    };
    if existing.active.is_some() || !in_twenv.iter().any(|r| r.id == active) {
        return Ok(());
    }
    if dry_run {
        ui::info(format!(
            "Dry run: '{active}', the Twilio CLI's active profile, would become twenv's active one."
        ));
        return Ok(());
    }
    let adopted = dir.update(|config| {
        let free = config.active.is_none() && config.profiles.contains_key(active);
        if free {
            config.active = Some(active.to_string());
        }
        Ok(free)
    })?;
    if adopted {
        ui::info(format!(
            "'{active}', the Twilio CLI's active profile, is now twenv's active profile."
        ));
    }
    Ok(())
}

fn scrub(cli: &CliConfig, in_twenv: &[&Row], dry_run: bool) -> Result<()> {
    let ids: BTreeSet<String> = in_twenv.iter().map(|r| r.id.clone()).collect();
    let text = String::from_utf8_lossy(&cli.bytes);
    let scrubbed = twilio_cli::without_secrets(&text, &ids)
        .map_err(|e| Error::runtime(format!("cannot scrub {}: {e}", cli.path.display())))?;
    let Some(scrubbed) = scrubbed else {
        ui::info(format!(
            "{} holds no secret of an imported profile; nothing to scrub.",
            cli.path.display()
        ));
        return Ok(());
    };
    let scrubbed_ids: Vec<&str> = cli
        .plaintext_secrets()
        .into_iter()
        .filter(|id| ids.contains(*id))
        .collect();
    if dry_run {
        ui::info(format!(
            "Dry run: --scrub would remove the apiSecret of {} from {}.",
            scrubbed_ids.join(", "),
            cli.path.display()
        ));
        return Ok(());
    }
    twilio_cli::replace_unchanged(cli, &scrubbed)?;
    let example = scrubbed_ids.first().copied().unwrap_or("ID");
    ui::info(format!(
        "Removed the API secrets of {} from {}.\n\
         The Twilio CLI now gets these credentials from twenv:\n  \
         twenv use {example}        then `twilio …` in this shell (without -p), or\n  \
         twenv exec -p {example} -- twilio …\n\
         `twilio … -p {example}` no longer works: the CLI's own copy has no secret now.",
        scrubbed_ids.join(", "),
        cli.path.display()
    ));
    let kept = cli
        .plaintext_secrets()
        .into_iter()
        .filter(|id| !ids.contains(*id))
        .collect::<Vec<_>>();
    if !kept.is_empty() {
        ui::info(format!(
            "Kept the secrets of {} (not in twenv; see the report).",
            kept.join(", ")
        ));
    }
    Ok(())
}
