//! Completion (DESIGN §7) in the real shells: the static scripts in
//! `completions/`, and dynamic completion registered by the text the binary
//! prints for `COMPLETE=<shell>` (the same text `twenv init` appends to the
//! hook scripts).

use std::fs;
use std::io::ErrorKind;
use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::common::{TestEnv, copy_binary, require, sid, stderr_of, stdout_of, twenv_bin};

/// Places where a profile ID is expected, as typed before <Tab>.
const PROFILE_PLACES: &[&str] = &[
    "twenv use ",
    "twenv use --global ",
    "twenv remove ",
    "twenv -p ",
    "twenv list -p ",
    "twenv current --profile ",
    "twenv exec -p ",
    "twenv set ",
    "twenv unset ",
    "twenv profiles:use ",
];

const IDS: [&str; 3] = ["dev", "prod", "staging-eu"];

/// Three profiles: dev (…beef), prod (…cafe, au1), staging-eu (…f00d, ie1).
fn env_with_profiles() -> TestEnv {
    let env = TestEnv::new();
    for (id, n, region) in [
        ("dev", 0xbeef, None),
        ("prod", 0xcafe, Some("au1")),
        ("staging-eu", 0xf00d, Some("ie1")),
    ] {
        let mut cmd = env.twenv();
        cmd.args(["login", "-p", id, "--account-sid", &sid("AC", n)])
            .args(["--api-key", &sid("SK", n)])
            .args(["--api-secret-stdin", "--storage", "file"]);
        if let Some(region) = region {
            cmd.args(["--region", region]);
        }
        cmd.write_stdin("secret\n").assert().success();
    }
    env
}

/// The registration the binary prints for `shell`, saved to a file to source.
fn registration(env: &TestEnv, shell: &str) -> PathBuf {
    let out = env
        .twenv()
        .env("COMPLETE", shell)
        .output()
        .expect("run twenv");
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(stderr_of(&out), "");
    let text = stdout_of(&out);
    assert!(
        text.contains(&*twenv_bin().to_string_lossy()),
        "the registration calls the binary by its absolute path:\n{text}"
    );
    let path = env.tmp.path().join(format!("register.{shell}"));
    fs::write(&path, text).expect("write registration");
    path
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

fn first_fields(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l.split('\t').next().unwrap_or_default().to_string())
        .collect()
}

/// fish's own answer to `complete -C LINE` after sourcing `script`:
/// (stdout lines, stderr).
fn fish_complete(env: &TestEnv, fish: &Path, script: &Path, line: &str) -> (Vec<String>, String) {
    let out = env
        .std_command(fish)
        .args(["--no-config", "-c", "source $argv[1]; complete -C $argv[2]"])
        .arg(script)
        .arg(line)
        .output()
        .expect("run fish");
    assert!(out.status.success(), "fish failed: {}", stderr_of(&out));
    (lines(&stdout_of(&out)), stderr_of(&out))
}

/// COMP_WORDS as bash builds them: split at blanks, and `:` and `=` (in the
/// default COMP_WORDBREAKS) as words of their own.
fn bash_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    for token in line.split_whitespace() {
        let mut cur = String::new();
        for c in token.chars() {
            if c == ':' || c == '=' {
                if !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
                words.push(c.to_string());
            } else {
                cur.push(c);
            }
        }
        if !cur.is_empty() {
            words.push(cur);
        }
    }
    if line.ends_with(' ') {
        words.push(String::new());
    }
    words
}

