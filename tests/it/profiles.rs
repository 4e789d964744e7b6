//! login (offline form), list, use --global, remove, current, set/unset; the
//! config file's rules: location, modes, atomicity, locking, parse errors.

use std::fs;
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;

use crate::common::*;

fn json_of(env: &TestEnv, args: &[&str]) -> Value {
    let out = env.twenv().args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout_of(&out)))
}

fn yaml_of(env: &TestEnv) -> serde_yaml::Value {
    serde_yaml::from_str(&env.read_config()).expect("config parses")
}

/// Runs a command that must fail with `code`, and checks it changed no file.
fn fails_unchanged(env: &TestEnv, args: &[&str], code: i32, message: &str) -> String {
    let before = env.files_under_home();
    let out = env.twenv().args(args).write_stdin("").output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
    assert!(
        err.contains(message),
        "{args:?}: expected {message:?} in {err:?}"
    );
    assert!(out.stdout.is_empty(), "{args:?} printed on stdout");
    assert_eq!(env.files_under_home(), before, "{args:?} changed files");
    err
}

#[test]
fn offline_login_saves_profile_and_secret_with_private_modes() {
    let env = TestEnv::new();
    let out = env
        .twenv()
        .args(["login", "-p", "dev", "--account-sid", AC, "--api-key", SK])
        .args([
            "--api-secret-stdin",
            "--storage",
            "file",
            "--region",
            "ie1",
            "--edge",
            "dublin",
        ])
        .write_stdin("s3cret-value\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        out.stdout.is_empty(),
        "state-changing commands print nothing on stdout"
    );
    let err = stderr_of(&out);
    assert!(
        err.contains("twenv use dev") && err.contains("not active"),
        "{err}"
    );
    assert!(!err.contains("s3cret-value"));

    let config = yaml_of(&env);
    let dev = &config["profiles"]["dev"];
    assert_eq!(dev["account_sid"].as_str(), Some(AC));
    assert_eq!(dev["api_key"].as_str(), Some(SK));
    assert_eq!(dev["region"].as_str(), Some("ie1"));
    assert_eq!(dev["edge"].as_str(), Some("dublin"));
    assert_eq!(dev["storage"].as_str(), Some("file"));
    assert!(
        config.get("active").is_none(),
        "creating a profile never makes it active"
    );

    assert_eq!(mode_of(&env.config_dir()), 0o700);
    assert_eq!(mode_of(&env.config_path()), 0o600);
    let credentials = env.config_dir().join("credentials.yaml");
    assert_eq!(mode_of(&credentials), 0o600);
    assert_eq!(env.files_containing("s3cret-value"), vec![credentials]);
}

#[test]
fn bad_profile_ids_are_refused_with_the_rule_and_touch_nothing() {
    let env = TestEnv::new();
    for bad in [
        "-x",
        "a b",
        "a/b",
        ".hidden",
        "x:y",
        &"a".repeat(65),
        "[env]",
    ] {
        let flag = format!("--profile={bad}");
        let args = [
            "login",
            &flag,
            "--account-sid",
            AC,
            "--api-key",
            SK,
            "--api-secret-stdin",
        ];
        fails_unchanged(&env, &args, 2, "a profile ID is 1 to 64 characters");
        fails_unchanged(&env, &["use", "--global", "--", bad], 2, "a profile ID is");
        fails_unchanged(&env, &["remove", "--yes", "--", bad], 2, "a profile ID is");
        fails_unchanged(&env, &["set", "--", bad, "A=1"], 2, "a profile ID is");
        fails_unchanged(&env, &["current", &flag], 2, "a profile ID is");
    }
    assert!(!env.config_dir().exists());
}

#[test]
fn bad_sids_are_refused_before_anything_is_read_or_written() {
    let env = TestEnv::new();
    let short_ac = &AC[..33];
    let cases: [(&str, &str, &str); 4] = [
        (short_ac, SK, "invalid Account SID"),
        (
            "SK0123456789abcdef0123456789abcdef",
            SK,
            "invalid Account SID",
        ),
        (
            AC,
            "SKnothex0123456789abcdef0123456789",
            "invalid API key SID",
        ),
        (AC, AC, "invalid API key SID"),
    ];
    for (ac, sk, message) in cases {
        let args = [
            "login",
            "-p",
            "dev",
            "--account-sid",
            ac,
            "--api-key",
            sk,
            "--api-secret-stdin",
        ];
        fails_unchanged(&env, &args, 2, message);
    }
    for (flag, value) in [
        ("--region", "ie1.evil.example"),
        ("--region", "evil.invalid/"),
        ("--region", "dublin"),
        ("--edge", "evil.example.com"),
        ("--edge", "sydney1"),
    ] {
        let args = [
            "login",
            "-p",
            "dev",
            "--account-sid",
            AC,
            "--api-key",
            SK,
            "--api-secret-stdin",
            flag,
            value,
        ];
        fails_unchanged(&env, &args, 2, "invalid");
    }
    assert!(!env.config_dir().exists());
}

