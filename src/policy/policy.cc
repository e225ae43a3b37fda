// The need-to-know decision, group resolution and the reference rule.
// The rules and their order are stated in policy.h and docs/security-model.md;
// this file follows them one for one.
#include "policy/policy.h"

#include <algorithm>
#include <array>

#include "core/text.h"

namespace disrupt::policy {

namespace {

using model::Classification;
using model::Record;

constexpr std::array<std::pair<Role, std::string_view>, 7> kRoleNames{{
    {Role::kAdministrator, "administrator"},
    {Role::kSecretariat, "secretariat"},
    {Role::kCoChair, "co_chair"},
    {Role::kMemberOfficial, "member_official"},
    {Role::kAnalyst, "analyst"},
    {Role::kObserver, "observer"},
    {Role::kVictimProtection, "victim_protection"},
}};

constexpr std::array<std::pair<Operation, std::string_view>, 5> kOperationNames{{
    {Operation::kRead, "read"},
    {Operation::kWrite, "write"},
    {Operation::kExport, "export"},
    {Operation::kRerelease, "rerelease"},
    {Operation::kReview, "review"},
}};

Decision Deny(Reason r) { return {false, r}; }
Decision Allow(Reason r) { return {true, r}; }

bool Expired(const PartialDate& last_day, long long today) {
  return !last_day.empty() && last_day.LatestDay() < today;
}

// The member-level reasons a principal may see a record it did not originate.
std::optional<Reason> ReleasedTo(const Principal& p, const Record& r, const PolicyContext& ctx) {
  for (const auto& entry : r.handling.releasable_to) {
    if (entry == p.member || p.groups.count(entry)) return Reason::kAllowedReleasable;
  }
  for (const auto& a : ctx.agreements) {
    if (a.from == r.provenance.originator && a.to == p.member && r.handling.classification <= a.max_classification) {
      return Reason::kAllowedAgreement;
    }
  }
  if (auto it = ctx.grants.find(r.id); it != ctx.grants.end()) {
    for (const auto& g : it->second) {
      bool match = (g.kind == GranteeKind::kMember && g.grantee == p.member) ||
                   (g.kind == GranteeKind::kUser && g.grantee == p.user_id) ||
                   (g.kind == GranteeKind::kGroup && p.groups.count(g.grantee));
      if (match) return Reason::kAllowedGrant;
    }
  }
  return std::nullopt;
}

// Writing and widening release are the originating analysts' and focal points' work.
bool MayWrite(const Principal& p) { return p.Has(Role::kAnalyst) || p.Has(Role::kMemberOfficial); }

// Exports are for anyone with a working role; observers only look.
bool MayExport(const Principal& p) {
  return std::any_of(p.roles.begin(), p.roles.end(), [](Role r) { return r != Role::kObserver; });
}

}  // namespace

std::string_view ToString(Role r) {
  for (const auto& [role, name] : kRoleNames)
    if (role == r) return name;
  return "observer";
}

Result<Role> ParseRole(std::string_view s) {
  for (const auto& [role, name] : kRoleNames)
    if (name == s) return role;
  return Status::InvalidArgument("unknown role '" + std::string(s) +
                                 "' (administrator, secretariat, co_chair, member_official, analyst, observer, "
                                 "victim_protection)",
                                 "role");
}

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> roles = [] {
    std::vector<Role> v;
    for (const auto& [role, name] : kRoleNames) v.push_back(role);
    return v;
  }();
  return roles;
}

std::string_view ToString(Operation op) {
  for (const auto& [o, name] : kOperationNames)
    if (o == op) return name;
  return "read";
}

Result<Operation> ParseOperation(std::string_view s) {
  for (const auto& [o, name] : kOperationNames)
    if (name == s) return o;
  return Status::InvalidArgument("unknown operation '" + std::string(s) + "' (read, write, export, rerelease, review)",
                                 "operation");
}

std::string_view ReasonCode(Reason r) {
  switch (r) {
    case Reason::kAllowedOriginator: return "allowed_originator";
    case Reason::kAllowedReleasable: return "allowed_releasable";
    case Reason::kAllowedAgreement: return "allowed_agreement";
    case Reason::kAllowedGrant: return "allowed_grant";
    case Reason::kRetentionExpired: return "retention_expired";
    case Reason::kClearanceMissing: return "clearance_missing";
    case Reason::kClearanceExpired: return "clearance_expired";
    case Reason::kClearanceInsufficient: return "clearance_insufficient";
    case Reason::kVictimProtected: return "victim_protected";
    case Reason::kNotReleasable: return "not_releasable";
    case Reason::kCompartmentMissing: return "compartment_missing";
    case Reason::kNotOriginator: return "not_originator";
    case Reason::kRoleInsufficient: return "role_insufficient";
    case Reason::kTlpRed: return "tlp_red";
    case Reason::kOrconRerelease: return "orcon_rerelease";
    case Reason::kNoOnwardDissemination: return "no_onward_dissemination";
    case Reason::kReferenceHidden: return "reference_hidden";
  }
  return "not_releasable";
}

std::string_view ToString(GranteeKind k) {
  switch (k) {
    case GranteeKind::kMember: return "member";
    case GranteeKind::kUser: return "user";
    case GranteeKind::kGroup: return "group";
  }
  return "member";
}

