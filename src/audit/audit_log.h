// AuditLog: the append-only, tamper-evident record of who did what.
//
// Every sign-in, read of a record, write, export, release step and denial is
// appended as an AuditEvent. An entry holds only identifiers and decisions:
// the principal (user id and member), the action, the target's id, the
// decision (allow/deny) and its stable reason code, and a short detail such
// as a request id. It never holds record contents, passwords, session ids or
// tokens; Append refuses a detail longer than kMaxDetail so that nothing
// bulky slips in.
//
// Tamper evidence (docs/security-model.md, "Audit"):
//  - hash chains: the log is made of chains, one per writer that names its
//    own (AuditOptions::chain: each portal server has one, the CLI writes to
//    "main"). Entry n of a chain stores prev = hash(n-1 of that chain) and
//      hash(n) = BLAKE2b-256("disrupt-audit-v1" || prev || fields of n)
//    with fields length-prefixed, so changing, removing, inserting or
//    reordering an entry breaks its chain at a place Verify can name;
//  - signed checkpoints: at intervals (every `sign_every_entries` entries or
//    `sign_every_seconds`, and on Checkpoint()) a writer signs its chain's
//    head (chain, position, hash) with Ed25519 under a key kept outside the
//    database, together with the heads of every other chain as it sees them
//    (the witness). Someone who can write the database can recompute a whole
//    chain, but cannot sign: Verify then reports the checkpoint that no
//    longer matches. Because each checkpoint witnesses the other chains,
//    removing a whole chain, or the end of one, is caught by the checkpoints
//    of the chains that saw it.
//  Entries after the last checkpoint or witness of their chain are
//  protected by the chain only; Verify reports how many there are.
//
// Storage: tables audit_log, audit_checkpoint and audit_chain in the
// catalogue database, through its own connection (security_db.h): the
// SQLite file, or the PostgreSQL database when the catalogue is there.
// Several processes (portal servers, the CLI) may append to one log at once:
// writers of different chains do not wait for one another (on PostgreSQL
// each takes a transaction-scoped advisory lock on its chain only); writers
// sharing a chain take turns, each reading the head after the previous one
// committed. Positions within a chain have no gaps: a rolled-back append
// leaves nothing behind. `seq` numbers every entry of the log for queries;
// on PostgreSQL it may have gaps, and an entry may commit after one with a
// higher seq from another chain.
//
// Thread safety: all methods may be called from several threads.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/sqlite_db.h"  // and security_db.h
#include "core/status.h"
#include "crypto/keys.h"

