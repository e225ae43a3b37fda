// disrupt migrate: moves a whole catalogue from one store to another (SQLite
// to PostgreSQL when a deployment grows to several portal servers, or back),
// then verifies the copy.
//
// What moves: every record (with its version and last-update time), the
// members, the named groups, the vocabulary terms administrators added, and
// the settings; and the security tables kept beside the catalogue in the
// same database (audit/security_db.h): user accounts, sessions, API tokens,
// the audit log with its signed checkpoints, the release registry, and the
// portal's resolution, deconfliction and watchlist state. The destination
// must hold no records and empty security tables. Records are written in
// batches of --batch in one transaction each; references are not
// re-checked (the source was consistent, and a batch in id order may name
// entities of a later batch). Security tables are copied row for row, page
// by page in key order, each page in one transaction; ids keep their values
// (and PostgreSQL's identity sequences continue after them), so the audit
// chain and its checkpoint signatures stay valid.
//
// Verification reads both sides back and compares, per table, the number
// of rows and a BLAKE2b-256 digest of their canonical form (records as the
// project's JSON, in id order; members, groups, terms and settings sorted by
// key; each security table as the sorted digests of its rows, so that the
// two databases' collations do not matter). The destination's audit chain is
// then verified (chain only; `disrupt audit verify` checks the signatures
// with the public key). Any difference exits with the data-loss code.
//
// Adding a column to a security table means adding it to kSecurityTables
// below; the migrate integration test fails until then (its digests compare
// whole rows read by each subsystem's own queries).
#include <sodium.h>

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "audit/audit_log.h"
#include "audit/security_db.h"
#include "auth/auth.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "core/text.h"
#include "deconflict/portal_state.h"
#include "policy/release.h"

namespace disrupt::cli {

namespace {

// A streaming BLAKE2b-256 over length-prefixed items, so that item
// boundaries are part of what is hashed.
class Digest {
 public:
  Digest() { crypto_generichash_init(&state_, nullptr, 0, crypto_generichash_BYTES); }
  void Add(std::string_view item) {
    unsigned char len[8];
    uint64_t n = item.size();
    for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(n >> (8 * i));
    crypto_generichash_update(&state_, len, sizeof len);
    crypto_generichash_update(&state_, reinterpret_cast<const unsigned char*>(item.data()), item.size());
    ++count_;
  }
  long long count() const { return count_; }
  std::string Hex() {
    unsigned char out[crypto_generichash_BYTES];
    crypto_generichash_final(&state_, out, sizeof out);
    char hex[2 * crypto_generichash_BYTES + 1];
    sodium_bin2hex(hex, sizeof hex, out, sizeof out);
    return hex;
  }

 private:
  crypto_generichash_state state_;
  long long count_ = 0;
};

struct TableDigest {
  std::string table;
  long long rows = 0;
  std::string digest;
};

// Count and digest of every table of `store`, read through the Store interface.
Result<std::vector<TableDigest>> DigestCatalogue(store::Store& store) {
  std::vector<TableDigest> out;
  {
    Digest d;
    Status s = store.Scan({}, [&](model::Record&& r) {
      d.Add(model::ToJson(r).dump());
      return true;
    });
    DISRUPT_RETURN_IF_ERROR(s);
    out.push_back({"records", d.count(), d.Hex()});
  }
  {
    DISRUPT_ASSIGN_OR_RETURN(auto members, store.Members());
    std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.code < b.code; });
    Digest d;
    for (const auto& m : members) {
      d.Add(nlohmann::json{m.code, m.name, model::ToString(m.kind), model::ToString(m.role), m.ad_hoc_group}.dump());
    }
    out.push_back({"members", d.count(), d.Hex()});
  }
  {
    DISRUPT_ASSIGN_OR_RETURN(auto groups, store.Groups());
    Digest d;
    for (const auto& [name, members] : groups) d.Add(nlohmann::json{name, members}.dump());
    out.push_back({"groups", d.count(), d.Hex()});
  }
  {
    DISRUPT_ASSIGN_OR_RETURN(auto terms, store.AddedTerms());
    std::sort(terms.begin(), terms.end(), [](const auto& a, const auto& b) {
      return std::tie(a.vocabulary, a.term) < std::tie(b.vocabulary, b.term);
    });
    Digest d;
    for (const auto& t : terms) d.Add(nlohmann::json{t.vocabulary, t.term, t.label}.dump());
    out.push_back({"vocabulary_terms", d.count(), d.Hex()});
  }
  {
    DISRUPT_ASSIGN_OR_RETURN(auto settings, store.Settings());
    Digest d;
    for (const auto& [k, v] : settings) d.Add(nlohmann::json{k, v}.dump());
    out.push_back({"settings", d.count(), d.Hex()});
  }
  return out;
}

