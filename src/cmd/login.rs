//! `login`: create or replace a profile (DESIGN §3). Through Twilio's API
//! (the Auth Token, used once, buys an API key) or offline (an API key the
//! user already has); both end in `commit_profile`, the one place where a new
//! profile and its secret are committed.

use super::{Context, keys};
use crate::cli::LoginArgs;
use crate::config::{ConfigDir, KeyOrigin, Profile, READ_ONLY_STORE_HINT, Storage};
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::store::{SecretStore, StoreError, command};
use crate::twilio::{self, Credentials};
use crate::{signals, ui, validate};
use zeroize::Zeroizing;

const NOTICE: &str = "You can find your Account SID and Auth Token at https://console.twilio.com \
(Account Info).\n\
The Auth Token is used once, to create an API key for this profile, and then forgotten: \
twenv keeps only the API key and its secret.";

/// How often a prompt asks again after an invalid answer.
const ATTEMPTS: usize = 3;

pub fn run(ctx: &Context, args: LoginArgs) -> Result<()> {
    if args.api_key.is_some() {
        offline(ctx, args)
    } else {
        through_api(ctx, args)
    }
}

fn offline(ctx: &Context, args: LoginArgs) -> Result<()> {
    let id = match &ctx.global.profile {
        Some(id) => validate::profile_id(id)?.to_string(),
        None => {
            return Err(Error::usage(
                "which profile? pass `-p ID` with --api-key (or leave out --api-key to log in \
                 with the Auth Token and be asked for the rest)",
            ));
        }
    };
    // `run` comes here only with --api-key.
    let api_key = args.api_key.as_deref().unwrap_or_default();
    let account_sid = args
        .account_sid
        .as_deref()
        .ok_or_else(|| Error::usage("--api-key needs --account-sid AC…"))?;
    validate::account_sid(account_sid)?;
    validate::api_key_sid(api_key)?;
    let (region, edge) = region_and_edge(&args)?;
    let storage = match &args.secret_command {
        Some(line) => command_storage(args.storage, line)?,
        None => writable_storage(args.storage, "--api-secret-stdin")?,
    };

    let dir = ctx.config_dir()?;
    let replace = check_replace(&dir, &id, args.force)?;
    let secret = match &args.secret_command {
        Some(line) => check_secret_command(line)?,
        None => {
            // Hidden when stdin is a terminal, as the Auth Token is; wiped when done.
            let secret = Secret::new(ui::read_secret_stdin("API secret")?);
            validate::api_secret(secret.expose())?;
            secret
        }
    };

    let profile = Profile {
        account_sid: account_sid.to_string(),
        api_key: api_key.to_string(),
        region,
        edge,
        storage,
        secret_command: args.secret_command.clone(),
        env: Default::default(),
        key: Default::default(),
        other: Default::default(),
    };
    let replaced = commit_profile(&dir, &id, profile, secret.expose(), replace)?;
    announce(&dir, &id, storage, replaced.is_some());
    Ok(())
}

/// `--secret-command` means `storage: command`; another `--storage` beside
/// it is a contradiction, not a preference to guess at. TWENV_STORAGE names
/// where twenv keeps the secrets it stores itself, so it does not apply.
fn command_storage(flag: Option<Storage>, line: &str) -> Result<Storage> {
    if let Some(other) = flag.filter(|s| *s != Storage::Command) {
        return Err(Error::usage(format!(
            "--secret-command keeps the API secret in a password manager (storage: command), \
             but --storage says {}; leave out one of the two",
            other.as_str()
        )));
    }
    validate::command_words(line).map_err(|reason| {
        Error::usage(format!(
            "--secret-command {}: {reason}",
            validate::quote_for_message(line)
        ))
    })?;
    Ok(Storage::Command)
}

/// A store twenv writes the secret into; `command` needs the command itself.
fn writable_storage(flag: Option<Storage>, source: &str) -> Result<Storage> {
    let storage = storage(flag)?;
    if !storage.is_writable() {
        return Err(Error::usage(format!(
            "--storage command (or TWENV_STORAGE=command) needs --secret-command 'CMD ARGS…', \
             the password manager's command that prints the secret (e.g. \
             `--secret-command 'pass show twilio/dev'`), instead of {source}"
        )));
    }
    Ok(storage)
}

