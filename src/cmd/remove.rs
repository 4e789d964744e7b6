//! `remove ID`: delete a profile and, unless another profile shares it, its
//! secret; with `--delete-key`, first its API key at Twilio.

use super::Context;
use crate::cli::RemoveArgs;
use crate::config::{Config, ConfigDir, Profile};
use crate::error::{Error, Result};
use crate::store::SecretStore;
use crate::twilio::{self, Credentials};
use crate::{signals, ui, validate};

pub fn run(ctx: &Context, args: RemoveArgs) -> Result<()> {
    let id = ctx.profile_id(args.id, "remove")?;
    let dir = ctx.config_dir()?;
    let config = dir.load()?;
    let profile = config.profile(&id)?.clone();
    if args.delete_key {
        refuse_shared_key(&config, &id, &profile)?;
    }
    if !args.yes {
        confirm(&id, &profile, args.delete_key)?;
    }
    // A store that cannot be reached (locked, gone) stops the removal before
    // anything changes — here or at Twilio — so profile and secret stay together.
    // A password manager's copy is not twenv's to delete, so its command is
    // not run (it might prompt for nothing).
    if profile.storage.is_writable()
        && !config.secret_shared(&id, &profile.api_key, profile.storage)
    {
        SecretStore::open(profile.storage, &dir)
            .get(&profile.api_key)
            .map_err(|e| Error::from(e).noted(format!("Profile '{id}' was left as it was.")))?;
    }
    // Once the key is gone at Twilio, Ctrl-C waits until the profile is too.
    let _whole = if args.delete_key {
        Some(delete_key_at_twilio(&profile, args.auth_token_stdin)?)
    } else {
        None
    };
    let removed = remove_locally(&dir, &id)?;
    report(&id, &removed, args.delete_key);
    if std::env::var("TWENV_PROFILE").is_ok_and(|p| p == id) {
        ui::info(format!(
            "This shell still carries profile '{id}' in its TWILIO_* variables; \
             `twenv unuse` drops them."
        ));
    }
    Ok(())
}

/// Deleting a key another profile uses would break that profile.
fn refuse_shared_key(config: &Config, id: &str, profile: &Profile) -> Result<()> {
    if config
        .others_using_key(id, &profile.api_key)
        .next()
        .is_some()
    {
        return Err(Error::runtime(format!(
            "another profile uses the API key {} too; deleting it at Twilio would break \
             that profile. Remove without --delete-key, or remove the other profile first.",
            profile.api_key
        )));
    }
    Ok(())
}

fn confirm(id: &str, profile: &Profile, delete_key: bool) -> Result<()> {
    let question = format!(
        "Remove profile '{id}' (account …{}, API key {}) and its secret{}?",
        validate::sid_tail(&profile.account_sid),
        profile.api_key,
        if delete_key {
            ", and delete the key at Twilio"
        } else {
            ""
        }
    );
    if ui::confirm(&question, &format!("removing profile '{id}' needs --yes"))? {
        Ok(())
    } else {
        Err(Error::runtime("nothing removed"))
    }
}

/// What `remove_locally` did.
struct Removed {
    profile: Profile,
    /// The secret stays: another profile keeps it under the same key.
    secret_shared: bool,
    was_active: bool,
}

/// The profile and then its secret, in one critical section under the
/// config lock, so a concurrent login of the same key cannot slip in between
/// and lose its secret. The config entry goes first: if deleting the secret
/// then fails, what is left is an unused secret, never a profile without it.
fn remove_locally(dir: &ConfigDir, id: &str) -> Result<Removed> {
    let _lock = dir.lock()?;
    let mut config = dir.load()?;
    let Some(profile) = config.profiles.remove(id) else {
        return Err(config.unknown(id).into());
    };
    let was_active = config.active.as_deref() == Some(id);
    if was_active {
        config.active = None;
    }
    dir.save(&config)?;
    let secret_shared = config.secret_shared(id, &profile.api_key, profile.storage);
    if !secret_shared {
        let store = SecretStore::of(&profile, dir);
        store.delete(&profile.api_key).map_err(|e| {
            Error::runtime(format!(
                "removed profile '{id}', but its secret is still in {}: {e}",
                store.describe()
            ))
        })?;
    }
    Ok(Removed {
        profile,
        secret_shared,
        was_active,
    })
}

fn report(id: &str, removed: &Removed, deleted_at_twilio: bool) {
    let at_twilio = if deleted_at_twilio {
        String::new()
    } else {
        format!(
            " The API key {} still exists at Twilio; `--delete-key` deletes it there too.",
            removed.profile.api_key
        )
    };
    ui::info(format!(
        "Removed profile '{id}'{}{}.{at_twilio}",
        if !removed.profile.storage.is_writable() {
            " (its secret stays in the password manager)"
        } else if removed.secret_shared {
            " (its secret stays: another profile uses the same key)"
        } else {
            " and its secret"
        },
        if removed.was_active {
            "; there is no active profile now"
        } else {
            ""
        },
    ));
}

/// Deletes the key at Twilio, before anything local changes: if Twilio
/// refuses, the profile stays as it was. Standard API keys cannot manage
/// keys, so the Auth Token is asked for and used once. Returns with
/// interrupts deferred (once the token is in hand) so the local removal that
/// follows is not cut short.
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
    match client.delete_key(
        profile.key.api(),
        &profile.account_sid,
        &auth,
        &profile.api_key,
    ) {
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
