//! Faults and contention: many writers at once, a read-only or full disk, a
//! locked or vanished keyring. Each must end in a clear error with nothing lost.

use std::fs;
use std::process::{Output, Stdio};

use crate::common::*;

fn yaml(text: &str) -> serde_yaml::Value {
    serde_yaml::from_str(text).unwrap_or_else(|e| panic!("config does not parse ({e}):\n{text}"))
}

#[test]
fn fifty_concurrent_writers_of_every_kind_lose_nothing() {
    let env = TestEnv::new();
    for i in 0..20 {
        env.add_profile(
            &format!("old{i}"),
            &sid("AC", 100 + i),
            &sid("SK", 100 + i),
            &format!("old-{i}"),
        );
    }
    let mut children = Vec::new();
    for i in 0..50u32 {
        let mut cmd = env.std_command(twenv_bin());
        let stdin = match i % 5 {
            0 | 1 => {
                cmd.args([
                    "login",
                    "-p",
                    &format!("new{i}"),
                    "--account-sid",
                    &sid("AC", i),
                    "--api-key",
                    &sid("SK", i),
                ])
                .args(["--api-secret-stdin", "--storage", "file"]);
                format!("new-secret-{i}\n")
            }
            2 => {
                cmd.args(["set", &format!("old{}", i / 5), &format!("W{i}=value {i}")]);
                String::new()
            }
            3 => {
                cmd.args(["remove", "--yes", &format!("old{}", 10 + i / 5)]);
                String::new()
            }
            _ => {
                cmd.args(["use", "--global", &format!("old{}", i / 5)]);
                String::new()
            }
        };
        let mut child = cmd
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        children.push((i, child));
    }
    for (i, child) in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "writer {i}: {}", stderr_of(&out));
    }

    let config = yaml(&env.read_config());
    let credentials = yaml(&fs::read_to_string(env.config_dir().join("credentials.yaml")).unwrap());
    let profiles = &config["profiles"];
    for i in 0..50u32 {
        match i % 5 {
            0 | 1 => {
                assert_eq!(
                    profiles[format!("new{i}").as_str()]["api_key"].as_str(),
                    Some(sid("SK", i).as_str())
                );
                assert_eq!(
                    credentials["secrets"][sid("SK", i).as_str()].as_str(),
                    Some(format!("new-secret-{i}").as_str())
                );
            }
            2 => {
                let env_vars = &profiles[format!("old{}", i / 5).as_str()]["env"];
                assert_eq!(
                    env_vars[format!("W{i}").as_str()].as_str(),
                    Some(format!("value {i}").as_str())
                );
            }
            3 => {
                let id = format!("old{}", 10 + i / 5);
                assert!(profiles.get(id.as_str()).is_none(), "{id} not removed");
                assert!(
                    credentials["secrets"]
                        .get(sid("SK", 110 + i / 5).as_str())
                        .is_none()
                );
            }
            _ => {}
        }
    }
    let active = config["active"].as_str().expect("some use --global won");
    assert!(
        (0..10).map(|k| format!("old{k}")).any(|id| id == active),
        "{active}"
    );
    assert_eq!(profiles.as_mapping().unwrap().len(), 20 + 20 - 10);
}

/// Runs `twenv ARGS` in a private mount namespace after `setup` (shell code
/// with "$D" = the config dir), then prints the config file after a marker.
fn in_mount_namespace(env: &TestEnv, setup: &str, args: &[&str]) -> Option<(Output, String)> {
    let unshare = require("unshare")?;
    let script = format!(
        "set -e; D=\"$1\"; shift; {setup}; set +e; \"$@\"; rc=$?; printf '\\n=====config\\n'; cat \"$D/config.yaml\"; exit $rc"
    );
    let out = env
        .command(unshare)
        .args([
            "-rm",
            "--propagation",
            "private",
            "bash",
            "-c",
            &script,
            "bash",
        ])
        .arg(env.config_dir())
        .arg(twenv_bin())
        .args(args)
        .output()
        .unwrap();
    let stdout = stdout_of(&out);
    let config = stdout
        .split_once("\n=====config\n")
        .map(|(_, c)| c.to_string())
        .unwrap_or_default();
    Some((out, config))
}

