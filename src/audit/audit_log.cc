// The hash-chained, signed audit log. See audit_log.h for the design and
// docs/security-model.md ("Audit") for what it proves and what it cannot.
#include "audit/audit_log.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <optional>
#include <tuple>

#include "core/date.h"
#include "core/text.h"
#include "crypto/keys.h"

namespace disrupt::audit {

namespace {

constexpr size_t kHashBytes = 32;
constexpr std::string_view kEntryDomain = "disrupt-audit-v1";
constexpr std::string_view kCheckpointDomain = "disrupt-audit-checkpoint-v1";
constexpr std::string_view kCheckpointDomainV2 = "disrupt-audit-checkpoint-v2";

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
    // One chain per writer (audit_log.h): existing entries form chain "main".
    R"sql(
ALTER TABLE audit_log ADD COLUMN chain TEXT NOT NULL DEFAULT 'main';
ALTER TABLE audit_log ADD COLUMN chain_seq INTEGER NOT NULL DEFAULT 0;
DROP TRIGGER audit_log_no_update;
UPDATE audit_log SET chain_seq = seq;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE UNIQUE INDEX audit_log_chain ON audit_log(chain, chain_seq);
ALTER TABLE audit_checkpoint ADD COLUMN chain TEXT NOT NULL DEFAULT 'main';
ALTER TABLE audit_checkpoint ADD COLUMN chain_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_checkpoint ADD COLUMN witness TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_checkpoint ADD COLUMN format INTEGER NOT NULL DEFAULT 1;
DROP TRIGGER audit_checkpoint_no_update;
UPDATE audit_checkpoint SET chain_seq = seq;
CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_checkpoint
  BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
CREATE INDEX audit_checkpoint_chain ON audit_checkpoint(chain, chain_seq);
CREATE TABLE audit_chain (
  chain TEXT PRIMARY KEY,
  started_at INTEGER NOT NULL
);
INSERT INTO audit_chain(chain, started_at) SELECT 'main', min(at) FROM audit_log HAVING count(*) > 0;
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
  BEGIN SELECT RAISE(ABORT, 'audit chains are append-only'); END;
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
  BEGIN SELECT RAISE(ABORT, 'audit chains are append-only'); END;
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
    // One chain per writer (audit_log.h): existing entries form chain "main";
    // seq is numbered by PostgreSQL so that chains need not wait for one another.
    R"sql(
ALTER TABLE audit_log ADD COLUMN chain text NOT NULL DEFAULT 'main',
  ADD COLUMN chain_seq bigint NOT NULL DEFAULT 0;
ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
UPDATE audit_log SET chain_seq = seq;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;
CREATE UNIQUE INDEX audit_log_chain ON audit_log(chain, chain_seq);
ALTER TABLE audit_log ALTER COLUMN seq ADD GENERATED BY DEFAULT AS IDENTITY;
SELECT setval(pg_get_serial_sequence('audit_log', 'seq'), COALESCE((SELECT max(seq) FROM audit_log), 0) + 1, false);
ALTER TABLE audit_checkpoint ADD COLUMN chain text NOT NULL DEFAULT 'main',
  ADD COLUMN chain_seq bigint NOT NULL DEFAULT 0, ADD COLUMN witness text NOT NULL DEFAULT '',
  ADD COLUMN format integer NOT NULL DEFAULT 1;
ALTER TABLE audit_checkpoint DISABLE TRIGGER audit_checkpoint_append_only;
UPDATE audit_checkpoint SET chain_seq = seq;
ALTER TABLE audit_checkpoint ENABLE TRIGGER audit_checkpoint_append_only;
CREATE INDEX audit_checkpoint_chain ON audit_checkpoint(chain, chain_seq);
CREATE TABLE audit_chain (
  chain text PRIMARY KEY,
  started_at bigint NOT NULL
);
INSERT INTO audit_chain(chain, started_at) SELECT 'main', min(at) FROM audit_log HAVING count(*) > 0;
CREATE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE ON audit_chain
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
)sql",
};

// Verify reads the log in pages of this many entries (bounded memory).
constexpr long long kVerifyPage = 10000;

// A chain name: what AuditOptions::chain allows.
constexpr size_t kMaxChainName = 64;

