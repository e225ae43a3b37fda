// Tests of the release workflow: a request, a refusal or grant by the
// originator's focal point only, grants and agreements reaching Decide(),
// revocation, and every step in the audit log; on a SQLite file and, when
// DISRUPT_TEST_POSTGRES names a server, on PostgreSQL, where a grant made
// through one server's registry reaches another's.
#include "policy/release.h"

#include <gtest/gtest.h>

#include "audit/postgres_test_schema.h"
#include "testing.h"

namespace disrupt::policy {
namespace {

Principal User(const std::string& id, const std::string& member, std::set<Role> roles) {
  Principal p;
  p.user_id = id;
  p.member = member;
  p.roles = std::move(roles);
  p.clearance = Clearance{model::Classification::kSecret, member, {}};
  return p;
}

model::Record AusRecord() {
  model::Record r;
  r.id = "AUS-P-1";
  r.type = "Person";
  r.Set("name", "X");
  r.provenance.originator = "AUS";
  r.handling.classification = model::Classification::kConfidential;
  return r;
}

// Runs on a SQLite file ("sqlite") and on PostgreSQL ("postgres").
class ReleaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      if (schema_.uri().empty()) GTEST_SKIP() << "DISRUPT_TEST_POSTGRES not set: no PostgreSQL server";
      location_ = schema_.uri();
    } else {
      location_ = dir_.File("c.db");
    }
    auto log = audit::AuditLog::Open(location_);
    ASSERT_TRUE(log.ok());
    audit_ = std::move(log).value();
    auto reg = ReleaseRegistry::Open(location_, audit_.get(), [] { return 1'900'000'000LL; });
    ASSERT_TRUE(reg.ok()) << reg.status().ToString();
    registry_ = std::move(reg).value();
  }
  Decision ReadAsIdn() {
    auto ctx = registry_->LoadContext();
    EXPECT_TRUE(ctx.ok());
    return Decide(idn_analyst_, AusRecord(), Operation::kRead, *ctx);
  }
  testing::TempDir dir_;
  audit::pgtest::PostgresTestSchema schema_{"releasetest"};
  std::string location_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<ReleaseRegistry> registry_;
  Principal idn_analyst_ = User("budi", "IDN", {Role::kAnalyst});
  Principal aus_focal_ = User("kate", "AUS", {Role::kMemberOfficial});
  Principal aus_analyst_ = User("sam", "AUS", {Role::kAnalyst});
  Principal nzl_focal_ = User("aroha", "NZL", {Role::kMemberOfficial});
};

TEST_P(ReleaseTest, RequestGrantRevoke) {
  EXPECT_EQ(ReadAsIdn().reason, Reason::kNotReleasable);
  auto req = registry_->Request(idn_analyst_, "AUS-P-1", "AUS", "deconfliction hit on a shared phone number");
  ASSERT_TRUE(req.ok()) << req.status().ToString();
  EXPECT_EQ(registry_->Request(idn_analyst_, "AUS-P-1", "AUS", "again").status().code(), StatusCode::kConflict);
  auto pending = registry_->PendingFor("AUS");
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);

  // Only a focal point of the originator decides.
  EXPECT_EQ(registry_->Grant(aus_analyst_, req->id, GranteeKind::kMember, "", "ok").status().code(),
            StatusCode::kForbidden);
  EXPECT_EQ(registry_->Grant(nzl_focal_, req->id, GranteeKind::kMember, "", "ok").status().code(),
            StatusCode::kForbidden);
  EXPECT_EQ(registry_->Grant(aus_focal_, req->id, GranteeKind::kMember, "", "").status().code(),
            StatusCode::kInvalidArgument);
  auto grant = registry_->Grant(aus_focal_, req->id, GranteeKind::kMember, "", "joint operation CORAL");
  ASSERT_TRUE(grant.ok()) << grant.status().ToString();
  EXPECT_EQ(grant->grantee, "IDN");
  EXPECT_EQ(registry_->Refuse(aus_focal_, req->id, "late").status().code(), StatusCode::kConflict);

  Decision d = ReadAsIdn();
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.reason, Reason::kAllowedGrant);

  ASSERT_TRUE(registry_->Revoke(aus_focal_, grant->id, "operation closed").ok());
  EXPECT_EQ(ReadAsIdn().reason, Reason::kNotReleasable);

  audit::AuditQuery q;
  q.action = audit::action::kRelease;
  auto steps = audit_->Query(q);
  ASSERT_TRUE(steps.ok());
  ASSERT_EQ(steps->size(), 3u);
  EXPECT_EQ((*steps)[0].event.reason, "release_requested");
  EXPECT_EQ((*steps)[1].event.reason, "release_granted");
  EXPECT_EQ((*steps)[2].event.reason, "release_revoked");
  for (const auto& e : *steps) EXPECT_EQ(e.event.detail.find("deconfliction hit"), std::string::npos);
}

