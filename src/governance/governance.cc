// The governance registry: agencies, meetings and actions in the security
// database, SQL common to SQLite and PostgreSQL (see governance.h).
#include "governance/governance.h"

#include <algorithm>
#include <cstdio>

#include "core/text.h"
#include "crypto/keys.h"

namespace disrupt::governance {

namespace {

using audit::Statement;

constexpr const char* kMigrations[] = {
    R"sql(
CREATE TABLE gov_agency (
  member TEXT NOT NULL,
  acronym TEXT NOT NULL,
  name TEXT NOT NULL,
  focal_point TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (member, acronym)
);
CREATE TABLE gov_meeting (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  kind TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  location TEXT NOT NULL DEFAULT '',
  chatham_house INTEGER NOT NULL DEFAULT 0,
  agenda TEXT NOT NULL DEFAULT '',
  originator TEXT NOT NULL,
  classification TEXT NOT NULL,
  tlp TEXT NOT NULL,
  releasable_to TEXT NOT NULL DEFAULT '',
  compartment TEXT NOT NULL DEFAULT '',
  cancelled INTEGER NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX gov_meeting_starts ON gov_meeting(starts_at);
CREATE TABLE gov_action (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  meeting_id TEXT NOT NULL DEFAULT '',
  owner TEXT NOT NULL,
  assignee TEXT NOT NULL DEFAULT '',
  due TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  originator TEXT NOT NULL,
  classification TEXT NOT NULL,
  tlp TEXT NOT NULL,
  releasable_to TEXT NOT NULL DEFAULT '',
  compartment TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX gov_action_status ON gov_action(status);
)sql",
};

// PostgreSQL: the same, with bigint for numbers.
constexpr const char* kPostgresMigrations[] = {
    R"sql(
CREATE TABLE gov_agency (
  member text NOT NULL,
  acronym text NOT NULL,
  name text NOT NULL,
  focal_point text NOT NULL DEFAULT '',
  updated_at bigint NOT NULL,
  PRIMARY KEY (member, acronym)
);
CREATE TABLE gov_meeting (
  id text PRIMARY KEY,
  title text NOT NULL,
  kind text NOT NULL,
  starts_at bigint NOT NULL,
  ends_at bigint NOT NULL,
  location text NOT NULL DEFAULT '',
  chatham_house bigint NOT NULL DEFAULT 0,
  agenda text NOT NULL DEFAULT '',
  originator text NOT NULL,
  classification text NOT NULL,
  tlp text NOT NULL,
  releasable_to text NOT NULL DEFAULT '',
  compartment text NOT NULL DEFAULT '',
  cancelled bigint NOT NULL DEFAULT 0,
  created_by text NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);
CREATE INDEX gov_meeting_starts ON gov_meeting(starts_at);
CREATE TABLE gov_action (
  id text PRIMARY KEY,
  title text NOT NULL,
  detail text NOT NULL DEFAULT '',
  meeting_id text NOT NULL DEFAULT '',
  owner text NOT NULL,
  assignee text NOT NULL DEFAULT '',
  due text NOT NULL DEFAULT '',
  status text NOT NULL,
  originator text NOT NULL,
  classification text NOT NULL,
  tlp text NOT NULL,
  releasable_to text NOT NULL DEFAULT '',
  compartment text NOT NULL DEFAULT '',
  created_by text NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);
CREATE INDEX gov_action_status ON gov_action(status);
)sql",
};

constexpr std::string_view kMeetingColumns =
    "id, title, kind, starts_at, ends_at, location, chatham_house, agenda, originator, classification, tlp, "
    "releasable_to, compartment, cancelled, created_by, created_at, updated_at";
constexpr std::string_view kActionColumns =
    "id, title, detail, meeting_id, owner, assignee, due, status, originator, classification, tlp, releasable_to, "
    "compartment, created_by, created_at, updated_at";

bool IsMemberCode(std::string_view s) {
  if (s.size() < 2 || s.size() > 16) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; });
}

