//! Login through Twilio's API (issue 3), `remove --delete-key` and
//! `current --verify`, against the fake Twilio API on 127.0.0.1, and once
//! against Prism serving Twilio's official OpenAPI description.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;
use crate::fake_twilio::{FakeTwilio, Fault};

const TOKEN: &str = "t0ken5ecretAuthTokenValue0123456";
const OTHER_TOKEN: &str = "anotherAuthToken0123456789abcdef";

fn setup() -> (TestEnv, FakeTwilio) {
    let fake = FakeTwilio::start();
    fake.add_account(AC, TOKEN);
    let mut env = TestEnv::new();
    fake.report_secrets_to(env.secrets());
    env.set_var("TWENV_API_URL", fake.url());
    env.set_var("TWENV_HTTP_BACKOFF_MS", "10");
    env.set_var("TWENV_HTTP_TIMEOUT", "10");
    env.set_var("USER", "tester");
    (env, fake)
}

/// `twenv login -p ID --account-sid AC --auth-token-stdin --storage file …`
fn login(env: &TestEnv, id: &str, token: &str, extra: &[&str]) -> std::process::Output {
    env.twenv()
        .args(["login", "-p", id, "--account-sid", AC, "--auth-token-stdin"])
        .args(["--storage", "file"])
        .args(extra)
        .write_stdin(format!("{token}\n"))
        .output()
        .expect("run twenv")
}

/// `twenv remove ID --yes --delete-key --auth-token-stdin` with `token` on stdin.
fn remove_deleting_key(env: &TestEnv, id: &str, token: &str) -> std::process::Output {
    env.twenv()
        .args(["remove", id, "--yes", "--delete-key", "--auth-token-stdin"])
        .write_stdin(format!("{token}\n"))
        .output()
        .expect("run twenv")
}

fn credentials(env: &TestEnv) -> String {
    std::fs::read_to_string(env.config_dir().join("credentials.yaml")).unwrap_or_default()
}

fn assert_token_nowhere(env: &TestEnv, out: &std::process::Output) {
    assert!(
        env.files_containing(TOKEN).is_empty(),
        "the Auth Token is in {:?}",
        env.files_containing(TOKEN)
    );
    assert!(!stdout_of(out).contains(TOKEN) && !stderr_of(out).contains(TOKEN));
}

fn assert_nothing_saved(env: &TestEnv, fake: &FakeTwilio) {
    assert!(!env.read_config().contains("dev"), "{}", env.read_config());
    assert!(
        !credentials(env).contains("fakesecret"),
        "{}",
        credentials(env)
    );
    assert!(
        fake.keys().is_empty(),
        "keys left at Twilio: {:?}",
        fake.keys()
    );
}

#[test]
fn login_creates_an_api_key_stores_its_secret_and_forgets_the_token() {
    let (env, fake) = setup();
    let out = login(&env, "dev", TOKEN, &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(stdout_of(&out), "", "login prints nothing on stdout");
    assert!(
        stderr_of(&out).contains("Saved profile 'dev'"),
        "{}",
        stderr_of(&out)
    );

    let keys = fake.keys();
    assert_eq!(keys.len(), 1);
    let (key_sid, key) = keys.iter().next().expect("one key");
    assert_eq!(key.account_sid, AC);
    let host = this_host();
    let expected: String = format!("twenv for tester on {}", host.trim())
        .chars()
        .take(64)
        .collect();
    assert_eq!(key.friendly_name, expected);

    let requests = fake.requests();
    let lines: Vec<String> = requests
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        lines,
        [
            format!("GET /2010-04-01/Accounts/{AC}.json"),
            format!("POST /2010-04-01/Accounts/{AC}/Keys.json"),
        ]
    );
    for r in &requests {
        assert_eq!(r.basic_auth(), Some((AC.to_string(), TOKEN.to_string())));
        assert_eq!(
            r.header("user-agent"),
            Some(concat!("twenv/", env!("CARGO_PKG_VERSION")))
        );
    }
    assert_eq!(
        requests[1].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );

    let config = env.read_config();
    assert!(config.contains(&format!("api_key: {key_sid}")), "{config}");
    assert!(config.contains(&format!("account_sid: {AC}")), "{config}");
    assert!(config.contains("storage: file"), "{config}");
    assert!(
        !config.contains("active:"),
        "login never activates: {config}"
    );
    assert!(credentials(&env).contains(&key.secret));
    assert_eq!(env.files_containing(&key.secret).len(), 1);
    assert_token_nowhere(&env, &out);
}

