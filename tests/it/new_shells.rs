//! Issue 11: `twenv init SHELL --use-active` — a new shell starts on the
//! active profile, unless it has a profile or credentials already.

use crate::common::*;
use crate::shell::{HOOK_SHELLS, ProfileSpec, Sh, quote_posix, write_profiles};

fn hook_with_use_active(sh: Sh) -> String {
    let bin = quote_posix(&twenv_bin().display().to_string());
    match sh {
        Sh::Fish => format!("{bin} init fish --use-active | source\n"),
        other => format!("eval \"$({bin} init {} --use-active)\"\n", other.name()),
    }
}

/// What a new shell with the hook carries: `TWENV_PROFILE` and the secret.
fn new_shell(sh: Sh, env: &TestEnv) -> (String, String) {
    let path = sh.path().expect("checked by the caller");
    let script = format!(
        "{}echo \"profile=$TWENV_PROFILE secret=$TWILIO_API_SECRET\"\n",
        hook_with_use_active(sh)
    );
    let out = sh.run(&path, env, &script);
    assert!(out.status.success(), "{}: {}", sh.name(), stderr_of(&out));
    (stdout_of(&out), stderr_of(&out))
}

#[test]
#[cfg_attr(missing = "hook-shells", ignore = "needs bash, zsh and fish")]
fn use_active_switches_a_new_shell_to_the_active_profile() {
    for sh in HOOK_SHELLS {
        if sh.path().is_none() {
            continue;
        }
        let mut env = TestEnv::new();
        let dev = ProfileSpec::new("dev", 1, "activeSecret01");
        let prod = ProfileSpec::new("prod", 2, "prodSecret02");
        write_profiles(&env, &[&dev, &prod], Some("prod"));
        let (out, err) = new_shell(sh, &env);
        assert_eq!(out, "profile=prod secret=prodSecret02\n", "{}", sh.name());
        assert_eq!(err, "", "{}: sourcing says nothing", sh.name());
        // A shell that inherited a profile, or has credentials, is left alone.
        env.set_var("TWENV_PROFILE", "dev");
        assert_eq!(
            new_shell(sh, &env).0,
            "profile=dev secret=\n",
            "{}",
            sh.name()
        );
        env.remove_var("TWENV_PROFILE");
        env.set_var("TWILIO_ACCOUNT_SID", AC);
        assert_eq!(new_shell(sh, &env).0, "profile= secret=\n", "{}", sh.name());
        // No active profile: nothing happens, silently.
        let env = TestEnv::new();
        write_profiles(&env, &[&dev], None);
        assert_eq!(
            new_shell(sh, &env),
            ("profile= secret=\n".into(), String::new())
        );
    }
}

#[test]
fn without_the_flag_init_is_unchanged_and_nu_refuses_it() {
    let env = TestEnv::new();
    for shell in ["bash", "zsh", "fish"] {
        let plain = env.twenv().args(["init", shell]).output().expect("init");
        let with = env
            .twenv()
            .args(["init", shell, "--use-active"])
            .output()
            .expect("init");
        let (plain, with) = (stdout_of(&plain), stdout_of(&with));
        assert!(!plain.contains("--active"), "{shell}");
        assert!(
            with.starts_with(&plain) && with.contains("twenv use --active"),
            "{shell}"
        );
    }
    let out = env
        .twenv()
        .args(["init", "nu", "--use-active"])
        .output()
        .expect("init");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("bash, zsh and fish"));
}

#[test]
fn use_global_says_new_shells_need_use_active() {
    let env = TestEnv::new();
    write_profiles(&env, &[&ProfileSpec::new("dev", 1, "s")], None);
    let out = env
        .twenv()
        .args(["use", "--global", "dev"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr_of(&out).contains("--use-active"),
        "{}",
        stderr_of(&out)
    );
}
