// disrupt restore: restore a backup made by `disrupt backup`, after checking
// its manifest (digest, signature), SQLite integrity and the audit log.
// Thin: the work is audit::RestoreBackup's.
#include <iostream>

#include "audit/audit_log.h"
#include "audit/backup.h"
#include "audit/sqlite_db.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "crypto/keys.h"

namespace disrupt::cli {

namespace {
constexpr const char* kCommand = "restore";
}  // namespace

int RestoreCommand(const Argv& argv) {
  Args args(kCommand,
            "Restore a backup made by `disrupt backup` and verify it: the manifest's digest and signature, the\n"
            "database's integrity, and the audit log (hash chain, signed checkpoints, recorded head). Nothing\n"
            "at the target changes unless every check passes. Stop the portal before restoring over its store.");
  AddStoreOption(args);
  args.Option("from", "Backup file (its manifest FILE.manifest.json must be beside it)")
      .Option("audit-key", "Audit signing key file, to check signatures (or $DISRUPT_AUDIT_KEY[_FILE])")
      .Option("public-key", "The audit public key in hex, instead of the signing key")
      .Flag("force", "Replace an existing store at --store")
      .Epilog("example:\n  disrupt restore --from /backups/catalogue-2026-06-01.db --store data/catalogue.db --force");
  if (Status s = args.Parse(argv); !s.ok()) return Fail(kCommand, s);
  if (args.help_requested()) {
    std::cout << args.Help();
    return 0;
  }
  if (!args.Has("from")) return Fail(kCommand, Status::InvalidArgument("--from is required", "--from"));
  auto path = audit::PathFromStoreUri(args.Get("store"));
  if (!path.ok()) return Fail(kCommand, path.status());
  std::string public_key;
  if (args.Has("public-key")) {
    auto pk = crypto::FromHex(args.Get("public-key"));
    if (!pk.ok() || pk->size() != 32) {
      return Fail(kCommand, Status::InvalidArgument("a public key is 64 hex characters", "--public-key"));
    }
    public_key = *pk;
  } else if (auto source = crypto::AuditKeySource(args.Get("audit-key")); crypto::KeyConfigured(source)) {
    auto seed = crypto::LoadKey(source);
    if (!seed.ok()) return Fail(kCommand, seed.status());
    public_key = audit::PublicKeyFromSeed(*seed);
  }
  auto report = audit::RestoreBackup(args.Get("from"), *path, public_key, args.Has("force"));
  if (!report.ok()) return Fail(kCommand, report.status());
  std::cout << "restored " << args.Get("from") << " (made " << report->manifest.created_at << ") to " << *path << "\n"
            << "manifest signature: " << (report->manifest_signature_checked ? "verified" : "not checked (no key given)")
            << "\n"
            << "audit log: " << report->audit.entries << " entries intact, " << report->audit.checkpoints
            << " signed checkpoints" << (report->audit.signatures_checked ? " verified" : " (signatures not checked)")
            << "\n";
  return 0;
}

}  // namespace disrupt::cli
