//! Key lifecycle (issue 15, DESIGN §14): `rotate` on file and keyring
//! profiles with a failure injected at each step and the state (config,
//! store, the fake's keys) checked after each; restricted keys through IAM
//! v1 and their rotation; the IAM fallback and deletion through IAM.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::process::{Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::*;
use crate::fake_twilio::{FakeTwilio, Fault, Recorded};

const TOKEN: &str = "r0tateAuthTokenValue0123456789ab";
const WRONG_TOKEN: &str = "wrongAuthToken0123456789abcdefgh";
const SEND_SMS: &str = "/twilio/messaging/messages/create";
const READ_CALLS: &str = "/twilio/voice/calls/read";

fn setup() -> (TestEnv, FakeTwilio) {
    let fake = FakeTwilio::start();
    fake.add_account(AC, TOKEN);
    let mut env = TestEnv::new();
    env.set_var("TWENV_API_URL", fake.url());
    env.set_var("TWENV_HTTP_BACKOFF_MS", "10");
    env.set_var("TWENV_HTTP_TIMEOUT", "10");
    env.set_var("USER", "tester");
    (env, fake)
}

fn run(env: &TestEnv, args: &[&str], stdin: &str) -> Output {
    env.twenv()
        .args(args)
        .write_stdin(stdin.to_string())
        .output()
        .expect("run twenv")
}

/// `twenv login -p dev --account-sid AC --auth-token-stdin --storage S …`.
fn login(env: &TestEnv, storage: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "login",
        "-p",
        "dev",
        "--account-sid",
        AC,
        "--auth-token-stdin",
        "--storage",
        storage,
    ];
    args.extend_from_slice(extra);
    run(env, &args, &format!("{TOKEN}\n"))
}

fn rotate(env: &TestEnv, token: &str) -> Output {
    run(
        env,
        &["rotate", "dev", "--auth-token-stdin"],
        &format!("{token}\n"),
    )
}

fn ok(out: &Output) {
    assert!(out.status.success(), "{}", stderr_of(out));
    assert_eq!(stdout_of(out), "", "nothing on stdout");
}

/// The profile's fields as the YAML file holds them.
fn profile(env: &TestEnv) -> serde_yaml::Value {
    let config: serde_yaml::Value =
        serde_yaml::from_str(&env.read_config()).expect("config parses");
    config["profiles"]["dev"].clone()
}

fn profile_key(env: &TestEnv) -> String {
    profile(env)["api_key"]
        .as_str()
        .expect("an api_key")
        .to_string()
}

/// The file store's secrets by key SID.
fn file_secrets(env: &TestEnv) -> BTreeMap<String, String> {
    let text = fs::read_to_string(env.config_dir().join("credentials.yaml")).unwrap_or_default();
    let value: serde_yaml::Value = serde_yaml::from_str(&text).unwrap_or_default();
    serde_yaml::from_value(value["secrets"].clone()).unwrap_or_default()
}

