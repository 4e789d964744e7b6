//! A secret (API secret or Auth Token) in memory: never shown by `{:?}`, and
//! wiped when dropped so it does not linger in freed memory.

use std::fmt;

use zeroize::Zeroize;

pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Self {
        Secret(value)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([hidden])")
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new("hunter2-0123456789".into());
        assert!(!format!("{s:?} {s:#?}").contains("hunter2"));
        assert_eq!(s.expose(), "hunter2-0123456789");
    }
}
