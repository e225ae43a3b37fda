// Record readers: the import side of ingest/. Each reader streams one input
// file and yields records one at a time with the place they came from, so the
// importer (importer.h) can batch them with bounded memory and report every
// problem as file:line:field.
//
// Formats (docs/import-formats.md):
//   - Disrupt JSON: JSON Lines of model::ToJson objects, or one JSON array of
//     them (json_reader.cc). A first line {"disrupt_export": {...}} written by
//     `disrupt export` is recognised and skipped.
//   - FollowTheMoney entity JSON Lines (ftm_reader.cc, mapping in ftm_map.h).
//   - CSV with a column-mapping file per agency export format (csv_mapping.h),
//     or without a mapping the catalogue CSV that `disrupt export --format csv`
//     writes (catalogue_csv.cc).
//
// A reader never stops at a bad record: it yields an item whose `error` says
// what is wrong and where, and carries on with the next one. Only a failure to
// read the file itself ends a reader early (status()).
//
// Readers are not thread-safe; one reader per file.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "ingest/defaults.h"
#include "model/record.h"

namespace disrupt {
class CsvReader;
}

namespace disrupt::ingest {

// One record read from an input, or the reason it could not be read.
struct SourceItem {
  model::Record record;
  uint64_t line = 0;  // physical line (1-based) where the input unit starts
  // Records made from the same input unit (a CSV row, a FtM entity) share a
  // unit number; the importer accepts or rejects a unit as a whole.
  uint64_t unit = 0;
  // Non-OK when the unit could not be turned into a record; `error.field()`
  // names the field ("properties.birth_date", "column 'DOB'").
  Status error;
  // The unit's original text, for the rejects file. Set on the first item of
  // a unit only.
  std::string raw;
  // Record field -> where it came from in the input ("column 'DOB'", "FtM
  // property 'birthDate'"), so validation errors name what the analyst knows.
  std::vector<std::pair<std::string, std::string>> columns;

  void Clear();
};

class RecordReader {
 public:
  virtual ~RecordReader() = default;
  // Reads the next item into `item` (which is cleared first). Returns false at
  // the end of the input or when the file cannot be read any further (then
  // status() is non-OK).
  virtual bool Next(SourceItem& item) = 0;
  // OK unless reading the file itself failed.
  virtual const Status& status() const = 0;
  virtual const std::string& path() const = 0;
  // Bytes consumed so far, for progress reporting.
  virtual uint64_t bytes_read() const = 0;
  // Remarks for the import summary: defaults applied, input fields with no
  // place in the catalogue (and how often), and the like.
  virtual std::vector<std::string> Notes() const { return {}; }
};

enum class Format { kAuto, kJson, kFtm, kCsv };
// "json", "ftm", "csv", "auto" (or ""); kInvalidArgument otherwise.
Result<Format> ParseFormat(std::string_view name);
std::string_view ToString(Format f);
// Guesses the format of a file from its name and first bytes: .csv/.tsv are
// CSV; JSON whose first record has a "schema" member (FtM) is ftm; other JSON
// is Disrupt JSON. kInvalidArgument when nothing fits.
Result<Format> DetectFormat(const std::string& path);

struct ReaderOptions {
  // Provenance, handling and property defaults for formats that lack them
  // (FtM, CSV). Ignored by Disrupt JSON, whose records must carry their own.
  Defaults defaults;
  // CSV only: the column-mapping file; empty = the catalogue CSV format.
  std::string mapping_path;
};

// Opens a reader for `path`. kNotFound when the file cannot be opened,
// kInvalidArgument for a bad mapping file or a format that does not fit.
Result<std::unique_ptr<RecordReader>> OpenReader(const std::string& path, Format format, const ReaderOptions& options);

Result<std::unique_ptr<RecordReader>> OpenJsonReader(const std::string& path);
Result<std::unique_ptr<RecordReader>> OpenFtmReader(const std::string& path, const Defaults& defaults);
Result<std::unique_ptr<RecordReader>> OpenMappedCsvReader(const std::string& path, const std::string& mapping_path,
                                                          const Defaults& defaults);
Result<std::unique_ptr<RecordReader>> OpenCatalogueCsvReader(const std::string& path);

// For the CSV readers: reads the next row of `csv` into `fields` and sets
// item.line, a fresh item.unit (from `unit`) and item.raw. Returns false at
// the end; true with item.error set for a malformed row or one whose number
// of fields differs from the header's `columns`.
bool NextCsvRow(CsvReader& csv, char delimiter, size_t columns, uint64_t& unit, std::vector<std::string>& fields,
                SourceItem& item);

}  // namespace disrupt::ingest
