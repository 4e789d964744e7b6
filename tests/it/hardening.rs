//! Issue 10's defects: where credentials may go, which files are trusted,
//! what global options mean, and what a malformed reply leaves behind. Each
//! test failed before its fix.

use std::fs;
use std::os::unix::fs::symlink;
use std::os::unix::process::CommandExt;
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;
use crate::fake_twilio::{FakeTwilio, Fault};

const TOKEN: &str = "t0ken5ecretAuthTokenValue0123456";
const SECRET: &str = "hardeningSecret0123456789";

fn with_fake() -> (TestEnv, FakeTwilio) {
    let fake = FakeTwilio::start();
    fake.add_account(AC, TOKEN);
    fake.add_key(AC, SK, SECRET);
    let mut env = TestEnv::new();
    env.set_var("TWENV_API_URL", fake.url());
    env.set_var("TWENV_HTTP_BACKOFF_MS", "10");
    env.set_var("USER", "tester");
    (env, fake)
}

fn run(env: &TestEnv, args: &[&str]) -> std::process::Output {
    env.twenv().args(args).output().expect("run twenv")
}

fn code_and_stderr(out: &std::process::Output) -> (Option<i32>, String) {
    (out.status.code(), stderr_of(out))
}

/// Rewrites the profile's region in config.yaml by hand.
fn hand_edit_region(env: &TestEnv, region: &str) {
    let text = env.read_config();
    let text = text.replace(
        "    storage: file\n",
        &format!("    region: '{region}'\n    storage: file\n"),
    );
    fs::write(env.config_path(), text).unwrap();
}

#[test]
fn a_region_from_config_or_environment_never_reaches_a_host_name() {
    let (mut env, fake) = with_fake();
    env.add_profile("dev", AC, SK, SECRET);
    for bad in ["evil.invalid/", "ie1.evil.example", "IE1 "] {
        hand_edit_region(&env, bad);
        for args in [
            &["current", "--verify", "-p", "dev"][..],
            &["use", "dev", "--shell", "bash"],
            &["export", "-p", "dev"],
        ] {
            let (code, err) = code_and_stderr(&run(&env, args));
            assert_eq!(code, Some(1), "{bad:?} {args:?}: {err}");
            assert!(err.contains("invalid region"), "{bad:?} {args:?}: {err}");
        }
        let text = env
            .read_config()
            .replace(&format!("    region: '{bad}'\n"), "");
        fs::write(env.config_path(), text).unwrap();
    }
    assert!(fake.requests().is_empty(), "{:?}", fake.requests());

    // From the environment: the same rule, exit 2, nothing sent.
    env.set_var("TWILIO_ACCOUNT_SID", AC);
    env.set_var("TWILIO_API_KEY", SK);
    env.set_var("TWILIO_API_SECRET", SECRET);
    for (name, bad) in [
        ("TWILIO_REGION", "evil.invalid/"),
        ("TWILIO_EDGE", "x.evil"),
    ] {
        env.set_var(name, bad);
        for args in [&["current", "--verify"][..], &["exec", "--", "true"]] {
            let (code, err) = code_and_stderr(&run(&env, args));
            assert_eq!(code, Some(2), "{name} {args:?}: {err}");
            assert!(err.contains(name), "{name} {args:?}: {err}");
        }
        // `list` still lists, and says what is wrong.
        let out = run(&env, &["list"]);
        assert!(out.status.success(), "{}", stderr_of(&out));
        assert!(stderr_of(&out).contains(name), "{}", stderr_of(&out));
        env.remove_var(name);
    }
    assert!(fake.requests().is_empty(), "{:?}", fake.requests());
}

