
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'twenv' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'twenv'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'twenv' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Create or replace a profile')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List profiles')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Switch this shell to a profile (or, with --global, set the active profile)')
            [CompletionResult]::new('unuse', 'unuse', [CompletionResultType]::ParameterValue, 'Put this shell back as it was before `use`')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Delete a profile and its stored secret')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Give a profile another ID (its secret and active state go with it)')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Make a second profile with the same account, API key, secret and variables')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace a profile''s API key with a new one (asks for the Auth Token)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Everything about a profile but its secret: SIDs, region, edge, extra variables, where the secret lives')
            [CompletionResult]::new('current', 'current', [CompletionResultType]::ParameterValue, 'Show which credentials a command would use now, and why')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command with a profile''s variables')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print a profile''s variables for files and CI (never to a terminal)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Print the hook script for a shell''s rc file')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a completion script')
            [CompletionResult]::new('prompt', 'prompt', [CompletionResultType]::ParameterValue, 'Print this shell''s profile, for prompts')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page (roff: `twenv man | man -l -`)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set extra variables exported with a profile')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Bring profiles over from the official Twilio CLI''s config.json')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check this set-up and say how to fix what is wrong')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove extra variables from a profile')
            [CompletionResult]::new('pin', 'pin', [CompletionResultType]::ParameterValue, 'Pin a profile to a directory: write DIR/.twenv-profile naming it, and trust it')
            [CompletionResult]::new('unpin', 'unpin', [CompletionResultType]::ParameterValue, 'Remove DIR/.twenv-profile and its trust')
            [CompletionResult]::new('allow', 'allow', [CompletionResultType]::ParameterValue, 'Trust the .twenv-profile that applies in DIR, as it is now')
            [CompletionResult]::new('deny', 'deny', [CompletionResultType]::ParameterValue, 'Withdraw trust of the .twenv-profile that applies in DIR')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'twenv;login' {
            [CompletionResult]::new('--account-sid', '--account-sid', [CompletionResultType]::ParameterName, 'Account SID (AC…); asked for when missing on a terminal')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Store an API key you already have (SK…); its secret comes from --api-secret-stdin or --secret-command')
            [CompletionResult]::new('--secret-command', '--secret-command', [CompletionResultType]::ParameterName, 'Fetch the API secret from a password manager whenever it is needed, e.g. ''pass show twilio/dev'' (run without a shell; twenv stores only the command)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Twilio region, e.g. ie1, au1')
            [CompletionResult]::new('--edge', '--edge', [CompletionResultType]::ParameterName, 'Twilio edge location, e.g. dublin, sydney')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Where the API secret is kept [default: $TWENV_STORAGE, else keyring]')
            [CompletionResult]::new('--allow', '--allow', [CompletionResultType]::ParameterName, 'Create a restricted key (IAM v1) with this permission, e.g. /twilio/messaging/messages/create; repeat for more (at most 100)')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Create a restricted key with the permissions of this Twilio policy file: {"allow": ["/twilio/…", …]}')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]')
            [CompletionResult]::new('--api-secret-stdin', '--api-secret-stdin', [CompletionResultType]::ParameterName, 'Read the API secret from one line of stdin')
            [CompletionResult]::new('--auth-token-stdin', '--auth-token-stdin', [CompletionResultType]::ParameterName, 'Read the Auth Token from one line of stdin (used once, never stored)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing profile of the same ID')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'twenv;list' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Print every value whole, even on a narrow terminal')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'twenv;use' {
            [CompletionResult]::new('--shell', '--shell', [CompletionResultType]::ParameterName, 'Shell to print code for [default: $TWENV_SHELL, else the parent shell, else posix]')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Switch to the profile this pin file names, if it is trusted and usable')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]')
            [CompletionResult]::new('--global', '--global', [CompletionResultType]::ParameterName, 'Make the profile the persistent active one instead of printing shell code')
            [CompletionResult]::new('--active', '--active', [CompletionResultType]::ParameterName, 'The hook of `init --use-active`: switch to the active profile, unless this shell has a profile or credentials already (then print nothing)')
            [CompletionResult]::new('--pin-restore', '--pin-restore', [CompletionResultType]::ParameterName, 'With --pin: when the pin cannot be applied, print `unuse` code instead (the shell was switched by the pin it is leaving)')
            [CompletionResult]::new('--pin-quiet', '--pin-quiet', [CompletionResultType]::ParameterName, 'With --pin: say nothing about a pin that cannot be applied (already said)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'twenv;unuse' {
            [CompletionResult]::new('--shell', '--shell', [CompletionResultType]::ParameterName, 'Shell to print code for [default: $TWENV_SHELL, else the parent shell, else posix]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'twenv;remove' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--delete-key', '--delete-key', [CompletionResultType]::ParameterName, 'Also delete the API key at Twilio (asks for the Auth Token)')
            [CompletionResult]::new('--auth-token-stdin', '--auth-token-stdin', [CompletionResultType]::ParameterName, 'With --delete-key: read the Auth Token from one line of stdin')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'twenv;rename' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'twenv;copy' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'twenv;rotate' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]')
            [CompletionResult]::new('--auth-token-stdin', '--auth-token-stdin', [CompletionResultType]::ParameterName, 'Read the Auth Token from one line of stdin (used once, never stored)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'twenv;show' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'twenv;current' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]')
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'Check the credentials against Twilio''s API')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Print every value whole, even on a narrow terminal')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'twenv;exec' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'twenv;export' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output syntax')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'twenv;init' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]')
            [CompletionResult]::new('--no-auto', '--no-auto', [CompletionResultType]::ParameterName, 'Leave out automatic switching on `cd` (`.twenv-profile` pins)')
            [CompletionResult]::new('--use-active', '--use-active', [CompletionResultType]::ParameterName, 'Also switch each new shell to the active profile (`use --global`) when it has no profile or Twilio credentials yet (bash, zsh, fish)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'twenv;completions' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'twenv;prompt' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'twenv;man' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'twenv;set' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'twenv;import' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Directory of the Twilio CLI''s config.json [default: $TWILIO_CONFIG_DIR, ~/.twilio-cli]')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Where the imported API secrets are kept [default: $TWENV_STORAGE, else keyring]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace twenv profiles of the same ID')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the report and change nothing anywhere')
            [CompletionResult]::new('--scrub', '--scrub', [CompletionResultType]::ParameterName, 'Then remove the imported API secrets from the Twilio CLI''s config.json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'twenv;doctor' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]')
            [CompletionResult]::new('--online', '--online', [CompletionResultType]::ParameterName, 'Also check the credentials in use against Twilio''s API')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'twenv;unset' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'twenv;pin' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'twenv;unpin' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'twenv;allow' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'twenv;deny' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile to act on')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of tables (list, current)')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no informational messages (warnings and errors still show)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'twenv;help' {
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Create or replace a profile')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List profiles')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Switch this shell to a profile (or, with --global, set the active profile)')
            [CompletionResult]::new('unuse', 'unuse', [CompletionResultType]::ParameterValue, 'Put this shell back as it was before `use`')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Delete a profile and its stored secret')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Give a profile another ID (its secret and active state go with it)')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Make a second profile with the same account, API key, secret and variables')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace a profile''s API key with a new one (asks for the Auth Token)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Everything about a profile but its secret: SIDs, region, edge, extra variables, where the secret lives')
            [CompletionResult]::new('current', 'current', [CompletionResultType]::ParameterValue, 'Show which credentials a command would use now, and why')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command with a profile''s variables')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print a profile''s variables for files and CI (never to a terminal)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Print the hook script for a shell''s rc file')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a completion script')
            [CompletionResult]::new('prompt', 'prompt', [CompletionResultType]::ParameterValue, 'Print this shell''s profile, for prompts')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page (roff: `twenv man | man -l -`)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set extra variables exported with a profile')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Bring profiles over from the official Twilio CLI''s config.json')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check this set-up and say how to fix what is wrong')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove extra variables from a profile')
            [CompletionResult]::new('pin', 'pin', [CompletionResultType]::ParameterValue, 'Pin a profile to a directory: write DIR/.twenv-profile naming it, and trust it')
            [CompletionResult]::new('unpin', 'unpin', [CompletionResultType]::ParameterValue, 'Remove DIR/.twenv-profile and its trust')
            [CompletionResult]::new('allow', 'allow', [CompletionResultType]::ParameterValue, 'Trust the .twenv-profile that applies in DIR, as it is now')
            [CompletionResult]::new('deny', 'deny', [CompletionResultType]::ParameterValue, 'Withdraw trust of the .twenv-profile that applies in DIR')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'twenv;help;login' {
            break
        }
        'twenv;help;list' {
            break
        }
        'twenv;help;use' {
            break
        }
        'twenv;help;unuse' {
            break
        }
        'twenv;help;remove' {
            break
        }
        'twenv;help;rename' {
            break
        }
        'twenv;help;copy' {
            break
        }
        'twenv;help;rotate' {
            break
        }
        'twenv;help;show' {
            break
        }
        'twenv;help;current' {
            break
        }
        'twenv;help;exec' {
            break
        }
        'twenv;help;export' {
            break
        }
        'twenv;help;init' {
            break
        }
        'twenv;help;completions' {
            break
        }
        'twenv;help;prompt' {
            break
        }
        'twenv;help;man' {
            break
        }
        'twenv;help;set' {
            break
        }
        'twenv;help;import' {
            break
        }
        'twenv;help;doctor' {
            break
        }
        'twenv;help;unset' {
            break
        }
        'twenv;help;pin' {
            break
        }
        'twenv;help;unpin' {
            break
        }
        'twenv;help;allow' {
            break
        }
        'twenv;help;deny' {
            break
        }
        'twenv;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
