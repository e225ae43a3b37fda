// disrupt import: streams CSV (with a column mapping), FollowTheMoney JSON
// Lines or Disrupt JSON into the catalogue in all-or-nothing batches
// (ingest/importer.h), with progress on stderr and a summary at the end.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "audit/security_db.h"
#include "cli/common.h"
#include "core/date.h"
#include "core/text.h"
#include "deconflict/watch_alerts.h"
#include "ingest/defaults.h"
#include "ingest/importer.h"
#include "ingest/reader.h"

namespace disrupt::cli {

namespace {

constexpr const char* kCommand = "import";

std::string Rate(uint64_t records, double seconds) {
  if (seconds <= 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", static_cast<double>(records) / seconds);
  return buf;
}

}  // namespace

int ImportCommand(const Argv& argv) {
  Args args(kCommand,
            "Import records into the catalogue from Disrupt JSON (JSON Lines or an array), FollowTheMoney entity\n"
            "JSON Lines, or CSV (with a column mapping, or the catalogue CSV that 'disrupt export' writes).\n"
            "Each batch is checked record by record and written all or nothing.");
  AddStoreOption(args)
      .Option("format", "json, ftm, csv or auto (from the file name and first record)", "auto")
      .Option("mapping", "Column-mapping file for CSV input (docs/import-formats.md)")
      .Option("skip-bad",
              "Write rejected input here with the reasons (CSV if the name ends in .csv, else JSON Lines) "
              "and import the rest; without it the first bad batch stops the import")
      .Option("batch-size", "Records per all-or-nothing batch", std::to_string(ingest::kDefaultBatchSize))
      .Option("defaults", "JSON file of provenance, handling and property defaults for input that lacks them")
      .Option("originator", "Default originating member (ISO alpha-3 or organisation code)")
      .Option("agency", "Default originating agency")
      .Option("case", "Default case reference")
      .Option("reported", "Default date reported (YYYY-MM-DD)")
      .Option("reliability", "Default source reliability (A-F)")
      .Option("credibility", "Default information credibility (1-6)")
      .Option("classification", "Default classification (UNCLASSIFIED, RESTRICTED, CONFIDENTIAL, SECRET, TOP SECRET)")
      .Option("tlp", "Default TLP label (CLEAR, GREEN, AMBER, AMBER+STRICT, RED)")
      .Option("codes",
              "Default handling codes, comma-separated (crime_fighting_only, no_judicial_use, "
              "no_onward_dissemination, other_restrictions)")
      .Option("restrictions", "Default text of other restrictions")
      .Option("releasable-to", "Default releasable-to list, comma-separated member codes or groups (e.g. ALL_MEMBERS)")
      .Option("originator-control", "Default originator-control (ORCON) flag: true or false")
      .Option("compartment", "Default compartment")
      .Option("review-date", "Default review date (YYYY-MM-DD), set by the originator's legal basis")
      .Option("legal-basis", "Default legal basis")
      .Option("set", "Property defaults for absent properties: Type.property=value, several separated by ','")
      .Flag("quiet", "No progress lines")
      .Positional("FILE...", "Input files, imported in turn")
      .Epilog(
          "examples:\n"
          "  disrupt import --store data/catalogue.db records.jsonl\n"
          "  disrupt import --format csv --mapping examples/mappings/afp_persons.json --skip-bad rejects.csv \\\n"
          "      afp_export.csv\n"
          "  disrupt import --format ftm --originator NZL --agency 'NZ Police' --reported 2024-05-02 \\\n"
          "      --reliability C --credibility 3 --classification RESTRICTED --tlp GREEN \\\n"
          "      --releasable-to ALL_MEMBERS --review-date 2029-12-31 --set IdentityDocument.status=genuine \\\n"
          "      entities.ftm.json\n"
          "\nexit status: 0 all imported (or rejected to --skip-bad), 2 bad input (nothing of the bad batch\n"
          "was written), other codes for store or file errors.");
  Status s = args.Parse(argv);
  if (!s.ok()) return Fail(kCommand, s);
  if (args.help_requested()) {
    std::cout << args.Help();
    return 0;
  }
  if (args.positionals().empty()) return Fail(kCommand, Status::InvalidArgument("no input file given", "FILE"));

  auto format = ingest::ParseFormat(args.Get("format"));
  if (!format.ok()) return Fail(kCommand, format.status());
  auto batch_size = args.GetInt("batch-size");
  if (!batch_size.ok()) return Fail(kCommand, batch_size.status());
  if (*batch_size <= 0) return Fail(kCommand, Status::InvalidArgument("--batch-size must be positive", "--batch-size"));

  // Defaults: command-line options over the defaults file (a mapping's own
  // defaults come last, inside the CSV reader).
  ingest::ReaderOptions reader_options;
  reader_options.mapping_path = args.Get("mapping");
  ingest::Defaults& defaults = reader_options.defaults;
  for (const char* option :
       {"originator", "agency", "case", "reported", "reliability", "credibility", "classification", "tlp", "codes",
        "restrictions", "releasable-to", "originator-control", "compartment", "review-date", "legal-basis"}) {
    if (!args.Has(option)) continue;
    if (s = defaults.Set(option, args.Get(option)); !s.ok()) {
      return Fail(kCommand, Status::InvalidArgument(s.message(), std::string("--") + option));
    }
  }
  if (args.Has("set")) {
    for (const auto& item : SplitTrimmed(args.Get("set"), ',')) {
      size_t eq = item.find('=');
      if (eq == std::string::npos) {
        return Fail(kCommand, Status::InvalidArgument("want Type.property=value, got '" + item + "'", "--set"));
      }
      if (s = defaults.SetProperty(item.substr(0, eq), item.substr(eq + 1)); !s.ok()) {
        return Fail(kCommand, Status::InvalidArgument(s.message(), "--set " + s.field()));
      }
    }
  }
  if (args.Has("defaults")) {
    ingest::Defaults from_file;
    if (s = from_file.LoadFile(args.Get("defaults")); !s.ok()) return Fail(kCommand, s);
    defaults.MergeFrom(from_file);
  }
  if (*format == ingest::Format::kJson && !defaults.empty()) {
    std::cerr << "disrupt import: note: Disrupt JSON records carry their own provenance and handling; "
                 "the defaults given are not used\n";
  }

  auto store = OpenStore(args);
  if (!store.ok()) return Fail(kCommand, store.status());
  auto vocabularies = store.value()->LoadVocabularies();
  if (!vocabularies.ok()) return Fail(kCommand, vocabularies.status());

  const bool tty = ::isatty(STDERR_FILENO);
  const bool quiet = args.Has("quiet");
  ingest::ImportOptions options;
  options.batch_size = static_cast<size_t>(*batch_size);
  options.rejects_path = args.Get("skip-bad");
  options.on_batch = [&](const ingest::ImportProgress& p) {
    if (quiet) return;
    // One line per committed batch (a terminal sees it rewritten in place).
    std::cerr << (tty ? "\r" : "") << "batch " << p.batches << " committed: " << p.written << " records written, "
              << p.rejected << " rejected, " << Rate(p.written, p.seconds) << " records/s" << (tty ? "" : "\n")
              << std::flush;
  };
  // Every committed batch is checked against the members' watchlists (kept
  // beside the catalogue, as the portal keeps them), as an import through
  // the portal is.
  std::unique_ptr<deconflict::PortalState> watch_state;
  Status watch_error;
  long long alerts_raised = 0;
  options.on_written = [&](std::span<const model::Record> written) {
    if (!watch_error.ok()) return;
    if (!watch_state) {
      auto location = audit::PathFromStoreUri(args.Get("store"));
      auto opened = location.ok() ? deconflict::PortalState::Open(*location)
                                  : Result<std::unique_ptr<deconflict::PortalState>>(location.status());
      if (!opened.ok()) {
        watch_error = opened.status();
        return;
      }
      watch_state = std::move(opened).value();
    }
    auto raised = deconflict::RaiseWatchlistAlerts(*watch_state, written, UnixNow());
    if (raised.ok()) {
      alerts_raised += *raised;
    } else {
      watch_error = raised.status();
    }
  };
  auto importer = ingest::Importer::Open(*store.value(), vocabularies.value(), options);
  if (!importer.ok()) return Fail(kCommand, importer.status());

  Status result;
  for (const auto& path : args.positionals()) {
    auto reader = ingest::OpenReader(path, *format, reader_options);
    if (!reader.ok()) {
      result = reader.status();
      break;
    }
    result = importer.value()->Run(*reader.value());
    if (!result.ok()) break;
  }
  if (tty && !quiet) std::cerr << "\n";
  if (Status finished = importer.value()->Finish(); !finished.ok() && result.ok()) result = finished;

  const auto& sum = importer.value()->summary();
  for (const auto& p : sum.problems) std::cerr << p.ToString() << "\n";
  if (sum.problem_count > sum.problems.size()) {
    std::cerr << "... and " << (sum.problem_count - sum.problems.size()) << " more problems\n";
  }
  for (const auto& n : sum.notes) std::cerr << "note: " << n << "\n";
  std::cerr << "imported " << sum.written << " records in " << sum.batches << " batches (" << sum.rejected
            << " rejected";
  if (!options.rejects_path.empty() && sum.rejected) std::cerr << ", written to " << options.rejects_path;
  if (sum.replaced_in_batch)
    std::cerr << ", " << sum.replaced_in_batch << " replaced by a later record with the same id";
  std::cerr << ") in " << (sum.seconds > 0 ? sum.seconds : 0) << " s, " << Rate(sum.written, sum.seconds)
            << " records/s\n";
  if (alerts_raised > 0) std::cerr << alerts_raised << " watchlist alert(s) raised for the members concerned\n";
  if (!watch_error.ok()) {
    std::cerr << "disrupt import: the records written were not all checked against the watchlists: "
              << watch_error.ToString() << "\n";
    if (result.ok()) return ToExitCode(watch_error.code());
  }
  if (!result.ok()) {
    if (sum.stopped) {
      std::cerr << "disrupt import: stopped: " << result.field() << ": " << result.message()
                << " (fix the input, or use --skip-bad FILE to import the good records)\n";
      return ToExitCode(result.code());
    }
    return Fail(kCommand, result);
  }
  return 0;
}

}  // namespace disrupt::cli
