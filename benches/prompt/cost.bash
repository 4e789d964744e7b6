# Per-prompt cost of a prompt hook, measured inside bash (benches/speed.rs).
# $HOOK: twenv, direnv or empty (no hook: the empty rc). $A, $B: unpinned
# directories 10 levels deep. Prints "unchanged US" and "cd US": microseconds
# per prompt, the bare loop subtracted. Each loop's time is the best of $R
# rounds of $N iterations: a busy machine only ever adds time.
case $HOOK in
    twenv) eval "$("$TWENV_BIN" init bash)"; prompt=__twenv_auto_hook ;;
    direnv) eval "$(direnv hook bash)"; prompt=_direnv_hook ;;
    *) prompt=: ;;
esac
cd "$A" && $prompt
# best[k]: the shortest time of loop k, in microseconds.
best=()
keep() {
    local us=$(( ${2/./} - ${1/./} ))
    if [[ -z ${best[$3]-} ]] || (( us < best[$3] )); then best[$3]=$us; fi
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
    keep "$t0" "$t1" 0; keep "$t1" "$t2" 1; keep "$t2" "$t3" 2; keep "$t3" "$t4" 3
done
echo "unchanged $(( (best[1] - best[0]) / N ))"
echo "cd $(( (best[3] - best[2]) / (2 * N) ))"
# A transition: into the pinned directory $P and out again, one process each.
if [[ $HOOK == twenv && -n ${P-} ]]; then
    t5=$EPOCHREALTIME
    for ((i = 0; i < N / 20; i++)); do cd "$P"; $prompt; cd "$A"; $prompt; done 2>/dev/null
    t6=$EPOCHREALTIME
    echo "transition $(( (${t6/./} - ${t5/./}) / (2 * (N / 20)) ))"
fi