fn lines(requests: &[Recorded]) -> Vec<String> {
    requests
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

fn assert_token_nowhere(env: &TestEnv, out: &Output) {
    assert_eq!(
        env.files_containing(TOKEN),
        Vec::<std::path::PathBuf>::new()
    );
    assert!(!stdout_of(out).contains(TOKEN) && !stderr_of(out).contains(TOKEN));
}

/// A file profile logged in through the fake: (its key SID, its secret).
fn file_profile(env: &TestEnv, fake: &FakeTwilio) -> (String, String) {
    ok(&login(env, "file", &[]));
    let (sid, key) = fake.keys().into_iter().next().expect("a key");
    (sid, key.secret)
}

/// The state a failed rotation must leave: the profile, the store and the
/// account exactly as before.
fn assert_unchanged(env: &TestEnv, fake: &FakeTwilio, config_before: &str, old: &(String, String)) {
    assert_eq!(env.read_config(), config_before);
    let secrets = file_secrets(env);
    assert_eq!(secrets.len(), 1, "{secrets:?}");
    assert_eq!(secrets.get(&old.0), Some(&old.1));
    let keys = fake.keys();
    assert_eq!(keys.keys().collect::<Vec<_>>(), [&old.0], "{keys:?}");
}

#[test]
fn rotate_replaces_the_key_in_the_order_of_the_contract() {
    let (env, fake) = setup();
    let old = file_profile(&env, &fake);
    env.twenv()
        .args(["set", "dev", "GREETING=hi"])
        .assert()
        .success();
    let before = fake.requests().len();
    let out = rotate(&env, TOKEN);
    ok(&out);
    let err = stderr_of(&out);
    let new = profile_key(&env);
    assert_ne!(new, old.0);
    assert!(
        err.contains(&format!("{} → {new}", old.0)) && err.contains("twenv use dev"),
        "{err}"
    );
    let requests = fake.requests()[before..].to_vec();
    assert_eq!(
        lines(&requests),
        [
            format!("GET /2010-04-01/Accounts/{AC}.json"),
            format!("POST /2010-04-01/Accounts/{AC}/Keys.json"),
            format!("GET /2010-04-01/Accounts/{AC}.json"),
            format!("DELETE /2010-04-01/Accounts/{AC}/Keys/{}.json", old.0),
        ]
    );
    let token = Some((AC.to_string(), TOKEN.to_string()));
    assert_eq!(requests[0].basic_auth(), token);
    assert_eq!(requests[1].basic_auth(), token);
    assert_eq!(requests[3].basic_auth(), token);
    let keys = fake.keys();
    let new_secret = keys[&new].secret.clone();
    assert_eq!(
        requests[2].basic_auth(),
        Some((new.clone(), new_secret.clone())),
        "verified with the new key"
    );
    assert_eq!(keys.len(), 1, "{keys:?}");
    assert_eq!(fake.deleted(), std::slice::from_ref(&old.0));
    assert_eq!(
        file_secrets(&env),
        BTreeMap::from([(new.clone(), new_secret)])
    );
    assert_eq!(profile(&env)["env"]["GREETING"].as_str(), Some("hi"));
    assert!(
        !env.read_config().contains("key_"),
        "a standard key writes no key fields"
    );
    assert_token_nowhere(&env, &out);
}

#[test]
#[cfg_attr(missing = "python3", ignore = "python3 is not installed")]
fn interactive_rotate_asks_for_the_token_hidden_and_again_when_invalid() {
    let (env, fake) = setup();
    if require("python3").is_none() {
        return;
    }
    let old = file_profile(&env, &fake);
    let (code, transcript) = crate::login::run_on_pty(
        &env,
        &["rotate", "dev"],
        &[
            ("Your Auth Token", true, "too-short"),
            ("Your Auth Token", true, TOKEN),
        ],
    );
    assert_eq!(code, 0, "{transcript}");
    let at = |needle: &str| {
        transcript
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in {transcript}"))
    };
    assert!(at("used once") < at("Your Auth Token"), "{transcript}");
    assert!(transcript.contains("Try again"), "{transcript}");
    assert!(
        !transcript.contains(TOKEN),
        "the token was echoed: {transcript}"
    );
    assert!(transcript.contains("Rotated profile 'dev'"), "{transcript}");
    assert_ne!(profile_key(&env), old.0);
    assert_eq!(fake.deleted(), std::slice::from_ref(&old.0));
    assert!(env.files_containing(TOKEN).is_empty());
}

#[test]
fn a_hand_edited_restricted_profile_without_permissions_is_refused_before_any_request() {
    let (env, fake) = setup();
    let old = file_profile(&env, &fake);
    let text = env
        .read_config()
        .replace("storage: file", "storage: file\n    key_type: restricted");
    fs::write(env.config_path(), &text).unwrap();
    let before = fake.requests().len();
    let out = rotate(&env, TOKEN);
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("permission"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(fake.requests().len(), before);
    assert_unchanged(&env, &fake, &text, &old);
}

#[test]
fn rotate_with_a_wrong_token_changes_nothing() {
    let (env, fake) = setup();
    let old = file_profile(&env, &fake);
    let config = env.read_config();
    let out = rotate(&env, WRONG_TOKEN);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("20003") && err.contains("unchanged"), "{err}");
    assert_unchanged(&env, &fake, &config, &old);
    assert!(!stderr_of(&out).contains(WRONG_TOKEN));
}

#[test]
fn rotate_refuses_bad_input_before_any_request() {
    let (env, fake) = setup();
    let old = file_profile(&env, &fake);
    let config = env.read_config();
    let before = fake.requests().len();
    let short = run(&env, &["rotate", "dev", "--auth-token-stdin"], "short\n");
    assert_eq!(short.status.code(), Some(2), "{}", stderr_of(&short));
    let no_terminal = run(&env, &["rotate", "dev"], "");
    assert_eq!(no_terminal.status.code(), Some(2));
    assert!(stderr_of(&no_terminal).contains("--auth-token-stdin"));
    let bad_id = rotate_id(&env, "-x");
    assert_eq!(bad_id.status.code(), Some(2));
    let unknown = rotate_id(&env, "nope");
    assert_ne!(unknown.status.code(), Some(0));
    assert!(
        stderr_of(&unknown).contains("nope"),
        "{}",
        stderr_of(&unknown)
    );
    assert_eq!(fake.requests().len(), before, "no request was made");
    assert_unchanged(&env, &fake, &config, &old);
}

fn rotate_id(env: &TestEnv, id: &str) -> Output {
    run(
        env,
        &["rotate", "--auth-token-stdin", "--", id],
        &format!("{TOKEN}\n"),
    )
}

#[test]
fn a_failed_key_creation_changes_nothing() {
    let (env, fake) = setup();
    let old = file_profile(&env, &fake);
    let config = env.read_config();
    fake.fault(Fault::Pass, 1);
    fake.fault(Fault::Status(500), 1);
    let out = rotate(&env, TOKEN);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("500") && err.contains("unchanged"), "{err}");
    assert_unchanged(&env, &fake, &config, &old);
}

