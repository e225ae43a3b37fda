// The hash-chained, signed audit log. See audit_log.h for the design and
// docs/security-model.md ("Audit") for what it proves and what it cannot.
#include "audit/audit_log.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <limits>
#include <map>

#include "core/date.h"
#include "core/text.h"
#include "crypto/keys.h"

namespace disrupt::audit {

namespace {

constexpr size_t kHashBytes = 32;
constexpr std::string_view kEntryDomain = "disrupt-audit-v1";
constexpr std::string_view kCheckpointDomain = "disrupt-audit-checkpoint-v1";

constexpr const char* kMigrations[] = {
    R"sql(
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  actor_member TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  outcome TEXT NOT NULL,
  reason TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash BLOB NOT NULL,
  hash BLOB NOT NULL
);
CREATE INDEX audit_log_target ON audit_log(target, seq);
CREATE INDEX audit_log_actor ON audit_log(actor, seq);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE TABLE audit_checkpoint (
  seq INTEGER PRIMARY KEY,
  hash BLOB NOT NULL,
  signed_at INTEGER NOT NULL,
  public_key BLOB NOT NULL,
  signature BLOB NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_checkpoint
  BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_checkpoint
  BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
)sql",
};

// The same tables on PostgreSQL; a trigger function refuses changes (and
// TRUNCATE) as SQLite's triggers do.
constexpr const char* kPostgresMigrations[] = {
    R"sql(
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
  at bigint NOT NULL,
  actor text NOT NULL,
  actor_member text NOT NULL,
  action text NOT NULL,
  target text NOT NULL,
  outcome text NOT NULL,
  reason text NOT NULL,
  detail text NOT NULL,
  prev_hash bytea NOT NULL,
  hash bytea NOT NULL
);
CREATE INDEX audit_log_target ON audit_log(target, seq);
CREATE INDEX audit_log_actor ON audit_log(actor, seq);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE TABLE audit_checkpoint (
  seq bigint PRIMARY KEY,
  hash bytea NOT NULL,
  signed_at bigint NOT NULL,
  public_key bytea NOT NULL,
  signature bytea NOT NULL
);
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON audit_checkpoint
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
)sql",
};

// Verify reads the log in pages of this many entries (bounded memory).
constexpr long long kVerifyPage = 10000;

// Visits the rows of `sql`, which selects seq first and ends with
// "WHERE seq > ? ORDER BY seq LIMIT ?", page by page in seq order.
Status ForEachPage(SecurityDb& db, const std::string& sql, const std::function<void(const Statement&)>& visit) {
  long long after = std::numeric_limits<long long>::min();
  for (;;) {
    DISRUPT_ASSIGN_OR_RETURN(Statement * st, db.Prepare(sql));
    st->Bind(1, after).Bind(2, kVerifyPage);
    long long rows = 0;
    for (;;) {
      auto row = st->Step();
      if (!row.ok()) {
        st->Reset();
        return row.status();
      }
      if (!*row) break;
      ++rows;
      after = st->Int(0);
      visit(*st);
    }
    st->Reset();
    if (rows < kVerifyPage) return Status::Ok();
  }
}

void AppendField(std::string& out, std::string_view field) {
  uint64_t n = field.size();
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  out.append(field);
}

std::string EntryHash(std::string_view prev, long long at, const AuditEvent& e) {
  std::string input(kEntryDomain);
  AppendField(input, prev);
  AppendField(input, std::to_string(at));
  AppendField(input, e.actor);
  AppendField(input, e.actor_member);
  AppendField(input, e.action);
  AppendField(input, e.target);
  AppendField(input, ToString(e.outcome));
  AppendField(input, e.reason);
  AppendField(input, e.detail);
  return crypto::Blake2b(input, kHashBytes);
}

std::string CheckpointMessage(long long seq, std::string_view hash) {
  std::string m(kCheckpointDomain);
  AppendField(m, std::to_string(seq));
  AppendField(m, hash);
  return m;
}

Outcome ParseOutcome(std::string_view s) {
  if (s == "allow") return Outcome::kAllow;
  if (s == "deny") return Outcome::kDeny;
  return Outcome::kInfo;
}

std::string Seq(long long s) { return std::to_string(s); }

}  // namespace

std::string_view ToString(Outcome o) {
  switch (o) {
    case Outcome::kAllow: return "allow";
    case Outcome::kDeny: return "deny";
    case Outcome::kInfo: return "info";
  }
  return "info";
}