// Copies everything but the records, then the records in batches.
Status CopyCatalogue(store::Store& from, store::Store& to, size_t batch_size, long long& copied) {
  DISRUPT_ASSIGN_OR_RETURN(auto members, from.Members());
  DISRUPT_RETURN_IF_ERROR(to.PutMembers(members).WithContext("members"));
  DISRUPT_ASSIGN_OR_RETURN(auto groups, from.Groups());
  for (const auto& [name, codes] : groups) DISRUPT_RETURN_IF_ERROR(to.PutGroup(name, codes).WithContext("groups"));
  DISRUPT_ASSIGN_OR_RETURN(auto terms, from.AddedTerms());
  for (const auto& t : terms) DISRUPT_RETURN_IF_ERROR(to.AddTerm(t).WithContext("vocabulary terms"));
  DISRUPT_ASSIGN_OR_RETURN(auto settings, from.Settings());
  for (const auto& [k, v] : settings) DISRUPT_RETURN_IF_ERROR(to.PutSetting(k, v).WithContext("settings"));

  store::PutOptions options;
  options.check_references = false;
  options.keep_versions = true;
  std::vector<model::Record> batch;
  Status write_status;
  auto flush = [&] {
    if (batch.empty()) return true;
    write_status = to.Put(batch, options);
    if (!write_status.ok()) return false;
    copied += static_cast<long long>(batch.size());
    batch.clear();
    std::cerr << "\rdisrupt migrate: " << copied << " records copied" << std::flush;
    return true;
  };
  Status s = from.Scan({}, [&](model::Record&& r) {
    batch.push_back(std::move(r));
    return batch.size() < batch_size || flush();
  });
  if (s.ok() && write_status.ok()) flush();
  if (copied) std::cerr << "\n";
  DISRUPT_RETURN_IF_ERROR(s.WithContext("reading records"));
  return write_status.ok() ? Status::Ok() : write_status.WithContext("writing records");
}

// ---- Security tables ---------------------------------------------------------

enum class ColumnKind { kInt, kText, kBlob };

struct Column {
  const char* name;
  ColumnKind kind;
};

struct SecurityTable {
  const char* name;
  // The primary key (one column, the first of `columns`): pages are read in
  // its order.
  std::vector<Column> columns;
  // An integer key PostgreSQL numbers with an identity column.
  bool identity = false;
};

constexpr ColumnKind I = ColumnKind::kInt;
constexpr ColumnKind T = ColumnKind::kText;
constexpr ColumnKind B = ColumnKind::kBlob;

