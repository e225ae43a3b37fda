// SqlAuthStore: users, sessions and API tokens in the catalogue's database
// (SQLite file or PostgreSQL), through the security subsystems' own
// connection and prepared statements (audit/security_db.h). The SQL is
// common to both; only the DDL and the row lock of RecordFailure differ.
// See auth.h for the contract.
#include <algorithm>

#include "auth/auth.h"
#include "core/text.h"

namespace disrupt::auth {

namespace {

using audit::Statement;

constexpr const char* kMigrations[] = {
    R"sql(
CREATE TABLE auth_user (
  id TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  member TEXT NOT NULL,
  agency TEXT NOT NULL,
  roles TEXT NOT NULL,
  clearance_level TEXT,
  clearance_granted_by TEXT NOT NULL DEFAULT '',
  clearance_expires TEXT NOT NULL DEFAULT '',
  compartments TEXT NOT NULL DEFAULT '',
  disabled INTEGER NOT NULL DEFAULT 0,
  totp_required INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  password_hash TEXT NOT NULL,
  totp_secret TEXT NOT NULL DEFAULT '',
  totp_last_step INTEGER NOT NULL DEFAULT 0,
  failures INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE auth_session (
  id_hash BLOB PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES auth_user(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  client TEXT NOT NULL DEFAULT ''
);
CREATE INDEX auth_session_user ON auth_session(user_id);
CREATE TABLE auth_token (
  id TEXT PRIMARY KEY,
  hash BLOB NOT NULL UNIQUE,
  user_id TEXT NOT NULL REFERENCES auth_user(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  scopes TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL DEFAULT 0,
  revoked_at INTEGER NOT NULL DEFAULT 0,
  last_used INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX auth_token_user ON auth_token(user_id);
)sql",
    // A second factor set by an administrator waits for the user's first code
    // until this time (Unix seconds; 0 = confirmed).
    "ALTER TABLE auth_user ADD COLUMN totp_enrol_until INTEGER NOT NULL DEFAULT 0;",
};

// The same tables on PostgreSQL (bytea for hashes, bigint for numbers).
constexpr const char* kPostgresMigrations[] = {
    R"sql(
CREATE TABLE auth_user (
  id text PRIMARY KEY,
  display_name text NOT NULL,
  member text NOT NULL,
  agency text NOT NULL,
  roles text NOT NULL,
  clearance_level text,
  clearance_granted_by text NOT NULL DEFAULT '',
  clearance_expires text NOT NULL DEFAULT '',
  compartments text NOT NULL DEFAULT '',
  disabled bigint NOT NULL DEFAULT 0,
  totp_required bigint NOT NULL DEFAULT 1,
  created_at bigint NOT NULL,
  password_hash text NOT NULL,
  totp_secret text NOT NULL DEFAULT '',
  totp_last_step bigint NOT NULL DEFAULT 0,
  failures bigint NOT NULL DEFAULT 0,
  locked_until bigint NOT NULL DEFAULT 0
);
CREATE TABLE auth_session (
  id_hash bytea PRIMARY KEY,
  user_id text NOT NULL REFERENCES auth_user(id) ON DELETE CASCADE,
  created_at bigint NOT NULL,
  last_seen bigint NOT NULL,
  client text NOT NULL DEFAULT ''
);
CREATE INDEX auth_session_user ON auth_session(user_id);
CREATE TABLE auth_token (
  id text PRIMARY KEY,
  hash bytea NOT NULL UNIQUE,
  user_id text NOT NULL REFERENCES auth_user(id) ON DELETE CASCADE,
  name text NOT NULL,
  scopes text NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL DEFAULT 0,
  revoked_at bigint NOT NULL DEFAULT 0,
  last_used bigint NOT NULL DEFAULT 0
);
CREATE INDEX auth_token_user ON auth_token(user_id);
)sql",
    "ALTER TABLE auth_user ADD COLUMN totp_enrol_until bigint NOT NULL DEFAULT 0;",
};

constexpr std::string_view kUserColumns =
    "id, display_name, member, agency, roles, clearance_level, clearance_granted_by, clearance_expires, "
    "compartments, disabled, totp_required, created_at, password_hash, totp_secret, totp_last_step, failures, "
    "locked_until, totp_enrol_until";

std::string JoinSet(const std::set<std::string>& s) { return Join(std::vector<std::string>(s.begin(), s.end()), ","); }

std::string RolesText(const std::set<policy::Role>& roles) {
  std::set<std::string> names;
  for (auto r : roles) names.insert(std::string(policy::ToString(r)));
  return JoinSet(names);
}

// Binds the 18 user columns starting at index 1.
void BindUser(Statement* st, const UserRow& row) {
  const User& u = row.user;
  st->Bind(1, u.id).Bind(2, u.display_name).Bind(3, u.member).Bind(4, u.agency).Bind(5, RolesText(u.roles));
  if (u.clearance) {
    st->Bind(6, model::ToString(u.clearance->level)).Bind(7, u.clearance->granted_by);
    st->Bind(8, u.clearance->expires.ToString());
  } else {
    st->BindNull(6).Bind(7, std::string_view()).Bind(8, std::string_view());
  }
  st->Bind(9, JoinSet(u.compartments)).Bind(10, static_cast<long long>(u.disabled));
  st->Bind(11, static_cast<long long>(u.totp_required)).Bind(12, u.created_at).Bind(13, row.password_hash);
  st->Bind(14, row.totp_secret).Bind(15, row.totp_last_step).Bind(16, static_cast<long long>(row.failures));
  st->Bind(17, row.locked_until).Bind(18, row.totp_enrol_until);
}

Result<UserRow> ReadUser(const Statement* st) {
  UserRow row;
  User& u = row.user;
  u.id = st->Text(0);
  u.display_name = st->Text(1);
  u.member = st->Text(2);
  u.agency = st->Text(3);
  for (const auto& name : SplitTrimmed(st->Text(4), ',')) {
    DISRUPT_ASSIGN_OR_RETURN(auto role, policy::ParseRole(name));
    u.roles.insert(role);
  }
  if (!st->IsNull(5)) {
    policy::Clearance c;
    DISRUPT_ASSIGN_OR_RETURN(c.level, model::ParseClassification(st->Text(5)));
    c.granted_by = st->Text(6);
    if (std::string e = st->Text(7); !e.empty()) {
      DISRUPT_ASSIGN_OR_RETURN(c.expires, PartialDate::Parse(e));
    }
    u.clearance = c;
  }
  for (const auto& c : SplitTrimmed(st->Text(8), ',')) u.compartments.insert(c);
  u.disabled = st->Int(9) != 0;
  u.totp_required = st->Int(10) != 0;
  u.created_at = st->Int(11);
  row.password_hash = st->Text(12);
  row.totp_secret = st->Text(13);
  row.totp_last_step = st->Int(14);
  row.failures = static_cast<int>(st->Int(15));
  row.locked_until = st->Int(16);
  row.totp_enrol_until = st->Int(17);
  u.totp_enrolled = !row.totp_secret.empty() && row.totp_enrol_until == 0;
  u.totp_pending = !row.totp_secret.empty() && row.totp_enrol_until != 0;
  return row;
}

Result<TokenRow> ReadToken(const Statement* st) {
  TokenRow t;
  t.id = st->Text(0);
  t.hash = st->Blob(1);
  t.user_id = st->Text(2);
  t.name = st->Text(3);
  for (const auto& s : SplitTrimmed(st->Text(4), ',')) {
    DISRUPT_ASSIGN_OR_RETURN(auto scope, ParseScope(s));
    t.scopes.insert(scope);
  }
  t.created_at = st->Int(5);
  t.expires_at = st->Int(6);
  t.revoked_at = st->Int(7);
  t.last_used = st->Int(8);
  return t;
}

constexpr std::string_view kTokenColumns = "id, hash, user_id, name, scopes, created_at, expires_at, revoked_at, last_used";

// Runs a statement that must change exactly one row; kNotFound otherwise.
Status RunOne(audit::SecurityDb& db, Statement* st, const std::string& what) {
  DISRUPT_RETURN_IF_ERROR(st->Run());
  if (db.Changes() == 0) return Status::NotFound(what);
  return Status::Ok();
}

}  // namespace

SqlAuthStore::SqlAuthStore(std::unique_ptr<audit::SecurityDb> db) : db_(std::move(db)) {}
SqlAuthStore::~SqlAuthStore() = default;

Result<std::unique_ptr<SqlAuthStore>> SqlAuthStore::Open(const std::string& path) {
  DISRUPT_ASSIGN_OR_RETURN(auto db, audit::OpenSecurityDb(path));
  if (db->dialect() == audit::Dialect::kPostgres) {
    DISRUPT_RETURN_IF_ERROR(db->Migrate("auth", kPostgresMigrations));
  } else {
    DISRUPT_RETURN_IF_ERROR(db->Migrate("auth", kMigrations));
  }
  return std::unique_ptr<SqlAuthStore>(new SqlAuthStore(std::move(db)));
}

Status SqlAuthStore::InsertUser(const UserRow& row) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * st, db_->Prepare("INSERT INTO auth_user(" + std::string(kUserColumns) +
                                                        ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
  BindUser(st, row);
  Status s = st->Run();
  st->Reset();
  if (s.code() == StatusCode::kConflict) {
    return Status::Conflict("user " + row.user.id + " already exists");
  }
  return s;
}

Status SqlAuthStore::UpdateUser(const UserRow& row) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(
      Statement * st,
      db_->Prepare("UPDATE auth_user SET display_name=?2, member=?3, agency=?4, roles=?5, clearance_level=?6, "
                   "clearance_granted_by=?7, clearance_expires=?8, compartments=?9, disabled=?10, totp_required=?11, "
                   "created_at=?12, password_hash=?13, totp_secret=?14, totp_last_step=?15, failures=?16, "
                   "locked_until=?17, totp_enrol_until=?18 WHERE id=?1"));
  BindUser(st, row);
  Status s = RunOne(*db_, st, "no user " + row.user.id);
  st->Reset();
  return s;
}

Result<std::optional<UserRow>> SqlAuthStore::GetUser(const std::string& id) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * st,
                           db_->Prepare("SELECT " + std::string(kUserColumns) + " FROM auth_user WHERE id = ?"));
  st->Bind(1, id);
  return st->ReadOne<UserRow>([&](const Statement& row) -> Result<UserRow> {
    auto user = ReadUser(&row);
    if (!user.ok()) return user.status().WithContext("user " + id);
    return user;
  });
}

