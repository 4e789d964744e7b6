//! One error type for the whole binary. Commands return it; `main` alone turns
//! it into a message on stderr and an exit status (DESIGN §1: 1 runtime, 2 usage).

use std::fmt;

#[derive(Debug)]
pub enum Error {
    /// Bad usage or bad input: exit 2.
    Usage(String),
    /// A runtime failure: exit 1.
    Runtime(String),
    /// Exit with this status and print nothing more (the message, if any, was
    /// already shown, e.g. a child's exit status passed through).
    Silent(i32),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn usage(msg: impl Into<String>) -> Self {
        Error::Usage(msg.into())
    }

    pub fn runtime(msg: impl Into<String>) -> Self {
        Error::Runtime(msg.into())
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            Error::Runtime(_) => 1,
            Error::Silent(code) => *code,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(m) | Error::Runtime(m) => f.write_str(m),
            Error::Silent(_) => Ok(()),
        }
    }
}

impl std::error::Error for Error {}
