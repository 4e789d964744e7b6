//! The test harness: isolated environments, real tools found or loudly skipped,
//! and a private Secret Service daemon.

#![allow(dead_code)]

use std::ffi::OsStr;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use tempfile::TempDir;

pub const AC: &str = "AC0123456789abcdef0123456789abcdef";
pub const SK: &str = "SK0123456789abcdef0123456789abcdef";
pub const SYSTEM_PATH: &str = "/usr/local/bin:/usr/bin:/bin:/opt/homebrew/bin";

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
        TestEnv { tmp, home, vars }
    }

    /// Sets a variable for every command this environment starts.
    pub fn set_var(&mut self, name: &str, value: impl AsRef<OsStr>) {
        let value = value.as_ref().to_string_lossy().into_owned();
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

    /// `twenv` with exactly this environment (nothing inherited, no proxies).
    pub fn twenv(&self) -> Command {
        let mut cmd = Command::new(twenv_bin());
        self.apply(&mut cmd);
        cmd
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

/// Whether a tool the test needs is installed. Missing: in CI the test fails
/// (nothing may be skipped there); elsewhere it is skipped with a loud message.
pub fn require(tool: &str) -> Option<PathBuf> {
    match which_in_system_path(tool) {
        Some(path) => Some(path),
        None => {
            skip(&format!("`{tool}` is not installed"));
            None
        }
    }
}

pub fn skip(reason: &str) {
    if in_ci() {
        panic!("CI=true and a test would be skipped: {reason}");
    }
    eprintln!(
        "\n!!!!!!!! SKIPPED: {reason} — install it to run this test (CI runs everything) !!!!!!!!\n"
    );
}

pub fn which_in_system_path(tool: &str) -> Option<PathBuf> {
    SYSTEM_PATH
        .split(':')
        .map(|dir| Path::new(dir).join(tool))
        .find(|p| p.is_file())
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
    /// Starts the daemons and points `env` at them; `None` (after a loud
    /// skip, or a panic in CI) when they are not installed.
    pub fn start(env: &mut TestEnv) -> Option<SecretService> {
        let dbus = require("dbus-daemon")?;
        require("gnome-keyring-daemon")?;
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
        loop {
            let owned = StdCommand::new("dbus-send")
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
                .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"))
                .unwrap_or(false);
            if owned == owned_wanted {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "gnome-keyring-daemon did not take org.freedesktop.secrets"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The secret stored under service `twenv` for this API key, read with
    /// libsecret's own `secret-tool` (an independent client).
    pub fn lookup(&self, env: &TestEnv, api_key: &str) -> Option<String> {
        let tool = require("secret-tool")?;
        let out = env
            .std_command(tool)
            .args(["lookup", "service", "twenv", "username", api_key])
            .output()
            .expect("secret-tool");
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
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
