//! `doctor`: one line per check of this set-up, each warn and fail with the
//! command that fixes it (DESIGN §15). No network unless `--online`, no
//! keyring prompt, never a secret. Each check is a small function of what it
//! looks at, so each can be tested alone.

use std::fs;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Context, current};
use crate::cli::{DoctorArgs, OutputFormat};
use crate::config::{Config, ConfigDir, Storage};
use crate::error::{Error, Result};
use crate::keyring_search::{self, Found};
use crate::output::{self, Table, TextFormat, column};
use crate::resolve::{self, CredentialSource, Env, Resolution, Resolved};
use crate::store::SecretStore;
use crate::twilio_cli::{self, CliConfig};
use crate::ui;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Warn,
    Fail,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warn => "warn",
            Status::Fail => "fail",
        }
    }
}

/// One result (`-o json`: `{check, status, message, fix}`).
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub check: &'static str,
    pub status: Status,
    pub message: String,
    pub fix: Option<String>,
}

fn ok(check: &'static str, message: impl Into<String>) -> Check {
    Check {
        check,
        status: Status::Ok,
        message: message.into(),
        fix: None,
    }
}

fn bad(
    check: &'static str,
    status: Status,
    message: impl Into<String>,
    fix: impl Into<String>,
) -> Check {
    Check {
        check,
        status,
        message: message.into(),
        fix: Some(fix.into()),
    }
}

fn quote(path: &Path) -> String {
    shell_words::quote(&path.to_string_lossy()).into_owned()
}

pub fn run(ctx: &Context, args: DoctorArgs) -> Result<()> {
    let env = Env::process();
    let dir = ctx.config_dir()?;
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("twenv"));
    let me = invocation(&exe);
    let cwd = std::env::current_dir().ok();

    let mut checks = Vec::new();
    let (config_check, config) = config(&dir);
    checks.push(config_check);
    checks.push(modes(&dir.dir));
    let config = config.unwrap_or_default();
    let pin = crate::pin::working_dir().and_then(|cwd| crate::pin::lookup(&dir, &cwd));
    let resolution =
        resolve::resolve_with_pin(&config, ctx.global.profile.as_deref(), &env, pin.as_ref());
    let found = resolution.as_ref().ok().and_then(|r| r.found.as_ref());
    checks.push(credentials(&resolution, &config, &me));
    checks.push(incomplete_env(&env, &me));
    checks.push(auth_token(&env, &me));
    checks.push(secret_store(&dir, &config, found, &me));
    let on_path = which::which("twenv").ok();
    checks.push(hook(&env, &exe, on_path.as_deref(), &me));
    if let Some(check) = zsh_completion(&env) {
        checks.push(check);
    }
    if let Some(cwd) = &cwd {
        checks.push(dotenv(cwd));
    }
    if let Some(here) = crate::pin::working_dir() {
        checks.push(pin_here(&dir, &config, &here));
    }
    match twilio_cli::locate(None) {
        Ok(cli_dir) => checks.extend(twilio_cli_config(&cli_dir, &me)),
        Err(e) => checks.push(bad(
            "twilio_cli",
            Status::Warn,
            e.to_string(),
            "export HOME=…",
        )),
    }
    if args.online {
        checks.push(online(&dir, found, &me));
    }

    print(ctx.output(), &checks)?;
    if checks.iter().any(|c| c.status == Status::Fail) {
        return Err(Error::Silent(1));
    }
    Ok(())
}

/// How the user runs this binary: `twenv` when that is what PATH finds,
/// else its full path (so every fix can be pasted as it is).
fn invocation(exe: &Path) -> String {
    let same = which::which("twenv")
        .ok()
        .and_then(|p| fs::canonicalize(p).ok())
        .zip(fs::canonicalize(exe).ok())
        .is_some_and(|(a, b)| a == b);
    if same {
        "twenv".to_string()
    } else {
        quote(exe)
    }
}

