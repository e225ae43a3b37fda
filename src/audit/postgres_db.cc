// PostgresDb and PostgresStatement: the security tables over libpq. See
// postgres_db.h for the contract.
//
// libpq rather than libpqxx: the subsystems drive transactions themselves
// (Begin/Commit through the Transaction guard, as with SQLite) and bind
// values one by one, which maps directly onto PQprepare/PQexecPrepared;
// nothing here throws.
#include "audit/postgres_db.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <cstring>

#include "core/text.h"
#include "store/postgres_store.h"

namespace disrupt::audit {

namespace {

// Type OIDs of the parameters we send (pg_type.h).
constexpr unsigned kInt8Oid = 20;
constexpr unsigned kTextOid = 25;
constexpr unsigned kByteaOid = 17;
// Key of the advisory lock that serialises migrations of the security tables.
constexpr int kMigrationLockKey = 0x44535255;

std::string FirstLine(const char* s) {
  std::string out(s ? s : "");
  if (auto nl = out.find('\n'); nl != std::string::npos) out.resize(nl);
  return std::string(Trim(out));
}

}  // namespace

std::string ToPostgresParameters(std::string_view sql, int* params) {
  std::string out;
  out.reserve(sql.size() + 16);
  int largest = 0;
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote) {
      out.push_back(c);
      if (c == quote) quote = 0;  // a doubled quote closes and reopens: same result
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out.push_back(c);
      continue;
    }
    if (c != '?') {
      out.push_back(c);
      continue;
    }
    size_t j = i + 1;
    while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') ++j;
    int n = 0;
    if (j > i + 1) {
      n = std::atoi(std::string(sql.substr(i + 1, j - i - 1)).c_str());
    } else {
      n = largest + 1;
    }
    if (n > largest) largest = n;
    // Appended in two steps: GCC 12 at -O3 warns (-Wrestrict) on "literal" + std::string.
    out.push_back('$');
    out.append(std::to_string(n));
    i = j - 1;
  }
  if (params) *params = largest;
  return out;
}

// ---------------------------------------------------------------- statements

PostgresStatement::PostgresStatement(PostgresDb& db, std::string sql, int params)
    : db_(db), sql_(std::move(sql)), params_(static_cast<size_t>(params)) {
  name_ = "sec" + std::to_string(++db_.next_name_);
}

PostgresStatement::~PostgresStatement() {
  if (result_) PQclear(result_);
}

PostgresStatement::Param& PostgresStatement::At(int index) {
  if (index < 1) index = 1;
  if (static_cast<size_t>(index) > params_.size()) params_.resize(static_cast<size_t>(index));
  return params_[static_cast<size_t>(index - 1)];
}

Statement& PostgresStatement::Bind(int index, std::string_view text) {
  At(index) = {Kind::kText, std::string(text)};
  return *this;
}
Statement& PostgresStatement::Bind(int index, long long value) {
  At(index) = {Kind::kInt, std::to_string(value)};
  return *this;
}
Statement& PostgresStatement::BindBlob(int index, std::string_view bytes) {
  At(index) = {Kind::kBytes, std::string(bytes)};
  return *this;
}
Statement& PostgresStatement::BindNull(int index) {
  At(index) = {Kind::kNull, {}};
  return *this;
}

Result<bool> PostgresStatement::Step() {
  if (executed_) {
    if (!result_) return false;
    ++row_;
    return row_ < PQntuples(result_);
  }
  DISRUPT_RETURN_IF_ERROR(db_.Ready("running a statement"));
  pg_conn* conn = db_.conn_;
  if (prepared_generation_ != db_.generation_) {
    std::vector<unsigned> types;
    for (const auto& p : params_) {
      types.push_back(p.kind == Kind::kInt     ? kInt8Oid
                      : p.kind == Kind::kText  ? kTextOid
                      : p.kind == Kind::kBytes ? kByteaOid
                                               : 0);
    }
    PGresult* r = PQprepare(conn, name_.c_str(), sql_.c_str(), static_cast<int>(types.size()),
                            reinterpret_cast<const Oid*>(types.data()));
    if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) return db_.Failure(r, "preparing a statement");
    PQclear(r);
    prepared_generation_ = db_.generation_;
  }
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
  for (const auto& p : params_) {
    values.push_back(p.kind == Kind::kNull ? nullptr : p.value.c_str());
    lengths.push_back(static_cast<int>(p.value.size()));
    formats.push_back(p.kind == Kind::kBytes ? 1 : 0);
  }
  PGresult* r = PQexecPrepared(conn, name_.c_str(), static_cast<int>(values.size()), values.data(), lengths.data(),
                               formats.data(), 0);
  ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) return db_.Failure(r, "running a statement");
  db_.changes_ = std::atoll(PQcmdTuples(r));
  executed_ = true;
  row_ = 0;
  if (status == PGRES_COMMAND_OK || PQntuples(r) == 0) {
    PQclear(r);
    return false;
  }
  result_ = r;
  return true;
}

