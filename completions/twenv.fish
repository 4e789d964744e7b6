# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_twenv_global_optspecs
    string join \n p/profile= o/output= q/quiet config-dir= h/help V/version
end

function __fish_twenv_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_twenv_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_twenv_using_subcommand
    set -l cmd (__fish_twenv_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c twenv -n "__fish_twenv_needs_command" -s p -l profile -d 'The profile to act on' -r
complete -c twenv -n "__fish_twenv_needs_command" -s o -l output -d 'Output format of tables (list, current)' -r -f -a "columns\t''
json\t''
tsv\t''"
complete -c twenv -n "__fish_twenv_needs_command" -l config-dir -d 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]' -r -f -a "(__fish_complete_directories)"
complete -c twenv -n "__fish_twenv_needs_command" -s q -l quiet -d 'Print no informational messages (warnings and errors still show)'
complete -c twenv -n "__fish_twenv_needs_command" -s h -l help -d 'Print help'
complete -c twenv -n "__fish_twenv_needs_command" -s V -l version -d 'Print version'
complete -c twenv -n "__fish_twenv_needs_command" -f -a "login" -d 'Create or replace a profile'
complete -c twenv -n "__fish_twenv_needs_command" -f -a "list" -d 'List profiles'
complete -c twenv -n "__fish_twenv_needs_command" -f -a "use" -d 'Switch this shell to a profile (or, with --global, set the active profile)'
complete -c twenv -n "__fish_twenv_needs_command" -f -a "unuse" -d 'Put this shell back as it was before `use`'
complete -c twenv -n "__fish_twenv_needs_command" -f -a "remove" -d 'Delete a profile and its stored secret'
complete -c twenv -n "__fish_twenv_needs_command" -f -a "rename" -d 'Give a profile another ID (its secret and active state go with it)'
complete -c twenv -n "__fish_twenv_needs_command" -f -a "copy" -d 'Make a second profile with the same account, API key, secret and variables'
complete -c twenv -n "__fish_twenv_needs_command" -f -a "rotate" -d 'Replace a profile\'s API key with a new one (asks for the Auth Token)'
complete -c twenv -n "__fish_twenv_needs_command" -f -a "show" -d 'Everything about a profile but its secret: SIDs, region, edge, extra variables, where the secret lives'
complete -c twenv -n "__fish_twenv_needs_command" -f -a "current" -d 'Show which credentials a command would use now, and why'
complete -c twenv -n "__fish_twenv_needs_command" -f -a "exec" -d 'Run a command with a profile\'s variables'
complete -c twenv -n "__fish_twenv_needs_command" -f -a "export" -d 'Print a profile\'s variables for files and CI (never to a terminal)'
complete -c twenv -n "__fish_twenv_needs_command" -f -a "init" -d 'Print the hook script for a shell\'s rc file'
complete -c twenv -n "__fish_twenv_needs_command" -f -a "completions" -d 'Print a completion script'
complete -c twenv -n "__fish_twenv_needs_command" -f -a "prompt" -d 'Print this shell\'s profile, for prompts'
complete -c twenv -n "__fish_twenv_needs_command" -f -a "man" -d 'Print the manual page (roff: `twenv man | man -l -`)'
complete -c twenv -n "__fish_twenv_needs_command" -f -a "set" -d 'Set extra variables exported with a profile'
complete -c twenv -n "__fish_twenv_needs_command" -f -a "import" -d 'Bring profiles over from the official Twilio CLI\'s config.json'
complete -c twenv -n "__fish_twenv_needs_command" -f -a "doctor" -d 'Check this set-up and say how to fix what is wrong'
complete -c twenv -n "__fish_twenv_needs_command" -f -a "unset" -d 'Remove extra variables from a profile'
complete -c twenv -n "__fish_twenv_needs_command" -f -a "pin" -d 'Pin a profile to a directory: write DIR/.twenv-profile naming it, and trust it'
complete -c twenv -n "__fish_twenv_needs_command" -f -a "unpin" -d 'Remove DIR/.twenv-profile and its trust'
complete -c twenv -n "__fish_twenv_needs_command" -f -a "allow" -d 'Trust the .twenv-profile that applies in DIR, as it is now'
complete -c twenv -n "__fish_twenv_needs_command" -f -a "deny" -d 'Withdraw trust of the .twenv-profile that applies in DIR'
complete -c twenv -n "__fish_twenv_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c twenv -n "__fish_twenv_using_subcommand login" -l account-sid -d 'Account SID (AC…); asked for when missing on a terminal' -r
complete -c twenv -n "__fish_twenv_using_subcommand login" -l api-key -d 'Store an API key you already have (SK…); its secret comes from --api-secret-stdin or --secret-command' -r
complete -c twenv -n "__fish_twenv_using_subcommand login" -l secret-command -d 'Fetch the API secret from a password manager whenever it is needed, e.g. \'pass show twilio/dev\' (run without a shell; twenv stores only the command)' -r
complete -c twenv -n "__fish_twenv_using_subcommand login" -l region -d 'Twilio region, e.g. ie1, au1' -r
complete -c twenv -n "__fish_twenv_using_subcommand login" -l edge -d 'Twilio edge location, e.g. dublin, sydney' -r
complete -c twenv -n "__fish_twenv_using_subcommand login" -l storage -d 'Where the API secret is kept [default: $TWENV_STORAGE, else keyring]' -r -f -a "keyring\t''
file\t''
command\t'A password manager\'s command prints the secret (DESIGN §13); twenv keeps only the command, in `secret_command`'"
complete -c twenv -n "__fish_twenv_using_subcommand login" -l allow -d 'Create a restricted key (IAM v1) with this permission, e.g. /twilio/messaging/messages/create; repeat for more (at most 100)' -r
complete -c twenv -n "__fish_twenv_using_subcommand login" -l policy -d 'Create a restricted key with the permissions of this Twilio policy file: {"allow": ["/twilio/…", …]}' -r -F
complete -c twenv -n "__fish_twenv_using_subcommand login" -s p -l profile -d 'The profile to act on' -r
complete -c twenv -n "__fish_twenv_using_subcommand login" -s o -l output -d 'Output format of tables (list, current)' -r -f -a "columns\t''
json\t''
tsv\t''"
complete -c twenv -n "__fish_twenv_using_subcommand login" -l config-dir -d 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]' -r -f -a "(__fish_complete_directories)"
complete -c twenv -n "__fish_twenv_using_subcommand login" -l api-secret-stdin -d 'Read the API secret from one line of stdin'
complete -c twenv -n "__fish_twenv_using_subcommand login" -l auth-token-stdin -d 'Read the Auth Token from one line of stdin (used once, never stored)'
complete -c twenv -n "__fish_twenv_using_subcommand login" -l force -d 'Replace an existing profile of the same ID'
complete -c twenv -n "__fish_twenv_using_subcommand login" -s q -l quiet -d 'Print no informational messages (warnings and errors still show)'
complete -c twenv -n "__fish_twenv_using_subcommand login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twenv -n "__fish_twenv_using_subcommand list" -s p -l profile -d 'The profile to act on' -r
complete -c twenv -n "__fish_twenv_using_subcommand list" -s o -l output -d 'Output format of tables (list, current)' -r -f -a "columns\t''
json\t''
tsv\t''"
complete -c twenv -n "__fish_twenv_using_subcommand list" -l config-dir -d 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]' -r -f -a "(__fish_complete_directories)"
complete -c twenv -n "__fish_twenv_using_subcommand list" -l wide -d 'Print every value whole, even on a narrow terminal'
complete -c twenv -n "__fish_twenv_using_subcommand list" -s q -l quiet -d 'Print no informational messages (warnings and errors still show)'
complete -c twenv -n "__fish_twenv_using_subcommand list" -s h -l help -d 'Print help'
complete -c twenv -n "__fish_twenv_using_subcommand use" -l shell -d 'Shell to print code for [default: $TWENV_SHELL, else the parent shell, else posix]' -r -f -a "bash\t''
zsh\t''
fish\t''
posix\t''
powershell\t''
nu\t'Nushell: `use`/`unuse` print a record for the module, not code (see `nu`)'"
complete -c twenv -n "__fish_twenv_using_subcommand use" -l pin -d 'Switch to the profile this pin file names, if it is trusted and usable' -r -F
complete -c twenv -n "__fish_twenv_using_subcommand use" -s p -l profile -d 'The profile to act on' -r
complete -c twenv -n "__fish_twenv_using_subcommand use" -s o -l output -d 'Output format of tables (list, current)' -r -f -a "columns\t''
json\t''
tsv\t''"
complete -c twenv -n "__fish_twenv_using_subcommand use" -l config-dir -d 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]' -r -f -a "(__fish_complete_directories)"
complete -c twenv -n "__fish_twenv_using_subcommand use" -l global -d 'Make the profile the persistent active one instead of printing shell code'
complete -c twenv -n "__fish_twenv_using_subcommand use" -l active -d 'The hook of `init --use-active`: switch to the active profile, unless this shell has a profile or credentials already (then print nothing)'
complete -c twenv -n "__fish_twenv_using_subcommand use" -l pin-restore -d 'With --pin: when the pin cannot be applied, print `unuse` code instead (the shell was switched by the pin it is leaving)'
complete -c twenv -n "__fish_twenv_using_subcommand use" -l pin-quiet -d 'With --pin: say nothing about a pin that cannot be applied (already said)'
complete -c twenv -n "__fish_twenv_using_subcommand use" -s q -l quiet -d 'Print no informational messages (warnings and errors still show)'
complete -c twenv -n "__fish_twenv_using_subcommand use" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twenv -n "__fish_twenv_using_subcommand unuse" -l shell -d 'Shell to print code for [default: $TWENV_SHELL, else the parent shell, else posix]' -r -f -a "bash\t''
zsh\t''
fish\t''
posix\t''
powershell\t''
nu\t'Nushell: `use`/`unuse` print a record for the module, not code (see `nu`)'"
complete -c twenv -n "__fish_twenv_using_subcommand unuse" -s p -l profile -d 'The profile to act on' -r
complete -c twenv -n "__fish_twenv_using_subcommand unuse" -s o -l output -d 'Output format of tables (list, current)' -r -f -a "columns\t''
json\t''
tsv\t''"
complete -c twenv -n "__fish_twenv_using_subcommand unuse" -l config-dir -d 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]' -r -f -a "(__fish_complete_directories)"
complete -c twenv -n "__fish_twenv_using_subcommand unuse" -s q -l quiet -d 'Print no informational messages (warnings and errors still show)'
complete -c twenv -n "__fish_twenv_using_subcommand unuse" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twenv -n "__fish_twenv_using_subcommand remove" -s p -l profile -d 'The profile to act on' -r
complete -c twenv -n "__fish_twenv_using_subcommand remove" -s o -l output -d 'Output format of tables (list, current)' -r -f -a "columns\t''
json\t''
tsv\t''"
complete -c twenv -n "__fish_twenv_using_subcommand remove" -l config-dir -d 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]' -r -f -a "(__fish_complete_directories)"
complete -c twenv -n "__fish_twenv_using_subcommand remove" -s y -l yes -d 'Do not ask for confirmation'
complete -c twenv -n "__fish_twenv_using_subcommand remove" -l delete-key -d 'Also delete the API key at Twilio (asks for the Auth Token)'
complete -c twenv -n "__fish_twenv_using_subcommand remove" -l auth-token-stdin -d 'With --delete-key: read the Auth Token from one line of stdin'
complete -c twenv -n "__fish_twenv_using_subcommand remove" -s q -l quiet -d 'Print no informational messages (warnings and errors still show)'
complete -c twenv -n "__fish_twenv_using_subcommand remove" -s h -l help -d 'Print help'
complete -c twenv -n "__fish_twenv_using_subcommand rename" -s p -l profile -d 'The profile to act on' -r
complete -c twenv -n "__fish_twenv_using_subcommand rename" -s o -l output -d 'Output format of tables (list, current)' -r -f -a "columns\t''
json\t''
tsv\t''"
complete -c twenv -n "__fish_twenv_using_subcommand rename" -l config-dir -d 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]' -r -f -a "(__fish_complete_directories)"
complete -c twenv -n "__fish_twenv_using_subcommand rename" -s q -l quiet -d 'Print no informational messages (warnings and errors still show)'
complete -c twenv -n "__fish_twenv_using_subcommand rename" -s h -l help -d 'Print help'
complete -c twenv -n "__fish_twenv_using_subcommand copy" -s p -l profile -d 'The profile to act on' -r
complete -c twenv -n "__fish_twenv_using_subcommand copy" -s o -l output -d 'Output format of tables (list, current)' -r -f -a "columns\t''
json\t''
tsv\t''"
complete -c twenv -n "__fish_twenv_using_subcommand copy" -l config-dir -d 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]' -r -f -a "(__fish_complete_directories)"
complete -c twenv -n "__fish_twenv_using_subcommand copy" -s q -l quiet -d 'Print no informational messages (warnings and errors still show)'
complete -c twenv -n "__fish_twenv_using_subcommand copy" -s h -l help -d 'Print help'
complete -c twenv -n "__fish_twenv_using_subcommand rotate" -s p -l profile -d 'The profile to act on' -r
complete -c twenv -n "__fish_twenv_using_subcommand rotate" -s o -l output -d 'Output format of tables (list, current)' -r -f -a "columns\t''
json\t''
tsv\t''"
complete -c twenv -n "__fish_twenv_using_subcommand rotate" -l config-dir -d 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]' -r -f -a "(__fish_complete_directories)"
complete -c twenv -n "__fish_twenv_using_subcommand rotate" -l auth-token-stdin -d 'Read the Auth Token from one line of stdin (used once, never stored)'
complete -c twenv -n "__fish_twenv_using_subcommand rotate" -s q -l quiet -d 'Print no informational messages (warnings and errors still show)'
complete -c twenv -n "__fish_twenv_using_subcommand rotate" -s h -l help -d 'Print help'
complete -c twenv -n "__fish_twenv_using_subcommand show" -s p -l profile -d 'The profile to act on' -r
complete -c twenv -n "__fish_twenv_using_subcommand show" -s o -l output -d 'Output format of tables (list, current)' -r -f -a "columns\t''
json\t''
tsv\t''"
complete -c twenv -n "__fish_twenv_using_subcommand show" -l config-dir -d 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]' -r -f -a "(__fish_complete_directories)"
complete -c twenv -n "__fish_twenv_using_subcommand show" -s q -l quiet -d 'Print no informational messages (warnings and errors still show)'
complete -c twenv -n "__fish_twenv_using_subcommand show" -s h -l help -d 'Print help'
complete -c twenv -n "__fish_twenv_using_subcommand current" -s p -l profile -d 'The profile to act on' -r
complete -c twenv -n "__fish_twenv_using_subcommand current" -s o -l output -d 'Output format of tables (list, current)' -r -f -a "columns\t''
json\t''
tsv\t''"
complete -c twenv -n "__fish_twenv_using_subcommand current" -l config-dir -d 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]' -r -f -a "(__fish_complete_directories)"
complete -c twenv -n "__fish_twenv_using_subcommand current" -l verify -d 'Check the credentials against Twilio\'s API'
complete -c twenv -n "__fish_twenv_using_subcommand current" -l wide -d 'Print every value whole, even on a narrow terminal'
complete -c twenv -n "__fish_twenv_using_subcommand current" -s q -l quiet -d 'Print no informational messages (warnings and errors still show)'
complete -c twenv -n "__fish_twenv_using_subcommand current" -s h -l help -d 'Print help'
complete -c twenv -n "__fish_twenv_using_subcommand exec" -s p -l profile -d 'The profile to act on' -r
complete -c twenv -n "__fish_twenv_using_subcommand exec" -s o -l output -d 'Output format of tables (list, current)' -r -f -a "columns\t''
json\t''
tsv\t''"
complete -c twenv -n "__fish_twenv_using_subcommand exec" -l config-dir -d 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]' -r -f -a "(__fish_complete_directories)"
complete -c twenv -n "__fish_twenv_using_subcommand exec" -s q -l quiet -d 'Print no informational messages (warnings and errors still show)'
complete -c twenv -n "__fish_twenv_using_subcommand exec" -s h -l help -d 'Print help'
complete -c twenv -n "__fish_twenv_using_subcommand export" -l format -d 'Output syntax' -r -f -a "dotenv\t''
json\t''
github\t''"
complete -c twenv -n "__fish_twenv_using_subcommand export" -s p -l profile -d 'The profile to act on' -r
complete -c twenv -n "__fish_twenv_using_subcommand export" -s o -l output -d 'Output format of tables (list, current)' -r -f -a "columns\t''
json\t''
tsv\t''"
complete -c twenv -n "__fish_twenv_using_subcommand export" -l config-dir -d 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]' -r -f -a "(__fish_complete_directories)"
complete -c twenv -n "__fish_twenv_using_subcommand export" -s q -l quiet -d 'Print no informational messages (warnings and errors still show)'
complete -c twenv -n "__fish_twenv_using_subcommand export" -s h -l help -d 'Print help'
complete -c twenv -n "__fish_twenv_using_subcommand init" -s p -l profile -d 'The profile to act on' -r
complete -c twenv -n "__fish_twenv_using_subcommand init" -s o -l output -d 'Output format of tables (list, current)' -r -f -a "columns\t''
json\t''
tsv\t''"
complete -c twenv -n "__fish_twenv_using_subcommand init" -l config-dir -d 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]' -r -f -a "(__fish_complete_directories)"
complete -c twenv -n "__fish_twenv_using_subcommand init" -l no-auto -d 'Leave out automatic switching on `cd` (`.twenv-profile` pins)'
complete -c twenv -n "__fish_twenv_using_subcommand init" -l use-active -d 'Also switch each new shell to the active profile (`use --global`) when it has no profile or Twilio credentials yet (bash, zsh, fish)'
complete -c twenv -n "__fish_twenv_using_subcommand init" -s q -l quiet -d 'Print no informational messages (warnings and errors still show)'
complete -c twenv -n "__fish_twenv_using_subcommand init" -s h -l help -d 'Print help'
complete -c twenv -n "__fish_twenv_using_subcommand completions" -s p -l profile -d 'The profile to act on' -r
complete -c twenv -n "__fish_twenv_using_subcommand completions" -s o -l output -d 'Output format of tables (list, current)' -r -f -a "columns\t''
json\t''
tsv\t''"
complete -c twenv -n "__fish_twenv_using_subcommand completions" -l config-dir -d 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]' -r -f -a "(__fish_complete_directories)"
complete -c twenv -n "__fish_twenv_using_subcommand completions" -s q -l quiet -d 'Print no informational messages (warnings and errors still show)'
complete -c twenv -n "__fish_twenv_using_subcommand completions" -s h -l help -d 'Print help'
complete -c twenv -n "__fish_twenv_using_subcommand prompt" -s p -l profile -d 'The profile to act on' -r
complete -c twenv -n "__fish_twenv_using_subcommand prompt" -s o -l output -d 'Output format of tables (list, current)' -r -f -a "columns\t''
json\t''
tsv\t''"
complete -c twenv -n "__fish_twenv_using_subcommand prompt" -l config-dir -d 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]' -r -f -a "(__fish_complete_directories)"
complete -c twenv -n "__fish_twenv_using_subcommand prompt" -s q -l quiet -d 'Print no informational messages (warnings and errors still show)'
complete -c twenv -n "__fish_twenv_using_subcommand prompt" -s h -l help -d 'Print help'
complete -c twenv -n "__fish_twenv_using_subcommand man" -s p -l profile -d 'The profile to act on' -r
complete -c twenv -n "__fish_twenv_using_subcommand man" -s o -l output -d 'Output format of tables (list, current)' -r -f -a "columns\t''
json\t''
tsv\t''"
complete -c twenv -n "__fish_twenv_using_subcommand man" -l config-dir -d 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]' -r -f -a "(__fish_complete_directories)"
complete -c twenv -n "__fish_twenv_using_subcommand man" -s q -l quiet -d 'Print no informational messages (warnings and errors still show)'
complete -c twenv -n "__fish_twenv_using_subcommand man" -s h -l help -d 'Print help'
complete -c twenv -n "__fish_twenv_using_subcommand set" -s p -l profile -d 'The profile to act on' -r
complete -c twenv -n "__fish_twenv_using_subcommand set" -s o -l output -d 'Output format of tables (list, current)' -r -f -a "columns\t''
json\t''
tsv\t''"
complete -c twenv -n "__fish_twenv_using_subcommand set" -l config-dir -d 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]' -r -f -a "(__fish_complete_directories)"
complete -c twenv -n "__fish_twenv_using_subcommand set" -s q -l quiet -d 'Print no informational messages (warnings and errors still show)'
complete -c twenv -n "__fish_twenv_using_subcommand set" -s h -l help -d 'Print help'
complete -c twenv -n "__fish_twenv_using_subcommand import" -l from -d 'Directory of the Twilio CLI\'s config.json [default: $TWILIO_CONFIG_DIR, ~/.twilio-cli]' -r -f -a "(__fish_complete_directories)"
complete -c twenv -n "__fish_twenv_using_subcommand import" -l storage -d 'Where the imported API secrets are kept [default: $TWENV_STORAGE, else keyring]' -r -f -a "keyring\t''
file\t''
command\t'A password manager\'s command prints the secret (DESIGN §13); twenv keeps only the command, in `secret_command`'"
complete -c twenv -n "__fish_twenv_using_subcommand import" -s p -l profile -d 'The profile to act on' -r
complete -c twenv -n "__fish_twenv_using_subcommand import" -s o -l output -d 'Output format of tables (list, current)' -r -f -a "columns\t''
json\t''
tsv\t''"
complete -c twenv -n "__fish_twenv_using_subcommand import" -l config-dir -d 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]' -r -f -a "(__fish_complete_directories)"
complete -c twenv -n "__fish_twenv_using_subcommand import" -l force -d 'Replace twenv profiles of the same ID'
complete -c twenv -n "__fish_twenv_using_subcommand import" -l dry-run -d 'Print the report and change nothing anywhere'
complete -c twenv -n "__fish_twenv_using_subcommand import" -l scrub -d 'Then remove the imported API secrets from the Twilio CLI\'s config.json'
complete -c twenv -n "__fish_twenv_using_subcommand import" -s q -l quiet -d 'Print no informational messages (warnings and errors still show)'
complete -c twenv -n "__fish_twenv_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twenv -n "__fish_twenv_using_subcommand doctor" -s p -l profile -d 'The profile to act on' -r
complete -c twenv -n "__fish_twenv_using_subcommand doctor" -s o -l output -d 'Output format of tables (list, current)' -r -f -a "columns\t''
json\t''
tsv\t''"
complete -c twenv -n "__fish_twenv_using_subcommand doctor" -l config-dir -d 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]' -r -f -a "(__fish_complete_directories)"
complete -c twenv -n "__fish_twenv_using_subcommand doctor" -l online -d 'Also check the credentials in use against Twilio\'s API'
complete -c twenv -n "__fish_twenv_using_subcommand doctor" -s q -l quiet -d 'Print no informational messages (warnings and errors still show)'
complete -c twenv -n "__fish_twenv_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c twenv -n "__fish_twenv_using_subcommand unset" -s p -l profile -d 'The profile to act on' -r
complete -c twenv -n "__fish_twenv_using_subcommand unset" -s o -l output -d 'Output format of tables (list, current)' -r -f -a "columns\t''
json\t''
tsv\t''"
complete -c twenv -n "__fish_twenv_using_subcommand unset" -l config-dir -d 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]' -r -f -a "(__fish_complete_directories)"
complete -c twenv -n "__fish_twenv_using_subcommand unset" -s q -l quiet -d 'Print no informational messages (warnings and errors still show)'
complete -c twenv -n "__fish_twenv_using_subcommand unset" -s h -l help -d 'Print help'
complete -c twenv -n "__fish_twenv_using_subcommand pin" -s p -l profile -d 'The profile to act on' -r
complete -c twenv -n "__fish_twenv_using_subcommand pin" -s o -l output -d 'Output format of tables (list, current)' -r -f -a "columns\t''
json\t''
tsv\t''"
complete -c twenv -n "__fish_twenv_using_subcommand pin" -l config-dir -d 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]' -r -f -a "(__fish_complete_directories)"
complete -c twenv -n "__fish_twenv_using_subcommand pin" -s q -l quiet -d 'Print no informational messages (warnings and errors still show)'
complete -c twenv -n "__fish_twenv_using_subcommand pin" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twenv -n "__fish_twenv_using_subcommand unpin" -s p -l profile -d 'The profile to act on' -r
complete -c twenv -n "__fish_twenv_using_subcommand unpin" -s o -l output -d 'Output format of tables (list, current)' -r -f -a "columns\t''
json\t''
tsv\t''"
complete -c twenv -n "__fish_twenv_using_subcommand unpin" -l config-dir -d 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]' -r -f -a "(__fish_complete_directories)"
complete -c twenv -n "__fish_twenv_using_subcommand unpin" -s q -l quiet -d 'Print no informational messages (warnings and errors still show)'
complete -c twenv -n "__fish_twenv_using_subcommand unpin" -s h -l help -d 'Print help'
complete -c twenv -n "__fish_twenv_using_subcommand allow" -s p -l profile -d 'The profile to act on' -r
complete -c twenv -n "__fish_twenv_using_subcommand allow" -s o -l output -d 'Output format of tables (list, current)' -r -f -a "columns\t''
json\t''
tsv\t''"
complete -c twenv -n "__fish_twenv_using_subcommand allow" -l config-dir -d 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]' -r -f -a "(__fish_complete_directories)"
complete -c twenv -n "__fish_twenv_using_subcommand allow" -s q -l quiet -d 'Print no informational messages (warnings and errors still show)'
complete -c twenv -n "__fish_twenv_using_subcommand allow" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c twenv -n "__fish_twenv_using_subcommand deny" -s p -l profile -d 'The profile to act on' -r
complete -c twenv -n "__fish_twenv_using_subcommand deny" -s o -l output -d 'Output format of tables (list, current)' -r -f -a "columns\t''
json\t''
tsv\t''"
complete -c twenv -n "__fish_twenv_using_subcommand deny" -l config-dir -d 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]' -r -f -a "(__fish_complete_directories)"
complete -c twenv -n "__fish_twenv_using_subcommand deny" -s q -l quiet -d 'Print no informational messages (warnings and errors still show)'
complete -c twenv -n "__fish_twenv_using_subcommand deny" -s h -l help -d 'Print help'
complete -c twenv -n "__fish_twenv_using_subcommand help; and not __fish_seen_subcommand_from login list use unuse remove rename copy rotate show current exec export init completions prompt man set import doctor unset pin unpin allow deny help" -f -a "login" -d 'Create or replace a profile'
complete -c twenv -n "__fish_twenv_using_subcommand help; and not __fish_seen_subcommand_from login list use unuse remove rename copy rotate show current exec export init completions prompt man set import doctor unset pin unpin allow deny help" -f -a "list" -d 'List profiles'
complete -c twenv -n "__fish_twenv_using_subcommand help; and not __fish_seen_subcommand_from login list use unuse remove rename copy rotate show current exec export init completions prompt man set import doctor unset pin unpin allow deny help" -f -a "use" -d 'Switch this shell to a profile (or, with --global, set the active profile)'
complete -c twenv -n "__fish_twenv_using_subcommand help; and not __fish_seen_subcommand_from login list use unuse remove rename copy rotate show current exec export init completions prompt man set import doctor unset pin unpin allow deny help" -f -a "unuse" -d 'Put this shell back as it was before `use`'
complete -c twenv -n "__fish_twenv_using_subcommand help; and not __fish_seen_subcommand_from login list use unuse remove rename copy rotate show current exec export init completions prompt man set import doctor unset pin unpin allow deny help" -f -a "remove" -d 'Delete a profile and its stored secret'
complete -c twenv -n "__fish_twenv_using_subcommand help; and not __fish_seen_subcommand_from login list use unuse remove rename copy rotate show current exec export init completions prompt man set import doctor unset pin unpin allow deny help" -f -a "rename" -d 'Give a profile another ID (its secret and active state go with it)'
complete -c twenv -n "__fish_twenv_using_subcommand help; and not __fish_seen_subcommand_from login list use unuse remove rename copy rotate show current exec export init completions prompt man set import doctor unset pin unpin allow deny help" -f -a "copy" -d 'Make a second profile with the same account, API key, secret and variables'
complete -c twenv -n "__fish_twenv_using_subcommand help; and not __fish_seen_subcommand_from login list use unuse remove rename copy rotate show current exec export init completions prompt man set import doctor unset pin unpin allow deny help" -f -a "rotate" -d 'Replace a profile\'s API key with a new one (asks for the Auth Token)'
complete -c twenv -n "__fish_twenv_using_subcommand help; and not __fish_seen_subcommand_from login list use unuse remove rename copy rotate show current exec export init completions prompt man set import doctor unset pin unpin allow deny help" -f -a "show" -d 'Everything about a profile but its secret: SIDs, region, edge, extra variables, where the secret lives'
complete -c twenv -n "__fish_twenv_using_subcommand help; and not __fish_seen_subcommand_from login list use unuse remove rename copy rotate show current exec export init completions prompt man set import doctor unset pin unpin allow deny help" -f -a "current" -d 'Show which credentials a command would use now, and why'
complete -c twenv -n "__fish_twenv_using_subcommand help; and not __fish_seen_subcommand_from login list use unuse remove rename copy rotate show current exec export init completions prompt man set import doctor unset pin unpin allow deny help" -f -a "exec" -d 'Run a command with a profile\'s variables'
complete -c twenv -n "__fish_twenv_using_subcommand help; and not __fish_seen_subcommand_from login list use unuse remove rename copy rotate show current exec export init completions prompt man set import doctor unset pin unpin allow deny help" -f -a "export" -d 'Print a profile\'s variables for files and CI (never to a terminal)'
complete -c twenv -n "__fish_twenv_using_subcommand help; and not __fish_seen_subcommand_from login list use unuse remove rename copy rotate show current exec export init completions prompt man set import doctor unset pin unpin allow deny help" -f -a "init" -d 'Print the hook script for a shell\'s rc file'
complete -c twenv -n "__fish_twenv_using_subcommand help; and not __fish_seen_subcommand_from login list use unuse remove rename copy rotate show current exec export init completions prompt man set import doctor unset pin unpin allow deny help" -f -a "completions" -d 'Print a completion script'
complete -c twenv -n "__fish_twenv_using_subcommand help; and not __fish_seen_subcommand_from login list use unuse remove rename copy rotate show current exec export init completions prompt man set import doctor unset pin unpin allow deny help" -f -a "prompt" -d 'Print this shell\'s profile, for prompts'
complete -c twenv -n "__fish_twenv_using_subcommand help; and not __fish_seen_subcommand_from login list use unuse remove rename copy rotate show current exec export init completions prompt man set import doctor unset pin unpin allow deny help" -f -a "man" -d 'Print the manual page (roff: `twenv man | man -l -`)'
complete -c twenv -n "__fish_twenv_using_subcommand help; and not __fish_seen_subcommand_from login list use unuse remove rename copy rotate show current exec export init completions prompt man set import doctor unset pin unpin allow deny help" -f -a "set" -d 'Set extra variables exported with a profile'
complete -c twenv -n "__fish_twenv_using_subcommand help; and not __fish_seen_subcommand_from login list use unuse remove rename copy rotate show current exec export init completions prompt man set import doctor unset pin unpin allow deny help" -f -a "import" -d 'Bring profiles over from the official Twilio CLI\'s config.json'
complete -c twenv -n "__fish_twenv_using_subcommand help; and not __fish_seen_subcommand_from login list use unuse remove rename copy rotate show current exec export init completions prompt man set import doctor unset pin unpin allow deny help" -f -a "doctor" -d 'Check this set-up and say how to fix what is wrong'
complete -c twenv -n "__fish_twenv_using_subcommand help; and not __fish_seen_subcommand_from login list use unuse remove rename copy rotate show current exec export init completions prompt man set import doctor unset pin unpin allow deny help" -f -a "unset" -d 'Remove extra variables from a profile'
complete -c twenv -n "__fish_twenv_using_subcommand help; and not __fish_seen_subcommand_from login list use unuse remove rename copy rotate show current exec export init completions prompt man set import doctor unset pin unpin allow deny help" -f -a "pin" -d 'Pin a profile to a directory: write DIR/.twenv-profile naming it, and trust it'
complete -c twenv -n "__fish_twenv_using_subcommand help; and not __fish_seen_subcommand_from login list use unuse remove rename copy rotate show current exec export init completions prompt man set import doctor unset pin unpin allow deny help" -f -a "unpin" -d 'Remove DIR/.twenv-profile and its trust'
complete -c twenv -n "__fish_twenv_using_subcommand help; and not __fish_seen_subcommand_from login list use unuse remove rename copy rotate show current exec export init completions prompt man set import doctor unset pin unpin allow deny help" -f -a "allow" -d 'Trust the .twenv-profile that applies in DIR, as it is now'
complete -c twenv -n "__fish_twenv_using_subcommand help; and not __fish_seen_subcommand_from login list use unuse remove rename copy rotate show current exec export init completions prompt man set import doctor unset pin unpin allow deny help" -f -a "deny" -d 'Withdraw trust of the .twenv-profile that applies in DIR'
complete -c twenv -n "__fish_twenv_using_subcommand help; and not __fish_seen_subcommand_from login list use unuse remove rename copy rotate show current exec export init completions prompt man set import doctor unset pin unpin allow deny help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
