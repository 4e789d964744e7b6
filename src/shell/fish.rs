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

    fn restore(&self, otherwise: &str) -> String {
        // A saved value is restored as the global it was, exported or not
        // (bookkeeping without `__twenv_exported`, from an older twenv, was
        // always restored exported); a variable that had no global is erased
        // again, which also lifts the `unset` shadow below.
        let otherwise = if otherwise.is_empty() {
            String::new()
        } else {
            format!("else\n{otherwise}")
        };
        format!(
            r#"if set -q __twenv_saved
    for __twenv_n in $__twenv_saved
        set -g __twenv_v __twenv_old_$__twenv_n
        if set -q $__twenv_v
            if not set -q __twenv_exported; or contains -- $__twenv_n $__twenv_exported
                set -gx $__twenv_n $$__twenv_v
            else
                set -gu $__twenv_n $$__twenv_v
            end
        else
            set -e -g $__twenv_n
        end
        set -e -g $__twenv_v
    end
    set -e -g __twenv_n
    set -e -g __twenv_v
    set -e -g __twenv_saved
    set -e -g __twenv_exported
{otherwise}end
"#
        )
    }

    fn save(&self, names: &[&str]) -> String {
        let mut out = String::from("set -g __twenv_exported\n");
        for name in names {
            out.push_str(&format!(
                "if set -q -g {name}\n    set -g __twenv_old_{name} ${name}\n\
                 \x20   if set -q -g -x {name}\n        set -g -a __twenv_exported {name}\n    end\nend\n"
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
        // erase it in every fish session). An unexported global hides it from
        // this shell; but fish passes an *exported* universal on to every
        // program even when a global shadows it, so then the global is exported
        // empty: the closest to unset a program started here can be shown.
        format!(
            "set -e -g {name}\nif set -q -U {name}\n    if set -q -U -x {name}\n        set -g -x {name}\n        {}    else\n        set -g -u {name}\n    end\nend\n",
            self.note(&format!(
                "twenv: {name} is an exported universal variable (set -Ux), which fish passes on \
                 to every program: programs started from this shell see it empty; \
                 `set -e -U {name}` removes it everywhere"
            ))
        )
    }

    fn note(&self, text: &str) -> String {
        format!("printf '%s\\n' {} >&2\n", quote(text))
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
