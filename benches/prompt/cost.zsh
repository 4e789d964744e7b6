# Per-prompt cost of a prompt hook, measured inside zsh (benches/speed.rs);
# see cost.bash.
zmodload zsh/datetime
case $HOOK in
    twenv) eval "$("$TWENV_BIN" init zsh)"; prompt=__twenv_auto_hook ;;
    direnv) eval "$(direnv hook zsh)"; prompt=_direnv_hook ;;
    *) prompt=: ;;
esac
cd "$A" && $prompt
# best[k]: the shortest time of loop k, in seconds.
typeset -a best
keep() {
    local s=$(( $2 - $1 ))
    if [[ -z ${best[$3]-} ]] || (( s < best[$3] )); then best[$3]=$s; fi
}
for ((r = 0; r < ${R:-1}; r++)); do
    t0=$EPOCHREALTIME
    for ((i = 0; i < N; i++)); do :; done
    t1=$EPOCHREALTIME
    for ((i = 0; i < N; i++)); do $prompt; done
    t2=$EPOCHREALTIME
    for ((i = 0; i < N; i++)); do cd "$A"; cd "$B"; done
    t3=$EPOCHREALTIME
    for ((i = 0; i < N; i++)); do cd "$A"; $prompt; cd "$B"; $prompt; done
    t4=$EPOCHREALTIME
    keep $t0 $t1 1; keep $t1 $t2 2; keep $t2 $t3 3; keep $t3 $t4 4
done
printf 'unchanged %.0f\n' $(( (best[2] - best[1]) * 1e6 / N ))
printf 'cd %.0f\n' $(( (best[4] - best[3]) * 1e6 / (2 * N) ))
