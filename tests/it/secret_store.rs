//! The keyring store against a real Secret Service (gnome-keyring in a private
//! D-Bus session), and the file store's rules.

use std::fs;
use std::os::unix::net::UnixListener;
use std::time::{Duration, Instant};

use crate::common::*;

const SECRET: &str = "kr-secret-value-0123456789";

fn keyring_login(env: &TestEnv, id: &str, api_key: &str, extra: &[&str]) -> std::process::Output {
    env.twenv()
        .args([
            "login",
            "-p",
            id,
            "--account-sid",
            AC,
            "--api-key",
            api_key,
            "--api-secret-stdin",
        ])
        .args(extra)
        .write_stdin(format!("{SECRET}\n"))
        .output()
        .unwrap()
}

#[test]
#[cfg_attr(
    missing = "secret-service",
    ignore = "needs a Secret Service: dbus-daemon, gnome-keyring-daemon, secret-tool"
)]
fn keyring_holds_the_secret_in_no_file_and_remove_deletes_it() {
    let mut env = TestEnv::new();
    let Some(service) = SecretService::start(&mut env) else {
        return;
    };
    let out = keyring_login(&env, "dev", SK, &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("keyring"));
    assert_eq!(service.secret(&env, SK), SECRET);
    let config: serde_yaml::Value = serde_yaml::from_str(&env.read_config()).unwrap();
    assert_eq!(
        config["profiles"]["dev"]["storage"].as_str(),
        Some("keyring")
    );
    assert!(
        env.files_containing(SECRET).is_empty(),
        "secret written to a file: {:?}",
        env.files_containing(SECRET)
    );
    assert!(!env.config_dir().join("credentials.yaml").exists());

    env.twenv()
        .args(["remove", "--yes", "dev"])
        .assert()
        .success();
    service.assert_absent(&env, SK, "after remove");
}

#[test]
#[cfg_attr(
    missing = "secret-service",
    ignore = "needs a Secret Service: dbus-daemon, gnome-keyring-daemon, secret-tool"
)]
fn storage_is_chosen_by_flag_then_environment() {
    let mut env = TestEnv::new();
    let Some(service) = SecretService::start(&mut env) else {
        return;
    };
    env.set_var("TWENV_STORAGE", "file");
    assert!(keyring_login(&env, "a", SK, &[]).status.success());
    service.assert_absent(&env, SK, "with TWENV_STORAGE=file");
    assert_eq!(env.files_containing(SECRET).len(), 1);
    let key_b = sid("SK", 2);
    assert!(
        keyring_login(&env, "b", &key_b, &["--storage", "keyring"])
            .status
            .success()
    );
    assert_eq!(service.secret(&env, &key_b), SECRET);
}

#[test]
#[cfg_attr(
    missing = "secret-service",
    ignore = "needs a Secret Service: dbus-daemon, gnome-keyring-daemon, secret-tool"
)]
fn replacing_a_keyring_profile_with_a_file_one_clears_the_keyring() {
    let mut env = TestEnv::new();
    let Some(service) = SecretService::start(&mut env) else {
        return;
    };
    assert!(keyring_login(&env, "dev", SK, &[]).status.success());
    let key2 = sid("SK", 2);
    let out = keyring_login(&env, "dev", &key2, &["--storage", "file", "--force"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    service.assert_absent(&env, SK, "after replacing the profile");
}

#[test]
fn no_secret_service_fails_with_the_cause_and_the_file_alternative() {
    let env = TestEnv::new(); // no DBUS_SESSION_BUS_ADDRESS at all
    let out = keyring_login(&env, "dev", SK, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("keyring") && err.contains("--storage file"),
        "{err}"
    );
    assert!(
        err.contains("DBUS_SESSION_BUS_ADDRESS") || err.contains("D-Bus") || err.contains("DBus"),
        "{err}"
    );
    assert!(!err.contains(SECRET));
    assert!(
        !env.config_path().exists(),
        "a profile was saved without its secret"
    );
    assert!(env.files_containing(SECRET).is_empty());
}

#[test]
fn a_secret_service_that_never_answers_is_abandoned_after_the_timeout() {
    let mut env = TestEnv::new();
    // A socket that accepts connections and never speaks: libdbus waits forever.
    let socket = env.tmp.path().join("silent-bus");
    let listener = UnixListener::bind(&socket).unwrap();
    let _keep = std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    env.set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        format!("unix:path={}", socket.display()),
    );
    env.set_var("TWENV_KEYRING_TIMEOUT", "1");
    let started = Instant::now();
    let out = keyring_login(&env, "dev", SK, &[]);
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("did not answer within 1 s") && err.contains("--storage file"),
        "{err}"
    );
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert!(!env.config_path().exists());
}

#[test]
fn a_group_readable_credentials_file_is_refused() {
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, "file-secret");
    let credentials = env.config_dir().join("credentials.yaml");
    set_mode(&credentials, 0o640);
    let before = fs::read(&credentials).unwrap();
    let out = env
        .twenv()
        .args([
            "login",
            "-p",
            "b",
            "--account-sid",
            AC,
            "--api-key",
            &sid("SK", 2),
            "--api-secret-stdin",
            "--storage",
            "file",
        ])
        .write_stdin("other\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("chmod 600") && err.contains("0640"), "{err}");
    assert_eq!(fs::read(&credentials).unwrap(), before);
    let config: serde_yaml::Value = serde_yaml::from_str(&env.read_config()).unwrap();
    assert!(config["profiles"].get("b").is_none());
}

#[test]
fn a_corrupt_credentials_file_is_named_and_left_alone() {
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, "file-secret");
    let credentials = env.config_dir().join("credentials.yaml");
    fs::write(&credentials, "secrets:\n  SK: [unclosed\n").unwrap();
    let before = (env.read_config(), fs::read(&credentials).unwrap());
    let login = [
        "login",
        "-p",
        "b",
        "--account-sid",
        AC,
        "--api-key",
        &sid("SK", 2),
        "--api-secret-stdin",
        "--storage",
        "file",
    ];
    for args in [
        &["use", "dev", "--shell", "bash"][..],
        &login,
        &["remove", "--yes", "dev"],
    ] {
        let out = env
            .twenv()
            .args(args)
            .write_stdin("other\n")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = stderr_of(&out);
        assert!(
            err.contains("credentials.yaml at line 2"),
            "{args:?}: {err}"
        );
        assert!(out.stdout.is_empty(), "{args:?}");
        assert_eq!(
            (env.read_config(), fs::read(&credentials).unwrap()),
            before,
            "{args:?}"
        );
    }
}
