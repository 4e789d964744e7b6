//! The input rules of DESIGN §1, §3 and §10, each with a message that names the rule.

use crate::error::{Error, Result};

pub const PROFILE_ID_RULE: &str = "a profile ID is 1 to 64 characters: a letter or digit first, then letters, digits, '_', '.' or '-'";

/// The variables twenv itself manages; `set` may not touch them.
pub const CREDENTIAL_VARS: [&str; 6] = [
    "TWILIO_ACCOUNT_SID",
    "TWILIO_API_KEY",
    "TWILIO_API_SECRET",
    "TWILIO_REGION",
    "TWILIO_EDGE",
    "TWILIO_AUTH_TOKEN",
];

pub fn is_profile_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric())
        && id.len() <= 64
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

pub fn profile_id(id: &str) -> Result<&str> {
    if is_profile_id(id) {
        Ok(id)
    } else {
        Err(Error::usage(format!(
            "invalid profile ID {}: {PROFILE_ID_RULE}",
            quote_for_message(id)
        )))
    }
}

fn is_sid(value: &str, prefix: &str) -> bool {
    value.len() == 34
        && value.starts_with(prefix)
        && value[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

pub fn account_sid(value: &str) -> Result<&str> {
    if is_sid(value, "AC") {
        Ok(value)
    } else {
        Err(Error::usage(format!(
            "invalid Account SID {}: it is 'AC' followed by 32 hexadecimal digits (see the Twilio Console)",
            quote_for_message(value)
        )))
    }
}

pub fn api_key_sid(value: &str) -> Result<&str> {
    if is_sid(value, "SK") {
        Ok(value)
    } else {
        Err(Error::usage(format!(
            "invalid API key SID {}: it is 'SK' followed by 32 hexadecimal digits",
            quote_for_message(value)
        )))
    }
}

/// An Auth Token is 32 characters. Its value is never echoed back.
pub fn auth_token(value: &str) -> Result<&str> {
    if value.len() == 32 && value.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(value)
    } else {
        Err(Error::usage(format!(
            "the Auth Token is not valid: it is 32 letters and digits, and the one given has {} characters",
            value.chars().count()
        )))
    }
}

/// An API secret is opaque to twenv, but it must fit in one environment variable.
pub fn api_secret(value: &str) -> Result<&str> {
    if value.is_empty() {
        Err(Error::usage("the API secret is empty"))
    } else if value.contains(['\0', '\n', '\r']) {
        Err(Error::usage(
            "the API secret contains a NUL byte or a line break, which no API secret has",
        ))
    } else {
        env_value("TWILIO_API_SECRET", value)
    }
}

/// A `secret_command` line split into the program and its arguments, as a
/// shell would split it (quotes, backslashes) but with nothing expanded; the
/// reason when it cannot be.
pub fn command_words(line: &str) -> std::result::Result<Vec<String>, String> {
    let words = shell_words::split(line)
        .map_err(|_| "a quote is not closed, or a backslash ends the line".to_string())?;
    if words.is_empty() {
        return Err(
            "it is empty; give the program and its arguments, e.g. `pass show twilio/dev`".into(),
        );
    }
    if words.iter().any(|w| w.contains('\0')) {
        return Err("it contains a NUL byte".into());
    }
    Ok(words)
}

/// A Twilio region (`us1`, `ie1`, `au1`, `jp1`, …, and the internal
/// `stage-us1`): it becomes part of the API host name, so nothing but this
/// shape may pass, from any source (flag, config, cache, environment, import).
pub fn is_region(value: &str) -> bool {
    let name = value.rsplit_once('-').map_or(value, |(prefix, name)| {
        if !prefix.is_empty() && prefix.bytes().all(|b| b.is_ascii_lowercase()) {
            name
        } else {
            "-"
        }
    });
    let (letters, digits) = name.split_at(name.len().min(2));
    value.len() <= 32
        && letters.len() == 2
        && letters.bytes().all(|b| b.is_ascii_lowercase())
        && (1..=2).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// A Twilio edge location (`dublin`, `sao-paulo`, `tokyo`, …): lowercase
/// letters with inner hyphens, a single DNS label.
pub fn is_edge(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 32
        && value.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
        && !value.starts_with('-')
        && !value.ends_with('-')
}

/// `region_or_edge("region" | "edge", value)`: the value if it passes the
/// rule for its kind, else an error naming the rule (exit 2).
pub fn region_or_edge<'a>(what: &str, value: &'a str) -> Result<&'a str> {
    let (ok, rule) = if what == "edge" {
        (
            is_edge(value),
            "an edge is lowercase letters and '-', e.g. dublin, sao-paulo",
        )
    } else {
        (
            is_region(value),
            "a region is two letters and a digit, e.g. us1, ie1, au1",
        )
    };
    if ok {
        Ok(value)
    } else {
        Err(Error::usage(format!(
            "invalid {what} {}: {rule}",
            quote_for_message(value)
        )))
    }
}

