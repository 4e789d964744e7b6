//! The leak guard. Every secret a test hands to twenv — an Auth Token or API
//! secret on stdin, a credential in the environment — and every token the fake
//! Twilio accepts or secret it issues is remembered in the test's [`Secrets`].
//! After every `twenv` command started through [`crate::common::TestEnv::twenv`]
//! (a [`GuardedCommand`]), its stdout, its stderr and every file under the
//! test's temporary directory (HOME, config dir, whatever the test made) are
//! searched for all of them, so a new test gets the check without asking.
//!
//! Where a secret may appear depends on what it is ([`Kind`]) and on the
//! command: the result of `use`, `unuse` and `export` on stdout carries the
//! profile's secret by design, and what `exec` prints is its child's. An Auth
//! Token given to twenv appears nowhere, ever; an API secret is in no file but
//! `credentials.yaml` (and in none at all when kept in the keyring).

use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use assert_cmd::Command;
use assert_cmd::assert::Assert;

/// What a secret is, which decides where it may be seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An Auth Token given to twenv (stdin, a prompt) or one the fake Twilio
    /// accepts: used for one request, then shown and stored nowhere.
    AuthToken,
    /// A credential in the environment twenv runs in (`TWILIO_API_SECRET`,
    /// `TWILIO_AUTH_TOKEN`): `use` saves it for `unuse`, `exec`'s child sees it;
    /// never on stderr, never in a file.
    Environment,
    /// An API secret twenv keeps: on stdout where the result carries it, in
    /// `credentials.yaml` at most.
    ApiSecret,
    /// An API secret kept in the keyring: as [`Kind::ApiSecret`], but in no file.
    KeyringSecret,
}

/// Values shorter than this are ordinary words ("other", "s3cret") that a
/// message may contain for other reasons; tests use longer secrets.
const MIN_LEN: usize = 8;

/// The secrets one test knows; cheap to clone, shared with the fake Twilio.
#[derive(Clone, Default)]
pub struct Secrets(Arc<Mutex<Vec<(String, Kind)>>>);

impl Secrets {
    pub fn add(&self, value: &str, kind: Kind) {
        if value.len() < MIN_LEN {
            return;
        }
        let mut list = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if !list.iter().any(|(v, k)| v == value && *k == kind) {
            list.push((value.to_string(), kind));
        }
    }

    pub fn all(&self) -> Vec<(String, Kind)> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Each value once, with every kind it was registered as.
    fn by_value(&self) -> Vec<(String, Vec<Kind>)> {
        let mut out: Vec<(String, Vec<Kind>)> = Vec::new();
        for (value, kind) in self.all() {
            match out.iter_mut().find(|(v, _)| *v == value) {
                Some((_, kinds)) => kinds.push(kind),
                None => out.push((value, vec![kind])),
            }
        }
        out
    }

    /// Panics, naming every place a known secret was seen where its kind may
    /// not be: in `stdout`/`stderr` of `twenv ARGS`, or in a file under one of
    /// `roots` (HOME and the config dir: where twenv writes; the test's own
    /// files elsewhere in its temporary directory may hold what it likes).
    pub fn assert_no_leak(&self, args: &[String], stdout: &[u8], stderr: &[u8], roots: &[PathBuf]) {
        let command = subcommand(args);
        let result_on_stdout = matches!(
            command,
            Some("use" | "unuse" | "deactivate" | "export" | "exec")
        );
        let child_output = command == Some("exec");
        // `export --format github` masks the values in the CI log: on stderr.
        let stderr_text = String::from_utf8_lossy(stderr);
        let stderr_unmasked: String = stderr_text
            .lines()
            .filter(|l| !l.starts_with("::add-mask::"))
            .collect::<Vec<_>>()
            .join("\n");
        let mut files = Vec::new();
        for (i, root) in roots.iter().enumerate() {
            if !roots[..i].iter().any(|r| root.starts_with(r)) {
                walk(root, &mut files);
            }
        }

        let mut leaks = Vec::new();
        for (value, kinds) in self.by_value() {
            // A value known as an Auth Token is one, whatever else it is; a value
            // both in the environment and in the file store may be in the store.
            let token = kinds.contains(&Kind::AuthToken);
            let in_store = !token && kinds.contains(&Kind::ApiSecret);
            let kind = if token { Kind::AuthToken } else { kinds[0] };
            if contains(stdout, &value) && (token || !result_on_stdout) {
                leaks.push(format!("{kind:?} {value:?} on stdout"));
            }
            let on_stderr = if command == Some("export") && !token {
                stderr_unmasked.contains(&value)
            } else {
                contains(stderr, &value)
            };
            if on_stderr && (token || !child_output) {
                leaks.push(format!("{kind:?} {value:?} on stderr"));
            }
            for (path, bytes) in &files {
                let store = path.file_name() == Some(OsStr::new("credentials.yaml"));
                if contains(bytes, &value) && !(in_store && store) {
                    leaks.push(format!("{kind:?} {value:?} in {}", path.display()));
                }
            }
        }
        assert!(
            leaks.is_empty(),
            "`twenv {}` leaked a secret:\n  {}\nstdout: {}\nstderr: {}",
            args.join(" "),
            leaks.join("\n  "),
            String::from_utf8_lossy(stdout),
            stderr_text,
        );
    }
}