/// Runs the command once, as `use` will, so a typo or a locked vault shows
/// now rather than at the first `use`. Its secret is not kept.
fn check_secret_command(line: &str) -> Result<Secret> {
    command::timeout().map_err(|failure| StoreError::Command {
        command: line.to_string(),
        profile: None,
        failure,
    })?;
    command::fetch(line).map_err(|failure| {
        Error::from(StoreError::Command {
            command: line.to_string(),
            profile: None,
            failure,
        })
        .noted("Nothing was saved.")
    })
}

fn region_and_edge(args: &LoginArgs) -> Result<(Option<String>, Option<String>)> {
    let region = args
        .region
        .as_deref()
        .map(|r| validate::region_or_edge("region", &r.to_ascii_lowercase()).map(str::to_string))
        .transpose()?;
    let edge = args
        .edge
        .as_deref()
        .map(|e| validate::region_or_edge("edge", &e.to_ascii_lowercase()).map(str::to_string))
        .transpose()?;
    Ok((region, edge))
}

/// What a login through the API needs before the first request.
struct Answers {
    id: String,
    account_sid: String,
    auth_token: Zeroizing<String>,
    replace: bool,
}

/// The Auth Token buys an API key: check the account, create the key, commit
/// the profile. Everything is validated before the first request; anything
/// failing after the key exists deletes it again.
fn through_api(ctx: &Context, args: LoginArgs) -> Result<()> {
    let (region, edge) = region_and_edge(&args)?;
    let wanted = wanted_key(&args)?;
    let storage = storage(args.storage)?;
    if !storage.is_writable() {
        return Err(Error::usage(format!(
            "a login with the Auth Token creates a new API key, and its secret has to be \
             stored somewhere: {READ_ONLY_STORE_HINT}"
        )));
    }
    let dir = ctx.config_dir()?;
    // A bad TWENV_API_URL, a missing terminal, or a secret store that cannot
    // be reached is refused before anything is asked or any key made.
    let client = twilio::Client::new(region.as_deref(), edge.as_deref())?;
    let answers = gather(ctx, &dir, &args, storage)?;
    let auth = Credentials {
        username: &answers.account_sid,
        password: &answers.auth_token,
    };
    check_account(&client, &answers.account_sid, &auth)?;
    let (user, host) = twilio::this_user_and_host();
    let key_name = twilio::friendly_name(&user, &host);
    // From here until the key is saved or deleted again, Ctrl-C waits.
    let _whole = signals::Deferred::new();
    let (key, origin) = keys::create(&client, &answers.account_sid, &auth, &key_name, &wanted)?;
    let profile = Profile {
        account_sid: answers.account_sid.clone(),
        api_key: key.sid.clone(),
        region,
        edge,
        storage,
        secret_command: None,
        env: Default::default(),
        key: origin.clone(),
        other: Default::default(),
    };
    let replaced = commit_profile(&dir, &answers.id, profile, &key.secret, answers.replace)
        .map_err(|e| {
            let e = e.noted("Nothing was saved.");
            keys::undo_new_key(&client, &origin, &answers.account_sid, &auth, &key.sid, e)
        })?;
    if let Some(old) = &replaced {
        delete_replaced_key(
            &dir,
            old,
            &key.sid,
            &answers.account_sid,
            &answers.auth_token,
        );
    }
    announce(&dir, &answers.id, storage, replaced.is_some());
    Ok(())
}

/// The key to make: restricted with `--allow`/`--policy` (checked here, before
/// anything is asked or sent), else standard.
fn wanted_key(args: &LoginArgs) -> Result<KeyOrigin> {
    let mut allow = Vec::new();
    if let Some(path) = &args.policy {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::usage(format!("cannot read the policy file {origin}: {e}")))?;
        allow.extend(validate::policy(&text, &origin)?);
    }
    allow.extend(args.allow.iter().cloned());
    if args.policy.is_none() && args.allow.is_empty() {
        return Ok(KeyOrigin::default());
    }
    Ok(KeyOrigin::restricted(validate::permissions(allow)?))
}

