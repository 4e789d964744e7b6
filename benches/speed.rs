//! `cargo bench --bench speed`: twenv's speed and memory targets, measured
//! side by side with reference commands in one run and reported as ratios
//! (this machine is noisy; ratios of interleaved runs are not).
//!
//! Figures: `use dev --shell bash` (file store, Secret Service store) against
//! `/bin/true` and `direnv export bash`; `use` with `storage: command` and a
//! real `pass show` against `pass show` alone; `list -o json` and completion of
//! `twenv use ` with 1,000 profiles against `/bin/true`; peak memory of `list`
//! with 1,000 profiles; `doctor`'s wall time (target 50 ms); the release
//! binary's size; the per-prompt cost of the bash, zsh and fish hooks
//! (automatic switching, issue 12) measured inside each shell, against an
//! empty rc and direnv's hook.

#[path = "../tests/it/common.rs"]
mod common;
#[allow(dead_code)]
#[path = "../tests/it/leaks.rs"]
mod leaks;
#[path = "../tests/it/probe.rs"]
mod probe;

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{SecretService, TestEnv, sid};

const RUNS: usize = 201;

fn main() {
    let mut env = TestEnv::new();
    let service = SecretService::start(&mut env);
    let bin = common::twenv_bin();

    env.add_profile("dev", &sid("AC", 1), &sid("SK", 1), "file-store-secret");
    let keyring_profile = service.as_ref().map(|_| {
        env.twenv()
            .args([
                "login",
                "-p",
                "kr",
                "--account-sid",
                &sid("AC", 2),
                "--api-key",
                &sid("SK", 2),
            ])
            .args(["--api-secret-stdin", "--storage", "keyring"])
            .write_stdin("keyring-secret\n")
            .assert()
            .success();
        "kr"
    });
    let big = TestEnv::new();
    write_profiles(&big, 1000);
    let hand_written = TestEnv::new();
    write_profiles(&hand_written, 1000);
    // A config twenv has written carries its read cache; one written by hand
    // is read as YAML until twenv next writes it (measured separately below).
    big.twenv()
        .args(["set", "profile-0000", "TOUCHED=1"])
        .assert()
        .success();

    let truth = |e: &TestEnv| {
        let mut c = e.std_command("/bin/true");
        c.stdout(Stdio::null());
        c
    };
    let twenv = |e: &TestEnv, args: &[&str]| {
        let mut c = e.std_command(&bin);
        c.args(args).stdout(Stdio::null()).stderr(Stdio::null());
        c
    };
    let completion = |e: &TestEnv| {
        let mut c = e.std_command(&bin);
        c.env("COMPLETE", "bash")
            .env("_CLAP_COMPLETE_INDEX", "2")
            .env("_CLAP_IFS", "\n")
            .args(["--", "twenv", "use", ""])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    };

    let mut report = Report::default();
    let [t, u, v] = medians([
        truth(&env),
        twenv(&env, &["use", "dev", "--shell", "bash"]),
        twenv(&env, &["--version"]),
    ]);
    report.ratio("use dev --shell bash (file store) / /bin/true", u, t, 2.0);
    report.ratio(
        "  for scale: twenv --version (start-up alone) / /bin/true",
        v,
        t,
        f64::NAN,
    );

    if let Some(kr) = keyring_profile {
        let direnv = common::which_in_system_path("direnv");
        let empty = env.tmp.path().join("empty");
        fs::create_dir_all(&empty).unwrap();
        let mut cmds = vec![truth(&env), twenv(&env, &["use", kr, "--shell", "bash"])];
        if let Some(direnv) = &direnv {
            let mut d = env.std_command(direnv);
            d.args(["export", "bash"])
                .current_dir(&empty)
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            cmds.push(d);
        }
        let m = medians_vec(cmds);
        report.ratio(
            "use kr --shell bash (Secret Service) / /bin/true",
            m[1],
            m[0],
            f64::NAN,
        );
        match direnv {
            Some(_) => report.ratio(
                "use kr --shell bash (Secret Service) / direnv export bash",
                m[1],
                m[2],
                1.0,
            ),
            None => {
                report.line("use (Secret Service) vs direnv: direnv is not installed; not measured")
            }
        }
    } else {
        report.line("use (Secret Service): no gnome-keyring/dbus-daemon here; not measured");
    }

    match PassStore::new(&env) {
        Some(pass) => {
            let mut pass_env = TestEnv::new();
            pass_env.set_var("GNUPGHOME", &pass.gnupg);
            pass_env.set_var("PASSWORD_STORE_DIR", &pass.store);
            pass_env
                .twenv()
                .args(["login", "-p", "vault", "--account-sid", &sid("AC", 3)])
                .args(["--api-key", &sid("SK", 3)])
                .args(["--secret-command", "pass show twilio/bench"])
                .assert()
                .success();
            let mut pass_alone = pass_env.std_command("pass");
            // Connected as twenv's own runs are (stdout and stderr to
            // /dev/null), so only twenv's share differs.
            pass_alone
                .args(["show", "twilio/bench"])
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            let [t, f, p, u] = medians([
                truth(&env),
                twenv(&env, &["use", "dev", "--shell", "bash"]),
                pass_alone,
                twenv(&pass_env, &["use", "vault", "--shell", "bash"]),
            ]);
            report.ratio(
                "use vault --shell bash (storage: command, pass show) / pass show alone",
                u,
                p,
                f64::NAN,
            );
            let share = |a: Duration, b: Duration| (a.as_secs_f64() - b.as_secs_f64()) * 1e3;
            report.value(
                "  twenv's own share with pass (use − pass show)",
                share(u, p),
                "ms",
                2.0,
            );
            report.value(
                "  twenv's own share with the file store (use − /bin/true)",
                share(f, t),
                "ms",
                f64::NAN,
            );
        }
        None => report.line("use (storage: command): pass or gpg is not installed; not measured"),
    }

    let offered = completion(&big)
        .stdout(Stdio::piped())
        .output()
        .expect("completion");
    assert!(
        String::from_utf8_lossy(&offered.stdout).contains("profile-0999"),
        "completion does not offer the profiles: {offered:?}"
    );
    let [t, l, c, h] = medians([
        truth(&big),
        twenv(&big, &["list", "-o", "json"]),
        completion(&big),
        twenv(&hand_written, &["list", "-o", "json"]),
    ]);
    report.ratio("list -o json, 1,000 profiles / /bin/true", l, t, 3.0);
    report.ratio(
        "  for scale: the same, hand-written config (no cache yet) / /bin/true",
        h,
        t,
        f64::NAN,
    );
    report.ratio(
        "completion of `twenv use `, 1,000 profiles / /bin/true",
        c,
        t,
        3.0,
    );

    // doctor searches the keyring for the active profile's secret (no read,
    // no prompt) and reads the config and the Twilio CLI's file: no network.
    let active = keyring_profile.unwrap_or("dev");
    env.twenv()
        .args(["use", "--global", active])
        .assert()
        .success();
    let [d] = medians([twenv(&env, &["doctor"])]);
    report.value(
        &format!("doctor (active profile '{active}'), wall time"),
        d.as_secs_f64() * 1e3,
        "ms",
        50.0,
    );

    prompt_costs(&env, &mut report);

    let peak = peak_rss_kib(twenv(&big, &["list"]));
    report.value(
        "peak memory of list, 1,000 profiles",
        peak as f64 / 1024.0,
        "MB",
        15.0,
    );
    let size = fs::metadata(&bin).map(|m| m.len()).unwrap_or(0);
    report.line(&format!(
        "binary size: {:.2} MB ({})",
        size as f64 / 1e6,
        bin.display()
    ));

    drop(service);
    print!("{}", report.text);
    if report.missed > 0 {
        println!("{} target(s) NOT met", report.missed);
    }
}