#[test]
fn a_refused_store_write_deletes_the_new_key_again() {
    let (env, fake) = setup();
    let old = file_profile(&env, &fake);
    let config = env.read_config();
    // Root ignores read-only modes, so the store's place is taken by a
    // directory while the key is being made.
    let store = env.config_dir().join("credentials.yaml");
    let aside = env.config_dir().join("credentials.aside");
    {
        let (store, aside) = (store.clone(), aside.clone());
        fake.on_create_key(move || {
            fs::rename(&store, &aside).expect("move the store aside");
            fs::create_dir(&store).expect("mkdir");
        });
    }
    let out = rotate(&env, TOKEN);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("credentials.yaml") && err.contains("deleted at Twilio again"),
        "{err}"
    );
    fs::remove_dir(&store).expect("rmdir");
    fs::rename(&aside, &store).expect("put the store back");
    assert_unchanged(&env, &fake, &config, &old);
    assert_eq!(fake.deleted().len(), 1);
    assert_token_nowhere(&env, &out);
}

#[test]
fn a_refused_config_write_takes_the_new_secret_and_key_out_again() {
    let (env, fake) = setup();
    let old = file_profile(&env, &fake);
    let config = env.read_config();
    let path = env.config_path();
    let aside = env.config_dir().join("config.aside");
    {
        let (path, aside) = (path.clone(), aside.clone());
        fake.on_create_key(move || {
            fs::rename(&path, &aside).expect("move the config aside");
            fs::create_dir(&path).expect("mkdir");
        });
    }
    let out = rotate(&env, TOKEN);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("config.yaml") && err.contains("deleted at Twilio again"),
        "{err}"
    );
    fs::remove_dir(&path).expect("rmdir");
    fs::rename(&aside, &path).expect("put the config back");
    assert_unchanged(&env, &fake, &config, &old);
}

#[test]
fn a_new_key_that_does_not_authenticate_is_undone_and_the_profile_goes_back() {
    let (env, fake) = setup();
    let old = file_profile(&env, &fake);
    let config = env.read_config();
    fake.fault(Fault::Pass, 2);
    fake.fault(Fault::Status(401), 3);
    let out = rotate(&env, TOKEN);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("does not authenticate") && err.contains("deleted at Twilio again"),
        "{err}"
    );
    assert!(
        err.contains(&format!("still on API key {}", old.0)),
        "{err}"
    );
    assert_unchanged(&env, &fake, &config, &old);
    // The profile still works, on the old key.
    let verify = run(&env, &["current", "-p", "dev", "--verify"], "");
    assert!(verify.status.success(), "{}", stderr_of(&verify));
}

#[test]
fn a_new_key_accepted_on_a_later_attempt_is_kept() {
    let (env, fake) = setup();
    let old = file_profile(&env, &fake);
    fake.fault(Fault::Pass, 2);
    fake.fault(Fault::Status(401), 1);
    ok(&rotate(&env, TOKEN));
    assert_ne!(profile_key(&env), old.0);
    assert_eq!(fake.deleted(), [old.0]);
}

#[test]
fn a_failed_old_key_deletion_leaves_the_profile_on_the_new_key_and_names_the_old_one() {
    let (env, fake) = setup();
    let old = file_profile(&env, &fake);
    fake.fault(Fault::Pass, 3);
    fake.fault(Fault::Status(500), 4);
    let out = rotate(&env, TOKEN);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains(&format!("Delete {} in the Twilio Console", old.0)),
        "{err}"
    );
    let new = profile_key(&env);
    assert_ne!(new, old.0);
    let keys = fake.keys();
    assert_eq!(keys.len(), 2, "the old key is still at Twilio, as said");
    assert_eq!(
        file_secrets(&env),
        BTreeMap::from([(new.clone(), keys[&new].secret.clone())]),
        "only the new secret is kept"
    );
    let verify = run(&env, &["current", "-p", "dev", "--verify"], "");
    assert!(verify.status.success(), "{}", stderr_of(&verify));
}

