# twenv completion for fish, appended to the hook by `twenv init fish`.
# `complete --erase` first, so sourcing twice leaves one definition;
# `--no-files` keeps file names out.
function __twenv_complete
    COMPLETE=fish __TWENV_BIN__ -- (commandline --current-process --tokenize --cut-at-cursor) (commandline --current-token) 2>/dev/null
end
complete --erase --command twenv
complete --command twenv --no-files --keep-order --arguments '(__twenv_complete)'
