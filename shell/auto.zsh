
# Automatic switching on `cd` (DESIGN §11; `twenv init zsh --no-auto` leaves
# this out). The cost is the point: at a prompt with `$PWD` unchanged, one
# string comparison; after a `cd`, builtins walk up to the nearest
# .twenv-profile and read it (no process); the binary runs only when the pin
# that applies changed, and then through `twenv use --pin FILE`, which checks
# trust and prints the code `twenv use ID` prints (so leaving restores exactly
# as `twenv unuse` does). One precmd function, no chpwd: a `cd` costs one
# check at the next prompt however many directories it changed. State, none
# of it exported:
#   __twenv_auto_pwd      $PWD at the last prompt
#   __twenv_auto_key      the pin that applied then: its path and content
#   __twenv_auto_profile  the profile a pin switched to (set by the binary's code)
#   __twenv_auto_noted    pin files already warned about in this shell

typeset -g __twenv_auto_pwd __twenv_auto_key __twenv_auto_profile
typeset -gA __twenv_auto_noted

__twenv_auto_hook() {
    # First, before anything changes it: what the user's last command
    # returned, passed on to the precmd functions after this one. Under
    # errexit a non-zero return would end the shell, so there it is not.
    local __twenv_status=$?
    # All in this one function: a function call alone costs zsh about as
    # much as three levels of the walk.
    if [[ $PWD != "$__twenv_auto_pwd" ]]; then
        # No `emulate -L zsh` here: it saves and restores every option, on
        # every `cd`, and nothing below depends on one. Tracing and allexport
        # are off for this call: the bookkeeping is neither shown nor exported.
        [[ ! -o xtrace && ! -o allexport ]] || setopt local_options no_xtrace no_allexport
        __twenv_auto_pwd=$PWD
        # Up from $PWD to the nearest .twenv-profile: one test per level (`:h`
        # costs about half what `${d%/*}` does). A dangling symlink names
        # nothing and is passed over, as by the binary.
        local d=$PWD f='' c='' key=''
        # (Up to `/`; a `$PWD` someone set to a relative path stops at once.)
        until [[ -e $d/.twenv-profile || $d != /?* ]]; do
            d=${d:h}
        done
        if [[ $d == /* && -e $d/.twenv-profile ]]; then
            f=${d%/}/.twenv-profile
            # Only a regular file is read (a FIFO would block the prompt); at
            # most 4096 characters, as the binary reads. The binary judges
            # the rest.
            if [[ -f $f && ! -L $f ]]; then
                read -r -u 0 -k 4096 c 2>/dev/null <$f || :
            fi
            # The length keeps any path from running into any content.
            key="${#f}:$f$c"
        fi
        if [[ $key != "$__twenv_auto_key" ]]; then
            __twenv_auto_key=$key
            __twenv_auto_apply "$f" "$c"
        fi
    fi
    [[ -o errexit ]] && return 0
    return $__twenv_status
}

# $1: the pin file that applies now (empty: none); $2: its content.
__twenv_auto_apply() {
    emulate -L zsh
    setopt no_xtrace
    # A pin is in effect while the shell still uses the profile it switched
    # to; a manual `use` or `unuse` since then ends that, and wins.
    local in_effect=''
    if [[ -n $__twenv_auto_profile && $__twenv_auto_profile == "${TWENV_PROFILE-}" ]]; then
        in_effect=1
    fi
    if [[ -z $1 ]]; then
        # Left every pinned directory.
        if [[ -n $in_effect ]]; then
            twenv unuse || :
        fi
        __twenv_auto_profile=''
        return 0
    fi
    # The first line that is neither empty nor a comment, trimmed. When it is
    # the profile this shell already uses (a child shell that inherited it, a
    # manual `use`), there is nothing to change and no process to start.
    local line
    for line in "${(@f)2}"; do
        line=${${line##[[:space:]]#}%%[[:space:]]#}
        if [[ -n $line && $line != '#'* ]]; then
            [[ $line == "${TWENV_PROFILE-}" ]] && return 0
            break
        fi
    done
    local -a args
    args=(use --pin "$1")
    [[ -n $in_effect ]] && args+=(--pin-restore)
    [[ -n ${__twenv_auto_noted[$1]-} ]] && args+=(--pin-quiet)
    twenv "${args[@]}" || :
    if [[ -z $__twenv_auto_profile ]]; then
        # Not applied, and said so: once per pin file per shell.
        __twenv_auto_noted[$1]=1
    fi
}

# First, so the prompt drawn after a `cd` shows the new profile; registered
# once however often this file is sourced.
typeset -ga precmd_functions
if (( ! ${precmd_functions[(Ie)__twenv_auto_hook]} )); then
    precmd_functions=(__twenv_auto_hook $precmd_functions)
fi