#[test]
fn a_key_shared_with_another_profile_is_kept_at_twilio() {
    let (env, fake) = setup();
    let old = file_profile(&env, &fake);
    env.add_profile("twin", AC, &old.0, &old.1);
    let out = rotate(&env, TOKEN);
    ok(&out);
    assert!(stderr_of(&out).contains("twin"), "{}", stderr_of(&out));
    assert!(fake.deleted().is_empty());
    assert!(fake.keys().contains_key(&old.0));
    assert_eq!(
        file_secrets(&env).get(&old.0),
        Some(&old.1),
        "twin's secret stays"
    );
    let verify = run(&env, &["current", "-p", "twin", "--verify"], "");
    assert!(verify.status.success(), "{}", stderr_of(&verify));
}

#[test]
#[cfg_attr(
    missing = "secret-service",
    ignore = "needs a Secret Service: dbus-daemon, gnome-keyring-daemon, secret-tool"
)]
fn rotate_on_a_keyring_profile_moves_the_secret_in_the_keyring() {
    let (mut env, fake) = setup();
    let Some(service) = SecretService::start(&mut env) else {
        return;
    };
    ok(&login(&env, "keyring", &[]));
    let (old_sid, old_key) = fake.keys().into_iter().next().expect("a key");
    assert_eq!(
        service
            .lookup(&env, &old_sid)
            .expect("keyring lookup")
            .as_deref(),
        Some(old_key.secret.as_str())
    );
    let out = rotate(&env, TOKEN);
    ok(&out);
    let new = profile_key(&env);
    let keys = fake.keys();
    assert_eq!(keys.keys().collect::<Vec<_>>(), [&new]);
    assert_eq!(
        service
            .lookup(&env, &new)
            .expect("keyring lookup")
            .as_deref(),
        Some(keys[&new].secret.as_str())
    );
    assert_eq!(
        service.lookup(&env, &old_sid).expect("keyring lookup"),
        None,
        "the old secret is gone"
    );
    assert!(env.files_containing(&keys[&new].secret).is_empty());
    assert_token_nowhere(&env, &out);
}

#[test]
#[cfg_attr(
    missing = "secret-service",
    ignore = "needs a Secret Service: dbus-daemon, gnome-keyring-daemon, secret-tool"
)]
fn a_locked_keyring_stops_a_rotation_and_the_new_key_is_deleted() {
    let (mut env, fake) = setup();
    let Some(service) = SecretService::start(&mut env) else {
        return;
    };
    ok(&login(&env, "keyring", &[]));
    let (old_sid, old_key) = fake.keys().into_iter().next().expect("a key");
    let config = env.read_config();
    env.set_var("TWENV_KEYRING_TIMEOUT", "5");
    // The keyring is reachable at the start, and locked once Twilio has made the key.
    let service = Arc::new(Mutex::new(service));
    {
        let (service, home) = (service.clone(), env.home.clone());
        fake.on_create_key(move || service.lock().unwrap().restart(&home, false));
    }
    let out = rotate(&env, TOKEN);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("keyring") && err.contains("deleted at Twilio again"),
        "{err}"
    );
    assert_eq!(env.read_config(), config);
    assert_eq!(fake.keys().keys().collect::<Vec<_>>(), [&old_sid]);
    // Unlocked again, the old secret is still there.
    let mut service = service.lock().unwrap();
    service.restart(&env.home, true);
    assert_eq!(
        service
            .lookup(&env, &old_sid)
            .expect("keyring lookup")
            .as_deref(),
        Some(old_key.secret.as_str())
    );
    assert_token_nowhere(&env, &out);
}