std::string_view ToString(Finding::Kind k) {
  switch (k) {
    case Finding::Kind::kChanged: return "changed";
    case Finding::Kind::kRemoved: return "removed";
    case Finding::Kind::kInserted: return "inserted";
    case Finding::Kind::kReordered: return "reordered";
    case Finding::Kind::kCheckpointMismatch: return "checkpoint_mismatch";
    case Finding::Kind::kBadSignature: return "bad_signature";
    case Finding::Kind::kTruncated: return "truncated";
  }
  return "changed";
}

std::string PublicKeyFromSeed(const crypto::SecretKey& seed) {
  crypto::EnsureSodium();
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> pk{};
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> sk{};
  crypto_sign_seed_keypair(pk.data(), sk.data(), seed.data());
  sodium_memzero(sk.data(), sk.size());
  return std::string(reinterpret_cast<const char*>(pk.data()), pk.size());
}

AuditLog::AuditLog(std::unique_ptr<SecurityDb> db, AuditOptions options)
    : db_(std::move(db)), options_(std::move(options)) {
  if (!options_.now) options_.now = [] { return UnixNow(); };
}

Result<std::unique_ptr<AuditLog>> AuditLog::Open(const std::string& path, AuditOptions options) {
  DISRUPT_ASSIGN_OR_RETURN(auto db, OpenSecurityDb(path));
  if (db->dialect() == Dialect::kPostgres) {
    DISRUPT_RETURN_IF_ERROR(db->Migrate("audit", kPostgresMigrations));
  } else {
    DISRUPT_RETURN_IF_ERROR(db->Migrate("audit", kMigrations));
    if (options.no_automatic_checkpoint) {
      auto lock = db->Lock();
      DISRUPT_ASSIGN_OR_RETURN(Statement * pragma, db->Prepare("PRAGMA wal_autocheckpoint=0"));
      auto done = pragma->Step();
      pragma->Reset();
      DISRUPT_RETURN_IF_ERROR(done.status());
    }
  }
  return std::unique_ptr<AuditLog>(new AuditLog(std::move(db), std::move(options)));
}

Result<long long> AuditLog::Append(const AuditEvent& event) { return AppendBatch({event}); }

Result<long long> AuditLog::AppendBatch(const std::vector<AuditEvent>& events) {
  for (size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i];
    std::string where = "events[" + std::to_string(i) + "]";
    if (e.action.empty()) return Status::InvalidArgument("audit event without an action", where + ".action");
    if (e.detail.size() > kMaxDetail) {
      return Status::InvalidArgument("audit detail longer than " + std::to_string(kMaxDetail) + " bytes",
                                     where + ".detail");
    }
    for (const std::string* f : {&e.actor, &e.actor_member, &e.action, &e.target, &e.reason, &e.detail}) {
      if (!IsValidUtf8(*f)) return Status::InvalidArgument("audit field is not UTF-8", where);
    }
  }
  auto lock = db_->Lock();
  Transaction tx(*db_);
  DISRUPT_RETURN_IF_ERROR(tx.Begin());
  if (db_->dialect() == Dialect::kPostgres) {
    // Writers on other servers append to the same chain: one at a time, each
    // reading the head after the previous one committed. EXCLUSIVE mode lets
    // readers (Query, Verify) go on.
    DISRUPT_ASSIGN_OR_RETURN(Statement * lock_chain, db_->Prepare("LOCK TABLE audit_log IN EXCLUSIVE MODE"));
    DISRUPT_RETURN_IF_ERROR(lock_chain->Run());
  }
  long long last_seq = 0;
  DISRUPT_RETURN_IF_ERROR(AppendLocked(events, last_seq));
  DISRUPT_RETURN_IF_ERROR(MaybeCheckpointLocked(false));
  DISRUPT_RETURN_IF_ERROR(tx.Commit());
  return last_seq;
}

