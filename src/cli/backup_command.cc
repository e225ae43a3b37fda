// disrupt backup: a consistent online backup of the catalogue database with
// a manifest recording its digest and audit chain head (signed with the
// audit key when configured). Thin: the work is audit::MakeBackup's.
#include <cstdlib>
#include <iostream>

#include "audit/backup.h"
#include "audit/sqlite_db.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "crypto/keys.h"

namespace disrupt::cli {

namespace {
constexpr const char* kCommand = "backup";
}  // namespace

int BackupCommand(const Argv& argv) {
  Args args(kCommand,
            "Make a consistent online backup of the catalogue: records, users, release decisions and audit log.\n"
            "Writes FILE and FILE.manifest.json (keep both). With an audit key the audit head is signed first\n"
            "and the manifest is signed, so `disrupt restore` can prove what it restores.");
  AddStoreOption(args);
  args.Option("out", "Backup file to create (never overwritten)")
      .Option("audit-key", "Audit signing key file (or $DISRUPT_AUDIT_KEY / $DISRUPT_AUDIT_KEY_FILE)")
      .Epilog("example:\n  disrupt backup --store data/catalogue.db --out /backups/catalogue-2026-06-01.db");
  if (Status s = args.Parse(argv); !s.ok()) return Fail(kCommand, s);
  if (args.help_requested()) {
    std::cout << args.Help();
    return 0;
  }
  if (!args.Has("out")) return Fail(kCommand, Status::InvalidArgument("--out is required", "--out"));
  auto path = audit::PathFromStoreUri(args.Get("store"));
  if (!path.ok()) return Fail(kCommand, path.status());
  auto seed = ConfiguredAuditKey(args);
  if (!seed.ok()) return Fail(kCommand, seed.status());
  auto manifest = audit::MakeBackup(*path, args.Get("out"), *seed, CliActor());
  if (!manifest.ok()) return Fail(kCommand, manifest.status());
  std::cout << "backup written to " << args.Get("out") << "\n"
            << "manifest: " << args.Get("out") << ".manifest.json"
            << (*seed ? " (signed)" : " (unsigned: no audit key configured)") << "\n"
            << "audit head: entry " << manifest->audit_head_seq << "\n";
  return 0;
}

}  // namespace disrupt::cli
