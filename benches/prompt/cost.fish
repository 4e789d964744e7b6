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
echo unchanged (math --scale 0 "(($t2 - $t1) - ($t1 - $t0)) / 1000 / $N")
echo cd (math --scale 0 "(($t4 - $t3) - ($t3 - $t2)) / 1000 / (2 * $N)")
