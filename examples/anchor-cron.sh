#!/usr/bin/env bash
# Nightly anchor of one service's record chain, for cron: check the store against the head
# recorded last night, and if it holds, record tonight's head somewhere the DP's machine does not
# control (here an append-only log on another organisation's server, reached over ssh with a
# key that may only append: `command="cat >> heads/$SSH_ORIGINAL_COMMAND.log"` in its
# authorized_keys, say). A rollback to an older copy, or a rewrite of the store by someone with
# the passphrase, then fails `verify --expect-head` (exit 7) and records nothing; cron mails
# what verify named.
# In sealed mode, set HEAD_FOR_GROUP_HEAD to a directory (one the Group Head collects from, or
# a mail spool): tonight's head is also sealed there to the service file's Group Head
# (`verify --seal-head`), who opens it with `age -d -i` and can check the store against it.
set -euo pipefail

SERVICE="${1:?usage: anchor-cron.sh SERVICE ANCHOR_HOST}"
ANCHOR="${2:?usage: anchor-cron.sh SERVICE ANCHOR_HOST}"
BIN="${SAFEGUARD_BIN:-safeguard}"
export SAFEGUARD_PASSPHRASE_FILE="${SAFEGUARD_PASSPHRASE_FILE:-$HOME/.config/safeguard/$SERVICE.pass}"
umask 077

# The last line is "TIME HEAD:LENGTH"; none on the first night.
last="$(ssh "$ANCHOR" "tail -n1 heads/$SERVICE.log" 2>/dev/null | cut -d' ' -f2 || true)"
seal=()
if [ -n "${HEAD_FOR_GROUP_HEAD:-}" ]; then
    seal=(--seal-head "$HEAD_FOR_GROUP_HEAD/$SERVICE-head-$(date -u +%Y%m%dT%H%M%SZ).age")
fi
result="$("$BIN" --service "$SERVICE" verify --json ${last:+--expect-head "$last"} "${seal[@]}")"
head="$(printf '%s' "$result" | sed -n 's/.*"head": *"\([0-9a-f]\{64\}\)".*/\1/p')"
length="$(printf '%s' "$result" | sed -n 's/.*"length": *\([0-9]*\).*/\1/p')"
printf '%s %s:%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$head" "$length" | ssh "$ANCHOR" "cat >> heads/$SERVICE.log"