/// The ID, Account SID and Auth Token, from stdin or the terminal. Input on
/// stdin is checked first (bad input is exit 2 whatever else is wrong); a
/// person is not made to type a token the store cannot keep.
fn gather(ctx: &Context, dir: &ConfigDir, args: &LoginArgs, storage: Storage) -> Result<Answers> {
    let flag_id = ctx
        .global
        .profile
        .as_deref()
        .map(|id| validate::profile_id(id).map(str::to_string))
        .transpose()?;
    if let Some(sid) = &args.account_sid {
        validate::account_sid(sid)?;
    }
    let prompts = !args.auth_token_stdin;
    if prompts && !ui::interactive() {
        return Err(Error::usage(
            "no terminal to ask on: pass `-p ID --account-sid AC… --auth-token-stdin` with the \
             Auth Token on stdin (or `--api-key SK… --api-secret-stdin` for a key you have)",
        ));
    }
    if let Some(id) = &flag_id {
        refuse_replacing_vault(dir, id, args.storage)?;
    }
    let store = SecretStore::open(storage, dir);
    let account_sid = args.account_sid.clone();
    let answers = if prompts {
        store.probe()?;
        from_prompts(dir, flag_id, account_sid, args.force)?
    } else {
        let answers = from_stdin(dir, flag_id, account_sid, args.force)?;
        store.probe()?;
        answers
    };
    refuse_replacing_vault(dir, &answers.id, args.storage)?;
    Ok(answers)
}

/// A profile whose secret a password manager keeps is not silently moved to
/// the keyring by a login that makes a new key: twenv cannot put that key in
/// the vault. An explicit `--storage` says the move is meant.
fn refuse_replacing_vault(dir: &ConfigDir, id: &str, flag: Option<Storage>) -> Result<()> {
    let config = dir.load()?;
    match config.profiles.get(id) {
        Some(old) if !old.storage.is_writable() && flag.is_none() => Err(Error::usage(format!(
            "profile '{id}' fetches its secret from a password manager (`{}`); a login with \
             the Auth Token would create a new API key, which twenv cannot put in the vault.\n\
             To point the profile at another key, create it in the Twilio Console, save its \
             secret in the vault, and run `twenv login -p {id} --force --account-sid AC… \
             --api-key SK… --secret-command 'CMD ARGS…'`. To move the profile to twenv's own \
             store with a new key, add --storage keyring (or file).",
            old.secret_command.as_deref().unwrap_or_default()
        ))),
        _ => Ok(()),
    }
}

/// The first request: proves the Account SID and Auth Token before a key is made.
fn check_account(client: &twilio::Client, account_sid: &str, auth: &Credentials) -> Result<()> {
    let account = client
        .fetch_account(account_sid, auth)
        .map_err(|e| Error::runtime(format!("cannot log in to account {account_sid}: {e}")))?;
    if let Some(status) = account.status.as_deref().filter(|s| *s != "active") {
        ui::warn(format!("account {} is {status}", account.sid));
    }
    ui::info(format!(
        "Creating an API key in account {account_sid}{}…",
        account
            .friendly_name
            .as_deref()
            .filter(|n| !n.is_empty())
            .map(|n| format!(" ({n})"))
            .unwrap_or_default()
    ));
    Ok(())
}

/// The replaced profile's key is deleted at Twilio once the new one is safe
/// (the official CLI leaves it behind). Failing here loses nothing, so it warns.
fn delete_replaced_key(
    dir: &ConfigDir,
    old: &Profile,
    new_key: &str,
    account_sid: &str,
    auth_token: &str,
) {
    if old.api_key == new_key {
        return;
    }
    if old.account_sid != account_sid {
        ui::warn(format!(
            "the replaced API key {} belongs to account {}, not to the one logged in to; \
             it still exists there (delete it in that account's Console)",
            old.api_key, old.account_sid
        ));
        return;
    }
    let still_used = dir
        .load()
        .map(|c| c.others_using_key("", &old.api_key).next().is_some())
        .unwrap_or(true);
    if still_used {
        ui::info(format!(
            "The replaced API key {} is kept at Twilio: another profile uses it.",
            old.api_key
        ));
        return;
    }
    let auth = Credentials {
        username: account_sid,
        password: auth_token,
    };
    let result = twilio::Client::new(old.region.as_deref(), old.edge.as_deref())
        .map_err(|e| e.to_string())
        .and_then(|c| {
            keys::delete(&c, &old.key, account_sid, &auth, &old.api_key).map_err(|e| e.to_string())
        });
    match result {
        Ok(()) => ui::info(format!(
            "Deleted the replaced API key {} at Twilio.",
            old.api_key
        )),
        Err(e) => ui::warn(format!(
            "the replaced API key {} could not be deleted at Twilio: {e}\n\
             Delete it in the Twilio Console (Account > API keys & tokens).",
            old.api_key
        )),
    }
}

