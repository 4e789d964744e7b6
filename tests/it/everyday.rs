//! Issue 11: what a new user tripped over — suggestions, aliases, what `use`
//! says, tables that fit the terminal, messages that name the real cause.

use std::io::Read;
use std::process::Stdio;

use crate::common::*;

const SECRET: &str = "everydaySecret0123456789";

fn three_profiles() -> TestEnv {
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, SECRET);
    env.add_profile("staging", &sid("AC", 2), &sid("SK", 2), SECRET);
    env.twenv()
        .args(["login", "-p", "prod", "--account-sid", &sid("AC", 3)])
        .args([
            "--api-key",
            &sid("SK", 3),
            "--api-secret-stdin",
            "--storage",
            "file",
        ])
        .args(["--region", "IE1", "--edge", "dublin"])
        .write_stdin(format!("{SECRET}\n"))
        .assert()
        .success();
    env
}

#[test]
fn a_mistyped_profile_gets_the_closest_one_suggested() {
    let env = three_profiles();
    for args in [
        &["use", "stagign", "--shell", "bash"][..],
        &["exec", "-p", "stagign", "--", "true"],
        &["remove", "stagign", "--yes"],
        &["set", "stagign", "A=1"],
        &["unset", "stagign", "A"],
        &["current", "-p", "stagign"],
    ] {
        let out = env.twenv().args(args).output().unwrap();
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("did you mean 'staging'?"), "{args:?}: {err}");
        assert!(!err.contains("login -p"), "{args:?}: {err}");
    }
    let out = env
        .twenv()
        .args(["remove", "zzzzzzzz", "--yes"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(
        !err.contains("did you mean") && err.contains("twenv list"),
        "{err}"
    );
    assert!(!err.contains("login"), "{err}");
}

#[test]
fn ls_and_rm_work_but_are_not_offered() {
    let env = three_profiles();
    let listed = stdout_of(&env.twenv().args(["ls", "-o", "tsv"]).output().unwrap());
    assert!(listed.contains("\nstaging\t"), "{listed}");
    env.twenv()
        .args(["rm", "staging", "--yes"])
        .assert()
        .success();
    assert!(!env.read_config().contains("staging:"));
    let offered = env
        .twenv()
        .env("COMPLETE", "fish")
        .args(["--", "twenv", ""])
        .output()
        .unwrap();
    let offered = stdout_of(&offered);
    assert!(offered.lines().any(|l| l.starts_with("list")), "{offered}");
    for hidden in ["ls", "rm", "profiles:"] {
        assert!(
            !offered.lines().any(|l| l.starts_with(hidden)),
            "{hidden} offered: {offered}"
        );
    }
}

#[test]
fn use_says_what_it_did_and_quiet_silences_it() {
    let env = three_profiles();
    let out = env
        .twenv()
        .args(["use", "prod", "--shell", "bash"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(stderr_of(&out), "twenv: prod (AC…0003, ie1, dublin)\n");
    assert!(!stderr_of(&out).contains(SECRET));
    let out = env
        .twenv()
        .args(["use", "-q", "prod", "--shell", "bash"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(stderr_of(&out), "");
    assert!(stdout_of(&out).contains("TWILIO_REGION"), "still the code");
}

#[test]
fn removing_the_profile_this_shell_uses_says_how_to_drop_it() {
    let mut env = three_profiles();
    env.set_var("TWENV_PROFILE", "dev");
    let out = env
        .twenv()
        .args(["remove", "dev", "--yes"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("twenv unuse"),
        "{}",
        stderr_of(&out)
    );
    let out = env
        .twenv()
        .args(["remove", "staging", "--yes"])
        .output()
        .unwrap();
    assert!(
        !stderr_of(&out).contains("twenv unuse"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn a_bad_twenv_storage_is_named_as_the_variable() {
    let mut env = TestEnv::new();
    env.set_var("TWENV_STORAGE", "bogus");
    let out = env
        .twenv()
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
        .write_stdin(format!("{SECRET}\n"))
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("TWENV_STORAGE=\"bogus\""), "{err}");
    assert!(!err.contains("--storage <"), "{err}");
    env.set_var("TWENV_STORAGE", "file");
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
        .write_stdin(format!("{SECRET}\n"))
        .assert()
        .success();
    assert!(env.read_config().contains("storage: file"));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let env = TestEnv::new();
    env.add_profile("p0", &sid("AC", 1), &sid("SK", 1), SECRET);
    // Enough rows that the reader closes the pipe before twenv is done.
    let dir = env.config_dir();
    let mut text = String::from("profiles:\n");
    for n in 0..3000 {
        text.push_str(&format!(
            "  p{n}:\n    account_sid: {}\n    api_key: {}\n    storage: file\n",
            sid("AC", n + 1),
            sid("SK", n + 1)
        ));
    }
    std::fs::write(dir.join("config.yaml"), text).unwrap();
    for format in ["columns", "tsv", "json"] {
        let mut child = env
            .std_command(twenv_bin())
            .args(["list", "-o", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 16];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The read end is dropped here: the pipe is closed.
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr_of(&out));
        assert_eq!(stderr_of(&out), "", "{format}");
    }
}

#[test]
#[cfg_attr(missing = "script", ignore = "script is not installed")]
fn tables_fit_a_narrow_terminal_and_wide_prints_them_whole() {
    let Some(script) = require("script") else {
        return;
    };
    let env = three_profiles();
    let bin = twenv_bin().display().to_string();
    let run = |command: &str| {
        let out = env
            .std_command(&script)
            .args([
                "-qec",
                &format!("stty cols 80 rows 40; {bin} {command}"),
                "/dev/null",
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{command}: {}", stderr_of(&out));
        stdout_of(&out).replace('\r', "")
    };
    let list = run("list");
    assert!(list.lines().all(|l| l.chars().count() <= 80), "{list}");
    assert!(
        list.contains("AC…0003") && !list.contains(&sid("AC", 3)),
        "{list}"
    );
    let wide = run("list --wide");
    assert!(wide.contains(&sid("AC", 3)), "{wide}");
    let current = run("current -p prod");
    assert!(
        current.lines().all(|l| l.chars().count() <= 80),
        "{current}"
    );
    // Piped, everything is whole (DESIGN §10).
    let piped = stdout_of(&env.twenv().arg("list").output().unwrap());
    assert!(
        piped.contains(&sid("AC", 3)) && piped.contains("EDGE"),
        "{piped}"
    );
}

#[test]
fn set_and_unset_explain_their_arguments() {
    let env = TestEnv::new();
    for command in ["set", "unset"] {
        let help = stdout_of(&env.twenv().args([command, "--help"]).output().unwrap());
        assert!(help.contains("The profile (or give it with -p)"), "{help}");
        assert!(help.contains("Global options:"), "{help}");
    }
    let help = stdout_of(&env.twenv().args(["use", "--help"]).output().unwrap());
    assert!(help.contains("Switch this shell"), "{help}");
}

#[test]
#[cfg_attr(
    missing = "secret-service",
    ignore = "needs a Secret Service: dbus-daemon, gnome-keyring-daemon, secret-tool"
)]
fn a_keyring_read_failure_says_how_to_restore_that_profile() {
    let mut env = TestEnv::new();
    let Some(mut service) = SecretService::start(&mut env) else {
        return;
    };
    env.twenv()
        .args(["login", "-p", "dev", "--account-sid", AC, "--api-key", SK])
        .args(["--api-secret-stdin", "--region", "au1"])
        .write_stdin(format!("{SECRET}\n"))
        .assert()
        .success();
    service.stop_keyring();
    let out = env
        .twenv()
        .args(["use", "dev", "--shell", "bash"])
        .env("TWENV_KEYRING_TIMEOUT", "5")
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("--storage file"), "{err}");
    assert!(
        err.contains(&format!("--api-key {SK}")) && err.contains("--region au1"),
        "{err}"
    );

    // No session bus at all: said in the user's terms, not D-Bus's.
    env.remove_var("DBUS_SESSION_BUS_ADDRESS");
    let out = env
        .twenv()
        .args(["use", "dev", "--shell", "bash"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("no D-Bus session bus"), "{err}");
    assert!(!err.contains("autolaunch"), "{err}");
}
