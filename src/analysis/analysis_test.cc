// Tests of the criminal-network analyses on small hand-built catalogues.
// Each expected answer is worked out in the comments from the definitions
// (docs/analysis.md), not taken from the code under test.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "analysis/brokerage.h"
#include "analysis/catalogue.h"
#include "analysis/changes.h"
#include "analysis/hierarchy.h"
#include "analysis/modus_operandi.h"
#include "analysis/routes.h"
#include "analysis/snapshot.h"
#include "store/postgres_store.h"
#include "store/store.h"
#include "testing.h"

namespace disrupt::analysis {
namespace {

using model::Record;
using model::RecordKind;

Record Entity(std::string id, std::string type, std::vector<std::pair<std::string, std::string>> props = {},
              std::vector<std::string> networks = {}) {
  Record r;
  r.id = std::move(id);
  r.kind = RecordKind::kEntity;
  r.type = std::move(type);
  for (auto& [k, v] : props) r.Add(k, v);
  r.networks = std::move(networks);
  return r;
}

Record Link(std::string id, std::string type, std::string s, std::string t, std::vector<std::string> networks = {}) {
  Record r;
  r.id = std::move(id);
  r.kind = RecordKind::kLink;
  r.type = std::move(type);
  r.source = std::move(s);
  r.target = std::move(t);
  r.networks = std::move(networks);
  return r;
}

Record Event(std::string id, std::string type, std::vector<std::pair<std::string, std::string>> props,
             std::vector<std::string> networks = {}) {
  Record r = Entity(std::move(id), std::move(type), std::move(props), std::move(networks));
  r.kind = RecordKind::kEvent;
  return r;
}

RecordVisibility All() {
  return [](const Record&) { return true; };
}

Record Person(const std::string& id, const std::string& country, std::vector<std::string> networks = {}) {
  return Entity(id, "Person", {{"name", "Person " + id}, {"nationality", country}}, std::move(networks));
}

TEST(Snapshot, NeedToKnowHidesRecordsAndTheirLinks) {
  std::vector<Record> records = {Person("a", "AFG"), Person("b", "PAK"), Person("secret", "PAK"),
                                 Link("l1", "associate_of", "a", "b"), Link("l2", "associate_of", "a", "secret")};
  SnapshotOptions options;
  options.visible = [](const Record& r) { return r.id != "secret"; };
  auto snap = BuildSnapshot(records, options);
  ASSERT_TRUE(snap.ok());
  EXPECT_EQ((*snap)->graph.num_nodes(), 2u);
  EXPECT_EQ((*snap)->graph.num_links(), 1u);
  EXPECT_EQ((*snap)->graph.Find("secret"), graph::kNoNode);
  ASSERT_EQ((*snap)->links.size(), 1u) << (*snap)->nodes.size() << " nodes, " << (*snap)->events.size() << " events";
  EXPECT_EQ((*snap)->links[0].id, "l1");
}

TEST(Snapshot, RefusesMissingVisibility) {
  EXPECT_EQ(BuildSnapshot({}, SnapshotOptions{}).status().code(), StatusCode::kInvalidArgument);
}

TEST(Snapshot, FiltersByCountryTypeAsOfAndNetwork) {
  Record old = Link("l-old", "associate_of", "a", "b");
  old.valid = Interval{PartialDate{2018, 1, 1}, PartialDate{2019, 12, 31}};
  std::vector<Record> records = {Person("a", "AFG", {"N1"}), Person("b", "PAK", {"N1"}), Person("c", "IRN", {"N2"}),
                                 Entity("v", "Vessel", {{"name", "Boat"}, {"flag", "IDN"}}, {"N1"}), old,
                                 Link("l-bc", "associate_of", "b", "c")};
  SnapshotOptions options;
  options.visible = All();
  options.countries = {"AFG", "PAK"};
  options.entity_types = {"Person"};
  auto snap = BuildSnapshot(records, options);
  ASSERT_TRUE(snap.ok());
  EXPECT_EQ((*snap)->graph.num_nodes(), 2u);  // a, b (c: IRN, v: a Vessel)
  EXPECT_EQ((*snap)->graph.num_links(), 1u);  // a-b; b-c lost c
  options.as_of = PartialDate{2021, 6, 1};
  snap = BuildSnapshot(records, options);
  ASSERT_TRUE(snap.ok());
  EXPECT_EQ((*snap)->graph.num_links(), 0u);  // a-b ended 2019
  SnapshotOptions by_network;
  by_network.visible = All();
  by_network.networks = {"N2"};
  snap = BuildSnapshot(records, by_network);
  ASSERT_TRUE(snap.ok());
  EXPECT_EQ((*snap)->graph.num_nodes(), 1u);  // c
}

// Directed chain g(PAK) -> b(PAK), a(AFG) -> b -> c(PAK) -> d(IRN) -> e(TUR) -> f(IRN).
// Open two-step paths and their roles:
//   a -> b -> c   AFG, PAK, PAK   gatekeeper (b)
//   g -> b -> c   PAK, PAK, PAK   coordinator (b)
//   b -> c -> d   PAK, PAK, IRN   representative (c)
//   c -> d -> e   PAK, IRN, TUR   liaison (d)
//   d -> e -> f   IRN, TUR, IRN   consultant (e)
std::vector<Record> BrokerCase() {
  return {Person("a", "AFG"), Person("b", "PAK"), Person("c", "PAK"), Person("d", "IRN"), Person("e", "TUR"),
          Person("f", "IRN"), Person("g", "PAK"), Link("1", "transports", "a", "b"),
          Link("2", "transports", "b", "c"), Link("3", "transports", "c", "d"), Link("4", "transports", "d", "e"),
          Link("5", "transports", "e", "f"), Link("6", "transports", "g", "b")};
}

TEST(Brokerage, GouldFernandezRolesOnADirectedChain) {
  SnapshotOptions options;
  options.visible = All();
  options.directed = true;
  auto snap = BuildSnapshot(BrokerCase(), options);
  ASSERT_TRUE(snap.ok());
  BrokerageResult r = AnalyzeBrokerage(**snap);
  std::map<std::string, Broker> by_id;
  for (const auto& b : r.brokers) by_id[b.id] = b;
  ASSERT_EQ(by_id.size(), 4u);
  auto roles = [&](const std::string& id) { return by_id[id].roles; };
  EXPECT_EQ(roles("b"), (std::array<uint64_t, 5>{1, 0, 0, 1, 0}));  // coordinator, gatekeeper
  EXPECT_EQ(roles("c"), (std::array<uint64_t, 5>{0, 0, 1, 0, 0}));  // representative
  EXPECT_EQ(roles("d"), (std::array<uint64_t, 5>{0, 0, 0, 0, 1}));  // liaison
  EXPECT_EQ(roles("e"), (std::array<uint64_t, 5>{0, 1, 0, 0, 0}));  // consultant
  EXPECT_EQ(by_id["d"].countries_connected, (std::vector<std::string>{"PAK", "TUR"}));
  EXPECT_NE(by_id["d"].explanation.find("liaison"), std::string::npos);
  // Ranking: four cross-border brokers with one path each; b has the most
  // paths in all, so it leads; then c, d, e by id.
  EXPECT_EQ(r.brokers[0].id, "b");
  EXPECT_EQ(r.brokers[1].id, "c");
  auto j = r.ToJson();
  EXPECT_EQ(j["brokers"][0]["roles"]["gatekeeper"], 1);
}

TEST(Brokerage, ClosedTriadIsNotBrokerageAndUndirectedCountsBothWays) {
  // Undirected a(AFG) - b(PAK) - c(IRN): b brokers a..c both ways: liaison 2.
  // Adding a - c closes the triad: nothing left.
  std::vector<Record> records = {Person("a", "AFG"), Person("b", "PAK"), Person("c", "IRN"),
                                 Link("1", "associate_of", "a", "b"), Link("2", "associate_of", "b", "c")};
  SnapshotOptions options;
  options.visible = All();
  auto open = BuildSnapshot(records, options);
  ASSERT_TRUE(open.ok());
  BrokerageResult r = AnalyzeBrokerage(**open);
  ASSERT_EQ(r.brokers.size(), 1u);
  EXPECT_EQ(r.brokers[0].roles[static_cast<int>(BrokerRole::kLiaison)], 2u);
  records.push_back(Link("3", "associate_of", "a", "c"));
  auto closed = BuildSnapshot(records, options);
  ASSERT_TRUE(closed.ok());
  EXPECT_TRUE(AnalyzeBrokerage(**closed).brokers.empty());
}

TEST(Hierarchy, LevelsFromCommandLinksAndEstimates) {
  // boss directs lt1 and lt2; lt1 recruits runner; runner is an associate of
  // helper (no direction): boss 0, lt1 1, lt2 1, runner 2, helper 3 (est.).
  // A separate trio p - q, p - r without command links: p 0, q 1, r 1 (est.).
  std::vector<Record> records = {Person("boss", "AFG"), Person("lt1", "AFG"), Person("lt2", "PAK"),
                                 Person("runner", "PAK"), Person("helper", "PAK"), Person("p", "IRN"),
                                 Person("q", "IRN"), Person("r", "IRN"), Link("1", "directs", "boss", "lt1"),
                                 Link("2", "directs", "boss", "lt2"), Link("3", "recruits", "lt1", "runner"),
                                 Link("4", "associate_of", "runner", "helper"), Link("5", "associate_of", "p", "q"),
                                 Link("6", "associate_of", "p", "r")};
  SnapshotOptions options;
  options.visible = All();
  auto snap = BuildSnapshot(records, options);
  ASSERT_TRUE(snap.ok());
  HierarchyResult h = AnalyzeHierarchy(**snap);
  std::map<std::string, HierarchyEntry> by_id;
  for (const auto& e : h.entries) by_id[e.id] = e;
  EXPECT_EQ(by_id["boss"].level, 0);
  EXPECT_FALSE(by_id["boss"].estimated);
  EXPECT_EQ(by_id["lt1"].level, 1);
  EXPECT_EQ(by_id["lt2"].level, 1);
  EXPECT_EQ(by_id["runner"].level, 2);
  EXPECT_EQ(by_id["runner"].superiors, (std::vector<std::string>{"lt1"}));
  EXPECT_EQ(by_id["helper"].level, 3);
  EXPECT_TRUE(by_id["helper"].estimated);
  EXPECT_NE(by_id["helper"].explanation.find("runner"), std::string::npos);
  EXPECT_EQ(by_id["p"].level, 0);
  EXPECT_TRUE(by_id["p"].estimated);
  EXPECT_EQ(by_id["q"].level, 1);
  EXPECT_EQ(h.levels, 4);
}

TEST(Hierarchy, CommandCycleSharesALevel) {
  // x directs y, y directs x (a cycle), both direct z: x, y level 0; z 1.
  std::vector<Record> records = {Person("x", "AFG"), Person("y", "AFG"), Person("z", "AFG"),
                                 Link("1", "directs", "x", "y"), Link("2", "directs", "y", "x"),
                                 Link("3", "directs", "x", "z"), Link("4", "finances", "y", "z")};
  SnapshotOptions options;
  options.visible = All();
  auto snap = BuildSnapshot(records, options);
  ASSERT_TRUE(snap.ok());
  HierarchyResult h = AnalyzeHierarchy(**snap);
  std::map<std::string, int> level;
  for (const auto& e : h.entries) level[e.id] = e.level;
  EXPECT_EQ(level["x"], 0);
  EXPECT_EQ(level["y"], 0);
  EXPECT_EQ(level["z"], 1);
}

std::vector<Record> RouteCase() {
  std::vector<Record> r = {
      Entity("kabul", "Place", {{"name", "Kabul"}, {"country", "AFG"}}),
      Entity("quetta", "Place", {{"name", "Quetta"}, {"country", "PAK"}}),
      Entity("zahedan", "Place", {{"name", "Zahedan"}, {"country", "IRN"}}),
      Entity("van", "Place", {{"name", "Van"}, {"country", "TUR"}}),
      Entity("taftan", "Place", {{"name", "Taftan crossing"}, {"country", "PAK"}}),
  };
  auto move = [&](std::string id, std::string date, std::string from, std::string to, std::string who,
                  std::string people, std::string crossing = "") {
    std::vector<std::pair<std::string, std::string>> p = {{"date", date}, {"from_place", from}, {"to_place", to},
                                                          {"mode", "land"}, {"participants", who},
                                                          {"people", people}};
    if (!crossing.empty()) p.push_back({"crossing_point", crossing});
    r.push_back(Event(id, "Movement", p, {"N1"}));
  };
  move("m1", "2021-03-01", "kabul", "quetta", "A", "5");
  move("m2", "2021-03-10", "quetta", "zahedan", "A", "5", "taftan");
  move("m3", "2021-03-20", "zahedan", "van", "A", "4");
  move("m4", "2022-05-01", "kabul", "quetta", "B", "3");
  move("m5", "2022-05-05", "quetta", "zahedan", "B", "3", "taftan");
  move("m6", "2022-05-09", "zahedan", "van", "B", "3");
  move("m7", "2022-06-01", "kabul", "quetta", "C", "2");
  move("m8", "2021-03-12", "quetta", "zahedan", "Z", "1");  // nobody from an earlier leg
  return r;
}

TEST(Routes, JourneysChainedAndAggregated) {
  // Journeys: m1-m2-m3 (A) and m4-m5-m6 (B) on AFG > PAK > IRN > TUR; m7 (C)
  // AFG > PAK; m8 (Z) PAK > IRN. People on the long route: 5 + 3 = 8.
  SnapshotOptions options;
  options.visible = All();
  auto snap = BuildSnapshot(RouteCase(), options);
  ASSERT_TRUE(snap.ok());
  RoutesResult r = AnalyzeRoutes(**snap);
  ASSERT_EQ(r.routes.size(), 3u);
  const Route& main = r.routes[0];
  EXPECT_EQ(main.countries, (std::vector<std::string>{"AFG", "PAK", "IRN", "TUR"}));
  EXPECT_EQ(main.journeys, 2u);
  EXPECT_EQ(main.legs, 6u);
  EXPECT_EQ(main.people, 8u);
  EXPECT_EQ(main.modes.at("land"), 6u);
  EXPECT_EQ(main.crossing_points.at("Taftan crossing"), 2u);
  EXPECT_EQ(main.journeys_by_year, (std::map<int, uint64_t>{{2021, 1}, {2022, 1}}));
  EXPECT_EQ(main.movements, (std::vector<std::string>{"m1", "m2", "m3", "m4", "m5", "m6"}));
  EXPECT_EQ(main.first_date, "2021-03-01");
  EXPECT_EQ(main.last_date, "2022-05-09");
  EXPECT_NE(main.explanation.find("via PAK, IRN"), std::string::npos);
  std::set<std::vector<std::string>> others = {r.routes[1].countries, r.routes[2].countries};
  EXPECT_TRUE(others.count({"AFG", "PAK"}));
  EXPECT_TRUE(others.count({"PAK", "IRN"}));
  EXPECT_EQ(r.movements_used, 8u);
}

TEST(ModusOperandi, SharesAndLiftAgainstTheRegion) {
  // N1 tagged records: m1 (land), m2 (land, concealment truck), p1 (hawala): 3.
  // N2: m9 (sea), m10 (sea), p2 (hawala). Region: 6 tagged records.
  // land: 2/3 vs 2/6 -> lift 2; truck: 1/3 vs 1/6 -> 2; hawala: 1/3 vs 2/6 -> 1.
  std::vector<Record> records = {
      Entity("N1", "Network", {{"name", "Net one"}, {"network_status", "active"}}),
      Event("m1", "Movement", {{"mode", "land"}}, {"N1"}),
      Event("m2", "Movement", {{"mode", "land"}, {"concealment", "truck"}}, {"N1"}),
      Event("p1", "Payment", {{"channel", "hawala"}}, {"N1"}),
      Event("m9", "Movement", {{"mode", "sea"}}, {"N2"}),
      Event("m10", "Movement", {{"mode", "sea"}}, {"N2"}),
      Event("p2", "Payment", {{"channel", "hawala"}}, {"N2"}),
      Event("hidden", "Movement", {{"mode", "air"}}, {"N1"}),
  };
  auto visible = [](const Record& r) { return r.id != "hidden"; };
  auto p = ProfileModusOperandi(records, visible, "N1");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->network_tagged, 3u);
  EXPECT_EQ(p->baseline_tagged, 6u);
  ASSERT_EQ(p->terms.size(), 3u);
  EXPECT_EQ(p->terms[0].tag, "transport_mode:land");
  EXPECT_DOUBLE_EQ(p->terms[0].lift, 2.0);
  EXPECT_DOUBLE_EQ(p->terms[0].network_share, 2.0 / 3);
  EXPECT_EQ(p->terms[1].tag, "concealment:truck");
  EXPECT_EQ(p->terms[2].tag, "payment_method:hawala");
  EXPECT_DOUBLE_EQ(p->terms[2].lift, 1.0);
  EXPECT_EQ(p->terms[0].records, (std::vector<std::string>{"m1", "m2"}));
  EXPECT_EQ(ProfileModusOperandi(records, visible, "N9").status().code(), StatusCode::kNotFound);
}

TEST(Changes, SinceADate) {
  // Since 2022-01-01 in N1: actor B (from 2022-02-01) is new, A (2020) not;
  // link A-B ended 2022-03-31; link B-C reported 2022-06-15 is new; the
  // arrest of 2022-07-01; route AFG > PAK first seen 2022-06-01 is new, the
  // long route (from 2021) is not.
  std::vector<Record> records = RouteCase();
  Record a = Person("A", "AFG", {"N1"});
  a.valid.from = PartialDate{2020, 1, 1};
  Record b = Person("B", "PAK", {"N1"});
  b.valid.from = PartialDate{2022, 2, 1};
  Record ab = Link("ab", "associate_of", "A", "B", {"N1"});
  ab.valid = Interval{PartialDate{2021, 1, 1}, PartialDate{2022, 3, 31}};
  Record bc = Link("bc", "associate_of", "B", "C", {"N1"});
  bc.provenance.reported = PartialDate{2022, 6, 15};
  Record arrest = Event("d1", "DisruptionAction", {{"date", "2022-07-01"}, {"action", "arrest"}, {"target", "B"}},
                        {"N1"});
  for (auto* r : {&a, &b, &ab, &bc, &arrest}) records.push_back(*r);
  auto c = NetworkChanges(records, All(), "N1", PartialDate{2022, 1, 1});
  ASSERT_TRUE(c.ok());
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& ch : c->changes) got.push_back({ch.kind, ch.id});
  EXPECT_EQ(got, (std::vector<std::pair<std::string, std::string>>{{"new_actor", "B"},
                                                                    {"ended_link", "ab"},
                                                                    {"new_route", "m7"},
                                                                    {"new_link", "bc"},
                                                                    {"disruption", "d1"}}));
}

