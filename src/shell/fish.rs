//! fish: its own quoting (inside single quotes `\\` and `\'` are escapes, so a
//! POSIX quoter would corrupt backslashes) and its own scopes. Every variable is
//! set with an explicit scope: `-gx` for the exported ones, `-g` for the
//! bookkeeping (global, not exported, never universal, so other fish sessions
//! and child processes never see it). Evaluated inside the hook's function, a
//! `set` without a scope would be function-local and vanish on return.

use super::Syntax;

pub struct Fish;

pub fn quote(value: &str) -> String {
    format!("'{}'", value.replace('\\', r"\\").replace('\'', r"\'"))
}

impl Syntax for Fish {
    fn mark_first_use(&self) -> String {
        "if set -q __twenv_saved\n    set -g __twenv_first 0\nelse\n    set -g __twenv_first 1\nend\n"
            .to_string()
    }

    fn if_first_use(&self, body: &str) -> String {
        format!("if test \"$__twenv_first\" = 1\n{body}end\nset -e -g __twenv_first\n")
    }

    fn restore(&self) -> String {
        // A saved value is restored as the global it was; a variable that had no
        // global is erased again, which also lifts the `unset` shadow below.
        r#"if set -q __twenv_saved
    for __twenv_n in $__twenv_saved
        set -g __twenv_v __twenv_old_$__twenv_n
        if set -q $__twenv_v
            set -gx $__twenv_n $$__twenv_v
        else
            set -e -g $__twenv_n
        end
        set -e -g $__twenv_v
    end
    set -e -g __twenv_n
    set -e -g __twenv_v
    set -e -g __twenv_saved
end
"#
        .to_string()
    }

    fn save(&self, names: &[&str]) -> String {
        let mut out = String::new();
        for name in names {
            out.push_str(&format!(
                "if set -q -g {name}\n    set -g __twenv_old_{name} ${name}\nend\n"
            ));
        }
        out.push_str(&format!("set -g __twenv_saved {}\n", names.join(" ")));
        out
    }

    fn export(&self, name: &str, value: &str) -> String {
        format!("set -gx {name} {}\n", quote(value))
    }

    fn unset(&self, name: &str) -> String {
        // A universal variable cannot be erased for this shell alone (that would
        // erase it in every fish session); an empty, unexported global hides it
        // from this shell and its children until `unuse`.
        format!("set -e -g {name}\nif set -q -U {name}\n    set -g -u {name}\nend\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(quote(""), "''");
        assert_eq!(quote(r"a\"), r"'a\\'");
        assert_eq!(quote("it's"), r"'it\'s'");
    }
}
