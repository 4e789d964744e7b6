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
    /// Lines typed so far.
    typed: usize,
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
        Sh::Nu => {
            let config = scratch.join("config.nu");
            let env_config = scratch.join("env.nu");
            let prompts = scratch.join("prompts");
            fs::write(
                &config,
                rc.replace(PROMPT_LOG, &prompts.display().to_string()),
            )
            .unwrap();
            fs::write(&env_config, "").unwrap();
            vec![
                p,
                "--config".into(),
                config.display().to_string(),
                "--env-config".into(),
                env_config.display().to_string(),
            ]
        }
        Sh::Dash => unreachable!("no automatic switching in {}", sh.name()),
    }
}

/// In nu's config, the file that each prompt appends a byte to.
const PROMPT_LOG: &str = "__PROMPT_LOG__";

/// The rc every terminal test uses: a prompt that starts no process, then the hook.
pub fn rc_with(sh: Sh, hook: &str) -> String {
    match sh {
        Sh::Bash => format!("PS1='bash[$?]$ '\n{hook}"),
        Sh::Zsh => format!("PS1='zsh[%?]%# '\nunsetopt prompt_sp\n{hook}"),
        Sh::Fish => format!(
            "set -g fish_greeting\nfunction fish_prompt; printf 'fish[%s]> ' $status; end\n\
             function fish_title; end\n{hook}"
        ),
        // `hook` loads the module (`use FILE *`): its own lines of config.nu.
        // Each prompt is logged (see `Term::type_line`).
        Sh::Nu => format!(
            "$env.config.show_banner = false\n$env.config.history.file_format = 'plaintext'\n\
             $env.PROMPT_COMMAND = {{|| '.' | save --append r#'{PROMPT_LOG}'#; \
             $\"nu[($env.LAST_EXIT_CODE)]\" }}\n\
             $env.PROMPT_COMMAND_RIGHT = ''\n$env.PROMPT_INDICATOR = '> '\n{hook}"
        ),
        Sh::Dash => unreachable!(),
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
            typed: 0,
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

    /// Types one line and Enter. nu's line editor drops what is typed
    /// ahead while a command runs, so there it waits for the prompt first.
    pub fn type_line(&mut self, line: &str) {
        if self.sh == Sh::Nu {
            let prompts = self.scratch.join("prompts");
            let deadline = Instant::now() + Duration::from_secs(20);
            while fs::metadata(&prompts).map_or(0, |m| m.len()) <= self.typed as u64 {
                assert!(
                    Instant::now() < deadline,
                    "nu drew no prompt for line {}; the screen:\n{}",
                    self.typed + 1,
                    self.screen()
                );
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        self.typed += 1;
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
        let mark_path = quote_posix(&mark.display().to_string());
        self.type_line(&match self.sh {
            // nu's `>` compares; its `touch` is a builtin.
            Sh::Nu => format!("touch {mark_path}"),
            _ => format!("true > {mark_path}"),
        });
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
        let (dump_path, done_path) = (
            quote_posix(&dump.display().to_string()),
            quote_posix(&done.display().to_string()),
        );
        self.type_line(&match self.sh {
            Sh::Nu => format!("^/usr/bin/env -0 o> {dump_path}; touch {done_path}"),
            _ => format!("/usr/bin/env -0 > {dump_path}; true > {done_path}"),
        });
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
        // The pane's process and its children go first: a shell run under
        // strace (or one that took its own process group) would outlive the
        // server and spin on the closed terminal.
        for pid in self
            .tmux(&["list-panes", "-a", "-F", "#{pane_pid}"])
            .split_whitespace()
        {
            let _ = StdCommand::new("pkill").args(["-KILL", "-P", pid]).status();
            let _ = StdCommand::new("kill").args(["-KILL", pid]).status();
        }
        self.tmux(&["kill-server"]);
    }
}