// Two sources: a RESTRICTED TLP:AMBER record graded B2 released to AUS and IDN,
// and a CONFIDENTIAL TLP:RED record graded D3 released to IDN and MYS. The
// result must be handled as CONFIDENTIAL, TLP:RED, releasable only to IDN (the
// members both lists name), graded D (weakest reliability) and 3 (weakest
// credibility). A record outside the snapshot does not count.
TEST(Marking, MostRestrictiveHandlingAndWeakestGradeOfTheSnapshot) {
  Record a = Person("a", "AFG"), b = Person("b", "PAK"), outside = Person("z", "IRN");
  a.handling.classification = model::Classification::kRestricted;
  a.handling.tlp = model::Tlp::kAmber;
  a.handling.releasable_to = {"AUS", "IDN"};
  a.provenance.reliability = 'B';
  a.provenance.credibility = 2;
  b.handling.classification = model::Classification::kConfidential;
  b.handling.tlp = model::Tlp::kRed;
  b.handling.releasable_to = {"IDN", "MYS"};
  b.provenance.reliability = 'D';
  b.provenance.credibility = 3;
  outside.handling.classification = model::Classification::kTopSecret;
  outside.provenance.reliability = 'F';
  std::vector<Record> records = {a, b, outside};
  SnapshotOptions options;
  options.visible = [](const Record& r) { return r.id != "z"; };
  auto snap = BuildSnapshot(records, options);
  ASSERT_TRUE(snap.ok());
  Marking m = MarkingOf(**snap, records);
  EXPECT_EQ(m.sources(), 2u);
  EXPECT_EQ(m.handling().classification, model::Classification::kConfidential);
  EXPECT_EQ(m.handling().tlp, model::Tlp::kRed);
  EXPECT_EQ(m.handling().releasable_to, std::vector<std::string>{"IDN"});
  EXPECT_EQ(m.grade().reliability, 'D');
  EXPECT_EQ(m.grade().credibility, 3);
  nlohmann::json j = m.ToJson();
  EXPECT_EQ(j["grade"]["reliability"], "D");
  EXPECT_EQ(j["sources"], 2);
}

