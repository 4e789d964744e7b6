//! The harness's own promises: what build.rs found missing is still missing
//! (so ignored tests are ignored for a true reason), and under `CI=true`
//! nothing is missing, so nothing is ignored.

use std::path::Path;

use crate::common::*;
use crate::probe;

#[test]
fn the_tool_probe_matches_this_machine_and_ci_lacks_nothing() {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let stale: Vec<String> = probe::TOOLS
        .iter()
        .filter(|t| !pretended(t))
        .filter_map(|t| {
            let here = probe::locate(t, manifest_dir).is_some();
            let built = !missing_when_built(t);
            (here != built).then(|| {
                format!(
                    "{t}: {} now, {} when the tests were built",
                    if here { "installed" } else { "missing" },
                    if built { "installed" } else { "missing" },
                )
            })
        })
        .collect();
    assert!(
        stale.is_empty(),
        "build.rs's probe is out of date ({}); `touch build.rs` and run the tests again",
        stale.join("; ")
    );
    let missing: Vec<&str> = env!("TWENV_TEST_MISSING").split_whitespace().collect();
    assert!(
        !in_ci() || missing.is_empty(),
        "CI=true, yet these are missing (or pretended missing), so the tests needing them \
         were compiled as ignored: {}. CI runs every test; .ci/run installs them",
        missing.join(", ")
    );
}

/// The leak guard itself, on made-up output: each kind of secret is allowed
/// exactly where DESIGN §5 and §8 allow it, and caught everywhere else.
#[test]
fn the_leak_guard_catches_each_kind_of_secret_where_it_may_not_be() {
    let env = TestEnv::new();
    let token = "tokenValue0123456789abcdef";
    let file_secret = "fileSecret0123456789abcdef";
    let keyring_secret = "keyringSecret0123456789ab";
    env.secrets().add(token, Kind::AuthToken);
    env.secrets().add(file_secret, Kind::ApiSecret);
    env.secrets().add(keyring_secret, Kind::KeyringSecret);
    let caught = |args: &[&str], stdout: &str, stderr: &str| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            env.assert_no_leak(args, stdout.as_bytes(), stderr.as_bytes())
        }))
        .is_err()
    };
    let shell_code = format!("export TWILIO_API_SECRET='{file_secret}{keyring_secret}'\n");
    assert!(!caught(&["use", "dev", "--shell", "bash"], &shell_code, ""));
    assert!(!caught(
        &["-p", "dev", "exec", "--", "env"],
        &shell_code,
        &shell_code
    ));
    let mask = format!("::add-mask::{file_secret}\n");
    assert!(!caught(&["export", "--format", "github"], "", &mask));
    assert!(caught(&["export", "--format", "github"], "", file_secret));
    assert!(caught(&["use", "dev"], token, ""));
    assert!(caught(&["exec", "-p", "dev", "--", "env"], "", token));
    assert!(caught(&["current", "--verify"], "", file_secret));
    assert!(caught(&["-p", "dev", "list"], keyring_secret, ""));
    assert!(caught(&["login"], "", token));

    let dir = env.config_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let credentials = dir.join("credentials.yaml");
    std::fs::write(&credentials, file_secret).unwrap();
    assert!(
        !caught(&["list"], "", ""),
        "the file store holds its secrets"
    );
    for (file, value) in [
        (&credentials, keyring_secret),
        (&credentials, token),
        (&dir.join("config.yaml"), file_secret),
        (&env.home.join(".tmp-x"), file_secret),
    ] {
        std::fs::write(file, value).unwrap();
        assert!(caught(&["list"], "", ""), "{value} in {}", file.display());
        std::fs::remove_file(file).unwrap();
    }
}
