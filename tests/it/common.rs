//! The test harness: isolated environments, real tools, and a private Secret
//! Service daemon.
//!
//! # Tests that need a tool: ignored, never passed, where it is missing
//!
//! A test that needs a program (or a daemon, a Python module, a file) says so
//! twice: once to the compiler, so that a machine without it *reports the test
//! as ignored* with the reason, and once at run time, to get the tool's path:
//!
//! ```ignore
//! #[test]
//! #[cfg_attr(missing = "zsh", ignore = "zsh is not installed")]
//! fn something_in_zsh() {
//!     let Some(zsh) = require("zsh") else { return };
//!     // …
//! }
//! ```
//!
//! `build.rs` probes every tool listed in `tests/it/probe.rs` (`TOOLS`) and
//! sets `cfg(missing = "<tool>")` for each one it cannot find, so the attribute
//! above turns into `#[ignore = "zsh is not installed"]` exactly where zsh is
//! missing; `cargo test` then prints `test … ignored, zsh is not installed`.
//! A test that needs several tools lists them:
//! `#[cfg_attr(any(missing = "zsh", missing = "tmux"), ignore = "needs zsh and tmux")]`.
//! Groups in `GROUPS` stand for tools needed together: `missing = "secret-service"`
//! (what `SecretService::start` needs), `"hook-shells"` (bash, zsh, fish),
//! `"shells"` (those and dash). A condition that is no program has a name too
//! (`"python3-dotenv"`, `"twilio-openapi"`, `"root"`), found by `probe::locate`.
//! A misspelt or unlisted tool in a `cfg` is an `unexpected_cfgs` warning (an
//! error under clippy `-D warnings`); `require` of an unlisted one panics: add
//! new tools to `TOOLS`.
//!
//! A test that cannot run for another reason calls `skip(reason)`, which fails
//! it with that reason: give it a probe and an attribute instead.
//!
//! `require` never lets a test pass without its tool: it returns the path, or
//! panics — when the test lacks the attribute (the message shows it), when it
//! was run on purpose with `--include-ignored`, and always under `CI=true`.
//! (It still returns an `Option`, always `Some`, so call sites written as
//! `let Some(zsh) = require("zsh") else { return }` keep compiling.)
//! Under `CI=true` nothing may be ignored: the test
//! `harness::the_tool_probe_matches_this_machine_and_ci_lacks_nothing` fails
//! while any tool is missing. `CI` is read at run time only, so setting it
//! rebuilds nothing.
//!
//! The probe reruns only when build.rs, probe.rs, dpkg's status file, a
//! directory on `SYSTEM_PATH` or `TWENV_TEST_PRETEND_MISSING` changes (a watched
//! path that does not exist would make cargo rebuild the crate on every run,
//! so none is watched); if it is out of date anyway, the harness test above
//! says so. To see what a bare machine reports, pretend tools are missing (this
//! rebuilds the crate once, and once more when unset):
//! `TWENV_TEST_PRETEND_MISSING="zsh fish" cargo test` (or `=all`). Every test
//! needing them must then show as ignored, none as failed.

#![allow(dead_code)]

use std::ffi::OsStr;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use tempfile::TempDir;

pub use crate::leaks::Kind;
use crate::leaks::{GuardedCommand, Secrets};
use crate::probe;

pub const AC: &str = "AC0123456789abcdef0123456789abcdef";
pub const SK: &str = "SK0123456789abcdef0123456789abcdef";
pub use crate::probe::SYSTEM_PATH;

/// A SID with the given prefix ("AC", "SK") whose digits encode `n`.
pub fn sid(prefix: &str, n: u32) -> String {
    format!("{prefix}{n:032x}")
}

pub fn twenv_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_twenv"))
}

/// A cleared environment with its own HOME; the config lives in the default
/// place, `$HOME/.config/twenv`.
pub struct TestEnv {
    pub tmp: TempDir,
    pub home: PathBuf,
    vars: Vec<(String, String)>,
    secrets: Secrets,
}

impl TestEnv {
    pub fn new() -> Self {
        let tmp = tempfile::tempdir().expect("temp dir");
        let home = tmp.path().join("home");
        fs::create_dir_all(&home).expect("home");
        let vars = vec![
            ("HOME".to_string(), home.display().to_string()),
            ("PATH".to_string(), SYSTEM_PATH.to_string()),
            ("LANG".to_string(), "C.UTF-8".to_string()),
        ];
        TestEnv {
            tmp,
            home,
            vars,
            secrets: Secrets::default(),
        }
    }