Result<std::vector<User>> SqlAuthStore::ListUsers() {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * st,
                           db_->Prepare("SELECT " + std::string(kUserColumns) + " FROM auth_user ORDER BY id"));
  std::vector<User> out;
  DISRUPT_RETURN_IF_ERROR(st->ForEachRow([&](const Statement& row) -> Status {
    DISRUPT_ASSIGN_OR_RETURN(UserRow user, ReadUser(&row));
    out.push_back(std::move(user.user));
    return Status::Ok();
  }));
  return out;
}

Result<int> SqlAuthStore::RecordFailure(const std::string& id, long long now,
                                           const std::function<long long(int)>& lock_for) {
  auto lock = db_->Lock();
  audit::Transaction tx(*db_);
  DISRUPT_RETURN_IF_ERROR(tx.Begin());
  // Servers sharing a PostgreSQL database count one user's failures
  // together: the row lock makes read-increment-write atomic across them
  // (SQLite's BEGIN IMMEDIATE already does).
  DISRUPT_ASSIGN_OR_RETURN(Statement * get, db_->Prepare(db_->dialect() == audit::Dialect::kPostgres
                                                             ? "SELECT failures FROM auth_user WHERE id = ? FOR UPDATE"
                                                             : "SELECT failures FROM auth_user WHERE id = ?"));
  get->Bind(1, id);
  DISRUPT_ASSIGN_OR_RETURN(bool has, get->Step());
  int failures = has ? static_cast<int>(get->Int(0)) + 1 : 0;
  get->Reset();
  if (!has) return Status::NotFound("no user " + id);
  DISRUPT_ASSIGN_OR_RETURN(Statement * put,
                           db_->Prepare("UPDATE auth_user SET failures = ?, locked_until = ? WHERE id = ?"));
  long long seconds = lock_for(failures);
  put->Bind(1, static_cast<long long>(failures)).Bind(2, seconds > 0 ? now + seconds : 0).Bind(3, id);
  DISRUPT_RETURN_IF_ERROR(put->Run());
  put->Reset();
  DISRUPT_RETURN_IF_ERROR(tx.Commit());
  return failures;
}

