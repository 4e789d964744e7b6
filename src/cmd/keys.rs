//! Making and unmaking API keys at Twilio, for `login`, `rotate` and
//! `remove --delete-key` (DESIGN §3, §14): through the API a key belongs to,
//! with the IAM fallback for accounts where the 2010 API may not create keys.

use crate::config::{KeyApi, KeyOrigin, KeyType};
use crate::error::{Error, Result};
use crate::twilio::{self, ApiError, Credentials};
use crate::ui;

/// Creates a key of the kind `wanted` describes: a restricted key through
/// IAM v1; a standard key through the API that made the one it follows
/// (2010 by default). When the 2010 API answers 20003 "Policy evaluation
/// failed" (twilio-cli#704: accounts where only IAM may create keys), the
/// standard key is made through IAM instead, and the returned origin says so.
pub fn create(
    client: &twilio::Client,
    account_sid: &str,
    auth: &Credentials,
    key_name: &str,
    wanted: &KeyOrigin,
) -> Result<(twilio::NewKey, KeyOrigin)> {
    let iam_standard = KeyOrigin {
        key_api: KeyApi::Iam,
        ..KeyOrigin::default()
    };
    // The origin of the key being asked for, so that a key a broken reply
    // names is deleted through the API that made it.
    let (made, origin) = match (wanted.key_type, wanted.api()) {
        (KeyType::Restricted, _) => (
            client.create_key_iam(account_sid, auth, key_name, Some(&wanted.allow)),
            KeyOrigin::restricted(wanted.allow.clone()),
        ),
        (KeyType::Standard, KeyApi::Iam) => (
            client.create_key_iam(account_sid, auth, key_name, None),
            iam_standard,
        ),
        (KeyType::Standard, KeyApi::V2010) => {
            match client.create_key(account_sid, auth, key_name) {
                Err(e) if e.is_policy_refusal() => {
                    ui::info(
                        "Twilio's 2010 API refused to create the key (error 20003 \"Policy \
                         evaluation failed\": in this account only IAM may create keys); \
                         creating a standard key through IAM v1 (iam.twilio.com/v1/Keys) instead.",
                    );
                    (
                        client.create_key_iam(account_sid, auth, key_name, None),
                        iam_standard,
                    )
                }
                made => (made, KeyOrigin::default()),
            }
        }
    };
    match made {
        Ok(key) => Ok((key, origin)),
        Err(e) => Err(creation_failed(
            client,
            &origin,
            account_sid,
            auth,
            e,
            key_name,
        )),
    }
}

fn creation_failed(
    client: &twilio::Client,
    origin: &KeyOrigin,
    account_sid: &str,
    auth: &Credentials,
    e: ApiError,
    key_name: &str,
) -> Error {
    let after = match &e {
        // Without an answer twenv cannot know whether Twilio made the key.
        ApiError::Network(_) | ApiError::UnusableKey { sid: None, .. } => format!(
            "\nIf Twilio created the key anyway, it is listed in the Console as \
             '{key_name}'; delete it there."
        ),
        ApiError::UnusableKey { sid: Some(sid), .. } => {
            match delete(client, origin, account_sid, auth, sid) {
                Ok(()) => format!(
                    "\nThe key it names, {sid}, was deleted at Twilio again; nothing was saved."
                ),
                Err(d) => format!(
                    "\nThe key it names, {sid}, could not be deleted at Twilio ({d}); \
                     delete it in the Console (Account > API keys & tokens)."
                ),
            }
        }
        ApiError::Status { .. } => String::new(),
    };
    Error::runtime(format!("cannot create an API key: {e}{after}"))
}

/// Deletes a key through the API that made it; a key already gone counts
/// as deleted.
pub fn delete(
    client: &twilio::Client,
    origin: &KeyOrigin,
    account_sid: &str,
    auth: &Credentials,
    key_sid: &str,
) -> Result<(), ApiError> {
    match client.delete_key(origin.api(), account_sid, auth, key_sid) {
        Err(e) if e.is_not_found() => Ok(()),
        other => other,
    }
}

/// Something failed after a new key was made: the key is deleted at Twilio
/// again, so nothing half-made is left there; the note says whether it was.
pub fn undo_new_key(
    client: &twilio::Client,
    origin: &KeyOrigin,
    account_sid: &str,
    auth: &Credentials,
    key_sid: &str,
    failure: Error,
) -> Error {
    let undo = match delete(client, origin, account_sid, auth, key_sid) {
        Ok(()) => format!("The new API key {key_sid} was deleted at Twilio again."),
        Err(d) => format!(
            "The new API key {key_sid} could not be deleted at Twilio ({d}).\n\
             Delete it in the Twilio Console (Account > API keys & tokens)."
        ),
    };
    failure.noted(undo)
}
