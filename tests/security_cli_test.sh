#!/usr/bin/env bash
# End-to-end check of the security commands on a scratch store: key
# generation, user administration, audit verification (intact, then after
# direct tampering with the database file), and backup/restore with its
# checks. Expected outcomes are stated here, not taken from the program.
set -euo pipefail

BIN="${DISRUPT_BINARY:?DISRUPT_BINARY not set}"
command -v sqlite3 >/dev/null || { echo "sqlite3 command not installed"; exit 77; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
STORE="$WORK/catalogue.db"
unset DISRUPT_AUDIT_KEY DISRUPT_FIELD_KEY DISRUPT_AUDIT_KEY_FILE DISRUPT_FIELD_KEY_FILE

fail() { echo "FAIL: $*" >&2; exit 1; }

# Keys: created 0600, never overwritten.
"$BIN" audit keygen --out "$WORK/audit.key" > "$WORK/keygen.txt"
"$BIN" audit keygen --out "$WORK/field.key" > /dev/null
[ "$(stat -c %a "$WORK/audit.key")" = 600 ] || fail "key file mode"
if "$BIN" audit keygen --out "$WORK/audit.key" 2>/dev/null; then fail "keygen overwrote a key"; fi
PUB="$("$BIN" audit public-key --audit-key "$WORK/audit.key")"
grep -q "$PUB" "$WORK/keygen.txt" || fail "public key differs between keygen and public-key"
[ "${#PUB}" = 64 ] || fail "public key length"

export DISRUPT_AUDIT_KEY_FILE="$WORK/audit.key" DISRUPT_FIELD_KEY_FILE="$WORK/field.key"

# Users.
OUT="$("$BIN" user add --store "$STORE" --id ana.s --name "Ana S" --member IDN --agency POLRI \
        --roles analyst,victim_protection --clearance SECRET --clearance-expires 2030-12-31)"
echo "$OUT" | grep -q '^  uri:    otpauth://totp/Disrupt:ana.s?secret=' || fail "no enrolment URI: $OUT"
echo "$OUT" | grep -q '^password (shown once): ' || fail "no generated password"
printf 'a-chosen-password-123\n' | "$BIN" user add --store "$STORE" --id kate --member AUS --agency AFP \
    --roles member_official --password-stdin > /dev/null
if "$BIN" user add --store "$STORE" --id kate --member AUS --agency AFP --roles analyst 2>/dev/null; then
  fail "duplicate user accepted"
fi
if "$BIN" user add --store "$STORE" --id x --member AUS --roles analyst 2>/dev/null; then fail "bad id accepted"; fi
if "$BIN" user add --store "$STORE" --id bob --member AUS --roles wizard 2>/dev/null; then fail "bad role accepted"; fi
"$BIN" user disable --store "$STORE" --id kate > /dev/null
LIST="$("$BIN" user list --store "$STORE")"
echo "$LIST" | grep -qP '^ana\.s\tIDN\tPOLRI\tanalyst,victim_protection\tSECRET\t2030-12-31\tpending\tactive$' || fail "list: $LIST"
echo "$LIST" | grep -qP '^kate\tAUS\tAFP\tmember_official\t-\t-\tpending\tdisabled$' || fail "list: $LIST"
SECRET_COL="$(sqlite3 "$STORE" "SELECT totp_secret FROM auth_user WHERE id='ana.s'")"
case "$SECRET_COL" in enc1:*) ;; *) fail "TOTP secret not encrypted at rest";; esac
"$BIN" user reset-totp --store "$STORE" --id ana.s | grep -q 'otpauth://' || fail "reset-totp printed no URI"

# Audit: administration steps are recorded and the log verifies.
"$BIN" audit checkpoint --store "$STORE" > /dev/null
"$BIN" audit query --store "$STORE" --action auth.user | grep -q 'user_added' || fail "user_added not audited"
"$BIN" audit verify --store "$STORE" --public-key "$PUB" > "$WORK/verify.txt" || fail "clean log did not verify"
grep -q 'audit log intact' "$WORK/verify.txt" || fail "verify output"

# Backup of the intact store, then restore into a scratch path.
"$BIN" backup --store "$STORE" --out "$WORK/backup.db" > /dev/null
[ -f "$WORK/backup.db.manifest.json" ] || fail "no manifest"
"$BIN" restore --from "$WORK/backup.db" --store "$WORK/restored.db" --public-key "$PUB" > "$WORK/restore.txt"
grep -q 'manifest signature: verified' "$WORK/restore.txt" || fail "restore did not verify the manifest"
[ "$(sqlite3 "$WORK/restored.db" "SELECT count(*) FROM auth_user")" = 2 ] || fail "restored users"
if "$BIN" restore --from "$WORK/backup.db" --store "$WORK/restored.db" --public-key "$PUB" 2>/dev/null; then
  fail "restore overwrote without --force"
fi

# Tampering with the live file directly is found and located.
sqlite3 "$STORE" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE seq = 2;"
set +e
"$BIN" audit verify --store "$STORE" --public-key "$PUB" > "$WORK/verify.txt"
RC=$?
set -e
[ "$RC" = 8 ] || fail "tampered log: exit $RC, expected 8"
grep -q 'TAMPERED changed in chain main at 2:' "$WORK/verify.txt" || fail "change not located: $(cat "$WORK/verify.txt")"

# A backup file altered after the fact is refused, and the target is left alone.
sqlite3 "$WORK/backup.db" "UPDATE auth_user SET disabled = 0 WHERE id = 'kate'"
if "$BIN" restore --from "$WORK/backup.db" --store "$WORK/other.db" --public-key "$PUB" 2>/dev/null; then
  fail "altered backup restored"
fi
[ ! -e "$WORK/other.db" ] || fail "failed restore left a file"
echo "security CLI: all checks passed"
