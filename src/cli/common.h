// Helpers shared by the subcommands: the --store option and opening it.
#pragma once

#include <memory>
#include <string>

#include <optional>

#include "cli/args.h"
#include "crypto/keys.h"
#include "store/store.h"

namespace disrupt::cli {

// The default store: $DISRUPT_STORE, else data/catalogue.db.
std::string DefaultStoreUri();
// Declares --store on `args`.
Args& AddStoreOption(Args& args);
// Opens the store named by --store.
Result<std::unique_ptr<store::Store>> OpenStore(const Args& args);
// The actor this command writes in the audit log: "cli:<login>", since
// whoever runs it holds the database and the keys.
std::string CliActor();
// The audit signing key named by --audit-key (or $DISRUPT_AUDIT_KEY /
// $DISRUPT_AUDIT_KEY_FILE); nullopt when none is configured, an error when
// one is configured but cannot be loaded.
Result<std::optional<crypto::SecretKey>> ConfiguredAuditKey(const Args& args);

}  // namespace disrupt::cli
