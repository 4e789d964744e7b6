//! Shell integration (issue 4): the code `use`/`unuse` print, evaluated by the
//! real shells; the hooks; `exec`, `export`, `prompt`, `init`.

mod auto;
mod batch;
mod commands;
mod hooks;
mod nu;
mod nu_auto;
mod roundtrip;
mod secrets;
mod term;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::*;

/// A shell under test: how to find it and run a script in it without rc files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sh {
    Bash,
    Zsh,
    Fish,
    Dash,
    /// Nushell, which has no eval: every script it runs starts by loading the
    /// module of `twenv init nu`, and `twenv use` goes through it.
    Nu,
}

pub const HOOK_SHELLS: [Sh; 3] = [Sh::Bash, Sh::Zsh, Sh::Fish];

impl Sh {
    pub fn name(self) -> &'static str {
        match self {
            Sh::Bash => "bash",
            Sh::Zsh => "zsh",
            Sh::Fish => "fish",
            Sh::Dash => "dash",
            Sh::Nu => "nu",
        }
    }

    /// The `--shell` value whose code this shell evaluates.
    pub fn twenv_shell(self) -> &'static str {
        match self {
            Sh::Dash => "posix",
            other => other.name(),
        }
    }

    pub fn path(self) -> Option<PathBuf> {
        let path = require(self.name())?;
        Some(match self {
            Sh::Nu => native_nu(path),
            _ => path,
        })
    }

    fn args(self) -> &'static [&'static str] {
        match self {
            Sh::Bash => &["--norc", "--noprofile"],
            Sh::Zsh => &["-f"],
            Sh::Fish => &["--no-config"],
            Sh::Dash => &[],
            Sh::Nu => &["--no-config-file"],
        }
    }

    /// Runs `script` with `-c` in a non-interactive shell with `env`'s environment.
    pub fn run(self, path: &Path, env: &TestEnv, script: &str) -> Output {
        self.run_with(path, env, &[], script)
    }

    /// The script ends with `true`, so no shell replaces itself with its last
    /// command (zsh would, and lower SHLVL in that command's environment).
    pub fn run_with(self, path: &Path, env: &TestEnv, extra: &[&str], script: &str) -> Output {
        let script = match self {
            // nu never replaces itself with a command, and would print `true`.
            Sh::Nu => format!("use {} *\n{script}", nu_module(env)),
            _ => format!("{script}\ntrue\n"),
        };
        env.std_command(path)
            .args(self.args())
            .args(extra)
            .arg("-c")
            .arg(script)
            .output()
            .expect("run the shell")
    }

    /// Code that evaluates the output of `twenv ARGS --shell S` in this shell (no hook).
    pub fn eval_twenv(self, args: &str) -> String {
        let bin = quote_posix(&twenv_bin().display().to_string());
        let shell = self.twenv_shell();
        match self {
            Sh::Fish => format!("{bin} {args} --shell {shell} | source\n"),
            // Only the module can apply the record (see `Sh::Nu`).
            Sh::Nu => format!("twenv {args} --shell {shell}\n"),
            _ => format!("eval \"$({bin} {args} --shell {shell})\"\n"),
        }
    }

    /// Code that loads the hook (`init`) in this shell.
    pub fn source_hook(self) -> String {
        let bin = quote_posix(&twenv_bin().display().to_string());
        match self {
            Sh::Fish => format!("{bin} init fish | source\n"),
            // Loaded by `run_with`: `use` needs the file when the script is parsed.
            Sh::Nu => String::new(),
            other => format!("eval \"$({bin} init {})\"\n", other.name()),
        }
    }

    /// Code that writes the exported environment, NUL-separated, to `file`.
    pub fn dump_env(self, file: &Path) -> String {
        let file = quote_posix(&file.display().to_string());
        match self {
            Sh::Nu => format!("^/usr/bin/env -0 o> {file}\n"),
            _ => format!("/usr/bin/env -0 > {file}\n"),
        }
    }
}

/// The module of `twenv init nu`, saved in the test's directory, as a quoted
/// path. Its file name makes its `main` the command `twenv`.
pub fn nu_module(env: &TestEnv) -> String {
    let dir = env.tmp.path().join("nu-module");
    let path = dir.join("twenv.nu");
    if !path.exists() {
        fs::create_dir_all(&dir).expect("module dir");
        // Not through the leak guard: the property tests' random values,
        // secrets among them, may be parts of one another in the config.
        let out = env
            .command(twenv_bin())
            .args(["init", "nu"])
            .output()
            .expect("twenv init nu");
        assert_ran(&out, "twenv init nu");
        fs::write(&path, &out.stdout).expect("write the module");
    }
    quote_posix(&path.display().to_string())
}

/// npm's `nu` is a node script that starts the real binary from the package's
/// `node_modules`; that binary is used directly, 100 ms sooner per run and with
/// its own exit status (the script turns a death by signal into 0).
fn native_nu(found: PathBuf) -> PathBuf {
    let Ok(script) = fs::canonicalize(&found) else {
        return found;
    };
    if script.extension().is_none_or(|e| e != "js") {
        return found;
    }
    let packages = script
        .parent()
        .and_then(Path::parent)
        .map(|p| p.join("node_modules/@nushell"));
    let native = packages
        .and_then(|dir| fs::read_dir(dir).ok())
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path().join("bin/nu"))
        .find(|bin| bin.is_file());
    native.unwrap_or(found)
}

