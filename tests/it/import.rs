//! `twenv import` (DESIGN §12) against files the real Twilio CLI wrote, and
//! the CLI authenticating with the imported keys afterwards: the CLI talks to
//! the fake Twilio API through the TLS proxy (it has no base-URL setting).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::common::*;
use crate::fake_twilio::FakeTwilio;
use crate::tls_proxy::TlsProxy;

const TOKEN: &str = "0123456789abcdef0123456789abcdef";
const HOSTS: &[&str] = &["api.twilio.com", "api.dublin.ie1.twilio.com"];

/// The fake API, the proxy in front of it, and the variables that send the
/// real CLI there (inherited by everything `env` starts, `twenv exec` too).
struct RealCli {
    fake: FakeTwilio,
    proxy: TlsProxy,
}

impl RealCli {
    fn start(env: &mut TestEnv) -> Option<RealCli> {
        require("twilio")?;
        let fake = FakeTwilio::start();
        let proxy = TlsProxy::start(fake.port, HOSTS)?;
        // The CLI turns HTTP_PROXY into a CONNECT agent for its HTTPS calls.
        env.set_var("HTTP_PROXY", proxy.url());
        env.set_var("HTTPS_PROXY", proxy.url());
        env.set_var("NODE_EXTRA_CA_CERTS", &proxy.ca);
        // No update check against the npm registry.
        env.set_var("TWILIO_SKIP_NEW_VERSION_CHECK", "true");
        Some(RealCli { fake, proxy })
    }

    fn create(&self, env: &TestEnv, account: &str, id: &str, extra: &[&str]) {
        self.fake.add_account(account, TOKEN);
        let out = env
            .command("twilio")
            .args(["profiles:create", account, "--auth-token", TOKEN, "-p", id])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "twilio profiles:create: {out:?}");
    }

    /// Whom the CLI's last request authenticated as, and at which host.
    fn last_call(&self) -> (String, String) {
        let last = self.fake.requests().pop().expect("a request");
        let user = last.basic_auth().expect("basic auth").0;
        (user, last.header("host").unwrap_or_default().to_string())
    }

    fn refused(&self) -> Vec<String> {
        self.proxy
            .connects()
            .into_iter()
            .filter(|(_, ok)| !ok)
            .map(|(t, _)| t)
            .collect()
    }
}

