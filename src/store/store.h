// Store: the catalogue's persistence, behind one narrow interface.
//
// Two implementations pass the same test suite (store_suite_test.cc): SQLite
// (sqlite_store.cc, the embedded default) and PostgreSQL (postgres_store.cc,
// for several portal servers). Open() picks one from a URI:
//   "sqlite:PATH", a bare PATH, or "postgresql://..." / "postgres://...".
//
// The store holds records as they are: it does not decide who may see them.
// Every caller that acts for a user goes through policy/ first.
//
// Writes: Put() validates each record (schema, provenance, handling,
// vocabulary) and that every entity it refers to exists in the batch or the
// store, then writes the whole batch in one transaction: all or nothing.
// A record with an existing id replaces it (its version increments).
//
// Protection at rest: opened with a field key (OpenOptions), a store keeps
// sensitive values encrypted and indexes them by keyed tokens
// (field_protection.h); Get, Scan and Search give and take clear values as
// before.
//
// Thread safety: a Store may be used from several threads; implementations
// serialise or pool connections internally.
#pragma once

#include <functional>
#include <memory>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "model/countries.h"
#include "model/record.h"
#include "model/vocabulary.h"
#include "store/field_protection.h"

namespace disrupt::store {

using model::Record;
using model::RecordKind;

struct RecordQuery {
  std::optional<RecordKind> kind;
  std::vector<std::string> types;     // any of these schema names (empty = all)
  std::string network;                // only records that belong to this network id
  std::string originator;             // only records of this originating member
  std::string involving;              // only links/events that refer to this entity id
  std::optional<long long> as_of_day; // only records valid on this day (days since epoch)
  std::string after_id;               // keyset pagination: ids strictly greater than this
  size_t limit = 0;                   // 0 = no limit
};

struct SearchQuery {
  std::string text;                   // words in any script; matched across transliterations
  std::vector<std::string> types;     // restrict to these schema names (empty = all)
  size_t limit = 50;
};

struct SearchHit {
  std::string id;
  double score = 0;  // higher is better
};

struct CatalogueStats {
  long long entities = 0, links = 0, events = 0;
  std::map<std::string, long long> by_type;
  std::map<std::string, long long> by_originator;
};

struct PutOptions {
  // Check that every referenced entity exists (in the batch or the store).
  bool check_references = true;
  // Keep each record's version and updated_at as given (when they are set)
  // instead of counting the version and stamping the time: for moving a
  // catalogue between stores (disrupt migrate).
  bool keep_versions = false;
  // The caller has already checked every record with model::Validate against
  // this store's vocabularies (ingest::Importer does, on its reading thread),
  // so Put may skip checking them again.
  bool validated = false;
};

struct OpenOptions {
  // The field key: sensitive values are encrypted at rest with it. Null for
  // a catalogue kept in clear.
  std::shared_ptr<const FieldProtection> protection;
};

class Store {
 public:
  virtual ~Store() = default;

  // Opens (creating if needed) the store named by `uri` and brings its schema
  // to the current version. kInvalidArgument for an unknown URI scheme,
  // kUnavailable when the database cannot be reached or opened.
  //
  // With options.protection, a catalogue in clear is protected on the spot:
  // the key's fingerprint is recorded first, then every record with a
  // protected value is rewritten sealed, in batches (a run cut short is
  // finished by the next open with the key). kFailedPrecondition when the
  // catalogue is protected and no key, or another key, is given (the message
  // names the fingerprint expected).
  static Result<std::unique_ptr<Store>> Open(const std::string& uri, const OpenOptions& options = {});

  // The schema version after migrations.
  virtual int SchemaVersion() = 0;

  // Validates and writes a batch atomically (see the header comment). On a
  // validation error nothing is written and the Status names the record
  // ("records[3] (id AUS-1): properties.birth_date: ...").
  virtual Status Put(std::span<const Record> batch, const PutOptions& options = {}) = 0;
  // The record, or nullopt when there is none.
  virtual Result<std::optional<Record>> Get(std::string_view id) = 0;
  // Which of `ids` exist.
  virtual Result<std::vector<std::string>> Existing(std::span<const std::string> ids) = 0;
  // Deletes a record and every link or event membership that refers to it
  // (links whose end it is are deleted too). kNotFound when absent.
  virtual Status Delete(std::string_view id) = 0;
  // Visits matching records in id order until `visit` returns false.
  virtual Status Scan(const RecordQuery& query, const std::function<bool(Record&&)>& visit) = 0;
  // Full-text search over names, aliases, identifiers and notes, across
  // scripts and transliterations. Hits are ordered by score.
  virtual Result<std::vector<SearchHit>> Search(const SearchQuery& query) = 0;
  virtual Result<CatalogueStats> Stats() = 0;

  // Member states and organisations, and named groups of members.
  virtual Status PutMembers(const std::vector<model::Member>& members) = 0;
  virtual Result<std::vector<model::Member>> Members() = 0;
  virtual Status PutGroup(const std::string& name, const std::vector<std::string>& member_codes) = 0;
  virtual Result<std::map<std::string, std::vector<std::string>>> Groups() = 0;

  // Vocabulary terms added by administrators (the defaults are in code).
  virtual Status AddTerm(const model::Term& term) = 0;
  virtual Result<std::vector<model::Term>> AddedTerms() = 0;
  // The defaults plus the added terms.
  Result<model::Vocabularies> LoadVocabularies();

  // Small named settings (e.g. the catalogue's creation time).
  virtual Result<std::optional<std::string>> GetSetting(const std::string& key) = 0;
  virtual Status PutSetting(const std::string& key, const std::string& value) = 0;
  // Every setting, by key (for moving a catalogue between stores). The
  // default refuses with kFailedPrecondition; both stores implement it.
  virtual Result<std::map<std::string, std::string>> Settings() {
    return Status::FailedPrecondition("this store cannot list its settings");
  }

  // Bulk loading. BeginBulkLoad, on an empty catalogue, lets the store drop
  // the indexes a load does not need (those with keys in random order) so
  // that EndBulkLoad builds them once, sorted, at the end; it returns false
  // (and does nothing) when the catalogue is not empty or the store has no
  // such mode. Reads stay correct during a bulk load, only slower. A load
  // cut short is repaired when the store is next opened. The defaults do
  // nothing.
  virtual Result<bool> BeginBulkLoad() { return false; }
  virtual Status EndBulkLoad() { return Status::Ok(); }

  // The protection in force (null: the catalogue is in clear).
  const FieldProtection* protection() const { return protection_.get(); }

 protected:
  // After protecting a catalogue that was in clear: lets the implementation
  // scrub what the rewrite left behind (old index segments, freed pages).
  virtual Status CompactAfterProtecting() { return Status::Ok(); }

 private:
  Status EnableProtection(std::shared_ptr<const FieldProtection> protection);

  std::shared_ptr<const FieldProtection> protection_;
};

}  // namespace disrupt::store
