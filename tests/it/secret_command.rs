//! `storage: command` (issue 14, DESIGN §13): the API secret comes from a
//! password manager's command, here the real `pass` with a throw-away GnuPG
//! key, run without a shell and only when a secret is needed; its failures
//! are reported without a byte of its output.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use crate::common::*;
use crate::fake_twilio::FakeTwilio;
use crate::shell::{HOOK_SHELLS, read_env_dump};

/// Quotes, `$`, backticks, spaces, a backslash, shell operators and
/// non-ASCII: a secret every naive quoting step would change.
const NASTY: &str = "q'u\"o $HOME `id` $(id) sp  ace \\ ;|& é日本🦀";
/// What the failing commands print on stdout before failing: it must never
/// show anywhere.
const MARKER: &str = "SECRET-MARKER-7f3a9c";

/// A password store of the test's own: a GnuPG home with a key that has no
/// passphrase, and `pass` initialised for it. The directory is short (gpg
/// puts its agent's socket in it, and socket paths are limited to ~108
/// bytes); the agent is stopped on drop.
struct PassStore {
    dir: tempfile::TempDir,
    gnupg: PathBuf,
    store: PathBuf,
}

impl PassStore {
    fn new(env: &mut TestEnv) -> Option<PassStore> {
        require("pass")?;
        require("gpg")?;
        let dir = tempfile::Builder::new()
            .prefix("tp")
            .tempdir_in("/tmp")
            .expect("temp dir");
        let gnupg = dir.path().join("g");
        let store = dir.path().join("s");
        fs::create_dir_all(&gnupg).expect("gnupg home");
        set_mode(&gnupg, 0o700);
        env.set_var("GNUPGHOME", &gnupg);
        env.set_var("PASSWORD_STORE_DIR", &store);
        let pass = PassStore { dir, gnupg, store };
        // future-default: ed25519 + cv25519, made in milliseconds (RSA takes seconds).
        let out = env
            .std_command("gpg")
            .args(["--batch", "--pinentry-mode", "loopback", "--passphrase", ""])
            .args(["--quick-gen-key", "twenv test <test@twenv.invalid>"])
            .args(["future-default", "default", "never"])
            .output()
            .expect("gpg");
        assert!(out.status.success(), "gpg: {}", stderr_of(&out));
        let out = env
            .std_command("pass")
            .args(["init", "test@twenv.invalid"])
            .output()
            .expect("pass init");
        assert!(out.status.success(), "pass init: {}", stderr_of(&out));
        Some(pass)
    }

    /// `pass insert -m`: the entry holds exactly `contents`.
    fn insert(&self, env: &TestEnv, name: &str, contents: &str) {
        env.command("pass")
            .args(["insert", "-m", name])
            .write_stdin(contents)
            .assert()
            .success();
    }
}

impl Drop for PassStore {
    fn drop(&mut self) {
        let _ = std::process::Command::new("gpgconf")
            .args(["--kill", "all"])
            .env("GNUPGHOME", &self.gnupg)
            .output();
    }
}

fn login_with_command(env: &TestEnv, id: &str, line: &str) -> Output {
    env.twenv()
        .args(["login", "-p", id, "--account-sid", AC, "--api-key", SK])
        .args(["--secret-command", line])
        .output()
        .expect("run twenv")
}

/// A profile with this command written straight into the config, so a
/// command that fails (which login would refuse) can be tried.
fn write_command_profile(env: &TestEnv, id: &str, line: &str) {
    let dir = env.config_dir();
    fs::create_dir_all(&dir).expect("config dir");
    set_mode(&dir, 0o700);
    let config = serde_json::json!({ "profiles": { id: {
        "account_sid": AC,
        "api_key": SK,
        "storage": "command",
        "secret_command": line,
    }}});
    fs::write(env.config_path(), serde_yaml::to_string(&config).unwrap()).expect("config");
    set_mode(&env.config_path(), 0o600);
}

