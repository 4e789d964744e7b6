use crate::error::{Error, Result};

pub fn run(command: &str) -> Result<()> {
    Err(Error::runtime(format!(
        "`twenv {command}` is not yet available in this build"
    )))
}
