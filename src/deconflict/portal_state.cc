// The portal's resolution, deconfliction and watchlist tables in the
// catalogue's SQLite database; see portal_state.h.
#include "deconflict/portal_state.h"

#include <cmath>
#include <sstream>

#include <nlohmann/json.hpp>

namespace disrupt::deconflict {

namespace {

using nlohmann::json;

constexpr const char* kMigrations[] = {
    "CREATE TABLE resolution_decision (seq INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT NOT NULL, b TEXT NOT NULL,"
    " verdict TEXT NOT NULL, analyst TEXT NOT NULL, at INTEGER NOT NULL, note TEXT NOT NULL);"
    "CREATE TABLE resolution_state (name TEXT PRIMARY KEY, body BLOB NOT NULL);"
    "CREATE TABLE deconflict_upload (member TEXT PRIMARY KEY, key_id TEXT NOT NULL, records INTEGER NOT NULL,"
    " uploaded_by TEXT NOT NULL, uploaded_at INTEGER NOT NULL, body BLOB NOT NULL);"
    "CREATE TABLE deconflict_hit (id INTEGER PRIMARY KEY AUTOINCREMENT, member_a TEXT NOT NULL, ref_a TEXT NOT NULL,"
    " member_b TEXT NOT NULL, ref_b TEXT NOT NULL, kind TEXT NOT NULL, strength_ppm INTEGER NOT NULL,"
    " created_at INTEGER NOT NULL, UNIQUE (member_a, ref_a, member_b, ref_b, kind));"
    "CREATE INDEX deconflict_hit_a ON deconflict_hit (member_a);"
    "CREATE INDEX deconflict_hit_b ON deconflict_hit (member_b);"
    "CREATE TABLE watch_selector (id TEXT PRIMARY KEY, member TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL,"
    " country TEXT NOT NULL, created_by TEXT NOT NULL, created_at INTEGER NOT NULL);"
    "CREATE INDEX watch_selector_member ON watch_selector (member);"
    "CREATE TABLE watch_alert (id INTEGER PRIMARY KEY AUTOINCREMENT, selector_id TEXT NOT NULL,"
    " watch_member TEXT NOT NULL, record_id TEXT NOT NULL, record_member TEXT NOT NULL, kind TEXT NOT NULL,"
    " strength_ppm INTEGER NOT NULL, created_at INTEGER NOT NULL, UNIQUE (selector_id, record_id));"
    "CREATE INDEX watch_alert_member ON watch_alert (watch_member);",
};

long long Ppm(double strength) { return std::llround(strength * 1e6); }
double FromPpm(long long ppm) { return static_cast<double>(ppm) / 1e6; }

json RecordJson(const resolve::PersonRecord& r) {
  return json::array({r.id, r.member, r.given_name, r.family_name, r.full_name, r.dob, r.gender, r.nationality,
                      r.passport_no, r.phone, r.address});
}

Result<resolve::PersonRecord> RecordFromJson(const json& j) {
  if (!j.is_array() || j.size() != 11) return Status::DataLoss("corrupt resolution record");
  for (const auto& v : j) {
    if (!v.is_string()) return Status::DataLoss("corrupt resolution record");
  }
  resolve::PersonRecord r;
  std::string* fields[] = {&r.id,     &r.member,      &r.given_name,  &r.family_name, &r.full_name, &r.dob,
                           &r.gender, &r.nationality, &r.passport_no, &r.phone,       &r.address};
  for (size_t i = 0; i < 11; ++i) *fields[i] = j[i].get<std::string>();
  return r;
}

// The resolution store over the two resolution tables.
class SqliteResolutionStore : public resolve::ResolutionStore {
 public:
  explicit SqliteResolutionStore(audit::SqliteDb& db) : db_(db) {}

  Status AppendDecision(const resolve::Decision& d) override {
    auto lock = db_.Lock();
    DISRUPT_ASSIGN_OR_RETURN(auto* st,
                             db_.Prepare("INSERT INTO resolution_decision (a, b, verdict, analyst, at, note)"
                                         " VALUES (?, ?, ?, ?, ?, ?)"));
    st->Bind(1, d.a).Bind(2, d.b).Bind(3, resolve::ToString(d.verdict)).Bind(4, d.analyst).Bind(5, d.at).Bind(6,
                                                                                                             d.note);
    return st->Run();
  }

