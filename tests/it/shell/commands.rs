//! `exec`, `export`, `prompt` and the errors of `use`, against the real binary.

use std::collections::BTreeMap;
use std::fs;

use super::*;

/// Values that break naive formats: quotes, backslashes (also trailing),
/// newlines, `$`/`${…}` that must not expand, non-ASCII.
const NASTY: [(&str, &str); 6] = [
    ("X_QUOTES", "it's \"quoted\" `x`"),
    ("X_BACKSLASH", "C:\\path\\"),
    ("X_LINES", "line one\nline two\n\nend"),
    ("X_DOLLAR", "$HOME ${HOME} $(touch pwned)"),
    ("X_UNICODE", "日本 🦀 é\t"),
    ("X_EMPTY", ""),
];

fn nasty_profile(env: &TestEnv) -> ProfileSpec {
    let mut dev = ProfileSpec::new("dev", 1, "s3cret\\\"'$x");
    dev.env = NASTY
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    write_profiles(env, &[&dev], None);
    dev
}

/// The variables a profile should hand on, as `export` prints them.
fn expected_vars(p: &ProfileSpec) -> BTreeMap<String, String> {
    p.apply(&BTreeMap::new())
}

#[test]
fn exec_replaces_itself_with_the_profile_environment() {
    let mut env = TestEnv::new();
    let mut dev = ProfileSpec::new("dev", 1, "dev-secret");
    dev.env = vec![("X_A".into(), "a\nb".into())];
    write_profiles(&env, &[&dev], None);
    // The parent's other credentials must not leak into CMD.
    for (k, v) in [
        ("TWILIO_AUTH_TOKEN", "parent-token"),
        ("TWILIO_REGION", "au1"),
        ("TWILIO_EDGE", "sydney"),
        ("TWILIO_API_SECRET", "parent-secret"),
        ("UNRELATED", "kept"),
    ] {
        env.set_var(k, v);
    }
    let dump = env.tmp.path().join("env");
    let child = env
        .std_command(twenv_bin())
        .args(["exec", "-p", "dev", "--", "sh", "-c"])
        .arg(format!(
            "echo $$; /usr/bin/env -0 > {}; exit 7",
            quote_posix(&dump.display().to_string())
        ))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(7), "CMD's exit status is twenv's");
    assert_eq!(stdout_of(&out).trim(), pid.to_string(), "same process ID");
    let got = read_env_dump(&dump);
    for (k, v) in expected_vars(&dev) {
        assert_eq!(got.get(&k), Some(&v), "{k}");
    }
    for gone in ["TWILIO_AUTH_TOKEN", "TWILIO_REGION", "TWILIO_EDGE"] {
        assert!(!got.contains_key(gone), "{gone} leaked into CMD: {got:?}");
    }
    assert_eq!(got.get("UNRELATED").map(String::as_str), Some("kept"));
}

#[test]
fn exec_without_p_uses_the_active_profile_and_passes_arguments_verbatim() {
    let env = TestEnv::new();
    let dev = ProfileSpec::new("dev", 1, "dev-secret");
    write_profiles(&env, &[&dev], Some("dev"));
    let out = env
        .twenv()
        .args(["exec", "--", "printf", "[%s]", "-p", "a b", "$HOME"])
        .output()
        .unwrap();
    assert_eq!(stdout_of(&out), "[-p][a b][$HOME]", "{}", stderr_of(&out));
    let out = env
        .twenv()
        .args([
            "exec",
            "--",
            "sh",
            "-c",
            "echo \"$TWENV_PROFILE $TWILIO_API_SECRET\"",
        ])
        .output()
        .unwrap();
    assert_eq!(stdout_of(&out), "dev dev-secret\n");
}