#[test]
fn a_cache_whose_content_breaks_the_rules_is_not_believed() {
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, SECRET);
    env.twenv()
        .args([
            "login",
            "-p",
            "dev",
            "--force",
            "--account-sid",
            AC,
            "--api-key",
            SK,
        ])
        .args(["--api-secret-stdin", "--storage", "file", "--region", "ie1"])
        .write_stdin(format!("{SECRET}\n"))
        .assert()
        .success();
    let cache = env.config_dir().join(".config.cache");
    let bytes = fs::read(&cache).expect("a cache after a save");
    // Same length, so the encoding stays whole: only the value breaks the rule.
    let planted: Vec<u8> = String::from_utf8_lossy(&bytes)
        .replace("ie1", "e/1")
        .into_bytes();
    assert_ne!(planted, bytes, "the region is in the cache");
    fs::write(&cache, planted).unwrap();
    set_mode(&cache, 0o600);
    let out = run(&env, &["use", "dev", "--shell", "bash"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let code = stdout_of(&out);
    assert!(code.contains("ie1"), "{code}");
    assert!(!code.contains("e/1"), "{code}");
    let list = stdout_of(&run(&env, &["list", "-o", "json"]));
    assert!(list.contains("\"ie1\"") && !list.contains("e/1"), "{list}");
}

#[test]
fn plain_http_is_refused_for_hosts_that_are_not_loopback() {
    let (mut env, fake) = with_fake();
    for url in [
        "http://api.example.test",
        "http://10.1.2.3:8080",
        "http://127.0.0.1.example:80",
    ] {
        env.set_var("TWENV_API_URL", url);
        let out = env
            .twenv()
            .args([
                "login",
                "-p",
                "dev",
                "--account-sid",
                AC,
                "--auth-token-stdin",
            ])
            .args(["--storage", "file"])
            .write_stdin(format!("{TOKEN}\n"))
            .output()
            .unwrap();
        let (code, err) = code_and_stderr(&out);
        assert_eq!(code, Some(2), "{url}: {err}");
        assert!(err.contains("unencrypted"), "{url}: {err}");
        assert!(!err.contains(TOKEN));
    }
    assert!(fake.requests().is_empty());
    assert!(!env.config_path().exists());
}

#[test]
fn redirects_are_never_followed() {
    let (env, fake) = with_fake();
    env.add_profile("dev", AC, SK, SECRET);
    // The redirect points back at the fake: following it would be seen.
    let elsewhere = format!("{}/elsewhere", fake.url());
    fake.fault(Fault::Redirect(elsewhere), 1);
    let out = run(&env, &["current", "--verify", "-p", "dev"]);
    let (code, err) = code_and_stderr(&out);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("redirect") && !err.contains("credentials work"),
        "{err}"
    );
    assert_eq!(fake.requests().len(), 1, "{:?}", fake.requests());

    fake.fault(Fault::Redirect(format!("{}/x", fake.url())), 1);
    let out = env
        .twenv()
        .args([
            "login",
            "-p",
            "new",
            "--account-sid",
            AC,
            "--auth-token-stdin",
        ])
        .args(["--storage", "file"])
        .write_stdin(format!("{TOKEN}\n"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert_eq!(fake.keys().len(), 1, "no key made after a redirect");
}

#[test]
fn a_malformed_key_reply_deletes_the_key_it_names() {
    fn no_secret(body: &str) -> String {
        let mut v: serde_json::Value = serde_json::from_str(body).unwrap();
        v.as_object_mut().unwrap().remove("secret");
        v.to_string()
    }
    fn newline_secret(body: &str) -> String {
        let mut v: serde_json::Value = serde_json::from_str(body).unwrap();
        v["secret"] = "line1\nline2".into();
        v.to_string()
    }
    fn not_json(_: &str) -> String {
        "<html>ok</html>".to_string()
    }
    for (mangle, deleted) in [
        (no_secret as fn(&str) -> String, true),
        (newline_secret, true),
        (not_json, false),
    ] {
        let (env, fake) = with_fake();
        fake.fault(Fault::Pass, 1);
        fake.fault(Fault::Mangle(mangle), 1);
        let out = env
            .twenv()
            .args([
                "login",
                "-p",
                "dev",
                "--account-sid",
                AC,
                "--auth-token-stdin",
            ])
            .args(["--storage", "file"])
            .write_stdin(format!("{TOKEN}\n"))
            .output()
            .unwrap();
        let (code, err) = code_and_stderr(&out);
        assert_eq!(code, Some(1), "{err}");
        assert!(err.contains("not usable"), "{err}");
        assert!(!err.contains(TOKEN) && !err.contains("line1"), "{err}");
        let made: Vec<String> = fake.keys().into_keys().filter(|k| k != SK).collect();
        if deleted {
            assert!(made.is_empty(), "{made:?}: {err}");
            assert!(err.contains("was deleted at Twilio again"), "{err}");
        } else {
            assert_eq!(made.len(), 1, "{err}");
            assert!(err.contains("delete it there"), "{err}");
        }
        assert!(!env.config_path().exists(), "nothing saved");
    }
}

#[test]
fn a_config_dir_or_file_others_can_write_is_refused() {
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, SECRET);
    let dir = env.config_dir();
    let cache = dir.join(".config.cache");
    assert!(cache.exists());
    for (path, mode, restore) in [
        (dir.clone(), 0o777, 0o700),
        (dir.clone(), 0o720, 0o700),
        (env.config_path(), 0o666, 0o600),
        (env.config_path(), 0o620, 0o600),
        (cache.clone(), 0o646, 0o600),
    ] {
        set_mode(&path, mode);
        // Writers never read the cache (they replace it); readers refuse it.
        let writes = path != cache;
        let commands = [
            &["list"][..],
            &["use", "dev", "--shell", "bash"],
            &["set", "dev", "A=1"],
        ];
        for args in commands.into_iter().filter(|a| writes || a[0] != "set") {
            let (code, err) = code_and_stderr(&run(&env, args));
            assert_eq!(code, Some(1), "{path:?} {mode:o} {args:?}: {err}");
            assert!(
                err.contains("chmod go-w"),
                "{path:?} {mode:o} {args:?}: {err}"
            );
        }
        set_mode(&path, restore);
    }
    assert!(run(&env, &["list"]).status.success());
    assert!(!env.read_config().contains("A: "), "nothing was written");
}

#[test]
#[cfg_attr(
    missing = "root",
    ignore = "needs root, to make files another user owns"
)]
fn files_another_user_owns_are_refused() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        skip("making a file another user owns needs root");
        return;
    }
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, SECRET);
    let chown = |path: &std::path::Path, uid: u32| {
        std::os::unix::fs::chown(path, Some(uid), None).expect("chown");
    };
    for path in [
        env.config_dir(),
        env.config_path(),
        env.config_dir().join(".config.cache"),
        env.config_dir().join("credentials.yaml"),
    ] {
        chown(&path, 4242);
        let (code, err) = code_and_stderr(&run(&env, &["use", "dev", "--shell", "bash"]));
        assert_eq!(code, Some(1), "{path:?}: {err}");
        assert!(err.contains("owned by another user"), "{path:?}: {err}");
        chown(&path, 0);
    }
    assert!(
        run(&env, &["use", "dev", "--shell", "bash"])
            .status
            .success()
    );
}

