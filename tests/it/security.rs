//! Secrets never leak (issue 6): after every command of a full session the
//! Auth Token is in no file, argv or environment of any process; with the
//! keyring store the API secret is in no file; in a hooked shell only
//! `TWILIO_API_SECRET` carries it; a credentials file others can read is refused.

use std::sync::{Arc, Mutex};

use crate::common::*;
use crate::fake_twilio::FakeTwilio;
use crate::shell::{HOOK_SHELLS, read_env_dump};

const TOKEN: &str = "s3curityAuthTokenValue0123456789";

/// Every process's argv and environment, as far as /proc shows them.
#[cfg(target_os = "linux")]
fn proc_texts() -> Vec<(String, Vec<u8>)> {
    use std::fs;
    let mut out = Vec::new();
    for entry in fs::read_dir("/proc").into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        for part in ["cmdline", "environ"] {
            if let Ok(bytes) = fs::read(entry.path().join(part)) {
                out.push((format!("/proc/{name}/{part}"), bytes));
            }
        }
    }
    out
}

/// Other systems have no /proc to look into: that part of the test is Linux's.
#[cfg(not(target_os = "linux"))]
fn proc_texts() -> Vec<(String, Vec<u8>)> {
    Vec::new()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn the_auth_token_is_in_no_file_argv_environment_or_output_at_any_point() {
    let fake = FakeTwilio::start();
    fake.add_account(AC, TOKEN);
    let mut env = TestEnv::new();
    fake.report_secrets_to(env.secrets());
    env.set_var("TWENV_API_URL", fake.url());
    env.set_var("USER", "tester");

    // While twenv waits for Twilio to create the key, look at every process.
    let leaks = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::new(Mutex::new(0usize));
    {
        let (leaks, seen) = (leaks.clone(), seen.clone());
        fake.on_create_key(move || {
            let texts = proc_texts();
            *seen.lock().unwrap() = texts.len();
            leaks.lock().unwrap().extend(
                texts
                    .into_iter()
                    .filter(|(_, t)| contains(t, TOKEN))
                    .map(|(p, _)| p),
            );
        });
    }
    let mut outputs = Vec::new();
    let login = env
        .twenv()
        .args([
            "login",
            "-p",
            "dev",
            "--account-sid",
            AC,
            "--auth-token-stdin",
            "--storage",
            "file",
        ])
        .write_stdin(format!("{TOKEN}\n"))
        .output()
        .unwrap();
    assert!(login.status.success(), "{}", stderr_of(&login));
    if cfg!(target_os = "linux") {
        assert!(*seen.lock().unwrap() > 2, "the /proc scan saw no processes");
    }
    assert!(
        leaks.lock().unwrap().is_empty(),
        "the Auth Token was visible in {:?}",
        leaks.lock().unwrap()
    );
    outputs.push(login);

    let session: [&[&str]; 10] = [
        &["list", "-o", "json"],
        &["current", "-o", "json", "-p", "dev"],
        &["current", "--verify", "-p", "dev"],
        &["use", "dev", "--shell", "bash"],
        &["export", "-p", "dev", "--format", "json"],
        &["exec", "-p", "dev", "--", "env"],
        &["set", "dev", "A=1"],
        &["unset", "dev", "A"],
        &["use", "--global", "dev"],
        &[
            "remove",
            "dev",
            "--yes",
            "--delete-key",
            "--auth-token-stdin",
        ],
    ];
    for args in session {
        let out = env
            .twenv()
            .args(args)
            .write_stdin(format!("{TOKEN}\n"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
        outputs.push(out);
        assert!(
            env.files_containing(TOKEN).is_empty(),
            "after {args:?}: {:?}",
            env.files_containing(TOKEN)
        );
    }
    for out in &outputs {
        assert!(
            !contains(&out.stdout, TOKEN) && !contains(&out.stderr, TOKEN),
            "the Auth Token was printed"
        );
    }
    assert!(
        fake.keys().is_empty(),
        "remove --delete-key left the key at Twilio"
    );
}

#[test]
#[cfg_attr(
    missing = "secret-service",
    ignore = "needs a Secret Service: dbus-daemon, gnome-keyring-daemon, secret-tool"
)]
fn with_the_keyring_the_api_secret_is_in_no_file_after_any_command() {
    let mut env = TestEnv::new();
    let Some(_service) = SecretService::start(&mut env) else {
        return;
    };
    let secret = "keyringOnlySecret0123456789abcdef";
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
        .write_stdin(format!("{secret}\n"))
        .assert()
        .success();
    let session: [&[&str]; 9] = [
        &["list"],
        &["current", "-p", "dev"],
        &["use", "dev", "--shell", "zsh"],
        &["export", "-p", "dev", "--format", "dotenv"],
        &["exec", "-p", "dev", "--", "true"],
        &["set", "dev", "B=2"],
        &["use", "--global", "dev"],
        &["unuse", "--shell", "fish"],
        &["remove", "dev", "--yes"],
    ];
    for args in session {
        let out = env.twenv().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
        assert!(
            !contains(&out.stderr, secret),
            "{args:?} printed the secret on stderr"
        );
        assert!(
            env.files_containing(secret).is_empty(),
            "after {args:?}: {:?}",
            env.files_containing(secret)
        );
    }
}

#[test]
#[cfg_attr(missing = "hook-shells", ignore = "needs bash, zsh and fish")]
fn in_a_hooked_shell_only_twilio_api_secret_carries_the_secret() {
    for sh in HOOK_SHELLS {
        let Some(path) = sh.path() else { continue };
        let mut env = TestEnv::new();
        env.add_profile("dev", AC, SK, "devSecretValue0123456789");
        env.add_profile(
            "prod",
            &sid("AC", 2),
            &sid("SK", 2),
            "prodSecretValue0123456789",
        );
        // A secret the user had before twenv: saved for `unuse`, but never exported elsewhere.
        env.set_var("TWILIO_API_SECRET", "userOwnSecretValue0123456789");
        let dump = env.tmp.path().join(format!("env-{}", sh.name()));
        let script = format!(
            "{}twenv use dev\ntwenv use prod\n{}",
            sh.source_hook(),
            sh.dump_env(&dump)
        );
        let out = sh.run(&path, &env, &script);
        assert!(out.status.success(), "{}: {}", sh.name(), stderr_of(&out));
        let exported = read_env_dump(&dump);
        assert_eq!(
            exported.get("TWILIO_API_SECRET").map(String::as_str),
            Some("prodSecretValue0123456789")
        );
        for (name, value) in &exported {
            if name == "TWILIO_API_SECRET" {
                continue;
            }
            for secret in ["devSecretValue", "prodSecretValue", "userOwnSecretValue"] {
                assert!(
                    !value.contains(secret),
                    "{}: exported {name} holds a secret",
                    sh.name()
                );
            }
        }
    }
}

#[test]
fn a_credentials_file_others_can_read_is_refused_by_every_reader() {
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, "fileSecretValue0123456789");
    let credentials = env.config_dir().join("credentials.yaml");
    for mode in [0o644, 0o604, 0o660] {
        set_mode(&credentials, mode);
        for args in [
            &["use", "dev", "--shell", "bash"][..],
            &["export", "-p", "dev"],
            &["exec", "-p", "dev", "--", "true"],
        ] {
            let out = env.twenv().args(args).output().unwrap();
            assert_eq!(out.status.code(), Some(1), "{args:?} with mode {mode:o}");
            assert!(stderr_of(&out).contains("chmod 600"), "{}", stderr_of(&out));
            assert!(
                !contains(&out.stdout, "fileSecretValue"),
                "{args:?} printed the secret"
            );
        }
    }
    set_mode(&credentials, 0o600);
    env.twenv()
        .args(["use", "dev", "--shell", "bash"])
        .assert()
        .success();
}

