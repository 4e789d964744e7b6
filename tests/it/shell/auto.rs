//! Automatic switching on `cd` (issue 12, DESIGN §11) in real interactive
//! bash, zsh and fish on a terminal (tmux): entering, nesting, leaving with
//! exact restoration, manual `use`/`unuse` winning, trust, broken pins, odd
//! paths, new panes and child shells, and how many processes a prompt costs.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use super::term::{Term, rc_with, shell_argv};
use super::*;

const DEV_SECRET: &str = "dev-S3CRET-'q'\"$x\\";
const PROD_SECRET: &str = "prod-S3CRET-`z`";
/// Set before entering any pin, and expected back byte for byte on leaving.
const REGION_BEFORE: &str = "before 'q' \"$x\" \\ `y`\n\ttab ünï";

struct Project {
    env: TestEnv,
    dev: ProfileSpec,
    prod: ProfileSpec,
}

impl Project {
    fn dir(&self, rel: &str) -> PathBuf {
        self.env.home.join(rel)
    }

    fn pin(&self, id: &str, rel: &str) {
        let out = self
            .env
            .twenv()
            .args(["pin", id])
            .arg(self.dir(rel))
            .output()
            .unwrap();
        assert_ran_ok(&out, &format!("pin {id} {rel}"));
    }
}

fn assert_ran_ok(out: &Output, what: &str) {
    assert!(out.status.success(), "{what}: {}", stderr_of(out));
}

/// dev pinned to ~/app, prod to ~/app/inner; ~/plain has no pin. Every
/// directory is in an exported D_* variable, so the tests type `cd "$D_APP"`.
fn project() -> Project {
    let mut env = TestEnv::new();
    let mut dev = ProfileSpec::new("dev", 1, DEV_SECRET);
    dev.env = vec![("TWILIO_PHONE_NUMBER".into(), "+15005550006".into())];
    dev.region = Some("ie1".into());
    let prod = ProfileSpec::new("prod", 2, PROD_SECRET);
    write_profiles(&env, &[&dev, &prod], None);
    env.set_var("TWILIO_REGION", REGION_BEFORE);
    env.set_var("TWILIO_AUTH_TOKEN", "a-stray-token");
    for (var, rel) in [
        ("D_APP", "app"),
        ("D_SUB", "app/sub"),
        ("D_INNER", "app/inner"),
        ("D_PLAIN", "plain"),
        ("D_BROKEN", "app/broken"),
    ] {
        let dir = env.home.join(rel);
        fs::create_dir_all(&dir).unwrap();
        env.set_var(var, &dir);
    }
    let p = Project { env, dev, prod };
    p.pin("dev", "app");
    p.pin("prod", "app/inner");
    // A nested pin that cannot be applied: entering it leaves dev's pin.
    fs::create_dir_all(p.dir("app/broken/.twenv-profile")).unwrap();
    p
}

fn hook(sh: Sh) -> String {
    // Sourced twice, as a re-read rc would.
    format!("{}{}", sh.source_hook(), sh.source_hook())
}

