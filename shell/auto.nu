
# Automatic switching on `cd` (DESIGN §11; `twenv init nu --no-auto` leaves
# this out), on $env.config.hooks.env_change.PWD: nu runs the hook before a
# prompt when $PWD changed since the last one (and before the first prompt),
# never while a script or `nu -c` runs. The cost is the point: builtins walk
# up to the nearest .twenv-profile and read it (no process); the binary runs
# only when the pin that applies changed, and then through `twenv use --pin
# FILE`, which checks trust and prints the record `twenv use ID` prints (so
# leaving restores exactly as `twenv unuse` does). State, in one record so
# that no child process is given it (nu passes on strings only):
#   $env.__twenv_auto.pwd      $PWD when the hook last looked
#   $env.__twenv_auto.key      the pin that applied then: its path and content
#   $env.__twenv_auto.profile  the profile a pin switched to ('' for none)
#   $env.__twenv_auto.noted    pin files already warned about in this shell

def --env __twenv_auto_hook []: nothing -> nothing {
    let state = ($env.__twenv_auto? | default {pwd: null, key: null, profile: '', noted: []})
    if $state.pwd == $env.PWD { return }
    $env.__twenv_auto = ($state | upsert pwd $env.PWD)
    __twenv_auto_check
}

def --env __twenv_auto_check []: nothing -> nothing {
    let file = (__twenv_auto_find $env.PWD)
    # Only a regular file is read (a FIFO would block the prompt, a symlink
    # is left to the binary); at most 4096 bytes, as the binary reads.
    let content = if $file != '' and ($file | path type) == 'file' {
        try { open --raw $file | first 4096 } catch { 0x[] }
    } else {
        0x[]
    }
    let key = {file: $file, content: $content}
    if $key != $env.__twenv_auto.key {
        $env.__twenv_auto.key = $key
        __twenv_auto_apply $file $content
    }
}

# The nearest .twenv-profile from `dir` up to /, or ''. A dangling symlink
# names nothing and is passed over (`path exists` follows links), as by the
# binary. (nu's path commands read a component `...` as `../..`: below one,
# a pin may be missed; the binary checks the path it is given, and trust.)
def __twenv_auto_find [dir: string]: nothing -> string {
    mut d = $dir
    while not ($d | path join .twenv-profile | path exists) {
        let up = ($d | path dirname)
        if $up == $d { return '' }
        $d = $up
    }
    $d | path join .twenv-profile
}

# `file`: the pin file that applies now ('' for none); `content`: its start.
def --env __twenv_auto_apply [file: string, content: binary]: nothing -> nothing {
    let state = $env.__twenv_auto
    let current = ($env | get --optional TWENV_PROFILE | default '')
    # A pin is in effect while the shell still uses the profile it switched
    # to; a manual `use` or `unuse` since then ends that, and wins.
    let in_effect = ($state.profile != '' and $state.profile == $current)
    if $file == '' {
        # Left every pinned directory.
        if $in_effect {
            try { main unuse }
        }
        $env.__twenv_auto.profile = ''
        return
    }
    # The first line that is neither empty nor a comment, trimmed. When it is
    # the profile this shell already uses (a child shell that inherited it, a
    # manual `use`), there is nothing to change and no process to start.
    let text = try { $content | decode utf-8 } catch { '' }
    let named = ($text | lines | str trim | where {|l| $l != '' and not ($l starts-with '#') } | get --optional 0)
    if $named != null and $named == $current { return }
    let args = (
        [use '--pin' $file]
        | append (if $in_effect { ['--pin-restore'] } else { [] })
        | append (if $file in $state.noted { ['--pin-quiet'] } else { [] })
    )
    # As in `main`: captured (the record holds the secret), no secret given.
    let out = try {
        with-env {TWENV_SHELL: nu, TWILIO_API_SECRET: null, TWILIO_AUTH_TOKEN: null} {
            {text: (^$TWENV_BIN ...$args)}
        }
    } catch {
        # The binary failed, its message on stderr: nothing changed.
        return
    }
    # Nothing printed: the pin is not applied and there was nothing to undo.
    let record = if ($out.text | is-empty) {
        null
    } else {
        try { $out.text | from json } catch { return }
    }
    if $record != null { __twenv_apply $record }
    # A `use` record switched the shell to the pin's profile; an `unuse`
    # record (the pin left cannot be applied) or none leaves no pin in effect.
    let profile = if $record != null and $record.save != null {
        $record.set | get --optional TWENV_PROFILE | default ''
    } else {
        ''
    }
    $env.__twenv_auto.profile = $profile
    if $profile == '' and $file not-in $state.noted {
        # Not applied, and said so: once per pin file per shell.
        $env.__twenv_auto.noted = ($state.noted | append $file)
    }
}

# Registered at each `use` of the module, once: appended to the user's own
# PWD hooks (a single hook is kept, in a list), never replacing them.
export-env {
    let hooks = ($env.config? | get --optional hooks.env_change.PWD | default [])
    let hooks = if ($hooks | describe | str starts-with 'list') { $hooks } else { [$hooks] }
    let ours = ($hooks | any {|hook|
        try { view source $hook | str contains '__twenv_auto_hook' } catch { false }
    })
    if not $ours {
        $env.config.hooks.env_change.PWD = ($hooks | append {|before, after| __twenv_auto_hook })
    }
}