#[test]
fn an_empty_secret_on_stdin_is_refused() {
    let env = TestEnv::new();
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
            "--storage",
            "file",
        ])
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("no API secret on stdin"),
        "{}",
        stderr_of(&out)
    );
    assert!(!env.config_path().exists());
}

#[test]
fn replacing_a_profile_needs_force_and_removes_the_replaced_secret() {
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, "old-secret");
    let before = env.read_config();
    let args = [
        "login",
        "-p",
        "dev",
        "--account-sid",
        AC,
        "--api-key",
        &sid("SK", 2),
        "--api-secret-stdin",
        "--storage",
        "file",
    ];
    fails_unchanged(&env, &args, 2, "pass --force");
    assert_eq!(env.read_config(), before);

    env.twenv()
        .args(args)
        .arg("--force")
        .write_stdin("new-secret\n")
        .assert()
        .success();
    assert_eq!(
        yaml_of(&env)["profiles"]["dev"]["api_key"].as_str(),
        Some(sid("SK", 2).as_str())
    );
    assert!(
        env.files_containing("old-secret").is_empty(),
        "replaced secret still stored"
    );
    assert_eq!(env.files_containing("new-secret").len(), 1);
}

#[test]
fn list_shows_columns_tsv_and_exact_json() {
    let mut env = TestEnv::new();
    env.add_profile("dev", AC, SK, "x");
    env.twenv()
        .args([
            "login",
            "-p",
            "prod",
            "--account-sid",
            &sid("AC", 9),
            "--api-key",
            &sid("SK", 9),
        ])
        .args([
            "--api-secret-stdin",
            "--storage",
            "file",
            "--region",
            "au1",
            "--edge",
            "sydney",
        ])
        .write_stdin("y\n")
        .assert()
        .success();
    env.twenv()
        .args(["use", "--global", "prod"])
        .assert()
        .success()
        .stdout("");
    env.set_var("TWENV_PROFILE", "dev");

    let rows = json_of(&env, &["list", "-o", "json"]);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    for row in rows {
        let mut keys: Vec<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "account_sid",
                "active",
                "api_key",
                "current",
                "edge",
                "id",
                "region",
                "storage"
            ]
        );
    }
    assert_eq!(rows[0]["id"], "dev");
    assert_eq!(rows[0]["region"], Value::Null);
    assert_eq!(rows[0]["edge"], Value::Null);
    assert_eq!(
        (rows[0]["active"].as_bool(), rows[0]["current"].as_bool()),
        (Some(false), Some(true))
    );
    assert_eq!(rows[1]["id"], "prod");
    assert_eq!(rows[1]["region"], "au1");
    assert_eq!(rows[1]["edge"], "sydney");
    assert_eq!(rows[1]["storage"], "file");
    assert_eq!(
        (rows[1]["active"].as_bool(), rows[1]["current"].as_bool()),
        (Some(true), Some(false))
    );

    let tsv = env.twenv().args(["list", "-o", "tsv"]).output().unwrap();
    let tsv = stdout_of(&tsv);
    let lines: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines.len(), 3, "{tsv}");
    assert_eq!(
        lines[0],
        [
            "id",
            "account_sid",
            "api_key",
            "region",
            "edge",
            "storage",
            "active",
            "current"
        ]
    );
    assert_eq!(lines[1], ["dev", AC, SK, "", "", "file", "", "current"]);
    assert_eq!(lines[2][6], "active");

    let columns = env.twenv().arg("list").output().unwrap();
    let columns = stdout_of(&columns);
    assert!(
        columns.lines().next().unwrap().starts_with("ID"),
        "{columns}"
    );
    assert!(
        columns
            .lines()
            .any(|l| l.starts_with("prod ") && l.contains("active")),
        "{columns}"
    );
}

