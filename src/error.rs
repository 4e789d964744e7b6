//! The binary's error type. Each edge has its own typed error — `ConfigError`
//! (config.yaml and its directory), `StoreError` (the secret stores),
//! `ApiError` (Twilio's REST API) — that says what failed in its own terms;
//! commands add what it means for them. `main` alone turns an `Error` into a
//! message on stderr and an exit status (DESIGN §1: 1 runtime, 2 usage).

use std::fmt;

use crate::config::ConfigError;
use crate::store::StoreError;
use crate::twilio::ApiError;

#[derive(Debug)]
pub enum Error {
    /// Bad usage or bad input: exit 2.
    Usage(String),
    /// A runtime failure described by the command: exit 1.
    Runtime(String),
    Config(ConfigError),
    Store(StoreError),
    Api(ApiError),
    /// An error with what it meant for the command said after it; the exit
    /// status is the inner error's.
    Noted {
        error: Box<Error>,
        note: String,
    },
    /// Exit with this status and print nothing more (the message, if any, was
    /// already shown, e.g. a child's exit status passed through).
    Silent(i32),
    /// `exec`'s command could not be started: 127 not found, 126 found but
    /// not runnable, as `env`, `sudo` and shells say it.
    CannotRun(i32, String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn usage(msg: impl Into<String>) -> Self {
        Error::Usage(msg.into())
    }

    pub fn runtime(msg: impl Into<String>) -> Self {
        Error::Runtime(msg.into())
    }

    /// This error, followed by a sentence on what it meant (e.g. what was
    /// left as it was, or what to do now).
    pub fn noted(self, note: impl Into<String>) -> Self {
        Error::Noted {
            error: Box::new(self),
            note: note.into(),
        }
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            Error::Config(e) => e.exit_code(),
            Error::Store(e) => e.exit_code(),
            Error::Runtime(_) | Error::Api(_) => 1,
            Error::Noted { error, .. } => error.exit_code(),
            Error::Silent(code) | Error::CannotRun(code, _) => *code,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(m) | Error::Runtime(m) | Error::CannotRun(_, m) => f.write_str(m),
            Error::Config(e) => e.fmt(f),
            Error::Store(e) => e.fmt(f),
            Error::Api(e) => e.fmt(f),
            Error::Noted { error, note } => write!(f, "{error}\n{note}"),
            Error::Silent(_) => Ok(()),
        }
    }
}

impl std::error::Error for Error {}

impl From<ConfigError> for Error {
    fn from(e: ConfigError) -> Self {
        Error::Config(e)
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        Error::Store(e)
    }
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(e)
    }
}
