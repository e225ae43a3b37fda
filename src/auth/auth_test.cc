// Tests of identity: TOTP against the RFC 4226 and RFC 6238 test vectors,
// Argon2id hashing, and one test per sign-in flow (password, TOTP, replay,
// lockout with back-off, idle and absolute session expiry, CSRF, disabled
// users, API token scopes, expiry and revocation), against a real SQLite
// file and a controlled clock; the flows run again on PostgreSQL when
// DISRUPT_TEST_POSTGRES names a server, with checks that two servers sharing
// the database share sessions and lockouts.
#include "auth/auth.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "audit/postgres_test_schema.h"
#include "auth/password.h"
#include "auth/totp.h"
#include "testing.h"

namespace disrupt::auth {
namespace {

// ---- primitives against published vectors ------------------------------------------

TEST(Totp, Rfc4226HotpVectors) {
  const std::string secret = "12345678901234567890";
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (int i = 0; i < 10; ++i) EXPECT_EQ(Hotp(secret, i), expected[i]) << "counter " << i;
}

TEST(Totp, Rfc6238Sha1Vectors) {
  const std::string secret = "12345678901234567890";
  const std::pair<long long, const char*> vectors[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
  };
  for (const auto& [t, code] : vectors) EXPECT_EQ(Totp(secret, t, 8), code) << "T=" << t;
}

TEST(Totp, WindowOfOneStepAndFormat) {
  const std::string secret = "12345678901234567890";
  const long long t = 1111111111;
  EXPECT_EQ(MatchTotp(secret, Totp(secret, t), t), t / 30);
  EXPECT_EQ(MatchTotp(secret, Totp(secret, t - 30), t), t / 30 - 1);
  EXPECT_EQ(MatchTotp(secret, Totp(secret, t + 30), t), t / 30 + 1);
  EXPECT_FALSE(MatchTotp(secret, Totp(secret, t - 60), t));
  EXPECT_FALSE(MatchTotp(secret, Totp(secret, t + 60), t));
  EXPECT_FALSE(MatchTotp(secret, "12345", t));
  EXPECT_FALSE(MatchTotp(secret, "12345a", t));
}

TEST(Totp, Base32Rfc4648VectorsAndUri) {
  EXPECT_EQ(Base32Encode("foobar"), "MZXW6YTBOI");
  EXPECT_EQ(Base32Encode("f"), "MY");
  EXPECT_EQ(Base32Decode("mzxw 6ytb oi==").value(), "foobar");
  EXPECT_FALSE(Base32Decode("M1").ok());
  std::string uri = OtpAuthUri("Disrupt", "ana.s", "foobar");
  EXPECT_EQ(uri, "otpauth://totp/Disrupt:ana.s?secret=MZXW6YTBOI&issuer=Disrupt&algorithm=SHA1&digits=6&period=30");
}

TEST(Password, Argon2idHashVerifyAndRules) {
  auto hash = HashPassword("correct horse battery staple");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse battery stapl"));
  EXPECT_FALSE(VerifyPassword("garbage", "x"));
  EXPECT_FALSE(NeedsRehash(*hash));
  EXPECT_TRUE(NeedsRehash(*hash, PasswordCost{3, 19ull << 20}));
  EXPECT_FALSE(CheckPasswordRules("short").ok());
  EXPECT_FALSE(CheckPasswordRules("\xff\xfe long enough password").ok());
  EXPECT_TRUE(CheckPasswordRules("ţăşăţîâţăşăţ").ok());  // 12 characters, more bytes
  EXPECT_EQ(GeneratePassword().size(), 20u);
}

// ---- flows ------------------------------------------------------------------------------------

const char* const kPassword = "Kerobokan-Harbour-2026";

// Runs each flow on a SQLite file ("sqlite") and on PostgreSQL ("postgres").
class AuthFlowTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      if (schema_.uri().empty()) GTEST_SKIP() << "DISRUPT_TEST_POSTGRES not set: no PostgreSQL server";
      location_ = schema_.uri();
    } else {
      location_ = dir_.File("catalogue.db");
    }
    auto store = SqlAuthStore::Open(location_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    auto log = audit::AuditLog::Open(location_);
    ASSERT_TRUE(log.ok());
    audit_ = std::move(log).value();
    cipher_ = std::make_unique<crypto::FieldCipher>(crypto::SecretKey::Generate());
    AuthOptions options = Options();
    auth_ = std::make_unique<Authenticator>(*store_, options);
    User u;
    u.id = "ana.s";
    u.display_name = "Ana S";
    u.member = "IDN";
    u.agency = "POLRI";
    u.roles = {policy::Role::kAnalyst};
    u.clearance = policy::Clearance{model::Classification::kSecret, "IDN", PartialDate{2027, 12, 31}};
    u.compartments = {"OP-CORAL"};
    auto enrolment = auth_->AddUser("admin", u, kPassword);
    ASSERT_TRUE(enrolment.ok()) << enrolment.status().ToString();
    enrolment_ = *enrolment;
    secret_ = Base32Decode(enrolment_.totp_secret_base32).value();
  }