/// The subcommand of `twenv ARGS`: the first word that is neither an option
/// nor the value of a global option.
fn subcommand(args: &[String]) -> Option<&str> {
    let mut words = args.iter();
    while let Some(word) = words.next() {
        match word.as_str() {
            "-p" | "--profile" | "-o" | "--output" | "--config-dir" => {
                words.next();
            }
            w if w.starts_with('-') => {}
            w => return Some(w),
        }
    }
    None
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&path, out);
        } else if kind.is_file()
            && let Ok(bytes) = fs::read(&path)
        {
            out.push((path, bytes));
        }
    }
}

/// `twenv` as assert_cmd's `Command`, with the leak guard run on its output
/// and on the files under HOME and the config dir.
/// It offers the builder methods the tests use; add one here rather than
/// reaching around the guard.
pub struct GuardedCommand {
    cmd: Command,
    stdin: Option<Vec<u8>>,
    secrets: Secrets,
    home: PathBuf,
}

impl GuardedCommand {
    pub fn new(cmd: Command, secrets: Secrets, home: PathBuf) -> Self {
        GuardedCommand {
            cmd,
            stdin: None,
            secrets,
            home,
        }
    }

    pub fn arg(&mut self, arg: impl AsRef<OsStr>) -> &mut Self {
        self.cmd.arg(arg);
        self
    }

    pub fn args<I, S>(&mut self, args: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.cmd.args(args);
        self
    }

    pub fn env(&mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> &mut Self {
        self.cmd.env(key, value);
        self
    }

    #[allow(dead_code)] // offered to tests to come, like the rest
    pub fn env_remove(&mut self, key: impl AsRef<OsStr>) -> &mut Self {
        self.cmd.env_remove(key);
        self
    }

    #[allow(dead_code)] // offered to tests to come, like the rest
    pub fn current_dir(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.cmd.current_dir(dir);
        self
    }

    pub fn timeout(&mut self, timeout: Duration) -> &mut Self {
        self.cmd.timeout(timeout);
        self
    }

    pub fn write_stdin(&mut self, buffer: impl Into<Vec<u8>>) -> &mut Self {
        let buffer = buffer.into();
        self.cmd.write_stdin(buffer.clone());
        self.stdin = Some(buffer);
        self
    }

    pub fn output(&mut self) -> io::Result<Output> {
        let args: Vec<String> = self
            .cmd
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        self.learn(&args);
        let out = self.cmd.output()?;
        self.secrets
            .assert_no_leak(&args, &out.stdout, &out.stderr, &self.roots(&args));
        Ok(out)
    }

    pub fn assert(&mut self) -> Assert {
        let out = self.output().expect("run twenv");
        Assert::new(out).append_context("command", format!("{:?}", self.cmd))
    }

    /// HOME, and the config dir wherever the command was told it is.
    fn roots(&self, args: &[String]) -> Vec<PathBuf> {
        let mut roots = vec![self.home.clone()];
        for (key, value) in self.cmd.get_envs() {
            if let (Some("TWENV_CONFIG_DIR" | "XDG_CONFIG_HOME"), Some(value)) =
                (key.to_str(), value)
            {
                roots.push(PathBuf::from(value));
            }
        }
        for (i, arg) in args.iter().enumerate() {
            if let Some(dir) = arg.strip_prefix("--config-dir=") {
                roots.push(PathBuf::from(dir));
            } else if arg == "--config-dir"
                && let Some(dir) = args.get(i + 1)
            {
                roots.push(PathBuf::from(dir));
            }
        }
        // A relative directory is relative to where twenv ran: HOME.
        roots.into_iter().map(|r| self.home.join(r)).collect()
    }

    /// Remembers the secrets this command is given, before it runs.
    fn learn(&self, args: &[String]) {
        let mut storage_file = false;
        for (key, value) in self.cmd.get_envs() {
            let (Some(key), Some(value)) = (key.to_str(), value.and_then(OsStr::to_str)) else {
                continue;
            };
            match key {
                "TWILIO_API_SECRET" | "TWILIO_AUTH_TOKEN" => {
                    self.secrets.add(value, Kind::Environment)
                }
                "TWENV_STORAGE" => storage_file = value == "file",
                _ => {}
            }
        }
        if let Some(at) = args.iter().position(|a| a == "--storage") {
            storage_file = args.get(at + 1).is_some_and(|s| s == "file");
        }
        let has = |flag: &str| args.iter().any(|a| a == flag);
        let Some(line) = self.stdin.as_deref().map(first_line) else {
            return;
        };
        if has("--auth-token-stdin") {
            self.secrets.add(&line, Kind::AuthToken);
        }
        if has("--api-secret-stdin") {
            let kind = if storage_file {
                Kind::ApiSecret
            } else {
                Kind::KeyringSecret
            };
            self.secrets.add(&line, kind);
        }
    }
}

fn first_line(stdin: &[u8]) -> String {
    let text = String::from_utf8_lossy(stdin);
    let line = text.split('\n').next().unwrap_or_default();
    line.strip_suffix('\r').unwrap_or(line).to_string()
}
