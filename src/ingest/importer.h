// Importer: streams records from readers (reader.h) into a store in batches.
//
// Each batch (ImportOptions::batch_size records, rounded up to whole input
// units) is checked record by record before it is written: the reader's own
// errors, model::Validate (schema, types, vocabularies, provenance, handling)
// and dangling references (a link end, event participant or network that is
// neither in the batch nor in the store). Then it is written with one
// Store::Put: all or nothing.
//
// Without a rejects file the first batch holding a bad record is not written
// and the import stops (earlier batches stay committed); every problem in that
// batch is reported as file:line:field. With a rejects file, bad input units
// go there with their reasons and the good ones are written.
//
// Memory: up to four batches of records (one being written, one being read,
// two waiting); the reader bounds the rest. Run() reads and validates on a
// second thread while it writes, so both cores work. Records with the same id in one batch: the later
// one wins (as a later batch would replace an earlier one), and the summary
// counts them.
//
// Not thread-safe: one Importer per import, used from one thread (Run() starts
// and joins its reading thread; on_batch is called from the calling thread). Run() may be called for several
// files in turn; the summary accumulates.
#pragma once

#include <chrono>
#include <cstdint>
#include <fstream>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "ingest/reader.h"
#include "model/vocabulary.h"
#include "store/store.h"

namespace disrupt::ingest {

inline constexpr size_t kDefaultBatchSize = 10000;
inline constexpr size_t kMaxBatchSize = 1000000;

struct ImportProblem {
  std::string path;
  uint64_t line = 0;
  std::string field;  // "properties.birth_date", "column 'DOB' (properties.birth_date)", or ""
  std::string message;
  // "people.csv:12: column 'DOB' (properties.birth_date): not a date".
  std::string ToString() const;
};

struct ImportProgress {
  uint64_t batches = 0;     // committed so far
  uint64_t written = 0;     // records written so far
  uint64_t rejected = 0;    // records rejected so far
  uint64_t bytes_read = 0;  // of the current file
  double seconds = 0;       // since the import started
};

struct ImportOptions {
  size_t batch_size = kDefaultBatchSize;
  // When set, bad input units are written here (JSON Lines, or CSV when the
  // name ends in .csv) and the import goes on.
  std::string rejects_path;
  // How many problems the summary keeps in full (all are counted).
  size_t max_problems = 100;
  // Called after each committed batch (from the calling thread).
  std::function<void(const ImportProgress&)> on_batch;
  // Called with the records of each committed batch, before on_batch (from
  // the calling thread): for work that follows a write, such as checking the
  // records against the members' watchlists.
  std::function<void(std::span<const model::Record>)> on_written;
  // Into an empty catalogue, load in the store's bulk mode (indexes built
  // once at the end, see Store::BeginBulkLoad).
  bool bulk_load = true;
};

struct ImportSummary {
  uint64_t read = 0;               // records (and unreadable units) read
  uint64_t written = 0;            // records written
  uint64_t rejected = 0;           // records (or unreadable units) rejected
  uint64_t batches = 0;            // batches committed
  uint64_t replaced_in_batch = 0;  // records replaced by a later one with the same id in their batch
  uint64_t problem_count = 0;
  std::vector<ImportProblem> problems;  // the first max_problems
  std::vector<std::string> notes;       // from the readers
  bool stopped = false;                 // stopped at a bad batch (no rejects file)
  double seconds = 0;
  double store_seconds = 0;             // of which spent in Store::Put and Store::Existing
};

class Importer {
 public:
  // `store` and `vocabularies` must outlive the importer. kInvalidArgument
  // from Open() for a batch size of 0 or above kMaxBatchSize.
  static Result<std::unique_ptr<Importer>> Open(store::Store& store, const model::Vocabularies& vocabularies,
                                                ImportOptions options);
  ~Importer();

  // Imports everything `reader` yields. Returns OK when every batch was
  // written (bad units going to the rejects file); kInvalidArgument when a
  // batch held bad records and there is no rejects file (the batch is not
  // written; problems are in summary()); the store's error when Put fails;
  // the reader's error when the file cannot be read.
  Status Run(RecordReader& reader);

  // Ends a bulk load (builds the deferred indexes); call after the last Run.
  // The destructor does it too, but cannot report an error.
  Status Finish();

  const ImportSummary& summary() const { return summary_; }

 private:
  Importer(store::Store& store, const model::Vocabularies& vocabularies, ImportOptions options);
  // Checks and writes batch_ (see the header comment); `bytes_read` is for progress.
  Status Flush(const RecordReader& reader, uint64_t bytes_read);
  Status WriteReject(const RecordReader& reader, const SourceItem& first, const std::string& field,
                     const std::string& reason);
  void AddProblem(const std::string& path, const SourceItem& item, const std::string& field,
                  const std::string& message);

  store::Store& store_;
  const model::Vocabularies& vocabularies_;
  ImportOptions options_;
  ImportSummary summary_;
  std::vector<SourceItem> batch_;
  std::unique_ptr<std::ofstream> rejects_;
  bool rejects_csv_ = false;
  std::chrono::steady_clock::time_point start_;
  bool bulk_ = false;  // the store is in a bulk load started by this importer
};

}  // namespace disrupt::ingest