/// Microseconds a prompt hook adds, measured inside the shell by
/// `benches/prompt/cost.SHELL` (many calls of the prompt function; the bare
/// loop subtracted; the best of several rounds): in an unchanged directory, and after a `cd` between
/// unpinned directories 10 levels deep. Processes per prompt are behaviour,
/// counted by strace in `shell::auto::prompts_start_no_process_unless_the_pin_changes`.
fn prompt_costs(env: &TestEnv, report: &mut Report) {
    let root = env.tmp.path().join("prompt");
    let deep = |name: &str| (1..=10).fold(root.join(name), |d, i| d.join(format!("d{i}")));
    let (a, b, pinned) = (deep("a"), deep("b"), root.join("pinned"));
    for dir in [&a, &b, &pinned] {
        fs::create_dir_all(dir).unwrap();
    }
    env.twenv()
        .args(["pin", "dev"])
        .arg(&pinned)
        .assert()
        .success();
    let direnv = common::which_in_system_path("direnv").is_some();
    for shell in ["bash", "zsh", "fish"] {
        let Some(program) = common::which_in_system_path(shell) else {
            report.line(&format!(
                "prompt hook, {shell}: not installed; not measured"
            ));
            continue;
        };
        let script =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("benches/prompt/cost.{shell}"));
        // The best of `rounds` rounds of `n` prompts: noise only adds time.
        let run = |hook: &str, n: usize, rounds: usize| -> Vec<(String, f64)> {
            let out = env
                .std_command(&program)
                .arg(&script)
                .env("HOOK", hook)
                .env("N", n.to_string())
                .env("R", rounds.to_string())
                .env("TWENV_BIN", common::twenv_bin())
                .env("A", &a)
                .env("B", &b)
                .env("P", &pinned)
                .output()
                .expect("run the shell");
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .filter_map(|l| {
                    let (k, v) = l.split_once(' ')?;
                    Some((k.to_string(), v.trim().parse().ok()?))
                })
                .collect()
        };
        let get = |rows: &[(String, f64)], key: &str| {
            rows.iter()
                .find(|(k, _)| k == key)
                .map_or(f64::NAN, |(_, v)| *v)
        };
        let empty = run("empty", 1000, 10);
        let twenv = run("twenv", 1000, 10);
        let reference = if direnv {
            run("direnv", 100, 2)
        } else {
            Vec::new()
        };
        // No target for fish, where every builtin costs tens of microseconds.
        let target = if shell == "fish" { f64::NAN } else { 100.0 };
        for (key, what) in [
            ("unchanged", "unchanged $PWD"),
            ("cd", "after a cd, 10 levels, no pin"),
        ] {
            let verdict = report.verdict(get(&twenv, key), target);
            report.line(&format!(
                "prompt hook, {shell}, {what}: twenv +{:.0} µs, direnv +{:.0} µs, empty rc {:.0} µs{verdict}",
                get(&twenv, key),
                get(&reference, key),
                get(&empty, key),
            ));
        }
        let transition = get(&twenv, "transition");
        if !transition.is_nan() {
            report.line(&format!(
                "  for scale: a transition in {shell} (one `twenv use --pin` or `unuse`): {:.2} ms",
                transition / 1000.0
            ));
        }
    }
}