#[test]
#[cfg_attr(
    missing = "secret-service",
    ignore = "needs a Secret Service: dbus-daemon, gnome-keyring-daemon, secret-tool"
)]
fn login_keeps_the_secret_in_the_keyring() {
    let (mut env, fake) = setup();
    let Some(service) = SecretService::start(&mut env) else {
        return;
    };
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
        .write_stdin(format!("{TOKEN}\n"))
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr_of(&out));
    let keys = fake.keys();
    let (key_sid, key) = keys.iter().next().expect("a key at Twilio");
    assert_eq!(service.secret(&env, key_sid), key.secret);
    assert!(env.read_config().contains("storage: keyring"));
    assert!(env.files_containing(&key.secret).is_empty());
    assert_token_nowhere(&env, &out);
}

#[test]
fn a_wrong_auth_token_saves_nothing_and_shows_twilios_code_and_message() {
    let (env, fake) = setup();
    let out = login(&env, "dev", OTHER_TOKEN, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("20003") && err.contains("Authenticate"),
        "{err}"
    );
    assert!(err.contains("Account SID or the Auth Token"), "{err}");
    assert_eq!(fake.requests().len(), 1, "no key is requested after a 401");
    assert_nothing_saved(&env, &fake);
    assert!(env.files_containing(OTHER_TOKEN).is_empty());
}

#[test]
fn force_replaces_the_profile_and_deletes_the_old_key_at_twilio() {
    let (env, fake) = setup();
    assert!(login(&env, "dev", TOKEN, &[]).status.success());
    let (old_sid, old) = fake.keys().into_iter().next().expect("first key");

    let before = fake.requests().len();
    let out = login(&env, "dev", TOKEN, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("--force"));
    assert_eq!(fake.requests().len(), before, "refused before any request");

    let out = login(&env, "dev", TOKEN, &["--force"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains(&format!("Deleted the replaced API key {old_sid}")));
    assert_eq!(fake.deleted(), vec![old_sid.clone()]);
    let keys = fake.keys();
    assert_eq!(keys.len(), 1);
    let (new_sid, new) = keys.iter().next().expect("new key");
    assert_ne!(new_sid, &old_sid);
    let creds = credentials(&env);
    assert!(
        !creds.contains(&old.secret) && creds.contains(&new.secret),
        "{creds}"
    );
    assert!(env.read_config().contains(new_sid.as_str()));
    assert_token_nowhere(&env, &out);
}

#[test]
fn force_warns_but_succeeds_when_the_old_key_cannot_be_deleted() {
    let (env, fake) = setup();
    assert!(login(&env, "dev", TOKEN, &[]).status.success());
    let (old_sid, _) = fake.keys().into_iter().next().expect("first key");
    fake.fault(Fault::Pass, 2);
    fake.fault(Fault::Status(500), 4);
    let out = login(&env, "dev", TOKEN, &["--force"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("warning") && err.contains(&old_sid) && err.contains("Console"),
        "{err}"
    );
    assert_eq!(
        fake.keys().len(),
        2,
        "the old key is still there, as warned"
    );
    assert!(!env.read_config().contains(&old_sid));
}

/// A login to the keyring that must fail (with a 5 s bound on keyring calls),
/// checked for the message and for the token; returns stderr.
fn failed_keyring_login(env: &mut TestEnv) -> String {
    env.set_var("TWENV_KEYRING_TIMEOUT", "5");
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
        .args(["--storage", "keyring"])
        .write_stdin(format!("{TOKEN}\n"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("keyring") && err.contains("--storage file"),
        "{err}"
    );
    assert_token_nowhere(env, &out);
    err
}

#[test]
fn an_unreachable_keyring_is_found_before_any_request() {
    let (mut env, fake) = setup();
    env.set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/twenv-test-bus",
    );
    failed_keyring_login(&mut env);
    assert!(fake.requests().is_empty(), "Twilio was called");
    assert_nothing_saved(&env, &fake);
}

#[test]
#[cfg_attr(
    missing = "secret-service",
    ignore = "needs a Secret Service: dbus-daemon, gnome-keyring-daemon, secret-tool"
)]
fn a_keyring_gone_after_key_creation_deletes_the_new_key() {
    let (mut env, fake) = setup();
    let Some(service) = SecretService::start(&mut env) else {
        return;
    };
    // The keyring answers the check before login, then goes away while
    // Twilio creates the key.
    let service = std::sync::Arc::new(std::sync::Mutex::new(service));
    {
        let service = service.clone();
        fake.on_create_key(move || service.lock().unwrap().stop_keyring());
    }
    let err = failed_keyring_login(&mut env);
    assert!(err.contains("deleted at Twilio again"), "{err}");
    assert_eq!(fake.deleted().len(), 1);
    assert_nothing_saved(&env, &fake);
}

