//! What completion offers for profile IDs and extra-variable names. Reads
//! only the config (never the secret store, never the network) and offers
//! nothing on any error.
//!
//! The words typed before the cursor are read once by `complete` (with the
//! one clap definition in `cli`) and handed over here as a `Typed`, so this
//! module needs neither clap's parser nor the command line.

use std::path::PathBuf;
use std::sync::OnceLock;

use clap_complete::engine::CompletionCandidate;

use crate::config::ConfigDir;
use crate::validate;

/// What the command line being completed already says.
#[derive(Debug, Default)]
pub struct Typed {
    /// `--config-dir`, as a path.
    pub config_dir: Option<PathBuf>,
    /// For `unset ID KEY…`: the ID and the keys already named.
    pub unset: Option<(String, Vec<String>)>,
    /// Whether the shell shows descriptions; bash does not, so a thousand
    /// profiles do not each get one built for nothing.
    pub described: bool,
}

static TYPED: OnceLock<Typed> = OnceLock::new();

/// Called once per completion request, before the candidates are asked for.
pub fn set_typed(typed: Typed) {
    let _ = TYPED.set(typed);
}

fn typed() -> Option<&'static Typed> {
    TYPED.get()
}

fn config_dir() -> Option<ConfigDir> {
    ConfigDir::locate(typed().and_then(|t| t.config_dir.as_deref())).ok()
}

/// The profile IDs, described by the Account SID's last digits and the region.
pub fn profile_candidates() -> Vec<CompletionCandidate> {
    let Some(dir) = config_dir() else {
        return Vec::new();
    };
    let described = typed().is_none_or(|t| t.described);
    let ellipsis = crate::ui::ellipsis();
    // A tag of our own spares clap_complete from rendering the argument's
    // name once per candidate (a third of the time with a thousand profiles).
    let tag = clap::builder::StyledStr::from("profile");
    let candidates = dir.with_listing(|listing| {
        Ok(listing
            .profiles
            .iter()
            // A hand-edited config may hold names no command would accept.
            .filter(|p| validate::is_profile_id(p.id))
            .map(|p| {
                let candidate = CompletionCandidate::new(p.id).tag(Some(tag.clone()));
                if !described {
                    return candidate;
                }
                // Built by hand: `format!` here costs more than the rest of
                // the candidate with a thousand profiles.
                let mut help = String::with_capacity(16);
                help.push_str(ellipsis);
                help.push_str(validate::sid_tail(p.account_sid));
                if let Some(region) = p.region {
                    help.push(' ');
                    help.push_str(region);
                }
                candidate.help(Some(help.into()))
            })
            .collect())
    });
    candidates.unwrap_or_default()
}

/// For `unset ID <Tab>`: the names of the extra variables that profile sets
/// and the line does not name yet. Never their values.
pub fn env_key_candidates() -> Vec<CompletionCandidate> {
    let Some((id, typed_keys)) = typed().and_then(|t| t.unset.as_ref()) else {
        return Vec::new();
    };
    let Some(dir) = config_dir() else {
        return Vec::new();
    };
    let Some(profile) = dir
        .load_for_reading()
        .ok()
        .and_then(|c| c.profiles.get(id).cloned())
    else {
        return Vec::new();
    };
    profile
        .env
        .into_keys()
        .filter(|k| validate::is_env_name(k) && !typed_keys.contains(k))
        .map(CompletionCandidate::new)
        .collect()
}

/// Twilio's regions, as its documentation lists them (the rule `--region`
/// checks is wider: a region Twilio adds later is still accepted).
const REGIONS: [(&str, &str); 7] = [
    ("us1", "United States"),
    ("ie1", "Ireland"),
    ("au1", "Australia"),
    ("jp1", "Japan"),
    ("de1", "Germany"),
    ("sg1", "Singapore"),
    ("br1", "Brazil"),
];

/// Twilio's edge locations, as its documentation lists them.
const EDGES: [(&str, &str); 9] = [
    ("ashburn", "US East"),
    ("dublin", "Ireland"),
    ("frankfurt", "Germany"),
    ("sao-paulo", "Brazil"),
    ("singapore", "Singapore"),
    ("sydney", "Australia"),
    ("tokyo", "Japan"),
    ("umatilla", "US West"),
    ("roaming", "the nearest edge"),
];

fn described(list: &[(&'static str, &'static str)]) -> Vec<CompletionCandidate> {
    let described = typed().is_none_or(|t| t.described);
    list.iter()
        .map(|(value, help)| {
            let candidate = CompletionCandidate::new(value);
            match described {
                true => candidate.help(Some((*help).into())),
                false => candidate,
            }
        })
        .collect()
}

/// For `--region <Tab>`.
pub fn region_candidates() -> Vec<CompletionCandidate> {
    described(&REGIONS)
}

/// For `--edge <Tab>`.
pub fn edge_candidates() -> Vec<CompletionCandidate> {
    described(&EDGES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offered_regions_and_edges_pass_the_rules_login_checks() {
        assert!(REGIONS.iter().all(|(r, _)| validate::is_region(r)));
        assert!(EDGES.iter().all(|(e, _)| validate::is_edge(e)));
    }
}
