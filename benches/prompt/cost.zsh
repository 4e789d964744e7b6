# Per-prompt cost of a prompt hook, measured inside zsh (benches/speed.rs);
# see cost.bash.
zmodload zsh/datetime
case $HOOK in
    twenv) eval "$("$TWENV_BIN" init zsh)"; prompt=__twenv_auto_hook ;;
    direnv) eval "$(direnv hook zsh)"; prompt=_direnv_hook ;;
    *) prompt=: ;;
esac
cd "$A" && $prompt
t0=$EPOCHREALTIME
for ((i = 0; i < N; i++)); do :; done
t1=$EPOCHREALTIME
for ((i = 0; i < N; i++)); do $prompt; done
t2=$EPOCHREALTIME
for ((i = 0; i < N; i++)); do cd "$A"; cd "$B"; done
t3=$EPOCHREALTIME
for ((i = 0; i < N; i++)); do cd "$A"; $prompt; cd "$B"; $prompt; done
t4=$EPOCHREALTIME
printf 'unchanged %.0f\n' $(( ((t2 - t1) - (t1 - t0)) * 1e6 / N ))
printf 'cd %.0f\n' $(( ((t4 - t3) - (t3 - t2)) * 1e6 / (2 * N) ))
