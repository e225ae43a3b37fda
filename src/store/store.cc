// Store::Open picks an implementation from the URI; shared helpers.
#include "store/store.h"

#include "core/text.h"
#include "store/postgres_store.h"
#include "store/sqlite_store.h"

namespace disrupt::store {

Result<std::unique_ptr<Store>> Store::Open(const std::string& uri) {
  if (StartsWith(uri, "postgresql://") || StartsWith(uri, "postgres://")) {
    DISRUPT_ASSIGN_OR_RETURN(auto store, PostgresStore::Open(uri));
    return std::unique_ptr<Store>(std::move(store));
  }
  std::string path = uri;
  if (StartsWith(path, "sqlite:")) path = path.substr(7);
  if (path.empty()) return Status::InvalidArgument("empty store path", "store");
  DISRUPT_ASSIGN_OR_RETURN(auto store, SqliteStore::Open(path));
  return std::unique_ptr<Store>(std::move(store));
}

Result<model::Vocabularies> Store::LoadVocabularies() {
  model::Vocabularies v = model::Vocabularies::Defaults();
  DISRUPT_ASSIGN_OR_RETURN(auto terms, AddedTerms());
  for (const auto& t : terms) DISRUPT_RETURN_IF_ERROR(v.Add(t, true));
  return v;
}

}  // namespace disrupt::store