pub fn is_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Any name twenv puts in an environment: letters, digits and '_'.
pub fn env_name(name: &str) -> Result<&str> {
    if is_env_name(name) {
        Ok(name)
    } else {
        Err(Error::usage(format!(
            "invalid variable name {}: use letters, digits and '_', not starting with a digit",
            quote_for_message(name)
        )))
    }
}

/// The longest `NAME=value` entry an environment can carry, its terminating NUL
/// included: Linux refuses to start any program whose environment has a longer
/// string (MAX_ARG_STRLEN), so every later command in the shell would fail.
pub const MAX_ENV_ENTRY: usize = 128 * 1024;

/// The deny-list for a profile's extra variables (README "Extra variables"):
/// what shells, the dynamic loader and twenv itself act on. Each group is one
/// rule, named in the refusal. `prefixes` end with `_` or `*`-free words.
struct Denied {
    rule: &'static str,
    names: &'static [&'static str],
    prefixes: &'static [&'static str],
}

const DENIED: &[Denied] = &[
    Denied {
        rule: "it is managed by twenv, which keeps its own state in TWENV_* and __twenv_* variables",
        names: &[],
        prefixes: &["TWENV_", "__twenv_"],
    },
    Denied {
        rule: "shells run it or read their startup files, prompts or options from it",
        names: &[
            "PROMPT_COMMAND",
            "PS0",
            "PS1",
            "PS2",
            "PS3",
            "PS4",
            "PROMPT",
            "PROMPT2",
            "PROMPT3",
            "PROMPT4",
            "RPROMPT",
            "RPROMPT2",
            "RPS1",
            "RPS2",
            "SPROMPT",
            "POSTEDIT",
            "PROMPT_EOL_MARK",
            "precmd_functions",
            "preexec_functions",
            "chpwd_functions",
            "periodic_functions",
            "zshaddhistory_functions",
            "zshexit_functions",
            "NULLCMD",
            "READNULLCMD",
            "BASH_ENV",
            "ENV",
            "ZDOTDIR",
            "SHELLOPTS",
            "BASHOPTS",
            "BASH_XTRACEFD",
            "BASH_COMPAT",
            "BASH_LOADABLES_PATH",
            "INPUTRC",
            "IFS",
            "TMOUT",
            "HISTFILE",
            "GLOBIGNORE",
            "EXECIGNORE",
            "FIGNORE",
            "KSH_VERSION",
        ],
        prefixes: &["BASH_FUNC_", "fish_"],
    },
    Denied {
        rule: "shells find commands, functions and directories through it",
        names: &[
            "PATH",
            "path",
            "CDPATH",
            "cdpath",
            "FPATH",
            "fpath",
            "module_path",
            "HOME",
            "SHELL",
        ],
        prefixes: &[],
    },
    Denied {
        rule: "the shell sets it itself",
        names: &[
            "_",
            "PWD",
            "OLDPWD",
            "SHLVL",
            "UID",
            "EUID",
            "PPID",
            "status",
            "pipestatus",
            "argv",
            "history",
            "hostname",
            "version",
            "umask",
        ],
        prefixes: &[],
    },
    Denied {
        rule: "the dynamic loader loads code from it",
        names: &["GCONV_PATH"],
        prefixes: &["LD_", "DYLD_"],
    },
];

