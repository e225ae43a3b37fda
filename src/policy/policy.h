// The need-to-know policy: the one decision every read and write of a record
// goes through (API, search, exports, analysis views, counts).
//
// Decide(principal, record, operation, context) applies these rules in this
// order and returns the first that refuses, with a stable reason code
// (docs/security-model.md states them for operators and auditors):
//   1. retention: a record past its review date is hidden (retention_expired)
//      from every operation except the originator's review and write (renewal);
//   2. clearance: classified records (above UNCLASSIFIED) need a clearance
//      that has not expired (clearance_expired) and whose level covers the
//      classification (clearance_insufficient; no clearance at all:
//      clearance_missing);
//   3. victim records (model::Record::IsVictimRecord): only users of the
//      originating member and users with the victim_protection role
//      (victim_protected); the latter still need the record released to them;
//   4. releasability: the user's member is the originator, or is on the
//      releasable-to list (directly or through a group it belongs to), or a
//      bilateral agreement makes the originator's records releasable to it,
//      or a release grant names the member, the user or one of its groups
//      (not_releasable);
//   5. compartment: the user holds the record's compartment (compartment_missing);
//   6. the operation itself:
//      - write (create, modify, renew, delete): only users of the originating
//        member (not_originator) with the analyst or member_official role
//        (role_insufficient);
//      - export: users with some role other than observer
//        (role_insufficient); TLP:RED records only by the originator (tlp_red);
//      - rerelease (widen who may see it): analysts and member officials only
//        (role_insufficient); ORCON records only by the originator
//        (orcon_rerelease); records marked "no onward dissemination" only by
//        the originator (no_onward_dissemination);
//      - review: only users of the originating member (not_originator).
// A record that refers to entities (a link's ends, an event's participants)
// is visible only if every entity it refers to is visible (Visibility).
//
// Callers must not tell a denied record from a missing one: answer "not
// found" for both, with the same work done, and count only visible records
// (FilterVisible) so totals and autocompletion leak nothing.
//
// Thread safety: Decide is a pure function. Visibility keeps a cache and is
// not thread-safe; use one per request.
// Cost: Decide is O(|releasable_to| + |grants for the record|), with no I/O.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "model/countries.h"
#include "model/handling.h"
#include "model/record.h"

namespace disrupt::policy {

enum class Role {
  kAdministrator,     // manages users and the platform; no extra access to records
  kSecretariat,       // the Working Group's secretariat: audit queries, agreements
  kCoChair,           // co-chairs of the Working Group
  kMemberOfficial,    // a member's focal point: decides release requests
  kAnalyst,           // reads, writes and analyses records
  kObserver,          // reads only
  kVictimProtection,  // may see victim records released to them
};
std::string_view ToString(Role r);            // "administrator", "co_chair", ...
Result<Role> ParseRole(std::string_view s);   // the same names
const std::vector<Role>& AllRoles();

struct Clearance {
  model::Classification level = model::Classification::kUnclassified;
  std::string granted_by;  // the granting member state's code
  PartialDate expires;     // the clearance holds through this day; empty = no expiry
};

struct Principal {
  std::string user_id;
  std::string member;  // member state or organisation code
  std::string agency;
  std::set<Role> roles;
  std::optional<Clearance> clearance;
  std::set<std::string> compartments;
  // Named groups the member belongs to (ALL_MEMBERS, AHG, store groups), resolved
  // by GroupDirectory::GroupsOf.
  std::set<std::string> groups;

  bool Has(Role r) const { return roles.count(r) != 0; }
};

enum class Operation { kRead, kWrite, kExport, kRerelease, kReview };
std::string_view ToString(Operation op);
Result<Operation> ParseOperation(std::string_view s);

enum class Reason {
  kAllowedOriginator,      // allowed: the user's member is the originator
  kAllowedReleasable,      // allowed: releasable to the member or its group
  kAllowedAgreement,       // allowed: a bilateral agreement
  kAllowedGrant,           // allowed: a release grant
  kRetentionExpired,
  kClearanceMissing,
  kClearanceExpired,
  kClearanceInsufficient,
  kVictimProtected,
  kNotReleasable,
  kCompartmentMissing,
  kNotOriginator,
  kRoleInsufficient,
  kTlpRed,
  kOrconRerelease,
  kNoOnwardDissemination,
  kReferenceHidden,        // a link end or event participant is hidden
};
// Stable snake_case code, e.g. "clearance_expired"; used in audit entries,
// metrics and API errors.
std::string_view ReasonCode(Reason r);

struct Decision {
  bool allowed = false;
  Reason reason = Reason::kNotReleasable;
  explicit operator bool() const { return allowed; }
};

// A grant made by an originator's focal point in answer to a release request
// (release.h), or directly.
enum class GranteeKind { kMember, kUser, kGroup };
std::string_view ToString(GranteeKind k);
Result<GranteeKind> ParseGranteeKind(std::string_view s);

struct GrantRef {
  GranteeKind kind;
  std::string grantee;
};

// A recorded bilateral agreement: records originated by `from` (up to
// `max_classification`) are releasable to `to`. A two-way agreement is two
// of these.
struct AgreementRef {
  std::string from;
  std::string to;
  model::Classification max_classification = model::Classification::kSecret;
};

// Everything Decide needs besides the principal and the record. Built once
// per request (or cached by the server and refreshed when grants change).
struct PolicyContext {
  long long today = 0;  // days since the epoch; see Today()
  // Active release grants, by record id.
  std::unordered_map<std::string, std::vector<GrantRef>> grants;
  // Active agreements.
  std::vector<AgreementRef> agreements;

  static long long Today();  // the current UTC day
};

Decision Decide(const Principal& principal, const model::Record& record, Operation op,
                const PolicyContext& context);

// Member groups usable in releasable-to lists and grants: the built-in
// ALL_MEMBERS (every member), AHG (members of the Ad Hoc Group) and
// WG_DISRUPTION (every member unless a store group of that name narrows it),
// plus the groups defined in the store (store::Store::Groups()).
class GroupDirectory {
 public:
  GroupDirectory(const std::vector<model::Member>& members,
                 const std::map<std::string, std::vector<std::string>>& store_groups);
  // The names of the groups `member` belongs to.
  std::set<std::string> GroupsOf(std::string_view member) const;
  bool IsMember(std::string_view code) const { return members_.count(std::string(code)) != 0; }
  bool IsGroup(std::string_view name) const { return groups_.count(std::string(name)) != 0; }

 private:
  std::set<std::string> members_;
  std::map<std::string, std::set<std::string>> groups_;
};

// Decides records for one principal and operation, with the rule that a
// record referring to entities is visible only if they all are. `lookup`
// fetches a referred entity (nullopt when it does not exist: then the
// referring record is hidden too). Decisions on entities are cached by id.
class Visibility {
 public:
  using Lookup = std::function<std::optional<model::Record>(std::string_view id)>;
  Visibility(const Principal& principal, Operation op, const PolicyContext& context, Lookup lookup);

  // Decide() plus the reference rule (reason kReferenceHidden).
  Decision Check(const model::Record& record);
  // Seed the cache with an entity already at hand (saves a lookup).
  void Remember(const model::Record& entity);

 private:
  Decision Entity(std::string_view id);
  const Principal& principal_;
  Operation op_;
  const PolicyContext& context_;
  Lookup lookup_;
  std::unordered_map<std::string, Decision> cache_;
};

// The records of `records` that `visibility` allows, in order. Counts and
// totals must be taken from this list, never from the unfiltered one.
std::vector<model::Record> FilterVisible(std::vector<model::Record> records, Visibility& visibility);

}  // namespace disrupt::policy