  Result<std::vector<resolve::Decision>> Decisions() const override {
    auto lock = db_.Lock();
    DISRUPT_ASSIGN_OR_RETURN(
        auto* st, db_.Prepare("SELECT seq, a, b, verdict, analyst, at, note FROM resolution_decision ORDER BY seq"));
    std::vector<resolve::Decision> out;
    for (;;) {
      DISRUPT_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      resolve::Decision d;
      d.a = st->Text(1);
      d.b = st->Text(2);
      auto verdict = resolve::ParseVerdict(st->Text(3));
      if (!verdict.ok()) return Status::DataLoss("corrupt decision " + std::to_string(st->Int(0)));
      d.verdict = *verdict;
      d.analyst = st->Text(4);
      d.at = st->Int(5);
      d.note = st->Text(6);
      out.push_back(std::move(d));
    }
    return out;
  }

  Status SaveState(const resolve::Resolver& resolver) override {
    resolve::ResolvedState s = resolve::StateOf(resolver);
    json records = json::array(), links = json::array(), clusters = json::array();
    for (const auto& r : s.records) records.push_back(RecordJson(r));
    for (const auto& l : s.links) links.push_back(json::array({l.a, l.b, l.weight}));
    for (const auto& [r, c] : s.clusters) clusters.push_back(json::array({r, c}));
    std::pair<const char*, std::string> rows[] = {{"records", records.dump()},
                                                  {"links", links.dump()},
                                                  {"clusters", clusters.dump()},
                                                  {"model", s.model.ToJson().dump()}};
    auto lock = db_.Lock();
    audit::Transaction tx(db_);
    DISRUPT_RETURN_IF_ERROR(tx.Begin());
    for (const auto& [name, body] : rows) {
      DISRUPT_ASSIGN_OR_RETURN(auto* st,
                               db_.Prepare("INSERT INTO resolution_state (name, body) VALUES (?, ?)"
                                           " ON CONFLICT (name) DO UPDATE SET body = excluded.body"));
      st->Bind(1, name).BindBlob(2, body);
      DISRUPT_RETURN_IF_ERROR(st->Run());
    }
    return tx.Commit();
  }

  Result<std::optional<resolve::ResolvedState>> LoadState() const override {
    std::map<std::string, std::string> rows;
    {
      auto lock = db_.Lock();
      DISRUPT_ASSIGN_OR_RETURN(auto* st, db_.Prepare("SELECT name, body FROM resolution_state"));
      for (;;) {
        DISRUPT_ASSIGN_OR_RETURN(bool row, st->Step());
        if (!row) break;
        rows[st->Text(0)] = st->Blob(1);
      }
    }
    if (!rows.count("model")) return std::optional<resolve::ResolvedState>();
    auto parse = [&](const char* name) -> Result<json> {
      auto j = json::parse(rows[name], nullptr, false);
      if (j.is_discarded()) return Status::DataLoss(std::string("corrupt resolution state: ") + name);
      return j;
    };
    resolve::ResolvedState s;
    DISRUPT_ASSIGN_OR_RETURN(json model, parse("model"));
    auto m = resolve::Model::FromJson(model);
    if (!m.ok()) return Status::DataLoss("corrupt resolution model: " + m.status().message());
    s.model = std::move(*m);
    DISRUPT_ASSIGN_OR_RETURN(json records, parse("records"));
    DISRUPT_ASSIGN_OR_RETURN(json links, parse("links"));
    DISRUPT_ASSIGN_OR_RETURN(json clusters, parse("clusters"));
    if (!records.is_array() || !links.is_array() || !clusters.is_array()) {
      return Status::DataLoss("corrupt resolution state");
    }
    for (const auto& r : records) {
      DISRUPT_ASSIGN_OR_RETURN(auto rec, RecordFromJson(r));
      s.records.push_back(std::move(rec));
    }
    for (const auto& l : links) {
      if (!l.is_array() || l.size() != 3 || !l[0].is_string() || !l[1].is_string() || !l[2].is_number()) {
        return Status::DataLoss("corrupt resolution link");
      }
      s.links.push_back({l[0].get<std::string>(), l[1].get<std::string>(), l[2].get<double>()});
    }
    for (const auto& c : clusters) {
      if (!c.is_array() || c.size() != 2 || !c[0].is_string() || !c[1].is_string()) {
        return Status::DataLoss("corrupt resolution cluster");
      }
      s.clusters.emplace_back(c[0].get<std::string>(), c[1].get<std::string>());
    }
    return std::optional<resolve::ResolvedState>(std::move(s));
  }