/// The config parses (DESIGN §4).
fn config(dir: &ConfigDir) -> (Check, Option<Config>) {
    let path = dir.config_path();
    match dir.load() {
        Ok(config) if !path.exists() => (
            ok(
                "config",
                format!("no {} yet (`twenv login` makes one)", path.display()),
            ),
            Some(config),
        ),
        Ok(config) => {
            let n = config.profiles.len();
            (
                ok(
                    "config",
                    format!(
                        "{} parses: {n} profile{}",
                        path.display(),
                        if n == 1 { "" } else { "s" }
                    ),
                ),
                Some(config),
            )
        }
        Err(e) => (
            bad(
                "config",
                Status::Fail,
                e.to_string().lines().next().unwrap_or_default(),
                format!("${{EDITOR:-vi}} {}", quote(&path)),
            ),
            None,
        ),
    }
}

/// The config directory is 0700 and its files 0600, all owned by this user.
fn modes(dir: &Path) -> Check {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let Ok(meta) = fs::metadata(dir) else {
            return ok("modes", format!("{} does not exist yet", dir.display()));
        };
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        let mut worst = Status::Ok;
        let mut problems = Vec::new();
        let mut fixes = Vec::new();
        let mut look = |path: &Path, meta: &fs::Metadata, want: u32, exposed: Status| {
            let mode = meta.mode() & 0o7777;
            if mode & 0o077 != 0 {
                worst = worst.max(exposed);
                problems.push(format!("{} is mode {mode:04o}", path.display()));
                fixes.push(format!("chmod {want:o} {}", quote(path)));
            }
            if meta.uid() != me {
                worst = worst.max(Status::Warn);
                problems.push(format!("{} belongs to user {}", path.display(), meta.uid()));
                fixes.push(format!("chown \"$(id -u)\" {}", quote(path)));
            }
        };
        look(dir, &meta, 0o700, Status::Warn);
        for (name, exposed) in [
            (crate::config::CONFIG_FILE, Status::Warn),
            (crate::store::CREDENTIALS_FILE, Status::Fail),
        ] {
            let path = dir.join(name);
            if let Ok(meta) = fs::symlink_metadata(&path) {
                look(&path, &meta, 0o600, exposed);
            }
        }
        if problems.is_empty() {
            ok(
                "modes",
                format!("{} is private (0700, files 0600)", dir.display()),
            )
        } else {
            bad("modes", worst, problems.join("; "), fixes.join(" && "))
        }
    }
    #[cfg(not(unix))]
    ok("modes", format!("{}: no Unix modes here", dir.display()))
}

fn source_text(source: CredentialSource) -> &'static str {
    match source {
        CredentialSource::Flag => "-p on the command line",
        CredentialSource::Env => "TWILIO_* variables in the environment",
        CredentialSource::Directory => "the directory's .twenv-profile",
        CredentialSource::Active => "the active profile in config.yaml",
    }
}

/// Which credentials apply here and why (DESIGN §2).
fn credentials(resolution: &Result<Resolution>, config: &Config, me: &str) -> Check {
    match resolution.as_ref().map(|r| r.found.as_ref()) {
        Ok(Some(r)) => {
            let who = match (r.profile_id(), r.api_key()) {
                (Some(id), _) => format!("profile '{id}'"),
                (None, Some(key)) => format!("API key {key} (no profile of twenv's)"),
                (None, None) => format!("the Auth Token of account {}", r.account_sid()),
            };
            ok(
                "credentials",
                format!("{who}, from {}", source_text(r.source())),
            )
        }
        Ok(None) => {
            let fix = match config.profiles.keys().next() {
                Some(id) => format!("{me} use {id}"),
                None => format!("{me} login"),
            };
            bad(
                "credentials",
                Status::Warn,
                "no Twilio credentials apply here (no -p, no TWILIO_* variables, no active profile)",
                fix,
            )
        }
        Err(e) => bad(
            "credentials",
            Status::Fail,
            first_line(e),
            format!("{me} list  # then: {me} use --global ID"),
        ),
    }
}