// Every table the security subsystems keep (auth, audit, policy's release
// registry, deconflict's portal state), in an order that satisfies their
// foreign keys.
const std::vector<SecurityTable>& SecurityTables() {
  static const std::vector<SecurityTable> tables = {
      {"auth_user",
       {{"id", T}, {"display_name", T}, {"member", T}, {"agency", T}, {"roles", T}, {"clearance_level", T},
        {"clearance_granted_by", T}, {"clearance_expires", T}, {"compartments", T}, {"disabled", I},
        {"totp_required", I}, {"created_at", I}, {"password_hash", T}, {"totp_secret", T}, {"totp_last_step", I},
        {"failures", I}, {"locked_until", I}, {"totp_enrol_until", I}}},
      {"auth_session", {{"id_hash", B}, {"user_id", T}, {"created_at", I}, {"last_seen", I}, {"client", T}}},
      {"auth_token",
       {{"id", T}, {"hash", B}, {"user_id", T}, {"name", T}, {"scopes", T}, {"created_at", I}, {"expires_at", I},
        {"revoked_at", I}, {"last_used", I}}},
      {"audit_chain", {{"chain", T}, {"started_at", I}}},
      {"audit_log",
       {{"seq", I}, {"at", I}, {"actor", T}, {"actor_member", T}, {"action", T}, {"target", T}, {"outcome", T},
        {"reason", T}, {"detail", T}, {"prev_hash", B}, {"hash", B}, {"chain", T}, {"chain_seq", I}},
       true},
      {"audit_checkpoint",
       {{"seq", I}, {"hash", B}, {"signed_at", I}, {"public_key", B}, {"signature", B}, {"chain", T},
        {"chain_seq", I}, {"witness", T}, {"format", I}}},
      {"release_request",
       {{"id", I}, {"record_id", T}, {"originator", T}, {"requester", T}, {"requester_member", T},
        {"justification", T}, {"state", T}, {"created_at", I}, {"decided_by", T}, {"decision_reason", T},
        {"decided_at", I}},
       true},
      {"release_grant",
       {{"id", I}, {"record_id", T}, {"originator", T}, {"kind", T}, {"grantee", T}, {"granted_by", T},
        {"reason", T}, {"request_id", I}, {"granted_at", I}, {"revoked_at", I}},
       true},
      {"release_agreement",
       {{"id", I}, {"party_a", T}, {"party_b", T}, {"a_to_b", I}, {"b_to_a", I}, {"max_classification", T},
        {"reference", T}, {"recorded_by", T}, {"recorded_at", I}, {"ended_at", I}},
       true},
      {"resolution_decision",
       {{"seq", I}, {"a", T}, {"b", T}, {"verdict", T}, {"analyst", T}, {"at", I}, {"note", T}},
       true},
      {"resolution_state", {{"name", T}, {"body", B}}},
      {"deconflict_upload",
       {{"member", T}, {"key_id", T}, {"records", I}, {"uploaded_by", T}, {"uploaded_at", I}, {"body", B}}},
      {"deconflict_hit",
       {{"id", I}, {"member_a", T}, {"ref_a", T}, {"member_b", T}, {"ref_b", T}, {"kind", T}, {"strength_ppm", I},
        {"created_at", I}},
       true},
      {"watch_selector",
       {{"id", T}, {"member", T}, {"kind", T}, {"value", T}, {"country", T}, {"created_by", T}, {"created_at", I}}},
      {"watch_alert",
       {{"id", I}, {"selector_id", T}, {"watch_member", T}, {"record_id", T}, {"record_member", T}, {"kind", T},
        {"strength_ppm", I}, {"created_at", I}},
       true},
  };
  return tables;
}

constexpr long long kSecurityPage = 1000;

// One column's value, as read from one database and written to the other.
struct Value {
  bool null = false;
  long long integer = 0;
  std::string bytes;  // text or blob
};

using Row = std::vector<Value>;

std::string ColumnList(const SecurityTable& t) {
  std::string out;
  for (const auto& c : t.columns) {
    if (!out.empty()) out += ", ";
    out += c.name;
  }
  return out;
}

void BindValue(audit::Statement* st, int index, ColumnKind kind, const Value& v) {
  if (v.null) {
    st->BindNull(index);
  } else if (kind == ColumnKind::kInt) {
    st->Bind(index, v.integer);
  } else if (kind == ColumnKind::kText) {
    st->Bind(index, v.bytes);
  } else {
    st->BindBlob(index, v.bytes);
  }
}

// Reads `t` page by page in key order; `visit` receives each page.
Status ForEachPage(audit::SecurityDb& db, const SecurityTable& t, const std::function<Status(std::vector<Row>&)>& visit) {
  const std::string columns = ColumnList(t);
  const std::string key = t.columns[0].name;
  const std::string first = "SELECT " + columns + " FROM " + t.name + " ORDER BY " + key + " LIMIT ?";
  const std::string next =
      "SELECT " + columns + " FROM " + t.name + " WHERE " + key + " > ? ORDER BY " + key + " LIMIT ?";
  std::optional<Value> after;
  for (;;) {
    std::vector<Row> page;
    {
      auto lock = db.Lock();
      DISRUPT_ASSIGN_OR_RETURN(audit::Statement * st, db.Prepare(after ? next : first));
      if (after) {
        BindValue(st, 1, t.columns[0].kind, *after);
        st->Bind(2, kSecurityPage);
      } else {
        st->Bind(1, kSecurityPage);
      }
      for (;;) {
        auto more = st->Step();
        if (!more.ok()) {
          st->Reset();
          return more.status().WithContext(std::string("reading ") + t.name);
        }
        if (!*more) break;
        Row row(t.columns.size());
        for (size_t i = 0; i < t.columns.size(); ++i) {
          int c = static_cast<int>(i);
          Value& v = row[i];
          v.null = st->IsNull(c);
          if (v.null) continue;
          switch (t.columns[i].kind) {
            case ColumnKind::kInt: v.integer = st->Int(c); break;
            case ColumnKind::kText: v.bytes = st->Text(c); break;
            case ColumnKind::kBlob: v.bytes = st->Blob(c); break;
          }
        }
        page.push_back(std::move(row));
      }
      st->Reset();
    }
    if (page.empty()) return Status::Ok();
    after = page.back()[0];
    bool last = static_cast<long long>(page.size()) < kSecurityPage;
    DISRUPT_RETURN_IF_ERROR(visit(page));
    if (last) return Status::Ok();
  }
}