 private:
  audit::SqliteDb& db_;
};

}  // namespace

Result<std::unique_ptr<PortalState>> PortalState::Open(const std::string& path) {
  DISRUPT_ASSIGN_OR_RETURN(auto db, audit::SqliteDb::Open(path));
  DISRUPT_RETURN_IF_ERROR(db->Migrate("deconflict", kMigrations));
  return std::unique_ptr<PortalState>(new PortalState(std::move(db)));
}

std::unique_ptr<resolve::ResolutionStore> PortalState::Resolution() {
  return std::make_unique<SqliteResolutionStore>(*db_);
}

Status PortalState::PutUpload(const EncodingFile& file, const std::string& uploaded_by, long long now) {
  std::ostringstream body;
  WriteEncodingFile(body, file);
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(
      auto* st,
      db_->Prepare("INSERT INTO deconflict_upload (member, key_id, records, uploaded_by, uploaded_at, body)"
                   " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (member) DO UPDATE SET key_id = excluded.key_id,"
                   " records = excluded.records, uploaded_by = excluded.uploaded_by,"
                   " uploaded_at = excluded.uploaded_at, body = excluded.body"));
  st->Bind(1, file.member)
      .Bind(2, file.key_id)
      .Bind(3, static_cast<long long>(file.records.size()))
      .Bind(4, uploaded_by)
      .Bind(5, now)
      .BindBlob(6, body.str());
  return st->Run();
}

Result<std::vector<EncodingFile>> PortalState::Uploads() {
  std::vector<std::pair<std::string, std::string>> bodies;
  {
    auto lock = db_->Lock();
    DISRUPT_ASSIGN_OR_RETURN(auto* st, db_->Prepare("SELECT member, body FROM deconflict_upload ORDER BY member"));
    for (;;) {
      DISRUPT_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      bodies.emplace_back(st->Text(0), st->Blob(1));
    }
  }
  std::vector<EncodingFile> out;
  for (auto& [member, body] : bodies) {
    std::istringstream in(body);
    auto file = ReadEncodingFile(in, "upload of " + member);
    if (!file.ok()) return Status::DataLoss("stored encodings of " + member + " are corrupt");
    file->member = member;
    out.push_back(std::move(*file));
  }
  return out;
}

Result<std::optional<UploadInfo>> PortalState::UploadOf(const std::string& member) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(
      auto* st,
      db_->Prepare("SELECT key_id, records, uploaded_by, uploaded_at FROM deconflict_upload WHERE member = ?"));
  st->Bind(1, member);
  DISRUPT_ASSIGN_OR_RETURN(bool row, st->Step());
  if (!row) return std::optional<UploadInfo>();
  return std::optional<UploadInfo>(UploadInfo{member, st->Text(0), st->Int(1), st->Text(2), st->Int(3)});
}

Result<long long> PortalState::AddHits(const std::vector<Hit>& hits, long long now) {
  auto lock = db_->Lock();
  audit::Transaction tx(*db_);
  DISRUPT_RETURN_IF_ERROR(tx.Begin());
  long long added = 0;
  for (const auto& h : hits) {
    DISRUPT_ASSIGN_OR_RETURN(
        auto* st, db_->Prepare("INSERT INTO deconflict_hit (member_a, ref_a, member_b, ref_b, kind, strength_ppm,"
                               " created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"));
    st->Bind(1, h.member_a)
        .Bind(2, h.ref_a)
        .Bind(3, h.member_b)
        .Bind(4, h.ref_b)
        .Bind(5, h.kind)
        .Bind(6, Ppm(h.strength))
        .Bind(7, now);
    DISRUPT_RETURN_IF_ERROR(st->Run());
    added += db_->Changes();
  }
  DISRUPT_RETURN_IF_ERROR(tx.Commit());
  return added;
}

Result<std::vector<StoredHit>> PortalState::HitsOf(const std::string& member) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(
      auto* st, db_->Prepare("SELECT id, member_a, ref_a, member_b, ref_b, kind, strength_ppm, created_at"
                             " FROM deconflict_hit WHERE member_a = ? OR member_b = ? ORDER BY id DESC"));
  st->Bind(1, member).Bind(2, member);
  std::vector<StoredHit> out;
  for (;;) {
    DISRUPT_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    StoredHit h;
    h.id = st->Int(0);
    h.hit = Hit{st->Text(1), st->Text(2), st->Text(3), st->Text(4), st->Text(5), FromPpm(st->Int(6))};
    h.created_at = st->Int(7);
    out.push_back(std::move(h));
  }
  return out;
}

