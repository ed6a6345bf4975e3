# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_safeguard_global_optspecs
    string join \n service= db= config= service-file= passphrase-file= color= h/help V/version
end

function __fish_safeguard_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_safeguard_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_safeguard_using_subcommand
    set -l cmd (__fish_safeguard_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c safeguard -n "__fish_safeguard_needs_command" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_needs_command" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_needs_command" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_needs_command" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_needs_command" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_needs_command" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c safeguard -n "__fish_safeguard_needs_command" -s V -l version -d 'Print version'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "raise" -d 'Raise a safeguarding concern: a guided interview that follows the policy'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "mine" -d 'List the sealed concerns you raised, from your own sealed copies'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "list" -d 'List the concerns in the store, newest first'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "drafts" -d 'Unfinished interview drafts (list them with `safeguard list --drafts`)'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "review" -d 'List what is overdue or due soon (`--due`), or record a progress review of one concern (ID)'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "decide" -d 'Record the decision on a concern: the designated person\'s (default) or a line manager\'s'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "show" -d 'Show one concern: subject, answers, recommendation, duties and timeline'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "log" -d 'Add a timeline entry to a concern; it satisfies its duty and may start new ones'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "sign" -d 'Countersign a concern\'s alert form (003 §6.26 for children, §6.11 and App J for adults)'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "close" -d 'Close a concern: the designated person records that the person no longer needs safeguarding'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "init" -d 'Create the encrypted store for a service (asks for the passphrase twice on a terminal)'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "export" -d 'Export the official forms (SARF, CCRF, record of escalation, chronology) and the records'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "stats" -d 'Counts for management reports: concerns by kind, category, recommendation, decision and status; the share of duties done on time, by kind (003 §6.12, §6.27); providers with 3 or more areas for improvement within 90 days (004 Purpose ¶4). Counts from 1 to 4 show as "<5"'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "freeze" -d 'Freeze a concern for a safeguarding practice review (003 §7.13), open or closed'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "policy" -d 'Show the policy in force, or check a policy file'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "config" -d 'Show the configuration in force'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "verify" -d 'Check the store: SQLCipher\'s page authentication, SQLite\'s integrity check, the schema (no table, index, trigger or view safeguard did not create), the hash chain of the journal (every entry carries the hash of the one before it; none is recorded earlier than the one before it), the concerns and duties rebuilt from the journal against the tables, and every entry\'s signature against the store\'s roster as it stood when the entry was written (a key added later, or retired earlier, does not count; an anonymous Code RED report is not signed)'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "rekey" -d 'Change the store\'s passphrase'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "backup" -d 'Write an encrypted copy of the store to PATH (same passphrase)'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "identity" -d 'Your own keys: an age identity for sealed raising and a signing key for the records'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "keys" -d 'The store\'s own key for opening sealed concerns (store passphrase)'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "inbox" -d 'Set up (as root) or check an inbox\'s folders, owners and modes'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "store" -d 'Set up (as root) or check a store that several people open, each as themselves'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "intake" -d 'Import the sealed concerns waiting in the inboxes this store reads'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "roster" -d 'The store\'s roster: who may sign its entries, in which roles, with which keys'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "unlock" -d 'Keep the store\'s key for a while, so the next commands need no passphrase'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "lock" -d 'End the store\'s unlocked session now'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "man" -d 'Print the manual page, or write every page (one per subcommand) into a directory'
complete -c safeguard -n "__fish_safeguard_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c safeguard -n "__fish_safeguard_using_subcommand raise" -l answers -d 'Take the answers from this file (TOML or JSON) instead of asking' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand raise" -l resume -d 'Continue a draft (see `safeguard list --drafts`)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand raise" -l seal-out -d 'With a service file: write the sealed file here (to email it) instead of delivering it to an inbox' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand raise" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand raise" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand raise" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand raise" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand raise" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand raise" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand raise" -l anonymous -d 'A Code RED report: no reporter identity is stored anywhere'
complete -c safeguard -n "__fish_safeguard_using_subcommand raise" -l json -d 'Print the saved record as JSON (with a service file: the receipt)'
complete -c safeguard -n "__fish_safeguard_using_subcommand raise" -l dry-run -d 'With a service file: show the route (the persons and their key fingerprints) and seal nothing'
complete -c safeguard -n "__fish_safeguard_using_subcommand raise" -l no-copy -d 'With a service file: keep no copy sealed to yourself (`safeguard mine` lists the copies)'
complete -c safeguard -n "__fish_safeguard_using_subcommand raise" -l explain -d 'Also show where each rule comes from: the paragraphs of the procedures behind the recommendation and each duty, and their ids'
complete -c safeguard -n "__fish_safeguard_using_subcommand raise" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c safeguard -n "__fish_safeguard_using_subcommand mine" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand mine" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand mine" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand mine" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand mine" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand mine" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand mine" -l json -d 'Print JSON: a list of your own copies'
complete -c safeguard -n "__fish_safeguard_using_subcommand mine" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c safeguard -n "__fish_safeguard_using_subcommand list" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand list" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand list" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand list" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand list" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand list" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand list" -l json -d 'Print JSON: a list of concern summaries (or of drafts)'
complete -c safeguard -n "__fish_safeguard_using_subcommand list" -l drafts -d 'List unfinished interview drafts instead (continue one with `raise --resume DRAFT`)'
complete -c safeguard -n "__fish_safeguard_using_subcommand list" -s h -l help -d 'Print help'
complete -c safeguard -n "__fish_safeguard_using_subcommand drafts; and not __fish_seen_subcommand_from discard help" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand drafts; and not __fish_seen_subcommand_from discard help" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand drafts; and not __fish_seen_subcommand_from discard help" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand drafts; and not __fish_seen_subcommand_from discard help" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand drafts; and not __fish_seen_subcommand_from discard help" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand drafts; and not __fish_seen_subcommand_from discard help" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand drafts; and not __fish_seen_subcommand_from discard help" -s h -l help -d 'Print help'
complete -c safeguard -n "__fish_safeguard_using_subcommand drafts; and not __fish_seen_subcommand_from discard help" -f -a "discard" -d 'Delete a draft and every answer in it, for good. On a terminal it asks first; without one, give --yes. Nothing about the draft is kept or printed'
complete -c safeguard -n "__fish_safeguard_using_subcommand drafts; and not __fish_seen_subcommand_from discard help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c safeguard -n "__fish_safeguard_using_subcommand drafts; and __fish_seen_subcommand_from discard" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand drafts; and __fish_seen_subcommand_from discard" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand drafts; and __fish_seen_subcommand_from discard" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand drafts; and __fish_seen_subcommand_from discard" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand drafts; and __fish_seen_subcommand_from discard" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand drafts; and __fish_seen_subcommand_from discard" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand drafts; and __fish_seen_subcommand_from discard" -l yes -d 'Discard without asking'
complete -c safeguard -n "__fish_safeguard_using_subcommand drafts; and __fish_seen_subcommand_from discard" -l json -d 'Print JSON: `{"discarded": "D-..."}`'
complete -c safeguard -n "__fish_safeguard_using_subcommand drafts; and __fish_seen_subcommand_from discard" -s h -l help -d 'Print help'
complete -c safeguard -n "__fish_safeguard_using_subcommand drafts; and __fish_seen_subcommand_from help" -f -a "discard" -d 'Delete a draft and every answer in it, for good. On a terminal it asks first; without one, give --yes. Nothing about the draft is kept or printed'
complete -c safeguard -n "__fish_safeguard_using_subcommand drafts; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c safeguard -n "__fish_safeguard_using_subcommand review" -l within -d 'Also list duties due within this long from now, e.g. 7d, 24h, 2w, 90m [default: 0, overdue only]' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand review" -l note -d 'The review: what was looked at and what happens next (required with ID)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand review" -l role -d 'Sign in this role of yours on the store\'s roster (a policy role id) [default: the role the command needs]' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand review" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand review" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand review" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand review" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand review" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand review" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand review" -l due -d 'List overdue (and, with --within, soon-due) duties across all open concerns'
complete -c safeguard -n "__fish_safeguard_using_subcommand review" -l fail-if-due -d 'Exit 10 when anything is listed (for monitoring)'
complete -c safeguard -n "__fish_safeguard_using_subcommand review" -l all -d 'List every due duty on the screen, not only the 200 most urgent and a count of the rest, and every concern with no review date set or frozen, not only the 20 oldest (--json always lists every due duty)'
complete -c safeguard -n "__fish_safeguard_using_subcommand review" -l json -d 'Print JSON'
complete -c safeguard -n "__fish_safeguard_using_subcommand review" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c safeguard -n "__fish_safeguard_using_subcommand decide" -l answers -d 'Take the decision from this file (TOML or JSON)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand decide" -l as -d 'Who records it: a role with a decision in the policy, e.g. line-manager [default: the designated person]' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand decide" -l role -d 'Sign in this role of yours on the store\'s roster (a policy role id) [default: the role the command needs]' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand decide" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand decide" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand decide" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand decide" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand decide" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand decide" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand decide" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c safeguard -n "__fish_safeguard_using_subcommand show" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand show" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand show" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand show" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand show" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand show" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand show" -l json -d 'Print the record as JSON'
complete -c safeguard -n "__fish_safeguard_using_subcommand show" -s h -l help -d 'Print help'
complete -c safeguard -n "__fish_safeguard_using_subcommand log" -l at -d 'When it happened, UK time: "yesterday 9am", "Friday 14:00", "2026-11-23 14:30" or RFC 3339 [default: now]; not before the concern was noticed (or raised, if not known)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand log" -l note -d 'What to record with it (required for `note` and `amend`)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand log" -l stage -d 'For an event with stages, such as `escalation`: the stage reached (the policy says which stages there are and what each starts; `safeguard policy show`)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand log" -l duty -d 'For `task-done`: which action-plan duty (its id in `show --json`)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand log" -l due -d 'For events that start a duty whose date someone else sets, such as cp-conference-invited: when it is due (the conference), RFC 3339 or UK local time' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand log" -l region -d 'For `body-mark`: where on the body the mark is, the person\'s own right or left, one of: head, face, right-ear, left-ear, neck, right-shoulder, left-shoulder, chest, abdomen, right-upper-arm, left-upper-arm, right-forearm, left-forearm, right-hand, left-hand, pelvis, right-thigh, left-thigh, right-knee, left-knee, right-lower-leg, left-lower-leg, right-foot, left-foot' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand log" -l side -d 'For `body-mark`: front or back of the body' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand log" -l size -d 'For `body-mark`: its size as measured or estimated ("3 cm by 1 cm")' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand log" -l entry -d 'For `amend`: the sequence number of the entry being corrected' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand log" -l date -d 'For an event that records a date, such as `retirement-date`: the date, YYYY-MM-DD (it may be in the future; the policy says what each such event\'s date is)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand log" -l role -d 'Sign in this role of yours on the store\'s roster (a policy role id) [default: the role the command needs]' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand log" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand log" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand log" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand log" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand log" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand log" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand log" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c safeguard -n "__fish_safeguard_using_subcommand sign" -l comments -d 'The countersignatory\'s comments, with any actions still to do' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand sign" -l role -d 'Sign in this role of yours on the store\'s roster (a policy role id) [default: the role the command needs]' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand sign" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand sign" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand sign" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand sign" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand sign" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand sign" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand sign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c safeguard -n "__fish_safeguard_using_subcommand close" -l reason -d 'Why the person no longer needs safeguarding' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand close" -l cancel-open -d 'Cancel the duties still open, saying why they are no longer needed (recorded in the closing entry with each duty cancelled)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand close" -l role -d 'Sign in this role of yours on the store\'s roster (a policy role id) [default: the role the command needs]' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand close" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand close" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand close" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand close" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand close" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand close" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand close" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c safeguard -n "__fish_safeguard_using_subcommand init" -l name -d 'Your name on the roster, as entries will show it [default: the config\'s user, else your login]' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand init" -l login -d 'Your Unix login [default: the login running the command]' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand init" -l roles -d 'Your roles (policy role ids, comma-separated) [default: the policy\'s designated person and first countersignatory roles]' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand init" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand init" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand init" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand init" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand init" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand init" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c safeguard -n "__fish_safeguard_using_subcommand export" -l since -d 'Only concerns raised on or after this date (YYYY-MM-DD, UK time) or time (RFC 3339)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand export" -l status -d 'Only concerns with this status' -r -f -a "open\t''
closed\t''
frozen\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand export" -l form -d 'Which forms: auto (each concern\'s official form, SARF or CCRF, and the record of escalation once stage 3 is reached; the chronology for concerns with no form of their own), all (auto plus every chronology), sarf, ccrf, escalation, chronology' -r -f -a "auto\t''
all\t''
sarf\t''
ccrf\t''
escalation\t''
chronology\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand export" -l format -d 'Formats, comma-separated: pdf, html, md, json (the whole record, as `show ID --json` gives it, on one line), csv (one row per concern), eml (each SARF as a message to the config\'s `[contacts.local-authority]` email, ready for `sendmail -t`; needs --profile referral)' -r -f -a "pdf\t''
html\t''
md\t''
json\t''
csv\t''
eml\t'The SARF as the written referral: an RFC 5322 message to the local authority\'s contact with the policy\'s covering text and the PDF attached, for `sendmail -t`'"
complete -c safeguard -n "__fish_safeguard_using_subcommand export" -l out -d 'The directory to write into (created 0700 if missing; one that others can write to is refused, one they can read is used with a warning)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand export" -l profile -d 'Who the forms are for: internal (initials only, as the internal SARF has them) or referral (the full identifiers the local authority needs: names with other spellings, date of birth, address, the adults and others involved). A referral export needs the line manager\'s sign-off logged first, and is itself logged on each concern. subject-access: the copy for the person the record is about (003 §6.45, §7.16), with their identifiers and the third parties withheld: the person who raised it (unless they agreed, logged as `reporter-agreed-named`; never a Code RED reporter) and the others involved. It is logged on each concern too' -r -f -a "internal\t''
referral\t''
subject-access\t'The data subject\'s own copy (003 §6.45, §7.16): their identifiers, with third parties withheld'"
complete -c safeguard -n "__fish_safeguard_using_subcommand export" -l encrypt-to -d 'Seal every file written (forms, records, CSV) to this age recipient (`age1...`, as `age-keygen -y` or `safeguard identity show` prints it); repeat for several. Sealed files end in .age and open with `age -d -i KEY`; manifest.json stays plaintext (names and hashes of the sealed files, no contents)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand export" -l role -d 'Sign in this role of yours on the store\'s roster (a policy role id) [default: the role the command needs]' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand export" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand export" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand export" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand export" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand export" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand export" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand export" -l all -d 'Export every concern'
complete -c safeguard -n "__fish_safeguard_using_subcommand export" -l changed-since-last-export -d 'Only concerns with entries newer than the last export to this --out directory'
complete -c safeguard -n "__fish_safeguard_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c safeguard -n "__fish_safeguard_using_subcommand stats" -l from -d 'Concerns raised on or after this date (YYYY-MM-DD, UK time)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand stats" -l to -d 'Concerns raised on or before this date (YYYY-MM-DD, UK time)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand stats" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand stats" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand stats" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand stats" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand stats" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand stats" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand stats" -l json -d 'Print JSON'
complete -c safeguard -n "__fish_safeguard_using_subcommand stats" -l csv -d 'Print CSV: section,key,value rows'
complete -c safeguard -n "__fish_safeguard_using_subcommand stats" -s h -l help -d 'Print help'
complete -c safeguard -n "__fish_safeguard_using_subcommand freeze" -l reason -d 'The practice review request (who asked, when)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand freeze" -l told -d 'Someone you told of the request, and how ("Gina Head, Group Head, by phone"). Repeat for each person' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand freeze" -l role -d 'Sign in this role of yours on the store\'s roster (a policy role id) [default: the role the command needs]' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand freeze" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand freeze" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand freeze" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand freeze" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand freeze" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand freeze" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand freeze" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and not __fish_seen_subcommand_from show graph check help" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and not __fish_seen_subcommand_from show graph check help" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and not __fish_seen_subcommand_from show graph check help" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and not __fish_seen_subcommand_from show graph check help" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and not __fish_seen_subcommand_from show graph check help" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and not __fish_seen_subcommand_from show graph check help" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and not __fish_seen_subcommand_from show graph check help" -s h -l help -d 'Print help'
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and not __fish_seen_subcommand_from show graph check help" -f -a "show" -d 'List every question id with its answers and source paragraph, and every outcome and duty'
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and not __fish_seen_subcommand_from show graph check help" -f -a "graph" -d 'Draw the policy\'s decision graph: Graphviz DOT (`dot -Tsvg`) or Mermaid'
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and not __fish_seen_subcommand_from show graph check help" -f -a "check" -d 'Validate a policy file or an overlay (merged onto its base): every problem is listed, each naming its node. Exit 2 if any'
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and not __fish_seen_subcommand_from show graph check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from show" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from show" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from show" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from show" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from show" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from show" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from show" -l json -d 'Print as JSON'
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from show" -l effective -d 'Print the effective policy as TOML (an overlay merged onto its base, valid input to `policy check`), each overlay\'s changes marked in comments; with --json, the merged policy and the list of changes'
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from graph" -l format -d 'dot or mermaid' -r -f -a "dot\t''
mermaid\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from graph" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from graph" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from graph" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from graph" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from graph" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from graph" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from graph" -s h -l help -d 'Print help'
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from check" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from check" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from check" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from check" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from check" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from check" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "show" -d 'List every question id with its answers and source paragraph, and every outcome and duty'
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "graph" -d 'Draw the policy\'s decision graph: Graphviz DOT (`dot -Tsvg`) or Mermaid'
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "check" -d 'Validate a policy file or an overlay (merged onto its base): every problem is listed, each naming its node. Exit 2 if any'
complete -c safeguard -n "__fish_safeguard_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c safeguard -n "__fish_safeguard_using_subcommand config; and not __fish_seen_subcommand_from show help" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand config; and not __fish_seen_subcommand_from show help" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand config; and not __fish_seen_subcommand_from show help" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand config; and not __fish_seen_subcommand_from show help" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand config; and not __fish_seen_subcommand_from show help" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand config; and not __fish_seen_subcommand_from show help" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand config; and not __fish_seen_subcommand_from show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c safeguard -n "__fish_safeguard_using_subcommand config; and not __fish_seen_subcommand_from show help" -f -a "show" -d 'Print every setting in force and where it came from'
complete -c safeguard -n "__fish_safeguard_using_subcommand config; and not __fish_seen_subcommand_from show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c safeguard -n "__fish_safeguard_using_subcommand config; and __fish_seen_subcommand_from show" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand config; and __fish_seen_subcommand_from show" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand config; and __fish_seen_subcommand_from show" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand config; and __fish_seen_subcommand_from show" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand config; and __fish_seen_subcommand_from show" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand config; and __fish_seen_subcommand_from show" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand config; and __fish_seen_subcommand_from show" -l json -d 'Print as JSON'
complete -c safeguard -n "__fish_safeguard_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c safeguard -n "__fish_safeguard_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print every setting in force and where it came from'
complete -c safeguard -n "__fish_safeguard_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c safeguard -n "__fish_safeguard_using_subcommand verify" -l expect-head -d 'Also fail (exit 7) unless the chain still holds this head, as an earlier `verify` gave it: HASH, or HASH:LENGTH for the entry at that length' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand verify" -l seal-head -d 'When every check passes, also seal the chain\'s length and head into FILE (a new file, 0600) for the service\'s head holders (the Group Head) and its recovery recipients, from the service file: a copy kept outside the service, which a later rewrite or an older copy put back cannot match. They open it with `age -d -i`. Nothing is written when a check fails' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand verify" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand verify" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand verify" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand verify" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand verify" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand verify" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand verify" -l json -d 'Print the result as JSON (`ok`, `problems`, `length`, `head`, `signatures`; `you`, who runs it by their own key on the roster, and `roster_warning`)'
complete -c safeguard -n "__fish_safeguard_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c safeguard -n "__fish_safeguard_using_subcommand rekey" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand rekey" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand rekey" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand rekey" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand rekey" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand rekey" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand rekey" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c safeguard -n "__fish_safeguard_using_subcommand backup" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand backup" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand backup" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand backup" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand backup" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand backup" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand backup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and not __fish_seen_subcommand_from init show help" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and not __fish_seen_subcommand_from init show help" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and not __fish_seen_subcommand_from init show help" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and not __fish_seen_subcommand_from init show help" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and not __fish_seen_subcommand_from init show help" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and not __fish_seen_subcommand_from init show help" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and not __fish_seen_subcommand_from init show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and not __fish_seen_subcommand_from init show help" -f -a "init" -d 'Make your identity and signing key (each only where missing: neither is ever overwritten)'
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and not __fish_seen_subcommand_from init show help" -f -a "show" -d 'Print your recipient (age1...) and signing key (sg-ed25519:...), for the service file and roster'
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and not __fish_seen_subcommand_from init show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and __fish_seen_subcommand_from init" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and __fish_seen_subcommand_from init" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and __fish_seen_subcommand_from init" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and __fish_seen_subcommand_from init" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and __fish_seen_subcommand_from init" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and __fish_seen_subcommand_from init" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and __fish_seen_subcommand_from init" -l json -d 'Print JSON: the recipient, the signing key and their files'
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help'
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and __fish_seen_subcommand_from show" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and __fish_seen_subcommand_from show" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and __fish_seen_subcommand_from show" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and __fish_seen_subcommand_from show" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and __fish_seen_subcommand_from show" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and __fish_seen_subcommand_from show" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and __fish_seen_subcommand_from show" -l json -d 'Print JSON: the recipient, its fingerprint, the signing key and their files'
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and __fish_seen_subcommand_from help" -f -a "init" -d 'Make your identity and signing key (each only where missing: neither is ever overwritten)'
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print your recipient (age1...) and signing key (sg-ed25519:...), for the service file and roster'
complete -c safeguard -n "__fish_safeguard_using_subcommand identity; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and not __fish_seen_subcommand_from init show rotate help" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and not __fish_seen_subcommand_from init show rotate help" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and not __fish_seen_subcommand_from init show rotate help" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and not __fish_seen_subcommand_from init show rotate help" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and not __fish_seen_subcommand_from init show rotate help" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and not __fish_seen_subcommand_from init show rotate help" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and not __fish_seen_subcommand_from init show rotate help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and not __fish_seen_subcommand_from init show rotate help" -f -a "init" -d 'Make the store\'s first key (refused if it has one)'
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and not __fish_seen_subcommand_from init show rotate help" -f -a "show" -d 'Print the current key\'s recipient (age1...); with --json every key and its dates'
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and not __fish_seen_subcommand_from init show rotate help" -f -a "rotate" -d 'Make a new key and retire the current one (it still opens files sealed to it)'
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and not __fish_seen_subcommand_from init show rotate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and __fish_seen_subcommand_from init" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and __fish_seen_subcommand_from init" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and __fish_seen_subcommand_from init" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and __fish_seen_subcommand_from init" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and __fish_seen_subcommand_from init" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and __fish_seen_subcommand_from init" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help'
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and __fish_seen_subcommand_from show" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and __fish_seen_subcommand_from show" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and __fish_seen_subcommand_from show" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and __fish_seen_subcommand_from show" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and __fish_seen_subcommand_from show" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and __fish_seen_subcommand_from show" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and __fish_seen_subcommand_from show" -l json
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help'
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "init" -d 'Make the store\'s first key (refused if it has one)'
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the current key\'s recipient (age1...); with --json every key and its dates'
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Make a new key and retire the current one (it still opens files sealed to it)'
complete -c safeguard -n "__fish_safeguard_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and not __fish_seen_subcommand_from init check help" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and not __fish_seen_subcommand_from init check help" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and not __fish_seen_subcommand_from init check help" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and not __fish_seen_subcommand_from init check help" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and not __fish_seen_subcommand_from init check help" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and not __fish_seen_subcommand_from init check help" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and not __fish_seen_subcommand_from init check help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and not __fish_seen_subcommand_from init check help" -f -a "init" -d 'Create (or put right) the inbox\'s folders; run as root'
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and not __fish_seen_subcommand_from init check help" -f -a "check" -d 'Check the inbox\'s folders against what `init` makes'
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and not __fish_seen_subcommand_from init check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and __fish_seen_subcommand_from init" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and __fish_seen_subcommand_from init" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and __fish_seen_subcommand_from init" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and __fish_seen_subcommand_from init" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and __fish_seen_subcommand_from init" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and __fish_seen_subcommand_from init" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help'
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and __fish_seen_subcommand_from check" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and __fish_seen_subcommand_from check" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and __fish_seen_subcommand_from check" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and __fish_seen_subcommand_from check" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and __fish_seen_subcommand_from check" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and __fish_seen_subcommand_from check" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and __fish_seen_subcommand_from check" -l json
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and __fish_seen_subcommand_from help" -f -a "init" -d 'Create (or put right) the inbox\'s folders; run as root'
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check the inbox\'s folders against what `init` makes'
complete -c safeguard -n "__fish_safeguard_using_subcommand inbox; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and not __fish_seen_subcommand_from init check help" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and not __fish_seen_subcommand_from init check help" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and not __fish_seen_subcommand_from init check help" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and not __fish_seen_subcommand_from init check help" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and not __fish_seen_subcommand_from init check help" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and not __fish_seen_subcommand_from init check help" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and not __fish_seen_subcommand_from init check help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and not __fish_seen_subcommand_from init check help" -f -a "init" -d 'Create (or put right) the store\'s folder, and the store\'s files if there; run as root'
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and not __fish_seen_subcommand_from init check help" -f -a "check" -d 'Check the store\'s folder, files and group against what `init` makes'
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and not __fish_seen_subcommand_from init check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and __fish_seen_subcommand_from init" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and __fish_seen_subcommand_from init" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and __fish_seen_subcommand_from init" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and __fish_seen_subcommand_from init" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and __fish_seen_subcommand_from init" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and __fish_seen_subcommand_from init" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help'
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and __fish_seen_subcommand_from check" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and __fish_seen_subcommand_from check" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and __fish_seen_subcommand_from check" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and __fish_seen_subcommand_from check" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and __fish_seen_subcommand_from check" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and __fish_seen_subcommand_from check" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and __fish_seen_subcommand_from check" -l json
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "init" -d 'Create (or put right) the store\'s folder, and the store\'s files if there; run as root'
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check the store\'s folder, files and group against what `init` makes'
complete -c safeguard -n "__fish_safeguard_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c safeguard -n "__fish_safeguard_using_subcommand intake" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand intake" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand intake" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand intake" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand intake" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand intake" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand intake" -l json -d 'Print JSON: what was imported, how many were imported before, what was rejected, and what was left for an inbox\'s readers'
complete -c safeguard -n "__fish_safeguard_using_subcommand intake" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and not __fish_seen_subcommand_from show add retire help" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and not __fish_seen_subcommand_from show add retire help" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and not __fish_seen_subcommand_from show add retire help" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and not __fish_seen_subcommand_from show add retire help" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and not __fish_seen_subcommand_from show add retire help" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and not __fish_seen_subcommand_from show add retire help" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and not __fish_seen_subcommand_from show add retire help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and not __fish_seen_subcommand_from show add retire help" -f -a "show" -d 'List the people on the roster now (and those retired)'
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and not __fish_seen_subcommand_from show add retire help" -f -a "add" -d 'Add a person: their name, login, roles and signing key (`safeguard identity show`)'
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and not __fish_seen_subcommand_from show add retire help" -f -a "retire" -d 'Retire a person: entries signed with their key after this fail `verify`'
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and not __fish_seen_subcommand_from show add retire help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from show" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from show" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from show" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from show" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from show" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from show" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from show" -l json -d 'Print JSON: a list of {name, login, roles, key, recipient, added, retired}'
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from add" -l name -d 'Their name, as entries will show it' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from add" -l login -d 'Their Unix login' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from add" -l roles -d 'Their roles: policy role ids, comma-separated' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from add" -l key -d 'Their signing key, sg-ed25519:... (the second line of their `safeguard identity show`)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from add" -l recipient -d 'Their age recipient, age1... (the first line of their `safeguard identity show`)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from add" -l role -d 'Sign in this role of yours on the store\'s roster (a policy role id) [default: the role the command needs]' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from add" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from add" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from add" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from add" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from add" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from add" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from add" -l from-service-file -d 'Add every [[person]] of the service file that gives a signing_key and is not on the roster yet'
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from retire" -l reason -d 'Why (they left; their key was lost)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from retire" -l role -d 'Sign in this role of yours on the store\'s roster (a policy role id) [default: the role the command needs]' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from retire" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from retire" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from retire" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from retire" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from retire" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from retire" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from retire" -s h -l help -d 'Print help'
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from help" -f -a "show" -d 'List the people on the roster now (and those retired)'
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a person: their name, login, roles and signing key (`safeguard identity show`)'
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from help" -f -a "retire" -d 'Retire a person: entries signed with their key after this fail `verify`'
complete -c safeguard -n "__fish_safeguard_using_subcommand roster; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c safeguard -n "__fish_safeguard_using_subcommand unlock" -l for -d 'How long the session lasts: 15m, 1h, 1h30m, 90s, or minutes' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand unlock" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand unlock" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand unlock" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand unlock" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand unlock" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand unlock" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand unlock" -l json -d 'Print the session as JSON: store, until'
complete -c safeguard -n "__fish_safeguard_using_subcommand unlock" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c safeguard -n "__fish_safeguard_using_subcommand lock" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand lock" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand lock" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand lock" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand lock" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand lock" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand lock" -l json -d 'Print the result as JSON: store, locked (whether a session was open)'
complete -c safeguard -n "__fish_safeguard_using_subcommand lock" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c safeguard -n "__fish_safeguard_using_subcommand completions" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand completions" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand completions" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand completions" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand completions" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand completions" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c safeguard -n "__fish_safeguard_using_subcommand man" -l out -d 'Write safeguard.1 and safeguard-COMMAND.1 here instead of printing safeguard.1' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand man" -l service -d 'The service whose store to use (one encrypted file per service)' -r
complete -c safeguard -n "__fish_safeguard_using_subcommand man" -l db -d 'The store file itself, instead of <data dir>/<service>.db' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand man" -l config -d 'The configuration file [default: ~/.config/safeguard/config.toml]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand man" -l service-file -d 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand man" -l passphrase-file -d 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)' -r -F
complete -c safeguard -n "__fish_safeguard_using_subcommand man" -l color -d 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c safeguard -n "__fish_safeguard_using_subcommand man" -s h -l help -d 'Print help'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "raise" -d 'Raise a safeguarding concern: a guided interview that follows the policy'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "mine" -d 'List the sealed concerns you raised, from your own sealed copies'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "list" -d 'List the concerns in the store, newest first'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "drafts" -d 'Unfinished interview drafts (list them with `safeguard list --drafts`)'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "review" -d 'List what is overdue or due soon (`--due`), or record a progress review of one concern (ID)'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "decide" -d 'Record the decision on a concern: the designated person\'s (default) or a line manager\'s'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "show" -d 'Show one concern: subject, answers, recommendation, duties and timeline'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "log" -d 'Add a timeline entry to a concern; it satisfies its duty and may start new ones'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "sign" -d 'Countersign a concern\'s alert form (003 §6.26 for children, §6.11 and App J for adults)'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "close" -d 'Close a concern: the designated person records that the person no longer needs safeguarding'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "init" -d 'Create the encrypted store for a service (asks for the passphrase twice on a terminal)'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "export" -d 'Export the official forms (SARF, CCRF, record of escalation, chronology) and the records'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "stats" -d 'Counts for management reports: concerns by kind, category, recommendation, decision and status; the share of duties done on time, by kind (003 §6.12, §6.27); providers with 3 or more areas for improvement within 90 days (004 Purpose ¶4). Counts from 1 to 4 show as "<5"'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "freeze" -d 'Freeze a concern for a safeguarding practice review (003 §7.13), open or closed'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "policy" -d 'Show the policy in force, or check a policy file'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "config" -d 'Show the configuration in force'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "verify" -d 'Check the store: SQLCipher\'s page authentication, SQLite\'s integrity check, the schema (no table, index, trigger or view safeguard did not create), the hash chain of the journal (every entry carries the hash of the one before it; none is recorded earlier than the one before it), the concerns and duties rebuilt from the journal against the tables, and every entry\'s signature against the store\'s roster as it stood when the entry was written (a key added later, or retired earlier, does not count; an anonymous Code RED report is not signed)'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "rekey" -d 'Change the store\'s passphrase'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "backup" -d 'Write an encrypted copy of the store to PATH (same passphrase)'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "identity" -d 'Your own keys: an age identity for sealed raising and a signing key for the records'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "keys" -d 'The store\'s own key for opening sealed concerns (store passphrase)'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "inbox" -d 'Set up (as root) or check an inbox\'s folders, owners and modes'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "store" -d 'Set up (as root) or check a store that several people open, each as themselves'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "intake" -d 'Import the sealed concerns waiting in the inboxes this store reads'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "roster" -d 'The store\'s roster: who may sign its entries, in which roles, with which keys'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "unlock" -d 'Keep the store\'s key for a while, so the next commands need no passphrase'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "lock" -d 'End the store\'s unlocked session now'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "man" -d 'Print the manual page, or write every page (one per subcommand) into a directory'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and not __fish_seen_subcommand_from raise mine list drafts review decide show log sign close init export stats freeze policy config verify rekey backup identity keys inbox store intake roster unlock lock completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and __fish_seen_subcommand_from drafts" -f -a "discard" -d 'Delete a draft and every answer in it, for good. On a terminal it asks first; without one, give --yes. Nothing about the draft is kept or printed'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "show" -d 'List every question id with its answers and source paragraph, and every outcome and duty'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "graph" -d 'Draw the policy\'s decision graph: Graphviz DOT (`dot -Tsvg`) or Mermaid'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "check" -d 'Validate a policy file or an overlay (merged onto its base): every problem is listed, each naming its node. Exit 2 if any'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print every setting in force and where it came from'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and __fish_seen_subcommand_from identity" -f -a "init" -d 'Make your identity and signing key (each only where missing: neither is ever overwritten)'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and __fish_seen_subcommand_from identity" -f -a "show" -d 'Print your recipient (age1...) and signing key (sg-ed25519:...), for the service file and roster'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "init" -d 'Make the store\'s first key (refused if it has one)'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "show" -d 'Print the current key\'s recipient (age1...); with --json every key and its dates'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "rotate" -d 'Make a new key and retire the current one (it still opens files sealed to it)'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and __fish_seen_subcommand_from inbox" -f -a "init" -d 'Create (or put right) the inbox\'s folders; run as root'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and __fish_seen_subcommand_from inbox" -f -a "check" -d 'Check the inbox\'s folders against what `init` makes'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "init" -d 'Create (or put right) the store\'s folder, and the store\'s files if there; run as root'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "check" -d 'Check the store\'s folder, files and group against what `init` makes'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and __fish_seen_subcommand_from roster" -f -a "show" -d 'List the people on the roster now (and those retired)'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and __fish_seen_subcommand_from roster" -f -a "add" -d 'Add a person: their name, login, roles and signing key (`safeguard identity show`)'
complete -c safeguard -n "__fish_safeguard_using_subcommand help; and __fish_seen_subcommand_from roster" -f -a "retire" -d 'Retire a person: entries signed with their key after this fail `verify`'
