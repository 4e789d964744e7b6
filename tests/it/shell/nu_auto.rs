//! Automatic switching on `cd` in Nushell (DESIGN §11, §16): the module's
//! hook on `$env.config.hooks.env_change.PWD`, in a real interactive nu on a
//! terminal (tmux). nu runs env_change hooks only in its REPL, before a
//! prompt, so every test types into one; `nu -c` is shown to run none.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use super::term::{Term, rc_with};
use super::*;

const DEV_SECRET: &str = "dev-S3CRET-'q'\"$x\\(y)";
const PROD_SECRET: &str = "prod-S3CRET-`z`";
/// Set before entering any pin, and expected back byte for byte on leaving.
const REGION_BEFORE: &str = "before 'q' \"$x\" \\ `y` (z)\n\ttab ünï";

struct Project {
    env: TestEnv,
    dev: ProfileSpec,
    prod: ProfileSpec,
}

impl Project {
    fn dir(&self, rel: &str) -> PathBuf {
        self.env.home.join(rel)
    }

    fn twenv_ok(&self, args: &[&str], dir: &str) {
        let out = self
            .env
            .twenv()
            .args(args)
            .arg(self.dir(dir))
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?} {dir}: {}", stderr_of(&out));
    }
}

/// dev pinned to ~/app, prod to ~/app/inner, a broken pin (a directory) in
/// ~/app/broken; ~/plain has none. Each directory is in an exported D_*
/// variable, so the tests type `cd $env.D_APP`.
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
        ("D_CLONED", "cloned"),
        ("D_EDITED", "edited"),
        ("D_LINKED", "linked"),
        ("D_DANGLING", "app/dangling"),
    ] {
        let dir = env.home.join(rel);
        fs::create_dir_all(&dir).unwrap();
        env.set_var(var, &dir);
    }
    let p = Project { env, dev, prod };
    p.twenv_ok(&["pin", "dev"], "app");
    p.twenv_ok(&["pin", "prod"], "app/inner");
    fs::create_dir_all(p.dir("app/broken/.twenv-profile")).unwrap();
    // Hand-written, as from a git clone: untrusted.
    fs::write(p.dir("cloned/.twenv-profile"), "prod\n").unwrap();
    // Edited after `pin`.
    p.twenv_ok(&["pin", "prod"], "edited");
    fs::write(p.dir("edited/.twenv-profile"), "prod\n# edited\n").unwrap();
    // A symlink to a trusted pin: the binary refuses it.
    symlink(
        p.dir("app/inner/.twenv-profile"),
        p.dir("linked/.twenv-profile"),
    )
    .unwrap();
    // Names nothing: passed over, so ~/app's pin applies.
    symlink(p.dir("nowhere"), p.dir("app/dangling/.twenv-profile")).unwrap();
    p
}

/// config.nu: the prompt, any `extra` lines, then the module loaded twice
/// (as a re-read config would).
fn term_in(p: &Project, module: &str, extra: &str, cwd: &Path) -> Option<Term> {
    let rc = rc_with(Sh::Nu, &format!("{extra}use {module} *\nuse {module} *\n"));
    Term::start(&p.env, Sh::Nu, &rc, cwd, &[])
}

fn term(p: &Project, cwd: &Path) -> Option<Term> {
    let module = nu_module(&p.env);
    term_in(p, &module, "", cwd)
}