#[test]
fn a_credentials_file_that_is_a_symlink_is_refused() {
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, SECRET);
    let credentials = env.config_dir().join("credentials.yaml");
    let elsewhere = env.tmp.path().join("elsewhere.yaml");
    fs::rename(&credentials, &elsewhere).unwrap();
    symlink(&elsewhere, &credentials).unwrap();
    let out = run(&env, &["use", "dev", "--shell", "bash"]);
    let (code, err) = code_and_stderr(&out);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("symbolic link"), "{err}");
    assert!(!stdout_of(&out).contains(SECRET));
}

#[test]
fn a_planted_lock_symlink_creates_nothing_elsewhere() {
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, SECRET);
    let lock = env.config_dir().join(".lock");
    let _ = fs::remove_file(&lock);
    let target = env.tmp.path().join("created-by-twenv");
    symlink(&target, &lock).unwrap();
    let (code, err) = code_and_stderr(&run(&env, &["set", "dev", "A=1"]));
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains(".lock"), "{err}");
    assert!(!target.exists(), "twenv followed the planted link");
}

#[test]
fn a_symlinked_config_is_written_through_to_its_target() {
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, SECRET);
    let dotfiles = env.tmp.path().join("dotfiles");
    fs::create_dir(&dotfiles).unwrap();
    set_mode(&dotfiles, 0o700);
    let target = dotfiles.join("config.yaml");
    fs::rename(env.config_path(), &target).unwrap();
    symlink(&target, env.config_path()).unwrap();
    env.twenv()
        .args(["set", "dev", "GREETING=hi"])
        .assert()
        .success();
    let meta = fs::symlink_metadata(env.config_path()).unwrap();
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    assert!(
        fs::read_to_string(&target)
            .unwrap()
            .contains("GREETING: hi")
    );
}

