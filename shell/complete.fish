# twenv completion for fish, appended to the hook by `twenv init fish`.
# `complete --erase` first, so sourcing twice leaves one definition;
# `--no-files` keeps file names out.
# After `exec [-p ID] --` the tokens are another command's: fish completes
# that command line itself (`complete -C`), as it does for sudo.
function __twenv_complete
    set -l tokens (commandline --current-process --tokenize --cut-at-cursor)
    set -l exec 0
    set -l skip 0
    for i in (seq 2 (count $tokens))
        if test $skip = 1
            set skip 0
            continue
        end
        switch $tokens[$i]
            case -p --profile -o --output --config-dir
                set skip 1
            case exec
                set exec 1
            case --
                if test $exec = 1
                    set -l rest (string escape -- $tokens[(math $i + 1)..-1])
                    complete -C (string join -- ' ' $rest (commandline --current-token))
                    return
                end
                break
        end
    end
    COMPLETE=fish __TWENV_BIN__ -- $tokens (commandline --current-token) 2>/dev/null
end
complete --erase --command twenv
complete --command twenv --no-files --keep-order --arguments '(__twenv_complete)'
