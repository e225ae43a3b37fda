// Handlers of the catalogue routes: records (entities, links, events,
// networks, cases), search, counts, import and export. Every record that
// leaves the server here has passed policy::Visibility for the caller (the
// reference rule included), every refusal of a named record answers exactly
// like a missing one, and every read, write, export and denial is audited.
#include <httplib.h>

#include <algorithm>
#include <iterator>

#include "core/text.h"
#include "model/record.h"
#include "server/guarded_store.h"
#include "server/handlers.h"
#include "server/import_jobs.h"
#include "server/resolution_handlers.h"
#include "server/services.h"
#include "store/record_json.h"

namespace disrupt::server::handlers {

namespace {

using nlohmann::json;
using model::Record;
using model::RecordKind;

// What a collection route covers.
struct Collection {
  std::optional<RecordKind> kind;
  std::string_view type;  // one schema name, or "" for any of the kind
};

Collection CollectionOf(std::string_view pattern) {
  if (StartsWith(pattern, "/api/v1/entities")) return {RecordKind::kEntity, ""};
  if (StartsWith(pattern, "/api/v1/links")) return {RecordKind::kLink, ""};
  if (StartsWith(pattern, "/api/v1/events")) return {RecordKind::kEvent, ""};
  if (StartsWith(pattern, "/api/v1/networks")) return {RecordKind::kEntity, "Network"};
  if (StartsWith(pattern, "/api/v1/cases")) return {RecordKind::kEntity, "Case"};
  return {std::nullopt, ""};
}

bool Fits(const Collection& c, const Record& r) {
  if (c.kind && r.kind != *c.kind) return false;
  return c.type.empty() || r.type == c.type;
}

// The one answer for a record that is missing or hidden: same status, same body.
Status NoSuchRecord() { return Status::NotFound("no such record", "id"); }

Result<std::shared_ptr<const policy::PolicyContext>> PolicyFor(Services& s) {
  return s.policy.Get(s.monotonic_seconds());
}

policy::Visibility::Lookup LookupIn(store::Store& store) {
  return [&store](std::string_view id) -> std::optional<Record> {
    auto r = store.Get(id);
    if (!r.ok()) return std::nullopt;  // unreadable counts as absent: hidden, never shown
    return *r;
  };
}

audit::AuditEvent Event(const RequestContext& c, const char* action, std::string target, audit::Outcome outcome,
                        std::string_view reason) {
  return audit::AuditEvent{c.caller->actor,    c.caller->principal.member, action, std::move(target), outcome,
                           std::string(reason), "request " + c.request_id};
}

// Audits that `records` were shown to the caller (when reads are audited).
Status AuditReads(Services& s, const RequestContext& c, const std::vector<Record>& records) {
  if (!s.config.audit_reads || records.empty()) return Status::Ok();
  std::vector<audit::AuditEvent> events;
  events.reserve(records.size());
  for (const auto& r : records) {
    events.push_back(Event(c, audit::action::kRead, r.id, audit::Outcome::kAllow, "allowed"));
  }
  return s.auditor.RecordShown(std::move(events));
}

void CountAndAuditDenial(Services& s, const RequestContext& c, const char* action, const std::string& id,
                         policy::Reason reason) {
  s.metrics.CountDenial(policy::ReasonCode(reason));
  // A failed denial entry does not change the answer (the caller sees nothing either way).
  (void)s.auditor.Record(Event(c, action, id, audit::Outcome::kDeny, policy::ReasonCode(reason)));
}

std::vector<std::string> TypesParam(std::string_view text) {
  return text.empty() ? std::vector<std::string>{} : SplitTrimmed(text, ',');
}

Status CheckTypes(const std::vector<std::string>& types, const Collection& c) {
  for (const auto& t : types) {
    const model::Schema* schema = model::FindSchema(t);
    if (schema == nullptr) return Status::InvalidArgument("unknown record type " + t, "type");
    if (c.kind && schema->kind != *c.kind) {
      return Status::InvalidArgument(t + " is not a " + std::string(model::ToString(*c.kind)) + " type", "type");
    }
  }
  return Status::Ok();
}

size_t PageSize(Services& s, const RequestContext& c) {
  std::string_view limit = c.Query("limit");
  long long n = s.config.default_page_size;
  if (!limit.empty()) ParseInt64(limit, n);  // range already validated against the route
  return static_cast<size_t>(std::min<long long>(n, s.config.max_page_size));
}

// Visible records matching `query` from `after`, at most `limit`; `next` is
// the cursor of the following page ("" on the last). Scans in chunks so that
// hidden records never cut a page short and nothing is looked up while the
// store is mid-scan.
Status VisiblePage(Services& s, policy::Visibility& visibility, store::RecordQuery query, size_t limit,
                   std::vector<Record>& out, std::string& next) {
  const size_t chunk = std::max<size_t>(limit * 2, 64);
  query.limit = chunk;
  for (;;) {
    std::vector<Record> batch;
    DISRUPT_RETURN_IF_ERROR(s.store.Scan(query, [&](Record&& r) {
      batch.push_back(std::move(r));
      return true;
    }));
    if (batch.empty()) break;
    // Taken before the records are moved out of the batch.
    std::string last_id = batch.back().id;
    for (auto& r : batch) {
      if (!visibility.Check(r)) continue;
      if (out.size() == limit) {
        next = out.back().id;
        return Status::Ok();
      }
      out.push_back(std::move(r));
    }
    if (batch.size() < chunk) break;
    query.after_id = std::move(last_id);
  }
  next.clear();
  return Status::Ok();
}

}  // namespace

Result<Reply> ListRecords(Services& s, RequestContext& c, std::string_view pattern) {
  Collection coll = CollectionOf(pattern);
  store::RecordQuery query;
  query.kind = coll.kind;
  query.types = TypesParam(c.Query("type"));
  DISRUPT_RETURN_IF_ERROR(CheckTypes(query.types, coll));
  if (!coll.type.empty()) {
    if (!query.types.empty()) return Status::InvalidArgument("this collection has a fixed type", "type");
    query.types = {std::string(coll.type)};
  }
  if (pattern == "/api/v1/records" && !c.Query("kind").empty()) {
    std::string_view k = c.Query("kind");
    if (k == "entity") {
      query.kind = RecordKind::kEntity;
    } else if (k == "link") {
      query.kind = RecordKind::kLink;
    } else if (k == "event") {
      query.kind = RecordKind::kEvent;
    } else {
      return Status::InvalidArgument("expected entity, link or event", "kind");
    }
  }
  query.network = std::string(c.Query("network"));
  query.originator = std::string(c.Query("originator"));
  query.involving = std::string(c.Query("involving"));
  query.after_id = std::string(c.Query("after"));
  if (!c.Query("as_of").empty()) {
    DISRUPT_ASSIGN_OR_RETURN(auto day, PartialDate::Parse(c.Query("as_of")));
    query.as_of_day = day.EarliestDay();
  }
  DISRUPT_ASSIGN_OR_RETURN(auto context, PolicyFor(s));
  policy::Visibility visibility(c.caller->principal, policy::Operation::kRead, *context, LookupIn(s.store));
  std::vector<Record> items;
  std::string next;
  DISRUPT_RETURN_IF_ERROR(VisiblePage(s, visibility, query, PageSize(s, c), items, next));
  DISRUPT_RETURN_IF_ERROR(AuditReads(s, c, items));
  json arr = json::array();
  for (const auto& r : items) arr.push_back(model::ToJson(r));
  Reply reply;
  reply.body = {{"items", std::move(arr)}, {"next_after", next.empty() ? json(nullptr) : json(next)}};
  return reply;
}

Result<Reply> GetRecord(Services& s, RequestContext& c, std::string_view pattern) {
  Collection coll = CollectionOf(pattern);
  std::string id(c.Path("id"));
  DISRUPT_ASSIGN_OR_RETURN(auto context, PolicyFor(s));
  policy::Visibility visibility(c.caller->principal, policy::Operation::kRead, *context, LookupIn(s.store));
  DISRUPT_ASSIGN_OR_RETURN(auto found, s.store.Get(id));
  if (!found || !Fits(coll, *found)) {
    // Checked like a present record would be, so a miss costs the same policy work.
    if (found) (void)visibility.Check(*found);
    return NoSuchRecord();
  }
  auto decision = visibility.Check(*found);
  if (!decision) {
    CountAndAuditDenial(s, c, audit::action::kRead, id, decision.reason);
    return NoSuchRecord();
  }
  std::vector<Record> shown = {*found};
  if (found->kind == RecordKind::kEntity) {
    store::RecordQuery query;
    query.involving = id;
    std::vector<Record> related;
    std::string next;
    DISRUPT_RETURN_IF_ERROR(
        VisiblePage(s, visibility, query, static_cast<size_t>(s.config.max_page_size), related, next));
    std::move(related.begin(), related.end(), std::back_inserter(shown));
  }
  DISRUPT_RETURN_IF_ERROR(AuditReads(s, c, shown));
  // {"links": [...], "record": {...}}, written straight from the records
  // (the text nlohmann would write for the same tree, keys in its order).
  Reply reply;
  reply.raw_content_type = "application/json";
  reply.raw = "{\"links\":[";
  for (size_t i = 1; i < shown.size(); ++i) {
    if (i > 1) reply.raw += ',';
    store::AppendRecordJson(shown[i], reply.raw);
  }
  reply.raw += "],\"record\":";
  store::AppendRecordJson(shown.front(), reply.raw);
  reply.raw += '}';
  return reply;
}

Result<Reply> WriteRecord(Services& s, RequestContext& c, std::string_view pattern, bool create) {
  Collection coll = CollectionOf(pattern);
  auto parsed = model::RecordFromJson(c.body);
  if (!parsed.ok()) {
    const Status& e = parsed.status();
    return Status::InvalidArgument(e.message(), e.field().empty() ? "body" : e.field());
  }
  Record record = std::move(parsed).value();
  if (!create && record.id != c.Path("id")) {
    return Status::InvalidArgument("the body's id differs from the path's", "id");
  }
  if (!Fits(coll, record)) {
    return Status::InvalidArgument("this collection holds only " +
                                       (coll.type.empty() ? std::string(model::ToString(*coll.kind)) + "s"
                                                          : std::string(coll.type) + " records"),
                                   "type");
  }
  DISRUPT_ASSIGN_OR_RETURN(auto context, PolicyFor(s));
  if (create) {
    DISRUPT_ASSIGN_OR_RETURN(auto existing, s.store.Existing(std::vector<std::string>{record.id}));
    if (!existing.empty()) return Status::Conflict("the id " + record.id + " is in use; PUT replaces a record");
  }
  std::string denied_id;
  policy::Reason denied_reason = policy::Reason::kNotOriginator;
  GuardedStore guarded(s.store, c.caller->principal, *context, [&](const std::string& id, policy::Reason reason) {
    denied_id = id;
    denied_reason = reason;
  });
  Status put = guarded.Put(std::span<const Record>(&record, 1), store::PutOptions{});
  if (!denied_id.empty()) CountAndAuditDenial(s, c, audit::action::kWrite, denied_id, denied_reason);
  if (!put.ok()) {
    if (put.code() == StatusCode::kInvalidArgument && StartsWith(put.field(), "records[0]")) {
      // "records[0] (id X): properties.y" -> "properties.y": the API writes one record.
      std::string field = put.field();
      size_t colon = field.find(": ");
      return Status::InvalidArgument(put.message(), colon == std::string::npos ? "body" : field.substr(colon + 2));
    }
    return put;
  }
  DISRUPT_RETURN_IF_ERROR(s.auditor.Record(Event(c, audit::action::kWrite, record.id, audit::Outcome::kAllow,
                                                 create ? "created" : "replaced")));
  // A single write is checked against the members' watchlists as an import
  // is. The record is written: a failure here is logged, not the caller's.
  if (s.resolution) {
    auto raised = s.resolution->CheckWatchlists({record});
    if (!raised.ok()) {
      s.log.Write(LogLevel::kError, "watchlist_check_failed", {{"error", raised.status().ToString()}});
    }
  }
  DISRUPT_ASSIGN_OR_RETURN(auto stored, s.store.Get(record.id));
  Reply reply;
  reply.status = create ? 201 : 200;
  reply.body = {{"id", record.id}, {"version", stored ? stored->version : 0}};
  if (create) reply.headers.emplace_back("Location", std::string(pattern) + "/" + record.id);
  return reply;
}

Result<Reply> Search(Services& s, RequestContext& c) {
  store::SearchQuery query;
  query.text = std::string(c.Query("q"));
  if (Trim(query.text).empty()) return Status::InvalidArgument("a search text is required", "q");
  query.types = TypesParam(c.Query("type"));
  DISRUPT_RETURN_IF_ERROR(CheckTypes(query.types, Collection{}));
  size_t limit = c.Query("limit").empty() ? 20 : static_cast<size_t>(std::stoll(std::string(c.Query("limit"))));
  limit = std::min(limit, static_cast<size_t>(s.config.max_search_results));
  // Hidden hits are dropped after the store ranks them: ask for more than
  // will be shown, so filtering rarely empties the page, but never report
  // how many were dropped.
  query.limit = std::min<size_t>(limit * 4 + 16, 2000);
  DISRUPT_ASSIGN_OR_RETURN(auto hits, s.store.Search(query));
  DISRUPT_ASSIGN_OR_RETURN(auto context, PolicyFor(s));
  policy::Visibility visibility(c.caller->principal, policy::Operation::kRead, *context, LookupIn(s.store));
  json out = json::array();
  std::vector<Record> shown;
  for (const auto& hit : hits) {
    if (shown.size() == limit) break;
    DISRUPT_ASSIGN_OR_RETURN(auto r, s.store.Get(hit.id));
    if (!r || !visibility.Check(*r)) continue;
    out.push_back({{"score", hit.score}, {"record", model::ToJson(*r)}});
    shown.push_back(std::move(*r));
  }
  DISRUPT_RETURN_IF_ERROR(AuditReads(s, c, shown));
  (void)s.auditor.Record(Event(c, audit::action::kSearch, "", audit::Outcome::kInfo,
                               "hits " + std::to_string(shown.size())));
  Reply reply;
  reply.body = {{"hits", std::move(out)}};
  return reply;
}

Result<Reply> Stats(Services& s, RequestContext& c) {
  DISRUPT_ASSIGN_OR_RETURN(auto context, PolicyFor(s));
  policy::Visibility visibility(c.caller->principal, policy::Operation::kRead, *context, LookupIn(s.store));
  long long entities = 0, links = 0, events = 0;
  std::map<std::string, long long> by_type, by_originator;
  store::RecordQuery query;
  query.limit = 2000;
  for (;;) {
    std::vector<Record> batch;
    DISRUPT_RETURN_IF_ERROR(s.store.Scan(query, [&](Record&& r) {
      batch.push_back(std::move(r));
      return true;
    }));
    for (const auto& r : batch) {
      if (!visibility.Check(r)) continue;
      (r.kind == RecordKind::kEntity ? entities : r.kind == RecordKind::kLink ? links : events)++;
      ++by_type[r.type];
      ++by_originator[r.provenance.originator];
    }
    if (batch.size() < query.limit) break;
    query.after_id = batch.back().id;
  }
  Reply reply;
  reply.body = {{"entities", entities},
                {"links", links},
                {"events", events},
                {"by_type", by_type},
                {"by_originator", by_originator}};
  return reply;
}

Result<Reply> Export(Services& s, RequestContext& c) {
  Collection coll;
  store::RecordQuery query;
  query.types = TypesParam(c.Query("type"));
  DISRUPT_RETURN_IF_ERROR(CheckTypes(query.types, coll));
  query.network = std::string(c.Query("network"));
  DISRUPT_ASSIGN_OR_RETURN(auto context, PolicyFor(s));
  policy::Visibility visibility(c.caller->principal, policy::Operation::kExport, *context, LookupIn(s.store));
  std::string out;
  long long count = 0;
  query.limit = 2000;
  for (;;) {
    std::vector<Record> batch;
    DISRUPT_RETURN_IF_ERROR(s.store.Scan(query, [&](Record&& r) {
      batch.push_back(std::move(r));
      return true;
    }));
    for (const auto& r : batch) {
      if (!visibility.Check(r)) continue;
      out += model::ToJson(r).dump(-1, ' ', false, json::error_handler_t::replace);
      out += '\n';
      ++count;
    }
    if (batch.size() < query.limit) break;
    query.after_id = batch.back().id;
  }
  DISRUPT_RETURN_IF_ERROR(s.auditor.Record(
      Event(c, audit::action::kExport, "export", audit::Outcome::kAllow, "records " + std::to_string(count))));
  Reply reply;
  reply.raw = std::move(out);
  reply.raw_content_type = "application/x-ndjson";
  reply.headers.emplace_back("Content-Disposition", "attachment; filename=\"disrupt-export.jsonl\"");
  return reply;
}

Result<Reply> StartImport(Services& s, RequestContext& c) {
  DISRUPT_ASSIGN_OR_RETURN(auto context, PolicyFor(s));
  DISRUPT_ASSIGN_OR_RETURN(auto id, s.imports->Start(c.caller->principal, c.caller->actor, context, c.request.body,
                                                     c.request_id));
  Reply reply;
  reply.status = 202;
  reply.body = {{"id", id}, {"state", "queued"}};
  reply.headers.emplace_back("Location", "/api/v1/imports/" + id);
  return reply;
}

Result<Reply> ImportProgress(Services& s, RequestContext& c) {
  DISRUPT_ASSIGN_OR_RETURN(auto progress, s.imports->Progress(std::string(c.Path("id")), c.caller->principal.user_id));
  Reply reply;
  reply.body = std::move(progress);
  return reply;
}

}  // namespace disrupt::server::handlers