/// Issue 15: rotation, a restricted login and the IAM fallback hold the Auth
/// Token too; while each waits for Twilio to create a key, no process's argv
/// or environment carries it, and afterwards no file and no output does (nor
/// any API secret the output).
#[test]
fn the_auth_token_is_nowhere_during_rotation_restricted_login_and_the_iam_fallback() {
    let fake = FakeTwilio::start();
    fake.add_account(AC, TOKEN);
    let mut env = TestEnv::new();
    env.set_var("TWENV_API_URL", fake.url());
    env.set_var("USER", "tester");
    let leaks = Arc::new(Mutex::new(Vec::new()));
    let scans = Arc::new(Mutex::new(0usize));
    {
        let (leaks, scans) = (leaks.clone(), scans.clone());
        fake.on_create_key(move || {
            let texts = proc_texts();
            assert!(texts.len() > 2, "the /proc scan saw no processes");
            *scans.lock().unwrap() += 1;
            leaks.lock().unwrap().extend(
                texts
                    .into_iter()
                    .filter(|(_, t)| contains(t, TOKEN))
                    .map(|(p, _)| p),
            );
        });
    }
    let login = [
        "login",
        "-p",
        "dev",
        "--account-sid",
        AC,
        "--auth-token-stdin",
    ];
    let steps: [&[&str]; 5] = [
        &[
            "--storage",
            "file",
            "--allow",
            "/twilio/messaging/messages/create",
        ],
        &["rotate", "dev", "--auth-token-stdin"],
        &[
            "remove",
            "dev",
            "--yes",
            "--delete-key",
            "--auth-token-stdin",
        ],
        &["--storage", "file"], // after only_iam_creates_keys: the fallback
        &["rotate", "dev", "--auth-token-stdin"],
    ];
    for (n, step) in steps.iter().enumerate() {
        if n == 3 {
            fake.only_iam_creates_keys();
        }
        let mut cmd = env.twenv();
        if step[0].starts_with("--") {
            cmd.args(login);
        }
        let out = cmd
            .args(*step)
            .write_stdin(format!("{TOKEN}\n"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{step:?}: {}", stderr_of(&out));
        for (_, key) in fake.keys() {
            assert!(!contains(&out.stdout, &key.secret) && !contains(&out.stderr, &key.secret));
        }
        assert!(
            !contains(&out.stdout, TOKEN) && !contains(&out.stderr, TOKEN),
            "{step:?} printed the Auth Token"
        );
        assert!(
            env.files_containing(TOKEN).is_empty(),
            "after {step:?}: {:?}",
            env.files_containing(TOKEN)
        );
    }
    assert_eq!(*scans.lock().unwrap(), 4, "one scan per key created");
    assert!(
        leaks.lock().unwrap().is_empty(),
        "the Auth Token was visible in {:?}",
        leaks.lock().unwrap()
    );
    let requests = fake.requests();
    assert!(
        requests
            .iter()
            .any(|r| r.path == "/v1/Keys" && r.form("KeyType").is_none())
    );
    for r in &requests {
        assert!(
            !r.path.contains(TOKEN),
            "the Auth Token in a URL: {}",
            r.path
        );
    }
}