// Creates (or brings up to date) every security table at `location`.
Status CreateSecurityTables(const std::string& location) {
  DISRUPT_RETURN_IF_ERROR(auth::SqlAuthStore::Open(location).status());
  DISRUPT_ASSIGN_OR_RETURN(auto log, audit::AuditLog::Open(location));
  DISRUPT_RETURN_IF_ERROR(policy::ReleaseRegistry::Open(location, log.get()).status());
  DISRUPT_RETURN_IF_ERROR(deconflict::PortalState::Open(location).status());
  return Status::Ok();
}

Result<long long> CountRows(audit::SecurityDb& db, const SecurityTable& t) {
  auto lock = db.Lock();
  DISRUPT_ASSIGN_OR_RETURN(audit::Statement * st, db.Prepare(std::string("SELECT count(*) FROM ") + t.name));
  DISRUPT_ASSIGN_OR_RETURN(bool row, st->Step());
  long long n = row ? st->Int(0) : 0;
  st->Reset();
  return n;
}

// Copies every security table from `from` to `to` (both created first);
// `to` must hold no rows in any of them.
Status CopySecurityTables(audit::SecurityDb& from, audit::SecurityDb& to) {
  for (const auto& t : SecurityTables()) {
    DISRUPT_ASSIGN_OR_RETURN(long long existing, CountRows(to, t));
    if (existing > 0) {
      return Status::FailedPrecondition("the destination's " + std::string(t.name) + " already holds " +
                                            std::to_string(existing) + " rows: migrate into an empty database",
                                        "to");
    }
  }
  for (const auto& t : SecurityTables()) {
    std::string insert = std::string("INSERT INTO ") + t.name + " (" + ColumnList(t) + ") VALUES (";
    for (size_t i = 0; i < t.columns.size(); ++i) insert += i ? ", ?" : "?";
    insert += ")";
    long long copied = 0;
    DISRUPT_RETURN_IF_ERROR(ForEachPage(from, t, [&](std::vector<Row>& page) -> Status {
      auto lock = to.Lock();
      audit::Transaction tx(to);
      DISRUPT_RETURN_IF_ERROR(tx.Begin());
      for (const Row& row : page) {
        DISRUPT_ASSIGN_OR_RETURN(audit::Statement * st, to.Prepare(insert));
        for (size_t i = 0; i < row.size(); ++i) BindValue(st, static_cast<int>(i) + 1, t.columns[i].kind, row[i]);
        Status s = st->Run();
        st->Reset();
        DISRUPT_RETURN_IF_ERROR(s.WithContext(std::string("writing ") + t.name));
      }
      copied += static_cast<long long>(page.size());
      return tx.Commit();
    }));
    if (t.identity && copied > 0 && to.dialect() == audit::Dialect::kPostgres) {
      // Rows came with their ids: the identity sequence continues after them.
      const std::string key = t.columns[0].name;
      auto lock = to.Lock();
      DISRUPT_ASSIGN_OR_RETURN(audit::Statement * st,
                               to.Prepare(std::string("SELECT setval(pg_get_serial_sequence(?, ?), (SELECT max(") +
                                          key + ") FROM " + t.name + "))"));
      st->Bind(1, t.name).Bind(2, key);
      Status s = st->Run();
      st->Reset();
      DISRUPT_RETURN_IF_ERROR(s.WithContext(std::string("numbering ") + t.name));
    }
    if (copied) std::cerr << "disrupt migrate: " << copied << " rows of " << t.name << " copied\n";
  }
  return Status::Ok();
}