bool IsUserId(std::string_view s) {
  if (s.size() < 2 || s.size() > 64 || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

// Text of 0..max characters (or 1..max when required), valid UTF-8, no control characters but newlines and tabs.
Status CheckText(std::string_view value, const char* field, size_t max, bool required, bool multiline) {
  if (required && value.empty()) return Status::InvalidArgument("must not be empty", field);
  if (!IsValidUtf8(value)) return Status::InvalidArgument("must be valid UTF-8", field);
  if (value.size() > max) return Status::InvalidArgument("too long (at most " + std::to_string(max) + " bytes)", field);
  for (unsigned char c : value) {
    if (c < 0x20 && !(multiline && (c == '\n' || c == '\t' || c == '\r'))) {
      return Status::InvalidArgument("must not contain control characters", field);
    }
  }
  return Status::Ok();
}

Status CheckHandling(const model::Handling& h, const std::string& originator) {
  if (!IsMemberCode(originator)) return Status::InvalidArgument("must be a member code", "originator");
  for (const auto& to : h.releasable_to) {
    if (!IsMemberCode(to)) return Status::InvalidArgument("must be member codes or group names", "handling.releasable_to");
  }
  if (!h.compartment.empty()) DISRUPT_RETURN_IF_ERROR(CheckText(h.compartment, "handling.compartment", 64, false, false));
  return Status::Ok();
}

std::string RandomId(std::string_view prefix) {
  std::string bytes = crypto::RandomBytes(4);
  return std::string(prefix) + crypto::ToHex(bytes.data(), bytes.size());
}

void BindHandling(Statement* st, int first, const model::Handling& h) {
  st->Bind(first, model::ToString(h.classification)).Bind(first + 1, model::ToString(h.tlp));
  st->Bind(first + 2, Join(h.releasable_to, ",")).Bind(first + 3, h.compartment);
}

Status ReadHandling(const Statement* st, int first, model::Handling& h) {
  DISRUPT_ASSIGN_OR_RETURN(h.classification, model::ParseClassification(st->Text(first)));
  DISRUPT_ASSIGN_OR_RETURN(h.tlp, model::ParseTlp(st->Text(first + 1)));
  h.releasable_to = SplitTrimmed(st->Text(first + 2), ',');
  h.compartment = st->Text(first + 3);
  return Status::Ok();
}

void BindMeeting(Statement* st, const Meeting& m) {
  st->Bind(1, m.id).Bind(2, m.title).Bind(3, ToString(m.kind)).Bind(4, m.starts_at).Bind(5, m.ends_at);
  st->Bind(6, m.location).Bind(7, static_cast<long long>(m.chatham_house)).Bind(8, m.agenda).Bind(9, m.originator);
  BindHandling(st, 10, m.handling);
  st->Bind(14, static_cast<long long>(m.cancelled)).Bind(15, m.created_by).Bind(16, m.created_at);
  st->Bind(17, m.updated_at);
}

Result<Meeting> ReadMeeting(const Statement* st) {
  Meeting m;
  m.id = st->Text(0);
  m.title = st->Text(1);
  DISRUPT_ASSIGN_OR_RETURN(m.kind, ParseMeetingKind(st->Text(2)));
  m.starts_at = st->Int(3);
  m.ends_at = st->Int(4);
  m.location = st->Text(5);
  m.chatham_house = st->Int(6) != 0;
  m.agenda = st->Text(7);
  m.originator = st->Text(8);
  DISRUPT_RETURN_IF_ERROR(ReadHandling(st, 9, m.handling));
  m.cancelled = st->Int(13) != 0;
  m.created_by = st->Text(14);
  m.created_at = st->Int(15);
  m.updated_at = st->Int(16);
  return m;
}

void BindAction(Statement* st, const Action& a) {
  st->Bind(1, a.id).Bind(2, a.title).Bind(3, a.detail).Bind(4, a.meeting_id).Bind(5, a.owner).Bind(6, a.assignee);
  st->Bind(7, a.due.ToString()).Bind(8, ToString(a.status)).Bind(9, a.originator);
  BindHandling(st, 10, a.handling);
  st->Bind(14, a.created_by).Bind(15, a.created_at).Bind(16, a.updated_at);
}

Result<Action> ReadAction(const Statement* st) {
  Action a;
  a.id = st->Text(0);
  a.title = st->Text(1);
  a.detail = st->Text(2);
  a.meeting_id = st->Text(3);
  a.owner = st->Text(4);
  a.assignee = st->Text(5);
  if (std::string due = st->Text(6); !due.empty()) {
    DISRUPT_ASSIGN_OR_RETURN(a.due, PartialDate::Parse(due));
  }
  DISRUPT_ASSIGN_OR_RETURN(a.status, ParseActionStatus(st->Text(7)));
  a.originator = st->Text(8);
  DISRUPT_RETURN_IF_ERROR(ReadHandling(st, 9, a.handling));
  a.created_by = st->Text(13);
  a.created_at = st->Int(14);
  a.updated_at = st->Int(15);
  return a;
}

// Collects every row of a query through `read`.
template <typename T, typename Reader>
Result<std::vector<T>> Collect(Statement* st, Reader read) {
  return st->ReadAll<T>([&](const Statement& row) { return read(&row); });
}

// An update as stored: the new fields, but never a new originator, creator or creation time.
template <typename Item>
Item KeepOrigin(Item updated, const Item& current, long long now) {
  updated.originator = current.originator;
  updated.created_by = current.created_by;
  updated.created_at = current.created_at;
  updated.updated_at = now;
  return updated;
}

Status RunChecked(audit::SecurityDb& db, Statement* st, const std::string& missing) {
  Status s = st->Run();
  st->Reset();
  if (!s.ok()) return s;
  if (!missing.empty() && db.Changes() == 0) return Status::NotFound(missing);
  return Status::Ok();
}

}  // namespace

std::string_view ToString(MeetingKind k) {
  switch (k) {
    case MeetingKind::kWorkingGroup: return "working_group";
    case MeetingKind::kCoChairs: return "co_chairs";
    case MeetingKind::kSteeringGroup: return "steering_group";
    case MeetingKind::kWorkshop: return "workshop";
    case MeetingKind::kBilateral: return "bilateral";
    case MeetingKind::kOther: return "other";
  }
  return "other";
}

Result<MeetingKind> ParseMeetingKind(std::string_view s) {
  for (auto k : {MeetingKind::kWorkingGroup, MeetingKind::kCoChairs, MeetingKind::kSteeringGroup,
                 MeetingKind::kWorkshop, MeetingKind::kBilateral, MeetingKind::kOther}) {
    if (s == ToString(k)) return k;
  }
  return Status::InvalidArgument(
      "unknown meeting kind (working_group, co_chairs, steering_group, workshop, bilateral, other)", "kind");
}

std::string_view ToString(ActionStatus s) {
  switch (s) {
    case ActionStatus::kOpen: return "open";
    case ActionStatus::kInProgress: return "in_progress";
    case ActionStatus::kDone: return "done";
    case ActionStatus::kDropped: return "dropped";
  }
  return "open";
}

Result<ActionStatus> ParseActionStatus(std::string_view s) {
  for (auto v : {ActionStatus::kOpen, ActionStatus::kInProgress, ActionStatus::kDone, ActionStatus::kDropped}) {
    if (s == ToString(v)) return v;
  }
  return Status::InvalidArgument("unknown action status (open, in_progress, done, dropped)", "status");
}

model::Record AsRecord(const Meeting& m) {
  model::Record r;
  r.id = m.id;
  r.provenance.originator = m.originator;
  r.handling = m.handling;
  return r;
}

model::Record AsRecord(const Action& a) {
  model::Record r;
  r.id = a.id;
  r.provenance.originator = a.originator;
  r.handling = a.handling;
  return r;
}

Status Validate(const Agency& a) {
  if (!IsMemberCode(a.member)) return Status::InvalidArgument("must be a member code", "member");
  if (a.acronym.size() < 2 || a.acronym.size() > 16 ||
      !std::all_of(a.acronym.begin(), a.acronym.end(),
                   [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'; })) {
    return Status::InvalidArgument("must be 2 to 16 of A-Z, 0-9 and -", "acronym");
  }
  DISRUPT_RETURN_IF_ERROR(CheckText(a.name, "name", 200, true, false));
  if (!a.focal_point.empty() && !IsUserId(a.focal_point)) return Status::InvalidArgument("must be a user id", "focal_point");
  return Status::Ok();
}

Status Validate(const Meeting& m) {
  DISRUPT_RETURN_IF_ERROR(CheckText(m.title, "title", 200, true, false));
  DISRUPT_RETURN_IF_ERROR(CheckText(m.location, "location", 200, false, false));
  DISRUPT_RETURN_IF_ERROR(CheckText(m.agenda, "agenda", 20000, false, true));
  if (m.starts_at <= 0) return Status::InvalidArgument("must be a time", "starts_at");
  if (m.ends_at < m.starts_at) return Status::InvalidArgument("must not be before starts_at", "ends_at");
  if (m.ends_at - m.starts_at > 31LL * 86400) return Status::InvalidArgument("a meeting lasts at most 31 days", "ends_at");
  return CheckHandling(m.handling, m.originator);
}

Status Validate(const Action& a) {
  DISRUPT_RETURN_IF_ERROR(CheckText(a.title, "title", 200, true, false));
  DISRUPT_RETURN_IF_ERROR(CheckText(a.detail, "detail", 20000, false, true));
  if (!IsMemberCode(a.owner)) return Status::InvalidArgument("must be a member code", "owner");
  if (!a.assignee.empty() && !IsUserId(a.assignee)) return Status::InvalidArgument("must be a user id", "assignee");
  if (!a.meeting_id.empty() && (a.meeting_id.size() != 12 || a.meeting_id.rfind("MTG-", 0) != 0)) {
    return Status::InvalidArgument("must be a meeting id (MTG-...)", "meeting_id");
  }
  return CheckHandling(a.handling, a.originator);
}

Result<long long> ParseTimestamp(std::string_view text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  auto digits = [&](size_t pos, size_t n, int& out) {
    if (pos + n > text.size()) return false;
    out = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      out = out * 10 + (text[i] - '0');
    }
    return true;
  };
  auto bad = [&] {
    return Status::InvalidArgument("expected a UTC time such as 2026-12-03T09:30:00Z or a date 2026-12-03");
  };
  if (!digits(0, 4, y) || text.size() < 10 || text[4] != '-' || !digits(5, 2, mo) || text[7] != '-' ||
      !digits(8, 2, d)) {
    return bad();
  }
  if (mo < 1 || mo > 12 || d < 1 || d > DaysInMonth(y, mo)) return bad();
  if (text.size() > 10) {
    if (text[10] != 'T' || !digits(11, 2, h) || text.size() < 17 || text[13] != ':' || !digits(14, 2, mi)) {
      return bad();
    }
    size_t pos = 16;
    if (pos < text.size() && text[pos] == ':') {
      if (!digits(pos + 1, 2, s)) return bad();
      pos += 3;
    }
    if (pos + 1 != text.size() || text[pos] != 'Z') return bad();
    if (h > 23 || mi > 59 || s > 59) return bad();
  }
  return DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + s;
}

// ---- the registry --------------------------------------------------------------------

Registry::Registry(std::unique_ptr<audit::SecurityDb> db, std::function<long long()> now)
    : db_(std::move(db)), now_(std::move(now)) {}
Registry::~Registry() = default;

long long Registry::Now() const { return now_ ? now_() : UnixNow(); }

Result<std::unique_ptr<Registry>> Registry::Open(const std::string& location, std::function<long long()> now) {
  DISRUPT_ASSIGN_OR_RETURN(auto db, audit::OpenSecurityDb(location));
  if (db->dialect() == audit::Dialect::kPostgres) {
    DISRUPT_RETURN_IF_ERROR(db->Migrate("governance", kPostgresMigrations));
  } else {
    DISRUPT_RETURN_IF_ERROR(db->Migrate("governance", kMigrations));
  }
  return std::unique_ptr<Registry>(new Registry(std::move(db), std::move(now)));
}

Result<std::vector<Agency>> Registry::Agencies(std::string_view member) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(
      Statement * st,
      db_->Prepare("SELECT member, acronym, name, focal_point, updated_at FROM gov_agency "
                   "WHERE ?1 = '' OR member = ?1 ORDER BY member, acronym"));
  st->Bind(1, member);
  return Collect<Agency>(st, [](const Statement* s) -> Result<Agency> {
    return Agency{s->Text(0), s->Text(1), s->Text(2), s->Text(3), s->Int(4)};
  });
}

Status Registry::PutAgency(Agency agency) {
  DISRUPT_RETURN_IF_ERROR(Validate(agency));
  agency.updated_at = Now();
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(
      Statement * st,
      db_->Prepare("INSERT INTO gov_agency(member, acronym, name, focal_point, updated_at) VALUES (?1, ?2, ?3, ?4, ?5) "
                   "ON CONFLICT (member, acronym) DO UPDATE SET name = excluded.name, "
                   "focal_point = excluded.focal_point, updated_at = excluded.updated_at"));
  st->Bind(1, agency.member).Bind(2, agency.acronym).Bind(3, agency.name).Bind(4, agency.focal_point);
  st->Bind(5, agency.updated_at);
  return RunChecked(*db_, st, "");
}

Status Registry::RemoveAgency(std::string_view member, std::string_view acronym) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * st, db_->Prepare("DELETE FROM gov_agency WHERE member = ?1 AND acronym = ?2"));
  st->Bind(1, member).Bind(2, acronym);
  return RunChecked(*db_, st, "no agency " + std::string(acronym) + " of " + std::string(member));
}

