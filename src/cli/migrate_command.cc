// disrupt migrate: moves a whole catalogue from one store to another (SQLite
// to PostgreSQL when a deployment grows to several portal servers, or back),
// then verifies the copy.
//
// What moves: every record (with its version and last-update time), the
// members, the named groups, the vocabulary terms administrators added, and
// the settings. The destination must hold no records yet. Records are
// written in batches of --batch in one transaction each; references are not
// re-checked (the source was consistent, and a batch in id order may name
// entities of a later batch).
//
// Verification reads both stores back through the same Store interface and
// compares, per table, the number of rows and a BLAKE2b-256 digest of their
// canonical form (records as the project's JSON, in id order; the others
// sorted by key). Any difference exits with the data-loss code.
//
// Not moved: user accounts, sessions and the audit log. They live in the
// SQLite catalogue file through auth/ and audit/, which have no PostgreSQL
// implementation yet; the command says so when the source is a SQLite file.
#include <sodium.h>

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/text.h"

namespace disrupt::cli {

namespace {

// A streaming BLAKE2b-256 over length-prefixed items, so that item
// boundaries are part of what is hashed.
class Digest {
 public:
  Digest() { crypto_generichash_init(&state_, nullptr, 0, crypto_generichash_BYTES); }
  void Add(std::string_view item) {
    unsigned char len[8];
    uint64_t n = item.size();
    for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(n >> (8 * i));
    crypto_generichash_update(&state_, len, sizeof len);
    crypto_generichash_update(&state_, reinterpret_cast<const unsigned char*>(item.data()), item.size());
    ++count_;
  }
  long long count() const { return count_; }
  std::string Hex() {
    unsigned char out[crypto_generichash_BYTES];
    crypto_generichash_final(&state_, out, sizeof out);
    char hex[2 * crypto_generichash_BYTES + 1];
    sodium_bin2hex(hex, sizeof hex, out, sizeof out);
    return hex;
  }

 private:
  crypto_generichash_state state_;
  long long count_ = 0;
};

struct TableDigest {
  std::string table;
  long long rows = 0;
  std::string digest;
};

// Count and digest of every table of `store`, read through the Store interface.
Result<std::vector<TableDigest>> DigestCatalogue(store::Store& store) {
  std::vector<TableDigest> out;
  {
    Digest d;
    Status s = store.Scan({}, [&](model::Record&& r) {
      d.Add(model::ToJson(r).dump());
      return true;
    });
    DISRUPT_RETURN_IF_ERROR(s);
    out.push_back({"records", d.count(), d.Hex()});
  }
  {
    DISRUPT_ASSIGN_OR_RETURN(auto members, store.Members());
    std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.code < b.code; });
    Digest d;
    for (const auto& m : members) {
      d.Add(nlohmann::json{m.code, m.name, model::ToString(m.kind), model::ToString(m.role), m.ad_hoc_group}.dump());
    }
    out.push_back({"members", d.count(), d.Hex()});
  }
  {
    DISRUPT_ASSIGN_OR_RETURN(auto groups, store.Groups());
    Digest d;
    for (const auto& [name, members] : groups) d.Add(nlohmann::json{name, members}.dump());
    out.push_back({"groups", d.count(), d.Hex()});
  }
  {
    DISRUPT_ASSIGN_OR_RETURN(auto terms, store.AddedTerms());
    std::sort(terms.begin(), terms.end(), [](const auto& a, const auto& b) {
      return std::tie(a.vocabulary, a.term) < std::tie(b.vocabulary, b.term);
    });
    Digest d;
    for (const auto& t : terms) d.Add(nlohmann::json{t.vocabulary, t.term, t.label}.dump());
    out.push_back({"vocabulary_terms", d.count(), d.Hex()});
  }
  {
    DISRUPT_ASSIGN_OR_RETURN(auto settings, store.Settings());
    Digest d;
    for (const auto& [k, v] : settings) d.Add(nlohmann::json{k, v}.dump());
    out.push_back({"settings", d.count(), d.Hex()});
  }
  return out;
}

// Copies everything but the records, then the records in batches.
Status CopyCatalogue(store::Store& from, store::Store& to, size_t batch_size, long long& copied) {
  DISRUPT_ASSIGN_OR_RETURN(auto members, from.Members());
  DISRUPT_RETURN_IF_ERROR(to.PutMembers(members).WithContext("members"));
  DISRUPT_ASSIGN_OR_RETURN(auto groups, from.Groups());
  for (const auto& [name, codes] : groups) DISRUPT_RETURN_IF_ERROR(to.PutGroup(name, codes).WithContext("groups"));
  DISRUPT_ASSIGN_OR_RETURN(auto terms, from.AddedTerms());
  for (const auto& t : terms) DISRUPT_RETURN_IF_ERROR(to.AddTerm(t).WithContext("vocabulary terms"));
  DISRUPT_ASSIGN_OR_RETURN(auto settings, from.Settings());
  for (const auto& [k, v] : settings) DISRUPT_RETURN_IF_ERROR(to.PutSetting(k, v).WithContext("settings"));

  store::PutOptions options;
  options.check_references = false;
  options.keep_versions = true;
  std::vector<model::Record> batch;
  Status write_status;
  auto flush = [&] {
    if (batch.empty()) return true;
    write_status = to.Put(batch, options);
    if (!write_status.ok()) return false;
    copied += static_cast<long long>(batch.size());
    batch.clear();
    std::cerr << "\rdisrupt migrate: " << copied << " records copied" << std::flush;
    return true;
  };
  Status s = from.Scan({}, [&](model::Record&& r) {
    batch.push_back(std::move(r));
    return batch.size() < batch_size || flush();
  });
  if (s.ok() && write_status.ok()) flush();
  if (copied) std::cerr << "\n";
  DISRUPT_RETURN_IF_ERROR(s.WithContext("reading records"));
  return write_status.ok() ? Status::Ok() : write_status.WithContext("writing records");
}