#[test]
fn list_shows_an_env_row_for_credentials_that_match_no_profile() {
    let mut env = TestEnv::new();
    env.add_profile("dev", AC, SK, "x");
    env.set_var("TWILIO_ACCOUNT_SID", sid("AC", 5));
    env.set_var("TWILIO_API_KEY", sid("SK", 5));
    env.set_var("TWILIO_API_SECRET", "env-secret");
    env.set_var("TWILIO_REGION", "ie1");
    let out = env.twenv().args(["list", "-o", "json"]).output().unwrap();
    assert!(!stdout_of(&out).contains("env-secret"));
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows[0]["id"], "[env]");
    assert_eq!(rows[0]["account_sid"], sid("AC", 5));
    assert_eq!(rows[0]["region"], "ie1");
    assert_eq!(rows[0]["edge"], Value::Null);
    assert_eq!(rows[0]["current"], true);
    assert_eq!(rows[0].as_object().unwrap().len(), 8);
    assert_eq!(rows[1]["current"], false);

    // Environment credentials equal to a profile's mark that profile instead.
    env.set_var("TWILIO_ACCOUNT_SID", AC);
    env.set_var("TWILIO_API_KEY", SK);
    let rows = json_of(&env, &["list", "-o", "json"]);
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["current"], true);
}

#[test]
fn use_global_and_profiles_use_set_the_active_profile() {
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, "x");
    env.add_profile("prod", &sid("AC", 2), &sid("SK", 2), "y");
    env.twenv()
        .args(["use", "--global", "dev"])
        .assert()
        .success()
        .stdout("");
    assert_eq!(yaml_of(&env)["active"].as_str(), Some("dev"));
    env.twenv()
        .args(["profiles:use", "prod"])
        .assert()
        .success()
        .stdout("");
    assert_eq!(yaml_of(&env)["active"].as_str(), Some("prod"));
    fails_unchanged(
        &env,
        &["use", "--global", "nosuch"],
        1,
        "no profile named 'nosuch'",
    );
}

#[test]
fn remove_deletes_profile_and_secret_and_clears_active() {
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, "dev-secret");
    env.add_profile("prod", &sid("AC", 2), &sid("SK", 2), "prod-secret");
    env.twenv()
        .args(["use", "--global", "dev"])
        .assert()
        .success();

    fails_unchanged(&env, &["remove", "dev"], 2, "needs --yes");
    fails_unchanged(
        &env,
        &["remove", "--yes", "nosuch"],
        1,
        "no profile named 'nosuch'",
    );

    env.twenv()
        .args(["remove", "dev", "--yes"])
        .assert()
        .success()
        .stdout("");
    let config = yaml_of(&env);
    assert!(config["profiles"].get("dev").is_none());
    assert!(config.get("active").is_none(), "active cleared");
    assert!(env.files_containing("dev-secret").is_empty());
    assert_eq!(env.files_containing("prod-secret").len(), 1);

    env.twenv()
        .args(["profiles:remove", "--yes", "prod"])
        .assert()
        .success();
    assert!(env.files_containing("prod-secret").is_empty());
}

#[test]
fn a_secret_shared_by_two_profiles_stays_until_the_last_goes() {
    let env = TestEnv::new();
    env.add_profile("a", AC, SK, "shared-secret");
    env.add_profile("b", AC, SK, "shared-secret");
    env.twenv()
        .args(["remove", "--yes", "a"])
        .assert()
        .success();
    assert_eq!(env.files_containing("shared-secret").len(), 1);
    env.twenv()
        .args(["remove", "--yes", "b"])
        .assert()
        .success();
    assert!(env.files_containing("shared-secret").is_empty());
}

