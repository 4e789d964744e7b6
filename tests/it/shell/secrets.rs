//! Issue 10, "Secrets on screens and in traces": what the hooks hide the
//! evaluated code from (verbose, DEBUG traps, user functions named like the
//! builtins, allexport), and what `unuse` restores beyond values (the export
//! attribute), in the real shells. Issue 11: `unuse` with nothing to undo, and
//! in a shell that inherited its profile.

use std::fs;

use super::*;

const DEV_SECRET: &str = "dev-S3CRET-'q'\"$x\\";
const PROD_SECRET: &str = "prod-S3CRET-`z`";

fn profiles(env: &TestEnv) {
    let mut dev = ProfileSpec::new("dev", 1, DEV_SECRET);
    dev.env = vec![("X_EXTRA".into(), "dev extra".into())];
    dev.region = Some("ie1".into());
    let prod = ProfileSpec::new("prod", 2, PROD_SECRET);
    write_profiles(env, &[&dev, &prod], None);
}

fn path_in(env: &TestEnv, name: &str) -> (PathBuf, String) {
    let path = env.tmp.path().join(name);
    let quoted = quote_posix(&path.display().to_string());
    (path, quoted)
}

fn assert_no_secret(text: &str, what: &str) {
    for secret in [DEV_SECRET, PROD_SECRET, "S3CRET"] {
        assert!(!text.contains(secret), "{what} shows a secret:\n{text}");
    }
}

const SWITCHES: &str = "twenv use dev\ntwenv use prod\ntwenv unuse\ntwenv use dev\n";

#[test]
#[cfg_attr(any(missing = "bash", missing = "zsh"), ignore = "needs bash and zsh")]
fn set_v_never_prints_the_evaluated_code_and_stays_on() {
    for sh in [Sh::Bash, Sh::Zsh] {
        let Some(path) = sh.path() else { continue };
        let env = TestEnv::new();
        profiles(&env);
        let still_on = match sh {
            Sh::Zsh => "[[ -o verbose ]] && echo VERBOSE-STILL-ON",
            _ => "case $- in *v*) echo VERBOSE-STILL-ON ;; esac",
        };
        // `eval` reads its argument as input, which bash echoes under `set -v`.
        let script = format!(
            "{}set -v\n{SWITCHES}eval 'echo proof-verbose-is-on >/dev/null'\n{still_on}\n",
            sh.source_hook()
        );
        let out = sh.run(&path, &env, &script);
        let stderr = stderr_of(&out);
        assert!(out.status.success(), "{}: {stderr}", sh.name());
        if sh == Sh::Bash {
            assert!(
                stderr.contains("proof-verbose-is-on"),
                "bash: verbose did not echo an eval, so the test proves nothing: {stderr}"
            );
        }
        assert_no_secret(&stderr, &format!("{} set -v", sh.name()));
        assert_eq!(stdout_of(&out), "VERBOSE-STILL-ON\n", "{}", sh.name());
    }
}