fn first_line(e: &impl std::fmt::Display) -> String {
    e.to_string().lines().next().unwrap_or_default().to_string()
}

const CREDENTIAL_NAMES: [&str; 3] = ["TWILIO_ACCOUNT_SID", "TWILIO_API_KEY", "TWILIO_API_SECRET"];

/// Part of a credential set in the environment is ignored, not silently used.
fn incomplete_env(env: &Env, me: &str) -> Check {
    let set: Vec<&str> = CREDENTIAL_NAMES
        .into_iter()
        .chain(["TWILIO_AUTH_TOKEN"])
        .filter(|n| env.var(n).is_some())
        .collect();
    let has = |n: &str| set.contains(&n);
    // The two sets of DESIGN §2: an API key with its secret, or an Auth Token.
    let wanted: &[&str] =
        if has("TWILIO_API_KEY") || has("TWILIO_API_SECRET") || !has("TWILIO_AUTH_TOKEN") {
            &CREDENTIAL_NAMES
        } else {
            &["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"]
        };
    let missing: Vec<&str> = wanted.iter().copied().filter(|n| !has(n)).collect();
    if set.is_empty() || missing.is_empty() {
        return ok("environment", "no partial set of TWILIO_* credentials");
    }
    bad(
        "environment",
        Status::Warn,
        format!(
            "{} set but {} not: the set is ignored",
            set.join(", "),
            missing.join(", ")
        ),
        format!("unset {}  # or: {me} use ID", set.join(" ")),
    )
}

/// A stray `TWILIO_AUTH_TOKEN` makes the helper libraries use another identity.
fn auth_token(env: &Env, me: &str) -> Check {
    if env.var("TWILIO_AUTH_TOKEN").is_none() {
        return ok("auth_token", "TWILIO_AUTH_TOKEN is not set");
    }
    let message = if env.var("TWILIO_API_KEY").is_some() {
        "TWILIO_AUTH_TOKEN is set beside an API key: some tools use it instead"
    } else {
        "TWILIO_AUTH_TOKEN is set: the account's master credential, where an API key would do"
    };
    bad(
        "auth_token",
        Status::Warn,
        message,
        format!("unset TWILIO_AUTH_TOKEN  # then: {me} use ID"),
    )
}

/// The secret store answers, and holds the current profile's secret. The
/// keyring is searched, not read: no secret is fetched and nothing prompts.
fn secret_store(dir: &ConfigDir, config: &Config, resolved: Option<&Resolved>, me: &str) -> Check {
    // Environment credentials carry their secret themselves.
    let profile = match resolved {
        Some(Resolved::Profile { id, profile, .. }) => Some((id.as_str(), profile)),
        _ => None,
    };
    let Some((id, p)) = profile else {
        if !config
            .profiles
            .values()
            .any(|p| p.storage == Storage::Keyring)
        {
            return ok("secret_store", "no profile keeps its secret in the keyring");
        }
        return match keyring_search::twenv_item("twenv-reachability-probe") {
            Ok(_) => ok("secret_store", "the keyring answers"),
            Err(e) => store_failure(&e, format!("{me} login -p ID --storage file --force")),
        };
    };
    let relogin = format!("{me} login -p {id} --force");
    match p.storage {
        Storage::Keyring => match keyring_search::twenv_item(&p.api_key) {
            Ok(Found::Unlocked(_)) => ok(
                "secret_store",
                format!("the secret of '{id}' ({}) is in the keyring", p.api_key),
            ),
            Ok(Found::Locked) => bad(
                "secret_store",
                Status::Warn,
                format!("the secret of '{id}' is in a locked keyring: using it will ask to unlock"),
                format!(
                    "secret-tool lookup service twenv username {} >/dev/null",
                    p.api_key
                ),
            ),
            Ok(Found::Nothing) => bad(
                "secret_store",
                Status::Fail,
                format!(
                    "the secret of '{id}' ({}) is missing from the keyring",
                    p.api_key
                ),
                relogin,
            ),
            Err(e) => store_failure(&e, format!("{relogin} --storage file")),
        },
        Storage::File => {
            let store = SecretStore::open(Storage::File, dir);
            match store.get(&p.api_key) {
                Ok(Some(_)) => ok(
                    "secret_store",
                    format!("the secret of '{id}' is in {}", store.describe()),
                ),
                Ok(None) => bad(
                    "secret_store",
                    Status::Fail,
                    format!("the secret of '{id}' is missing from {}", store.describe()),
                    relogin,
                ),
                Err(e) => store_failure(&e, relogin),
            }
        }
    }
}

