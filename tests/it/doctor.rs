//! `twenv doctor` (DESIGN §15) in real shells, against the real Secret
//! Service, on a terminal and for scripts.

use std::fs;
use std::process::Output;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::*;
use crate::fake_twilio::FakeTwilio;

const SECRET: &str = "doctor-secret-0123456789abcdef";

fn checks(out: &Output) -> Vec<Value> {
    let v: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout_of(out)));
    let rows = v.as_array().unwrap().clone();
    for row in &rows {
        let keys: Vec<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["check", "fix", "message", "status"], "{row}");
    }
    rows
}

fn check<'a>(rows: &'a [Value], name: &str) -> &'a Value {
    rows.iter()
        .find(|c| c["check"] == name)
        .unwrap_or_else(|| panic!("no check {name} in {rows:?}"))
}

fn doctor_json(env: &TestEnv) -> (Output, Vec<Value>) {
    let out = env.twenv().args(["doctor", "-o", "json"]).output().unwrap();
    let rows = checks(&out);
    (out, rows)
}

fn keyring_profile(env: &TestEnv, id: &str) {
    env.twenv()
        .args(["login", "-p", id, "--account-sid", AC, "--api-key", SK])
        .args(["--api-secret-stdin", "--storage", "keyring"])
        .write_stdin(format!("{SECRET}\n"))
        .assert()
        .success();
    env.twenv().args(["use", "--global", id]).assert().success();
}

#[test]
fn outside_the_hook_doctor_says_not_loaded_and_shows_the_rc_line() {
    let mut env = TestEnv::new();
    env.set_var("SHELL", "/usr/bin/zsh");
    // Set by a user by hand, or inherited: not proof of a hook in this shell.
    env.set_var("TWENV_SHELL", "bash");
    let (out, rows) = doctor_json(&env);
    assert!(out.status.success(), "{out:?}");
    let hook = check(&rows, "hook");
    assert_eq!(hook["status"], "warn");
    assert!(
        hook["message"]
            .as_str()
            .unwrap()
            .contains("not loaded in this shell")
    );
    let fix = hook["fix"].as_str().unwrap();
    assert!(
        fix.contains("init zsh") && fix.contains("~/.zshrc"),
        "{fix}"
    );
}

#[test]
#[cfg_attr(missing = "hook-shells", ignore = "needs bash, zsh and fish")]
fn inside_each_shells_hook_doctor_says_loaded_with_this_binary() {
    let env = TestEnv::new();
    let bin = twenv_bin();
    let bin = bin.to_str().unwrap();
    for (shell, script) in [
        (
            "bash",
            format!("eval \"$('{bin}' init bash)\"; twenv doctor -o json"),
        ),
        (
            "zsh",
            format!("eval \"$('{bin}' init zsh)\"; twenv doctor -o json"),
        ),
        (
            "fish",
            format!("'{bin}' init fish | source; twenv doctor -o json"),
        ),
    ] {
        let Some(path) = require(shell) else {
            continue;
        };
        let mut cmd = env.command(path);
        if shell == "zsh" {
            cmd.arg("-f");
        }
        let out = cmd.args(["-c", &script]).output().unwrap();
        assert!(out.status.success(), "{shell}: {out:?}");
        let rows = checks(&out);
        let hook = check(&rows, "hook");
        assert_eq!(hook["status"], "ok", "{shell}: {hook}");
        assert!(hook["message"].as_str().unwrap().contains(shell), "{hook}");
        assert!(hook["message"].as_str().unwrap().contains(bin), "{hook}");
        // A child process of that shell is not the shell: no hook there.
        let nested = format!("{script} >/dev/null; '{bin}' doctor -o json");
        let mut cmd = env.command(shell);
        if shell == "zsh" {
            cmd.arg("-f");
        }
        let out = cmd.args(["-c", &nested]).output().unwrap();
        assert_eq!(check(&checks(&out), "hook")["status"], "warn", "{shell}");
    }
}

#[test]
#[cfg_attr(missing = "bash", ignore = "bash is not installed")]
fn a_hook_left_from_another_install_is_named() {
    let mut env = TestEnv::new();
    let Some(bash) = require("bash") else {
        return;
    };
    // twenv reinstalled in ~/bin, while the shell still has the old hook.
    let bin_dir = env.home.join("bin");
    fs::create_dir_all(&bin_dir).unwrap();
    fs::copy(twenv_bin(), bin_dir.join("twenv")).unwrap();
    env.set_var("PATH", format!("{}:{SYSTEM_PATH}", bin_dir.display()));
    let script = format!(
        "eval \"$('{}' init bash)\"; twenv doctor -o json",
        twenv_bin().display()
    );
    let out = env.command(bash).args(["-c", &script]).output().unwrap();
    let rows = checks(&out);
    let hook = check(&rows, "hook");
    assert_eq!(hook["status"], "warn", "{hook}");
    let message = hook["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("{}", bin_dir.join("twenv").display())),
        "{message}"
    );
    assert!(
        hook["fix"].as_str().unwrap().contains("init bash"),
        "{hook}"
    );
}