#[test]
fn current_reports_flag_env_and_active_sources() {
    let mut env = TestEnv::new();
    env.add_profile("dev", AC, SK, "x");
    env.add_profile("prod", &sid("AC", 2), &sid("SK", 2), "y");

    let out = env.twenv().arg("current").write_stdin("").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    for way in ["-p ID", "TWILIO_ACCOUNT_SID", "twenv use --global"] {
        assert!(err.contains(way), "{err}");
    }

    env.twenv()
        .args(["use", "--global", "prod"])
        .assert()
        .success();
    let active = json_of(&env, &["current", "-o", "json"]);
    assert_eq!(active["source"], "active");
    assert_eq!(active["profile"], "prod");
    assert_eq!(active["account_sid"], sid("AC", 2));
    assert_eq!(active["api_key"], sid("SK", 2));
    assert_eq!(active["region"], Value::Null);

    env.set_var("TWILIO_ACCOUNT_SID", sid("AC", 7));
    env.set_var("TWILIO_API_KEY", sid("SK", 7));
    env.set_var("TWILIO_API_SECRET", "env-secret");
    env.set_var("TWILIO_EDGE", "dublin");
    let from_env = json_of(&env, &["current", "-o", "json"]);
    assert_eq!(from_env["source"], "env");
    assert_eq!(from_env["profile"], Value::Null);
    assert_eq!(from_env["edge"], "dublin");

    let flag = json_of(&env, &["current", "-o", "json", "-p", "dev"]);
    assert_eq!(flag["source"], "flag");
    assert_eq!(flag["profile"], "dev");
    assert_eq!(flag["account_sid"], AC);
    assert_eq!(
        flag["edge"],
        Value::Null,
        "with -p the environment is ignored"
    );
    for key in [
        "source",
        "profile",
        "account_sid",
        "api_key",
        "region",
        "edge",
    ] {
        assert!(flag.get(key).is_some(), "{key}");
    }
    let text = env
        .twenv()
        .args(["current", "-o", "json"])
        .output()
        .unwrap();
    assert!(!stdout_of(&text).contains("env-secret"));
}

#[test]
fn current_warns_about_incomplete_environment_and_auth_tokens() {
    let mut env = TestEnv::new();
    env.add_profile("dev", AC, SK, "x");
    env.twenv()
        .args(["use", "--global", "dev"])
        .assert()
        .success();
    env.set_var("TWILIO_ACCOUNT_SID", sid("AC", 3));
    env.set_var("TWILIO_API_KEY", sid("SK", 3));
    let out = env
        .twenv()
        .args(["current", "-o", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        stderr_of(&out).contains("TWILIO_API_SECRET"),
        "{}",
        stderr_of(&out)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["source"], "active");

    env.remove_var("TWILIO_API_KEY");
    env.set_var("TWILIO_AUTH_TOKEN", "envAuthToken0123456789abcdefABCD");
    let out = env
        .twenv()
        .args(["current", "-o", "json"])
        .output()
        .unwrap();
    assert!(
        stderr_of(&out).contains("TWILIO_AUTH_TOKEN"),
        "{}",
        stderr_of(&out)
    );
    assert!(!stdout_of(&out).contains("envAuthToken0123456789abcdefABCD"));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (json["source"].as_str(), &json["api_key"]),
        (Some("env"), &Value::Null)
    );
}

#[test]
fn set_and_unset_manage_extra_variables_with_valid_names_only() {
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, "x");
    env.twenv()
        .args([
            "set",
            "dev",
            "TWILIO_PHONE_NUMBER=+15005550006",
            "GREETING=a 'b' \"c\" $d\nline2",
        ])
        .assert()
        .success()
        .stdout("");
    let config = yaml_of(&env);
    assert_eq!(
        config["profiles"]["dev"]["env"]["TWILIO_PHONE_NUMBER"].as_str(),
        Some("+15005550006")
    );
    assert_eq!(
        config["profiles"]["dev"]["env"]["GREETING"].as_str(),
        Some("a 'b' \"c\" $d\nline2")
    );

    for reserved in [
        "TWILIO_ACCOUNT_SID",
        "TWILIO_API_KEY",
        "TWILIO_API_SECRET",
        "TWILIO_REGION",
        "TWILIO_EDGE",
        "TWILIO_AUTH_TOKEN",
        "TWENV_PROFILE",
        "TWENV_ANYTHING",
    ] {
        fails_unchanged(
            &env,
            &["set", "dev", &format!("{reserved}=1")],
            2,
            "managed by twenv",
        );
        fails_unchanged(&env, &["unset", "dev", reserved], 2, "managed by twenv");
    }
    for bad in ["1ABC=1", "A-B=1", "=1", "NOEQUALS"] {
        fails_unchanged(&env, &["set", "dev", bad], 2, "");
    }
    fails_unchanged(&env, &["set", "nosuch", "A=1"], 1, "no profile named");

    env.twenv()
        .args(["unset", "dev", "GREETING"])
        .assert()
        .success()
        .stdout("");
    let config = yaml_of(&env);
    assert!(config["profiles"]["dev"]["env"].get("GREETING").is_none());
    assert!(
        config["profiles"]["dev"]["env"]
            .get("TWILIO_PHONE_NUMBER")
            .is_some()
    );
}

