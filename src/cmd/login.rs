//! `login`: create or replace a profile (DESIGN §3). This file holds the
//! offline form (an API key the user already has) and the one place where a
//! new profile and its secret are committed.

use super::Context;
use crate::cli::{LoginArgs, StorageArg};
use crate::config::{ConfigDir, Profile, Storage};
use crate::error::{Error, Result};
use crate::store::SecretStore;
use crate::{ui, validate};

pub fn run(ctx: &Context, args: LoginArgs) -> Result<()> {
    let id = match &ctx.global.profile {
        Some(id) => validate::profile_id(id)?.to_string(),
        None => {
            return Err(Error::usage(
                "which profile? pass `-p ID` (interactive login is not yet available in this build)",
            ));
        }
    };
    let Some(api_key) = args.api_key.as_deref() else {
        return Err(Error::runtime(
            "login through Twilio's API is not yet available in this build; \
             store an existing API key with --api-key SK… --api-secret-stdin",
        ));
    };
    let account_sid = args
        .account_sid
        .as_deref()
        .ok_or_else(|| Error::usage("--api-key needs --account-sid AC…"))?;
    validate::account_sid(account_sid)?;
    validate::api_key_sid(api_key)?;
    let region = args
        .region
        .as_deref()
        .map(|r| validate::region_or_edge("region", r))
        .transpose()?;
    let edge = args
        .edge
        .as_deref()
        .map(|e| validate::region_or_edge("edge", e))
        .transpose()?;
    let storage = storage(args.storage);

    let dir = ctx.config_dir()?;
    let replace = check_replace(&dir, &id, args.force)?;
    let secret = ui::read_stdin_line("API secret")?;
    validate::api_secret(&secret)?;

    let profile = Profile {
        account_sid: account_sid.to_string(),
        api_key: api_key.to_string(),
        region: region.map(str::to_string),
        edge: edge.map(str::to_string),
        storage,
        env: Default::default(),
        other: Default::default(),
    };
    let replaced = commit_profile(&dir, &id, profile, &secret, replace)?;
    announce(&id, storage, replaced.is_some());
    Ok(())
}

pub fn storage(flag: Option<StorageArg>) -> Storage {
    match flag {
        Some(StorageArg::File) => Storage::File,
        Some(StorageArg::Keyring) | None => Storage::Keyring,
    }
}

/// Refuses early (before any secret is read or any key made) to replace a
/// profile without `--force` or a confirmed question. Returns whether an
/// existing profile may be replaced.
pub fn check_replace(dir: &ConfigDir, id: &str, force: bool) -> Result<bool> {
    let exists = dir.load()?.profiles.contains_key(id);
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
    profile: Profile,
    secret: &str,
    replace: bool,
) -> Result<Option<Profile>> {
    let _lock = dir.lock()?;
    let mut config = dir.load()?;
    let old = config.profiles.get(id).cloned();
    if old.is_some() && !replace {
        return Err(Error::usage(format!(
            "profile '{id}' already exists; pass --force to replace it"
        )));
    }
    let store = SecretStore::open(profile.storage, dir);
    store.set(&profile.api_key, secret)?;

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
        return Err(e);
    }

    if let Some(old) = &old
        && !(old.api_key == new_key && old.storage == new_storage)
        && !config.secret_shared(id, &old.api_key, old.storage)
    {
        let old_store = SecretStore::open(old.storage, dir);
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

pub fn announce(id: &str, storage: Storage, replaced: bool) {
    let place = match storage {
        Storage::Keyring => "the keyring",
        Storage::File => "credentials.yaml",
    };
    ui::info(format!(
        "{} profile '{id}' (secret in {place}). It is not active: run `twenv use {id}` \
         to use it in this shell, or `twenv use --global {id}` to make it the default.",
        if replaced { "Replaced" } else { "Saved" }
    ));
}