/// An executable script in the test's `bin` directory; its path.
fn script(env: &TestEnv, name: &str, body: &str) -> PathBuf {
    let bin = env.tmp.path().join("bin");
    fs::create_dir_all(&bin).expect("bin");
    let path = bin.join(name);
    fs::write(&path, format!("#!/bin/sh\n{body}")).expect("script");
    set_mode(&path, 0o755);
    path
}

fn use_dev(env: &TestEnv) -> Output {
    env.twenv()
        .args(["use", "dev", "--shell", "bash"])
        .output()
        .expect("run twenv")
}

/// Every file under the test's temporary directory (HOME, the config, the
/// GnuPG home, the scripts) and the password store that holds `needle`.
fn files_with(env: &TestEnv, pass: Option<&PassStore>, needle: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut roots = vec![env.tmp.path().to_path_buf()];
    if let Some(pass) = pass {
        roots.push(pass.dir.path().to_path_buf());
    }
    for root in roots {
        walk(&root, &mut |path, bytes| {
            if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                found.push(path.to_path_buf());
            }
        });
    }
    found
}

fn walk(dir: &Path, f: &mut dyn FnMut(&Path, &[u8])) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => walk(&path, f),
            Ok(kind) if kind.is_file() => {
                if let Ok(bytes) = fs::read(&path) {
                    f(&path, &bytes);
                }
            }
            _ => {}
        }
    }
}

#[test]
#[cfg_attr(
    any(missing = "pass", missing = "gpg", missing = "hook-shells"),
    ignore = "needs pass, gnupg, bash, zsh and fish"
)]
fn issue_14_a_pass_secret_round_trips_through_use_in_bash_zsh_fish() {
    let mut env = TestEnv::new();
    let Some(pass) = PassStore::new(&mut env) else {
        return;
    };
    pass.insert(&env, "twilio/dev", &format!("{NASTY}\n"));
    let out = login_with_command(&env, "dev", "pass show twilio/dev");
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(stdout_of(&out), "");
    let config = env.read_config();
    assert!(
        config.contains("storage: command")
            && config.contains("secret_command: pass show twilio/dev"),
        "{config}"
    );

    for sh in HOOK_SHELLS {
        let Some(path) = sh.path() else { continue };
        let direct = env.tmp.path().join(format!("{}.direct", sh.name()));
        let hooked = env.tmp.path().join(format!("{}.hook", sh.name()));
        let script = format!(
            "{}{}{}twenv unuse\ntwenv use dev\n{}",
            sh.eval_twenv("use dev"),
            sh.dump_env(&direct),
            sh.source_hook(),
            sh.dump_env(&hooked)
        );
        let out = sh.run(&path, &env, &script);
        assert!(out.status.success(), "{}: {}", sh.name(), stderr_of(&out));
        for dump in [&direct, &hooked] {
            let vars = read_env_dump(dump);
            assert_eq!(
                vars.get("TWILIO_API_SECRET").map(String::as_str),
                Some(NASTY),
                "{} ({})",
                sh.name(),
                dump.display()
            );
            assert_eq!(vars.get("TWENV_PROFILE").map(String::as_str), Some("dev"));
        }
        assert!(!stdout_of(&out).contains(NASTY) && !stderr_of(&out).contains(NASTY));
    }
    // Only the encrypted entry holds the secret, and not as plain text.
    let leaks: Vec<_> = files_with(&env, Some(&pass), "sp  ace")
        .into_iter()
        .filter(|p| !is_dump(p))
        .collect();
    assert_eq!(leaks, Vec::<PathBuf>::new(), "the secret is in these files");
    assert!(pass.store.join("twilio/dev.gpg").is_file());
}

/// The env dumps the test itself wrote are meant to hold the secret.
fn is_dump(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e == "direct" || e == "hook")
}