fn term(p: &Project, sh: Sh, extra_rc: &str, cwd: &Path) -> Option<Term> {
    let rc = rc_with(sh, &format!("{extra_rc}{}", hook(sh)));
    Term::start(&p.env, sh, &rc, cwd, &[])
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

fn no_secret_on(screen: &str, sh: Sh) {
    for secret in [DEV_SECRET, PROD_SECRET, "S3CRET"] {
        assert!(
            !screen.contains(secret),
            "{}: a secret reached the terminal:\n{screen}",
            sh.name()
        );
    }
}

#[test]
#[cfg_attr(
    any(missing = "hook-shells", missing = "tmux"),
    ignore = "needs bash, zsh, fish and tmux"
)]
fn entering_switches_nesting_switches_again_and_leaving_restores_exactly() {
    for sh in HOOK_SHELLS {
        let p = project();
        let Some(mut t) = term(&p, sh, "", &p.env.home) else {
            continue;
        };
        let before = t.env_now();
        assert_eq!(before["TWILIO_REGION"], REGION_BEFORE, "{}", sh.name());
        assert!(!before.contains_key("TWILIO_PHONE_NUMBER"));
        let dev = p.dev.apply(&before);
        let prod = p.prod.apply(&before);

        t.run("cd \"$D_APP\"");
        assert_eq!(t.env_now(), dev, "{}: entering ~/app", sh.name());
        t.run("cd sub");
        assert_eq!(t.env_now(), dev, "{}: below the same pin", sh.name());
        t.run("cd \"$D_INNER\"");
        assert_eq!(
            t.env_now(),
            prod,
            "{}: a nested pin (nearest wins)",
            sh.name()
        );
        t.run("cd ..");
        assert_eq!(t.env_now(), dev, "{}: back under ~/app's pin", sh.name());
        t.run("cd \"$D_PLAIN\"");
        assert_eq!(
            t.env_now(),
            before,
            "{}: leaving restores exactly",
            sh.name()
        );

        t.run("pushd \"$D_INNER\"");
        assert_eq!(t.env_now(), prod, "{}: pushd", sh.name());
        t.run("popd");
        assert_eq!(t.env_now(), before, "{}: popd", sh.name());

        // A nested pin that is broken: the shell leaves dev's pin, as `unuse`.
        t.run("cd \"$D_APP\"");
        t.run("cd \"$D_BROKEN\"");
        assert_eq!(t.env_now(), before, "{}: under a broken pin", sh.name());
        t.run("cd \"$D_PLAIN\"");
        assert_eq!(t.env_now(), before, "{}", sh.name());

        let screen = t.screen();
        assert_eq!(
            count(&screen, "twenv: using dev (~/app/.twenv-profile)"),
            3,
            "{}:\n{screen}",
            sh.name()
        );
        assert!(
            screen.contains("twenv: using prod (~/app/inner/.twenv-profile)"),
            "{}:\n{screen}",
            sh.name()
        );
        assert!(
            screen.contains("not a regular file"),
            "{}:\n{screen}",
            sh.name()
        );
        no_secret_on(&screen, sh);
    }
}

#[test]
#[cfg_attr(
    any(missing = "hook-shells", missing = "tmux"),
    ignore = "needs bash, zsh, fish and tmux"
)]
fn manual_use_and_unuse_win_until_another_pin_applies() {
    for sh in HOOK_SHELLS {
        let p = project();
        let Some(mut t) = term(&p, sh, "", &p.env.home) else {
            continue;
        };
        let before = t.env_now();
        let dev = p.dev.apply(&before);
        let prod = p.prod.apply(&before);
        t.run("cd \"$D_APP\"");
        t.run("twenv use prod");
        assert_eq!(t.env_now(), prod, "{}", sh.name());
        t.run("cd sub");
        assert_eq!(
            t.env_now(),
            prod,
            "{}: same pin, manual use stays",
            sh.name()
        );
        t.run("cd \"$D_PLAIN\"");
        assert_eq!(
            t.env_now(),
            prod,
            "{}: leaving keeps the manual use",
            sh.name()
        );
        t.run("cd \"$D_APP\"");
        assert_eq!(t.env_now(), dev, "{}: a pin applies again", sh.name());
        t.run("twenv unuse");
        assert_eq!(t.env_now(), before, "{}", sh.name());
        t.run("cd sub");
        t.run("cd \"$D_PLAIN\"");
        assert_eq!(t.env_now(), before, "{}: after a manual unuse", sh.name());
        t.run("cd \"$D_INNER\"");
        assert_eq!(t.env_now(), prod, "{}: a different pin file", sh.name());
        t.run("twenv unuse");
        assert_eq!(
            t.env_now(),
            before,
            "{}: unuse undoes the pin's switch",
            sh.name()
        );
    }
}

