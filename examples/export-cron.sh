#!/usr/bin/env bash
# Nightly export of the official forms for one service, for cron.
#
# Cron runs jobs with a bare environment (PATH=/usr/bin:/bin), where `cargo install` does not
# put safeguard. The binary is, in order: $SAFEGUARD_BIN (an absolute path; set it in the
# crontab), `safeguard` on PATH, or ~/.cargo/bin/safeguard.
#
# The passphrase comes from a file only the export account can read (chmod 600); exports are
# PLAINTEXT, so they go to a private directory and should be sent on by secure email and then
# deleted. Exit codes: 0 all written; 8 some failed (the rest are complete, none partial);
# 2 bad input (for example an output directory others can write to); 3 wrong passphrase;
# 4 no store; 5 store busy (try again later); 127 no safeguard binary found.
set -euo pipefail

SERVICE="${1:?usage: export-cron.sh SERVICE [OUT_ROOT]}"
OUT_ROOT="${2:-$HOME/safeguard-exports}"
OUT="$OUT_ROOT/$SERVICE/$(date +%Y-%m-%d)"

BIN="${SAFEGUARD_BIN:-}"
if [ -z "$BIN" ]; then
    BIN="$(command -v safeguard || true)"
fi
if [ -z "$BIN" ] && [ -x "$HOME/.cargo/bin/safeguard" ]; then
    BIN="$HOME/.cargo/bin/safeguard"
fi
if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then
    echo "safeguard: no safeguard binary found (${BIN:-not on PATH or in ~/.cargo/bin}); install it with" \
        "'cargo install --locked --path .' or set SAFEGUARD_BIN to its absolute path" >&2
    exit 127
fi

export SAFEGUARD_PASSPHRASE_FILE="${SAFEGUARD_PASSPHRASE_FILE:-$HOME/.config/safeguard/$SERVICE.pass}"
umask 077

status=0
# Each night's folder holds what changed since the last night's run ("nightly" names the run;
# `--changed-since-last-export` alone would count from the last export to the same folder, and a
# new folder each night would then get every record again).
"$BIN" --service "$SERVICE" export --changed-since-last-export=nightly \
    --format pdf,json,csv --out "$OUT" || status=$?

case "$status" in
    0) ;;
    5) echo "safeguard: store busy, will try again next run" >&2 ;;
    *) echo "safeguard: export for $SERVICE ended with code $status" >&2 ;;
esac
exit "$status"
