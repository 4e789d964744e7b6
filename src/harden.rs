//! Keeps secrets out of core dumps (issue 10): a crash or SIGABRT of `twenv
//! use` would otherwise write the API secret (or, during login, the Auth
//! Token) to a core file. Called first thing in `main`, before any secret is
//! read.

#[cfg(unix)]
static ORIGINAL_CORE_LIMIT: std::sync::OnceLock<libc::rlimit> = std::sync::OnceLock::new();

/// No core file, and on Linux no ptrace or `/proc/PID/mem` access by other
/// processes of this user either (the process is not "dumpable").
pub fn forbid_core_dumps() {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit/setrlimit only read and write the struct passed in.
        unsafe {
            if libc::getrlimit(libc::RLIMIT_CORE, &mut limit) == 0 {
                let _ = ORIGINAL_CORE_LIMIT.set(limit);
                // The hard limit stays, so `exec` may give CMD the user's own limit back.
                let none = libc::rlimit {
                    rlim_cur: 0,
                    rlim_max: limit.rlim_max,
                };
                libc::setrlimit(libc::RLIMIT_CORE, &none);
            }
        }
    }
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_DUMPABLE takes plain integers and touches no memory.
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}

/// Before `exec` replaces twenv with the user's command: that command gets the
/// core limit the user set (the kernel makes it dumpable again by itself).
#[cfg(unix)]
pub fn restore_core_limit() {
    if let Some(limit) = ORIGINAL_CORE_LIMIT.get() {
        // SAFETY: as above.
        unsafe {
            libc::setrlimit(libc::RLIMIT_CORE, limit);
        }
    }
}