Result<GranteeKind> ParseGranteeKind(std::string_view s) {
  if (s == "member") return GranteeKind::kMember;
  if (s == "user") return GranteeKind::kUser;
  if (s == "group") return GranteeKind::kGroup;
  return Status::InvalidArgument("unknown grantee kind '" + std::string(s) + "' (member, user, group)", "kind");
}

long long PolicyContext::Today() { return UnixNow() / 86400; }

Decision Decide(const Principal& p, const Record& r, Operation op, const PolicyContext& ctx) {
  const bool originator = !p.member.empty() && p.member == r.provenance.originator;

  // 1. Retention: past the review date only the originator may review or renew.
  if (Expired(r.handling.review_date, ctx.today)) {
    bool review = originator && (op == Operation::kReview || op == Operation::kWrite);
    if (!review) return Deny(Reason::kRetentionExpired);
  }

  // 2. Clearance covers classification.
  if (r.handling.classification > Classification::kUnclassified) {
    if (!p.clearance) return Deny(Reason::kClearanceMissing);
    if (Expired(p.clearance->expires, ctx.today)) return Deny(Reason::kClearanceExpired);
    if (p.clearance->level < r.handling.classification) return Deny(Reason::kClearanceInsufficient);
  }

  // 3. Victim records: the originator and victim-protection officers only.
  if (r.IsVictimRecord() && !originator && !p.Has(Role::kVictimProtection)) return Deny(Reason::kVictimProtected);

  // 4. Releasability.
  Reason allowed = Reason::kAllowedOriginator;
  if (!originator) {
    auto released = ReleasedTo(p, r, ctx);
    if (!released) return Deny(Reason::kNotReleasable);
    allowed = *released;
  }

  // 5. Compartment.
  if (!r.handling.compartment.empty() && !p.compartments.count(r.handling.compartment)) {
    return Deny(Reason::kCompartmentMissing);
  }

  // 6. The operation.
  switch (op) {
    case Operation::kRead:
      break;
    case Operation::kWrite:
      if (!originator) return Deny(Reason::kNotOriginator);
      if (!MayWrite(p)) return Deny(Reason::kRoleInsufficient);
      break;
    case Operation::kReview:
      if (!originator) return Deny(Reason::kNotOriginator);
      break;
    case Operation::kExport:
      if (!MayExport(p)) return Deny(Reason::kRoleInsufficient);
      if (r.handling.tlp == model::Tlp::kRed && !originator) return Deny(Reason::kTlpRed);
      break;
    case Operation::kRerelease:
      if (!MayWrite(p)) return Deny(Reason::kRoleInsufficient);
      if (!originator && r.handling.originator_control) return Deny(Reason::kOrconRerelease);
      if (!originator && r.handling.codes.count(model::HandlingCode::kNoOnwardDissemination)) {
        return Deny(Reason::kNoOnwardDissemination);
      }
      break;
  }
  return Allow(allowed);
}

GroupDirectory::GroupDirectory(const std::vector<model::Member>& members,
                               const std::map<std::string, std::vector<std::string>>& store_groups) {
  auto& all = groups_[std::string(model::kGroupAllMembers)];
  auto& ahg = groups_[std::string(model::kGroupAdHocGroup)];
  for (const auto& m : members) {
    members_.insert(m.code);
    all.insert(m.code);
    if (m.ad_hoc_group) ahg.insert(m.code);
  }
  groups_[std::string(model::kGroupWorkingGroup)] = all;
  // Store groups are defined by administrators; one named like a built-in
  // group replaces it (e.g. to narrow WG_DISRUPTION to its participants).
  for (const auto& [name, codes] : store_groups) groups_[name] = std::set<std::string>(codes.begin(), codes.end());
}

std::set<std::string> GroupDirectory::GroupsOf(std::string_view member) const {
  std::set<std::string> out;
  for (const auto& [name, codes] : groups_) {
    if (codes.count(std::string(member))) out.insert(name);
  }
  return out;
}

Visibility::Visibility(const Principal& principal, Operation op, const PolicyContext& context, Lookup lookup)
    : principal_(principal), op_(op), context_(context), lookup_(std::move(lookup)) {}

void Visibility::Remember(const model::Record& entity) {
  if (entity.kind == model::RecordKind::kEntity) cache_.emplace(entity.id, Decide(principal_, entity, op_, context_));
}

Decision Visibility::Entity(std::string_view id) {
  if (auto it = cache_.find(std::string(id)); it != cache_.end()) return it->second;
  Decision d = Deny(Reason::kReferenceHidden);
  if (auto record = lookup_ ? lookup_(id) : std::nullopt) d = Decide(principal_, *record, op_, context_);
  cache_.emplace(std::string(id), d);
  return d;
}

Decision Visibility::Check(const model::Record& record) {
  if (record.kind == model::RecordKind::kEntity) {
    auto it = cache_.find(record.id);
    if (it != cache_.end()) return it->second;
    Decision d = Decide(principal_, record, op_, context_);
    cache_.emplace(record.id, d);
    return d;
  }
  Decision d = Decide(principal_, record, op_, context_);
  if (!d.allowed) return d;
  for (const auto& ref : record.References()) {
    if (!Entity(ref).allowed) return Deny(Reason::kReferenceHidden);
  }
  return d;
}

std::vector<model::Record> FilterVisible(std::vector<model::Record> records, Visibility& visibility) {
  std::vector<model::Record> out;
  out.reserve(records.size());
  for (auto& r : records) {
    if (visibility.Check(r).allowed) out.push_back(std::move(r));
  }
  return out;
}

}  // namespace disrupt::policy
