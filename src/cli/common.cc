// Helpers shared by the subcommands; see common.h.
#include "cli/common.h"

#include <unistd.h>

#include <cstdlib>

namespace disrupt::cli {

std::string DefaultStoreUri() {
  const char* env = std::getenv("DISRUPT_STORE");
  return env && *env ? env : "data/catalogue.db";
}

Args& AddStoreOption(Args& args) {
  return args.Option("store", "Catalogue store: a SQLite file path, sqlite:PATH or postgresql://...", DefaultStoreUri())
      .Option("field-key",
              "Field key file: sensitive fields are encrypted at rest with it, and TOTP secrets (or "
              "$DISRUPT_FIELD_KEY / $DISRUPT_FIELD_KEY_FILE)");
}

Result<store::OpenOptions> StoreOpenOptions(const std::string& field_key_file) {
  store::OpenOptions options;
  auto source = crypto::FieldKeySource(field_key_file);
  if (!crypto::KeyConfigured(source)) return options;
  DISRUPT_ASSIGN_OR_RETURN(auto key, crypto::LoadKey(source));
  options.protection = std::make_shared<store::FieldProtection>(key);
  return options;
}

Result<std::unique_ptr<store::Store>> OpenStore(const Args& args) {
  DISRUPT_ASSIGN_OR_RETURN(auto options, StoreOpenOptions(args.Get("field-key")));
  return store::Store::Open(args.Get("store"), options);
}

std::string CliActor() {
  const char* login = getlogin();
  if (!login) login = std::getenv("USER");
  return std::string("cli:") + (login ? login : "unknown");
}

Result<std::optional<crypto::SecretKey>> ConfiguredAuditKey(const Args& args) {
  auto source = crypto::AuditKeySource(args.Get("audit-key"));
  if (!crypto::KeyConfigured(source)) return std::optional<crypto::SecretKey>();
  DISRUPT_ASSIGN_OR_RETURN(auto key, crypto::LoadKey(source));
  return std::optional<crypto::SecretKey>(key);
}

}  // namespace disrupt::cli