#[test]
#[cfg_attr(
    any(missing = "hook-shells", missing = "tmux"),
    ignore = "needs bash, zsh, fish and tmux"
)]
fn untrusted_and_broken_pins_are_never_applied_and_noted_once() {
    for sh in HOOK_SHELLS {
        let mut p = project();
        let d = |rel: &str| {
            let dir = p.env.home.join(rel);
            fs::create_dir_all(&dir).unwrap();
            dir
        };
        // Hand-written (as from a git clone): untrusted.
        fs::write(d("cloned").join(".twenv-profile"), "prod\n").unwrap();
        // Edited after `pin`.
        d("edited");
        p.pin("dev", "edited");
        fs::write(p.dir("edited/.twenv-profile"), "dev\n# edited\n").unwrap();
        // Moved after `pin`.
        d("moved-from");
        d("moved-to");
        p.pin("dev", "moved-from");
        fs::rename(
            p.dir("moved-from/.twenv-profile"),
            p.dir("moved-to/.twenv-profile"),
        )
        .unwrap();
        // Denied after `pin`.
        d("denied");
        p.pin("dev", "denied");
        assert_ran_ok(
            &p.env
                .twenv()
                .arg("deny")
                .arg(p.dir("denied"))
                .output()
                .unwrap(),
            "deny",
        );
        // Trusted, but naming a profile that does not exist.
        fs::write(d("ghost").join(".twenv-profile"), "ghost\n").unwrap();
        assert_ran_ok(
            &p.env
                .twenv()
                .arg("allow")
                .arg(p.dir("ghost"))
                .output()
                .unwrap(),
            "allow ghost",
        );
        // A symlink to a trusted pin, and a FIFO that would block a reader.
        symlink(
            p.dir("app/.twenv-profile"),
            d("linked").join(".twenv-profile"),
        )
        .unwrap();
        let fifo = d("fifo").join(".twenv-profile");
        let c = std::ffi::CString::new(fifo.display().to_string()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        // A malformed ID that tries a path.
        fs::write(d("traversal").join(".twenv-profile"), "../../prod\n").unwrap();
        let cases = [
            "cloned",
            "edited",
            "moved-to",
            "denied",
            "ghost",
            "linked",
            "fifo",
            "traversal",
        ];
        for (i, rel) in cases.iter().enumerate() {
            p.env.set_var(&format!("D_CASE{i}"), p.dir(rel));
        }
        let Some(mut t) = term(&p, sh, "", &p.env.home) else {
            continue;
        };
        let before = t.env_now();
        for (i, case) in cases.iter().enumerate() {
            t.run(&format!("cd \"$D_CASE{i}\""));
            assert_eq!(t.env_now(), before, "{}: {case} was applied", sh.name());
            t.run("cd \"$D_PLAIN\"");
        }
        // Into the clone again: no second note.
        t.run("cd \"$D_CASE0\"");
        t.run("cd \"$D_PLAIN\"");
        // Lines are joined: a note may share a line with typed-ahead text.
        let screen = t.screen().replace('\n', "");
        assert_eq!(
            count(&screen, "skipping the directory's pin: "),
            cases.len(),
            "{}: one note per pin:\n{screen}",
            sh.name()
        );
        for (rel, says) in [
            (
                "cloned",
                "is not trusted; if you trust it, run `twenv allow",
            ),
            ("edited", "is not trusted"),
            ("moved-to", "is not trusted"),
            ("denied", "is not trusted"),
            ("ghost", "names profile 'ghost', which does not exist"),
            ("linked", "is a symlink"),
            ("fifo", "not a regular file"),
            ("traversal", "not a profile ID"),
        ] {
            assert!(
                screen
                    .split("skipping the directory's pin: ")
                    .any(|n| n.contains(&format!("~/{rel}/.twenv-profile")) && n.contains(says)),
                "{}: no note for {rel} saying {says:?}:\n{screen}",
                sh.name()
            );
        }
        // `allow` makes the clone apply at the next `cd` into it.
        t.run("twenv allow \"$D_CASE0\"");
        t.run("cd \"$D_CASE0\"");
        assert_eq!(
            t.env_now(),
            p.prod.apply(&before),
            "{}: after allow",
            sh.name()
        );
        no_secret_on(&t.screen(), sh);
    }
}

#[test]
#[cfg_attr(
    any(missing = "hook-shells", missing = "tmux"),
    ignore = "needs bash, zsh, fish and tmux"
)]
fn a_new_terminal_in_a_pinned_directory_switches_before_its_first_prompt() {
    for sh in HOOK_SHELLS {
        let p = project();
        let Some(mut t) = term(&p, sh, "", &p.dir("app/sub")) else {
            continue;
        };
        let first = t.env_now();
        assert_eq!(first["TWENV_PROFILE"], "dev", "{}", sh.name());
        assert_eq!(first["TWILIO_API_SECRET"], DEV_SECRET, "{}", sh.name());
        // A child shell inherits the pinned profile and does nothing.
        let argv = shell_argv(sh, &sh.path().unwrap(), &t.scratch, &rc_with(sh, &hook(sh)));
        let line: Vec<String> = argv.iter().map(|a| quote_posix(a)).collect();
        t.run(&line.join(" "));
        assert_eq!(
            t.env_now(),
            first,
            "{}: the child shell changed something",
            sh.name()
        );
        t.run("cd ..");
        assert_eq!(t.env_now(), first, "{}: same pin in the child", sh.name());
        let screen = t.screen();
        assert_eq!(
            count(&screen, "twenv: using dev"),
            1,
            "{}: the child switched again:\n{screen}",
            sh.name()
        );
        t.run("exit");
        assert_eq!(t.env_now(), first, "{}: back in the parent", sh.name());
    }
}