/// Calls the completion function bash has registered for `twenv` the way
/// readline does (COMP_WORDS, COMP_CWORD, COMP_LINE, COMP_POINT), under
/// `set -u`; (COMPREPLY, stderr).
fn bash_complete(env: &TestEnv, bash: &Path, script: &Path, line: &str) -> (Vec<String>, String) {
    const DRIVER: &str = r#"set -u
source "$1"
COMP_LINE=$2 COMP_POINT=${#2}
shift 2
COMP_WORDS=("$@") COMP_CWORD=$(($# - 1))
spec=$(complete -p twenv)
fn=${spec##*-F } fn=${fn%% *}
prev=
((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD-1]}
"$fn" twenv "${COMP_WORDS[COMP_CWORD]}" "$prev"
((${#COMPREPLY[@]} == 0)) || printf '%s\n' "${COMPREPLY[@]}"
"#;
    let out = env
        .std_command(bash)
        .args(["--norc", "--noprofile", "-c", DRIVER, "driver"])
        .arg(script)
        .arg(line)
        .args(bash_words(line))
        .output()
        .expect("run bash");
    assert!(out.status.success(), "bash failed: {}", stderr_of(&out));
    (lines(&stdout_of(&out)), stderr_of(&out))
}

#[test]
fn completions_dir_matches_the_binary() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let update = std::env::var_os("TWENV_UPDATE_COMPLETIONS").is_some_and(|v| v == "1");
    let env = TestEnv::new();
    let mut stale = Vec::new();
    for (shell, file) in [
        ("bash", "twenv.bash"),
        ("zsh", "_twenv"),
        ("fish", "twenv.fish"),
        ("powershell", "_twenv.ps1"),
        ("elvish", "twenv.elv"),
    ] {
        let out = env.twenv().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}: {}", stderr_of(&out));
        let script = stdout_of(&out);
        assert!(script.contains("completions") && script.contains("unset"));
        assert!(
            !script.contains("profiles:"),
            "{shell}: a colon alias is offered"
        );
        let path = dir.join(file);
        if update {
            fs::write(&path, &script).expect("write completions/");
        } else if fs::read_to_string(&path).ok().as_deref() != Some(script.as_str()) {
            stale.push(file);
        }
    }
    assert!(
        stale.is_empty(),
        "completions/{{{}}} differ from `twenv completions`; regenerate them with\n  \
         TWENV_UPDATE_COMPLETIONS=1 cargo test --test it completion::completions_dir\n\
         and commit the result",
        stale.join(",")
    );
}

#[test]
fn completions_refuses_an_unknown_shell() {
    let out = TestEnv::new()
        .twenv()
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("bash"), "{}", stderr_of(&out));
    assert_eq!(stdout_of(&out), "");
}

#[test]
fn a_complete_variable_that_names_no_shell_is_ignored() {
    let env = env_with_profiles();
    for value in ["1", "yes", ""] {
        let out = env
            .twenv()
            .env("COMPLETE", value)
            .args(["list", "-o", "tsv"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "COMPLETE={value}: {}",
            stderr_of(&out)
        );
        assert!(stdout_of(&out).contains("staging-eu"), "COMPLETE={value}");
    }
}

#[test]
#[cfg_attr(missing = "hook-shells", ignore = "needs bash, zsh and fish")]
fn static_scripts_work_in_the_real_shells() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let env = TestEnv::new();
    if let Some(bash) = require("bash") {
        let out = env
            .std_command(&bash)
            .args(["--norc", "-c"])
            .arg(
                r#"source "$1" && COMP_WORDS=(twenv "") COMP_CWORD=1 && _twenv twenv "" twenv
                   printf '%s\n' "${COMPREPLY[@]}""#,
            )
            .arg("driver")
            .arg(dir.join("twenv.bash"))
            .output()
            .unwrap();
        let words = lines(&stdout_of(&out));
        assert_eq!(stderr_of(&out), "");
        for want in ["use", "login", "completions", "--profile"] {
            assert!(words.iter().any(|w| w == want), "bash: {want} in {words:?}");
        }
        assert!(!words.iter().any(|w| w.contains(':')), "bash: {words:?}");
    }
    if let Some(fish) = require("fish") {
        let (out, err) = fish_complete(&env, &fish, &dir.join("twenv.fish"), "twenv ");
        let words = first_fields(&out);
        assert_eq!(err, "");
        for want in ["use", "login", "completions"] {
            assert!(words.iter().any(|w| w == want), "fish: {want} in {words:?}");
        }
        assert!(!words.iter().any(|w| w.contains(':')), "fish: {words:?}");
    }
    if let Some(zsh) = require("zsh") {
        // Installed the usual way (a directory on $fpath), compinit picks it up.
        let out = env
            .std_command(&zsh)
            .args(["-f", "-c"])
            .arg("zsh -n $1/_twenv && fpath=($1 $fpath) && autoload -Uz compinit && compinit -u -D && print -r -- $_comps[twenv]")
            .arg("z")
            .arg(&dir)
            .output()
            .unwrap();
        assert_eq!(stdout_of(&out), "_twenv\n", "{}", stderr_of(&out));
        assert_eq!(stderr_of(&out), "");
    }
}

#[test]
#[cfg_attr(missing = "fish", ignore = "fish is not installed")]
fn fish_completes_profiles_commands_and_flags() {
    let Some(fish) = require("fish") else { return };
    let env = env_with_profiles();
    let script = registration(&env, "fish");

    for place in PROFILE_PLACES {
        let (out, err) = fish_complete(&env, &fish, &script, place);
        assert_eq!(first_fields(&out), IDS, "after {place:?}");
        assert_eq!(err, "", "after {place:?}");
    }
    // The description: the Account SID's last digits and the region.
    let (out, _) = fish_complete(&env, &fish, &script, "twenv use ");
    assert_eq!(
        out,
        ["dev\t…beef", "prod\t…cafe au1", "staging-eu\t…f00d ie1"]
    );
    let (out, _) = fish_complete(&env, &fish, &script, "twenv remove st");
    assert_eq!(first_fields(&out), ["staging-eu"]);

    let (out, _) = fish_complete(&env, &fish, &script, "twenv ");
    let commands = first_fields(&out);
    for want in [
        "login",
        "list",
        "use",
        "unuse",
        "exec",
        "completions",
        "set",
    ] {
        assert!(commands.iter().any(|c| c == want), "{want} in {commands:?}");
    }
    assert!(!commands.iter().any(|c| c.contains(':')), "{commands:?}");
    for typed in ["twenv prof", "twenv profiles:", "twenv profiles:u"] {
        let (out, _) = fish_complete(&env, &fish, &script, typed);
        assert!(
            !out.iter().any(|c| c.contains("profiles:")),
            "{typed:?} offers an alias: {out:?}"
        );
    }
    let (out, _) = fish_complete(&env, &fish, &script, "twenv use --");
    let flags = first_fields(&out);
    for want in ["--global", "--shell", "--profile", "--config-dir"] {
        assert!(flags.iter().any(|f| f == want), "{want} in {flags:?}");
    }
    let (out, _) = fish_complete(&env, &fish, &script, "twenv use --shell ");
    assert_eq!(
        first_fields(&out),
        ["bash", "zsh", "fish", "posix", "powershell", "nu"]
    );

    // Sourcing twice prints nothing and leaves one registration (no doubled candidates).
    let out = env
        .std_command(&fish)
        .args(["--no-config", "-c"])
        .arg("source $argv[1]; source $argv[1]; echo sourced; complete -C 'twenv use '")
        .arg(&script)
        .output()
        .unwrap();
    assert_eq!(stderr_of(&out), "");
    assert_eq!(first_fields(&lines(&stdout_of(&out)))[0], "sourced");
    assert_eq!(lines(&stdout_of(&out)).len(), 1 + IDS.len());
}

#[test]
#[cfg_attr(missing = "bash", ignore = "bash is not installed")]
fn bash_completes_profiles_commands_and_flags() {
    let Some(bash) = require("bash") else { return };
    let env = env_with_profiles();
    let script = registration(&env, "bash");

    for place in PROFILE_PLACES {
        let (out, err) = bash_complete(&env, &bash, &script, place);
        assert_eq!(out, IDS, "after {place:?}");
        assert_eq!(err, "", "after {place:?}");
    }
    let (out, _) = bash_complete(&env, &bash, &script, "twenv use d");
    assert_eq!(out, ["dev"]);
    // bash's current word after `=` is only what follows it.
    let (out, _) = bash_complete(&env, &bash, &script, "twenv list --profile=st");
    assert_eq!(out, ["staging-eu"]);

    let (out, _) = bash_complete(&env, &bash, &script, "twenv ");
    for want in [
        "login",
        "list",
        "use",
        "unuse",
        "exec",
        "completions",
        "set",
    ] {
        assert!(out.iter().any(|c| c == want), "{want} in {out:?}");
    }
    assert!(!out.iter().any(|c| c.contains(':')), "{out:?}");
    for typed in ["twenv prof", "twenv profiles:", "twenv profiles:u"] {
        let (out, _) = bash_complete(&env, &bash, &script, typed);
        assert_eq!(out, Vec::<String>::new(), "{typed:?}");
    }
    let (out, _) = bash_complete(&env, &bash, &script, "twenv remove --");
    for want in ["--yes", "--delete-key", "--profile", "--config-dir"] {
        assert!(out.iter().any(|f| f == want), "{want} in {out:?}");
    }

    // Sourcing (twice, under set -eu) prints nothing; nothing falls back to
    // file names, and no bash-completion package is involved.
    let out = env
        .std_command(&bash)
        .args(["--norc", "--noprofile", "-c"])
        .arg(r#"set -eu; source "$1"; source "$1"; complete -p twenv"#)
        .arg("driver")
        .arg(&script)
        .output()
        .unwrap();
    assert_eq!(stderr_of(&out), "");
    let spec = stdout_of(&out);
    assert_eq!(spec.lines().count(), 1, "{spec}");
    assert!(spec.starts_with("complete -F "), "{spec}");
    assert!(
        !spec.contains("default") && !spec.contains("filenames"),
        "{spec}"
    );
}

#[test]
#[cfg_attr(missing = "shellcheck", ignore = "shellcheck is not installed")]
fn bash_registration_passes_shellcheck() {
    let Some(shellcheck) = require("shellcheck") else {
        return;
    };
    let env = TestEnv::new();
    let script = registration(&env, "bash");
    let out = env
        .std_command(shellcheck)
        .args(["--shell=bash", "--severity=style"])
        .arg(&script)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stdout_of(&out));
}

/// A shell on a pseudo-terminal (tmux), for what only the line editor does.
/// Its prompt is `% `.
struct Terminal {
    socket: PathBuf,
    tmux: PathBuf,
}

impl Terminal {
    fn start(env: &TestEnv, tmux: &Path, shell: &str, set_prompt: &str) -> Terminal {
        let socket = env.tmp.path().join("tmux.sock");
        let status = env
            .std_command(tmux)
            .arg("-S")
            .arg(&socket)
            .args([
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "150",
                "-y",
                "40",
            ])
            .arg(shell)
            .status()
            .expect("start tmux");
        assert!(status.success());
        let term = Terminal {
            socket,
            tmux: tmux.to_path_buf(),
        };
        term.keys(&[set_prompt, "Enter"]);
        term
    }

    fn keys(&self, keys: &[&str]) {
        let status = std::process::Command::new(&self.tmux)
            .arg("-S")
            .arg(&self.socket)
            .args(["send-keys", "-t", "0"])
            .args(keys)
            .status()
            .expect("tmux send-keys");
        assert!(status.success());
    }

    fn screen(&self) -> String {
        let out = std::process::Command::new(&self.tmux)
            .arg("-S")
            .arg(&self.socket)
            .args(["capture-pane", "-p", "-t", "0"])
            .output()
            .expect("tmux capture-pane");
        stdout_of(&out)
    }

    /// An empty line on a clear screen, so what follows is all there is to see.
    fn clear(&self) {
        // C-u, not C-c: a C-c while zsh is between prompts turns into a
        // signal that can overtake the keys typed before it.
        self.keys(&["C-u", "clear", "Enter"]);
        self.wait_for("a clear screen", |s| s.trim() == "%");
    }

    /// Runs a command line and waits for the marker it prints.
    fn run(&self, line: &str) {
        let marker = format!("done-{}", line.len());
        self.clear();
        self.keys(&[&format!("{line}; echo {marker}"), "Enter"]);
        let screen = self.wait_for(&marker, |s| s.lines().any(|l| l == marker));
        // Nothing but the command line itself before the marker: no errors,
        // no warnings, no output from sourcing.
        let before: Vec<&str> = screen
            .lines()
            .take_while(|l| *l != marker)
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert_eq!(before.len(), 1, "{screen}");
    }

    /// The screen after typing `typed` and pressing Tab, once `ready` holds.
    fn tab(&self, typed: &str, ready: impl Fn(&str) -> bool) -> String {
        self.clear();
        self.keys(&[typed, "Tab"]);
        self.wait_for(typed, ready)
    }

    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "the shell never showed {what:?}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = std::process::Command::new(&self.tmux)
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .status();
    }
}

#[test]
#[cfg_attr(any(missing = "zsh", missing = "tmux"), ignore = "needs zsh and tmux")]
fn zsh_completes_profiles_commands_and_flags_on_a_terminal() {
    let (Some(zsh), Some(tmux)) = (require("zsh"), require("tmux")) else {
        return;
    };
    let mut env = env_with_profiles();
    env.set_var("TERM", "xterm");
    let script = registration(&env, "zsh");
    let term = Terminal::start(&env, &tmux, &format!("{} -f", zsh.display()), "PS1='%% '");
    term.run(&format!(
        "autoload -Uz compinit && compinit -u -D && source {} && source {}",
        script.display(),
        script.display()
    ));

    let screen = term.tab("twenv use ", |s| s.contains("staging-eu"));
    for id in IDS {
        assert!(screen.contains(id), "{id}:\n{screen}");
    }
    assert!(screen.contains("…cafe au1"), "{screen}");
    assert!(!screen.contains("login"), "only profile IDs:\n{screen}");

    let screen = term.tab("twenv profiles:use ", |s| s.contains("staging-eu"));
    assert!(
        screen.contains("dev") && screen.contains("prod"),
        "{screen}"
    );

    let screen = term.tab("twenv -p st", |s| s.contains("twenv -p staging-eu"));
    assert!(!screen.contains("dev"), "{screen}");

    let screen = term.tab("twenv ", |s| s.contains("completions"));
    for want in ["login", "list", "unuse", "exec", "prompt"] {
        assert!(screen.contains(want), "{want}:\n{screen}");
    }
    assert!(!screen.contains("profiles:"), "{screen}");

    term.tab("twenv list --conf", |s| {
        s.contains("twenv list --config-dir")
    });

    // Only colon aliases match: nothing is offered (the line stays as typed).
    let screen = term.tab("twenv profiles:u", |s| s.contains("twenv profiles:u"));
    std::thread::sleep(Duration::from_millis(300));
    let screen = term.screen() + &screen;
    assert!(!screen.contains("profiles:use"), "{screen}");
}

#[test]
#[cfg_attr(
    any(missing = "bash", missing = "tmux"),
    ignore = "needs bash and tmux"
)]
fn bash_on_a_terminal_offers_profile_ids_and_never_file_names() {
    let (Some(bash), Some(tmux)) = (require("bash"), require("tmux")) else {
        return;
    };
    let mut env = env_with_profiles();
    env.set_var("TERM", "xterm");
    // The shell starts in HOME: file names that would match if bash fell back to them.
    fs::write(env.home.join("dev-notes.txt"), "").unwrap();
    fs::write(env.home.join("zz-file"), "").unwrap();
    let script = registration(&env, "bash");
    let shell = format!("{} --norc --noprofile", bash.display());
    let term = Terminal::start(&env, &tmux, &shell, "PS1='% '");
    term.run(&format!("source {}", script.display()));

    term.clear();
    term.keys(&["twenv use ", "Tab", "Tab"]);
    let screen = term.wait_for("the profile IDs", |s| s.contains("staging-eu"));
    assert!(
        screen.contains("dev") && screen.contains("prod"),
        "{screen}"
    );
    assert!(
        !screen.contains("dev-notes") && !screen.contains("zz-file") && !screen.contains("login"),
        "only profile IDs:\n{screen}"
    );
    // `d` matches the profile `dev` and the file `dev-notes.txt`: bash must insert `dev `.
    let screen = term.tab("twenv use d", |s| s.contains("twenv use dev"));
    assert!(!screen.contains("dev-notes"), "{screen}");

    // A corrupt config: nothing at all, not even files, and no error text.
    fs::write(env.config_path(), "profiles: [\n").unwrap();
    term.clear();
    term.keys(&["twenv use ", "Tab", "Tab", "z"]);
    let screen = term.wait_for("the typed z", |s| s.contains("twenv use z"));
    assert_eq!(screen.trim(), "% twenv use z", "{screen}");
}

#[test]
#[cfg_attr(any(missing = "zsh", missing = "tmux"), ignore = "needs zsh and tmux")]
fn zsh_registers_when_compinit_runs_after_sourcing_whatever_the_options() {
    let (Some(zsh), Some(tmux)) = (require("zsh"), require("tmux")) else {
        return;
    };
    let mut env = env_with_profiles();
    env.set_var("TERM", "xterm");
    let script = registration(&env, "zsh");
    let term = Terminal::start(&env, &tmux, &format!("{} -f", zsh.display()), "PS1='%% '");
    // Options users set must not break it.
    term.run("setopt ksh_arrays no_unset warn_create_global sh_word_split");
    term.run(&format!("source {}", script.display()));
    term.run("autoload -Uz compinit && compinit -u -D");
    let screen = term.tab("twenv use ", |s| s.contains("staging-eu"));
    assert!(
        screen.contains("dev") && screen.contains("prod"),
        "{screen}"
    );
}

#[test]
#[cfg_attr(missing = "zsh", ignore = "zsh is not installed")]
fn zsh_registration_is_silent_with_and_without_compinit() {
    let Some(zsh) = require("zsh") else { return };
    let env = env_with_profiles();
    let script = registration(&env, "zsh");
    // Non-interactive, no compinit: nothing printed, nothing registered, no error.
    let out = env
        .std_command(&zsh)
        .args([
            "-f",
            "-c",
            "source $1; source $1; print -r -- ${+_comps}",
            "z",
        ])
        .arg(&script)
        .output()
        .unwrap();
    assert_eq!(
        (stdout_of(&out), stderr_of(&out)),
        ("0\n".into(), "".into())
    );
    assert!(out.status.success());
    // After compinit: registered for `twenv`, still silent.
    let out = env
        .std_command(&zsh)
        .args(["-f", "-c"])
        .arg("autoload -Uz compinit; compinit -u -D; source $1; source $1; print -r -- $_comps[twenv]")
        .arg("z")
        .arg(&script)
        .output()
        .unwrap();
    assert_eq!(
        (stdout_of(&out), stderr_of(&out)),
        ("_twenv_dynamic\n".into(), "".into())
    );
}

#[test]
#[cfg_attr(
    any(missing = "bash", missing = "fish"),
    ignore = "needs bash and fish"
)]
fn corrupt_config_gives_no_completions_and_no_error_text() {
    let env = env_with_profiles();
    fs::write(env.config_path(), "profiles: [dev\n  : {{{\n").unwrap();
    // The binary itself, for every shell protocol.
    for shell in ["bash", "zsh", "fish"] {
        let out = env
            .twenv()
            .env("COMPLETE", shell)
            .env("_CLAP_COMPLETE_INDEX", "2")
            .args(["--", "twenv", "use", ""])
            .output()
            .unwrap();
        assert_eq!(stdout_of(&out), "", "{shell}");
        assert_eq!(stderr_of(&out), "", "{shell}");
    }
    if let Some(fish) = require("fish") {
        let script = registration(&env, "fish");
        let (out, err) = fish_complete(&env, &fish, &script, "twenv use ");
        assert_eq!((out, err), (vec![], String::new()));
    }
    if let Some(bash) = require("bash") {
        let script = registration(&env, "bash");
        let (out, err) = bash_complete(&env, &bash, &script, "twenv use ");
        assert_eq!((out, err), (vec![], String::new()));
        // Commands still complete: they do not come from the config.
        let (out, _) = bash_complete(&env, &bash, &script, "twenv us");
        assert_eq!(out, ["use"]);
    }
}