#[test]
fn temp_files_left_by_a_killed_writer_are_removed_by_the_next() {
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, SECRET);
    let stale = env.config_dir().join(".tmp-AbC123");
    fs::write(&stale, format!("secrets:\n  {SK}: {SECRET}\n")).unwrap();
    let unrelated = env.config_dir().join("notes.txt");
    fs::write(&unrelated, "mine").unwrap();
    env.twenv().args(["set", "dev", "A=1"]).assert().success();
    assert!(!stale.exists(), "the stale temp file is still there");
    assert!(unrelated.exists(), "only twenv's own temp files go");
}

#[test]
#[cfg_attr(missing = "flock", ignore = "flock is not installed")]
fn a_held_lock_is_waited_for_a_bounded_time_then_named() {
    let Some(flock) = require("flock") else {
        return;
    };
    let mut env = TestEnv::new();
    env.add_profile("dev", AC, SK, SECRET);
    let lock = env.config_dir().join(".lock");
    // In a process group of its own, so the `sleep` that inherits the lock
    // goes too when the group is killed.
    let mut holder = StdCommand::new(flock)
        .arg(&lock)
        .args(["sleep", "30"])
        .stdout(Stdio::null())
        .process_group(0)
        .spawn()
        .expect("flock");
    std::thread::sleep(Duration::from_millis(300));
    env.set_var("TWENV_LOCK_TIMEOUT", "1");
    let before = env.read_config();
    let started = Instant::now();
    let (code, err) = code_and_stderr(&run(&env, &["set", "dev", "A=1"]));
    let waited = started.elapsed();
    // SAFETY: kill has no memory-safety preconditions; the group is the holder's.
    unsafe { libc::kill(-(holder.id() as i32), libc::SIGKILL) };
    let _ = holder.wait();
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("lock") && err.contains("fuser"), "{err}");
    assert!(waited < Duration::from_secs(10), "waited {waited:?}");
    assert_eq!(env.read_config(), before);
    env.twenv().args(["set", "dev", "A=1"]).assert().success();
}

#[test]
fn global_options_are_accepted_or_clearly_refused() {
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, SECRET);
    env.add_profile("prod", &sid("AC", 2), &sid("SK", 2), SECRET);
    env.twenv()
        .args(["-p", "dev", "set", "A=1"])
        .assert()
        .success();
    env.twenv()
        .args(["set", "-p", "dev", "B=2", "C=3"])
        .assert()
        .success();
    env.twenv().args(["set", "dev", "D=4"]).assert().success();
    env.twenv()
        .args(["-p", "dev", "unset", "A"])
        .assert()
        .success();
    env.twenv()
        .args(["unset", "-p", "dev", "dev", "B"])
        .assert()
        .success();
    let config = env.read_config();
    assert!(
        !config.contains("A: ") && !config.contains("B: "),
        "{config}"
    );
    assert!(
        config.contains("C: '3'") && config.contains("D: '4'"),
        "{config}"
    );

    for (args, needle) in [
        (
            &["use", "-p", "dev", "prod", "--shell", "bash"][..],
            "two profiles",
        ),
        (&["remove", "prod", "-p", "dev", "--yes"], "two profiles"),
        (&["list", "-p", "dev"], "-p/--profile does not apply"),
        (&["export", "-p", "dev", "-o", "json"], "--format"),
        (&["use", "dev", "-o", "json"], "-o/--output does not apply"),
        (
            &["set", "dev", "E=5", "-o", "tsv"],
            "-o/--output does not apply",
        ),
    ] {
        let out = run(&env, args);
        let (code, err) = code_and_stderr(&out);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert_eq!(stdout_of(&out), "", "{args:?}");
    }
    assert!(run(&env, &["list", "-o", "json"]).status.success());
    assert!(
        run(&env, &["current", "-p", "dev", "-o", "json"])
            .status
            .success()
    );
    assert!(env.read_config().contains("prod:"), "nothing removed");
}