#[test]
#[cfg_attr(missing = "zsh", ignore = "zsh is not installed")]
fn zsh_without_compinit_is_told_that_completion_will_not_register() {
    let env = TestEnv::new();
    let Some(zsh) = require("zsh") else {
        return;
    };
    let bin = twenv_bin();
    let hook = format!("eval \"$('{}' init zsh)\"", bin.display());
    for (setup, want) in [
        (hook.clone(), "warn"),
        (
            format!("autoload -Uz compinit && compinit -u; {hook}"),
            "ok",
        ),
    ] {
        let out = env
            .command(&zsh)
            .args(["-f", "-c", &format!("{setup}; twenv doctor -o json")])
            .output()
            .unwrap();
        let rows = checks(&out);
        assert_eq!(check(&rows, "zsh_completion")["status"], want, "{setup}");
    }
}

#[test]
#[cfg_attr(
    missing = "secret-service",
    ignore = "needs a Secret Service: dbus-daemon, gnome-keyring-daemon, secret-tool"
)]
fn the_current_profiles_secret_is_searched_for_never_read_and_never_prompted_for() {
    let mut env = TestEnv::new();
    let Some(mut service) = SecretService::start(&mut env) else {
        return;
    };
    keyring_profile(&env, "dev");
    let (out, rows) = doctor_json(&env);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(check(&rows, "secret_store")["status"], "ok");
    assert_eq!(
        check(&rows, "credentials")["message"],
        "profile 'dev', from the active profile in config.yaml"
    );
    assert!(!stdout_of(&out).contains(SECRET) && !stderr_of(&out).contains(SECRET));

    // A locked keyring: said, without a prompt and without waiting for one.
    service.restart_locked(&env);
    let start = Instant::now();
    let (out, rows) = doctor_json(&env);
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(check(&rows, "secret_store")["status"], "warn", "{out:?}");
    assert!(
        check(&rows, "secret_store")["message"]
            .as_str()
            .unwrap()
            .contains("locked")
    );

    // Gone from the keyring: a failure, exit 1, and the fix.
    service.stop_keyring();
    let (out, rows) = doctor_json(&env);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(check(&rows, "secret_store")["status"], "fail");
    drop(service);
}

#[test]
#[cfg_attr(
    missing = "secret-service",
    ignore = "needs a Secret Service: dbus-daemon, gnome-keyring-daemon, secret-tool"
)]
fn a_missing_secret_fails_with_the_login_that_fixes_it() {
    let mut env = TestEnv::new();
    let Some(_service) = SecretService::start(&mut env) else {
        return;
    };
    let Some(tool) = require("secret-tool") else {
        return;
    };
    keyring_profile(&env, "dev");
    env.command(tool)
        .args(["clear", "service", "twenv", "username", SK])
        .assert()
        .success();
    let (out, rows) = doctor_json(&env);
    assert_eq!(out.status.code(), Some(1));
    let store = check(&rows, "secret_store");
    assert_eq!(store["status"], "fail");
    assert!(
        store["fix"]
            .as_str()
            .unwrap()
            .ends_with("login -p dev --force"),
        "{store}"
    );
}

