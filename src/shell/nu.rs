//! Nushell: it has no `eval`, so `use` / `unuse` print data, not code — one
//! JSON record that the module from `twenv init nu` (`shell/twenv.nu`) applies
//! with `load-env` and `hide-env`. The record spells out the same steps as the
//! code of the other shells (see `super`): restore what an earlier `use`
//! changed, save what this one changes, then set and hide. The module does the
//! bookkeeping, since only it can see the shell's state; it keeps it in
//! `$env.__twenv_saved` as a record, and Nushell passes only string values on
//! to child processes, so the saved values (which may include an earlier
//! secret) never reach a child's environment.
//!
//! JSON rather than NUON: `from json` reads standard JSON, whose string
//! escapes serde_json writes for every byte that needs one (control
//! characters, quotes, backslashes); NUON's escapes are Nushell's own.

use serde::Serialize;
use serde::ser::Serializer;

use super::Change;

/// What `use` and `unuse` print for Nushell; the field names are the module's
/// contract (`shell/twenv.nu`).
#[derive(Serialize)]
struct Record<'a> {
    /// What this record does, for a person reading it (the other shells' comment line).
    about: &'a str,
    /// The names this `use` changes, whose current state the module saves
    /// (after restoring an earlier `use`); `null` for `unuse`.
    save: Option<&'a [&'a str]>,
    /// Variables to `load-env`, in the profile's order.
    #[serde(serialize_with = "in_order")]
    set: &'a [(&'a str, &'a str)],
    /// Variables to `hide-env`.
    hide: &'a [&'a str],
    /// Variables to `hide-env` only when this shell had no bookkeeping yet: a
    /// profile's extras inherited from a parent shell (see `render_use`).
    hide_if_first_use: &'a [&'a str],
}

/// A JSON object whose keys keep the given order.
fn in_order<S: Serializer>(pairs: &&[(&str, &str)], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_map(pairs.iter().map(|(k, v)| (k, v)))
}

fn to_json(record: &Record) -> String {
    // Invariant: the record holds only strings, lists of strings and string
    // maps with string keys, which serde_json always serialises.
    let mut text = serde_json::to_string_pretty(record).expect("a record of strings serialises");
    text.push('\n');
    text
}

/// The record for `use`: `changes` are set or hidden, `inherited` hidden on a
/// first use. Names and values are checked by the caller.
pub fn render_use(header: &str, changes: &[Change], inherited: &[&str]) -> String {
    let set: Vec<(&str, &str)> = changes
        .iter()
        .filter_map(|c| c.value.as_deref().map(|v| (c.name.as_str(), v)))
        .collect();
    let hide: Vec<&str> = changes
        .iter()
        .filter(|c| c.value.is_none())
        .map(|c| c.name.as_str())
        .collect();
    let save: Vec<&str> = changes
        .iter()
        .map(|c| c.name.as_str())
        .chain(inherited.iter().copied())
        .collect();
    to_json(&Record {
        about: header,
        save: Some(&save),
        set: &set,
        hide: &hide,
        hide_if_first_use: inherited,
    })
}

/// The record for `unuse`: restore only.
pub fn render_unuse(header: &str) -> String {
    to_json(&Record {
        about: header,
        save: None,
        set: &[],
        hide: &[],
        hide_if_first_use: &[],
    })
}

/// A string as one literal word of the module (`init` fills in the binary's
/// path): single quotes hold everything but `'`; otherwise a raw string
/// `r#'…'#` with enough `#` that its end cannot occur inside.
pub fn quote(value: &str) -> String {
    if !value.contains('\'') {
        return format!("'{value}'");
    }
    let mut hashes = String::from("#");
    while value.contains(&format!("'{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}'{value}'{hashes}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(quote("/usr/bin/twenv"), "'/usr/bin/twenv'");
        assert_eq!(quote(r"a $b \ (c)"), r"'a $b \ (c)'");
        assert_eq!(quote("it's"), "r#'it's'#");
        assert_eq!(quote("it'#s"), "r##'it'#s'##");
    }

    #[test]
    fn use_record_lists_every_step() {
        let changes = [
            Change::export("TWILIO_API_SECRET", "s\"\\\n"),
            Change::unset("TWILIO_AUTH_TOKEN"),
        ];
        let text = render_use("about", &changes, &["X_OLD"]);
        let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(
            value,
            serde_json::json!({
                "about": "about",
                "save": ["TWILIO_API_SECRET", "TWILIO_AUTH_TOKEN", "X_OLD"],
                "set": {"TWILIO_API_SECRET": "s\"\\\n"},
                "hide": ["TWILIO_AUTH_TOKEN"],
                "hide_if_first_use": ["X_OLD"],
            })
        );
    }
}