#[test]
fn exec_of_a_missing_command_says_so() {
    let env = TestEnv::new();
    write_profiles(&env, &[&ProfileSpec::new("dev", 1, "dev-secret")], None);
    let out = env
        .twenv()
        .args(["exec", "-p", "dev", "--", "no-such-command-xyz", "arg"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(127), "127 as env gives it");
    let err = stderr_of(&out);
    assert!(
        err.contains("no-such-command-xyz") && err.contains("PATH"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

/// The dotenv grammar of DESIGN §10, read back by hand: `NAME="value"`, where
/// inside the quotes `\` escapes the next character and `\n` is a newline.
fn parse_dotenv(text: &str) -> BTreeMap<String, String> {
    let mut vars = BTreeMap::new();
    for line in text.lines() {
        let (name, rest) = line.split_once('=').expect("NAME=");
        let inner = rest
            .strip_prefix('"')
            .and_then(|r| r.strip_suffix('"'))
            .unwrap_or_else(|| panic!("not double-quoted: {line:?}"));
        let mut value = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('n') => value.push('\n'),
                    Some('r') => value.push('\r'),
                    Some(c @ ('"' | '\\')) => value.push(c),
                    other => panic!("unknown escape \\{other:?} in {line:?}"),
                },
                '"' => panic!("unescaped quote in {line:?}"),
                c => value.push(c),
            }
        }
        vars.insert(name.to_string(), value);
    }
    vars
}

/// The `$GITHUB_ENV` syntax read back as the runner does.
fn parse_github(text: &str) -> BTreeMap<String, String> {
    let mut vars = BTreeMap::new();
    let mut lines = text.split('\n');
    while let Some(line) = lines.next() {
        if line.is_empty() {
            continue;
        }
        if let Some((name, delimiter)) = line.split_once("<<") {
            let mut value = Vec::new();
            for l in lines.by_ref() {
                if l == delimiter {
                    break;
                }
                value.push(l);
            }
            vars.insert(name.to_string(), value.join("\n"));
        } else {
            let (name, value) = line.split_once('=').expect("NAME=value");
            vars.insert(name.to_string(), value.to_string());
        }
    }
    vars
}

#[test]
fn export_formats_parse_back_to_the_profile_variables() {
    let env = TestEnv::new();
    let dev = nasty_profile(&env);
    let expected = expected_vars(&dev);
    let export = |format: &str| {
        let out = env
            .twenv()
            .args(["export", "-p", "dev", "--format", format])
            .output()
            .unwrap();
        // dotenv warns about the trailing backslash python-dotenv cannot read.
        if format == "dotenv" {
            assert!(out.status.success(), "{}", stderr_of(&out));
        } else {
            assert_ran(&out, format);
        }
        stdout_of(&out)
    };
    let json: BTreeMap<String, String> = serde_json::from_str(&export("json")).unwrap();
    assert_eq!(json, expected, "json");
    assert_eq!(parse_dotenv(&export("dotenv")), expected, "dotenv");
    assert_eq!(parse_github(&export("github")), expected, "github");
    for format in ["json", "dotenv", "github"] {
        assert!(!export(format).contains("TWILIO_AUTH_TOKEN"), "{format}");
    }
    assert!(!env.home.join("pwned").exists());
}

#[test]
fn export_without_p_uses_this_shells_credentials() {
    let mut env = TestEnv::new();
    let dev = ProfileSpec::new("dev", 1, "dev-secret");
    write_profiles(&env, &[&dev], None);
    // As after `twenv use dev`: the environment carries the credentials.
    for (k, v) in expected_vars(&dev) {
        env.set_var(&k, v);
    }
    let out = env
        .twenv()
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    assert_ran(&out, "export");
    let json: BTreeMap<String, String> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json, expected_vars(&dev));
    // An Auth Token is never exported.
    let mut env = TestEnv::new();
    write_profiles(&env, &[&dev], None);
    env.set_var("TWILIO_ACCOUNT_SID", &dev.account_sid);
    env.set_var("TWILIO_AUTH_TOKEN", "0123456789abcdef0123456789abcdef");
    let out = env
        .twenv()
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(stderr_of(&out).contains("-p ID"), "{}", stderr_of(&out));
}

#[test]
fn a_nul_byte_is_refused_with_exit_2_everywhere() {
    let env = TestEnv::new();
    let mut dev = ProfileSpec::new("dev", 1, "dev-secret");
    dev.env = vec![("X_NUL".into(), "a\0b".into())];
    write_profiles(&env, &[&dev], None);
    for args in [
        &["use", "dev", "--shell", "bash"][..],
        &["use", "dev", "--shell", "fish"],
        &["use", "dev", "--shell", "nu"],
        &["export", "-p", "dev", "--format", "json"],
        &["exec", "-p", "dev", "--", "true"],
    ] {
        let out = env.twenv().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr_of(&out));
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(stderr_of(&out).contains("NUL"), "{args:?}");
    }
}