#[test]
#[cfg_attr(
    any(missing = "bash", missing = "fish"),
    ignore = "needs bash and fish"
)]
fn profiles_come_from_the_config_dir_the_command_will_use() {
    let Some(fish) = require("fish") else { return };
    let mut env = env_with_profiles();
    let other = env.tmp.path().join("other dir");
    env.twenv()
        .args(["login", "-p", "elsewhere", "--account-sid", &sid("AC", 7)])
        .args(["--api-key", &sid("SK", 7), "--api-secret-stdin"])
        .args(["--storage", "file", "--config-dir"])
        .arg(&other)
        .write_stdin("secret\n")
        .assert()
        .success();
    let script = registration(&env, "fish");
    let quoted = format!("'{}'", other.display());
    for line in [
        format!("twenv --config-dir {quoted} use "),
        format!("twenv use --config-dir={quoted} "),
    ] {
        let (out, _) = fish_complete(&env, &fish, &script, &line);
        assert_eq!(first_fields(&out), ["elsewhere"], "{line}");
    }
    env.set_var("TWENV_CONFIG_DIR", &other);
    let (out, _) = fish_complete(&env, &fish, &script, "twenv use ");
    assert_eq!(first_fields(&out), ["elsewhere"]);
    if let Some(bash) = require("bash") {
        let script = registration(&env, "bash");
        let (out, _) = bash_complete(&env, &bash, &script, "twenv remove ");
        assert_eq!(out, ["elsewhere"]);
    }
}

