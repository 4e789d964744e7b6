# Per-prompt cost of a prompt hook, measured inside fish (benches/speed.rs);
# see cost.bash. fish has no clock builtin: one `date` around each loop.
switch $HOOK
    case twenv
        $TWENV_BIN init fish | source
        set prompt __twenv_auto_hook
    case direnv
        direnv hook fish | source
        set prompt __direnv_export_eval
    case '*'
        set prompt true
end
function now
    date +%s%N
end
set -l loop (seq $N)
cd $A; and $prompt
set -l rounds 1
set -q R; and set rounds $R
# best[k]: the shortest time of loop k, in nanoseconds.
set -g best
function keep --argument-names from to k
    set -l ns (math "$to - $from")
    if test -z "$best[$k]"; or test $ns -lt $best[$k]
        set -g best[$k] $ns
    end
end
for r in (seq $rounds)
    set t0 (now)
    for i in $loop
        true
    end
    set t1 (now)
    for i in $loop
        $prompt
    end
    set t2 (now)
    for i in $loop
        cd $A; cd $B
    end
    set t3 (now)
    for i in $loop
        cd $A; $prompt; cd $B; $prompt
    end
    set t4 (now)
    keep $t0 $t1 1; keep $t1 $t2 2; keep $t2 $t3 3; keep $t3 $t4 4
end
echo unchanged (math --scale 0 "($best[2] - $best[1]) / 1000 / $N")
echo cd (math --scale 0 "($best[4] - $best[3]) / 1000 / (2 * $N)")