#[test]
fn use_without_a_stored_secret_names_the_store_and_the_fix() {
    let env = TestEnv::new();
    write_profiles(&env, &[&ProfileSpec::new("dev", 1, "dev-secret")], None);
    fs::write(env.config_dir().join("credentials.yaml"), "secrets: {}\n").unwrap();
    let out = env
        .twenv()
        .args(["use", "dev", "--shell", "bash"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = stderr_of(&out);
    assert!(
        err.contains("credentials.yaml") && err.contains("twenv login -p dev --force"),
        "{err}"
    );
}

#[test]
fn use_refuses_bad_and_unknown_profiles() {
    let env = TestEnv::new();
    write_profiles(&env, &[&ProfileSpec::new("dev", 1, "dev-secret")], None);
    let out = env.twenv().args(["use", "bad/id"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = env.twenv().args(["use", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    // A hand-edited config with a reserved extra variable is refused, not exported.
    let mut dev = ProfileSpec::new("dev", 1, "dev-secret");
    dev.env = vec![("TWENV_SHELL".into(), "x".into())];
    write_profiles(&env, &[&dev], None);
    let out = env.twenv().args(["use", "dev"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
}

#[test]
fn prompt_prints_the_profile_or_nothing() {
    let mut env = TestEnv::new();
    let out = env.twenv().arg("prompt").output().unwrap();
    assert_ran(&out, "prompt");
    assert!(out.stdout.is_empty());
    env.set_var("TWENV_PROFILE", "client.acme-prod");
    let out = env.twenv().arg("prompt").output().unwrap();
    assert_eq!(stdout_of(&out), "client.acme-prod\n");
}

#[test]
fn exec_from_a_shell_using_another_profile_drops_its_extra_variables() {
    let mut env = TestEnv::new();
    let mut dev = ProfileSpec::new("dev", 1, "dev-secret");
    dev.env = vec![("TWILIO_PHONE_NUMBER".into(), "+1dev".into())];
    let prod = ProfileSpec::new("prod", 2, "prod-secret");
    write_profiles(&env, &[&dev, &prod], None);
    for (k, v) in dev.apply(&BTreeMap::new()) {
        env.set_var(&k, v);
    }
    let out = env
        .twenv()
        .args(["exec", "-p", "prod", "--", "/usr/bin/env"])
        .output()
        .unwrap();
    assert_ran(&out, "exec");
    let got = stdout_of(&out);
    assert!(got.contains("TWENV_PROFILE=prod\n"), "{got}");
    assert!(got.contains("TWILIO_API_SECRET=prod-secret\n"), "{got}");
    assert!(!got.contains("TWILIO_PHONE_NUMBER"), "{got}");
}

/// The dotenv output read by python-dotenv itself (Debian's python3-dotenv),
/// without `${…}` interpolation as DESIGN §10 says.
#[test]
#[cfg_attr(missing = "python3-dotenv", ignore = "python3-dotenv is not installed")]
fn python_dotenv_reads_the_dotenv_export_exactly() {
    let env = TestEnv::new();
    let Some(python) = require("python3-dotenv") else {
        return;
    };
    // Every nasty value but a trailing backslash, which python-dotenv's
    // grammar cannot hold (checked for its warning below).
    let mut dev = ProfileSpec::new("dev", 1, "s3cret\\\"'$x");
    dev.env = NASTY
        .iter()
        .map(|(k, v)| (k.to_string(), v.trim_end_matches('\\').to_string()))
        .collect();
    write_profiles(&env, &[&dev], None);
    let out = env
        .twenv()
        .args(["export", "-p", "dev", "--format", "dotenv"])
        .output()
        .unwrap();
    assert_ran(&out, "dotenv");
    let read = env
        .command(&python)
        .args([
            "-c",
            "import dotenv, io, json, sys\n\
             values = dotenv.dotenv_values(stream=io.StringIO(sys.stdin.read()), interpolate=False)\n\
             print(json.dumps(values))",
        ])
        .write_stdin(out.stdout)
        .output()
        .unwrap();
    assert!(read.status.success(), "{}", stderr_of(&read));
    let parsed: BTreeMap<String, String> = serde_json::from_slice(&read.stdout).unwrap();
    assert_eq!(parsed, expected_vars(&dev));

    let dev = nasty_profile(&env);
    let out = env
        .twenv()
        .args(["export", "-p", "dev", "--format", "dotenv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        stderr_of(&out).contains("X_BACKSLASH ends with a backslash"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(parse_dotenv(&stdout_of(&out)), expected_vars(&dev));
}

/// Issue 11: carriage returns, alone and in CRLF, through dotenv (read by
/// python-dotenv where it is installed, else by the grammar above) and the
/// `$GITHUB_ENV` heredoc (read as the Linux runner reads it: the bytes
/// before the `\n` that precedes the delimiter line).
#[test]
#[cfg_attr(missing = "python3-dotenv", ignore = "python3-dotenv is not installed")]
fn carriage_returns_round_trip_through_dotenv_and_github() {
    let env = TestEnv::new();
    let mut dev = ProfileSpec::new("dev", 1, "crSecret0123456789");
    dev.env = [
        ("X_CR", "a\rb"),
        ("X_CRLF", "one\r\ntwo\r\n"),
        ("X_TRAILING_CR", "end\r"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    write_profiles(&env, &[&dev], None);
    let expected = expected_vars(&dev);
    let export = |format: &str| {
        let out = env
            .twenv()
            .args(["export", "-p", "dev", "--format", format])
            .output()
            .unwrap();
        assert_ran(&out, format);
        out.stdout
    };
    let dotenv = String::from_utf8(export("dotenv")).unwrap();
    assert!(
        !dotenv.contains('\r'),
        "a raw CR in the .env file: {dotenv:?}"
    );
    assert_eq!(parse_dotenv(&dotenv), expected);
    let python = require("python3-dotenv").expect("checked by require");
    let read = env
        .command(&python)
        .args([
            "-c",
            "import dotenv, io, json, sys\n\
             text = sys.stdin.buffer.read().decode()\n\
             print(json.dumps(dotenv.dotenv_values(stream=io.StringIO(text), interpolate=False)))",
        ])
        .write_stdin(dotenv.clone())
        .output()
        .unwrap();
    assert!(read.status.success(), "{}", stderr_of(&read));
    let parsed: BTreeMap<String, String> = serde_json::from_slice(&read.stdout).unwrap();
    assert_eq!(parsed, expected, "python-dotenv");
    let github = String::from_utf8(export("github")).unwrap();
    let mut vars = BTreeMap::new();
    let mut rest = github.as_str();
    while let Some((line, after)) = rest.split_once('\n') {
        rest = after;
        if let Some((name, delimiter)) = line.split_once("<<") {
            let close = format!("\n{delimiter}\n");
            let end = rest.find(&close).expect("the closing delimiter");
            vars.insert(name.to_string(), rest[..end].to_string());
            rest = &rest[end + close.len()..];
        } else {
            let (name, value) = line.split_once('=').expect("NAME=value");
            vars.insert(name.to_string(), value.to_string());
        }
    }
    assert_eq!(vars, expected, "github");
}

/// Issue 11: on a GitHub runner the secret is masked, on stderr only.
#[test]
fn github_format_masks_the_secret_on_stderr_on_a_runner_only() {
    let mut env = TestEnv::new();
    let dev = ProfileSpec::new("dev", 1, "maskMe0123456789");
    write_profiles(&env, &[&dev], None);
    let run = |env: &TestEnv, format: &str| {
        let out = env
            .twenv()
            .args(["-q", "export", "-p", "dev", "--format", format])
            .output()
            .unwrap();
        assert!(out.status.success(), "{format}: {}", stderr_of(&out));
        (stdout_of(&out), stderr_of(&out))
    };
    let (stdout, stderr) = run(&env, "github");
    assert!(!stderr.contains("add-mask"), "not a runner: {stderr}");
    assert!(stdout.contains("TWILIO_API_SECRET=maskMe0123456789\n"));
    env.set_var("GITHUB_ACTIONS", "true");
    let (stdout, stderr) = run(&env, "github");
    assert_eq!(stderr, "::add-mask::maskMe0123456789\n");
    assert!(
        !stdout.contains("::"),
        "a workflow command in the env file: {stdout}"
    );
    let (_, stderr) = run(&env, "dotenv");
    assert!(
        !stderr.contains("add-mask"),
        "dotenv is not for the runner: {stderr}"
    );
}
