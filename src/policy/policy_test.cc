// Tests of the need-to-know decision.
//
// The main test draws thousands of random (user, record, operation, context)
// cases and compares Decide() with an independent statement of the policy
// written below from issue 3 and docs/security-model.md: plain predicates on
// strings and day numbers that share no code with policy.cc. Smaller tests
// pin individual rules with hand-made cases, and the reference rule (a link
// is visible only if both its ends are), and that filtered counts leak nothing.
#include "policy/policy.h"

#include <map>
#include <random>
#include <set>

#include <gtest/gtest.h>

namespace disrupt::policy {
namespace {

using model::Classification;
using model::Record;

// ---- the policy, stated independently -----------------------------------------

struct Case {
  // user
  std::string user, member;
  std::set<std::string> roles;        // role names
  bool has_clearance = false;
  int clearance_level = 0;            // 0..4
  long long clearance_last_day = -1;  // -1 = no expiry
  std::set<std::string> compartments;
  // record
  std::string originator;
  int classification = 0;
  std::vector<std::string> releasable;
  bool orcon = false, no_onward = false, victim = false, tlp_red = false;
  std::string compartment;
  long long review_last_day = -1;     // -1 = none
  // context
  long long today = 0;
  std::vector<std::pair<std::string, std::string>> member_grants;  // (record member grantee)
  std::vector<std::string> user_grants;
  std::vector<std::string> group_grants;
  std::vector<std::tuple<std::string, std::string, int>> agreements;  // from, to, max level
  std::string op;
};

const std::map<std::string, std::set<std::string>> kGroups = {
    {"ALL_MEMBERS", {"AUS", "IDN", "MYS", "THA", "NZL", "IOM"}},
    {"WG_DISRUPTION", {"AUS", "IDN", "MYS", "THA", "NZL", "IOM"}},
    {"AHG", {"AUS", "IDN", "THA"}},
    {"PACIFIC", {"AUS", "NZL"}},
};

bool InGroup(const std::string& group, const std::string& member) {
  auto it = kGroups.find(group);
  return it != kGroups.end() && it->second.count(member);
}

// Returns "allow:<why>" or "deny:<why>".
std::string Expected(const Case& c) {
  const bool own = c.member == c.originator;
  const bool writer = c.roles.count("analyst") || c.roles.count("member_official");
  const bool past_review = c.review_last_day >= 0 && c.today > c.review_last_day;
  if (past_review && !(own && (c.op == "review" || c.op == "write"))) return "deny:retention_expired";
  if (c.classification > 0) {
    if (!c.has_clearance) return "deny:clearance_missing";
    if (c.clearance_last_day >= 0 && c.today > c.clearance_last_day) return "deny:clearance_expired";
    if (c.clearance_level < c.classification) return "deny:clearance_insufficient";
  }
  if (c.victim && !own && !c.roles.count("victim_protection")) return "deny:victim_protected";
  std::string why;
  if (own) {
    why = "allowed_originator";
  } else {
    for (const auto& r : c.releasable)
      if (why.empty() && (r == c.member || InGroup(r, c.member))) why = "allowed_releasable";
    for (const auto& [from, to, level] : c.agreements)
      if (why.empty() && from == c.originator && to == c.member && c.classification <= level) why = "allowed_agreement";
    for (const auto& [rec, m] : c.member_grants)
      if (why.empty() && m == c.member) why = "allowed_grant";
    for (const auto& u : c.user_grants)
      if (why.empty() && u == c.user) why = "allowed_grant";
    for (const auto& g : c.group_grants)
      if (why.empty() && InGroup(g, c.member)) why = "allowed_grant";
    if (why.empty()) return "deny:not_releasable";
  }
  if (!c.compartment.empty() && !c.compartments.count(c.compartment)) return "deny:compartment_missing";
  if (c.op == "write") {
    if (!own) return "deny:not_originator";
    if (!writer) return "deny:role_insufficient";
  } else if (c.op == "review") {
    if (!own) return "deny:not_originator";
  } else if (c.op == "export") {
    bool working_role = false;
    for (const auto& r : c.roles) working_role = working_role || r != "observer";
    if (!working_role) return "deny:role_insufficient";
    if (c.tlp_red && !own) return "deny:tlp_red";
  } else if (c.op == "rerelease") {
    if (!writer) return "deny:role_insufficient";
    if (c.orcon && !own) return "deny:orcon_rerelease";
    if (c.no_onward && !own) return "deny:no_onward_dissemination";
  }
  return "allow:" + why;
}

// ---- translating a case into the library's types ------------------------------------

PartialDate DayToDate(long long day) {
  // Civil date from days since 1970-01-01 (H. Hinnant's algorithm, inverse of DaysFromCivil).
  day += 719468;
  long long era = (day >= 0 ? day : day - 146096) / 146097;
  long long doe = day - era * 146097;
  long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long long y = yoe + era * 400;
  long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long long mp = (5 * doy + 2) / 153;
  long long d = doy - (153 * mp + 2) / 5 + 1;
  long long m = mp < 10 ? mp + 3 : mp - 9;
  return PartialDate{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

Principal ToPrincipal(const Case& c) {
  Principal p;
  p.user_id = c.user;
  p.member = c.member;
  for (const auto& r : c.roles) p.roles.insert(ParseRole(r).value());
  if (c.has_clearance) {
    Clearance cl;
    cl.level = static_cast<Classification>(c.clearance_level);
    cl.granted_by = c.member;
    if (c.clearance_last_day >= 0) cl.expires = DayToDate(c.clearance_last_day);
    p.clearance = cl;
  }
  p.compartments = c.compartments;
  for (const auto& [name, members] : kGroups)
    if (members.count(c.member)) p.groups.insert(name);
  return p;
}

Record ToRecord(const Case& c) {
  Record r;
  r.id = "R-1";
  r.kind = model::RecordKind::kEntity;
  r.type = "Person";
  r.Set("name", "Test Person");
  if (c.victim) r.Set("victim", "true");
  r.provenance.originator = c.originator;
  r.handling.classification = static_cast<Classification>(c.classification);
  r.handling.tlp = c.tlp_red ? model::Tlp::kRed : model::Tlp::kAmber;
  r.handling.releasable_to = c.releasable;
  r.handling.originator_control = c.orcon;
  if (c.no_onward) r.handling.codes.insert(model::HandlingCode::kNoOnwardDissemination);
  r.handling.compartment = c.compartment;
  if (c.review_last_day >= 0) r.handling.review_date = DayToDate(c.review_last_day);
  return r;
}

PolicyContext ToContext(const Case& c) {
  PolicyContext ctx;
  ctx.today = c.today;
  auto& grants = ctx.grants["R-1"];
  for (const auto& [rec, m] : c.member_grants) grants.push_back({GranteeKind::kMember, m});
  for (const auto& u : c.user_grants) grants.push_back({GranteeKind::kUser, u});
  for (const auto& g : c.group_grants) grants.push_back({GranteeKind::kGroup, g});
  ctx.grants["R-2"].push_back({GranteeKind::kMember, c.member});  // a grant for another record never helps
  for (const auto& [from, to, level] : c.agreements)
    ctx.agreements.push_back({from, to, static_cast<Classification>(level)});
  return ctx;
}

Case RandomCase(std::mt19937& rng) {
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  auto chance = [&](int percent) { return static_cast<int>(rng() % 100) < percent; };
  const std::vector<std::string> members{"AUS", "IDN", "MYS", "THA", "NZL", "IOM"};
  const std::vector<std::string> roles{"administrator", "secretariat", "co_chair", "member_official",
                                       "analyst",       "observer",    "victim_protection"};
  const std::vector<std::string> listable{"AUS", "IDN", "MYS", "THA", "NZL", "IOM", "ALL_MEMBERS", "AHG",
                                          "PACIFIC", "WG_DISRUPTION", "NOWHERE"};
  const std::vector<std::string> compartments{"OP-CORAL", "OP-MONSOON"};
  const std::vector<std::string> ops{"read", "write", "export", "rerelease", "review"};
  Case c;
  c.today = 20000 + rng() % 40;
  c.user = "u" + std::to_string(rng() % 5);
  c.member = pick(members);
  int nroles = 1 + rng() % 2;
  for (int i = 0; i < nroles; ++i) c.roles.insert(pick(roles));
  c.has_clearance = chance(85);
  c.clearance_level = rng() % 5;
  c.clearance_last_day = chance(30) ? -1 : 20000 + rng() % 40;
  for (const auto& comp : compartments)
    if (chance(30)) c.compartments.insert(comp);
  c.originator = chance(30) ? c.member : pick(members);
  c.classification = rng() % 5;
  int nrel = rng() % 3;
  for (int i = 0; i < nrel; ++i) c.releasable.push_back(pick(listable));
  c.orcon = chance(30);
  c.no_onward = chance(20);
  c.victim = chance(20);
  c.tlp_red = chance(20);
  c.compartment = chance(25) ? pick(compartments) : "";
  c.review_last_day = chance(60) ? -1 : 20000 + rng() % 40;
  if (chance(15)) c.member_grants.emplace_back("R-1", pick(members));
  if (chance(10)) c.user_grants.push_back("u" + std::to_string(rng() % 5));
  if (chance(10)) c.group_grants.push_back(pick({"AHG", "PACIFIC", "NOWHERE"}));
  if (chance(20)) c.agreements.emplace_back(pick(members), pick(members), static_cast<int>(rng() % 5));
  c.op = pick(ops);
  return c;
}

std::string Describe(const Case& c) {
  std::string roles, rel;
  for (const auto& r : c.roles) roles += r + ",";
  for (const auto& r : c.releasable) rel += r + ",";
  return "user " + c.user + "/" + c.member + " roles " + roles + " clearance " +
         (c.has_clearance ? std::to_string(c.clearance_level) + " until " + std::to_string(c.clearance_last_day)
                          : "none") +
         "; record by " + c.originator + " class " + std::to_string(c.classification) + " rel " + rel +
         " orcon " + std::to_string(c.orcon) + " victim " + std::to_string(c.victim) + " compartment " +
         c.compartment + " review " + std::to_string(c.review_last_day) + "; today " + std::to_string(c.today) +
         " op " + c.op;
}

TEST(Decide, AgreesWithIndependentStatementOnRandomCases) {
  std::mt19937 rng(20240601);
  std::map<std::string, int> seen;
  for (int i = 0; i < 20000; ++i) {
    Case c = RandomCase(rng);
    Decision d = Decide(ToPrincipal(c), ToRecord(c), ParseOperation(c.op).value(), ToContext(c));
    std::string got = std::string(d.allowed ? "allow:" : "deny:") + std::string(ReasonCode(d.reason));
    std::string want = Expected(c);
    ASSERT_EQ(got, want) << "case " << i << ": " << Describe(c);
    ++seen[want];
  }
  // The generator reaches every outcome, so the comparison covers every rule.
  for (const char* outcome :
       {"allow:allowed_originator", "allow:allowed_releasable", "allow:allowed_agreement", "allow:allowed_grant",
        "deny:retention_expired", "deny:clearance_missing", "deny:clearance_expired", "deny:clearance_insufficient",
        "deny:victim_protected", "deny:not_releasable", "deny:compartment_missing", "deny:not_originator",
        "deny:role_insufficient", "deny:tlp_red", "deny:orcon_rerelease", "deny:no_onward_dissemination"}) {
    EXPECT_GT(seen[outcome], 5) << outcome;
  }
}

// ---- rules by hand --------------------------------------------------------------------

Principal Analyst(const std::string& member, Classification level) {
  Principal p;
  p.user_id = "analyst-" + member;
  p.member = member;
  p.roles = {Role::kAnalyst};
  p.clearance = Clearance{level, member, {}};
  p.groups = {"ALL_MEMBERS"};
  return p;
}

Record Entity(const std::string& id, const std::string& originator, std::vector<std::string> releasable) {
  Record r;
  r.id = id;
  r.type = "Person";
  r.Set("name", id);
  r.provenance.originator = originator;
  r.handling.classification = Classification::kRestricted;
  r.handling.releasable_to = std::move(releasable);
  return r;
}

TEST(Decide, ExpiredClearanceKeepsOutOfClassifiedOnly) {
  PolicyContext ctx;
  ctx.today = DaysFromCivil(2026, 6, 1);
  Principal p = Analyst("IDN", Classification::kSecret);
  p.clearance->expires = PartialDate{2026, 5, 31};
  Record r = Entity("P-1", "AUS", {"ALL_MEMBERS"});
  EXPECT_EQ(Decide(p, r, Operation::kRead, ctx).reason, Reason::kClearanceExpired);
  r.handling.classification = Classification::kUnclassified;
  EXPECT_TRUE(Decide(p, r, Operation::kRead, ctx).allowed);
  p.clearance->expires = PartialDate{2026, 6, 1};  // holds through its last day
  r.handling.classification = Classification::kSecret;
  EXPECT_TRUE(Decide(p, r, Operation::kRead, ctx).allowed);
}

TEST(Decide, OnlyOriginatorReviewsExpiredRecords) {
  PolicyContext ctx;
  ctx.today = DaysFromCivil(2026, 6, 1);
  Record r = Entity("P-1", "AUS", {"ALL_MEMBERS"});
  r.handling.review_date = PartialDate{2026, 5};
  Principal own = Analyst("AUS", Classification::kSecret);
  EXPECT_EQ(Decide(own, r, Operation::kRead, ctx).reason, Reason::kRetentionExpired);
  EXPECT_TRUE(Decide(own, r, Operation::kReview, ctx).allowed);
  EXPECT_TRUE(Decide(own, r, Operation::kWrite, ctx).allowed);
  EXPECT_EQ(Decide(Analyst("IDN", Classification::kSecret), r, Operation::kReview, ctx).reason,
            Reason::kRetentionExpired);
}

TEST(Visibility, LinkHiddenWhenEitherEndIsHidden) {
  // AUS-1 (released to all) --member_of--> AUS-2 (AUS only)
  PolicyContext ctx;
  std::map<std::string, Record> store;
  store["AUS-1"] = Entity("AUS-1", "AUS", {"ALL_MEMBERS"});
  store["AUS-2"] = Entity("AUS-2", "AUS", {});
  store["AUS-2"].type = "Organization";
  Record link = Entity("L-1", "AUS", {"ALL_MEMBERS"});
  link.kind = model::RecordKind::kLink;
  link.type = "member_of";
  link.source = "AUS-1";
  link.target = "AUS-2";
  link.properties.clear();
  auto lookup = [&](std::string_view id) -> std::optional<Record> {
    auto it = store.find(std::string(id));
    if (it == store.end()) return std::nullopt;
    return it->second;
  };
  Principal idn = Analyst("IDN", Classification::kSecret);
  Visibility v(idn, Operation::kRead, ctx, lookup);
  EXPECT_TRUE(Decide(idn, link, Operation::kRead, ctx).allowed);  // the link alone is releasable...
  EXPECT_EQ(v.Check(link).reason, Reason::kReferenceHidden);      // ...but its target is not
  Principal aus = Analyst("AUS", Classification::kSecret);
  Visibility va(aus, Operation::kRead, ctx, lookup);
  EXPECT_TRUE(va.Check(link).allowed);

  // Counts come from the filtered list: IDN sees one of the three records.
  std::vector<Record> all{store["AUS-1"], store["AUS-2"], link};
  EXPECT_EQ(FilterVisible(all, v).size(), 1u);
  EXPECT_EQ(FilterVisible(all, va).size(), 3u);

  // A link to an entity that does not exist is hidden too.
  link.target = "AUS-404";
  Visibility v2(aus, Operation::kRead, ctx, lookup);
  EXPECT_EQ(v2.Check(link).reason, Reason::kReferenceHidden);
}

TEST(GroupDirectory, BuiltInAndStoreGroups) {
  std::vector<model::Member> members(3);
  members[0].code = "AUS";
  members[0].ad_hoc_group = true;
  members[1].code = "NZL";
  members[2].code = "IOM";
  members[2].kind = model::MemberKind::kOrganisation;
  GroupDirectory dir(members, {{"PACIFIC", {"AUS", "NZL"}}, {"WG_DISRUPTION", {"AUS", "IOM"}}});
  EXPECT_EQ(dir.GroupsOf("AUS"), (std::set<std::string>{"AHG", "ALL_MEMBERS", "PACIFIC", "WG_DISRUPTION"}));
  EXPECT_EQ(dir.GroupsOf("NZL"), (std::set<std::string>{"ALL_MEMBERS", "PACIFIC"}));
  EXPECT_EQ(dir.GroupsOf("IOM"), (std::set<std::string>{"ALL_MEMBERS", "WG_DISRUPTION"}));
  EXPECT_TRUE(dir.GroupsOf("XXX").empty());
  EXPECT_TRUE(dir.IsGroup("AHG"));
  EXPECT_TRUE(dir.IsMember("IOM"));
}

}  // namespace
}  // namespace disrupt::policy
