// Export of the catalogue (or part of it) to files other tools read:
// Disrupt JSON Lines, FollowTheMoney entity JSON Lines, the catalogue CSV,
// GraphML, GEXF (Gephi) and the i2 Analyst's Notebook chart format (ANX XML).
//
// Every exported file states, at its top, the most restrictive handling and
// the weakest grade of what it holds (model::MostRestrictive, WeakestGrade),
// so that a file taken out of the catalogue still carries its marking.
// Because that is known only after the last record, the body is written to a
// temporary file beside the output and the output is assembled and renamed
// into place at the end: a failed export never leaves a partial file behind.
//
// Order: Network entities, other entities, links, events, each in id order,
// so a Disrupt JSON export re-imports batch by batch without dangling
// references. With a filter (--network, --types) a link or event is exported
// only if every entity it refers to is exported too; the summary counts what
// was left out. Graph formats (GraphML, GEXF, ANX) hold entities as nodes and
// links as edges; events are left out and counted.
//
// Memory: bounded by one record, plus the set of exported entity ids when a
// filter is given. Not thread-safe; the store may be used by others meanwhile.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "model/handling.h"
#include "store/store.h"

namespace disrupt::ingest {

enum class ExportFormat { kJson, kFtm, kCsv, kGraphMl, kGexf, kAnx };
// "json", "ftm", "csv", "graphml", "gexf", "anx"; kInvalidArgument otherwise.
Result<ExportFormat> ParseExportFormat(std::string_view name);
std::string_view ToString(ExportFormat f);

struct ExportOptions {
  ExportFormat format = ExportFormat::kJson;
  std::string out_path;
  std::string network;             // only this network (its Network entity and its members)
  std::vector<std::string> types;  // only these record types (empty = all)
};

struct ExportSummary {
  uint64_t entities = 0, links = 0, events = 0;       // written
  uint64_t outside_filter = 0;                        // links/events left out because an end is not exported
  std::map<std::string, uint64_t> not_representable;  // type -> count the format cannot hold
  uint64_t refer_to_left_out = 0;                     // links/events left out because they refer to such entities
  bool any = false;                                   // false when nothing was exported
  model::Handling handling;                           // most restrictive of what was written
  model::Grade grade;                                 // weakest of what was written
  // One line for the marking: "RESTRICTED TLP:AMBER crime_fighting_only REL TO ALL_MEMBERS ...".
  std::string Marking() const;
};

// Exports from `store` as `options` say. kInvalidArgument for an unknown type
// in the filter, kNotFound for an unknown network, kUnavailable when the file
// cannot be written; the store's error when reading fails.
Result<ExportSummary> Export(store::Store& store, const ExportOptions& options);

// The catalogue CSV's columns, shared with its reader (catalogue_csv.cc):
// the fixed record, provenance and handling columns, then one per property.
const std::vector<std::string>& CatalogueCsvColumns();
inline constexpr size_t kCatalogueCsvFixedColumns = 23;

}  // namespace disrupt::ingest