/// The exported environment, without what nu itself changes at each command.
fn env_now(t: &mut Term) -> BTreeMap<String, String> {
    let mut vars = t.env_now();
    for name in ["LAST_EXIT_CODE", "CMD_DURATION_MS"] {
        vars.remove(name);
    }
    vars
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

fn no_secret_on(screen: &str) {
    assert!(
        !screen.contains("S3CRET"),
        "a secret reached the terminal:\n{screen}"
    );
}

#[test]
#[cfg_attr(any(missing = "nu", missing = "tmux"), ignore = "needs nu and tmux")]
fn entering_switches_nesting_switches_again_and_leaving_restores_exactly() {
    let p = project();
    let Some(mut t) = term(&p, &p.env.home) else {
        return;
    };
    let before = env_now(&mut t);
    assert_eq!(before["TWILIO_REGION"], REGION_BEFORE);
    assert!(!before.contains_key("TWILIO_PHONE_NUMBER"));
    assert!(!before.contains_key("TWENV_PROFILE"));
    let dev = p.dev.apply(&before);
    let prod = p.prod.apply(&before);

    t.run("cd $env.D_APP");
    assert_eq!(env_now(&mut t), dev, "entering ~/app");
    t.run("cd sub");
    assert_eq!(env_now(&mut t), dev, "below the same pin");
    t.run("cd $env.D_DANGLING");
    assert_eq!(env_now(&mut t), dev, "a dangling symlink is no pin");
    t.run("cd $env.D_INNER");
    assert_eq!(env_now(&mut t), prod, "a nested pin (nearest wins)");
    t.run("cd ..");
    assert_eq!(env_now(&mut t), dev, "back under ~/app's pin");
    t.run("cd $env.D_PLAIN");
    assert_eq!(env_now(&mut t), before, "leaving restores exactly");
    // A nested pin that is broken: the shell leaves dev's pin, as `unuse`.
    t.run("cd $env.D_APP");
    t.run("cd $env.D_BROKEN");
    assert_eq!(env_now(&mut t), before, "a broken nested pin");
    t.run("cd ..");
    assert_eq!(env_now(&mut t), dev, "~/app again");
    t.run("cd $env.D_PLAIN");
    assert_eq!(env_now(&mut t), before, "leaving again");

    let screen = t.screen();
    let home = p.env.home.display().to_string();
    assert_eq!(count(&screen, "twenv: using dev ("), 4, "{screen}");
    assert_eq!(count(&screen, "twenv: using prod ("), 1, "{screen}");
    assert!(
        screen.contains("twenv: using dev (~/app/.twenv-profile)")
            || screen.contains(&format!("twenv: using dev ({home}/app/.twenv-profile)")),
        "{screen}"
    );
    no_secret_on(&screen);
}

#[test]
#[cfg_attr(any(missing = "nu", missing = "tmux"), ignore = "needs nu and tmux")]
fn manual_use_and_unuse_win_until_another_pin_applies() {
    let p = project();
    let Some(mut t) = term(&p, &p.env.home) else {
        return;
    };
    let before = env_now(&mut t);
    let dev = p.dev.apply(&before);
    let prod = p.prod.apply(&before);
    t.run("cd $env.D_APP");
    t.run("twenv use prod");
    assert_eq!(env_now(&mut t), prod);
    t.run("cd sub");
    assert_eq!(env_now(&mut t), prod, "same pin, manual use stays");
    t.run("cd $env.D_PLAIN");
    assert_eq!(env_now(&mut t), prod, "leaving keeps the manual use");
    t.run("cd $env.D_APP");
    assert_eq!(env_now(&mut t), dev, "a pin applies again");
    t.run("twenv unuse");
    assert_eq!(env_now(&mut t), before);
    t.run("cd sub");
    t.run("cd $env.D_PLAIN");
    assert_eq!(env_now(&mut t), before, "after a manual unuse");
    t.run("cd $env.D_INNER");
    assert_eq!(env_now(&mut t), prod, "a different pin file");
    t.run("twenv unuse");
    assert_eq!(env_now(&mut t), before, "unuse undoes the pin's switch");
    no_secret_on(&t.screen());
}

#[test]
#[cfg_attr(any(missing = "nu", missing = "tmux"), ignore = "needs nu and tmux")]
fn untrusted_and_broken_pins_are_never_applied_and_noted_once() {
    let p = project();
    let Some(mut t) = term(&p, &p.env.home) else {
        return;
    };
    let before = env_now(&mut t);
    for var in ["D_CLONED", "D_EDITED", "D_LINKED", "D_BROKEN"] {
        t.run(&format!("cd $env.{var}"));
        if var == "D_BROKEN" {
            // ~/app's pin applied on the way: left as `unuse` would.
            t.run("cd $env.D_APP");
            t.run(&format!("cd $env.{var}"));
        }
        assert_eq!(env_now(&mut t), before, "{var} was applied");
        t.run("cd $env.D_PLAIN");
    }
    // Into each again: no second note.
    for var in ["D_CLONED", "D_EDITED", "D_LINKED"] {
        t.run(&format!("cd $env.{var}"));
        t.run("cd $env.D_PLAIN");
    }
    let screen = t.screen().replace('\n', "");
    assert_eq!(
        count(&screen, "skipping the directory's pin: "),
        4,
        "one note per pin file:\n{screen}"
    );
    for (rel, says) in [
        (
            "cloned",
            "is not trusted; if you trust it, run `twenv allow",
        ),
        ("edited", "is not trusted"),
        ("linked", "is a symlink"),
        ("app/broken", "not a regular file"),
    ] {
        assert!(
            screen
                .split("skipping the directory's pin: ")
                .any(|n| n.contains(&format!("~/{rel}/.twenv-profile")) && n.contains(says)),
            "no note for {rel} saying {says:?}:\n{screen}"
        );
    }
    // `allow` makes the clone apply at the next `cd` into it.
    t.run("twenv allow $env.D_CLONED");
    t.run("cd $env.D_CLONED");
    assert_eq!(env_now(&mut t), p.prod.apply(&before), "after allow");
    no_secret_on(&t.screen());
}

#[test]
#[cfg_attr(any(missing = "nu", missing = "tmux"), ignore = "needs nu and tmux")]
fn a_nu_started_in_a_pinned_directory_switches_before_its_first_prompt() {
    let p = project();
    let Some(mut t) = term(&p, &p.dir("app/sub")) else {
        return;
    };
    let first = env_now(&mut t);
    assert_eq!(first["TWENV_PROFILE"], "dev");
    assert_eq!(first["TWILIO_API_SECRET"], DEV_SECRET);
    // A child nu inherits the pinned profile and does nothing.
    let nu = Sh::Nu.path().unwrap();
    let config = t.scratch.join("config.nu");
    let env_config = t.scratch.join("env.nu");
    t.run(&format!(
        "^{} --config {} --env-config {}",
        quote_posix(&nu.display().to_string()),
        quote_posix(&config.display().to_string()),
        quote_posix(&env_config.display().to_string()),
    ));
    assert_eq!(env_now(&mut t), first, "the child nu changed something");
    t.run("cd ..");
    assert_eq!(env_now(&mut t), first, "same pin in the child");
    let screen = t.screen();
    assert_eq!(
        count(&screen, "twenv: using dev"),
        1,
        "the child switched again:\n{screen}"
    );
    t.run("exit");
    assert_eq!(env_now(&mut t), first, "back in the parent");
}

#[test]
#[cfg_attr(any(missing = "nu", missing = "tmux"), ignore = "needs nu and tmux")]
fn the_users_own_pwd_hooks_stay_and_twenv_registers_once() {
    let p = project();
    let Some(mut t) = term_in(
        &p,
        &nu_module(&p.env),
        "$env.config.hooks.env_change.PWD = [{|before, after| $env.MINE = $after }]\n",
        &p.env.home,
    ) else {
        return;
    };
    t.run("cd $env.D_APP");
    let now = env_now(&mut t);
    assert_eq!(now["TWENV_PROFILE"], "dev");
    assert_eq!(now["MINE"], p.dir("app").display().to_string());
    let out = t.scratch.join("hooks");
    t.run(&format!(
        "$env.config.hooks.env_change.PWD | each {{|h| view source $h }} | str join \"\\n\" | save {}",
        quote_posix(&out.display().to_string())
    ));
    let hooks = fs::read_to_string(&out).unwrap();
    assert_eq!(count(&hooks, "$env.MINE"), 1, "{hooks}");
    assert_eq!(count(&hooks, "__twenv_auto_hook"), 1, "{hooks}");
}

#[test]
#[cfg_attr(any(missing = "nu", missing = "tmux"), ignore = "needs nu and tmux")]
fn no_auto_leaves_automatic_switching_out() {
    let p = project();
    let dir = p.env.tmp.path().join("no-auto");
    fs::create_dir_all(&dir).unwrap();
    let out = p
        .env
        .twenv()
        .args(["init", "nu", "--no-auto"])
        .output()
        .unwrap();
    assert_ran(&out, "init nu --no-auto");
    let module = dir.join("twenv.nu");
    fs::write(&module, &out.stdout).unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("__twenv_auto"), "{text}");
    assert!(text.contains("export def --env --wrapped main"), "{text}");
    let module = quote_posix(&module.display().to_string());
    let Some(mut t) = term_in(&p, &module, "", &p.dir("app")) else {
        return;
    };
    let before = env_now(&mut t);
    assert!(!before.contains_key("TWENV_PROFILE"), "{before:?}");
    t.run("cd $env.D_INNER");
    assert_eq!(env_now(&mut t), before);
    // The module itself still works.
    t.run("twenv use dev");
    assert_eq!(env_now(&mut t), p.dev.apply(&before));
}

