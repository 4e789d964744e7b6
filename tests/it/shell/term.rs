//! A real interactive shell on a terminal: tmux runs it, the test types into
//! it and reads what it left behind. Prompts, PROMPT_COMMAND, precmd and
//! fish_prompt run exactly as they do for a person.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;
use std::time::{Duration, Instant};

use super::*;

pub struct Term {
    tmux: PathBuf,
    socket: PathBuf,
    pub scratch: PathBuf,
    n: usize,
    sh: Sh,
}

/// How to start a shell interactively with `rc` as its only startup file.
pub fn shell_argv(sh: Sh, path: &Path, scratch: &Path, rc: &str) -> Vec<String> {
    let p = path.display().to_string();
    match sh {
        Sh::Bash => {
            let file = scratch.join("bashrc");
            fs::write(&file, rc).unwrap();
            vec![
                p,
                "--noprofile".into(),
                "--rcfile".into(),
                file.display().to_string(),
                "-i".into(),
            ]
        }
        Sh::Zsh => {
            let zdot = scratch.join("zdot");
            fs::create_dir_all(&zdot).unwrap();
            fs::write(zdot.join(".zshrc"), rc).unwrap();
            vec![
                "/usr/bin/env".into(),
                format!("ZDOTDIR={}", zdot.display()),
                p,
                "-d".into(),
                "-i".into(),
            ]
        }
        Sh::Fish => {
            let file = scratch.join("rc.fish");
            fs::write(&file, rc).unwrap();
            vec![
                p,
                "--no-config".into(),
                "-i".into(),
                "-C".into(),
                format!("source {}", file.display()),
            ]
        }
        Sh::Dash | Sh::Nu => unreachable!("no automatic switching in {}", sh.name()),
    }
}

/// The rc every terminal test uses: a prompt that starts no process, then the hook.
pub fn rc_with(sh: Sh, hook: &str) -> String {
    match sh {
        Sh::Bash => format!("PS1='bash[$?]$ '\n{hook}"),
        Sh::Zsh => format!("PS1='zsh[%?]%# '\nunsetopt prompt_sp\n{hook}"),
        Sh::Fish => format!(
            "set -g fish_greeting\nfunction fish_prompt; printf 'fish[%s]> ' $status; end\n\
             function fish_title; end\n{hook}"
        ),
        Sh::Dash | Sh::Nu => unreachable!(),
    }
}

impl Term {
    /// Starts `sh` with `rc` in `cwd`; `prefix` goes before the shell (strace).
    pub fn start(env: &TestEnv, sh: Sh, rc: &str, cwd: &Path, prefix: &[String]) -> Option<Term> {
        let tmux = require("tmux")?;
        let path = sh.path()?;
        let scratch = tempfile::Builder::new()
            .prefix("term")
            .tempdir_in(env.tmp.path())
            .unwrap()
            .keep();
        let socket = scratch.join("sock");
        let mut argv: Vec<String> = prefix.to_vec();
        argv.extend(shell_argv(sh, &path, &scratch, rc));
        let status = env
            .std_command(&tmux)
            .arg("-S")
            .arg(&socket)
            .args([
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "250",
                "-y",
                "50",
                "-c",
            ])
            .arg(cwd)
            .arg("--")
            .args(&argv)
            .status()
            .expect("start tmux");
        assert!(status.success(), "tmux new-session failed");
        let term = Term {
            tmux,
            socket,
            scratch,
            n: 0,
            sh,
        };
        // Scrollback for the notes the test reads back.
        term.tmux(&["set-option", "-g", "history-limit", "10000"]);
        Some(term)
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = StdCommand::new(&self.tmux)
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Types one line and Enter.
    pub fn type_line(&self, line: &str) {
        self.tmux(&["send-keys", "-t", "0", "-l", "--", line]);
        self.tmux(&["send-keys", "-t", "0", "Enter"]);
    }

    /// Types `line`, then waits until the shell has run it and drawn its next
    /// prompt (a marker command typed after it has run).
    pub fn run(&mut self, line: &str) {
        self.type_line(line);
        self.sync();
    }

    /// The path of the next marker, for tests that look for it in a trace.
    pub fn marker(&self, n: usize) -> PathBuf {
        self.scratch.join(format!("mark-{n}"))
    }

    /// Types a marker command (a builtin redirect, no process) and waits for it.
    pub fn sync(&mut self) -> usize {
        self.n += 1;
        let n = self.n;
        let mark = self.marker(n);
        self.type_line(&format!(
            "true > {}",
            quote_posix(&mark.display().to_string())
        ));
        self.wait_for(&mark);
        n
    }

    fn wait_for(&self, file: &Path) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !file.exists() {
            assert!(
                Instant::now() < deadline,
                "{} did not get to {}; the screen:\n{}",
                self.sh.name(),
                file.display(),
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The exported environment of the shell now.
    pub fn env_now(&mut self) -> BTreeMap<String, String> {
        self.n += 1;
        let dump = self.scratch.join(format!("env-{}", self.n));
        let done = self.scratch.join(format!("env-{}-done", self.n));
        self.type_line(&format!(
            "/usr/bin/env -0 > {}; true > {}",
            quote_posix(&dump.display().to_string()),
            quote_posix(&done.display().to_string())
        ));
        self.wait_for(&done);
        let mut vars = read_env_dump(&dump);
        // Set by tmux and the shell themselves, not by twenv.
        for name in [
            "TMUX",
            "TMUX_PANE",
            "TERM",
            "SHLVL",
            "PWD",
            "OLDPWD",
            "COLUMNS",
            "LINES",
        ] {
            vars.remove(name);
        }
        vars
    }

    /// Everything on the terminal so far, wrapped lines joined.
    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-J", "-S", "-10000", "-t", "0"])
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
    }
}