#[test]
fn a_config_write_failure_after_key_creation_deletes_the_new_key() {
    let (env, fake) = setup();
    // The tests may run as root, which ignores read-only modes; instead the
    // config file's place is taken by a directory while the key is made.
    let config_path = env.config_path();
    fake.on_create_key(move || std::fs::create_dir_all(&config_path).expect("mkdir"));
    let out = login(&env, "dev", TOKEN, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("config.yaml"), "{err}");
    assert!(err.contains("deleted at Twilio again"), "{err}");
    assert_eq!(fake.deleted().len(), 1);
    assert!(fake.keys().is_empty());
    assert!(!credentials(&env).contains("fakesecret"));
    assert_token_nowhere(&env, &out);
}

#[test]
fn a_server_that_is_down_is_reported_as_refused() {
    let (mut env, fake) = setup();
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    env.set_var("TWENV_API_URL", format!("http://127.0.0.1:{port}"));
    let start = Instant::now();
    let out = login(&env, "dev", TOKEN, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(start.elapsed() < Duration::from_secs(5));
    let err = stderr_of(&out);
    assert!(
        err.contains("refused") && err.contains(&port.to_string()),
        "{err}"
    );
    assert_nothing_saved(&env, &fake);
}

#[test]
fn a_slow_server_times_out_within_the_bound() {
    let (mut env, fake) = setup();
    env.set_var("TWENV_HTTP_TIMEOUT", "1");
    fake.fault(Fault::Delay(Duration::from_secs(6)), 1);
    let start = Instant::now();
    let out = login(&env, "dev", TOKEN, &[]);
    let took = start.elapsed();
    assert_eq!(out.status.code(), Some(1));
    assert!(took < Duration::from_secs(4), "took {took:?}");
    let err = stderr_of(&out);
    assert!(
        err.contains("took too long") && err.contains("1 s"),
        "{err}"
    );
    assert_nothing_saved(&env, &fake);
}

#[test]
fn a_tls_failure_is_reported_as_such() {
    let (mut env, fake) = setup();
    // A server that answers a TLS handshake with plain HTTP.
    let plain = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = plain.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for mut conn in plain.incoming().flatten() {
            let _ = conn.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        }
    });
    env.set_var("TWENV_API_URL", format!("https://127.0.0.1:{port}"));
    let out = login(&env, "dev", TOKEN, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("secure (TLS) connection"), "{err}");
    assert_nothing_saved(&env, &fake);
}

#[test]
fn a_dropped_connection_is_reported_plainly() {
    let (env, fake) = setup();
    fake.fault(Fault::Close, 1);
    let out = login(&env, "dev", TOKEN, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("closed"), "{err}");
    assert_nothing_saved(&env, &fake);

    // Dropped while creating the key: twenv cannot know, so it says where to look.
    let (env, fake) = setup();
    fake.fault(Fault::Pass, 1);
    fake.fault(Fault::Close, 1);
    let out = login(&env, "dev", TOKEN, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("listed in the Console as 'twenv for tester on"),
        "{err}"
    );
    assert_nothing_saved(&env, &fake);
}