#[test]
fn environment_credentials_are_explained_and_never_shown() {
    let mut env = TestEnv::new();
    env.set_var("TWILIO_ACCOUNT_SID", AC);
    env.set_var("TWILIO_API_KEY", SK);
    env.set_var("TWILIO_AUTH_TOKEN", "stray-token-value-0123456789abcd");
    let (out, rows) = doctor_json(&env);
    assert!(out.status.success());
    assert_eq!(check(&rows, "environment")["status"], "warn");
    assert!(
        check(&rows, "environment")["message"]
            .as_str()
            .unwrap()
            .contains("TWILIO_API_SECRET")
    );
    assert_eq!(check(&rows, "auth_token")["status"], "warn");
    env.set_var("TWILIO_API_SECRET", SECRET);
    let (out, rows) = doctor_json(&env);
    let cred = check(&rows, "credentials")["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(cred.contains("TWILIO_* variables"), "{cred}");
    for s in [SECRET, "stray-token-value"] {
        assert!(!stdout_of(&out).contains(s) && !stderr_of(&out).contains(s));
    }
}

#[test]
fn online_checks_the_credentials_at_twilio_only_when_asked() {
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, SECRET);
    env.twenv()
        .args(["use", "--global", "dev"])
        .assert()
        .success();
    let fake = FakeTwilio::start();
    let run = |args: &[&str]| {
        env.twenv()
            .args(["doctor", "-o", "json"])
            .args(args)
            .env("TWENV_API_URL", fake.url())
            .output()
            .unwrap()
    };
    let out = run(&[]);
    assert!(out.status.success());
    assert!(fake.requests().is_empty(), "no network without --online");
    let out = run(&["--online"]);
    assert_eq!(out.status.code(), Some(1), "the key is unknown at Twilio");
    assert_eq!(check(&checks(&out), "online")["status"], "fail");
    fake.add_key(AC, SK, SECRET);
    let out = run(&["--online"]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(check(&checks(&out), "online")["status"], "ok");
    assert_eq!(fake.requests().len(), 2);
}

#[test]
#[cfg_attr(missing = "python3", ignore = "python3 is not installed")]
fn on_a_terminal_marks_are_coloured_unless_no_color_is_set() {
    let env = TestEnv::new();
    let Some(python) = require("python3") else {
        return;
    };
    let pty = "import os,pty,sys\n\
               pid,fd=pty.fork()\n\
               if pid==0: os.execv(sys.argv[1], sys.argv[1:])\n\
               out=b''\n\
               while True:\n\
               \x20   try: d=os.read(fd,4096)\n\
               \x20   except OSError: break\n\
               \x20   if not d: break\n\
               \x20   out+=d\n\
               sys.stdout.buffer.write(out)\n";
    let bin = twenv_bin();
    let run = |no_color: Option<&str>| {
        let mut cmd = env.command(&python);
        cmd.args(["-c", pty]).arg(&bin).arg("doctor");
        if let Some(v) = no_color {
            cmd.env("NO_COLOR", v);
        }
        stdout_of(&cmd.output().unwrap())
    };
    let coloured = run(None);
    assert!(coloured.contains("\x1b[33mwarn"), "{coloured:?}");
    let plain = run(Some("1"));
    assert!(
        plain.contains("warn") && !plain.contains('\x1b'),
        "{plain:?}"
    );
    // Piped: no colour either.
    let out = env.twenv().arg("doctor").output().unwrap();
    assert!(!stdout_of(&out).contains('\x1b'));
    assert!(stdout_of(&out).contains("fix: "), "{}", stdout_of(&out));
}

#[test]
fn a_broken_config_fails_and_names_the_file() {
    let env = TestEnv::new();
    fs::create_dir_all(env.config_dir()).unwrap();
    fs::write(env.config_path(), "profiles: [\n").unwrap();
    let (out, rows) = doctor_json(&env);
    assert_eq!(out.status.code(), Some(1));
    let config = check(&rows, "config");
    assert_eq!(config["status"], "fail");
    assert!(
        config["message"].as_str().unwrap().contains("config.yaml"),
        "{config}"
    );
}

#[test]
fn the_twilio_clis_plaintext_secrets_point_at_import_scrub() {
    let env = TestEnv::new();
    let dir = env.home.join(".twilio-cli");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("config.json"),
        format!(r#"{{"profiles":{{"dev":{{"accountSid":"{AC}","apiKey":"{SK}","apiSecret":"{SECRET}"}}}}}}"#),
    )
    .unwrap();
    let (out, rows) = doctor_json(&env);
    let cli = check(&rows, "twilio_cli");
    assert_eq!(cli["status"], "warn");
    assert!(
        cli["fix"].as_str().unwrap().ends_with("import --scrub"),
        "{cli}"
    );
    assert!(!stdout_of(&out).contains(SECRET));
}

#[test]
fn the_pin_that_applies_here_and_its_trust_are_checked() {
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, SECRET);
    let (_, rows) = doctor_json(&env);
    assert_eq!(check(&rows, "pin")["status"], "ok");
    assert!(
        check(&rows, "pin")["message"]
            .as_str()
            .unwrap()
            .contains("no .twenv-profile")
    );

    env.twenv().args(["pin", "dev"]).assert().success();
    let (_, rows) = doctor_json(&env);
    let pin = check(&rows, "pin");
    assert_eq!(pin["status"], "ok", "{pin}");
    assert!(pin["message"].as_str().unwrap().contains("'dev'"), "{pin}");

    // Edited by hand: no longer the file that was trusted.
    std::fs::write(env.home.join(".twenv-profile"), "dev\n# edited\n").unwrap();
    let (_, rows) = doctor_json(&env);
    let pin = check(&rows, "pin");
    assert_eq!(pin["status"], "warn", "{pin}");
    assert!(
        pin["fix"].as_str().unwrap().starts_with("twenv allow "),
        "{pin}"
    );
}