fn from_stdin(
    dir: &ConfigDir,
    flag_id: Option<String>,
    account_sid: Option<String>,
    force: bool,
) -> Result<Answers> {
    let id = flag_id.ok_or_else(|| Error::usage("--auth-token-stdin needs `-p ID`"))?;
    let account_sid =
        account_sid.ok_or_else(|| Error::usage("--auth-token-stdin needs --account-sid AC…"))?;
    let replace = check_replace(dir, &id, force)?;
    let auth_token = Zeroizing::new(ui::read_secret_stdin("Auth Token")?);
    validate::auth_token(&auth_token)?;
    Ok(Answers {
        id,
        account_sid,
        auth_token,
        replace,
    })
}

/// The Twilio CLI's order: Account SID, Auth Token (hidden), identifier.
fn from_prompts(
    dir: &ConfigDir,
    flag_id: Option<String>,
    account_sid: Option<String>,
    force: bool,
) -> Result<Answers> {
    // With -p, an existing profile is settled before any secret is typed.
    let early = match &flag_id {
        Some(id) => Some(check_replace(dir, id, force)?),
        None => None,
    };
    ui::info(NOTICE);
    let account_sid = match account_sid {
        Some(sid) => sid,
        None => ask_until("Your Account SID: ", false, |s| {
            validate::account_sid(s).map(drop)
        })?,
    };
    let auth_token = Zeroizing::new(ask_until("Your Auth Token (hidden): ", true, |s| {
        validate::auth_token(s).map(drop)
    })?);
    let (id, replace) = match (flag_id, early) {
        (Some(id), Some(replace)) => (id, replace),
        _ => ask_identifier(dir, force)?,
    };
    Ok(Answers {
        id,
        account_sid,
        auth_token,
        replace,
    })
}

/// The identifier, asked after the SID and token were typed: declining to
/// replace an existing profile asks for another one rather than throwing
/// away what the user typed. Returns the ID and whether it replaces one.
fn ask_identifier(dir: &ConfigDir, force: bool) -> Result<(String, bool)> {
    let mut declined = 0;
    loop {
        let id = ask_until(
            "Shorthand identifier for this profile (e.g. dev): ",
            false,
            |s| validate::profile_id(s).map(drop),
        )?;
        let exists = dir.load()?.has(&id);
        if !exists || force {
            return Ok((id, exists));
        }
        if ui::confirm(
            &format!("Profile '{id}' exists. Replace it?"),
            &format!("profile '{id}' already exists; pass --force to replace it"),
        )? {
            return Ok((id, true));
        }
        declined += 1;
        if declined >= ATTEMPTS {
            return Err(Error::runtime(format!(
                "profile '{id}' left as it was; nothing was created"
            )));
        }
        ui::message(&format!(
            "Profile '{id}' left as it was. Give another identifier for the new one."
        ));
    }
}

/// Asks until the answer passes `check`, a few times; then gives up with the
/// last reason (exit 2).
pub(super) fn ask_until(
    prompt: &str,
    hidden: bool,
    check: impl Fn(&str) -> Result<()>,
) -> Result<String> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let answer = if hidden {
            ui::ask_hidden(prompt)?
        } else {
            ui::ask(prompt)?
        };
        match check(&answer) {
            Ok(()) => return Ok(answer),
            Err(e) if attempt < ATTEMPTS => ui::message(&format!("{e}. Try again.")),
            Err(e) => return Err(e),
        }
    }
}

