//! The hook scripts (`twenv init`), sourced by the real shells; the TTY guard
//! under a pseudo-terminal; lint of every script twenv prints.

use std::fs;

use super::*;

const DEV_SECRET: &str = "dev-S3CRET-'q'\"$x\\";
const PROD_SECRET: &str = "prod-S3CRET-`z`";

fn two_profiles(env: &TestEnv) {
    let mut dev = ProfileSpec::new("dev", 1, DEV_SECRET);
    dev.env = vec![("TWILIO_PHONE_NUMBER".into(), "+15005550006".into())];
    dev.region = Some("ie1".into());
    let prod = ProfileSpec::new("prod", 2, PROD_SECRET);
    write_profiles(env, &[&dev, &prod], None);
}

/// A line that records a variable (or "unset") in `file`.
fn record(sh: Sh, name: &str, file: &Path) -> String {
    let file = quote_posix(&file.display().to_string());
    match sh {
        Sh::Fish => format!(
            "if set -q {name}; printf '%s=%s\\n' {name} \"${name}\"; else; echo '{name} unset'; end >> {file}\n"
        ),
        _ => format!(
            "if [ -n \"${{{name}+x}}\" ]; then printf '%s=%s\\n' {name} \"${name}\"; else echo '{name} unset'; fi >> {file}\n"
        ),
    }
}

#[test]
#[cfg_attr(missing = "hook-shells", ignore = "needs bash, zsh and fish")]
fn hook_use_switches_this_shell_and_unuse_restores_it() {
    for sh in HOOK_SHELLS {
        let Some(path) = sh.path() else { continue };
        let mut env = TestEnv::new();
        env.set_var("TWILIO_AUTH_TOKEN", "a-stray-token");
        two_profiles(&env);
        let log = env.tmp.path().join("log");
        let mut script = sh.source_hook();
        script.push_str(&sh.source_hook());
        for step in ["use dev", "use prod", "unuse", "use dev", "deactivate"] {
            script.push_str(&format!("twenv {step}\n"));
            script.push_str(&format!(
                "echo '# {step}' >> {}\n",
                quote_posix(&log.display().to_string())
            ));
            for name in [
                "TWILIO_API_SECRET",
                "TWILIO_AUTH_TOKEN",
                "TWILIO_REGION",
                "TWILIO_PHONE_NUMBER",
                "TWENV_PROFILE",
            ] {
                script.push_str(&record(sh, name, &log));
            }
        }
        // Every other command reaches the binary unchanged.
        script.push_str("twenv list -o tsv\n");
        let out = sh.run(&path, &env, &script);
        // After `unuse` the stray token is back, and `list` warns about it.
        assert!(out.status.success(), "{}: {}", sh.name(), stderr_of(&out));
        assert!(!stderr_of(&out).contains("S3CRET"), "{}", sh.name());
        let log = fs::read_to_string(&log).unwrap();
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
        assert_eq!(log, expected, "{}", sh.name());
        let listed = stdout_of(&out);
        assert!(
            listed.starts_with("id\t") && listed.contains("\ndev\t") && listed.contains("\nprod\t"),
            "{}: `twenv list` through the hook printed {listed:?}",
            sh.name()
        );
    }
}

#[test]
#[cfg_attr(missing = "hook-shells", ignore = "needs bash, zsh and fish")]
fn sourcing_prints_nothing_in_interactive_and_non_interactive_shells() {
    for sh in HOOK_SHELLS {
        let Some(path) = sh.path() else { continue };
        let env = TestEnv::new();
        two_profiles(&env);
        let twice = format!("{}{}", sh.source_hook(), sh.source_hook());
        let out = sh.run(&path, &env, &twice);
        assert_ran(&out, &format!("{}: sourcing twice", sh.name()));
        assert!(out.stdout.is_empty(), "{}: {}", sh.name(), stdout_of(&out));

        // Interactive: the shell itself may talk about job control without a
        // terminal, but the hook says nothing, and it works.
        let script = format!("{twice}twenv use -q dev\necho \"profile=$TWENV_PROFILE\"\n");
        let out = sh.run_with(&path, &env, &["-i"], &script);
        assert_eq!(
            stdout_of(&out),
            "profile=dev\n",
            "{} -i; stderr: {}",
            sh.name(),
            stderr_of(&out)
        );
        assert!(
            !stderr_of(&out).contains("twenv"),
            "{}: {}",
            sh.name(),
            stderr_of(&out)
        );
    }
}

