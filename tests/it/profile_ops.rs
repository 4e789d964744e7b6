//! Issue 11: `show`, `rename` and `copy` — a profile looked at, renamed and
//! duplicated without its secret ever being read or lost.

use std::fs;

use crate::common::*;

const SECRET: &str = "profileOpsSecret0123456789";

fn env_with_dev() -> TestEnv {
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, SECRET);
    env.twenv()
        .args([
            "set",
            "dev",
            "TWILIO_PHONE_NUMBER=+15005550006",
            "NOTE=a\u{1b}[2Jb",
        ])
        .assert()
        .success();
    env
}

fn json_of(env: &TestEnv, args: &[&str]) -> serde_json::Value {
    let out = env.twenv().args(args).output().expect("run twenv");
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn show_tells_everything_but_the_secret_without_reading_the_store() {
    let mut env = env_with_dev();
    // The store is gone: `show` must not need it.
    fs::remove_file(env.config_dir().join("credentials.yaml")).expect("remove the store");
    env.twenv()
        .args(["use", "--global", "dev"])
        .assert()
        .success();
    env.set_var("TWENV_PROFILE", "dev");
    let shown = json_of(&env, &["show", "dev", "-o", "json"]);
    let mut keys: Vec<&str> = shown
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "account_sid",
            "active",
            "allow",
            "api_key",
            "current",
            "edge",
            "env",
            "id",
            "key_api",
            "key_type",
            "pin_file",
            "pinned_here",
            "region",
            "secret_command",
            "secret_location",
            "storage"
        ]
    );
    assert_eq!(shown["id"], "dev");
    assert_eq!(shown["account_sid"], AC);
    assert_eq!(shown["api_key"], SK);
    assert_eq!(shown["region"], serde_json::Value::Null);
    assert_eq!(shown["storage"], "file");
    assert_eq!(shown["env"]["TWILIO_PHONE_NUMBER"], "+15005550006");
    assert_eq!(shown["active"], true);
    assert_eq!(shown["current"], true);
    assert_eq!(shown["secret_location"]["store"], "file");
    let path = env.config_dir().join("credentials.yaml");
    assert_eq!(shown["secret_location"]["path"], path.display().to_string());
    assert_eq!(shown["pinned_here"], false);
    // -p works as the positional does.
    assert_eq!(json_of(&env, &["-p", "dev", "show", "-o", "json"]), shown);
    // A trusted pin here (the commands run in HOME) that names it.
    let out = env.twenv().args(["pin", "dev"]).output().expect("run pin");
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let pinned = json_of(&env, &["show", "dev", "-o", "json"]);
    assert_eq!(pinned["pinned_here"], true, "{pinned}");
    assert_eq!(pinned["pin_file"], "~/.twenv-profile");
}