#[test]
fn server_errors_are_retried_then_succeed() {
    let (env, fake) = setup();
    fake.fault(Fault::Status(500), 2);
    let out = login(&env, "dev", TOKEN, &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let methods: Vec<String> = fake.requests().iter().map(|r| r.method.clone()).collect();
    assert_eq!(methods, ["GET", "GET", "GET", "POST"]);
    assert_eq!(fake.keys().len(), 1);
}

#[test]
fn a_429_on_key_creation_is_retried_without_making_two_keys() {
    let (env, fake) = setup();
    fake.fault(Fault::Pass, 1);
    fake.fault(Fault::Status(429), 1);
    let out = login(&env, "dev", TOKEN, &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let methods: Vec<String> = fake.requests().iter().map(|r| r.method.clone()).collect();
    assert_eq!(methods, ["GET", "POST", "POST"]);
    assert_eq!(fake.keys().len(), 1);
}

#[test]
fn lasting_server_errors_fail_plainly_and_a_500_on_post_is_not_retried() {
    let (env, fake) = setup();
    fake.fault(Fault::Status(500), 10);
    let out = login(&env, "dev", TOKEN, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("500") && err.contains("20500"), "{err}");
    assert!(err.contains("server error"), "{err}");
    assert_eq!(fake.requests().len(), 4, "one try and three retries");
    assert_nothing_saved(&env, &fake);

    let (env, fake) = setup();
    fake.fault(Fault::Pass, 1);
    fake.fault(Fault::Status(500), 1);
    let out = login(&env, "dev", TOKEN, &[]);
    assert_eq!(out.status.code(), Some(1));
    let posts = fake
        .requests()
        .iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(posts, 1, "a POST that may have made a key is not repeated");
}

#[test]
fn bad_input_is_refused_before_any_request() {
    let (env, fake) = setup();
    let ac = AC.to_string();
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (vec!["--account-sid", "AC123"], TOKEN, "Account SID"),
        (vec!["--account-sid", &ac[..33]], TOKEN, "Account SID"),
        (
            vec!["--account-sid", "SK0123456789abcdef0123456789abcdef"],
            TOKEN,
            "Account SID",
        ),
        (vec!["--account-sid", AC], "short-token", "Auth Token"),
        (
            vec!["--account-sid", AC],
            "t0ken5ecretAuthTokenValue012345!",
            "Auth Token",
        ),
        (
            vec!["--account-sid", AC, "--region", "IE1.evil"],
            TOKEN,
            "region",
        ),
        (vec!["--account-sid", AC, "--edge", "a/b"], TOKEN, "edge"),
    ];
    for (args, token, word) in cases {
        let out = env
            .twenv()
            .args([
                "login",
                "-p",
                "dev",
                "--auth-token-stdin",
                "--storage",
                "file",
            ])
            .args(&args)
            .write_stdin(format!("{token}\n"))
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr_of(&out));
        assert!(
            stderr_of(&out).contains(word),
            "{args:?}: {}",
            stderr_of(&out)
        );
        assert!(!stderr_of(&out).contains(token) || token == TOKEN);
    }
    let out = login(&env, "-bad-id", TOKEN, &[]);
    assert_eq!(out.status.code(), Some(2));
    let out = env
        .twenv()
        .env("TWENV_API_URL", "127.0.0.1:9")
        .args([
            "login",
            "-p",
            "dev",
            "--account-sid",
            AC,
            "--auth-token-stdin",
        ])
        .write_stdin(format!("{TOKEN}\n"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("TWENV_API_URL"));
    // No terminal and no --auth-token-stdin: refused, nothing asked.
    let out = env
        .twenv()
        .args(["login", "-p", "dev", "--account-sid", AC])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("--auth-token-stdin"));
    assert!(fake.requests().is_empty(), "{:?}", fake.requests());
    assert_nothing_saved(&env, &fake);
}