// Count and digest of each security table: the sorted BLAKE2b digests of
// its rows (so that the order the database sorts text keys in does not
// matter), digested in turn.
Result<std::vector<TableDigest>> DigestSecurityTables(audit::SecurityDb& db) {
  std::vector<TableDigest> out;
  for (const auto& t : SecurityTables()) {
    std::vector<std::string> rows;
    DISRUPT_RETURN_IF_ERROR(ForEachPage(db, t, [&](std::vector<Row>& page) -> Status {
      for (const Row& row : page) {
        Digest d;
        for (size_t i = 0; i < row.size(); ++i) {
          const Value& v = row[i];
          d.Add(v.null ? "N" : t.columns[i].kind == ColumnKind::kInt ? "I" + std::to_string(v.integer) : "V" + v.bytes);
        }
        rows.push_back(d.Hex());
      }
      return Status::Ok();
    }));
    std::sort(rows.begin(), rows.end());
    Digest d;
    for (const auto& r : rows) d.Add(r);
    out.push_back({t.name, d.count(), d.Hex()});
  }
  return out;
}

}  // namespace

int MigrateCommand(const Argv& argv) {
  Args args("migrate",
            "Move a whole catalogue (records, members, groups, vocabulary terms, settings, and beside them the "
            "users, sessions, API tokens, audit log, release registry and the portal's resolution, deconfliction "
            "and watchlist state) from one database to an empty one, then verify both hold the same: row counts "
            "and a digest per table, and the destination's audit chain.");
  args.Option("from", "Source store: a SQLite path, sqlite:PATH or postgresql://...")
      .Option("to", "Destination store (must hold no records, users or audit entries): sqlite:PATH or postgresql://...")
      .Option("batch", "Records per transaction", "1000")
      .Option("field-key",
              "Field key file of a catalogue whose sensitive fields are encrypted at rest (or $DISRUPT_FIELD_KEY / "
              "$DISRUPT_FIELD_KEY_FILE); both stores use it")
      .Flag("verify-only", "Copy nothing: only compare the two stores")
      .Flag("json", "Print the verification as JSON")
      .Epilog(
          "examples:\n"
          "  disrupt migrate --from sqlite:data/catalogue.db --to 'postgresql://disrupt@db/disrupt'\n"
          "  disrupt migrate --from 'postgresql:///disrupt?host=/run/postgresql' --to sqlite:copy.db\n\n"
          "Stop the portal servers first: what they write during the move would not be copied.\n");
  Status s = args.Parse(argv);
  if (!s.ok()) return Fail("migrate", s);
  if (args.help_requested()) {
    std::cout << args.Help();
    return 0;
  }
  std::string from_uri = args.Get("from"), to_uri = args.Get("to");
  if (from_uri.empty()) return Fail("migrate", Status::InvalidArgument("--from is required", "from"));
  if (to_uri.empty()) return Fail("migrate", Status::InvalidArgument("--to is required", "to"));
  if (from_uri == to_uri) {
    return Fail("migrate", Status::InvalidArgument("--from and --to name the same store", "to"));
  }
  auto batch = args.GetInt("batch");
  if (!batch.ok()) return Fail("migrate", batch.status());
  if (*batch < 1 || *batch > 100000) {
    return Fail("migrate", Status::InvalidArgument("--batch must be from 1 to 100000", "batch"));
  }
  auto open_options = StoreOpenOptions(args.Get("field-key"));
  if (!open_options.ok()) return Fail("migrate", open_options.status());
  auto from = store::Store::Open(from_uri, *open_options);
  if (!from.ok()) return Fail("migrate", from.status().WithContext("opening --from"));
  auto to = store::Store::Open(to_uri, *open_options);
  if (!to.ok()) return Fail("migrate", to.status().WithContext("opening --to"));

  if (!args.Has("verify-only")) {
    auto stats = (*to)->Stats();
    if (!stats.ok()) return Fail("migrate", stats.status().WithContext("reading --to"));
    long long existing = stats->entities + stats->links + stats->events;
    if (existing > 0) {
      return Fail("migrate", Status::FailedPrecondition("the destination already holds " + std::to_string(existing) +
                                                            " records: migrate into an empty catalogue",
                                                        "to"));
    }
  }
  // The security tables: created on both sides if missing (they are then
  // empty), so that both can be read and compared.
  auto from_security = audit::PathFromStoreUri(from_uri);
  if (!from_security.ok()) return Fail("migrate", from_security.status());
  auto to_security = audit::PathFromStoreUri(to_uri);
  if (!to_security.ok()) return Fail("migrate", to_security.status());
  if (Status c = CreateSecurityTables(*from_security); !c.ok()) return Fail("migrate", c.WithContext("opening --from"));
  if (Status c = CreateSecurityTables(*to_security); !c.ok()) return Fail("migrate", c.WithContext("opening --to"));
  auto from_db = audit::OpenSecurityDb(*from_security);
  if (!from_db.ok()) return Fail("migrate", from_db.status().WithContext("opening --from"));
  auto to_db = audit::OpenSecurityDb(*to_security);
  if (!to_db.ok()) return Fail("migrate", to_db.status().WithContext("opening --to"));

  if (!args.Has("verify-only")) {
    s = CopySecurityTables(**from_db, **to_db);
    if (!s.ok()) return Fail("migrate", s);
    long long copied = 0;
    s = CopyCatalogue(**from, **to, static_cast<size_t>(*batch), copied);
    if (!s.ok()) return Fail("migrate", s);
  }

  auto a = DigestCatalogue(**from);
  if (!a.ok()) return Fail("migrate", a.status().WithContext("verifying --from"));
  auto b = DigestCatalogue(**to);
  if (!b.ok()) return Fail("migrate", b.status().WithContext("verifying --to"));
  auto sa = DigestSecurityTables(**from_db);
  if (!sa.ok()) return Fail("migrate", sa.status().WithContext("verifying --from"));
  auto sb = DigestSecurityTables(**to_db);
  if (!sb.ok()) return Fail("migrate", sb.status().WithContext("verifying --to"));
  a->insert(a->end(), sa->begin(), sa->end());
  b->insert(b->end(), sb->begin(), sb->end());
  // The destination's audit chain, walked entry by entry.
  auto log = audit::AuditLog::Open(*to_security);
  if (!log.ok()) return Fail("migrate", log.status().WithContext("verifying --to"));
  auto chain = (*log)->Verify("");
  if (!chain.ok()) return Fail("migrate", chain.status().WithContext("verifying --to's audit log"));
  bool same = true;
  nlohmann::json report = nlohmann::json::array();
  for (size_t i = 0; i < a->size(); ++i) {
    const auto& x = (*a)[i];
    const auto& y = (*b)[i];
    bool ok = x.rows == y.rows && x.digest == y.digest;
    same = same && ok;
    report.push_back({{"table", x.table},
                      {"from_rows", x.rows},
                      {"to_rows", y.rows},
                      {"from_digest", x.digest},
                      {"to_digest", y.digest},
                      {"same", ok}});
  }
  nlohmann::json audit_chain = {{"entries", chain->entries}, {"intact", chain->ok()}};
  if (!chain->ok()) audit_chain["finding"] = chain->findings[0].message;
  if (args.Has("json")) {
    std::cout << nlohmann::json{{"tables", report}, {"audit_chain", audit_chain}, {"same", same}}.dump(2) << "\n";
  } else {
    std::printf("%-20s %12s %12s  %s\n", "table", "from", "to", "digest (BLAKE2b-256)");
    for (const auto& r : report) {
      std::printf("%-20s %12lld %12lld  %s %s\n", r["table"].get<std::string>().c_str(), r["from_rows"].get<long long>(),
                  r["to_rows"].get<long long>(), r["from_digest"].get<std::string>().substr(0, 16).c_str(),
                  r["same"].get<bool>() ? "same" : "DIFFERENT");
    }
    std::printf("audit chain at the destination: %lld entries, %s\n", chain->entries,
                chain->ok() ? "intact" : "BROKEN");
  }
  if (!same) return Fail("migrate", Status::DataLoss("the two stores differ (see the table above)"));
  if (!chain->ok()) {
    return Fail("migrate", Status::DataLoss("the destination's audit chain does not verify: " +
                                            chain->findings[0].message));
  }
  return 0;
}

}  // namespace disrupt::cli