#[test]
#[cfg_attr(missing = "hook-shells", ignore = "needs bash, zsh and fish")]
fn hook_sets_twenv_shell_without_exporting_it() {
    for sh in HOOK_SHELLS {
        let Some(path) = sh.path() else { continue };
        let env = TestEnv::new();
        let script = format!(
            "{}echo \"shell=$TWENV_SHELL\"\n/usr/bin/env | grep -c '^TWENV_SHELL=' || true\n",
            sh.source_hook()
        );
        let out = sh.run(&path, &env, &script);
        assert_ran(&out, sh.name());
        assert_eq!(stdout_of(&out), format!("shell={}\n0\n", sh.name()));
    }
}

#[test]
#[cfg_attr(missing = "hook-shells", ignore = "needs bash, zsh and fish")]
fn set_x_traces_never_show_the_secret() {
    for sh in HOOK_SHELLS {
        let Some(path) = sh.path() else { continue };
        let env = TestEnv::new();
        two_profiles(&env);
        let (on, still_on) = match sh {
            Sh::Fish => (
                "set -g fish_trace 1",
                "if set -q fish_trace; echo TRACE-STILL-ON; end",
            ),
            Sh::Zsh => ("set -x", "[[ -o xtrace ]] && echo TRACE-STILL-ON"),
            _ => ("set -x", "case $- in *x*) echo TRACE-STILL-ON ;; esac"),
        };
        let script = format!(
            "{}{on}\ntwenv use dev\ntwenv use prod\ntwenv unuse\ntwenv use dev\n{still_on}\n",
            sh.source_hook()
        );
        let out = sh.run(&path, &env, &script);
        let stderr = stderr_of(&out);
        assert!(out.status.success(), "{}: {stderr}", sh.name());
        assert!(
            stderr.contains("twenv use dev"),
            "{}: tracing was not on, so the test proves nothing: {stderr}",
            sh.name()
        );
        for secret in [DEV_SECRET, PROD_SECRET, "S3CRET"] {
            assert!(
                !stderr.contains(secret),
                "{}: the trace shows a secret:\n{stderr}",
                sh.name()
            );
        }
        assert_eq!(stdout_of(&out), "TRACE-STILL-ON\n", "{}", sh.name());
    }
}

#[test]
#[cfg_attr(missing = "hook-shells", ignore = "needs bash, zsh and fish")]
fn hook_works_under_errexit_and_nounset_and_passes_failures_on() {
    for sh in [Sh::Bash, Sh::Zsh] {
        let Some(path) = sh.path() else { continue };
        let env = TestEnv::new();
        two_profiles(&env);
        let script = format!(
            "set -eu\n{}twenv use dev\necho \"a=$TWENV_PROFILE\"\n\
             twenv use nope || echo \"failed with $?, still a=$TWENV_PROFILE\"\n\
             twenv unuse\necho \"b=${{TWENV_PROFILE-unset}}\"\n",
            sh.source_hook()
        );
        let out = sh.run(&path, &env, &script);
        assert_eq!(
            stdout_of(&out),
            "a=dev\nfailed with 1, still a=dev\nb=unset\n",
            "{}: {}",
            sh.name(),
            stderr_of(&out)
        );
        assert!(stderr_of(&out).contains("no profile named 'nope'"));
    }
    let Some(fish) = Sh::Fish.path() else { return };
    let env = TestEnv::new();
    let script = format!(
        "{}twenv use nope; echo \"status=$status\"\n",
        Sh::Fish.source_hook()
    );
    let out = Sh::Fish.run(&fish, &env, &script);
    assert_eq!(stdout_of(&out), "status=1\n");
}

#[test]
#[cfg_attr(missing = "hook-shells", ignore = "needs bash, zsh and fish")]
fn help_and_global_use_pass_through_the_hook() {
    for sh in HOOK_SHELLS {
        let Some(path) = sh.path() else { continue };
        let env = TestEnv::new();
        two_profiles(&env);
        let script = format!(
            "{}twenv use --help\ntwenv --config-dir {} use --global dev\n",
            sh.source_hook(),
            quote_posix(&env.config_dir().display().to_string())
        );
        let out = sh.run(&path, &env, &script);
        assert!(out.status.success(), "{}: {}", sh.name(), stderr_of(&out));
        assert!(stdout_of(&out).contains("Usage:"), "{}", sh.name());
        assert!(env.read_config().contains("active: dev"), "{}", sh.name());
    }
}

