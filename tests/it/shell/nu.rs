//! Nushell (DESIGN §16): the module of `twenv init nu`, run by the real `nu`.
//! It has no eval: `twenv use` takes a record from the binary and applies it
//! with load-env / hide-env. The round trip of hostile values is in
//! `roundtrip` (with the other shells); here is what is Nushell's own.

use std::fs;

use super::*;

const DEV_SECRET: &str = "dev-S3CRET-'q'\"$x\\(y)";
const PROD_SECRET: &str = "prod-S3CRET-`z`";

fn nu() -> Option<PathBuf> {
    Sh::Nu.path()
}

fn two_profiles(env: &TestEnv) {
    let mut dev = ProfileSpec::new("dev", 1, DEV_SECRET);
    dev.env = vec![("TWILIO_PHONE_NUMBER".into(), "+15005550006".into())];
    dev.region = Some("ie1".into());
    let prod = ProfileSpec::new("prod", 2, PROD_SECRET);
    write_profiles(env, &[&dev, &prod], None);
}

/// A nu line that appends `NAME=value` or `NAME unset` for each name to `file`,
/// as this shell sees them. A null counts as unset: where nu cannot hide a
/// variable (see `__twenv_still_set` in the module) a null stands in, which no
/// child process is given.
fn record(names: &[&str], file: &Path) -> String {
    format!(
        "[{}] | each {{|v| let x = ($env | get --optional $v); \
         if $x != null {{ $\"($v)=($x)\\n\" }} else {{ $\"($v) unset\\n\" }} }} \
         | str join | save --append {}\n",
        names.join(" "),
        quote_posix(&file.display().to_string())
    )
}

#[test]
#[cfg_attr(missing = "nu", ignore = "nu is not installed")]
fn module_loads_silently_twice_and_passes_the_ide_check() {
    let Some(nu) = nu() else { return };
    let env = TestEnv::new();
    // `run` loads the module once; this loads it again.
    let dump = env.tmp.path().join("dump");
    let script = format!("use {} *\n{}", nu_module(&env), Sh::Nu.dump_env(&dump));
    let out = Sh::Nu.run(&nu, &env, &script);
    assert_ran(&out, "loading the module twice");
    assert!(out.stdout.is_empty(), "{}", stdout_of(&out));
    // Not exported: a child shell of another kind must not think it is nu.
    let exported = read_env_dump(&dump);
    assert!(!exported.contains_key("TWENV_SHELL"), "{exported:?}");

    let module = env.tmp.path().join("nu-module/twenv.nu");
    let out = env
        .std_command(&nu)
        .args(["--no-config-file", "--ide-check", "1000"])
        .arg(&module)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let diagnostics = stdout_of(&out);
    assert!(
        !diagnostics.contains("\"diagnostic\""),
        "nu --ide-check: {diagnostics}"
    );
    let text = fs::read_to_string(&module).unwrap();
    assert!(!text.contains("__TWENV_BIN__"), "{text}");
    assert!(text.contains("export def --env --wrapped main"), "{text}");
}

#[test]
#[cfg_attr(missing = "nu", ignore = "nu is not installed")]
fn use_switches_this_shell_and_unuse_restores_it() {
    let Some(nu) = nu() else { return };
    let mut env = TestEnv::new();
    env.set_var("TWILIO_AUTH_TOKEN", "a-stray-token");
    two_profiles(&env);
    let log = env.tmp.path().join("log");
    let names = [
        "TWILIO_API_SECRET",
        "TWILIO_AUTH_TOKEN",
        "TWILIO_REGION",
        "TWILIO_PHONE_NUMBER",
        "TWENV_PROFILE",
    ];
    let mut script = String::new();
    for step in ["use dev", "use prod", "unuse", "use dev", "deactivate"] {
        script.push_str(&format!("twenv {step}\n"));
        script.push_str(&format!(
            "'# {step}\n' | save --append {}\n",
            quote_posix(&log.display().to_string())
        ));
        script.push_str(&record(&names, &log));
    }
    // Every other command reaches the binary unchanged, its output a value.
    script.push_str("print (twenv list -o json | from json | get id | str join ',')\n");
    let out = Sh::Nu.run(&nu, &env, &script);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(!stderr_of(&out).contains("S3CRET"), "{}", stderr_of(&out));
    let dev = format!(
        "TWILIO_API_SECRET={DEV_SECRET}\nTWILIO_AUTH_TOKEN unset\nTWILIO_REGION=ie1\n\
         TWILIO_PHONE_NUMBER=+15005550006\nTWENV_PROFILE=dev\n"
    );
    let prod = format!(
        "TWILIO_API_SECRET={PROD_SECRET}\nTWILIO_AUTH_TOKEN unset\nTWILIO_REGION unset\n\
         TWILIO_PHONE_NUMBER unset\nTWENV_PROFILE=prod\n"
    );
    let none = "TWILIO_API_SECRET unset\nTWILIO_AUTH_TOKEN=a-stray-token\nTWILIO_REGION unset\n\
                TWILIO_PHONE_NUMBER unset\nTWENV_PROFILE unset\n";
    let expected = format!(
        "# use dev\n{dev}# use prod\n{prod}# unuse\n{none}# use dev\n{dev}# deactivate\n{none}"
    );
    assert_eq!(fs::read_to_string(&log).unwrap(), expected);
    assert_eq!(stdout_of(&out), "dev,prod\n");
}