/// A DEBUG trap that runs inside functions sees every command there; the hook
/// takes it off for the evaluation and puts it back, so it still runs after.
#[test]
#[cfg_attr(any(missing = "bash", missing = "zsh"), ignore = "needs bash and zsh")]
fn debug_traps_never_see_the_secret_and_are_put_back() {
    let bash_traps = [
        (
            "set -T",
            "trap 'printf \"%s\\n\" \"$BASH_COMMAND\" >> LOG' DEBUG",
        ),
        (
            "declare -ft twenv",
            "trap 'printf \"%s\\n\" \"$BASH_COMMAND\" >> LOG' DEBUG",
        ),
        (
            "shopt -s extdebug",
            "trap 'printf \"%s\\n\" \"$BASH_COMMAND\" >> LOG' DEBUG",
        ),
        // Not run inside functions: the hook must leave it exactly as it is.
        (
            ":",
            "trap 'printf \"%s\\n\" \"$BASH_COMMAND\" >> LOG' DEBUG",
        ),
    ];
    let zsh_traps = [
        (":", "trap 'print -r -- \"$ZSH_DEBUG_CMD\" >> LOG' DEBUG"),
        (
            ":",
            "TRAPDEBUG() { print -r -- \"$ZSH_DEBUG_CMD\" >> LOG; }",
        ),
    ];
    for (sh, traps) in [(Sh::Bash, &bash_traps[..]), (Sh::Zsh, &zsh_traps[..])] {
        let Some(path) = sh.path() else { continue };
        for (mode, trap) in traps {
            let env = TestEnv::new();
            profiles(&env);
            let (log, quoted) = path_in(&env, "log");
            let trap = trap.replace("LOG", &quoted);
            let script = format!(
                "{}{trap}\n{mode}\n{SWITCHES}echo trap-still-runs > /dev/null\n",
                sh.source_hook()
            );
            let out = sh.run(&path, &env, &script);
            assert!(
                out.status.success(),
                "{} {mode}: {}",
                sh.name(),
                stderr_of(&out)
            );
            let seen = fs::read_to_string(&log).unwrap_or_default();
            assert!(
                seen.contains("twenv use prod"),
                "{} {mode}: the trap did not run, so the test proves nothing: {seen}",
                sh.name()
            );
            assert!(
                seen.contains("echo trap-still-runs"),
                "{} {mode}: the trap was not put back: {seen}",
                sh.name()
            );
            assert_no_secret(&seen, &format!("{} DEBUG trap with {mode}", sh.name()));
            assert_no_secret(&stderr_of(&out), sh.name());
        }
    }
}

/// A user function named like a builtin the code calls would receive the
/// secret in its arguments (or, for fish's `source`, on stdin).
#[test]
#[cfg_attr(missing = "hook-shells", ignore = "needs bash, zsh and fish")]
fn user_functions_named_like_builtins_never_receive_the_secret() {
    for sh in HOOK_SHELLS {
        let Some(path) = sh.path() else { continue };
        let env = TestEnv::new();
        profiles(&env);
        let (log, quoted) = path_in(&env, "log");
        let spies = match sh {
            Sh::Fish => format!(
                "function source; cat >> {quoted}; echo source >> {quoted}; end\n\
                 function eval; echo eval $argv >> {quoted}; end\n"
            ),
            _ => ["export", "unset", "eval", "set", "trap", "printf"]
                .iter()
                .map(|f| format!("{f}() {{ printf '{f} %s\\n' \"$*\" >> {quoted}; }}\n"))
                .collect(),
        };
        let check = "/usr/bin/env | grep -c '^TWILIO_API_SECRET=dev' || true\n";
        let script = format!("{}{spies}{SWITCHES}{check}", sh.source_hook());
        let out = sh.run(&path, &env, &script);
        assert!(out.status.success(), "{}: {}", sh.name(), stderr_of(&out));
        assert_eq!(
            stdout_of(&out),
            "1\n",
            "{}: the switch did not happen (stderr: {})",
            sh.name(),
            stderr_of(&out)
        );
        let seen = fs::read_to_string(&log).unwrap_or_default();
        assert_no_secret(&seen, &format!("{}: a user function", sh.name()));
    }
}