/// A password store with a throw-away GnuPG key (no passphrase) in a short
/// temporary directory (gpg-agent's socket lives there), holding
/// `twilio/bench`. The agent is stopped on drop.
struct PassStore {
    _dir: tempfile::TempDir,
    gnupg: std::path::PathBuf,
    store: std::path::PathBuf,
}

impl PassStore {
    fn new(env: &TestEnv) -> Option<PassStore> {
        common::which_in_system_path("pass")?;
        common::which_in_system_path("gpg")?;
        let dir = tempfile::Builder::new()
            .prefix("tb")
            .tempdir_in("/tmp")
            .ok()?;
        let gnupg = dir.path().join("g");
        let store = dir.path().join("s");
        fs::create_dir_all(&gnupg).ok()?;
        common::set_mode(&gnupg, 0o700);
        let run = |program: &str, args: &[&str], stdin: Option<&str>| {
            let mut cmd = env.std_command(program);
            cmd.args(args)
                .env("GNUPGHOME", &gnupg)
                .env("PASSWORD_STORE_DIR", &store)
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            let mut child = cmd.spawn().expect("spawn");
            if let Some(text) = stdin {
                use std::io::Write;
                let _ = child
                    .stdin
                    .take()
                    .expect("piped")
                    .write_all(text.as_bytes());
            }
            drop(child.stdin.take());
            assert!(child.wait().expect("wait").success(), "{program} {args:?}");
        };
        run(
            "gpg",
            &[
                "--batch",
                "--pinentry-mode",
                "loopback",
                "--passphrase",
                "",
                "--quick-gen-key",
                "twenv bench <bench@twenv.invalid>",
                "future-default",
                "default",
                "never",
            ],
            None,
        );
        run("pass", &["init", "bench@twenv.invalid"], None);
        run(
            "pass",
            &["insert", "-m", "twilio/bench"],
            Some("bench-secret-0123456789abcdef\n"),
        );
        Some(PassStore {
            _dir: dir,
            gnupg,
            store,
        })
    }
}

