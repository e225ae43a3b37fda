// disrupt user: user administration from the operator's shell — add,
// disable/enable, reset-totp, unlock, list. Thin: parses, calls
// auth::Authenticator, renders. The operator's OS account is recorded as the
// actor in the audit log ("cli:<login>"), since whoever runs this command
// already holds the database file.
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <optional>

#include "audit/audit_log.h"
#include "audit/sqlite_db.h"
#include "auth/auth.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "core/text.h"
#include "crypto/field_cipher.h"

namespace disrupt::cli {

namespace {

constexpr const char* kCommand = "user";

Args MakeArgs() {
  Args args(kCommand,
            "Manage portal users: add, disable, enable, reset-totp, unlock, list.\n"
            "A new user (and a TOTP reset) prints the TOTP enrolment URI once: give it to the user in person.");
  AddStoreOption(args);
  args.Positional("ACTION", "add | disable | enable | reset-totp | unlock | list")
      .Option("id", "Login name: 2-64 of a-z 0-9 . _ -, starting with a letter")
      .Option("name", "Display name")
      .Option("member", "Member state or organisation code (e.g. AUS, IOM)")
      .Option("agency", "Agency within the member")
      .Option("roles", "Comma-separated: administrator, secretariat, co_chair, member_official, analyst, observer, "
                       "victim_protection")
      .Option("clearance", "Clearance level: UNCLASSIFIED, RESTRICTED, CONFIDENTIAL, SECRET, TOP_SECRET")
      .Option("clearance-granted-by", "Member code of the state that granted the clearance (default: --member)")
      .Option("clearance-expires", "Last day the clearance holds (YYYY-MM-DD)")
      .Option("compartments", "Comma-separated compartments the user holds")
      .Flag("password-stdin", "Read the password from the first line of standard input (otherwise one is generated "
                              "and printed once)")
      .Flag("no-totp", "Do not require a second factor (demonstration accounts only)")
      .Option("audit-key", "Audit signing key file (or $DISRUPT_AUDIT_KEY / $DISRUPT_AUDIT_KEY_FILE)")
      .Epilog("examples:\n"
              "  disrupt user add --id ana.s --name 'Ana S' --member IDN --agency POLRI --roles analyst \\\n"
              "      --clearance SECRET --clearance-expires 2027-12-31\n"
              "  disrupt user reset-totp --id ana.s\n"
              "  disrupt user list");
  return args;
}

// Everything the subcommand needs open, in dependency order.
struct Context {
  std::unique_ptr<auth::SqliteAuthStore> store;
  std::unique_ptr<audit::AuditLog> audit;
  std::optional<crypto::FieldCipher> cipher;
  std::unique_ptr<auth::Authenticator> authenticator;
};

Result<std::unique_ptr<Context>> Open(const Args& args) {
  auto ctx = std::make_unique<Context>();
  DISRUPT_ASSIGN_OR_RETURN(std::string path, audit::PathFromStoreUri(args.Get("store")));
  DISRUPT_ASSIGN_OR_RETURN(ctx->store, auth::SqliteAuthStore::Open(path));
  audit::AuditOptions audit_options;
  DISRUPT_ASSIGN_OR_RETURN(audit_options.signing_seed, ConfiguredAuditKey(args));
  DISRUPT_ASSIGN_OR_RETURN(ctx->audit, audit::AuditLog::Open(path, audit_options));
  auth::AuthOptions options;
  options.audit = ctx->audit.get();
  auto field_source = crypto::FieldKeySource(args.Get("field-key"));
  if (crypto::KeyConfigured(field_source)) {
    DISRUPT_ASSIGN_OR_RETURN(auto key, crypto::LoadKey(field_source));
    ctx->cipher.emplace(key);
    options.cipher = &*ctx->cipher;
  }
  ctx->authenticator = std::make_unique<auth::Authenticator>(*ctx->store, options);
  return ctx;
}

Result<auth::User> UserFromArgs(const Args& args) {
  auth::User u;
  u.id = args.Get("id");
  u.display_name = args.Has("name") ? args.Get("name") : u.id;
  u.member = args.Get("member");
  u.agency = args.Get("agency");
  for (const auto& r : SplitTrimmed(args.Get("roles"), ',')) {
    auto role = policy::ParseRole(r);
    if (!role.ok()) return Status::InvalidArgument(role.status().message(), "--roles");
    u.roles.insert(*role);
  }
  if (args.Has("clearance")) {
    policy::Clearance c;
    auto level = model::ParseClassification(args.Get("clearance"));
    if (!level.ok()) return Status::InvalidArgument(level.status().message(), "--clearance");
    c.level = *level;
    c.granted_by = args.Has("clearance-granted-by") ? args.Get("clearance-granted-by") : u.member;
    if (args.Has("clearance-expires")) {
      auto date = PartialDate::Parse(args.Get("clearance-expires"));
      if (!date.ok() || !date->complete()) {
        return Status::InvalidArgument("--clearance-expires wants a complete date YYYY-MM-DD", "--clearance-expires");
      }
      c.expires = *date;
    }
    u.clearance = c;
  }
  for (const auto& c : SplitTrimmed(args.Get("compartments"), ',')) u.compartments.insert(c);
  u.totp_required = !args.Has("no-totp");
  return u;
}

void PrintEnrolment(const auth::Enrolment& e) {
  if (e.totp_uri.empty()) {
    std::cout << "second factor: none (demonstration account)\n";
    return;
  }
  std::cout << "TOTP enrolment (shown once; give it to the user in person, then clear the screen):\n"
            << "  secret: " << e.totp_secret_base32 << "\n"
            << "  uri:    " << e.totp_uri << "\n";
}

std::string Roles(const auth::User& u) {
  std::vector<std::string> names;
  for (auto r : u.roles) names.emplace_back(policy::ToString(r));
  return Join(names, ",");
}

}  // namespace

int UserCommand(const Argv& argv) {
  Args args = MakeArgs();
  if (auto stop = ParseActionArgs(args, argv, kCommand)) return *stop;
  const std::string action = args.positionals()[0];
  const bool needs_id = action != "list";
  if (needs_id && !args.Has("id")) return Fail(kCommand, Status::InvalidArgument("--id is required", "--id"));

  auto opened = Open(args);
  if (!opened.ok()) return Fail(kCommand, opened.status());
  auth::Authenticator& authn = *(*opened)->authenticator;
  const std::string actor = CliActor();

  if (action == "add") {
    auto user = UserFromArgs(args);
    if (!user.ok()) return Fail(kCommand, user.status());
    std::string password;
    bool generated = false;
    if (args.Has("password-stdin")) {
      std::getline(std::cin, password);
    } else {
      password = auth::GeneratePassword();
      generated = true;
    }
    auto enrolment = authn.AddUser(actor, *user, password);
    if (!enrolment.ok()) return Fail(kCommand, enrolment.status());
    std::cout << "added user " << enrolment->user.id << " (" << enrolment->user.member << ", " << Roles(enrolment->user)
              << ")\n";
    if (generated) std::cout << "password (shown once): " << password << "\n";
    if (!(*opened)->cipher && !enrolment->totp_uri.empty()) {
      std::cerr << "warning: no field key configured; the TOTP secret is stored unencrypted\n";
    }
    PrintEnrolment(*enrolment);
    return 0;
  }
  if (action == "disable" || action == "enable") {
    if (Status s = authn.SetDisabled(actor, args.Get("id"), action == "disable"); !s.ok()) return Fail(kCommand, s);
    std::cout << action << "d user " << args.Get("id") << (action == "disable" ? "; their sessions are ended\n" : "\n");
    return 0;
  }
  if (action == "reset-totp") {
    auto enrolment = authn.ResetTotp(actor, args.Get("id"));
    if (!enrolment.ok()) return Fail(kCommand, enrolment.status());
    std::cout << "new second factor for " << args.Get("id") << "; the old one no longer works and sessions are ended\n";
    PrintEnrolment(*enrolment);
    return 0;
  }
  if (action == "unlock") {
    if (Status s = authn.Unlock(actor, args.Get("id")); !s.ok()) return Fail(kCommand, s);
    std::cout << "unlocked user " << args.Get("id") << "\n";
    return 0;
  }
  if (action == "list") {
    auto users = authn.ListUsers();
    if (!users.ok()) return Fail(kCommand, users.status());
    std::cout << "id\tmember\tagency\troles\tclearance\texpires\ttotp\tstatus\n";
    for (const auto& u : *users) {
      std::cout << u.id << "\t" << u.member << "\t" << u.agency << "\t" << Roles(u) << "\t"
                << (u.clearance ? std::string(model::ToString(u.clearance->level)) : "-") << "\t"
                << (u.clearance && !u.clearance->expires.empty() ? u.clearance->expires.ToString() : "-") << "\t"
                << (u.totp_enrolled ? "yes" : u.totp_pending ? "pending" : (u.totp_required ? "missing" : "off")) << "\t"
                << (u.disabled ? "disabled" : "active") << "\n";
    }
    return 0;
  }
  return Fail(kCommand, Status::InvalidArgument("unknown action '" + action +
                                                    "' (add, disable, enable, reset-totp, unlock, list)",
                                                "ACTION"));
}

}  // namespace disrupt::cli
