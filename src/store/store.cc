// Store::Open picks an implementation from the URI; shared helpers.
#include "store/store.h"

#include "core/text.h"
#include "store/postgres_store.h"
#include "store/sqlite_store.h"

namespace disrupt::store {

namespace {

// Records rewritten per transaction when a catalogue is protected on opening.
constexpr size_t kProtectBatch = 1000;
// "1" while a catalogue in clear is being protected.
constexpr const char* kPendingSetting = "field_protection_pending";

}  // namespace

Result<std::unique_ptr<Store>> Store::Open(const std::string& uri, const OpenOptions& options) {
  std::unique_ptr<Store> store;
  if (StartsWith(uri, "postgresql://") || StartsWith(uri, "postgres://")) {
    DISRUPT_ASSIGN_OR_RETURN(store, PostgresStore::Open(uri));
  } else {
    std::string path = uri;
    if (StartsWith(path, "sqlite:")) path = path.substr(7);
    if (path.empty()) return Status::InvalidArgument("empty store path", "store");
    DISRUPT_ASSIGN_OR_RETURN(store, SqliteStore::Open(path));
  }
  DISRUPT_RETURN_IF_ERROR(store->EnableProtection(options.protection));
  return store;
}

Status Store::EnableProtection(std::shared_ptr<const FieldProtection> protection) {
  DISRUPT_ASSIGN_OR_RETURN(auto recorded, GetSetting(kProtectionSetting));
  if (!protection) {
    if (recorded) {
      return Status::FailedPrecondition(
          "the catalogue's sensitive fields are encrypted (field key " + *recorded +
          "): give the field key (--field-key FILE, DISRUPT_FIELD_KEY or DISRUPT_FIELD_KEY_FILE)");
    }
    return Status::Ok();
  }
  if (recorded && *recorded != protection->key_fingerprint()) {
    return Status::FailedPrecondition("the field key given (" + protection->key_fingerprint() +
                                      ") is not the catalogue's (" + *recorded + ")");
  }
  protection_ = std::move(protection);
  if (recorded) {
    // A protection run cut short leaves its marker: finish it.
    DISRUPT_ASSIGN_OR_RETURN(auto pending, GetSetting(kPendingSetting));
    if (!pending || *pending != "1") return Status::Ok();
  }
  // From here on the key is required, so a run cut short can never leave
  // values in clear unnoticed: the next open with the key finishes it.
  DISRUPT_RETURN_IF_ERROR(PutSetting(kProtectionSetting, protection_->key_fingerprint()));
  DISRUPT_RETURN_IF_ERROR(PutSetting(kPendingSetting, "1"));
  RecordQuery page;
  page.limit = kProtectBatch;
  bool rewrote = false;
  for (;;) {
    std::vector<Record> batch;
    std::string last;
    DISRUPT_RETURN_IF_ERROR(Scan(page, [&](Record&& r) {
      last = r.id;
      if (FieldProtection::HasProtectedValues(r)) batch.push_back(std::move(r));
      return true;
    }));
    if (!batch.empty()) {
      PutOptions keep;
      keep.check_references = false;
      keep.keep_versions = true;
      DISRUPT_RETURN_IF_ERROR(Put(batch, keep).WithContext("protecting the catalogue's sensitive fields"));
      rewrote = true;
    }
    if (last.empty()) break;
    page.after_id = last;
  }
  if (rewrote) DISRUPT_RETURN_IF_ERROR(CompactAfterProtecting());
  return PutSetting(kPendingSetting, "0");
}

Result<model::Vocabularies> Store::LoadVocabularies() {
  model::Vocabularies v = model::Vocabularies::Defaults();
  DISRUPT_ASSIGN_OR_RETURN(auto terms, AddedTerms());
  for (const auto& t : terms) DISRUPT_RETURN_IF_ERROR(v.Add(t, true));
  return v;
}

}  // namespace disrupt::store