/// `--storage`, else `TWENV_STORAGE`, else the keyring. A bad variable is
/// named as the variable, not as the flag the user did not type.
pub fn storage(flag: Option<Storage>) -> Result<Storage> {
    if let Some(storage) = flag {
        return Ok(storage);
    }
    match std::env::var("TWENV_STORAGE") {
        Ok(value) if !value.is_empty() => {
            use clap::ValueEnum as _;
            Storage::from_str(&value, true).map_err(|_| {
                let names: Vec<String> = Storage::value_variants()
                    .iter()
                    .filter_map(|s| s.to_possible_value().map(|v| v.get_name().to_string()))
                    .collect();
                Error::usage(format!(
                    "TWENV_STORAGE={} is not a store twenv knows; use {} (or unset it)",
                    validate::quote_for_message(&value),
                    names.join(" or ")
                ))
            })
        }
        _ => Ok(Storage::default()),
    }
}

/// Refuses early (before any secret is read or any key made) to replace a
/// profile without `--force` or a confirmed question. Returns whether an
/// existing profile may be replaced.
pub fn check_replace(dir: &ConfigDir, id: &str, force: bool) -> Result<bool> {
    let exists = dir.load()?.has(id);
    if exists
        && !force
        && !ui::confirm(
            &format!("Profile '{id}' exists. Replace it?"),
            &format!("profile '{id}' already exists; pass --force to replace it"),
        )?
    {
        return Err(Error::runtime(format!("profile '{id}' left as it was")));
    }
    Ok(exists)
}

/// Stores the secret, then the profile, under the config lock. If the config
/// cannot be written the secret is taken out again; a replaced profile's
/// secret is removed from its store once nothing refers to it. Returns the
/// replaced profile, if any.
pub fn commit_profile(
    dir: &ConfigDir,
    id: &str,
    mut profile: Profile,
    secret: &str,
    replace: bool,
) -> Result<Option<Profile>> {
    let _lock = dir.lock()?;
    let mut config = dir.load()?;
    let old = config.profiles.get(id).cloned();
    if (old.is_some() || config.broken.contains_key(id)) && !replace {
        return Err(Error::usage(format!(
            "profile '{id}' already exists; pass --force to replace it"
        )));
    }
    if let Some(old) = &old {
        // A new key for the same profile: its extra variables and the fields
        // twenv does not know stay.
        profile.env = old.env.clone();
        profile.other = old.other.clone();
    }
    let store = SecretStore::of(&profile, dir);
    // A password manager keeps its own copy: `secret` was only checked.
    if profile.storage.is_writable() {
        store.set(&profile.api_key, secret)?;
    }

    let same_secret_slot =
        |p: &Profile| p.api_key == profile.api_key && p.storage == profile.storage;
    let secret_was_there = config.secret_shared(id, &profile.api_key, profile.storage)
        || old.as_ref().is_some_and(same_secret_slot);
    let (new_key, new_storage) = (profile.api_key.clone(), profile.storage);
    config.profiles.insert(id.to_string(), profile);
    if let Err(e) = dir.save(&config) {
        if !secret_was_there && let Err(undo) = store.delete(&new_key) {
            ui::warn(format!(
                "the secret of {new_key} could not be taken out of {} again: {undo}",
                store.describe()
            ));
        }
        return Err(e.into());
    }

    if let Some(old) = &old
        && !(old.api_key == new_key && old.storage == new_storage)
        && !config.secret_shared(id, &old.api_key, old.storage)
    {
        let old_store = SecretStore::of(old, dir);
        if let Err(e) = old_store.delete(&old.api_key) {
            ui::warn(format!(
                "the replaced secret of {} is still in {}: {e}",
                old.api_key,
                old_store.describe()
            ));
        }
    }
    Ok(old)
}

pub fn announce(dir: &ConfigDir, id: &str, storage: Storage, replaced: bool) {
    let place = match storage {
        Storage::Keyring => "secret in the keyring",
        Storage::File => "secret in credentials.yaml",
        Storage::Command => "secret fetched from the password manager whenever it is needed",
    };
    let active = dir.load().is_ok_and(|c| c.active.as_deref() == Some(id));
    let how = if active {
        format!(
            "It is the active profile. Shells that switched to it before (`twenv use {id}`) \
             still carry the old key: run `twenv use {id}` there again."
        )
    } else {
        format!(
            "It is not active: run `twenv use {id}` to use it in this shell, or \
             `twenv use --global {id}` to make it the default."
        )
    };
    ui::info(format!(
        "{} profile '{id}' ({place}). {how}",
        if replaced { "Replaced" } else { "Saved" }
    ));
}