Status AuditLog::AppendLocked(const std::vector<AuditEvent>& events, long long& last_seq) {
  DISRUPT_ASSIGN_OR_RETURN(Statement * head, db_->Prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
  DISRUPT_ASSIGN_OR_RETURN(bool has, head->Step());
  long long seq = has ? head->Int(0) : 0;
  std::string prev = has ? head->Blob(1) : std::string(kHashBytes, '\0');
  head->Reset();
  const long long at = options_.now();
  DISRUPT_ASSIGN_OR_RETURN(
      Statement * insert,
      db_->Prepare("INSERT INTO audit_log(seq, at, actor, actor_member, action, target, outcome, reason, detail, "
                   "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  for (const auto& e : events) {
    ++seq;
    std::string hash = EntryHash(prev, at, e);
    insert->Reset();
    insert->Bind(1, seq).Bind(2, at).Bind(3, e.actor).Bind(4, e.actor_member).Bind(5, e.action).Bind(6, e.target);
    insert->Bind(7, ToString(e.outcome)).Bind(8, e.reason).Bind(9, e.detail).BindBlob(10, prev).BindBlob(11, hash);
    DISRUPT_RETURN_IF_ERROR(insert->Run());
    prev = std::move(hash);
  }
  insert->Reset();
  last_seq = seq;
  return Status::Ok();
}

Status AuditLog::MaybeCheckpointLocked(bool force) {
  if (!options_.signing_seed) return Status::Ok();
  DISRUPT_ASSIGN_OR_RETURN(Statement * head, db_->Prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
  DISRUPT_ASSIGN_OR_RETURN(bool has, head->Step());
  if (!has) return Status::Ok();
  long long seq = head->Int(0);
  std::string hash = head->Blob(1);
  head->Reset();
  DISRUPT_ASSIGN_OR_RETURN(Statement * last,
                           db_->Prepare("SELECT seq, signed_at FROM audit_checkpoint ORDER BY seq DESC LIMIT 1"));
  DISRUPT_ASSIGN_OR_RETURN(bool has_cp, last->Step());
  long long cp_seq = has_cp ? last->Int(0) : 0;
  long long cp_at = has_cp ? last->Int(1) : 0;
  last->Reset();
  if (cp_seq >= seq) return Status::Ok();
  const long long now = options_.now();
  // Before the first checkpoint only the entry count can make one due.
  const bool time_due = has_cp && now - cp_at >= options_.sign_every_seconds;
  if (!force && seq - cp_seq < options_.sign_every_entries && !time_due) {
    return Status::Ok();
  }
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> pk{};
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> sk{};
  crypto_sign_seed_keypair(pk.data(), sk.data(), options_.signing_seed->data());
  std::string message = CheckpointMessage(seq, hash);
  std::array<unsigned char, crypto_sign_BYTES> sig{};
  crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       sk.data());
  sodium_memzero(sk.data(), sk.size());
  DISRUPT_ASSIGN_OR_RETURN(Statement * insert,
                           db_->Prepare("INSERT INTO audit_checkpoint(seq, hash, signed_at, public_key, signature) "
                                        "VALUES (?, ?, ?, ?, ?)"));
  insert->Bind(1, seq).BindBlob(2, hash).Bind(3, now);
  insert->BindBlob(4, std::string_view(reinterpret_cast<const char*>(pk.data()), pk.size()));
  insert->BindBlob(5, std::string_view(reinterpret_cast<const char*>(sig.data()), sig.size()));
  return insert->Run();
}

Status AuditLog::Checkpoint() {
  auto lock = db_->Lock();
  Transaction tx(*db_);
  DISRUPT_RETURN_IF_ERROR(tx.Begin());
  DISRUPT_RETURN_IF_ERROR(MaybeCheckpointLocked(true));
  return tx.Commit();
}

Result<std::pair<long long, std::string>> AuditLog::Head() {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * head, db_->Prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
  DISRUPT_ASSIGN_OR_RETURN(bool has, head->Step());
  std::pair<long long, std::string> out{0, std::string(kHashBytes, '\0')};
  if (has) out = {head->Int(0), head->Blob(1)};
  head->Reset();
  return out;
}

Result<std::vector<AuditEntry>> AuditLog::Query(const AuditQuery& q) {
  // The WHERE clause is assembled from fixed fragments; every value is bound.
  std::string sql =
      "SELECT seq, at, actor, actor_member, action, target, outcome, reason, detail, prev_hash, hash "
      "FROM audit_log WHERE seq > ?";
  std::vector<std::pair<bool, std::string>> binds;  // (is_int, value)
  auto add = [&](const char* clause, std::string value, bool is_int = false) {
    sql += clause;
    binds.emplace_back(is_int, std::move(value));
  };
  if (!q.actor.empty()) add(" AND actor = ?", q.actor);
  if (!q.actor_member.empty()) add(" AND actor_member = ?", q.actor_member);
  if (!q.action.empty()) {
    if (EndsWith(q.action, ".")) {
      add(" AND substr(action, 1, CAST(? AS integer)) = ?", std::to_string(q.action.size()), true);
      binds.emplace_back(false, q.action);
    } else {
      add(" AND action = ?", q.action);
    }
  }
  if (!q.target.empty()) add(" AND target = ?", q.target);
  if (q.outcome) add(" AND outcome = ?", std::string(ToString(*q.outcome)));
  if (q.from > 0) add(" AND at >= ?", std::to_string(q.from), true);
  if (q.to > 0) add(" AND at <= ?", std::to_string(q.to), true);
  sql += " ORDER BY seq LIMIT ?";
  const size_t limit = std::clamp<size_t>(q.limit, 1, 10000);

  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * st, db_->Prepare(sql));
  int i = 1;
  st->Bind(i++, q.after_seq);
  for (const auto& [is_int, value] : binds) {
    if (is_int) st->Bind(i++, std::stoll(value));
    else st->Bind(i++, value);
  }
  st->Bind(i, static_cast<long long>(limit));
  std::vector<AuditEntry> out;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) {
      st->Reset();
      return row.status();
    }
    if (!*row) break;
    AuditEntry e;
    e.seq = st->Int(0);
    e.at = st->Int(1);
    e.event.actor = st->Text(2);
    e.event.actor_member = st->Text(3);
    e.event.action = st->Text(4);
    e.event.target = st->Text(5);
    e.event.outcome = ParseOutcome(st->Text(6));
    e.event.reason = st->Text(7);
    e.event.detail = st->Text(8);
    e.prev_hash = st->Blob(9);
    e.hash = st->Blob(10);
    out.push_back(std::move(e));
  }
  st->Reset();
  return out;
}