/// The rule that keeps `name` out of a profile's extra variables, if any (the
/// credential variables aside). Used by `set`, when a profile is applied, and by
/// `import`.
pub fn denied_rule(name: &str) -> Option<&'static str> {
    DENIED
        .iter()
        .find(|d| d.names.contains(&name) || d.prefixes.iter().any(|p| name.starts_with(p)))
        .map(|d| d.rule)
}

/// A name a profile's `env:` may carry: a valid environment name that twenv
/// does not manage and that no shell or loader acts on.
pub fn extra_var_name(name: &str) -> Result<&str> {
    env_name(name)?;
    if CREDENTIAL_VARS.contains(&name) {
        return Err(Error::usage(format!(
            "{name} is managed by twenv and cannot be set as an extra variable \
             (reserved: {}, and every TWENV_* and __twenv_* name)",
            CREDENTIAL_VARS.join(", ")
        )));
    }
    if let Some(rule) = denied_rule(name) {
        return Err(Error::usage(format!(
            "{name} cannot be an extra variable of a profile: {rule} \
             (the list is in the README, \"Extra variables\")"
        )));
    }
    Ok(name)
}

/// A name `unset` may take out of a profile's `env:`: one `set` refuses only
/// because of the deny-list (a hand edit put it there), not one twenv manages.
pub fn removable_var_name(name: &str) -> bool {
    is_env_name(name) && !CREDENTIAL_VARS.contains(&name) && !name.starts_with("TWENV_")
}

/// A value for an environment variable must be representable in every
/// shell and environment: no NUL byte, and a `NAME=value` entry that fits
/// `MAX_ENV_ENTRY`. The one check for every value twenv exports, wherever it
/// came from (exit 2).
pub fn env_value<'a>(name: &str, value: &'a str) -> Result<&'a str> {
    if value.contains('\0') {
        return Err(Error::usage(format!(
            "the value of {name} contains a NUL byte, which no shell variable or environment \
             can hold; fix the value in the config or the secret store"
        )));
    }
    if name.len() + value.len() + 2 > MAX_ENV_ENTRY {
        return Err(Error::usage(format!(
            "the value of {name} is {} bytes; an environment entry is limited to 128 KiB \
             (with more, Linux refuses to start any program from that shell); fix the value \
             in the config or the secret store",
            value.len()
        )));
    }
    Ok(value)
}

/// Twilio's limit on a restricted key's permissions.
pub const PERMISSIONS_MAX: usize = 100;

pub const PERMISSION_RULE: &str = "a permission is `/twilio/<product>/<resource>[/<sub-resource>…]/<action>`, \
e.g. /twilio/messaging/messages/create: at least three names after /twilio/, each of letters, digits, '-' or '_'";

/// The form of a restricted key's permission (DESIGN §14). Twilio's list
/// (https://www.twilio.com/docs/iam/api-keys/restricted-api-keys) names a
/// product, a resource (possibly nested) and an action, all lowercase with
/// '-'; twenv checks that shape, not the list itself, which Twilio keeps
/// growing — a permission it does not know is refused by Twilio.
pub fn permission(value: &str) -> Result<&str> {
    let names = value.strip_prefix("/twilio/").map(|rest| rest.split('/'));
    let ok = value.len() <= 256
        && names.is_some_and(|names| {
            let names: Vec<&str> = names.collect();
            names.len() >= 3
                && names.iter().all(|n| {
                    !n.is_empty()
                        && n.bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                })
        });
    if ok {
        Ok(value)
    } else {
        Err(Error::usage(format!(
            "invalid permission {}: {PERMISSION_RULE}",
            quote_for_message(value)
        )))
    }
}

