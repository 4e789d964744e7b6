//! `remove ID`: delete a profile and, unless another profile shares it, its
//! secret; with `--delete-key`, first its API key at Twilio.

use super::Context;
use crate::cli::RemoveArgs;
use crate::config::Profile;
use crate::error::{Error, Result};
use crate::store::SecretStore;
use crate::twilio::{self, Credentials};
use crate::{signals, ui, validate};

pub fn run(ctx: &Context, args: RemoveArgs) -> Result<()> {
    let id = ctx.profile_id(args.id, "remove")?;
    let dir = ctx.config_dir()?;
    let config = dir.load()?;
    let profile = config.profile(&id)?.clone();
    let key_used_elsewhere = config
        .profiles
        .iter()
        .any(|(other, p)| other != &id && p.api_key == profile.api_key);
    if args.delete_key && key_used_elsewhere {
        return Err(Error::runtime(format!(
            "another profile uses the API key {} too; deleting it at Twilio would break \
             that profile. Remove without --delete-key, or remove the other profile first.",
            profile.api_key
        )));
    }
    if !args.yes {
        let question = format!(
            "Remove profile '{id}' (account …{}, API key {}) and its secret{}?",
            validate::sid_tail(&profile.account_sid),
            profile.api_key,
            if args.delete_key {
                ", and delete the key at Twilio"
            } else {
                ""
            }
        );
        if !ui::confirm(&question, &format!("removing profile '{id}' needs --yes"))? {
            return Err(Error::runtime("nothing removed"));
        }
    }

    // A store that cannot be reached (locked, gone) stops the removal before
    // anything changes — here or at Twilio — so profile and secret stay together.
    let store = SecretStore::open(profile.storage, &dir);
    if !config.secret_shared(&id, &profile.api_key, profile.storage) {
        store
            .get(&profile.api_key)
            .map_err(|e| Error::runtime(format!("{e}\nProfile '{id}' was left as it was.")))?;
    }
    // Once the key is gone at Twilio, Ctrl-C waits until the profile is too.
    let _whole = if args.delete_key {
        Some(delete_key_at_twilio(&profile, args.auth_token_stdin)?)
    } else {
        None
    };

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
    let at_twilio = if args.delete_key {
        String::new()
    } else {
        format!(
            " The API key {} still exists at Twilio; `--delete-key` deletes it there too.",
            removed.api_key
        )
    };
    ui::info(format!(
        "Removed profile '{id}'{}{}.{at_twilio}",
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
    ));
    Ok(())
}

/// Standard API keys cannot manage keys, so the Auth Token is asked for and
/// used once. This runs before anything local changes: if Twilio refuses,
/// the profile stays as it was.
/// Deletes the key at Twilio; returns with interrupts deferred (once the
/// token is in hand) so the local removal that follows is not cut short.
fn delete_key_at_twilio(profile: &Profile, token_on_stdin: bool) -> Result<signals::Deferred> {
    let client = twilio::Client::new(profile.region.as_deref(), profile.edge.as_deref())?;
    let auth_token = if token_on_stdin {
        ui::read_secret_stdin("Auth Token")?
    } else if ui::interactive() {
        ui::ask_hidden(&format!(
            "Auth Token of account {} (hidden; used once to delete the key): ",
            profile.account_sid
        ))?
    } else {
        return Err(Error::usage(
            "--delete-key needs the account's Auth Token: pass --auth-token-stdin with the \
             token on stdin (or run on a terminal to be asked)",
        ));
    };
    validate::auth_token(&auth_token)?;
    let deferred = signals::Deferred::new();
    let auth = Credentials {
        username: &profile.account_sid,
        password: &auth_token,
    };
    match client.delete_key(&profile.account_sid, &auth, &profile.api_key) {
        Ok(()) => {
            ui::info(format!(
                "Deleted the API key {} at Twilio.",
                profile.api_key
            ));
            Ok(deferred)
        }
        Err(e) if e.is_not_found() => {
            ui::info(format!(
                "The API key {} was already gone at Twilio.",
                profile.api_key
            ));
            Ok(deferred)
        }
        Err(e) => Err(Error::runtime(format!(
            "cannot delete the API key {} at Twilio: {e}\nNothing was removed.",
            profile.api_key
        ))),
    }
}