#[test]
fn proxies_from_https_proxy_are_used_and_no_proxy_is_honoured() {
    let (mut env, fake) = setup();
    // The fake also acts as the proxy: it opens CONNECT tunnels to itself.
    env.set_var("TWENV_API_URL", "http://localhost:9");
    env.set_var("HTTPS_PROXY", fake.url());
    let out = login(&env, "dev", TOKEN, &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let first = &fake.requests()[0];
    assert_eq!(
        (first.method.as_str(), first.path.as_str()),
        ("CONNECT", "localhost:9")
    );
    assert_eq!(fake.keys().len(), 1);

    // A dead proxy is bypassed for hosts in NO_PROXY, and named when used.
    let dead = TcpListener::bind("127.0.0.1:0").expect("bind");
    let dead_port = dead.local_addr().expect("addr").port();
    drop(dead);
    let (mut env, fake) = setup();
    env.set_var("HTTPS_PROXY", format!("http://127.0.0.1:{dead_port}"));
    let out = login(&env, "dev", TOKEN, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("proxy"), "{}", stderr_of(&out));
    env.set_var("NO_PROXY", "127.0.0.1");
    let out = login(&env, "dev", TOKEN, &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(fake.keys().len(), 1);
}

#[test]
fn remove_delete_key_deletes_at_twilio_first() {
    let (env, fake) = setup();
    assert!(login(&env, "dev", TOKEN, &[]).status.success());
    let (sid, key) = fake.keys().into_iter().next().expect("key");
    let out = remove_deleting_key(&env, "dev", TOKEN);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(fake.deleted(), vec![sid.clone()]);
    let delete = fake.requests().pop().expect("a request");
    assert_eq!(delete.method, "DELETE");
    assert_eq!(
        delete.path,
        format!("/2010-04-01/Accounts/{AC}/Keys/{sid}.json")
    );
    assert_eq!(
        delete.basic_auth(),
        Some((AC.to_string(), TOKEN.to_string()))
    );
    assert!(!env.read_config().contains("dev"));
    assert!(!credentials(&env).contains(&key.secret));
    assert_token_nowhere(&env, &out);
}

#[test]
fn remove_delete_key_with_a_wrong_token_removes_nothing() {
    let (env, fake) = setup();
    assert!(login(&env, "dev", TOKEN, &[]).status.success());
    let (_, key) = fake.keys().into_iter().next().expect("key");
    let config = env.read_config();
    let out = remove_deleting_key(&env, "dev", OTHER_TOKEN);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("20003") && err.contains("Nothing was removed"),
        "{err}"
    );
    assert_eq!(env.read_config(), config);
    assert!(credentials(&env).contains(&key.secret));
    assert_eq!(fake.keys().len(), 1);
}

#[test]
fn remove_delete_key_refuses_a_key_another_profile_still_uses() {
    let (env, fake) = setup();
    env.add_profile("a", AC, SK, "shared-secret");
    env.add_profile("b", AC, SK, "shared-secret");
    let out = remove_deleting_key(&env, "a", TOKEN);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("another profile"),
        "{}",
        stderr_of(&out)
    );
    assert!(fake.requests().is_empty());
    assert!(env.read_config().contains("a:") && env.read_config().contains("b:"));
}

#[test]
fn remove_delete_key_of_a_key_already_gone_proceeds_with_a_note() {
    let (env, fake) = setup();
    env.add_profile("old", AC, SK, "some-secret");
    let out = remove_deleting_key(&env, "old", TOKEN);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("already gone"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(fake.requests().len(), 1);
    assert!(!env.read_config().contains("old:"));
}

#[test]
fn current_verify_says_whether_the_credentials_work() {
    let (env, fake) = setup();
    assert!(login(&env, "dev", TOKEN, &[]).status.success());
    let (sid, key) = fake.keys().into_iter().next().expect("key");
    let out = env
        .twenv()
        .args(["current", "-p", "dev", "--verify"])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("credentials work"),
        "{}",
        stderr_of(&out)
    );
    let verify = fake.requests().pop().expect("request");
    assert_eq!(verify.path, format!("/2010-04-01/Accounts/{AC}.json"));
    assert_eq!(verify.basic_auth(), Some((sid.clone(), key.secret.clone())));
    assert!(!stdout_of(&out).contains(&key.secret));

    env.add_profile("bad", AC, SK, "not-the-secret");
    let out = env
        .twenv()
        .args(["current", "-p", "bad", "--verify"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("do not work") && err.contains("20003"),
        "{err}"
    );

    // Environment credentials: an API key, then the Auth Token form.
    let out = env
        .twenv()
        .args(["current", "--verify"])
        .env("TWILIO_ACCOUNT_SID", AC)
        .env("TWILIO_API_KEY", &sid)
        .env("TWILIO_API_SECRET", &key.secret)
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        fake.requests().pop().expect("request").basic_auth(),
        Some((sid.clone(), key.secret.clone()))
    );
    let out = env
        .twenv()
        .args(["current", "--verify"])
        .env("TWILIO_ACCOUNT_SID", AC)
        .env("TWILIO_AUTH_TOKEN", TOKEN)
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_token_nowhere(&env, &out);
}

