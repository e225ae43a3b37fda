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
  return args.Option("store", "Catalogue store: a SQLite file path, sqlite:PATH or postgresql://...",
                     DefaultStoreUri());
}

Result<std::unique_ptr<store::Store>> OpenStore(const Args& args) { return store::Store::Open(args.Get("store")); }

std::string CliActor() {
  const char* login = getlogin();
  if (!login) login = std::getenv("USER");
  return std::string("cli:") + (login ? login : "unknown");
}

}  // namespace disrupt::cli