/// Under `set -a` every assignment is exported: the bookkeeping (with the
/// previous profile's secret) must still stay in the shell, through the hook
/// and with a bare `eval` alike, and allexport must be on again afterwards.
#[test]
#[cfg_attr(
    any(missing = "bash", missing = "zsh", missing = "dash"),
    ignore = "needs bash, zsh and dash"
)]
fn allexport_never_exports_the_bookkeeping() {
    for (sh, hook) in [
        (Sh::Bash, true),
        (Sh::Zsh, true),
        (Sh::Bash, false),
        (Sh::Zsh, false),
        (Sh::Dash, false),
    ] {
        let Some(path) = sh.path() else { continue };
        let env = TestEnv::new();
        profiles(&env);
        let (dump, _) = path_in(&env, "env");
        let mut script = if hook {
            sh.source_hook()
        } else {
            String::new()
        };
        script.push_str("set -a\n");
        for args in ["use dev", "use prod"] {
            script.push_str(&if hook {
                format!("twenv {args}\n")
            } else {
                sh.eval_twenv(args)
            });
        }
        script.push_str(&sh.dump_env(&dump));
        script.push_str("case $- in *a*) echo ALLEXPORT-STILL-ON ;; esac\n");
        let out = sh.run(&path, &env, &script);
        let what = format!("{} (hook: {hook})", sh.name());
        assert!(out.status.success(), "{what}: {}", stderr_of(&out));
        assert_eq!(stdout_of(&out), "ALLEXPORT-STILL-ON\n", "{what}");
        let exported = read_env_dump(&dump);
        let leaked: Vec<&String> = exported
            .keys()
            .filter(|k| k.starts_with("__twenv"))
            .collect();
        assert!(
            leaked.is_empty(),
            "{what}: bookkeeping exported: {leaked:?}"
        );
        assert_eq!(
            exported.get("TWILIO_API_SECRET").map(String::as_str),
            Some(PROD_SECRET),
            "{what}"
        );
        assert!(
            exported.values().all(|v| !v.contains(DEV_SECRET)),
            "{what}: the previous profile's secret is in the environment"
        );
    }
}

/// `unuse` puts back the export attribute too: a plain shell variable stays
/// out of the environment of child processes, an exported one stays in it.
#[test]
#[cfg_attr(missing = "shells", ignore = "needs bash, zsh, fish and dash")]
fn unuse_restores_whether_each_variable_was_exported() {
    for sh in [Sh::Bash, Sh::Zsh, Sh::Fish, Sh::Dash] {
        let Some(path) = sh.path() else { continue };
        for hook in [false, true] {
            if hook && sh == Sh::Dash {
                continue;
            }
            let mut env = TestEnv::new();
            profiles(&env);
            env.set_var("TWILIO_REGION", "exported region");
            let (dump, _) = path_in(&env, "env");
            let (shell_vars, check) = match sh {
                Sh::Fish => (
                    "set -g TWILIO_AUTH_TOKEN plain-token\nset -g X_EXTRA plain-extra\n",
                    "echo \"$TWILIO_AUTH_TOKEN/$X_EXTRA/$TWILIO_REGION\"\n",
                ),
                _ => (
                    "TWILIO_AUTH_TOKEN=plain-token\nX_EXTRA=plain-extra\n",
                    "echo \"$TWILIO_AUTH_TOKEN/$X_EXTRA/$TWILIO_REGION\"\n",
                ),
            };
            let mut script = if hook {
                sh.source_hook()
            } else {
                String::new()
            };
            script.push_str(shell_vars);
            for args in ["use dev", "use prod", "unuse"] {
                script.push_str(&if hook {
                    format!("twenv {args}\n")
                } else {
                    sh.eval_twenv(args)
                });
            }
            script.push_str(&sh.dump_env(&dump));
            script.push_str(check);
            let out = sh.run(&path, &env, &script);
            let what = format!("{} (hook: {hook})", sh.name());
            assert_ran(&out, &what);
            assert_eq!(
                stdout_of(&out),
                "plain-token/plain-extra/exported region\n",
                "{what}: the shell's own values"
            );
            let exported = read_env_dump(&dump);
            assert_eq!(exported.get("TWILIO_AUTH_TOKEN"), None, "{what}");
            assert_eq!(exported.get("X_EXTRA"), None, "{what}");
            assert_eq!(
                exported.get("TWILIO_REGION").map(String::as_str),
                Some("exported region"),
                "{what}"
            );
        }
    }
}

