// disrupt show: one record as JSON, with the links and events that refer to it.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/common.h"

namespace disrupt::cli {

int ShowCommand(const Argv& argv) {
  Args args("show", "Show one record (as JSON) with the links and events that refer to it.");
  AddStoreOption(args).Option("as-of", "Only what held on this date (YYYY-MM-DD)").Positional("ID", "Record id");
  Status s = args.Parse(argv);
  if (!s.ok()) return Fail("show", s);
  if (args.help_requested()) {
    std::cout << args.Help();
    return 0;
  }
  if (args.positionals().size() != 1) return Fail("show", Status::InvalidArgument("give one record id", "ID"));
  const std::string& id = args.positionals()[0];
  auto store = OpenStore(args);
  if (!store.ok()) return Fail("show", store.status());
  auto rec = store.value()->Get(id);
  if (!rec.ok()) return Fail("show", rec.status());
  if (!rec.value()) return Fail("show", Status::NotFound("no record " + id));
  store::RecordQuery q;
  q.involving = id;
  if (args.Has("as-of")) {
    auto d = PartialDate::Parse(args.Get("as-of"));
    if (!d.ok()) return Fail("show", Status::InvalidArgument(d.status().message(), "--as-of"));
    q.as_of_day = d->LatestDay();
  }
  nlohmann::json related = nlohmann::json::array();
  s = store.value()->Scan(q, [&](store::Record&& r) {
    related.push_back(model::ToJson(r));
    return true;
  });
  if (!s.ok()) return Fail("show", s);
  nlohmann::json out = {{"record", model::ToJson(*rec.value())}, {"related", related}};
  std::cout << out.dump(2) << "\n";
  return 0;
}

}  // namespace disrupt::cli