Result<Meeting> Registry::AddMeeting(Meeting meeting) {
  meeting.id = RandomId("MTG-");
  meeting.created_at = meeting.updated_at = Now();
  DISRUPT_RETURN_IF_ERROR(Validate(meeting));
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * st, db_->Prepare("INSERT INTO gov_meeting(" + std::string(kMeetingColumns) +
                                                        ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
  BindMeeting(st, meeting);
  DISRUPT_RETURN_IF_ERROR(RunChecked(*db_, st, ""));
  return meeting;
}

Result<Meeting> Registry::UpdateMeeting(const Meeting& meeting) {
  DISRUPT_ASSIGN_OR_RETURN(auto current, GetMeeting(meeting.id));
  if (!current) return Status::NotFound("no meeting " + meeting.id);
  Meeting updated = KeepOrigin(meeting, *current, Now());
  DISRUPT_RETURN_IF_ERROR(Validate(updated));
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(
      Statement * st,
      db_->Prepare("UPDATE gov_meeting SET title=?2, kind=?3, starts_at=?4, ends_at=?5, location=?6, chatham_house=?7, "
                   "agenda=?8, originator=?9, classification=?10, tlp=?11, releasable_to=?12, compartment=?13, "
                   "cancelled=?14, created_by=?15, created_at=?16, updated_at=?17 WHERE id=?1"));
  BindMeeting(st, updated);
  DISRUPT_RETURN_IF_ERROR(RunChecked(*db_, st, "no meeting " + meeting.id));
  return updated;
}

Result<std::optional<Meeting>> Registry::GetMeeting(std::string_view id) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * st,
                           db_->Prepare("SELECT " + std::string(kMeetingColumns) + " FROM gov_meeting WHERE id = ?1"));
  st->Bind(1, id);
  DISRUPT_ASSIGN_OR_RETURN(auto rows, Collect<Meeting>(st, ReadMeeting));
  if (rows.empty()) return std::optional<Meeting>();
  return std::optional<Meeting>(std::move(rows.front()));
}