bool IsSqlite(const std::string& uri) { return !StartsWith(uri, "postgresql://") && !StartsWith(uri, "postgres://"); }

}  // namespace

int MigrateCommand(const Argv& argv) {
  Args args("migrate",
            "Move a whole catalogue (records, members, groups, vocabulary terms, settings) from one store to an "
            "empty one, then verify both hold the same: row counts and a digest per table.");
  args.Option("from", "Source store: a SQLite path, sqlite:PATH or postgresql://...")
      .Option("to", "Destination store (must hold no records): sqlite:PATH or postgresql://...")
      .Option("batch", "Records per transaction", "1000")
      .Flag("verify-only", "Copy nothing: only compare the two stores")
      .Flag("json", "Print the verification as JSON")
      .Epilog(
          "examples:\n"
          "  disrupt migrate --from sqlite:data/catalogue.db --to 'postgresql://disrupt@db/disrupt'\n"
          "  disrupt migrate --from 'postgresql:///disrupt?host=/run/postgresql' --to sqlite:copy.db\n\n"
          "User accounts, sessions and the audit log stay in the SQLite file: they are not moved.\n");
  Status s = args.Parse(argv);
  if (!s.ok()) return Fail("migrate", s);
  if (args.help_requested()) {
    std::cout << args.Help();
    return 0;
  }
  std::string from_uri = args.Get("from"), to_uri = args.Get("to");
  if (from_uri.empty()) return Fail("migrate", Status::InvalidArgument("--from is required", "from"));
  if (to_uri.empty()) return Fail("migrate", Status::InvalidArgument("--to is required", "to"));
  if (from_uri == to_uri) {
    return Fail("migrate", Status::InvalidArgument("--from and --to name the same store", "to"));
  }
  auto batch = args.GetInt("batch");
  if (!batch.ok()) return Fail("migrate", batch.status());
  if (*batch < 1 || *batch > 100000) {
    return Fail("migrate", Status::InvalidArgument("--batch must be from 1 to 100000", "batch"));
  }
  auto from = store::Store::Open(from_uri);
  if (!from.ok()) return Fail("migrate", from.status().WithContext("opening --from"));
  auto to = store::Store::Open(to_uri);
  if (!to.ok()) return Fail("migrate", to.status().WithContext("opening --to"));

  if (!args.Has("verify-only")) {
    auto stats = (*to)->Stats();
    if (!stats.ok()) return Fail("migrate", stats.status().WithContext("reading --to"));
    long long existing = stats->entities + stats->links + stats->events;
    if (existing > 0) {
      return Fail("migrate", Status::FailedPrecondition("the destination already holds " + std::to_string(existing) +
                                                            " records: migrate into an empty catalogue",
                                                        "to"));
    }
    long long copied = 0;
    s = CopyCatalogue(**from, **to, static_cast<size_t>(*batch), copied);
    if (!s.ok()) return Fail("migrate", s);
  }

  auto a = DigestCatalogue(**from);
  if (!a.ok()) return Fail("migrate", a.status().WithContext("verifying --from"));
  auto b = DigestCatalogue(**to);
  if (!b.ok()) return Fail("migrate", b.status().WithContext("verifying --to"));
  bool same = true;
  nlohmann::json report = nlohmann::json::array();
  for (size_t i = 0; i < a->size(); ++i) {
    const auto& x = (*a)[i];
    const auto& y = (*b)[i];
    bool ok = x.rows == y.rows && x.digest == y.digest;
    same = same && ok;
    report.push_back({{"table", x.table},
                      {"from_rows", x.rows},
                      {"to_rows", y.rows},
                      {"from_digest", x.digest},
                      {"to_digest", y.digest},
                      {"same", ok}});
  }
  if (args.Has("json")) {
    std::cout << nlohmann::json{{"tables", report}, {"same", same}}.dump(2) << "\n";
  } else {
    std::printf("%-18s %12s %12s  %s\n", "table", "from", "to", "digest (BLAKE2b-256)");
    for (const auto& r : report) {
      std::printf("%-18s %12lld %12lld  %s %s\n", r["table"].get<std::string>().c_str(), r["from_rows"].get<long long>(),
                  r["to_rows"].get<long long>(), r["from_digest"].get<std::string>().substr(0, 16).c_str(),
                  r["same"].get<bool>() ? "same" : "DIFFERENT");
    }
  }
  if (IsSqlite(from_uri)) {
    std::cerr << "disrupt migrate: user accounts, sessions and the audit log were not moved: they stay in "
              << from_uri << " (no PostgreSQL implementation of them yet)\n";
  }
  if (!same) return Fail("migrate", Status::DataLoss("the two stores differ (see the table above)"));
  return 0;
}

}  // namespace disrupt::cli