#[test]
#[cfg_attr(
    any(missing = "bash", missing = "fish"),
    ignore = "needs bash and fish"
)]
fn unset_completes_the_variable_names_of_that_profile() {
    let env = env_with_profiles();
    env.twenv()
        .args(["set", "dev", "FOO=secret-value", "BAR=2"])
        .assert()
        .success();
    env.twenv()
        .args(["set", "prod", "ONLY_PROD=1"])
        .assert()
        .success();
    if let Some(fish) = require("fish") {
        let script = registration(&env, "fish");
        let (out, _) = fish_complete(&env, &fish, &script, "twenv unset dev ");
        assert_eq!(out, ["BAR", "FOO"], "names only, never values");
        let (out, _) = fish_complete(&env, &fish, &script, "twenv unset dev FOO ");
        assert_eq!(out, ["BAR"]);
        let (out, _) = fish_complete(&env, &fish, &script, "twenv -q unset prod ");
        assert_eq!(out, ["ONLY_PROD"]);
        let (out, _) = fish_complete(&env, &fish, &script, "twenv unset nosuch ");
        assert_eq!(out, Vec::<String>::new());
    }
    if let Some(bash) = require("bash") {
        let script = registration(&env, "bash");
        let (out, _) = bash_complete(&env, &bash, &script, "twenv unset dev F");
        assert_eq!(out, ["FOO"]);
    }
}

