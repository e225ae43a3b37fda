// Backup with a signed manifest, and verified restore. See backup.h.
#include "audit/backup.h"

#include "audit/security_db.h"

#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/date.h"

namespace disrupt::audit {

namespace {

bool Exists(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0;
}

Result<std::string> FileDigest(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + path);
  crypto::EnsureSodium();
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, 32);
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(buffer.data()),
                              static_cast<unsigned long long>(in.gcount()));
  }
  unsigned char out[32];
  crypto_generichash_final(&state, out, sizeof out);
  return crypto::ToHex(out, sizeof out);
}

nlohmann::json ToJson(const BackupManifest& m) {
  return {{"format", "disrupt-backup-1"},      {"created_at", m.created_at},
          {"blake2b_256", m.digest},           {"audit_head_seq", m.audit_head_seq},
          {"audit_head_hash", m.audit_head_hash}};
}

std::string SignedText(const BackupManifest& m) { return "disrupt-backup-manifest-v1\n" + ToJson(m).dump(); }

// The audit head of a database file, read without modifying it.
Result<std::pair<long long, std::string>> ReadHead(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return Status::Unavailable("cannot open " + path);
  }
  std::pair<long long, std::string> head{0, ""};
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", -1, &st, nullptr) ==
          SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    head.first = sqlite3_column_int64(st, 0);
    head.second = crypto::ToHex(sqlite3_column_blob(st, 1), static_cast<size_t>(sqlite3_column_bytes(st, 1)));
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return head;
}

// Copies database `from` into a new file `to` with the online backup API.
Status CopyDatabase(const std::string& from, const std::string& to) {
  sqlite3* src = nullptr;
  sqlite3* dst = nullptr;
  int rc = sqlite3_open_v2(from.c_str(), &src, SQLITE_OPEN_READONLY, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_open_v2(to.c_str(), &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc == SQLITE_OK) {
    sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b) {
      rc = sqlite3_errcode(dst);
    } else {
      // One step copies every page under one read transaction: a consistent snapshot.
      do {
        rc = sqlite3_backup_step(b, -1);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
      } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
      sqlite3_backup_finish(b);
      if (rc == SQLITE_DONE) rc = SQLITE_OK;
    }
  }
  sqlite3_close(src);
  sqlite3_close(dst);
  if (rc != SQLITE_OK) {
    std::remove(to.c_str());
    return Status::Unavailable(std::string("copying the database failed: ") + sqlite3_errstr(rc));
  }
  chmod(to.c_str(), 0600);
  return Status::Ok();
}

Status IntegrityCheck(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return Status::DataLoss("backup is not a readable database");
  }
  sqlite3_stmt* st = nullptr;
  std::string result;
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
    const auto* text = sqlite3_column_text(st, 0);
    result = text ? reinterpret_cast<const char*>(text) : "";
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  if (result != "ok") return Status::DataLoss("database integrity check failed: " + result.substr(0, 200));
  return Status::Ok();
}

}  // namespace

Result<BackupManifest> MakeBackup(const std::string& db_path, const std::string& out,
                                  const std::optional<crypto::SecretKey>& audit_seed, const std::string& actor) {
  const std::string manifest_path = out + ".manifest.json";
  if (IsPostgresLocation(db_path)) {
    return Status::FailedPrecondition(
        "a PostgreSQL catalogue is backed up with pg_dump or pg_basebackup (docs/deployment.md, \"Backups\")");
  }
  if (!Exists(db_path)) return Status::NotFound("no database at " + db_path);
  if (Exists(out) || Exists(manifest_path)) return Status::Conflict("backup file exists, not overwritten: " + out);
  {
    AuditOptions options;
    options.signing_seed = audit_seed;
    DISRUPT_ASSIGN_OR_RETURN(auto log, AuditLog::Open(db_path, options));
    DISRUPT_RETURN_IF_ERROR(
        log->Append({actor, "", action::kBackup, "", Outcome::kInfo, "backup_made", ""}).status());
    DISRUPT_RETURN_IF_ERROR(log->Checkpoint());
  }
  DISRUPT_RETURN_IF_ERROR(CopyDatabase(db_path, out));
  BackupManifest m;
  m.created_at = FormatTimestamp(UnixNow());
  DISRUPT_ASSIGN_OR_RETURN(m.digest, FileDigest(out));
  DISRUPT_ASSIGN_OR_RETURN(auto head, ReadHead(out));
  m.audit_head_seq = head.first;
  m.audit_head_hash = head.second;
  nlohmann::json j = ToJson(m);
  if (audit_seed) {
    std::string text = SignedText(m);
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES], sig[crypto_sign_BYTES];
    crypto_sign_seed_keypair(pk, sk, audit_seed->data());
    crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(text.data()), text.size(), sk);
    sodium_memzero(sk, sizeof sk);
    m.public_key = crypto::ToHex(pk, sizeof pk);
    m.signature = crypto::ToHex(sig, sizeof sig);
    j["public_key"] = m.public_key;
    j["signature"] = m.signature;
  }
  std::ofstream f(manifest_path);
  f << j.dump(2) << "\n";
  f.close();
  if (!f) return Status::Unavailable("cannot write " + manifest_path);
  return m;
}

