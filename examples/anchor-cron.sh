#!/usr/bin/env bash
# Nightly anchor of one service's record chain, for cron: check the store against the head
# recorded last night, and if it holds, record tonight's head somewhere the DP's machine does not
# control (here an append-only log on another organisation's server, reached over ssh). A
# rollback to an older copy, or a rewrite of the store by someone with the passphrase, then fails
# `verify --expect-head` (exit 7) and records nothing; cron mails what verify named.
#
# The anchor's side: the key this script uses may do two things only, so give it a forced command
# in the anchor account's authorized_keys, `command="/usr/local/bin/sg-anchor" ssh-ed25519 ...`,
# with /usr/local/bin/sg-anchor:
#
#     #!/bin/sh
#     set -eu
#     mkdir -p heads
#     case "$SSH_ORIGINAL_COMMAND" in
#         "last "*)   f="heads/${SSH_ORIGINAL_COMMAND#last }.log"; touch "$f"; tail -n1 "$f" ;;
#         "append "*) cat >> "heads/${SSH_ORIGINAL_COMMAND#append }.log" ;;
#         *)          echo "refused" >&2; exit 1 ;;
#     esac
#
# (only "last" and "append", so the key can never rewrite or delete a head it recorded).
#
# If the anchor cannot be read, the check is not skipped: the script fails (exit 1) and records
# nothing, since a night on which the check quietly did not happen is the night a rollback would
# pass. On the first night the anchor has no head yet and the store is checked on its own. With
# ANCHOR_FIRST_HEAD=HEAD:LENGTH (a head noted when the anchor was set up) an empty anchor is
# checked against that instead.
#
# In sealed mode, set HEAD_FOR_GROUP_HEAD to a directory (one the Group Head collects from, or
# a mail spool): tonight's head is also sealed there to the service file's Group Head
# (`verify --seal-head`), who opens it with `age -d -i` and can check the store against it.
set -euo pipefail

SERVICE="${1:?usage: anchor-cron.sh SERVICE ANCHOR_HOST}"
ANCHOR="${2:?usage: anchor-cron.sh SERVICE ANCHOR_HOST}"
BIN="${SAFEGUARD_BIN:-safeguard}"
SSH="${ANCHOR_SSH:-ssh}"
export SAFEGUARD_PASSPHRASE_FILE="${SAFEGUARD_PASSPHRASE_FILE:-$HOME/.config/safeguard/$SERVICE.pass}"
umask 077

# The last line is "TIME HEAD:LENGTH"; nothing on the first night.
if ! line="$("$SSH" "$ANCHOR" "last $SERVICE")"; then
    echo "anchor-cron: cannot read the last head of $SERVICE from $ANCHOR: nothing checked, nothing recorded" >&2
    exit 1
fi
last="${line##* }"
if [ -z "$line" ]; then
    last="${ANCHOR_FIRST_HEAD:-}"
elif ! printf '%s' "$last" | grep -Eq '^[0-9a-f]{64}:[0-9]+$'; then
    echo "anchor-cron: the anchor's last line for $SERVICE is not TIME HEAD:LENGTH: $line" >&2
    exit 1
fi
seal=()
if [ -n "${HEAD_FOR_GROUP_HEAD:-}" ]; then
    seal=(--seal-head "$HEAD_FOR_GROUP_HEAD/$SERVICE-head-$(date -u +%Y%m%dT%H%M%SZ).age")
fi
result="$("$BIN" --service "$SERVICE" verify --json ${last:+--expect-head "$last"} "${seal[@]}")"
head="$(printf '%s' "$result" | sed -n 's/.*"head": *"\([0-9a-f]\{64\}\)".*/\1/p' | head -n1)"
length="$(printf '%s' "$result" | sed -n 's/.*"length": *\([0-9]*\).*/\1/p' | head -n1)"
if [ -z "$head" ] || [ -z "$length" ]; then
    echo "anchor-cron: verify passed but gave no head and length: nothing recorded" >&2
    exit 1
fi
printf '%s %s:%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$head" "$length" | "$SSH" "$ANCHOR" "append $SERVICE"
