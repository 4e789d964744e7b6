//! `twenv exec` (issue 10): what the child never sees, and the exit status
//! when CMD cannot be run — 127 not found, 126 found but not runnable, as
//! `env` gives (it is the oracle here: each case runs under both).

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::common::*;
use crate::shell::{HOOK_SHELLS, ProfileSpec, quote_posix, read_env_dump, write_profiles};

fn env_with_dev() -> TestEnv {
    let env = TestEnv::new();
    write_profiles(&env, &[&ProfileSpec::new("dev", 1, "dev-secret")], None);
    env
}

fn twenv_exec(env: &TestEnv, cmd: &[&str]) -> Output {
    env.twenv()
        .args(["exec", "-p", "dev", "--"])
        .args(cmd)
        .output()
        .expect("run twenv")
}

fn env_exec(env: &TestEnv, cmd: &[&str]) -> Output {
    env.std_command("/usr/bin/env")
        .args(cmd)
        .output()
        .expect("run env")
}

fn write_script(path: &Path, text: &str, mode: u32) {
    fs::write(path, text).expect("write script");
    set_mode(path, mode);
}

#[test]
fn twenv_shell_never_reaches_the_child() {
    let mut env = env_with_dev();
    // As the hook leaves it for the binary.
    env.set_var("TWENV_SHELL", "bash");
    let out = twenv_exec(&env, &["/usr/bin/env"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let vars = stdout_of(&out);
    assert!(vars.contains("TWENV_PROFILE=dev"), "{vars}");
    assert!(!vars.contains("TWENV_SHELL"), "TWENV_SHELL leaked: {vars}");
}

#[test]
#[cfg_attr(missing = "hook-shells", ignore = "needs bash, zsh and fish")]
fn a_child_of_a_hooked_shell_never_sees_twenv_shell() {
    for sh in HOOK_SHELLS {
        let Some(path) = sh.path() else { continue };
        let env = env_with_dev();
        let dump = env.tmp.path().join(format!("{}.env", sh.name()));
        let script = format!(
            "{}twenv exec -p dev -- /usr/bin/env -0 > {}\n",
            sh.source_hook(),
            quote_posix(&dump.display().to_string())
        );
        let out = sh.run(&path, &env, &script);
        assert!(out.status.success(), "{sh:?}: {}", stderr_of(&out));
        let vars = read_env_dump(&dump);
        assert_eq!(vars.get("TWENV_PROFILE").map(String::as_str), Some("dev"));
        for name in ["TWENV_SHELL", "TWENV_HOOK_BIN", "TWENV_ZSH_COMPINIT"] {
            assert!(
                !vars.contains_key(name),
                "{sh:?}: the hook's {name} reached the child: {vars:?}"
            );
        }
    }
}

#[test]
fn a_missing_command_on_path_exits_127_like_env() {
    let env = env_with_dev();
    let cmd = ["no-such-command-xyz", "arg"];
    let out = twenv_exec(&env, &cmd);
    assert_eq!(out.status.code(), Some(127), "{}", stderr_of(&out));
    assert_eq!(out.status.code(), env_exec(&env, &cmd).status.code());
    let err = stderr_of(&out);
    assert!(
        err.contains("no-such-command-xyz") && err.contains("PATH"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn a_given_path_is_not_looked_up_on_path() {
    let mut env = env_with_dev();
    // `tool` exists on PATH, but not in the working directory.
    let bin = env.tmp.path().join("bin");
    fs::create_dir_all(&bin).unwrap();
    write_script(&bin.join("tool"), "#!/bin/sh\necho ran-from-PATH\n", 0o755);
    env.set_var("PATH", format!("{}:{SYSTEM_PATH}", bin.display()));
    for cmd in ["./tool", "/nonexistent/tool"] {
        let out = twenv_exec(&env, &[cmd]);
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(127), "{cmd}: {err}");
        assert_eq!(
            out.status.code(),
            env_exec(&env, &[cmd]).status.code(),
            "{cmd}"
        );
        assert!(
            !stdout_of(&out).contains("ran-from-PATH"),
            "{cmd} ran from PATH"
        );
        assert!(
            err.contains(cmd) && err.contains("No such file"),
            "{cmd}: {err}"
        );
        assert!(
            !err.contains("on PATH"),
            "{cmd}: a path is not a PATH search: {err}"
        );
    }
    // The same name without a directory part is found on PATH.
    let out = twenv_exec(&env, &["tool"]);
    assert_eq!(stdout_of(&out), "ran-from-PATH\n", "{}", stderr_of(&out));
}

#[test]
fn a_file_that_cannot_run_exits_126_like_env() {
    let env = env_with_dev();
    write_script(&env.home.join("x.sh"), "#!/bin/sh\necho ran\n", 0o644);
    fs::create_dir_all(env.home.join("a-dir")).unwrap();
    for (cmd, says) in [("./x.sh", "chmod +x"), ("./a-dir", "directory")] {
        let out = twenv_exec(&env, &[cmd]);
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(126), "{cmd}: {err}");
        assert_eq!(
            out.status.code(),
            env_exec(&env, &[cmd]).status.code(),
            "{cmd}"
        );
        assert!(err.contains(cmd) && err.contains(says), "{cmd}: {err}");
        assert!(out.stdout.is_empty(), "{cmd}");
    }
}

#[test]
fn a_script_whose_interpreter_is_missing_exits_127_like_env() {
    let env = env_with_dev();
    write_script(
        &env.home.join("y.sh"),
        "#!/nonexistent/sh\necho ran\n",
        0o755,
    );
    let out = twenv_exec(&env, &["./y.sh"]);
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(127), "{err}");
    assert_eq!(out.status.code(), env_exec(&env, &["./y.sh"]).status.code());
    assert!(
        err.contains("#!"),
        "the message points at the interpreter: {err}"
    );
}

/// `exec` without a command (issue 11) runs the script on stdin, in `shell`.
fn exec_shell(env: &TestEnv, script: &str) -> Output {
    use std::io::Write;
    let mut child = env
        .std_command(twenv_bin())
        .args(["exec", "-p", "dev"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run twenv");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin
        .write_all(script.as_bytes())
        .expect("write the script");
    drop(stdin);
    child.wait_with_output().expect("wait for twenv")
}

#[test]
#[cfg_attr(missing = "bash", ignore = "bash is not installed")]
fn exec_without_a_command_starts_shell_whose_prompt_shows_the_profile() {
    let Some(bash) = require("bash") else { return };
    let mut env = env_with_dev();
    env.set_var("SHELL", &bash);
    let script = format!(
        "{}echo \"prompt=$(twenv_prompt_info) shell=$BASH_VERSION\"\nexit 7\n",
        crate::shell::Sh::Bash.source_hook()
    );
    let out = exec_shell(&env, &script);
    let stdout = stdout_of(&out);
    assert_eq!(out.status.code(), Some(7), "{stdout}{}", stderr_of(&out));
    assert!(stdout.contains("prompt=dev shell="), "{stdout}");
    assert!(!stdout.contains("shell=\n"), "not bash: {stdout}");
}

#[test]
fn exec_without_a_command_or_shell_falls_back_to_bin_sh() {
    let mut env = env_with_dev();
    env.remove_var("SHELL");
    let out = exec_shell(
        &env,
        "echo \"profile=$TWENV_PROFILE sid=$TWILIO_ACCOUNT_SID\"\nexit 3\n",
    );
    let stdout = stdout_of(&out);
    assert_eq!(out.status.code(), Some(3), "{stdout}{}", stderr_of(&out));
    assert!(stdout.contains("profile=dev sid=AC"), "{stdout}");
}