/// A restricted key's permissions: each of the right form, duplicates
/// dropped (order kept), at least one and at most Twilio's 100.
pub fn permissions(values: impl IntoIterator<Item = String>) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for value in values {
        permission(&value)?;
        if !out.contains(&value) {
            out.push(value);
        }
    }
    if out.is_empty() {
        return Err(Error::usage(
            "a restricted key needs at least one permission (--allow /twilio/…)",
        ));
    }
    if out.len() > PERMISSIONS_MAX {
        return Err(Error::usage(format!(
            "{} permissions given; Twilio allows at most {PERMISSIONS_MAX} on one key. \
             Split the work between keys, or grant a broader permission.",
            out.len()
        )));
    }
    Ok(out)
}

/// The permissions of a Twilio policy document, `{"allow": ["/twilio/…", …]}`
/// (the `Policy` of IAM's `POST /v1/Keys`). `origin` names the file in messages.
pub fn policy(text: &str, origin: &str) -> Result<Vec<String>> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Policy {
        allow: Vec<String>,
    }
    let policy: Policy = serde_json::from_str(text).map_err(|e| {
        Error::usage(format!(
            "{origin} is not a Twilio key policy ({e}); it is JSON of the form \
             {{\"allow\": [\"/twilio/messaging/messages/create\"]}}"
        ))
    })?;
    permissions(policy.allow).map_err(|e| Error::usage(format!("{origin}: {e}")))
}

/// Shows user input in a message without letting control characters loose on the terminal.
pub fn quote_for_message(value: &str) -> String {
    format!("{value:?}")
}