fn store_failure(e: &impl std::fmt::Display, fix: String) -> Check {
    bad("secret_store", Status::Fail, first_line(e), fix)
}

/// The hook says it is there: it passes `TWENV_HOOK_BIN` (the binary it
/// calls) on each call, never exported, so only this shell's calls carry it.
/// A hook left from another install runs another binary than PATH's `twenv`.
fn hook(env: &Env, exe: &Path, on_path: Option<&Path>, me: &str) -> Check {
    let shell = env
        .var("TWENV_SHELL")
        .filter(|s| ["bash", "zsh", "fish"].contains(&s.as_str()));
    let same = |a: &Path, b: &Path| fs::canonicalize(a).ok() == fs::canonicalize(b).ok();
    match (env.var("TWENV_HOOK_BIN"), shell) {
        (Some(bin), Some(shell)) => {
            let other = if !same(Path::new(&bin), exe) {
                Some(exe.to_path_buf())
            } else {
                on_path
                    .filter(|p| !same(Path::new(&bin), p))
                    .map(Path::to_path_buf)
            };
            match other {
                None => ok("hook", format!("loaded in this {shell} shell ({bin})")),
                Some(other) => bad(
                    "hook",
                    Status::Warn,
                    format!(
                        "this {shell} shell's hook runs {bin}, but `twenv` is {}",
                        other.display()
                    ),
                    reload_line(&shell, &quote(&other)),
                ),
            }
        }
        _ => {
            let shell = env
                .var("SHELL")
                .and_then(|s| Some(Path::new(&s).file_name()?.to_string_lossy().into_owned()))
                .filter(|s| ["bash", "zsh", "fish"].contains(&s.as_str()))
                .unwrap_or_else(|| "bash".to_string());
            bad(
                "hook",
                Status::Warn,
                "not loaded in this shell: `twenv use` cannot change it",
                rc_line(&shell, me),
            )
        }
    }
}

fn reload_line(shell: &str, me: &str) -> String {
    match shell {
        "fish" => format!("{me} init fish | source"),
        _ => format!("eval \"$({me} init {shell})\""),
    }
}

/// The line for the user's rc file, as a command that adds it and loads it now.
fn rc_line(shell: &str, me: &str) -> String {
    let rc = match shell {
        "zsh" => "~/.zshrc",
        "fish" => "~/.config/fish/config.fish",
        _ => "~/.bashrc",
    };
    let line = reload_line(shell, me);
    format!("echo '{line}' >> {rc} && {line}")
}

/// zsh registers completion only after `compinit`; the zsh hook passes
/// `TWENV_ZSH_COMPINIT` (whether `compdef` exists in this shell).
fn zsh_completion(env: &Env) -> Option<Check> {
    if env.var("TWENV_SHELL").as_deref() != Some("zsh") {
        return None;
    }
    Some(match env.var("TWENV_ZSH_COMPINIT").as_deref() {
        Some("1") => ok(
            "zsh_completion",
            "compinit has run: completion is registered",
        ),
        Some(_) => bad(
            "zsh_completion",
            Status::Warn,
            "compinit has not run in this zsh: twenv's completion will not register",
            "echo 'autoload -Uz compinit && compinit' >> ~/.zshrc  # before the twenv line",
        ),
        None => return None,
    })
}

/// Names the Twilio serverless toolkit takes from a `.env` over the
/// environment (it reads ACCOUNT_SID and AUTH_TOKEN from there first).
fn is_twilio_dotenv_name(name: &str) -> bool {
    name.starts_with("TWILIO_") || name == "ACCOUNT_SID" || name == "AUTH_TOKEN"
}

