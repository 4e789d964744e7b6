# twenv completion for bash, appended to the hook by `twenv init bash`.
# No `-o default`/`-o bashdefault`: where twenv offers nothing, bash must not
# fall back to file names (`twenv use <Tab>` offers exactly the profile IDs).
# The line up to the cursor goes along because COMP_WORDS is split at `:`
# and `=` (COMP_WORDBREAKS), which would garble `profiles:use ID`.
_twenv_complete() {
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
