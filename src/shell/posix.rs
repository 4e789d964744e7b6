//! bash, zsh and POSIX sh (dash, ksh): one dialect, since the code uses only
//! what all of them share. Lists are walked with `${l%% *}` / `${l#* }` rather
//! than word splitting, which zsh does not do on unquoted parameters.

use super::Syntax;

pub struct Posix;

/// Single quotes hold every byte but `'` literally (newlines too), in every
/// POSIX shell and in zsh; a `'` is closed, escaped and reopened.
pub fn quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

impl Syntax for Posix {
    fn restore(&self) -> String {
        // The name comes from the shell's own bookkeeping; it is checked to be a
        // variable name before it reaches `eval`, so a tampered list cannot run code.
        r#"if [ -n "${__twenv_saved+x}" ]; then
  __twenv_l="$__twenv_saved "
  while [ -n "$__twenv_l" ]; do
    __twenv_n=${__twenv_l%% *}
    __twenv_l=${__twenv_l#* }
    case $__twenv_n in
      '' | [0-9]* | *[!A-Za-z0-9_]*) ;;
      *) eval "if [ -n \"\${__twenv_old_$__twenv_n+x}\" ]; then export $__twenv_n=\"\$__twenv_old_$__twenv_n\"; else unset $__twenv_n; fi; unset __twenv_old_$__twenv_n" ;;
    esac
  done
  unset __twenv_l __twenv_n __twenv_saved
fi
"#
        .to_string()
    }

    fn save(&self, names: &[&str]) -> String {
        let mut out = String::new();
        for name in names {
            out.push_str(&format!(
                "if [ -n \"${{{name}+x}}\" ]; then __twenv_old_{name}=${name}; fi\n"
            ));
        }
        out.push_str(&format!("__twenv_saved={}\n", quote(&names.join(" "))));
        out
    }

    fn export(&self, name: &str, value: &str) -> String {
        format!("export {name}={}\n", quote(value))
    }

    fn unset(&self, name: &str) -> String {
        format!("unset {name}\n")
    }

    fn mark_first_use(&self) -> String {
        "if [ -n \"${__twenv_saved+x}\" ]; then __twenv_first=''; else __twenv_first=1; fi\n"
            .to_string()
    }

    fn if_first_use(&self, body: &str) -> String {
        format!("if [ -n \"$__twenv_first\" ]; then\n{body}fi\nunset __twenv_first\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(quote(""), "''");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote("a\\"), "'a\\'");
    }
}