/// Drives `twenv` on a pseudo-terminal with Python's pty module: waits for
/// each prompt (and, for a hidden one, until echo is off), types the answer,
/// and prints the whole terminal transcript.
const PTY_DRIVER: &str = r#"
import os, pty, select, sys, termios, time
steps = [l.split("\t", 2) for l in sys.stdin.read().splitlines() if l]
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b""
def pump(timeout):
    global out
    r, _, _ = select.select([fd], [], [], timeout)
    if not r:
        return True
    try:
        data = os.read(fd, 4096)
    except OSError:
        return False
    out += data
    return bool(data)
pos = 0
for prompt, hidden, answer in steps:
    deadline = time.time() + 20
    while out.find(prompt.encode(), pos) < 0 and time.time() < deadline:
        if not pump(0.05):
            break
    pos = out.find(prompt.encode(), pos) + len(prompt)
    if hidden == "hidden":
        while termios.tcgetattr(fd)[3] & termios.ECHO and time.time() < deadline:
            time.sleep(0.01)
    os.write(fd, answer.encode() + b"\n")
deadline = time.time() + 30
while time.time() < deadline and pump(0.1):
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(out)
sys.exit(os.waitstatus_to_exitcode(status))
"#;

pub fn run_on_pty(env: &TestEnv, args: &[&str], steps: &[(&str, bool, &str)]) -> (i32, String) {
    let python = require("python3").expect("checked by caller");
    let script: String = steps
        .iter()
        .map(|(p, hidden, a)| format!("{p}\t{}\t{a}\n", if *hidden { "hidden" } else { "shown" }))
        .collect();
    let mut child = env
        .std_command(python)
        .arg("-c")
        .arg(PTY_DRIVER)
        .arg(twenv_bin())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3");
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(script.as_bytes())
        .expect("steps");
    for (_, hidden, answer) in steps {
        if *hidden {
            env.secrets().add(answer, Kind::AuthToken);
        }
    }
    let out = child.wait_with_output().expect("pty driver");
    env.assert_no_leak(args, &out.stdout, &out.stderr);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
#[cfg_attr(missing = "python3", ignore = "python3 is not installed")]
fn interactive_login_asks_sid_token_identifier_and_hides_the_token() {
    let (env, fake) = setup();
    if require("python3").is_none() {
        return;
    }
    let (code, transcript) = run_on_pty(
        &env,
        &["login", "--storage", "file"],
        &[
            ("Your Account SID:", false, "ACnot-a-sid"),
            ("Your Account SID:", false, AC),
            ("Your Auth Token", true, TOKEN),
            ("identifier", false, "dev"),
        ],
    );
    assert_eq!(code, 0, "{transcript}");
    let at = |needle: &str| {
        transcript
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in {transcript}"))
    };
    assert!(at("used once") < at("Your Account SID:"));
    assert!(at("Your Account SID:") < at("Your Auth Token"));
    assert!(at("Your Auth Token") < at("identifier"));
    assert!(transcript.contains("Try again"), "{transcript}");
    assert!(
        transcript.contains(AC),
        "a visible answer echoes: {transcript}"
    );
    assert!(
        !transcript.contains(TOKEN),
        "the token was echoed: {transcript}"
    );
    assert!(transcript.contains("Saved profile 'dev'"), "{transcript}");
    assert_eq!(fake.keys().len(), 1);
    assert!(env.read_config().contains("dev:"));
    assert!(env.files_containing(TOKEN).is_empty());
}

#[test]
#[cfg_attr(missing = "python3", ignore = "python3 is not installed")]
fn interactive_login_with_p_skips_the_identifier_and_remove_asks_for_the_token() {
    let (env, fake) = setup();
    if require("python3").is_none() {
        return;
    }
    let (code, transcript) = run_on_pty(
        &env,
        &["login", "-p", "work", "--storage", "file"],
        &[
            ("Your Account SID:", false, AC),
            ("Your Auth Token", true, TOKEN),
        ],
    );
    assert_eq!(code, 0, "{transcript}");
    assert!(!transcript.contains("identifier"), "{transcript}");
    assert!(!transcript.contains(TOKEN));
    assert!(env.read_config().contains("work:"));

    let (code, transcript) = run_on_pty(
        &env,
        &["remove", "work", "--delete-key"],
        &[("[y/N]", false, "y"), ("Auth Token", true, TOKEN)],
    );
    assert_eq!(code, 0, "{transcript}");
    assert!(!transcript.contains(TOKEN), "{transcript}");
    assert_eq!(fake.deleted().len(), 1);
    assert!(fake.keys().is_empty());
    assert!(!env.read_config().contains("work:"));
}

/// Prism serving one of Twilio's official OpenAPI descriptions (the 2010
/// API by default), rejecting any request that breaks it (`--errors`).
pub struct Prism {
    child: Child,
    pub port: u16,
}

impl Prism {
    fn start() -> Option<Prism> {
        Prism::serve("twilio_api_v2010.json")
    }

    /// Prism for `spec`, a file of `../shared/twilio-oai/`.
    pub fn serve(spec: &str) -> Option<Prism> {
        let prism = require("prism")?;
        let spec = require("twilio-openapi")?.join(spec);
        assert!(
            spec.is_file(),
            "no {} in the probed directory",
            spec.display()
        );
        let port = {
            let l = TcpListener::bind("127.0.0.1:0").expect("bind");
            l.local_addr().expect("addr").port()
        };
        let child = StdCommand::new(prism)
            .args([
                "mock",
                "-h",
                "127.0.0.1",
                "-p",
                &port.to_string(),
                "--errors",
            ])
            .arg(&spec)
            .env_clear()
            .env("PATH", SYSTEM_PATH)
            .env("HOME", std::env::temp_dir())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start prism");
        let prism = Prism { child, port };
        let deadline = Instant::now() + Duration::from_secs(90);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "prism did not start listening");
            std::thread::sleep(Duration::from_millis(200));
        }
        Some(prism)
    }

    /// The status line Prism answers to a raw request.
    pub fn raw_status(&self, request: &str) -> String {
        let mut conn = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        conn.write_all(request.as_bytes()).expect("send");
        let mut reply = String::new();
        let _ = conn.read_to_string(&mut reply);
        reply.lines().next().unwrap_or_default().to_string()
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
#[cfg_attr(
    any(missing = "prism", missing = "twilio-openapi"),
    ignore = "needs prism and Twilio's OpenAPI description"
)]
fn contract_login_verify_and_delete_against_twilios_openapi_description() {
    let Some(prism) = Prism::start() else {
        return;
    };
    // Prism must reject what breaks the description, or this test proves nothing.
    let path = format!("/2010-04-01/Accounts/{AC}/Keys.json");
    let no_auth = prism.raw_status(&format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: 14\r\nConnection: close\r\n\r\nFriendlyName=x"
    ));
    assert!(no_auth.contains("401"), "{no_auth}");
    let json_body = prism.raw_status(&format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Basic QUM6eA==\r\n\
         Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
    ));
    assert!(json_body.contains("415"), "{json_body}");
    let bad_sid = prism.raw_status(
        "GET /2010-04-01/Accounts/ACnot-hex.json HTTP/1.1\r\nHost: x\r\n\
         Authorization: Basic QUM6eA==\r\nConnection: close\r\n\r\n",
    );
    assert!(bad_sid.contains("422"), "{bad_sid}");

    let mut env = TestEnv::new();
    env.set_var("TWENV_API_URL", format!("http://127.0.0.1:{}", prism.port));
    env.set_var("USER", "tester");
    let out = login(&env, "dev", TOKEN, &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let config = env.read_config();
    assert!(config.contains("api_key: SK"), "{config}");

    let out = env
        .twenv()
        .args(["current", "-p", "dev", "--verify"])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr_of(&out));

    let out = remove_deleting_key(&env, "dev", TOKEN);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_token_nowhere(&env, &out);
}

