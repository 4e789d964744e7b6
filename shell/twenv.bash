# twenv shell integration for bash. Add to ~/.bashrc:
#     eval "$(twenv init bash)"
# Sourcing this defines functions and one shell variable, prints nothing, and
# can be repeated. `twenv use` / `twenv unuse` change this shell; every other
# command goes to the binary unchanged.

# Not exported: a child shell of another kind must not be told it is bash.
# Each call of the binary gets it in its own environment instead, with
# TWENV_HOOK_BIN (the binary this hook calls) for `twenv doctor`.
# shellcheck disable=SC2034 # read by users and prompt themes, not by this file
TWENV_SHELL=bash

twenv() {
    # `use` prints the API secret for eval. What would show or spread it is
    # switched off silently for the whole call and restored at the end:
    # tracing (`set -x`), echoing the evaluated code (`set -v`), exporting
    # every assignment (`set -a`, which would export the bookkeeping with the
    # previous profile's secret), and function tracing (`set -T`, also set by
    # extdebug), so that a DEBUG trap stays out of __twenv_eval. `builtin`
    # keeps user functions named `set`, `eval`, `trap` out of it.
    { local __twenv_opts=$-; builtin set +xvaT; } 2>/dev/null
    local __twenv_sub='' __twenv_skip='' __twenv_pass='' __twenv_arg
    for __twenv_arg in "$@"; do
        if [ -n "$__twenv_skip" ]; then
            __twenv_skip=''
            continue
        fi
        case $__twenv_arg in
            -p | --profile | -o | --output | --config-dir) __twenv_skip=1 ;;
            # Help, version and `use --global` print no shell code.
            -h | --help | -V | --version | --global) __twenv_pass=1 ;;
            -*) ;;
            *) if [ -z "$__twenv_sub" ]; then __twenv_sub=$__twenv_arg; fi ;;
        esac
    done
    local __twenv_status=0
    case $__twenv_sub in
        use | unuse | deactivate) ;;
        *) __twenv_pass=1 ;;
    esac
    if [ -n "$__twenv_pass" ]; then
        TWENV_SHELL=bash TWENV_HOOK_BIN=__TWENV_BIN__ __TWENV_BIN__ "$@" || __twenv_status=$?
    else
        local __twenv_code
        __twenv_code=$(TWENV_SHELL=bash TWENV_HOOK_BIN=__TWENV_BIN__ __TWENV_BIN__ "$@") || __twenv_status=$?
        if [ "$__twenv_status" -eq 0 ]; then
            __twenv_eval "$__twenv_code" || __twenv_status=$?
            __twenv_code=''
        fi
    fi
    case $__twenv_opts in *a*) builtin set -a ;; esac
    case $__twenv_opts in *v*) builtin set -v ;; esac
    case $__twenv_opts in *T*) builtin set -T ;; esac
    case $__twenv_opts in *x*) builtin set -x ;; esac
    return "$__twenv_status"
}

# Evaluates the code `use` or `unuse` printed, in a function of its own: a
# DEBUG trap that runs in `twenv` (`declare -ft twenv`, `set -T`, extdebug)
# would see each evaluated command in $BASH_COMMAND, but bash takes the trap
# off for the body of a function that is not traced while function tracing is
# off (as `twenv` has it here), and puts it back after. No subshell needed to
# save and restore the trap, so a switch starts one process: the binary.
__twenv_eval() {
    builtin eval "$1"
}

# The profile this shell uses, for prompts: a variable read, no process.
# Prints exactly what `twenv prompt` prints.
twenv_prompt_info() {
    if [ -n "${TWENV_PROFILE-}" ]; then
        printf '%s\n' "$TWENV_PROFILE"
    fi
}