#[test]
#[cfg_attr(
    any(missing = "hook-shells", missing = "tmux"),
    ignore = "needs bash, zsh, fish and tmux"
)]
fn odd_paths_deleted_directories_and_strict_options() {
    for sh in HOOK_SHELLS {
        let mut p = project();
        let odd = p.dir("odd dir\nwith a 'newline' and $x");
        fs::create_dir_all(odd.join("below")).unwrap();
        let out = p
            .env
            .twenv()
            .arg("pin")
            .arg("dev")
            .arg(&odd)
            .output()
            .unwrap();
        assert_ran_ok(&out, "pin in an odd directory");
        p.env.set_var("D_ODD", odd.join("below"));
        fs::create_dir_all(p.dir("app/gone")).unwrap();
        p.env.set_var("D_GONE", p.dir("app/gone"));
        p.env.set_var("D_NEVER", p.dir("app/never"));
        // Strict options and tracing, as some people keep them on.
        let strict = match sh {
            Sh::Bash => "set -eu\n",
            Sh::Zsh => "setopt nounset errexit\n",
            Sh::Fish | Sh::Dash | Sh::Nu => "",
        };
        let Some(mut t) = term(&p, sh, strict, &p.env.home) else {
            continue;
        };
        let before = t.env_now();
        let dev = p.dev.apply(&before);
        t.run(match sh {
            Sh::Fish => "set -g fish_trace 1",
            _ => "set -x",
        });
        t.run("cd \"$D_ODD\"");
        assert_eq!(t.env_now(), dev, "{}: a path with a newline", sh.name());
        t.run("cd \"$D_PLAIN\"");
        assert_eq!(t.env_now(), before, "{}", sh.name());
        // The status of the last command survives the hook for the prompt
        // (`!` fails without tripping errexit).
        assert!(!t.screen().contains("[1]"), "{}", sh.name());
        t.run("cd \"$D_APP\"; ! true");
        assert!(
            t.screen().contains("[1]"),
            "{}: $? lost:\n{}",
            sh.name(),
            t.screen()
        );
        // The directory the shell is in goes away; the shell goes on.
        t.run("cd \"$D_GONE\"");
        fs::remove_dir(p.dir("app/gone")).unwrap();
        t.run("cd \"$D_NEVER\" || true");
        assert_eq!(t.env_now(), dev, "{}: in a deleted directory", sh.name());
        t.run("cd \"$D_PLAIN\"");
        assert_eq!(
            t.env_now(),
            before,
            "{}: after a deleted directory",
            sh.name()
        );
        t.run(match sh {
            Sh::Fish => "set -e fish_trace",
            _ => "set +x",
        });
        let screen = t.screen();
        no_secret_on(&screen, sh);
        let traced = match sh {
            Sh::Fish => "> cd ",
            _ => "__twenv_auto_hook",
        };
        assert!(
            screen.contains(traced),
            "{}: tracing was not on, so the test proves nothing:\n{screen}",
            sh.name()
        );
    }
}

