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
// Declares --store and --field-key on `args`.
Args& AddStoreOption(Args& args);
// How to open a store: with the field key from `field_key_file` or the
// environment (crypto::FieldKeySource) when one is configured, in clear
// otherwise. An error when a key is configured but cannot be loaded.
Result<store::OpenOptions> StoreOpenOptions(const std::string& field_key_file);
// Opens the store named by --store, with the field key when one is configured.
Result<std::unique_ptr<store::Store>> OpenStore(const Args& args);
// The actor this command writes in the audit log: "cli:<login>", since
// whoever runs it holds the database and the keys.
std::string CliActor();
// The audit signing key named by --audit-key (or $DISRUPT_AUDIT_KEY /
// $DISRUPT_AUDIT_KEY_FILE); nullopt when none is configured, an error when
// one is configured but cannot be loaded.
Result<std::optional<crypto::SecretKey>> ConfiguredAuditKey(const Args& args);

}  // namespace disrupt::cli
