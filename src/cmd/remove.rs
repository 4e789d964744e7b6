//! `remove ID`: delete a profile and, unless another profile shares it, its secret.

use super::Context;
use crate::cli::RemoveArgs;
use crate::error::{Error, Result};
use crate::store::SecretStore;
use crate::{ui, validate};

pub fn run(ctx: &Context, args: RemoveArgs) -> Result<()> {
    let id = ctx.profile_id(args.id, "remove")?;
    let dir = ctx.config_dir()?;
    let config = dir.load()?;
    let profile = config.profile(&id)?.clone();
    if args.delete_key {
        return Err(Error::runtime(
            "`twenv remove --delete-key` is not yet available in this build",
        ));
    }
    if !args.yes {
        let question = format!(
            "Remove profile '{id}' (account …{}, API key {}) and its secret?",
            validate::sid_tail(&profile.account_sid),
            profile.api_key
        );
        if !ui::confirm(&question, &format!("removing profile '{id}' needs --yes"))? {
            return Err(Error::runtime("nothing removed"));
        }
    }

    // A store that cannot be reached (locked, gone) stops the removal before
    // anything changes, so the profile and its secret stay together.
    let store = SecretStore::open(profile.storage, &dir);
    if !config.secret_shared(&id, &profile.api_key, profile.storage) {
        store.get(&profile.api_key).map_err(|e| {
            Error::runtime(format!(
                "{e}
Profile '{id}' was left as it was."
            ))
        })?;
    }

    // The config entry goes first: if deleting the secret then fails, what is
    // left is an unused secret, never a profile without its secret.
    let (removed, shared, was_active) = dir.update(|config| {
        let removed = config
            .profiles
            .remove(&id)
            .ok_or_else(|| crate::config::unknown_profile(&id))?;
        let was_active = config.active.as_deref() == Some(id.as_str());
        if was_active {
            config.active = None;
        }
        let shared = config.secret_shared(&id, &removed.api_key, removed.storage);
        Ok((removed, shared, was_active))
    })?;
    if !shared {
        let _lock = dir.lock()?;
        store.delete(&removed.api_key).map_err(|e| {
            Error::runtime(format!(
                "removed profile '{id}', but its secret is still in {}: {e}",
                store.describe()
            ))
        })?;
    }
    ui::info(format!(
        "Removed profile '{id}'{}{}. The API key {} still exists at Twilio; `--delete-key` deletes it there too.",
        if shared {
            " (its secret stays: another profile uses the same key)"
        } else {
            " and its secret"
        },
        if was_active {
            "; there is no active profile now"
        } else {
            ""
        },
        removed.api_key
    ));
    Ok(())
}