#[test]
#[cfg_attr(
    any(missing = "pass", missing = "gpg"),
    ignore = "needs pass and gnupg"
)]
fn issue_14_login_checks_the_command_and_stores_no_secret() {
    let mut env = TestEnv::new();
    let Some(pass) = PassStore::new(&mut env) else {
        return;
    };
    pass.insert(&env, "twilio/dev", "first-secret-0001\n");
    pass.insert(&env, "twilio/dev2", "second-secret-0002\n");
    assert!(
        login_with_command(&env, "dev", "pass show twilio/dev")
            .status
            .success()
    );
    env.twenv()
        .args(["set", "dev", "TWILIO_PHONE_NUMBER=+15005550006"])
        .assert()
        .success();

    // An entry that is missing: nothing saved, the command named, exit 1.
    let before = env.read_config();
    let out = env
        .twenv()
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
        .args(["--secret-command", "pass show twilio/nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("`pass show twilio/nope`")
            && stderr_of(&out).contains("exited with status 1"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(env.read_config(), before);

    // --force edits the command and keeps the extra variables.
    let out = env
        .twenv()
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
        .args(["--secret-command", "pass show twilio/dev2"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let config = env.read_config();
    assert!(
        config.contains("secret_command: pass show twilio/dev2"),
        "{config}"
    );
    assert!(config.contains("TWILIO_PHONE_NUMBER"), "{config}");
    let out = env
        .twenv()
        .args(["export", "-p", "dev", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["TWILIO_API_SECRET"], "second-secret-0002");
    assert_eq!(json["TWILIO_PHONE_NUMBER"], "+15005550006");

    for secret in ["first-secret-0001", "second-secret-0002"] {
        assert_eq!(files_with(&env, Some(&pass), secret), Vec::<PathBuf>::new());
    }
    let list = env.twenv().args(["list", "-o", "json"]).output().unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(rows[0]["storage"], "command");
}

#[test]
fn issue_14_replacing_a_keyring_profile_by_a_command_removes_the_old_secret() {
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, "file-secret-to-go");
    let printer = script(&env, "printer", "echo vault-secret-0003\n");
    let out = env
        .twenv()
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
        .args(["--secret-command", &printer.display().to_string()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        env.files_containing("file-secret-to-go"),
        Vec::<PathBuf>::new()
    );
    assert_eq!(
        env.files_containing("vault-secret-0003"),
        Vec::<PathBuf>::new()
    );
}

/// Each broken command: exit 1, nothing on stdout, the command and what went
/// wrong named, and nothing it printed shown.
fn assert_fails(out: &Output, line: &str, says: &str) {
    let err = stderr_of(out);
    assert_eq!(out.status.code(), Some(1), "{line}: {err}");
    assert_eq!(stdout_of(out), "", "{line}");
    assert!(
        err.contains(&format!("`{line}`")),
        "names the command: {err}"
    );
    assert!(err.contains("profile 'dev'"), "{err}");
    assert!(err.contains(says), "{line}: wanted {says:?} in {err}");
    assert!(!err.contains(MARKER), "{line} echoed its output: {err}");
}

#[test]
fn issue_14_failing_empty_and_missing_commands_say_so_and_show_nothing() {
    let env = TestEnv::new();
    let fails = script(
        &env,
        "fails",
        &format!("echo {MARKER}\necho 'vault is locked' >&2\nexit 3\n"),
    );
    let empty = script(&env, "empty", "exit 0\n");
    let killed = script(&env, "killed", &format!("echo {MARKER}\nkill -9 $$\n"));
    let two_lines = script(&env, "two-lines", &format!("echo {MARKER}\necho url: x\n"));
    let nul = script(&env, "nul", &format!("printf '{MARKER}\\000x'\n"));
    let cases = [
        (fails.display().to_string(), "exited with status 3"),
        (empty.display().to_string(), "printed nothing"),
        (killed.display().to_string(), "killed by signal 9"),
        (two_lines.display().to_string(), "more than one line"),
        (nul.display().to_string(), "NUL"),
        (
            "no-such-vault-tool show x".to_string(),
            "`no-such-vault-tool` was not found",
        ),
    ];
    for (line, says) in &cases {
        write_command_profile(&env, "dev", line);
        assert_fails(&use_dev(&env), line, says);
        let out = env
            .twenv()
            .args(["export", "-p", "dev", "--format", "dotenv"])
            .output()
            .unwrap();
        assert_fails(&out, line, says);
        let out = env
            .twenv()
            .args(["exec", "-p", "dev", "--", "/usr/bin/env"])
            .output()
            .unwrap();
        assert_fails(&out, line, says);
    }
    // The command's own stderr reaches the user (the vault's own message).
    write_command_profile(&env, "dev", &fails.display().to_string());
    assert!(stderr_of(&use_dev(&env)).contains("vault is locked"));
}

fn alive(pid: &str) -> bool {
    // A zombie waits for its reaper and runs nothing: it counts as gone.
    fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            stat.rsplit_once(')')
                .map(|(_, rest)| rest.trim_start().to_string())
        })
        .is_some_and(|rest| !rest.starts_with('Z'))
}

#[test]
fn issue_14_a_slow_command_is_stopped_with_what_it_started() {
    let mut env = TestEnv::new();
    let pids = env.tmp.path().join("pids");
    let slow = script(
        &env,
        "slow",
        &format!(
            "echo {MARKER}\necho $$ > {pids}\nsleep 60 &\necho $! >> {pids}\nwait\n",
            pids = pids.display()
        ),
    );
    write_command_profile(&env, "dev", &slow.display().to_string());
    env.set_var("TWENV_SECRET_COMMAND_TIMEOUT", "1");
    let started = Instant::now();
    let out = use_dev(&env);
    let took = started.elapsed();
    assert_fails(
        &out,
        &slow.display().to_string(),
        "did not finish within 1 s",
    );
    assert!(stderr_of(&out).contains("TWENV_SECRET_COMMAND_TIMEOUT"));
    assert!(took < Duration::from_secs(10), "took {took:?}");
    let pids = fs::read_to_string(&pids).expect("the script wrote its PIDs");
    let pids: Vec<&str> = pids.split_whitespace().collect();
    assert_eq!(pids.len(), 2, "{pids:?}");
    // Killed processes are gone within moments; give a loaded machine a second.
    let deadline = Instant::now() + Duration::from_secs(5);
    while pids.iter().any(|p| alive(p)) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    for pid in &pids {
        assert!(!alive(pid), "process {pid} outlived the timeout");
    }

    for bad in ["0", "-1", "abc", "inf", "1e9"] {
        env.set_var("TWENV_SECRET_COMMAND_TIMEOUT", bad);
        let out = use_dev(&env);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr_of(&out));
        assert!(stderr_of(&out).contains("TWENV_SECRET_COMMAND_TIMEOUT must be"));
        assert_eq!(stdout_of(&out), "");
    }
}

#[test]
#[cfg_attr(
    any(missing = "pass", missing = "gpg", missing = "hook-shells"),
    ignore = "needs pass, gnupg, bash, zsh and fish"
)]
fn issue_14_the_command_runs_only_where_a_secret_is_needed() {
    let mut env = TestEnv::new();
    let Some(pass) = PassStore::new(&mut env) else {
        return;
    };
    pass.insert(&env, "twilio/dev", "counted-secret-0004\n");
    let count = env.tmp.path().join("count");
    let wrapper = script(
        &env,
        "counting-pass",
        &format!("echo run >> {}\nexec pass show \"$@\"\n", count.display()),
    );
    let line = format!("{} twilio/dev", wrapper.display());
    assert!(login_with_command(&env, "dev", &line).status.success());
    let runs = || {
        fs::read_to_string(&count)
            .unwrap_or_default()
            .lines()
            .count()
    };
    assert_eq!(runs(), 1, "login checks the command once");
    env.twenv()
        .args(["use", "--global", "dev"])
        .assert()
        .success();
    env.set_var("TWENV_PROFILE", "dev");

    let quiet: [&[&str]; 7] = [
        &["list"],
        &["list", "-o", "json"],
        &["current"],
        &["current", "-o", "json"],
        &["current", "-p", "dev"],
        &["prompt"],
        &["use", "--global", "dev"],
    ];
    for args in quiet {
        let out = env.twenv().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
        assert_eq!(runs(), 1, "{args:?} ran the secret command");
    }
    for shell in ["bash", "zsh", "fish"] {
        let out = env
            .twenv()
            .env("COMPLETE", shell)
            .env("_CLAP_COMPLETE_INDEX", "2")
            .args(["--", "twenv", "use", ""])
            .output()
            .unwrap();
        assert!(
            stdout_of(&out).contains("dev"),
            "{shell}: {}",
            stdout_of(&out)
        );
        assert_eq!(runs(), 1, "completion in {shell} ran the secret command");
    }

    let fake = FakeTwilio::start();
    fake.add_key(AC, SK, "counted-secret-0004");
    env.set_var("TWENV_API_URL", fake.url());
    let needs: [&[&str]; 4] = [
        &["use", "dev", "--shell", "bash"],
        &["exec", "-p", "dev", "--", "/bin/true"],
        &["export", "-p", "dev", "--format", "json"],
        &["current", "-p", "dev", "--verify"],
    ];
    for (n, args) in needs.iter().enumerate() {
        let out = env.twenv().args(*args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
        assert_eq!(runs(), n + 2, "{args:?} runs the command exactly once");
    }
    let verify = fake.requests().pop().expect("request");
    assert_eq!(
        verify.basic_auth(),
        Some((SK.to_string(), "counted-secret-0004".to_string()))
    );

    // doctor without --online checks that the command could run, not more.
    let out = env.twenv().args(["doctor", "-o", "json"]).output().unwrap();
    assert!(
        stdout_of(&out).contains("secret_store"),
        "{}",
        stdout_of(&out)
    );
    assert_eq!(runs(), 5, "doctor without --online ran the secret command");

    // remove: twenv has no copy to delete, so the vault is not asked.
    env.twenv()
        .args(["remove", "dev", "--yes"])
        .assert()
        .success();
    assert_eq!(runs(), 5);
    assert!(
        pass.store.join("twilio/dev.gpg").is_file(),
        "the vault's entry stays"
    );
}

#[test]
fn issue_14_arguments_reach_the_program_literally_without_a_shell() {
    let env = TestEnv::new();
    let args_file = env.tmp.path().join("args");
    let dump = script(
        &env,
        "argv-dump",
        &format!(
            "for a in \"$@\"; do printf '%s\\0' \"$a\"; done > {}\necho literal-secret\n",
            args_file.display()
        ),
    );
    // Written as a user would type it, operators unquoted: a shell would run
    // `touch` (and cut the line at `;`); shell-words only splits it into words.
    let line = format!(
        "{} ; '$(touch pwned)' $(touch pwned2) | \"a'b\" 'c\"d' `touch pwned3` && > out \
         $HOME * \"x y\" a\\ b",
        dump.display()
    );
    let words = [
        ";",
        "$(touch pwned)",
        "$(touch",
        "pwned2)",
        "|",
        "a'b",
        "c\"d",
        "`touch",
        "pwned3`",
        "&&",
        ">",
        "out",
        "$HOME",
        "*",
        "x y",
        "a b",
    ];
    let out = login_with_command(&env, "dev", &line);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let out = use_dev(&env);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stdout_of(&out).contains("literal-secret"));
    let got = fs::read(&args_file).expect("the program ran");
    let got: Vec<&str> = std::str::from_utf8(&got)
        .unwrap()
        .split_terminator('\0')
        .collect();
    assert_eq!(got, words);
    for made in ["pwned", "pwned2", "pwned3", "out", "pwned)"] {
        assert!(!env.home.join(made).exists(), "a shell ran: {made} exists");
    }
}

#[test]
fn issue_14_network_login_and_storage_flags_refuse_a_vault_they_cannot_write() {
    let env = TestEnv::new();
    let printer = script(&env, "printer", "echo vault-secret-0005\n");
    let printer = printer.display().to_string();
    // A login with the Auth Token has a new secret to store: not in a vault.
    let out = env
        .twenv()
        .args([
            "login",
            "-p",
            "new",
            "--account-sid",
            AC,
            "--auth-token-stdin",
            "--storage",
            "command",
        ])
        .write_stdin(format!("{}\n", "a".repeat(32)))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("--secret-command"),
        "{}",
        stderr_of(&out)
    );

    assert!(login_with_command(&env, "dev", &printer).status.success());
    let before = env.read_config();
    let fake = FakeTwilio::start();
    fake.add_account(AC, &"a".repeat(32));
    let out = env
        .twenv()
        .env("TWENV_API_URL", fake.url())
        .args([
            "login",
            "-p",
            "dev",
            "--force",
            "--account-sid",
            AC,
            "--auth-token-stdin",
        ])
        .write_stdin(format!("{}\n", "a".repeat(32)))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("password manager"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(env.read_config(), before);
    assert!(fake.requests().is_empty(), "no call to Twilio");
    assert!(fake.keys().is_empty());

    // rotate would have to store a new key's secret: refused before anything.
    let out = env
        .twenv()
        .env("TWENV_API_URL", fake.url())
        .args(["rotate", "dev", "--auth-token-stdin"])
        .write_stdin(format!("{}\n", "a".repeat(32)))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("password manager"),
        "{}",
        stderr_of(&out)
    );
    assert!(fake.requests().is_empty() && fake.keys().is_empty());
    assert_eq!(env.read_config(), before);

    // import stores secrets too.
    let cli_dir = env.tmp.path().join("twilio-cli");
    fs::create_dir_all(&cli_dir).unwrap();
    fs::write(cli_dir.join("config.json"), "{\"profiles\": {}}").unwrap();
    let out = env
        .twenv()
        .args([
            "import",
            "--from",
            &cli_dir.display().to_string(),
            "--storage",
            "command",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("password manager"),
        "{}",
        stderr_of(&out)
    );

    for (args, says) in [
        (
            vec!["--api-secret-stdin", "--storage", "command"],
            "needs --secret-command",
        ),
        (
            vec!["--secret-command", printer.as_str(), "--storage", "file"],
            "leave out one",
        ),
        (
            vec!["--secret-command", "pass 'unclosed"],
            "quote is not closed",
        ),
        (vec!["--secret-command", ""], "empty"),
    ] {
        let out = env
            .twenv()
            .args(["login", "-p", "other", "--account-sid", AC, "--api-key", SK])
            .args(&args)
            .write_stdin("x\n")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr_of(&out));
        assert!(
            stderr_of(&out).contains(says),
            "{args:?}: {}",
            stderr_of(&out)
        );
    }
    assert_eq!(env.read_config(), before);
}

