//! Holds off Ctrl-C (and SIGTERM, SIGHUP) while a login is between creating
//! an API key at Twilio and having saved it or deleted it again: dying there
//! would leave a key in the account that no profile knows. A signal that
//! arrives meanwhile stays pending and takes effect when the guard is dropped,
//! after the work is whole. The wait is bounded by the HTTP timeouts.

#[cfg(unix)]
pub struct Deferred {
    previous: libc::sigset_t,
}

#[cfg(unix)]
impl Deferred {
    pub fn new() -> Self {
        // SAFETY: sigset_t is plain data that sigemptyset initialises; the
        // calls only read and write the two sets on this stack frame.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                libc::sigaddset(&mut set, signal);
            }
            let mut previous: libc::sigset_t = std::mem::zeroed();
            // Threads started from here on (keyring, DNS) inherit the mask.
            libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut previous);
            Deferred { previous }
        }
    }
}

#[cfg(unix)]
impl Drop for Deferred {
    fn drop(&mut self) {
        // SAFETY: restores the mask saved in `new`, on the same thread.
        unsafe {
            libc::pthread_sigmask(libc::SIG_SETMASK, &self.previous, std::ptr::null_mut());
        }
    }
}

/// Windows has no signal mask: a console control handler swallows Ctrl-C
/// and Ctrl-Break while the guard lives and notes them; dropping the guard
/// then ends the process as Ctrl-C would have.
#[cfg(windows)]
pub struct Deferred;

#[cfg(windows)]
mod console {
    use std::sync::atomic::{AtomicBool, Ordering};
    use windows_sys::Win32::Foundation::{FALSE, TRUE};
    use windows_sys::Win32::System::Console::{
        CTRL_BREAK_EVENT, CTRL_C_EVENT, SetConsoleCtrlHandler,
    };
    use windows_sys::core::BOOL;

    pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

    /// Runs on a thread of its own when Ctrl-C or Ctrl-Break is pressed.
    /// TRUE: handled, the process lives on. Closing the console is left to
    /// the default handler.
    unsafe extern "system" fn note(event: u32) -> BOOL {
        if event == CTRL_C_EVENT || event == CTRL_BREAK_EVENT {
            INTERRUPTED.store(true, Ordering::SeqCst);
            TRUE
        } else {
            FALSE
        }
    }

    pub fn hold(on: bool) {
        // SAFETY: `note` is a plain function that only touches an atomic; the
        // call adds or removes it from the process's handler list.
        unsafe {
            SetConsoleCtrlHandler(Some(note), if on { TRUE } else { FALSE });
        }
    }
}

#[cfg(windows)]
impl Deferred {
    pub fn new() -> Self {
        console::hold(true);
        Deferred
    }
}

#[cfg(windows)]
impl Drop for Deferred {
    fn drop(&mut self) {
        console::hold(false);
        if console::INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst) {
            // STATUS_CONTROL_CEXIT, the status of a process Ctrl-C ended.
            std::process::exit(0xC000_013A_u32 as i32);
        }
    }
}

/// While `exec` waits for its command on Windows: Ctrl-C is the command's to
/// handle (every process on the console gets it); twenv lives on to pass on
/// the command's exit status.
#[cfg(windows)]
pub struct IgnoreInterrupts;

#[cfg(windows)]
impl IgnoreInterrupts {
    pub fn new() -> Self {
        console::hold(true);
        IgnoreInterrupts
    }
}

#[cfg(windows)]
impl Drop for IgnoreInterrupts {
    fn drop(&mut self) {
        console::hold(false);
    }
}

#[cfg(not(any(unix, windows)))]
pub struct Deferred;

#[cfg(not(any(unix, windows)))]
impl Deferred {
    pub fn new() -> Self {
        Deferred
    }
}
