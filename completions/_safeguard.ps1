
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'safeguard' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'safeguard'
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
        'safeguard' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('raise', 'raise', [CompletionResultType]::ParameterValue, 'Raise a safeguarding concern: a guided interview that follows the policy')
            [CompletionResult]::new('mine', 'mine', [CompletionResultType]::ParameterValue, 'List the sealed concerns you raised, from your own sealed copies')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the concerns in the store, newest first')
            [CompletionResult]::new('drafts', 'drafts', [CompletionResultType]::ParameterValue, 'Unfinished interview drafts (list them with `safeguard list --drafts`)')
            [CompletionResult]::new('review', 'review', [CompletionResultType]::ParameterValue, 'List what is overdue or due soon (`--due`), or record a progress review of one concern (ID)')
            [CompletionResult]::new('decide', 'decide', [CompletionResultType]::ParameterValue, 'Record the decision on a concern: the designated person''s (default) or a line manager''s')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one concern: subject, answers, recommendation, duties and timeline')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Add a timeline entry to a concern; it satisfies its duty and may start new ones')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Countersign a concern''s alert form (003 §6.26 for children, §6.11 and App J for adults)')
            [CompletionResult]::new('close', 'close', [CompletionResultType]::ParameterValue, 'Close a concern: the designated person records that the person no longer needs safeguarding')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the encrypted store for a service (asks for the passphrase twice on a terminal)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export the official forms (SARF, CCRF, record of escalation, chronology) and the records')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Counts for management reports: concerns by kind, category, recommendation, decision and status; the share of duties done on time, by kind (003 §6.12, §6.27); providers with 3 or more areas for improvement within 90 days (004 Purpose ¶4). Counts from 1 to 4 show as "<5"')
            [CompletionResult]::new('freeze', 'freeze', [CompletionResultType]::ParameterValue, 'Freeze a concern for a safeguarding practice review (003 §7.13), open or closed')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Show the policy in force, or check a policy file')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the configuration in force')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the store: SQLCipher''s page authentication, SQLite''s integrity check, the schema (no table, index, trigger or view safeguard did not create), the hash chain of the journal (every entry carries the hash of the one before it; none is recorded earlier than the one before it), the concerns and duties rebuilt from the journal against the tables, and every entry''s signature against the store''s roster as it stood when the entry was written (a key added later, or retired earlier, does not count; an anonymous Code RED report is not signed)')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Change the store''s passphrase')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Write an encrypted copy of the store to PATH (same passphrase)')
            [CompletionResult]::new('identity', 'identity', [CompletionResultType]::ParameterValue, 'Your own keys: an age identity for sealed raising and a signing key for the records')
            [CompletionResult]::new('keys', 'keys', [CompletionResultType]::ParameterValue, 'The store''s own key for opening sealed concerns (store passphrase)')
            [CompletionResult]::new('inbox', 'inbox', [CompletionResultType]::ParameterValue, 'Set up (as root) or check an inbox''s folders, owners and modes')
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'Set up (as root) or check a store that several people open, each as themselves')
            [CompletionResult]::new('intake', 'intake', [CompletionResultType]::ParameterValue, 'Import the sealed concerns waiting in the inboxes this store reads')
            [CompletionResult]::new('roster', 'roster', [CompletionResultType]::ParameterValue, 'The store''s roster: who may sign its entries, in which roles, with which keys')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Keep the store''s key for a while, so the next commands need no passphrase')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'End the store''s unlocked session now')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, elvish, powershell)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page, or write every page (one per subcommand) into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'safeguard;raise' {
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Take the answers from this file (TOML or JSON) instead of asking')
            [CompletionResult]::new('--resume', '--resume', [CompletionResultType]::ParameterName, 'Continue a draft (see `safeguard list --drafts`)')
            [CompletionResult]::new('--seal-out', '--seal-out', [CompletionResultType]::ParameterName, 'With a service file: write the sealed file here (to email it) instead of delivering it to an inbox')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('--anonymous', '--anonymous', [CompletionResultType]::ParameterName, 'A Code RED report: no reporter identity is stored anywhere')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the saved record as JSON (with a service file: the receipt)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'With a service file: show the route (the persons and their key fingerprints) and seal nothing')
            [CompletionResult]::new('--no-copy', '--no-copy', [CompletionResultType]::ParameterName, 'With a service file: keep no copy sealed to yourself (`safeguard mine` lists the copies)')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Also show where each rule comes from: the paragraphs of the procedures behind the recommendation and each duty, and their ids')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'safeguard;mine' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON: a list of your own copies')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'safeguard;list' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON: a list of concern summaries (or of drafts)')
            [CompletionResult]::new('--drafts', '--drafts', [CompletionResultType]::ParameterName, 'List unfinished interview drafts instead (continue one with `raise --resume DRAFT`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'safeguard;drafts' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('discard', 'discard', [CompletionResultType]::ParameterValue, 'Delete a draft and every answer in it, for good. On a terminal it asks first; without one, give --yes. Nothing about the draft is kept or printed')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'safeguard;drafts;discard' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Discard without asking')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON: `{"discarded": "D-..."}`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'safeguard;drafts;help' {
            [CompletionResult]::new('discard', 'discard', [CompletionResultType]::ParameterValue, 'Delete a draft and every answer in it, for good. On a terminal it asks first; without one, give --yes. Nothing about the draft is kept or printed')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'safeguard;drafts;help;discard' {
            break
        }
        'safeguard;drafts;help;help' {
            break
        }
        'safeguard;review' {
            [CompletionResult]::new('--within', '--within', [CompletionResultType]::ParameterName, 'Also list duties due within this long from now, e.g. 7d, 24h, 2w, 90m [default: 0, overdue only]')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'The review: what was looked at and what happens next (required with ID)')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Sign in this role of yours on the store''s roster (a policy role id) [default: the role the command needs]')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('--due', '--due', [CompletionResultType]::ParameterName, 'List overdue (and, with --within, soon-due) duties across all open concerns')
            [CompletionResult]::new('--fail-if-due', '--fail-if-due', [CompletionResultType]::ParameterName, 'Exit 10 when anything is listed (for monitoring)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'List every due duty on the screen, not only the 200 most urgent and a count of the rest, and every concern with no review date set or frozen, not only the 20 oldest (--json always lists every due duty)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'safeguard;decide' {
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Take the decision from this file (TOML or JSON)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who records it: a role with a decision in the policy, e.g. line-manager [default: the designated person]')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Sign in this role of yours on the store''s roster (a policy role id) [default: the role the command needs]')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'safeguard;show' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the record as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'safeguard;log' {
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'When it happened, UK time: "yesterday 9am", "Friday 14:00", "2026-11-23 14:30" or RFC 3339 [default: now]; not before the concern was noticed (or raised, if not known)')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'What to record with it (required for `note` and `amend`)')
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'For an event with stages, such as `escalation`: the stage reached (the policy says which stages there are and what each starts; `safeguard policy show`)')
            [CompletionResult]::new('--duty', '--duty', [CompletionResultType]::ParameterName, 'For `task-done`: which action-plan duty (its id in `show --json`)')
            [CompletionResult]::new('--due', '--due', [CompletionResultType]::ParameterName, 'For events that start a duty whose date someone else sets, such as cp-conference-invited: when it is due (the conference), RFC 3339 or UK local time')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'For `body-mark`: where on the body the mark is, the person''s own right or left, one of: head, face, right-ear, left-ear, neck, right-shoulder, left-shoulder, chest, abdomen, right-upper-arm, left-upper-arm, right-forearm, left-forearm, right-hand, left-hand, pelvis, right-thigh, left-thigh, right-knee, left-knee, right-lower-leg, left-lower-leg, right-foot, left-foot')
            [CompletionResult]::new('--side', '--side', [CompletionResultType]::ParameterName, 'For `body-mark`: front or back of the body')
            [CompletionResult]::new('--size', '--size', [CompletionResultType]::ParameterName, 'For `body-mark`: its size as measured or estimated ("3 cm by 1 cm")')
            [CompletionResult]::new('--entry', '--entry', [CompletionResultType]::ParameterName, 'For `amend`: the sequence number of the entry being corrected')
            [CompletionResult]::new('--date', '--date', [CompletionResultType]::ParameterName, 'For an event that records a date, such as `retirement-date`: the date, YYYY-MM-DD (it may be in the future; the policy says what each such event''s date is)')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Sign in this role of yours on the store''s roster (a policy role id) [default: the role the command needs]')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'safeguard;sign' {
            [CompletionResult]::new('--comments', '--comments', [CompletionResultType]::ParameterName, 'The countersignatory''s comments, with any actions still to do')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Sign in this role of yours on the store''s roster (a policy role id) [default: the role the command needs]')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'safeguard;close' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why the person no longer needs safeguarding')
            [CompletionResult]::new('--cancel-open', '--cancel-open', [CompletionResultType]::ParameterName, 'Cancel the duties still open, saying why they are no longer needed (recorded in the closing entry with each duty cancelled)')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Sign in this role of yours on the store''s roster (a policy role id) [default: the role the command needs]')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'safeguard;init' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Your name on the roster, as entries will show it [default: the config''s user, else your login]')
            [CompletionResult]::new('--login', '--login', [CompletionResultType]::ParameterName, 'Your Unix login [default: the login running the command]')
            [CompletionResult]::new('--roles', '--roles', [CompletionResultType]::ParameterName, 'Your roles (policy role ids, comma-separated) [default: the policy''s designated person and first countersignatory roles]')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'safeguard;export' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only concerns raised on or after this date (YYYY-MM-DD, UK time) or time (RFC 3339)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only concerns with this status')
            [CompletionResult]::new('--form', '--form', [CompletionResultType]::ParameterName, 'Which forms: auto (each concern''s official form, SARF or CCRF, and the record of escalation once stage 3 is reached; the chronology for concerns with no form of their own), all (auto plus every chronology), sarf, ccrf, escalation, chronology')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Formats, comma-separated: pdf, html, md, json (the whole record, as `show ID --json` gives it, on one line), csv (one row per concern), eml (each SARF as a message to the config''s `[contacts.local-authority]` email, ready for `sendmail -t`; needs --profile referral)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The directory to write into (created 0700 if missing; one that others can write to is refused, one they can read is used with a warning)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Who the forms are for: internal (initials only, as the internal SARF has them) or referral (the full identifiers the local authority needs: names with other spellings, date of birth, address, the adults and others involved). A referral export needs the line manager''s sign-off logged first, and is itself logged on each concern. subject-access: the copy for the person the record is about (003 §6.45, §7.16), with their identifiers and the third parties withheld: the person who raised it (unless they agreed, logged as `reporter-agreed-named`; never a Code RED reporter) and the others involved. It is logged on each concern too')
            [CompletionResult]::new('--encrypt-to', '--encrypt-to', [CompletionResultType]::ParameterName, 'Seal every file written (forms, records, CSV) to this age recipient (`age1...`, as `age-keygen -y` or `safeguard identity show` prints it); repeat for several. Sealed files end in .age and open with `age -d -i KEY`; manifest.json stays plaintext (names and hashes of the sealed files, no contents)')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Sign in this role of yours on the store''s roster (a policy role id) [default: the role the command needs]')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Export every concern')
            [CompletionResult]::new('--changed-since-last-export', '--changed-since-last-export', [CompletionResultType]::ParameterName, 'Only concerns with entries newer than the last export to this --out directory')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'safeguard;stats' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Concerns raised on or after this date (YYYY-MM-DD, UK time)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Concerns raised on or before this date (YYYY-MM-DD, UK time)')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'Print CSV: section,key,value rows')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'safeguard;freeze' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'The practice review request (who asked, when)')
            [CompletionResult]::new('--told', '--told', [CompletionResultType]::ParameterName, 'Someone you told of the request, and how ("Gina Head, Group Head, by phone"). Repeat for each person')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Sign in this role of yours on the store''s roster (a policy role id) [default: the role the command needs]')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'safeguard;policy' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'List every question id with its answers and source paragraph, and every outcome and duty')
            [CompletionResult]::new('graph', 'graph', [CompletionResultType]::ParameterValue, 'Draw the policy''s decision graph: Graphviz DOT (`dot -Tsvg`) or Mermaid')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate a policy file or an overlay (merged onto its base): every problem is listed, each naming its node. Exit 2 if any')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'safeguard;policy;show' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print as JSON')
            [CompletionResult]::new('--effective', '--effective', [CompletionResultType]::ParameterName, 'Print the effective policy as TOML (an overlay merged onto its base, valid input to `policy check`), each overlay''s changes marked in comments; with --json, the merged policy and the list of changes')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'safeguard;policy;graph' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'dot or mermaid')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'safeguard;policy;check' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'safeguard;policy;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'List every question id with its answers and source paragraph, and every outcome and duty')
            [CompletionResult]::new('graph', 'graph', [CompletionResultType]::ParameterValue, 'Draw the policy''s decision graph: Graphviz DOT (`dot -Tsvg`) or Mermaid')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate a policy file or an overlay (merged onto its base): every problem is listed, each naming its node. Exit 2 if any')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'safeguard;policy;help;show' {
            break
        }
        'safeguard;policy;help;graph' {
            break
        }
        'safeguard;policy;help;check' {
            break
        }
        'safeguard;policy;help;help' {
            break
        }
        'safeguard;config' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print every setting in force and where it came from')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'safeguard;config;show' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'safeguard;config;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print every setting in force and where it came from')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'safeguard;config;help;show' {
            break
        }
        'safeguard;config;help;help' {
            break
        }
        'safeguard;verify' {
            [CompletionResult]::new('--expect-head', '--expect-head', [CompletionResultType]::ParameterName, 'Also fail (exit 7) unless the chain still holds this head, as an earlier `verify` gave it: HASH, or HASH:LENGTH for the entry at that length')
            [CompletionResult]::new('--seal-head', '--seal-head', [CompletionResultType]::ParameterName, 'When every check passes, also seal the chain''s length and head into FILE (a new file, 0600) for the service''s head holders (the Group Head) and its recovery recipients, from the service file: a copy kept outside the service, which a later rewrite or an older copy put back cannot match. They open it with `age -d -i`. Nothing is written when a check fails')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON (`ok`, `problems`, `length`, `head`, `signatures`; `you`, who runs it by their own key on the roster, and `roster_warning`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'safeguard;rekey' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'safeguard;backup' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'safeguard;identity' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Make your identity and signing key (each only where missing: neither is ever overwritten)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print your recipient (age1...) and signing key (sg-ed25519:...), for the service file and roster')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'safeguard;identity;init' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON: the recipient, the signing key and their files')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'safeguard;identity;show' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON: the recipient, its fingerprint, the signing key and their files')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'safeguard;identity;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Make your identity and signing key (each only where missing: neither is ever overwritten)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print your recipient (age1...) and signing key (sg-ed25519:...), for the service file and roster')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'safeguard;identity;help;init' {
            break
        }
        'safeguard;identity;help;show' {
            break
        }
        'safeguard;identity;help;help' {
            break
        }
        'safeguard;keys' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Make the store''s first key (refused if it has one)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the current key''s recipient (age1...); with --json every key and its dates')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Make a new key and retire the current one (it still opens files sealed to it)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'safeguard;keys;init' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'safeguard;keys;show' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'safeguard;keys;rotate' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'safeguard;keys;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Make the store''s first key (refused if it has one)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the current key''s recipient (age1...); with --json every key and its dates')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Make a new key and retire the current one (it still opens files sealed to it)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'safeguard;keys;help;init' {
            break
        }
        'safeguard;keys;help;show' {
            break
        }
        'safeguard;keys;help;rotate' {
            break
        }
        'safeguard;keys;help;help' {
            break
        }
        'safeguard;inbox' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create (or put right) the inbox''s folders; run as root')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the inbox''s folders against what `init` makes')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'safeguard;inbox;init' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'safeguard;inbox;check' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'safeguard;inbox;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create (or put right) the inbox''s folders; run as root')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the inbox''s folders against what `init` makes')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'safeguard;inbox;help;init' {
            break
        }
        'safeguard;inbox;help;check' {
            break
        }
        'safeguard;inbox;help;help' {
            break
        }
        'safeguard;store' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create (or put right) the store''s folder, and the store''s files if there; run as root')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the store''s folder, files and group against what `init` makes')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'safeguard;store;init' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'safeguard;store;check' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'json')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'safeguard;store;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create (or put right) the store''s folder, and the store''s files if there; run as root')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the store''s folder, files and group against what `init` makes')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'safeguard;store;help;init' {
            break
        }
        'safeguard;store;help;check' {
            break
        }
        'safeguard;store;help;help' {
            break
        }
        'safeguard;intake' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON: what was imported, how many were imported before, what was rejected, and what was left for an inbox''s readers')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'safeguard;roster' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'List the people on the roster now (and those retired)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a person: their name, login, roles and signing key (`safeguard identity show`)')
            [CompletionResult]::new('retire', 'retire', [CompletionResultType]::ParameterValue, 'Retire a person: entries signed with their key after this fail `verify`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'safeguard;roster;show' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON: a list of {name, login, roles, key, recipient, added, retired}')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'safeguard;roster;add' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Their name, as entries will show it')
            [CompletionResult]::new('--login', '--login', [CompletionResultType]::ParameterName, 'Their Unix login')
            [CompletionResult]::new('--roles', '--roles', [CompletionResultType]::ParameterName, 'Their roles: policy role ids, comma-separated')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Their signing key, sg-ed25519:... (the second line of their `safeguard identity show`)')
            [CompletionResult]::new('--recipient', '--recipient', [CompletionResultType]::ParameterName, 'Their age recipient, age1... (the first line of their `safeguard identity show`)')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Sign in this role of yours on the store''s roster (a policy role id) [default: the role the command needs]')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('--from-service-file', '--from-service-file', [CompletionResultType]::ParameterName, 'Add every [[person]] of the service file that gives a signing_key and is not on the roster yet')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'safeguard;roster;retire' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (they left; their key was lost)')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Sign in this role of yours on the store''s roster (a policy role id) [default: the role the command needs]')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'safeguard;roster;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'List the people on the roster now (and those retired)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a person: their name, login, roles and signing key (`safeguard identity show`)')
            [CompletionResult]::new('retire', 'retire', [CompletionResultType]::ParameterValue, 'Retire a person: entries signed with their key after this fail `verify`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'safeguard;roster;help;show' {
            break
        }
        'safeguard;roster;help;add' {
            break
        }
        'safeguard;roster;help;retire' {
            break
        }
        'safeguard;roster;help;help' {
            break
        }
        'safeguard;unlock' {
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'How long the session lasts: 15m, 1h, 1h30m, 90s, or minutes')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the session as JSON: store, until')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'safeguard;lock' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON: store, locked (whether a session was open)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'safeguard;completions' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'safeguard;man' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write safeguard.1 and safeguard-COMMAND.1 here instead of printing safeguard.1')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service whose store to use (one encrypted file per service)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The store file itself, instead of <data dir>/<service>.db')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: ~/.config/safeguard/config.toml]')
            [CompletionResult]::new('--service-file', '--service-file', [CompletionResultType]::ParameterName, 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'safeguard;help' {
            [CompletionResult]::new('raise', 'raise', [CompletionResultType]::ParameterValue, 'Raise a safeguarding concern: a guided interview that follows the policy')
            [CompletionResult]::new('mine', 'mine', [CompletionResultType]::ParameterValue, 'List the sealed concerns you raised, from your own sealed copies')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the concerns in the store, newest first')
            [CompletionResult]::new('drafts', 'drafts', [CompletionResultType]::ParameterValue, 'Unfinished interview drafts (list them with `safeguard list --drafts`)')
            [CompletionResult]::new('review', 'review', [CompletionResultType]::ParameterValue, 'List what is overdue or due soon (`--due`), or record a progress review of one concern (ID)')
            [CompletionResult]::new('decide', 'decide', [CompletionResultType]::ParameterValue, 'Record the decision on a concern: the designated person''s (default) or a line manager''s')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one concern: subject, answers, recommendation, duties and timeline')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Add a timeline entry to a concern; it satisfies its duty and may start new ones')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Countersign a concern''s alert form (003 §6.26 for children, §6.11 and App J for adults)')
            [CompletionResult]::new('close', 'close', [CompletionResultType]::ParameterValue, 'Close a concern: the designated person records that the person no longer needs safeguarding')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the encrypted store for a service (asks for the passphrase twice on a terminal)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export the official forms (SARF, CCRF, record of escalation, chronology) and the records')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Counts for management reports: concerns by kind, category, recommendation, decision and status; the share of duties done on time, by kind (003 §6.12, §6.27); providers with 3 or more areas for improvement within 90 days (004 Purpose ¶4). Counts from 1 to 4 show as "<5"')
            [CompletionResult]::new('freeze', 'freeze', [CompletionResultType]::ParameterValue, 'Freeze a concern for a safeguarding practice review (003 §7.13), open or closed')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Show the policy in force, or check a policy file')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the configuration in force')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the store: SQLCipher''s page authentication, SQLite''s integrity check, the schema (no table, index, trigger or view safeguard did not create), the hash chain of the journal (every entry carries the hash of the one before it; none is recorded earlier than the one before it), the concerns and duties rebuilt from the journal against the tables, and every entry''s signature against the store''s roster as it stood when the entry was written (a key added later, or retired earlier, does not count; an anonymous Code RED report is not signed)')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Change the store''s passphrase')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Write an encrypted copy of the store to PATH (same passphrase)')
            [CompletionResult]::new('identity', 'identity', [CompletionResultType]::ParameterValue, 'Your own keys: an age identity for sealed raising and a signing key for the records')
            [CompletionResult]::new('keys', 'keys', [CompletionResultType]::ParameterValue, 'The store''s own key for opening sealed concerns (store passphrase)')
            [CompletionResult]::new('inbox', 'inbox', [CompletionResultType]::ParameterValue, 'Set up (as root) or check an inbox''s folders, owners and modes')
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'Set up (as root) or check a store that several people open, each as themselves')
            [CompletionResult]::new('intake', 'intake', [CompletionResultType]::ParameterValue, 'Import the sealed concerns waiting in the inboxes this store reads')
            [CompletionResult]::new('roster', 'roster', [CompletionResultType]::ParameterValue, 'The store''s roster: who may sign its entries, in which roles, with which keys')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Keep the store''s key for a while, so the next commands need no passphrase')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'End the store''s unlocked session now')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, elvish, powershell)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page, or write every page (one per subcommand) into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'safeguard;help;raise' {
            break
        }
        'safeguard;help;mine' {
            break
        }
        'safeguard;help;list' {
            break
        }
        'safeguard;help;drafts' {
            [CompletionResult]::new('discard', 'discard', [CompletionResultType]::ParameterValue, 'Delete a draft and every answer in it, for good. On a terminal it asks first; without one, give --yes. Nothing about the draft is kept or printed')
            break
        }
        'safeguard;help;drafts;discard' {
            break
        }
        'safeguard;help;review' {
            break
        }
        'safeguard;help;decide' {
            break
        }
        'safeguard;help;show' {
            break
        }
        'safeguard;help;log' {
            break
        }
        'safeguard;help;sign' {
            break
        }
        'safeguard;help;close' {
            break
        }
        'safeguard;help;init' {
            break
        }
        'safeguard;help;export' {
            break
        }
        'safeguard;help;stats' {
            break
        }
        'safeguard;help;freeze' {
            break
        }
        'safeguard;help;policy' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'List every question id with its answers and source paragraph, and every outcome and duty')
            [CompletionResult]::new('graph', 'graph', [CompletionResultType]::ParameterValue, 'Draw the policy''s decision graph: Graphviz DOT (`dot -Tsvg`) or Mermaid')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate a policy file or an overlay (merged onto its base): every problem is listed, each naming its node. Exit 2 if any')
            break
        }
        'safeguard;help;policy;show' {
            break
        }
        'safeguard;help;policy;graph' {
            break
        }
        'safeguard;help;policy;check' {
            break
        }
        'safeguard;help;config' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print every setting in force and where it came from')
            break
        }
        'safeguard;help;config;show' {
            break
        }
        'safeguard;help;verify' {
            break
        }
        'safeguard;help;rekey' {
            break
        }
        'safeguard;help;backup' {
            break
        }
        'safeguard;help;identity' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Make your identity and signing key (each only where missing: neither is ever overwritten)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print your recipient (age1...) and signing key (sg-ed25519:...), for the service file and roster')
            break
        }
        'safeguard;help;identity;init' {
            break
        }
        'safeguard;help;identity;show' {
            break
        }
        'safeguard;help;keys' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Make the store''s first key (refused if it has one)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the current key''s recipient (age1...); with --json every key and its dates')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Make a new key and retire the current one (it still opens files sealed to it)')
            break
        }
        'safeguard;help;keys;init' {
            break
        }
        'safeguard;help;keys;show' {
            break
        }
        'safeguard;help;keys;rotate' {
            break
        }
        'safeguard;help;inbox' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create (or put right) the inbox''s folders; run as root')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the inbox''s folders against what `init` makes')
            break
        }
        'safeguard;help;inbox;init' {
            break
        }
        'safeguard;help;inbox;check' {
            break
        }
        'safeguard;help;store' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create (or put right) the store''s folder, and the store''s files if there; run as root')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the store''s folder, files and group against what `init` makes')
            break
        }
        'safeguard;help;store;init' {
            break
        }
        'safeguard;help;store;check' {
            break
        }
        'safeguard;help;intake' {
            break
        }
        'safeguard;help;roster' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'List the people on the roster now (and those retired)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a person: their name, login, roles and signing key (`safeguard identity show`)')
            [CompletionResult]::new('retire', 'retire', [CompletionResultType]::ParameterValue, 'Retire a person: entries signed with their key after this fail `verify`')
            break
        }
        'safeguard;help;roster;show' {
            break
        }
        'safeguard;help;roster;add' {
            break
        }
        'safeguard;help;roster;retire' {
            break
        }
        'safeguard;help;unlock' {
            break
        }
        'safeguard;help;lock' {
            break
        }
        'safeguard;help;completions' {
            break
        }
        'safeguard;help;man' {
            break
        }
        'safeguard;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