Status PortalState::AddSelector(const StoredSelector& s) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(auto* st,
                           db_->Prepare("INSERT INTO watch_selector (id, member, kind, value, country, created_by,"
                                        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"));
  st->Bind(1, s.selector.id)
      .Bind(2, s.selector.member)
      .Bind(3, ToString(s.selector.kind))
      .Bind(4, s.selector.value)
      .Bind(5, s.selector.country)
      .Bind(6, s.created_by)
      .Bind(7, s.created_at);
  DISRUPT_RETURN_IF_ERROR(st->Run());
  if (db_->Changes() == 0) return Status::Conflict("the selector id " + s.selector.id + " is in use");
  return Status::Ok();
}

Status PortalState::RemoveSelector(const std::string& id, const std::string& member) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(auto* st, db_->Prepare("DELETE FROM watch_selector WHERE id = ? AND member = ?"));
  st->Bind(1, id).Bind(2, member);
  DISRUPT_RETURN_IF_ERROR(st->Run());
  if (db_->Changes() == 0) return Status::NotFound("no such selector", "id");
  return Status::Ok();
}

Result<std::vector<StoredSelector>> PortalState::Selectors(const std::string& member) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(auto* st,
                           db_->Prepare("SELECT id, member, kind, value, country, created_by, created_at"
                                        " FROM watch_selector WHERE ? = '' OR member = ? ORDER BY id"));
  st->Bind(1, member).Bind(2, member);
  std::vector<StoredSelector> out;
  for (;;) {
    DISRUPT_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    StoredSelector s;
    s.selector.id = st->Text(0);
    s.selector.member = st->Text(1);
    auto kind = ParseSelectorKind(st->Text(2));
    if (!kind.ok()) return Status::DataLoss("corrupt selector " + s.selector.id);
    s.selector.kind = *kind;
    s.selector.value = st->Text(3);
    s.selector.country = st->Text(4);
    s.created_by = st->Text(5);
    s.created_at = st->Int(6);
    out.push_back(std::move(s));
  }
  return out;
}

Result<long long> PortalState::AddAlerts(const std::vector<Alert>& alerts, long long now) {
  auto lock = db_->Lock();
  audit::Transaction tx(*db_);
  DISRUPT_RETURN_IF_ERROR(tx.Begin());
  long long added = 0;
  for (const auto& a : alerts) {
    DISRUPT_ASSIGN_OR_RETURN(
        auto* st,
        db_->Prepare("INSERT INTO watch_alert (selector_id, watch_member, record_id, record_member, kind,"
                     " strength_ppm, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"));
    st->Bind(1, a.selector_id)
        .Bind(2, a.watch_member)
        .Bind(3, a.record_ref)
        .Bind(4, a.record_member)
        .Bind(5, ToString(a.kind))
        .Bind(6, Ppm(a.strength))
        .Bind(7, now);
    DISRUPT_RETURN_IF_ERROR(st->Run());
    added += db_->Changes();
  }
  DISRUPT_RETURN_IF_ERROR(tx.Commit());
  return added;
}

Result<std::vector<StoredAlert>> PortalState::AlertsOf(const std::string& member) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(
      auto* st, db_->Prepare("SELECT id, selector_id, watch_member, record_id, record_member, kind, strength_ppm,"
                             " created_at FROM watch_alert WHERE watch_member = ? ORDER BY id DESC"));
  st->Bind(1, member);
  std::vector<StoredAlert> out;
  for (;;) {
    DISRUPT_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    StoredAlert a;
    a.id = st->Int(0);
    a.alert.selector_id = st->Text(1);
    a.alert.watch_member = st->Text(2);
    a.alert.record_ref = st->Text(3);
    a.alert.record_member = st->Text(4);
    auto kind = ParseSelectorKind(st->Text(5));
    if (!kind.ok()) return Status::DataLoss("corrupt alert " + std::to_string(a.id));
    a.alert.kind = *kind;
    a.alert.strength = FromPpm(st->Int(6));
    a.created_at = st->Int(7);
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace disrupt::deconflict