/// fish passes an exported universal variable to every program even when a
/// global shadows it: programs started after `use` must not see it.
#[test]
#[cfg_attr(missing = "fish", ignore = "fish is not installed")]
fn fish_universal_variables_do_not_reach_programs_after_use() {
    let Some(fish) = Sh::Fish.path() else { return };
    let env = TestEnv::new();
    profiles(&env);
    let (dump_dev, q_dev) = path_in(&env, "after_dev");
    let (dump_use, q_use) = path_in(&env, "after_use");
    let (dump_unuse, q_unuse) = path_in(&env, "after_unuse");
    let universals = [
        ("TWILIO_REGION", "au1"),
        ("TWILIO_EDGE", "sydney"),
        ("TWILIO_AUTH_TOKEN", "universal-token"),
        ("TWILIO_API_SECRET", "universal-secret"),
        ("X_EXTRA", "universal-extra"),
    ];
    // Universal variables need fish's own config dir (in the test's HOME),
    // so the shell runs without --no-config.
    let setup: String = universals
        .iter()
        .map(|(k, v)| format!("set -Ux {k} {v}\n"))
        .collect();
    let out = env
        .std_command(&fish)
        .arg("-c")
        .arg(&setup)
        .output()
        .unwrap();
    assert_ran(&out, "set -Ux");
    let script = format!(
        "{}twenv use dev\n/usr/bin/env -0 > {q_dev}\ntwenv use prod\n/usr/bin/env -0 > {q_use}\n\
         twenv unuse\n/usr/bin/env -0 > {q_unuse}\n",
        Sh::Fish.source_hook()
    );
    let out = env
        .std_command(&fish)
        .arg("-c")
        .arg(&script)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    // What the profile sets, programs see (a global shadows the universal).
    let after_dev = read_env_dump(&dump_dev);
    for (name, value) in [
        ("TWILIO_REGION", "ie1"),
        ("TWILIO_API_SECRET", DEV_SECRET),
        ("X_EXTRA", "dev extra"),
    ] {
        assert_eq!(
            after_dev.get(name).map(String::as_str),
            Some(value),
            "{name}"
        );
    }
    let after_use = read_env_dump(&dump_use);
    assert_eq!(
        after_use.get("TWILIO_API_SECRET").map(String::as_str),
        Some(PROD_SECRET)
    );
    // prod has no region or edge, and a token is always dropped: the
    // universal values must not reach the program (fish can show it at most
    // an empty value, and says so). X_EXTRA is not prod's: the user's own
    // universal value is back, as before `use dev`.
    assert_eq!(
        after_use.get("X_EXTRA").map(String::as_str),
        Some("universal-extra")
    );
    for (name, universal) in universals
        .iter()
        .filter(|(k, _)| !matches!(*k, "TWILIO_API_SECRET" | "X_EXTRA"))
    {
        let got = after_use.get(*name).map(String::as_str);
        assert!(
            got.is_none() || got == Some(""),
            "{name}: a program saw {got:?} (the universal value is {universal})"
        );
    }
    assert!(
        stderr_of(&out).contains("TWILIO_REGION is an exported universal variable"),
        "{}",
        stderr_of(&out)
    );
    let after_unuse = read_env_dump(&dump_unuse);
    for (name, universal) in universals {
        assert_eq!(
            after_unuse.get(name).map(String::as_str),
            Some(universal),
            "after unuse"
        );
    }
    assert_no_secret(&stderr_of(&out), "fish");
}

#[test]
#[cfg_attr(missing = "hook-shells", ignore = "needs bash, zsh and fish")]
fn unuse_with_nothing_to_undo_says_so_and_succeeds() {
    for sh in HOOK_SHELLS {
        let Some(path) = sh.path() else { continue };
        let mut env = TestEnv::new();
        profiles(&env);
        env.set_var("TWILIO_REGION", "kept");
        let status = match sh {
            Sh::Fish => "echo status=$status\n",
            _ => "echo status=$?\n",
        };
        let script = format!(
            "{}twenv unuse\n{status}echo \"region=$TWILIO_REGION\"\n",
            sh.source_hook()
        );
        let out = sh.run(&path, &env, &script);
        assert_eq!(
            stdout_of(&out),
            "status=0\nregion=kept\n",
            "{}: {}",
            sh.name(),
            stderr_of(&out)
        );
        assert_eq!(
            stderr_of(&out),
            "twenv: nothing to undo: `twenv use` has not changed this shell\n",
            "{}",
            sh.name()
        );
    }
}

