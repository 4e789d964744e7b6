# twenv shell integration for fish. Add to ~/.config/fish/config.fish:
#     twenv init fish | source
# Sourcing this defines functions and one variable, prints nothing, and can be
# repeated. `twenv use` / `twenv unuse` change this shell; every other command
# goes to the binary unchanged.

# Global, not exported: a child shell of another kind must not be told it is
# fish. Each call of the binary gets it in its own environment instead, with
# TWENV_HOOK_BIN (the binary this hook calls) for `twenv doctor`.
set -g TWENV_SHELL fish

function twenv --description 'Switch Twilio credential profiles in this shell'
    # `use` prints the API secret for `source`; with fish_trace set, fish would
    # trace every `set -gx` in it. A local, empty fish_trace turns tracing off
    # for this call only.
    set -l fish_trace
    set -l sub
    set -l skip 0
    set -l pass 0
    for arg in $argv
        if test $skip = 1
            set skip 0
            continue
        end
        switch $arg
            case -p --profile -o --output --config-dir
                set skip 1
            case -h --help -V --version --global
                # Help, version and `use --global` print no shell code.
                set pass 1
            case '-*'
            case '*'
                if test -z "$sub"
                    set sub $arg
                end
        end
    end
    if not contains -- "$sub" use unuse deactivate
        set pass 1
    end
    if test $pass = 1
        TWENV_SHELL=fish TWENV_HOOK_BIN=__TWENV_BIN__ __TWENV_BIN__ $argv
        return
    end
    # `builtin`: a user function named `source` would receive the code. (`set`,
    # which the code uses, is a keyword no function can take.)
    TWENV_SHELL=fish TWENV_HOOK_BIN=__TWENV_BIN__ __TWENV_BIN__ $argv | builtin source
    return $pipestatus[1]
end

# The profile this shell uses, for prompts: a variable read, no process.
# Prints exactly what `twenv prompt` prints.
function twenv_prompt_info --description 'Print the twenv profile of this shell'
    if test -n "$TWENV_PROFILE"
        printf '%s\n' $TWENV_PROFILE
    end
end
