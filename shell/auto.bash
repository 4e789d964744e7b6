
# Automatic switching on `cd` (DESIGN §11; `twenv init bash --no-auto` leaves
# this out). The cost is the point: at a prompt with `$PWD` unchanged, one
# string comparison; after a `cd`, builtins walk up to the nearest
# .twenv-profile and read it (no process); the binary runs only when the pin
# that applies changed, and then through `twenv use --pin FILE`, which checks
# trust and prints the code `twenv use ID` prints (so leaving restores exactly
# as `twenv unuse` does). State, none of it exported:
#   __twenv_auto_pwd      $PWD at the last prompt
#   __twenv_auto_key      the pin that applied then: its path and content
#   __twenv_auto_profile  the profile a pin switched to (set by the binary's code)
#   __twenv_auto_noted    pin files already warned about in this shell
#   __twenv_up1 … 15      scratch: the 16 nearest levels after a `cd`

__twenv_auto_hook() {
    # First, before anything changes it: what the user's last command
    # returned, passed on to the PROMPT_COMMAND entries after this one (bash
    # itself restores `$?` for PS1). Under errexit a non-zero return would end
    # the shell, so there it is not passed on.
    local __twenv_status=$?
    if [[ $PWD != "${__twenv_auto_pwd-}" ]]; then
        __twenv_auto_cd
    fi
    # (A status of 0 is what the `if` above already returns.)
    if [[ $__twenv_status != 0 && $- != *e* ]]; then
        return "$__twenv_status"
    fi
}