/// A shell started by one that used a profile gets its variables but none of
/// its bookkeeping: `unuse` removes them and says what it cannot do.
#[test]
#[cfg_attr(missing = "shells", ignore = "needs bash, zsh, fish and dash")]
fn unuse_in_a_shell_that_inherited_a_profile_removes_it_and_says_so() {
    for sh in [Sh::Bash, Sh::Zsh, Sh::Fish, Sh::Dash] {
        let Some(path) = sh.path() else { continue };
        let mut env = TestEnv::new();
        profiles(&env);
        let mut dev = ProfileSpec::new("dev", 1, DEV_SECRET);
        dev.env = vec![("X_EXTRA".into(), "dev extra".into())];
        dev.region = Some("ie1".into());
        for (k, v) in dev.apply(&BTreeMap::new()) {
            env.set_var(&k, v);
        }
        env.set_var("UNRELATED", "stays");
        let (dump, _) = path_in(&env, "env");
        let script = if sh == Sh::Dash {
            format!("{}{}", sh.eval_twenv("unuse"), sh.dump_env(&dump))
        } else {
            format!("{}twenv unuse\n{}", sh.source_hook(), sh.dump_env(&dump))
        };
        let out = sh.run(&path, &env, &script);
        assert!(out.status.success(), "{}: {}", sh.name(), stderr_of(&out));
        let left = read_env_dump(&dump);
        let twenv_vars: Vec<&String> = left
            .keys()
            .filter(|k| k.starts_with("TWILIO_") || k.starts_with("TWENV_") || *k == "X_EXTRA")
            .collect();
        assert!(twenv_vars.is_empty(), "{}: left {twenv_vars:?}", sh.name());
        assert_eq!(left.get("UNRELATED").map(String::as_str), Some("stays"));
        let stderr = stderr_of(&out);
        assert!(
            stderr.contains("inherited profile 'dev'") && stderr.contains("cannot be restored"),
            "{}: {stderr}",
            sh.name()
        );
    }
}

/// Issue 11: run from a real fish on a terminal (no hook, so the shell is
/// found from the parent process), the refusal shows fish's own form with
/// the profile as the user named it; `unuse` is not said to show a secret.
#[test]
#[cfg_attr(
    any(missing = "fish", missing = "script"),
    ignore = "needs fish and script"
)]
fn terminal_refusal_in_fish_shows_the_fish_form() {
    let Some(script) = require("script") else {
        return;
    };
    let Some(fish) = Sh::Fish.path() else { return };
    let env = TestEnv::new();
    profiles(&env);
    let bin = quote_posix(&twenv_bin().display().to_string());
    let run = |command: &str| {
        let line = format!("{} --no-config -c \"{bin} {command}\"", fish.display());
        let out = env
            .std_command(&script)
            .args(["-qec", &line, "/dev/null"])
            .output()
            .unwrap();
        stdout_of(&out)
    };
    let text = run("use dev");
    assert!(text.contains("twenv use dev | source"), "{text}");
    assert!(text.contains("twenv init fish | source"), "{text}");
    assert!(!text.contains("eval \""), "{text}");
    assert!(text.contains("API secret"), "{text}");
    let text = run("-p prod use");
    assert!(text.contains("twenv use prod | source"), "{text}");
    let text = run("unuse");
    assert!(text.contains("twenv unuse | source"), "{text}");
    assert!(
        !text.contains("secret"),
        "unuse has no secret to show: {text}"
    );
}