TEST_P(ReleaseTest, RefusalAndUserGrant) {
  auto a = registry_->Request(idn_analyst_, "AUS-P-1", "AUS", "needed for case 12");
  ASSERT_TRUE(a.ok());
  auto refused = registry_->Refuse(aus_focal_, a->id, "source protection");
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->state, RequestState::kRefused);
  EXPECT_EQ(ReadAsIdn().reason, Reason::kNotReleasable);
  EXPECT_EQ(registry_->Request(aus_analyst_, "AUS-P-1", "AUS", "own").status().code(),
            StatusCode::kFailedPrecondition);

  auto b = registry_->Request(idn_analyst_, "AUS-P-1", "AUS", "new evidence");
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE(registry_->Grant(aus_focal_, b->id, GranteeKind::kUser, "", "to the requester only").ok());
  EXPECT_TRUE(ReadAsIdn().allowed);
  auto ctx = registry_->LoadContext();
  Principal colleague = User("dewi", "IDN", {Role::kAnalyst});
  EXPECT_FALSE(Decide(colleague, AusRecord(), Operation::kRead, *ctx).allowed);
}

TEST_P(ReleaseTest, AgreementsGrantDefaultReleasability) {
  Principal secretariat = User("sec", "AUS", {Role::kSecretariat});
  Agreement a;
  a.party_a = "AUS";
  a.party_b = "IDN";
  a.a_to_b = true;
  a.b_to_a = false;
  a.max_classification = model::Classification::kConfidential;
  a.reference = "AUS-IDN MoU 2025/7";
  EXPECT_EQ(registry_->RecordAgreement(idn_analyst_, a).status().code(), StatusCode::kForbidden);
  auto recorded = registry_->RecordAgreement(secretariat, a);
  ASSERT_TRUE(recorded.ok()) << recorded.status().ToString();
  Decision d = ReadAsIdn();
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.reason, Reason::kAllowedAgreement);
  // One direction only, and up to its classification.
  auto ctx = registry_->LoadContext();
  model::Record idn = AusRecord();
  idn.provenance.originator = "IDN";
  EXPECT_FALSE(Decide(aus_analyst_, idn, Operation::kRead, *ctx).allowed);
  model::Record secret = AusRecord();
  secret.handling.classification = model::Classification::kSecret;
  EXPECT_FALSE(Decide(idn_analyst_, secret, Operation::kRead, *ctx).allowed);
  ASSERT_TRUE(registry_->EndAgreement(secretariat, recorded->id).ok());
  EXPECT_FALSE(ReadAsIdn().allowed);
}


// A second server's registry on the same database sees the grant at once,
// and the first registry announces the change (the server publishes it).
TEST_P(ReleaseTest, GrantThroughOneServerReachesAnother) {
  auto other = ReleaseRegistry::Open(location_, audit_.get(), [] { return 1'900'000'000LL; });
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  int changes = 0;
  registry_->OnPolicyChange([&] { ++changes; });
  auto ctx = (*other)->LoadContext();
  ASSERT_TRUE(ctx.ok());
  EXPECT_EQ(Decide(idn_analyst_, AusRecord(), Operation::kRead, *ctx).reason, Reason::kNotReleasable);
  auto grant = registry_->GrantDirect(aus_focal_, "AUS-P-1", "AUS", GranteeKind::kMember, "IDN", "joint operation");
  ASSERT_TRUE(grant.ok()) << grant.status().ToString();
  EXPECT_EQ(changes, 1);
  ctx = (*other)->LoadContext();
  ASSERT_TRUE(ctx.ok());
  EXPECT_TRUE(Decide(idn_analyst_, AusRecord(), Operation::kRead, *ctx).allowed);
  ASSERT_TRUE((*other)->Revoke(aus_focal_, grant->id, "operation closed").ok());
  EXPECT_EQ(changes, 1) << "the hook belongs to the registry that made the change";
  ctx = registry_->LoadContext();
  ASSERT_TRUE(ctx.ok());
  EXPECT_FALSE(Decide(idn_analyst_, AusRecord(), Operation::kRead, *ctx).allowed);
}

INSTANTIATE_TEST_SUITE_P(Stores, ReleaseTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace disrupt::policy