#[test]
fn show_text_escapes_hand_edited_values_and_shows_no_secret() {
    let env = env_with_dev();
    let out = env.twenv().args(["show", "dev"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert!(
        text.contains("env.TWILIO_PHONE_NUMBER  +15005550006"),
        "{text}"
    );
    assert!(
        text.contains("a\\x1b[2Jb") && !text.contains('\u{1b}'),
        "{text}"
    );
    assert!(text.contains("api_key  ") && text.contains(SK), "{text}");
    assert!(!text.contains(SECRET) && !stderr_of(&out).contains(SECRET));
    let out = env
        .twenv()
        .args(["show", "dev", "-o", "tsv"])
        .output()
        .expect("run");
    let tsv = stdout_of(&out);
    assert!(tsv.starts_with("field\tvalue\n"), "{tsv}");
    assert!(
        tsv.contains("\nregion\t\n"),
        "an absent value is empty: {tsv}"
    );
    assert!(tsv.contains("\nactive\tno\n"), "{tsv}");
}

#[test]
fn show_of_a_keyring_profile_names_service_and_account_without_a_keyring() {
    let env = TestEnv::new();
    let dir = env.config_dir();
    fs::create_dir_all(&dir).expect("dir");
    set_mode(&dir, 0o700);
    let config = dir.join("config.yaml");
    fs::write(
        &config,
        format!("profiles:\n  kr:\n    account_sid: {AC}\n    api_key: {SK}\n    region: au1\n"),
    )
    .expect("config");
    set_mode(&config, 0o600);
    // No D-Bus session bus at all: any keyring call would fail.
    let shown = json_of(&env, &["show", "kr", "-o", "json"]);
    assert_eq!(shown["secret_location"]["store"], "keyring");
    assert_eq!(shown["secret_location"]["service"], "twenv");
    assert_eq!(shown["secret_location"]["account"], SK);
    assert_eq!(shown["region"], "au1");
    assert_eq!(shown["current"], false);
}

#[test]
fn show_of_an_unknown_profile_suggests_the_closest() {
    let env = env_with_dev();
    let out = env.twenv().args(["show", "dve"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("'dev'"), "{}", stderr_of(&out));
    let out = env.twenv().args(["show", "-bad"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
}

/// The secret `export` hands out for a profile: proof its store still has it.
fn exported_secret(env: &TestEnv, id: &str) -> Option<String> {
    let out = env
        .twenv()
        .args(["export", "-p", id, "--format", "json"])
        .output()
        .expect("run export");
    if !out.status.success() {
        return None;
    }
    let vars: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    vars["TWILIO_API_SECRET"].as_str().map(str::to_string)
}

fn run(env: &TestEnv, args: &[&str]) -> std::process::Output {
    env.twenv().args(args).output().expect("run twenv")
}

#[test]
fn rename_moves_the_profile_its_secret_and_the_active_mark() {
    let mut env = env_with_dev();
    env.twenv()
        .args(["use", "--global", "dev"])
        .assert()
        .success();
    env.set_var("TWENV_PROFILE", "dev");
    let before = json_of(&env, &["show", "dev", "-o", "json"]);
    let out = run(&env, &["rename", "dev", "main"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let said = stderr_of(&out);
    assert!(
        said.contains("TWENV_PROFILE") && said.contains("this one too"),
        "{said}"
    );
    assert_eq!(exported_secret(&env, "main").as_deref(), Some(SECRET));
    assert_eq!(exported_secret(&env, "dev"), None);
    let after = json_of(&env, &["show", "main", "-o", "json"]);
    for field in ["account_sid", "api_key", "env", "storage", "region", "edge"] {
        assert_eq!(after[field], before[field], "{field}");
    }
    assert_eq!(after["active"], true, "active follows the rename");
    let config: serde_yaml::Value = serde_yaml::from_str(&env.read_config()).expect("YAML");
    assert_eq!(config["active"].as_str(), Some("main"));
    assert!(config["profiles"].get("dev").is_none());
}

#[test]
fn rename_and_copy_refuse_an_existing_new_id_and_bad_ids_changing_nothing() {
    let env = env_with_dev();
    env.add_profile("prod", &sid("AC", 2), &sid("SK", 2), "prodSecret0123456789");
    let config = env.read_config();
    let store = fs::read(env.config_dir().join("credentials.yaml")).expect("store");
    for op in ["rename", "copy"] {
        let out = run(&env, &[op, "dev", "prod"]);
        assert_eq!(out.status.code(), Some(1), "{op}");
        assert!(
            stderr_of(&out).contains("'prod' exists"),
            "{}",
            stderr_of(&out)
        );
        for (old, new) in [("dev", "-x"), ("dev", "a b"), ("-x", "new"), ("dev", "dev")] {
            let out = run(&env, &[op, old, new]);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{op} {old} {new}: {}",
                stderr_of(&out)
            );
        }
        let out = run(&env, &[op, "dve", "new"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stderr_of(&out).contains("'dev'"),
            "did you mean: {}",
            stderr_of(&out)
        );
    }
    assert_eq!(env.read_config(), config);
    assert_eq!(
        fs::read(env.config_dir().join("credentials.yaml")).expect("store"),
        store
    );
    assert_eq!(
        exported_secret(&env, "prod").as_deref(),
        Some("prodSecret0123456789")
    );
}

#[test]
fn removing_either_copy_leaves_the_other_working() {
    for removed in ["dev", "twin"] {
        let env = env_with_dev();
        let out = run(&env, &["copy", "dev", "twin"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
        assert_eq!(exported_secret(&env, "twin").as_deref(), Some(SECRET));
        let shown = json_of(&env, &["show", "twin", "-o", "json"]);
        assert_eq!(shown["env"]["TWILIO_PHONE_NUMBER"], "+15005550006");
        assert_eq!(shown["active"], false);
        let out = run(&env, &["remove", removed, "--yes"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
        let kept = if removed == "dev" { "twin" } else { "dev" };
        assert_eq!(
            exported_secret(&env, kept).as_deref(),
            Some(SECRET),
            "{kept}"
        );
        // The last one's removal takes the secret with it.
        run(&env, &["remove", kept, "--yes"]);
        assert!(
            env.files_containing(SECRET).is_empty(),
            "secret left behind"
        );
    }
}

#[test]
#[cfg_attr(
    missing = "secret-service",
    ignore = "needs a Secret Service: dbus-daemon, gnome-keyring-daemon, secret-tool"
)]
fn rename_and_copy_in_the_keyring_keep_the_secret_reachable() {
    let mut env = TestEnv::new();
    let Some(service) = SecretService::start(&mut env) else {
        return;
    };
    env.twenv()
        .args(["login", "-p", "kr", "--account-sid", AC, "--api-key", SK])
        .args(["--api-secret-stdin", "--storage", "keyring"])
        .write_stdin(format!("{SECRET}\n"))
        .assert()
        .success();
    assert_eq!(run(&env, &["rename", "kr", "k2"]).status.code(), Some(0));
    assert_eq!(run(&env, &["copy", "k2", "k3"]).status.code(), Some(0));
    assert_eq!(exported_secret(&env, "k2").as_deref(), Some(SECRET));
    assert_eq!(run(&env, &["remove", "k2", "--yes"]).status.code(), Some(0));
    assert_eq!(exported_secret(&env, "k3").as_deref(), Some(SECRET));
    let stored = service.lookup(&env, SK).expect("the keyring answers");
    assert_eq!(stored.as_deref(), Some(SECRET));
}

/// Issue 11: declining "Replace it?" at an interactive login asks for
/// another identifier; the SID and token already typed are kept.
#[test]
#[cfg_attr(missing = "python3", ignore = "python3 is not installed")]
fn declining_to_replace_at_login_asks_for_another_identifier() {
    const TOKEN: &str = "t0ken5ecretAuthTokenValue0123456";
    if require("python3").is_none() {
        return;
    }
    let fake = crate::fake_twilio::FakeTwilio::start();
    fake.add_account(AC, TOKEN);
    let mut env = env_with_dev();
    env.set_var("TWENV_API_URL", fake.url());
    env.set_var("USER", "tester");
    let before = json_of(&env, &["show", "dev", "-o", "json"]);
    let (code, transcript) = crate::login::run_on_pty(
        &env,
        &["login", "--storage", "file"],
        &[
            ("Your Account SID:", false, AC),
            ("Your Auth Token", true, TOKEN),
            ("identifier", false, "dev"),
            ("[y/N]", false, "n"),
            ("another identifier", false, "dev2"),
        ],
    );
    assert_eq!(code, 0, "{transcript}");
    assert!(!transcript.contains(TOKEN), "{transcript}");
    assert_eq!(
        json_of(&env, &["show", "dev", "-o", "json"]),
        before,
        "dev untouched"
    );
    let made = json_of(&env, &["show", "dev2", "-o", "json"]);
    assert_eq!(made["account_sid"], AC);
    assert_eq!(fake.keys().len(), 1, "one key made, for dev2");
    assert_eq!(exported_secret(&env, "dev").as_deref(), Some(SECRET));
}

/// Issue 11: two good profiles and three hand-broken ones (a bad SID, a
/// missing field, a bad region), the way a user's edit leaves them.
fn env_with_broken_profiles() -> (TestEnv, String) {
    let env = TestEnv::new();
    env.add_profile("p1", AC, SK, SECRET);
    env.add_profile("p2", &sid("AC", 2), &sid("SK", 2), SECRET);
    let mut text = env.read_config();
    text.push_str(&format!(
        "  bad:\n    account_sid: ACnope\n    api_key: {SK}\n    note: keep me\n\
         \x20 miss:\n    account_sid: {AC}\n\
         \x20 reg:\n    account_sid: {AC}\n    api_key: {SK}\n    region: \"x y\"\n"
    ));
    fs::write(env.config_path(), &text).expect("edit config.yaml");
    (env, text)
}

fn broken_entries(text: &str) -> serde_yaml::Value {
    let config: serde_yaml::Value = serde_yaml::from_str(text).expect("YAML");
    let profiles = config["profiles"].as_mapping().expect("profiles");
    let mut kept = serde_yaml::Mapping::new();
    for id in ["bad", "miss", "reg"] {
        kept.insert(id.into(), profiles[id].clone());
    }
    serde_yaml::Value::Mapping(kept)
}

#[test]
fn a_broken_profile_gets_a_row_of_its_own_and_the_others_still_list() {
    let (env, _) = env_with_broken_profiles();
    let out = run(&env, &["list", "-o", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["bad", "miss", "p1", "p2", "reg"]);
    for row in &rows {
        assert_eq!(row.as_object().unwrap().len(), 8, "eight fields: {row}");
    }
    assert_eq!(rows[0]["account_sid"], serde_json::Value::Null);
    assert_eq!(rows[0]["storage"], serde_json::Value::Null);
    assert_eq!(rows[2]["account_sid"], AC);
    let err = stderr_of(&out);
    for what in [
        "'bad'",
        "account_sid \"ACnope\"",
        "'miss'",
        "missing field `api_key`",
        "'reg'",
    ] {
        assert!(err.contains(what), "{what}: {err}");
    }
    let out = run(&env, &["list"]);
    assert_eq!(out.status.code(), Some(0));
    let table = stdout_of(&out);
    assert!(
        table.contains("bad") && table.contains("broken") && table.contains("p2"),
        "{table}"
    );
}

#[test]
fn commands_that_need_a_broken_profile_fail_clearly_and_others_work() {
    let (env, _) = env_with_broken_profiles();
    for args in [
        &["use", "bad", "--shell", "bash"][..],
        &["exec", "-p", "miss", "--", "true"],
        &["show", "reg"],
        &["export", "-p", "bad", "--format", "json"],
    ] {
        let out = run(&env, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = stderr_of(&out);
        assert!(
            err.contains("cannot be used as config.yaml has it"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(exported_secret(&env, "p1").as_deref(), Some(SECRET));
}

#[test]
fn writers_keep_broken_profiles_as_they_were() {
    let (env, text) = env_with_broken_profiles();
    let before = broken_entries(&text);
    assert_eq!(run(&env, &["set", "p1", "A=1"]).status.code(), Some(0));
    assert_eq!(run(&env, &["rename", "p2", "p3"]).status.code(), Some(0));
    assert_eq!(run(&env, &["use", "--global", "p1"]).status.code(), Some(0));
    // An ID taken by a broken profile is not free for a new one.
    let out = run(&env, &["rename", "p3", "bad"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let out = env
        .twenv()
        .args(["login", "-p", "miss", "--account-sid", AC, "--api-key", SK])
        .args(["--api-secret-stdin", "--storage", "file"])
        .write_stdin(format!("{SECRET}\n"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    let now = env.read_config();
    assert_eq!(broken_entries(&now), before, "{now}");
    assert!(now.contains("note: keep me"));
    // No read cache mirrors a config with a broken profile in it.
    assert!(!env.config_dir().join(".config.cache").exists());
    let listed = json_of(&env, &["list", "-o", "json"]);
    assert_eq!(listed.as_array().unwrap().len(), 5, "{listed}");
}
