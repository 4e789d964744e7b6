//! bash, zsh and POSIX sh (dash, ksh): one dialect, since the code uses only
//! what all of them share, except in two places. bash and zsh let a user
//! function named `export`, `unset` or `eval` shadow the builtin (it would
//! receive the secret in `"$@"`), so their code calls `builtin …`; POSIX
//! shells find special builtins before functions, and dash has no `builtin`.
//! And each finds out differently whether a variable is exported (bash
//! `compgen -e`, zsh `${(t)…}`, POSIX `export -p`), which `unuse` restores too.
//! Lists are walked with `${l%% *}` / `${l#* }` rather than word splitting,
//! which zsh does not do on unquoted parameters.

use super::Syntax;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Dialect {
    Bash,
    Zsh,
    Sh,
}

pub struct Posix {
    dialect: Dialect,
}

pub static BASH: Posix = Posix {
    dialect: Dialect::Bash,
};
pub static ZSH: Posix = Posix {
    dialect: Dialect::Zsh,
};
pub static SH: Posix = Posix {
    dialect: Dialect::Sh,
};

/// Single quotes hold every byte but `'` literally (newlines too), in every
/// POSIX shell and in zsh; a `'` is closed, escaped and reopened.
pub fn quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

impl Posix {
    /// The prefix that reaches the builtin past a user's function of that name.
    fn builtin(&self) -> &'static str {
        match self.dialect {
            Dialect::Bash | Dialect::Zsh => "builtin ",
            Dialect::Sh => "",
        }
    }

    /// A command that succeeds when `name` (a valid name) is exported now.
    fn is_exported(&self, name: &str) -> String {
        match self.dialect {
            // `compgen -e` matches exported names by prefix; `-X '!NAME'` keeps
            // only the exact one. No subshell, no fork.
            Dialect::Bash => format!("builtin compgen -X '!{name}' -e -- {name} >/dev/null"),
            Dialect::Zsh => format!("[[ ${{(t){name}}} == *-export* ]]"),
            Dialect::Sh => format!("case $__twenv_e in *' {name} '*) true ;; *) false ;; esac"),
        }
    }
}

impl Syntax for Posix {
    fn begin(&self) -> String {
        // Under `set -a` every assignment below would be exported, the saved
        // secret of the previous profile included: off while this code runs
        // (switched off before anything is assigned), and back on at the end.
        format!(
            "case $- in *a*) {b}set +a; __twenv_allexport=1 ;; *) __twenv_allexport='' ;; esac\n",
            b = self.builtin()
        )
    }

    fn end(&self) -> String {
        format!(
            "if [ -n \"$__twenv_allexport\" ]; then {b}unset __twenv_allexport; {b}set -a; \
             else {b}unset __twenv_allexport; fi\n",
            b = self.builtin()
        )
    }

    fn restore(&self, otherwise: &str) -> String {
        // The name comes from the shell's own bookkeeping; it is checked to be a
        // variable name before it reaches `eval`, so a tampered list cannot run code.
        // A value is put back by unset-then-assign, which also drops the export
        // attribute `use` gave it; it is exported again only if it was before.
        // Bookkeeping without `__twenv_exported` (from an older twenv) was
        // always restored exported.
        let b = self.builtin();
        let otherwise = if otherwise.is_empty() {
            String::new()
        } else {
            format!("else\n{otherwise}")
        };
        format!(
            r#"if [ -n "${{__twenv_saved+x}}" ]; then
  __twenv_l="$__twenv_saved "
  while [ -n "$__twenv_l" ]; do
    __twenv_n=${{__twenv_l%% *}}
    __twenv_l=${{__twenv_l#* }}
    case $__twenv_n in
      '' | [0-9]* | *[!A-Za-z0-9_]*) ;;
      *) {b}eval "if [ -n \"\${{__twenv_old_$__twenv_n+x}}\" ]; then {b}unset $__twenv_n; $__twenv_n=\$__twenv_old_$__twenv_n; case \"\${{__twenv_exported- $__twenv_n }}\" in *' $__twenv_n '*) {b}export $__twenv_n ;; esac; else {b}unset $__twenv_n; fi; {b}unset __twenv_old_$__twenv_n" ;;
    esac
  done
  {b}unset __twenv_l __twenv_n __twenv_saved __twenv_exported
{otherwise}fi
"#
        )
    }

    fn save(&self, names: &[&str]) -> String {
        let mut out = String::new();
        if self.dialect == Dialect::Sh {
            // `export -p` is the one portable way to see the export attribute.
            // Its output is quoted for re-input, so once its line breaks are
            // spaces (inside a value that changes only the value, which is not
            // used), it evaluates to `export NAME=value` word pairs whatever the
            // values hold. In a subshell, so `set --` touches nothing outside.
            out.push_str(
                r#"__twenv_e=" $(
  __twenv_p=$(export -p) __twenv_nl='
' __twenv_a=''
  while :; do case $__twenv_p in *"$__twenv_nl"*) __twenv_a="$__twenv_a${__twenv_p%%"$__twenv_nl"*} " __twenv_p=${__twenv_p#*"$__twenv_nl"} ;; *) break ;; esac; done
  eval "set -- $__twenv_a$__twenv_p"
  while [ "$#" -gt 1 ]; do if [ "$1" = export ]; then printf '%s ' "${2%%=*}"; shift; fi; shift; done
)"
"#,
            );
        }
        out.push_str("__twenv_exported=' '\n");
        for name in names {
            out.push_str(&format!(
                "if [ -n \"${{{name}+x}}\" ]; then __twenv_old_{name}=${name}; \
                 if {test}; then __twenv_exported=\"${{__twenv_exported}}{name} \"; fi; fi\n",
                test = self.is_exported(name)
            ));
        }
        if self.dialect == Dialect::Sh {
            out.push_str("unset __twenv_e\n");
        }
        out.push_str(&format!("__twenv_saved={}\n", quote(&names.join(" "))));
        out
    }

    fn export(&self, name: &str, value: &str) -> String {
        format!("{}export {name}={}\n", self.builtin(), quote(value))
    }

    fn unset(&self, name: &str) -> String {
        format!("{}unset {name}\n", self.builtin())
    }

    fn note(&self, text: &str) -> String {
        format!("printf '%s\\n' {} >&2\n", quote(text))
    }

    fn mark_first_use(&self) -> String {
        "if [ -n \"${__twenv_saved+x}\" ]; then __twenv_first=''; else __twenv_first=1; fi\n"
            .to_string()
    }

    fn if_first_use(&self, body: &str) -> String {
        format!(
            "if [ -n \"$__twenv_first\" ]; then\n{body}fi\n{}unset __twenv_first\n",
            self.builtin()
        )
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

    #[test]
    fn bash_and_zsh_reach_the_builtins_past_user_functions() {
        for dialect in [&BASH, &ZSH] {
            assert_eq!(dialect.export("A", "x"), "builtin export A='x'\n");
            assert_eq!(dialect.unset("A"), "builtin unset A\n");
        }
        assert_eq!(SH.export("A", "x"), "export A='x'\n");
    }
}