#[test]
fn ctrl_c_during_a_rotation_waits_until_the_profile_is_whole() {
    use std::os::unix::process::ExitStatusExt;
    let (env, fake) = setup();
    let old = file_profile(&env, &fake);
    let pid = Arc::new(Mutex::new(None::<i32>));
    {
        let pid = pid.clone();
        fake.on_create_key(move || {
            if let Some(pid) = *pid.lock().unwrap() {
                // SAFETY: sends a signal to the twenv child this test started.
                unsafe { libc::kill(pid, libc::SIGINT) };
                std::thread::sleep(Duration::from_millis(200));
            }
        });
    }
    let mut child = env
        .std_command(twenv_bin())
        .args(["rotate", "dev", "--auth-token-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    *pid.lock().unwrap() = Some(child.id() as i32);
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{TOKEN}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.signal(),
        Some(libc::SIGINT),
        "{}",
        stderr_of(&out)
    );
    let new = profile_key(&env);
    assert_ne!(new, old.0);
    assert_eq!(fake.keys().keys().collect::<Vec<_>>(), [&new]);
    assert_eq!(file_secrets(&env).keys().collect::<Vec<_>>(), [&new]);
}

#[test]
fn restricted_login_creates_the_key_through_iam_with_its_policy() {
    let (env, fake) = setup();
    let out = login(&env, "file", &["--allow", SEND_SMS, "--allow", READ_CALLS]);
    ok(&out);
    let requests = fake.requests();
    assert_eq!(
        lines(&requests),
        [
            format!("GET /2010-04-01/Accounts/{AC}.json"),
            "POST /v1/Keys".to_string(),
        ]
    );
    let create = &requests[1];
    assert_eq!(
        create.basic_auth(),
        Some((AC.to_string(), TOKEN.to_string()))
    );
    assert_eq!(create.form("AccountSid").as_deref(), Some(AC));
    assert_eq!(create.form("KeyType").as_deref(), Some("restricted"));
    let policy: serde_json::Value =
        serde_json::from_str(&create.form("Policy").expect("a Policy")).expect("JSON");
    assert_eq!(
        policy,
        serde_json::json!({ "allow": [SEND_SMS, READ_CALLS] })
    );
    assert!(
        create
            .form("FriendlyName")
            .unwrap()
            .starts_with("twenv for tester")
    );

    let dev = profile(&env);
    assert_eq!(dev["key_type"].as_str(), Some("restricted"));
    assert_eq!(dev["key_api"].as_str(), Some("iam"));
    let allow: Vec<String> = serde_yaml::from_value(dev["allow"].clone()).unwrap();
    assert_eq!(allow, [SEND_SMS, READ_CALLS]);
    let (sid, key) = fake.keys().into_iter().next().unwrap();
    assert_eq!(key.api, "iam");
    assert_eq!(
        key.allow.as_deref(),
        Some(&[SEND_SMS.to_string(), READ_CALLS.to_string()][..])
    );
    assert_eq!(file_secrets(&env).get(&sid), Some(&key.secret));

    // list keeps exactly its eight fields.
    let list = env.twenv().args(["list", "-o", "json"]).output().unwrap();
    let rows: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_slice(&list.stdout).unwrap();
    let mut fields: Vec<&str> = rows[0].keys().map(String::as_str).collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
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
    assert_token_nowhere(&env, &out);
}

#[test]
fn a_policy_file_gives_the_permissions_and_is_validated() {
    let (env, fake) = setup();
    let policy = env.home.join("policy.json");
    fs::write(&policy, format!(r#"{{"allow": ["{SEND_SMS}"]}}"#)).unwrap();
    let path = policy.to_str().unwrap();
    ok(&login(
        &env,
        "file",
        &["--policy", path, "--allow", READ_CALLS],
    ));
    let allow: Vec<String> = serde_yaml::from_value(profile(&env)["allow"].clone()).unwrap();
    assert_eq!(allow, [SEND_SMS, READ_CALLS]);
    let policy_sent = fake.requests()[1].form("Policy").unwrap();
    assert!(policy_sent.contains(SEND_SMS) && policy_sent.contains(READ_CALLS));
}

#[test]
fn bad_permissions_are_refused_with_exit_2_before_any_request() {
    let (env, fake) = setup();
    let policy = env.home.join("policy.json");
    let many: Vec<String> = (0..101)
        .map(|n| format!("/twilio/voice/calls{n}/read"))
        .collect();
    let mut too_many: Vec<&str> = Vec::new();
    for p in &many {
        too_many.extend(["--allow", p]);
    }
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (
            vec!["--allow", "/twilio/messaging"],
            "",
            "/twilio/<product>",
        ),
        (
            vec!["--allow", "messaging/messages/create"],
            "",
            "/twilio/<product>",
        ),
        (
            vec!["--allow", "/twilio/messaging/messages/create "],
            "",
            "/twilio/<product>",
        ),
        (too_many, "", "at most 100"),
        (
            vec!["--policy", "/nonexistent/policy.json"],
            "",
            "cannot read",
        ),
        (
            vec!["--policy", policy.to_str().unwrap()],
            r#"{"allow": "x"}"#,
            "policy.json",
        ),
        (
            vec!["--policy", policy.to_str().unwrap()],
            r#"{"allow": []}"#,
            "at least one",
        ),
        (
            vec!["--policy", policy.to_str().unwrap()],
            r#"{"deny": ["/twilio/a/b/c"]}"#,
            "deny",
        ),
    ];
    for (args, file, expected) in cases {
        fs::write(&policy, file).unwrap();
        let out = login(&env, "file", &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr_of(&out));
        assert!(
            stderr_of(&out).contains(expected),
            "{args:?}: {}",
            stderr_of(&out)
        );
    }
    let mut offline_allow = env.twenv();
    let offline_allow = offline_allow
        .args(["login", "-p", "dev", "--account-sid", AC, "--api-key", SK])
        .args([
            "--api-secret-stdin",
            "--allow",
            SEND_SMS,
            "--storage",
            "file",
        ])
        .write_stdin("s\n")
        .output()
        .unwrap();
    assert_eq!(offline_allow.status.code(), Some(2));
    assert!(fake.requests().is_empty(), "{:?}", lines(&fake.requests()));
    assert_eq!(env.read_config(), "", "nothing saved");
}

#[test]
fn a_restricted_key_rotates_through_iam_and_keeps_its_permissions() {
    let (env, fake) = setup();
    ok(&login(
        &env,
        "file",
        &["--allow", SEND_SMS, "--allow", READ_CALLS],
    ));
    let (old_sid, _) = fake.keys().into_iter().next().unwrap();
    let before = fake.requests().len();
    let out = rotate(&env, TOKEN);
    ok(&out);
    let new = profile_key(&env);
    let requests = fake.requests()[before..].to_vec();
    assert_eq!(
        lines(&requests),
        [
            format!("GET /2010-04-01/Accounts/{AC}.json"),
            "POST /v1/Keys".to_string(),
            // A restricted key may not read the account: Twilio's policy
            // refusal proves it authenticated.
            format!("GET /2010-04-01/Accounts/{AC}.json"),
            format!("DELETE /v1/Keys/{old_sid}"),
        ]
    );
    assert_eq!(requests[1].form("KeyType").as_deref(), Some("restricted"));
    let policy: serde_json::Value =
        serde_json::from_str(&requests[1].form("Policy").unwrap()).unwrap();
    assert_eq!(
        policy,
        serde_json::json!({ "allow": [SEND_SMS, READ_CALLS] })
    );
    let keys = fake.keys();
    assert_eq!(keys.keys().collect::<Vec<_>>(), [&new]);
    assert_eq!(keys[&new].api, "iam");
    let dev = profile(&env);
    assert_eq!(dev["key_type"].as_str(), Some("restricted"));
    let allow: Vec<String> = serde_yaml::from_value(dev["allow"].clone()).unwrap();
    assert_eq!(allow, [SEND_SMS, READ_CALLS]);
    assert!(
        stderr_of(&out).contains("restricted, 2 permissions"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn a_restricted_key_with_wrong_credentials_is_not_taken_for_working() {
    let (env, fake) = setup();
    ok(&login(&env, "file", &["--allow", SEND_SMS]));
    let (old_sid, _) = fake.keys().into_iter().next().unwrap();
    let config = env.read_config();
    fake.fault(Fault::Pass, 2);
    fake.fault(Fault::Status(401), 3); // "Authenticate", not a policy refusal
    let out = rotate(&env, TOKEN);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert_eq!(env.read_config(), config);
    assert_eq!(fake.keys().keys().collect::<Vec<_>>(), [&old_sid]);
    assert!(
        fake.requests()
            .last()
            .unwrap()
            .path
            .starts_with("/v1/Keys/")
    );
}

#[test]
fn when_only_iam_may_create_keys_login_falls_back_and_deletes_through_iam() {
    let (env, fake) = setup();
    fake.only_iam_creates_keys();
    let out = login(&env, "file", &[]);
    ok(&out);
    let err = stderr_of(&out);
    assert!(
        err.contains("Policy evaluation failed") && err.contains("IAM"),
        "{err}"
    );
    let requests = fake.requests();
    assert_eq!(
        lines(&requests),
        [
            format!("GET /2010-04-01/Accounts/{AC}.json"),
            format!("POST /2010-04-01/Accounts/{AC}/Keys.json"),
            "POST /v1/Keys".to_string(),
        ]
    );
    assert_eq!(requests[2].form("KeyType"), None, "a standard key");
    assert_eq!(requests[2].form("Policy"), None);
    let dev = profile(&env);
    assert_eq!(dev["key_api"].as_str(), Some("iam"));
    assert!(
        dev["key_type"].is_null(),
        "standard is the default: {dev:?}"
    );
    let (first, key) = fake.keys().into_iter().next().unwrap();
    assert_eq!((key.api, key.allow), ("iam", None));

    // login --force replaces it and deletes the old key through IAM.
    let out = login(&env, "file", &["--force"]);
    ok(&out);
    assert!(
        fake.requests()
            .iter()
            .any(|r| r.method == "DELETE" && r.path == format!("/v1/Keys/{first}"))
    );
    assert_eq!(fake.deleted(), std::slice::from_ref(&first));

    // rotate goes straight to IAM for a key IAM made.
    let second = profile_key(&env);
    let before = fake.requests().len();
    ok(&rotate(&env, TOKEN));
    let rotation = lines(&fake.requests()[before..]);
    assert_eq!(rotation[1], "POST /v1/Keys");
    assert_eq!(rotation[3], format!("DELETE /v1/Keys/{second}"));
    assert_eq!(profile(&env)["key_api"].as_str(), Some("iam"));

    // remove --delete-key too.
    let third = profile_key(&env);
    let out = run(
        &env,
        &[
            "remove",
            "dev",
            "--yes",
            "--delete-key",
            "--auth-token-stdin",
        ],
        &format!("{TOKEN}\n"),
    );
    ok(&out);
    assert_eq!(
        fake.requests().last().unwrap().path,
        format!("/v1/Keys/{third}")
    );
    assert!(fake.keys().is_empty());
    assert!(file_secrets(&env).is_empty());
}

#[test]
fn a_v2010_key_rotated_where_only_iam_creates_keys_is_deleted_through_v2010() {
    let (env, fake) = setup();
    let old = file_profile(&env, &fake);
    fake.only_iam_creates_keys();
    let before = fake.requests().len();
    ok(&rotate(&env, TOKEN));
    let rotation = lines(&fake.requests()[before..]);
    assert_eq!(
        rotation[1],
        format!("POST /2010-04-01/Accounts/{AC}/Keys.json")
    );
    assert_eq!(rotation[2], "POST /v1/Keys");
    assert_eq!(
        rotation.last().unwrap(),
        &format!("DELETE /2010-04-01/Accounts/{AC}/Keys/{}.json", old.0)
    );
    assert_eq!(profile(&env)["key_api"].as_str(), Some("iam"));
    assert_eq!(fake.deleted(), [old.0]);
}

#[test]
fn an_undo_after_a_failed_save_deletes_an_iam_key_through_iam() {
    let (env, fake) = setup();
    let config_path = env.config_path();
    fake.on_create_key(move || fs::create_dir_all(&config_path).expect("mkdir"));
    let out = login(&env, "file", &["--allow", SEND_SMS]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("deleted at Twilio again"),
        "{}",
        stderr_of(&out)
    );
    let last = fake.requests().last().unwrap().clone();
    assert_eq!(last.method, "DELETE");
    assert!(last.path.starts_with("/v1/Keys/SK"), "{}", last.path);
    assert!(fake.keys().is_empty());
}

/// Sends `/v1/…` to one server and everything else to another, as
/// `TWENV_API_URL` sends both APIs to one host: each request is passed on
/// whole over a fresh connection, and each answer closes the connection.
struct Router {
    port: u16,
}

impl Router {
    fn start(v2010_port: u16, iam_port: u16) -> Router {
        use std::net::TcpListener;
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                std::thread::spawn(move || route_one(conn, v2010_port, iam_port));
            }
        });
        Router { port }
    }
}

fn route_one(mut client: std::net::TcpStream, v2010_port: u16, iam_port: u16) {
    use std::io::{BufRead, BufReader, Read};
    let mut reader = BufReader::new(client.try_clone().expect("clone"));
    let mut head = Vec::new();
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        if let Some((name, value)) = line.split_once(':') {
            let name = name.trim().to_ascii_lowercase();
            if name == "content-length" {
                length = value.trim().parse().unwrap_or(0);
            }
            if name == "connection" {
                continue;
            }
        }
        if line == "\r\n" {
            break;
        }
        head.push(line);
    }
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let path = head[0].split_whitespace().nth(1).unwrap_or("").to_string();
    let port = if path.starts_with("/v1/") {
        iam_port
    } else {
        v2010_port
    };
    let mut backend = std::net::TcpStream::connect(("127.0.0.1", port)).expect("backend");
    let mut request = head.concat().into_bytes();
    request.extend_from_slice(b"Connection: close\r\n\r\n");
    request.extend_from_slice(&body);
    backend.write_all(&request).expect("forward");
    let mut reply = Vec::new();
    let _ = backend.read_to_end(&mut reply);
    let text = String::from_utf8_lossy(&reply).into_owned();
    let (reply_head, reply_body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut out: Vec<&str> = reply_head
        .split("\r\n")
        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
        .collect();
    out.push("Connection: close");
    let _ = client.write_all(format!("{}\r\n\r\n{reply_body}", out.join("\r\n")).as_bytes());
}

#[test]
#[cfg_attr(
    any(missing = "prism", missing = "twilio-openapi"),
    ignore = "needs prism and Twilio's OpenAPI descriptions"
)]
fn contract_iam_requests_against_twilios_openapi_description() {
    use crate::login::Prism;
    let Some(v2010) = Prism::serve("twilio_api_v2010.json") else {
        return;
    };
    let Some(iam) = Prism::serve("twilio_iam_v1.json") else {
        return;
    };
    // Prism must reject what breaks the IAM description, or this test proves nothing.
    let form = "FriendlyName=x";
    let no_account = iam.raw_status(&format!(
        "POST /v1/Keys HTTP/1.1\r\nHost: x\r\nAuthorization: Basic QUM6eA==\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{form}",
        form.len()
    ));
    assert!(no_account.contains("422"), "{no_account}");
    let bad_sid = iam.raw_status(
        "DELETE /v1/Keys/SKnot-hex HTTP/1.1\r\nHost: x\r\nAuthorization: Basic QUM6eA==\r\n\
         Connection: close\r\n\r\n",
    );
    assert!(bad_sid.contains("422"), "{bad_sid}");
    let no_auth = iam.raw_status(&format!(
        "DELETE /v1/Keys/{SK} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    ));
    assert!(no_auth.contains("401"), "{no_auth}");

    let router = Router::start(v2010.port, iam.port);
    let mut env = TestEnv::new();
    env.set_var("TWENV_API_URL", format!("http://127.0.0.1:{}", router.port));
    env.set_var("USER", "tester");
    // Prism's examples use this account.
    let account = format!("AC{}", "a".repeat(32));
    let login = |extra: &[&str]| {
        let mut cmd = env.twenv();
        cmd.args(["login", "-p", "dev", "--account-sid", &account])
            .args(["--auth-token-stdin", "--storage", "file", "--force"])
            .args(extra)
            .write_stdin(format!("{TOKEN}\n"))
            .output()
            .unwrap()
    };
    // A restricted key: POST /v1/Keys with KeyType and Policy.
    let out = login(&["--allow", SEND_SMS]);
    ok(&out);
    assert_eq!(profile(&env)["key_type"].as_str(), Some("restricted"));
    // Its deletion: DELETE /v1/Keys/{Sid}.
    let out = run(
        &env,
        &[
            "remove",
            "dev",
            "--yes",
            "--delete-key",
            "--auth-token-stdin",
        ],
        &format!("{TOKEN}\n"),
    );
    ok(&out);

    // A rotation of an IAM key: create through IAM, verify, delete the old
    // one through IAM. Prism answers every creation with the same example
    // SID, so the old key is one brought in by hand.
    let old = sid("SK", 7);
    env.twenv()
        .args([
            "login",
            "-p",
            "dev",
            "--account-sid",
            &account,
            "--api-key",
            &old,
        ])
        .args(["--api-secret-stdin", "--storage", "file"])
        .write_stdin("old-secret\n")
        .assert()
        .success();
    let text = env.read_config().replace(
        "storage: file",
        "storage: file\n    key_type: restricted\n    allow:\n    - /twilio/messaging/messages/create\n    key_api: iam",
    );
    fs::write(env.config_path(), text).unwrap();
    let out = rotate(&env, TOKEN);
    ok(&out);
    assert_ne!(profile_key(&env), old);
    assert!(!file_secrets(&env).contains_key(&old));
    assert_token_nowhere(&env, &out);
}

#[test]
fn a_malformed_iam_key_reply_deletes_the_key_it_names_through_iam() {
    fn no_secret(body: &str) -> String {
        let mut v: serde_json::Value = serde_json::from_str(body).unwrap();
        v.as_object_mut().unwrap().remove("secret");
        v.to_string()
    }
    let (env, fake) = setup();
    fake.fault(Fault::Pass, 1);
    fake.fault(Fault::Mangle(no_secret), 1);
    let out = login(&env, "file", &["--allow", SEND_SMS]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("deleted at Twilio again"),
        "{}",
        stderr_of(&out)
    );
    let last = fake.requests().last().unwrap().clone();
    assert_eq!(last.method, "DELETE");
    assert!(last.path.starts_with("/v1/Keys/SK"), "{}", last.path);
    assert!(fake.keys().is_empty());
    assert_eq!(env.read_config(), "");

    // The same in a rotation: the profile stays on its key.
    let old = file_profile(&env, &fake);
    let config = env.read_config();
    fake.only_iam_creates_keys();
    fake.fault(Fault::Pass, 2); // the account check, the refused 2010 creation
    fake.fault(Fault::Mangle(no_secret), 1);
    let out = rotate(&env, TOKEN);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(
        fake.requests()
            .last()
            .unwrap()
            .path
            .starts_with("/v1/Keys/SK")
    );
    assert_unchanged(&env, &fake, &config, &old);
}