/// As in every other shell: `unuse` in a shell that never ran `use` says so,
/// changes nothing and succeeds; after a `use` and `unuse`, a second `unuse`
/// says it again.
#[test]
#[cfg_attr(missing = "nu", ignore = "nu is not installed")]
fn unuse_with_nothing_to_undo_says_so_and_succeeds() {
    let Some(nu) = nu() else { return };
    let mut env = TestEnv::new();
    env.set_var("TWILIO_REGION", "kept");
    two_profiles(&env);
    let script = "twenv unuse
print $\"region=($env.TWILIO_REGION)\"
\
                  twenv use dev
twenv unuse
twenv unuse
print $\"region=($env.TWILIO_REGION)\"
";
    let out = Sh::Nu.run(&nu, &env, script);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(stdout_of(&out), "region=kept\nregion=kept\n");
    let note = "twenv: nothing to undo: `twenv use` has not changed this shell\n";
    let stderr = stderr_of(&out);
    assert_eq!(stderr.matches(note).count(), 2, "{stderr}");
    assert!(!stderr.contains("S3CRET"), "{stderr}");
}

/// The bookkeeping holds what the first `use` replaced, an earlier secret
/// among it; Nushell passes only strings to child processes, and it is a record.
#[test]
#[cfg_attr(missing = "nu", ignore = "nu is not installed")]
fn bookkeeping_holds_the_old_secret_but_no_child_ever_sees_it() {
    let Some(nu) = nu() else { return };
    let mut env = TestEnv::new();
    env.set_var("TWILIO_API_SECRET", "ORIG-S3CRET");
    two_profiles(&env);
    let dump = env.tmp.path().join("dump");
    let child = env.tmp.path().join("child");
    let script = format!(
        "twenv use dev\n{}\
         ^{} --no-config-file -c '$env | columns | str join \"\\n\"' o> {}\n\
         $env.__twenv_saved.values.TWILIO_API_SECRET\n",
        Sh::Nu.dump_env(&dump),
        quote_posix(&nu.display().to_string()),
        quote_posix(&child.display().to_string()),
    );
    let out = Sh::Nu.run(&nu, &env, &script);
    assert_ran(&out, "use dev");
    // The bookkeeping is there, with the old value, so the test can fail.
    assert_eq!(stdout_of(&out), "ORIG-S3CRET\n");
    let exported = read_env_dump(&dump);
    assert_eq!(exported["TWILIO_API_SECRET"], DEV_SECRET);
    assert!(
        exported
            .iter()
            .all(|(k, v)| !k.starts_with("__twenv") && !v.contains("ORIG-S3CRET")),
        "the bookkeeping reached a child: {exported:?}"
    );
    let child_names = fs::read_to_string(&child).unwrap();
    assert!(
        child_names.contains("TWILIO_API_SECRET") && !child_names.contains("__twenv"),
        "{child_names}"
    );
}