/// A `.env` here with Twilio credentials, which `twilio serverless:*` would
/// prefer to twenv's. Only the names are read out, never a value.
fn dotenv(cwd: &Path) -> Check {
    let path = cwd.join(".env");
    let Ok(text) = fs::read_to_string(&path) else {
        return ok("dotenv", "no .env here");
    };
    let names: Vec<&str> = text
        .lines()
        .filter_map(|line| {
            let line = line.trim_start();
            let line = line.strip_prefix("export ").unwrap_or(line).trim_start();
            let (name, _) = line.split_once('=')?;
            let name = name.trim_end();
            is_twilio_dotenv_name(name).then_some(name)
        })
        .collect();
    if names.is_empty() {
        return ok("dotenv", ".env here sets no Twilio credentials");
    }
    bad(
        "dotenv",
        Status::Warn,
        format!(
            "{} sets {}: Twilio's serverless toolkit (`twilio serverless:*`, twilio-run) \
             prefers them to twenv's",
            path.display(),
            names.join(", ")
        ),
        format!(
            "sed -i.bak -E '/^[[:space:]]*(export[[:space:]]+)?(TWILIO_[A-Z_]*|ACCOUNT_SID|AUTH_TOKEN)[[:space:]]*=/d' {}",
            quote(&path)
        ),
    )
}

/// The Twilio CLI's config.json: secrets in plain text, and
/// `requireProfileInput`, which blocks environment credentials.
fn twilio_cli_config(cli_dir: &Path, me: &str) -> Vec<Check> {
    let file = cli_dir.join(twilio_cli::FILE);
    let cli = match CliConfig::read(cli_dir) {
        Ok(Some(cli)) => cli,
        Ok(None) => {
            return vec![ok(
                "twilio_cli",
                format!("no {} (nothing to import)", file.display()),
            )];
        }
        Err(e) => {
            return vec![bad(
                "twilio_cli",
                Status::Warn,
                e.to_string().lines().next().unwrap_or_default(),
                format!("${{EDITOR:-vi}} {}", quote(&file)),
            )];
        }
    };
    let from = if twilio_cli::locate(None).ok().as_deref() == Some(cli_dir) {
        String::new()
    } else {
        format!(" --from {}", quote(cli_dir))
    };
    let secrets = cli.plaintext_secrets();
    let mut checks = vec![if secrets.is_empty() {
        ok(
            "twilio_cli",
            format!("{} holds no API secret", file.display()),
        )
    } else {
        bad(
            "twilio_cli",
            Status::Warn,
            format!(
                "{} holds the API secrets of {} in plain text",
                file.display(),
                secrets.join(", ")
            ),
            format!("{me} import --scrub{from}"),
        )
    }];
    checks.push(if cli.require_profile_input {
        bad(
            "twilio_cli_env",
            Status::Warn,
            "requireProfileInput is on: the Twilio CLI ignores TWILIO_* variables (twenv use, twenv exec)",
            "twilio config:set --no-require-profile-input",
        )
    } else {
        ok("twilio_cli_env", "the Twilio CLI accepts credentials from the environment")
    });
    checks
}

/// `--online`: the credentials in use work at Twilio (as `current --verify`).
fn online(dir: &ConfigDir, resolved: Option<&Resolved>, me: &str) -> Check {
    let Some(resolved) = resolved else {
        return bad(
            "online",
            Status::Fail,
            "no credentials to check",
            format!("{me} use ID"),
        );
    };
    match current::verify(dir, resolved) {
        Ok(message) => ok("online", message),
        Err(e) => bad(
            "online",
            Status::Fail,
            e.to_string().lines().next().unwrap_or_default(),
            format!(
                "{me} login -p {} --force",
                resolved.profile_id().unwrap_or("ID")
            ),
        ),
    }
}

