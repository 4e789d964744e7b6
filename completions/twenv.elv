
use builtin;
use str;

set edit:completion:arg-completer[twenv] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'twenv'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'twenv'= {
            cand -p 'The profile to act on'
            cand --profile 'The profile to act on'
            cand -o 'Output format of tables (list, current)'
            cand --output 'Output format of tables (list, current)'
            cand --config-dir 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]'
            cand -q 'Print no informational messages (warnings and errors still show)'
            cand --quiet 'Print no informational messages (warnings and errors still show)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand login 'Create or replace a profile'
            cand list 'List profiles'
            cand use 'Switch this shell to a profile (or, with --global, set the active profile)'
            cand unuse 'Put this shell back as it was before `use`'
            cand remove 'Delete a profile and its stored secret'
            cand rename 'Give a profile another ID (its secret and active state go with it)'
            cand copy 'Make a second profile with the same account, API key, secret and variables'
            cand rotate 'Replace a profile''s API key with a new one (asks for the Auth Token)'
            cand show 'Everything about a profile but its secret: SIDs, region, edge, extra variables, where the secret lives'
            cand current 'Show which credentials a command would use now, and why'
            cand exec 'Run a command with a profile''s variables'
            cand export 'Print a profile''s variables for files and CI (never to a terminal)'
            cand init 'Print the hook script for a shell''s rc file'
            cand completions 'Print a completion script'
            cand prompt 'Print this shell''s profile, for prompts'
            cand man 'Print the manual page (roff: `twenv man | man -l -`)'
            cand set 'Set extra variables exported with a profile'
            cand import 'Bring profiles over from the official Twilio CLI''s config.json'
            cand doctor 'Check this set-up and say how to fix what is wrong'
            cand unset 'Remove extra variables from a profile'
            cand pin 'Pin a profile to a directory: write DIR/.twenv-profile naming it, and trust it'
            cand unpin 'Remove DIR/.twenv-profile and its trust'
            cand allow 'Trust the .twenv-profile that applies in DIR, as it is now'
            cand deny 'Withdraw trust of the .twenv-profile that applies in DIR'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'twenv;login'= {
            cand --account-sid 'Account SID (AC…); asked for when missing on a terminal'
            cand --api-key 'Store an API key you already have (SK…); its secret comes from --api-secret-stdin or --secret-command'
            cand --secret-command 'Fetch the API secret from a password manager whenever it is needed, e.g. ''pass show twilio/dev'' (run without a shell; twenv stores only the command)'
            cand --region 'Twilio region, e.g. ie1, au1'
            cand --edge 'Twilio edge location, e.g. dublin, sydney'
            cand --storage 'Where the API secret is kept [default: $TWENV_STORAGE, else keyring]'
            cand --allow 'Create a restricted key (IAM v1) with this permission, e.g. /twilio/messaging/messages/create; repeat for more (at most 100)'
            cand --policy 'Create a restricted key with the permissions of this Twilio policy file: {"allow": ["/twilio/…", …]}'
            cand -p 'The profile to act on'
            cand --profile 'The profile to act on'
            cand -o 'Output format of tables (list, current)'
            cand --output 'Output format of tables (list, current)'
            cand --config-dir 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]'
            cand --api-secret-stdin 'Read the API secret from one line of stdin'
            cand --auth-token-stdin 'Read the Auth Token from one line of stdin (used once, never stored)'
            cand --force 'Replace an existing profile of the same ID'
            cand -q 'Print no informational messages (warnings and errors still show)'
            cand --quiet 'Print no informational messages (warnings and errors still show)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'twenv;list'= {
            cand -p 'The profile to act on'
            cand --profile 'The profile to act on'
            cand -o 'Output format of tables (list, current)'
            cand --output 'Output format of tables (list, current)'
            cand --config-dir 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]'
            cand --wide 'Print every value whole, even on a narrow terminal'
            cand -q 'Print no informational messages (warnings and errors still show)'
            cand --quiet 'Print no informational messages (warnings and errors still show)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'twenv;use'= {
            cand --shell 'Shell to print code for [default: $TWENV_SHELL, else the parent shell, else posix]'
            cand --pin 'Switch to the profile this pin file names, if it is trusted and usable'
            cand -p 'The profile to act on'
            cand --profile 'The profile to act on'
            cand -o 'Output format of tables (list, current)'
            cand --output 'Output format of tables (list, current)'
            cand --config-dir 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]'
            cand --global 'Make the profile the persistent active one instead of printing shell code'
            cand --active 'The hook of `init --use-active`: switch to the active profile, unless this shell has a profile or credentials already (then print nothing)'
            cand --pin-restore 'With --pin: when the pin cannot be applied, print `unuse` code instead (the shell was switched by the pin it is leaving)'
            cand --pin-quiet 'With --pin: say nothing about a pin that cannot be applied (already said)'
            cand -q 'Print no informational messages (warnings and errors still show)'
            cand --quiet 'Print no informational messages (warnings and errors still show)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'twenv;unuse'= {
            cand --shell 'Shell to print code for [default: $TWENV_SHELL, else the parent shell, else posix]'
            cand -p 'The profile to act on'
            cand --profile 'The profile to act on'
            cand -o 'Output format of tables (list, current)'
            cand --output 'Output format of tables (list, current)'
            cand --config-dir 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]'
            cand -q 'Print no informational messages (warnings and errors still show)'
            cand --quiet 'Print no informational messages (warnings and errors still show)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'twenv;remove'= {
            cand -p 'The profile to act on'
            cand --profile 'The profile to act on'
            cand -o 'Output format of tables (list, current)'
            cand --output 'Output format of tables (list, current)'
            cand --config-dir 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --delete-key 'Also delete the API key at Twilio (asks for the Auth Token)'
            cand --auth-token-stdin 'With --delete-key: read the Auth Token from one line of stdin'
            cand -q 'Print no informational messages (warnings and errors still show)'
            cand --quiet 'Print no informational messages (warnings and errors still show)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'twenv;rename'= {
            cand -p 'The profile to act on'
            cand --profile 'The profile to act on'
            cand -o 'Output format of tables (list, current)'
            cand --output 'Output format of tables (list, current)'
            cand --config-dir 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]'
            cand -q 'Print no informational messages (warnings and errors still show)'
            cand --quiet 'Print no informational messages (warnings and errors still show)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'twenv;copy'= {
            cand -p 'The profile to act on'
            cand --profile 'The profile to act on'
            cand -o 'Output format of tables (list, current)'
            cand --output 'Output format of tables (list, current)'
            cand --config-dir 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]'
            cand -q 'Print no informational messages (warnings and errors still show)'
            cand --quiet 'Print no informational messages (warnings and errors still show)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'twenv;rotate'= {
            cand -p 'The profile to act on'
            cand --profile 'The profile to act on'
            cand -o 'Output format of tables (list, current)'
            cand --output 'Output format of tables (list, current)'
            cand --config-dir 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]'
            cand --auth-token-stdin 'Read the Auth Token from one line of stdin (used once, never stored)'
            cand -q 'Print no informational messages (warnings and errors still show)'
            cand --quiet 'Print no informational messages (warnings and errors still show)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'twenv;show'= {
            cand -p 'The profile to act on'
            cand --profile 'The profile to act on'
            cand -o 'Output format of tables (list, current)'
            cand --output 'Output format of tables (list, current)'
            cand --config-dir 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]'
            cand -q 'Print no informational messages (warnings and errors still show)'
            cand --quiet 'Print no informational messages (warnings and errors still show)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'twenv;current'= {
            cand -p 'The profile to act on'
            cand --profile 'The profile to act on'
            cand -o 'Output format of tables (list, current)'
            cand --output 'Output format of tables (list, current)'
            cand --config-dir 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]'
            cand --verify 'Check the credentials against Twilio''s API'
            cand --wide 'Print every value whole, even on a narrow terminal'
            cand -q 'Print no informational messages (warnings and errors still show)'
            cand --quiet 'Print no informational messages (warnings and errors still show)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'twenv;exec'= {
            cand -p 'The profile to act on'
            cand --profile 'The profile to act on'
            cand -o 'Output format of tables (list, current)'
            cand --output 'Output format of tables (list, current)'
            cand --config-dir 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]'
            cand -q 'Print no informational messages (warnings and errors still show)'
            cand --quiet 'Print no informational messages (warnings and errors still show)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'twenv;export'= {
            cand --format 'Output syntax'
            cand -p 'The profile to act on'
            cand --profile 'The profile to act on'
            cand -o 'Output format of tables (list, current)'
            cand --output 'Output format of tables (list, current)'
            cand --config-dir 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]'
            cand -q 'Print no informational messages (warnings and errors still show)'
            cand --quiet 'Print no informational messages (warnings and errors still show)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'twenv;init'= {
            cand -p 'The profile to act on'
            cand --profile 'The profile to act on'
            cand -o 'Output format of tables (list, current)'
            cand --output 'Output format of tables (list, current)'
            cand --config-dir 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]'
            cand --no-auto 'Leave out automatic switching on `cd` (`.twenv-profile` pins)'
            cand --use-active 'Also switch each new shell to the active profile (`use --global`) when it has no profile or Twilio credentials yet (bash, zsh, fish)'
            cand -q 'Print no informational messages (warnings and errors still show)'
            cand --quiet 'Print no informational messages (warnings and errors still show)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'twenv;completions'= {
            cand -p 'The profile to act on'
            cand --profile 'The profile to act on'
            cand -o 'Output format of tables (list, current)'
            cand --output 'Output format of tables (list, current)'
            cand --config-dir 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]'
            cand -q 'Print no informational messages (warnings and errors still show)'
            cand --quiet 'Print no informational messages (warnings and errors still show)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'twenv;prompt'= {
            cand -p 'The profile to act on'
            cand --profile 'The profile to act on'
            cand -o 'Output format of tables (list, current)'
            cand --output 'Output format of tables (list, current)'
            cand --config-dir 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]'
            cand -q 'Print no informational messages (warnings and errors still show)'
            cand --quiet 'Print no informational messages (warnings and errors still show)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'twenv;man'= {
            cand -p 'The profile to act on'
            cand --profile 'The profile to act on'
            cand -o 'Output format of tables (list, current)'
            cand --output 'Output format of tables (list, current)'
            cand --config-dir 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]'
            cand -q 'Print no informational messages (warnings and errors still show)'
            cand --quiet 'Print no informational messages (warnings and errors still show)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'twenv;set'= {
            cand -p 'The profile to act on'
            cand --profile 'The profile to act on'
            cand -o 'Output format of tables (list, current)'
            cand --output 'Output format of tables (list, current)'
            cand --config-dir 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]'
            cand -q 'Print no informational messages (warnings and errors still show)'
            cand --quiet 'Print no informational messages (warnings and errors still show)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'twenv;import'= {
            cand --from 'Directory of the Twilio CLI''s config.json [default: $TWILIO_CONFIG_DIR, ~/.twilio-cli]'
            cand --storage 'Where the imported API secrets are kept [default: $TWENV_STORAGE, else keyring]'
            cand -p 'The profile to act on'
            cand --profile 'The profile to act on'
            cand -o 'Output format of tables (list, current)'
            cand --output 'Output format of tables (list, current)'
            cand --config-dir 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]'
            cand --force 'Replace twenv profiles of the same ID'
            cand --dry-run 'Print the report and change nothing anywhere'
            cand --scrub 'Then remove the imported API secrets from the Twilio CLI''s config.json'
            cand -q 'Print no informational messages (warnings and errors still show)'
            cand --quiet 'Print no informational messages (warnings and errors still show)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'twenv;doctor'= {
            cand -p 'The profile to act on'
            cand --profile 'The profile to act on'
            cand -o 'Output format of tables (list, current)'
            cand --output 'Output format of tables (list, current)'
            cand --config-dir 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]'
            cand --online 'Also check the credentials in use against Twilio''s API'
            cand -q 'Print no informational messages (warnings and errors still show)'
            cand --quiet 'Print no informational messages (warnings and errors still show)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'twenv;unset'= {
            cand -p 'The profile to act on'
            cand --profile 'The profile to act on'
            cand -o 'Output format of tables (list, current)'
            cand --output 'Output format of tables (list, current)'
            cand --config-dir 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]'
            cand -q 'Print no informational messages (warnings and errors still show)'
            cand --quiet 'Print no informational messages (warnings and errors still show)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'twenv;pin'= {
            cand -p 'The profile to act on'
            cand --profile 'The profile to act on'
            cand -o 'Output format of tables (list, current)'
            cand --output 'Output format of tables (list, current)'
            cand --config-dir 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]'
            cand -q 'Print no informational messages (warnings and errors still show)'
            cand --quiet 'Print no informational messages (warnings and errors still show)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'twenv;unpin'= {
            cand -p 'The profile to act on'
            cand --profile 'The profile to act on'
            cand -o 'Output format of tables (list, current)'
            cand --output 'Output format of tables (list, current)'
            cand --config-dir 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]'
            cand -q 'Print no informational messages (warnings and errors still show)'
            cand --quiet 'Print no informational messages (warnings and errors still show)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'twenv;allow'= {
            cand -p 'The profile to act on'
            cand --profile 'The profile to act on'
            cand -o 'Output format of tables (list, current)'
            cand --output 'Output format of tables (list, current)'
            cand --config-dir 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]'
            cand -q 'Print no informational messages (warnings and errors still show)'
            cand --quiet 'Print no informational messages (warnings and errors still show)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'twenv;deny'= {
            cand -p 'The profile to act on'
            cand --profile 'The profile to act on'
            cand -o 'Output format of tables (list, current)'
            cand --output 'Output format of tables (list, current)'
            cand --config-dir 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]'
            cand -q 'Print no informational messages (warnings and errors still show)'
            cand --quiet 'Print no informational messages (warnings and errors still show)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'twenv;help'= {
            cand login 'Create or replace a profile'
            cand list 'List profiles'
            cand use 'Switch this shell to a profile (or, with --global, set the active profile)'
            cand unuse 'Put this shell back as it was before `use`'
            cand remove 'Delete a profile and its stored secret'
            cand rename 'Give a profile another ID (its secret and active state go with it)'
            cand copy 'Make a second profile with the same account, API key, secret and variables'
            cand rotate 'Replace a profile''s API key with a new one (asks for the Auth Token)'
            cand show 'Everything about a profile but its secret: SIDs, region, edge, extra variables, where the secret lives'
            cand current 'Show which credentials a command would use now, and why'
            cand exec 'Run a command with a profile''s variables'
            cand export 'Print a profile''s variables for files and CI (never to a terminal)'
            cand init 'Print the hook script for a shell''s rc file'
            cand completions 'Print a completion script'
            cand prompt 'Print this shell''s profile, for prompts'
            cand man 'Print the manual page (roff: `twenv man | man -l -`)'
            cand set 'Set extra variables exported with a profile'
            cand import 'Bring profiles over from the official Twilio CLI''s config.json'
            cand doctor 'Check this set-up and say how to fix what is wrong'
            cand unset 'Remove extra variables from a profile'
            cand pin 'Pin a profile to a directory: write DIR/.twenv-profile naming it, and trust it'
            cand unpin 'Remove DIR/.twenv-profile and its trust'
            cand allow 'Trust the .twenv-profile that applies in DIR, as it is now'
            cand deny 'Withdraw trust of the .twenv-profile that applies in DIR'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'twenv;help;login'= {
        }
        &'twenv;help;list'= {
        }
        &'twenv;help;use'= {
        }
        &'twenv;help;unuse'= {
        }
        &'twenv;help;remove'= {
        }
        &'twenv;help;rename'= {
        }
        &'twenv;help;copy'= {
        }
        &'twenv;help;rotate'= {
        }
        &'twenv;help;show'= {
        }
        &'twenv;help;current'= {
        }
        &'twenv;help;exec'= {
        }
        &'twenv;help;export'= {
        }
        &'twenv;help;init'= {
        }
        &'twenv;help;completions'= {
        }
        &'twenv;help;prompt'= {
        }
        &'twenv;help;man'= {
        }
        &'twenv;help;set'= {
        }
        &'twenv;help;import'= {
        }
        &'twenv;help;doctor'= {
        }
        &'twenv;help;unset'= {
        }
        &'twenv;help;pin'= {
        }
        &'twenv;help;unpin'= {
        }
        &'twenv;help;allow'= {
        }
        &'twenv;help;deny'= {
        }
        &'twenv;help;help'= {
        }
    ]
    $completions[$command]
}