Result<bool> SqlAuthStore::RecordSuccess(const std::string& id, long long totp_step) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(
      Statement * st,
      db_->Prepare("UPDATE auth_user SET failures = 0, locked_until = 0, "
                   "totp_last_step = CASE WHEN totp_last_step > ?2 THEN totp_last_step ELSE ?2 END "
                   "WHERE id = ?1 AND (?2 = 0 OR totp_last_step < ?2)"));
  st->Bind(1, id).Bind(2, totp_step);
  DISRUPT_RETURN_IF_ERROR(st->Run());
  bool changed = db_->Changes() > 0;
  st->Reset();
  return changed;
}

Status SqlAuthStore::InsertSession(const SessionRow& row) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(
      Statement * st,
      db_->Prepare("INSERT INTO auth_session(id_hash, user_id, created_at, last_seen, client) VALUES (?,?,?,?,?)"));
  st->BindBlob(1, row.id_hash).Bind(2, row.user_id).Bind(3, row.created_at).Bind(4, row.last_seen).Bind(5, row.client);
  Status s = st->Run();
  st->Reset();
  return s;
}

Result<std::optional<SessionRow>> SqlAuthStore::GetSession(const std::string& id_hash) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(
      Statement * st,
      db_->Prepare("SELECT user_id, created_at, last_seen, client FROM auth_session WHERE id_hash = ?"));
  st->BindBlob(1, id_hash);
  return st->ReadOne<SessionRow>([&](const Statement& row) -> Result<SessionRow> {
    return SessionRow{id_hash, row.Text(0), row.Int(1), row.Int(2), row.Text(3)};
  });
}