  // Options for an Authenticator on this test's clock, audit log and cipher.
  AuthOptions Options() {
    AuthOptions options;
    options.now = [this] { return clock_; };
    // The flows do not depend on the cost; the production cost is tested in
    // Password.Argon2idHashVerifyAndRules. A light cost keeps the suite fast under ASan.
    options.limits.password_cost = PasswordCost{1, 1u << 20};
    options.audit = audit_.get();
    options.cipher = cipher_.get();
    options.resolve_groups = [](const std::string& member) {
      return member == "IDN" ? std::set<std::string>{"ALL_MEMBERS", "AHG"} : std::set<std::string>{"ALL_MEMBERS"};
    };
    return options;
  }

  Result<SignedIn> SignIn(const std::string& password, const std::string& code) {
    return auth_->SignIn({"ana.s", password, code, "10.0.0.7"});
  }
  Result<SignedIn> SignInNow() { return SignIn(kPassword, Totp(secret_, clock_)); }

  testing::TempDir dir_;
  audit::pgtest::PostgresTestSchema schema_{"authtest"};
  std::string location_;  // the SQLite file or the PostgreSQL URI
  long long clock_ = 1'900'000'000;
  std::unique_ptr<SqlAuthStore> store_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<crypto::FieldCipher> cipher_;
  std::unique_ptr<Authenticator> auth_;
  Enrolment enrolment_;
  std::string secret_;
};

TEST_P(AuthFlowTest, PasswordAndTotpSignIn) {
  EXPECT_NE(enrolment_.totp_uri.find("secret=" + enrolment_.totp_secret_base32), std::string::npos);
  auto signed_in = SignInNow();
  ASSERT_TRUE(signed_in.ok()) << signed_in.status().ToString();
  const Session& s = signed_in->session;
  EXPECT_EQ(s.principal.user_id, "ana.s");
  EXPECT_EQ(s.principal.member, "IDN");
  EXPECT_EQ(s.principal.groups, (std::set<std::string>{"ALL_MEMBERS", "AHG"}));
  EXPECT_EQ(s.principal.compartments, (std::set<std::string>{"OP-CORAL"}));
  ASSERT_TRUE(s.principal.clearance.has_value());
  EXPECT_EQ(s.principal.clearance->level, model::Classification::kSecret);
  EXPECT_GE(signed_in->session_token.size(), 43u);  // 256 bits in base64url
  auto resumed = auth_->ResumeSession(signed_in->session_token);
  ASSERT_TRUE(resumed.ok());
  EXPECT_EQ(resumed->principal.user_id, "ana.s");

  // The session id is stored only as a hash, the TOTP secret only encrypted.
  auto db = audit::OpenSecurityDb(location_);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto lock = (*db)->Lock();
  audit::Statement* st = (*db)->Prepare("SELECT count(*) FROM auth_session WHERE id_hash = ?").value();
  st->BindBlob(1, signed_in->session_token);
  ASSERT_TRUE(st->Step().value());
  EXPECT_EQ(st->Int(0), 0);
  st->Reset();
  st = (*db)->Prepare("SELECT totp_secret, password_hash FROM auth_user WHERE id = 'ana.s'").value();
  ASSERT_TRUE(st->Step().value());
  std::string stored_secret = st->Text(0);
  EXPECT_EQ(stored_secret.rfind("enc1:", 0), 0u);
  EXPECT_EQ(stored_secret.find(enrolment_.totp_secret_base32), std::string::npos);
  EXPECT_EQ(st->Text(1).find(kPassword), std::string::npos);
  st->Reset();
}

