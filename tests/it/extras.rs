//! Issue 10, "What a profile may export": the deny-list of extra variables
//! (what shells, the loader and twenv act on) and the 128 KiB entry limit,
//! wherever a name or value enters: `set`, a hand-edited config, a secret.

use std::fs;

use crate::common::*;

const DENIED: [&str; 14] = [
    "PROMPT_COMMAND",
    "PS1",
    "PS4",
    "BASH_ENV",
    "ENV",
    "ZDOTDIR",
    "LD_PRELOAD",
    "DYLD_INSERT_LIBRARIES",
    "fish_function_path",
    "PATH",
    "IFS",
    "HOME",
    "SHELLOPTS",
    "__twenv_saved",
];

fn env_with_dev() -> TestEnv {
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, "dev-secret");
    env.add_profile("prod", AC, &sid("SK", 2), "prod-secret");
    env
}

#[test]
fn set_refuses_what_shells_and_loaders_act_on() {
    let env = env_with_dev();
    let before = env.read_config();
    for name in DENIED {
        let out = env
            .twenv()
            .args(["set", "dev", &format!("{name}=$(touch pwned)")])
            .output()
            .unwrap();
        let stderr = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains(name) && stderr.contains("Extra variables"),
            "{name}: the message names neither the variable nor the rule: {stderr}"
        );
    }
    assert_eq!(
        env.read_config(),
        before,
        "a refused set changed the config"
    );
    env.twenv()
        .args(["set", "dev", "TWILIO_PHONE_NUMBER=+15005550006"])
        .assert()
        .success();
}

#[test]
fn a_value_that_fits_one_environment_entry_is_the_limit() {
    let env = env_with_dev();
    // `NAME=value` and its NUL at exactly 128 KiB: accepted.
    let fits = "v".repeat(128 * 1024 - "BIG".len() - 2);
    env.twenv()
        .args(["set", "dev", &format!("BIG={fits}")])
        .assert()
        .success();
    // One byte more in a hand-edited config: `use` refuses it (exit 2).
    let path = env.config_path();
    let yaml = fs::read_to_string(&path).unwrap();
    fs::write(&path, yaml.replace(&fits, &format!("{fits}v"))).unwrap();
    let out = env
        .twenv()
        .args(["use", "dev", "--shell", "bash"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("128 KiB"), "{}", stderr_of(&out));
    assert!(out.stdout.is_empty());
    // A secret over the limit is refused before it is stored.
    let out = env
        .twenv()
        .args([
            "login",
            "-p",
            "big",
            "--account-sid",
            AC,
            "--api-key",
            &sid("SK", 3),
        ])
        .args(["--api-secret-stdin", "--storage", "file"])
        .write_stdin(format!("{}\n", "s".repeat(200 * 1024)))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(!env.read_config().contains("big:"));
}

/// A hand-edited config with a denied key refuses that profile where it is
/// applied (use, exec, export), naming the file, profile and key; `list`, the
/// other profiles and `unset` (the fix) keep working.
#[test]
fn a_hand_edited_denied_key_refuses_only_that_profile() {
    let env = env_with_dev();
    env.twenv()
        .args(["set", "dev", "X_OK=1"])
        .assert()
        .success();
    let path = env.config_path();
    let yaml = fs::read_to_string(&path).unwrap();
    let edited = yaml.replace(
        "X_OK: '1'",
        "X_OK: '1'\n      PATH: /x\n      __twenv_saved: PATH HOME",
    );
    assert_ne!(edited, yaml, "{yaml}");
    fs::write(&path, edited).unwrap();
    for args in [
        &["use", "dev", "--shell", "bash"][..],
        &["exec", "-p", "dev", "--", "/bin/true"],
        &["export", "-p", "dev", "--format", "json"],
    ] {
        let out = env.twenv().args(args).output().unwrap();
        let stderr = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(&path.display().to_string())
                && stderr.contains("profile 'dev'")
                && (stderr.contains("\"PATH\"") || stderr.contains("\"__twenv_saved\"")),
            "{args:?}: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    env.twenv().arg("list").assert().success();
    let out = env
        .twenv()
        .args(["use", "prod", "--shell", "bash"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    // A shell that inherited dev must not unset PATH when it switches.
    let out = env
        .twenv()
        .env("TWENV_PROFILE", "dev")
        .args(["use", "prod", "--shell", "bash"])
        .output()
        .unwrap();
    let code = stdout_of(&out);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(!code.contains("unset PATH"), "{code}");
    env.twenv()
        .args(["unset", "dev", "PATH", "__twenv_saved"])
        .assert()
        .success();
    env.twenv()
        .args(["use", "dev", "--shell", "bash"])
        .assert()
        .success();
}