/// Issue 10: a hand-edited env key that no command would accept (here with an
/// escape sequence in it) is never offered; a denied but valid name is, so
/// `twenv unset` can remove it.
#[test]
#[cfg_attr(missing = "fish", ignore = "fish is not installed")]
fn unset_never_offers_an_invalid_variable_name() {
    let env = env_with_profiles();
    env.twenv()
        .args(["set", "dev", "GOOD=1"])
        .assert()
        .success();
    let path = env.config_path();
    let yaml = fs::read_to_string(&path).unwrap();
    let edited = yaml.replace(
        "GOOD: '1'",
        "GOOD: '1'\n      \"BAD\\e]0;x\\aKEY\": '2'\n      PATH: /x",
    );
    assert_ne!(edited, yaml, "{yaml}");
    fs::write(&path, edited).unwrap();
    if let Some(fish) = require("fish") {
        let script = registration(&env, "fish");
        let (out, _) = fish_complete(&env, &fish, &script, "twenv unset dev ");
        assert_eq!(out, ["GOOD", "PATH"]);
    }
}

/// A Unix socket that counts the connections made to it (each is closed at
/// once, so a client fails fast instead of waiting for a reply).
struct CountingSocket {
    path: PathBuf,
    count: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl CountingSocket {
    fn new(path: PathBuf) -> Self {
        let listener = UnixListener::bind(&path).expect("bind");
        listener.set_nonblocking(true).expect("nonblocking");
        let count = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (c, s) = (count.clone(), stop.clone());
        std::thread::spawn(move || {
            while !s.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok(_) => {
                        c.fetch_add(1, Ordering::SeqCst);
                    }
                    Err(e) if e.kind() == ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(2));
                    }
                    Err(_) => return,
                }
            }
        });
        CountingSocket { path, count, stop }
    }

    fn connections(&self) -> usize {
        // Let the acceptor drain anything still queued.
        std::thread::sleep(Duration::from_millis(50));
        self.count.load(Ordering::SeqCst)
    }
}