/// A `$PWD` set by hand to a relative path, `.` or nothing has no parents to
/// walk up to: the hook gives up at once instead of spinning at every prompt.
#[test]
#[cfg_attr(missing = "hook-shells", ignore = "needs bash, zsh and fish")]
fn a_pwd_set_to_a_relative_path_never_hangs_the_prompt() {
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    for sh in [Sh::Bash, Sh::Zsh] {
        let Some(path) = sh.path() else { continue };
        let p = project();
        for pwd in ["relative/dir", ".", ""] {
            let script = format!(
                "{}cd \"$D_SUB\"\nPWD='{pwd}'\n__twenv_auto_hook\necho survived\n",
                sh.source_hook()
            );
            let mut child = p
                .env
                .std_command(&path)
                .args(sh.args())
                .arg("-c")
                .arg(&script)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let deadline = Instant::now() + Duration::from_secs(20);
            while child.try_wait().unwrap().is_none() {
                if Instant::now() > deadline {
                    child.kill().unwrap();
                    panic!("{}: the hook hangs with PWD='{pwd}'", sh.name());
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let out = child.wait_with_output().unwrap();
            assert_eq!(
                stdout_of(&out),
                "survived\n",
                "{} PWD='{pwd}': {}",
                sh.name(),
                stderr_of(&out)
            );
        }
    }
}

/// bash tests the 16 nearest levels in one condition and walks only when a
/// pin is among them or the path goes deeper: every level of a 24-deep tree
/// below a pin, and of one with no pin, crosses that boundary (and the one
/// of any other shortcut) on the way down and back up.
#[test]
#[cfg_attr(
    any(missing = "hook-shells", missing = "tmux"),
    ignore = "needs bash, zsh, fish and tmux"
)]
fn every_level_of_a_deep_tree_finds_the_pin_above_it_or_none() {
    for sh in HOOK_SHELLS {
        let mut p = project();
        let deep = |root: &str| (1..=24).fold(p.dir(root), |d, i| d.join(format!("l{i}")));
        let (pinned, plain) = (deep("app"), deep("plain"));
        fs::create_dir_all(&pinned).unwrap();
        fs::create_dir_all(&plain).unwrap();
        p.env.set_var("D_DEEP_PINNED", &pinned);
        p.env.set_var("D_DEEP_PLAIN", &plain);
        // A pin far down, below 20 unpinned levels: found from beneath it.
        let low = plain.parent().unwrap().parent().unwrap();
        let out = p
            .env
            .twenv()
            .args(["pin", "prod"])
            .arg(low)
            .output()
            .unwrap();
        assert_ran_ok(&out, "pin prod deep down");
        let Some(mut t) = term(&p, sh, "", &p.env.home) else {
            continue;
        };
        let before = t.env_now();
        let dev = p.dev.apply(&before);
        let prod = p.prod.apply(&before);
        let name = sh.name();
        t.run("cd \"$D_APP\"");
        for level in 1..=24 {
            t.run(&format!("cd l{level}"));
            assert_eq!(t.env_now(), dev, "{name}: {level} levels below the pin");
        }
        t.run("cd \"$D_DEEP_PLAIN\"");
        assert_eq!(t.env_now(), prod, "{name}: two levels below a deep pin");
        for level in (1..=23).rev() {
            t.run("cd ..");
            let expected = if level >= 22 { &prod } else { &before };
            assert_eq!(&t.env_now(), expected, "{name}: up to plain/.../l{level}");
        }
        no_secret_on(&t.screen(), sh);
    }
}

#[test]
#[cfg_attr(
    any(missing = "hook-shells", missing = "tmux"),
    ignore = "needs bash, zsh, fish and tmux"
)]
fn no_auto_leaves_automatic_switching_out() {
    for sh in HOOK_SHELLS {
        let p = project();
        let bin = quote_posix(&twenv_bin().display().to_string());
        let hook = match sh {
            Sh::Fish => format!("{bin} init fish --no-auto | source\n"),
            _ => format!("eval \"$({bin} init {} --no-auto)\"\n", sh.name()),
        };
        let Some(mut t) = Term::start(&p.env, sh, &rc_with(sh, &hook), &p.dir("app"), &[]) else {
            continue;
        };
        let before = t.env_now();
        assert!(!before.contains_key("TWENV_PROFILE"), "{}", sh.name());
        t.run("cd \"$D_INNER\"");
        assert_eq!(t.env_now(), before, "{}", sh.name());
        // The rest of the hook is there.
        t.run("twenv use dev");
        assert_eq!(t.env_now(), p.dev.apply(&before), "{}", sh.name());
        let out = p
            .env
            .twenv()
            .args(["init", sh.name(), "--no-auto"])
            .output()
            .unwrap();
        assert!(!stdout_of(&out).contains("__twenv_auto"), "{}", sh.name());
    }
}