Status SqlAuthStore::TouchSession(const std::string& id_hash, long long now) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * st, db_->Prepare("UPDATE auth_session SET last_seen = ? WHERE id_hash = ?"));
  st->Bind(1, now).BindBlob(2, id_hash);
  Status s = st->Run();
  st->Reset();
  return s;
}

Status SqlAuthStore::DeleteSession(const std::string& id_hash) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * st, db_->Prepare("DELETE FROM auth_session WHERE id_hash = ?"));
  st->BindBlob(1, id_hash);
  Status s = st->Run();
  st->Reset();
  return s;
}

Status SqlAuthStore::DeleteSessionsOf(const std::string& user_id) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * st, db_->Prepare("DELETE FROM auth_session WHERE user_id = ?"));
  st->Bind(1, user_id);
  Status s = st->Run();
  st->Reset();
  return s;
}

Status SqlAuthStore::PurgeSessions(long long idle_before, long long created_before) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * st,
                           db_->Prepare("DELETE FROM auth_session WHERE last_seen < ? OR created_at < ?"));
  st->Bind(1, idle_before).Bind(2, created_before);
  Status s = st->Run();
  st->Reset();
  return s;
}

Status SqlAuthStore::InsertToken(const TokenRow& t) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * st, db_->Prepare("INSERT INTO auth_token(" + std::string(kTokenColumns) +
                                                        ") VALUES (?,?,?,?,?,?,?,?,?)"));
  std::set<std::string> scopes;
  for (auto s : t.scopes) scopes.insert(std::string(ToString(s)));
  st->Bind(1, t.id).BindBlob(2, t.hash).Bind(3, t.user_id).Bind(4, t.name).Bind(5, JoinSet(scopes));
  st->Bind(6, t.created_at).Bind(7, t.expires_at).Bind(8, t.revoked_at).Bind(9, t.last_used);
  Status s = st->Run();
  st->Reset();
  return s;
}

Result<std::optional<TokenRow>> SqlAuthStore::GetTokenByHash(const std::string& hash) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * st,
                           db_->Prepare("SELECT " + std::string(kTokenColumns) + " FROM auth_token WHERE hash = ?"));
  st->BindBlob(1, hash);
  return st->ReadOne<TokenRow>([](const Statement& row) { return ReadToken(&row); });
}

Result<std::vector<TokenRow>> SqlAuthStore::ListTokens(const std::string& user_id) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * st,
                           db_->Prepare("SELECT " + std::string(kTokenColumns) +
                                        " FROM auth_token WHERE ?1 = '' OR user_id = ?1 ORDER BY user_id, id"));
  st->Bind(1, user_id);
  std::vector<TokenRow> out;
  DISRUPT_RETURN_IF_ERROR(st->ForEachRow([&](const Statement& row) -> Status {
    DISRUPT_ASSIGN_OR_RETURN(TokenRow t, ReadToken(&row));
    t.hash.clear();  // lists never carry the hash
    out.push_back(std::move(t));
    return Status::Ok();
  }));
  return out;
}

Status SqlAuthStore::RevokeToken(const std::string& id, long long now) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * st,
                           db_->Prepare("UPDATE auth_token SET revoked_at = ? WHERE id = ? AND revoked_at = 0"));
  st->Bind(1, now).Bind(2, id);
  Status s = RunOne(*db_, st, "no active token " + id);
  st->Reset();
  return s;
}

Status SqlAuthStore::TouchToken(const std::string& id, long long now) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * st, db_->Prepare("UPDATE auth_token SET last_used = ? WHERE id = ?"));
  st->Bind(1, now).Bind(2, id);
  Status s = st->Run();
  st->Reset();
  return s;
}

}  // namespace disrupt::auth