// Visits the rows of `sql`, which selects an integer key first and ends with
// "WHERE [chain = ? AND] key > ? ORDER BY key LIMIT ?", page by page in key
// order; `chain` is bound first when given.
Status ForEachPage(SecurityDb& db, const std::string& sql, const std::optional<std::string>& chain,
                   const std::function<void(const Statement&)>& visit) {
  long long after = std::numeric_limits<long long>::min();
  for (;;) {
    DISRUPT_ASSIGN_OR_RETURN(Statement * st, db.Prepare(sql));
    int i = 1;
    if (chain) st->Bind(i++, *chain);
    st->Bind(i, after).Bind(i + 1, kVerifyPage);
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

// Format 1 (before chains): the head of the one chain.
std::string CheckpointMessage(long long seq, std::string_view hash) {
  std::string m(kCheckpointDomain);
  AppendField(m, std::to_string(seq));
  AppendField(m, hash);
  return m;
}

// Format 2: a chain's head and the witness of the other chains' heads.
std::string CheckpointMessageV2(std::string_view chain, long long position, std::string_view hash,
                                std::string_view witness) {
  std::string m(kCheckpointDomainV2);
  AppendField(m, chain);
  AppendField(m, std::to_string(position));
  AppendField(m, hash);
  AppendField(m, witness);
  return m;
}

// One line of a witness: "chain TAB position TAB hex(hash)".
struct Witnessed {
  std::string chain;
  long long position = 0;
  std::string hash;
};

std::string WitnessLine(const Witnessed& w) {
  return w.chain + "\t" + std::to_string(w.position) + "\t" + crypto::ToHex(w.hash.data(), w.hash.size()) + "\n";
}

std::optional<std::vector<Witnessed>> ParseWitness(std::string_view text) {
  std::vector<Witnessed> out;
  for (const std::string& line : Split(text, '\n')) {
    if (line.empty()) continue;
    auto fields = Split(line, '\t');
    long long pos = 0;
    if (fields.size() != 3 || fields[0].empty() || !ParseInt64(fields[1], pos) || pos < 1) return std::nullopt;
    auto hash = crypto::FromHex(fields[2]);
    if (!hash.ok() || hash->size() != kHashBytes) return std::nullopt;
    out.push_back({fields[0], pos, std::move(*hash)});
  }
  return out;
}

Status ValidateChainName(const std::string& chain) {
  if (chain.empty() || chain.size() > kMaxChainName || !IsValidUtf8(chain)) {
    return Status::InvalidArgument("an audit chain name is 1 to 64 bytes of UTF-8", "chain");
  }
  for (unsigned char c : chain) {
    if (c < 0x20 || c == 0x7f) return Status::InvalidArgument("an audit chain name has no control characters", "chain");
  }
  return Status::Ok();
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
  DISRUPT_RETURN_IF_ERROR(ValidateChainName(options.chain));
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
  DISRUPT_RETURN_IF_ERROR(LockChainLocked());
  if (!chain_registered_) DISRUPT_RETURN_IF_ERROR(RegisterChainLocked());
  // The new head goes straight to the checkpoint test: no second read of it.
  DISRUPT_ASSIGN_OR_RETURN(ChainHead head, AppendLocked(events));
  const long long last_seq = events.empty() ? 0 : head.seq;
  DISRUPT_RETURN_IF_ERROR(MaybeCheckpointLocked(false, std::move(head)));
  DISRUPT_RETURN_IF_ERROR(tx.Commit());
  chain_registered_ = true;
  return last_seq;
}

Status AuditLog::RegisterChainLocked() {
  DISRUPT_ASSIGN_OR_RETURN(Statement * reg, db_->Prepare("INSERT INTO audit_chain(chain, started_at) VALUES (?, ?) "
                                                         "ON CONFLICT (chain) DO NOTHING"));
  reg->Bind(1, options_.chain).Bind(2, options_.now());
  return reg->Run();
}

Status AuditLog::LockChainLocked() {
  // SQLite: the write transaction already excludes every other writer.
  if (db_->dialect() != Dialect::kPostgres) return Status::Ok();
  // Writers of this chain take turns, each reading the head after the
  // previous one committed; writers of other chains go on. The lock ends
  // with the transaction.
  DISRUPT_ASSIGN_OR_RETURN(Statement * lock_chain,
                           db_->Prepare("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))"));
  lock_chain->Bind(1, "disrupt-audit-chain:" + options_.chain);
  return lock_chain->Run();
}

Result<AuditLog::ChainHead> AuditLog::ReadHeadLocked(const std::string& chain) {
  DISRUPT_ASSIGN_OR_RETURN(
      Statement * head,
      db_->Prepare("SELECT chain_seq, hash, seq FROM audit_log WHERE chain = ? ORDER BY chain_seq DESC LIMIT 1"));
  head->Bind(1, chain);
  auto has = head->Step();
  if (!has.ok()) {
    head->Reset();
    return has.status();
  }
  ChainHead out{0, std::string(kHashBytes, '\0'), 0};
  if (*has) out = {head->Int(0), head->Blob(1), head->Int(2)};
  head->Reset();
  return out;
}

Result<AuditLog::ChainHead> AuditLog::AppendLocked(const std::vector<AuditEvent>& events) {
  DISRUPT_ASSIGN_OR_RETURN(ChainHead head, ReadHeadLocked(options_.chain));
  const long long at = options_.now();
  DISRUPT_ASSIGN_OR_RETURN(
      Statement * insert,
      db_->Prepare("INSERT INTO audit_log(at, actor, actor_member, action, target, outcome, reason, detail, "
                   "prev_hash, hash, chain, chain_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq"));
  for (const auto& e : events) {
    ++head.position;
    std::string hash = EntryHash(head.hash, at, e);
    insert->Reset();
    insert->Bind(1, at).Bind(2, e.actor).Bind(3, e.actor_member).Bind(4, e.action).Bind(5, e.target);
    insert->Bind(6, ToString(e.outcome)).Bind(7, e.reason).Bind(8, e.detail).BindBlob(9, head.hash);
    insert->BindBlob(10, hash).Bind(11, options_.chain).Bind(12, head.position);
    auto row = insert->Step();
    if (row.ok() && *row) head.seq = insert->Int(0);
    insert->Reset();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Internal("the audit log did not number an appended entry");
    head.hash = std::move(hash);
  }
  return head;
}

Status AuditLog::MaybeCheckpointLocked(bool force, ChainHead head) {
  if (!options_.signing_seed) return Status::Ok();
  if (head.position == 0 && !force) return Status::Ok();
  DISRUPT_ASSIGN_OR_RETURN(Statement * last, db_->Prepare("SELECT chain_seq, signed_at, witness FROM audit_checkpoint "
                                                          "WHERE chain = ? ORDER BY chain_seq DESC LIMIT 1"));
  last->Bind(1, options_.chain);
  auto has_cp = last->Step();
  if (!has_cp.ok()) {
    last->Reset();
    return has_cp.status();
  }
  long long cp_position = *has_cp ? last->Int(0) : 0;
  long long cp_at = *has_cp ? last->Int(1) : 0;
  std::string cp_witness = *has_cp ? last->Text(2) : std::string();
  last->Reset();
  const long long now = options_.now();
  if (!force) {
    if (cp_position >= head.position) return Status::Ok();
    // Before the chain's first checkpoint only the entry count can make one due.
    const bool time_due = *has_cp && now - cp_at >= options_.sign_every_seconds;
    if (head.position - cp_position < options_.sign_every_entries && !time_due) return Status::Ok();
  }
  // The witness: every other chain's head as this transaction sees it.
  std::vector<std::string> others;
  {
    DISRUPT_ASSIGN_OR_RETURN(Statement * chains,
                             db_->Prepare("SELECT chain FROM audit_chain WHERE chain <> ? ORDER BY chain"));
    chains->Bind(1, options_.chain);
    DISRUPT_RETURN_IF_ERROR(chains->ForEachRow([&](const Statement& row) {
      others.push_back(row.Text(0));
      return Status::Ok();
    }));
  }
  std::string witness;
  for (const auto& other : others) {
    DISRUPT_ASSIGN_OR_RETURN(ChainHead h, ReadHeadLocked(other));
    if (h.position > 0) witness += WitnessLine({other, h.position, h.hash});
  }
  if (cp_position >= head.position) {
    // Forced, with this chain's head signed already (or the chain empty):
    // sign again only if other chains moved, anchored by an entry saying so
    // (one checkpoint per entry).
    if (witness == cp_witness) return Status::Ok();
    DISRUPT_RETURN_IF_ERROR(RegisterChainLocked());
    DISRUPT_ASSIGN_OR_RETURN(head, AppendLocked({AuditEvent{"audit", "", action::kCheckpoint, options_.chain,
                                                            Outcome::kInfo, "witness", ""}}));
  }
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> pk{};
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> sk{};
  crypto_sign_seed_keypair(pk.data(), sk.data(), options_.signing_seed->data());
  std::string message = CheckpointMessageV2(options_.chain, head.position, head.hash, witness);
  std::array<unsigned char, crypto_sign_BYTES> sig{};
  crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       sk.data());
  sodium_memzero(sk.data(), sk.size());
  DISRUPT_ASSIGN_OR_RETURN(
      Statement * insert,
      db_->Prepare("INSERT INTO audit_checkpoint(seq, hash, signed_at, public_key, signature, chain, chain_seq, "
                   "witness, format) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 2)"));
  insert->Bind(1, head.seq).BindBlob(2, head.hash).Bind(3, now);
  insert->BindBlob(4, std::string_view(reinterpret_cast<const char*>(pk.data()), pk.size()));
  insert->BindBlob(5, std::string_view(reinterpret_cast<const char*>(sig.data()), sig.size()));
  insert->Bind(6, options_.chain).Bind(7, head.position).Bind(8, witness);
  return insert->Run();
}

Status AuditLog::Checkpoint() {
  auto lock = db_->Lock();
  Transaction tx(*db_);
  DISRUPT_RETURN_IF_ERROR(tx.Begin());
  DISRUPT_RETURN_IF_ERROR(LockChainLocked());
  DISRUPT_ASSIGN_OR_RETURN(ChainHead head, ReadHeadLocked(options_.chain));
  DISRUPT_RETURN_IF_ERROR(MaybeCheckpointLocked(true, std::move(head)));
  return tx.Commit();
}

Result<std::pair<long long, std::string>> AuditLog::Head() {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(ChainHead head, ReadHeadLocked(options_.chain));
  return std::pair<long long, std::string>{head.position, std::move(head.hash)};
}

Result<std::vector<AuditEntry>> AuditLog::Query(const AuditQuery& q) {
  // The WHERE clause is assembled from fixed fragments; every value is bound.
  std::string sql =
      "SELECT seq, at, actor, actor_member, action, target, outcome, reason, detail, prev_hash, hash, chain, "
      "chain_seq FROM audit_log WHERE seq > ?";
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
  DISRUPT_RETURN_IF_ERROR(st->ForEachRow([&](const Statement& row) {
    AuditEntry e;
    e.seq = row.Int(0);
    e.at = row.Int(1);
    e.event.actor = row.Text(2);
    e.event.actor_member = row.Text(3);
    e.event.action = row.Text(4);
    e.event.target = row.Text(5);
    e.event.outcome = ParseOutcome(row.Text(6));
    e.event.reason = row.Text(7);
    e.event.detail = row.Text(8);
    e.prev_hash = row.Blob(9);
    e.hash = row.Blob(10);
    e.chain = row.Text(11);
    e.chain_seq = row.Int(12);
    out.push_back(std::move(e));
    return Status::Ok();
  }));
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
  auto at_entry = [](const std::string& chain, long long pos) {
    return "chain " + chain + ", entry " + Seq(pos);
  };

  // What signed checkpoints say a chain holds: its own head when the writer
  // signed it, or another chain's head that the writer witnessed.
  struct Expect {
    std::string hash;
    std::string by_chain;  // the signer's chain
    long long by_position = 0;
    bool own = false;
    bool seen = false;
  };
  std::map<std::string, std::map<long long, std::vector<Expect>>> expected;  // chain -> position -> ...
  {
    DISRUPT_ASSIGN_OR_RETURN(Statement * st, db_->Prepare("SELECT seq, hash, public_key, signature, chain, chain_seq, "
                                                          "witness, format FROM audit_checkpoint ORDER BY seq"));
    DISRUPT_RETURN_IF_ERROR(st->ForEachRow([&](const Statement& row) {
      const long long seq = row.Int(0);
      std::string hash = row.Blob(1), pk = row.Blob(2), sig = row.Blob(3), chain = row.Text(4);
      const long long position = row.Int(5);
      const std::string witness = row.Text(6);
      const long long format = row.Int(7);
      ++report.checkpoints;
      report.last_checkpoint_seq = std::max(report.last_checkpoint_seq, seq);
      bool good = true;
      if (!public_key.empty()) {
        std::string message = format == 1 ? CheckpointMessage(position, hash)
                                           : CheckpointMessageV2(chain, position, hash, witness);
        good = (format == 1 || format == 2) && pk == public_key && sig.size() == crypto_sign_BYTES &&
               crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.data()),
                                           reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                           reinterpret_cast<const unsigned char*>(public_key.data())) == 0;
        if (!good) {
          report.findings.push_back({Finding::Kind::kBadSignature, position, 0,
                                     "checkpoint at " + at_entry(chain, position) +
                                         ": signature does not verify with the audit public key (forged or "
                                         "altered checkpoint)",
                                     chain});
        }
      }
      // A checkpoint whose signature fails proves nothing: only its finding counts.
      if (!good) return Status::Ok();
      expected[chain][position].push_back({hash, chain, position, true, false});
      auto witnessed = ParseWitness(witness);
      if (!witnessed) {
        report.findings.push_back({Finding::Kind::kCheckpointMismatch, position, 0,
                                   "checkpoint at " + at_entry(chain, position) + ": its witness cannot be read",
                                   chain});
        return Status::Ok();
      }
      for (auto& w : *witnessed) {
        expected[w.chain][w.position].push_back({std::move(w.hash), chain, position, false, false});
      }
      return Status::Ok();
    }));
  }

  // The chains: those with entries, and those a checkpoint speaks of.
  std::vector<std::string> chain_names;
  {
    DISRUPT_ASSIGN_OR_RETURN(Statement * st, db_->Prepare("SELECT DISTINCT chain FROM audit_log"));
    DISRUPT_RETURN_IF_ERROR(st->ForEachRow([&](const Statement& row) {
      chain_names.push_back(row.Text(0));
      return Status::Ok();
    }));
    for (const auto& [name, unused] : expected) chain_names.push_back(name);
    std::sort(chain_names.begin(), chain_names.end());
    chain_names.erase(std::unique(chain_names.begin(), chain_names.end()), chain_names.end());
  }

  // Pass 1, chain by chain: local checks. A link break is kept for
  // classification in pass 2.
  struct Break {
    std::string chain;
    long long position, prev_position, prev_prev_position;
    std::string prev_hash;
  };
  std::vector<Break> breaks;
  for (const std::string& chain : chain_names) {
    ChainReport cr;
    cr.chain = chain;
    auto& wanted = expected[chain];
    long long prev_pos = 0, prev_prev_pos = 0;
    std::string prev_hash(kHashBytes, '\0');
    long long last_matching = 0;
    DISRUPT_RETURN_IF_ERROR(ForEachPage(
        *db_,
        "SELECT chain_seq, at, actor, actor_member, action, target, outcome, reason, detail, prev_hash, hash, seq "
        "FROM audit_log WHERE chain = ? AND chain_seq > ? ORDER BY chain_seq LIMIT ?",
        chain, [&](const Statement& row) {
          const Statement* st = &row;
          ++cr.entries;
          const long long pos = st->Int(0);
          const long long at = st->Int(1);
          AuditEvent e{st->Text(2), st->Text(3), st->Text(4), st->Text(5), ParseOutcome(st->Text(6)), st->Text(7),
                       st->Text(8)};
          const std::string stored_prev = st->Blob(9), stored_hash = st->Blob(10);
          report.last_seq = std::max(report.last_seq, st->Int(11));
          if (pos != prev_pos + 1) {
            report.findings.push_back(
                {Finding::Kind::kRemoved, prev_pos + 1, pos - 1,
                 pos - prev_pos == 2
                     ? at_entry(chain, prev_pos + 1) + " was removed"
                     : "chain " + chain + ", entries " + Seq(prev_pos + 1) + " to " + Seq(pos - 1) + " were removed",
                 chain});
          } else if (stored_prev != prev_hash) {
            breaks.push_back({chain, pos, prev_pos, prev_prev_pos, stored_prev});
          }
          if (EntryHash(stored_prev, at, e) != stored_hash || ToString(e.outcome) != st->Text(6)) {
            report.findings.push_back({Finding::Kind::kChanged, pos, 0,
                                       at_entry(chain, pos) + ": content changed since it was written", chain});
          }
          if (auto it = wanted.find(pos); it != wanted.end()) {
            for (Expect& x : it->second) {
              x.seen = true;
              if (x.hash == stored_hash) {
                last_matching = pos;
                continue;
              }
              std::string who = x.own ? "checkpoint at " + at_entry(chain, pos)
                                      : "the checkpoint at " + at_entry(x.by_chain, x.by_position) +
                                            " witnessed " + at_entry(chain, pos) + " but it";
              report.findings.push_back({Finding::Kind::kCheckpointMismatch, pos, last_matching,
                                         who + " does not match the log: entries after " + Seq(last_matching) +
                                             " up to " + Seq(pos) + " were rewritten and their hashes recomputed",
                                         chain});
            }
          }
          prev_prev_pos = prev_pos;
          prev_pos = pos;
          prev_hash = stored_hash;
        }));
    cr.head = prev_pos;
    cr.last_signed = std::min(last_matching, cr.head);
    for (const auto& [pos, list] : wanted) {
      auto unseen = std::find_if(list.begin(), list.end(), [](const Expect& x) { return !x.seen; });
      if (unseen == list.end()) continue;
      std::string by = unseen->own ? "a checkpoint of that chain"
                                   : "the checkpoint at " + at_entry(unseen->by_chain, unseen->by_position);
      if (pos > cr.head) {
        report.findings.push_back(
            {Finding::Kind::kTruncated, cr.head, pos,
             (cr.head == 0 ? "every entry of chain " + chain + " was removed"
                           : "chain " + chain + ", entries after " + Seq(cr.head) + " were removed") +
                 ": " + by + " covered up to " + Seq(pos),
             chain});
        break;
      }
      report.findings.push_back({Finding::Kind::kCheckpointMismatch, pos, 0,
                                 by + " covered " + at_entry(chain, pos) + ": that entry is missing", chain});
    }
    cr.unsigned_tail = cr.head - cr.last_signed;
    report.entries += cr.entries;
    report.unsigned_tail += cr.unsigned_tail;
    report.chains.push_back(std::move(cr));
  }

  // Pass 2: classify each break by finding where its prev_hash came from.
  if (!breaks.empty()) {
    struct Source {
      std::string chain;
      long long position = 0;
    };
    std::map<std::string, std::optional<Source>> sources;
    for (const auto& b : breaks) sources.emplace(b.prev_hash, std::nullopt);
    DISRUPT_RETURN_IF_ERROR(ForEachPage(*db_, "SELECT seq, hash, chain, chain_seq FROM audit_log WHERE seq > ? "
                                              "ORDER BY seq LIMIT ?",
                                        std::nullopt, [&](const Statement& st) {
                                          auto it = sources.find(st.Blob(1));
                                          if (it != sources.end() && !it->second) {
                                            it->second = Source{st.Text(2), st.Int(3)};
                                          }
                                        }));
    for (const auto& b : breaks) {
      const auto& source = sources[b.prev_hash];
      if (!source && b.prev_hash == std::string(kHashBytes, '\0')) {
        report.findings.push_back({Finding::Kind::kInserted, b.prev_position, 0,
                                   "chain " + b.chain + ", entries up to " + Seq(b.prev_position) +
                                       " were inserted before the first entry",
                                   b.chain});
      } else if (!source) {
        report.findings.push_back({Finding::Kind::kRemoved, b.position, b.prev_position,
                                   at_entry(b.chain, b.position) + " does not follow entry " + Seq(b.prev_position) +
                                       ": an entry between them was removed (and later entries renumbered), or "
                                       "entry " + Seq(b.prev_position) + " was altered and its hash recomputed",
                                   b.chain});
      } else if (source->chain == b.chain && source->position == b.prev_prev_position && b.prev_prev_position != 0) {
        report.findings.push_back({Finding::Kind::kInserted, b.prev_position, 0,
                                   at_entry(b.chain, b.prev_position) + " was inserted: it is not part of the chain",
                                   b.chain});
      } else {
        report.findings.push_back({Finding::Kind::kReordered, b.position, source->position,
                                   at_entry(b.chain, b.position) + " was moved: it was written after " +
                                       at_entry(source->chain, source->position),
                                   b.chain});
      }
    }
  }
  std::stable_sort(report.findings.begin(), report.findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.chain, a.seq) < std::tie(b.chain, b.seq);
  });
  return report;
}

}  // namespace disrupt::audit