impl Drop for CountingSocket {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

#[test]
#[cfg_attr(missing = "fish", ignore = "fish is not installed")]
fn completion_never_touches_the_keyring_and_is_instant() {
    let mut env = TestEnv::new();
    fs::create_dir_all(env.config_dir()).unwrap();
    let mut yaml = String::from("profiles:\n");
    for (id, n) in [("dev", 1), ("prod", 2), ("staging-eu", 3)] {
        yaml.push_str(&format!(
            "  {id}:\n    account_sid: {}\n    api_key: {}\n    storage: keyring\n",
            sid("AC", n),
            sid("SK", n)
        ));
    }
    fs::write(env.config_path(), yaml).unwrap();
    // The session bus is a socket that only counts who connects to it.
    let bus = CountingSocket::new(env.tmp.path().join("bus"));
    env.set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        format!("unix:path={}", bus.path.display()),
    );

    let mut slowest = Duration::ZERO;
    for shell in ["bash", "zsh", "fish"] {
        for words in [
            &["twenv", "use", ""][..],
            &["twenv", "-p", "d"],
            &["twenv", ""],
        ] {
            let started = Instant::now();
            let out = env
                .twenv()
                .env("COMPLETE", shell)
                .env("_CLAP_COMPLETE_INDEX", (words.len() - 1).to_string())
                .arg("--")
                .args(words)
                .output()
                .unwrap();
            slowest = slowest.max(started.elapsed());
            assert!(out.status.success(), "{shell} {words:?}");
            assert_eq!(stderr_of(&out), "");
            assert!(!stdout_of(&out).is_empty(), "{shell} {words:?}");
        }
    }
    if let Some(fish) = require("fish") {
        let script = registration(&env, "fish");
        let started = Instant::now();
        let (out, _) = fish_complete(&env, &fish, &script, "twenv use ");
        eprintln!(
            "fish `complete -C 'twenv use '` took {:?}",
            started.elapsed()
        );
        assert_eq!(first_fields(&out), IDS);
    }
    eprintln!("slowest completion call: {slowest:?}");
    assert!(slowest < Duration::from_secs(1), "took {slowest:?}");
    assert_eq!(
        bus.connections(),
        0,
        "completion connected to the session bus"
    );

    // The control: a command that does use the keyring is seen connecting,
    // so the zero above means something.
    env.twenv()
        .args(["remove", "dev", "--yes"])
        .timeout(Duration::from_secs(40))
        .output()
        .unwrap();
    assert!(
        bus.connections() > 0,
        "the counting socket saw no keyring use"
    );
}

