# twenv completion for zsh, appended to the hook by `twenv init zsh`.
# The completion function runs under compsys's own options (`_comp_options`:
# `emulate -L zsh` there would break `_describe`); `_twenv_register` runs under
# the user's, so it sets its own. Registered only once compinit has run
# (`compdef` exists). When this is sourced before compinit, a one-shot precmd
# hook registers it at the first prompt after compinit; neither case prints
# anything.
_twenv_dynamic() {
    local -a _twenv_all _twenv_dirs _twenv_other
    local _twenv_c _twenv_value _twenv_ret=1 _twenv_i _twenv_exec=0
    # After `exec [-p ID] --` the words are another command's: completed as
    # zsh completes that command line (as `_precommand` does for sudo).
    for (( _twenv_i = 2; _twenv_i < CURRENT; _twenv_i++ )); do
        case ${words[_twenv_i]} in
            (-p|--profile|-o|--output|--config-dir) (( _twenv_i++ )) ;;
            (exec) _twenv_exec=1 ;;
            (--)
                if (( _twenv_exec )); then
                    shift $_twenv_i words
                    (( CURRENT -= _twenv_i ))
                    _normal
                    return
                fi
                break
                ;;
        esac
    done
    _twenv_all=("${(@f)$(_CLAP_COMPLETE_INDEX=$((CURRENT - 1)) COMPLETE=zsh __TWENV_BIN__ -- "${words[@]}" 2>/dev/null)}")
    for _twenv_c in "${_twenv_all[@]}"; do
        [[ -n $_twenv_c ]] || continue
        _twenv_value=${_twenv_c%%:*}
        if [[ $_twenv_value == */ ]]; then
            if [[ $_twenv_c == *:* ]]; then
                _twenv_dirs+=("${_twenv_value%/}:${_twenv_c#*:}")
            else
                _twenv_dirs+=("${_twenv_value%/}")
            fi
        else
            _twenv_other+=("$_twenv_c")
        fi
    done
    (( ${#_twenv_dirs} )) && _describe -V values _twenv_dirs -S / -r / && _twenv_ret=0
    (( ${#_twenv_other} )) && _describe -V values _twenv_other && _twenv_ret=0
    return $_twenv_ret
}
_twenv_register() {
    emulate -L zsh
    (( ${+functions[compdef]} )) || return 0
    compdef _twenv_dynamic twenv
    add-zsh-hook -d precmd _twenv_register 2>/dev/null
    unfunction _twenv_register 2>/dev/null
    return 0
}
if (( ${+functions[compdef]} )); then
    _twenv_register
elif [[ -o interactive ]] && autoload -Uz add-zsh-hook 2>/dev/null; then
    add-zsh-hook precmd _twenv_register
fi
