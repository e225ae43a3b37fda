// disrupt retention: the records whose review date has come, and the removal
// of those their originator let lapse. Thin: parses, calls
// retention/retention.h, renders. Renewal is an originator's decision and
// goes through the portal (POST /api/v1/retention/{id}/renew), where the
// user's member and role are known.
#include <iostream>

#include <nlohmann/json.hpp>

#include "audit/audit_log.h"
#include "audit/sqlite_db.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "policy/policy.h"
#include "retention/retention.h"

namespace disrupt::cli {

namespace {

constexpr const char* kCommand = "retention";

Args MakeArgs() {
  Args args(kCommand,
            "Retention of records past their review date.\n"
            "  due    list a member's records whose review date has passed or falls within --within-days\n"
            "  sweep  remove every record more than --grace-days past its review date, with the links and\n"
            "         events that refer to it; each removal is audited (id and date, never contents)");
  AddStoreOption(args);
  args.Positional("ACTION", "due | sweep")
      .Option("member", "due: the originating member (ISO code, e.g. AUS)")
      .Option("within-days", "due: also list records due within this many days", "30")
      .Option("grace-days", "sweep: days past the review date before a record is removed", "30")
      .Option("today", "the day to judge by (YYYY-MM-DD); default: today (UTC)")
      .Option("audit-key", "sweep: signing key file for audit checkpoints (or $DISRUPT_AUDIT_KEY_FILE)")
      .Flag("dry-run", "sweep: list what would be removed, remove nothing")
      .Flag("json", "JSON output")
      .Epilog("examples:\n"
              "  disrupt retention due --member AUS --within-days 60\n"
              "  disrupt retention sweep --dry-run\n"
              "  disrupt retention sweep --grace-days 30      # e.g. daily from cron");
  return args;
}

void Print(const std::vector<retention::DueRecord>& records, bool json, const char* key) {
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : records) {
      out.push_back({{"id", r.id},
                     {"type", r.type},
                     {"review_date", r.review_date.ToString()},
                     {"days_left", r.days_left},
                     {"classification", std::string(model::ToString(r.classification))}});
    }
    std::cout << nlohmann::json{{key, out}}.dump(2) << "\n";
    return;
  }
  std::cout << "id\ttype\treview_date\tdays_left\tclassification\n";
  for (const auto& r : records) {
    std::cout << r.id << "\t" << r.type << "\t" << r.review_date.ToString() << "\t" << r.days_left << "\t"
              << model::ToString(r.classification) << "\n";
  }
}

Result<long long> Today(const Args& args) {
  if (!args.Has("today")) return policy::PolicyContext::Today();
  auto date = PartialDate::Parse(args.Get("today"));
  if (!date.ok() || !date->complete()) return Status::InvalidArgument("wants YYYY-MM-DD", "--today");
  return date->EarliestDay();
}

Result<int> NonNegative(const Args& args, const char* name) {
  auto v = args.GetInt(name);
  if (!v.ok() || *v < 0 || *v > 36500) {
    return Status::InvalidArgument("wants a number of days from 0 to 36500", std::string("--") + name);
  }
  return static_cast<int>(*v);
}

}  // namespace

int RetentionCommand(const Argv& argv) {
  Args args = MakeArgs();
  if (auto stop = ParseActionArgs(args, argv, kCommand)) return *stop;
  const std::string action = args.positionals()[0];
  if (action != "due" && action != "sweep") {
    return Fail(kCommand, Status::InvalidArgument("unknown action '" + action + "' (due or sweep)", "ACTION"));
  }
  auto today = Today(args);
  if (!today.ok()) return Fail(kCommand, today.status());
  auto store = OpenStore(args);
  if (!store.ok()) return Fail(kCommand, store.status());
  const bool json = args.Has("json");

  if (action == "due") {
    if (!args.Has("member")) return Fail(kCommand, Status::InvalidArgument("is required for due", "--member"));
    auto within = NonNegative(args, "within-days");
    if (!within.ok()) return Fail(kCommand, within.status());
    auto due = retention::Due(**store, args.Get("member"), *today, *within);
    if (!due.ok()) return Fail(kCommand, due.status());
    Print(*due, json, "due");
    return 0;
  }

  auto grace = NonNegative(args, "grace-days");
  if (!grace.ok()) return Fail(kCommand, grace.status());
  retention::SweepOptions options;
  options.today = *today;
  options.grace_days = *grace;
  options.dry_run = args.Has("dry-run");
  options.actor = CliActor();
  std::unique_ptr<audit::AuditLog> log;
  if (!options.dry_run) {
    auto path = audit::PathFromStoreUri(args.Get("store"));
    if (!path.ok()) return Fail(kCommand, path.status());
    audit::AuditOptions audit_options;
    auto key = ConfiguredAuditKey(args);
    if (!key.ok()) return Fail(kCommand, key.status());
    audit_options.signing_seed = *key;
    auto opened = audit::AuditLog::Open(*path, audit_options);
    if (!opened.ok()) return Fail(kCommand, opened.status());
    log = std::move(*opened);
  }
  auto swept = retention::Sweep(**store, log.get(), options);
  if (!swept.ok()) return Fail(kCommand, swept.status());
  Print(swept->removed, json, options.dry_run ? "would_remove" : "removed");
  if (!json) {
    std::cerr << (options.dry_run ? "would remove " : "removed ") << swept->removed.size() << " record(s)\n";
  }
  return 0;
}

}  // namespace disrupt::cli
