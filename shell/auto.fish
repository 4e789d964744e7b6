
# Automatic switching on `cd` (DESIGN §11; `twenv init fish --no-auto` leaves
# this out). The cost is the point: at a prompt with $PWD unchanged, one
# string comparison; after a `cd`, builtins walk up to the nearest
# .twenv-profile and read it (no process); the binary runs only when the pin
# that applies changed, and then through `twenv use --pin FILE`, which checks
# trust and prints the code `twenv use ID` prints (so leaving restores exactly
# as `twenv unuse` does). On the fish_prompt event rather than on every change
# of PWD: a script that `cd`s a hundred times costs nothing. State, global and
# never exported:
#   __twenv_auto_pwd      $PWD at the last prompt
#   __twenv_auto_key      the pin that applied then: its path and content
#   __twenv_auto_profile  the profile a pin switched to (set by the binary's code)
#   __twenv_auto_noted    pin files already warned about in this shell

function __twenv_auto_hook --on-event fish_prompt
    if test "$PWD" != "$__twenv_auto_pwd"
        set -g __twenv_auto_pwd $PWD
        __twenv_auto_check
    end
end

function __twenv_auto_check
    set -l fish_trace
    # Every candidate from / down to $PWD, then one `path filter` for those
    # that exist: in fish each `test` or command substitution costs tens of
    # microseconds, so the walk is done with as few as possible. The last hit
    # is the nearest. (A dangling symlink is passed over here; it names
    # nothing, and `twenv current` reports it.) NUL-separated, since a
    # directory name may hold a newline.
    printf '%s' $PWD | read -l -z -a -d / parts
    set -l d ''
    set -l candidates /.twenv-profile
    # $PWD starts with /, so the first part is empty.
    for part in $parts[2..-1]
        set d "$d/$part"
        set -a candidates "$d/.twenv-profile"
    end
    set -l found (path filter -Z -- $candidates | string split0)
    set -l f "$found[-1]"
    set -l c ''
    # Only a regular file is read (a FIFO would block the prompt); at most
    # 4096 characters, as the binary reads. The binary judges the rest.
    if test -n "$f" -a -f "$f"; and not test -L "$f"
        read -z -n 4096 c 2>/dev/null <$f; or true
    end
    # \x1f keeps the path from running into the content (neither holds one
    # in practice; a command substitution for a length costs more here).
    set -l key "$f"\x1f"$c"
    if test "$key" != "$__twenv_auto_key"
        set -g __twenv_auto_key $key
        __twenv_auto_apply "$f" "$c"
    end
end

# $argv[1]: the pin file that applies now (empty: none); $argv[2]: its content.
function __twenv_auto_apply
    set -l fish_trace
    # A pin is in effect while the shell still uses the profile it switched
    # to; a manual `use` or `unuse` since then ends that, and wins.
    set -l in_effect 0
    if test -n "$__twenv_auto_profile" -a "$__twenv_auto_profile" = "$TWENV_PROFILE"
        set in_effect 1
    end
    if test -z "$argv[1]"
        # Left every pinned directory.
        if test $in_effect = 1
            twenv unuse
        end
        set -g __twenv_auto_profile ''
        return 0
    end
    # The first line that is neither empty nor a comment, trimmed. When it is
    # the profile this shell already uses (a child shell that inherited it, a
    # manual `use`), there is nothing to change and no process to start.
    for line in (string split -- \n "$argv[2]")
        set line (string trim -- $line)
        if test -n "$line"; and not string match -q -- '#*' $line
            if test "$line" = "$TWENV_PROFILE"
                return 0
            end
            break
        end
    end
    set -l args use --pin $argv[1]
    test $in_effect = 1; and set -a args --pin-restore
    contains -- $argv[1] $__twenv_auto_noted; and set -a args --pin-quiet
    twenv $args
    if test -z "$__twenv_auto_profile"
        # Not applied, and said so: once per pin file per shell.
        set -g -a __twenv_auto_noted $argv[1]
    end
end
