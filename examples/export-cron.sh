#!/usr/bin/env bash
# Nightly export of the official forms for one service, for cron.
#
# The passphrase comes from a file only the export account can read (chmod 600); exports are
# PLAINTEXT, so they go to a private directory and should be sent on by secure email and then
# deleted. Exit codes: 0 all written; 8 some failed (the rest are complete, none partial);
# 3 wrong passphrase; 4 no store; 5 store busy (try again later).
set -euo pipefail

SERVICE="${1:?usage: export-cron.sh SERVICE [OUT_ROOT]}"
OUT_ROOT="${2:-$HOME/safeguard-exports}"
OUT="$OUT_ROOT/$SERVICE/$(date +%Y-%m-%d)"

export SAFEGUARD_PASSPHRASE_FILE="${SAFEGUARD_PASSPHRASE_FILE:-$HOME/.config/safeguard/$SERVICE.pass}"
umask 077

status=0
safeguard --service "$SERVICE" export --changed-since-last-export \
    --format pdf,json,csv --out "$OUT" || status=$?

case "$status" in
    0) ;;
    5) echo "safeguard: store busy, will try again next run" >&2 ;;
    *) echo "safeguard: export for $SERVICE ended with code $status" >&2 ;;
esac
exit "$status"