/// A path or word for a test script; the same syntax works in all four shells
/// for the plain paths the tests use.
pub fn quote_posix(s: &str) -> String {
    assert!(!s.contains(['\'', '\\']), "test paths are plain: {s:?}");
    format!("'{s}'")
}

/// A NUL-separated `env -0` dump, without `_` (which shells set to the last command).
pub fn read_env_dump(path: &Path) -> BTreeMap<String, String> {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let text = String::from_utf8(bytes).expect("the environment is UTF-8");
    text.split('\0')
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            let (k, v) = entry.split_once('=').expect("NAME=value");
            (k.to_string(), v.to_string())
        })
        .filter(|(k, _)| k != "_")
        .collect()
}

/// A profile written straight into the config and the file store, so values
/// no command would accept (and every quoting case) can be tried.
#[derive(Debug, Clone)]
pub struct ProfileSpec {
    pub id: String,
    pub account_sid: String,
    pub api_key: String,
    pub secret: String,
    pub region: Option<String>,
    pub edge: Option<String>,
    pub env: Vec<(String, String)>,
}

impl ProfileSpec {
    pub fn new(id: &str, n: u32, secret: &str) -> ProfileSpec {
        ProfileSpec {
            id: id.to_string(),
            account_sid: sid("AC", n),
            api_key: sid("SK", n),
            secret: secret.to_string(),
            region: None,
            edge: None,
            env: Vec::new(),
        }
    }

    /// What `use` should leave in the environment, applied to `before`.
    pub fn apply(&self, before: &BTreeMap<String, String>) -> BTreeMap<String, String> {
        let mut after = before.clone();
        let mut put = |k: &str, v: Option<&str>| match v {
            Some(v) => {
                after.insert(k.to_string(), v.to_string());
            }
            None => {
                after.remove(k);
            }
        };
        put("TWILIO_ACCOUNT_SID", Some(&self.account_sid));
        put("TWILIO_API_KEY", Some(&self.api_key));
        put("TWILIO_API_SECRET", Some(&self.secret));
        put("TWILIO_AUTH_TOKEN", None);
        put("TWILIO_REGION", self.region.as_deref());
        put("TWILIO_EDGE", self.edge.as_deref());
        put("TWENV_PROFILE", Some(&self.id));
        for (k, v) in &self.env {
            put(k, Some(v));
        }
        after
    }
}

/// Writes the profiles with their secrets in `credentials.yaml`.
pub fn write_profiles(env: &TestEnv, profiles: &[&ProfileSpec], active: Option<&str>) {
    let dir = env.config_dir();
    fs::create_dir_all(&dir).expect("config dir");
    set_mode(&dir, 0o700);
    let mut config = serde_json::json!({ "profiles": {} });
    let mut secrets = serde_json::Map::new();
    for p in profiles {
        let extra: serde_json::Map<String, serde_json::Value> = p
            .env
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect();
        config["profiles"][&p.id] = serde_json::json!({
            "account_sid": p.account_sid,
            "api_key": p.api_key,
            "region": p.region,
            "edge": p.edge,
            "storage": "file",
            "env": extra,
        });
        secrets.insert(
            p.api_key.clone(),
            serde_json::Value::String(p.secret.clone()),
        );
    }
    if let Some(active) = active {
        config["active"] = serde_json::Value::String(active.to_string());
    }
    let config_path = env.config_path();
    let config_text = yaml(&config);
    // For the leak guard; a random secret that is part of another value the
    // test put in the config (and so in its cache) proves nothing when found.
    let others: Vec<&str> = profiles
        .iter()
        .flat_map(|p| {
            let fields = [&p.id, &p.account_sid, &p.api_key].into_iter();
            let env = p.env.iter().flat_map(|(k, v)| [k, v]);
            fields
                .chain(env)
                .chain(p.region.iter())
                .chain(p.edge.iter())
        })
        .map(String::as_str)
        .collect();
    for p in profiles {
        if !others.iter().any(|o| o.contains(p.secret.as_str())) {
            env.secrets().add(&p.secret, Kind::ApiSecret);
        }
    }
    fs::write(&config_path, config_text).expect("write config");
    set_mode(&config_path, 0o600);
    let creds = dir.join("credentials.yaml");
    fs::write(&creds, yaml(&serde_json::json!({ "secrets": secrets }))).expect("write credentials");
    set_mode(&creds, 0o600);
}

/// YAML from serde_yaml, which escapes what YAML cannot hold raw (DEL, C0 controls).
fn yaml(value: &serde_json::Value) -> String {
    serde_yaml::to_string(value).expect("YAML")
}

/// Whether stderr holds nothing but the lines `use` reports what it did with.
pub fn only_use_reports(stderr: &[u8]) -> bool {
    String::from_utf8_lossy(stderr)
        .lines()
        .all(|line| line.starts_with("twenv: ") && line.ends_with(')') && line.contains(" (AC"))
}

/// stderr less the lines `use` reports what it did with.
pub fn without_use_reports(stderr: &[u8]) -> String {
    String::from_utf8_lossy(stderr)
        .lines()
        .filter(|line| !only_use_reports(line.as_bytes()))
        .map(|line| format!("{line}\n"))
        .collect()
}

/// Succeeded, and said nothing on stderr but what `use` reports it did
/// (`twenv: dev (AC…0001, ie1)`).
pub fn assert_ran(out: &Output, what: &str) {
    assert!(
        out.status.success() && only_use_reports(&out.stderr),
        "{what}: status {:?}\nstdout: {}\nstderr: {}",
        out.status,
        stdout_of(out),
        stderr_of(out)
    );
}
