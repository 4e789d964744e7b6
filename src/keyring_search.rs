//! Questions to the OS credential store that the keyring crate cannot ask:
//! items another program made (the Twilio CLI 2.x's keytar entries) and
//! "is it there?" without reading a secret or raising an unlock prompt.
//!
//! On Linux these search the Secret Service by attributes, with the same
//! D-Bus client the keyring crate uses; items in a locked collection are
//! reported as locked, never unlocked (that would prompt).

use crate::store::{self, Action, StoreError};

type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What the store holds for one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    Nothing,
    /// There, but in a locked collection: reading it would prompt (the
    /// Secret Service's notion; other platforms' stores never say so).
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    Locked,
    /// There and readable (the secret, when it was asked for).
    Unlocked(Option<String>),
}

/// The Twilio CLI 2.x kept each project's `SK…|secret` with keytar under
/// service `twilio-cli` and account = the project's ID. One answer per ID.
pub fn keytar_items(ids: &[String]) -> Result<Vec<Found>> {
    let ids = ids.to_vec();
    store::with_timeout(Action::Search, move || platform::keytar_items(&ids))?
}

/// Whether twenv's own keyring item for this API key exists, without
/// reading it (no secret in memory, no prompt).
pub fn twenv_item(api_key: &str) -> Result<Found> {
    let key = api_key.to_string();
    store::with_timeout(Action::Search, move || platform::twenv_item(&key))?
}

#[cfg(target_os = "linux")]
mod platform {
    use std::collections::HashMap;

    use dbus_secret_service::{EncryptionType, SecretService};

    use super::{Found, Result};
    use crate::store::{Action, SERVICE, StoreError};

    fn connect() -> Result<SecretService> {
        // "plain": see the keyring dependency in Cargo.toml.
        SecretService::connect(EncryptionType::Plain).map_err(search_error)
    }

    fn search_error(e: dbus_secret_service::Error) -> StoreError {
        StoreError::Keyring {
            action: Action::Search,
            cause: e.to_string(),
        }
    }

    fn find(ss: &SecretService, attributes: HashMap<&str, &str>, read: bool) -> Result<Found> {
        let items = ss.search_items(attributes).map_err(search_error)?;
        let Some(item) = items.unlocked.first() else {
            return Ok(if items.locked.is_empty() {
                Found::Nothing
            } else {
                Found::Locked
            });
        };
        if !read {
            return Ok(Found::Unlocked(None));
        }
        let bytes = item.get_secret().map_err(search_error)?;
        // A secret that is not text is no secret twenv can use; the caller
        // says so without showing it.
        Ok(Found::Unlocked(Some(
            String::from_utf8(bytes).unwrap_or_default(),
        )))
    }

    pub fn keytar_items(ids: &[String]) -> Result<Vec<Found>> {
        let ss = connect()?;
        ids.iter()
            .map(|id| {
                let attributes =
                    HashMap::from([("service", "twilio-cli"), ("account", id.as_str())]);
                find(&ss, attributes, true)
            })
            .collect()
    }

    pub fn twenv_item(api_key: &str) -> Result<Found> {
        let ss = connect()?;
        // The attributes the keyring crate gives the items it makes.
        find(
            &ss,
            HashMap::from([("service", SERVICE), ("username", api_key)]),
            false,
        )
    }
}

#[cfg(not(target_os = "linux"))]
mod platform {
    use super::{Found, Result};
    use crate::store::{Action, SERVICE, StoreError};

    fn answer(entry: keyring::Result<keyring::Entry>, keep: bool) -> Result<Found> {
        match entry.and_then(|e| e.get_password()) {
            Ok(secret) => Ok(Found::Unlocked(keep.then_some(secret))),
            Err(keyring::Error::NoEntry) => Ok(Found::Nothing),
            Err(e) => Err(StoreError::keyring(Action::Read, &e)),
        }
    }

    /// keytar's items: on macOS a Keychain item (service, account), on
    /// Windows a credential whose target is `service/account`.
    pub fn keytar_items(ids: &[String]) -> Result<Vec<Found>> {
        ids.iter()
            .map(|id| {
                #[cfg(windows)]
                let entry =
                    keyring::Entry::new_with_target(&format!("twilio-cli/{id}"), "twilio-cli", id);
                #[cfg(not(windows))]
                let entry = keyring::Entry::new("twilio-cli", id);
                answer(entry, true)
            })
            .collect()
    }

    pub fn twenv_item(api_key: &str) -> Result<Found> {
        answer(keyring::Entry::new(SERVICE, api_key), false)
    }
}
