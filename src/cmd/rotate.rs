//! `rotate ID`: replace a profile's API key with a new one (DESIGN §14).
//!
//! The order keeps the profile usable at every step: create the new key
//! (same API and kind as the old one), store its secret, point the profile
//! at it, check that it authenticates, and only then delete the old key at
//! Twilio and its secret. Up to the check, a failure puts everything back
//! (the new key is deleted again); after it, the profile works on the new
//! key and what is left over is named.

use super::{Context, keys, login};
use crate::cli::RotateArgs;
use crate::config::{ConfigDir, KeyOrigin, KeyType, Profile, READ_ONLY_STORE_HINT};
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::store::SecretStore;
use crate::twilio::{self, Credentials};
use crate::{signals, ui, validate};

/// Attempts at authenticating with the new key: Twilio may take a moment
/// before a key it has just issued is accepted everywhere.
const VERIFY_ATTEMPTS: u32 = 3;

pub fn run(ctx: &Context, args: RotateArgs) -> Result<()> {
    let id = ctx.profile_id(args.id, "rotate")?;
    let dir = ctx.config_dir()?;
    let old = dir.load()?.profile(&id)?.clone();
    if !old.storage.is_writable() {
        // Refused before anything is asked or made: the new key's secret
        // would have nowhere to go.
        return Err(Error::usage(format!(
            "profile '{id}' fetches its secret from a password manager (`{}`), and twenv \
             cannot put a new key's secret there. {READ_ONLY_STORE_HINT}",
            old.secret_command.as_deref().unwrap_or_default()
        )));
    }
    if old.key.key_type == KeyType::Restricted {
        // A hand-edited profile: its permissions go to Twilio as they are.
        validate::permissions(old.key.allow.iter().cloned()).map_err(|e| {
            e.noted(format!(
                "Fix `allow:` of profile '{id}' in {}; nothing was changed.",
                dir.config_path().display()
            ))
        })?;
    }
    let client = twilio::Client::new(old.region.as_deref(), old.edge.as_deref())?;
    let store = SecretStore::open(old.storage, &dir);
    let auth_token = auth_token(&old, &store, args.auth_token_stdin)?;
    let auth = Credentials {
        username: &old.account_sid,
        password: auth_token.expose(),
    };
    let rotation = Rotation {
        dir: &dir,
        id: &id,
        old: &old,
        client: &client,
        store: &store,
        auth: &auth,
    };
    rotation.check_account()?;
    // From the new key's creation until the old one is gone (or named),
    // Ctrl-C waits: dying in between would leave a key no profile knows.
    let _whole = signals::Deferred::new();
    let (key, origin) = rotation.create()?;
    rotation.store_and_switch(&key, &origin)?;
    rotation.verify_or_switch_back(&key, &origin)?;
    let old_deleted = rotation.retire_old_key();
    rotation.remove_old_secret();
    announce(&id, &old.api_key, &key.sid, &origin);
    old_deleted
}

/// The Auth Token from stdin or a hidden prompt, checked before the store
/// is probed (bad input is exit 2 whatever else is wrong); on a terminal the
/// store is probed first, so nobody types a token for nothing.
fn auth_token(old: &Profile, store: &SecretStore, on_stdin: bool) -> Result<Secret> {
    let token = if on_stdin {
        let token = Secret::new(ui::read_secret_stdin("Auth Token")?);
        validate::auth_token(token.expose())?;
        store.probe()?;
        token
    } else if ui::interactive() {
        store.probe()?;
        ui::info(format!(
            "The Auth Token of account {} is used once, to create the new API key and delete \
             the old one, and then forgotten.",
            old.account_sid
        ));
        Secret::new(login::ask_until("Your Auth Token (hidden): ", true, |s| {
            validate::auth_token(s).map(drop)
        })?)
    } else {
        return Err(Error::usage(
            "rotate needs the account's Auth Token: pass --auth-token-stdin with the token on \
             stdin (or run on a terminal to be asked)",
        ));
    };
    Ok(token)
}

