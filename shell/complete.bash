# twenv completion for bash, appended to the hook by `twenv init bash`.
# No `-o default`/`-o bashdefault`: where twenv offers nothing, bash must not
# fall back to file names (`twenv use <Tab>` offers exactly the profile IDs).
# The line up to the cursor goes along because COMP_WORDS is split at `:`
# and `=` (COMP_WORDBREAKS), which would garble `profiles:use ID`.
# After `exec [-p ID] --` the words are another command's: its name from
# PATH, then its arguments as bash completes them for it. bash-completion's
# `_comp_command_offset` (or the older `_command_offset`) does that when it
# is loaded; without it, file names (what bash offers a command it has no
# completion for).
_twenv_complete_command() {
    local _twenv_at=$1 _twenv_cur=${COMP_WORDS[COMP_CWORD]-}
    if declare -F _comp_command_offset >/dev/null; then
        _comp_command_offset "$_twenv_at"
    elif declare -F _command_offset >/dev/null; then
        _command_offset "$_twenv_at"
    elif ((COMP_CWORD == _twenv_at)); then
        mapfile -t COMPREPLY < <(compgen -c -- "$_twenv_cur" | LC_ALL=C sort -u)
    else
        compopt -o filenames 2>/dev/null || :
        mapfile -t COMPREPLY < <(compgen -f -- "$_twenv_cur")
    fi
    return 0
}
_twenv_complete() {
    local _twenv_i _twenv_exec=
    for ((_twenv_i = 1; _twenv_i < COMP_CWORD; _twenv_i++)); do
        case ${COMP_WORDS[_twenv_i]} in
            -p | --profile | -o | --output | --config-dir) ((_twenv_i++)) ;;
            exec) _twenv_exec=1 ;;
            --)
                if [[ -n $_twenv_exec ]]; then
                    _twenv_complete_command $((_twenv_i + 1))
                    return 0
                fi
                break
                ;;
        esac
    done
    local _twenv_line=${COMP_LINE-} _twenv_out
    _twenv_line=${_twenv_line:0:${COMP_POINT:-${#_twenv_line}}}
    _twenv_out=$(_TWENV_COMP_LINE=$_twenv_line _CLAP_COMPLETE_INDEX=${COMP_CWORD-} \
        _TWENV_COMP_CUR=${2-} COMPLETE=bash __TWENV_BIN__ -- "${COMP_WORDS[@]}" 2>/dev/null) ||
        _twenv_out=
    COMPREPLY=()
    [[ -n $_twenv_out ]] || return 0
    IFS=$'\n' read -r -d '' -a COMPREPLY <<<"$_twenv_out" || :
    if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *[/=] ]]; then
        compopt -o nospace 2>/dev/null || :
    fi
    return 0
}
complete -F _twenv_complete twenv
