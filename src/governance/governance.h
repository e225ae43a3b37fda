// The Working Group's own business: the agencies of each member, the
// group's meetings and the actions they decide. Kept in the catalogue's
// database beside the security tables (audit/security_db.h), so that every
// portal server sharing a PostgreSQL database sees the same calendar and
// action list, and one backup holds everything.
//
// Meetings and actions are shared material like records: each carries the
// member that originated it and a handling marking (classification, TLP,
// releasable-to list), and the portal decides who sees one through the one
// need-to-know policy (policy::Decide over AsRecord()). A meeting may be
// held under the Chatham House Rule: what is said may be used, but not
// attributed; the flag travels with the meeting so that every view and
// every product made from it can say so.
//
// Who may change what is the server's concern (governance_handlers.cc);
// this layer validates values and keeps each change atomic.
//
// Thread safety: a Registry may be used from several threads.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/security_db.h"
#include "core/date.h"
#include "core/status.h"
#include "model/handling.h"
#include "model/record.h"

namespace disrupt::governance {

// ---- agencies ---------------------------------------------------------------

// One agency of a member state or organisation (police, immigration,
// border, prosecution, intelligence, foreign affairs...).
struct Agency {
  std::string member;       // member code (the store's members table)
  std::string acronym;      // 2-16 of [A-Z0-9-], unique within the member: "POLRI", "AFP"
  std::string name;         // full name, 1-200 characters
  std::string focal_point;  // optional: the user id of the agency's focal point
  long long updated_at = 0;
};

// ---- meetings ---------------------------------------------------------------

enum class MeetingKind { kWorkingGroup, kCoChairs, kSteeringGroup, kWorkshop, kBilateral, kOther };
std::string_view ToString(MeetingKind k);  // "working_group", "co_chairs", ...
Result<MeetingKind> ParseMeetingKind(std::string_view s);

struct Meeting {
  std::string id;                 // "MTG-" + 8 hex, assigned by AddMeeting
  std::string title;              // 1-200 characters
  MeetingKind kind = MeetingKind::kWorkingGroup;
  long long starts_at = 0;        // Unix seconds
  long long ends_at = 0;          // >= starts_at
  std::string location;           // a place, or "online"; may be empty
  bool chatham_house = false;     // held under the Chatham House Rule
  std::string agenda;             // free text, at most 20,000 characters
  std::string originator;         // the organising member's code
  model::Handling handling;       // classification, TLP, releasable-to
  bool cancelled = false;
  std::string created_by;         // user id
  long long created_at = 0;
  long long updated_at = 0;
};

// ---- actions ----------------------------------------------------------------

enum class ActionStatus { kOpen, kInProgress, kDone, kDropped };
std::string_view ToString(ActionStatus s);  // "open", "in_progress", "done", "dropped"
Result<ActionStatus> ParseActionStatus(std::string_view s);
inline bool IsOpen(ActionStatus s) { return s == ActionStatus::kOpen || s == ActionStatus::kInProgress; }

struct Action {
  std::string id;                 // "ACT-" + 8 hex, assigned by AddAction
  std::string title;              // 1-200 characters
  std::string detail;             // at most 20,000 characters
  std::string meeting_id;         // the meeting that decided it, or empty
  std::string owner;              // the member that must carry it out
  std::string assignee;           // optional: a user id within the owner member
  PartialDate due;                // optional
  ActionStatus status = ActionStatus::kOpen;
  std::string originator;         // the member that recorded it
  model::Handling handling;
  std::string created_by;
  long long created_at = 0;
  long long updated_at = 0;
};

// The record the policy decides a meeting or action as: its originator and
// handling, no properties (so never a victim record).
model::Record AsRecord(const Meeting& m);
model::Record AsRecord(const Action& a);

// Checks the fields' forms and lengths. kInvalidArgument naming the field.
Status Validate(const Agency& a);
Status Validate(const Meeting& m);
Status Validate(const Action& a);

// "2026-12-03T09:30:00Z", "2026-12-03T09:30Z" or "2026-12-03" (midnight UTC)
// to Unix seconds. kInvalidArgument otherwise.
Result<long long> ParseTimestamp(std::string_view text);

// ---- the registry ------------------------------------------------------------

class Registry {
 public:
  // Opens (creating and migrating) the governance tables at `location`: a
  // SQLite path or a postgresql:// store URI (audit::PathFromStoreUri).
  // `now` is the clock (Unix seconds); the wall clock when empty.
  // kUnavailable when the database cannot be opened.
  static Result<std::unique_ptr<Registry>> Open(const std::string& location,
                                                std::function<long long()> now = {});
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Agencies of `member`, or of every member when empty, by member then acronym.
  Result<std::vector<Agency>> Agencies(std::string_view member = {});
  // Adds or replaces the agency (member, acronym). kInvalidArgument.
  Status PutAgency(Agency agency);
  // kNotFound when absent.
  Status RemoveAgency(std::string_view member, std::string_view acronym);

  // Assigns id and times; kInvalidArgument for a bad meeting.
  Result<Meeting> AddMeeting(Meeting meeting);
  // Replaces the meeting's editable fields (not id, originator, creator,
  // creation time). kNotFound, kInvalidArgument.
  Result<Meeting> UpdateMeeting(const Meeting& meeting);
  Result<std::optional<Meeting>> GetMeeting(std::string_view id);
  // Meetings that end at or after `from` and start before `to`, by start time.
  Result<std::vector<Meeting>> Meetings(long long from, long long to);

  Result<Action> AddAction(Action action);
  // Replaces the editable fields (as UpdateMeeting). kNotFound, kInvalidArgument.
  Result<Action> UpdateAction(const Action& action);
  Result<std::optional<Action>> GetAction(std::string_view id);
  // Every action (open ones only when `open_only`), by due date (none last), then id.
  Result<std::vector<Action>> Actions(bool open_only);
  // The actions a meeting decided (any status), in the same order.
  Result<std::vector<Action>> ActionsOf(std::string_view meeting_id);

 private:
  Registry(std::unique_ptr<audit::SecurityDb> db, std::function<long long()> now);
  long long Now() const;
  std::unique_ptr<audit::SecurityDb> db_;
  std::function<long long()> now_;
};

}  // namespace disrupt::governance