#[test]
#[cfg_attr(missing = "hook-shells", ignore = "needs bash, zsh and fish")]
fn registration_quotes_an_awkward_binary_path() {
    let env = env_with_profiles();
    let dir = env.tmp.path().join("my bin's $HOME dir");
    fs::create_dir_all(&dir).unwrap();
    let bin = dir.join("twenv");
    copy_binary(&bin);
    for (shell, tool) in [("bash", "bash"), ("fish", "fish")] {
        let Some(tool) = require(tool) else { continue };
        let out = env.command(&bin).env("COMPLETE", shell).output().unwrap();
        let text = stdout_of(&out);
        assert!(out.status.success());
        let script = env.tmp.path().join(format!("awkward.{shell}"));
        fs::write(&script, text).unwrap();
        let (out, err) = if shell == "bash" {
            bash_complete(&env, &tool, &script, "twenv use ")
        } else {
            fish_complete(&env, &tool, &script, "twenv use ")
        };
        assert_eq!(first_fields(&out), IDS, "{shell}: {err}");
    }
    if let Some(zsh) = require("zsh") {
        // The command zsh would run, taken from the registered function.
        let out = env.command(&bin).env("COMPLETE", "zsh").output().unwrap();
        let script = env.tmp.path().join("awkward.zsh");
        fs::write(&script, stdout_of(&out)).unwrap();
        let out = env
            .std_command(&zsh)
            .args(["-f", "-c"])
            .arg(
                r#"source $1; words=(twenv use ''); CURRENT=3
                   _describe() { shift 2; print -rl -- ${(P)1} }
                   _twenv_dynamic"#,
            )
            .arg("z")
            .arg(&script)
            .output()
            .unwrap();
        assert_eq!(stderr_of(&out), "");
        let ids: Vec<String> = lines(&stdout_of(&out))
            .iter()
            .map(|l| l.split(':').next().unwrap_or_default().to_string())
            .collect();
        assert_eq!(ids, IDS);
    }
}

/// Nushell, set up exactly as the README says, on a terminal: the module's
/// completer offers the profile IDs (nushell completes flags from a command's
/// own signature, never through a completer, so flags are not offered).
#[test]
#[cfg_attr(any(missing = "nu", missing = "tmux"), ignore = "needs nu and tmux")]
fn nu_on_a_terminal_completes_profile_ids_after_the_readme_setup() {
    let (Some(nu), Some(tmux)) = (crate::shell::Sh::Nu.path(), require("tmux")) else {
        return;
    };
    let mut env = env_with_profiles();
    env.set_var("TERM", "xterm");
    let bin_dir = twenv_bin()
        .parent()
        .expect("a directory")
        .display()
        .to_string();
    env.set_var("PATH", format!("{bin_dir}:{}", crate::common::SYSTEM_PATH));
    // The README's lines, run by nu with `twenv` found on PATH.
    let out = env
        .std_command(&nu)
        .args(["--no-config-file", "-c"])
        .arg("mkdir ~/.config/nushell\ntwenv init nu | save -f ~/.config/nushell/twenv.nu")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let config = env.home.join(".config/nushell/config.nu");
    fs::write(
        &config,
        "use ~/.config/nushell/twenv.nu *\n\
         $env.config.show_banner = false\n\
         $env.PROMPT_COMMAND = {|| '' }\n\
         $env.PROMPT_COMMAND_RIGHT = {|| '' }\n\
         $env.PROMPT_INDICATOR = {|| '% ' }\n",
    )
    .unwrap();
    // Keys typed before nu reads them are echoed, then run: wait for that one.
    let term = Terminal::start(&env, &tmux, &nu.display().to_string(), "print ready");
    term.wait_for("nu running", |s| s.lines().any(|l| l == "ready"));

    let screen = term.tab("twenv use ", |s| s.contains("staging-eu"));
    assert!(
        screen.contains("dev") && screen.contains("prod"),
        "{screen}"
    );
    assert!(!screen.contains("login"), "only profile IDs:\n{screen}");
    // Keys right after Escape would read as Alt-key: wait for the menu to close.
    term.keys(&["Escape"]);
    term.wait_for("the menu closed", |s| !s.contains("staging-eu"));
    let screen = term.tab("twenv -p d", |s| s.contains("twenv -p dev"));
    assert!(!screen.contains("prod"), "{screen}");
    term.clear();
    term.keys(&["twenv use dev; print $\"p=($env.TWENV_PROFILE)\"", "Enter"]);
    let screen = term.wait_for("the profile in use", |s| s.lines().any(|l| l == "p=dev"));
    assert!(!screen.contains("Error"), "{screen}");
}

/// Issue 11: a command of our own on PATH, and a file in HOME (where the
/// shells start), for `exec … -- <Tab>`.
fn env_with_a_tool() -> TestEnv {
    let mut env = env_with_profiles();
    let bin = env.tmp.path().join("bin");
    fs::create_dir_all(&bin).unwrap();
    let tool = bin.join("twenvtesttool");
    fs::write(&tool, "#!/bin/sh\n").unwrap();
    crate::common::set_mode(&tool, 0o755);
    fs::write(env.home.join("notes-for-the-tool.txt"), "").unwrap();
    fs::create_dir_all(env.home.join("a-directory")).unwrap();
    fs::write(env.home.join("a-file"), "").unwrap();
    env.set_var(
        "PATH",
        format!("{}:{}", bin.display(), crate::common::SYSTEM_PATH),
    );
    env
}