    /// Sets a variable for every command this environment starts.
    pub fn set_var(&mut self, name: &str, value: impl AsRef<OsStr>) {
        let value = value.as_ref().to_string_lossy().into_owned();
        if matches!(name, "TWILIO_API_SECRET" | "TWILIO_AUTH_TOKEN") {
            self.secrets.add(&value, Kind::Environment);
        }
        self.vars.retain(|(n, _)| n != name);
        self.vars.push((name.to_string(), value));
    }

    pub fn remove_var(&mut self, name: &str) {
        self.vars.retain(|(n, _)| n != name);
    }

    pub fn vars(&self) -> &[(String, String)] {
        &self.vars
    }

    pub fn config_dir(&self) -> PathBuf {
        self.home.join(".config").join("twenv")
    }

    pub fn config_path(&self) -> PathBuf {
        self.config_dir().join("config.yaml")
    }

    pub fn read_config(&self) -> String {
        fs::read_to_string(self.config_path()).unwrap_or_default()
    }

    /// `twenv` with exactly this environment (nothing inherited, no proxies),
    /// its output and the test's files checked for leaked secrets when it has
    /// run (see `leaks.rs`).
    pub fn twenv(&self) -> GuardedCommand {
        let mut cmd = Command::new(twenv_bin());
        self.apply(&mut cmd);
        GuardedCommand::new(cmd, self.secrets.clone(), self.home.clone())
    }

    /// The secrets the leak guard looks for; a test adds those twenv learns
    /// other than through its stdin or environment (a prompt, the fake Twilio).
    pub fn secrets(&self) -> &Secrets {
        &self.secrets
    }

    /// The leak guard for a `twenv ARGS` run some other way than [`Self::twenv`]
    /// (on a pseudo-terminal, as a child to signal): its output, and the files
    /// under HOME.
    pub fn assert_no_leak(&self, args: &[&str], stdout: &[u8], stderr: &[u8]) {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        self.secrets
            .assert_no_leak(&args, stdout, stderr, std::slice::from_ref(&self.home));
    }

    /// Any program with exactly this environment.
    pub fn command(&self, program: impl AsRef<OsStr>) -> Command {
        let mut cmd = Command::new(program);
        self.apply(&mut cmd);
        cmd
    }

    pub fn std_command(&self, program: impl AsRef<OsStr>) -> StdCommand {
        let mut cmd = StdCommand::new(program);
        cmd.env_clear().current_dir(&self.home);
        for (k, v) in &self.vars {
            cmd.env(k, v);
        }
        cmd
    }

    fn apply(&self, cmd: &mut Command) {
        cmd.env_clear().current_dir(&self.home);
        for (k, v) in &self.vars {
            cmd.env(k, v);
        }
    }

    /// Creates a profile from an existing API key (offline login) in the file store.
    pub fn add_profile(&self, id: &str, account_sid: &str, api_key: &str, secret: &str) {
        self.twenv()
            .args([
                "login",
                "-p",
                id,
                "--account-sid",
                account_sid,
                "--api-key",
                api_key,
            ])
            .args(["--api-secret-stdin", "--storage", "file"])
            .write_stdin(format!("{secret}\n"))
            .assert()
            .success();
    }

    /// Every regular file under HOME, with its contents (for "no secret in any file" checks).
    pub fn files_under_home(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        walk(&self.home, &mut out);
        out
    }