/// Process creations in an strace log between the lines that open two marker files.
fn processes_between(trace: &str, from: &Path, to: &Path) -> usize {
    between(trace, from, to)
        .lines()
        .filter(|l| {
            let forks = l.contains(" fork(") || l.contains(" vfork(");
            let clones =
                (l.contains(" clone(") || l.contains(" clone3(")) && !l.contains("CLONE_THREAD");
            (forks || clones) && !l.contains("resumed>")
        })
        .count()
}

/// Programs started (execve) in an strace log between two markers.
fn programs_between(trace: &str, from: &Path, to: &Path) -> usize {
    between(trace, from, to)
        .lines()
        .filter(|l| l.contains(" execve(") && !l.contains("resumed>"))
        .count()
}

fn between<'a>(trace: &'a str, from: &Path, to: &Path) -> &'a str {
    let (from, to) = (from.display().to_string(), to.display().to_string());
    let start = trace
        .find(&from)
        .unwrap_or_else(|| panic!("no {from} in the trace"));
    let end = trace[start..]
        .find(&to)
        .unwrap_or_else(|| panic!("no {to} in the trace"))
        + start;
    &trace[start..end]
}

#[test]
#[cfg_attr(
    any(missing = "hook-shells", missing = "tmux", missing = "strace"),
    ignore = "needs bash, zsh, fish, tmux and strace"
)]
fn prompts_start_no_process_unless_the_pin_changes() {
    let Some(strace) = require("strace") else {
        return;
    };
    for sh in HOOK_SHELLS {
        let mut p = project();
        let deep = |root: &str| (1..=10).fold(p.dir(root), |d, i| d.join(format!("d{i}")));
        let (a, b) = (deep("plain"), deep("other"));
        fs::create_dir_all(&a).unwrap();
        fs::create_dir_all(&b).unwrap();
        p.env.set_var("D_DEEP_A", &a);
        p.env.set_var("D_DEEP_B", &b);
        let scratch = tempfile::tempdir_in(p.env.tmp.path()).unwrap();
        let trace = scratch.path().join("trace");
        let prefix: Vec<String> = vec![
            strace.display().to_string(),
            "-f".into(),
            "-o".into(),
            trace.display().to_string(),
            "-e".into(),
            "trace=execve,clone,clone3,fork,vfork,openat".into(),
        ];
        let rc = rc_with(sh, &hook(sh));
        let Some(mut t) = Term::start(&p.env, sh, &rc, &p.env.home, &prefix) else {
            continue;
        };
        let m0 = t.sync();
        for _ in 0..5 {
            t.type_line("");
        }
        let m1 = t.sync();
        t.run("cd \"$D_DEEP_A\"");
        let m2 = t.sync();
        t.run("cd \"$D_DEEP_B\"");
        t.run("cd \"$D_DEEP_A\"");
        let m3 = t.sync();
        t.run("cd \"$D_APP\"");
        let m4 = t.sync();
        for _ in 0..5 {
            t.type_line("");
        }
        t.run("cd sub");
        let m5 = t.sync();
        t.run("cd \"$D_INNER\"");
        let m6 = t.sync();
        t.run("cd \"$D_PLAIN\"");
        let m7 = t.sync();
        let log = fs::read_to_string(&trace).unwrap();
        let name = sh.name();
        // (processes, programs) between two markers.
        let count = |a: usize, b: usize| {
            let (from, to) = (t.marker(a), t.marker(b));
            (
                processes_between(&log, &from, &to),
                programs_between(&log, &from, &to),
            )
        };
        assert_eq!(
            count(m0, m1),
            (0, 0),
            "{name}: prompts in an unchanged directory"
        );
        assert_eq!(count(m1, m2), (0, 0), "{name}: a cd 10 levels deep, no pin");
        assert_eq!(
            count(m2, m3),
            (0, 0),
            "{name}: cds between unpinned directories"
        );
        assert_eq!(
            count(m4, m5),
            (0, 0),
            "{name}: prompts and a cd under the same pin"
        );
        // A transition runs the binary once, and nothing else.
        let per_transition = (1, 1);
        assert_eq!(count(m3, m4), per_transition, "{name}: entering a pin");
        assert_eq!(count(m5, m6), per_transition, "{name}: a nested pin");
        assert_eq!(count(m6, m7), per_transition, "{name}: leaving");
        assert_eq!(t.env_now()["TWILIO_REGION"], REGION_BEFORE, "{name}");
    }
}

