//! Shell integration (issue 4): the code `use`/`unuse` print, evaluated by the
//! real shells; the hooks; `exec`, `export`, `prompt`, `init`.

mod commands;
mod hooks;
mod roundtrip;
mod secrets;

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
}

pub const HOOK_SHELLS: [Sh; 3] = [Sh::Bash, Sh::Zsh, Sh::Fish];

impl Sh {
    pub fn name(self) -> &'static str {
        match self {
            Sh::Bash => "bash",
            Sh::Zsh => "zsh",
            Sh::Fish => "fish",
            Sh::Dash => "dash",
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
        require(self.name())
    }

    fn args(self) -> &'static [&'static str] {
        match self {
            Sh::Bash => &["--norc", "--noprofile"],
            Sh::Zsh => &["-f"],
            Sh::Fish => &["--no-config"],
            Sh::Dash => &[],
        }
    }

    /// Runs `script` with `-c` in a non-interactive shell with `env`'s environment.
    pub fn run(self, path: &Path, env: &TestEnv, script: &str) -> Output {
        self.run_with(path, env, &[], script)
    }

    /// The script ends with `true`, so no shell replaces itself with its last
    /// command (zsh would, and lower SHLVL in that command's environment).
    pub fn run_with(self, path: &Path, env: &TestEnv, extra: &[&str], script: &str) -> Output {
        env.std_command(path)
            .args(self.args())
            .args(extra)
            .arg("-c")
            .arg(format!("{script}\ntrue\n"))
            .output()
            .expect("run the shell")
    }

    /// Code that evaluates the output of `twenv ARGS --shell S` in this shell (no hook).
    pub fn eval_twenv(self, args: &str) -> String {
        let bin = quote_posix(&twenv_bin().display().to_string());
        let shell = self.twenv_shell();
        match self {
            Sh::Fish => format!("{bin} {args} --shell {shell} | source\n"),
            _ => format!("eval \"$({bin} {args} --shell {shell})\"\n"),
        }
    }

    /// Code that loads the hook (`init`) in this shell.
    pub fn source_hook(self) -> String {
        let bin = quote_posix(&twenv_bin().display().to_string());
        match self {
            Sh::Fish => format!("{bin} init fish | source\n"),
            other => format!("eval \"$({bin} init {})\"\n", other.name()),
        }
    }

    /// Code that writes the exported environment, NUL-separated, to `file`.
    pub fn dump_env(self, file: &Path) -> String {
        format!(
            "/usr/bin/env -0 > {}\n",
            quote_posix(&file.display().to_string())
        )
    }
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
    fs::write(&config_path, yaml(&config)).expect("write config");
    set_mode(&config_path, 0o600);
    let creds = dir.join("credentials.yaml");
    fs::write(&creds, yaml(&serde_json::json!({ "secrets": secrets }))).expect("write credentials");
    set_mode(&creds, 0o600);
}

/// YAML from serde_yaml, which escapes what YAML cannot hold raw (DEL, C0 controls).
fn yaml(value: &serde_json::Value) -> String {
    serde_yaml::to_string(value).expect("YAML")
}

pub fn assert_ran(out: &Output, what: &str) {
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{what}: status {:?}\nstdout: {}\nstderr: {}",
        out.status,
        stdout_of(out),
        stderr_of(out)
    );
}