impl Drop for PassStore {
    fn drop(&mut self) {
        let _ = Command::new("gpgconf")
            .args(["--kill", "all"])
            .env("GNUPGHOME", &self.gnupg)
            .output();
    }
}

fn write_profiles(env: &TestEnv, n: u32) {
    let mut yaml = String::from("profiles:\n");
    for i in 0..n {
        let _ = write!(
            yaml,
            "  profile-{i:04}:\n    account_sid: {}\n    api_key: {}\n    region: ie1\n    storage: file\n    env:\n      TWILIO_PHONE_NUMBER: \"+1500555{i:04}\"\n",
            sid("AC", i),
            sid("SK", i)
        );
    }
    fs::create_dir_all(env.config_dir()).unwrap();
    fs::write(env.config_path(), yaml).unwrap();
}

/// Runs the commands in turn, `RUNS` rounds, and returns each one's median
/// wall time. Interleaving spreads the machine's noise over all of them.
fn medians<const N: usize>(cmds: [Command; N]) -> [Duration; N] {
    medians_vec(cmds.into()).try_into().unwrap()
}

fn medians_vec(mut cmds: Vec<Command>) -> Vec<Duration> {
    for cmd in &mut cmds {
        let status = cmd.status().expect("spawn");
        assert!(status.success(), "{cmd:?} failed: {status}");
    }
    let mut times = vec![Vec::with_capacity(RUNS); cmds.len()];
    for _ in 0..RUNS {
        for (cmd, samples) in cmds.iter_mut().zip(&mut times) {
            let start = Instant::now();
            cmd.status().expect("spawn");
            samples.push(start.elapsed());
        }
    }
    times
        .into_iter()
        .map(|mut s| {
            s.sort();
            s[s.len() / 2]
        })
        .collect()
}

// The child is reaped by wait4, which std's `wait` cannot do with rusage.
#[cfg(unix)]
#[allow(clippy::zombie_processes)]
fn peak_rss_kib(mut cmd: Command) -> i64 {
    let child = cmd.spawn().expect("spawn");
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child; `usage` is a valid out-pointer.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32, "wait4");
    assert_eq!(status, 0, "list failed");
    usage.ru_maxrss
}

/// The bench runs on Unix only (DESIGN §9); this keeps it building elsewhere.
#[cfg(not(unix))]
fn peak_rss_kib(_cmd: Command) -> i64 {
    unimplemented!("peak memory is measured with wait4 on Unix")
}

#[derive(Default)]
struct Report {
    text: String,
    missed: usize,
}

impl Report {
    fn ratio(&mut self, what: &str, a: Duration, b: Duration, target: f64) {
        let ratio = a.as_secs_f64() / b.as_secs_f64();
        let verdict = self.verdict(ratio, target);
        let _ = writeln!(
            self.text,
            "{what}: {ratio:.2} ({:.2} ms / {:.2} ms){verdict}",
            a.as_secs_f64() * 1e3,
            b.as_secs_f64() * 1e3
        );
    }

    fn value(&mut self, what: &str, value: f64, unit: &str, target: f64) {
        let verdict = self.verdict(value, target);
        let _ = writeln!(self.text, "{what}: {value:.2} {unit}{verdict}");
    }

    fn line(&mut self, text: &str) {
        let _ = writeln!(self.text, "{text}");
    }

    fn verdict(&mut self, value: f64, target: f64) -> String {
        if target.is_nan() {
            return String::new();
        }
        if value <= target {
            format!("  [target <= {target}: met]")
        } else {
            self.missed += 1;
            format!("  [target <= {target}: NOT met]")
        }
    }
}