Result<RestoreReport> RestoreBackup(const std::string& backup, const std::string& target,
                                    const std::string& public_key, bool overwrite) {
  RestoreReport report;
  const std::string manifest_path = backup + ".manifest.json";
  if (IsPostgresLocation(target)) {
    return Status::FailedPrecondition(
        "a PostgreSQL catalogue is restored with pg_restore (docs/deployment.md, \"Backups\")");
  }
  if (!Exists(backup)) return Status::NotFound("no backup at " + backup);
  if (!Exists(manifest_path)) return Status::NotFound("no manifest at " + manifest_path);
  if (Exists(target) && !overwrite) return Status::Conflict("target exists; refusing to overwrite " + target);

  std::ifstream in(manifest_path);
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("format", "") != "disrupt-backup-1") {
    return Status::DataLoss("manifest is not a Disrupt backup manifest: " + manifest_path);
  }
  BackupManifest& m = report.manifest;
  m.created_at = j.value("created_at", "");
  m.digest = j.value("blake2b_256", "");
  m.audit_head_seq = j.value("audit_head_seq", 0LL);
  m.audit_head_hash = j.value("audit_head_hash", "");
  m.public_key = j.value("public_key", "");
  m.signature = j.value("signature", "");

  if (!public_key.empty()) {
    auto sig = crypto::FromHex(m.signature);
    std::string text = SignedText(m);
    if (!sig.ok() || sig->size() != crypto_sign_BYTES ||
        crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig->data()),
                                    reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                                    reinterpret_cast<const unsigned char*>(public_key.data())) != 0) {
      return Status::DataLoss("manifest signature does not verify with the audit public key");
    }
    report.manifest_signature_checked = true;
  }
  DISRUPT_ASSIGN_OR_RETURN(std::string digest, FileDigest(backup));
  if (digest != m.digest) return Status::DataLoss("backup file does not match its manifest (altered or truncated)");

  const std::string staging = target + ".restoring";
  std::remove(staging.c_str());
  DISRUPT_RETURN_IF_ERROR(CopyDatabase(backup, staging));
  auto fail = [&](Status s) {
    std::remove(staging.c_str());
    std::remove((staging + "-wal").c_str());
    std::remove((staging + "-shm").c_str());
    return s;
  };
  if (Status s = IntegrityCheck(staging); !s.ok()) return fail(s);
  {
    auto log = AuditLog::Open(staging);
    if (!log.ok()) return fail(log.status());
    auto verified = (*log)->Verify(public_key);
    if (!verified.ok()) return fail(verified.status());
    report.audit = *verified;
    if (!verified->ok()) {
      return fail(Status::DataLoss("audit log in the backup is not intact: " + verified->findings[0].message));
    }
    if (m.audit_head_seq > 0) {
      AuditQuery q;
      q.after_seq = m.audit_head_seq - 1;
      q.limit = 1;
      auto entry = (*log)->Query(q);
      if (!entry.ok()) return fail(entry.status());
      if (entry->empty() || (*entry)[0].seq != m.audit_head_seq ||
          crypto::ToHex((*entry)[0].hash.data(), (*entry)[0].hash.size()) != m.audit_head_hash) {
        return fail(Status::DataLoss("audit head recorded in the manifest is not in the backup's log"));
      }
    }
  }
  // The staging file was opened in WAL mode by the verification; fold the WAL
  // back so the single file can be moved.
  {
    sqlite3* db = nullptr;
    if (sqlite3_open(staging.c_str(), &db) == SQLITE_OK) {
      sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
    }
    sqlite3_close(db);
  }
  std::remove((target + "-wal").c_str());
  std::remove((target + "-shm").c_str());
  std::error_code ec;
  std::filesystem::rename(staging, target, ec);
  if (ec) return fail(Status::Unavailable("cannot move the restored database into place: " + ec.message()));
  std::remove((staging + "-wal").c_str());
  std::remove((staging + "-shm").c_str());
  return report;
}

}  // namespace disrupt::audit