Result<VerifyReport> AuditLog::Verify(const std::string& public_key) {
  VerifyReport report;
  report.signatures_checked = !public_key.empty();
  if (!public_key.empty() && public_key.size() != crypto_sign_PUBLICKEYBYTES) {
    return Status::InvalidArgument("an Ed25519 public key is 32 bytes", "public_key");
  }
  auto lock = db_->Lock();
  // A read transaction gives one consistent snapshot of log and checkpoints.
  Transaction read(*db_);
  DISRUPT_RETURN_IF_ERROR(read.BeginRead());

  struct Cp {
    std::string hash;
    bool seen = false;
  };
  std::map<long long, Cp> checkpoints;
  {
    DISRUPT_ASSIGN_OR_RETURN(Statement * st,
                             db_->Prepare("SELECT seq, hash, public_key, signature FROM audit_checkpoint ORDER BY seq"));
    for (;;) {
      DISRUPT_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      long long seq = st->Int(0);
      std::string hash = st->Blob(1), pk = st->Blob(2), sig = st->Blob(3);
      ++report.checkpoints;
      report.last_checkpoint_seq = std::max(report.last_checkpoint_seq, seq);
      if (!public_key.empty()) {
        std::string message = CheckpointMessage(seq, hash);
        bool good = pk == public_key && sig.size() == crypto_sign_BYTES &&
                    crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.data()),
                                                reinterpret_cast<const unsigned char*>(message.data()),
                                                message.size(),
                                                reinterpret_cast<const unsigned char*>(public_key.data())) == 0;
        if (!good) {
          report.findings.push_back({Finding::Kind::kBadSignature, seq, 0,
                                     "checkpoint at entry " + Seq(seq) +
                                         ": signature does not verify with the audit public key (forged or "
                                         "altered checkpoint)"});
        }
      }
      checkpoints[seq] = {hash, false};
    }
    st->Reset();
  }

  // Pass 1: local checks. A link break is kept for classification in pass 2.
  struct Break {
    long long seq, prev_seq, prev_prev_seq;
    std::string prev_hash;
  };
  std::vector<Break> breaks;
  {
    long long prev_seq = 0, prev_prev_seq = 0;
    std::string prev_hash(kHashBytes, '\0');
    long long last_matching_cp = 0;
    DISRUPT_RETURN_IF_ERROR(ForEachPage(
        *db_,
        "SELECT seq, at, actor, actor_member, action, target, outcome, reason, detail, prev_hash, hash "
        "FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?",
        [&](const Statement& row) {
          const Statement* st = &row;
          ++report.entries;
          const long long seq = st->Int(0);
          const long long at = st->Int(1);
          AuditEvent e{st->Text(2), st->Text(3), st->Text(4), st->Text(5), ParseOutcome(st->Text(6)), st->Text(7),
                       st->Text(8)};
          const std::string stored_prev = st->Blob(9), stored_hash = st->Blob(10);
          if (seq != prev_seq + 1) {
            report.findings.push_back(
                {Finding::Kind::kRemoved, prev_seq + 1, seq - 1,
                 seq - prev_seq == 2 ? "entry " + Seq(prev_seq + 1) + " was removed"
                                     : "entries " + Seq(prev_seq + 1) + " to " + Seq(seq - 1) + " were removed"});
          } else if (stored_prev != prev_hash) {
            breaks.push_back({seq, prev_seq, prev_prev_seq, stored_prev});
          }
          if (EntryHash(stored_prev, at, e) != stored_hash || ToString(e.outcome) != st->Text(6)) {
            report.findings.push_back(
                {Finding::Kind::kChanged, seq, 0, "entry " + Seq(seq) + ": content changed since it was written"});
          }
          if (auto it = checkpoints.find(seq); it != checkpoints.end()) {
            it->second.seen = true;
            if (it->second.hash != stored_hash) {
              report.findings.push_back({Finding::Kind::kCheckpointMismatch, seq, last_matching_cp,
                                         "checkpoint at entry " + Seq(seq) + " does not match the log: entries after " +
                                             Seq(last_matching_cp) + " up to " + Seq(seq) +
                                             " were rewritten and their hashes recomputed"});
            } else {
              last_matching_cp = seq;
            }
          }
          prev_prev_seq = prev_seq;
          prev_seq = seq;
          prev_hash = stored_hash;
        }));
    report.last_seq = prev_seq;
  }
  for (const auto& [seq, cp] : checkpoints) {
    if (cp.seen) continue;
    if (seq > report.last_seq) {
      report.findings.push_back({Finding::Kind::kTruncated, report.last_seq, seq,
                                 "entries after " + Seq(report.last_seq) + " were removed: a checkpoint covered up to " +
                                     Seq(seq)});
      break;
    }
    report.findings.push_back({Finding::Kind::kCheckpointMismatch, seq, 0,
                               "checkpoint at entry " + Seq(seq) + ": that entry is missing"});
  }
  report.unsigned_tail = report.last_seq - std::min(report.last_seq, report.last_checkpoint_seq);

  // Pass 2: classify each break by finding where its prev_hash came from.
  if (!breaks.empty()) {
    std::map<std::string, long long> wanted;
    for (const auto& b : breaks) wanted.emplace(b.prev_hash, 0);
    DISRUPT_RETURN_IF_ERROR(ForEachPage(*db_, "SELECT seq, hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?",
                                        [&](const Statement& st) {
                                          auto it = wanted.find(st.Blob(1));
                                          if (it != wanted.end() && it->second == 0) it->second = st.Int(0);
                                        }));
    for (const auto& b : breaks) {
      long long source = wanted[b.prev_hash];
      if (source == 0 && b.prev_hash == std::string(kHashBytes, '\0')) {
        report.findings.push_back({Finding::Kind::kInserted, b.prev_seq, 0,
                                   "entries up to " + Seq(b.prev_seq) + " were inserted before the first entry"});
      } else if (source == 0) {
        report.findings.push_back({Finding::Kind::kRemoved, b.seq, b.prev_seq,
                                   "entry " + Seq(b.seq) + " does not follow entry " + Seq(b.prev_seq) +
                                       ": an entry between them was removed (and later entries renumbered), or "
                                       "entry " + Seq(b.prev_seq) + " was altered and its hash recomputed"});
      } else if (source == b.prev_prev_seq && b.prev_prev_seq != 0) {
        report.findings.push_back({Finding::Kind::kInserted, b.prev_seq, 0,
                                   "entry " + Seq(b.prev_seq) + " was inserted: it is not part of the chain"});
      } else {
        report.findings.push_back({Finding::Kind::kReordered, b.seq, source,
                                   "entry " + Seq(b.seq) + " was moved: it was written after entry " + Seq(source)});
      }
    }
  }
  std::stable_sort(report.findings.begin(), report.findings.end(),
                   [](const Finding& a, const Finding& b) { return a.seq < b.seq; });
  return report;
}

}  // namespace disrupt::audit
