// PostgresStore: the catalogue in PostgreSQL through libpqxx; see
// postgres_store.h for the contract and the layout.
//
// Why the search index is built by hand instead of with tsvector: the
// results must equal SqliteStore's, whose FTS5 index splits and folds tokens
// with its unicode61 tokenizer and ranks with bm25. FtsTokens() reproduces
// the tokenizer (token characters are letters, numbers and private-use
// characters; case folded), search_terms keeps each token with its position
// so that phrases of several tokens match as FTS5 matches them, and Bm25()
// repeats FTS5's arithmetic in the same order, so scores are bit-for-bit the
// same and ties fall back to id order in both stores.
//
// Every exception libpqxx throws is caught in Run() and turned into a Status;
// none leaves this file.
#include "store/postgres_store.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <unordered_map>
#include <unordered_set>

#include "core/date.h"
#include "core/text.h"
#include "model/schema.h"
#include "store/record_json.h"
#include "store/search_tokens.h"

namespace disrupt::store {

namespace {

constexpr size_t kMaxPoolSize = 64;
constexpr size_t kScanPage = 1000;
// Key of the advisory lock that serialises migrations (with the schema name).
constexpr int kMigrationLockKey = 0x44535254;
// Tokens are indexed by their first kTermHead characters (a btree entry must
// stay small); longer tokens are compared in full after the index look-up.
constexpr size_t kTermHead = 64;  // as in the index search_terms_term
// FTS5 column weights of SqliteStore's bm25(search, 10.0, 1.0).
constexpr double kColumnWeight[2] = {10.0, 1.0};

struct Migration {
  int version;
  const char* sql;
};

// Columns mirror SqliteStore's; ids and tokens compare byte-wise (COLLATE "C")
// so that ordering and prefix ranges agree with SQLite.
constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE settings(key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE records(
  rid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  kind smallint NOT NULL,
  type text NOT NULL,
  valid_from bigint,
  valid_to bigint,
  originator text NOT NULL,
  classification smallint NOT NULL,
  review_day bigint NOT NULL,
  body text NOT NULL,
  version bigint NOT NULL,
  updated_at bigint NOT NULL,
  search_len integer
);
CREATE INDEX records_type ON records(type, id);
CREATE INDEX records_kind ON records(kind, id);
CREATE INDEX records_originator ON records(originator, id);
CREATE TABLE refs(
  rid bigint NOT NULL REFERENCES records(rid) ON DELETE CASCADE,
  ref text COLLATE "C" NOT NULL,
  role text NOT NULL
);
CREATE INDEX refs_rid ON refs(rid);
CREATE INDEX refs_ref ON refs(ref, role);
CREATE TABLE search_terms(
  rid bigint NOT NULL REFERENCES records(rid) ON DELETE CASCADE,
  col smallint NOT NULL,
  pos integer NOT NULL,
  term text COLLATE "C" NOT NULL
);
CREATE INDEX search_terms_term ON search_terms(col, left(term, 64), rid);
CREATE INDEX search_terms_rid ON search_terms(rid, col, pos);
CREATE TABLE search_totals(
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  docs bigint NOT NULL,
  tokens bigint NOT NULL
);
INSERT INTO search_totals(singleton, docs, tokens) VALUES (true, 0, 0);
CREATE TABLE members(
  code text PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL,
  role text NOT NULL,
  ad_hoc_group boolean NOT NULL
);
CREATE TABLE member_groups(name text NOT NULL, member text NOT NULL, PRIMARY KEY(name, member));
CREATE TABLE vocabulary_terms(
  vocabulary text NOT NULL,
  term text NOT NULL,
  label text NOT NULL,
  PRIMARY KEY(vocabulary, term)
);
)sql"},
};

std::string FirstLine(const char* what) {
  std::string s(what ? what : "");
  if (auto nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
  return std::string(Trim(s));
}

// ---------------------------------------------------------------- tokens

bool IsTokenChar(UChar32 c) {
  if (c < 0x80) return std::isalnum(static_cast<unsigned char>(c)) != 0;
  switch (u_charType(c)) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER:
    case U_PRIVATE_USE_CHAR:
      return true;
    default:
      return false;
  }
}

// The tokens FTS5's unicode61 tokenizer makes of `s`: maximal runs of token
// characters, case-folded. Invalid UTF-8 separates tokens.
std::vector<std::string> FtsTokens(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c >= 0 && IsTokenChar(c)) {
      UChar32 f = c < 0x80 ? std::tolower(c) : u_foldCase(c, U_FOLD_CASE_DEFAULT);
      char buf[4];
      int32_t len = 0;
      UBool err = false;
      U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, f, err);
      if (!err) cur.append(buf, static_cast<size_t>(len));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// The first `n` code points of a valid UTF-8 string, as PostgreSQL's left().
std::string HeadChars(std::string_view s, size_t n) {
  size_t i = 0, count = 0;
  while (i < s.size() && count < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++count;
  }
  return std::string(s.substr(0, std::min(i, s.size())));
}

size_t CharCount(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// The least string above every string that starts with `prefix` (byte order):
// U+10FFFF is the largest code point, so its UTF-8 bytes sort after any
// continuation of `prefix`.
std::string PrefixEnd(const std::string& prefix) { return prefix + "\xF4\x8F\xBF\xBF"; }

// A PostgreSQL array literal of text values, for a bound array parameter.
class TextArray {
 public:
  void Add(std::string_view v) {
    s_ += s_.empty() ? "{\"" : ",\"";
    for (char c : v) {
      if (c == '"' || c == '\\') s_.push_back('\\');
      s_.push_back(c);
    }
    s_.push_back('"');
  }
  void AddNull() { s_ += s_.empty() ? "{NULL" : ",NULL"; }
  std::string str() const { return s_.empty() ? "{}" : s_ + "}"; }

 private:
  std::string s_;
};

class IntArray {
 public:
  void Add(long long v) {
    s_ += s_.empty() ? "{" : ",";
    s_ += std::to_string(v);
  }
  void Add(std::optional<long long> v) {
    if (v) {
      Add(*v);
    } else {
      s_ += s_.empty() ? "{NULL" : ",NULL";
    }
  }
  std::string str() const { return s_.empty() ? "{}" : s_ + "}"; }

 private:
  std::string s_;
};

// One row of the search index.
struct Term {
  int col;
  int pos;
  std::string term;
};

// What FTS5 would index for an entity: its tokens per column with positions.
std::vector<Term> IndexTerms(const Record& r, const FieldProtection* protection) {
  RecordTokens tokens = RecordSearchTokens(r, protection);
  std::vector<Term> out;
  int col = 0;
  for (const auto* list : {&tokens.exact, &tokens.skeleton}) {
    int pos = 0;
    for (auto& t : FtsTokens(Join(*list, " "))) out.push_back(Term{col, pos++, std::move(t)});
    ++col;
  }
  return out;
}

// FTS5's bm25 (fts5_aux.c) for one row: `freq` is the weighted count of each
// phrase's instances in the row, `idf` each phrase's inverse document
// frequency, `doc_tokens` the row's size, `avgdl` the mean row size.
double Bm25(const std::vector<double>& freq, const std::vector<double>& idf, double doc_tokens, double avgdl) {
  constexpr double k1 = 1.2, b = 0.75;
  double score = 0.0;
  for (size_t i = 0; i < freq.size(); ++i) {
    score += idf[i] * ((freq[i] * (k1 + 1.0)) / (freq[i] + k1 * (1 - b + b * doc_tokens / avgdl)));
  }
  return -1.0 * score;
}

std::optional<long long> DayOf(const PartialDate& d, bool earliest) {
  if (d.empty()) return std::nullopt;
  return earliest ? d.EarliestDay() : d.LatestDay();
}

// Keeps only the property values that held on `day`.
void KeepValuesValidOn(Record& r, long long day) {
  for (auto it = r.properties.begin(); it != r.properties.end();) {
    std::erase_if(it->second, [day](const model::Value& v) { return !v.valid.Covers(day); });
    if (it->second.empty()) {
      it = r.properties.erase(it);
    } else {
      ++it;
    }
  }
}

Result<Record> ParseRecord(const pqxx::field& body, long long version, long long updated_at,
                           const FieldProtection* protection) {
  auto r = ReadStoredJson(std::string_view(body.c_str(), body.size()));
  if (!r.ok()) return r.status();
  if (protection) DISRUPT_RETURN_IF_ERROR(protection->Reveal(r.value()));
  r.value().version = version;
  r.value().updated_at = updated_at;
  return r;
}

template <typename Enum>
Enum EnumFromString(std::string_view s, std::initializer_list<Enum> values, Enum fallback) {
  for (Enum e : values) {
    if (model::ToString(e) == s) return e;
  }
  return fallback;
}

bool HasNul(std::string_view s) { return s.find('\0') != std::string_view::npos; }

bool ValidSchemaName(std::string_view s) {
  if (s.empty() || s.size() > 63) return false;
  if (!(std::islower(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_';
  });
}

// A pooled connection and the statements prepared on it.
struct Conn {
  std::unique_ptr<pqxx::connection> db;
  std::unordered_map<std::string, std::string> prepared;  // SQL -> statement name

  // The name of `sql` prepared on this connection (prepared on first use).
  const std::string& Statement(const std::string& sql) {
    auto it = prepared.find(sql);
    if (it != prepared.end()) return it->second;
    std::string name = std::string("s") + std::to_string(prepared.size() + 1);
    db->prepare(name, sql);
    return prepared.emplace(sql, std::move(name)).first->second;
  }
};

}  // namespace

// ---------------------------------------------------------------- pool

class PostgresStore::Impl {
 public:
  explicit Impl(Options o) : options(std::move(o)), slots(options.pool_size), in_use(options.pool_size, false) {}

  // Runs `body` on a pooled connection, turning libpqxx's exceptions into a
  // Status that names `what`. A connection that broke is dropped, so the
  // next call reconnects.
  Status Run(const std::string& what, const std::function<Status(Conn&)>& body) {
    size_t slot = 0;
    {
      std::unique_lock lock(mu);
      if (!cv.wait_for(lock, options.acquire_timeout,
                       [&] { return std::find(in_use.begin(), in_use.end(), false) != in_use.end(); })) {
        return Status::Unavailable(what + ": every PostgreSQL connection of the pool stayed busy");
      }
      slot = static_cast<size_t>(std::find(in_use.begin(), in_use.end(), false) - in_use.begin());
      in_use[slot] = true;
    }
    Conn& conn = slots[slot];
    bool broken = false;
    Status s = Guarded(what, conn, broken, body);
    {
      std::lock_guard lock(mu);
      if (broken) conn = Conn{};
      in_use[slot] = false;
    }
    cv.notify_one();
    return s;
  }

  Options options;

 private:
  Status Connect(Conn& conn) {
    conn = Conn{};
    conn.db = std::make_unique<pqxx::connection>(options.conninfo);
    pqxx::nontransaction setup(*conn.db);
    setup.exec("SET client_min_messages TO warning");
    if (!options.schema.empty()) setup.exec("SET search_path TO " + conn.db->quote_name(options.schema));
    return Status::Ok();
  }

  Status Guarded(const std::string& what, Conn& conn, bool& broken, const std::function<Status(Conn&)>& body) {
    try {
      // A connection the server closed while it sat in the pool (restart,
      // failover) shows up as unreadable here: replace it before use.
      if (conn.db) {
        try {
          conn.db->get_notifs();
          if (!conn.db->is_open()) conn = Conn{};
        } catch (const pqxx::broken_connection&) {
          conn = Conn{};
        }
      }
      if (!conn.db) DISRUPT_RETURN_IF_ERROR(Connect(conn));
      return body(conn);
    } catch (const pqxx::in_doubt_error&) {
      broken = true;
      return Status::Unavailable(what + ": the connection to PostgreSQL broke during COMMIT; the write may or may "
                                        "not have been applied");
    } catch (const pqxx::broken_connection& e) {
      broken = true;
      return Status::Unavailable(what + ": no connection to PostgreSQL: " + FirstLine(e.what()));
    } catch (const pqxx::sql_error& e) {
      const std::string& state = e.sqlstate();
      std::string msg = what + ": " + FirstLine(e.what()) + (state.empty() ? "" : " (SQLSTATE " + state + ")");
      std::string cls = state.substr(0, 2);
      if (state.empty() || cls == "08" || StartsWith(state, "57P") || !conn.db || !conn.db->is_open()) {
        broken = true;
        return Status::Unavailable(msg);
      }
      if (cls == "53" || cls == "58" || cls == "40" || state == "25006" || state == "57014") {
        return Status::Unavailable(msg);
      }
      if (cls == "23") return Status::Conflict(msg);
      if (cls == "22") return Status::InvalidArgument(msg);
      return Status::Internal(msg);
    } catch (const std::exception& e) {
      if (conn.db && !conn.db->is_open()) broken = true;
      return Status::Internal(what + ": " + FirstLine(e.what()));
    }
  }

  std::mutex mu;
  std::condition_variable cv;
  std::vector<Conn> slots;   // guarded by mu while choosing; owned by the holder while in use
  std::vector<bool> in_use;  // guarded by mu
};

// ---------------------------------------------------------------- open

Result<PostgresStore::Options> PostgresStore::ParseUri(const std::string& uri) {
  if (!StartsWith(uri, "postgresql://") && !StartsWith(uri, "postgres://")) {
    return Status::InvalidArgument("not a PostgreSQL URI (postgresql://...)", "store");
  }
  Options o;
  size_t q = uri.find('?');
  o.conninfo = uri.substr(0, q);
  if (q == std::string::npos) return o;
  std::vector<std::string> kept;
  for (const auto& param : Split(std::string_view(uri).substr(q + 1), '&')) {
    if (param.empty()) continue;
    size_t eq = param.find('=');
    std::string key = param.substr(0, eq);
    std::string value = eq == std::string::npos ? "" : param.substr(eq + 1);
    if (key == "pool_size") {
      char* end = nullptr;
      long n = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || n < 1 || n > static_cast<long>(kMaxPoolSize)) {
        return Status::InvalidArgument(std::string("pool_size must be a number from 1 to ") + std::to_string(kMaxPoolSize),
                                       "store:pool_size");
      }
      o.pool_size = static_cast<size_t>(n);
    } else if (key == "schema") {
      if (!ValidSchemaName(value)) {
        return Status::InvalidArgument("schema must be lower-case letters, digits and _ (at most 63)",
                                       "store:schema");
      }
      o.schema = value;
    } else {
      kept.push_back(param);
    }
  }
  if (!kept.empty()) o.conninfo += "?" + Join(kept, "&");
  return o;
}

PostgresStore::PostgresStore(const Options& options) : impl_(std::make_unique<Impl>(options)) {}
PostgresStore::~PostgresStore() = default;

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const std::string& uri) {
  DISRUPT_ASSIGN_OR_RETURN(Options o, ParseUri(uri));
  return Open(o);
}

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const Options& options) {
  if (options.pool_size < 1 || options.pool_size > kMaxPoolSize) {
    return Status::InvalidArgument(std::string("pool_size must be from 1 to ") + std::to_string(kMaxPoolSize), "store:pool_size");
  }
  if (!options.schema.empty() && !ValidSchemaName(options.schema)) {
    return Status::InvalidArgument("bad schema name", "store:schema");
  }
  std::unique_ptr<PostgresStore> store(new PostgresStore(options));
  constexpr int kLatest = kMigrations[std::size(kMigrations) - 1].version;
  Status s = store->impl_->Run("migrating the PostgreSQL store", [&](Conn& c) {
    pqxx::work tx(*c.db);
    // One server at a time per schema: the others wait here, then find the
    // migrations applied.
    tx.exec_params("SELECT pg_advisory_xact_lock($1, hashtext($2))", kMigrationLockKey,
                   options.schema.empty() ? std::string("(search path)") : options.schema);
    if (!options.schema.empty()) tx.exec("CREATE SCHEMA IF NOT EXISTS " + tx.quote_name(options.schema));
    tx.exec("CREATE TABLE IF NOT EXISTS schema_migrations(version integer PRIMARY KEY, applied_at bigint NOT NULL)");
    int current = tx.exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")[0][0].as<int>();
    if (current > kLatest) {
      return Status::FailedPrecondition(std::string("the catalogue's schema (version ") + std::to_string(current) +
                                        std::string(") is newer than this program (version ") + std::to_string(kLatest) + ")");
    }
    for (const auto& m : kMigrations) {
      if (m.version <= current) continue;
      tx.exec(m.sql);
      tx.exec_params("INSERT INTO schema_migrations(version, applied_at) VALUES ($1, $2)", m.version, UnixNow());
    }
    tx.commit();
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return store;
}

Status PostgresStore::DropSchema(const std::string& uri) {
  DISRUPT_ASSIGN_OR_RETURN(Options o, ParseUri(uri));
  if (o.schema.empty()) return Status::InvalidArgument("the URI names no schema to drop", "store:schema");
  std::string schema = o.schema;
  o.schema.clear();
  o.pool_size = 1;
  Impl impl(o);
  return impl.Run("dropping schema", [&](Conn& c) {
    pqxx::work tx(*c.db);
    tx.exec("DROP SCHEMA IF EXISTS " + tx.quote_name(schema) + " CASCADE");
    tx.commit();
    return Status::Ok();
  });
}

int PostgresStore::SchemaVersion() {
  int version = 0;
  Status s = impl_->Run("reading the schema version", [&](Conn& c) {
    pqxx::nontransaction tx(*c.db);
    version = tx.exec_prepared(c.Statement("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"))[0][0].as<int>();
    return Status::Ok();
  });
  return s.ok() ? version : 0;
}

// ---------------------------------------------------------------- writes

namespace {

// The default vocabularies plus the terms stored in the catalogue, read in `tx`.
model::Vocabularies StoredVocabularies(pqxx::transaction_base& tx, Conn& c) {
  model::Vocabularies v = model::Vocabularies::Defaults();
  for (const auto& row : tx.exec_prepared(c.Statement("SELECT vocabulary, term, label FROM vocabulary_terms"))) {
    (void)v.Add(model::Term{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>()}, true);
  }
  return v;
}

// The rows a record adds to `refs`: link ends, entity references of its
// properties, and its networks.
void AddRefs(const Record& r, std::vector<std::pair<std::string, std::string>>& out) {
  if (r.kind == RecordKind::kLink) {
    out.emplace_back(r.source, "source");
    out.emplace_back(r.target, "target");
  }
  if (const model::Schema* schema = model::FindSchema(r.type)) {
    for (const auto& spec : schema->properties) {
      if (spec.type != model::PropertyType::kEntityRef) continue;
      auto it = r.properties.find(spec.name);
      if (it == r.properties.end()) continue;
      for (const auto& v : it->second) out.emplace_back(v.value, spec.name);
    }
  }
  for (const auto& n : r.networks) out.emplace_back(n, "network");
}

}  // namespace

Status PostgresStore::Put(std::span<const Record> batch, const PutOptions& options) {
  if (batch.empty()) return Status::Ok();
  return impl_->Run("writing records", [&](Conn& c) -> Status {
    pqxx::work tx(*c.db);
    // Validate everything before writing, against the vocabulary as it is in
    // the database now (another server may have added terms).
    model::Vocabularies vocab = StoredVocabularies(tx, c);
    std::unordered_map<std::string, size_t> in_batch;
    for (size_t i = 0; i < batch.size(); ++i) {
      const Record& r = batch[i];
      Status s = model::Validate(r, &vocab);
      if (!s.ok()) {
        return Status::InvalidArgument(std::string("records[") + std::to_string(i) + "] (id " + r.id + "): " + s.message(),
                                       s.field());
      }
      if (!in_batch.emplace(r.id, i).second) {
        return Status::InvalidArgument(std::string("records[") + std::to_string(i) + "]: id " + r.id + " appears twice in the batch",
                                       "id");
      }
    }
    if (options.check_references) {
      // One look-up for every reference outside the batch; the rows stay
      // locked against deletion until this transaction ends.
      std::unordered_set<std::string> outside;
      TextArray ids;
      for (const Record& r : batch) {
        for (auto& ref : r.References()) {
          if (!in_batch.count(ref) && outside.insert(ref).second) ids.Add(ref);
        }
      }
      std::unordered_map<std::string, bool> known;  // id -> is an entity
      if (!outside.empty()) {
        for (const auto& row : tx.exec_prepared(
                 c.Statement("SELECT id, kind FROM records WHERE id = ANY($1::text[]) FOR KEY SHARE"), ids.str())) {
          known.emplace(row[0].as<std::string>(), row[1].as<int>() == static_cast<int>(RecordKind::kEntity));
        }
      }
      for (size_t i = 0; i < batch.size(); ++i) {
        const Record& r = batch[i];
        for (const auto& ref : r.References()) {
          bool found = false, entity = false;
          if (auto in = in_batch.find(ref); in != in_batch.end()) {
            found = true;
            entity = batch[in->second].kind == RecordKind::kEntity;
          } else if (auto k = known.find(ref); k != known.end()) {
            found = true;
            entity = k->second;
          }
          if (!found) {
            return Status::InvalidArgument(
                std::string("records[") + std::to_string(i) + "] (id " + r.id + "): refers to unknown entity '" + ref + "'",
                ref == r.source ? "source" : ref == r.target ? "target" : "references");
          }
          if (!entity) {
            return Status::InvalidArgument(std::string("records[") + std::to_string(i) + "] (id " + r.id + "): '" + ref +
                                               "' is a link or event, not an entity",
                                           "references");
          }
        }
      }
    }

    // Which records exist already (locked for the update).
    TextArray all_ids;
    for (const Record& r : batch) all_ids.Add(r.id);
    struct Existing {
      long long rid;
      std::optional<long long> search_len;
    };
    std::unordered_map<std::string, Existing> existing;
    for (const auto& row : tx.exec_prepared(
             c.Statement("SELECT id, rid, search_len FROM records WHERE id = ANY($1::text[]) FOR UPDATE"),
             all_ids.str())) {
      Existing e{row[1].as<long long>(), std::nullopt};
      if (!row[2].is_null()) e.search_len = row[2].as<long long>();
      existing.emplace(row[0].as<std::string>(), e);
    }

    // Columns of the new and the replaced records, as array parameters.
    struct Columns {
      TextArray id, type, originator, body;
      IntArray rid, kind, valid_from, valid_to, classification, review_day, search_len;
    } fresh, replaced;
    std::vector<std::vector<Term>> terms(batch.size());
    long long docs_delta = 0, tokens_delta = 0;
    IntArray replaced_rids;
    for (size_t i = 0; i < batch.size(); ++i) {
      const Record& r = batch[i];
      if (HasNul(r.id)) return Status::InvalidArgument(std::string("records[") + std::to_string(i) + "]: id contains NUL", "id");
      const FieldProtection* protection = this->protection();
      nlohmann::json j = protection && FieldProtection::HasProtectedValues(r) ? model::ToJson(protection->Seal(r))
                                                                              : model::ToJson(r);
      j.erase("version");
      j.erase("updated_at");
      std::optional<long long> search_len;
      if (r.kind == RecordKind::kEntity) {
        terms[i] = IndexTerms(r, protection);
        search_len = static_cast<long long>(terms[i].size());
        docs_delta += 1;
        tokens_delta += *search_len;
      }
      auto it = existing.find(r.id);
      Columns& cols = it == existing.end() ? fresh : replaced;
      if (it != existing.end()) {
        cols.rid.Add(it->second.rid);
        replaced_rids.Add(it->second.rid);
        if (it->second.search_len) {
          docs_delta -= 1;
          tokens_delta -= *it->second.search_len;
        }
      }
      cols.id.Add(r.id);
      cols.kind.Add(static_cast<long long>(r.kind));
      cols.type.Add(r.type);
      cols.valid_from.Add(DayOf(r.valid.from, true));
      cols.valid_to.Add(DayOf(r.valid.to, false));
      cols.originator.Add(r.provenance.originator);
      cols.classification.Add(static_cast<long long>(r.handling.classification));
      cols.review_day.Add(DayOf(r.handling.review_date, false).value_or(0));
      cols.body.Add(j.dump());
      cols.search_len.Add(search_len);
    }
    long long now = UnixNow();
    std::unordered_map<std::string, long long> rid_of;
    for (const auto& [id, e] : existing) rid_of.emplace(id, e.rid);
    if (existing.size() < batch.size()) {
      for (const auto& row : tx.exec_prepared(
               c.Statement("INSERT INTO records(id, kind, type, valid_from, valid_to, originator, classification, "
                           "review_day, body, version, updated_at, search_len) "
                           "SELECT u.id, u.kind, u.type, u.vf, u.vt, u.orig, u.cls, u.rev, u.body, 1, $10, u.slen "
                           "FROM unnest($1::text[], $2::smallint[], $3::text[], $4::bigint[], $5::bigint[], "
                           "$6::text[], $7::smallint[], $8::bigint[], $9::text[], $11::integer[]) "
                           "AS u(id, kind, type, vf, vt, orig, cls, rev, body, slen) RETURNING id, rid"),
               fresh.id.str(), fresh.kind.str(), fresh.type.str(), fresh.valid_from.str(), fresh.valid_to.str(),
               fresh.originator.str(), fresh.classification.str(), fresh.review_day.str(), fresh.body.str(), now,
               fresh.search_len.str())) {
        rid_of.emplace(row[0].as<std::string>(), row[1].as<long long>());
      }
    }
    if (!existing.empty()) {
      tx.exec_prepared(
          c.Statement("UPDATE records r SET kind = u.kind, type = u.type, valid_from = u.vf, valid_to = u.vt, "
                      "originator = u.orig, classification = u.cls, review_day = u.rev, body = u.body, "
                      "version = r.version + 1, updated_at = $10, search_len = u.slen "
                      "FROM unnest($1::bigint[], $2::smallint[], $3::text[], $4::bigint[], $5::bigint[], "
                      "$6::text[], $7::smallint[], $8::bigint[], $9::text[], $11::integer[]) "
                      "AS u(rid, kind, type, vf, vt, orig, cls, rev, body, slen) WHERE r.rid = u.rid"),
          replaced.rid.str(), replaced.kind.str(), replaced.type.str(), replaced.valid_from.str(),
          replaced.valid_to.str(), replaced.originator.str(), replaced.classification.str(),
          replaced.review_day.str(), replaced.body.str(), now, replaced.search_len.str());
      tx.exec_prepared(c.Statement("DELETE FROM refs WHERE rid = ANY($1::bigint[])"), replaced_rids.str());
      tx.exec_prepared(c.Statement("DELETE FROM search_terms WHERE rid = ANY($1::bigint[])"), replaced_rids.str());
    }
    IntArray ref_rid, term_rid, term_col, term_pos;
    TextArray ref_ref, ref_role, term_text;
    size_t n_refs = 0, n_terms = 0;
    for (size_t i = 0; i < batch.size(); ++i) {
      long long rid = rid_of.at(batch[i].id);
      std::vector<std::pair<std::string, std::string>> refs;
      AddRefs(batch[i], refs);
      for (const auto& [ref, role] : refs) {
        ref_rid.Add(rid);
        ref_ref.Add(ref);
        ref_role.Add(role);
        ++n_refs;
      }
      for (const auto& t : terms[i]) {
        term_rid.Add(rid);
        term_col.Add(static_cast<long long>(t.col));
        term_pos.Add(static_cast<long long>(t.pos));
        term_text.Add(t.term);
        ++n_terms;
      }
    }
    if (n_refs) {
      tx.exec_prepared(c.Statement("INSERT INTO refs(rid, ref, role) SELECT * FROM unnest($1::bigint[], $2::text[], "
                                   "$3::text[])"),
                       ref_rid.str(), ref_ref.str(), ref_role.str());
    }
    if (n_terms) {
      tx.exec_prepared(c.Statement("INSERT INTO search_terms(rid, col, pos, term) SELECT * FROM unnest($1::bigint[], "
                                   "$2::smallint[], $3::integer[], $4::text[])"),
                       term_rid.str(), term_col.str(), term_pos.str(), term_text.str());
    }
    if (options.keep_versions) {
      TextArray keep_id;
      IntArray keep_version, keep_time;
      for (const Record& r : batch) {
        if (r.version <= 0) continue;
        keep_id.Add(r.id);
        keep_version.Add(r.version);
        keep_time.Add(r.updated_at);
      }
      tx.exec_prepared(c.Statement("UPDATE records r SET version = u.v, updated_at = u.t FROM unnest($1::text[], "
                                   "$2::bigint[], $3::bigint[]) AS u(id, v, t) WHERE r.id = u.id"),
                       keep_id.str(), keep_version.str(), keep_time.str());
    }
    if (docs_delta || tokens_delta) {
      // Last, so that concurrent writers wait on this row only briefly.
      tx.exec_prepared(c.Statement("UPDATE search_totals SET docs = docs + $1, tokens = tokens + $2"), docs_delta,
                       tokens_delta);
    }
    tx.commit();
    return Status::Ok();
  });
}

Status PostgresStore::Delete(std::string_view id_view) {
  std::string id(id_view);
  if (HasNul(id)) return Status::NotFound("no record " + id);
  return impl_->Run("deleting a record", [&](Conn& c) -> Status {
    pqxx::work tx(*c.db);
    auto found = tx.exec_prepared(c.Statement("SELECT rid FROM records WHERE id = $1 FOR UPDATE"), id);
    if (found.empty()) return Status::NotFound("no record " + id);
    // The record and the links whose end it is.
    auto doomed = tx.exec_prepared(
        c.Statement("DELETE FROM records WHERE rid = $1 OR rid IN (SELECT rid FROM refs WHERE ref = $2 AND role IN "
                    "('source', 'target')) RETURNING search_len"),
        found[0][0].as<long long>(), id);
    long long docs = 0, tokens = 0;
    for (const auto& row : doomed) {
      if (row[0].is_null()) continue;
      docs += 1;
      tokens += row[0].as<long long>();
    }
    tx.exec_prepared(c.Statement("DELETE FROM refs WHERE ref = $1"), id);
    if (docs || tokens) {
      tx.exec_prepared(c.Statement("UPDATE search_totals SET docs = docs - $1, tokens = tokens - $2"), docs, tokens);
    }
    tx.commit();
    return Status::Ok();
  });
}

// ---------------------------------------------------------------- reads

Result<std::optional<Record>> PostgresStore::Get(std::string_view id_view) {
  std::string id(id_view);
  if (HasNul(id)) return std::optional<Record>();
  std::optional<Record> out;
  Status s = impl_->Run("reading a record", [&](Conn& c) -> Status {
    pqxx::nontransaction tx(*c.db);
    auto rows = tx.exec_prepared(c.Statement("SELECT body, version, updated_at FROM records WHERE id = $1"), id);
    if (rows.empty()) return Status::Ok();
    DISRUPT_ASSIGN_OR_RETURN(Record r,
                             ParseRecord(rows[0][0], rows[0][1].as<long long>(), rows[0][2].as<long long>(), protection()));
    out = std::move(r);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<std::string>> PostgresStore::Existing(std::span<const std::string> ids) {
  std::vector<std::string> out;
  if (ids.empty()) return out;
  Status s = impl_->Run("checking records", [&](Conn& c) -> Status {
    TextArray arr;
    for (const auto& id : ids) {
      if (!HasNul(id)) arr.Add(id);
    }
    pqxx::nontransaction tx(*c.db);
    std::unordered_set<std::string> found;
    for (const auto& row :
         tx.exec_prepared(c.Statement("SELECT id FROM records WHERE id = ANY($1::text[])"), arr.str())) {
      found.insert(row[0].as<std::string>());
    }
    for (const auto& id : ids) {
      if (found.count(id)) out.push_back(id);
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Status PostgresStore::Scan(const RecordQuery& query, const std::function<bool(Record&&)>& visit) {
  // Filters join constant SQL fragments; every value is a parameter. $1 is
  // the id to continue after, the last one the page size.
  std::vector<std::string> args = {query.after_id};
  auto param = [&](std::string v) {
    args.push_back(std::move(v));
    return std::string("$") + std::to_string(args.size());
  };
  std::string sql = "SELECT id, body, version, updated_at FROM records WHERE id > $1";
  if (query.kind) sql += " AND kind = " + param(std::to_string(static_cast<int>(*query.kind)));
  if (!query.types.empty()) {
    TextArray types;
    for (const auto& t : query.types) types.Add(t);
    sql += " AND type = ANY(" + param(types.str()) + "::text[])";
  }
  if (!query.network.empty()) {
    sql += " AND rid IN (SELECT rid FROM refs WHERE ref = " + param(query.network) + " AND role = 'network')";
  }
  if (!query.originator.empty()) sql += " AND originator = " + param(query.originator);
  if (!query.involving.empty()) {
    sql += " AND rid IN (SELECT rid FROM refs WHERE ref = " + param(query.involving) + " AND role <> 'network')";
  }
  if (query.as_of_day) {
    std::string day = param(std::to_string(*query.as_of_day));
    sql += " AND (valid_from IS NULL OR valid_from <= " + day + ") AND (valid_to IS NULL OR valid_to >= " + day + ")";
  }
  sql += " ORDER BY id LIMIT " + param("0");
  for (const auto& a : args) {
    if (HasNul(a)) return Status::Ok();  // no stored value contains NUL: nothing matches
  }
  return impl_->Run("scanning records", [&](Conn& c) -> Status {
    // One snapshot for the whole scan, read page by page.
    pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only> tx(*c.db);
    const std::string& stmt = c.Statement(sql);
    size_t remaining = query.limit ? query.limit : std::numeric_limits<size_t>::max();
    while (remaining > 0) {
      size_t page = std::min(remaining, kScanPage);
      args.back() = std::to_string(page);
      auto rows = tx.exec_prepared(stmt, pqxx::prepare::make_dynamic_params(args));
      for (const auto& row : rows) {
        args.front() = row[0].as<std::string>();
        DISRUPT_ASSIGN_OR_RETURN(Record r, ParseRecord(row[1], row[2].as<long long>(), row[3].as<long long>(), protection()));
        if (query.as_of_day) KeepValuesValidOn(r, *query.as_of_day);
        if (!visit(std::move(r))) return Status::Ok();
        --remaining;
      }
      if (rows.size() < page) break;
    }
    return Status::Ok();
  });
}

Result<std::vector<SearchHit>> PostgresStore::Search(const SearchQuery& query) {
  auto words = QueryWords(query.text, protection());
  if (words.empty()) return Status::InvalidArgument("search text has no words", "q");
  // The query's phrases in FTS5's order, each with the clause (word) it
  // belongs to.
  struct Phrase {
    int col;
    std::vector<std::string> tokens;
    bool prefix;
    size_t clause;
  };
  std::vector<Phrase> phrases;
  for (size_t w = 0; w < words.size(); ++w) {
    for (const auto& v : words[w]) {
      phrases.push_back(
          Phrase{v.column == TokenVariant::Column::kExact ? 0 : 1, FtsTokens(v.token), v.prefix, w});
    }
  }
  std::unordered_set<std::string> types(query.types.begin(), query.types.end());
  size_t limit = query.limit ? query.limit : 50;
  std::vector<SearchHit> hits;
  Status s = impl_->Run("searching", [&](Conn& c) -> Status {
    pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only> tx(*c.db);
    auto totals = tx.exec_prepared(c.Statement("SELECT docs, tokens FROM search_totals"));
    long long n_docs = totals.empty() ? 0 : totals[0][0].as<long long>();
    long long n_tokens = totals.empty() ? 0 : totals[0][1].as<long long>();
    // Instances of each phrase per record (rid -> count).
    std::vector<std::unordered_map<long long, long long>> instances(phrases.size());
    for (size_t p = 0; p < phrases.size(); ++p) {
      const Phrase& ph = phrases[p];
      if (ph.tokens.empty()) continue;  // FTS5: an empty phrase matches nothing
      // t0 is the phrase's first token; t1.. follow it at the next positions.
      std::string from = "search_terms t0", where = "t0.col = $1";
      std::vector<std::string> params;
      auto param = [&](std::string v) {
        params.push_back(std::move(v));
        return std::string("$") + std::to_string(params.size() + 1);
      };
      for (size_t k = 0; k < ph.tokens.size(); ++k) {
        std::string t = std::string("t") + std::to_string(k);
        if (k > 0) {
          from += " JOIN search_terms " + t + " ON " + t + ".rid = t0.rid AND " + t + ".col = t0.col AND " + t +
                  std::string(".pos = t0.pos + ") + std::to_string(k);
        }
        const std::string& token = ph.tokens[k];
        bool prefix = ph.prefix && k + 1 == ph.tokens.size();
        std::string head = "left(" + t + std::string(".term, ") + std::to_string(kTermHead) + ")";
        if (!prefix) {
          where += " AND " + head + " = " + param(HeadChars(token, kTermHead)) + " AND " + t + ".term = " +
                   param(token);
        } else if (CharCount(token) <= kTermHead) {
          where += " AND " + head + " >= " + param(token) + " AND " + head + " < " + param(PrefixEnd(token));
        } else {
          where += " AND " + head + " = " + param(HeadChars(token, kTermHead)) + " AND starts_with(" + t +
                   ".term, " + param(token) + ")";
        }
      }
      std::string sql = "SELECT t0.rid, count(*) FROM " + from + " WHERE " + where + " GROUP BY t0.rid";
      pqxx::result rows;
      const std::string& stmt = c.Statement(sql);
      std::vector<std::string> args;
      args.push_back(std::to_string(ph.col));
      args.insert(args.end(), params.begin(), params.end());
      rows = tx.exec_prepared(stmt, pqxx::prepare::make_dynamic_params(args));
      for (const auto& row : rows) instances[p].emplace(row[0].as<long long>(), row[1].as<long long>());
    }
    // Records where every word matches through at least one of its phrases.
    std::unordered_set<long long> matched;
    for (size_t w = 0; w < words.size(); ++w) {
      std::unordered_set<long long> word_hits;
      for (size_t p = 0; p < phrases.size(); ++p) {
        if (phrases[p].clause != w) continue;
        for (const auto& [rid, n] : instances[p]) {
          if (w == 0 || matched.count(rid)) word_hits.insert(rid);
        }
      }
      matched = std::move(word_hits);
      if (matched.empty()) return Status::Ok();
    }
    // FTS5's statistics: phrase document frequencies over the whole index.
    std::vector<double> idf(phrases.size());
    for (size_t p = 0; p < phrases.size(); ++p) {
      long long n_hit = static_cast<long long>(instances[p].size());
      double v = std::log((n_docs - n_hit + 0.5) / (n_hit + 0.5));
      idf[p] = v <= 0.0 ? 1e-6 : v;
    }
    double avgdl = static_cast<double>(n_tokens) / static_cast<double>(n_docs);
    IntArray rids;
    for (long long rid : matched) rids.Add(rid);
    struct Scored {
      double bm25;
      std::string id;
    };
    std::vector<Scored> scored;
    for (const auto& row : tx.exec_prepared(
             c.Statement("SELECT rid, id, type, search_len FROM records WHERE rid = ANY($1::bigint[])"), rids.str())) {
      if (!types.empty() && !types.count(row[2].as<std::string>())) continue;
      long long rid = row[0].as<long long>();
      std::vector<double> freq(phrases.size(), 0.0);
      for (size_t p = 0; p < phrases.size(); ++p) {
        auto it = instances[p].find(rid);
        if (it != instances[p].end()) freq[p] = static_cast<double>(it->second) * kColumnWeight[phrases[p].col];
      }
      double doc_tokens = row[3].is_null() ? 0.0 : static_cast<double>(row[3].as<long long>());
      scored.push_back(Scored{Bm25(freq, idf, doc_tokens, avgdl), row[1].as<std::string>()});
    }
    auto by_rank = [](const Scored& a, const Scored& b) { return a.bm25 != b.bm25 ? a.bm25 < b.bm25 : a.id < b.id; };
    if (scored.size() > limit) {
      std::partial_sort(scored.begin(), scored.begin() + static_cast<long>(limit), scored.end(), by_rank);
      scored.resize(limit);
    } else {
      std::sort(scored.begin(), scored.end(), by_rank);
    }
    for (auto& h : scored) hits.push_back(SearchHit{std::move(h.id), -h.bm25});
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return hits;
}

Result<CatalogueStats> PostgresStore::Stats() {
  CatalogueStats stats;
  Status s = impl_->Run("counting records", [&](Conn& c) -> Status {
    pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only> tx(*c.db);
    for (const auto& row : tx.exec_prepared(c.Statement("SELECT kind, type, COUNT(*) FROM records GROUP BY kind, type"))) {
      long long n = row[2].as<long long>();
      switch (static_cast<RecordKind>(row[0].as<int>())) {
        case RecordKind::kEntity: stats.entities += n; break;
        case RecordKind::kLink: stats.links += n; break;
        case RecordKind::kEvent: stats.events += n; break;
      }
      stats.by_type[row[1].as<std::string>()] += n;
    }
    for (const auto& row :
         tx.exec_prepared(c.Statement("SELECT originator, COUNT(*) FROM records GROUP BY originator"))) {
      stats.by_originator[row[0].as<std::string>()] = row[1].as<long long>();
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return stats;
}

// ---------------------------------------------------------------- members, vocabulary, settings

Status PostgresStore::PutMembers(const std::vector<model::Member>& members) {
  TextArray code, name, kind, role;
  std::string ahg = "{";
  for (const auto& m : members) {
    code.Add(m.code);
    name.Add(m.name);
    kind.Add(model::ToString(m.kind));
    role.Add(model::ToString(m.role));
    ahg += std::string(ahg.size() > 1 ? "," : "") + (m.ad_hoc_group ? "t" : "f");
  }
  ahg += "}";
  if (members.empty()) return Status::Ok();
  return impl_->Run("writing members", [&](Conn& c) -> Status {
    pqxx::work tx(*c.db);
    tx.exec_prepared(c.Statement("INSERT INTO members(code, name, kind, role, ad_hoc_group) "
                                 "SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[]) "
                                 "ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, "
                                 "role = excluded.role, ad_hoc_group = excluded.ad_hoc_group"),
                     code.str(), name.str(), kind.str(), role.str(), ahg);
    tx.commit();
    return Status::Ok();
  });
}

Result<std::vector<model::Member>> PostgresStore::Members() {
  std::vector<model::Member> out;
  Status s = impl_->Run("reading members", [&](Conn& c) -> Status {
    pqxx::nontransaction tx(*c.db);
    for (const auto& row : tx.exec_prepared(
             c.Statement("SELECT code, name, kind, role, ad_hoc_group FROM members ORDER BY code COLLATE \"C\""))) {
      model::Member m;
      m.code = row[0].as<std::string>();
      m.name = row[1].as<std::string>();
      m.kind = EnumFromString(row[2].as<std::string>(),
                              {model::MemberKind::kState, model::MemberKind::kTerritory,
                               model::MemberKind::kOrganisation},
                              model::MemberKind::kState);
      m.role = EnumFromString(row[3].as<std::string>(),
                              {model::MemberRole::kMember, model::MemberRole::kObserver,
                               model::MemberRole::kMeetingObserver},
                              model::MemberRole::kMember);
      m.ad_hoc_group = row[4].as<bool>();
      out.push_back(std::move(m));
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Status PostgresStore::PutGroup(const std::string& name, const std::vector<std::string>& member_codes) {
  if (Trim(name).empty()) return Status::InvalidArgument("group name is empty", "name");
  TextArray members;
  for (const auto& m : member_codes) members.Add(m);
  return impl_->Run("writing group", [&](Conn& c) -> Status {
    pqxx::work tx(*c.db);
    tx.exec_prepared(c.Statement("DELETE FROM member_groups WHERE name = $1"), name);
    tx.exec_prepared(c.Statement("INSERT INTO member_groups(name, member) SELECT $1, m FROM unnest($2::text[]) AS m "
                                 "ON CONFLICT DO NOTHING"),
                     name, members.str());
    tx.commit();
    return Status::Ok();
  });
}

Result<std::map<std::string, std::vector<std::string>>> PostgresStore::Groups() {
  std::map<std::string, std::vector<std::string>> out;
  Status s = impl_->Run("reading groups", [&](Conn& c) -> Status {
    pqxx::nontransaction tx(*c.db);
    for (const auto& row : tx.exec_prepared(
             c.Statement("SELECT name, member FROM member_groups ORDER BY name COLLATE \"C\", member COLLATE \"C\""))) {
      out[row[0].as<std::string>()].push_back(row[1].as<std::string>());
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Status PostgresStore::AddTerm(const model::Term& term) {
  return impl_->Run("adding a term", [&](Conn& c) -> Status {
    pqxx::work tx(*c.db);
    model::Vocabularies vocab = StoredVocabularies(tx, c);
    DISRUPT_RETURN_IF_ERROR(vocab.Add(term, false));
    tx.exec_prepared(c.Statement("INSERT INTO vocabulary_terms(vocabulary, term, label) VALUES ($1, $2, $3) "
                                 "ON CONFLICT (vocabulary, term) DO UPDATE SET label = excluded.label"),
                     term.vocabulary, term.term, term.label.empty() ? term.term : term.label);
    tx.commit();
    return Status::Ok();
  });
}

Result<std::vector<model::Term>> PostgresStore::AddedTerms() {
  std::vector<model::Term> out;
  Status s = impl_->Run("reading terms", [&](Conn& c) -> Status {
    pqxx::nontransaction tx(*c.db);
    for (const auto& row : tx.exec_prepared(c.Statement(
             "SELECT vocabulary, term, label FROM vocabulary_terms ORDER BY vocabulary COLLATE \"C\", term COLLATE "
             "\"C\""))) {
      out.push_back(model::Term{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>()});
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::optional<std::string>> PostgresStore::GetSetting(const std::string& key) {
  std::optional<std::string> out;
  if (HasNul(key)) return out;
  Status s = impl_->Run("reading a setting", [&](Conn& c) -> Status {
    pqxx::nontransaction tx(*c.db);
    auto rows = tx.exec_prepared(c.Statement("SELECT value FROM settings WHERE key = $1"), key);
    if (!rows.empty()) out = rows[0][0].as<std::string>();
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Status PostgresStore::PutSetting(const std::string& key, const std::string& value) {
  if (HasNul(key) || HasNul(value)) return Status::InvalidArgument("setting contains a NUL character", "setting");
  return impl_->Run("writing a setting", [&](Conn& c) -> Status {
    pqxx::work tx(*c.db);
    tx.exec_prepared(c.Statement("INSERT INTO settings(key, value) VALUES ($1, $2) "
                                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                     key, value);
    tx.commit();
    return Status::Ok();
  });
}

Result<std::map<std::string, std::string>> PostgresStore::Settings() {
  std::map<std::string, std::string> out;
  Status s = impl_->Run("reading settings", [&](Conn& c) -> Status {
    pqxx::nontransaction tx(*c.db);
    for (const auto& row : tx.exec_prepared(c.Statement("SELECT key, value FROM settings"))) {
      out.emplace(row[0].as<std::string>(), row[1].as<std::string>());
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace disrupt::store
