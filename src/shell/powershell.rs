//! PowerShell (code only; no hook yet): `$env:` items, bookkeeping in one
//! global hashtable (a shell variable, never part of the environment).

use super::Syntax;

pub struct PowerShell;

/// Single-quoted strings are literal except the quote itself, doubled. PowerShell
/// also treats the typographic single quotes as quote characters, so they are
/// doubled as well.
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

impl Syntax for PowerShell {
    fn mark_first_use(&self) -> String {
        "$global:__twenv_first = ($null -eq $global:__twenv_saved)\n".to_string()
    }

    fn if_first_use(&self, body: &str) -> String {
        format!(
            "if ($global:__twenv_first) {{\n{body}}}\nRemove-Variable -Name __twenv_first -Scope Global\n"
        )
    }

    fn restore(&self, otherwise: &str) -> String {
        let otherwise = if otherwise.is_empty() {
            String::new()
        } else {
            format!(" else {{\n{otherwise}}}")
        };
        format!(
            r#"if ($null -ne $global:__twenv_saved) {{
    foreach ($__twenv_e in $global:__twenv_saved.GetEnumerator()) {{
        [Environment]::SetEnvironmentVariable($__twenv_e.Key, $__twenv_e.Value)
    }}
    Remove-Variable -Name __twenv_saved -Scope Global
}}{otherwise}
"#
        )
    }

    fn note(&self, text: &str) -> String {
        format!("[Console]::Error.WriteLine({})\n", quote(text))
    }

    fn save(&self, names: &[&str]) -> String {
        let mut out = String::from("$global:__twenv_saved = @{}\n");
        for name in names {
            out.push_str(&format!(
                "$global:__twenv_saved['{name}'] = [Environment]::GetEnvironmentVariable('{name}')\n"
            ));
        }
        out
    }

    fn export(&self, name: &str, value: &str) -> String {
        format!("$env:{name} = {}\n", quote(value))
    }

    fn unset(&self, name: &str) -> String {
        format!("Remove-Item -Path Env:{name} -ErrorAction SilentlyContinue\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(quote("it's $x"), "'it''s $x'");
        assert_eq!(quote("\u{2019}"), "'\u{2019}\u{2019}'");
    }
}