/// The last four characters of a SID, for messages and completion descriptions.
pub fn sid_tail(sid: &str) -> &str {
    &sid[sid.len().saturating_sub(4)..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_ids() {
        for good in ["dev", "a", "A1", "client.acme-prod_2", &"x".repeat(64)] {
            assert!(is_profile_id(good), "{good}");
        }
        for bad in [
            "",
            "-dev",
            ".dev",
            "_dev",
            "dev prod",
            "dév",
            "a/b",
            "a:b",
            &"x".repeat(65),
            "[env]",
        ] {
            assert!(!is_profile_id(bad), "{bad}");
        }
    }

    #[test]
    fn sids() {
        let ac = format!("AC{}", "0123456789abcdefABCDEF0123456789");
        assert!(account_sid(&ac).is_ok());
        assert!(account_sid(&ac[..33]).is_err());
        assert!(account_sid(&format!("{ac}0")).is_err());
        assert!(account_sid(&ac.replace("AC", "SK")).is_err());
        assert!(account_sid(&ac.replace('f', "g")).is_err());
        assert!(api_key_sid(&ac.replace("AC", "SK")).is_ok());
        assert!(api_key_sid(&ac).is_err());
    }

    #[test]
    fn var_names() {
        assert!(extra_var_name("TWILIO_PHONE_NUMBER").is_ok());
        assert!(extra_var_name("_x1").is_ok());
        for bad in [
            "1X",
            "A-B",
            "",
            "A B",
            "TWILIO_API_SECRET",
            "TWILIO_AUTH_TOKEN",
            "TWENV_X",
        ] {
            assert_eq!(extra_var_name(bad).unwrap_err().exit_code(), 2, "{bad}");
        }
    }

    #[test]
    fn permissions_have_twilios_form() {
        for good in [
            "/twilio/messaging/messages/create",
            "/twilio/voice/calls/recordings/read",
            "/twilio/messaging/services/phone-numbers/delete",
        ] {
            assert!(permission(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "/twilio/messaging",
            "/twilio/messaging/messages",
            "twilio/messaging/messages/create",
            "/twilio/messaging/messages/create/",
            "/twilio//messages/create",
            "/twilio/messaging/messages/create now",
            "/other/messaging/messages/create",
            "/twilio/messaging/messages/*",
        ] {
            assert_eq!(permission(bad).unwrap_err().exit_code(), 2, "{bad}");
        }
        let many = (0..101).map(|n| format!("/twilio/p/r{n}/read"));
        assert!(
            permissions(many)
                .unwrap_err()
                .to_string()
                .contains("at most 100")
        );
        let hundred = (0..100).map(|n| format!("/twilio/p/r{n}/read"));
        assert_eq!(permissions(hundred).unwrap().len(), 100);
        let twice = ["/twilio/a/b/read", "/twilio/a/b/read"].map(String::from);
        assert_eq!(permissions(twice).unwrap(), ["/twilio/a/b/read"]);
        assert!(permissions(Vec::new()).is_err());
    }

    #[test]
    fn policies_are_twilios_json() {
        let good = r#"{"allow": ["/twilio/messaging/messages/create"]}"#;
        assert_eq!(
            policy(good, "p.json").unwrap(),
            ["/twilio/messaging/messages/create"]
        );
        for bad in [
            "",
            "[]",
            r#"{"allow": "/twilio/a/b/read"}"#,
            r#"{"allow": []}"#,
            r#"{"allow": ["/twilio/a/b/read"], "deny": []}"#,
            r#"{"allow": ["/twilio/a"]}"#,
        ] {
            let e = policy(bad, "p.json").unwrap_err();
            assert_eq!(e.exit_code(), 2, "{bad}");
            assert!(e.to_string().contains("p.json"), "{e}");
        }
    }

    #[test]
    fn regions_and_edges() {
        for good in [
            "ie1",
            "us1",
            "au1",
            "jp1",
            "de1",
            "sg1",
            "br1",
            "us12",
            "stage-us1",
        ] {
            assert!(region_or_edge("region", good).is_ok(), "{good}");
        }
        for good in ["dublin", "sao-paulo", "tokyo", "roaming"] {
            assert!(region_or_edge("edge", good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "IE1",
            "ie1.evil.com",
            "evil.invalid/",
            "a/b",
            "-x",
            "ie",
            "i1",
            "ie123",
            "-ie1",
            "x-",
            "ie1 ",
            "ie1\n",
            "dublin",
        ] {
            assert!(region_or_edge("region", bad).is_err(), "{bad:?}");
        }
        for bad in [
            "",
            "Dublin",
            "dub.lin",
            "evil.invalid/",
            "-x",
            "x-",
            "sydney1",
            "a b",
        ] {
            assert_eq!(
                region_or_edge("edge", bad).unwrap_err().exit_code(),
                2,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn what_shells_and_loaders_act_on_is_denied_by_name() {
        for denied in [
            "PROMPT_COMMAND",
            "PS1",
            "PS4",
            "BASH_ENV",
            "ENV",
            "ZDOTDIR",
            "LD_PRELOAD",
            "LD_LIBRARY_PATH",
            "LD_AUDIT",
            "DYLD_INSERT_LIBRARIES",
            "fish_function_path",
            "PATH",
            "IFS",
            "SHELLOPTS",
            "BASHOPTS",
            "HOME",
            "__twenv_saved",
            "__twenv_old_PATH",
            "precmd_functions",
        ] {
            let err = extra_var_name(denied).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{denied}");
            assert!(denied_rule(denied).is_some(), "{denied}");
            assert!(
                err.to_string().contains(denied_rule(denied).unwrap()),
                "{denied}: {err}"
            );
        }
        for allowed in [
            "TWILIO_PHONE_NUMBER",
            "LDAP_URL",
            "PATHS_X",
            "MY_PS1",
            "Fish_x",
        ] {
            assert!(extra_var_name(allowed).is_ok(), "{allowed}");
        }
    }

    #[test]
    fn values_must_fit_one_environment_entry() {
        let name = "BIG";
        let fits = "x".repeat(MAX_ENV_ENTRY - name.len() - 2);
        assert!(env_value(name, &fits).is_ok());
        let over = format!("{fits}x");
        let err = env_value(name, &over).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("128 KiB"), "{err}");
        assert_eq!(
            api_secret(&"s".repeat(200 * 1024)).unwrap_err().exit_code(),
            2
        );
    }
}
