//! Which of the tools the integration tests need are on this machine. Shared,
//! via `#[path]`, by `build.rs` (which turns the answer into `cfg(missing = "…")`
//! so a test that cannot run is compiled as `#[ignore]`d) and by the harness
//! (which checks at run time that the answer still holds). Std only: build.rs
//! has no dependencies.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The only `PATH` the tests' processes get, and where tools are looked for.
pub const SYSTEM_PATH: &str = "/usr/local/bin:/usr/bin:/bin:/opt/homebrew/bin";

/// Names a missing tool can be pretended with (`TWENV_TEST_PRETEND_MISSING`),
/// to see on a full machine what a bare one reports.
pub const PRETEND_VAR: &str = "TWENV_TEST_PRETEND_MISSING";

/// Every tool a test may `require`, each the value of a `cfg(missing = "…")`.
/// Most are programs on [`SYSTEM_PATH`]; the others say how they are found.
pub const TOOLS: &[&str] = &[
    "bash",
    "zsh",
    "fish",
    "dash",
    "nu",
    "shellcheck",
    "tmux",
    "script",
    "unshare",
    "strace",
    "flock",
    "git",
    "setpriv",
    "groff",
    "python3",
    "python3-dotenv",
    "dbus-daemon",
    "dbus-send",
    "gnome-keyring-daemon",
    "secret-tool",
    "pass",
    "gpg",
    "openssl",
    "direnv",
    "prism",
    "twilio",
    "twilio-openapi",
    // Not a program: whether the tests run as root (chown to another user).
    "root",
];

/// Tools that tests need together, each also one `cfg(missing = "…")` value,
/// set when any member is missing.
pub const GROUPS: &[(&str, &[&str])] = &[
    (
        "secret-service",
        &[
            "dbus-daemon",
            "dbus-send",
            "gnome-keyring-daemon",
            "secret-tool",
        ],
    ),
    ("hook-shells", &["bash", "zsh", "fish"]),
    ("shells", &["bash", "zsh", "fish", "dash"]),
];

/// Twilio's OpenAPI descriptions (the 2010 API, IAM v1), kept beside the repository.
pub fn openapi_dir(manifest_dir: &Path) -> PathBuf {
    manifest_dir
        .parent()
        .unwrap_or(manifest_dir)
        .join("shared/twilio-oai")
}

pub const OPENAPI_FILES: &[&str] = &["twilio_api_v2010.json", "twilio_iam_v1.json"];

pub fn which(program: &str) -> Option<PathBuf> {
    SYSTEM_PATH
        .split(':')
        .map(|dir| Path::new(dir).join(program))
        .find(|p| p.is_file())
}

/// Where `tool` is on this machine, or `None`. The path is the program, the
/// interpreter that has the module, or the file.
pub fn locate(tool: &str, manifest_dir: &Path) -> Option<PathBuf> {
    match tool {
        "python3-dotenv" => {
            let python = which("python3")?;
            let ok = Command::new(&python)
                .args(["-c", "import dotenv"])
                .env_clear()
                .env("PATH", SYSTEM_PATH)
                .output()
                .is_ok_and(|o| o.status.success());
            ok.then_some(python)
        }
        "twilio-openapi" => {
            let dir = openapi_dir(manifest_dir);
            OPENAPI_FILES
                .iter()
                .all(|f| dir.join(f).is_file())
                .then_some(dir)
        }
        "root" => effective_uid_is_root().then(|| PathBuf::from("/")),
        program => which(program),
    }
}

/// From /proc (std has no geteuid, and build.rs has no libc): elsewhere
/// the tests needing root are ignored.
fn effective_uid_is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let uids = status.lines().find_map(|l| l.strip_prefix("Uid:"))?;
            uids.split_whitespace().nth(1).map(|euid| euid == "0")
        })
        .unwrap_or(false)
}

/// Tools named in `TWENV_TEST_PRETEND_MISSING` (space-separated, or `all`).
pub fn pretended(value: Option<&str>) -> Vec<&'static str> {
    let words: Vec<&str> = value.unwrap_or_default().split_whitespace().collect();
    TOOLS
        .iter()
        .copied()
        .filter(|t| words.contains(&"all") || words.contains(t))
        .collect()
}

/// What makes a fresh probe worth running: a package installed or removed
/// changes dpkg's status file or a directory on [`SYSTEM_PATH`].
pub fn watched_paths(manifest_dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = SYSTEM_PATH.split(':').map(PathBuf::from).collect();
    paths.push(PathBuf::from("/var/lib/dpkg/status"));
    paths.push(openapi_dir(manifest_dir));
    // A path that does not exist would make cargo rerun build.rs, and then
    // rebuild the crate, on every single build.
    paths.retain(|p| p.exists());
    paths
}