    /// Paths of files under HOME that contain `needle`.
    pub fn files_containing(&self, needle: &str) -> Vec<PathBuf> {
        self.files_under_home()
            .into_iter()
            .filter(|(_, bytes)| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
            .map(|(p, _)| p)
            .collect()
    }
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

pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// The path of a tool the test needs (see the module documentation); panics
/// when it is missing. Always `Some`.
pub fn require(tool: &str) -> Option<PathBuf> {
    assert!(
        probe::TOOLS.contains(&tool),
        "`{tool}` is not in TOOLS in tests/it/probe.rs: add it there, so a machine \
         without it can report the tests needing it as ignored"
    );
    let found = probe::locate(tool, Path::new(env!("CARGO_MANIFEST_DIR")));
    match found {
        Some(path) if !missing_when_built(tool) => Some(path),
        _ => {
            let why = if pretended(tool) {
                format!("`{tool}` is pretended missing ({})", probe::PRETEND_VAR)
            } else {
                format!("`{tool}` is not installed")
            };
            skip(&why);
            unreachable!("skip panics")
        }
    }
}

/// Fails the test: it cannot run here, and a test that did not run must not
/// pass. Says how to make it an ignored test instead (the module documentation).
pub fn skip(reason: &str) {
    if in_ci() {
        panic!(
            "CI=true and this test cannot run: {reason}. CI runs every test; .ci/run installs what they need."
        );
    }
    panic!(
        "this test cannot run: {reason}. Tests needing a tool carry \
         #[cfg_attr(missing = \"TOOL\", ignore = \"TOOL is not installed\")], so that \
         `cargo test` reports them as ignored where it is missing (tests/it/common.rs)."
    );
}

/// Tools build.rs found missing (or was told to pretend are), so the tests
/// needing them were compiled as ignored.
pub fn missing_when_built(tool: &str) -> bool {
    env!("TWENV_TEST_MISSING").split(' ').any(|t| t == tool)
}

pub fn pretended(tool: &str) -> bool {
    env!("TWENV_TEST_PRETENDED").split(' ').any(|t| t == tool)
}

pub fn which_in_system_path(tool: &str) -> Option<PathBuf> {
    probe::which(tool)
}

/// A private D-Bus session bus with an unlocked gnome-keyring serving the
/// Secret Service on it, for one test. Both die with this value.
pub struct SecretService {
    bus: Child,
    keyring: Child,
    pub address: String,
    runtime: PathBuf,
    _dir: TempDir,
}

impl SecretService {
    /// Starts the daemons and points `env` at them. A test using it carries
    /// `#[cfg_attr(missing = "secret-service", ignore = "…")]`; always `Some`.
    pub fn start(env: &mut TestEnv) -> Option<SecretService> {
        let dbus = require("dbus-daemon")?;
        for tool in ["dbus-send", "gnome-keyring-daemon", "secret-tool"] {
            require(tool)?;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let runtime = dir.path().join("run");
        fs::create_dir_all(&runtime).expect("runtime dir");
        set_mode(&runtime, 0o700);
        let socket = dir.path().join("bus");
        let mut bus = StdCommand::new(dbus)
            .args(["--session", "--nofork", "--print-address=1"])
            .arg(format!("--address=unix:path={}", socket.display()))
            .env_clear()
            .env("PATH", SYSTEM_PATH)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dbus-daemon");
        let mut address = String::new();
        BufReader::new(bus.stdout.take().expect("piped"))
            .read_line(&mut address)
            .expect("dbus address");
        let address = address.trim().to_string();
        assert!(
            address.starts_with("unix:"),
            "dbus-daemon printed {address:?}"
        );

        let keyring = start_keyring(&env.home, &runtime, &address, true);
        env.set_var("DBUS_SESSION_BUS_ADDRESS", &address);
        env.set_var("XDG_RUNTIME_DIR", &runtime);
        let service = SecretService {
            bus,
            keyring,
            address,
            runtime,
            _dir: dir,
        };
        service.wait_until_ready();
        Some(service)
    }

    /// Restarts gnome-keyring without the password: the login keyring is locked.
    pub fn restart_locked(&mut self, env: &TestEnv) {
        self.restart(&env.home, false);
    }

    /// Restarts gnome-keyring for the HOME `home`, with the login keyring
    /// unlocked or locked (for hooks that hold no `TestEnv`).
    pub fn restart(&mut self, home: &Path, unlock: bool) {
        self.stop_keyring();
        self.keyring = start_keyring(home, &self.runtime, &self.address, unlock);
        self.wait_until_ready();
    }

    /// Stops gnome-keyring; the bus stays, with no Secret Service on it.
    pub fn stop_keyring(&mut self) {
        let _ = self.keyring.kill();
        let _ = self.keyring.wait();
        self.wait_until(false);
    }

    fn wait_until_ready(&self) {
        self.wait_until(true);
    }

    fn wait_until(&self, owned_wanted: bool) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.is_on_the_bus() != owned_wanted {
            assert!(
                Instant::now() < deadline,
                "gnome-keyring-daemon did not {} org.freedesktop.secrets",
                if owned_wanted { "take" } else { "give up" }
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Whether some process owns the Secret Service name on the test's bus.
    fn is_on_the_bus(&self) -> bool {
        StdCommand::new(which_in_system_path("dbus-send").expect("required by start"))
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
            ])
            .args([
                "org.freedesktop.DBus.NameHasOwner",
                "string:org.freedesktop.secrets",
            ])
            .env_clear()
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"))
            .unwrap_or(false)
    }

    /// The secret stored under service `twenv` for this API key, read with
    /// libsecret's own `secret-tool` (an independent client): `Ok(None)` only
    /// when this daemon answered that there is none. Anything else — no daemon
    /// on the bus (a lookup would start another one, with other contents), a
    /// D-Bus error — is an `Err`, so that "the secret is gone" cannot be
    /// mistaken for "the lookup failed".
    pub fn lookup(&self, env: &TestEnv, api_key: &str) -> Result<Option<String>, String> {
        if !self.is_on_the_bus() {
            return Err("the test's gnome-keyring-daemon is not on the bus".to_string());
        }
        let tool = require("secret-tool").expect("required by start");
        let out = env
            .std_command(tool)
            .args(["lookup", "service", "twenv", "username", api_key])
            .output()
            .map_err(|e| format!("secret-tool: {e}"))?;
        match out.status.code() {
            Some(0) => Ok(Some(stdout_of(&out))),
            // secret-tool's answer for "no such item"; errors also exit 1, but say why.
            Some(1) if out.stderr.is_empty() && out.stdout.is_empty() => Ok(None),
            _ => Err(format!(
                "secret-tool lookup failed ({}): {}",
                out.status,
                stderr_of(&out)
            )),
        }
    }

    /// The stored secret, failing the test when there is none or the lookup fails.
    pub fn secret(&self, env: &TestEnv, api_key: &str) -> String {
        match self.lookup(env, api_key) {
            Ok(Some(secret)) => secret,
            Ok(None) => panic!("no secret for {api_key} in the keyring"),
            Err(e) => panic!("keyring lookup of {api_key}: {e}"),
        }
    }

    /// Fails the test unless the keyring answered that it holds no secret for this key.
    pub fn assert_absent(&self, env: &TestEnv, api_key: &str, what: &str) {
        match self.lookup(env, api_key) {
            Ok(None) => {}
            Ok(Some(_)) => panic!("{what}: the secret of {api_key} is still in the keyring"),
            Err(e) => panic!("{what}: keyring lookup of {api_key}: {e}"),
        }
    }
}

fn start_keyring(home: &Path, runtime: &Path, address: &str, unlock: bool) -> Child {
    let program = which_in_system_path("gnome-keyring-daemon").expect("checked by start");
    let mut cmd = StdCommand::new(program);
    cmd.args(["--foreground", "--components=secrets"]);
    if unlock {
        cmd.arg("--unlock");
    }
    let mut keyring = cmd
        .env_clear()
        .env("PATH", SYSTEM_PATH)
        .env("HOME", home)
        .env("XDG_RUNTIME_DIR", runtime)
        .env("DBUS_SESSION_BUS_ADDRESS", address)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start gnome-keyring-daemon");
    let mut stdin = keyring.stdin.take().expect("piped");
    if unlock {
        use std::io::Write;
        stdin.write_all(b"test-password").expect("unlock password");
    }
    drop(stdin);
    keyring
}

impl Drop for SecretService {
    fn drop(&mut self) {
        let _ = self.keyring.kill();
        let _ = self.keyring.wait();
        let _ = self.bus.kill();
        let _ = self.bus.wait();
    }
}

// Modes are Unix's; the suite runs on Unix (the bench builds elsewhere too).
pub fn set_mode(path: &Path, mode: u32) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
}

#[cfg(unix)]
pub fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).expect("metadata").permissions().mode() & 0o7777
}

pub fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A copy of the twenv binary at `dest`, made by `cp` in a child process:
/// a copy written by this (multi-threaded) test process could be held open
/// for writing by a child another test forks meanwhile, and running it would
/// fail with "Text file busy".
pub fn copy_binary(dest: &Path) {
    let status = StdCommand::new("cp")
        .arg(twenv_bin())
        .arg(dest)
        .status()
        .expect("run cp");
    assert!(status.success(), "cp the binary to {dest:?}");
}