namespace disrupt::audit {

inline constexpr size_t kMaxDetail = 256;

// Actions written by the subsystems. Others may be added; keep them short,
// lower case, dotted.
namespace action {
inline constexpr const char* kSignIn = "auth.sign_in";
inline constexpr const char* kSignOut = "auth.sign_out";
inline constexpr const char* kTokenUse = "auth.token";
inline constexpr const char* kUserAdmin = "auth.user";
inline constexpr const char* kRead = "record.read";
inline constexpr const char* kWrite = "record.write";
inline constexpr const char* kDelete = "record.delete";
inline constexpr const char* kExport = "record.export";
inline constexpr const char* kSearch = "record.search";
inline constexpr const char* kRelease = "release";
inline constexpr const char* kRetention = "retention";
inline constexpr const char* kBackup = "backup";
inline constexpr const char* kCheckpoint = "audit.checkpoint";
}  // namespace action

enum class Outcome { kAllow, kDeny, kInfo };
std::string_view ToString(Outcome o);

// What a caller appends.
struct AuditEvent {
  std::string actor;         // user id, "token:<id>", or "cli:<os user>"
  std::string actor_member;  // the actor's member code, may be empty
  std::string action;        // see namespace action
  std::string target;        // record id, user id, request id ...; may be empty
  Outcome outcome = Outcome::kInfo;
  std::string reason;        // policy reason code, or e.g. "bad_password"
  std::string detail;        // short: request id, client address; no contents
};

// A stored entry.
struct AuditEntry {
  long long seq = 0;  // numbers the whole log, in append order
  std::string chain;  // the writer's chain, and the entry's position in it
  long long chain_seq = 0;
  long long at = 0;   // Unix seconds
  AuditEvent event;
  std::string prev_hash;  // 32 bytes
  std::string hash;       // 32 bytes
};

struct AuditQuery {
  std::string actor;         // exact, empty = any
  std::string actor_member;  // exact
  std::string action;        // exact or prefix ending in '.' ("record.")
  std::string target;        // exact
  std::optional<Outcome> outcome;
  long long from = 0;        // Unix seconds, inclusive; 0 = open
  long long to = 0;          // Unix seconds, inclusive; 0 = open
  long long after_seq = 0;   // pagination: entries with seq > after_seq
  size_t limit = 100;        // at most 10000
};

// One problem Verify found, located: positions are within `chain`.
struct Finding {
  enum class Kind {
    kChanged,             // the entry's content no longer matches its hash
    kRemoved,             // entries `seq`..`other_seq` are missing (or, with no gap
                          // in numbering, an entry before `seq` was removed)
    kInserted,            // the entry at `seq` was not part of the chain
    kReordered,           // the entry at `seq` belongs after entry `other_seq`
    kCheckpointMismatch,  // a signed checkpoint or witness no longer matches the chain
    kBadSignature,        // a checkpoint's signature does not verify
    kTruncated,           // entries after `seq` that a checkpoint or witness covered are gone
  };
  Kind kind;
  long long seq = 0;
  long long other_seq = 0;
  std::string message;  // one line, for people
  std::string chain;
};
std::string_view ToString(Finding::Kind k);

// One chain as Verify found it.
struct ChainReport {
  std::string chain;
  long long entries = 0;
  long long head = 0;             // position of its last entry
  long long last_signed = 0;      // highest position a valid checkpoint or witness covers
  long long unsigned_tail = 0;    // entries after it
};

struct VerifyReport {
  long long entries = 0;
  long long last_seq = 0;            // highest seq in the log
  long long checkpoints = 0;         // checkpoints checked
  long long last_checkpoint_seq = 0; // seq of the entry the newest checkpoint signed
  long long unsigned_tail = 0;       // entries after the last checkpoint or witness of their chain
  bool signatures_checked = false;   // false when no public key was given
  std::vector<ChainReport> chains;   // by name
  std::vector<Finding> findings;
  bool ok() const { return findings.empty(); }
};

struct AuditOptions {
  // The chain this writer appends to: at most 64 bytes of UTF-8 without
  // control characters. Writers that append at the same time should each
  // have their own, or they take turns.
  std::string chain = "main";
  // The Ed25519 signing key's 32-byte seed. Without it nothing is signed
  // (Verify then relies on the chains alone); the server should always have one.
  std::optional<crypto::SecretKey> signing_seed;
  long long sign_every_entries = 256;
  long long sign_every_seconds = 60;
  // Clock (Unix seconds); tests inject their own.
  std::function<long long()> now;
  // SQLite: this connection never runs the automatic WAL checkpoint (which
  // copies pages into the database file and flushes it inside a commit);
  // whoever sets it runs checkpoints elsewhere (server/wal_checkpointer.h).
  bool no_automatic_checkpoint = false;
};

// The Ed25519 public key (32 bytes) belonging to a signing seed, for Verify.
std::string PublicKeyFromSeed(const crypto::SecretKey& seed);

class AuditLog {
 public:
  // Opens the log at `path`: a SQLite file or a postgresql:// store URI
  // (PathFromStoreUri), creating or upgrading its tables. kInvalidArgument
  // for a chain name that is empty, too long or holds control characters.
  static Result<std::unique_ptr<AuditLog>> Open(const std::string& path, AuditOptions options = {});

  // Appends one entry (or a batch, in one transaction) and signs a checkpoint
  // when one is due. kInvalidArgument for an empty action or an oversized
  // detail. Returns the seq of the (last) entry.
  Result<long long> Append(const AuditEvent& event);
  Result<long long> AppendBatch(const std::vector<AuditEvent>& events);
  // Signs this writer's chain head now, with the witness of the other chains
  // (no-op without a key, or when nothing changed since the last checkpoint).
  // When this chain's head is signed already, or the chain is empty, and
  // other chains moved on, an audit.checkpoint entry is appended first to
  // anchor the new witness.
  Status Checkpoint();

  // Entries matching `query`, by seq ascending.
  Result<std::vector<AuditEntry>> Query(const AuditQuery& query);
  // The head of this writer's chain: (position, hash); (0, 32 zero bytes)
  // while the chain is empty.
  Result<std::pair<long long, std::string>> Head();

  // Walks the whole log and its checkpoints. `public_key` (32 bytes) checks
  // the signatures; empty skips them (signatures_checked = false). Problems
  // are findings, not errors: the Status fails only when the log cannot be
  // read at all. O(n) time, O(number of breaks) memory.
  Result<VerifyReport> Verify(const std::string& public_key);

 private:
  AuditLog(std::unique_ptr<SecurityDb> db, AuditOptions options);
  struct ChainHead {
    long long position = 0;  // 0 for an empty chain
    std::string hash;        // 32 zero bytes for an empty chain
    long long seq = 0;
  };
  Status LockChainLocked();
  Status RegisterChainLocked();
  Result<ChainHead> ReadHeadLocked(const std::string& chain);
  // Appends after the chain's head; returns the new head.
  Result<ChainHead> AppendLocked(const std::vector<AuditEvent>& events);
  // Signs `head` (this chain's, as the transaction sees it) when due or forced.
  Status MaybeCheckpointLocked(bool force, ChainHead head);
  std::unique_ptr<SecurityDb> db_;
  AuditOptions options_;
  bool chain_registered_ = false;  // guarded by db_'s lock
};

}  // namespace disrupt::audit