#[test]
#[cfg_attr(missing = "bash", ignore = "bash is not installed")]
fn bash_completes_the_command_after_exec_and_its_files_without_bash_completion() {
    let Some(bash) = require("bash") else { return };
    let env = env_with_a_tool();
    let script = registration(&env, "bash");
    for line in [
        "twenv exec -p dev -- twenvtest",
        "twenv -p dev exec -- twenvtest",
        "twenv exec -- twenvtest",
    ] {
        let (got, err) = bash_complete(&env, &bash, &script, line);
        assert_eq!(got, ["twenvtesttool"], "{line}: {err}");
    }
    let (got, _) = bash_complete(
        &env,
        &bash,
        &script,
        "twenv exec -p dev -- twenvtesttool not",
    );
    assert_eq!(got, ["notes-for-the-tool.txt"]);
    // No `--`: not a command line of its own (the binary's own answers).
    let (got, _) = bash_complete(&env, &bash, &script, "twenv use twenvtest");
    assert!(got.is_empty(), "{got:?}");
    // With bash-completion loaded, its offset function does the work.
    let with = env.tmp.path().join("with-bash-completion.bash");
    fs::write(
        &with,
        format!(
            "source {}\n_comp_command_offset() {{ COMPREPLY=(\"offset:$1\"); }}\n",
            script.display()
        ),
    )
    .unwrap();
    let (got, _) = bash_complete(&env, &bash, &with, "twenv exec -p dev -- git chec");
    assert_eq!(got, ["offset:5"]);
}

#[test]
#[cfg_attr(missing = "fish", ignore = "fish is not installed")]
fn fish_completes_the_command_after_exec_as_fish_would() {
    let Some(fish) = require("fish") else { return };
    let env = env_with_a_tool();
    let script = registration(&env, "fish");
    // Not --no-config: fish's own completions (for ls) live in its data dirs.
    let complete = |line: &str| {
        let out = env
            .std_command(&fish)
            .args(["-c", "source $argv[1]; complete -C $argv[2]"])
            .arg(&script)
            .arg(line)
            .output()
            .expect("run fish");
        assert!(out.status.success(), "{}", stderr_of(&out));
        first_fields(&lines(&stdout_of(&out)))
    };
    assert_eq!(
        complete("twenv exec -p dev -- twenvtest"),
        ["twenvtesttool"]
    );
    assert_eq!(
        complete("twenv exec -p dev -- twenvtesttool not"),
        ["notes-for-the-tool.txt"]
    );
    let flags = complete("twenv exec -- ls --colo");
    assert!(flags.iter().any(|f| f == "--color"), "{flags:?}");
    // Without `--`, profile IDs as before.
    assert_eq!(complete("twenv exec -p sta"), ["staging-eu"]);
}

#[test]
#[cfg_attr(any(missing = "zsh", missing = "tmux"), ignore = "needs zsh and tmux")]
fn zsh_completes_the_command_after_exec_on_a_terminal() {
    let (Some(zsh), Some(tmux)) = (require("zsh"), require("tmux")) else {
        return;
    };
    let mut env = env_with_a_tool();
    env.set_var("TERM", "xterm");
    let script = registration(&env, "zsh");
    let term = Terminal::start(&env, &tmux, &format!("{} -f", zsh.display()), "PS1='%% '");
    term.run(&format!(
        "autoload -Uz compinit && compinit -u -D && source {}",
        script.display()
    ));
    term.tab("twenv exec -p dev -- twenvtest", |s| {
        s.contains("-- twenvtesttool")
    });
    term.tab("twenv exec -p dev -- twenvtesttool not", |s| {
        s.contains("twenvtesttool notes-for-the-tool.txt")
    });
    term.tab("twenv exec -- ls --colo", |s| s.contains("ls --color"));
}

#[test]
#[cfg_attr(
    any(missing = "bash", missing = "fish"),
    ignore = "needs bash and fish"
)]
fn region_edge_and_config_dir_complete_their_values() {
    let (Some(bash), Some(fish)) = (require("bash"), require("fish")) else {
        return;
    };
    let env = env_with_a_tool();
    let bash_script = registration(&env, "bash");
    let (got, _) = bash_complete(&env, &bash, &bash_script, "twenv login --region ");
    assert_eq!(got, ["us1", "ie1", "au1", "jp1", "de1", "sg1", "br1"]);
    let (got, _) = bash_complete(&env, &bash, &bash_script, "twenv login --edge s");
    assert_eq!(got, ["sao-paulo", "singapore", "sydney"]);
    let (got, _) = bash_complete(&env, &bash, &bash_script, "twenv login --edge ");
    assert!(got.contains(&"umatilla".to_string()) && got.contains(&"roaming".to_string()));
    // Directories only: not the files beside them.
    let (got, _) = bash_complete(&env, &bash, &bash_script, "twenv --config-dir a");
    assert_eq!(got, ["a-directory/"]);
    let fish_script = registration(&env, "fish");
    let (got, _) = fish_complete(&env, &fish, &fish_script, "twenv login --region i");
    assert_eq!(got, ["ie1\tIreland"]);
    let (got, _) = fish_complete(&env, &fish, &fish_script, "twenv list --config-dir a");
    assert_eq!(first_fields(&got), ["a-directory/"]);
}