struct Rotation<'a> {
    dir: &'a ConfigDir,
    id: &'a str,
    old: &'a Profile,
    client: &'a twilio::Client,
    store: &'a SecretStore,
    auth: &'a Credentials<'a>,
}

impl Rotation<'_> {
    fn unchanged(&self) -> String {
        format!(
            "Profile '{}' is unchanged (still on API key {}).",
            self.id, self.old.api_key
        )
    }

    /// Proves the Auth Token before anything is made.
    fn check_account(&self) -> Result<()> {
        self.client
            .fetch_account(&self.old.account_sid, self.auth)
            .map_err(|e| {
                Error::runtime(format!(
                    "cannot log in to account {}: {e}",
                    self.old.account_sid
                ))
                .noted(self.unchanged())
            })?;
        ui::info(format!(
            "Creating a new {} API key for profile '{}'…",
            match self.old.key.key_type {
                KeyType::Standard => "standard",
                KeyType::Restricted => "restricted",
            },
            self.id
        ));
        Ok(())
    }

    fn create(&self) -> Result<(twilio::NewKey, KeyOrigin)> {
        let (user, host) = twilio::this_user_and_host();
        let key_name = twilio::friendly_name(&user, &host);
        let (key, origin) = keys::create(
            self.client,
            &self.old.account_sid,
            self.auth,
            &key_name,
            &self.old.key,
        )
        .map_err(|e| e.noted(self.unchanged()))?;
        if key.sid == self.old.api_key {
            // Storing or deleting anything now would destroy the only key.
            return Err(Error::runtime(format!(
                "Twilio answered the new key request with the old key's SID {}; twenv \
                 changed nothing. Try again, or rotate the key in the Console.",
                key.sid
            )));
        }
        Ok((key, origin))
    }

    fn undo(&self, key: &twilio::NewKey, origin: &KeyOrigin, failure: Error) -> Error {
        keys::undo_new_key(
            self.client,
            origin,
            &self.old.account_sid,
            self.auth,
            &key.sid,
            failure.noted(self.unchanged()),
        )
    }

    /// The new secret goes into the profile's store, then the profile is
    /// pointed at the new key. Either failing takes the new secret and key
    /// out again.
    fn store_and_switch(&self, key: &twilio::NewKey, origin: &KeyOrigin) -> Result<()> {
        if let Err(e) = self.store.set(&key.sid, &key.secret) {
            return Err(self.undo(key, origin, Error::from(e)));
        }
        let switched = self.dir.update(|config| {
            let profile = config.profiles.get_mut(self.id).ok_or_else(|| {
                Error::runtime(format!(
                    "profile '{}' was removed while its key was being rotated",
                    self.id
                ))
            })?;
            if profile.api_key != self.old.api_key {
                return Err(Error::runtime(format!(
                    "profile '{}' was changed while its key was being rotated (it is on {} now)",
                    self.id, profile.api_key
                )));
            }
            profile.api_key = key.sid.clone();
            profile.key = origin.clone();
            Ok(())
        });
        if let Err(e) = switched {
            self.forget_new_secret(&key.sid);
            return Err(self.undo(key, origin, e));
        }
        Ok(())
    }

    fn forget_new_secret(&self, key_sid: &str) {
        if let Err(e) = self.store.delete(key_sid) {
            ui::warn(format!(
                "the secret of the new key {key_sid} could not be taken out of {} again: {e}",
                self.store.describe()
            ));
        }
    }

    /// Fetches the account as the new key. A restricted key may lack the
    /// permission to read the account: Twilio's "Policy evaluation failed"
    /// then proves the key authenticated, which is all this checks.
    fn verify(&self, key: &twilio::NewKey) -> Result<(), twilio::ApiError> {
        let auth = Credentials {
            username: &key.sid,
            password: &key.secret,
        };
        let mut attempt = 1;
        loop {
            match self.client.fetch_account(&self.old.account_sid, &auth) {
                Ok(account) if account.sid == self.old.account_sid => return Ok(()),
                Ok(account) => {
                    return Err(twilio::ApiError::Network(format!(
                        "the new key authenticated as account {}, not {}",
                        account.sid, self.old.account_sid
                    )));
                }
                Err(e) if e.is_policy_refusal() && self.old.key.key_type == KeyType::Restricted => {
                    return Ok(());
                }
                Err(twilio::ApiError::Status { status: 401, .. }) if attempt < VERIFY_ATTEMPTS => {
                    std::thread::sleep(self.client.backoff() * attempt);
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// A new key Twilio does not accept is no use: the profile goes back to
    /// the old key, and the new one is deleted again.
    fn verify_or_switch_back(&self, key: &twilio::NewKey, origin: &KeyOrigin) -> Result<()> {
        let Err(e) = self.verify(key) else {
            return Ok(());
        };
        let failure = Error::runtime(format!(
            "the new API key {} does not authenticate: {e}",
            key.sid
        ));
        let back = self.dir.update(|config| {
            if let Some(profile) = config.profiles.get_mut(self.id)
                && profile.api_key == key.sid
            {
                profile.api_key = self.old.api_key.clone();
                profile.key = self.old.key.clone();
            }
            Ok(())
        });
        match back {
            Ok(()) => {
                self.forget_new_secret(&key.sid);
                Err(self.undo(key, origin, failure))
            }
            // The profile is stuck on the new key: keep it and its secret,
            // and the old key too, so either can still be used.
            Err(b) => Err(failure.noted(format!(
                "Putting profile '{}' back on {} failed too ({b}); it points at the new key {}, \
                 whose secret is stored. The old key {} still exists at Twilio and its secret is \
                 still in {}. Run `twenv rotate {}` again once the cause is fixed.",
                self.id,
                self.old.api_key,
                key.sid,
                self.old.api_key,
                self.store.describe(),
                self.id
            ))),
        }
    }

    /// Deletes the old key at Twilio, through the API that made it, unless
    /// another profile still uses it. A failure leaves the profile on the new
    /// key (it works) and names the old key to delete in the Console.
    fn retire_old_key(&self) -> Result<()> {
        let others: Vec<String> = self
            .dir
            .load()
            .map(|c| {
                c.others_using_key(self.id, &self.old.api_key)
                    .map(|(id, _)| id.to_string())
                    .collect()
            })
            .unwrap_or_default();
        if !others.is_empty() {
            ui::info(format!(
                "The old API key {} is kept at Twilio: profile(s) {} use it too. Rotate them, \
                 or delete the key in the Console once none needs it.",
                self.old.api_key,
                others.join(", ")
            ));
            return Ok(());
        }
        keys::delete(
            self.client,
            &self.old.key,
            &self.old.account_sid,
            self.auth,
            &self.old.api_key,
        )
        .map_err(|e| {
            Error::runtime(format!(
                "profile '{}' now uses the new API key, but the old key {} could not be deleted \
                 at Twilio: {e}\nDelete {} in the Twilio Console (Account > API keys & tokens): \
                 it still works until then.",
                self.id, self.old.api_key, self.old.api_key
            ))
        })
    }

    /// The old secret is no use to any profile now (unless one shares it).
    fn remove_old_secret(&self) {
        let shared = self.dir.load().map_or(true, |c| {
            c.secret_shared(self.id, &self.old.api_key, self.old.storage)
        });
        if shared {
            return;
        }
        if let Err(e) = self.store.delete(&self.old.api_key) {
            ui::warn(format!(
                "the old secret of {} is still in {}: {e}",
                self.old.api_key,
                self.store.describe()
            ));
        }
    }
}

fn announce(id: &str, old_key: &str, new_key: &str, origin: &KeyOrigin) {
    let restricted = match origin.key_type {
        KeyType::Restricted => format!(
            " (restricted, {} permission{})",
            origin.allow.len(),
            if origin.allow.len() == 1 { "" } else { "s" }
        ),
        KeyType::Standard => String::new(),
    };
    ui::info(format!(
        "Rotated profile '{id}': API key {old_key} → {new_key}{restricted}. Shells that \
         switched to it before (`twenv use {id}`) still carry the old key: run `twenv use {id}` \
         there again."
    ));
}
