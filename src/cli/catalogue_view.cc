// Loading the catalogue view of one user from the command line; see
// catalogue_view.h.
#include "cli/catalogue_view.h"

#include "audit/sqlite_db.h"
#include "auth/auth.h"
#include "cli/common.h"
#include "core/text.h"
#include "policy/policy.h"
#include "policy/release.h"

namespace disrupt::cli {

namespace {

std::set<std::string> ListOption(const Args& args, const std::string& name, bool upper) {
  std::set<std::string> out;
  for (auto& s : SplitTrimmed(args.Get(name), ',')) out.insert(upper ? AsciiUpper(s) : s);
  return out;
}

Result<PartialDate> DateOption(const Args& args, const std::string& name) {
  auto d = PartialDate::Parse(args.Get(name));
  if (!d.ok()) return Status::InvalidArgument(d.status().message(), "--" + name);
  return *d;
}

Result<policy::Principal> ResolvePrincipal(const Args& args, store::Store& store, const std::string& db_path) {
  if (args.Has("as-user") == args.Has("member")) {
    return Status::InvalidArgument("say who is asking: give --as-user ID or --member ISO (not both)", "--as-user");
  }
  DISRUPT_ASSIGN_OR_RETURN(auto members, store.Members());
  DISRUPT_ASSIGN_OR_RETURN(auto groups, store.Groups());
  policy::GroupDirectory directory(members, groups);
  if (args.Has("as-user")) {
    DISRUPT_ASSIGN_OR_RETURN(auto auth_store, auth::SqliteAuthStore::Open(db_path));
    auth::AuthOptions options;
    options.resolve_groups = [&directory](const std::string& member) { return directory.GroupsOf(member); };
    auth::Authenticator authenticator(*auth_store, options);
    auto principal = authenticator.PrincipalFor(args.Get("as-user"));
    if (!principal.ok()) return Status::NotFound("no user " + args.Get("as-user"), "--as-user");
    return *principal;
  }
  std::string member = AsciiUpper(args.Get("member"));
  if (!directory.IsMember(member)) return Status::NotFound("no member " + member + " in the catalogue", "--member");
  policy::Principal p;
  p.user_id = "member:" + member;
  p.member = member;
  p.roles = {policy::Role::kAnalyst};
  auto level = model::ParseClassification(args.Get("clearance"));
  if (!level.ok()) return Status::InvalidArgument(level.status().message(), "--clearance");
  p.clearance = policy::Clearance{*level, member, PartialDate{}};
  p.groups = directory.GroupsOf(member);
  return p;
}

}  // namespace

Args& AddCatalogueViewOptions(Args& args) {
  AddStoreOption(args);
  return args
      .Option("as-user", "Catalogue: analyse as this user sees the catalogue (their member, clearance, compartments)")
      .Option("member", "Catalogue: analyse as an analyst of this member state (ISO alpha-3) sees the catalogue")
      .Option("clearance", "With --member: the analyst's clearance", "RESTRICTED")
      .Option("network", "Catalogue: only records of these Network ids (comma-separated)")
      .Option("entity-types", "Catalogue: only these entity types, e.g. Person,Phone (comma-separated)")
      .Option("link-types", "Catalogue: only these link types, e.g. directs,communicates_with")
      .Option("countries", "Catalogue: only entities with one of these countries (ISO alpha-3, comma-separated)")
      .Option("as-of", "Catalogue: only records valid on this day (YYYY-MM-DD)")
      .Option("from", "Catalogue: only records valid at some time from this day")
      .Option("to", "Catalogue: only records valid at some time up to this day");
}

Result<analysis::CatalogueView> LoadCatalogueView(const Args& args, bool directed) {
  analysis::SnapshotOptions options;
  options.directed = directed;
  options.networks = ListOption(args, "network", false);
  options.entity_types = ListOption(args, "entity-types", false);
  options.link_types = ListOption(args, "link-types", false);
  options.countries = ListOption(args, "countries", true);
  if (args.Has("as-of")) {
    DISRUPT_ASSIGN_OR_RETURN(auto d, DateOption(args, "as-of"));
    options.as_of = d;
  }
  if (args.Has("from")) {
    DISRUPT_ASSIGN_OR_RETURN(options.window.from, DateOption(args, "from"));
  }
  if (args.Has("to")) {
    DISRUPT_ASSIGN_OR_RETURN(options.window.to, DateOption(args, "to"));
  }
  DISRUPT_ASSIGN_OR_RETURN(auto store, OpenStore(args));
  DISRUPT_ASSIGN_OR_RETURN(std::string db_path, audit::PathFromStoreUri(args.Get("store")));
  DISRUPT_ASSIGN_OR_RETURN(auto principal, ResolvePrincipal(args, *store, db_path));
  DISRUPT_ASSIGN_OR_RETURN(auto registry, policy::ReleaseRegistry::Open(db_path, nullptr));
  DISRUPT_ASSIGN_OR_RETURN(auto context, registry->LoadContext());
  return analysis::LoadCatalogueView(*store, principal, context, std::move(options));
}

nlohmann::json ViewJson(const Args& args, const analysis::CatalogueView& view) {
  nlohmann::json out;
  if (args.Has("as-user")) {
    out["as_user"] = args.Get("as-user");
  } else {
    out["as_member"] = AsciiUpper(args.Get("member"));
  }
  nlohmann::json filters = nlohmann::json::object();
  for (const char* name : {"network", "entity-types", "link-types", "countries", "as-of", "from", "to"}) {
    if (args.Has(name)) filters[name] = args.Get(name);
  }
  out["filters"] = std::move(filters);
  out["marking"] = view.marking.ToJson();
  return out;
}

}  // namespace disrupt::cli
