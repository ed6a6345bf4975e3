
use builtin;
use str;

set edit:completion:arg-completer[safeguard] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'safeguard'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'safeguard'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand raise 'Raise a safeguarding concern: a guided interview that follows the policy'
            cand mine 'List the sealed concerns you raised, from your own sealed copies'
            cand list 'List the concerns in the store, newest first'
            cand drafts 'Unfinished interview drafts (list them with `safeguard list --drafts`)'
            cand review 'List what is overdue or due soon (`--due`), or record a progress review of one concern (ID)'
            cand decide 'Record the decision on a concern: the designated person''s (default) or a line manager''s'
            cand show 'Show one concern: subject, answers, recommendation, duties and timeline'
            cand log 'Add a timeline entry to a concern; it satisfies its duty and may start new ones'
            cand sign 'Countersign a concern''s alert form (003 §6.26 for children, §6.11 and App J for adults)'
            cand close 'Close a concern: the designated person records that the person no longer needs safeguarding'
            cand init 'Create the encrypted store for a service (asks for the passphrase twice on a terminal)'
            cand export 'Export the official forms (SARF, CCRF, record of escalation, chronology) and the records'
            cand stats 'Counts for management reports: concerns by kind, category, recommendation, decision and status; the share of duties done on time, by kind (003 §6.12, §6.27); providers with 3 or more areas for improvement within 90 days (004 Purpose ¶4). Counts from 1 to 4 show as "<5"'
            cand freeze 'Freeze a concern for a safeguarding practice review (003 §7.13), open or closed'
            cand policy 'Show the policy in force, or check a policy file'
            cand config 'Show the configuration in force'
            cand verify 'Check the store: SQLCipher''s page authentication, SQLite''s integrity check, the schema (no table, index, trigger or view safeguard did not create), the hash chain of the journal (every entry carries the hash of the one before it; none is recorded earlier than the one before it), the concerns and duties rebuilt from the journal against the tables, and every entry''s signature against the store''s roster as it stood when the entry was written (a key added later, or retired earlier, does not count; an anonymous Code RED report is not signed)'
            cand rekey 'Change the store''s passphrase'
            cand backup 'Write an encrypted copy of the store to PATH (same passphrase)'
            cand identity 'Your own keys: an age identity for sealed raising and a signing key for the records'
            cand keys 'The store''s own key for opening sealed concerns (store passphrase)'
            cand inbox 'Set up (as root) or check an inbox''s folders, owners and modes'
            cand store 'Set up (as root) or check a store that several people open, each as themselves'
            cand intake 'Import the sealed concerns waiting in the inboxes this store reads'
            cand roster 'The store''s roster: who may sign its entries, in which roles, with which keys'
            cand unlock 'Keep the store''s key for a while, so the next commands need no passphrase'
            cand lock 'End the store''s unlocked session now'
            cand completions 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
            cand man 'Print the manual page, or write every page (one per subcommand) into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'safeguard;raise'= {
            cand --answers 'Take the answers from this file (TOML or JSON) instead of asking'
            cand --resume 'Continue a draft (see `safeguard list --drafts`)'
            cand --seal-out 'With a service file: write the sealed file here (to email it) instead of delivering it to an inbox'
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand --anonymous 'A Code RED report: no reporter identity is stored anywhere'
            cand --json 'Print the saved record as JSON (with a service file: the receipt)'
            cand --dry-run 'With a service file: show the route (the persons and their key fingerprints) and seal nothing'
            cand --no-copy 'With a service file: keep no copy sealed to yourself (`safeguard mine` lists the copies)'
            cand --explain 'Also show where each rule comes from: the paragraphs of the procedures behind the recommendation and each duty, and their ids'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'safeguard;mine'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand --json 'Print JSON: a list of your own copies'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'safeguard;list'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand --json 'Print JSON: a list of concern summaries (or of drafts)'
            cand --drafts 'List unfinished interview drafts instead (continue one with `raise --resume DRAFT`)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'safeguard;drafts'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand -h 'Print help'
            cand --help 'Print help'
            cand discard 'Delete a draft and every answer in it, for good. On a terminal it asks first; without one, give --yes. Nothing about the draft is kept or printed'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'safeguard;drafts;discard'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand --yes 'Discard without asking'
            cand --json 'Print JSON: `{"discarded": "D-..."}`'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'safeguard;drafts;help'= {
            cand discard 'Delete a draft and every answer in it, for good. On a terminal it asks first; without one, give --yes. Nothing about the draft is kept or printed'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'safeguard;drafts;help;discard'= {
        }
        &'safeguard;drafts;help;help'= {
        }
        &'safeguard;review'= {
            cand --within 'Also list duties due within this long from now, e.g. 7d, 24h, 2w, 90m [default: 0, overdue only]'
            cand --note 'The review: what was looked at and what happens next (required with ID)'
            cand --role 'Sign in this role of yours on the store''s roster (a policy role id) [default: the role the command needs]'
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand --due 'List overdue (and, with --within, soon-due) duties across all open concerns'
            cand --fail-if-due 'Exit 10 when anything is listed (for monitoring)'
            cand --all 'List every due duty on the screen, not only the 200 most urgent and a count of the rest, and every concern with no review date set or frozen, not only the 20 oldest (--json always lists every due duty)'
            cand --json 'Print JSON'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'safeguard;decide'= {
            cand --answers 'Take the decision from this file (TOML or JSON)'
            cand --as 'Who records it: a role with a decision in the policy, e.g. line-manager [default: the designated person]'
            cand --role 'Sign in this role of yours on the store''s roster (a policy role id) [default: the role the command needs]'
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'safeguard;show'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand --json 'Print the record as JSON'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'safeguard;log'= {
            cand --at 'When it happened, UK time: "yesterday 9am", "Friday 14:00", "2026-11-23 14:30" or RFC 3339 [default: now]; not before the concern was noticed (or raised, if not known)'
            cand --note 'What to record with it (required for `note` and `amend`)'
            cand --stage 'For an event with stages, such as `escalation`: the stage reached (the policy says which stages there are and what each starts; `safeguard policy show`)'
            cand --duty 'For `task-done`: which action-plan duty (its id in `show --json`)'
            cand --due 'For events that start a duty whose date someone else sets, such as cp-conference-invited: when it is due (the conference), RFC 3339 or UK local time'
            cand --region 'For `body-mark`: where on the body the mark is, the person''s own right or left, one of: head, face, right-ear, left-ear, neck, right-shoulder, left-shoulder, chest, abdomen, right-upper-arm, left-upper-arm, right-forearm, left-forearm, right-hand, left-hand, pelvis, right-thigh, left-thigh, right-knee, left-knee, right-lower-leg, left-lower-leg, right-foot, left-foot'
            cand --side 'For `body-mark`: front or back of the body'
            cand --size 'For `body-mark`: its size as measured or estimated ("3 cm by 1 cm")'
            cand --entry 'For `amend`: the sequence number of the entry being corrected'
            cand --date 'For an event that records a date, such as `retirement-date`: the date, YYYY-MM-DD (it may be in the future; the policy says what each such event''s date is)'
            cand --role 'Sign in this role of yours on the store''s roster (a policy role id) [default: the role the command needs]'
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'safeguard;sign'= {
            cand --comments 'The countersignatory''s comments, with any actions still to do'
            cand --role 'Sign in this role of yours on the store''s roster (a policy role id) [default: the role the command needs]'
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'safeguard;close'= {
            cand --reason 'Why the person no longer needs safeguarding'
            cand --cancel-open 'Cancel the duties still open, saying why they are no longer needed (recorded in the closing entry with each duty cancelled)'
            cand --role 'Sign in this role of yours on the store''s roster (a policy role id) [default: the role the command needs]'
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'safeguard;init'= {
            cand --name 'Your name on the roster, as entries will show it [default: the config''s user, else your login]'
            cand --login 'Your Unix login [default: the login running the command]'
            cand --roles 'Your roles (policy role ids, comma-separated) [default: the policy''s designated person and first countersignatory roles]'
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'safeguard;export'= {
            cand --since 'Only concerns raised on or after this date (YYYY-MM-DD, UK time) or time (RFC 3339)'
            cand --status 'Only concerns with this status'
            cand --form 'Which forms: auto (each concern''s official form, SARF or CCRF, and the record of escalation once stage 3 is reached; the chronology for concerns with no form of their own), all (auto plus every chronology), sarf, ccrf, escalation, chronology'
            cand --format 'Formats, comma-separated: pdf, html, md, json (the whole record, as `show ID --json` gives it, on one line), csv (one row per concern), eml (each SARF as a message to the config''s `[contacts.local-authority]` email, ready for `sendmail -t`; needs --profile referral)'
            cand --out 'The directory to write into (created 0700 if missing; one that others can write to is refused, one they can read is used with a warning)'
            cand --profile 'Who the forms are for: internal (initials only, as the internal SARF has them) or referral (the full identifiers the local authority needs: names with other spellings, date of birth, address, the adults and others involved). A referral export needs the line manager''s sign-off logged first, and is itself logged on each concern. subject-access: the copy for the person the record is about (003 §6.45, §7.16), with their identifiers and the third parties withheld: the person who raised it (unless they agreed, logged as `reporter-agreed-named`; never a Code RED reporter) and the others involved. It is logged on each concern too'
            cand --encrypt-to 'Seal every file written (forms, records, CSV) to this age recipient (`age1...`, as `age-keygen -y` or `safeguard identity show` prints it); repeat for several. Sealed files end in .age and open with `age -d -i KEY`; manifest.json stays plaintext (names and hashes of the sealed files, no contents)'
            cand --role 'Sign in this role of yours on the store''s roster (a policy role id) [default: the role the command needs]'
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand --all 'Export every concern'
            cand --changed-since-last-export 'Only concerns with entries newer than the last export to this --out directory'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'safeguard;stats'= {
            cand --from 'Concerns raised on or after this date (YYYY-MM-DD, UK time)'
            cand --to 'Concerns raised on or before this date (YYYY-MM-DD, UK time)'
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand --json 'Print JSON'
            cand --csv 'Print CSV: section,key,value rows'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'safeguard;freeze'= {
            cand --reason 'The practice review request (who asked, when)'
            cand --told 'Someone you told of the request, and how ("Gina Head, Group Head, by phone"). Repeat for each person'
            cand --role 'Sign in this role of yours on the store''s roster (a policy role id) [default: the role the command needs]'
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'safeguard;policy'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand -h 'Print help'
            cand --help 'Print help'
            cand show 'List every question id with its answers and source paragraph, and every outcome and duty'
            cand graph 'Draw the policy''s decision graph: Graphviz DOT (`dot -Tsvg`) or Mermaid'
            cand check 'Validate a policy file or an overlay (merged onto its base): every problem is listed, each naming its node. Exit 2 if any'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'safeguard;policy;show'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand --json 'Print as JSON'
            cand --effective 'Print the effective policy as TOML (an overlay merged onto its base, valid input to `policy check`), each overlay''s changes marked in comments; with --json, the merged policy and the list of changes'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'safeguard;policy;graph'= {
            cand --format 'dot or mermaid'
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'safeguard;policy;check'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'safeguard;policy;help'= {
            cand show 'List every question id with its answers and source paragraph, and every outcome and duty'
            cand graph 'Draw the policy''s decision graph: Graphviz DOT (`dot -Tsvg`) or Mermaid'
            cand check 'Validate a policy file or an overlay (merged onto its base): every problem is listed, each naming its node. Exit 2 if any'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'safeguard;policy;help;show'= {
        }
        &'safeguard;policy;help;graph'= {
        }
        &'safeguard;policy;help;check'= {
        }
        &'safeguard;policy;help;help'= {
        }
        &'safeguard;config'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand show 'Print every setting in force and where it came from'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'safeguard;config;show'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand --json 'Print as JSON'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'safeguard;config;help'= {
            cand show 'Print every setting in force and where it came from'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'safeguard;config;help;show'= {
        }
        &'safeguard;config;help;help'= {
        }
        &'safeguard;verify'= {
            cand --expect-head 'Also fail (exit 7) unless the chain still holds this head, as an earlier `verify` gave it: HASH, or HASH:LENGTH for the entry at that length'
            cand --seal-head 'When every check passes, also seal the chain''s length and head into FILE (a new file, 0600) for the service''s head holders (the Group Head) and its recovery recipients, from the service file: a copy kept outside the service, which a later rewrite or an older copy put back cannot match. They open it with `age -d -i`. Nothing is written when a check fails'
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand --json 'Print the result as JSON (`ok`, `problems`, `length`, `head`, `signatures`; `you`, who runs it by their own key on the roster, and `roster_warning`)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'safeguard;rekey'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'safeguard;backup'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'safeguard;identity'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand init 'Make your identity and signing key (each only where missing: neither is ever overwritten)'
            cand show 'Print your recipient (age1...) and signing key (sg-ed25519:...), for the service file and roster'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'safeguard;identity;init'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand --json 'Print JSON: the recipient, the signing key and their files'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'safeguard;identity;show'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand --json 'Print JSON: the recipient, its fingerprint, the signing key and their files'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'safeguard;identity;help'= {
            cand init 'Make your identity and signing key (each only where missing: neither is ever overwritten)'
            cand show 'Print your recipient (age1...) and signing key (sg-ed25519:...), for the service file and roster'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'safeguard;identity;help;init'= {
        }
        &'safeguard;identity;help;show'= {
        }
        &'safeguard;identity;help;help'= {
        }
        &'safeguard;keys'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand init 'Make the store''s first key (refused if it has one)'
            cand show 'Print the current key''s recipient (age1...); with --json every key and its dates'
            cand rotate 'Make a new key and retire the current one (it still opens files sealed to it)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'safeguard;keys;init'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'safeguard;keys;show'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand --json 'json'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'safeguard;keys;rotate'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'safeguard;keys;help'= {
            cand init 'Make the store''s first key (refused if it has one)'
            cand show 'Print the current key''s recipient (age1...); with --json every key and its dates'
            cand rotate 'Make a new key and retire the current one (it still opens files sealed to it)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'safeguard;keys;help;init'= {
        }
        &'safeguard;keys;help;show'= {
        }
        &'safeguard;keys;help;rotate'= {
        }
        &'safeguard;keys;help;help'= {
        }
        &'safeguard;inbox'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand init 'Create (or put right) the inbox''s folders; run as root'
            cand check 'Check the inbox''s folders against what `init` makes'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'safeguard;inbox;init'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'safeguard;inbox;check'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand --json 'json'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'safeguard;inbox;help'= {
            cand init 'Create (or put right) the inbox''s folders; run as root'
            cand check 'Check the inbox''s folders against what `init` makes'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'safeguard;inbox;help;init'= {
        }
        &'safeguard;inbox;help;check'= {
        }
        &'safeguard;inbox;help;help'= {
        }
        &'safeguard;store'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand init 'Create (or put right) the store''s folder, and the store''s files if there; run as root'
            cand check 'Check the store''s folder, files and group against what `init` makes'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'safeguard;store;init'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'safeguard;store;check'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand --json 'json'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'safeguard;store;help'= {
            cand init 'Create (or put right) the store''s folder, and the store''s files if there; run as root'
            cand check 'Check the store''s folder, files and group against what `init` makes'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'safeguard;store;help;init'= {
        }
        &'safeguard;store;help;check'= {
        }
        &'safeguard;store;help;help'= {
        }
        &'safeguard;intake'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand --json 'Print JSON: what was imported, how many were imported before, what was rejected, and what was left for an inbox''s readers'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'safeguard;roster'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand show 'List the people on the roster now (and those retired)'
            cand add 'Add a person: their name, login, roles and signing key (`safeguard identity show`)'
            cand retire 'Retire a person: entries signed with their key after this fail `verify`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'safeguard;roster;show'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand --json 'Print JSON: a list of {name, login, roles, key, recipient, added, retired}'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'safeguard;roster;add'= {
            cand --name 'Their name, as entries will show it'
            cand --login 'Their Unix login'
            cand --roles 'Their roles: policy role ids, comma-separated'
            cand --key 'Their signing key, sg-ed25519:... (the second line of their `safeguard identity show`)'
            cand --recipient 'Their age recipient, age1... (the first line of their `safeguard identity show`)'
            cand --role 'Sign in this role of yours on the store''s roster (a policy role id) [default: the role the command needs]'
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand --from-service-file 'Add every [[person]] of the service file that gives a signing_key and is not on the roster yet'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'safeguard;roster;retire'= {
            cand --reason 'Why (they left; their key was lost)'
            cand --role 'Sign in this role of yours on the store''s roster (a policy role id) [default: the role the command needs]'
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'safeguard;roster;help'= {
            cand show 'List the people on the roster now (and those retired)'
            cand add 'Add a person: their name, login, roles and signing key (`safeguard identity show`)'
            cand retire 'Retire a person: entries signed with their key after this fail `verify`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'safeguard;roster;help;show'= {
        }
        &'safeguard;roster;help;add'= {
        }
        &'safeguard;roster;help;retire'= {
        }
        &'safeguard;roster;help;help'= {
        }
        &'safeguard;unlock'= {
            cand --for 'How long the session lasts: 15m, 1h, 1h30m, 90s, or minutes'
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand --json 'Print the session as JSON: store, until'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'safeguard;lock'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand --json 'Print the result as JSON: store, locked (whether a session was open)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'safeguard;completions'= {
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'safeguard;man'= {
            cand --out 'Write safeguard.1 and safeguard-COMMAND.1 here instead of printing safeguard.1'
            cand --service 'The service whose store to use (one encrypted file per service)'
            cand --db 'The store file itself, instead of <data dir>/<service>.db'
            cand --config 'The configuration file [default: ~/.config/safeguard/config.toml]'
            cand --service-file 'The service file: its people, roles, keys and inboxes, for sealed raising [default: /etc/safeguard/services/<service>.toml, when it exists]'
            cand --passphrase-file 'Read the passphrase from this file (mode 0600; one trailing newline is ignored)'
            cand --color 'When to use colour: auto (a terminal, and NO_COLOR unset), always or never'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'safeguard;help'= {
            cand raise 'Raise a safeguarding concern: a guided interview that follows the policy'
            cand mine 'List the sealed concerns you raised, from your own sealed copies'
            cand list 'List the concerns in the store, newest first'
            cand drafts 'Unfinished interview drafts (list them with `safeguard list --drafts`)'
            cand review 'List what is overdue or due soon (`--due`), or record a progress review of one concern (ID)'
            cand decide 'Record the decision on a concern: the designated person''s (default) or a line manager''s'
            cand show 'Show one concern: subject, answers, recommendation, duties and timeline'
            cand log 'Add a timeline entry to a concern; it satisfies its duty and may start new ones'
            cand sign 'Countersign a concern''s alert form (003 §6.26 for children, §6.11 and App J for adults)'
            cand close 'Close a concern: the designated person records that the person no longer needs safeguarding'
            cand init 'Create the encrypted store for a service (asks for the passphrase twice on a terminal)'
            cand export 'Export the official forms (SARF, CCRF, record of escalation, chronology) and the records'
            cand stats 'Counts for management reports: concerns by kind, category, recommendation, decision and status; the share of duties done on time, by kind (003 §6.12, §6.27); providers with 3 or more areas for improvement within 90 days (004 Purpose ¶4). Counts from 1 to 4 show as "<5"'
            cand freeze 'Freeze a concern for a safeguarding practice review (003 §7.13), open or closed'
            cand policy 'Show the policy in force, or check a policy file'
            cand config 'Show the configuration in force'
            cand verify 'Check the store: SQLCipher''s page authentication, SQLite''s integrity check, the schema (no table, index, trigger or view safeguard did not create), the hash chain of the journal (every entry carries the hash of the one before it; none is recorded earlier than the one before it), the concerns and duties rebuilt from the journal against the tables, and every entry''s signature against the store''s roster as it stood when the entry was written (a key added later, or retired earlier, does not count; an anonymous Code RED report is not signed)'
            cand rekey 'Change the store''s passphrase'
            cand backup 'Write an encrypted copy of the store to PATH (same passphrase)'
            cand identity 'Your own keys: an age identity for sealed raising and a signing key for the records'
            cand keys 'The store''s own key for opening sealed concerns (store passphrase)'
            cand inbox 'Set up (as root) or check an inbox''s folders, owners and modes'
            cand store 'Set up (as root) or check a store that several people open, each as themselves'
            cand intake 'Import the sealed concerns waiting in the inboxes this store reads'
            cand roster 'The store''s roster: who may sign its entries, in which roles, with which keys'
            cand unlock 'Keep the store''s key for a while, so the next commands need no passphrase'
            cand lock 'End the store''s unlocked session now'
            cand completions 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
            cand man 'Print the manual page, or write every page (one per subcommand) into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'safeguard;help;raise'= {
        }
        &'safeguard;help;mine'= {
        }
        &'safeguard;help;list'= {
        }
        &'safeguard;help;drafts'= {
            cand discard 'Delete a draft and every answer in it, for good. On a terminal it asks first; without one, give --yes. Nothing about the draft is kept or printed'
        }
        &'safeguard;help;drafts;discard'= {
        }
        &'safeguard;help;review'= {
        }
        &'safeguard;help;decide'= {
        }
        &'safeguard;help;show'= {
        }
        &'safeguard;help;log'= {
        }
        &'safeguard;help;sign'= {
        }
        &'safeguard;help;close'= {
        }
        &'safeguard;help;init'= {
        }
        &'safeguard;help;export'= {
        }
        &'safeguard;help;stats'= {
        }
        &'safeguard;help;freeze'= {
        }
        &'safeguard;help;policy'= {
            cand show 'List every question id with its answers and source paragraph, and every outcome and duty'
            cand graph 'Draw the policy''s decision graph: Graphviz DOT (`dot -Tsvg`) or Mermaid'
            cand check 'Validate a policy file or an overlay (merged onto its base): every problem is listed, each naming its node. Exit 2 if any'
        }
        &'safeguard;help;policy;show'= {
        }
        &'safeguard;help;policy;graph'= {
        }
        &'safeguard;help;policy;check'= {
        }
        &'safeguard;help;config'= {
            cand show 'Print every setting in force and where it came from'
        }
        &'safeguard;help;config;show'= {
        }
        &'safeguard;help;verify'= {
        }
        &'safeguard;help;rekey'= {
        }
        &'safeguard;help;backup'= {
        }
        &'safeguard;help;identity'= {
            cand init 'Make your identity and signing key (each only where missing: neither is ever overwritten)'
            cand show 'Print your recipient (age1...) and signing key (sg-ed25519:...), for the service file and roster'
        }
        &'safeguard;help;identity;init'= {
        }
        &'safeguard;help;identity;show'= {
        }
        &'safeguard;help;keys'= {
            cand init 'Make the store''s first key (refused if it has one)'
            cand show 'Print the current key''s recipient (age1...); with --json every key and its dates'
            cand rotate 'Make a new key and retire the current one (it still opens files sealed to it)'
        }
        &'safeguard;help;keys;init'= {
        }
        &'safeguard;help;keys;show'= {
        }
        &'safeguard;help;keys;rotate'= {
        }
        &'safeguard;help;inbox'= {
            cand init 'Create (or put right) the inbox''s folders; run as root'
            cand check 'Check the inbox''s folders against what `init` makes'
        }
        &'safeguard;help;inbox;init'= {
        }
        &'safeguard;help;inbox;check'= {
        }
        &'safeguard;help;store'= {
            cand init 'Create (or put right) the store''s folder, and the store''s files if there; run as root'
            cand check 'Check the store''s folder, files and group against what `init` makes'
        }
        &'safeguard;help;store;init'= {
        }
        &'safeguard;help;store;check'= {
        }
        &'safeguard;help;intake'= {
        }
        &'safeguard;help;roster'= {
            cand show 'List the people on the roster now (and those retired)'
            cand add 'Add a person: their name, login, roles and signing key (`safeguard identity show`)'
            cand retire 'Retire a person: entries signed with their key after this fail `verify`'
        }
        &'safeguard;help;roster;show'= {
        }
        &'safeguard;help;roster;add'= {
        }
        &'safeguard;help;roster;retire'= {
        }
        &'safeguard;help;unlock'= {
        }
        &'safeguard;help;lock'= {
        }
        &'safeguard;help;completions'= {
        }
        &'safeguard;help;man'= {
        }
        &'safeguard;help;help'= {
        }
    ]
    $completions[$command]
}