#[test]
fn list_and_current_agree_on_the_profile_this_shell_uses() {
    let mut env = TestEnv::new();
    env.add_profile("dev", AC, SK, SECRET);
    env.add_profile("prod", &sid("AC", 2), &sid("SK", 2), SECRET);
    // Credentials of dev, but TWENV_PROFILE says prod.
    env.set_var("TWILIO_ACCOUNT_SID", AC);
    env.set_var("TWILIO_API_KEY", SK);
    env.set_var("TWILIO_API_SECRET", SECRET);
    env.set_var("TWENV_PROFILE", "prod");
    let list: serde_json::Value =
        serde_json::from_str(&stdout_of(&run(&env, &["list", "-o", "json"]))).unwrap();
    let current_in_list: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["current"] == true)
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let current: serde_json::Value =
        serde_json::from_str(&stdout_of(&run(&env, &["current", "-o", "json"]))).unwrap();
    assert_eq!(current_in_list, vec!["dev"]);
    assert_eq!(current["profile"], "dev");
}

#[test]
fn replacing_the_active_profile_says_it_is_active() {
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, SECRET);
    env.twenv()
        .args(["use", "--global", "dev"])
        .assert()
        .success();
    let out = env
        .twenv()
        .args(["login", "-p", "dev", "--force", "--account-sid", AC])
        .args([
            "--api-key",
            &sid("SK", 9),
            "--api-secret-stdin",
            "--storage",
            "file",
        ])
        .write_stdin(format!("{SECRET}\n"))
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("It is the active profile"), "{err}");
    assert!(!err.contains("It is not active"), "{err}");
}

#[test]
fn a_mis_indented_line_is_named_not_the_one_above() {
    let env = TestEnv::new();
    fs::create_dir_all(env.config_dir()).unwrap();
    set_mode(&env.config_dir(), 0o700);
    fs::write(
        env.config_path(),
        format!("profiles:\n  dev:\n    account_sid: {AC}\n  api_key: {SK}\n"),
    )
    .unwrap();
    // `list` still lists (issue 11), warning about the profile; `use` of
    // it refuses; both name the line that is wrong.
    let (code, err) = code_and_stderr(&run(&env, &["list"]));
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("line 4") && err.contains("indentation"),
        "{err}"
    );
    let (code, err) = code_and_stderr(&run(&env, &["use", "dev", "--shell", "bash"]));
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("line 4"), "{err}");
    assert!(err.contains("indentation"), "{err}");
}

#[test]
#[cfg_attr(missing = "python3", ignore = "python3 is not installed")]
fn ctrl_d_at_any_login_prompt_gives_one_answer() {
    if require("python3").is_none() {
        return;
    }
    let mut results = Vec::new();
    for steps in [
        &[("Your Account SID:", false, "\u{4}")][..],
        &[
            ("Your Account SID:", false, AC),
            ("Your Auth Token", true, "\u{4}"),
        ],
    ] {
        let (env, fake) = with_fake();
        let (code, transcript) =
            crate::login::run_on_pty(&env, &["login", "--storage", "file"], steps);
        assert!(transcript.contains("end of input"), "{transcript}");
        assert!(fake.requests().is_empty(), "{:?}", fake.requests());
        assert!(!env.config_path().exists());
        results.push(code);
    }
    assert_eq!(results, [2, 2]);
}

#[test]
fn a_yaml_error_gives_its_position_once() {
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, SECRET);
    // A mapping that never closes: serde_yaml names two places in its text.
    fs::write(
        env.config_path(),
        "profiles:\n  dev: {account_sid: x\n  other: [\n",
    )
    .unwrap();
    let (code, err) = code_and_stderr(&run(&env, &["list"]));
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(err.matches("line ").count(), 1, "{err}");
}

#[test]
fn completion_descriptions_are_ascii_without_a_utf8_locale() {
    let mut env = TestEnv::new();
    env.add_profile("dev", AC, SK, SECRET);
    for (lang, want, refused) in [("C.UTF-8", "…", ".."), ("C", "..", "…")] {
        env.set_var("LANG", lang);
        let out = env
            .twenv()
            .env("COMPLETE", "zsh")
            .env("_CLAP_COMPLETE_INDEX", "2")
            .args(["--", "twenv", "use", ""])
            .output()
            .unwrap();
        let text = stdout_of(&out);
        assert!(
            text.contains(&format!("dev:{want}cdef")),
            "{lang}: {text:?}"
        );
        assert!(!text.contains(refused), "{lang}: {text:?}");
    }
}