fn cli_config(env: &TestEnv) -> PathBuf {
    env.home.join(".twilio-cli").join("config.json")
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

fn import(env: &TestEnv, args: &[&str]) -> Output {
    env.twenv().arg("import").args(args).output().unwrap()
}

fn rows(out: &Output) -> Vec<(String, String)> {
    let rows: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout_of(out)));
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert!(r.get("reason").is_some(), "{r}");
            (
                r["id"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn assert_no_secret_in(out: &Output, secrets: &[String]) {
    for s in secrets {
        assert!(!stdout_of(out).contains(s.as_str()), "secret on stdout");
        assert!(!stderr_of(out).contains(s.as_str()), "secret on stderr");
    }
}

/// The CLI fetches the account with whatever credentials it finds.
fn cli_fetch(env: &TestEnv, via: &[&str], account: &str) -> Output {
    let mut cmd = env.command(via[0]);
    cmd.args(&via[1..]).args([
        "twilio",
        "api:core:accounts:fetch",
        "--sid",
        account,
        "-o",
        "json",
    ]);
    cmd.output().unwrap()
}

#[test]
#[cfg_attr(
    any(missing = "secret-service", missing = "twilio", missing = "openssl"),
    ignore = "needs a Secret Service, the Twilio CLI and openssl"
)]
fn profiles_the_real_cli_made_are_imported_and_the_cli_then_uses_twenvs_keys() {
    let mut env = TestEnv::new();
    let Some(service) = SecretService::start(&mut env) else {
        return;
    };
    let Some(cli) = RealCli::start(&mut env) else {
        return;
    };
    let (us, eu) = (sid("AC", 0x1), sid("AC", 0x2));
    cli.create(&env, &us, "dev", &[]);
    cli.create(&env, &eu, "eu", &["--region", "ie1", "--edge", "dublin"]);
    env.command("twilio")
        .args(["profiles:use", "dev"])
        .assert()
        .success();
    let path = cli_config(&env);
    let original = read_json(&path);
    let key = |id: &str| {
        original["profiles"][id]["apiKey"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let secret = |id: &str| {
        original["profiles"][id]["apiSecret"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let secrets = [secret("dev"), secret("eu")];
    assert_eq!(original["activeProject"], "dev", "{original}");

    let out = import(&env, &["-o", "json"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        rows(&out),
        pairs(&[("dev", "imported"), ("eu", "imported")])
    );
    assert_no_secret_in(&out, &secrets);
    assert!(stderr_of(&out).contains("--scrub"), "{}", stderr_of(&out));
    assert_eq!(
        service.lookup(&env, &key("dev")).expect("keyring lookup"),
        Some(secret("dev"))
    );
    assert_eq!(
        service.lookup(&env, &key("eu")).expect("keyring lookup"),
        Some(secret("eu"))
    );
    let list: Value = serde_json::from_slice(
        &env.twenv()
            .args(["list", "-o", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let eu_row = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "eu")
        .unwrap();
    assert_eq!(
        (eu_row["region"].as_str(), eu_row["edge"].as_str()),
        (Some("ie1"), Some("dublin"))
    );
    assert_eq!(eu_row["account_sid"], eu.as_str());
    let dev_row = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "dev")
        .unwrap();
    assert_eq!(
        dev_row["active"], true,
        "the CLI's active profile becomes twenv's"
    );
    // Without --scrub the CLI's file is never written.
    assert_eq!(read_json(&path), original);

    let check_cli_uses_twenv = |when: &str| {
        let twenv = twenv_bin();
        let twenv = twenv.to_str().unwrap();
        let out = cli_fetch(&env, &[twenv, "exec", "-p", "dev", "--"], &us);
        assert!(out.status.success(), "{when}: twenv exec: {out:?}");
        assert!(stdout_of(&out).contains(&us), "{when}: {}", stdout_of(&out));
        assert_eq!(
            cli.last_call(),
            (key("dev"), "api.twilio.com".to_string()),
            "{when}"
        );

        let script = format!(
            "set -e; eval \"$('{twenv}' init bash)\"; twenv use eu; \
             twilio api:core:accounts:fetch --sid {eu} -o json"
        );
        let out = env.command("bash").args(["-c", &script]).output().unwrap();
        assert!(out.status.success(), "{when}: twenv use in bash: {out:?}");
        assert!(stdout_of(&out).contains(&eu), "{when}");
        assert_eq!(
            cli.last_call(),
            (key("eu"), "api.dublin.ie1.twilio.com".to_string()),
            "{when}: the region and edge came along"
        );
    };
    check_cli_uses_twenv("before --scrub");

    fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o640)).unwrap();
    let out = import(&env, &["--scrub", "-o", "json"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        rows(&out),
        pairs(&[("dev", "unchanged"), ("eu", "unchanged")])
    );
    let err = stderr_of(&out);
    assert!(
        err.contains("twenv use dev") && err.contains("twenv exec -p dev -- twilio"),
        "{err}"
    );
    assert_no_secret_in(&out, &secrets);
    let scrubbed = read_json(&path);
    let mut expected = original.clone();
    for id in ["dev", "eu"] {
        expected["profiles"][id]
            .as_object_mut()
            .unwrap()
            .remove("apiSecret");
    }
    assert_eq!(scrubbed, expected, "only the secrets went");
    assert_eq!(mode_of(&path), 0o640, "the file's mode is kept");
    let text = fs::read_to_string(&path).unwrap();
    assert!(secrets.iter().all(|s| !text.contains(s.as_str())));
    // The order of keys is the CLI's own.
    let order = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(order(&scrubbed), order(&original));

    check_cli_uses_twenv("after --scrub");
    // What changes: the CLI's own `-p dev` has no secret any more.
    let out = env
        .command("twilio")
        .args(["api:core:accounts:fetch", "--sid", &us, "-p", "dev"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "{out:?}");
    // Importing again after the scrub: already there.
    let out = import(&env, &["-o", "json"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        rows(&out),
        pairs(&[("dev", "unchanged"), ("eu", "unchanged")])
    );
    assert_eq!(
        cli.refused(),
        Vec::<String>::new(),
        "nothing else was asked for"
    );
}

#[test]
#[cfg_attr(
    any(missing = "twilio", missing = "openssl"),
    ignore = "needs the Twilio CLI and openssl"
)]
fn the_real_cli_reads_environment_credentials_only_without_require_profile_input() {
    let mut env = TestEnv::new();
    let Some(cli) = RealCli::start(&mut env) else {
        return;
    };
    let us = sid("AC", 0x3);
    cli.create(&env, &us, "dev", &[]);
    let out = import(&env, &["--storage", "file", "--scrub"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    env.command("twilio")
        .args(["config:set", "--require-profile-input"])
        .assert()
        .success();
    let doctor = env.twenv().args(["doctor", "-o", "json"]).output().unwrap();
    let checks: Value = serde_json::from_slice(&doctor.stdout).unwrap();
    let check = checks
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "twilio_cli_env")
        .unwrap();
    assert_eq!(check["status"], "warn");
    assert_eq!(check["fix"], "twilio config:set --no-require-profile-input");

    let twenv = twenv_bin();
    let out = cli_fetch(
        &env,
        &[twenv.to_str().unwrap(), "exec", "-p", "dev", "--"],
        &us,
    );
    assert!(
        !out.status.success(),
        "requireProfileInput blocks env credentials: {out:?}"
    );
    let out = import(&env, &[]);
    assert!(
        stderr_of(&out).contains("--no-require-profile-input"),
        "{}",
        stderr_of(&out)
    );

    env.command("twilio")
        .args(["config:set", "--no-require-profile-input"])
        .write_stdin("y\n")
        .assert()
        .success();
    let out = cli_fetch(
        &env,
        &[twenv.to_str().unwrap(), "exec", "-p", "dev", "--"],
        &us,
    );
    assert!(out.status.success(), "{out:?}");
}

#[test]
#[cfg_attr(
    missing = "secret-service",
    ignore = "needs a Secret Service: dbus-daemon, gnome-keyring-daemon, secret-tool"
)]
fn legacy_projects_take_their_secret_from_keytars_items_in_the_secret_service() {
    let mut env = TestEnv::new();
    let Some(service) = SecretService::start(&mut env) else {
        return;
    };
    let Some(tool) = require("secret-tool") else {
        return;
    };
    let (ac, sk, secret) = (sid("AC", 7), sid("SK", 7), "legacy-secret-0123456789abcdef");
    let dir = env.home.join(".twilio-cli");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("config.json"),
        format!(
            r#"{{"projects":[{{"id":"old","accountSid":"{ac}","region":"au1"}},{{"id":"gone","accountSid":"{ac}"}},{{"id":"odd","accountSid":"{ac}"}}],"activeProject":"old","email":{{}}}}"#
        ),
    )
    .unwrap();
    // As keytar stores them: attributes `service` and `account`.
    for (account, value) in [
        ("old", format!("{sk}|{secret}")),
        ("odd", "no-bar".to_string()),
    ] {
        env.command(&tool)
            .args([
                "store",
                "--label",
                "x",
                "service",
                "twilio-cli",
                "account",
                account,
            ])
            .write_stdin(value)
            .assert()
            .success();
    }
    let out = import(&env, &["-o", "json"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        rows(&out),
        pairs(&[("old", "imported"), ("gone", "skipped"), ("odd", "skipped")])
    );
    assert_no_secret_in(&out, &[secret.to_string(), "no-bar".to_string()]);
    assert_eq!(
        service
            .lookup(&env, &sk)
            .expect("keyring lookup")
            .as_deref(),
        Some(secret)
    );
    let config: serde_yaml::Value = serde_yaml::from_str(&env.read_config()).unwrap();
    assert_eq!(
        config["profiles"]["old"]["api_key"].as_str(),
        Some(sk.as_str())
    );
    assert_eq!(config["profiles"]["old"]["region"].as_str(), Some("au1"));
    assert_eq!(config["active"].as_str(), Some("old"));

    // And the imported key works.
    let fake = FakeTwilio::start();
    fake.add_key(&ac, &sk, secret);
    env.twenv()
        .args(["current", "--verify", "-p", "old"])
        .env("TWENV_API_URL", fake.url())
        .assert()
        .success();
}

/// A CLI config with one good profile and one of every kind of bad entry.
fn write_mixed(env: &TestEnv) -> PathBuf {
    let dir = env.home.join(".twilio-cli");
    fs::create_dir_all(&dir).unwrap();
    let (ac, sk) = (sid("AC", 1), sid("SK", 1));
    let text = serde_json::json!({
        "edge": "sydney",
        "future": {"keep": [1, 2]},
        "profiles": {
            "good": {"accountSid": ac, "apiKey": sk, "apiSecret": "good-secret-0123", "region": "au1"},
            "bad id": {"accountSid": ac, "apiKey": sk, "apiSecret": "s1"},
            "badsid": {"accountSid": "AC123", "apiKey": sk, "apiSecret": "s2"},
            "evil": {"accountSid": ac, "apiKey": sid("SK", 2), "apiSecret": "s3", "region": "ie1.evil.example"},
            "nul": {"accountSid": ac, "apiKey": sid("SK", 3), "apiSecret": "a\u{0}b"},
            "nosecret": {"accountSid": ac, "apiKey": sid("SK", 4)},
            "notobject": "x",
            "wrongtype": {"accountSid": ac, "apiKey": 5, "apiSecret": "s5"},
        },
        "activeProject": "good",
    });
    let path = dir.join("config.json");
    fs::write(&path, text.to_string()).unwrap();
    path
}

#[test]
fn bad_entries_are_skipped_with_their_reason_and_good_ones_imported() {
    let env = TestEnv::new();
    write_mixed(&env);
    let out = import(&env, &["--storage", "file", "-o", "json"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let all: Value = serde_json::from_slice(&out.stdout).unwrap();
    let status = |id: &str| {
        let row = all
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap();
        (
            row["status"].as_str().unwrap().to_string(),
            row["reason"].as_str().unwrap_or("").to_string(),
        )
    };
    assert_eq!(status("good").0, "imported");
    for (id, why) in [
        ("bad id", "profile ID"),
        ("badsid", "Account SID"),
        ("evil", "region"),
        ("nul", "NUL"),
        ("nosecret", "apiSecret"),
        ("notobject", "not a JSON object"),
        ("wrongtype", "apiKey"),
    ] {
        let (s, reason) = status(id);
        assert_eq!(s, "skipped", "{id}");
        assert!(reason.contains(why), "{id}: {reason}");
    }
    let config: serde_yaml::Value = serde_yaml::from_str(&env.read_config()).unwrap();
    let profiles = config["profiles"].as_mapping().unwrap();
    assert_eq!(profiles.len(), 1, "{config:?}");
    // The file's top-level edge applies to a profile without one, as in the CLI.
    assert_eq!(config["profiles"]["good"]["edge"].as_str(), Some("sydney"));
    assert_no_secret_in(&out, &["good-secret-0123".to_string()]);
    let table = import(&env, &["--storage", "file"]);
    assert!(
        stdout_of(&table).contains("\"bad id\""),
        "{}",
        stdout_of(&table)
    );
}

#[test]
fn a_file_that_is_not_the_clis_is_named_with_line_and_column_and_nothing_changes() {
    let env = TestEnv::new();
    let dir = env.tmp.path().join("cli");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("config.json"), "{\"profiles\": {\n  \"a\": {,\n}}").unwrap();
    let out = import(&env, &["--from", dir.to_str().unwrap(), "--scrub"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = stderr_of(&out);
    assert!(
        err.contains(&dir.join("config.json").display().to_string()),
        "{err}"
    );
    assert!(err.contains("line 2, column 9"), "{err}");
    assert!(!env.config_path().exists());
    assert_eq!(
        fs::read_to_string(dir.join("config.json")).unwrap(),
        "{\"profiles\": {\n  \"a\": {,\n}}"
    );

    fs::write(dir.join("config.json"), "[1]").unwrap();
    let out = import(&env, &["--from", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    // TWILIO_CONFIG_DIR is the CLI's own override; a missing file is named.
    let out = env
        .twenv()
        .arg("import")
        .env("TWILIO_CONFIG_DIR", env.tmp.path().join("nowhere"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("nowhere/config.json"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
#[cfg_attr(
    missing = "secret-service",
    ignore = "needs a Secret Service: dbus-daemon, gnome-keyring-daemon, secret-tool"
)]
fn dry_run_changes_nothing_anywhere() {
    let mut env = TestEnv::new();
    let Some(service) = SecretService::start(&mut env) else {
        return;
    };
    let path = write_mixed(&env);
    let before = env.files_under_home();
    let out = import(&env, &["--dry-run", "--scrub", "-o", "json"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(rows(&out).contains(&("good".to_string(), "imported".to_string())));
    assert_eq!(env.files_under_home(), before, "a file changed");
    assert_eq!(
        service.lookup(&env, &sid("SK", 1)).expect("keyring lookup"),
        None,
        "the keyring changed"
    );
    assert!(stderr_of(&out).contains("Dry run"), "{}", stderr_of(&out));
    assert!(path.exists());
}

#[test]
fn an_existing_profile_is_kept_unless_identical_or_forced() {
    let env = TestEnv::new();
    let path = write_mixed(&env);
    env.add_profile("good", &sid("AC", 1), &sid("SK", 9), "old-secret-value");
    let out = import(&env, &["--storage", "file", "-o", "json"]);
    assert!(out.status.success());
    assert!(rows(&out).contains(&("good".to_string(), "skipped".to_string())));
    assert!(env.read_config().contains(&sid("SK", 9)));

    let out = import(&env, &["--storage", "file", "--force", "-o", "json"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(rows(&out).contains(&("good".to_string(), "imported".to_string())));
    let creds = fs::read_to_string(env.config_dir().join("credentials.yaml")).unwrap();
    assert!(
        !creds.contains("old-secret-value"),
        "the replaced secret is removed"
    );
    assert!(creds.contains("good-secret-0123"));

    let out = import(&env, &["--storage", "file", "-o", "json", "--scrub"]);
    assert!(out.status.success());
    assert!(rows(&out).contains(&("good".to_string(), "unchanged".to_string())));
    let cli = read_json(&path);
    assert!(cli["profiles"]["good"].get("apiSecret").is_none());
    assert_eq!(
        cli["profiles"]["evil"]["apiSecret"], "s3",
        "skipped profiles keep theirs"
    );
    assert_eq!(cli["future"]["keep"], serde_json::json!([1, 2]));
}

#[test]
fn a_store_that_fails_is_a_failed_row_exit_1_and_no_scrub() {
    let env = TestEnv::new();
    let path = write_mixed(&env);
    let before = fs::read(&path).unwrap();
    // Taken by a directory: the file store cannot be read or written.
    fs::create_dir_all(env.config_dir().join("credentials.yaml")).unwrap();
    let out = import(&env, &["--storage", "file", "--scrub", "-o", "json"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let rows = rows(&out);
    assert!(
        rows.contains(&("good".to_string(), "failed".to_string())),
        "{rows:?}"
    );
    assert!(rows.contains(&("evil".to_string(), "skipped".to_string())));
    assert!(!env.read_config().contains("good"), "nothing half-made");
    assert_eq!(
        fs::read(&path).unwrap(),
        before,
        "not scrubbed after a failure"
    );
    assert!(
        stderr_of(&out).contains("not scrubbed"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn scrub_keeps_a_symlinked_config_a_symlink() {
    let env = TestEnv::new();
    let real = write_mixed(&env);
    let dotfiles = env.home.join("dotfiles");
    fs::create_dir_all(&dotfiles).unwrap();
    let target = dotfiles.join("twilio.json");
    fs::rename(&real, &target).unwrap();
    std::os::unix::fs::symlink(&target, &real).unwrap();
    let out = import(&env, &["--storage", "file", "--scrub"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        fs::symlink_metadata(&real)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        read_json(&target)["profiles"]["good"]
            .get("apiSecret")
            .is_none()
    );
}

#[test]
#[cfg_attr(missing = "openssl", ignore = "openssl is not installed")]
fn the_test_proxy_tunnels_only_to_the_twilio_hosts_it_serves() {
    use std::io::{Read, Write};
    let fake = FakeTwilio::start();
    let Some(proxy) = TlsProxy::start(fake.port, HOSTS) else {
        return;
    };
    for target in [
        "registry.npmjs.org:443",
        "api.twilio.com:80",
        "127.0.0.1:22",
    ] {
        let mut conn = std::net::TcpStream::connect(("127.0.0.1", proxy.port)).unwrap();
        write!(conn, "CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n").unwrap();
        let mut reply = String::new();
        conn.read_to_string(&mut reply).unwrap();
        assert!(reply.starts_with("HTTP/1.1 403"), "{target}: {reply}");
    }
    assert_eq!(proxy.connects().iter().filter(|(_, ok)| !ok).count(), 3);
}

#[test]
fn import_takes_no_profile_flag_and_doctor_does() {
    let env = TestEnv::new();
    write_mixed(&env);
    let out = import(&env, &["-p", "good"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(!env.config_path().exists());
    env.add_profile("dev", AC, SK, "a-secret-0123");
    let out = env
        .twenv()
        .args(["doctor", "-p", "dev", "-o", "json"])
        .output()
        .unwrap();
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    let cred = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "credentials")
        .unwrap();
    assert_eq!(
        cred["message"],
        "profile 'dev', from -p on the command line"
    );
}