#[test]
#[cfg_attr(missing = "hook-shells", ignore = "needs bash, zsh and fish")]
fn prompt_info_prints_what_twenv_prompt_prints_without_a_process() {
    for sh in HOOK_SHELLS {
        let Some(path) = sh.path() else { continue };
        let env = TestEnv::new();
        two_profiles(&env);
        let dir = env.tmp.path();
        let file = |name: &str| quote_posix(&dir.join(name).display().to_string());
        let bin = quote_posix(&twenv_bin().display().to_string());
        // With PATH empty, only builtins can run: twenv_prompt_info must still work.
        let no_path = match sh {
            Sh::Fish => "set -l PATH",
            _ => "PATH=",
        };
        let show = match sh {
            Sh::Fish => "functions twenv_prompt_info",
            Sh::Zsh => "functions twenv_prompt_info",
            _ => "declare -f twenv_prompt_info",
        };
        let script = format!(
            "{hook}twenv_prompt_info > {none_info}\n{bin} prompt > {none_cmd}\n\
             twenv use prod\ntwenv_prompt_info > {after_prod}\n\
             twenv use dev\n{bin} prompt > {set_cmd}\n{show} > {body}\n\
             begin_no_path\n",
            hook = sh.source_hook(),
            none_info = file("none_info"),
            none_cmd = file("none_cmd"),
            after_prod = file("after_prod"),
            set_cmd = file("set_cmd"),
            body = file("body"),
        )
        .replace(
            "begin_no_path\n",
            &match sh {
                Sh::Fish => format!(
                    "begin\n{no_path}\ntwenv_prompt_info > {}\nend\n",
                    file("set_info")
                ),
                _ => format!("( {no_path}; twenv_prompt_info > {} )\n", file("set_info")),
            },
        );
        let out = sh.run(&path, &env, &script);
        assert!(out.status.success(), "{}: {}", sh.name(), stderr_of(&out));
        let read = |name: &str| fs::read(dir.join(name)).unwrap();
        assert_eq!(read("none_info"), b"", "{}", sh.name());
        assert_eq!(read("none_cmd"), b"", "{}", sh.name());
        assert_eq!(read("after_prod"), b"prod\n", "{}", sh.name());
        assert_eq!(read("set_cmd"), b"dev\n", "{}", sh.name());
        assert_eq!(read("set_info"), read("set_cmd"), "{}", sh.name());
        let body = String::from_utf8(read("body")).unwrap();
        assert!(body.contains("TWENV_PROFILE"), "{}: {body}", sh.name());
        assert!(
            !body.contains(&twenv_bin().display().to_string()),
            "{}: twenv_prompt_info runs the binary: {body}",
            sh.name()
        );
    }
}

#[test]
#[cfg_attr(missing = "hook-shells", ignore = "needs bash, zsh and fish")]
fn init_quotes_the_binary_path_for_each_shell() {
    let env = TestEnv::new();
    two_profiles(&env);
    // A directory name that needs quoting in every shell, fish's backslash included.
    let odd = env.tmp.path().join("it's a $dir \\ (x)");
    fs::create_dir_all(&odd).unwrap();
    let bin = odd.join("twenv");
    copy_binary(&bin);
    for sh in HOOK_SHELLS {
        let Some(path) = sh.path() else { continue };
        let out = env
            .std_command(&bin)
            .args(["init", sh.name()])
            .output()
            .unwrap();
        assert_ran(&out, sh.name());
        let hook = stdout_of(&out);
        assert!(!hook.contains("__TWENV_BIN__"), "{}", sh.name());
        let script = format!("{hook}\ntwenv use dev\necho \"p=$TWENV_PROFILE\"\n");
        let out = sh.run(&path, &env, &script);
        assert_ran(&out, sh.name());
        assert_eq!(stdout_of(&out), "p=dev\n", "{}", sh.name());
    }
}

#[test]
#[cfg_attr(missing = "script", ignore = "script is not installed")]
fn tty_guard_prints_no_secret_on_a_terminal() {
    let Some(script) = require("script") else {
        return;
    };
    for (shell, hint) in [
        ("bash", "eval \"$(twenv init bash)\""),
        ("zsh", "eval \"$(twenv init zsh)\""),
        ("fish", "twenv init fish | source"),
    ] {
        for command in [
            "use dev",
            "unuse",
            "export -p dev --format dotenv",
            "export -p dev --format json",
        ] {
            let mut env = TestEnv::new();
            two_profiles(&env);
            env.set_var("TWENV_SHELL", shell);
            env.set_var("SHELL", "/bin/sh");
            let bin = quote_posix(&twenv_bin().display().to_string());
            let out = env
                .std_command(&script)
                .args(["-qec", &format!("{bin} {command}"), "/dev/null"])
                .output()
                .unwrap();
            let text = stdout_of(&out);
            assert_eq!(out.status.code(), Some(1), "{shell} {command}: {text}");
            assert!(!text.contains("S3CRET"), "{shell} {command}: {text}");
            // Each shell is shown its own way of evaluating the code.
            let evaluates = if shell == "fish" { "| source" } else { "eval" };
            assert!(text.contains(evaluates), "{shell} {command}: {text}");
            if command.starts_with("use") || command == "unuse" {
                assert!(text.contains(hint), "{shell} {command}: {text}");
            }
        }
    }
}

