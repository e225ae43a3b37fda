// The catalogue as one user sees it, for `disrupt analyze` and `disrupt
// plan`: the options that name who is asking (--as-user, or --member for a
// member state's analyst) and which slice of the catalogue to analyse, and
// the loading of that view through the need-to-know policy
// (analysis/catalogue.h). The command line has no "see everything" mode: an
// analysis always runs as someone.
#pragma once

#include <nlohmann/json.hpp>

#include "analysis/catalogue.h"
#include "cli/args.h"

namespace disrupt::cli {

// Declares --store, --as-user, --member, --clearance, --network,
// --entity-types, --link-types, --countries, --as-of, --from and --to.
Args& AddCatalogueViewOptions(Args& args);

// Opens the store named by --store, resolves the principal and the policy
// context, and loads the view. `directed` keeps link directions.
// kInvalidArgument naming the option for a bad value or when neither or
// both of --as-user and --member are given; kNotFound for an unknown user
// or member.
Result<analysis::CatalogueView> LoadCatalogueView(const Args& args, bool directed);

// {"as_user" | "as_member", "filters", "marking"} for the head of a JSON result.
nlohmann::json ViewJson(const Args& args, const analysis::CatalogueView& view);

}  // namespace disrupt::cli