#[test]
#[cfg_attr(missing = "nu", ignore = "nu is not installed")]
fn prompt_info_gives_what_twenv_prompt_prints_without_a_process() {
    let Some(nu) = nu() else { return };
    let env = TestEnv::new();
    two_profiles(&env);
    let bin = quote_posix(&twenv_bin().display().to_string());
    let run = |script: &str| {
        let out = Sh::Nu.run(&nu, &env, script);
        assert_ran(&out, script);
        stdout_of(&out)
    };
    assert_eq!(run("twenv_prompt_info"), "");
    assert_eq!(run(&format!("^{bin} prompt")), "");
    // With no PATH, no program can start: the helper still answers.
    let info = run("twenv use dev\nwith-env {PATH: []} { twenv_prompt_info }");
    let printed = run(&format!("twenv use dev\n^{bin} prompt"));
    assert_eq!(printed, "dev\n");
    assert_eq!(info, printed);
    // In a prompt closure it is a plain string, without the newline.
    assert_eq!(run("twenv use dev\n$\"[(twenv_prompt_info)]\""), "[dev]\n");
    let body = run("view source twenv_prompt_info");
    assert!(body.contains("TWENV_PROFILE"), "{body}");
    assert!(
        !body.contains('^') && !body.contains("TWENV_BIN"),
        "twenv_prompt_info runs a program: {body}"
    );
}

#[test]
#[cfg_attr(missing = "nu", ignore = "nu is not installed")]
fn failures_stop_the_command_pass_the_status_on_and_change_nothing() {
    let Some(nu) = nu() else { return };
    let env = TestEnv::new();
    let mut nul = ProfileSpec::new("nul", 3, "nul-S3CRET");
    nul.env = vec![("X_NUL".into(), "a\0b".into())];
    let dev = ProfileSpec::new("dev", 1, DEV_SECRET);
    write_profiles(&env, &[&dev, &nul], None);
    let dumps = env.tmp.path();
    for (attempt, status, says) in [
        ("twenv use nosuch", 1, "nosuch"),
        ("twenv use nul", 2, "NUL"),
        // Not a record: the parse error would quote the secret; it must not.
        ("twenv use dev --shell bash", 1, "no record for Nushell"),
    ] {
        let script = format!(
            "{}twenv use dev\n{}try {{ {attempt} }}\n{}{attempt}\n'not reached'\n",
            Sh::Nu.dump_env(&dumps.join("0")),
            Sh::Nu.dump_env(&dumps.join("1")),
            Sh::Nu.dump_env(&dumps.join("2")),
        );
        let out = Sh::Nu.run(&nu, &env, &script);
        assert_eq!(
            out.status.code(),
            Some(status),
            "{attempt}: {}",
            stderr_of(&out)
        );
        let stderr = stderr_of(&out);
        assert!(stderr.contains(says), "{attempt}: {stderr}");
        assert!(!stderr.contains("S3CRET"), "{attempt}: {stderr}");
        assert!(out.stdout.is_empty(), "{attempt}: {}", stdout_of(&out));
        // nu itself exports the last status.
        let dump = |n: &str| {
            let mut vars = read_env_dump(&dumps.join(n));
            vars.remove("LAST_EXIT_CODE");
            vars
        };
        assert_eq!(dump("1"), dump("2"), "{attempt} changed the environment");
        assert_ne!(dump("0"), dump("1"));
    }
}

/// Nushell has no `set -x`; its own log, at the most verbose level, is about
/// parsing and must not carry a value either.
#[test]
#[cfg_attr(missing = "nu", ignore = "nu is not installed")]
fn nu_trace_log_never_shows_the_secret() {
    let Some(nu) = nu() else { return };
    let env = TestEnv::new();
    two_profiles(&env);
    let out = Sh::Nu.run_with(
        &nu,
        &env,
        &["--log-level", "trace"],
        "twenv use dev\ntwenv use prod\ntwenv unuse\n",
    );
    assert!(out.status.success(), "{}", stderr_of(&out));
    let all = format!("{}{}", stdout_of(&out), stderr_of(&out));
    assert!(all.contains("TRACE"), "no trace was written: {all}");
    assert!(!all.contains("S3CRET"), "the trace shows a secret");
}