// The catalogue view reads entities, links and events in separate passes and
// drops hidden records as it reads; the result must still be every visible
// record in id order, with the reference rule applied whatever the id order
// (here the links' ids sort before the entities they join).
void CheckCatalogueView(store::Store& store) {
  auto shared = [](Record r, std::vector<std::string> releasable) {
    r.provenance = model::Provenance{"AUS", "AFP", "OP-1", PartialDate{2024, 3, 1}, 'B', 2};
    r.handling.releasable_to = std::move(releasable);
    r.handling.review_date = PartialDate{2030, 1, 1};
    return r;
  };
  std::vector<Record> batch = {
      shared(Entity("M-P1", "Person", {{"name", "One"}}), {"ALL_MEMBERS"}),
      shared(Entity("M-P2", "Person", {{"name", "Two"}}), {"ALL_MEMBERS"}),
      shared(Entity("M-P3", "Person", {{"name", "Three"}}), {}),       // AUS only
      shared(Link("A-L1", "associate_of", "M-P1", "M-P2"), {"ALL_MEMBERS"}),
      shared(Link("A-L2", "associate_of", "M-P1", "M-P3"), {"ALL_MEMBERS"}),  // its end is hidden
      shared(Link("Z-L3", "associate_of", "M-P2", "M-P1"), {}),               // hidden itself
  };
  Status put = store.Put(batch);
  ASSERT_TRUE(put.ok()) << put.ToString();
  policy::Principal idn;
  idn.user_id = "u-idn";
  idn.member = "IDN";
  idn.roles = {policy::Role::kAnalyst};
  idn.clearance = policy::Clearance{model::Classification::kSecret, "IDN", {}};
  idn.groups = {"ALL_MEMBERS"};
  policy::PolicyContext context;
  auto view = LoadCatalogueView(store, idn, context, {});
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  std::vector<std::string> ids;
  for (const auto& r : view->records) ids.push_back(r.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"A-L1", "M-P1", "M-P2"}));
  EXPECT_EQ(view->scanned, 6u);
  EXPECT_EQ(view->hidden, 3u);
  EXPECT_EQ(view->snapshot->graph.num_nodes(), 2u);
  ASSERT_EQ(view->snapshot->links.size(), 1u);
  EXPECT_EQ(view->snapshot->links[0].id, "A-L1");
  // The originator's analyst sees everything, still in id order.
  policy::Principal aus = idn;
  aus.user_id = "u-aus";
  aus.member = "AUS";
  aus.clearance = policy::Clearance{model::Classification::kSecret, "AUS", {}};
  auto all = LoadCatalogueView(store, aus, context, {});
  ASSERT_TRUE(all.ok());
  ids.clear();
  for (const auto& r : all->records) ids.push_back(r.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"A-L1", "A-L2", "M-P1", "M-P2", "M-P3", "Z-L3"}));
  EXPECT_EQ(all->snapshot->links.size(), 3u);
}

TEST(CatalogueView, VisibleRecordsInIdOrderWithTheReferenceRule) {
  testing::TempDir dir;
  auto store = store::Store::Open("sqlite:" + dir.File("catalogue.db"));
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  CheckCatalogueView(**store);
}

// The same on PostgreSQL (ids compare byte-wise there too), when a test
// server is given (DISRUPT_TEST_POSTGRES, scripts/pg-test-cluster.sh).
TEST(CatalogueView, VisibleRecordsInIdOrderOnPostgres) {
  const char* base = std::getenv("DISRUPT_TEST_POSTGRES");
  if (base == nullptr || *base == 0) GTEST_SKIP() << "DISRUPT_TEST_POSTGRES not set: no PostgreSQL server";
  std::string uri = std::string(base) + (std::string(base).find('?') == std::string::npos ? "?" : "&") +
                    "schema=analysis_view_" + std::to_string(::getpid());
  struct DropSchema {
    std::string uri;
    ~DropSchema() { (void)store::PostgresStore::DropSchema(uri); }
  } drop{uri};
  auto store = store::Store::Open(uri);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  CheckCatalogueView(**store);
}

}  // namespace
}  // namespace disrupt::analysis