#[test]
#[cfg_attr(missing = "python3", ignore = "python3 is not installed")]
fn questions_on_a_terminal_change_nothing_unless_answered_yes() {
    let (env, fake) = setup();
    if require("python3").is_none() {
        return;
    }
    env.add_profile("dev", AC, SK, "kept-secret-value");
    let before = env.read_config();

    let (code, transcript) = run_on_pty(&env, &["remove", "dev"], &[("[y/N]", false, "n")]);
    assert_eq!(code, 1, "{transcript}");
    assert!(transcript.contains("nothing removed"), "{transcript}");
    assert_eq!(env.read_config(), before);
    assert_eq!(env.files_containing("kept-secret-value").len(), 1);

    let (code, transcript) = run_on_pty(
        &env,
        &[
            "login",
            "-p",
            "dev",
            "--account-sid",
            AC,
            "--storage",
            "file",
        ],
        &[("Replace it?", false, "")],
    );
    assert_eq!(code, 1, "{transcript}");
    assert!(transcript.contains("left as it was"), "{transcript}");
    assert_eq!(env.read_config(), before);
    assert!(
        fake.requests().is_empty(),
        "a refused replacement called Twilio"
    );
}

#[test]
fn ctrl_c_while_the_key_is_being_created_leaves_no_orphan_key() {
    use std::os::unix::process::ExitStatusExt;
    use std::sync::{Arc, Mutex};
    let (env, fake) = setup();
    let pid = Arc::new(Mutex::new(None::<i32>));
    {
        let pid = pid.clone();
        fake.on_create_key(move || {
            if let Some(pid) = *pid.lock().unwrap() {
                // SAFETY: sends a signal to the twenv child this test started.
                unsafe { libc::kill(pid, libc::SIGINT) };
                // Give the signal time to land before the reply is sent.
                std::thread::sleep(Duration::from_millis(200));
            }
        });
    }
    let mut child = env
        .std_command(twenv_bin())
        .args([
            "login",
            "-p",
            "dev",
            "--account-sid",
            AC,
            "--auth-token-stdin",
        ])
        .args(["--storage", "file"])
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
    env.assert_no_leak(&["login", "--auth-token-stdin"], &out.stdout, &out.stderr);
    // The interrupt takes effect, but only once the profile is whole.
    assert_eq!(
        out.status.signal(),
        Some(libc::SIGINT),
        "{}",
        stderr_of(&out)
    );
    let keys = fake.keys();
    assert_eq!(keys.len(), 1, "{keys:?}");
    let key = keys.keys().next().unwrap();
    assert!(
        env.read_config().contains(key.as_str()),
        "the key at Twilio is in no profile: {}",
        env.read_config()
    );
    assert!(credentials(&env).contains(key.as_str()));
}

#[test]
fn bad_input_is_exit_2_even_without_a_keyring() {
    let (env, fake) = setup(); // no D-Bus session: the keyring is unreachable
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
        .write_stdin("short-token\n")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("Auth Token"),
        "{}",
        stderr_of(&out)
    );
    assert!(fake.requests().is_empty());
}

/// The machine's name, found independently of the code under test.
fn this_host() -> String {
    #[cfg(target_os = "linux")]
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").expect("hostname");
    #[cfg(not(target_os = "linux"))]
    let host = String::from_utf8(
        std::process::Command::new("hostname")
            .output()
            .expect("hostname")
            .stdout,
    )
    .expect("hostname is UTF-8");
    host
}
