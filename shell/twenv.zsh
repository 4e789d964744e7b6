# twenv shell integration for zsh. Add to ~/.zshrc:
#     eval "$(twenv init zsh)"
# Sourcing this defines functions and one shell variable, prints nothing, and
# can be repeated. `twenv use` / `twenv unuse` change this shell; every other
# command goes to the binary unchanged.

# Not exported: a child shell of another kind must not be told it is zsh.
# Each call of the binary gets it in its own environment instead, with
# TWENV_HOOK_BIN (the binary this hook calls) and TWENV_ZSH_COMPINIT (whether
# compinit has run, so completion can register) for `twenv doctor`.
TWENV_SHELL=zsh

twenv() {
    # Known options and traps for this function alone (`emulate -L` restores
    # both on return). `use` prints the API secret for eval: xtrace, verbose
    # and a DEBUG trap (zsh runs it for each command inside functions, with
    # the command in $ZSH_DEBUG_CMD) would show it, and all_export would
    # export the bookkeeping with the previous profile's secret.
    emulate -L zsh
    setopt no_xtrace no_verbose no_all_export
    builtin trap - DEBUG
    local __twenv_sub='' __twenv_skip='' __twenv_pass='' __twenv_arg
    for __twenv_arg in "$@"; do
        if [[ -n $__twenv_skip ]]; then
            __twenv_skip=''
            continue
        fi
        case $__twenv_arg in
            -p | --profile | -o | --output | --config-dir) __twenv_skip=1 ;;
            # Help, version and `use --global` print no shell code.
            -h | --help | -V | --version | --global) __twenv_pass=1 ;;
            -*) ;;
            *) [[ -z $__twenv_sub ]] && __twenv_sub=$__twenv_arg ;;
        esac
    done
    case $__twenv_sub in
        use | unuse | deactivate) ;;
        *) __twenv_pass=1 ;;
    esac
    if [[ -n $__twenv_pass ]]; then
        TWENV_SHELL=zsh TWENV_HOOK_BIN=__TWENV_BIN__ TWENV_ZSH_COMPINIT=${+functions[compdef]} __TWENV_BIN__ "$@"
        return
    fi
    local __twenv_code
    __twenv_code=$(TWENV_SHELL=zsh TWENV_HOOK_BIN=__TWENV_BIN__ TWENV_ZSH_COMPINIT=${+functions[compdef]} __TWENV_BIN__ "$@") || return
    # `builtin`: a user function named `eval` would receive the code.
    builtin eval "$__twenv_code"
}

# The profile this shell uses, for prompts: a variable read, no process.
# Prints exactly what `twenv prompt` prints.
twenv_prompt_info() {
    if [[ -n ${TWENV_PROFILE-} ]]; then
        print -r -- "$TWENV_PROFILE"
    fi
}