TEST_P(AuthFlowTest, WrongFactorsUnknownAndDisabledUsersLookTheSame) {
  ASSERT_TRUE(SignInNow().ok());  // confirms the second factor
  clock_ += 30;
  auto wrong_password = SignIn("Kerobokan-Harbour-2025", Totp(secret_, clock_));
  auto wrong_code = SignIn(kPassword, Totp(secret_, clock_ + 3600));
  auto no_code = SignIn(kPassword, "");
  auto unknown = auth_->SignIn({"nobody", kPassword, "123456", ""});
  ASSERT_TRUE(auth_->SetDisabled("admin", "ana.s", true).ok());
  auto disabled = SignInNow();
  for (const auto* r : {&wrong_password, &wrong_code, &no_code, &unknown, &disabled}) {
    ASSERT_FALSE(r->ok());
    EXPECT_EQ(r->status().code(), StatusCode::kUnauthenticated);
    EXPECT_EQ(r->status().message(), "invalid credentials");
  }
}

TEST_P(AuthFlowTest, SelfServiceEnrolmentShowsTheFactorUntilItsFirstCode) {
  auto user = auth_->GetUser("ana.s");
  ASSERT_TRUE(user.ok() && user->has_value());
  EXPECT_FALSE((*user)->totp_enrolled);
  EXPECT_EQ(enrolment_.enrol_until, clock_ + AuthLimits{}.enrolment_seconds);

  // The right password without a code: the factor to set up, and no session.
  auto shown = SignIn(kPassword, "");
  ASSERT_TRUE(shown.ok()) << shown.status().ToString();
  ASSERT_TRUE(shown->enrolment.has_value());
  EXPECT_TRUE(shown->session_token.empty());
  EXPECT_EQ(shown->enrolment->totp_secret_base32, enrolment_.totp_secret_base32);
  EXPECT_NE(shown->enrolment->totp_uri.find("secret=" + enrolment_.totp_secret_base32), std::string::npos);
  // A wrong password shows nothing and counts as a failure.
  auto wrong = SignIn("Kerobokan-Harbour-2025", "");
  EXPECT_EQ(wrong.status().code(), StatusCode::kUnauthenticated);
  // A wrong code does not confirm.
  EXPECT_EQ(SignIn(kPassword, Totp(secret_, clock_ + 3600)).status().code(), StatusCode::kUnauthenticated);

  // The first valid code confirms the factor and opens a session.
  auto confirmed = SignInNow();
  ASSERT_TRUE(confirmed.ok()) << confirmed.status().ToString();
  EXPECT_FALSE(confirmed->enrolment.has_value());
  EXPECT_TRUE(auth_->ResumeSession(confirmed->session_token).ok());
  user = auth_->GetUser("ana.s");
  EXPECT_TRUE((*user)->totp_enrolled);

  // From then on the secret is never shown again: no code = wrong credentials.
  clock_ += 30;
  auto again = SignIn(kPassword, "");
  EXPECT_EQ(again.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(again.status().message(), "invalid credentials");
}

TEST_P(AuthFlowTest, UnconfirmedFactorIsNoLongerShownAfterItsDeadline) {
  clock_ += AuthLimits{}.enrolment_seconds + 1;
  auto late = SignIn(kPassword, "");
  EXPECT_EQ(late.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_FALSE(late.ok());
  // Only the right password learns that: a wrong one is just wrong.
  auto wrong = SignIn("Kerobokan-Harbour-2025", "");
  EXPECT_EQ(wrong.status().message(), "invalid credentials");
  // A reset shows a new factor again, with a new deadline.

  auto reset = auth_->ResetTotp("admin", "ana.s");
  ASSERT_TRUE(reset.ok());
  EXPECT_EQ(reset->enrol_until, clock_ + AuthLimits{}.enrolment_seconds);
  secret_ = Base32Decode(reset->totp_secret_base32).value();
  auto shown = SignIn(kPassword, "");
  ASSERT_TRUE(shown.ok() && shown->enrolment.has_value());
  EXPECT_EQ(shown->enrolment->totp_secret_base32, reset->totp_secret_base32);
  EXPECT_TRUE(SignInNow().ok());
}

TEST_P(AuthFlowTest, FactorHandedOverInPersonStillConfirmsAfterTheDeadline) {
  clock_ += AuthLimits{}.enrolment_seconds + 1;
  auto signed_in = SignInNow();
  ASSERT_TRUE(signed_in.ok()) << signed_in.status().ToString();
  EXPECT_FALSE(signed_in->enrolment.has_value());
  EXPECT_TRUE((*auth_->GetUser("ana.s"))->totp_enrolled);
}

TEST_P(AuthFlowTest, TotpCodeCannotBeReplayed) {
  const std::string code = Totp(secret_, clock_);
  ASSERT_TRUE(SignIn(kPassword, code).ok());
  clock_ += 5;  // same 30 s step
  auto replay = SignIn(kPassword, code);
  EXPECT_EQ(replay.status().code(), StatusCode::kUnauthenticated);
  clock_ += 30;  // next step, new code
  EXPECT_TRUE(SignInNow().ok());
}

TEST_P(AuthFlowTest, LockoutWithExponentialBackOff) {
  for (int i = 1; i <= 5; ++i) {
    EXPECT_EQ(SignIn("wrong-password-xyz", "").status().code(), StatusCode::kUnauthenticated) << i;
  }
  // The sixth failure locks for 30 s; the right password does not help meanwhile.
  EXPECT_EQ(SignIn("wrong-password-xyz", "").status().code(), StatusCode::kUnauthenticated);
  auto locked = SignInNow();
  ASSERT_EQ(locked.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(locked.status().message().find("30 s"), std::string::npos) << locked.status().message();
  clock_ += 31;
  // Seventh failure: 60 s; eighth: 120 s.
  EXPECT_EQ(SignIn("wrong-password-xyz", "").status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(SignInNow().status().message().find("60 s"), std::string::npos);
  clock_ += 61;
  EXPECT_EQ(SignIn("wrong-password-xyz", "").status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(SignInNow().status().message().find("120 s"), std::string::npos);
  clock_ += 121;
  ASSERT_TRUE(SignInNow().ok());  // success clears the count
  clock_ += 30;
  EXPECT_EQ(SignIn("wrong-password-xyz", "").status().code(), StatusCode::kUnauthenticated);
  clock_ += 30;
  EXPECT_TRUE(SignInNow().ok());  // one failure does not lock
}

TEST_P(AuthFlowTest, LockoutBackOffIsCapped) {
  AuthLimits limits;
  for (int i = 0; i < 20; ++i) (void)SignIn("wrong-password-xyz", "");
  // Failures made while locked are refused before counting, so unlock and fail repeatedly.
  for (int i = 0; i < 12; ++i) {
    clock_ += limits.max_lock_seconds + 1;
    (void)SignIn("wrong-password-xyz", "");
  }
  auto locked = SignInNow();
  ASSERT_EQ(locked.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(locked.status().message().find(std::to_string(limits.max_lock_seconds) + " s"), std::string::npos)
      << locked.status().message();
  ASSERT_TRUE(auth_->Unlock("admin", "ana.s").ok());
  EXPECT_TRUE(SignInNow().ok());
}

TEST_P(AuthFlowTest, SessionIdleExpiry) {
  auto s = SignInNow();
  ASSERT_TRUE(s.ok());
  AuthLimits limits;
  // Requests every 20 minutes keep it alive past the idle limit.
  for (int i = 0; i < 5; ++i) {
    clock_ += 20 * 60;
    ASSERT_TRUE(auth_->ResumeSession(s->session_token).ok()) << i;
  }
  clock_ += limits.session_idle_seconds + 1;
  EXPECT_EQ(auth_->ResumeSession(s->session_token).status().code(), StatusCode::kUnauthenticated);
  clock_ -= limits.session_idle_seconds;  // deleted, so gone even if the clock went back
  EXPECT_EQ(auth_->ResumeSession(s->session_token).status().code(), StatusCode::kUnauthenticated);
}

TEST_P(AuthFlowTest, SessionAbsoluteExpiry) {
  auto s = SignInNow();
  ASSERT_TRUE(s.ok());
  AuthLimits limits;
  const long long start = clock_;
  while (clock_ + 25 * 60 <= start + limits.session_absolute_seconds) {
    clock_ += 25 * 60;
    ASSERT_TRUE(auth_->ResumeSession(s->session_token).ok());
  }
  clock_ = start + limits.session_absolute_seconds + 1;
  EXPECT_EQ(auth_->ResumeSession(s->session_token).status().code(), StatusCode::kUnauthenticated);
}

TEST_P(AuthFlowTest, CsrfTokenBelongsToItsSession) {
  auto a = SignInNow();
  clock_ += 30;
  auto b = SignInNow();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(auth_->CheckCsrf(a->session_token, a->session.csrf_token));
  EXPECT_FALSE(auth_->CheckCsrf(a->session_token, b->session.csrf_token));
  EXPECT_FALSE(auth_->CheckCsrf(a->session_token, ""));
  EXPECT_FALSE(auth_->CheckCsrf("", a->session.csrf_token));
  EXPECT_NE(a->session.csrf_token, a->session_token);
  auto resumed = auth_->ResumeSession(a->session_token);
  ASSERT_TRUE(resumed.ok());
  EXPECT_EQ(resumed->csrf_token, a->session.csrf_token);
}

TEST_P(AuthFlowTest, SignOutAndDisableEndSessions) {
  auto a = SignInNow();
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(auth_->SignOut(a->session_token).ok());
  EXPECT_FALSE(auth_->ResumeSession(a->session_token).ok());
  clock_ += 30;
  auto b = SignInNow();
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE(auth_->SetDisabled("admin", "ana.s", true).ok());
  EXPECT_FALSE(auth_->ResumeSession(b->session_token).ok());
}

TEST_P(AuthFlowTest, ResetTotpInvalidatesOldSecret) {
  auto reset = auth_->ResetTotp("admin", "ana.s");
  ASSERT_TRUE(reset.ok());
  EXPECT_NE(reset->totp_secret_base32, enrolment_.totp_secret_base32);
  EXPECT_FALSE(SignInNow().ok());
  secret_ = Base32Decode(reset->totp_secret_base32).value();
  clock_ += 30;
  EXPECT_TRUE(SignInNow().ok());
}

TEST_P(AuthFlowTest, ApiTokenScopesExpiryAndRevocation) {
  auto issued = auth_->IssueToken("admin", "ana.s", "nightly export", {Scope::kRead, Scope::kExport}, clock_ + 86400);
  ASSERT_TRUE(issued.ok()) << issued.status().ToString();
  EXPECT_EQ(issued->token.rfind("dsk_", 0), 0u);
  EXPECT_TRUE(issued->row.hash.empty());
  auto p = auth_->AuthenticateToken(issued->token, Scope::kRead);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->user_id, "ana.s");
  EXPECT_TRUE(auth_->AuthenticateToken(issued->token, Scope::kExport).ok());
  EXPECT_EQ(auth_->AuthenticateToken(issued->token, Scope::kWrite).status().code(), StatusCode::kForbidden);
  EXPECT_EQ(auth_->AuthenticateToken(issued->token + "x", Scope::kRead).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(auth_->AuthenticateToken("dsk_", Scope::kRead).status().code(), StatusCode::kUnauthenticated);

  auto listed = auth_->ListTokens("ana.s");
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_TRUE((*listed)[0].hash.empty());

  ASSERT_TRUE(auth_->RevokeToken("admin", issued->row.id).ok());
  EXPECT_EQ(auth_->AuthenticateToken(issued->token, Scope::kRead).status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(auth_->RevokeToken("admin", issued->row.id).code(), StatusCode::kNotFound);

  auto short_lived = auth_->IssueToken("admin", "ana.s", "probe", {Scope::kRead}, clock_ + 60);
  ASSERT_TRUE(short_lived.ok());
  EXPECT_TRUE(auth_->AuthenticateToken(short_lived->token, Scope::kRead).ok());
  clock_ += 61;
  EXPECT_EQ(auth_->AuthenticateToken(short_lived->token, Scope::kRead).status().code(),
            StatusCode::kUnauthenticated);

  auto other = auth_->IssueToken("admin", "ana.s", "sync", {Scope::kRead}, 0);
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(auth_->SetDisabled("admin", "ana.s", true).ok());
  EXPECT_EQ(auth_->AuthenticateToken(other->token, Scope::kRead).status().code(), StatusCode::kUnauthenticated);
  EXPECT_FALSE(auth_->IssueToken("admin", "ana.s", "x", {}, 0).ok());
}

TEST_P(AuthFlowTest, SignInsAreAuditedWithoutSecrets) {
  ASSERT_FALSE(SignIn("wrong-password-xyz", "").ok());
  auto ok = SignInNow();
  ASSERT_TRUE(ok.ok());
  audit::AuditQuery q;
  q.action = audit::action::kSignIn;
  auto entries = audit_->Query(q);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].event.outcome, audit::Outcome::kDeny);
  EXPECT_EQ((*entries)[0].event.reason, "bad_password");
  EXPECT_EQ((*entries)[1].event.outcome, audit::Outcome::kAllow);
  EXPECT_EQ((*entries)[1].event.actor_member, "IDN");
  audit::AuditQuery all;
  all.limit = 1000;
  auto everything = audit_->Query(all);
  ASSERT_TRUE(everything.ok());
  for (const auto& e : *everything) {
    for (const std::string* f : {&e.event.detail, &e.event.reason, &e.event.target, &e.event.actor}) {
      EXPECT_EQ(f->find("wrong-password"), std::string::npos);
      EXPECT_EQ(f->find(kPassword), std::string::npos);
      EXPECT_EQ(f->find(ok->session_token), std::string::npos);
    }
  }
}

TEST_P(AuthFlowTest, FirstAdministratorOnlyOnce) {
  User admin;
  admin.id = "root.admin";
  admin.member = "AUS";
  admin.agency = "Secretariat";
  admin.roles = {policy::Role::kSecretariat};
  auto first = CreateFirstAdministrator(*auth_, admin, "first-admin-password-1");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->user.roles.count(policy::Role::kAdministrator));
  EXPECT_FALSE(first->totp_uri.empty());
  admin.id = "second.admin";
  EXPECT_EQ(CreateFirstAdministrator(*auth_, admin, "first-admin-password-1").status().code(),
            StatusCode::kFailedPrecondition);
}

TEST_P(AuthFlowTest, UserValidationNamesTheField) {
  User u;
  u.id = "Bad Id";
  u.member = "AUS";
  u.roles = {policy::Role::kObserver};
  auto r = auth_->AddUser("admin", u, kPassword);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "id");
  u.id = "good.id";
  u.roles.clear();
  EXPECT_EQ(auth_->AddUser("admin", u, kPassword).status().field(), "roles");
  u.roles = {policy::Role::kObserver};
  EXPECT_EQ(auth_->AddUser("admin", u, "short").status().field(), "password");
  EXPECT_EQ(auth_->AddUser("admin", enrolment_.user, kPassword).status().code(), StatusCode::kConflict);
}


// ---- two servers sharing one database ----------------------------------------------

// A second server: its own connection and Authenticator on the same database.
struct SecondServer {
  std::unique_ptr<SqlAuthStore> store;
  std::unique_ptr<Authenticator> auth;
};

TEST_P(AuthFlowTest, SessionOpenedOnOneServerIsValidOnAnother) {
  auto other_store = SqlAuthStore::Open(location_);
  ASSERT_TRUE(other_store.ok()) << other_store.status().ToString();
  SecondServer b{std::move(other_store).value(), nullptr};
  b.auth = std::make_unique<Authenticator>(*b.store, Options());

  auto signed_in = SignInNow();
  ASSERT_TRUE(signed_in.ok()) << signed_in.status().ToString();
  auto on_b = b.auth->ResumeSession(signed_in->session_token);
  ASSERT_TRUE(on_b.ok()) << on_b.status().ToString();
  EXPECT_EQ(on_b->principal.user_id, "ana.s");
  // The CSRF token is derived from the session id: B accepts A's token.
  EXPECT_TRUE(b.auth->CheckCsrf(signed_in->session_token, signed_in->session.csrf_token));
  // Signing out on B ends the session on A too.
  ASSERT_TRUE(b.auth->SignOut(signed_in->session_token).ok());
  EXPECT_EQ(auth_->ResumeSession(signed_in->session_token).status().code(), StatusCode::kUnauthenticated);
}

// Failures spread over two servers lock the user after free_failures in all.
TEST_P(AuthFlowTest, LockoutCountsFailuresOnEveryServer) {
  auto other_store = SqlAuthStore::Open(location_);
  ASSERT_TRUE(other_store.ok());
  SecondServer b{std::move(other_store).value(), nullptr};
  b.auth = std::make_unique<Authenticator>(*b.store, Options());
  const int free_failures = AuthLimits{}.free_failures;
  for (int i = 0; i <= free_failures; ++i) {
    Authenticator& server = i % 2 ? *b.auth : *auth_;
    EXPECT_EQ(server.SignIn({"ana.s", "wrong-password-xyz", "", "10.0.0.7"}).status().code(),
              StatusCode::kUnauthenticated);
  }
  EXPECT_EQ(SignInNow().status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(b.auth->SignIn({"ana.s", kPassword, Totp(secret_, clock_), "10.0.0.8"}).status().code(),
            StatusCode::kResourceExhausted);
}

// Concurrent failures through two connections are each counted once.
TEST_P(AuthFlowTest, ConcurrentFailuresAreNotLost) {
  auto other_store = SqlAuthStore::Open(location_);
  ASSERT_TRUE(other_store.ok());
  constexpr int kThreads = 4, kEach = 10;
  std::vector<std::thread> threads;
  std::atomic<int> errors{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      AuthStore& store = t % 2 ? static_cast<AuthStore&>(**other_store) : *store_;
      for (int i = 0; i < kEach; ++i) {
        auto r = store.RecordFailure("ana.s", clock_, [](int) { return 0LL; });
        if (!r.ok()) ++errors;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  auto row = store_->GetUser("ana.s");
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_EQ((*row)->failures, kThreads * kEach);
}

INSTANTIATE_TEST_SUITE_P(Stores, AuthFlowTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace disrupt::auth