#[test]
fn issue_14_the_config_must_pair_storage_command_with_a_command() {
    let env = TestEnv::new();
    fs::create_dir_all(env.config_dir()).unwrap();
    for (profile, says) in [
        ("    storage: command\n", "no `secret_command`"),
        (
            "    storage: command\n    secret_command: \"pass 'x\"\n",
            "cannot be split",
        ),
        (
            "    storage: keyring\n    secret_command: pass show x\n",
            "set `storage: command`",
        ),
        ("    secret_command: pass show x\n", "`storage: keyring`"),
    ] {
        let text =
            format!("profiles:\n  dev:\n    account_sid: {AC}\n    api_key: {SK}\n{profile}");
        fs::write(env.config_path(), &text).unwrap();
        // `list` lists it as broken with a warning (issue 11); `use` refuses it.
        for (args, code) in [(&["list"][..], 0), (&["use", "dev", "--shell", "bash"], 1)] {
            let out = env.twenv().args(args).output().unwrap();
            let err = stderr_of(&out);
            assert_eq!(out.status.code(), Some(code), "{args:?} {text}: {err}");
            assert!(
                err.contains("profile 'dev'") && err.contains(says),
                "{text}: {err}"
            );
            assert!(err.contains("config.yaml"), "{err}");
        }
        assert_eq!(
            fs::read_to_string(env.config_path()).unwrap(),
            text,
            "left as it was"
        );
    }
}