/// The `.twenv-profile` that applies here, and whether it is trusted.
fn pin_here(dir: &ConfigDir, config: &Config, here: &Path) -> Check {
    let Some(lookup) = crate::pin::lookup(dir, here) else {
        return ok("pin", "no .twenv-profile applies here");
    };
    let shown = lookup.file.display();
    let pinned = quote(lookup.file.dir());
    match (crate::pin::usable(&lookup, config), &lookup.state) {
        (Ok(id), _) => ok(
            "pin",
            format!("{shown} pins profile '{id}', and you trust it"),
        ),
        (Err(why), crate::pin::PinState::Untrusted(_)) => {
            bad("pin", Status::Warn, why, format!("twenv allow {pinned}"))
        }
        (Err(why), _) => bad(
            "pin",
            Status::Warn,
            why,
            format!("twenv unpin {pinned}  # or mend the file by hand"),
        ),
    }
}

fn print(format: OutputFormat, checks: &[Check]) -> Result<()> {
    match format {
        OutputFormat::Json => output::print_json(&checks),
        OutputFormat::Tsv => ui::print_stdout(
            &Table {
                header: vec![
                    column("CHECK", "check"),
                    column("STATUS", "status"),
                    column("MESSAGE", "message"),
                    column("FIX", "fix"),
                ],
                rows: checks
                    .iter()
                    .map(|c| {
                        vec![
                            Some(c.check.to_string()),
                            Some(c.status.as_str().to_string()),
                            Some(c.message.clone()),
                            c.fix.clone(),
                        ]
                    })
                    .collect(),
            }
            .render(TextFormat::Tsv, None),
        ),
        OutputFormat::Columns => ui::print_stdout(&lines(checks, colour())),
    }
}

