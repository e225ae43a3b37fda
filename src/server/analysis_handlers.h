// Handlers of the analysis area (analysis_routes.cc): the network explorer's
// graph, paths and ego networks, measures, brokers, hierarchy, routes,
// network profiles, changes, disruption plans and what-ifs.
//
// Every handler reads the catalogue as the caller sees it
// (analysis::LoadCatalogueView with the caller's principal and the server's
// PolicyContext), so a record the caller may not see neither appears in an
// answer nor moves any number in it; each answer carries the "marking" (most
// restrictive handling, weakest grade) of the records it was built from, and
// each request is audited (action "analysis.<kind>", fail closed: no answer
// when the audit log cannot be written). An entity named in the request that
// is hidden answers exactly as a missing one (404).
//
// Cost: one scan of the catalogue per request plus the analysis's own cost
// (stated in the analysis headers); meant for catalogues up to a few hundred
// thousand records per request.
#pragma once

#include "server/route.h"

namespace disrupt::server::handlers {

Result<Reply> GraphView(Services& s, RequestContext& c);
Result<Reply> GraphPath(Services& s, RequestContext& c);
Result<Reply> GraphEgo(Services& s, RequestContext& c);
Result<Reply> Measures(Services& s, RequestContext& c);
Result<Reply> Brokers(Services& s, RequestContext& c);
Result<Reply> Hierarchy(Services& s, RequestContext& c);
Result<Reply> RouteFlows(Services& s, RequestContext& c);
Result<Reply> NetworkProfile(Services& s, RequestContext& c);
Result<Reply> Changes(Services& s, RequestContext& c);
Result<Reply> PlanDisruption(Services& s, RequestContext& c);
Result<Reply> WhatIfRemoval(Services& s, RequestContext& c);

}  // namespace disrupt::server::handlers