/// Keeps the helper honest: the counter sees a process a prompt does start.
#[test]
fn the_process_counter_sees_a_process() {
    let trace = "1 openat(AT_FDCWD, \"/m/mark-1\", O_WRONLY) = 3\n\
                 1 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLD) = 2\n\
                 1 clone3({flags=CLONE_VM|CLONE_THREAD, exit_signal=0}, 88) = 3\n\
                 2 execve(\"/bin/x\", [\"x\"], 0x0 /* 0 vars */) = 0\n\
                 1 openat(AT_FDCWD, \"/m/mark-2\", O_WRONLY) = 3\n";
    assert_eq!(
        processes_between(trace, Path::new("/m/mark-1"), Path::new("/m/mark-2")),
        1
    );
}

#[test]
#[cfg_attr(
    any(missing = "hook-shells", missing = "tmux"),
    ignore = "needs bash, zsh, fish and tmux"
)]
fn bash_registers_once_in_either_form_of_prompt_command_and_keeps_its_status() {
    for (form, setup, expect) in [
        (
            "string",
            "PROMPT_COMMAND='printf \"user-saw=%s\\n\" $?'\n",
            "declare -- PROMPT_COMMAND=\"__twenv_auto_hook;printf \\\"user-saw=%s\\\\n\\\" \\$?\"",
        ),
        (
            "array",
            "PROMPT_COMMAND=('printf \"user-saw=%s\\n\" $?' 'true')\n",
            "declare -a PROMPT_COMMAND=([0]=\"__twenv_auto_hook\" [1]=\"printf \\\"user-saw=%s\\\\n\\\" \\$?\" [2]=\"true\")",
        ),
    ] {
        let p = project();
        let Some(bash) = Sh::Bash.path() else { return };
        let script = format!("{setup}{}declare -p PROMPT_COMMAND\n", hook(Sh::Bash));
        let out = Sh::Bash.run(&bash, &p.env, &script);
        assert_eq!(
            stdout_of(&out).trim_end(),
            expect,
            "{form}: {}",
            stderr_of(&out)
        );
        // In a terminal: the user's entry after the hook still sees `$?`.
        let rc = rc_with(Sh::Bash, &format!("{setup}{}", hook(Sh::Bash)));
        let Some(mut t) = Term::start(&p.env, Sh::Bash, &rc, &p.env.home, &[]) else {
            return;
        };
        t.run("cd \"$D_APP\"; ! true");
        assert_eq!(t.env_now()["TWENV_PROFILE"], "dev", "{form}");
        assert!(t.screen().contains("user-saw=1"), "{form}:\n{}", t.screen());
    }
    for sh in [Sh::Zsh, Sh::Fish] {
        let Some(path) = sh.path() else { continue };
        let p = project();
        let show = match sh {
            Sh::Zsh => "print -r -- $precmd_functions\n",
            _ => "functions --handlers-type generic | string match -e __twenv_auto_hook\n",
        };
        let out = sh.run(&path, &p.env, &format!("{}{show}", hook(sh)));
        assert_eq!(
            count(&stdout_of(&out), "__twenv_auto_hook"),
            1,
            "{}: {}{}",
            sh.name(),
            stdout_of(&out),
            stderr_of(&out)
        );
    }
}