# After a `cd`. (Apart from the hook above, which stays small: bash copies a
# function's body on every call.)
__twenv_auto_cd() {
    # Tracing and allexport off (quietly, and only when on: /dev/null
    # costs an open): the bookkeeping below is neither shown nor exported.
    local __twenv_opts=$-
    [[ $__twenv_opts != *[xa]* ]] || { builtin set +xa; } 2>/dev/null
    __twenv_auto_pwd=$PWD
    # Most directories have no pin above them, and every command costs
    # bash microseconds, so the 16 nearest levels are tested in one
    # condition (each level is its parent's value: assignments run in
    # order). Only a pin among them, or a deeper path, takes the walk.
    __twenv_up1=${PWD%/*} __twenv_up2=${__twenv_up1%/*} __twenv_up3=${__twenv_up2%/*} __twenv_up4=${__twenv_up3%/*} \
        __twenv_up5=${__twenv_up4%/*} __twenv_up6=${__twenv_up5%/*} __twenv_up7=${__twenv_up6%/*} __twenv_up8=${__twenv_up7%/*} \
        __twenv_up9=${__twenv_up8%/*} __twenv_up10=${__twenv_up9%/*} __twenv_up11=${__twenv_up10%/*} __twenv_up12=${__twenv_up11%/*} \
        __twenv_up13=${__twenv_up12%/*} __twenv_up14=${__twenv_up13%/*} __twenv_up15=${__twenv_up14%/*}
    if [[ -e $PWD/.twenv-profile || -e $__twenv_up1/.twenv-profile || -e $__twenv_up2/.twenv-profile ||
        -e $__twenv_up3/.twenv-profile || -e $__twenv_up4/.twenv-profile || -e $__twenv_up5/.twenv-profile ||
        -e $__twenv_up6/.twenv-profile || -e $__twenv_up7/.twenv-profile || -e $__twenv_up8/.twenv-profile ||
        -e $__twenv_up9/.twenv-profile || -e $__twenv_up10/.twenv-profile || -e $__twenv_up11/.twenv-profile ||
        -e $__twenv_up12/.twenv-profile || -e $__twenv_up13/.twenv-profile || -e $__twenv_up14/.twenv-profile ||
        -e $__twenv_up15/.twenv-profile ||
        $__twenv_up15 == /* ]]; then
        __twenv_auto_check
    elif [[ -n ${__twenv_auto_key-} ]]; then
        # Left the last pinned directory.
        __twenv_auto_key=''
        __twenv_auto_apply '' ''
    fi
    case $__twenv_opts in *a*) builtin set -a ;; esac
    case $__twenv_opts in *x*) builtin set -x ;; esac
}

__twenv_auto_check() {
    # Up from $PWD to the nearest .twenv-profile: one test per level. A
    # dangling symlink names nothing and is passed over, as by the binary.
    local __twenv_d=$PWD __twenv_f='' __twenv_c='' __twenv_key=''
    # (Up to `/`; a `$PWD` someone set to a relative path stops at once.)
    while [[ $__twenv_d == /* && ! -e $__twenv_d/.twenv-profile ]]; do
        __twenv_d=${__twenv_d%/*}
    done
    if [[ $__twenv_d == /* ]] || [[ -z $__twenv_d && -e /.twenv-profile ]]; then
        __twenv_f=$__twenv_d/.twenv-profile
        # Only a regular file is read (a FIFO would block the prompt); at
        # most 4096 characters, as the binary reads. The binary judges the rest.
        if [[ -f $__twenv_f && ! -L $__twenv_f ]]; then
            IFS= read -r -d '' -n 4096 __twenv_c 2>/dev/null <"$__twenv_f" || :
        fi
        # The length keeps any path from running into any content.
        __twenv_key="${#__twenv_f}:$__twenv_f$__twenv_c"
    fi
    if [[ $__twenv_key != "${__twenv_auto_key-}" ]]; then
        __twenv_auto_key=$__twenv_key
        __twenv_auto_apply "$__twenv_f" "$__twenv_c"
    fi
}

# $1: the pin file that applies now (empty: none); $2: its content.
__twenv_auto_apply() {
    # A pin is in effect while the shell still uses the profile it switched
    # to; a manual `use` or `unuse` since then ends that, and wins.
    local __twenv_in_effect=''
    if [[ -n ${__twenv_auto_profile-} && $__twenv_auto_profile == "${TWENV_PROFILE-}" ]]; then
        __twenv_in_effect=1
    fi
    if [[ -z $1 ]]; then
        # Left every pinned directory.
        if [[ -n $__twenv_in_effect ]]; then
            twenv unuse || :
        fi
        __twenv_auto_profile=''
        return 0
    fi
    # The first line that is neither empty nor a comment, trimmed. When it is
    # the profile this shell already uses (a child shell that inherited it, a
    # manual `use`), there is nothing to change and no process to start.
    local __twenv_rest=$2 __twenv_line
    while [[ -n $__twenv_rest ]]; do
        __twenv_line=${__twenv_rest%%$'\n'*}
        if [[ $__twenv_rest == *$'\n'* ]]; then
            __twenv_rest=${__twenv_rest#*$'\n'}
        else
            __twenv_rest=''
        fi
        __twenv_line=${__twenv_line#"${__twenv_line%%[![:space:]]*}"}
        __twenv_line=${__twenv_line%"${__twenv_line##*[![:space:]]}"}
        if [[ -n $__twenv_line && $__twenv_line != '#'* ]]; then
            if [[ $__twenv_line == "${TWENV_PROFILE-}" ]]; then
                return 0
            fi
            break
        fi
    done
    local __twenv_file=$1
    set -- use --pin "$__twenv_file"
    if [[ -n $__twenv_in_effect ]]; then
        set -- "$@" --pin-restore
    fi
    local __twenv_sep=$'\001'
    if [[ $__twenv_sep${__twenv_auto_noted-} == *"$__twenv_sep$__twenv_file$__twenv_sep"* ]]; then
        set -- "$@" --pin-quiet
    fi
    twenv "$@" || :
    if [[ -z ${__twenv_auto_profile-} ]]; then
        # Not applied, and said so: once per pin file per shell.
        __twenv_auto_noted=${__twenv_auto_noted-}$__twenv_file$__twenv_sep
    fi
}

# First in PROMPT_COMMAND, so the prompt drawn after a `cd` shows the new
# profile; registered once however often this file is sourced. Both forms
# of PROMPT_COMMAND (bash 5.1 made it an array) are kept as they are.
if [[ $(declare -p PROMPT_COMMAND 2>/dev/null) == "declare -a"* ]]; then
    __twenv_auto_registered=''
    for __twenv_auto_entry in "${PROMPT_COMMAND[@]}"; do
        if [[ $__twenv_auto_entry == __twenv_auto_hook ]]; then
            __twenv_auto_registered=1
        fi
    done
    if [[ -z $__twenv_auto_registered ]]; then
        PROMPT_COMMAND=(__twenv_auto_hook "${PROMPT_COMMAND[@]}")
    fi
    unset __twenv_auto_registered __twenv_auto_entry
else
    # shellcheck disable=SC2178,SC2128 # the string form: not an array here
    case ";${PROMPT_COMMAND-};" in
        *";__twenv_auto_hook;"*) ;;
        *) PROMPT_COMMAND="__twenv_auto_hook${PROMPT_COMMAND:+;$PROMPT_COMMAND}" ;;
    esac
fi
