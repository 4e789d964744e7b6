# twenv shell integration for Nushell: a module. Save it, then load it in
# ~/.config/nushell/config.nu:
#     twenv init nu | save -f ~/.config/nushell/twenv.nu
#     use ~/.config/nushell/twenv.nu *
# Its `main` becomes the command `twenv`. Nushell has no eval, so `twenv use`
# and `twenv unuse` take a record (JSON) from the binary and apply it with
# load-env and hide-env; every other command goes to the binary unchanged.
# Loading it defines commands and, unless `--no-auto`, appends the hook of
# automatic switching to $env.config.hooks.env_change.PWD (at the end of the
# module): nothing is printed, no other variable is set. Not even
# TWENV_SHELL, as the other hooks do: every string in $env reaches child
# processes, and a child shell of another kind must not be told it is nu. Each
# call of the binary gets it instead.

const TWENV_BIN = __TWENV_BIN__

# Bookkeeping lives in $env.__twenv_saved as a record: Nushell passes only
# string values on to child processes, so the values saved there (an earlier
# secret among them) never reach a child's environment, as with the
# non-exported variables of the other shells.
#   names:  the variables the first `use` changed
#   values: those of them that were set then, with their values

# The profile this shell uses, for prompts: a variable read, no process.
# Gives what `twenv prompt` prints, without the newline, or nothing.
export def twenv_prompt_info []: nothing -> any {
    let profile = ($env | get --optional TWENV_PROFILE | default '')
    if ($profile | is-not-empty) { $profile }
}

# Switch Twilio credential profiles in this shell (`twenv --help` for the commands)
export def --env --wrapped main [...args: string@__twenv_complete] {
    if (__twenv_applies $args) {
        # Captured, never shown: the record holds the API secret. A failure of
        # the binary (its message already on stderr) stops here with its status.
        # `nu --log-level trace` logs the environment of every program it
        # starts: this one needs no secret, so it is given none (a null is
        # never passed on).
        let text = (with-env {TWENV_SHELL: nu, TWILIO_API_SECRET: null, TWILIO_AUTH_TOKEN: null} {
            ^$TWENV_BIN ...$args
        })
        # A parse error would quote the text around the fault: the secret.
        let record = try { $text | from json } catch {
            error make --unspanned {
                msg: "twenv: the binary printed no record for Nushell (was --shell given?); nothing changed"
            }
        }
        __twenv_apply $record
    } else {
        with-env {TWENV_SHELL: nu} { ^$TWENV_BIN ...$args }
    }
}

# Whether the binary's output is a record to apply: `use`, `unuse` or
# `deactivate`, except with help, version or `--global`, which print none.
def __twenv_applies [args: list<string>]: nothing -> bool {
    mut sub = ''
    mut skip = false
    for arg in $args {
        if $skip {
            $skip = false
        } else if $arg in [-p --profile -o --output --config-dir] {
            $skip = true
        } else if $arg in [-h --help -V --version --global] {
            return false
        } else if not ($arg starts-with '-') and $sub == '' {
            $sub = $arg
        }
    }
    $sub in [use unuse deactivate]
}

# The steps of every shell's `use`: restore what an earlier `use` changed,
# save what this one changes, set and hide; `unuse` is the restore alone.
# The steps are folded into one final state first, and each variable is then
# set or unset once: in Nushell, hiding a variable that was set again in the
# same call uncovers its older value instead.
def --env __twenv_apply [record: record]: nothing -> nothing {
    let saved = $env.__twenv_saved?
    let restored = if $saved == null { [] } else { $saved.names }
    let restore_set = if $saved == null { {} } else { $saved.values }
    # On a first use, a parent's profile may have left extras behind.
    let hide = if $saved == null {
        $record.hide ++ $record.hide_if_first_use
    } else {
        $record.hide
    }
    let set = ($restore_set | merge $record.set | __twenv_without $hide)
    let unset = ($restored ++ $hide | uniq | where $it not-in ($set | columns))
    if $record.save != null {
        # What this use changes, as it is once the earlier use is undone.
        let before = (__twenv_current $record.save | __twenv_without $restored)
        let values = ($restore_set | __twenv_only $record.save | merge $before)
        $env.__twenv_saved = {names: $record.save, values: $values}
    } else if $saved != null {
        hide-env __twenv_saved
    } else {
        # What every shell's `unuse` says when this shell never ran `use`.
        print --stderr 'twenv: nothing to undo: `twenv use` has not changed this shell'
    }
    hide-env --ignore-errors ...$unset
    load-env ($unset | __twenv_still_set | reduce --fold $set {|name, all| $all | insert $name null })
}

# Nushell hides one layer of a variable at a time, and from inside a command
# it cannot always hide the caller's lower one (a value nu started with, set
# again since). Where a layer remains, a null stands in for it: no child
# process is given a null.
def __twenv_still_set []: list<string> -> list<string> {
    let names = $in
    __twenv_current $names | columns
}

# The variables among `names` that are set, with their values. Matched with
# case, as load-env and hide-env do (`$env.NAME` alone would ignore case); a
# null is not set (see `__twenv_still_set`).
def __twenv_current [names: list<string>]: nothing -> record {
    $env | __twenv_only $names
}

# The fields of the input record named in `names`, without nulls. Built-in
# commands only: a closure per field would cost more than the rest of `use`.
def __twenv_only [names: list<string>]: record -> record {
    let record = $in
    # `select` given no names keeps every field.
    if ($names | is-empty) { return {} }
    $record | select --optional ...$names | compact
}

# The fields of the input record not named in `names`.
def __twenv_without [names: list<string>]: record -> record {
    reject --optional ...$names
}

# Completion from the binary, which reads only the config: the words up to the
# cursor, the last one being completed (empty after a blank).
# On any failure it offers nothing (an empty list: not even file names).
def __twenv_complete [context: string]: nothing -> list<any> {
    let words = ($context | str trim --left | split row --regex '\s+')
    let answer = (with-env {COMPLETE: nu} { ^$TWENV_BIN -- ...$words } | complete)
    if $answer.exit_code != 0 { return [] }
    try { $answer.stdout | from json } catch { [] }
}
