//! Project profiles (issue 12, DESIGN §11): `pin`, `unpin`, `allow`, `deny`,
//! trust, and the pin's place in the resolution order of `current`, `exec`
//! and `export` (DESIGN §2).

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use crate::common::*;
use crate::fake_twilio::FakeTwilio;

const DEV_SECRET: &str = "dev-secret";
const PROD_SECRET: &str = "prod-secret";

fn setup() -> (TestEnv, PathBuf) {
    let env = TestEnv::new();
    env.add_profile("dev", &sid("AC", 1), &sid("SK", 1), DEV_SECRET);
    env.add_profile("prod", &sid("AC", 2), &sid("SK", 2), PROD_SECRET);
    let project = env.home.join("src/app");
    fs::create_dir_all(project.join("deep/er")).unwrap();
    (env, project)
}

fn twenv_in(env: &TestEnv, dir: &Path, args: &[&str]) -> std::process::Output {
    env.twenv()
        .current_dir(dir)
        .env("PWD", dir)
        .args(args)
        .output()
        .unwrap()
}

/// `current -o json` in `dir`: the object, and stderr.
fn current_in(env: &TestEnv, dir: &Path, extra: &[&str]) -> (serde_json::Value, String) {
    let mut args = vec!["current", "-o", "json"];
    args.extend_from_slice(extra);
    let out = twenv_in(env, dir, &args);
    let json = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (json, stderr_of(&out))
}

fn pin(env: &TestEnv, id: &str, dir: &Path) {
    let out = env.twenv().args(["pin", id]).arg(dir).output().unwrap();
    assert!(out.status.success(), "pin: {}", stderr_of(&out));
    assert!(out.stdout.is_empty(), "pin printed on stdout");
}

#[test]
fn pin_writes_the_file_trusts_it_and_current_reports_the_directory() {
    let (env, project) = setup();
    pin(&env, "dev", &project);
    let file = project.join(".twenv-profile");
    assert_eq!(fs::read_to_string(&file).unwrap(), "dev\n");
    assert_eq!(mode_of(&file), 0o644);
    // The trust record is in the config dir, private, and holds no path or ID.
    let trust = env.config_dir().join("trusted-pins");
    assert_eq!(mode_of(&trust), 0o600);
    let records = fs::read_to_string(&trust).unwrap();
    assert!(
        !records.contains("app") && !records.contains("dev"),
        "{records}"
    );
    // Nothing else was written in the project.
    let entries: Vec<_> = fs::read_dir(&project)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(entries.len(), 2, "{entries:?}");

    let (json, stderr) = current_in(&env, &project.join("deep/er"), &[]);
    assert_eq!(json["source"], "directory", "{stderr}");
    assert_eq!(json["profile"], "dev");
    assert_eq!(json["account_sid"], sid("AC", 1));
    assert_eq!(json["pin_file"], file.display().to_string());
    assert!(!json.to_string().contains(DEV_SECRET));
    // The table says where the credentials come from, too.
    let out = twenv_in(&env, &project, &["current"]);
    assert!(stdout_of(&out).contains("directory"), "{}", stdout_of(&out));
}

#[test]
fn nearest_pin_wins() {
    let (env, project) = setup();
    pin(&env, "dev", &project);
    pin(&env, "prod", &project.join("deep"));
    assert_eq!(
        current_in(&env, &project.join("deep/er"), &[]).0["profile"],
        "prod"
    );
    assert_eq!(current_in(&env, &project, &[]).0["profile"], "dev");
}

