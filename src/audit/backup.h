// Backup and restore of the catalogue database with proof of integrity.
//
// MakeBackup copies the whole database (catalogue, users, release decisions,
// audit log) with SQLite's online backup API — a consistent snapshot while
// the portal keeps running — after appending a "backup" entry to the audit
// log and signing its head. Beside the copy it writes FILE.manifest.json:
// the copy's BLAKE2b-256 digest and the audit chain head it contains,
// signed with Ed25519 when the audit key is available.
//
// RestoreBackup checks the manifest (digest, and signature when a public key
// is given), copies the backup to a temporary file beside the target, runs
// SQLite's integrity check, verifies the audit log (audit_log.h) and that
// its entry at the manifest's head has the recorded hash, and only then
// moves it into place. Nothing at the target changes when a check fails.
//
// Thread safety: functions are independent; do not restore over a database
// a running server has open (stop it first).
#pragma once

#include <optional>
#include <string>

#include "audit/audit_log.h"
#include "core/status.h"
#include "crypto/keys.h"

namespace disrupt::audit {

struct BackupManifest {
  std::string created_at;       // ISO 8601
  std::string digest;           // BLAKE2b-256 of the backup file, hex
  long long audit_head_seq = 0;
  std::string audit_head_hash;  // hex; empty when the database has no audit log
  std::string public_key;       // hex; empty when unsigned
  std::string signature;        // hex; empty when unsigned
};

// Backs up the database at `db_path` to `out` (+ ".manifest.json").
// kConflict when either file exists, kNotFound when the database is absent.
// `actor` is recorded in the audit entry.
Result<BackupManifest> MakeBackup(const std::string& db_path, const std::string& out,
                                  const std::optional<crypto::SecretKey>& audit_seed, const std::string& actor);

struct RestoreReport {
  BackupManifest manifest;
  bool manifest_signature_checked = false;
  VerifyReport audit;
};

// Restores `backup` (with its manifest) to `target`. `public_key` (32 bytes,
// may be empty) checks the manifest's and checkpoints' signatures.
// kConflict when `target` exists and !overwrite; kDataLoss (with the reason)
// when the digest, signature, integrity check or audit verification fails.
Result<RestoreReport> RestoreBackup(const std::string& backup, const std::string& target,
                                    const std::string& public_key, bool overwrite);

}  // namespace disrupt::audit