#[test]
fn a_corrupt_config_names_file_line_and_column_and_is_left_alone() {
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, "x");
    let corrupt = "active: dev\nprofiles:\n  dev: [unclosed\n";
    fs::write(env.config_path(), corrupt).unwrap();
    let path = env.config_path().display().to_string();
    let login = [
        "login",
        "-p",
        "new",
        "--account-sid",
        AC,
        "--api-key",
        SK,
        "--api-secret-stdin",
        "--storage",
        "file",
    ];
    let commands: [&[&str]; 7] = [
        &["list"],
        &["current"],
        &["use", "--global", "dev"],
        &["set", "dev", "A=1"],
        &["unset", "dev", "A"],
        &["remove", "--yes", "dev"],
        &login,
    ];
    for args in commands {
        let err = fails_unchanged(&env, args, 1, &path);
        assert!(
            err.contains("line 3") && err.contains("column"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(fs::read_to_string(env.config_path()).unwrap(), corrupt);
}

#[test]
fn read_only_commands_never_write() {
    let env = TestEnv::new();
    env.twenv()
        .args(["list", "-o", "json"])
        .assert()
        .success()
        .stdout("[]\n");
    assert!(!env.config_dir().exists(), "list created the config dir");

    env.add_profile("dev", AC, SK, "x");
    // A hand-written file in a form twenv would not write itself.
    let hand = format!(
        "# my profiles\nprofiles:\n  dev: {{account_sid: {AC}, api_key: {SK}, storage: file}}\nactive: dev\n"
    );
    fs::write(env.config_path(), &hand).unwrap();
    let before = env.files_under_home();
    for args in [
        &["list"][..],
        &["list", "-o", "json"],
        &["current"],
        &["current", "-o", "tsv"],
    ] {
        env.twenv().args(args).assert().success();
    }
    assert_eq!(env.files_under_home(), before);
}

#[test]
fn hand_edits_survive_changes() {
    let env = TestEnv::new();
    let hand = format!(
        "profiles:\n  hand:\n    account_sid: {AC}\n    api_key: {SK}\n    storage: file\n    note: added by hand\nteam: blue\n"
    );
    fs::create_dir_all(env.config_dir()).unwrap();
    fs::write(env.config_path(), hand).unwrap();
    env.add_profile("dev", &sid("AC", 2), &sid("SK", 2), "x");
    let config = yaml_of(&env);
    assert_eq!(config["team"].as_str(), Some("blue"));
    assert_eq!(
        config["profiles"]["hand"]["note"].as_str(),
        Some("added by hand")
    );
    assert!(config["profiles"].get("dev").is_some());
}

#[test]
fn global_options_work_after_the_subcommand_and_config_dir_order_holds() {
    let mut env = TestEnv::new();
    let flag_dir = env.tmp.path().join("flag");
    let env_dir = env.tmp.path().join("envdir");
    let xdg = env.tmp.path().join("xdg");
    let login = |env: &TestEnv, id: &str, extra: &[&str]| {
        env.twenv()
            .args([
                "login",
                "--account-sid",
                AC,
                "--api-key",
                SK,
                "--api-secret-stdin",
                "--storage",
                "file",
                "-p",
                id,
            ])
            .args(extra)
            .write_stdin("s\n")
            .assert()
            .success();
    };
    login(&env, "home", &[]);
    assert!(env.config_path().exists());
    env.set_var("XDG_CONFIG_HOME", &xdg);
    login(&env, "xdg", &[]);
    assert!(xdg.join("twenv/config.yaml").exists());
    env.set_var("TWENV_CONFIG_DIR", &env_dir);
    login(&env, "envdir", &[]);
    assert!(env_dir.join("config.yaml").exists());
    login(&env, "flag", &["--config-dir", flag_dir.to_str().unwrap()]);
    assert!(flag_dir.join("config.yaml").exists());

    let rows = json_of(
        &env,
        &[
            "list",
            "-o",
            "json",
            "--config-dir",
            flag_dir.to_str().unwrap(),
        ],
    );
    assert_eq!(rows[0]["id"], "flag");
    let rows = json_of(&env, &["list", "--output", "json"]);
    assert_eq!(rows[0]["id"], "envdir");
}

#[test]
fn without_home_the_error_says_what_to_set() {
    let mut env = TestEnv::new();
    env.remove_var("HOME");
    let out = env.twenv().arg("list").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("HOME is not set"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn twenty_concurrent_logins_all_land() {
    let env = TestEnv::new();
    let children: Vec<_> = (0..20)
        .map(|i| {
            let mut child = env
                .std_command(twenv_bin())
                .args([
                    "login",
                    "-p",
                    &format!("p{i}"),
                    "--account-sid",
                    &sid("AC", i),
                    "--api-key",
                    &sid("SK", i),
                ])
                .args(["--api-secret-stdin", "--storage", "file"])
                .stdin(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            use std::io::Write;
            writeln!(child.stdin.take().unwrap(), "secret-{i}").unwrap();
            child
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
    }
    let config = yaml_of(&env);
    let credentials: serde_yaml::Value = serde_yaml::from_str(
        &fs::read_to_string(env.config_dir().join("credentials.yaml")).unwrap(),
    )
    .unwrap();
    for i in 0..20 {
        assert_eq!(
            config["profiles"][format!("p{i}").as_str()]["api_key"].as_str(),
            Some(sid("SK", i).as_str())
        );
        assert_eq!(
            credentials["secrets"][sid("SK", i).as_str()].as_str(),
            Some(format!("secret-{i}").as_str())
        );
    }
}

#[test]
fn a_writer_killed_mid_save_leaves_the_old_or_the_new_config() {
    use std::os::unix::process::ExitStatusExt;
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, "x");
    // How long one uninterrupted save takes here, so the kills can be spread
    // from its start to past its end whatever the machine's speed.
    let started = std::time::Instant::now();
    env.twenv()
        .args(["set", "dev", "N=start"])
        .assert()
        .success();
    let full = started.elapsed().as_micros() as u64;
    let (mut seen_new, mut killed) = (0, 0);
    let mut before = Some("start".to_string());
    for trial in 0..100u64 {
        let value = format!("v{trial}");
        let mut child = env
            .std_command(twenv_bin())
            .args(["set", "dev", &format!("N={value}")])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(full * (trial % 25) / 16));
        let _ = child.kill();
        if child.wait().unwrap().signal() == Some(libc::SIGKILL) {
            killed += 1;
        }
        let text = env.read_config();
        let config: serde_yaml::Value = serde_yaml::from_str(&text)
            .unwrap_or_else(|e| panic!("trial {trial}: torn config ({e}):\n{text}"));
        assert_eq!(
            config["profiles"]["dev"]["api_key"].as_str(),
            Some(SK),
            "trial {trial}"
        );
        let n = config["profiles"]["dev"]["env"]["N"]
            .as_str()
            .map(str::to_string);
        assert!(
            n == before || n.as_deref() == Some(value.as_str()),
            "trial {trial}: N is {n:?}, neither the old {before:?} nor the new {value:?}"
        );
        if n.as_deref() == Some(value.as_str()) {
            seen_new += 1;
        }
        before = n;
    }
    // To prove anything, kills must have landed mid-run and saves completed.
    assert!(
        killed > 0 && seen_new > 0,
        "{killed} killed, {seen_new} saved of 100"
    );
    eprintln!("kill -9 trials: 100 ({killed} killed while running), new state in {seen_new}");
}

#[test]
fn a_hand_edit_is_seen_at_once_despite_the_read_cache() {
    let env = TestEnv::new();
    env.add_profile("aaa", AC, SK, "x");
    env.twenv().args(["set", "aaa", "V=1"]).assert().success();
    let rows = json_of(&env, &["list", "-o", "json"]);
    assert_eq!(rows[0]["id"], "aaa");
    // Same length, same second: only the content differs.
    let edited = env.read_config().replace("aaa:", "bbb:");
    fs::write(env.config_path(), edited).unwrap();
    let rows = json_of(&env, &["list", "-o", "json"]);
    assert_eq!(rows[0]["id"], "bbb");
    let current = env.twenv().args(["current", "-p", "aaa"]).output().unwrap();
    assert_eq!(
        current.status.code(),
        Some(1),
        "a profile removed by hand is gone"
    );
    for (path, _) in env.files_under_home() {
        assert_eq!(
            mode_of(&path) & 0o077,
            0,
            "{} is readable by others",
            path.display()
        );
    }
}

#[test]
fn a_variable_that_is_not_utf8_does_not_break_anything() {
    use std::os::unix::ffi::OsStrExt;
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, "x");
    let junk = std::ffi::OsStr::from_bytes(b"caf\xe9");
    for args in [
        &["list", "-o", "json"][..],
        &["current", "-p", "dev"],
        &["export", "-p", "dev"],
    ] {
        let out = env
            .twenv()
            .args(args)
            .env("LEGACY_LATIN1", junk)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
    }
}
