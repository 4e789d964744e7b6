# Per-prompt cost of a prompt hook, measured inside bash (benches/speed.rs).
# $HOOK: twenv, direnv or empty (no hook: the empty rc). $A, $B: unpinned
# directories 10 levels deep. Prints "unchanged US" and "cd US": microseconds
# per prompt, the bare loop subtracted.
case $HOOK in
    twenv) eval "$("$TWENV_BIN" init bash)"; prompt=__twenv_auto_hook ;;
    direnv) eval "$(direnv hook bash)"; prompt=_direnv_hook ;;
    *) prompt=: ;;
esac
us() { echo $(( (${2/./} - ${1/./}) )); }
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
echo "unchanged $(( ($(us "$t1" "$t2") - $(us "$t0" "$t1")) / N ))"
echo "cd $(( ($(us "$t3" "$t4") - $(us "$t2" "$t3")) / (2 * N) ))"
# A transition: into the pinned directory $P and out again, one process each.
if [[ $HOOK == twenv && -n ${P-} ]]; then
    t5=$EPOCHREALTIME
    for ((i = 0; i < N / 20; i++)); do cd "$P"; $prompt; cd "$A"; $prompt; done 2>/dev/null
    t6=$EPOCHREALTIME
    echo "transition $(( $(us "$t5" "$t6") / (2 * (N / 20)) ))"
fi