/// Colour only for a terminal, and never when NO_COLOR is set (no-color.org).
fn colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn lines(checks: &[Check], colour: bool) -> String {
    let width = checks.iter().map(|c| c.check.len()).max().unwrap_or(0);
    let mut out = String::new();
    for c in checks {
        let mark = format!("{:<4}", c.status.as_str());
        let mark = match (colour, c.status) {
            (false, _) => mark,
            (true, Status::Ok) => format!("\x1b[32m{mark}\x1b[0m"),
            (true, Status::Warn) => format!("\x1b[33m{mark}\x1b[0m"),
            (true, Status::Fail) => format!("\x1b[31m{mark}\x1b[0m"),
        };
        out.push_str(&format!("{mark}  {:<width$}  {}\n", c.check, c.message));
        if let Some(fix) = &c.fix {
            out.push_str(&format!("{:<4}  {:<width$}  fix: {fix}\n", "", ""));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CONFIG_FILE;
    use crate::store::CREDENTIALS_FILE;

    fn env(pairs: &[(&str, &str)]) -> Env {
        Env::from_pairs(pairs)
    }

    #[test]
    fn hook_loaded_only_when_the_hook_says_so() {
        let exe = std::env::current_exe().unwrap();
        let exe_s = exe.to_str().unwrap();
        let loaded = env(&[("TWENV_SHELL", "bash"), ("TWENV_HOOK_BIN", exe_s)]);
        let c = hook(&loaded, &exe, Some(&exe), "twenv");
        assert_eq!(c.status, Status::Ok, "{c:?}");
        // Reinstalled elsewhere: PATH's twenv is not the one the hook runs.
        let c = hook(&loaded, &exe, Some(Path::new("/bin/sh")), "twenv");
        assert_eq!(c.status, Status::Warn, "{c:?}");
        assert_eq!(c.fix.as_deref(), Some("eval \"$(/bin/sh init bash)\""));
        // TWENV_SHELL alone is what a user or an old hook may have set.
        let c = hook(
            &env(&[("TWENV_SHELL", "zsh"), ("SHELL", "/bin/zsh")]),
            &exe,
            None,
            "twenv",
        );
        assert_eq!(c.status, Status::Warn);
        assert!(c.message.contains("not loaded in this shell"), "{c:?}");
        assert_eq!(
            c.fix.as_deref(),
            Some("echo 'eval \"$(twenv init zsh)\"' >> ~/.zshrc && eval \"$(twenv init zsh)\"")
        );
        let c = hook(&env(&[("SHELL", "/usr/bin/fish")]), &exe, None, "twenv");
        assert_eq!(
            c.fix.as_deref(),
            Some(
                "echo 'twenv init fish | source' >> ~/.config/fish/config.fish && twenv init fish | source"
            )
        );
        let c = hook(
            &env(&[
                ("TWENV_SHELL", "bash"),
                ("TWENV_HOOK_BIN", "/nowhere/twenv"),
            ]),
            &exe,
            None,
            "twenv",
        );
        assert_eq!(c.status, Status::Warn);
        assert!(c.message.contains("/nowhere/twenv"), "{c:?}");
    }

    #[test]
    fn zsh_without_compinit_warns() {
        assert!(zsh_completion(&env(&[("TWENV_SHELL", "bash")])).is_none());
        let c =
            zsh_completion(&env(&[("TWENV_SHELL", "zsh"), ("TWENV_ZSH_COMPINIT", "0")])).unwrap();
        assert_eq!(c.status, Status::Warn);
        assert!(c.fix.unwrap().contains("compinit"));
        let c =
            zsh_completion(&env(&[("TWENV_SHELL", "zsh"), ("TWENV_ZSH_COMPINIT", "1")])).unwrap();
        assert_eq!(c.status, Status::Ok);
    }

    const AC: &str = "AC0123456789abcdef0123456789abcdef";
    const SK: &str = "SK0123456789abcdef0123456789abcdef";

    #[test]
    fn incomplete_env_names_what_is_missing() {
        assert_eq!(incomplete_env(&env(&[]), "twenv").status, Status::Ok);
        let full = [
            ("TWILIO_ACCOUNT_SID", AC),
            ("TWILIO_API_KEY", SK),
            ("TWILIO_API_SECRET", "s"),
        ];
        assert_eq!(incomplete_env(&env(&full), "twenv").status, Status::Ok);
        let token = [("TWILIO_ACCOUNT_SID", AC), ("TWILIO_AUTH_TOKEN", "t")];
        assert_eq!(incomplete_env(&env(&token), "twenv").status, Status::Ok);
        let c = incomplete_env(&env(&full[..2]), "twenv");
        assert_eq!(c.status, Status::Warn);
        assert!(c.message.contains("TWILIO_API_SECRET not"), "{c:?}");
        assert_eq!(
            c.fix.as_deref(),
            Some("unset TWILIO_ACCOUNT_SID TWILIO_API_KEY  # or: twenv use ID")
        );
        let c = incomplete_env(&env(&[("TWILIO_AUTH_TOKEN", "t")]), "twenv");
        assert_eq!(
            c.message,
            "TWILIO_AUTH_TOKEN set but TWILIO_ACCOUNT_SID not: the set is ignored"
        );
        let c = incomplete_env(
            &env(&[("TWILIO_AUTH_TOKEN", "t"), ("TWILIO_API_KEY", SK)]),
            "twenv",
        );
        assert!(
            c.message
                .contains("TWILIO_ACCOUNT_SID, TWILIO_API_SECRET not"),
            "{c:?}"
        );
    }

    #[test]
    fn a_stray_auth_token_warns_without_showing_it() {
        assert_eq!(auth_token(&env(&[]), "twenv").status, Status::Ok);
        let c = auth_token(
            &env(&[("TWILIO_AUTH_TOKEN", "tok-value"), ("TWILIO_API_KEY", SK)]),
            "twenv",
        );
        assert_eq!(c.status, Status::Warn);
        assert!(!format!("{c:?}").contains("tok-value"));
        assert!(c.fix.unwrap().starts_with("unset TWILIO_AUTH_TOKEN"));
    }

    #[test]
    fn credentials_say_where_they_come_from() {
        let mut config = Config::default();
        let none = resolve::resolve(&config, None, &env(&[]));
        let c = credentials(&none, &config, "twenv");
        assert_eq!(
            (c.status, c.fix.as_deref()),
            (Status::Warn, Some("twenv login"))
        );
        config.profiles.insert(
            "dev".into(),
            crate::config::Profile {
                account_sid: AC.into(),
                api_key: SK.into(),
                region: None,
                edge: None,
                storage: Storage::File,
                env: Default::default(),
                key: Default::default(),
                other: Default::default(),
            },
        );
        config.active = Some("dev".into());
        let r = resolve::resolve(&config, None, &env(&[]));
        let c = credentials(&r, &config, "twenv");
        assert_eq!(c.status, Status::Ok);
        assert_eq!(
            c.message,
            "profile 'dev', from the active profile in config.yaml"
        );
    }

    #[test]
    fn dotenv_names_twilio_variables_never_values() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(dotenv(dir.path()).status, Status::Ok);
        fs::write(dir.path().join(".env"), "PORT=3000\n").unwrap();
        assert_eq!(dotenv(dir.path()).status, Status::Ok);
        fs::write(
            dir.path().join(".env"),
            "PORT=3000\nexport TWILIO_ACCOUNT_SID=ACx\nAUTH_TOKEN = hushhush\n",
        )
        .unwrap();
        let c = dotenv(dir.path());
        assert_eq!(c.status, Status::Warn);
        assert!(
            c.message.contains("TWILIO_ACCOUNT_SID, AUTH_TOKEN"),
            "{c:?}"
        );
        assert!(!format!("{c:?}").contains("hushhush"));
    }

    #[test]
    fn modes_name_the_chmod() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("twenv");
        fs::create_dir(&d).unwrap();
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&d, fs::Permissions::from_mode(0o700)).unwrap();
        fs::write(d.join(CONFIG_FILE), "").unwrap();
        fs::set_permissions(d.join(CONFIG_FILE), fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(modes(&d).status, Status::Ok);
        fs::set_permissions(&d, fs::Permissions::from_mode(0o755)).unwrap();
        fs::write(d.join(CREDENTIALS_FILE), "").unwrap();
        fs::set_permissions(d.join(CREDENTIALS_FILE), fs::Permissions::from_mode(0o644)).unwrap();
        let c = modes(&d);
        assert_eq!(c.status, Status::Fail, "{c:?}");
        let fix = c.fix.unwrap();
        assert!(fix.contains(&format!("chmod 700 {}", d.display())), "{fix}");
        assert!(
            fix.contains("chmod 600") && fix.contains(CREDENTIALS_FILE),
            "{fix}"
        );
    }

    #[test]
    fn twilio_cli_plaintext_and_require_profile_input() {
        let dir = tempfile::tempdir().unwrap();
        let checks = twilio_cli_config(dir.path(), "twenv");
        assert_eq!(checks.len(), 1);
        assert_eq!(checks[0].status, Status::Ok);
        fs::write(
            dir.path().join("config.json"),
            format!(r#"{{"profiles":{{"a":{{"accountSid":"{AC}","apiKey":"{SK}","apiSecret":"plain-secret"}}}},"requireProfileInput":true}}"#),
        )
        .unwrap();
        let checks = twilio_cli_config(dir.path(), "twenv");
        assert_eq!(checks[0].status, Status::Warn);
        assert!(
            checks[0]
                .fix
                .as_deref()
                .unwrap()
                .starts_with("twenv import --scrub --from ")
        );
        assert_eq!(checks[1].status, Status::Warn);
        assert!(!format!("{checks:?}").contains("plain-secret"));
    }

    #[test]
    fn lines_mark_each_check_and_colour_only_when_asked() {
        let checks = [ok("a", "fine"), bad("bb", Status::Fail, "broken", "do x")];
        let plain = lines(&checks, false);
        assert_eq!(
            plain,
            "ok    a   fine\nfail  bb  broken\n          fix: do x\n"
        );
        assert!(!plain.contains('\x1b'));
        assert!(lines(&checks, true).contains("\x1b[31mfail"));
    }
}
