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
    # `use` prints the API secret for eval; under `set -x` bash would trace the
    # captured code and every export in it to stderr. Tracing is switched off
    # silently for the whole call and restored at the end.
    { local __twenv_xtrace=$-; set +x; } 2>/dev/null
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
            eval "$__twenv_code" || __twenv_status=$?
        fi
    fi
    case $__twenv_xtrace in
        *x*) set -x ;;
    esac
    return "$__twenv_status"
}

# The profile this shell uses, for prompts: a variable read, no process.
# Prints exactly what `twenv prompt` prints.
twenv_prompt_info() {
    if [ -n "${TWENV_PROFILE-}" ]; then
        printf '%s\n' "$TWENV_PROFILE"
    fi
}