void PostgresStatement::Reset() {
  if (result_) PQclear(result_);
  result_ = nullptr;
  executed_ = false;
  row_ = -1;
  for (auto& p : params_) p = Param{};
}

bool PostgresStatement::IsNull(int column) const {
  return !result_ || PQgetisnull(result_, row_, column) != 0;
}

long long PostgresStatement::Int(int column) const {
  if (IsNull(column)) return 0;
  const char* v = PQgetvalue(result_, row_, column);
  if (v[0] == 't') return 1;  // boolean
  if (v[0] == 'f') return 0;
  return std::atoll(v);
}

std::string PostgresStatement::Text(int column) const {
  if (IsNull(column)) return {};
  return std::string(PQgetvalue(result_, row_, column), static_cast<size_t>(PQgetlength(result_, row_, column)));
}

std::string PostgresStatement::Blob(int column) const {
  if (IsNull(column)) return {};
  if (PQftype(result_, column) != kByteaOid) return Text(column);
  size_t length = 0;
  unsigned char* bytes =
      PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(result_, row_, column)), &length);
  if (!bytes) return {};
  std::string out(reinterpret_cast<const char*>(bytes), length);
  PQfreemem(bytes);
  return out;
}

// ---------------------------------------------------------------- database

Result<std::unique_ptr<PostgresDb>> PostgresDb::Open(const std::string& uri) {
  DISRUPT_ASSIGN_OR_RETURN(auto options, store::PostgresStore::ParseUri(uri));
  std::unique_ptr<PostgresDb> db(new PostgresDb());
  db->conninfo_ = options.conninfo;
  db->schema_ = options.schema;
  auto lock = db->Lock();
  DISRUPT_RETURN_IF_ERROR(db->Connect());
  return db;
}

PostgresDb::~PostgresDb() {
  cache_.clear();
  if (conn_) PQfinish(conn_);
}

Status PostgresDb::Connect() {
  if (conn_) PQfinish(conn_);
  conn_ = PQconnectdb(conninfo_.c_str());
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
    std::string why = conn_ ? FirstLine(PQerrorMessage(conn_)) : "out of memory";
    if (conn_) PQfinish(conn_);
    conn_ = nullptr;
    return Status::Unavailable("cannot connect to PostgreSQL: " + why);
  }
  // Server notices (such as the goodbye of a server shutting down) are not
  // for the portal's users or its JSON log: connection loss is reported as
  // a Status where it matters.
  // A FATAL one, arriving while the connection is idle, says the server is
  // ending it: the connection is then replaced before its next use.
  goodbye_ = false;
  PQsetNoticeReceiver(
      conn_,
      [](void* self, const PGresult* notice) {
        const char* severity = PQresultErrorField(notice, PG_DIAG_SEVERITY_NONLOCALIZED);
        if (severity && (std::strcmp(severity, "FATAL") == 0 || std::strcmp(severity, "PANIC") == 0)) {
          static_cast<PostgresDb*>(self)->goodbye_ = true;
        }
      },
      this);
  broken_ = false;
  ++generation_;
  // The schema name was checked by ParseUri ([a-z_][a-z0-9_]*): quoting suffices.
  std::string setup = "SET client_min_messages TO warning;";
  if (relaxed_) setup += " SET synchronous_commit TO off;";
  std::string prefix;
  if (!schema_.empty()) {
    setup += " SET search_path TO \"" + schema_ + "\";";
    prefix = "\"" + schema_ + "\".";
  }
  DISRUPT_RETURN_IF_ERROR(Command(setup.c_str(), "setting up the connection"));
  // Creating the schema and the migration table concurrently from several
  // servers can collide in the catalogs: do it under an advisory lock.
  std::string create = "BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLockKey) + ", 0);";
  if (!schema_.empty()) create += " CREATE SCHEMA IF NOT EXISTS \"" + schema_ + "\";";
  create += " CREATE TABLE IF NOT EXISTS " + prefix +
            "security_migration (component text PRIMARY KEY, version bigint NOT NULL); COMMIT;";
  Status s = Command(create.c_str(), "creating the security tables");
  if (!s.ok()) Rollback();
  return s;
}

Status PostgresDb::Ready(std::string_view what) {
  if (conn_ && !broken_) {
    // A server that went away while the connection sat idle has sent its
    // goodbye and closed the socket: reading what is there (twice: the
    // message, then the end of the stream) says so without sending anything.
    for (int i = 0; i < 2 && !broken_; ++i) {
      // PQisBusy parses what was read, which hands a goodbye to the notice receiver.
      if (PQconsumeInput(conn_) == 0 || (PQisBusy(conn_), PQstatus(conn_) != CONNECTION_OK) || goodbye_) {
        broken_ = true;
      }
    }
  }
  if (conn_ && !broken_) return Status::Ok();
  if (in_transaction_) {
    return Status::Unavailable(std::string(what) + ": the connection to PostgreSQL was lost during the transaction");
  }
  Status s = Connect();
  return s.ok() ? s : s.WithContext(std::string(what));
}