#[test]
#[cfg_attr(
    any(missing = "nu", missing = "script"),
    ignore = "needs nu and script"
)]
fn use_from_nu_defaults_to_nu_and_the_tty_guard_shows_the_module_setup() {
    let Some(nu) = nu() else { return };
    let env = TestEnv::new();
    two_profiles(&env);
    let bin = quote_posix(&twenv_bin().display().to_string());
    // The parent shell is nu: the record, not shell code.
    let out = env
        .std_command(&nu)
        .args([
            "--no-config-file",
            "-c",
            &format!("^{bin} use dev | from json | get about"),
        ])
        .output()
        .unwrap();
    assert_ran(&out, "use dev from nu");
    assert_eq!(
        stdout_of(&out),
        "twenv: switch this nu shell to profile 'dev'\n"
    );

    let Some(script) = require("script") else {
        return;
    };
    for command in ["use dev", "unuse"] {
        let mut env = TestEnv::new();
        two_profiles(&env);
        env.set_var("TWENV_SHELL", "nu");
        env.set_var("SHELL", "/bin/sh");
        let out = env
            .std_command(&script)
            .args(["-qec", &format!("{bin} {command}"), "/dev/null"])
            .output()
            .unwrap();
        let text = stdout_of(&out);
        assert_eq!(out.status.code(), Some(1), "{command}: {text}");
        assert!(!text.contains("S3CRET"), "{command}: {text}");
        assert!(
            text.contains("twenv init nu | save -f ~/.config/nushell/twenv.nu")
                && text.contains("use ~/.config/nushell/twenv.nu *"),
            "{command}: {text}"
        );
    }
}

#[test]
#[cfg_attr(missing = "nu", ignore = "nu is not installed")]
fn init_quotes_an_awkward_binary_path() {
    let Some(nu) = nu() else { return };
    let env = TestEnv::new();
    two_profiles(&env);
    let odd = env.tmp.path().join("it's a $dir \\ (x) '#");
    fs::create_dir_all(&odd).unwrap();
    let bin = odd.join("twenv");
    copy_binary(&bin);
    let out = env.std_command(&bin).args(["init", "nu"]).output().unwrap();
    assert_ran(&out, "init nu");
    let dir = env.tmp.path().join("module");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("twenv.nu"), &out.stdout).unwrap();
    let script = format!(
        "use {} *\ntwenv use dev\n$env.TWENV_PROFILE\n",
        quote_posix(&dir.join("twenv.nu").display().to_string())
    );
    let out = env
        .std_command(&nu)
        .args(["--no-config-file", "-c", &script])
        .output()
        .unwrap();
    assert_ran(&out, "the module with an awkward path");
    assert_eq!(stdout_of(&out), "dev\n");
}

/// A value near the kernel's limit for one environment string (128 KiB),
/// starting with `-`, full of what JSON and nu might trip over.
#[test]
#[cfg_attr(missing = "nu", ignore = "nu is not installed")]
fn a_long_odd_value_arrives_whole() {
    let Some(nu) = nu() else { return };
    let env = TestEnv::new();
    let piece = "-x=\"'$(y)`\\\n\r\t*?[a]{b}#;|日本🦀\u{1}\u{7f}\u{2028}";
    let value: String = piece.repeat(100_000 / piece.len());
    let mut dev = ProfileSpec::new("dev", 1, &value);
    dev.env = vec![("X_LONG".into(), format!("-{value}"))];
    write_profiles(&env, &[&dev], None);
    let dump = env.tmp.path().join("dump");
    let out = Sh::Nu.run(
        &nu,
        &env,
        &format!("twenv use dev\n{}", Sh::Nu.dump_env(&dump)),
    );
    assert_ran(&out, "use dev");
    let vars = read_env_dump(&dump);
    assert!(
        vars["TWILIO_API_SECRET"] == value,
        "the secret changed on the way"
    );
    assert!(
        vars["X_LONG"] == format!("-{value}"),
        "X_LONG changed on the way"
    );
}

/// The completer's engine: what `COMPLETE=nu` answers for the words nu hands over.
#[test]
fn completion_answers_profile_ids_as_nu_records_from_the_config_only() {
    let env = TestEnv::new();
    two_profiles(&env);
    let answer = |words: &[&str]| {
        let out = env
            .twenv()
            .env("COMPLETE", "nu")
            .arg("--")
            .args(words)
            .output()
            .unwrap();
        assert_ran(&out, &words.join(" "));
        let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        list.as_array()
            .expect("a list")
            .iter()
            .map(|c| c["value"].as_str().expect("value").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(answer(&["twenv", "use", ""]), ["dev", "prod"]);
    assert_eq!(answer(&["twenv", "-p", "d"]), ["dev"]);
    assert!(answer(&["twenv", "re"]).contains(&"remove".to_string()));
    let elsewhere = TestEnv::new();
    write_profiles(&elsewhere, &[&ProfileSpec::new("staging", 9, "x")], None);
    let dir = elsewhere.config_dir().display().to_string();
    assert_eq!(
        answer(&["twenv", "--config-dir", &dir, "use", ""]),
        ["staging"]
    );
}