#[test]
#[cfg_attr(missing = "unshare", ignore = "unshare is not installed")]
fn a_read_only_config_dir_gives_a_clear_error_and_changes_nothing() {
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, "x");
    let before = env.read_config();
    let read_only = "mount --bind \"$D\" \"$D\"; mount -o remount,bind,ro \"$D\"";
    let Some((out, config)) = in_mount_namespace(&env, read_only, &["set", "dev", "A=1"]) else {
        return;
    };
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("Read-only file system") && err.contains("--config-dir"),
        "{err}"
    );
    assert_eq!(config, before);

    // Reading still works on a read-only disk.
    let (out, _) = in_mount_namespace(&env, read_only, &["list", "-o", "json"]).unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stdout_of(&out).contains("\"dev\""));
}

#[test]
#[cfg_attr(missing = "unshare", ignore = "unshare is not installed")]
fn a_full_disk_gives_a_clear_error_and_keeps_the_old_config() {
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, "x");
    let before = env.read_config();
    let saved = env.tmp.path().join("saved");
    fs::create_dir(&saved).unwrap();
    for f in ["config.yaml", "credentials.yaml"] {
        fs::copy(env.config_dir().join(f), saved.join(f)).unwrap();
    }
    let full = format!(
        "mount -t tmpfs -o size=12k,mode=700 tmpfs \"$D\"; cp -p '{}'/*.yaml \"$D\"/",
        saved.display()
    );
    let big = format!("BIG={}", "x".repeat(64 * 1024));
    let Some((out, config)) = in_mount_namespace(&env, &full, &["set", "dev", &big]) else {
        return;
    };
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("No space left on device") && err.contains("free some disk space"),
        "{err}"
    );
    assert_eq!(config, before, "the old config must survive a failed write");
}

#[test]
#[cfg_attr(
    missing = "secret-service",
    ignore = "needs a Secret Service: dbus-daemon, gnome-keyring-daemon, secret-tool"
)]
fn a_locked_keyring_refuses_cleanly_and_keeps_what_was_there() {
    let mut env = TestEnv::new();
    let Some(mut service) = SecretService::start(&mut env) else {
        return;
    };
    let login = |env: &TestEnv, id: &str, key: &str, secret: &str| {
        env.twenv()
            .args([
                "login",
                "-p",
                id,
                "--account-sid",
                AC,
                "--api-key",
                key,
                "--api-secret-stdin",
            ])
            .env("TWENV_KEYRING_TIMEOUT", "5")
            .write_stdin(format!("{secret}\n"))
            .output()
            .unwrap()
    };
    assert!(login(&env, "dev", SK, "first-secret").status.success());
    let before = env.read_config();
    service.restart_locked(&env);

    let out = login(&env, "other", &sid("SK", 2), "second-secret");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("locked") && err.contains("--storage file"),
        "{err}"
    );
    assert_eq!(env.read_config(), before);

    // Removing needs the keyring too: it refuses before changing the config.
    let out = env
        .twenv()
        .args(["remove", "--yes", "dev"])
        .env("TWENV_KEYRING_TIMEOUT", "5")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert_eq!(env.read_config(), before);
}

#[test]
#[cfg_attr(
    missing = "secret-service",
    ignore = "needs a Secret Service: dbus-daemon, gnome-keyring-daemon, secret-tool"
)]
fn a_keyring_gone_mid_way_leaves_config_and_secrets_as_they_were() {
    let mut env = TestEnv::new();
    let Some(mut service) = SecretService::start(&mut env) else {
        return;
    };
    env.twenv()
        .args([
            "login",
            "-p",
            "dev",
            "--account-sid",
            AC,
            "--api-key",
            SK,
            "--api-secret-stdin",
        ])
        .write_stdin("kept-secret\n")
        .assert()
        .success();
    let before = env.read_config();
    service.stop_keyring();
    for args in [
        &["remove", "--yes", "dev"][..],
        &[
            "login",
            "-p",
            "dev",
            "--force",
            "--account-sid",
            AC,
            "--api-key",
            &sid("SK", 3),
            "--api-secret-stdin",
        ],
    ] {
        let out = env
            .twenv()
            .args(args)
            .env("TWENV_KEYRING_TIMEOUT", "5")
            .write_stdin("new\n")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr_of(&out));
        // A failed write may go elsewhere (--storage file); a failed read
        // needs the keyring fixed: `--storage` would not find the secret.
        let err = stderr_of(&out);
        if args[0] == "login" {
            assert!(err.contains("--storage file"), "{err}");
        } else {
            assert!(
                err.contains("Unlock the keyring") && !err.contains("--storage"),
                "{err}"
            );
        }
        assert_eq!(env.read_config(), before, "{args:?}");
    }
}