Status PostgresDb::Failure(pg_result* result, std::string_view what) {
  std::string state = result && PQresultErrorField(result, PG_DIAG_SQLSTATE)
                          ? PQresultErrorField(result, PG_DIAG_SQLSTATE)
                          : "";
  std::string message = result && PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY)
                            ? FirstLine(PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY))
                            : FirstLine(conn_ ? PQerrorMessage(conn_) : "no connection");
  if (result) PQclear(result);
  std::string text = std::string(what) + ": " + message + (state.empty() ? "" : " (SQLSTATE " + state + ")");
  std::string cls = state.substr(0, std::min<size_t>(2, state.size()));
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK || cls == "08" || StartsWith(state, "57P")) {
    broken_ = true;
    return Status::Unavailable(text);
  }
  if (state.empty() || cls == "53" || cls == "58" || cls == "40" || state == "55P03" || state == "57014") {
    return Status::Unavailable(text);
  }
  if (cls == "23") return Status::Conflict(text);
  if (cls == "22") return Status::InvalidArgument(text);
  return Status::Internal(text);
}

Status PostgresDb::Command(const char* sql, std::string_view what) {
  if (!conn_ || broken_) return Status::Unavailable(std::string(what) + ": no connection to PostgreSQL");
  PGresult* r = PQexec(conn_, sql);
  ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return Failure(r, what);
  PQclear(r);
  return Status::Ok();
}

Status PostgresDb::ExecScript(const char* sql) {
  DISRUPT_RETURN_IF_ERROR(Ready("running a migration"));
  return Command(sql, "running a migration");
}

Status PostgresDb::LockForMigration(std::string_view component) {
  DISRUPT_ASSIGN_OR_RETURN(Statement * st, Prepare("SELECT pg_advisory_xact_lock(CAST(? AS integer), hashtext(?))"));
  st->Bind(1, static_cast<long long>(kMigrationLockKey)).Bind(2, schema_ + "/" + std::string(component));
  Status s = st->Run();
  st->Reset();
  return s;
}

Result<Statement*> PostgresDb::Prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    it->second->Reset();
    return it->second.get();
  }
  int params = 0;
  std::string translated = ToPostgresParameters(sql, &params);
  auto owned = std::make_unique<PostgresStatement>(*this, std::move(translated), params);
  Statement* raw = owned.get();
  cache_.emplace(std::string(sql), std::move(owned));
  return raw;
}

long long PostgresDb::LastInsertId() {
  if (!conn_ || broken_) return 0;
  PGresult* r = PQexec(conn_, "SELECT lastval()");
  long long id = 0;
  if (r && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) id = std::atoll(PQgetvalue(r, 0, 0));
  if (r) PQclear(r);
  if (PQstatus(conn_) != CONNECTION_OK) broken_ = true;
  return id;
}

Status PostgresDb::RelaxCommitDurability() {
  relaxed_ = true;
  DISRUPT_RETURN_IF_ERROR(Ready("relaxing commit durability"));
  return Command("SET synchronous_commit TO off", "relaxing commit durability");
}

Status PostgresDb::Begin() {
  DISRUPT_RETURN_IF_ERROR(Ready("beginning a transaction"));
  DISRUPT_RETURN_IF_ERROR(Command("BEGIN", "beginning a transaction"));
  in_transaction_ = true;
  return Status::Ok();
}

Status PostgresDb::BeginRead() {
  DISRUPT_RETURN_IF_ERROR(Ready("beginning a read transaction"));
  DISRUPT_RETURN_IF_ERROR(
      Command("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "beginning a read transaction"));
  in_transaction_ = true;
  return Status::Ok();
}

Status PostgresDb::Commit() {
  in_transaction_ = false;
  if (!conn_ || broken_) {
    return Status::Unavailable("committing: the connection to PostgreSQL was lost; nothing was committed");
  }
  PGresult* r = PQexec(conn_, "COMMIT");
  ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK) {
    if (!r || PQstatus(conn_) != CONNECTION_OK) {
      if (r) PQclear(r);
      broken_ = true;
      return Status::Unavailable(
          "committing: the connection to PostgreSQL broke during COMMIT; the write may or may not have been applied");
    }
    return Failure(r, "committing");
  }
  // COMMIT of a transaction that had failed answers ROLLBACK.
  bool committed = std::strcmp(PQcmdStatus(r), "COMMIT") == 0;
  PQclear(r);
  if (!committed) return Status::Internal("committing: the transaction had failed and was rolled back");
  return Status::Ok();
}

void PostgresDb::Rollback() {
  in_transaction_ = false;
  if (!conn_ || broken_) return;
  PGresult* r = PQexec(conn_, "ROLLBACK");
  if (r) PQclear(r);
  if (PQstatus(conn_) != CONNECTION_OK) broken_ = true;
}

}  // namespace disrupt::audit