/// nu runs no env_change hook outside its REPL: a script that `cd`s into a
/// pin is not switched (and starts no binary for it).
#[test]
#[cfg_attr(missing = "nu", ignore = "nu is not installed")]
fn scripts_and_nu_c_are_not_switched() {
    let Some(nu) = Sh::Nu.path() else { return };
    let p = project();
    let dump = p.env.tmp.path().join("dump");
    let script = format!(
        "cd {}\n{}",
        quote_posix(&p.dir("app").display().to_string()),
        Sh::Nu.dump_env(&dump)
    );
    let out = Sh::Nu.run(&nu, &p.env, &script);
    assert_ran(&out, "cd in nu -c");
    assert!(!read_env_dump(&dump).contains_key("TWENV_PROFILE"));
    assert!(
        !stderr_of(&out).contains("twenv: using"),
        "{}",
        stderr_of(&out)
    );
}

/// What the hook runs: the `use` record, as for `use ID`, or for a pin that
/// cannot be applied nothing, or the `unuse` record with `--pin-restore`.
#[test]
fn use_pin_for_nu_prints_the_use_record_or_the_unuse_record() {
    let p = project();
    let run = |args: &[&str]| {
        let out = p
            .env
            .twenv()
            .args(args)
            .args(["--shell", "nu"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
        (stdout_of(&out), stderr_of(&out))
    };
    let pin = p.dir("app/.twenv-profile").display().to_string();
    let (pinned, note) = run(&["use", "--pin", &pin]);
    let (plain, _) = run(&["use", "dev"]);
    let json = |text: &str| -> serde_json::Value { serde_json::from_str(text).expect(text) };
    let (mut pinned, mut plain) = (json(&pinned), json(&plain));
    assert_eq!(pinned["set"]["TWENV_PROFILE"], "dev");
    assert!(pinned["about"].as_str().unwrap().ends_with("(pinned)"));
    pinned["about"] = serde_json::Value::Null;
    plain["about"] = serde_json::Value::Null;
    assert_eq!(pinned, plain);
    assert!(note.contains("twenv: using dev ("), "{note}");

    let cloned = p.dir("cloned/.twenv-profile").display().to_string();
    let (nothing, note) = run(&["use", "--pin", &cloned]);
    assert_eq!(nothing, "");
    assert!(note.contains("is not trusted"), "{note}");
    let (quiet, note) = run(&["use", "--pin", &cloned, "--pin-quiet"]);
    assert_eq!((quiet.as_str(), note.as_str()), ("", ""));
    let (restore, _) = run(&["use", "--pin", &cloned, "--pin-restore"]);
    assert_eq!(json(&restore)["save"], serde_json::Value::Null);
    assert_eq!(json(&restore), json(&run(&["unuse"]).0));
}

/// The part of an strace log between the openings of two marker files.
fn between<'a>(trace: &'a str, from: &Path, to: &Path) -> &'a str {
    let (from, to) = (from.display().to_string(), to.display().to_string());
    let start = trace.find(&from).expect("the first marker in the trace");
    let end = trace[start..]
        .find(&to)
        .expect("the second marker in the trace")
        + start;
    &trace[start..end]
}