#[test]
fn resolution_order_is_flag_env_pin_active() {
    let (env, project) = setup();
    env.twenv()
        .args(["use", "--global", "prod"])
        .assert()
        .success();
    pin(&env, "dev", &project);
    let (json, _) = current_in(&env, &project, &["-p", "prod"]);
    assert_eq!(
        (json["source"].as_str(), json["profile"].as_str()),
        (Some("flag"), Some("prod"))
    );
    assert!(json.get("pin_file").is_none(), "{json}");

    let out = env
        .twenv()
        .current_dir(&project)
        .env("TWILIO_ACCOUNT_SID", sid("AC", 9))
        .env("TWILIO_API_KEY", sid("SK", 9))
        .env("TWILIO_API_SECRET", "env-secret")
        .args(["current", "-o", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["source"], "env");
    assert_eq!(json["account_sid"], sid("AC", 9));

    // An incomplete set is warned about, and the pin applies.
    let out = env
        .twenv()
        .current_dir(&project)
        .env("TWILIO_ACCOUNT_SID", sid("AC", 9))
        .args(["current", "-o", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["source"], "directory");
    assert!(
        stderr_of(&out).contains("TWILIO_API_KEY"),
        "{}",
        stderr_of(&out)
    );

    let (json, _) = current_in(&env, &env.home, &[]);
    assert_eq!(
        (json["source"].as_str(), json["profile"].as_str()),
        (Some("active"), Some("prod"))
    );
}

#[test]
fn exec_and_export_use_the_pin() {
    let (env, project) = setup();
    pin(&env, "dev", &project);
    let out = twenv_in(&env, &project.join("deep"), &["exec", "--", "/usr/bin/env"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let vars = stdout_of(&out);
    assert!(
        vars.contains(&format!("TWILIO_API_SECRET={DEV_SECRET}\n")),
        "{vars}"
    );
    assert!(vars.contains("TWENV_PROFILE=dev\n"), "{vars}");
    let out = twenv_in(&env, &project, &["export", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["TWILIO_API_KEY"], sid("SK", 1));
}

#[test]
fn current_verify_checks_the_pinned_credentials() {
    let (env, project) = setup();
    pin(&env, "dev", &project);
    let fake = FakeTwilio::start();
    fake.add_key(&sid("AC", 1), &sid("SK", 1), DEV_SECRET);
    let out = env
        .twenv()
        .current_dir(&project)
        .env("TWENV_API_URL", fake.url())
        .args(["current", "--verify"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("credentials work"),
        "{}",
        stderr_of(&out)
    );
    let request = fake.requests().pop().expect("a request");
    assert_eq!(
        request.basic_auth(),
        Some((sid("SK", 1), DEV_SECRET.to_string()))
    );
}

/// Every way a pin can be untrusted: skipped with a warning that says what to
/// run, and the next step of the order (here: nothing) applies.
#[test]
fn hand_written_edited_moved_copied_and_denied_pins_are_not_applied() {
    let (env, project) = setup();
    let check = |dir: &Path, what: &str| {
        let out = twenv_in(&env, dir, &["current", "-o", "json"]);
        assert_eq!(out.status.code(), Some(1), "{what}: {}", stdout_of(&out));
        let stderr = stderr_of(&out);
        assert!(stderr.contains("is not trusted"), "{what}: {stderr}");
        assert!(stderr.contains("twenv allow"), "{what}: {stderr}");
        let out = twenv_in(&env, dir, &["exec", "--", "/usr/bin/env"]);
        assert!(!stdout_of(&out).contains("TWILIO_API_SECRET"), "{what}");
    };
    // Hand-written, as a clone brings it.
    fs::write(project.join(".twenv-profile"), "prod\n").unwrap();
    check(&project, "hand-written");
    // Edited after `pin` (even a comment).
    pin(&env, "dev", &project);
    fs::write(project.join(".twenv-profile"), "dev\n# more\n").unwrap();
    check(&project, "edited");
    // Moved, and copied (a second worktree is a new path).
    pin(&env, "dev", &project);
    let other = env.home.join("src/worktree");
    fs::create_dir_all(&other).unwrap();
    fs::copy(project.join(".twenv-profile"), other.join(".twenv-profile")).unwrap();
    check(&other, "copied");
    fs::remove_file(other.join(".twenv-profile")).unwrap();
    fs::rename(project.join(".twenv-profile"), other.join(".twenv-profile")).unwrap();
    check(&other, "moved");
    // Denied.
    pin(&env, "dev", &project);
    let out = twenv_in(&env, &project.join("deep"), &["deny"]);
    assert!(
        out.status.success() && out.stdout.is_empty(),
        "{}",
        stderr_of(&out)
    );
    check(&project, "denied");
    // `allow` trusts it again, exactly as it is.
    let out = twenv_in(&env, &project.join("deep"), &["allow"]);
    assert!(
        out.status.success() && out.stdout.is_empty(),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(current_in(&env, &project, &[]).0["source"], "directory");
}

#[test]
fn an_untrusted_pin_falls_through_to_the_active_profile() {
    let (env, project) = setup();
    env.twenv()
        .args(["use", "--global", "dev"])
        .assert()
        .success();
    fs::write(project.join(".twenv-profile"), "prod\n").unwrap();
    let (json, stderr) = current_in(&env, &project, &[]);
    assert_eq!(
        (json["source"].as_str(), json["profile"].as_str()),
        (Some("active"), Some("dev"))
    );
    assert!(stderr.contains("skipping the directory's pin"), "{stderr}");
}

#[test]
fn broken_pins_are_skipped_with_a_reason() {
    let (env, project) = setup();
    env.twenv()
        .args(["use", "--global", "dev"])
        .assert()
        .success();
    let file = project.join(".twenv-profile");
    type Make<'a> = Box<dyn Fn() + 'a>;
    let cases: Vec<(&str, Make, &str)> = vec![
        (
            "a directory",
            Box::new(|| fs::create_dir(&file).unwrap()),
            "not a regular file",
        ),
        (
            "a symlink",
            Box::new(|| {
                // To a file that names a real profile: still not followed.
                fs::write(env.home.join("elsewhere"), "dev\n").unwrap();
                symlink(env.home.join("elsewhere"), &file).unwrap()
            }),
            "is a symlink",
        ),
        (
            "huge",
            Box::new(|| fs::write(&file, format!("dev\n{}", "#".repeat(10_000))).unwrap()),
            "larger than 4096 bytes",
        ),
        (
            "a bad ID",
            Box::new(|| fs::write(&file, "../prod\n").unwrap()),
            "not a profile ID",
        ),
        (
            "empty",
            Box::new(|| fs::write(&file, "# nothing\n\n").unwrap()),
            "names no profile",
        ),
        (
            "a template",
            Box::new(|| fs::write(&file, "${PROFILE}\n").unwrap()),
            "not a profile ID",
        ),
    ];
    for (what, make, says) in cases {
        let _ = fs::remove_dir(&file);
        let _ = fs::remove_file(&file);
        make();
        // Trusting a broken pin is refused, with exit 2.
        let out = twenv_in(&env, &project, &["allow"]);
        assert_eq!(out.status.code(), Some(2), "{what}: {}", stderr_of(&out));
        assert!(
            stderr_of(&out).contains(says),
            "{what}: {}",
            stderr_of(&out)
        );
        let (json, stderr) = current_in(&env, &project, &[]);
        assert_eq!(json["source"], "active", "{what}");
        assert!(stderr.contains(says), "{what}: {stderr}");
    }
}

#[test]
fn a_trusted_pin_naming_a_missing_profile_is_skipped() {
    let (env, project) = setup();
    fs::write(project.join(".twenv-profile"), "ghost\n").unwrap();
    let out = twenv_in(&env, &project, &["allow"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("twenv login -p ghost"),
        "{}",
        stderr_of(&out)
    );
    let out = twenv_in(&env, &project, &["current"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("'ghost', which does not exist"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn pin_refuses_bad_input_and_changes_nothing() {
    let (env, project) = setup();
    let file = project.join(".twenv-profile");
    let run = |args: &[&str]| twenv_in(&env, &project, args);
    let out = run(&["pin", "../x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("profile ID"),
        "{}",
        stderr_of(&out)
    );
    let out = run(&["pin", "ghost"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("no profile named 'ghost'"),
        "{}",
        stderr_of(&out)
    );
    let out = run(&["pin", "dev", "no/such/dir"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(!file.exists());
    assert!(!env.config_dir().join("trusted-pins").exists());
    // A symlink where the pin would go is left alone.
    symlink(env.home.join("target"), &file).unwrap();
    let out = run(&["pin", "dev"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("symlink"), "{}", stderr_of(&out));
    assert!(
        fs::symlink_metadata(&file)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn unpin_removes_the_file_and_its_trust() {
    let (env, project) = setup();
    pin(&env, "dev", &project);
    let out = twenv_in(&env, &env.home, &["unpin", project.to_str().unwrap()]);
    assert!(
        out.status.success() && out.stdout.is_empty(),
        "{}",
        stderr_of(&out)
    );
    assert!(!project.join(".twenv-profile").exists());
    assert_eq!(
        fs::read_to_string(env.config_dir().join("trusted-pins")).unwrap(),
        ""
    );
    // The same content written back by hand is not trusted.
    fs::write(project.join(".twenv-profile"), "dev\n").unwrap();
    assert!(current_in(&env, &project, &[]).1.contains("is not trusted"));
    fs::remove_file(project.join(".twenv-profile")).unwrap();
    let out = twenv_in(&env, &project, &["unpin"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("no "), "{}", stderr_of(&out));
    let out = twenv_in(&env, &project, &["allow"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("twenv pin ID"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn trust_follows_the_real_directory_not_the_symlinked_path() {
    let (env, project) = setup();
    pin(&env, "dev", &project);
    let link = env.home.join("link");
    symlink(&project, &link).unwrap();
    let (json, stderr) = current_in(&env, &link.join("deep"), &[]);
    assert_eq!(json["source"], "directory", "{stderr}");
    assert_eq!(
        json["pin_file"],
        project.join(".twenv-profile").display().to_string()
    );
}

#[test]
fn pin_and_allow_complete_profile_ids_and_directories() {
    let (env, project) = setup();
    fs::create_dir_all(env.home.join("dirx")).unwrap();
    fs::write(env.home.join("filex"), "").unwrap();
    let complete = |words: &[&str]| {
        let out = env
            .twenv()
            .current_dir(&env.home)
            .env("COMPLETE", "bash")
            .env("_CLAP_COMPLETE_INDEX", (words.len() - 1).to_string())
            .env("_CLAP_IFS", "\n")
            .arg("--")
            .args(words)
            .output()
            .unwrap();
        stdout_of(&out)
    };
    let ids = complete(&["twenv", "pin", ""]);
    assert!(
        ids.lines().any(|l| l == "dev") && ids.lines().any(|l| l == "prod"),
        "{ids}"
    );
    for command in ["pin dev", "allow", "deny", "unpin"] {
        let mut words: Vec<&str> = vec!["twenv"];
        words.extend(command.split(' '));
        words.push("di");
        let dirs = complete(&words);
        assert!(dirs.contains("dirx"), "{command}: {dirs}");
        assert!(!dirs.contains("filex"), "{command}: {dirs}");
    }
    let _ = project;
}

#[test]
fn help_explains_pins() {
    let env = TestEnv::new();
    for (command, says) in [
        ("pin", "trust"),
        ("allow", "edited, moved, copied or cloned"),
        ("deny", "Withdraw"),
        ("unpin", "Remove"),
    ] {
        let out = env.twenv().args([command, "--help"]).output().unwrap();
        assert!(
            stdout_of(&out).contains(says),
            "{command}: {}",
            stdout_of(&out)
        );
    }
    let out = env.twenv().args(["init", "--help"]).output().unwrap();
    assert!(stdout_of(&out).contains("--no-auto"));
}

/// Runs `twenv ARGS` in `dir` as an unprivileged user, so permissions apply
/// (the tests may run as root, whom no mode stops): the whole temporary tree
/// is handed to `nobody` first.
fn twenv_as_nobody(env: &TestEnv, dir: &Path, args: &[&str]) -> Option<std::process::Output> {
    let euid = unsafe { libc::geteuid() };
    let mut cmd = if euid == 0 {
        let setpriv = require("setpriv")?;
        chown_tree(env.tmp.path(), 65534, 65534);
        set_mode(env.tmp.path(), 0o755);
        let mut cmd = env.std_command(setpriv);
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(twenv_bin());
        cmd
    } else {
        env.std_command(twenv_bin())
    };
    Some(
        cmd.current_dir(dir)
            .env("PWD", dir)
            .args(args)
            .output()
            .unwrap(),
    )
}

fn chown_tree(path: &Path, uid: u32, gid: u32) {
    use std::os::unix::fs::lchown;
    lchown(path, Some(uid), Some(gid)).unwrap();
    if fs::symlink_metadata(path).unwrap().is_dir() {
        for entry in fs::read_dir(path).unwrap().flatten() {
            chown_tree(&entry.path(), uid, gid);
        }
    }
}

#[test]
#[cfg_attr(missing = "setpriv", ignore = "setpriv is not installed")]
fn unreadable_pins_and_directories() {
    let (env, project) = setup();
    pin(&env, "dev", &project);
    // A directory that cannot be listed: the pin above still applies.
    let closed = project.join("closed");
    fs::create_dir_all(closed.join("inside")).unwrap();
    // A pin that cannot be read: broken, and it hides the one above.
    let locked = project.join("locked");
    fs::create_dir_all(&locked).unwrap();
    fs::write(locked.join(".twenv-profile"), "prod\n").unwrap();
    let Some(_) = twenv_as_nobody(&env, &env.home, &["--version"]) else {
        return;
    };
    set_mode(&closed, 0o311);
    set_mode(&locked.join(".twenv-profile"), 0o000);
    let out = twenv_as_nobody(&env, &closed.join("inside"), &["current", "-o", "json"]).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(json["profile"], "dev", "{}", stderr_of(&out));
    let out = twenv_as_nobody(&env, &locked, &["current", "-o", "json"]).unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stdout_of(&out));
    assert!(
        stderr_of(&out).contains("cannot be read"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
#[cfg_attr(missing = "git", ignore = "git is not installed")]
fn a_git_worktree_is_a_new_path_untrusted_until_allowed() {
    let Some(git) = require("git") else { return };
    let (env, project) = setup();
    let git_in = |dir: &Path, args: &[&str]| {
        let out = env
            .std_command(&git)
            .current_dir(dir)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", stderr_of(&out));
    };
    git_in(&project, &["init", "-q"]);
    pin(&env, "dev", &project);
    git_in(&project, &["add", ".twenv-profile"]);
    git_in(&project, &["commit", "-q", "-m", "pin"]);
    let worktree = env.home.join("src/app-feature");
    git_in(
        &project,
        &["worktree", "add", "-q", worktree.to_str().unwrap()],
    );
    assert_eq!(
        fs::read_to_string(worktree.join(".twenv-profile")).unwrap(),
        "dev\n"
    );
    let (json, stderr) = current_in(&env, &worktree, &[]);
    assert!(json.is_null(), "{json}");
    assert!(stderr.contains("is not trusted"), "{stderr}");
    assert!(twenv_in(&env, &worktree, &["allow"]).status.success());
    assert_eq!(current_in(&env, &worktree, &[]).0["source"], "directory");
    assert_eq!(current_in(&env, &project, &[]).0["source"], "directory");
}
