// Planner inputs from a catalogue snapshot; see catalogue_actors.h.
#include "disrupt/catalogue_actors.h"

#include "core/text.h"

namespace disrupt::plan {

ActorTable ActorsOf(const analysis::Snapshot& snapshot) {
  ActorTable table;
  table.actors.resize(snapshot.nodes.size());
  for (size_t v = 0; v < snapshot.nodes.size(); ++v) {
    const auto& node = snapshot.nodes[v];
    table.actors[v].country = node.location;
    table.actors[v].nationalities = node.nationalities;
  }
  return table;
}

std::vector<PaymentFlow> PaymentsOf(const analysis::Snapshot& snapshot) {
  std::vector<PaymentFlow> flows;
  for (const auto& e : snapshot.events) {
    if (e.type != "Payment") continue;
    NodeIndex payer = snapshot.graph.Find(e.Get("payer"));
    NodeIndex payee = snapshot.graph.Find(e.Get("payee"));
    if (payer == graph::kNoNode || payee == graph::kNoNode) continue;
    double amount = 1;
    if (!ParseDouble(e.Get("amount"), amount) || !(amount > 0)) amount = 1;
    flows.push_back(PaymentFlow{payer, payee, amount});
  }
  return flows;
}

Result<std::vector<NodeIndex>> NodesOf(const analysis::Snapshot& snapshot, const std::vector<std::string>& ids,
                                       const std::string& field) {
  std::vector<NodeIndex> out;
  for (const auto& id : ids) {
    NodeIndex v = snapshot.graph.Find(id);
    if (v == graph::kNoNode) return Status::NotFound("no entity " + id + " in the network", field);
    out.push_back(v);
  }
  return out;
}

void DescribeTargets(nlohmann::json& plan, const analysis::Snapshot& snapshot) {
  if (!plan.contains("targets")) return;
  for (auto& t : plan["targets"]) {
    NodeIndex v = snapshot.graph.Find(t["node"].get<std::string>());
    if (v == graph::kNoNode) continue;
    t["label"] = snapshot.nodes[v].label;
    t["type"] = snapshot.nodes[v].type;
  }
}

}  // namespace disrupt::plan