/// An interactive bash on a pseudo-terminal (tmux): what a prompt on
/// `/dev/tty` needs is only there.
struct Tmux {
    tmux: PathBuf,
    socket: PathBuf,
}

impl Tmux {
    fn start(env: &TestEnv, tmux: &Path, bash: &Path) -> Tmux {
        let socket = env.tmp.path().join("tmux.sock");
        let status = env
            .std_command(tmux)
            .arg("-S")
            .arg(&socket)
            .args([
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "200",
                "-y",
                "40",
            ])
            .arg(format!("{} --norc --noprofile -i", bash.display()))
            .status()
            .expect("start tmux");
        assert!(status.success());
        let term = Tmux {
            tmux: tmux.to_path_buf(),
            socket,
        };
        term.keys(&["PS1='% '", "Enter"]);
        term
    }

    fn keys(&self, keys: &[&str]) {
        let status = std::process::Command::new(&self.tmux)
            .arg("-S")
            .arg(&self.socket)
            .args(["send-keys", "-t", "0"])
            .args(keys)
            .status()
            .expect("tmux send-keys");
        assert!(status.success());
    }

    fn wait_for(&self, what: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let out = std::process::Command::new(&self.tmux)
                .arg("-S")
                .arg(&self.socket)
                .args(["capture-pane", "-p", "-t", "0"])
                .output()
                .expect("tmux capture-pane");
            let screen = stdout_of(&out);
            if screen.contains(what) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "the terminal never showed {what:?}:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = std::process::Command::new(&self.tmux)
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .status();
    }
}