Result<std::vector<Meeting>> Registry::Meetings(long long from, long long to) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * st,
                           db_->Prepare("SELECT " + std::string(kMeetingColumns) +
                                        " FROM gov_meeting WHERE ends_at >= ?1 AND starts_at < ?2 ORDER BY starts_at, id"));
  st->Bind(1, from).Bind(2, to);
  return Collect<Meeting>(st, ReadMeeting);
}

Result<Action> Registry::AddAction(Action action) {
  action.id = RandomId("ACT-");
  action.created_at = action.updated_at = Now();
  DISRUPT_RETURN_IF_ERROR(Validate(action));
  if (!action.meeting_id.empty()) {
    DISRUPT_ASSIGN_OR_RETURN(auto meeting, GetMeeting(action.meeting_id));
    if (!meeting) return Status::InvalidArgument("no such meeting", "meeting_id");
  }
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * st, db_->Prepare("INSERT INTO gov_action(" + std::string(kActionColumns) +
                                                        ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
  BindAction(st, action);
  DISRUPT_RETURN_IF_ERROR(RunChecked(*db_, st, ""));
  return action;
}

Result<Action> Registry::UpdateAction(const Action& action) {
  DISRUPT_ASSIGN_OR_RETURN(auto current, GetAction(action.id));
  if (!current) return Status::NotFound("no action " + action.id);
  Action updated = KeepOrigin(action, *current, Now());
  DISRUPT_RETURN_IF_ERROR(Validate(updated));
  if (!updated.meeting_id.empty() && updated.meeting_id != current->meeting_id) {
    DISRUPT_ASSIGN_OR_RETURN(auto meeting, GetMeeting(updated.meeting_id));
    if (!meeting) return Status::InvalidArgument("no such meeting", "meeting_id");
  }
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(
      Statement * st,
      db_->Prepare("UPDATE gov_action SET title=?2, detail=?3, meeting_id=?4, owner=?5, assignee=?6, due=?7, status=?8, "
                   "originator=?9, classification=?10, tlp=?11, releasable_to=?12, compartment=?13, created_by=?14, "
                   "created_at=?15, updated_at=?16 WHERE id=?1"));
  BindAction(st, updated);
  DISRUPT_RETURN_IF_ERROR(RunChecked(*db_, st, "no action " + action.id));
  return updated;
}

Result<std::optional<Action>> Registry::GetAction(std::string_view id) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * st,
                           db_->Prepare("SELECT " + std::string(kActionColumns) + " FROM gov_action WHERE id = ?1"));
  st->Bind(1, id);
  DISRUPT_ASSIGN_OR_RETURN(auto rows, Collect<Action>(st, ReadAction));
  if (rows.empty()) return std::optional<Action>();
  return std::optional<Action>(std::move(rows.front()));
}

Result<std::vector<Action>> Registry::ActionsOf(std::string_view meeting_id) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * st,
                           db_->Prepare("SELECT " + std::string(kActionColumns) +
                                        " FROM gov_action WHERE meeting_id = ?1 "
                                        "ORDER BY CASE WHEN due = '' THEN 1 ELSE 0 END, due, id"));
  st->Bind(1, meeting_id);
  return Collect<Action>(st, ReadAction);
}

Result<std::vector<Action>> Registry::Actions(bool open_only) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(
      Statement * st,
      db_->Prepare("SELECT " + std::string(kActionColumns) +
                   " FROM gov_action WHERE ?1 = 0 OR status IN ('open', 'in_progress') "
                   "ORDER BY CASE WHEN due = '' THEN 1 ELSE 0 END, due, id"));
  st->Bind(1, static_cast<long long>(open_only));
  return Collect<Action>(st, ReadAction);
}

}  // namespace disrupt::governance