#[test]
#[cfg_attr(
    any(missing = "hook-shells", missing = "shellcheck"),
    ignore = "needs bash, zsh, fish and shellcheck"
)]
fn lint_hooks_and_printed_code() {
    let env = TestEnv::new();
    two_profiles(&env);
    // Printed as from a shell that uses dev, so `use prod` also has the code
    // that drops dev's extra variables in a subshell.
    let print = |args: &[&str]| {
        let out = env
            .twenv()
            .env("TWENV_PROFILE", "dev")
            .args(args)
            .output()
            .unwrap();
        assert_ran(&out, &args.join(" "));
        let path = env.tmp.path().join(args.join("_").replace(['-', ' '], "_"));
        fs::write(&path, &out.stdout).unwrap();
        path
    };
    let lint = |tool: &Path, args: &[&str], file: &Path| {
        let out = env.std_command(tool).args(args).arg(file).output().unwrap();
        assert!(
            out.status.success(),
            "{} {args:?} {}:\n{}{}",
            tool.display(),
            file.display(),
            stdout_of(&out),
            stderr_of(&out)
        );
    };
    let repo_hook = Path::new(env!("CARGO_MANIFEST_DIR")).join("shell/twenv.bash");
    if let Some(shellcheck) = require("shellcheck") {
        lint(&shellcheck, &["-s", "bash"], &repo_hook);
        lint(&shellcheck, &["-s", "bash"], &print(&["init", "bash"]));
        // SC2016 and SC1003 remark on `$` and `\` inside single quotes: in a
        // secret they are data, kept literal on purpose.
        for sh in ["bash", "posix"] {
            let dialect = if sh == "bash" { "bash" } else { "sh" };
            let args = ["-s", dialect, "-e", "SC2016,SC1003"];
            lint(&shellcheck, &args, &print(&["use", "dev", "--shell", sh]));
            lint(&shellcheck, &args, &print(&["use", "prod", "--shell", sh]));
            lint(&shellcheck, &args, &print(&["unuse", "--shell", sh]));
        }
    }
    if let Some(bash) = require("bash") {
        lint(&bash, &["-n"], &print(&["init", "bash"]));
    }
    if let Some(zsh) = require("zsh") {
        lint(&zsh, &["-n"], &print(&["init", "zsh"]));
        lint(&zsh, &["-n"], &print(&["use", "prod", "--shell", "zsh"]));
    }
    if let Some(fish) = require("fish") {
        lint(&fish, &["-n"], &print(&["init", "fish"]));
        lint(&fish, &["-n"], &print(&["use", "prod", "--shell", "fish"]));
        lint(&fish, &["-n"], &print(&["unuse", "--shell", "fish"]));
    }
}

#[test]
#[cfg_attr(missing = "shells", ignore = "needs bash, zsh, fish and dash")]
fn shell_defaults_to_twenv_shell_then_the_parent_then_posix() {
    let env = TestEnv::new();
    two_profiles(&env);
    let bin = quote_posix(&twenv_bin().display().to_string());
    let header = |out: &Output| {
        stdout_of(out)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    };
    // The parent shell. `; true` keeps the shell from replacing itself with twenv.
    for sh in [Sh::Bash, Sh::Zsh, Sh::Fish, Sh::Dash] {
        let Some(path) = sh.path() else { continue };
        let out = sh.run(&path, &env, &format!("{bin} use dev; true"));
        assert_ran(&out, sh.name());
        assert_eq!(
            header(&out),
            format!(
                "# twenv: switch this {} shell to profile 'dev'",
                sh.twenv_shell()
            )
        );
    }
    // TWENV_SHELL wins over the parent.
    if let Some(bash) = Sh::Bash.path() {
        let out = Sh::Bash.run(
            &bash,
            &env,
            &format!("TWENV_SHELL=fish {bin} use dev; true"),
        );
        assert!(header(&out).contains("this fish shell"), "{}", header(&out));
        let out = Sh::Bash.run(
            &bash,
            &env,
            &format!("TWENV_SHELL=tcsh {bin} use dev; exit $?"),
        );
        assert_eq!(out.status.code(), Some(2));
        assert!(
            stderr_of(&out).contains("TWENV_SHELL"),
            "{}",
            stderr_of(&out)
        );
        assert!(out.stdout.is_empty());
    }
    // No shell above (the test runner): posix.
    let out = env.twenv().args(["use", "dev"]).output().unwrap();
    assert_eq!(
        header(&out),
        "# twenv: switch this posix shell to profile 'dev'"
    );
    let out = env
        .twenv()
        .args(["use", "dev", "--shell", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