/// (processes, programs) started in a part of an strace log: nu's threads
/// are not processes.
fn started(part: &str) -> (usize, usize) {
    let lines = || part.lines().filter(|l| !l.contains("resumed>"));
    let processes = lines()
        .filter(|l| {
            l.contains(" fork(")
                || l.contains(" vfork(")
                || ((l.contains(" clone(") || l.contains(" clone3("))
                    && !l.contains("CLONE_THREAD"))
        })
        .count();
    (
        processes,
        lines().filter(|l| l.contains(" execve(")).count(),
    )
}

#[test]
#[cfg_attr(
    any(missing = "nu", missing = "tmux", missing = "strace"),
    ignore = "needs nu, tmux and strace"
)]
fn prompts_start_no_process_unless_the_pin_changes() {
    let Some(strace) = require("strace") else {
        return;
    };
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
        // npm's nu (static, musl) opens files with open(2).
        "trace=execve,clone,clone3,fork,vfork,open,openat".into(),
    ];
    let module = nu_module(&p.env);
    let rc = rc_with(Sh::Nu, &format!("use {module} *\n"));
    let Some(mut t) = Term::start(&p.env, Sh::Nu, &rc, &p.env.home, &prefix) else {
        return;
    };
    let m0 = t.sync();
    for _ in 0..5 {
        t.type_line("");
    }
    let m1 = t.sync();
    t.run("cd $env.D_DEEP_A");
    t.run("cd $env.D_DEEP_B");
    let m2 = t.sync();
    t.run("cd $env.D_APP");
    let m3 = t.sync();
    t.run("cd sub");
    t.run("cd ..");
    let m4 = t.sync();
    t.run("cd $env.D_INNER");
    let m5 = t.sync();
    t.run("cd $env.D_PLAIN");
    let m6 = t.sync();
    let log = fs::read_to_string(&trace).unwrap();
    let count = |a: usize, b: usize| started(between(&log, &t.marker(a), &t.marker(b)));
    assert_eq!(count(m0, m1), (0, 0), "prompts in an unchanged directory");
    assert_eq!(count(m1, m2), (0, 0), "cds 10 levels deep, no pin");
    assert_eq!(count(m3, m4), (0, 0), "cds under the same pin");
    // A transition runs the binary once.
    assert_eq!(count(m2, m3), (1, 1), "entering a pin");
    assert_eq!(count(m4, m5), (1, 1), "a nested pin");
    assert_eq!(count(m5, m6), (1, 1), "leaving");
    assert_eq!(env_now(&mut t)["TWILIO_REGION"], REGION_BEFORE);
}
