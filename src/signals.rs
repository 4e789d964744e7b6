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

#[cfg(not(unix))]
pub struct Deferred;

#[cfg(not(unix))]
impl Deferred {
    pub fn new() -> Self {
        Deferred
    }
}