#[test]
#[cfg_attr(
    any(missing = "pass", missing = "gpg", missing = "bash", missing = "tmux"),
    ignore = "needs pass, gnupg, bash and tmux"
)]
fn issue_14_a_prompt_on_dev_tty_works_inside_eval() {
    let (Some(bash), Some(tmux)) = (require("bash"), require("tmux")) else {
        return;
    };
    let mut env = TestEnv::new();
    env.set_var("TERM", "xterm");
    let asks = script(
        &env,
        "asks",
        "printf 'Vault passphrase: ' > /dev/tty\nread answer < /dev/tty\n\
         printf 'from-tty-%s\\n' \"$answer\"\n",
    );
    write_command_profile(&env, "dev", &asks.display().to_string());
    let term = Tmux::start(&env, &tmux, &bash);
    let bin = twenv_bin().display().to_string();

    // The bare form: stdout is captured by $(…); stdin, stderr and the
    // terminal are the user's.
    term.keys(&[&format!("eval \"$({bin} use dev --shell bash)\""), "Enter"]);
    term.wait_for("Vault passphrase:");
    term.keys(&["opensesame", "Enter"]);
    term.keys(&["echo \"got:$TWILIO_API_SECRET\"", "Enter"]);
    term.wait_for("got:from-tty-opensesame");

    // Through the hook, and a prompt left unanswered: stopped after the
    // timeout, and the shell is still there to type in.
    term.keys(&[&format!("eval \"$({bin} init bash)\""), "Enter"]);
    term.keys(&[
        "TWENV_SECRET_COMMAND_TIMEOUT=1 twenv use dev; echo \"status:$?\"",
        "Enter",
    ]);
    let screen = term.wait_for("status:1");
    assert!(screen.contains("did not finish within 1 s"), "{screen}");
    term.keys(&["echo still-$((20+22))", "Enter"]);
    term.wait_for("still-42");
}
